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

TARGET void
neuro_trace_env_simd (const NeuroEnvJob * j)
{
  const __m256 zero = _mm256_setzero_ps (), h = _mm256_set1_ps (j->h);
  const __m256 c256 = _mm256_set1_ps (256.0f), half = _mm256_set1_ps (0.5f);
  const __m256 pinf = _mm256_set1_ps (INFINITY);
  const __m256i smax = _mm256_set1_epi32 (256);
  const __m256i col = _mm256_set1_epi32 ((gint) j->col);
  const __m256i crb = _mm256_and_si256 (col, _mm256_set1_epi32 (0x00ff00ff));
  const __m256i cag = _mm256_and_si256 (_mm256_srli_epi32 (col, 8),
      _mm256_set1_epi32 (0x00ff00ff));
  __m256 w[3];
  gint p, i, k, r, np = j->npieces;

  for (i = 0; i < np; i++)
    w[i] = _mm256_set1_ps (j->w[i]);
  for (p = j->p0; p + 8 <= j->p1; p += 8) {
    __m256 T[3], B[3], tmin = pinf, bmax = _mm256_set1_ps (-INFINITY);
    gint q = p - j->base, rlo, rhi;
    gfloat tm, bm;
    guint8 *row;

    for (i = 0; i < np; i++) {
      __m256 a = pinf, b = _mm256_set1_ps (-INFINITY);

      for (k = j->klo[i]; k <= j->khi[i]; k++) {
        a = _mm256_min_ps (a, _mm256_loadu_ps (j->et + q + k));
        b = _mm256_max_ps (b, _mm256_loadu_ps (j->eb + q + k));
      }
      T[i] = _mm256_sub_ps (a, h);
      B[i] = _mm256_add_ps (b, h);
      tmin = _mm256_min_ps (tmin, T[i]);
      bmax = _mm256_max_ps (bmax, B[i]);
    }
    tm = hmin8 (tmin);
    bm = hmax8 (bmax);
    if (!(bm > tm))
      continue;
    rlo = MAX (j->cy0, (gint) floorf (tm));
    rhi = MIN (j->cy1, (gint) ceilf (bm));
    row = j->data + (gsize) rlo * j->stride + (gsize) p * 4;
    for (r = rlo; r < rhi; r++, row += j->stride) {
      __m256 r0 = _mm256_set1_ps ((gfloat) r);
      __m256 r1 = _mm256_set1_ps ((gfloat) (r + 1));
      __m256 cov = zero;
      __m256i s;

      for (i = 0; i < np; i++) {
        __m256 o = _mm256_sub_ps (_mm256_min_ps (B[i], r1),
            _mm256_max_ps (T[i], r0));

        o = _mm256_max_ps (o, zero);
        cov = _mm256_add_ps (cov, _mm256_mul_ps (w[i], o));
      }
      s = _mm256_cvttps_epi32 (_mm256_add_ps (_mm256_mul_ps (cov, c256),
              half));
      /* truncation gives 0 below 1, as neuro_trace_cov_s () */
      s = _mm256_min_epi32 (s, smax);
      _mm256_storeu_si256 ((__m256i *) row, put8 (_mm256_loadu_si256 ((const
                      __m256i *) row), crb, cag, s));
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

#endif
