/* gst-neuroviz — the elements' property string parsers: colours, ranges,
 * colour lists and groups.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * On failure the parsers set a GError in NEURO_PARSE_ERROR whose message
 * says which token is wrong and what was expected; the outputs are then
 * left as they were.  GLib and GObject only (the fuzz target links this
 * file alone).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define NEURO_PARSE_ERROR (neuro_parse_error_quark ())
GQuark neuro_parse_error_quark (void);

typedef enum
{
  NEURO_PARSE_ERROR_SYNTAX,
  NEURO_PARSE_ERROR_RANGE,
} NeuroParseError;

/* Colour spellings accepted by every colour property: "#RRGGBB" (opaque),
 * "#AARRGGBB", "0xAARRGGBB" and plain decimal or hex integers (big-endian
 * ARGB); spaces around are ignored. */
gboolean neuro_parse_argb (const gchar * s, guint32 * out, GError ** error);

/* "first-last" (inclusive) or a single "n"; both below @limit.  NULL or ""
 * gives -1, -1 (everything). */
gboolean neuro_parse_range (const gchar * str, guint64 limit, gint64 * first,
    gint64 * last, GError ** error);

/* "c1,c2,..." of colours as neuro_parse_argb(); fills @out (guint32) on
 * success, NULL or "" gives an empty array. */
gboolean neuro_parse_argb_list (const gchar * str, GArray * out,
    GError ** error);

typedef struct
{
  guint32 first, last;
  guint32 argb;
} NeuroColorGroup;

/* "first-last:colour,n:colour,..." (units inclusive, first <= last <=
 * G_MAXUINT32) into an array of NeuroColorGroup; NULL or "" gives none. */
gboolean neuro_parse_groups (const gchar * str, GArray * out,
    GError ** error);

G_END_DECLS
