/* gst-neuroviz — neurosrc's generators: one per pattern, one signature.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The element negotiates a format, fills a NeuroSrcParams and picks the
 * pattern's NeuroSrcGenerator once, at set_caps (the videotestsrc model).
 * Generators are plain C on memory: no GStreamer objects, no clock, no
 * buffers.  Their output is a pure function of the parameters and the
 * position, written little-endian as the media types define it. */
#pragma once

#include <gst/gst.h>
#include <math.h>

#include "neurotypes.h"

G_BEGIN_DECLS

typedef enum
{
  NEURO_SRC_KIND_SPIKES,        /* NeuroSpike records of one time slice */
  NEURO_SRC_KIND_SIGNAL,        /* interleaved F32LE sample frames */
  NEURO_SRC_KIND_FRAME,         /* one F32LE width x height matrix */
} NeuroSrcKind;

/* What shapes the data: the negotiated format and the properties.  Times in
 * nanoseconds. */
typedef struct
{
  guint64 seed;
  gint units;                   /* spikes; the N of N x N connectivity */
  gint channels;                /* signals */
  gint width, height;           /* frames */
  gint rate_n, rate_d;          /* signals: sample rate; frames: frame rate
                                 * (rate_n may be 0: a single frame) */
  GstClockTime slice_duration;  /* spikes */
  GstClockTime period;          /* the slow dynamics */
  gdouble rate_min, rate_max;   /* poisson, Hz */
} NeuroSrcParams;

/* One buffer's worth of data: counter values [index, index + n) (slices,
 * sample frames or frames), and for spikes the slice's stream time, @end
 * being the slice's end or the stop that cuts it. */
typedef struct
{
  guint64 index;
  guint n;
  GstClockTime start, end;
} NeuroSrcChunk;

typedef struct _NeuroSrcGen NeuroSrcGen;

/* A generator's one signature: writes @chunk into @out, which holds the
 * bytes neuro_src_gen_size() asked for, and returns the bytes written. */
typedef gsize (*NeuroSrcFillFunc) (NeuroSrcGen * gen,
    const NeuroSrcChunk * chunk, gpointer out);

typedef struct
{
  NeuroSrcKind kind;
  /* builds gen->state from the seed (tables, matrices); NULL if none.  May
   * refuse the parameters with a message for the user. */
  gboolean (*setup) (NeuroSrcGen * gen, GError ** error);
  void (*free_state) (gpointer state);
  /* bytes of output for @chunk; NULL: the kind's fixed size */
  gsize (*size) (NeuroSrcGen * gen, const NeuroSrcChunk * chunk);
  NeuroSrcFillFunc fill;
} NeuroSrcGenerator;

struct _NeuroSrcGen
{
  const NeuroSrcGenerator *klass;
  NeuroSrcParams p;
  gpointer state;
};

/* one per pattern */
extern const NeuroSrcGenerator neuro_src_gen_poisson;
extern const NeuroSrcGenerator neuro_src_gen_wave;
extern const NeuroSrcGenerator neuro_src_gen_membrane;
extern const NeuroSrcGenerator neuro_src_gen_sines;
extern const NeuroSrcGenerator neuro_src_gen_learning;
extern const NeuroSrcGenerator neuro_src_gen_traveling_wave;
extern const NeuroSrcGenerator neuro_src_gen_spiral;
extern const NeuroSrcGenerator neuro_src_gen_spreading;
extern const NeuroSrcGenerator neuro_src_gen_hotspots;
extern const NeuroSrcGenerator neuro_src_gen_connectivity;
extern const NeuroSrcGenerator neuro_src_gen_modulated_connectivity;

gboolean neuro_src_gen_init (NeuroSrcGen * gen,
    const NeuroSrcGenerator * klass, const NeuroSrcParams * params,
    GError ** error);
void neuro_src_gen_clear (NeuroSrcGen * gen);
gsize neuro_src_gen_size (NeuroSrcGen * gen, const NeuroSrcChunk * chunk);

static inline gsize
neuro_src_gen_fill (NeuroSrcGen * gen, const NeuroSrcChunk * chunk,
    gpointer out)
{
  return gen->klass->fill (gen, chunk, out);
}

/* The time of frame @k: the frame rate (0 if none: a single frame at
 * t = 0), the time and the period in seconds, the position within the
 * period in [0, 1). */
typedef struct
{
  gdouble fps, t, period, cycle;
} NeuroSrcFrameClock;

static inline NeuroSrcFrameClock
neuro_src_frame_clock (const NeuroSrcParams * p, guint64 k)
{
  NeuroSrcFrameClock c;

  c.period = p->period / (gdouble) GST_SECOND;
  c.fps = p->rate_n ? (gdouble) p->rate_n / p->rate_d : 0.0;
  c.t = c.fps > 0 ? k / c.fps : 0.0;
  c.cycle = fmod (c.t / c.period, 1.0);
  return c;
}

/* live: moves the times of @n spike records by @shift */
void neuro_src_spikes_shift (NeuroSpike * spikes, gsize n, gint64 shift);

/* a float stored little-endian, as the media types carry them */
static inline void
neuro_src_store_f32le (gfloat * dst, gdouble v)
{
#if G_BYTE_ORDER == G_BIG_ENDIAN
  union
  {
    gfloat f;
    guint32 u;
  } x;
  x.f = (gfloat) v;
  x.u = GUINT32_TO_LE (x.u);
  *dst = x.f;
#else
  *dst = (gfloat) v;
#endif
}

G_END_DECLS
