/* gst-neuroviz
 * Copyright (C) 2024 gst-neuroviz developers
 *
 * This library is free software; you can redistribute it and/or modify it
 * under the terms of the GNU Lesser General Public License as published by
 * the Free Software Foundation; either version 2.1 of the License, or (at
 * your option) any later version.
 */

/* The trace rasterizer (gst-plugins/neurotrace.[ch]) against cairo and
 * against geometry: lines, joins, caps, envelopes, fills, bars, alpha,
 * clipping, NaN gaps, absurd coordinates, and the SIMD kernels against
 * their plain C twins.
 *
 * The coverage bound against cairo.  Both rasterizers approximate the
 * exact area of the shape in each pixel:
 *  - neurotrace is exact in y and samples x on 16 sub-columns: on a pixel
 *    whose coverage varies by V across its width (V <= 1 for one edge
 *    through it, V <= 2 for two) the midpoint rule errs by at most V/32,
 *    and not at all on the straight parts of non-vertical edges;
 *  - cairo's scan converter (tor, cairo 1.16) is exact in x (1/256 px) and
 *    samples y on 15 sub-rows in pixel rows where an edge starts, ends or
 *    crosses another (V/30), exactly elsewhere; it draws circles as
 *    polygons within the tolerance (0.01 px here: at most ~0.015 of a
 *    pixel), and rounds vertices to 1/256 px;
 *  - both round coverage to 8 bits and blend in 8 bits (1/255 each).
 * So a pixel crossed by one edge differs by at most 1/32 + 1/30 + 0.015 +
 * 2/255 ~ 0.09, one crossed by two (a thin line, a corner) by at most
 * 2/32 + 2/30 + 0.015 + 2/255 ~ 0.15: MAX_DIFF (38/255).  (Measured:
 * 17/255 at most.)  On average: where a near-vertical edge crosses a pixel
 * the x sampling's error is uniform in +-1/32, 1/64 (4/255) on average,
 * and cairo's sub-rows add little there; other pixels are all but exact.
 * So the mean over the pixels either rasterizer touches stays below
 * MEAN_DIFF = 4.5/255 even for a picture made only of steep thin lines
 * (measured: 3.3 for a dense zigzag 0.6 px wide, 0.1 to 0.8 for traces). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <cairo.h>
#include <math.h>
#include <string.h>

#include "neuroaxes.h"
#include "neurocolormap.h"
#include "neurotrace.h"

#define MAX_DIFF 38
#define MEAN_DIFF 4.5

/* ------------------------------------------------------------- harness */

typedef struct
{
  cairo_surface_t *s;
  NeuroCanvas cv;
} Surf;

static void
surf_init (Surf * f, gint w, gint h, guint32 fill)
{
  gint x, y;

  f->s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  f->cv.data = cairo_image_surface_get_data (f->s);
  f->cv.stride = cairo_image_surface_get_stride (f->s);
  f->cv.width = w;
  f->cv.height = h;
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      neuro_canvas_row (&f->cv, y)[x] = fill;
  cairo_surface_mark_dirty (f->s);
}

static void
surf_clear (Surf * f)
{
  cairo_surface_destroy (f->s);
}

static guint32
px (const Surf * f, gint x, gint y)
{
  return neuro_canvas_row (&f->cv, y)[x];
}

static cairo_t *
cairo_for (Surf * f, guint32 argb)
{
  cairo_t *cr = cairo_create (f->s);

  cairo_set_tolerance (cr, 0.01);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
  neuro_cairo_set_source_argb (cr, argb, 1.0);
  return cr;
}

typedef struct
{
  gint max;                     /* largest difference of a channel */
  gdouble mean;                 /* over pixels touched by either */
  gint touched;
  gint maxx, maxy;
} Diff;

static Diff
compare (const Surf * a, const Surf * b, guint32 bg)
{
  Diff d = { 0, 0, 0, 0, 0 };
  gdouble sum = 0;
  gint x, y, c;

  for (y = 0; y < a->cv.height; y++)
    for (x = 0; x < a->cv.width; x++) {
      guint32 p = px (a, x, y), q = px (b, x, y);
      gint m = 0;

      if (p == bg && q == bg)
        continue;
      for (c = 0; c < 32; c += 8)
        m = MAX (m, ABS ((gint) ((p >> c) & 0xff) - (gint) ((q >> c) & 0xff)));
      sum += m;
      d.touched++;
      if (m > d.max) {
        d.max = m;
        d.maxx = x;
        d.maxy = y;
      }
    }
  d.mean = d.touched ? sum / d.touched : 0;
  cairo_surface_mark_dirty (a->s);
  return d;
}

static void
cairo_path_xy (cairo_t * cr, const gdouble * x, const gdouble * y, gint n)
{
  gboolean pen = FALSE;
  gint i;

  for (i = 0; i < n; i++) {
    if (isnan (x[i]) || isnan (y[i])) {
      pen = FALSE;
      continue;
    }
    if (pen)
      cairo_line_to (cr, x[i], y[i]);
    else
      cairo_move_to (cr, x[i], y[i]);
    pen = TRUE;
  }
}

static const cairo_line_join_t cairo_joins[] = {
  CAIRO_LINE_JOIN_ROUND, CAIRO_LINE_JOIN_BEVEL
};

static const cairo_line_cap_t cairo_caps[] = {
  CAIRO_LINE_CAP_BUTT, CAIRO_LINE_CAP_ROUND, CAIRO_LINE_CAP_SQUARE
};

/* the same polyline by cairo and by neurotrace on a background @bg */
static Diff
line_vs_cairo (gint w, gint h, guint32 bg, const NeuroTracePen * pen,
    const gdouble * x, const gdouble * y, gint n)
{
  Surf a, b;
  NeuroTrace *t = neuro_trace_new ();
  cairo_t *cr;
  Diff d;

  surf_init (&a, w, h, bg);
  surf_init (&b, w, h, bg);
  cr = cairo_for (&a, pen->color);
  cairo_set_line_width (cr, pen->width);
  cairo_set_line_join (cr, cairo_joins[pen->join]);
  cairo_set_line_cap (cr, cairo_caps[pen->cap]);
  cairo_path_xy (cr, x, y, n);
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_flush (a.s);
  neuro_trace_set_target (t, &b.cv, 0, 0, w, h);
  neuro_trace_polyline (t, pen, x, y, n);
  d = compare (&a, &b, bg);
  neuro_trace_free (t);
  surf_clear (&a);
  surf_clear (&b);
  return d;
}

static void
pen_set (NeuroTracePen * pen, guint32 col, gdouble width, gint join, gint cap)
{
  pen->color = col;
  pen->width = width;
  pen->join = join;
  pen->cap = cap;
}

/* ---------------------------------------------------------------- lines */

GST_START_TEST (test_pen)
{
  NeuroTracePen pen;

  neuro_trace_pen_init (&pen, 0xff112233, NEURO_TRACE_DEFAULT_POINTS,
      NEURO_TRACE_DEFAULT_DPI);
  fail_unless (fabs (pen.width - 1.5 * 100 / 72) < 1e-12);
  fail_unless_equals_int (pen.join, NEURO_TRACE_JOIN_ROUND);
  fail_unless_equals_int (pen.cap, NEURO_TRACE_CAP_SQUARE);
  fail_unless_equals_int (pen.color, 0xff112233);
}

GST_END_TEST;

/* A horizontal line's rows get exactly their overlap with it. */
GST_START_TEST (test_horizontal_exact)
{
  Surf f;
  NeuroTrace *t = neuro_trace_new ();
  NeuroTracePen pen;
  gdouble x[2] = { 10, 90 }, y[2] = { 20.25, 20.25 };
  gint i;

  surf_init (&f, 100, 40, 0);
  neuro_trace_set_target (t, &f.cv, 0, 0, 100, 40);
  pen_set (&pen, 0xffffffff, 2.0, NEURO_TRACE_JOIN_ROUND,
      NEURO_TRACE_CAP_BUTT);
  neuro_trace_polyline (t, &pen, x, y, 2);
  /* [19.25, 21.25]: rows 19, 20, 21 covered 0.75, 1, 0.25 */
  for (i = 10; i < 90; i++) {
    fail_unless_equals_int (px (&f, i, 18), 0);
    fail_unless_equals_int (px (&f, i, 19), 0xbfbfbfbf);
    fail_unless_equals_int (px (&f, i, 20), 0xffffffff);
    fail_unless_equals_int (px (&f, i, 21), 0x40404040);
    fail_unless_equals_int (px (&f, i, 22), 0);
  }
  /* butt caps end at the points */
  fail_unless_equals_int (px (&f, 9, 20), 0);
  fail_unless_equals_int (px (&f, 90, 20), 0);
  /* a square cap adds half the width: 1 px */
  pen.cap = NEURO_TRACE_CAP_SQUARE;
  neuro_trace_polyline (t, &pen, x, y, 2);
  fail_unless_equals_int (px (&f, 9, 20), 0xffffffff);
  fail_unless_equals_int (px (&f, 90, 20), 0xffffffff);
  fail_unless_equals_int (px (&f, 8, 20), 0);
  fail_unless_equals_int (px (&f, 91, 20), 0);
  neuro_trace_free (t);
  surf_clear (&f);
}

GST_END_TEST;

static gdouble
frand (GRand * r, gdouble lo, gdouble hi)
{
  return g_rand_double_range (r, lo, hi);
}

/* Polylines of every kind, width, join and cap against cairo's strokes. */
GST_START_TEST (test_lines_vs_cairo)
{
  static const gdouble widths[] = { 0.6, 1.0, 1.5 * 100 / 72, 3.3, 7.0 };
  GRand *r = g_rand_new_with_seed (11);
  gdouble x[64], y[64];
  gint kind, wi, join, cap, i, worst = 0;
  gdouble worst_mean = 0;

  for (kind = 0; kind < 4; kind++)
    for (wi = 0; wi < (gint) G_N_ELEMENTS (widths); wi++)
      for (join = 0; join < 2; join++)
        for (cap = 0; cap < 3; cap++) {
          NeuroTracePen pen;
          gint n = 0;
          Diff d;

          switch (kind) {
            case 0:            /* a trace: one point every 3 px */
              for (i = 0; i < 60; i++, n++) {
                x[i] = 8.3 + 3.1 * i;
                y[i] = 60 + 30 * sin (i * 0.31) + frand (r, -8, 8);
              }
              break;
            case 1:            /* a dense zigzag: sharp joins */
              for (i = 0; i < 40; i++, n++) {
                x[i] = 20.2 + 1.3 * i;
                y[i] = (i & 1) ? frand (r, 20, 40) : frand (r, 80, 100);
              }
              break;
            case 2:            /* a scribble: any direction */
              for (i = 0; i < 14; i++, n++) {
                x[i] = frand (r, 10, 190);
                y[i] = frand (r, 10, 110);
              }
              break;
            default:           /* steep and flat, with gaps */
              for (i = 0; i < 30; i++, n++) {
                x[i] = 12 + 6 * i + frand (r, 0, 0.9);
                y[i] = (i % 5 == 0) ? frand (r, 10, 110) : 60 + frand (r, -2, 2);
                if (i % 9 == 4)
                  y[i] = NAN;
              }
              break;
          }
          pen_set (&pen, 0xffffffff, widths[wi], join, cap);
          d = line_vs_cairo (200, 120, 0, &pen, x, y, n);
          GST_INFO ("kind %d width %.2f join %d cap %d: max %d at %d,%d, "
              "mean %.3f over %d", kind, widths[wi], join, cap, d.max, d.maxx,
              d.maxy, d.mean, d.touched);
          fail_unless (d.max <= MAX_DIFF, "kind %d width %g join %d cap %d: "
              "pixel %d,%d differs by %d", kind, widths[wi], join, cap,
              d.maxx, d.maxy, d.max);
          fail_unless (d.mean <= MEAN_DIFF, "kind %d width %g join %d cap %d:"
              " mean difference %g", kind, widths[wi], join, cap, d.mean);
          worst = MAX (worst, d.max);
          worst_mean = MAX (worst_mean, d.mean);
        }
  g_print ("lines vs cairo: largest difference %d/255, largest mean %.3f\n",
      worst, worst_mean);
  g_rand_free (r);
}

GST_END_TEST;

/* distance from (px, py) to segment a-b */
static gdouble
seg_dist (gdouble px, gdouble py, gdouble ax, gdouble ay, gdouble bx,
    gdouble by)
{
  gdouble dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy, u;

  u = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
  u = CLAMP (u, 0, 1);
  return hypot (px - ax - u * dx, py - ay - u * dy);
}

/* The line is the union of its segments: with round joins and caps, a
 * pixel whose square lies within w/2 of the polyline is fully covered
 * (joins leave no notch or seam), one that lies beyond is untouched; a
 * translucent line is never darker than its colour where segments overlap
 * (no pixel is painted twice). */
GST_START_TEST (test_union_no_seams)
{
  GRand *r = g_rand_new_with_seed (5);
  gint trial;

  for (trial = 0; trial < 6; trial++) {
    const gint w = 160, h = 100;
    gdouble x[24], y[24], hw = trial < 3 ? 1.5 : 4.2;
    NeuroTracePen pen;
    NeuroTrace *t = neuro_trace_new ();
    Surf f, g;
    gint i, n = 24, X, Y, full = 0, empty = 0;

    for (i = 0; i < n; i++) {
      x[i] = frand (r, 15, w - 15);
      y[i] = frand (r, 15, h - 15);
      if (trial % 3 == 1) {     /* monotone, with sharp turns */
        x[i] = 15 + i * 5.3;
        y[i] = (i & 1) ? 20 : 80;
      }
    }
    surf_init (&f, w, h, 0);
    neuro_trace_set_target (t, &f.cv, 0, 0, w, h);
    pen_set (&pen, 0xffffffff, 2 * hw, NEURO_TRACE_JOIN_ROUND,
        NEURO_TRACE_CAP_ROUND);
    neuro_trace_polyline (t, &pen, x, y, n);
    for (Y = 0; Y < h; Y++)
      for (X = 0; X < w; X++) {
        gdouble d = G_MAXDOUBLE;

        for (i = 0; i + 1 < n; i++)
          d = MIN (d, seg_dist (X + 0.5, Y + 0.5, x[i], y[i], x[i + 1],
                  y[i + 1]));
        /* the pixel's square is within d +- sqrt(2)/2 of the line */
        if (d + M_SQRT1_2 < hw - 1e-6) {
          fail_unless (px (&f, X, Y) == 0xffffffff, "trial %d: pixel %d,%d "
              "inside the line is %08x", trial, X, Y, px (&f, X, Y));
          full++;
        } else if (d - M_SQRT1_2 > hw + 1e-6) {
          fail_unless (px (&f, X, Y) == 0, "trial %d: pixel %d,%d outside "
              "the line is %08x", trial, X, Y, px (&f, X, Y));
          empty++;
        }
      }
    fail_unless (full > 200 && empty > 1000);

    /* translucent: no pixel darker than one coat */
    surf_init (&g, w, h, 0xffffffff);
    neuro_trace_set_target (t, &g.cv, 0, 0, w, h);
    pen.color = 0x80000000;
    neuro_trace_polyline (t, &pen, x, y, n);
    for (Y = 0; Y < h; Y++)
      for (X = 0; X < w; X++) {
        guint32 v = px (&g, X, Y);

        fail_unless ((v & 0xff) >= 0x7f, "trial %d: pixel %d,%d painted "
            "twice: %08x", trial, X, Y, v);
        if (px (&f, X, Y) == 0xffffffff)
          fail_unless_equals_int (v, 0xff7f7f7f);
      }
    neuro_trace_free (t);
    surf_clear (&f);
    surf_clear (&g);
  }
  g_rand_free (r);
}

GST_END_TEST;

/* translucent lines against cairo (which strokes a path as a union too) */
GST_START_TEST (test_translucent_vs_cairo)
{
  GRand *r = g_rand_new_with_seed (3);
  gdouble x[40], y[40];
  gint i, join;

  for (i = 0; i < 40; i++) {
    x[i] = 10 + 4.5 * i;
    y[i] = (i & 1) ? frand (r, 10, 50) : frand (r, 60, 110);
  }
  for (join = 0; join < 2; join++) {
    NeuroTracePen pen;
    Diff d;

    pen_set (&pen, 0x99c03020, 3.0, join, NEURO_TRACE_CAP_SQUARE);
    d = line_vs_cairo (200, 120, 0xff204060, &pen, x, y, 40);
    fail_unless (d.max <= MAX_DIFF && d.mean <= MEAN_DIFF,
        "join %d: max %d at %d,%d mean %g", join, d.max, d.maxx, d.maxy,
        d.mean);
  }
  g_rand_free (r);
}

GST_END_TEST;

/* Alpha blending: a fully covered pixel is the colour over the background
 * (neuro_pixel_over ()), a partly covered one the colour scaled by the
 * coverage over it. */
GST_START_TEST (test_alpha_blending)
{
  static const guint32 cols[] = { 0x80ff0000, 0x4000ff80, 0xff123456,
    0x01ffffff
  };
  static const guint32 bgs[] = { 0xffffffff, 0xff000000, 0x80402010, 0 };
  gdouble x[2] = { 5, 45 }, y[2] = { 10.5, 10.5 };
  gint ci, bi;

  for (ci = 0; ci < (gint) G_N_ELEMENTS (cols); ci++)
    for (bi = 0; bi < (gint) G_N_ELEMENTS (bgs); bi++) {
      Surf f;
      NeuroTrace *t = neuro_trace_new ();
      NeuroTracePen pen;
      guint32 full = bgs[bi], half = bgs[bi], c = neuro_argb_premultiply
          (cols[ci]);
      guint32 c2;

      surf_init (&f, 50, 20, bgs[bi]);
      neuro_trace_set_target (t, &f.cv, 0, 0, 50, 20);
      /* [9.5, 11.5]: rows 9 and 11 half covered, row 10 full */
      pen_set (&pen, cols[ci], 2.0, NEURO_TRACE_JOIN_ROUND,
          NEURO_TRACE_CAP_BUTT);
      neuro_trace_polyline (t, &pen, x, y, 2);
      neuro_pixel_over (&full, c);
      /* half coverage: each channel c * 128 / 256, rounded */
      c2 = ((((c & 0x00ff00ff) * 128 + 0x00800080) >> 8) & 0x00ff00ff) |
          ((((c >> 8) & 0x00ff00ff) * 128 + 0x00800080) & 0xff00ff00);
      neuro_pixel_over (&half, c2);
      fail_unless_equals_int (px (&f, 20, 10), full);
      fail_unless_equals_int (px (&f, 20, 9), half);
      fail_unless_equals_int (px (&f, 20, 11), half);
      fail_unless_equals_int (px (&f, 20, 8), bgs[bi]);
      neuro_trace_free (t);
      surf_clear (&f);
    }
}

GST_END_TEST;

/* ------------------------------------------------------------- envelope */

/* the column extents by brute force: the polyline's y range inside
 * column p, in data units: its samples in [p, p + 1), and where a segment
 * crosses the column, its values at the column's edges */
static void
brute_extent (const gfloat * v, gint n, gdouble x0, gdouble dx, gint p,
    gdouble * lo, gdouble * hi)
{
  gint j;

  *lo = INFINITY;
  *hi = -INFINITY;
  for (j = 0; j < n; j++) {
    gdouble xj = x0 + j * dx, xk = x0 + (j + 1) * dx;
    gint e;

    if (xj >= p && xj < p + 1 && !isnan (v[j])) {
      *lo = MIN (*lo, v[j]);
      *hi = MAX (*hi, v[j]);
    }
    if (j + 1 >= n || isnan (v[j]) || isnan (v[j + 1]) || !(xj < p + 1
            && xk > p))
      continue;
    for (e = p; e <= p + 1; e++) {
      gdouble u = (e - x0) / dx - j, val = NAN;

      if (u > 0 && u < 1)
        val = v[j] + u * ((gdouble) v[j + 1] - v[j]);
      else if (u == 1 && e == p + 1)
        val = v[j + 1];
      if (!isnan (val)) {
        *lo = MIN (*lo, val);
        *hi = MAX (*hi, val);
      }
    }
  }
}

static gfloat *
noisy_samples (GRand * r, gint n, gboolean gaps)
{
  gfloat *v = g_new (gfloat, n);
  gint j;

  for (j = 0; j < n; j++) {
    v[j] = (gfloat) (sin (j * 0.01) + frand (r, -0.4, 0.4));
    if (j % 997 == 0)
      v[j] = 3.5f;              /* a spike */
    if (gaps && (j / 300) % 7 == 3)
      v[j] = NAN;
    if (gaps && j % 1301 == 0)
      v[j] = NAN;               /* a lone NaN */
  }
  return v;
}

/* The envelope's columns hold exactly the samples' min and max and the
 * line's values at the column edges; every sample's pixel is drawn. */
GST_START_TEST (test_envelope_exact)
{
    /* binary fractions with binary reciprocals: sample positions and
   * column edges compare exactly */
  static const gdouble dxs[] = { 0.125, 0.25, 0.5, 2.0 };
  GRand *r = g_rand_new_with_seed (17);
  gint di;

  for (di = 0; di < (gint) G_N_ELEMENTS (dxs); di++) {
    const gint W = 300, H = 120, n = (gint) (280 / dxs[di]);
    gfloat *v = noisy_samples (r, n, TRUE);
    NeuroTraceSamples s = neuro_trace_samples_plain (v, n);
    NeuroTraceMap m = { 7.25, dxs[di], 60, -20 };
    gfloat *top = g_new (gfloat, W), *bot = g_new (gfloat, W);
    NeuroTrace *t = neuro_trace_new ();
    NeuroTracePen pen;
    Surf f;
    gint p, j, checked = 0;

    neuro_trace_column_extents (&s, &m, 0, W, top, bot);
    for (p = 0; p < W; p++) {
      gdouble lo, hi;

      brute_extent (v, n, m.x0, m.dx, p, &lo, &hi);
      if (lo > hi) {
        fail_unless (top[p] == INFINITY && bot[p] == -INFINITY,
            "column %d should be empty", p);
        continue;
      }
      /* ys < 0: the top is the maximum */
      fail_unless (top[p] == (gfloat) (m.y0 + m.ys * hi)
          && bot[p] == (gfloat) (m.y0 + m.ys * lo),
          "dx %g column %d: %g..%g, expected %g..%g", m.dx, p, top[p],
          bot[p], m.y0 + m.ys * hi, m.y0 + m.ys * lo);
    }

    /* drawn: each sample's pixel at least half covered (w >= 1) */
    surf_init (&f, W, H, 0);
    neuro_trace_set_target (t, &f.cv, 0, 0, W, H);
    pen_set (&pen, 0xffffffff, 1.0, NEURO_TRACE_JOIN_ROUND,
        NEURO_TRACE_CAP_BUTT);
    neuro_trace_samples_envelope (t, &pen, &s, &m);
    for (j = 0; j < n; j++) {
      gdouble xx = m.x0 + j * m.dx, yy = m.y0 + m.ys * v[j];

      if (isnan (v[j]) || xx >= W || yy < 0 || yy >= H)
        continue;
      fail_unless (px (&f, (gint) xx, (gint) yy) >> 24 >= 127,
          "dx %g: sample %d at %g,%g not drawn", m.dx, j, xx, yy);
      checked++;
    }
    fail_unless (checked > n / 3, "dx %g: %d of %d samples checked", m.dx,
        checked, n);
    /* and nothing beyond the band: w = 1 adds 0.5 above and below */
    for (p = 0; p < W; p++) {
      gint y;

      for (y = 0; y < H; y++) {
        gboolean inside = top[p] <= bot[p] && y + 1 > top[p] - 0.5
            && y < bot[p] + 0.5;

        if (!inside) {
          fail_unless_equals_int (px (&f, p, y), 0);
        } else if (y >= top[p] - 0.5 && y + 1 <= bot[p] + 0.5) {
          fail_unless_equals_int (px (&f, p, y), 0xffffffff);
        }
      }
    }
    neuro_trace_free (t);
    surf_clear (&f);
    g_free (top);
    g_free (bot);
    g_free (v);
  }
  g_rand_free (r);
}

GST_END_TEST;

/* The thickened envelope is the union of its columns' rectangles:
 * against cairo filling those rectangles (winding rule: the union). */
GST_START_TEST (test_envelope_vs_cairo)
{
  static const gdouble widths[] = { 0.5, 1.0, 1.5 * 100 / 72, 2.5, 4.0,
    11.0
  };
  GRand *r = g_rand_new_with_seed (23);
  gint wi;

  for (wi = 0; wi < (gint) G_N_ELEMENTS (widths); wi++) {
    const gint W = 240, H = 120, n = 2000;
    gfloat *v = noisy_samples (r, n, TRUE);
    NeuroTraceSamples s = neuro_trace_samples_plain (v, n);
    NeuroTraceMap m = { 10.6, 0.11, 60, -18 };
    gfloat top[240], bot[240];
    gdouble hw = widths[wi] / 2, hx = MAX (hw, 0.5);
    NeuroTrace *t = neuro_trace_new ();
    NeuroTracePen pen;
    Surf a, b;
    cairo_t *cr;
    Diff d;
    gint p;

    neuro_trace_column_extents (&s, &m, 0, W, top, bot);
    surf_init (&a, W, H, 0);
    surf_init (&b, W, H, 0);
    cr = cairo_for (&a, 0xffffffff);
    cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
    for (p = 0; p < W; p++)
      if (top[p] <= bot[p])
        cairo_rectangle (cr, p + 0.5 - hx, top[p] - hw, 2 * hx,
            bot[p] - top[p] + 2 * hw);
    cairo_fill (cr);
    cairo_destroy (cr);
    cairo_surface_flush (a.s);
    neuro_trace_set_target (t, &b.cv, 0, 0, W, H);
    pen_set (&pen, 0xffffffff, widths[wi], NEURO_TRACE_JOIN_ROUND,
        NEURO_TRACE_CAP_BUTT);
    neuro_trace_samples (t, &pen, &s, &m);
    d = compare (&a, &b, 0);
    GST_INFO ("width %g: max %d mean %.3f", widths[wi], d.max, d.mean);
    /* both exact in x here (axis-aligned edges): only cairo's sub-rows
     * in rows where rectangles start or end, and 8-bit rounding */
    fail_unless (d.max <= 12 && d.mean <= 1.0,
        "width %g: max %d at %d,%d, mean %g", widths[wi], d.max, d.maxx,
        d.maxy, d.mean);
    neuro_trace_free (t);
    surf_clear (&a);
    surf_clear (&b);
    g_free (v);
  }
  g_rand_free (r);
}

GST_END_TEST;

/* Precomputed per-column values draw what the samples draw; a ring of
 * columns (rot) the same as the unrotated arrays; columns whose ranges do
 * not touch are joined. */
GST_START_TEST (test_envelope_precomputed)
{
  GRand *r = g_rand_new_with_seed (29);
  const gint W = 200, H = 100, n = 1500;
  gfloat *v = noisy_samples (r, n, TRUE);
  NeuroTraceSamples s = neuro_trace_samples_plain (v, n);
  NeuroTraceMap m = { 3.0, 0.13, 50, -15 };
  gfloat lo[200], hi[200], rlo[200], rhi[200];
  NeuroTrace *t = neuro_trace_new ();
  NeuroTracePen pen;
  Surf a, b, c;
  Diff d;
  gint p, rot = 77, y;

  /* extents in data units (ys = 1, y0 = 0) */
  {
    NeuroTraceMap id = m;

    id.y0 = 0;
    id.ys = 1;
    neuro_trace_column_extents (&s, &id, 0, W, lo, hi);
  }
  for (p = 0; p < W; p++) {
    if (lo[p] > hi[p]) {
      lo[p] = NAN;
      hi[p] = NAN;
    }
    rlo[(p + rot) % W] = lo[p];
    rhi[(p + rot) % W] = hi[p];
  }
  pen_set (&pen, 0xff3060c0, 1.5 * 100 / 72, NEURO_TRACE_JOIN_ROUND,
      NEURO_TRACE_CAP_BUTT);
  surf_init (&a, W, H, 0xffffffff);
  surf_init (&b, W, H, 0xffffffff);
  neuro_trace_set_target (t, &a.cv, 0, 0, W, H);
  neuro_trace_samples_envelope (t, &pen, &s, &m);
  neuro_trace_set_target (t, &b.cv, 0, 0, W, H);
  neuro_trace_envelope (t, &pen, 0, W, 0, lo, hi, NULL, NULL, m.y0, m.ys);
  /* the same but for rounding: the extents went through floats in data
   * units (the line's values at column edges are not floats) */
  d = compare (&a, &b, 0xffffffff);
  fail_unless (d.max <= 1, "precomputed: %d at %d,%d", d.max, d.maxx,
      d.maxy);
  /* rotated arrays: exactly the unrotated picture */
  surf_init (&c, W, H, 0xffffffff);
  neuro_trace_set_target (t, &c.cv, 0, 0, W, H);
  neuro_trace_envelope (t, &pen, 0, W, rot, rlo, rhi, NULL, NULL, m.y0,
      m.ys);
  fail_unless (memcmp (b.cv.data, c.cv.data, (gsize) H * b.cv.stride) == 0);
  surf_clear (&a);
  surf_clear (&b);
  surf_clear (&c);

  /* two columns far apart in value: joined at the middle (no first/last)
   * or at the mean of the last and the next first */
  {
    gfloat l2[2] = { 10, 60 }, h2[2] = { 12, 62 };
    gfloat first[2] = { 10, 62 }, last[2] = { 12, 61 };

    surf_init (&a, 20, 80, 0);
    neuro_trace_set_target (t, &a.cv, 0, 0, 20, 80);
    pen.width = 1.0;
    pen.color = 0xffffffff;
    neuro_trace_envelope (t, &pen, 5, 2, 0, l2, h2, NULL, NULL, 0, 1);
    /* column 5: [9.5, 36.5], column 6: [35.5, 62.5] */
    for (y = 0; y < 80; y++) {
      fail_unless_equals_int (px (&a, 5, y), (y >= 10 && y < 36) ?
          0xffffffff : (y == 9 || y == 36) ? 0x80808080 : 0);
      fail_unless_equals_int (px (&a, 6, y), (y >= 36 && y < 62) ?
          0xffffffff : (y == 35 || y == 62) ? 0x80808080 : 0);
    }
    surf_clear (&a);
    surf_init (&a, 20, 80, 0);
    neuro_trace_set_target (t, &a.cv, 0, 0, 20, 80);
    neuro_trace_envelope (t, &pen, 5, 2, 0, l2, h2, first, last, 0, 1);
    /* joined at (12 + 62) / 2 = 37: column 5 [9.5, 37.5], 6 [36.5, 62.5] */
    fail_unless_equals_int (px (&a, 5, 36), 0xffffffff);
    fail_unless_equals_int (px (&a, 5, 37), 0x80808080);
    fail_unless_equals_int (px (&a, 6, 36), 0x80808080);
    fail_unless_equals_int (px (&a, 6, 35), 0);
    surf_clear (&a);
  }
  neuro_trace_free (t);
  g_free (v);
  g_rand_free (r);
}

GST_END_TEST;

/* Many channels composited front to back give the picture of drawing
 * them one by one (to the 8-bit rounding of each coat), on opaque and
 * transparent backgrounds, opaque and translucent colours, overlaid and
 * stacked; the AVX2 path gives the C path's pixels; nothing outside the
 * target rectangle is written. */
GST_START_TEST (test_envelopes_layered)
{
  GRand *r = g_rand_new_with_seed (61);
  const gint W = 230, H = 120, nc = 250, nch = 40;
  gint trial;

  for (trial = 0; trial < 8; trial++) {
    gboolean stacked = trial & 1, translucent = trial & 2, clear = trial & 4;
    NeuroTraceChannel ch[40];
    gfloat *lo = g_new (gfloat, nc * nch), *hi = g_new (gfloat, nc * nch);
    gfloat *fi = g_new (gfloat, nc * nch), *la = g_new (gfloat, nc * nch);
    guint32 bg = clear ? 0 : 0xfff0f0f0;
    NeuroTrace *t = neuro_trace_new ();
    NeuroTracePen pen;
    Surf a, b, c;
    Diff d;
    gint k, i, X, Y, rot = g_rand_int_range (r, 0, nc);

    for (k = 0; k < nch; k++) {
      gdouble ph = frand (r, 0, 6);

      for (i = 0; i < nc; i++) {
        gfloat v = (gfloat) (sin (i * 0.05 + ph) + frand (r, -0.5, 0.5));

        lo[k * nc + i] = v - (gfloat) frand (r, 0, 0.6);
        hi[k * nc + i] = v + (gfloat) frand (r, 0, 0.6);
        fi[k * nc + i] = v;
        la[k * nc + i] = v;
        if ((i + k) % 37 == 0)
          lo[k * nc + i] = NAN;
      }
      ch[k].lo = lo + k * nc;
      ch[k].hi = hi + k * nc;
      ch[k].first = (k % 3) ? fi + k * nc : NULL;
      ch[k].last = (k % 3) ? la + k * nc : NULL;
      ch[k].y0 = stacked ? 10 + k * 2.5 : H / 2.0;
      ch[k].ys = stacked ? -3 : -30;
      ch[k].color = neuro_colormap_map (NEURO_COLORMAP_VIRIDIS, k, 0, nch - 1,
          0xff000000);
      if (translucent)
        ch[k].color = (ch[k].color & 0xffffff) | ((guint32) (60 + 4 * k) <<
            24);
    }
    pen_set (&pen, 0, trial < 4 ? 1.5 * 100 / 72 : 3.5,
        NEURO_TRACE_JOIN_ROUND, NEURO_TRACE_CAP_BUTT);
    surf_init (&a, W, H, bg);
    surf_init (&b, W, H, bg);
    surf_init (&c, W, H, bg);
    for (i = 0; i < W * H; i++)
      if (i % 7 == 0)
        ((guint32 *) a.cv.data)[i] = ((guint32 *) b.cv.data)[i] =
            ((guint32 *) c.cv.data)[i] = clear ? 0x40102030 : 0xff102030;
    /* one by one */
    neuro_trace_set_target (t, &a.cv, 4, 3, W - 5, H - 2);
    for (k = 0; k < nch; k++) {
      pen.color = ch[k].color;
      neuro_trace_envelope (t, &pen, -3, nc, rot, ch[k].lo, ch[k].hi,
          ch[k].first, ch[k].last, ch[k].y0, ch[k].ys);
    }
    /* layered, SIMD and C */
    neuro_trace_use_simd (t, TRUE);
    neuro_trace_set_target (t, &b.cv, 4, 3, W - 5, H - 2);
    neuro_trace_envelopes (t, &pen, -3, nc, rot, ch, nch);
    neuro_trace_use_simd (t, FALSE);
    neuro_trace_set_target (t, &c.cv, 4, 3, W - 5, H - 2);
    neuro_trace_envelopes (t, &pen, -3, nc, rot, ch, nch);
    fail_unless (memcmp (b.cv.data, c.cv.data, (gsize) H * b.cv.stride) == 0,
        "trial %d: layered SIMD and C differ", trial);
    d = compare (&a, &b, 0x12345678);
    g_print ("layered trial %d: max %d mean %.3f\n", trial, d.max, d.mean);
    /* opaque coats: the top one decides, up to the edges' rounding;
     * translucent: each coat rounds (under vs over) by 1-2 levels */
    fail_unless (d.max <= (translucent ? 8 : 4)
        && d.mean <= (translucent ? 1.5 : 0.5),
        "trial %d: layered differs from one by one: %d at %d,%d (mean %g)",
        trial, d.max, d.maxx, d.maxy, d.mean);
    for (Y = 0; Y < H; Y++)
      for (X = 0; X < W; X++)
        if (X < 4 || X >= W - 5 || Y < 3 || Y >= H - 2) {
          guint32 want = ((Y * W + X) % 7 == 0) ? (clear ? 0x40102030 :
              0xff102030) : bg;

          fail_unless (px (&b, X, Y) == want, "pixel %d,%d outside written",
              X, Y);
        }
    neuro_trace_free (t);
    surf_clear (&a);
    surf_clear (&b);
    surf_clear (&c);
    g_free (lo);
    g_free (hi);
    g_free (fi);
    g_free (la);
  }
  g_rand_free (r);
}

GST_END_TEST;

/* a column map gives what the uniform map gives for the same columns */
GST_START_TEST (test_envelope_column_map)
{
  GRand *r = g_rand_new_with_seed (31);
  const gint W = 150, H = 80, n = 2000;
  gfloat *v = noisy_samples (r, n, TRUE);
  NeuroTraceSamples s = neuro_trace_samples_plain (v, n);
  NeuroTraceMap m = { 4.0, 0.07, 40, -12 };
  gdouble pos[151];
  NeuroTrace *t = neuro_trace_new ();
  NeuroTracePen pen;
  Surf a, b;
  gint p;

  for (p = 0; p <= W; p++)
    pos[p] = (p - m.x0) * (1.0 / m.dx);
  pen_set (&pen, 0xc0e01010, 2.0, NEURO_TRACE_JOIN_ROUND,
      NEURO_TRACE_CAP_BUTT);
  surf_init (&a, W, H, 0xff000000);
  surf_init (&b, W, H, 0xff000000);
  neuro_trace_set_target (t, &a.cv, 0, 0, W, H);
  neuro_trace_samples_envelope (t, &pen, &s, &m);
  neuro_trace_set_target (t, &b.cv, 0, 0, W, H);
  neuro_trace_samples_columns (t, &pen, &s, 0, W, pos, m.y0, m.ys);
  fail_unless (memcmp (a.cv.data, b.cv.data, (gsize) H * a.cv.stride) == 0);
  neuro_trace_free (t);
  surf_clear (&a);
  surf_clear (&b);
  g_free (v);
  g_rand_free (r);
}

GST_END_TEST;

/* A ring with a stride (interleaved channels) reads the same samples. */
GST_START_TEST (test_samples_ring)
{
  GRand *r = g_rand_new_with_seed (37);
  const gint n = 3000, cap = 4096, start = 3000, nch = 3;
  gfloat *v = noisy_samples (r, n, TRUE);
  gfloat *ring = g_new0 (gfloat, (gsize) cap * nch);
  NeuroTraceSamples plain = neuro_trace_samples_plain (v, n), rs;
  NeuroTraceMap m = { 2.0, 0.06, 40, -12 };
  NeuroTracePen pen;
  gint j, pass;

  for (j = 0; j < n; j++)
    ring[(gsize) ((start + j) & (cap - 1)) * nch + 1] = v[j];
  rs.v = ring + 1;
  rs.n = n;
  rs.start = start;
  rs.mask = cap - 1;
  rs.stride = nch;
  pen_set (&pen, 0xffffffff, 2.0, NEURO_TRACE_JOIN_ROUND,
      NEURO_TRACE_CAP_BUTT);
  for (pass = 0; pass < 2; pass++) {
    NeuroTrace *t = neuro_trace_new ();
    Surf a, b;

    /* pass 1: samples a pixel apart and more (the polyline) */
    if (pass == 1)
      m.dx = 1.3;
    surf_init (&a, 200, 80, 0);
    surf_init (&b, 200, 80, 0);
    neuro_trace_set_target (t, &a.cv, 0, 0, 200, 80);
    neuro_trace_samples (t, &pen, &plain, &m);
    neuro_trace_set_target (t, &b.cv, 0, 0, 200, 80);
    neuro_trace_samples (t, &pen, &rs, &m);
    fail_unless (memcmp (a.cv.data, b.cv.data, (gsize) 80 * a.cv.stride) ==
        0);
    /* stride 1 ring (contiguous pieces between wraps) */
    {
      gfloat *r1 = g_new0 (gfloat, cap);
      NeuroTraceSamples s1 = { r1, n, start, cap - 1, 1 };

      for (j = 0; j < n; j++)
        r1[(start + j) & (cap - 1)] = v[j];
      surf_clear (&b);
      surf_init (&b, 200, 80, 0);
      neuro_trace_set_target (t, &b.cv, 0, 0, 200, 80);
      neuro_trace_samples (t, &pen, &s1, &m);
      fail_unless (memcmp (a.cv.data, b.cv.data, (gsize) 80 * a.cv.stride)
          == 0);
      g_free (r1);
    }
    neuro_trace_free (t);
    surf_clear (&a);
    surf_clear (&b);
  }
  g_free (ring);
  g_free (v);
  g_rand_free (r);
}

GST_END_TEST;

/* The AVX2 kernels give the plain C kernels' pixels, bit for bit. */
GST_START_TEST (test_simd_equals_c)
{
  static const gdouble widths[] = { 0.3, 1.0, 1.5 * 100 / 72, 3.0, 9.5,
    40.0
  };
  static const guint32 cols[] = { 0xff2080c0, 0x80ff8000, 0x10ffffff };
  GRand *r = g_rand_new_with_seed (41);
  NeuroTrace *t = neuro_trace_new ();
  gint wi, ci;

  if (!neuro_trace_use_simd (t, TRUE)) {
    g_print ("no AVX2 here: only the plain C kernels are tested\n");
    neuro_trace_free (t);
    g_rand_free (r);
    return;
  }
  for (wi = 0; wi < (gint) G_N_ELEMENTS (widths); wi++)
    for (ci = 0; ci < (gint) G_N_ELEMENTS (cols); ci++) {
      const gint W = 203, H = 97, n = 5000;
      gfloat *v = noisy_samples (r, n, TRUE);
      NeuroTraceSamples s = neuro_trace_samples_plain (v, n);
      NeuroTraceMap m = { frand (r, -20, 20), frand (r, 0.02, 0.9),
        frand (r, 30, 60), frand (r, -40, -5)
      };
      NeuroTracePen pen;
      Surf a, b;
      gint i;

      pen_set (&pen, cols[ci], widths[wi], NEURO_TRACE_JOIN_ROUND,
          NEURO_TRACE_CAP_BUTT);
      surf_init (&a, W, H, 0);
      surf_init (&b, W, H, 0);
      for (i = 0; i < W * H; i++)
        ((guint32 *) a.cv.data)[i] = ((guint32 *) b.cv.data)[i] =
            neuro_argb_premultiply (g_rand_int (r));
      neuro_trace_use_simd (t, TRUE);
      neuro_trace_set_target (t, &a.cv, 3, 2, W - 1, H - 3);
      neuro_trace_samples_envelope (t, &pen, &s, &m);
      neuro_trace_use_simd (t, FALSE);
      neuro_trace_set_target (t, &b.cv, 3, 2, W - 1, H - 3);
      neuro_trace_samples_envelope (t, &pen, &s, &m);
      fail_unless (memcmp (a.cv.data, b.cv.data, (gsize) H * a.cv.stride) ==
          0, "width %g colour %08x: SIMD and C differ", widths[wi],
          cols[ci]);
      /* precomputed columns with gaps, joins and a ring offset */
      {
        gint nc = 150 + g_rand_int_range (r, 0, 60), k, rot;
        gfloat *lo = g_new (gfloat, nc), *hi = g_new (gfloat, nc);
        gfloat *fi = g_new (gfloat, nc), *la = g_new (gfloat, nc);

        for (k = 0; k < nc; k++) {
          lo[k] = (gfloat) frand (r, -2, 2);
          hi[k] = lo[k] + (gfloat) frand (r, -0.1, 1.5);
          fi[k] = (gfloat) frand (r, lo[k], hi[k]);
          la[k] = (gfloat) frand (r, lo[k], hi[k]);
          if (k % 23 == 5)
            lo[k] = NAN;
          if (k % 31 == 7)
            fi[k] = NAN;
        }
        rot = g_rand_int_range (r, 0, nc);
        for (k = 0; k < 2; k++) {
          neuro_trace_use_simd (t, TRUE);
          neuro_trace_set_target (t, &a.cv, 3, 2, W - 1, H - 3);
          neuro_trace_envelope (t, &pen, -7 + ci * 20, nc, rot, lo, hi,
              k ? fi : NULL, k ? la : NULL, m.y0, m.ys / 2);
          neuro_trace_use_simd (t, FALSE);
          neuro_trace_set_target (t, &b.cv, 3, 2, W - 1, H - 3);
          neuro_trace_envelope (t, &pen, -7 + ci * 20, nc, rot, lo, hi,
              k ? fi : NULL, k ? la : NULL, m.y0, m.ys / 2);
          fail_unless (memcmp (a.cv.data, b.cv.data, (gsize) H *
                  a.cv.stride) == 0, "width %g colour %08x joins %d: SIMD "
              "and C differ (precomputed)", widths[wi], cols[ci], k);
        }
        g_free (lo);
        g_free (hi);
        g_free (fi);
        g_free (la);
      }
      surf_clear (&a);
      surf_clear (&b);
      g_free (v);
    }
  /* lines of every join and cap, fills and bars, opaque and translucent */
  for (wi = 0; wi < (gint) G_N_ELEMENTS (widths) - 1; wi++)
    for (ci = 0; ci < (gint) G_N_ELEMENTS (cols); ci++) {
      const gint W = 211, H = 101;
      gdouble x[60], y[60], y2[60];
      NeuroTraceRect bars[12];
      NeuroTracePen pen;
      Surf a, b;
      gint i, pass;

      for (i = 0; i < 60; i++) {
        x[i] = (wi & 1) ? frand (r, -10, W + 10) : 2 + i * 3.7;
        y[i] = frand (r, -5, H + 5);
        y2[i] = frand (r, 20, 80);
        if (i % 17 == 9)
          y[i] = NAN;
      }
      for (i = 0; i < 12; i++) {
        bars[i].x0 = frand (r, 0, W);
        bars[i].x1 = bars[i].x0 + frand (r, 0.2, 30);
        bars[i].y0 = frand (r, 0, H);
        bars[i].y1 = frand (r, 0, H);
      }
      surf_init (&a, W, H, 0);
      surf_init (&b, W, H, 0);
      for (i = 0; i < W * H; i++)
        ((guint32 *) a.cv.data)[i] = ((guint32 *) b.cv.data)[i] =
            neuro_argb_premultiply (g_rand_int (r));
      for (pass = 0; pass < 2; pass++) {
        Surf *f = pass ? &b : &a;
        gint join, cap;

        neuro_trace_use_simd (t, pass == 0);
        neuro_trace_set_target (t, &f->cv, 3, 2, W - 1, H - 3);
        for (join = 0; join < 2; join++)
          for (cap = 0; cap < 3; cap++) {
            pen_set (&pen, cols[ci], widths[wi] + join + cap, join, cap);
            neuro_trace_polyline (t, &pen, x + 10 * cap, y + 10 * join, 30);
          }
        neuro_trace_fill_between (t, cols[ci] ^ 0x00ffff00, x, y2, NULL,
            H * 0.7, 60);
        neuro_trace_fill_between (t, cols[ci], x, y, y2, 0, 60);
        neuro_trace_bars (t, cols[(ci + 1) % 3], bars, 12);
      }
      fail_unless (memcmp (a.cv.data, b.cv.data, (gsize) H * a.cv.stride) ==
          0, "width %g colour %08x: SIMD and C differ (lines, fills, bars)",
          widths[wi], cols[ci]);
      surf_clear (&a);
      surf_clear (&b);
    }
  neuro_trace_free (t);
  g_rand_free (r);
}

GST_END_TEST;

/* ---------------------------------------------------------------- fills */

GST_START_TEST (test_fill_vs_cairo)
{
  GRand *r = g_rand_new_with_seed (43);
  gdouble x[80], y1[80], y2[80];
  gint i, kind;

  for (kind = 0; kind < 3; kind++) {
    const gint W = 220, H = 120;
    Surf a, b;
    NeuroTrace *t = neuro_trace_new ();
    cairo_t *cr;
    Diff d;
    gint n = 70;
    gdouble base = 100.3;

    for (i = 0; i < n; i++) {
      x[i] = 10.4 + i * 2.9;
      y1[i] = 50 + 30 * sin (i * 0.2) + frand (r, -6, 6);
      y2[i] = 60 + 20 * cos (i * 0.13);
    }
    surf_init (&a, W, H, 0);
    surf_init (&b, W, H, 0);
    cr = cairo_for (&a, 0xffffffff);
    cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
    /* between two curves that cross: the polygon of each piece between
     * crossings, as fill_between */
    if (kind == 1) {
      for (i = 0; i + 1 < n; i++) {
        /* each column strip as a quad (convex or a bow tie split) */
        gdouble a0 = y1[i] - y2[i], a1 = y1[i + 1] - y2[i + 1];

        if ((a0 > 0) == (a1 > 0)) {
          cairo_move_to (cr, x[i], y1[i]);
          cairo_line_to (cr, x[i + 1], y1[i + 1]);
          cairo_line_to (cr, x[i + 1], y2[i + 1]);
          cairo_line_to (cr, x[i], y2[i]);
          cairo_close_path (cr);
        } else {
          gdouble f = a0 / (a0 - a1), cx = x[i] + f * (x[i + 1] - x[i]);
          gdouble cy = y1[i] + f * (y1[i + 1] - y1[i]);

          cairo_move_to (cr, x[i], y1[i]);
          cairo_line_to (cr, cx, cy);
          cairo_line_to (cr, x[i], y2[i]);
          cairo_close_path (cr);
          cairo_move_to (cr, cx, cy);
          cairo_line_to (cr, x[i + 1], y1[i + 1]);
          cairo_line_to (cr, x[i + 1], y2[i + 1]);
          cairo_close_path (cr);
        }
      }
    } else {
      /* to a baseline; kind 2 with a gap */
      gboolean open = FALSE;
      gint s0 = 0;

      if (kind == 2)
        for (i = 30; i < 36; i++)
          y1[i] = NAN;
      for (i = 0; i <= n; i++) {
        if (i == n || isnan (y1[i])) {
          if (open) {
            cairo_line_to (cr, x[i - 1], base);
            cairo_line_to (cr, x[s0], base);
            cairo_close_path (cr);
          }
          open = FALSE;
          continue;
        }
        if (!open) {
          cairo_move_to (cr, x[i], y1[i]);
          s0 = i;
          open = TRUE;
        } else {
          cairo_line_to (cr, x[i], y1[i]);
        }
      }
    }
    cairo_fill (cr);
    cairo_destroy (cr);
    cairo_surface_flush (a.s);
    neuro_trace_set_target (t, &b.cv, 0, 0, W, H);
    neuro_trace_fill_between (t, 0xffffffff, x, y1, kind == 1 ? y2 : NULL,
        base, n);
    d = compare (&a, &b, 0);
    GST_INFO ("fill kind %d: max %d mean %.3f", kind, d.max, d.mean);
    fail_unless (d.max <= MAX_DIFF && d.mean <= MEAN_DIFF,
        "fill kind %d: max %d at %d,%d, mean %g", kind, d.max, d.maxx,
        d.maxy, d.mean);
    if (kind == 2) {
      /* the gap between the two pieces stays empty */
      gint y;

      for (y = 0; y < H; y++)
        fail_unless_equals_int (px (&b, (gint) x[32], y), 0);
    }
    neuro_trace_free (t);
    surf_clear (&a);
    surf_clear (&b);
  }
  g_rand_free (r);
}

GST_END_TEST;

/* An area down to a baseline has each pixel's exact area: against the
 * area integrated numerically (4096 steps per column of the piecewise
 * linear curve), within the 8-bit rounding, for curves steep and flat,
 * across the baseline, and with hundreds of points per column. */
GST_START_TEST (test_fill_exact_area)
{
  GRand *r = g_rand_new_with_seed (7);
  gint kind;

  for (kind = 0; kind < 4; kind++) {
    const gint W = 60, H = 50, S = 4096;
    gint n = kind == 3 ? 20000 : 40, i, X, Y, worst = 0;
    gdouble *x = g_new (gdouble, n), *y = g_new (gdouble, n);
    gdouble base = kind == 2 ? 25.37 : 44.6;
    NeuroTrace *t = neuro_trace_new ();
    Surf f;

    for (i = 0; i < n; i++) {
      x[i] = 3.3 + i * (52.0 / (n - 1));
      y[i] = kind == 1 ? 20.2 + 0.01 * i : 25 + frand (r, -18, 18);
    }
    surf_init (&f, W, H, 0);
    neuro_trace_set_target (t, &f.cv, 0, 0, W, H);
    neuro_trace_fill_between (t, 0xffffffff, x, y, NULL, base, n);
    for (X = 0; X < W; X++) {
      gdouble cov[50] = { 0 };
      gint k, seg = 0;

      /* the column's area per row: midpoints of S strips */
      for (k = 0; k < S; k++) {
        gdouble u = X + (k + 0.5) / S, v, lo, hi;

        if (u < x[0] || u > x[n - 1])
          continue;
        while (seg + 2 < n && x[seg + 1] < u)
          seg++;
        v = y[seg] + (y[seg + 1] - y[seg]) * (u - x[seg]) /
            (x[seg + 1] - x[seg]);
        lo = MIN (v, base);
        hi = MAX (v, base);
        for (Y = (gint) floor (lo); Y < H && Y < hi; Y++)
          if (Y >= 0)
            cov[Y] += (MIN (hi, Y + 1.0) - MAX (lo, (gdouble) Y)) / S;
      }
      for (Y = 0; Y < H; Y++) {
        gint a = (gint) (px (&f, X, Y) >> 24);
        gint want = (gint) (cov[Y] * 255 + 0.5);

        worst = MAX (worst, ABS (a - want));
      }
    }
    fail_unless (worst <= 2, "fill kind %d: alpha off by %d from the exact "
        "area", kind, worst);
    neuro_trace_free (t);
    surf_clear (&f);
    g_free (x);
    g_free (y);
  }
  g_rand_free (r);
}

GST_END_TEST;

/* translucent fill: one coat everywhere inside, union of crossing parts */
GST_START_TEST (test_fill_translucent)
{
  gdouble x[3] = { 10, 50, 90 }, y1[3] = { 20, 20, 20 }, y2[3] = { 60, 60,
    60
  };
  NeuroTrace *t = neuro_trace_new ();
  Surf f;
  guint32 want = 0xffffffff;
  gint X, Y;

  surf_init (&f, 100, 80, 0xffffffff);
  neuro_trace_set_target (t, &f.cv, 0, 0, 100, 80);
  neuro_trace_fill_between (t, 0x4d1f77b4, x, y1, y2, 0, 3);
  neuro_pixel_over (&want, neuro_argb_premultiply (0x4d1f77b4));
  for (Y = 0; Y < 80; Y++)
    for (X = 0; X < 100; X++)
      fail_unless_equals_int (px (&f, X, Y), (X >= 10 && X < 90 && Y >= 20
              && Y < 60) ? want : 0xffffffff);
  neuro_trace_free (t);
  surf_clear (&f);
}

GST_END_TEST;

/* ----------------------------------------------------------------- bars */

GST_START_TEST (test_bars)
{
  NeuroTraceRect bars[40];
  GRand *r = g_rand_new_with_seed (47);
  NeuroTrace *t = neuro_trace_new ();
  Surf a, b;
  cairo_t *cr;
  Diff d;
  gint i, y;
  gdouble e = 5.37;

  /* a histogram: bins sharing fractional edges, and bars that overlap */
  for (i = 0; i < 30; i++) {
    bars[i].x0 = e;
    e += frand (r, 1.2, 9.0);
    bars[i].x1 = e;
    bars[i].y0 = 110.0;
    bars[i].y1 = frand (r, 8, 105);
  }
  for (; i < 40; i++) {
    bars[i].x0 = frand (r, 5, 180);
    bars[i].x1 = bars[i].x0 + frand (r, 0.3, 20);
    bars[i].y0 = frand (r, 5, 110);
    bars[i].y1 = frand (r, 5, 110);
  }
  surf_init (&a, 200, 120, 0);
  surf_init (&b, 200, 120, 0);
  cr = cairo_for (&a, 0xffffffff);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  for (i = 0; i < 40; i++) {
    gdouble x0 = MIN (bars[i].x0, bars[i].x1), y0 = MIN (bars[i].y0,
        bars[i].y1);

    cairo_rectangle (cr, x0, y0, fabs (bars[i].x1 - bars[i].x0),
        fabs (bars[i].y1 - bars[i].y0));
  }
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_flush (a.s);
  neuro_trace_set_target (t, &b.cv, 0, 0, 200, 120);
  neuro_trace_bars (t, 0xffffffff, bars, 40);
  d = compare (&a, &b, 0);
  fail_unless (d.max <= 12 && d.mean <= 1.0, "bars: max %d at %d,%d mean %g",
      d.max, d.maxx, d.maxy, d.mean);
  surf_clear (&a);
  surf_clear (&b);

  /* two translucent bins sharing the edge x = 20.4: the pixel across it
   * is one coat, not two */
  {
    NeuroTraceRect two[2] = { {10.0, 40.0, 20.4, 80.0}, {20.4, 30.0, 30.0,
            80.0}
    };
    guint32 want = 0xffffffff;

    surf_init (&a, 40, 90, 0xffffffff);
    neuro_trace_set_target (t, &a.cv, 0, 0, 40, 90);
    neuro_trace_bars (t, 0x80000000, two, 2);
    neuro_pixel_over (&want, 0x80000000);
    for (y = 40; y < 80; y++) {
      fail_unless_equals_int (px (&a, 20, y), want);
      fail_unless_equals_int (px (&a, 15, y), want);
    }
    surf_clear (&a);
  }
  neuro_trace_free (t);
  g_rand_free (r);
}

GST_END_TEST;

/* -------------------------------------------------- clipping, bad input */

/* draws everything in many ways with the clip rectangle, into a canvas
 * filled with a pattern; returns the surface */
static void
draw_all (Surf * f, gint x0, gint y0, gint x1, gint y1, const gdouble * x,
    const gdouble * y, gint n, const gfloat * v, gint nv)
{
  NeuroTrace *t = neuro_trace_new ();
  NeuroTraceSamples s = neuro_trace_samples_plain (v, nv);
  NeuroTraceMap dense = { -10, 0.05, 60, -25 }, sparse = { -3, 2.5, 60, -25 };
  NeuroTraceRect bars[3] = { {-1e300, 10, 1e300, 20}, {30, -INFINITY, 40,
          INFINITY}, {50.5, 70.5, 60.5, 1e9}
  };
  gfloat lo[120], hi[120];
  NeuroTracePen pen;
  gint i, join, cap;

  for (i = 0; i < 120; i++) {
    lo[i] = v[i % nv] - 1;
    hi[i] = v[(i * 7) % nv];
  }
  neuro_trace_set_target (t, &f->cv, x0, y0, x1, y1);
  for (join = 0; join < 2; join++)
    for (cap = 0; cap < 3; cap++) {
      pen_set (&pen, 0xc0ff0000 + join * 0x40 + cap, 1.0 + 4 * cap + join,
          join, cap);
      neuro_trace_polyline (t, &pen, x, y, n);
    }
  pen_set (&pen, 0xff00ff00, 2.0, 0, 0);
  neuro_trace_samples (t, &pen, &s, &dense);
  neuro_trace_samples (t, &pen, &s, &sparse);
  pen.width = 13;
  neuro_trace_envelope (t, &pen, -20, 120, 33, lo, hi, NULL, NULL, 50, -20);
  neuro_trace_fill_between (t, 0x400000ff, x, y, NULL, 1e300, n);
  neuro_trace_fill_between (t, 0x400000ff, x, y, NULL, -INFINITY, n);
  neuro_trace_bars (t, 0x40ffff00, bars, 3);
  neuro_trace_free (t);
}

/* Nothing is written outside the clip rectangle; inside, the picture is
 * the unclipped one. */
GST_START_TEST (test_clipping)
{
  GRand *r = g_rand_new_with_seed (53);
  gdouble x[50], y[50];
  gfloat v[3000];
  Surf a, b;
  gint i, X, Y, diff = 0;

  for (i = 0; i < 50; i++) {
    x[i] = frand (r, -30, 130);
    y[i] = frand (r, -30, 110);
  }
  for (i = 0; i < 3000; i++)
    v[i] = (gfloat) frand (r, -3, 3);
  surf_init (&a, 100, 80, 0);
  surf_init (&b, 100, 80, 0);
  for (i = 0; i < 100 * 80; i++)
    ((guint32 *) a.cv.data)[i] = ((guint32 *) b.cv.data)[i] = 0xff000000 | i;
  draw_all (&a, 0, 0, 100, 80, x, y, 50, v, 3000);
  draw_all (&b, 17, 11, 71, 53, x, y, 50, v, 3000);
  for (Y = 0; Y < 80; Y++)
    for (X = 0; X < 100; X++) {
      gboolean in = X >= 17 && X < 71 && Y >= 11 && Y < 53;
      guint32 p = px (&b, X, Y);

      if (!in)
        fail_unless (p == (0xff000000 | (Y * 100 + X)),
            "pixel %d,%d outside the clip was written", X, Y);
      else if (p != px (&a, X, Y))
        diff++;
    }
  /* the same inside (an envelope's or a bar's edge column may round
   * differently where a clamped coordinate moved it far outside) */
  fail_unless (diff == 0, "%d pixels inside the clip differ", diff);
  surf_clear (&a);
  surf_clear (&b);
  g_rand_free (r);
}

GST_END_TEST;

/* NaN makes gaps: a line stops at the last valid point, resumes at the
 * next; the envelope leaves columns without samples empty. */
GST_START_TEST (test_nan_gaps)
{
  gdouble x[6] = { 10, 30, 50, 70, 90, 110 }, y[6] = { 20, 20, NAN, 20, 20,
    20
  };
  gfloat v[400];
  NeuroTraceSamples s = neuro_trace_samples_plain (v, 400);
  NeuroTraceMap m = { 0, 0.5, 40, -1 };
  NeuroTrace *t = neuro_trace_new ();
  NeuroTracePen pen;
  Surf f;
  gint i, X, Y;

  surf_init (&f, 130, 60, 0);
  neuro_trace_set_target (t, &f.cv, 0, 0, 130, 60);
  pen_set (&pen, 0xffffffff, 2.0, NEURO_TRACE_JOIN_ROUND,
      NEURO_TRACE_CAP_BUTT);
  neuro_trace_polyline (t, &pen, x, y, 6);
  for (X = 0; X < 130; X++)
    fail_unless_equals_int (px (&f, X, 19), (X >= 10 && X < 30)
        || (X >= 70 && X < 110) ? 0xffffffff : 0);
  /* a lone point draws nothing */
  {
    gdouble lx[3] = { NAN, 60, NAN }, ly[3] = { 0, 40, 0 };

    neuro_trace_polyline (t, &pen, lx, ly, 3);
    for (Y = 30; Y < 50; Y++)
      for (X = 50; X < 70; X++)
        fail_unless_equals_int (px (&f, X, Y), 0);
  }
  surf_clear (&f);

  for (i = 0; i < 400; i++)
    v[i] = (i >= 100 && i < 160) ? NAN : 0.0f;
  surf_init (&f, 220, 60, 0);
  neuro_trace_set_target (t, &f.cv, 0, 0, 220, 60);
  neuro_trace_samples (t, &pen, &s, &m);
  /* samples 99 and 160 sit at x = 49.5 and 80: columns 50..79 are
   * empty; the line's rectangles (1 px around each column's centre) reach
   * half into 50 and 79 */
  for (X = 0; X < 200; X++)
    fail_unless (px (&f, X, 40) == ((X <= 49 || X >= 80) ? 0xffffffff :
            (X == 50 || X == 79) ? 0x80808080 : 0), "column %d: %08x", X,
        px (&f, X, 40));
  neuro_trace_free (t);
  surf_clear (&f);
}

GST_END_TEST;

/* ±1e300, ±inf, huge x: drawn as far as they are visible, nothing outside
 * the canvas touched (ASan watches the buffer, the pattern its rows). */
GST_START_TEST (test_absurd_coordinates)
{
  static const gdouble huge[] = { 1e300, -1e300, INFINITY, -INFINITY, 1e15,
    -1e15, 3e9, NAN
  };
  NeuroTrace *t = neuro_trace_new ();
  NeuroTracePen pen;
  Surf f;
  gint i, k, X, Y;

  /* a canvas inside a larger buffer: the rows around it must survive */
  surf_init (&f, 120, 100, 0x11223344);
  f.cv.data += 10 * f.cv.stride + 10 * 4;
  f.cv.width = 100;
  f.cv.height = 80;
  neuro_trace_set_target (t, &f.cv, 0, 0, 100, 80);
  for (k = 0; k < (gint) G_N_ELEMENTS (huge); k++)
    for (i = 0; i < 6; i++) {
      gdouble x[4] = { 20, 40, 60, 80 }, y[4] = { 40, 40, 40, 40 };
      gfloat v[300];
      NeuroTraceSamples s = neuro_trace_samples_plain (v, 300);
      NeuroTraceMap m = { 0, (i & 1) ? 0.3 : 3.0, 40, -10 };
      gfloat lo[100], hi[100];
      NeuroTraceRect bar = { 10, 10, huge[k], huge[k] };
      gint j;

      if (i < 4)
        (i & 2 ? x : y)[1 + (i & 1)] = huge[k];
      for (j = 0; j < 300; j++)
        v[j] = (j % 17 == 3) ? (gfloat) huge[k] : 0.5f;
      for (j = 0; j < 100; j++) {
        lo[j] = (j % 13 == 0) ? (gfloat) - huge[k] : 0;
        hi[j] = (j % 11 == 0) ? (gfloat) huge[k] : 1;
      }
      pen_set (&pen, 0xff808080, (i == 5) ? huge[k] : 2.0, i & 1, i % 3);
      neuro_trace_polyline (t, &pen, x, y, 4);
      if (i >= 4)
        m.x0 = huge[k];
      if (i == 5)
        m.dx = huge[k];
      neuro_trace_samples (t, &pen, &s, &m);
      neuro_trace_samples_envelope (t, &pen, &s, &m);
      neuro_trace_envelope (t, &pen, (i == 4) ? G_MININT : -5, 100,
          (i == 5) ? G_MININT : 0, lo, hi, lo, hi, 40, -10);
      neuro_trace_fill_between (t, 0x40ff0000, x, y, NULL, huge[k], 4);
      neuro_trace_bars (t, 0x4000ff00, &bar, 1);
    }
  f.cv.data -= 10 * f.cv.stride + 10 * 4;
  for (Y = 0; Y < 100; Y++)
    for (X = 0; X < 120; X++)
      if (X < 10 || X >= 110 || Y < 10 || Y >= 90)
        fail_unless_equals_int (px (&f, X, Y), 0x11223344);

  /* a spike to +inf in the envelope: its column drawn to the plot's edge */
  {
    gfloat v[100];
    NeuroTraceSamples s = neuro_trace_samples_plain (v, 100);
    NeuroTraceMap m = { 0, 0.5, 40, -10 };

    for (i = 0; i < 100; i++)
      v[i] = (i == 41) ? INFINITY : 0;
    surf_clear (&f);
    surf_init (&f, 60, 80, 0);
    neuro_trace_set_target (t, &f.cv, 0, 0, 60, 80);
    pen.width = 1;
    neuro_trace_samples (t, &pen, &s, &m);
    for (Y = 0; Y < 40; Y++)
      fail_unless_equals_int (px (&f, 20, Y), 0xff808080);
    fail_unless_equals_int (px (&f, 18, 20), 0);
  }
  neuro_trace_free (t);
  surf_clear (&f);
}

GST_END_TEST;

/* A padded stride draws the same pixels as a packed one. */
GST_START_TEST (test_stride)
{
  GRand *r = g_rand_new_with_seed (59);
  gdouble x[40], y[40];
  gfloat v[2000];
  guint8 *buf = g_malloc0 ((gsize) 80 * (100 * 4 + 36));
  NeuroCanvas padded = { buf, 100 * 4 + 36, 100, 80 };
  Surf a;
  gint i, Y;

  for (i = 0; i < 40; i++) {
    x[i] = frand (r, 0, 100);
    y[i] = frand (r, 0, 80);
  }
  for (i = 0; i < 2000; i++)
    v[i] = (gfloat) frand (r, -2, 2);
  surf_init (&a, 100, 80, 0);
  draw_all (&a, 0, 0, 100, 80, x, y, 40, v, 2000);
  {
    Surf p = { NULL, padded };

    draw_all (&p, 0, 0, 100, 80, x, y, 40, v, 2000);
  }
  for (Y = 0; Y < 80; Y++)
    fail_unless (memcmp (neuro_canvas_row (&a.cv, Y),
            neuro_canvas_row (&padded, Y), 400) == 0, "row %d", Y);
  surf_clear (&a);
  g_free (buf);
  g_rand_free (r);
}

GST_END_TEST;

/* neuro_trace_composite_row () is neuro_pixel_over () on every pixel
 * (transparent, opaque and translucent runs, a tail that is not a whole
 * group of eight); neuro_trace_minmax () skips NaN and folds into what it
 * is given. */
GST_START_TEST (test_composite_row_and_minmax)
{
  guint32 src[203], dst[203], want[203];
  gfloat v[203];
  guint32 seed = 99;
  gint i, n;

  for (i = 0; i < 203; i++) {
    guint32 a, c;

    seed = seed * 1664525u + 1013904223u;
    a = (i / 16) % 3 == 0 ? 0 : (i / 16) % 3 == 1 ? 255 : seed >> 24;
    c = seed & 0xffffff;
    /* premultiplied: no channel above alpha */
    src[i] = (a << 24) | (MIN ((c >> 16) & 0xff, a) << 16) |
        (MIN ((c >> 8) & 0xff, a) << 8) | MIN (c & 0xff, a);
    if (a == 0)
      src[i] = 0;
    dst[i] = want[i] = 0xff000000 | (seed * 7u >> 8);
    neuro_pixel_over (&want[i], src[i]);
    v[i] = (gfloat) ((gint32) seed) / 1e9f;
    if (i % 17 == 3)
      v[i] = NAN;
  }
  neuro_trace_composite_row (dst, src, 203);
  for (i = 0; i < 203; i++)
    fail_unless_equals_int (dst[i], want[i]);
  for (n = 0; n <= 203; n += 29) {
    gfloat lo = 0.25f, hi = 0.25f, l = 0.25f, h = 0.25f;

    for (i = 0; i < n; i++)
      if (!isnan (v[i])) {
        l = MIN (l, v[i]);
        h = MAX (h, v[i]);
      }
    neuro_trace_minmax (v, n, &lo, &hi);
    fail_unless (lo == l && hi == h, "n = %d: %g %g, want %g %g", n, lo, hi,
        l, h);
  }
}

GST_END_TEST;

static Suite *
neurotrace_suite (void)
{
  Suite *s = suite_create ("neurotrace");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_pen);
  tcase_add_test (tc, test_horizontal_exact);
  tcase_add_test (tc, test_lines_vs_cairo);
  tcase_add_test (tc, test_union_no_seams);
  tcase_add_test (tc, test_translucent_vs_cairo);
  tcase_add_test (tc, test_alpha_blending);
  tcase_add_test (tc, test_envelope_exact);
  tcase_add_test (tc, test_envelope_vs_cairo);
  tcase_add_test (tc, test_envelope_precomputed);
  tcase_add_test (tc, test_envelope_column_map);
  tcase_add_test (tc, test_envelopes_layered);
  tcase_add_test (tc, test_samples_ring);
  tcase_add_test (tc, test_simd_equals_c);
  tcase_add_test (tc, test_fill_vs_cairo);
  tcase_add_test (tc, test_fill_exact_area);
  tcase_add_test (tc, test_fill_translucent);
  tcase_add_test (tc, test_bars);
  tcase_add_test (tc, test_clipping);
  tcase_add_test (tc, test_nan_gaps);
  tcase_add_test (tc, test_absurd_coordinates);
  tcase_add_test (tc, test_stride);
  tcase_add_test (tc, test_composite_row_and_minmax);
  return s;
}

GST_CHECK_MAIN (neurotrace);
