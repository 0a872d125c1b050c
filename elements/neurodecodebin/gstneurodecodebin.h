/* gst-neuroviz — neurodecodebin: the project's files as raw video, for
 * decodebin, playbin, gst-play-1.0 and gst-discoverer-1.0.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_NEURO_DECODE_BIN (gst_neuro_decode_bin_get_type ())
G_DECLARE_FINAL_TYPE (GstNeuroDecodeBin, gst_neuro_decode_bin, GST,
    NEURO_DECODE_BIN, GstBin);

struct _GstNeuroDecodeBin
{
  GstBin parent;

  GstPad *sinkpad;

  /* properties (object lock) */
  gdouble default_rate;

  /* set up by the sink pad's task (state lock of the task: the pad's
   * stream lock), torn down at PAUSED->READY */
  GstElement *source;           /* neurofilesrc */
  GstElement *renderer;
  GstPad *srcpad;               /* ghost of the renderer's src pad */
  gint stopping;                /* atomic: stop reading upstream */
};

GST_ELEMENT_REGISTER_DECLARE (neurodecodebin);

G_END_DECLS
