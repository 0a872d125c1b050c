/* gst-neuroviz — neurosrc's connectivity patterns: connectivity and
 * modulated-connectivity.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One F32LE N x N matrix per frame (width = height = N). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurosrcgen.h"
#include "neurosrcrng.h"

#include <math.h>
#include <string.h>

/* STDP-like plasticity of the connectivity pattern */
#define CONN_POTENTIATION          0.01
#define CONN_DEPRESSION            0.005

/* ------------------------------------------------------------------------ */
/* connectivity: a symmetric random matrix in [-1, 1] under plasticity
 * driven by a wave of activity over the units.  The matrix integrates its
 * past, so frame k is frame 0 followed by k steps. */

typedef struct
{
  gfloat *base;                 /* frame 0 */
  gfloat *state;                /* the matrix at @frame */
  gint64 frame;                 /* -1: none yet */
  guint8 *active;               /* scratch: units active in a step */
} Connectivity;

static void
connectivity_free (gpointer data)
{
  Connectivity *c = data;

  g_free (c->base);
  g_free (c->state);
  g_free (c->active);
  g_free (c);
}

static gboolean
connectivity_setup (NeuroSrcGen * gen, GError ** error)
{
  gint n = gen->p.width, i, j;
  Connectivity *c = g_new0 (Connectivity, 1);
  NeuroRng r;

  c->base = g_new0 (gfloat, (gsize) n * n);
  c->state = g_new0 (gfloat, (gsize) n * n);
  c->active = g_malloc (n);
  c->frame = -1;
  neuro_rng_init (&r, gen->p.seed, 0, NEURO_RNG_STREAM_CONN_BASE);
  for (i = 0; i < n; i++) {
    for (j = i + 1; j < n; j++) {
      gfloat w = (gfloat) (2.0 * neuro_rng_uniform (&r) - 1.0);

      c->base[(gsize) i * n + j] = w;
      c->base[(gsize) j * n + i] = w;
    }
  }
  gen->state = c;
  return TRUE;
}

/* one step of plasticity, frame k-1 -> k */
static void
connectivity_step (NeuroSrcGen * gen, Connectivity * c, guint64 k)
{
  const NeuroSrcParams *p = &gen->p;
  gint n = p->width, i, j;
  /* not neuro_src_frame_clock (): this rounding is part of the output */
  gdouble t = p->rate_n ? (gdouble) k * p->rate_d / p->rate_n : 0.0;
  gdouble period = p->period / (gdouble) GST_SECOND;
  gdouble drift = 2.0 * G_PI * fmod (t / period, 1.0);
  guint8 *active = c->active;
  gfloat *w = c->state;
  NeuroRng r;

  /* activity: a wave over the units, each unit active with probability
   * 0.5 + 0.4 sin (2π t / T + 2π i / N) */
  neuro_rng_init (&r, p->seed, k, NEURO_RNG_STREAM_CONN_ACTIVITY);
  for (i = 0; i < n; i++)
    active[i] = neuro_rng_uniform (&r) <
        0.5 + 0.4 * sin (drift + 2.0 * G_PI * i / n);

  for (i = 0; i < n; i++) {
    for (j = i + 1; j < n; j++) {
      gfloat v = w[(gsize) i * n + j];

      if (active[i] && active[j])
        v += CONN_POTENTIATION * (1.0f - v);
      else if (active[i] != active[j])
        v -= CONN_DEPRESSION * (1.0f + v);
      v = CLAMP (v, -1.0f, 1.0f);
      w[(gsize) i * n + j] = v;
      w[(gsize) j * n + i] = v;
    }
  }
}

static gsize
connectivity_fill (NeuroSrcGen * gen, const NeuroSrcChunk * chunk,
    gpointer out)
{
  Connectivity *c = gen->state;
  gsize nn = (gsize) gen->p.width * gen->p.width, i;
  guint64 k = chunk->index;
  gfloat *o = out;

  /* going back: replay from frame 0 */
  if (c->frame < 0 || (guint64) c->frame > k) {
    memcpy (c->state, c->base, nn * sizeof (gfloat));
    c->frame = 0;
  }
  while ((guint64) c->frame < k) {
    c->frame++;
    connectivity_step (gen, c, c->frame);
  }

  for (i = 0; i < nn; i++)
    neuro_src_store_f32le (o + i, c->state[i]);
  return nn * sizeof (gfloat);
}

const NeuroSrcGenerator neuro_src_gen_connectivity = {
  NEURO_SRC_KIND_FRAME, connectivity_setup, connectivity_free, NULL,
  connectivity_fill
};

/* ------------------------------------------------------------------------ */
/* modulated-connectivity: a Gaussian random matrix times a slow gain
 * 1 + 0.5 sin (2π t / T) */

static gboolean
modulated_setup (NeuroSrcGen * gen, GError ** error)
{
  gsize k, nn = (gsize) gen->p.width * gen->p.height;
  gfloat *base = g_new (gfloat, nn);
  NeuroRng r;

  neuro_rng_init (&r, gen->p.seed, 0, NEURO_RNG_STREAM_MODULATED_BASE);
  for (k = 0; k < nn; k++)
    base[k] = (gfloat) neuro_rng_gauss (&r);
  gen->state = base;
  return TRUE;
}

static gsize
modulated_fill (NeuroSrcGen * gen, const NeuroSrcChunk * chunk, gpointer out)
{
  const NeuroSrcParams *p = &gen->p;
  gsize n = (gsize) p->width * p->height, q;
  NeuroSrcFrameClock c = neuro_src_frame_clock (p, chunk->index);
  gdouble gain = 1.0 + 0.5 * sin (2.0 * G_PI * c.cycle);
  const gfloat *base = gen->state;
  gfloat *o = out;

  for (q = 0; q < n; q++)
    neuro_src_store_f32le (o + q, base[q] * gain);
  return n * sizeof (gfloat);
}

const NeuroSrcGenerator neuro_src_gen_modulated_connectivity = {
  NEURO_SRC_KIND_FRAME, modulated_setup, g_free, NULL, modulated_fill
};
