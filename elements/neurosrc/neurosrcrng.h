/* gst-neuroviz — neurosrc's counter-based random numbers.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A generator is seeded from a hash of (seed, index, stream), so the numbers
 * of buffer k never depend on the buffers produced before it: the same
 * buffer comes out whether it is reached by playing or by seeking. */
#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

/* Each use of randomness has its own stream, so that adding one never
 * changes the numbers another one sees.  The values are part of the output:
 * never renumber them. */
typedef enum
{
  NEURO_RNG_STREAM_RATES = 1,
  NEURO_RNG_STREAM_SPIKES,
  NEURO_RNG_STREAM_NOISE,
  NEURO_RNG_STREAM_PHASES,
  NEURO_RNG_STREAM_HOTSPOTS,
  NEURO_RNG_STREAM_CONN_BASE,
  NEURO_RNG_STREAM_CONN_ACTIVITY,
  NEURO_RNG_STREAM_MODULATED_BASE,
} NeuroRngStream;

typedef struct
{
  guint64 s[4];
  gboolean has_spare;
  gdouble spare;
} NeuroRng;

static inline guint64
neuro_rng_mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline guint64
neuro_rng_splitmix64 (guint64 * x)
{
  *x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  return neuro_rng_mix64 (*x);
}

/* the generator of @index (a slice, sample or frame number) in @stream */
static inline void
neuro_rng_init (NeuroRng * r, guint64 seed, guint64 index,
    NeuroRngStream stream)
{
  guint64 x;

  x = neuro_rng_mix64 (seed + G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));
  x = neuro_rng_mix64 (x ^ ((guint64) stream *
          G_GUINT64_CONSTANT (0xd1342543de82ef95)));
  x = neuro_rng_mix64 (x ^ index);
  r->s[0] = neuro_rng_splitmix64 (&x);
  r->s[1] = neuro_rng_splitmix64 (&x);
  r->s[2] = neuro_rng_splitmix64 (&x);
  r->s[3] = neuro_rng_splitmix64 (&x);
  r->has_spare = FALSE;
}

static inline guint64
neuro_rng_rotl64 (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static inline guint64
neuro_rng_next (NeuroRng * r)
{
  guint64 *s = r->s;
  guint64 result = neuro_rng_rotl64 (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = neuro_rng_rotl64 (s[3], 45);
  return result;
}

/* uniform in [0, 1) */
static inline gdouble
neuro_rng_uniform (NeuroRng * r)
{
  return (neuro_rng_next (r) >> 11) * (1.0 / 9007199254740992.0);
}

/* uniform integer in [0, n) without modulo bias worth mentioning */
static inline guint32
neuro_rng_below (NeuroRng * r, guint32 n)
{
  return (guint32) (((neuro_rng_next (r) >> 32) * (guint64) n) >> 32);
}

/* standard normal, Box–Muller; the second value of a pair is kept */
static inline gdouble
neuro_rng_gauss (NeuroRng * r)
{
  gdouble u1, u2, rad;

  if (r->has_spare) {
    r->has_spare = FALSE;
    return r->spare;
  }
  u1 = 1.0 - neuro_rng_uniform (r);
  u2 = neuro_rng_uniform (r);
  rad = sqrt (-2.0 * log (u1));
  r->spare = rad * sin (2.0 * G_PI * u2);
  r->has_spare = TRUE;
  return rad * cos (2.0 * G_PI * u2);
}

/* Poisson counts of mean @lam: Knuth's product of uniforms for small means,
 * Hörmann's transformed rejection (PTRS) otherwise. */
static inline guint64
neuro_rng_poisson (NeuroRng * r, gdouble lam)
{
  gdouble slam, loglam, a, b, invalpha, vr;

  if (!(lam > 0.0))
    return 0;

  if (lam < 10.0) {
    gdouble limit = exp (-lam), p = 1.0;
    guint64 k = 0;

    for (;;) {
      p *= neuro_rng_uniform (r);
      if (p <= limit)
        return k;
      k++;
    }
  }

  slam = sqrt (lam);
  loglam = log (lam);
  b = 0.931 + 2.53 * slam;
  a = -0.059 + 0.02483 * b;
  invalpha = 1.1239 + 1.1328 / (b - 3.4);
  vr = 0.9277 - 3.6224 / (b - 2.0);

  for (;;) {
    gdouble u = neuro_rng_uniform (r) - 0.5;
    gdouble v = neuro_rng_uniform (r);
    gdouble us = 0.5 - fabs (u);
    gdouble k = floor ((2.0 * a / us + b) * u + lam + 0.43);

    if (us >= 0.07 && v <= vr)
      return (guint64) k;
    if (k < 0.0 || (us < 0.013 && v > us))
      continue;
    if (log (v) + log (invalpha) - log (a / (us * us) + b) <=
        -lam + k * loglam - lgamma (k + 1.0))
      return (guint64) k;
  }
}

G_END_DECLS
