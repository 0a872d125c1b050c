/* gst-neuroviz
 * Copyright (C) 2024 gst-neuroviz developers
 *
 * This library is free software; you can redistribute it and/or modify it
 * under the terms of the GNU Lesser General Public License as published by
 * the Free Software Foundation; either version 2.1 of the License, or (at
 * your option) any later version.
 */

/* neurotrace's inner kernels: shared by neurotrace.c (plain C) and
 * neurotrace-simd.c (AVX2), which must give the same pixels bit for bit.
 * Not installed, not API. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One envelope drawn into rows [cy0, cy1) of a canvas: pixel column p
 * (p0 <= p < p1) is covered by the rectangles of the envelope columns
 * p + k, each [et, eb] thickened by h, over the x pieces of the pixel
 * (piece i: width w[i], columns p + klo[i] .. p + khi[i]).  et/eb are
 * indexed by p - base and hold +inf / -inf for empty columns; they are
 * readable from p0 - base + min (klo) to p1 - base + max (khi) + 8. */
typedef struct
{
  guint8 *data;
  gint stride;
  gint cy0, cy1;
  gint p0, p1;
  const gfloat *et, *eb;
  gint base;
  gint npieces;
  gfloat w[3];
  gint klo[3], khi[3];
  gfloat h;
  guint32 col;                  /* premultiplied */
} NeuroEnvJob;

/* columns [p0, p1) of the job, plain C */
void neuro_trace_env_c (const NeuroEnvJob * j, gint p0, gint p1);

/* neuro_trace_envelopes (): an envelope composited *under* a layer
 * (dst + src (1 - dst.a)) whose pixel (0, 0) is canvas pixel (ox, oy).
 * e.data is the layer, block-linear: blocks of 16 columns, each lh rows of
 * 64 bytes (neuro_trace_layer_px ()), so that a trace's rows in a block
 * are consecutive cache lines.  Per block b: rows [tr0[b], tr1[b]) hold valid pixels (others
 * are cleared when first drawn into), om[b * lh + row] has bit l set when
 * column 16 b + l of that row is opaque (drawing there changes nothing),
 * and rows [fa[b], fb[b]) are opaque in all 16 columns. */
typedef struct
{
  NeuroEnvJob e;
  gint ox, oy, lw, lh;
  gint *tr0, *tr1;
  guint16 *om;
  gint *fa, *fb;
  guint8 *cdata;                /* the canvas, for the final composite */
  gint cstride;
} NeuroUnderJob;

static inline guint32 *
neuro_trace_layer_px (const NeuroUnderJob * u, gint li, gint r)
{
  return (guint32 *) (u->e.data + (((gsize) (li / 16) * u->lh + (r -
                  u->oy)) << 6)) + (li & 15);
}

void neuro_trace_under_c (const NeuroUnderJob * u, gint p0, gint p1);
/* makes rows [ra, rb) of layer block b valid */
void neuro_trace_layer_touch (const NeuroUnderJob * u, gint b, gint ra,
    gint rb);
/* the layer's valid blocks [b0, b1) over the canvas */
void neuro_trace_comp_c (const NeuroUnderJob * u, gint b0, gint b1);


/* Precomputed columns to envelope extents, in float: raw columns
 * 0 .. n-1 (contiguous lo, hi and, if given, first, last) mapped by
 * y = y0 + ys v; output for raw columns [o0, o1) into top/bot, joined to
 * their neighbours and clamped to [glo, ghi].  Scratch: rt, rb, jv of
 * n + 2 entries each (index 0 and n + 1 are padding). */
typedef struct
{
  const gfloat *lo, *hi, *first, *last;
  gint n, o0, o1;
  gfloat y0, ys, glo, ghi;
  gfloat *rt, *rb, *jv;
  gfloat *top, *bot;
} NeuroEnvPrep;

void neuro_trace_prep_c (const NeuroEnvPrep * p);
/* its two passes over raw columns [i0, i1): ranges and join values; then
 * joins and clamps (o0 <= i0, i1 <= o1; the padding is set by pass 1 over
 * every column) */
void neuro_trace_prep_raw_c (const NeuroEnvPrep * p, gint i0, gint i1);
void neuro_trace_prep_join_c (const NeuroEnvPrep * p, gint i0, gint i1);

/* c·s/256, rounded, for a premultiplied pixel c and 0 <= s <= 256
 * (s = 256 keeps c exactly) */
static inline guint32
neuro_trace_scale (guint32 c, guint32 s)
{
  guint32 rb = ((((c & 0x00ff00ff) * s) + 0x00800080) >> 8) & 0x00ff00ff;
  guint32 ag = ((((c >> 8) & 0x00ff00ff) * s) + 0x00800080) & 0xff00ff00;

  return rb | ag;
}

/* source-over of colour @col at coverage s/256 onto *p; with the
 * arithmetic of neuro_pixel_over () written without branches (an opaque
 * source gives the source, a zero one the destination, exactly) */
static inline void
neuro_trace_put (guint32 * p, guint32 col, guint32 s)
{
  guint32 src = neuro_trace_scale (col, s), d = *p, ia = 255 - (src >> 24);
  guint32 rb = (d & 0x00ff00ff) * ia + 0x00800080;
  guint32 ag = ((d >> 8) & 0x00ff00ff) * ia + 0x00800080;

  rb = ((rb + ((rb >> 8) & 0x00ff00ff)) >> 8) & 0x00ff00ff;
  ag = (ag + ((ag >> 8) & 0x00ff00ff)) & 0xff00ff00;
  *p = src + (rb | ag);
}

/* under () of colour @col at coverage s/256 onto the layer pixel *p */
static inline void
neuro_trace_under (guint32 * p, guint32 col, guint32 s)
{
  guint32 src = neuro_trace_scale (col, s), d = *p, inv = 255 - (d >> 24);

  *p = d + neuro_trace_scale (src, inv + (inv >> 7));
}

/* coverage in [0, 1] (a little beyond from rounding) to 0..256 */
static inline guint32
neuro_trace_cov_s (gfloat cov)
{
  gfloat s = cov * 256.0f + 0.5f;

  if (!(s >= 1.0f))
    return 0;
  if (s >= 256.0f)
    return 256;
  return (guint32) s;
}

/* Fully covered runs: pixel column x0 + i (0 <= i < n) has rows
 * [r0[i], r1[i]) (none when r0 >= r1) at coverage 1.  Blended eight
 * columns at a time, each group over the rows its runs span. */
typedef struct
{
  guint8 *data;
  gint stride;
  gint x0, n;
  const gint *r0, *r1;
  guint32 col;
} NeuroRunJob;

/* the groups of eight columns [g0 * 8, g1 * 8) (the last one partial) */
void neuro_trace_runs_c (const NeuroRunJob * j, gint g0, gint g1);

/* Lines and fills are sampled on 16 vertical lines per pixel column
 * (lanes) at X = (k + 1/2) / 16 from the pixel's left edge; on each a
 * shape covers the interval [T[k], B[k]] (T > B: nothing). */
#define NEURO_TRACE_LANES 16

static const gfloat neuro_trace_lane_x[NEURO_TRACE_LANES] = {
  0.5f / 16, 1.5f / 16, 2.5f / 16, 3.5f / 16, 4.5f / 16, 5.5f / 16,
  6.5f / 16, 7.5f / 16, 8.5f / 16, 9.5f / 16, 10.5f / 16, 11.5f / 16,
  12.5f / 16, 13.5f / 16, 14.5f / 16, 15.5f / 16
};

/* a convex polygon on the lanes: bounds y <= k0 + k1 X (below[i]) or
 * y >= k0 + k1 X, and xa <= X <= xb (its vertical edges) */
typedef struct
{
  gint n;
  gfloat k0[4], k1[4];
  gboolean below[4];
  gfloat xa, xb;
} NeuroLanePoly;

/* T, B widened by the polygon's / the disk's sections */
void neuro_trace_lanes_poly_c (const NeuroLanePoly * s, gfloat * T,
    gfloat * B);
void neuro_trace_lanes_disk_c (gfloat cx, gfloat cy, gfloat h2, gfloat * T,
    gfloat * B);
/* lanes [ka, kb) of a band between two lines over one segment: at
 * f = CLAMP (f0 + df X, 0, 1), y = ya + dya f and yb + dyb f; T, B set to
 * their order, clamped to [glo, ghi] */
void neuro_trace_lanes_band_c (gint ka, gint kb, gfloat f0, gfloat df,
    gfloat ya, gfloat dya, gfloat yb, gfloat dyb, gfloat glo, gfloat ghi,
    gfloat * T, gfloat * B);

/* One pixel column's lanes into rows [ra, rb) of a canvas: rows outside
 * [f0, f1) get the lanes' coverage (summed in a fixed order), the rows
 * [f0, f1) inside every lane are left to the caller (fully covered). */
typedef struct
{
  guint8 *data;
  gint stride;
  gint x;
  gint cy0, cy1;
  guint32 col;
} NeuroLaneCol;

/* returns FALSE when the lanes are empty; else the full rows in *f0, *f1 */
gboolean neuro_trace_lanes_col_c (const NeuroLaneCol * c, const gfloat * T,
    const gfloat * B, gint * f0, gint * f1);

/* minimum and maximum of v[0 .. n-1] into *lo, *hi (NaN skipped: *lo and
 * *hi are only lowered / raised) */
void neuro_trace_minmax_c (const gfloat * v, gsize n, gfloat * lo,
    gfloat * hi);

/* The AVX2 twins; FALSE from _available when the CPU (or the build) has
 * none, and then the others must not be called. */
gboolean neuro_trace_simd_available (void);
void neuro_trace_env_simd (const NeuroEnvJob * j);
void neuro_trace_prep_simd (const NeuroEnvPrep * p);
void neuro_trace_runs_simd (const NeuroRunJob * j);
void neuro_trace_under_simd (const NeuroUnderJob * u);
void neuro_trace_comp_simd (const NeuroUnderJob * u);
void neuro_trace_lanes_poly_simd (const NeuroLanePoly * s, gfloat * T,
    gfloat * B);
void neuro_trace_lanes_disk_simd (gfloat cx, gfloat cy, gfloat h2,
    gfloat * T, gfloat * B);
void neuro_trace_lanes_band_simd (gint ka, gint kb, gfloat f0, gfloat df,
    gfloat ya, gfloat dya, gfloat yb, gfloat dyb, gfloat glo, gfloat ghi,
    gfloat * T, gfloat * B);
gboolean neuro_trace_lanes_col_simd (const NeuroLaneCol * c,
    const gfloat * T, const gfloat * B, gint * f0, gint * f1);
void neuro_trace_minmax_simd (const gfloat * v, gsize n, gfloat * lo,
    gfloat * hi);
/* neuro_trace_composite_row (): plain C, AVX2 (whole groups of eight; it
 * returns how many it did) */
void neuro_trace_over_row_c (guint32 * dst, const guint32 * src, gsize n);
gsize neuro_trace_over_row_simd (guint32 * dst, const guint32 * src, gsize n);

G_END_DECLS
