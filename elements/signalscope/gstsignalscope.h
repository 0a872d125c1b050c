/* gst-neuroviz — signalscope: dense multichannel signals in, oscilloscope
 * movie out.  SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "gstneurorenderer.h"
#include "neurocolormap.h"

G_BEGIN_DECLS

typedef enum
{
  GST_SIGNAL_SCOPE_MODE_OSCILLOSCOPE,
  GST_SIGNAL_SCOPE_MODE_STACKED,
  GST_SIGNAL_SCOPE_MODE_HEATMAP,
  GST_SIGNAL_SCOPE_MODE_HISTORY,
  GST_SIGNAL_SCOPE_MODE_BARS,
} GstSignalScopeMode;

typedef enum
{
  GST_SIGNAL_SCOPE_Y_FIXED,
  GST_SIGNAL_SCOPE_Y_WINDOW,
  GST_SIGNAL_SCOPE_Y_STREAM,
} GstSignalScopeYScale;

typedef enum
{
  GST_SIGNAL_SCOPE_X_SECONDS,
  GST_SIGNAL_SCOPE_X_SAMPLES,
} GstSignalScopeXUnit;

/* what the scrolling views' time axis counts (x-axis) */
typedef enum
{
  GST_SIGNAL_SCOPE_X_AXIS_STREAM,
  GST_SIGNAL_SCOPE_X_AXIS_WINDOW,
} GstSignalScopeXAxis;

/* the heatmap's first row, as matplotlib's imshow (origin=...) */
typedef enum
{
  GST_SIGNAL_SCOPE_ORIGIN_UPPER,
  GST_SIGNAL_SCOPE_ORIGIN_LOWER,
} GstSignalScopeOrigin;

#define GST_TYPE_SIGNAL_SCOPE (gst_signal_scope_get_type ())
G_DECLARE_FINAL_TYPE (GstSignalScope, gst_signal_scope, GST, SIGNAL_SCOPE,
    GstNeuroRenderer);

GST_ELEMENT_REGISTER_DECLARE (signalscope);

G_END_DECLS
