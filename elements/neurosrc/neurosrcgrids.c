/* gst-neuroviz — neurosrc's grid patterns: traveling-wave, spiral,
 * spreading, hotspots.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One F32LE width x height matrix per frame, row-major. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurosrcgen.h"
#include "neurosrcrng.h"

#include <math.h>
#include <string.h>

#define N_HOTSPOTS                 5
/* Turns of the spiral per period: 3 turns in 10 s is ~1.9 rad/s, close to
 * the tutorial's 0.2 rad per frame at 10 frames per second. */
#define SPIRAL_TURNS_PER_PERIOD    3.0

/* row and column factors of the separable patterns */
typedef struct
{
  gdouble *row, *col;
  gdouble centres[N_HOTSPOTS][2];       /* hotspots: row, column */
} Separable;

static void
separable_free (gpointer data)
{
  Separable *s = data;

  g_free (s->row);
  g_free (s->col);
  g_free (s);
}

static Separable *
separable_new (const NeuroSrcParams * p)
{
  Separable *s = g_new0 (Separable, 1);

  s->row = g_new (gdouble, p->height);
  s->col = g_new (gdouble, p->width);
  return s;
}

/* ------------------------------------------------------------------------ */
/* traveling-wave: a Gaussian blob crossing [-3, 3]² left to right once per
 * period */

static gboolean
traveling_wave_setup (NeuroSrcGen * gen, GError ** error)
{
  gen->state = separable_new (&gen->p);
  return TRUE;
}

static gsize
traveling_wave_fill (NeuroSrcGen * gen, const NeuroSrcChunk * chunk,
    gpointer out)
{
  gint w = gen->p.width, h = gen->p.height, i, j;
  NeuroSrcFrameClock c = neuro_src_frame_clock (&gen->p, chunk->index);
  Separable *s = gen->state;
  gdouble p = -3.0 + 6.0 * c.cycle;
  gfloat *o = out;

  /* exp (-((x - p)² + y²) / 0.8) separates into row × column */
  for (j = 0; j < w; j++) {
    gdouble x = w > 1 ? -3.0 + 6.0 * j / (w - 1) : -3.0;
    s->col[j] = exp (-(x - p) * (x - p) / 0.8);
  }
  for (i = 0; i < h; i++) {
    gdouble y = h > 1 ? -3.0 + 6.0 * i / (h - 1) : -3.0;
    s->row[i] = exp (-y * y / 0.8);
  }
  for (i = 0; i < h; i++)
    for (j = 0; j < w; j++)
      neuro_src_store_f32le (o + (gsize) i * w + j, s->row[i] * s->col[j]);
  return (gsize) w * h * sizeof (gfloat);
}

const NeuroSrcGenerator neuro_src_gen_traveling_wave = {
  NEURO_SRC_KIND_FRAME, traveling_wave_setup, separable_free, NULL,
  traveling_wave_fill
};

/* ------------------------------------------------------------------------ */
/* spiral: 0.5 (1 + sin (3 atan2 (y, x) - r + rotation)) on [-2, 2]² */

static gboolean
spiral_setup (NeuroSrcGen * gen, GError ** error)
{
  gint w = gen->p.width, h = gen->p.height, i, j;
  gfloat *phase_map = g_new (gfloat, (gsize) w * h);

  for (i = 0; i < h; i++) {
    gdouble y = h > 1 ? -2.0 + 4.0 * i / (h - 1) : -2;

    for (j = 0; j < w; j++) {
      gdouble x = w > 1 ? -2.0 + 4.0 * j / (w - 1) : -2;

      phase_map[(gsize) i * w + j] = 3.0 * atan2 (y, x) - sqrt (x * x + y * y);
    }
  }
  gen->state = phase_map;
  return TRUE;
}

static gsize
spiral_fill (NeuroSrcGen * gen, const NeuroSrcChunk * chunk, gpointer out)
{
  gsize n = (gsize) gen->p.width * gen->p.height, q;
  NeuroSrcFrameClock c = neuro_src_frame_clock (&gen->p, chunk->index);
  const gfloat *phase_map = gen->state;
  gdouble rot = 2.0 * G_PI * fmod (SPIRAL_TURNS_PER_PERIOD * c.t / c.period,
      1.0);
  gfloat *o = out;

  for (q = 0; q < n; q++)
    neuro_src_store_f32le (o + q, 0.5 * (1.0 + sin (phase_map[q] + rot)));
  return n * sizeof (gfloat);
}

const NeuroSrcGenerator neuro_src_gen_spiral = {
  NEURO_SRC_KIND_FRAME, spiral_setup, g_free, NULL, spiral_fill
};

/* ------------------------------------------------------------------------ */
/* spreading: a disc growing by half a cell per frame from the centre, its
 * value fading as exp (-frames / 20), restarting every period */

static gsize
spreading_fill (NeuroSrcGen * gen, const NeuroSrcChunk * chunk, gpointer out)
{
  gint w = gen->p.width, h = gen->p.height, i, j;
  NeuroSrcFrameClock c = neuro_src_frame_clock (&gen->p, chunk->index);
  /* frames since the last restart, at the negotiated frame rate */
  gdouble f = c.cycle * c.period * c.fps;
  gdouble radius = 0.5 * f;
  gdouble max_r = sqrt ((gdouble) w * w + (gdouble) h * h) / 2.0 + 1.0;
  gdouble value = exp (-f / 20.0);
  gint ci = h / 2, cj = w / 2;
  gfloat *o = out;

  radius = MIN (radius, max_r);
  for (i = 0; i < h; i++) {
    for (j = 0; j < w; j++) {
      gdouble d2 = (gdouble) (i - ci) * (i - ci) +
          (gdouble) (j - cj) * (j - cj);
      neuro_src_store_f32le (o + (gsize) i * w + j,
          d2 <= radius * radius ? value : 0.0);
    }
  }
  return (gsize) w * h * sizeof (gfloat);
}

const NeuroSrcGenerator neuro_src_gen_spreading = {
  NEURO_SRC_KIND_FRAME, NULL, NULL, NULL, spreading_fill
};

/* ------------------------------------------------------------------------ */
/* hotspots: five Gaussians at random places, pulsing out of phase */

static gboolean
hotspots_setup (NeuroSrcGen * gen, GError ** error)
{
  Separable *s = separable_new (&gen->p);
  NeuroRng r;
  gint i;

  /* the tutorial draws randint(10, 40) on a 50-cell grid */
  neuro_rng_init (&r, gen->p.seed, 0, NEURO_RNG_STREAM_HOTSPOTS);
  for (i = 0; i < N_HOTSPOTS; i++) {
    s->centres[i][0] = gen->p.height * (10 + neuro_rng_below (&r, 30)) / 50.0;
    s->centres[i][1] = gen->p.width * (10 + neuro_rng_below (&r, 30)) / 50.0;
  }
  gen->state = s;
  return TRUE;
}

static gsize
hotspots_fill (NeuroSrcGen * gen, const NeuroSrcChunk * chunk, gpointer out)
{
  gint w = gen->p.width, h = gen->p.height, i, j, k;
  NeuroSrcFrameClock c = neuro_src_frame_clock (&gen->p, chunk->index);
  Separable *s = gen->state;
  gdouble scale = MIN (w, h) / 50.0;
  gdouble width2 = 50.0 * scale * scale;
  gfloat *o = out;

  memset (o, 0, (gsize) w * h * sizeof (gfloat));
  for (k = 0; k < N_HOTSPOTS; k++) {
    gdouble cx = s->centres[k][0], cy = s->centres[k][1];
    gdouble intensity = sin (2.0 * G_PI * c.t * c.fps / 20.0 +
        cx / scale / 10.0) * 0.5 + 0.5;

    for (i = 0; i < h; i++)
      s->row[i] = intensity * exp (-(i - cx) * (i - cx) / width2);
    for (j = 0; j < w; j++)
      s->col[j] = exp (-(j - cy) * (j - cy) / width2);
    /* accumulate in native floats, converted once below */
    for (i = 0; i < h; i++)
      for (j = 0; j < w; j++)
        o[(gsize) i * w + j] += (gfloat) (s->row[i] * s->col[j]);
  }
#if G_BYTE_ORDER == G_BIG_ENDIAN
  for (i = 0; i < w * h; i++)
    neuro_src_store_f32le (o + i, o[i]);
#endif
  return (gsize) w * h * sizeof (gfloat);
}

const NeuroSrcGenerator neuro_src_gen_hotspots = {
  NEURO_SRC_KIND_FRAME, hotspots_setup, separable_free, NULL, hotspots_fill
};
