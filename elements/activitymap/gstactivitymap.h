/* gst-neuroviz — activitymap: 2D frames (activity grids, connectivity
 * matrices) in, an imshow-like heatmap movie (or the frames' value
 * histogram) out.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "gstneurorenderer.h"
#include "neurocolormap.h"

G_BEGIN_DECLS

typedef enum
{
  GST_ACTIVITY_MAP_VIEW_IMAGE,
  GST_ACTIVITY_MAP_VIEW_HISTOGRAM,
} GstActivityMapView;

typedef enum
{
  GST_ACTIVITY_MAP_SCALE_FIXED,
  GST_ACTIVITY_MAP_SCALE_FRAME,
  GST_ACTIVITY_MAP_SCALE_STREAM,
  GST_ACTIVITY_MAP_SCALE_SYMMETRIC,
  GST_ACTIVITY_MAP_SCALE_SYMMETRIC_FRAME,
} GstActivityMapScale;

typedef enum
{
  GST_ACTIVITY_MAP_INTERP_NEAREST,
  GST_ACTIVITY_MAP_INTERP_BILINEAR,
} GstActivityMapInterpolation;

typedef enum
{
  GST_ACTIVITY_MAP_ASPECT_EQUAL,
  GST_ACTIVITY_MAP_ASPECT_AUTO,
} GstActivityMapAspect;

#define GST_TYPE_ACTIVITY_MAP (gst_activity_map_get_type ())
G_DECLARE_FINAL_TYPE (GstActivityMap, gst_activity_map, GST, ACTIVITY_MAP,
    GstNeuroRenderer);

GST_ELEMENT_REGISTER_DECLARE (activitymap);

G_END_DECLS
