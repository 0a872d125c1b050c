/* gst-neuroviz
 * Copyright (C) 2024 gst-neuroviz developers
 *
 * This library is free software; you can redistribute it and/or modify it
 * under the terms of the GNU Lesser General Public License as published by
 * the Free Software Foundation; either version 2.1 of the License, or (at
 * your option) any later version.
 */

/* neurotrace's AVX2 kernels: the envelope eight pixel columns per row at
 * once, and the min/max of contiguous samples.  They do the float and
 * integer operations of the plain C twins in neurotrace.c in the same
 * order (and no FMA: a fused multiply-add rounds once, which would move a
 * coverage by one ulp and a pixel by one level now and then), so both give
 * the same pixels; tests/neurotrace.c checks that. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurotrace-private.h"

#include <math.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define TARGET __attribute__ ((target ("avx2")))

gboolean
neuro_trace_simd_available (void)
{
  return __builtin_cpu_supports ("avx2");
}

TARGET static inline gfloat
hmin8 (__m256 v)
{
  __m128 m = _mm_min_ps (_mm256_castps256_ps128 (v),
      _mm256_extractf128_ps (v, 1));

  m = _mm_min_ps (m, _mm_movehl_ps (m, m));
  m = _mm_min_ss (m, _mm_shuffle_ps (m, m, 1));
  return _mm_cvtss_f32 (m);
}

TARGET static inline gfloat
hmax8 (__m256 v)
{
  __m128 m = _mm_max_ps (_mm256_castps256_ps128 (v),
      _mm256_extractf128_ps (v, 1));

  m = _mm_max_ps (m, _mm_movehl_ps (m, m));
  m = _mm_max_ss (m, _mm_shuffle_ps (m, m, 1));
  return _mm_cvtss_f32 (m);
}

/* neuro_trace_put () on eight pixels, s in 0..256 per lane */
TARGET static inline __m256i
put8 (__m256i d, __m256i crb, __m256i cag, __m256i s)
{
  const __m256i m = _mm256_set1_epi32 (0x00ff00ff);
  const __m256i hm = _mm256_set1_epi32 ((gint) 0xff00ff00);
  const __m256i r = _mm256_set1_epi32 (0x00800080);
  __m256i s2 = _mm256_or_si256 (s, _mm256_slli_epi32 (s, 16));
  __m256i rb, ag, src, ia;

  /* products of 8-bit channels and s <= 256 fit 16 bits */
  rb = _mm256_add_epi32 (_mm256_mullo_epi16 (crb, s2), r);
  rb = _mm256_and_si256 (_mm256_srli_epi32 (rb, 8), m);
  ag = _mm256_add_epi32 (_mm256_mullo_epi16 (cag, s2), r);
  ag = _mm256_and_si256 (ag, hm);
  src = _mm256_or_si256 (rb, ag);
  ia = _mm256_sub_epi32 (_mm256_set1_epi32 (255), _mm256_srli_epi32 (src,
          24));
  ia = _mm256_or_si256 (ia, _mm256_slli_epi32 (ia, 16));
  rb = _mm256_add_epi32 (_mm256_mullo_epi16 (_mm256_and_si256 (d, m), ia),
      r);
  rb = _mm256_add_epi32 (rb, _mm256_and_si256 (_mm256_srli_epi32 (rb, 8),
          m));
  rb = _mm256_and_si256 (_mm256_srli_epi32 (rb, 8), m);
  ag = _mm256_add_epi32 (_mm256_mullo_epi16 (_mm256_and_si256
          (_mm256_srli_epi32 (d, 8), m), ia), r);
  ag = _mm256_add_epi32 (ag, _mm256_and_si256 (_mm256_srli_epi32 (ag, 8),
          m));
  ag = _mm256_and_si256 (ag, hm);
  return _mm256_add_epi32 (src, _mm256_or_si256 (rb, ag));
}

/* the pieces of eight pixel columns from p: T[i], B[i] */
TARGET static inline void
pieces8 (const NeuroEnvJob * j, gint p, __m256 * T, __m256 * B, __m256 * tmin,
    __m256 * bmax)
{
  const __m256 h = _mm256_set1_ps (j->h);
  gint q = p - j->base, i, k;

  *tmin = _mm256_set1_ps (INFINITY);
  *bmax = _mm256_set1_ps (-INFINITY);
  for (i = 0; i < j->npieces; i++) {
    __m256 a = _mm256_set1_ps (INFINITY), b = _mm256_set1_ps (-INFINITY);

    for (k = j->klo[i]; k <= j->khi[i]; k++) {
      a = _mm256_min_ps (a, _mm256_loadu_ps (j->et + q + k));
      b = _mm256_max_ps (b, _mm256_loadu_ps (j->eb + q + k));
    }
    T[i] = _mm256_sub_ps (a, h);
    B[i] = _mm256_add_ps (b, h);
    *tmin = _mm256_min_ps (*tmin, T[i]);
    *bmax = _mm256_max_ps (*bmax, B[i]);
  }
}

/* coverage of row [r0, r1) as 0..256 per lane, as neuro_trace_cov_s () */
TARGET static inline __m256i
cover8 (const __m256 * T, const __m256 * B, const __m256 * w, gint np,
    __m256 r0, __m256 r1)
{
  __m256 cov = _mm256_setzero_ps ();
  gint i;

  for (i = 0; i < np; i++) {
    __m256 o = _mm256_sub_ps (_mm256_min_ps (B[i], r1),
        _mm256_max_ps (T[i], r0));

    o = _mm256_max_ps (o, _mm256_setzero_ps ());
    cov = _mm256_add_ps (cov, _mm256_mul_ps (w[i], o));
  }
  /* truncation gives 0 below 1 */
  return _mm256_min_epi32 (_mm256_cvttps_epi32 (_mm256_add_ps (_mm256_mul_ps
              (cov, _mm256_set1_ps (256.0f)), _mm256_set1_ps (0.5f))),
      _mm256_set1_epi32 (256));
}

/* Sixteen columns per block (two halves of eight: independent work for
 * every row, and the block's set-up shared by twice the pixels); every
 * row of the block's range is blended without branches (a zero coverage
 * leaves the pixel as it was). */
TARGET void
neuro_trace_env_simd (const NeuroEnvJob * j)
{
  const __m256i col = _mm256_set1_epi32 ((gint) j->col);
  const __m256i crb = _mm256_and_si256 (col, _mm256_set1_epi32 (0x00ff00ff));
  const __m256i cag = _mm256_and_si256 (_mm256_srli_epi32 (col, 8),
      _mm256_set1_epi32 (0x00ff00ff));
  __m256 w[3];
  gint p, i, r, np = j->npieces;

  for (i = 0; i < np; i++)
    w[i] = _mm256_set1_ps (j->w[i]);
  for (p = j->p0; p + 16 <= j->p1; p += 16) {
    __m256 Ta[3], Ba[3], Tb[3], Bb[3], ta, ba, tb, bb;
    gint rlo, rhi;
    gfloat tm, bm;
    guint8 *row;

    pieces8 (j, p, Ta, Ba, &ta, &ba);
    pieces8 (j, p + 8, Tb, Bb, &tb, &bb);
    tm = hmin8 (_mm256_min_ps (ta, tb));
    bm = hmax8 (_mm256_max_ps (ba, bb));
    if (!(bm > tm))
      continue;
    rlo = MAX (j->cy0, (gint) floorf (tm));
    rhi = MIN (j->cy1, (gint) ceilf (bm));
    row = j->data + (gsize) rlo * j->stride + (gsize) p * 4;
    for (r = rlo; r < rhi; r++, row += j->stride) {
      __m256 r0 = _mm256_set1_ps ((gfloat) r);
      __m256 r1 = _mm256_set1_ps ((gfloat) (r + 1));
      __m256i sa = cover8 (Ta, Ba, w, np, r0, r1);
      __m256i sb = cover8 (Tb, Bb, w, np, r0, r1);

      _mm256_storeu_si256 ((__m256i *) row, put8 (_mm256_loadu_si256 ((const
                      __m256i *) row), crb, cag, sa));
      _mm256_storeu_si256 ((__m256i *) row + 1,
          put8 (_mm256_loadu_si256 ((const __m256i *) row + 1), crb, cag,
              sb));
    }
  }
  if (p < j->p1)
    neuro_trace_env_c (j, p, j->p1);
}

/* neuro_trace_prep_c (), eight columns at once */
TARGET void
neuro_trace_prep_simd (const NeuroEnvPrep * p)
{
  const __m256 y0 = _mm256_set1_ps (p->y0), ys = _mm256_set1_ps (p->ys);
  const __m256 half = _mm256_set1_ps (0.5f), pinf = _mm256_set1_ps (INFINITY);
  const __m256 ninf = _mm256_set1_ps (-INFINITY);
  const __m256 glo = _mm256_set1_ps (p->glo), ghi = _mm256_set1_ps (p->ghi);
  gint i;

  /* pass 1: mapped ranges and join values (the C twin sets the padding
   * and does the last columns) */
  for (i = 0; i + 8 <= p->n; i += 8) {
    __m256 l = _mm256_loadu_ps (p->lo + i), u = _mm256_loadu_ps (p->hi + i);
    __m256 ya = _mm256_add_ps (y0, _mm256_mul_ps (ys, l));
    __m256 yb = _mm256_add_ps (y0, _mm256_mul_ps (ys, u));
    __m256 ok = _mm256_and_ps (_mm256_cmp_ps (l, u, _CMP_LE_OQ),
        _mm256_cmp_ps (ya, yb, _CMP_ORD_Q));

    /* MIN (ya, yb) is ya < yb ? ya : yb, as _mm256_min_ps (ya, yb) */
    _mm256_storeu_ps (p->rt + i + 1, _mm256_blendv_ps (pinf,
            _mm256_min_ps (ya, yb), ok));
    _mm256_storeu_ps (p->rb + i + 1, _mm256_blendv_ps (ninf,
            _mm256_max_ps (ya, yb), ok));
    if (p->first && i > 0) {
      __m256 s = _mm256_add_ps (_mm256_loadu_ps (p->last + i - 1),
          _mm256_loadu_ps (p->first + i));

      _mm256_storeu_ps (p->jv + i + 1, _mm256_add_ps (y0, _mm256_mul_ps (ys,
                  _mm256_mul_ps (half, s))));
    } else if (p->first) {
      /* column 0 has no left neighbour */
      neuro_trace_prep_raw_c (p, i, i + 8);
    } else {
      _mm256_storeu_ps (p->jv + i + 1, _mm256_set1_ps (NAN));
    }
  }
  neuro_trace_prep_raw_c (p, i, p->n);
  /* pass 2: joins, clamps */
  for (i = p->o0; i + 8 <= p->o1; i += 8) {
    __m256 t = _mm256_loadu_ps (p->rt + i + 1), b = _mm256_loadu_ps (p->rb +
        i + 1);
    __m256 ok = _mm256_cmp_ps (t, b, _CMP_LE_OQ), rt = t, rb = b;
    gint side;

    for (side = 0; side < 2; side++) {
      gint nb = i + 1 + (side ? 1 : -1);
      __m256 nt = _mm256_loadu_ps (p->rt + nb), nbt = _mm256_loadu_ps (p->rb +
          nb);
      __m256 v = _mm256_loadu_ps (p->jv + i + 1 + side);
      __m256 nok = _mm256_cmp_ps (nt, nbt, _CMP_LE_OQ);
      __m256 vnan = _mm256_cmp_ps (v, v, _CMP_UNORD_Q);
      __m256 above = _mm256_cmp_ps (nt, rb, _CMP_GT_OQ);
      __m256 below = _mm256_cmp_ps (nbt, rt, _CMP_LT_OQ);
      __m256 mid = _mm256_blendv_ps (_mm256_blendv_ps (_mm256_set1_ps (NAN),
              _mm256_mul_ps (half, _mm256_add_ps (nbt, rt)), below),
          _mm256_mul_ps (half, _mm256_add_ps (rb, nt)), above);
      __m256 use;

      v = _mm256_blendv_ps (v, mid, vnan);
      use = _mm256_and_ps (nok, _mm256_cmp_ps (v, v, _CMP_ORD_Q));
      t = _mm256_blendv_ps (t, _mm256_min_ps (t, v), use);
      b = _mm256_blendv_ps (b, _mm256_max_ps (b, v), use);
    }
    /* CLAMP (t, lo, hi) is t > hi ? hi : t < lo ? lo : t */
    t = _mm256_max_ps (_mm256_min_ps (t, ghi), glo);
    b = _mm256_max_ps (_mm256_min_ps (b, ghi), glo);
    _mm256_storeu_ps (p->top + i - p->o0, _mm256_blendv_ps (pinf, t, ok));
    _mm256_storeu_ps (p->bot + i - p->o0, _mm256_blendv_ps (ninf, b, ok));
  }
  neuro_trace_prep_join_c (p, i, p->o1);
}

/* neuro_trace_runs_c (), a group of eight columns per row at once */
TARGET void
neuro_trace_runs_simd (const NeuroRunJob * j)
{
  const __m256i col = _mm256_set1_epi32 ((gint) j->col);
  const __m256i crb = _mm256_and_si256 (col, _mm256_set1_epi32 (0x00ff00ff));
  const __m256i cag = _mm256_and_si256 (_mm256_srli_epi32 (col, 8),
      _mm256_set1_epi32 (0x00ff00ff));
  const __m256i full = _mm256_set1_epi32 (256);
  gboolean opaque = (j->col >> 24) == 255;
  gint a, r;

  for (a = 0; a + 8 <= j->n; a += 8) {
    __m256i r0 = _mm256_loadu_si256 ((const __m256i *) (j->r0 + a));
    __m256i r1 = _mm256_loadu_si256 ((const __m256i *) (j->r1 + a));
    __m256i any = _mm256_cmpgt_epi32 (r1, r0);
    gint lo = G_MAXINT, hi = G_MININT, i;
    guint8 *row;

    if (_mm256_testz_si256 (any, any))
      continue;
    for (i = a; i < a + 8; i++)
      if (j->r0[i] < j->r1[i]) {
        lo = MIN (lo, j->r0[i]);
        hi = MAX (hi, j->r1[i]);
      }
    row = j->data + (gsize) lo * j->stride + (gsize) (j->x0 + a) * 4;
    for (r = lo; r < hi; r++, row += j->stride) {
      __m256i rr = _mm256_set1_epi32 (r);
      /* r0 <= r < r1 */
      __m256i in = _mm256_andnot_si256 (_mm256_cmpgt_epi32 (r0, rr),
          _mm256_cmpgt_epi32 (r1, rr));

      __m256i d = _mm256_loadu_si256 ((const __m256i *) row);

      /* an opaque colour at full coverage is the colour */
      if (opaque)
        d = _mm256_blendv_epi8 (d, col, in);
      else
        d = put8 (d, crb, cag, _mm256_and_si256 (in, full));
      _mm256_storeu_si256 ((__m256i *) row, d);
    }
  }
  if (a < j->n) {
    /* the last, partial group */
    neuro_trace_runs_c (j, a / 8, a / 8 + 1);
  }
}

/* ------------------------------------------------------------- lanes */

#define BIG 1e30f

TARGET void
neuro_trace_lanes_poly_simd (const NeuroLanePoly * s, gfloat * T, gfloat * B)
{
  gint h, i;

  for (h = 0; h < 2; h++) {
    __m256 X = _mm256_loadu_ps (neuro_trace_lane_x + 8 * h);
    __m256 lo = _mm256_set1_ps (-BIG), hi = _mm256_set1_ps (BIG), ok, t, b;

    for (i = 0; i < s->n; i++) {
      __m256 y = _mm256_add_ps (_mm256_set1_ps (s->k0[i]),
          _mm256_mul_ps (_mm256_set1_ps (s->k1[i]), X));

      if (s->below[i])
        hi = _mm256_min_ps (hi, y);
      else
        lo = _mm256_max_ps (lo, y);
    }
    ok = _mm256_and_ps (_mm256_and_ps (_mm256_cmp_ps (X,
                _mm256_set1_ps (s->xa), _CMP_GE_OQ), _mm256_cmp_ps (X,
                _mm256_set1_ps (s->xb), _CMP_LE_OQ)), _mm256_cmp_ps (lo, hi,
            _CMP_LE_OQ));
    t = _mm256_loadu_ps (T + 8 * h);
    b = _mm256_loadu_ps (B + 8 * h);
    _mm256_storeu_ps (T + 8 * h, _mm256_blendv_ps (t, _mm256_min_ps (t, lo),
            ok));
    _mm256_storeu_ps (B + 8 * h, _mm256_blendv_ps (b, _mm256_max_ps (b, hi),
            ok));
  }
}

TARGET void
neuro_trace_lanes_disk_simd (gfloat cx, gfloat cy, gfloat h2, gfloat * T,
    gfloat * B)
{
  gint h;

  for (h = 0; h < 2; h++) {
    __m256 X = _mm256_loadu_ps (neuro_trace_lane_x + 8 * h);
    __m256 dx = _mm256_sub_ps (X, _mm256_set1_ps (cx));
    __m256 r2 = _mm256_sub_ps (_mm256_set1_ps (h2), _mm256_mul_ps (dx, dx));
    __m256 ok = _mm256_cmp_ps (r2, _mm256_setzero_ps (), _CMP_GE_OQ);
    __m256 e = _mm256_sqrt_ps (_mm256_max_ps (r2, _mm256_setzero_ps ()));
    __m256 c = _mm256_set1_ps (cy), t = _mm256_loadu_ps (T + 8 * h);
    __m256 b = _mm256_loadu_ps (B + 8 * h);

    _mm256_storeu_ps (T + 8 * h, _mm256_blendv_ps (t, _mm256_min_ps (t,
                _mm256_sub_ps (c, e)), ok));
    _mm256_storeu_ps (B + 8 * h, _mm256_blendv_ps (b, _mm256_max_ps (b,
                _mm256_add_ps (c, e)), ok));
  }
}

TARGET void
neuro_trace_lanes_band_simd (gint ka, gint kb, gfloat f0, gfloat df,
    gfloat ya, gfloat dya, gfloat yb, gfloat dyb, gfloat glo, gfloat ghi,
    gfloat * T, gfloat * B)
{
  const __m256i idx = _mm256_setr_epi32 (0, 1, 2, 3, 4, 5, 6, 7);
  const __m256 zero = _mm256_setzero_ps (), one = _mm256_set1_ps (1.0f);
  const __m256 lo = _mm256_set1_ps (glo), hi = _mm256_set1_ps (ghi);
  gint h;

  for (h = 0; h < 2; h++) {
    __m256i k = _mm256_add_epi32 (idx, _mm256_set1_epi32 (8 * h));
    /* ka <= k < kb */
    __m256 in = _mm256_castsi256_ps (_mm256_andnot_si256 (_mm256_cmpgt_epi32
            (_mm256_set1_epi32 (ka), k), _mm256_cmpgt_epi32 (_mm256_set1_epi32
                (kb), k)));
    __m256 X = _mm256_loadu_ps (neuro_trace_lane_x + 8 * h);
    __m256 f = _mm256_add_ps (_mm256_set1_ps (f0), _mm256_mul_ps
        (_mm256_set1_ps (df), X)), a, b, t, u;

    /* CLAMP (f, 0, 1) */
    f = _mm256_max_ps (_mm256_min_ps (f, one), zero);
    a = _mm256_add_ps (_mm256_set1_ps (ya), _mm256_mul_ps (_mm256_set1_ps
            (dya), f));
    b = _mm256_add_ps (_mm256_set1_ps (yb), _mm256_mul_ps (_mm256_set1_ps
            (dyb), f));
    t = _mm256_max_ps (_mm256_min_ps (_mm256_min_ps (a, b), hi), lo);
    u = _mm256_max_ps (_mm256_min_ps (_mm256_max_ps (a, b), hi), lo);
    _mm256_storeu_ps (T + 8 * h, _mm256_blendv_ps (_mm256_loadu_ps (T + 8 * h),
            t, in));
    _mm256_storeu_ps (B + 8 * h, _mm256_blendv_ps (_mm256_loadu_ps (B + 8 * h),
            u, in));
  }
}

/* the lanes' coverage of a row, summed as the C twin: k + 8, + 4, + 2,
 * + 1 */
TARGET static inline gfloat
lanes_row8 (__m256 t0, __m256 t1, __m256 b0, __m256 b1, gfloat r)
{
  __m256 r0 = _mm256_set1_ps (r), r1 = _mm256_set1_ps (r + 1.0f);
  __m256 o0 = _mm256_max_ps (_mm256_sub_ps (_mm256_min_ps (b0, r1),
          _mm256_max_ps (t0, r0)), _mm256_setzero_ps ());
  __m256 o1 = _mm256_max_ps (_mm256_sub_ps (_mm256_min_ps (b1, r1),
          _mm256_max_ps (t1, r0)), _mm256_setzero_ps ());
  __m256 a = _mm256_add_ps (o0, o1);
  __m128 b = _mm_add_ps (_mm256_castps256_ps128 (a),
      _mm256_extractf128_ps (a, 1));
  __m128 c = _mm_add_ps (b, _mm_movehl_ps (b, b));

  return _mm_cvtss_f32 (_mm_add_ss (c, _mm_shuffle_ps (c, c, 1)));
}

TARGET gboolean
neuro_trace_lanes_col_simd (const NeuroLaneCol * c, const gfloat * T,
    const gfloat * B, gint * f0, gint * f1)
{
  __m256 t0 = _mm256_loadu_ps (T), t1 = _mm256_loadu_ps (T + 8);
  __m256 b0 = _mm256_loadu_ps (B), b1 = _mm256_loadu_ps (B + 8);
  __m256 v0 = _mm256_cmp_ps (b0, t0, _CMP_GT_OQ);
  __m256 v1 = _mm256_cmp_ps (b1, t1, _CMP_GT_OQ);
  __m256 pb = _mm256_set1_ps (BIG), nb = _mm256_set1_ps (-BIG);
  gfloat tmin, tmax, bmin, bmax;
  gboolean full;
  gint r, ra, rb;

  full = (_mm256_movemask_ps (_mm256_and_ps (v0, v1)) == 0xff);
  tmin = hmin8 (_mm256_min_ps (_mm256_blendv_ps (pb, t0, v0),
          _mm256_blendv_ps (pb, t1, v1)));
  tmax = hmax8 (_mm256_max_ps (_mm256_blendv_ps (nb, t0, v0),
          _mm256_blendv_ps (nb, t1, v1)));
  bmin = hmin8 (_mm256_min_ps (_mm256_blendv_ps (pb, b0, v0),
          _mm256_blendv_ps (pb, b1, v1)));
  bmax = hmax8 (_mm256_max_ps (_mm256_blendv_ps (nb, b0, v0),
          _mm256_blendv_ps (nb, b1, v1)));
  if (!(bmax > tmin))
    return FALSE;
  ra = MAX (c->cy0, (gint) floorf (MAX (tmin, (gfloat) c->cy0 - 1)));
  rb = MIN (c->cy1, (gint) ceilf (MIN (bmax, (gfloat) c->cy1 + 1)));
  *f0 = *f1 = rb;
  if (full && tmax < bmin) {
    *f0 = CLAMP ((gint) ceilf (MIN (tmax, (gfloat) c->cy1)), ra, rb);
    *f1 = CLAMP ((gint) floorf (MAX (bmin, (gfloat) c->cy0)), *f0, rb);
  }
  for (r = ra; r < rb; r++) {
    guint32 s;

    if (r == *f0 && *f1 > *f0) {
      r = *f1 - 1;
      continue;
    }
    s = neuro_trace_cov_s (lanes_row8 (t0, t1, b0, b1, (gfloat) r) *
        (1.0f / NEURO_TRACE_LANES));
    if (s)
      neuro_trace_put ((guint32 *) (c->data + (gsize) r * c->stride) + c->x,
          c->col, s);
  }
  return TRUE;
}

/* ------------------------------------------------ many channels, layered */

/* c·f/256 rounded, per lane (f in 0..256, in both 16-bit halves) */
TARGET static inline __m256i
scale8 (__m256i c, __m256i f2)
{
  const __m256i m = _mm256_set1_epi32 (0x00ff00ff);
  const __m256i r = _mm256_set1_epi32 (0x00800080);
  __m256i rb = _mm256_add_epi32 (_mm256_mullo_epi16 (_mm256_and_si256 (c, m),
          f2), r);
  __m256i ag = _mm256_add_epi32 (_mm256_mullo_epi16 (_mm256_and_si256
          (_mm256_srli_epi32 (c, 8), m), f2), r);

  return _mm256_or_si256 (_mm256_and_si256 (_mm256_srli_epi32 (rb, 8), m),
      _mm256_and_si256 (ag, _mm256_set1_epi32 ((gint) 0xff00ff00)));
}

/* neuro_trace_under () on eight layer pixels */
TARGET static inline __m256i
under8 (__m256i d, __m256i col, __m256i s)
{
  __m256i src = scale8 (col, _mm256_or_si256 (s, _mm256_slli_epi32 (s, 16)));
  __m256i inv = _mm256_sub_epi32 (_mm256_set1_epi32 (255),
      _mm256_srli_epi32 (d, 24));
  __m256i f = _mm256_add_epi32 (inv, _mm256_srli_epi32 (inv, 7));

  return _mm256_add_epi32 (d, scale8 (src, _mm256_or_si256 (f,
              _mm256_slli_epi32 (f, 16))));
}

/* neuro_pixel_over (d, src) on eight pixels */
TARGET static inline __m256i
over8 (__m256i d, __m256i src)
{
  const __m256i m = _mm256_set1_epi32 (0x00ff00ff);
  const __m256i r = _mm256_set1_epi32 (0x00800080);
  __m256i ia = _mm256_sub_epi32 (_mm256_set1_epi32 (255),
      _mm256_srli_epi32 (src, 24)), rb, ag;

  ia = _mm256_or_si256 (ia, _mm256_slli_epi32 (ia, 16));
  rb = _mm256_add_epi32 (_mm256_mullo_epi16 (_mm256_and_si256 (d, m), ia), r);
  rb = _mm256_add_epi32 (rb, _mm256_and_si256 (_mm256_srli_epi32 (rb, 8), m));
  rb = _mm256_and_si256 (_mm256_srli_epi32 (rb, 8), m);
  ag = _mm256_add_epi32 (_mm256_mullo_epi16 (_mm256_and_si256
          (_mm256_srli_epi32 (d, 8), m), ia), r);
  ag = _mm256_add_epi32 (ag, _mm256_and_si256 (_mm256_srli_epi32 (ag, 8), m));
  ag = _mm256_and_si256 (ag, _mm256_set1_epi32 ((gint) 0xff00ff00));
  return _mm256_add_epi32 (src, _mm256_or_si256 (rb, ag));
}

/* opaque lanes of eight layer pixels as bits */
TARGET static inline guint
opaque8 (__m256i d)
{
  return (guint) _mm256_movemask_ps (_mm256_castsi256_ps (_mm256_cmpeq_epi32
          (_mm256_srli_epi32 (d, 24), _mm256_set1_epi32 (255))));
}

TARGET void
neuro_trace_under_simd (const NeuroUnderJob * u)
{
  const NeuroEnvJob *j = &u->e;
  const __m256i col = _mm256_set1_epi32 ((gint) j->col);
  __m256 w[3];
  gint p, i, r, np = j->npieces;

  for (i = 0; i < np; i++)
    w[i] = _mm256_set1_ps (j->w[i]);
  /* blocks of the layer's 16-column grid; the ends in C */
  p = j->p0;
  if ((p - u->ox) % 16) {
    gint e = MIN (j->p1, p + 16 - (p - u->ox) % 16);

    neuro_trace_under_c (u, p, e);
    p = e;
  }
  for (; p + 16 <= j->p1; p += 16) {
    __m256 Ta[3], Ba[3], Tb[3], Bb[3], ta, ba, tb, bb;
    gint li = p - u->ox, b = li / 16, rlo, rhi, fa, fb, h;
    guint16 *om;
    gfloat tm, bm;

    pieces8 (j, p, Ta, Ba, &ta, &ba);
    pieces8 (j, p + 8, Tb, Bb, &tb, &bb);
    tm = hmin8 (_mm256_min_ps (ta, tb));
    bm = hmax8 (_mm256_max_ps (ba, bb));
    if (!(bm > tm))
      continue;
    rlo = MAX (j->cy0, (gint) floorf (tm));
    rhi = MIN (j->cy1, (gint) ceilf (bm));
    fa = u->fa[b];
    fb = u->fb[b];
    if (rlo >= fa && rhi <= fb)
      continue;                 /* hidden by the channels above */
    neuro_trace_layer_touch (u, b, rlo, rhi);
    om = u->om + (gsize) b * u->lh - u->oy;
    /* each half of eight columns over its own rows (a sloped trace spans
     * fewer rows in eight columns than in sixteen) */
    for (h = 0; h < 2; h++) {
      const __m256 *Th = h ? Tb : Ta, *Bh = h ? Bb : Ba;
      gfloat hm = hmin8 (h ? tb : ta), hx = hmax8 (h ? bb : ba);
      gint a, z;
      guint full = 0xffu << (8 * h);
      guint8 *row;

      if (!(hx > hm))
        continue;
      a = MAX (j->cy0, (gint) floorf (hm));
      z = MIN (j->cy1, (gint) ceilf (hx));
      row = (guint8 *) neuro_trace_layer_px (u, li + 8 * h, a);
      for (r = a; r < z; r++, row += 64) {
        __m256i d;

        if (r >= fa && r < fb) {
          /* jump over the rows opaque in every column */
          row += (gsize) (fb - 1 - r) * 64;
          r = fb - 1;
          continue;
        }
        if ((om[r] & full) == full)
          continue;
        d = under8 (_mm256_loadu_si256 ((const __m256i *) row), col,
            cover8 (Th, Bh, w, np, _mm256_set1_ps ((gfloat) r),
                _mm256_set1_ps ((gfloat) (r + 1))));
        _mm256_storeu_si256 ((__m256i *) row, d);
        om[r] = (guint16) ((om[r] & ~full) | (opaque8 (d) << (8 * h)));
      }
    }
    /* the rows opaque in all 16 columns, grown from what was drawn */
    if (fb <= fa) {
      for (r = rlo; r < rhi && om[r] != 0xffff; r++);
      fa = fb = r;
    }
    while (fb < u->tr1[b] && om[fb] == 0xffff)
      fb++;
    while (fa > u->tr0[b] && om[fa - 1] == 0xffff)
      fa--;
    if (fb > fa) {
      u->fa[b] = fa;
      u->fb[b] = fb;
    }
  }
  if (p < j->p1)
    neuro_trace_under_c (u, p, j->p1);
}

TARGET void
neuro_trace_comp_simd (const NeuroUnderJob * u)
{
  gint b, r, nb = (u->lw + 15) / 16;

  for (b = 0; b < nb; b++) {
    gint x0 = b * 16;

    if (x0 + 16 > u->lw) {
      neuro_trace_comp_c (u, b, b + 1);
      continue;
    }
    for (r = u->tr0[b]; r < u->tr1[b]; r++) {
      const __m256i *src = (const __m256i *) neuro_trace_layer_px (u, x0, r);
      __m256i *dst = (__m256i *) (u->cdata + (gsize) r * u->cstride +
          (gsize) (u->ox + x0) * 4);

      _mm256_storeu_si256 (dst, over8 (_mm256_loadu_si256 (dst),
              _mm256_loadu_si256 (src)));
      _mm256_storeu_si256 (dst + 1, over8 (_mm256_loadu_si256 (dst + 1),
              _mm256_loadu_si256 (src + 1)));
    }
  }
}

TARGET gsize
neuro_trace_over_row_simd (guint32 * dst, const guint32 * src, gsize n)
{
  const __m256i amask = _mm256_set1_epi32 ((gint) 0xff000000);
  gsize i = 0;

  for (; i + 8 <= n; i += 8) {
    __m256i s = _mm256_loadu_si256 ((const __m256i *) (src + i));
    __m256i a = _mm256_and_si256 (s, amask);

    /* transparent: nothing; opaque: the source (over8 gives the same) */
    if (_mm256_testz_si256 (s, s))
      continue;
    if (_mm256_movemask_epi8 (_mm256_cmpeq_epi32 (a, amask)) == -1) {
      _mm256_storeu_si256 ((__m256i *) (dst + i), s);
      continue;
    }
    _mm256_storeu_si256 ((__m256i *) (dst + i),
        over8 (_mm256_loadu_si256 ((const __m256i *) (dst + i)), s));
  }
  return i;
}

TARGET void
neuro_trace_minmax_simd (const gfloat * v, gsize n, gfloat * lo, gfloat * hi)
{
  __m256 a = _mm256_set1_ps (*lo), b = _mm256_set1_ps (*hi);
  gfloat x, y;
  gsize i = 0;

  for (; i + 16 <= n; i += 16) {
    __m256 u = _mm256_loadu_ps (v + i), z = _mm256_loadu_ps (v + i + 8);

    /* min (u, a) is u < a ? u : a: a NaN sample leaves a */
    a = _mm256_min_ps (u, a);
    b = _mm256_max_ps (u, b);
    a = _mm256_min_ps (z, a);
    b = _mm256_max_ps (z, b);
  }
  for (; i + 8 <= n; i += 8) {
    __m256 u = _mm256_loadu_ps (v + i);

    a = _mm256_min_ps (u, a);
    b = _mm256_max_ps (u, b);
  }
  x = hmin8 (a);
  y = hmax8 (b);
  for (; i < n; i++) {
    x = v[i] < x ? v[i] : x;
    y = v[i] > y ? v[i] : y;
  }
  *lo = x;
  *hi = y;
}

#else /* no x86 */

gboolean
neuro_trace_simd_available (void)
{
  return FALSE;
}

void
neuro_trace_env_simd (const NeuroEnvJob * j)
{
  neuro_trace_env_c (j, j->p0, j->p1);
}

void
neuro_trace_minmax_simd (const gfloat * v, gsize n, gfloat * lo, gfloat * hi)
{
  neuro_trace_minmax_c (v, n, lo, hi);
}

void
neuro_trace_prep_simd (const NeuroEnvPrep * p)
{
  neuro_trace_prep_c (p);
}

void
neuro_trace_runs_simd (const NeuroRunJob * j)
{
  neuro_trace_runs_c (j, 0, (j->n + 7) / 8);
}

void
neuro_trace_under_simd (const NeuroUnderJob * u)
{
  neuro_trace_under_c (u, u->e.p0, u->e.p1);
}

void
neuro_trace_comp_simd (const NeuroUnderJob * u)
{
  neuro_trace_comp_c (u, 0, (u->lw + 15) / 16);
}

gsize
neuro_trace_over_row_simd (guint32 * dst, const guint32 * src, gsize n)
{
  return 0;
}

void
neuro_trace_lanes_poly_simd (const NeuroLanePoly * s, gfloat * T, gfloat * B)
{
  neuro_trace_lanes_poly_c (s, T, B);
}

void
neuro_trace_lanes_disk_simd (gfloat cx, gfloat cy, gfloat h2, gfloat * T,
    gfloat * B)
{
  neuro_trace_lanes_disk_c (cx, cy, h2, T, B);
}

void
neuro_trace_lanes_band_simd (gint ka, gint kb, gfloat f0, gfloat df,
    gfloat ya, gfloat dya, gfloat yb, gfloat dyb, gfloat glo, gfloat ghi,
    gfloat * T, gfloat * B)
{
  neuro_trace_lanes_band_c (ka, kb, f0, df, ya, dya, yb, dyb, glo, ghi, T, B);
}

gboolean
neuro_trace_lanes_col_simd (const NeuroLaneCol * c, const gfloat * T,
    const gfloat * B, gint * f0, gint * f1)
{
  return neuro_trace_lanes_col_c (c, T, B, f0, f1);
}

#endif
