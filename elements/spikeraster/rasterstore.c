/* gst-neuroviz — spikeraster's window store: sorted spikes, trim, rate bins
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rasterstore.h"

#include <math.h>
#include <string.h>

void
raster_store_init (RasterStore * st)
{
  memset (st, 0, sizeof (*st));
  st->sorted = TRUE;
}

void
raster_store_clear (RasterStore * st)
{
  st->len = 0;
  st->head = 0;
  st->sorted = TRUE;
  st->past_len = 0;
}

void
raster_store_free (RasterStore * st)
{
  g_free (st->spikes);
  g_free (st->past);
  raster_store_init (st);
}

void
raster_store_reserve (RasterStore * st, gsize n)
{
  gsize cap = MAX (st->cap, 16);

  if (st->len + n <= st->cap)
    return;
  while (cap < st->len + n)
    cap *= 2;
  st->spikes = g_renew (NeuroSpike, st->spikes, cap);
  st->cap = cap;
}

static gint
compare_spike_time (gconstpointer a, gconstpointer b, gpointer user_data)
{
  gint64 ta = ((const NeuroSpike *) a)->t, tb = ((const NeuroSpike *) b)->t;

  return ta < tb ? -1 : ta > tb;
}

/* Drops spikes [0, head), keeping the rest at the start of the array. */
static void
compact (RasterStore * st)
{
  memmove (st->spikes, st->spikes + st->head,
      (st->len - st->head) * sizeof (NeuroSpike));
  st->len -= st->head;
  st->head = 0;
}

/* Makes the past bins cover [k0, k1) at least, zeros where new. */
static void
past_cover (RasterStore * st, gint64 k)
{
  gsize need;

  if (st->past_len == 0) {
    st->past_k0 = k;
    need = 1;
  } else if (k < st->past_k0) {
    need = st->past_len + (st->past_k0 - k);
  } else if (k >= st->past_k0 + (gint64) st->past_len) {
    need = k - st->past_k0 + 1;
  } else {
    return;
  }
  if (need > st->past_cap) {
    st->past_cap = MAX (need, 2 * st->past_cap);
    st->past = g_renew (gdouble, st->past, st->past_cap);
  }
  if (k < st->past_k0) {
    /* a late record: only within one kernel radius of the window */
    gsize shift = st->past_k0 - k;

    memmove (st->past + shift, st->past, st->past_len * sizeof (gdouble));
    memset (st->past, 0, shift * sizeof (gdouble));
    st->past_k0 = k;
  } else {
    memset (st->past + st->past_len, 0,
        (need - st->past_len) * sizeof (gdouble));
  }
  st->past_len = need;
}

/* Counts a spike that leaves the window in the past bins; bins before
 * @need_from are of no use any more. */
static void
past_add (RasterStore * st, gint64 t, gdouble bin_ns, gint64 need_from)
{
  gint64 k = (gint64) floor (t / bin_ns);

  if (k < need_from)
    return;
  past_cover (st, k);
  st->past[k - st->past_k0] += 1;
}

void
raster_store_trim (RasterStore * st, gint64 keep_from, gboolean count_past,
    gdouble rate_bin, gint radius)
{
  gsize j;

  /* producers may send records in any order: sort once, then every pass
   * can stop at the window's end */
  if (!st->sorted) {
    compact (st);
    g_qsort_with_data (st->spikes, st->len, sizeof (NeuroSpike),
        compare_spike_time, NULL);
    st->sorted = TRUE;
  }
  /* the rate panel keeps the counts of one smoothing radius of bins */
  if (count_past) {
    gdouble bin_ns = rate_bin * GST_SECOND;
    gint64 need_from = (gint64) ceil (keep_from / bin_ns - 1e-9) - radius;

    if (st->past_bin != rate_bin) {
      st->past_len = 0;
      st->past_bin = rate_bin;
    }
    for (j = st->head; j < st->len && st->spikes[j].t <= keep_from; j++)
      past_add (st, st->spikes[j].t, bin_ns, need_from);
    if (st->past_len > 0 && st->past_k0 < need_from) {
      gsize drop = MIN (st->past_len, (guint64) (need_from - st->past_k0));

      memmove (st->past, st->past + drop,
          (st->past_len - drop) * sizeof (gdouble));
      st->past_len -= drop;
      st->past_k0 += drop;
    }
  } else {
    st->past_len = 0;
  }
  /* forget what no later frame can show; compact now and then */
  for (j = st->head; j < st->len && st->spikes[j].t <= keep_from; j++);
  st->head = j;
  if (st->head > 4096 && st->head > st->len / 2)
    compact (st);
}

const NeuroSpike *
raster_store_window (const RasterStore * st, gint64 t_end, gsize * n)
{
  gsize end;

  for (end = st->len; end > st->head && st->spikes[end - 1].t > t_end; end--);
  *n = end - st->head;
  return st->spikes + st->head;
}

gint
raster_smooth_radius (gdouble sigma)
{
  return sigma > 0 ? (gint) (4.0 * sigma + 0.5) : 0;
}

void
raster_gaussian_smooth (const gdouble * in, gdouble * out, gint n,
    gdouble sigma)
{
  gint radius = raster_smooth_radius (sigma), i, k;
  gdouble *kern, sum = 0;

  if (radius == 0) {
    memcpy (out, in, sizeof (gdouble) * n);
    return;
  }
  kern = g_new (gdouble, 2 * radius + 1);
  for (k = -radius; k <= radius; k++) {
    kern[k + radius] = exp (-0.5 * k * k / (sigma * sigma));
    sum += kern[k + radius];
  }
  for (k = 0; k <= 2 * radius; k++)
    kern[k] /= sum;
  for (i = 0; i < n; i++) {
    gdouble acc = 0;

    for (k = 0; k <= 2 * radius; k++)
      acc += kern[k] * in[i + k];
    out[i] = acc;
  }
  g_free (kern);
}

/* c[k - ka] += the spikes of bin k, for ka <= k < k1: spikes are in time
 * order, so runs are counted per bin, dividing only when a spike leaves
 * the current bin */
static void
count_bins (const NeuroSpike * sp, gsize n, gdouble bin_ns, gint64 ka,
    gint64 k1, gdouble * c)
{
  gint64 cur = G_MININT64, run = 0;
  gdouble lo = 0, hi = -1;
  gsize i;

  for (i = 0; i < n; i++) {
    gint64 t = sp[i].t;

    if (t < lo || t >= hi) {
      if (cur >= ka && cur < k1)
        c[cur - ka] += run;
      cur = (gint64) floor (t / bin_ns);
      lo = cur * bin_ns;
      hi = (cur + 1) * bin_ns;
      run = 0;
    }
    run++;
  }
  if (cur >= ka && cur < k1)
    c[cur - ka] += run;
}

void
raster_rate_compute (RasterRate * rate, const RasterStore * st,
    const NeuroSpike * sp, gsize n, gint64 t_lo, gint64 t_end, gdouble bin,
    gdouble sigma, guint32 n_units)
{
  gint64 k0, k1, nb, k, ka, nt;
  gint radius;
  gdouble *c;

  /* whole bins inside the window, aligned to multiples of the bin width;
   * smoothing bin k needs the bins k +- radius: the past bins give those
   * left of the window, and the newest radius bins are not drawn until the
   * data right of them has come, so every bin drawn has its final value,
   * the one smoothing the whole recording gives */
  k0 = (gint64) ceil (t_lo / (bin * GST_SECOND) - 1e-9);
  k1 = (gint64) floor (t_end / (bin * GST_SECOND) + 1e-9);
  radius = raster_smooth_radius (sigma);
  nb = k1 - k0 - radius;
  if (k1 - k0 > 100000)
    nb = 0;                     /* absurdly fine bins: draw nothing */
  rate->k0 = k0;
  rate->bin = bin;
  rate->maxv = 0;
  rate->nb = MAX (nb, 0);
  if (nb <= 0)
    return;
  ka = k0 - radius;
  nt = nb + 2 * radius;
  if (rate->v_cap < (gsize) nb) {
    g_free (rate->v);
    rate->v = g_new (gdouble, nb);
    rate->v_cap = nb;
  }
  if (rate->tmp_cap < (gsize) nt) {
    g_free (rate->tmp);
    rate->tmp = g_new (gdouble, nt);
    rate->tmp_cap = nt;
  }
  c = rate->tmp;
  memset (c, 0, sizeof (gdouble) * nt);
  if (st->past_bin == bin) {
    for (k = 0; k < (gint64) st->past_len; k++) {
      gint64 kk = st->past_k0 + k - ka;

      if (kk >= 0 && kk < nt)
        c[kk] += st->past[k];
    }
  }
  count_bins (sp, n, bin * GST_SECOND, ka, k1, c);
  for (k = 0; k < nt; k++)
    c[k] /= bin * n_units;
  raster_gaussian_smooth (c, rate->v, nb, sigma);
  for (k = 0; k < nb; k++)
    rate->maxv = MAX (rate->maxv, rate->v[k]);
}

void
raster_rate_free (RasterRate * rate)
{
  g_free (rate->v);
  g_free (rate->tmp);
  memset (rate, 0, sizeof (*rate));
}
