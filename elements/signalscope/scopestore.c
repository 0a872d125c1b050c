/* gst-neuroviz — signalscope's store: what the window keeps.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "scopestore.h"
#include "neurotrace.h"

#include <stdlib.h>
#include <string.h>
#ifdef G_OS_UNIX
#include <sys/mman.h>
#endif

/* The ring and the column cache of thousands of channels: every channel's
 * row is in a page of its own, and a frame touches each row, so with 4 KiB
 * pages the TLB misses on every one.  Large blocks are aligned to 2 MiB
 * and asked for as huge pages (where the kernel has them on request).
 * NULL when out of memory; freed with g_free (). */
static gpointer
big_try_alloc (gsize bytes)
{
  const gsize huge = 2 << 20;
  gpointer p = NULL;

  if (bytes < 2 * huge)
    return g_try_malloc (bytes);
#if defined(MADV_HUGEPAGE)
  if (posix_memalign (&p, huge, bytes) != 0)
    return NULL;
  madvise (p, bytes, MADV_HUGEPAGE);
  return p;
#else
  return g_try_malloc (bytes);
#endif
}

static void
hist_free (ScopeHist * h)
{
  g_free (h->lo);
  memset (h, 0, sizeof (*h));
}

static void
columns_free (ScopeColumns * c)
{
  g_clear_pointer (&c->lo, g_free);
  g_clear_pointer (&c->px, g_free);
  g_clear_pointer (&c->colof, g_free);
  g_clear_pointer (&c->slo, g_free);
  c->shi = NULL;
  c->hi = NULL;
  c->valid = FALSE;
  c->pw = c->rows = 0;
}

void
scope_store_init (ScopeStore * st)
{
  memset (st, 0, sizeof (*st));
  st->sel_first = st->sel_last = -2;
}

void
scope_store_clear (ScopeStore * st)
{
  g_clear_pointer (&st->ring, g_free);
  g_clear_pointer (&st->shown, g_free);
  g_clear_pointer (&st->smin, g_free);
  st->smax = NULL;
  st->cap = 0;
  st->n_shown = 0;
  columns_free (&st->cols);
  hist_free (&st->hist);
}

gboolean
scope_store_set_format (ScopeStore * st, gint channels, gdouble rate)
{
  gboolean changed = channels != st->channels || rate != st->rate;

  if (changed) {
    scope_store_clear (st);
    st->sel_first = st->sel_last = -2;
    st->have_base = FALSE;
    st->next_idx = 0;
  }
  st->channels = channels;
  st->rate = rate;
  return changed;
}

void
scope_store_reset (ScopeStore * st)
{
  scope_store_clear (st);
  st->sel_first = st->sel_last = -2;
  st->have_base = FALSE;
  st->next_idx = 0;
  st->max_buf = 0;
  st->generation++;
}

ScopeSelect
scope_store_select (ScopeStore * st, gint64 first, gint64 last, guint stride)
{
  ScopeSelect ret = SCOPE_SELECT_NEW;
  guint k;

  if (first < 0) {
    first = 0;
    last = st->channels - 1;
  }
  if (first == st->sel_first && last == st->sel_last
      && stride == st->sel_stride && st->shown)
    return SCOPE_SELECT_SAME;
  if (first >= st->channels)
    return SCOPE_SELECT_OUTSIDE;
  if (last >= st->channels)
    ret = SCOPE_SELECT_CLIPPED;
  scope_store_clear (st);
  st->sel_first = first;
  st->sel_last = last;
  st->sel_stride = stride;
  last = MIN (last, st->channels - 1);
  st->n_shown = (guint) ((last - first) / stride + 1);
  st->shown = g_new (guint, st->n_shown);
  for (k = 0; k < st->n_shown; k++)
    st->shown[k] = (guint) (first + (gint64) k * stride);
  st->smin = g_new (gfloat, 2 * st->n_shown);
  st->smax = st->smin + st->n_shown;
  for (k = 0; k < st->n_shown; k++) {
    st->smin[k] = INFINITY;
    st->smax[k] = -INFINITY;
  }
  /* the new ring starts empty where the old one ended */
  st->ring_start = st->next_idx;
  st->generation++;
  return ret;
}

ScopeRingStatus
scope_store_ensure_ring (ScopeStore * st, gdouble window, gsize n,
    gdouble * bytes_out)
{
  gdouble want;
  gint64 need, cap = 64, k, j, from;
  gsize cells, bytes;
  gfloat *ring;

  st->max_buf = MAX (st->max_buf, (guint) MIN (n, G_MAXINT));
  /* sized in double first: window x rate must not overflow the integer
   * sizes below, whatever the caps say */
  want = ceil (window * st->rate) + (gdouble) st->max_buf + 8;

  if (!(want * st->n_shown * sizeof (gfloat) <= (gdouble) SCOPE_MAX_RING_BYTES)) {
    *bytes_out = want * st->n_shown * 4;
    return SCOPE_RING_TOO_BIG;
  }
  need = (gint64) want;
  if (need <= st->cap)
    return SCOPE_RING_OK;
  while (cap < need)
    cap <<= 1;
  if (!g_size_checked_mul (&cells, (gsize) cap, st->n_shown)
      || !g_size_checked_mul (&bytes, cells, sizeof (gfloat))
      || bytes > SCOPE_MAX_RING_BYTES) {
    *bytes_out = (gdouble) cap * st->n_shown * 4;
    return SCOPE_RING_TOO_BIG;
  }
  ring = big_try_alloc (bytes);
  if (ring == NULL) {
    *bytes_out = (gdouble) bytes;
    return SCOPE_RING_NO_MEMORY;
  }
  for (j = 0; j < (gint64) cells; j++)
    ring[j] = NAN;
  from = MAX (st->ring_start, st->next_idx - st->cap);
  if (st->ring) {
    for (k = 0; k < st->n_shown; k++)
      for (j = from; j < st->next_idx; j++)
        ring[k * cap + (j & (cap - 1))] =
            st->ring[k * st->cap + (j & (st->cap - 1))];
  }
  g_free (st->ring);
  st->ring = ring;
  st->cap = cap;
  st->ring_start = from;
  return SCOPE_RING_OK;
}

/* --------------------------------------------------------------- history */

static void
hist_start (ScopeHist * h, guint n, gint64 first_idx)
{
  gsize per = 4 * sizeof (gfloat);
  guint maxbins = 4096;

  hist_free (h);
  while (maxbins > 64 && (gsize) maxbins * n * per > SCOPE_HIST_MAX_BYTES)
    maxbins >>= 1;
  h->started = TRUE;
  h->n = n;
  h->maxbins = maxbins;
  h->bs = 1;
  h->first_idx = h->fed = first_idx;
  h->lo = g_new (gfloat, (gsize) 4 * maxbins * n);
  h->hi = h->lo + (gsize) maxbins * n;
  h->first = h->hi + (gsize) maxbins * n;
  h->last = h->first + (gsize) maxbins * n;
}

/* Halves the resolution: bins 2i and 2i+1 become bin i. */
static void
hist_merge (ScopeHist * h)
{
  guint k, i, nb = (h->nbins + 1) / 2;

  for (k = 0; k < h->n; k++) {
    gsize o = (gsize) k * h->maxbins;

    for (i = 0; i < nb; i++) {
      guint a = 2 * i, b = MIN (2 * i + 1, h->nbins - 1);
      gfloat lo = h->lo[o + a], hi = h->hi[o + a];

      if (h->lo[o + b] < lo || isnan (lo))
        lo = h->lo[o + b];
      if (h->hi[o + b] > hi || isnan (hi))
        hi = h->hi[o + b];
      h->first[o + i] = h->first[o + a];
      h->last[o + i] = h->last[o + b];
      h->lo[o + i] = lo;
      h->hi[o + i] = hi;
    }
  }
  h->nbins = nb;
  h->bs *= 2;
}

void
scope_store_feed_history (ScopeStore * st, gint64 until)
{
  ScopeHist *h = &st->hist;
  gint64 j, mask = st->cap - 1;
  guint k;

  if (!h->started || h->n != st->n_shown)
    hist_start (h, st->n_shown, MAX (st->ring_start, st->next_idx - st->cap));
  if (h->fed < st->next_idx - st->cap)
    h->fed = st->next_idx - st->cap;    /* lost: leave a gap */
  for (j = h->fed; j <= until && j < st->next_idx; j++) {
    gint64 rel = j - h->first_idx;
    guint b = (guint) (rel / h->bs);
    gboolean fresh;

    if (b >= h->maxbins) {
      hist_merge (h);
      b = (guint) (rel / h->bs);
    }
    fresh = b >= h->nbins;
    if (fresh)
      h->nbins = b + 1;
    for (k = 0; k < h->n; k++) {
      gsize o = (gsize) k * h->maxbins + b;
      gfloat v = st->ring[k * st->cap + (j & mask)];

      if (fresh) {
        h->lo[o] = h->hi[o] = h->first[o] = v;
      } else {
        if (v < h->lo[o] || isnan (h->lo[o]))
          h->lo[o] = v;
        if (v > h->hi[o] || isnan (h->hi[o]))
          h->hi[o] = v;
      }
      h->last[o] = v;
    }
  }
  h->fed = MAX (h->fed, MIN (until + 1, st->next_idx));
}

/* ------------------------------------------------------------ the ring */

static void
fill_nan (ScopeStore * st, gint64 from, gint64 to)
{
  gint64 j, mask = st->cap - 1;
  guint k;

  from = MAX (from, to - st->cap);
  for (k = 0; k < st->n_shown; k++)
    for (j = from; j < to; j++)
      st->ring[k * st->cap + (j & mask)] = NAN;
}

/* Puts a buffer of @n samples at @pts on the sample timeline. */
static void
place (ScopeStore * st, guint64 pts, gsize n, gboolean history)
{
  gint64 cap = st->cap;

  if (!st->have_base) {
    st->have_base = TRUE;
    st->base_pts = pts != SCOPE_TIME_NONE ? pts : 0;
    st->base_idx = st->next_idx;
    st->ring_start = st->next_idx;
    st->generation++;
  } else if (pts != SCOPE_TIME_NONE) {
    gint64 e = st->base_idx + (gint64) llround (((gdouble) pts -
            (gdouble) st->base_pts) * st->rate / SCOPE_SECOND);

    if (e > st->next_idx + 1) {
      /* a hole in the data: it stays empty */
      if (history)
        scope_store_feed_history (st, e - cap - 1);
      fill_nan (st, st->next_idx, e);
      st->next_idx = e;
    } else if (e < st->next_idx - 1) {
      /* back in time without a flush: start a new timeline */
      fill_nan (st, st->next_idx - cap, st->next_idx);
      st->base_pts = pts;
      st->base_idx = st->next_idx;
      st->ring_start = st->next_idx;
      st->generation++;
      hist_free (&st->hist);
    }
  }
  if (history && st->hist.started)
    scope_store_feed_history (st, st->next_idx + (gint64) n - cap - 1);
}

/* one stream value, host order */
static inline gfloat
value_le (const gfloat * p)
{
#if G_BYTE_ORDER == G_BIG_ENDIAN
  union
  {
    gfloat f;
    guint32 u;
  } u;
  u.f = *p;
  u.u = GUINT32_FROM_LE (u.u);
  return u.f;
#else
  return *p;
#endif
}

/* samples per block of the transposition: a block of the interleaved
 * input stays in cache while every shown channel takes its part */
#define PUSH_BLOCK 64

/* samples [i0, i1) of shown channel k, plain C */
static void
push_channel (ScopeStore * st, const gfloat * in, guint C, guint k,
    gsize i0, gsize i1, gboolean * bad)
{
  const gfloat *src = in + st->shown[k];
  gfloat *dst = st->ring + k * st->cap;
  gfloat lo = st->smin[k], hi = st->smax[k];
  gint64 mask = st->cap - 1;
  gsize i;

  for (i = i0; i < i1; i++) {
    gfloat v = value_le (src + i * C);

    /* v - v is 0 for finite v, NaN for NaN and infinities */
    if (G_UNLIKELY (v - v != 0.0f)) {
      *bad = TRUE;
      v = NAN;
    }
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
    dst[(st->next_idx + (gint64) i) & mask] = v;
  }
  st->smin[k] = lo;
  st->smax[k] = hi;
}

/* the first infinity of channel k in [i0, i1) into *inf_* when earlier */
static void
find_inf (ScopeStore * st, const gfloat * in, guint C, guint k, gsize i0,
    gsize i1, guint * inf_channel, gint64 * inf_idx)
{
  gsize i;

  for (i = i0; i < i1; i++) {
    gint64 idx = st->next_idx + (gint64) i;

    if (isinf (value_le (in + i * C + st->shown[k])) && (*inf_idx < 0
            || idx < *inf_idx)) {
      *inf_channel = st->shown[k];
      *inf_idx = idx;
      return;
    }
  }
}

void
scope_store_push (ScopeStore * st, const gfloat * in, gsize n, guint64 pts,
    gboolean history, guint * inf_channel, gint64 * inf_idx)
{
  guint k, C = st->channels;
  gsize i0;

  *inf_idx = -1;
  if (n == 0)
    return;
  place (st, pts, n, history);
  /* (an AVX2 8 x 8 transposition was no faster: the ring's stores miss
   * the cache either way) */
  for (i0 = 0; i0 < n; i0 += PUSH_BLOCK) {
    gsize i1 = MIN (n, i0 + PUSH_BLOCK);

    for (k = 0; k < st->n_shown; k++) {
      gboolean bad = FALSE;

      push_channel (st, in, C, k, i0, i1, &bad);
      if (G_UNLIKELY (bad))
        find_inf (st, in, C, k, i0, i1, inf_channel, inf_idx);
    }
  }
  st->next_idx += n;
}

gdouble
scope_store_sample_time (const ScopeStore * st, gint64 idx)
{
  return (st->base_pts + (idx - st->base_idx) * SCOPE_SECOND / st->rate) /
      (gdouble) SCOPE_SECOND;
}

gint64
scope_store_sample_at (const ScopeStore * st, gint64 t)
{
  return st->base_idx + (gint64) floor (((gdouble) t -
          (gdouble) st->base_pts) * st->rate / SCOPE_SECOND + 1e-6);
}

/* -------------------------------------------------------------- series */

void
scope_store_ring_series (const ScopeStore * st, const ScopeTimeline * tl,
    guint k, ScopeSeries * s)
{
  s->lo = s->hi = s->first = s->last = st->ring + (gsize) k * st->cap;
  s->mask = st->cap - 1;
  s->size = st->cap;
  s->jmin = tl->jmin;
  s->jmax = tl->jend;
}

void
scope_store_history_series (const ScopeStore * st, guint k, ScopeSeries * s)
{
  const ScopeHist *h = &st->hist;
  gsize o = (gsize) k * h->maxbins;

  s->lo = h->lo + o;
  s->hi = h->hi + o;
  s->first = h->first + o;
  s->last = h->last + o;
  s->mask = G_MAXINT64;
  s->size = G_MAXINT64;
  s->jmin = 0;
  s->jmax = (gint64) h->nbins - 1;
}

gboolean
scope_series_envelope (const ScopeSeries * s, gdouble fa, gdouble fb,
    gfloat * lo_out, gfloat * hi_out)
{
  gint64 ja = (gint64) ceil (fa), jb = (gint64) ceil (fb) - 1;
  gint64 a = MAX (ja, s->jmin), b = MIN (jb, s->jmax), j;
  gfloat lo = INFINITY, hi = -INFINITY;

  if (a <= b) {
    if (s->lo == s->hi) {
      while (a <= b) {
        gint64 p = a & s->mask;
        gint64 len = MIN (b - a + 1, s->size - p);

        scope_minmax_f32 (s->lo + p, len, &lo, &hi);
        a += len;
      }
    } else {
      for (j = a; j <= b; j++) {
        gfloat l = s->lo[j & s->mask], h = s->hi[j & s->mask];
        lo = l < lo ? l : lo;
        hi = h > hi ? h : hi;
      }
    }
  }
  if (fa != (gdouble) ja && ja - 1 >= s->jmin && ja <= s->jmax) {
    gfloat v0 = s->last[(ja - 1) & s->mask], v1 = s->first[ja & s->mask];

    if (!isnan (v0) && !isnan (v1)) {
      gfloat v = v0 + (gfloat) (fa - (ja - 1)) * (v1 - v0);
      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }
  }
  if (jb >= s->jmin && jb + 1 <= s->jmax) {
    gfloat v0 = s->last[jb & s->mask], v1 = s->first[(jb + 1) & s->mask];

    if (!isnan (v0) && !isnan (v1)) {
      gfloat v = v0 + (gfloat) (fb - jb) * (v1 - v0);
      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }
  }
  if (!(lo <= hi))
    return FALSE;
  *lo_out = lo;
  *hi_out = hi;
  return TRUE;
}

/* ------------------------------------------------------------- columns */

/* Sizes the cache for @rows x @pw cells and forgets what it held when the
 * geometry, the timeline or the view changed.  FALSE when too big. */
static gboolean
columns_fit (ScopeStore * st, const ScopeTimeline * tl, gint pw,
    gint64 c_end, gboolean heat, guint rows, gdouble * bytes_out)
{
  ScopeColumns *cc = &st->cols;
  /* rows x columns come from the caps (channels) and the output width */
  guint64 bytes = (guint64) rows * pw * (heat ? 12 : 8);

  if (cc->valid && cc->pw == pw && cc->rows == (gint) rows
      && cc->colns == tl->colns && cc->offset == tl->offset
      && cc->gen == st->generation && cc->heat == heat
      && c_end + 1 >= cc->done)
    return TRUE;
  columns_free (cc);
  if (bytes <= SCOPE_MAX_CACHE_BYTES) {
    cc->lo = big_try_alloc ((gsize) 2 * rows * pw * sizeof (gfloat));
    cc->px = heat ? g_try_new (guint32, (gsize) rows * pw) : NULL;
  }
  if (cc->lo == NULL || (heat && cc->px == NULL)) {
    columns_free (cc);
    *bytes_out = (gdouble) bytes;
    return FALSE;
  }
  cc->hi = cc->lo + (gsize) rows * pw;
  if (!heat) {
    gint i;

    cc->colof = g_try_new (gint64, pw);
    cc->slo = g_try_new (gfloat, (gsize) 2 * rows * SCOPE_SIDE);
    if (cc->colof == NULL || cc->slo == NULL) {
      columns_free (cc);
      *bytes_out = (gdouble) bytes;
      return FALSE;
    }
    cc->shi = cc->slo + (gsize) rows * SCOPE_SIDE;
    for (i = 0; i < pw; i++)
      cc->colof[i] = G_MININT64;
    for (i = 0; i < SCOPE_SIDE; i++)
      cc->scol[i] = G_MININT64;
  }
  cc->cmap = -1;
  cc->pw = pw;
  cc->rows = rows;
  cc->colns = tl->colns;
  cc->offset = tl->offset;
  cc->gen = st->generation;
  cc->heat = heat;
  cc->valid = TRUE;
  cc->done = c_end - pw + 1;
  cc->serial++;
  cc->dirty_lo = G_MAXINT64;
  cc->dirty_hi = G_MININT64;
  return TRUE;
}

/* The column edges of a run of columns, the same for every channel:
 * samples [a, b] inside, and the line's value at the left edge (between
 * samples la - 1 and la, at fraction fl; la < 0: none) and at the right
 * edge (between rb and rb + 1 at fr; rb < 0: none). */
typedef struct
{
  gint64 a, b, la, rb;
  gfloat fl, fr;
  gint save;                    /* side slot of the column the cell drops,
                                 * -1: none */
} ColumnEdges;

/* Trace envelopes of columns c_from..c_end, one row per shown channel:
 * scope_series_envelope () of every column (the same values), with the
 * column edges worked out once for all channels. */
static void
columns_traces (ScopeStore * st, const ScopeTimeline * tl, gint64 c_from,
    gint64 c_end, gboolean to_side)
{
  ScopeColumns *cc = &st->cols;
  /* (to_side: into the columns kept left of the cache instead) */
  gint pw = to_side ? SCOPE_SIDE : cc->pw;
  gfloat *dlo = to_side ? cc->slo : cc->lo, *dhi = to_side ? cc->shi : cc->hi;
  gint64 nc = c_end - c_from + 1, i, mask = st->cap - 1;
  gint64 jmin = tl->jmin, jmax = tl->jend;
  ColumnEdges *ce = g_new (ColumnEdges, nc);
  gdouble fa = scope_store_col_sample (st, tl, c_from);
  gint64 j0 = G_MAXINT64, j1 = G_MININT64;
  guint k;

  for (i = 0; i < nc; i++) {
    gdouble fb = scope_store_col_sample (st, tl, c_from + i + 1);
    gint64 ja = (gint64) ceil (fa), jb = (gint64) ceil (fb) - 1;

    ce[i].a = MAX (ja, jmin);
    ce[i].b = MIN (jb, jmax);
    ce[i].la = -1;
    ce[i].rb = -1;
    if (fa != (gdouble) ja && ja - 1 >= jmin && ja <= jmax) {
      ce[i].la = ja;
      ce[i].fl = (gfloat) (fa - (ja - 1));
    }
    if (jb >= jmin && jb + 1 <= jmax) {
      ce[i].rb = jb;
      ce[i].fr = (gfloat) (fb - jb);
    }
    j0 = MIN (j0, ja - 1);
    j1 = MAX (j1, jb + 1);
    fa = fb;
    ce[i].save = -1;
    if (!to_side) {
      gint64 p = scope_cmod (c_from + i, pw), old = cc->colof[p];

      /* kept aside: the columns just left of the window */
      if (old != c_from + i && old != G_MININT64
          && old >= c_end - cc->pw + 1 - SCOPE_SIDE)
        ce[i].save = (gint) scope_cmod (old, SCOPE_SIDE);
    }
  }
  for (k = 0; k < st->n_shown; k++) {
    const gfloat *rg = st->ring + (gsize) k * st->cap;
    gfloat *lo = dlo + (gsize) k * pw;
    gfloat *hi = dhi + (gsize) k * pw;
    gint64 p = scope_cmod (c_from, pw);

    if (k + 8 < st->n_shown) {
      /* rows of thousands of channels are far apart: ask early */
      const gfloat *nr = st->ring + (gsize) (k + 8) * st->cap;
      gint64 q;

      for (q = j0; q <= j1; q += 16)
        __builtin_prefetch (nr + (q & mask));
      __builtin_prefetch (nr + (j1 & mask));
      for (q = 0; q < nc; q += 16) {
        gint64 pp = scope_cmod (c_from + q, pw);

        __builtin_prefetch (dlo + (gsize) (k + 8) * pw + pp, 1);
        __builtin_prefetch (dhi + (gsize) (k + 8) * pw + pp, 1);
      }
    }
    for (i = 0; i < nc; i++, p = p + 1 < pw ? p + 1 : 0) {
      const ColumnEdges *e = &ce[i];
      gfloat l = INFINITY, h = -INFINITY;
      gint64 a = e->a;

      while (a <= e->b) {
        gint64 q = a & mask, len = MIN (e->b - a + 1, st->cap - q);

        if (len >= 32)
          neuro_trace_minmax (rg + q, len, &l, &h);
        else
          scope_minmax_f32 (rg + q, len, &l, &h);
        a += len;
      }
      /* the line's values at the column's two edges */
      if (e->la >= 0) {
        gfloat v0 = rg[(e->la - 1) & mask], v1 = rg[e->la & mask];

        if (!isnan (v0) && !isnan (v1)) {
          gfloat v = v0 + e->fl * (v1 - v0);
          l = MIN (l, v);
          h = MAX (h, v);
        }
      }
      if (e->rb >= 0) {
        gfloat v0 = rg[e->rb & mask], v1 = rg[(e->rb + 1) & mask];

        if (!isnan (v0) && !isnan (v1)) {
          gfloat v = v0 + e->fr * (v1 - v0);
          l = MIN (l, v);
          h = MAX (h, v);
        }
      }
      if (e->save >= 0) {
        /* the column this cell held leaves the cache: keep it aside */
        cc->slo[(gsize) k * SCOPE_SIDE + e->save] = lo[p];
        cc->shi[(gsize) k * SCOPE_SIDE + e->save] = hi[p];
      }
      if (l <= h) {
        lo[p] = l;
        hi[p] = h;
      } else {
        lo[p] = hi[p] = NAN;
      }
    }
  }
  for (i = 0; i < nc; i++) {
    gint64 p = scope_cmod (c_from + i, pw);

    if (to_side) {
      cc->scol[p] = c_from + i;
      continue;
    }
    if (ce[i].save >= 0)
      cc->scol[ce[i].save] = cc->colof[p];
    cc->colof[p] = c_from + i;
  }
  g_free (ce);
}

/* Adds channel @rg's samples of @nc columns to @acc: per column the sum and
 * count of its samples, and of the sample nearest to its centre. */
static void
heat_accumulate (const gfloat * rg, gint64 mask, const ScopeTimeline * tl,
    const gint64 * ja, const gint64 * jn, gint64 nc, gdouble * acc)
{
  gint64 i;

  for (i = 0; i < nc; i++) {
    gint64 a = MAX (ja[i], tl->jmin), b = MIN (ja[i + 1] - 1, tl->jend);
    gint64 j;
    gdouble sum = 0, cnt = 0;

    for (j = a; j <= b; j++) {
      gfloat v = rg[j & mask];
      if (!isnan (v)) {
        sum += v;
        cnt += 1;
      }
    }
    acc[4 * i] += sum;
    acc[4 * i + 1] += cnt;
    if (cnt == 0 && jn[i] >= tl->jmin && jn[i] <= tl->jend) {
      gfloat v = rg[jn[i] & mask];
      if (!isnan (v)) {
        acc[4 * i + 2] += v;
        acc[4 * i + 3] += 1;
      }
    }
  }
}

/* Heatmap cells of columns c_from..c_end: the mean of each group of
 * channels (or of its samples nearest to the column centre). */
static void
columns_heat (ScopeStore * st, const ScopeTimeline * tl, gint64 c_from,
    gint64 c_end)
{
  ScopeColumns *cc = &st->cols;
  gint pw = cc->pw;
  guint rows = cc->rows, g, k;
  gint64 nc = c_end - c_from + 1, i;
  gdouble *acc = g_new0 (gdouble, 4 * nc);
  gint64 *ja = g_new (gint64, nc + 1);
  gint64 *jn = g_new (gint64, nc);
  gint64 mask = st->cap - 1;

  for (i = 0; i <= nc; i++)
    ja[i] = (gint64) ceil (scope_store_col_sample (st, tl, c_from + i));
  for (i = 0; i < nc; i++)
    jn[i] = (gint64) floor ((scope_store_col_sample (st, tl, c_from + i) +
            scope_store_col_sample (st, tl, c_from + i + 1)) / 2 + 0.5);
  for (g = 0; g < rows; g++) {
    guint k0 = (guint) (((guint64) g * st->n_shown + rows - 1) / rows);
    guint k1 = (guint) (((guint64) (g + 1) * st->n_shown + rows - 1) / rows);
    gfloat *val = cc->lo + (gsize) g * pw;

    memset (acc, 0, sizeof (gdouble) * 4 * nc);
    for (k = k0; k < k1; k++)
      heat_accumulate (st->ring + (gsize) k * st->cap, mask, tl, ja, jn, nc,
          acc);
    for (i = 0; i < nc; i++) {
      gint64 p = scope_cmod (c_from + i, pw);

      if (acc[4 * i + 1] > 0)
        val[p] = acc[4 * i] / acc[4 * i + 1];
      else if (acc[4 * i + 3] > 0)
        val[p] = acc[4 * i + 2] / acc[4 * i + 3];
      else
        val[p] = NAN;
      /* recolour this cell */
      cc->hi[(gsize) g * pw + p] = 1.0f;
    }
  }
  g_free (acc);
  g_free (ja);
  g_free (jn);
}

gboolean
scope_store_update_columns (ScopeStore * st, const ScopeTimeline * tl,
    gint pw, gint64 c_end, gboolean heat, guint rows, gdouble * bytes)
{
  gint64 c_from, c, done;

  if (!columns_fit (st, tl, pw, c_end, heat, rows, bytes))
    return FALSE;
  /* columns before done are final (their samples and the next one are all
   * in): computed once */
  c_from = MAX (st->cols.done, c_end - pw + 1);
  if (c_from > c_end)
    return TRUE;
  done = c_end + 1;
  for (c = c_from; c <= c_end; c++) {
    if ((gint64) ceil (scope_store_col_sample (st, tl, c + 1)) > tl->jend) {
      done = c;
      break;
    }
  }
  if (heat) {
    columns_heat (st, tl, c_from, c_end);
  } else {
    gint64 c0 = c_end - pw + 1;

    columns_traces (st, tl, c_from, c_end, FALSE);
    /* the columns just left of the window that the cache did not hold
     * (a new cache, a jump): from the ring (see ScopeColumns) */
    for (c = c0 - SCOPE_SIDE; c < c0; c++) {
      gint64 e = c;

      if (st->cols.scol[scope_cmod (c, SCOPE_SIDE)] == c)
        continue;
      while (e + 1 < c0 && st->cols.scol[scope_cmod (e + 1, SCOPE_SIDE)] !=
          e + 1)
        e++;
      columns_traces (st, tl, c, e, TRUE);
      c = e;
    }
  }
  st->cols.done = done;
  st->cols.dirty_lo = MIN (st->cols.dirty_lo, c_from);
  st->cols.dirty_hi = MAX (st->cols.dirty_hi, c_end);
  return TRUE;
}

guint
scope_store_take_dirty (ScopeStore * st, gint64 * lo, gint64 * hi)
{
  ScopeColumns *cc = &st->cols;

  *lo = cc->dirty_lo;
  *hi = cc->dirty_hi;
  cc->dirty_lo = G_MAXINT64;
  cc->dirty_hi = G_MININT64;
  return cc->serial;
}

void
scope_store_colour_columns (ScopeStore * st, NeuroColormap cmap,
    gdouble vmin, gdouble vmax, guint32 bad)
{
  ScopeColumns *cc = &st->cols;
  gboolean all = cc->cmap != (gint) cmap || cc->vmin != vmin
      || cc->vmax != vmax || cc->bad != bad;
  gsize cells = (gsize) cc->rows * cc->pw, i;

  if (!cc->px)
    return;
  for (i = 0; i < cells; i++) {
    if (all || cc->hi[i] != 0.0f) {
      cc->px[i] = neuro_colormap_map (cmap, cc->lo[i], vmin, vmax, bad);
      cc->hi[i] = 0.0f;
    }
  }
  cc->cmap = cmap;
  cc->vmin = vmin;
  cc->vmax = vmax;
  cc->bad = bad;
}

/* -------------------------------------------------------------- ranges */

void
scope_store_stream_range (const ScopeStore * st, gint k, gdouble * lo,
    gdouble * hi)
{
  guint i;

  *lo = INFINITY;
  *hi = -INFINITY;
  if (k >= 0) {
    *lo = st->smin[k];
    *hi = st->smax[k];
    return;
  }
  for (i = 0; i < st->n_shown; i++) {
    *lo = MIN (*lo, st->smin[i]);
    *hi = MAX (*hi, st->smax[i]);
  }
}

void
scope_store_history_range (const ScopeStore * st, gdouble * lo, gdouble * hi)
{
  const ScopeHist *h = &st->hist;
  guint k;

  *lo = INFINITY;
  *hi = -INFINITY;
  for (k = 0; k < st->n_shown && h->started; k++) {
    gfloat l = INFINITY, u = -INFINITY;

    scope_minmax_f32 (h->lo + (gsize) k * h->maxbins, h->nbins, &l, &u);
    *lo = MIN (*lo, l);
    scope_minmax_f32 (h->hi + (gsize) k * h->maxbins, h->nbins, &l, &u);
    *hi = MAX (*hi, u);
  }
}

void
scope_store_columns_range (const ScopeStore * st, gint k, gdouble * lo,
    gdouble * hi)
{
  const ScopeColumns *cc = &st->cols;
  gsize o = k >= 0 ? (gsize) k * cc->pw : 0;
  gint64 n = k >= 0 ? cc->pw : (gint64) cc->rows * cc->pw;
  gfloat l = INFINITY, u = -INFINITY;

  *lo = INFINITY;
  *hi = -INFINITY;
  if (!cc->lo)
    return;
  scope_minmax_f32 (cc->lo + o, n, &l, &u);
  *lo = l;
  if (cc->heat) {
    /* hi holds the recolour flags */
    *hi = u;
    return;
  }
  l = INFINITY;
  u = -INFINITY;
  scope_minmax_f32 (cc->hi + o, n, &l, &u);
  *hi = u;
}
