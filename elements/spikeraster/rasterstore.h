/* gst-neuroviz — spikeraster's window store: sorted spikes, trim, rate bins
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What a sliding window keeps between frames, on plain arrays: the spikes
 * received (in time order once sorted), the index of the first one still in
 * the window, and for the population rate the counts of the bins just left
 * of the window (so that Gaussian smoothing near the left edge sees the data
 * beyond it).  No GObject here: tests/rasterstore.c drives it directly. */
#pragma once

#include <glib.h>
#include "neurotypes.h"

G_BEGIN_DECLS

typedef struct
{
  NeuroSpike *spikes;           /* [0, len), in time order when sorted */
  gsize len, cap;
  gsize head;                   /* spikes before head have left the window */
  gboolean sorted;
  /* rate: spike counts of the bins [past_k0, past_k0 + past_len) from
   * spikes already dropped, at most one smoothing radius of bins */
  gdouble *past;
  gsize past_len, past_cap;
  gint64 past_k0;
  gdouble past_bin;             /* bin width (s) they were counted in */
} RasterStore;

void raster_store_init (RasterStore * st);
/* Forgets every spike and the past counts (flush, seek, stop). */
void raster_store_clear (RasterStore * st);
void raster_store_free (RasterStore * st);

/* Room for @n more spikes, so that raster_store_append () need not grow. */
void raster_store_reserve (RasterStore * st, gsize n);

/* Stores a spike (after raster_store_reserve ()); records arriving out of
 * time order are allowed and sorted by the next raster_store_trim (). */
static inline void
raster_store_append (RasterStore * st, const NeuroSpike * s)
{
  if (st->sorted && st->len > 0 && s->t < st->spikes[st->len - 1].t)
    st->sorted = FALSE;
  st->spikes[st->len++] = *s;
}

/* Sorts the spikes if they arrived out of order (a stable sort: equal times
 * keep their arrival order), then drops the spikes at or before @keep_from.
 * With @count_past, the dropped spikes are first counted into the past bins
 * of width @rate_bin seconds (aligned to multiples of it), keeping the bins
 * from ceil (keep_from / bin) - @radius on; without, the past is emptied. */
void raster_store_trim (RasterStore * st, gint64 keep_from,
    gboolean count_past, gdouble rate_bin, gint radius);

/* The spikes left by the last trim that are at or before @t_end (the
 * window (keep_from, t_end]): returns the first of them and sets @n. */
const NeuroSpike *raster_store_window (const RasterStore * st, gint64 t_end,
    gsize * n);

/* Radius of scipy.ndimage.gaussian_filter1d's kernel (truncate 4.0), in
 * bins, for a sigma of @sigma bins. */
gint raster_smooth_radius (gdouble sigma);

/* out[i] = sum_k kern[k] in[i + radius + k], |k| <= radius, for i < n: the
 * Gaussian filter of scipy's gaussian_filter1d where it needs no boundary
 * mode (@in holds radius more bins on each side). */
void raster_gaussian_smooth (const gdouble * in, gdouble * out, gint n,
    gdouble sigma);

/* The population rate of one window: bins [k0, k0 + nb) of width bin, in
 * Hz per unit, smoothed; the newest radius bins are left out until the data
 * after them has come, so every bin has its final value. */
typedef struct
{
  gint64 k0;
  gint nb;                      /* 0: nothing to draw */
  gdouble bin;                  /* seconds */
  gdouble *v;                   /* nb values */
  gdouble maxv;                 /* largest of them (0 when nb is 0) */
  /* private */
  gsize v_cap;
  gdouble *tmp;
  gsize tmp_cap;
} RasterRate;

/* Bins the store's window spikes @sp[0, n) (the window (t_lo, t_end]) and
 * the past counts, divides by the bin width and @n_units, and smooths with
 * a Gaussian of @sigma bins. */
void raster_rate_compute (RasterRate * rate, const RasterStore * st,
    const NeuroSpike * sp, gsize n, gint64 t_lo, gint64 t_end, gdouble bin,
    gdouble sigma, guint32 n_units);
void raster_rate_free (RasterRate * rate);

G_END_DECLS
