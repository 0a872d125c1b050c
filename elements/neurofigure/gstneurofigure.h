/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gst/gst.h>
#include <gst/video/video.h>
#include <gst/video/gstvideoaggregator.h>

G_BEGIN_DECLS

#define GST_TYPE_NEURO_FIGURE_PAD (gst_neuro_figure_pad_get_type ())
G_DECLARE_FINAL_TYPE (GstNeuroFigurePad, gst_neuro_figure_pad, GST,
    NEURO_FIGURE_PAD, GstVideoAggregatorPad);

#define GST_TYPE_NEURO_FIGURE (gst_neuro_figure_get_type ())
G_DECLARE_FINAL_TYPE (GstNeuroFigure, gst_neuro_figure, GST, NEURO_FIGURE,
    GstVideoAggregator);

#define GST_TYPE_NEURO_FIGURE_WEIGHT (gst_neuro_figure_weight_get_type ())
GType gst_neuro_figure_weight_get_type (void);

GST_ELEMENT_REGISTER_DECLARE (neurofigure);

G_END_DECLS
