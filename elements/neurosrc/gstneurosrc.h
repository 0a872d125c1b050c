/* gst-neuroviz — neurosrc: synthetic spikes, signals and activity grids.
 * Copyright (C) 2024 gst-neuroviz contributors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/gst.h>
#include <gst/base/gstpushsrc.h>

#include "neurotypes.h"
#include "neurosrcgen.h"

G_BEGIN_DECLS

/**
 * GstNeuroSrcPattern:
 * @GST_NEURO_SRC_PATTERN_POISSON: homogeneous Poisson spike trains
 * @GST_NEURO_SRC_PATTERN_WAVE: spikes of a wave travelling over the units
 * @GST_NEURO_SRC_PATTERN_MEMBRANE: oscillating membrane potentials (mV)
 * @GST_NEURO_SRC_PATTERN_SINES: noisy sines of increasing frequency
 * @GST_NEURO_SRC_PATTERN_LEARNING: accuracy and loss learning curves
 * @GST_NEURO_SRC_PATTERN_TRAVELING_WAVE: Gaussian blob crossing the grid
 * @GST_NEURO_SRC_PATTERN_SPIRAL: rotating three-armed spiral
 * @GST_NEURO_SRC_PATTERN_SPREADING: growing disc of fading activation
 * @GST_NEURO_SRC_PATTERN_HOTSPOTS: five pulsing Gaussian hotspots
 * @GST_NEURO_SRC_PATTERN_CONNECTIVITY: symmetric matrix under STDP-like
 *     plasticity
 * @GST_NEURO_SRC_PATTERN_MODULATED_CONNECTIVITY: random matrix with a slow
 *     gain modulation
 *
 * What #GstNeuroSrc generates; the pattern also selects the media type.
 */
typedef enum
{
  GST_NEURO_SRC_PATTERN_POISSON,
  GST_NEURO_SRC_PATTERN_WAVE,
  GST_NEURO_SRC_PATTERN_MEMBRANE,
  GST_NEURO_SRC_PATTERN_SINES,
  GST_NEURO_SRC_PATTERN_LEARNING,
  GST_NEURO_SRC_PATTERN_TRAVELING_WAVE,
  GST_NEURO_SRC_PATTERN_SPIRAL,
  GST_NEURO_SRC_PATTERN_SPREADING,
  GST_NEURO_SRC_PATTERN_HOTSPOTS,
  GST_NEURO_SRC_PATTERN_CONNECTIVITY,
  GST_NEURO_SRC_PATTERN_MODULATED_CONNECTIVITY,
} GstNeuroSrcPattern;

#define GST_TYPE_NEURO_SRC_PATTERN (gst_neuro_src_pattern_get_type ())
GType gst_neuro_src_pattern_get_type (void);

#define GST_TYPE_NEURO_SRC (gst_neuro_src_get_type ())
G_DECLARE_FINAL_TYPE (GstNeuroSrc, gst_neuro_src, GST, NEURO_SRC, GstPushSrc)

/* Everything the properties configure; copied from props to cfg in start()
 * so that the streaming thread never races with g_object_set(). */
typedef struct
{
  GstNeuroSrcPattern pattern;
  gint units;
  gboolean units_set;
  gint channels;
  gint width;
  gint height;
  gdouble rate;
  GstClockTime period;
  gdouble rate_min;
  gdouble rate_max;
  GstClockTime slice_duration;
  gint samples_per_buffer;
  guint64 seed;
  GstClockTime duration;
} GstNeuroSrcConfig;

struct _GstNeuroSrc
{
  GstPushSrc parent;

  /* properties, protected by the object lock */
  GstNeuroSrcConfig props;

  /* snapshot used while streaming */
  GstNeuroSrcConfig cfg;

  /* negotiated format, and the pattern's generator chosen for it */
  gboolean have_caps;
  NeuroSrcKind kind;
  NeuroSrcParams format;
  gint spb;                     /* signals: samples per buffer */
  NeuroSrcGen gen;
  GstBufferPool *frame_pool;    /* frames: recycled buffers (a 2000-node
                                 * matrix is 16 MB) */

  /* position: buffers are numbered by a counter of slices, samples or
   * frames; next_time is kept so the counter can be rebuilt after a seek
   * that happens before negotiation or after a caps change */
  GstClockTime next_time;
  guint64 counter;
  gboolean counter_valid;
  gboolean remap_ceil;
  GstClockTime stop_time;

  /* reverse playback (rate < 0): chunks of data sent from the segment's
   * stop down to its start, each forward in time as one buffer list and
   * reaching rev_history before its first frame's time */
  gboolean reverse;
  GstClockTime rev_start;       /* the segment's start */
  GstClockTime rev_end;         /* end of the next chunk to send */
  GstClockTime rev_history;     /* "neuroviz-history" of the seek */
};

GST_ELEMENT_REGISTER_DECLARE (neurosrc);

G_END_DECLS
