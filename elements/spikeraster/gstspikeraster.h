/* gst-neuroviz — spikeraster: spike events in, raster movie out
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "gstneurorenderer.h"
#include "neurocolormap.h"

G_BEGIN_DECLS

typedef enum
{
  GST_SPIKE_RASTER_SCROLL,
  GST_SPIKE_RASTER_SWEEP,
} GstSpikeRasterMode;

typedef enum
{
  GST_SPIKE_RASTER_MARKER_TICK,
  GST_SPIKE_RASTER_MARKER_DOT,
} GstSpikeRasterMarker;

typedef enum
{
  GST_SPIKE_RASTER_COLOR_SINGLE,
  GST_SPIKE_RASTER_COLOR_GROUPS,
  GST_SPIKE_RASTER_COLOR_COLORMAP,
} GstSpikeRasterColorMode;

typedef enum
{
  GST_SPIKE_RASTER_DENSITY_AUTO,
  GST_SPIKE_RASTER_DENSITY_NEVER,
  GST_SPIKE_RASTER_DENSITY_ALWAYS,
} GstSpikeRasterDensity;

/* what the x axes' tick labels count */
typedef enum
{
  GST_SPIKE_RASTER_X_STREAM,
  GST_SPIKE_RASTER_X_WINDOW,
} GstSpikeRasterXAxis;

#define GST_TYPE_SPIKE_RASTER (gst_spike_raster_get_type ())
G_DECLARE_FINAL_TYPE (GstSpikeRaster, gst_spike_raster, GST, SPIKE_RASTER,
    GstNeuroRenderer);

GST_ELEMENT_REGISTER_DECLARE (spikeraster);

G_END_DECLS
