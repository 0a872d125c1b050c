/* gst-neuroviz
 * Copyright (C) 2024 gst-neuroviz developers
 *
 * This library is free software; you can redistribute it and/or modify it
 * under the terms of the GNU Lesser General Public License as published by
 * the Free Software Foundation; either version 2.1 of the License, or (at
 * your option) any later version.
 */

/* neurotrace: the data layers of a plot (lines, min/max envelopes, filled
 * areas, bars) rasterized straight into a NeuroCanvas, antialiased, without
 * cairo's general path machinery.
 *
 * Coverage.  Every shape is the union of its parts: a pixel's coverage is
 * the area of the union inside it, so a polyline has no seams at its joins
 * and a translucent line is no darker where segments overlap.  Areas are
 * exact in y; in x, lines and fills are sampled at 16 positions per pixel
 * column (each sample an exact vertical interval), bars and envelopes are
 * exact.  The coverage times the colour's alpha is blended source-over, in
 * 8 bits (premultiplied ARGB32, as cairo's CAIRO_FORMAT_ARGB32/RGB24).
 *
 * Lines.  A polyline of width w is the set of points within w/2 of it:
 * round joins (matplotlib's default) or bevel joins; butt, round or square
 * ("projecting", matplotlib's default) caps.  NaN in a coordinate breaks
 * the line; infinities and absurd values are clamped, and every shape is
 * clipped to the target rectangle, so nothing is written outside it.
 *
 * Envelopes.  Where a pixel column holds more than one sample, lines are
 * drawn as their min/max envelope (the technique of digital oscilloscopes):
 * column c covers exactly the y range [lo_c, hi_c] that the polyline
 * through the samples takes inside it, i.e. the min and max of the samples
 * in [c, c + 1) together with the line's values where it crosses the
 * column's edges (so neighbouring columns join into one continuous line
 * and no sample, spike or gap is lost between pixels).  The band is thickened by the line width
 * w: column c paints the rectangle
 *   [c + 1/2 - max (w/2, 1/2), c + 1/2 + max (w/2, 1/2)] x [lo_c - w/2, hi_c + w/2]
 * and the union of these rectangles is rasterized exactly.
 *
 * Usage: one NeuroTrace per element (it holds scratch memory, reused from
 * call to call), neuro_trace_set_target () once per frame and panel, then
 * any number of draw calls.  Not thread-safe; one context per thread. */
#pragma once

#include <glib.h>
#include "neuroaxes.h"

G_BEGIN_DECLS

/* matplotlib's lines.linewidth (points) and figure.dpi */
#define NEURO_TRACE_DEFAULT_POINTS 1.5
#define NEURO_TRACE_DEFAULT_DPI 100.0

typedef enum
{
  NEURO_TRACE_JOIN_ROUND = 0,
  NEURO_TRACE_JOIN_BEVEL = 1,
} NeuroTraceJoin;

typedef enum
{
  NEURO_TRACE_CAP_BUTT = 0,
  NEURO_TRACE_CAP_ROUND = 1,
  NEURO_TRACE_CAP_SQUARE = 2,   /* matplotlib's "projecting" */
} NeuroTraceCap;

typedef struct
{
  guint32 color;                /* straight 0xAARRGGBB */
  gdouble width;                /* pixels (see neuro_trace_points_to_pixels) */
  NeuroTraceJoin join;
  NeuroTraceCap cap;
} NeuroTracePen;

/* @points at @dpi in pixels (1 pt = 1/72 in). */
static inline gdouble
neuro_trace_points_to_pixels (gdouble points, gdouble dpi)
{
  return points * dpi / 72.0;
}

/* A pen as matplotlib's Line2D defaults: @points wide at @dpi, round
 * joins, projecting (square) caps. */
void neuro_trace_pen_init (NeuroTracePen * pen, guint32 color,
    gdouble points, gdouble dpi);

typedef struct _NeuroTrace NeuroTrace;

NeuroTrace *neuro_trace_new (void);
void neuro_trace_free (NeuroTrace * t);

/* Draw into @cv, clipped to the pixels [x0, x1) x [y0, y1) (intersected
 * with the canvas).  @cv must stay valid until the next call. */
void neuro_trace_set_target (NeuroTrace * t, NeuroCanvas * cv, gint x0,
    gint y0, gint x1, gint y1);

/* Polyline through (x[i], y[i]) in pixel coordinates (pixel (i, j) is the
 * square [i, i+1) x [j, j+1)).  A NaN coordinate ends the line; it starts
 * again at the next valid point.  A point alone draws nothing (as in
 * cairo and matplotlib), a zero-length segment a round or square dot. */
void neuro_trace_polyline (NeuroTrace * t, const NeuroTracePen * pen,
    const gdouble * x, const gdouble * y, gsize n);

/* Samples of one channel: sample j (0 <= j < n) is
 *   v[((start + j) & mask) * stride]
 * (mask = 0: no ring, i.e. v[(start + j) * stride]; for a ring of 2^k
 * values, mask = 2^k - 1). */
typedef struct
{
  const gfloat *v;
  gsize n;
  gsize start;
  gsize mask;
  gsize stride;
} NeuroTraceSamples;

/* v[0 .. n-1] */
static inline NeuroTraceSamples
neuro_trace_samples_plain (const gfloat * v, gsize n)
{
  NeuroTraceSamples s = { v, n, 0, 0, 1 };
  return s;
}

/* Sample j is drawn at x = x0 + j * dx (dx > 0, pixels per sample),
 * y = y0 + ys * v (ys < 0 for values growing upwards).  (The envelope
 * puts the column edge x at the sample position (x - x0) * (1 / dx).) */
typedef struct
{
  gdouble x0, dx;
  gdouble y0, ys;
} NeuroTraceMap;

/* The line through the samples: a polyline where the samples are at least
 * one pixel apart (dx >= 1), the min/max envelope where they are denser. */
void neuro_trace_samples (NeuroTrace * t, const NeuroTracePen * pen,
    const NeuroTraceSamples * s, const NeuroTraceMap * m);
/* Always the envelope (any dx). */
void neuro_trace_samples_envelope (NeuroTrace * t, const NeuroTracePen * pen,
    const NeuroTraceSamples * s, const NeuroTraceMap * m);
/* The envelope over the pixel columns [px0, px0 + ncols) with a column
 * map: column px0 + c spans the fractional sample positions
 * [pos[c], pos[c + 1]] (ncols + 1 non-decreasing values; samples at
 * integer positions, the line between them linear).  For irregular
 * sampling or columns that are not uniform in samples. */
void neuro_trace_samples_columns (NeuroTrace * t, const NeuroTracePen * pen,
    const NeuroTraceSamples * s, gint px0, gint ncols, const gdouble * pos,
    gdouble y0, gdouble ys);

/* The envelope from precomputed per-column values (data units, mapped by
 * y = y0 + ys * v): column c (0 <= c < ncols) is pixel column px0 + c and
 * reads index (c + rot) % ncols of the arrays (rot: a circular column
 * cache).  lo[i] > hi[i] or NaN: an empty column (a gap).  @first and
 * @last (both or neither) are the first and last sample of each column:
 * neighbours then join at the mean of one's last and the next's first;
 * without them, at the middle of the gap between their ranges. */
void neuro_trace_envelope (NeuroTrace * t, const NeuroTracePen * pen,
    gint px0, gint ncols, gint rot, const gfloat * lo, const gfloat * hi,
    const gfloat * first, const gfloat * last, gdouble y0, gdouble ys);

/* One channel of neuro_trace_envelopes (): per-column values as for
 * neuro_trace_envelope () (lo = NULL: nothing drawn), its vertical map and
 * colour (straight ARGB). */
typedef struct
{
  const gfloat *lo, *hi;
  const gfloat *first, *last;
  gdouble y0, ys;
  guint32 color;
} NeuroTraceChannel;

/* Channels 0 .. n-1, each as neuro_trace_envelope () with the pen's
 * width (its colour replaced by the channel's), channel 0 at the bottom
 * and n-1 on top.  The same picture (to 8-bit rounding: within 2 levels
 * per overlapping channel), composited front to back in a layer: pixels
 * already covered by opaque channels above are not drawn again, so many
 * overlapping traces (hundreds overlaid, thousands stacked) cost about
 * what is visible.  For a few channels, neuro_trace_envelope () is
 * cheaper (no layer). */
void neuro_trace_envelopes (NeuroTrace * t, const NeuroTracePen * pen,
    gint px0, gint ncols, gint rot, const NeuroTraceChannel * ch, gint n);

/* The y range (pixels, top <= bottom) of the zero-width line through the
 * samples inside each pixel column px0 .. px0 + ncols - 1: what the
 * envelope draws before the line width is added.  An empty column gets
 * top = +inf, bottom = -inf.  (The envelope's own computation; for tests
 * and for column caches.) */
void neuro_trace_column_extents (const NeuroTraceSamples * s,
    const NeuroTraceMap * m, gint px0, gint ncols, gfloat * top,
    gfloat * bottom);

/* The area between y1 and y2 over x (pixels; x non-decreasing: where it
 * decreases the area restarts), as matplotlib's fill_between; y2 = NULL
 * fills down (or up) to the constant @baseline.  A NaN in x, y1 or y2
 * leaves a gap.  One area down to a baseline (no gap, no restart) has
 * each pixel's exact area, row by row of every column (the rate panels);
 * the others the 16 lanes per column of the lines. */
void neuro_trace_fill_between (NeuroTrace * t, guint32 color,
    const gdouble * x, const gdouble * y1, const gdouble * y2,
    gdouble baseline, gsize n);

typedef struct
{
  gdouble x0, y0, x1, y1;       /* any two opposite corners, pixels */
} NeuroTraceRect;

/* Rectangles with antialiased edges (bars, histogram bins); overlapping
 * rectangles are painted as their union.  A NaN coordinate skips a bar. */
void neuro_trace_bars (NeuroTrace * t, guint32 color,
    const NeuroTraceRect * bars, gsize n);

/* Folds the minimum and maximum of v[0 .. n-1] into *lo and *hi (NaN
 * skipped): the min/max of a column's samples, for column caches; AVX2
 * where the CPU has it. */
void neuro_trace_minmax (const gfloat * v, gsize n, gfloat * lo, gfloat * hi);

/* @n premultiplied pixels of @src composited over @dst (source-over, as
 * neuro_pixel_over ()): for a layer drawn once and kept.  Eight pixels at
 * a time with AVX2, the same result. */
void neuro_trace_composite_row (guint32 * dst, const guint32 * src, gsize n);

/* Tests and benchmarks: FALSE forces the plain C kernels (the SIMD ones
 * must give the same pixels).  Returns whether SIMD kernels are used. */
gboolean neuro_trace_use_simd (NeuroTrace * t, gboolean enable);

G_END_DECLS
