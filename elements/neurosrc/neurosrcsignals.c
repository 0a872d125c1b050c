/* gst-neuroviz — neurosrc's signal patterns: membrane, sines, learning.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Interleaved F32LE sample frames.  The noise of each sample frame comes
 * from its own generator, keyed by the sample index, so that any seek,
 * aligned to buffers or not, lands on the same values. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurosrcgen.h"
#include "neurosrcrng.h"

#include <math.h>

/* seconds of sample @idx */
static inline gdouble
sample_time (const NeuroSrcParams * p, guint64 idx)
{
  return (gdouble) idx * p->rate_d / p->rate_n;
}

/* membrane: -70 mV, a 5 mV drift of one turn per period and a 10 mV 1 Hz
 * oscillation, the channels spread in phase, 2 mV of noise */
static gboolean
membrane_setup (NeuroSrcGen * gen, GError ** error)
{
  gint ch = gen->p.channels, i;
  gdouble *spread = g_new (gdouble, ch);

  /* the channels' phases, once: a division per value saved */
  for (i = 0; i < ch; i++)
    spread[i] = 2.0 * G_PI * i / ch;
  gen->state = spread;
  return TRUE;
}

static gsize
membrane_fill (NeuroSrcGen * gen, const NeuroSrcChunk * chunk, gpointer out)
{
  const NeuroSrcParams *p = &gen->p;
  const gdouble *spread = gen->state;
  gdouble period = p->period / (gdouble) GST_SECOND;
  gint ch = p->channels, i;
  gfloat *o = out;
  guint k;

  for (k = 0; k < chunk->n; k++) {
    guint64 idx = chunk->index + k;
    gdouble t = sample_time (p, idx);
    /* 2π t reduced to one turn keeps precision over long streams */
    gdouble turn = 2.0 * G_PI * (t - floor (t));
    gdouble drift = 2.0 * G_PI * fmod (t / period, 1.0);
    NeuroRng r;

    neuro_rng_init (&r, p->seed, idx, NEURO_RNG_STREAM_NOISE);
    for (i = 0; i < ch; i++) {
      gdouble phi = drift + spread[i];

      neuro_src_store_f32le (o++, -70.0 + 5.0 * sin (phi) +
          10.0 * sin (turn + phi) + 2.0 * neuro_rng_gauss (&r));
    }
  }
  return (gsize) chunk->n * ch * sizeof (gfloat);
}

const NeuroSrcGenerator neuro_src_gen_membrane = {
  NEURO_SRC_KIND_SIGNAL, membrane_setup, g_free, NULL, membrane_fill
};

/* sines: channel i at 0.5 (i + 1) Hz, amplitude 1 + 0.2 i, a random phase */
static gboolean
sines_setup (NeuroSrcGen * gen, GError ** error)
{
  gdouble *phases = g_new (gdouble, gen->p.channels);
  NeuroRng r;
  gint i;

  neuro_rng_init (&r, gen->p.seed, 0, NEURO_RNG_STREAM_PHASES);
  for (i = 0; i < gen->p.channels; i++)
    phases[i] = 2.0 * G_PI * neuro_rng_uniform (&r);
  gen->state = phases;
  return TRUE;
}

static gsize
sines_fill (NeuroSrcGen * gen, const NeuroSrcChunk * chunk, gpointer out)
{
  const NeuroSrcParams *p = &gen->p;
  const gdouble *phases = gen->state;
  gint ch = p->channels, i;
  gfloat *o = out;
  guint k;

  for (k = 0; k < chunk->n; k++) {
    guint64 idx = chunk->index + k;
    gdouble t = sample_time (p, idx);
    NeuroRng r;

    neuro_rng_init (&r, p->seed, idx, NEURO_RNG_STREAM_NOISE);
    for (i = 0; i < ch; i++) {
      gdouble f = 0.5 + 0.5 * i;
      gdouble ph = 2.0 * G_PI * fmod (f * t, 1.0) + phases[i];

      neuro_src_store_f32le (o++, sin (ph) * (1.0 + 0.2 * i) +
          0.1 * neuro_rng_gauss (&r));
    }
  }
  return (gsize) chunk->n * ch * sizeof (gfloat);
}

const NeuroSrcGenerator neuro_src_gen_sines = {
  NEURO_SRC_KIND_SIGNAL, sines_setup, g_free, NULL, sines_fill
};

/* learning: accuracy and loss, one sample per epoch */
static gsize
learning_fill (NeuroSrcGen * gen, const NeuroSrcChunk * chunk, gpointer out)
{
  gfloat *o = out;
  guint k;

  for (k = 0; k < chunk->n; k++) {
    guint64 idx = chunk->index + k;
    gdouble epoch = (gdouble) idx;
    NeuroRng r;

    neuro_rng_init (&r, gen->p.seed, idx, NEURO_RNG_STREAM_NOISE);
    neuro_src_store_f32le (o++, 1.0 - exp (-epoch / 20.0) +
        0.02 * neuro_rng_gauss (&r));
    neuro_src_store_f32le (o++, 2.0 * exp (-epoch / 15.0) +
        0.05 * neuro_rng_gauss (&r));
  }
  return (gsize) chunk->n * 2 * sizeof (gfloat);
}

const NeuroSrcGenerator neuro_src_gen_learning = {
  NEURO_SRC_KIND_SIGNAL, NULL, NULL, NULL, learning_fill
};
