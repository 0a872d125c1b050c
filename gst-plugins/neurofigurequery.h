/* gst-neuroviz — the query a renderer sends downstream to learn the figure
 * it is a panel of.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A GST_QUERY_CUSTOM whose structure is named NEURO_FIGURE_QUERY; the
 * neurofigure sink pad that answers it sets "dpi" (gdouble) and the
 * tile's "width" and "height" (gint).  Custom queries are not serialized,
 * so queues and tees between a renderer and its figure pass them on.
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define NEURO_FIGURE_QUERY "neuroviz-figure"

static inline GstQuery *
neuro_figure_query_new (void)
{
  return gst_query_new_custom (GST_QUERY_CUSTOM,
      gst_structure_new_empty (NEURO_FIGURE_QUERY));
}

static inline gboolean
neuro_figure_query_is (GstQuery * query)
{
  return GST_QUERY_TYPE (query) == GST_QUERY_CUSTOM &&
      gst_query_get_structure (query) &&
      gst_structure_has_name (gst_query_get_structure (query),
      NEURO_FIGURE_QUERY);
}

G_END_DECLS
