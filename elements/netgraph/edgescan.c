/* gst-neuroviz — netgraph's edge scan (see edgescan.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "edgescan.h"

#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static inline void
push_edge (NetEdge ** v, gsize * len, gsize * alloc, guint32 i, guint32 j,
    gfloat w)
{
  if (G_UNLIKELY (*len == *alloc)) {
    *alloc = MAX (1024, *alloc * 2);
    *v = g_renew (NetEdge, *v, *alloc);
  }
  (*v)[*len].i = i;
  (*v)[*len].j = j;
  (*v)[*len].w = w;
  (*len)++;
}

/* Bit k set when p[k] is above @thr in magnitude or not finite (k < 8):
 * not (|x| <= thr), true for NaN as well. */
static inline guint
scan8_c (const gfloat * p, gfloat thr)
{
  guint m = 0, k;

  for (k = 0; k < 8; k++)
    m |= (guint) !(fabsf (p[k]) <= thr) << k;
  return m;
}

G_ALWAYS_INLINE static inline guint
scan8 (const gfloat * p, gfloat thr, gboolean simd)
{
#ifdef __SSE2__
  if (simd) {
    const __m128 abs_mask = _mm_castsi128_ps (_mm_set1_epi32 (0x7fffffff));
    const __m128 t = _mm_set1_ps (thr);
    __m128 a = _mm_and_ps (_mm_loadu_ps (p), abs_mask);
    __m128 b = _mm_and_ps (_mm_loadu_ps (p + 4), abs_mask);

    return (guint) _mm_movemask_ps (_mm_cmpnle_ps (a, t)) |
        ((guint) _mm_movemask_ps (_mm_cmpnle_ps (b, t)) << 4);
  }
#endif
  return scan8_c (p, thr);
}

/* Iterates over the j in [j, end) whose row[j] is above @thr in magnitude
 * or not finite: eight weights per compare, no branch per weight. */
typedef struct
{
  const gfloat *row;
  gint j, end, base;
  guint mask;
  gfloat thr;
} HitIter;

static inline void
hit_init (HitIter * it, const gfloat * row, gint j0, gint j1, gfloat thr)
{
  it->row = row;
  it->j = j0;
  it->end = j1;
  it->base = j0;
  it->mask = 0;
  it->thr = thr;
}

G_ALWAYS_INLINE static inline gboolean
hit_next (HitIter * it, gint * j, gboolean simd)
{
  while (it->mask == 0) {
    if (it->j >= it->end)
      return FALSE;
    it->base = it->j;
    if ((it->j & 7) == 0 && it->j + 8 <= it->end) {
      it->mask = scan8 (it->row + it->j, it->thr, simd);
      it->j += 8;
    } else {
      it->mask = !(fabsf (it->row[it->j]) <= it->thr);
      it->j++;
    }
  }
  *j = it->base + g_bit_nth_lsf (it->mask, -1);
  it->mask &= it->mask - 1;
  return TRUE;
}

/* One sequential pass over the rows (a column walk through a 16 MB matrix
 * costs a cache and TLB miss per weight): candidates (r, j > r) of the
 * upper triangle (every (r, j) when directed) in row-major order into
 * ->upper, and the pairs (c, r) that lower-triangle weights put above
 * threshold, in order of r, into ->lower.  Instantiated once with SIMD and
 * once without (the plain-C twin). */
G_ALWAYS_INLINE static inline gboolean
scan_rows (NetEdgeScan * s, const gfloat * w, gint n, gfloat thr,
    gboolean directed, gsize max_edges, gsize * nu, gsize * nl,
    gboolean simd)
{
  gint r, j;

  for (r = 0; r < n; r++) {
    const gfloat *row = w + (gsize) r * n;
    HitIter it;

    hit_init (&it, row, 0, n, thr);
    while (hit_next (&it, &j, simd)) {
      gfloat v = row[j];

      if (!isfinite (v))
        s->bad++;
      else if (j == r)
        continue;               /* self connections are not drawn */
      else if (j > r || directed)
        push_edge (&s->upper, nu, &s->upper_alloc, r, j, v);
      else
        push_edge (&s->lower, nl, &s->lower_alloc, j, r, v);
    }
    /* the edge lists alone would take gigabytes, a frame minutes */
    if (G_UNLIKELY (*nu + *nl > max_edges))
      return FALSE;
  }
  return TRUE;
}

static gboolean
scan_rows_simd (NetEdgeScan * s, const gfloat * w, gint n, gfloat thr,
    gboolean directed, gsize max_edges, gsize * nu, gsize * nl)
{
  return scan_rows (s, w, n, thr, directed, max_edges, nu, nl, TRUE);
}

static gboolean
scan_rows_c (NetEdgeScan * s, const gfloat * w, gint n, gfloat thr,
    gboolean directed, gsize max_edges, gsize * nu, gsize * nl)
{
  return scan_rows (s, w, n, thr, directed, max_edges, nu, nl, FALSE);
}

/* The lower pairs by their first node (counting sort, stable: second nodes
 * stay increasing). */
static void
sort_lower (NetEdgeScan * s, gint n, gsize nl)
{
  gsize k;
  gint r;

  if (s->count_n != n) {
    g_free (s->lower_count);
    s->lower_count = g_new (gsize, n + 1);
    s->count_n = n;
  }
  memset (s->lower_count, 0, (n + 1) * sizeof (gsize));
  for (k = 0; k < nl; k++)
    s->lower_count[s->lower[k].i + 1]++;
  for (r = 0; r < n; r++)
    s->lower_count[r + 1] += s->lower_count[r];
  if (s->lower_sorted_alloc < MAX (nl, 1)) {
    s->lower_sorted_alloc = MAX (nl, 1);
    g_free (s->lower_sorted);
    s->lower_sorted = g_new (NetEdge, s->lower_sorted_alloc);
  }
  for (k = 0; k < nl; k++)
    s->lower_sorted[s->lower_count[s->lower[k].i]++] = s->lower[k];
}

/* Upper candidates and sorted lower pairs merged in row-major order; a pair
 * in both keeps the stronger weight. */
static void
merge (NetEdgeScan * s, gsize nu, gsize nl)
{
  gsize a = 0, b = 0;

  if (s->edges_alloc < nu + nl) {
    s->edges_alloc = MAX (nu + nl, 1024);
    g_free (s->edges);
    s->edges = g_new (NetEdge, s->edges_alloc);
  }
  while (a < nu || b < nl) {
    const NetEdge *ua = a < nu ? &s->upper[a] : NULL;
    const NetEdge *lb = b < nl ? &s->lower_sorted[b] : NULL;

    if (ua && lb && ua->i == lb->i && ua->j == lb->j) {
      NetEdge e = *ua;

      if (fabsf (lb->w) > fabsf (ua->w))
        e.w = lb->w;
      s->edges[s->n_edges++] = e;
      a++, b++;
    } else if (lb == NULL || (ua && (ua->i < lb->i || (ua->i == lb->i
                    && ua->j < lb->j)))) {
      s->edges[s->n_edges++] = s->upper[a++];
    } else {
      s->edges[s->n_edges++] = s->lower_sorted[b++];
    }
  }
}

gboolean
net_edge_scan (NetEdgeScan * s, const gfloat * w, gint n, gdouble threshold,
    gboolean directed, gsize max_edges)
{
  gfloat thr = (gfloat) threshold;
  gsize nu = 0, nl = 0;
  gboolean ok;

  /* |w| > threshold for a float w is |w| > the largest float not above the
   * threshold (0.1f is above 0.1) */
  if ((gdouble) thr > threshold)
    thr = nextafterf (thr, -G_MAXFLOAT);
  s->n_edges = 0;
  s->bad = 0;
  if (s->scalar)
    ok = scan_rows_c (s, w, n, thr, directed, max_edges, &nu, &nl);
  else
    ok = scan_rows_simd (s, w, n, thr, directed, max_edges, &nu, &nl);
  if (!ok)
    return FALSE;
  sort_lower (s, n, nl);
  merge (s, nu, nl);
  return TRUE;
}

void
net_edge_scan_free (NetEdgeScan * s)
{
  g_free (s->edges);
  g_free (s->upper);
  g_free (s->lower);
  g_free (s->lower_sorted);
  g_free (s->lower_count);
  memset (s, 0, sizeof *s);
}
