/* gst-neuroviz — neurosrc's spike patterns: poisson and wave.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A slice holds a Poisson number of candidate spikes, the first draw of the
 * slice's own random stream, at sorted uniform times.  poisson gives each a
 * unit drawn by its rate; wave thins a 20 Hz process per unit down to
 * 10 (1 + sin (2π t / T + 2π u / N)). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurosrcgen.h"
#include "neurosrcrng.h"

#include <math.h>

/* Larger slices than this many expected spikes would allocate gigabytes. */
#define MAX_SPIKES_PER_SLICE       (64 * 1024 * 1024)
#define WAVE_MAX_RATE              20.0

typedef struct
{
  gdouble total_rate;           /* candidate spikes per second */
  gdouble *scratch;             /* spike time spacings */
  gsize scratch_len;
  /* poisson */
  gdouble *cum_rates;           /* cumulative per-unit rates */
  guint32 *guide;               /* guide table into cum_rates */
} NeuroSrcSpikes;

static void
spikes_free (gpointer data)
{
  NeuroSrcSpikes *s = data;

  g_free (s->scratch);
  g_free (s->cum_rates);
  g_free (s->guide);
  g_free (s);
}

/* refuses slices that would hold more than MAX_SPIKES_PER_SLICE at @rate Hz
 * per unit */
static gboolean
spikes_check (const NeuroSrcParams * p, gdouble rate, GError ** error)
{
  gdouble per_slice = rate * p->units * p->slice_duration /
      (gdouble) GST_SECOND;

  if (per_slice > MAX_SPIKES_PER_SLICE) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "Too many spikes per buffer for units=%d: about %.0f, at most %d. "
        "Reduce slice-duration (now %" GST_TIME_FORMAT "), units or "
        "rate-max.", p->units, per_slice, MAX_SPIKES_PER_SLICE,
        GST_TIME_ARGS (p->slice_duration));
    return FALSE;
  }
  return TRUE;
}

static gdouble *
spikes_scratch (NeuroSrcSpikes * s, gsize n)
{
  if (n > s->scratch_len) {
    g_free (s->scratch);
    s->scratch_len = MAX (n, 2 * s->scratch_len);
    s->scratch = g_new (gdouble, s->scratch_len);
  }
  return s->scratch;
}

/* The slice's generator, after its first draw: the number of candidates. */
static guint64
spikes_count (NeuroSrcGen * gen, const NeuroSrcChunk * chunk, NeuroRng * r)
{
  NeuroSrcSpikes *s = gen->state;
  gdouble dt = gen->p.slice_duration / (gdouble) GST_SECOND;

  neuro_rng_init (r, gen->p.seed, chunk->index, NEURO_RNG_STREAM_SPIKES);
  return neuro_rng_poisson (r, s->total_rate * dt);
}

static gsize
spikes_size (NeuroSrcGen * gen, const NeuroSrcChunk * chunk)
{
  NeuroRng r;

  return spikes_count (gen, chunk, &r) * sizeof (NeuroSpike);
}

/* Sorted uniform times for m events in a slice, from normalised sums of
 * exponential spacings: the order statistics of m uniforms without a sort.
 * Returns fractions in (0, 1). */
static const gdouble *
spikes_sorted_fractions (NeuroSrcSpikes * s, NeuroRng * r, guint64 m)
{
  gdouble *e = spikes_scratch (s, m + 1);
  gdouble acc = 0.0, inv;
  guint64 i;

  for (i = 0; i <= m; i++) {
    acc += -log (1.0 - neuro_rng_uniform (r));
    e[i] = acc;
  }
  inv = 1.0 / acc;
  for (i = 0; i < m; i++)
    e[i] *= inv;
  return e;
}

static inline void
spike_store (NeuroSpike * out, GstClockTime t, guint32 unit)
{
  out->t = GINT64_TO_LE ((gint64) t);
  out->unit = GUINT32_TO_LE (unit);
  out->value = 1.0f;
#if G_BYTE_ORDER == G_BIG_ENDIAN
  {
    union
    {
      gfloat f;
      guint32 u;
    } v;
    v.f = 1.0f;
    v.u = GUINT32_TO_LE (v.u);
    out->value = v.f;
  }
#endif
}

void
neuro_src_spikes_shift (NeuroSpike * spikes, gsize n, gint64 shift)
{
  gsize i;

  for (i = 0; i < n; i++)
    spikes[i].t = GINT64_TO_LE (GINT64_FROM_LE (spikes[i].t) + shift);
}

/* ------------------------------------------------------------------------ */
/* poisson: homogeneous trains, rates uniform in [rate-min, rate-max] */

static gboolean
poisson_setup (NeuroSrcGen * gen, GError ** error)
{
  const NeuroSrcParams *p = &gen->p;
  NeuroSrcSpikes *s;
  gint n = p->units, i, j;
  gdouble acc = 0.0;
  NeuroRng r;

  if (!spikes_check (p, p->rate_max, error))
    return FALSE;

  s = gen->state = g_new0 (NeuroSrcSpikes, 1);
  s->cum_rates = g_new (gdouble, n);
  neuro_rng_init (&r, p->seed, 0, NEURO_RNG_STREAM_RATES);
  for (i = 0; i < n; i++) {
    acc += p->rate_min + (p->rate_max - p->rate_min) * neuro_rng_uniform (&r);
    s->cum_rates[i] = acc;
  }
  s->total_rate = acc;

  /* guide[j] is the first unit whose cumulative rate passes j/n of the
   * total, so the binary search only looks at a few entries */
  s->guide = g_new (guint32, n + 1);
  i = 0;
  for (j = 0; j < n; j++) {
    gdouble x = acc * j / n;

    while (i < n - 1 && s->cum_rates[i] <= x)
      i++;
    s->guide[j] = i;
  }
  s->guide[n] = n - 1;
  return TRUE;
}

/* the unit of a spike, from a uniform @u: the first unit whose cumulative
 * rate passes u times the total */
static inline guint32
poisson_pick_unit (const gdouble * cum_rates, const guint32 * guide,
    gdouble total_rate, gint n, gdouble u)
{
  gdouble x = u * total_rate;
  gint64 j = (gint64) (u * n);
  guint32 lo, hi;

  if (j >= n)
    j = n - 1;
  lo = guide[j];
  hi = guide[j + 1];
  /* first unit with cum_rates[unit] > x, within [lo, hi] */
  while (lo < hi) {
    guint32 mid = lo + (hi - lo) / 2;

    if (cum_rates[mid] > x)
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

static gsize
poisson_fill (NeuroSrcGen * gen, const NeuroSrcChunk * chunk, gpointer out)
{
  NeuroSrcSpikes *s = gen->state;
  /* locals: the stores of spike records could alias the parameters */
  const gdouble *cum_rates = s->cum_rates;
  const guint32 *guide = s->guide;
  const gdouble total_rate = s->total_rate;
  const gint units = gen->p.units;
  const GstClockTime slice = gen->p.slice_duration;
  const GstClockTime start = chunk->start, end = chunk->end;
  NeuroSpike *spikes = out;
  const gdouble *frac;
  NeuroRng r;
  guint64 m, i;
  gsize count = 0;

  m = spikes_count (gen, chunk, &r);
  frac = spikes_sorted_fractions (s, &r, m);
  for (i = 0; i < m; i++) {
    GstClockTime t = start + (GstClockTime) (frac[i] * slice);

    /* beyond the stop the slice is cut, its spikes unchanged */
    if (t >= end)
      break;
    spike_store (&spikes[count++], t, poisson_pick_unit (cum_rates, guide,
            total_rate, units, neuro_rng_uniform (&r)));
  }
  return count * sizeof (NeuroSpike);
}

const NeuroSrcGenerator neuro_src_gen_poisson = {
  NEURO_SRC_KIND_SPIKES, poisson_setup, spikes_free, spikes_size,
  poisson_fill
};

/* ------------------------------------------------------------------------ */
/* wave: activity travelling over the units */

static gboolean
wave_setup (NeuroSrcGen * gen, GError ** error)
{
  NeuroSrcSpikes *s;

  if (!spikes_check (&gen->p, WAVE_MAX_RATE, error))
    return FALSE;
  s = gen->state = g_new0 (NeuroSrcSpikes, 1);
  s->total_rate = WAVE_MAX_RATE * gen->p.units;
  return TRUE;
}

static gsize
wave_fill (NeuroSrcGen * gen, const NeuroSrcChunk * chunk, gpointer out)
{
  NeuroSrcSpikes *s = gen->state;
  /* locals: the stores of spike records could alias the parameters */
  const gdouble period = gen->p.period / (gdouble) GST_SECOND;
  const gint units = gen->p.units;
  const GstClockTime slice = gen->p.slice_duration;
  const GstClockTime start = chunk->start, end = chunk->end;
  NeuroSpike *spikes = out;
  const gdouble *frac;
  NeuroRng r;
  guint64 m, i;
  gsize count = 0;

  m = spikes_count (gen, chunk, &r);
  frac = spikes_sorted_fractions (s, &r, m);
  for (i = 0; i < m; i++) {
    GstClockTime t = start + (GstClockTime) (frac[i] * slice);
    gdouble ts, rate;
    guint32 unit;

    if (t >= end)
      break;
    /* thinning of a 20 Hz process */
    ts = t / (gdouble) GST_SECOND;
    unit = neuro_rng_below (&r, units);
    rate = 10.0 * (1.0 + sin (2.0 * G_PI * ts / period +
            2.0 * G_PI * unit / units));
    if (neuro_rng_uniform (&r) * WAVE_MAX_RATE >= rate)
      continue;
    spike_store (&spikes[count++], t, unit);
  }
  return count * sizeof (NeuroSpike);
}

const NeuroSrcGenerator neuro_src_gen_wave = {
  NEURO_SRC_KIND_SPIKES, wave_setup, spikes_free, spikes_size, wave_fill
};
