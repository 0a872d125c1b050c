/* gst-neuroviz
 * Copyright (C) 2024 gst-neuroviz developers
 *
 * This library is free software; you can redistribute it and/or modify it
 * under the terms of the GNU Lesser General Public License as published by
 * the Free Software Foundation; either version 2.1 of the License, or (at
 * your option) any later version.
 */

/* neurotrace: see neurotrace.h for what is drawn.
 *
 * How.  Everything is rasterized one pixel column at a time.  A column is
 * cut into 16 vertical lines (sub-columns) for lines and fills, into the
 * pieces between shape edges for bars and envelopes; on each, a shape is an
 * exact y interval, and the union of shapes is the union of intervals.
 * The intervals are accumulated into the column's rows (an exact area per
 * row: a partial row at each end, a difference array between them) and the
 * column is blended once, so overlapping parts are never painted twice.
 *
 * Lines are cut into x-monotone chains.  The stroke of such a chain with
 * round joins is the set of points within w/2 of it, whose vertical
 * sections are intervals (the points of the chain within w/2 of a vertical
 * line form one piece of it); so a chain's section on a sub-column is the
 * hull of its parts' sections: rectangles (segments), disks (round joins
 * and caps), triangles (bevel joins).  Sections of different chains are
 * merged as sets.
 *
 * Rows that every lane covers are fully covered: a column's long run of
 * them is kept and all runs are blended after the sweep, row by row, eight
 * columns at once (fills and bars are mostly such runs).
 *
 * Envelopes are the hot path (every dense trace, every frame): the
 * rectangles of neighbouring columns share two x breakpoints per pixel, so
 * a pixel's coverage is a sum of at most three exact terms, computed by the
 * kernels of neurotrace-private.h (here in C, in neurotrace-simd.c with
 * AVX2, sixteen columns per block).  Many channels at once
 * (neuro_trace_envelopes) go front to back into a layer that remembers
 * which pixels are opaque, so hidden parts of lower channels are skipped.
 *
 * Every kernel has a plain C twin here; the AVX2 ones do the same float
 * and integer operations in the same order (no FMA), so both give the same
 * pixels (tests/neurotrace.c compares them). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurotrace.h"
#include "neurotrace-private.h"
#include "neurocolormap.h"

#include <math.h>
#include <string.h>

#define LANES NEURO_TRACE_LANES
/* "nothing" in a lane */
#define BIG 1e30f
/* data-derived coordinates are clamped to ±2^50 before any arithmetic: the
 * visible part of a line to a clamped point moves by < 1e-9 px */
#define COORD_MAX 1125899906842624.0
/* widths beyond this cover any frame; keeps the work per column bounded */
#define WIDTH_MAX 1000.0

#define lane_x neuro_trace_lane_x

typedef enum
{
  SHAPE_POLY,                   /* convex polygon: half-planes */
  SHAPE_DISK,
} ShapeKind;

typedef struct
{
  ShapeKind kind;
  gint nhp;
  gdouble alo, ahi;             /* anchor x range: non-decreasing along a
                                 * chain; the shape lies within ext of it */
  gdouble xlo, xhi;             /* the shape's x extent */
  gdouble cx, cy;               /* disk centre */
  gdouble a[4], b[4], c[4];     /* a x + b y <= c, (a, b) a unit vector */
  gdouble ib[4];                /* 1 / b (0: a vertical edge) */
} Shape;

typedef enum
{
  CHAIN_LINE,                   /* shapes [sh0, sh0 + nsh) */
  CHAIN_BAND,                   /* points [first, first + npts), triples */
} ChainKind;

typedef struct
{
  ChainKind kind;
  gdouble xlo, xhi;             /* what it can cover */
  gsize sh0, nsh;
  gsize first, npts;
  gsize cursor;                 /* first shape / point that can still
                                 * reach the current column */
} Chain;

typedef struct _BandPiece BandPiece;

struct _NeuroTrace
{
  NeuroCanvas *cv;
  gint cx0, cy0, cx1, cy1;
  gboolean simd;

  /* the column accumulator: rows relative to cy0, 0 .. cy1 - cy0 */
  gfloat *acc_d, *acc_e;
  gsize acc_cap;
  gint acc_lo, acc_hi;
  gint acc_n;                   /* intervals added since the last flush */
  gfloat one_w, one_t, one_b;   /* the first of them, kept aside */

  /* fully covered runs of rows, blended after a sweep (NeuroRunJob),
   * per clip column; columns [run_lo, run_hi] may hold one */
  gint *run0, *run1;
  gsize run_cap;
  gint run_lo, run_hi;

  /* scratch, grown as needed and kept */
  gdouble *pt;
  gsize pt_cap;
  gdouble *sx, *sy;
  gsize s_cap;
  Chain *ch;
  gsize ch_cap;
  Shape *sh;
  gsize sh_cap;
  gsize *act;
  gsize act_cap;
  gfloat *lt, *lb;              /* lanes of every active chain */
  gsize l_cap;
  gfloat *et, *eb;
  gsize e_cap;
  gpointer raw;
  gsize raw_cap;
  NeuroTraceRect *bar;
  BandPiece *bq;                /* fill_to_baseline: a column's pieces */
  gsize bq_cap;
  gsize bar_cap;
  /* neuro_trace_envelopes (): the layer, its opaque rows and blocks */
  guint8 *layer;
  gsize layer_cap;
  guint16 *lom;
  gsize lom_cap;
  gint *lfa, *lfb;
  gsize lf_cap;
  gint *ltr0, *ltr1;
  gsize ltr_cap;
};

static gpointer
grow (gpointer p, gsize * cap, gsize need, gsize size)
{
  if (need > *cap) {
    gsize c = MAX (MAX (need, *cap * 2), 64);

    p = g_realloc_n (p, c, size);
    *cap = c;
  }
  return p;
}

/* two arrays sharing one capacity */
static void
grow2 (gpointer * a, gpointer * b, gsize * cap, gsize need, gsize size)
{
  if (need > *cap) {
    gsize c = MAX (MAX (need, *cap * 2), 64);

    *a = g_realloc_n (*a, c, size);
    *b = g_realloc_n (*b, c, size);
    *cap = c;
  }
}

void
neuro_trace_pen_init (NeuroTracePen * pen, guint32 color, gdouble points,
    gdouble dpi)
{
  pen->color = color;
  pen->width = neuro_trace_points_to_pixels (points, dpi);
  pen->join = NEURO_TRACE_JOIN_ROUND;
  pen->cap = NEURO_TRACE_CAP_SQUARE;
}

NeuroTrace *
neuro_trace_new (void)
{
  NeuroTrace *t = g_new0 (NeuroTrace, 1);

  t->simd = neuro_trace_simd_available ();
  t->acc_lo = G_MAXINT;
  t->acc_hi = G_MININT;
  return t;
}

void
neuro_trace_free (NeuroTrace * t)
{
  if (!t)
    return;
  g_free (t->acc_d);
  g_free (t->acc_e);
  g_free (t->run0);
  g_free (t->run1);
  g_free (t->pt);
  g_free (t->sx);
  g_free (t->sy);
  g_free (t->ch);
  g_free (t->sh);
  g_free (t->act);
  g_free (t->lt);
  g_free (t->lb);
  g_free (t->et);
  g_free (t->eb);
  g_free (t->raw);
  g_free (t->bar);
  g_free (t->bq);
  g_free (t->layer);
  g_free (t->lom);
  g_free (t->lfa);
  g_free (t->lfb);
  g_free (t->ltr0);
  g_free (t->ltr1);
  g_free (t);
}

gboolean
neuro_trace_use_simd (NeuroTrace * t, gboolean enable)
{
  t->simd = enable && neuro_trace_simd_available ();
  return t->simd;
}

void
neuro_trace_set_target (NeuroTrace * t, NeuroCanvas * cv, gint x0, gint y0,
    gint x1, gint y1)
{
  gsize rows;

  t->cv = cv;
  t->cx0 = CLAMP (x0, 0, cv->width);
  t->cx1 = CLAMP (x1, t->cx0, cv->width);
  t->cy0 = CLAMP (y0, 0, cv->height);
  t->cy1 = CLAMP (y1, t->cy0, cv->height);
  rows = (gsize) (t->cy1 - t->cy0) + 2;
  if (rows > t->acc_cap) {
    grow2 ((gpointer *) & t->acc_d, (gpointer *) & t->acc_e, &t->acc_cap,
        rows, sizeof (gfloat));
    memset (t->acc_d, 0, t->acc_cap * sizeof (gfloat));
    memset (t->acc_e, 0, t->acc_cap * sizeof (gfloat));
  }
  t->acc_lo = G_MAXINT;
  t->acc_hi = G_MININT;
  t->acc_n = 0;
  if ((gsize) (t->cx1 - t->cx0) > t->run_cap) {
    grow2 ((gpointer *) & t->run0, (gpointer *) & t->run1, &t->run_cap,
        t->cx1 - t->cx0, sizeof (gint));
    memset (t->run0, 0, t->run_cap * sizeof (gint));
    memset (t->run1, 0, t->run_cap * sizeof (gint));
  }
  t->run_lo = G_MAXINT;
  t->run_hi = G_MININT;
}

static inline gboolean
target_empty (const NeuroTrace * t)
{
  return !t->cv || t->cx0 >= t->cx1 || t->cy0 >= t->cy1;
}

/* half the pen's width, bounded; 0 when nothing is to be drawn */
static gdouble
pen_half (const NeuroTracePen * pen)
{
  if (!(pen->width > 0) || (pen->color >> 24) == 0)
    return 0;
  return MIN (pen->width, WIDTH_MAX) / 2;
}

/* ±inf and absurd values to ±COORD_MAX; NaN stays NaN */
static inline gdouble
clamp_coord (gdouble v)
{
  if (v > COORD_MAX)
    return COORD_MAX;
  if (v < -COORD_MAX)
    return -COORD_MAX;
  return v;
}

/* ----------------------------------------------------------- accumulator */

/* runs shorter than this are blended at once (a row-major pass over a
 * group of columns only pays for itself on long runs: fills, bars) */
#define RUN_MIN 6

/* rows [r0, r1) (canvas rows) of pixel column x fully covered: kept for
 * runs_blend () if long and the column has none yet, else blended now */
static inline void
run_put (NeuroTrace * t, gint x, gint r0, gint r1, guint32 col)
{
  gint i = x - t->cx0, r;

  if (r1 - r0 >= RUN_MIN && t->run0[i] >= t->run1[i]) {
    t->run0[i] = r0;
    t->run1[i] = r1;
    t->run_lo = MIN (t->run_lo, i);
    t->run_hi = MAX (t->run_hi, i);
    return;
  }
  if ((col >> 24) == 255) {
    for (r = r0; r < r1; r++)
      neuro_canvas_row (t->cv, r)[x] = col;
  } else {
    for (r = r0; r < r1; r++)
      neuro_trace_put (neuro_canvas_row (t->cv, r) + x, col, 256);
  }
}

/* blends the kept runs and forgets them */
static void
runs_blend (NeuroTrace * t, guint32 col)
{
  NeuroRunJob j;
  gint g0, g1;

  if (t->run_lo > t->run_hi)
    return;
  g0 = t->run_lo / 8;
  g1 = t->run_hi / 8 + 1;
  j.data = t->cv->data;
  j.stride = t->cv->stride;
  j.x0 = t->cx0;
  j.n = MIN (g1 * 8, t->cx1 - t->cx0);
  j.r0 = t->run0;
  j.r1 = t->run1;
  j.col = col;
  if (t->simd) {
    NeuroRunJob k = j;

    /* the groups from g0 on, as a job of its own */
    k.x0 = t->cx0 + g0 * 8;
    k.n = j.n - g0 * 8;
    k.r0 = t->run0 + g0 * 8;
    k.r1 = t->run1 + g0 * 8;
    neuro_trace_runs_simd (&k);
  } else {
    neuro_trace_runs_c (&j, g0, g1);
  }
  memset (t->run0 + t->run_lo, 0, (t->run_hi - t->run_lo + 1) * sizeof (gint));
  memset (t->run1 + t->run_lo, 0, (t->run_hi - t->run_lo + 1) * sizeof (gint));
  t->run_lo = G_MAXINT;
  t->run_hi = G_MININT;
}

void
neuro_trace_runs_c (const NeuroRunJob * j, gint g0, gint g1)
{
  gint g, i, r;

  for (g = g0; g < g1; g++) {
    gint a = g * 8, b = MIN (a + 8, j->n), lo = G_MAXINT, hi = G_MININT;

    for (i = a; i < b; i++)
      if (j->r0[i] < j->r1[i]) {
        lo = MIN (lo, j->r0[i]);
        hi = MAX (hi, j->r1[i]);
      }
    for (r = lo; r < hi; r++) {
      guint32 *row = (guint32 *) (j->data + (gsize) r * j->stride) + j->x0;

      for (i = a; i < b; i++)
        if (r >= j->r0[i] && r < j->r1[i])
          neuro_trace_put (row + i, j->col, 256);
    }
  }
}

/* the 16 lanes of one chain (lt = BIG: none) into pixel column x */
static void
lanes_flush (NeuroTrace * t, gint x, guint32 col, const gfloat * T,
    const gfloat * B)
{
  NeuroLaneCol c;
  gint f0, f1;
  gboolean any;

  c.data = t->cv->data;
  c.stride = t->cv->stride;
  c.x = x;
  c.cy0 = t->cy0;
  c.cy1 = t->cy1;
  c.col = col;
  any = t->simd ? neuro_trace_lanes_col_simd (&c, T, B, &f0, &f1) :
      neuro_trace_lanes_col_c (&c, T, B, &f0, &f1);
  if (any && f1 > f0)
    run_put (t, x, f0, f1, col);
}

/* one interval straight into pixel column x */
static inline void
acc_put_rows (NeuroTrace * t, gint x, gfloat w, gfloat top, gfloat bot,
    guint32 col)
{
  gfloat a = top - (gfloat) t->cy0, b = bot - (gfloat) t->cy0;
  gfloat lim = (gfloat) (t->cy1 - t->cy0);
  gint ra, rb, r;
  guint32 s;

  if (a < 0)
    a = 0;
  if (b > lim)
    b = lim;
  if (!(b > a))
    return;
  ra = (gint) a;
  rb = (gint) b;
  if (ra == rb) {
    s = neuro_trace_cov_s (w * (b - a));
    if (s)
      neuro_trace_put (neuro_canvas_row (t->cv, t->cy0 + ra) + x, col, s);
    return;
  }
  s = neuro_trace_cov_s (w * ((gfloat) (ra + 1) - a));
  if (s)
    neuro_trace_put (neuro_canvas_row (t->cv, t->cy0 + ra) + x, col, s);
  s = neuro_trace_cov_s (w);
  if (s == 256 && rb > ra + 1) {
    run_put (t, x, t->cy0 + ra + 1, t->cy0 + rb, col);
  } else if (s) {
    for (r = ra + 1; r < rb; r++)
      neuro_trace_put (neuro_canvas_row (t->cv, t->cy0 + r) + x, col, s);
  }
  if (rb < t->cy1 - t->cy0) {
    s = neuro_trace_cov_s (w * (b - (gfloat) rb));
    if (s)
      neuro_trace_put (neuro_canvas_row (t->cv, t->cy0 + rb) + x, col, s);
  }
}

static inline void
acc_commit (NeuroTrace * t, gfloat w, gfloat top, gfloat bot)
{
  gfloat a = top - (gfloat) t->cy0, b = bot - (gfloat) t->cy0;
  gfloat lim = (gfloat) (t->cy1 - t->cy0);
  gint ra, rb;

  if (a < 0)
    a = 0;
  if (b > lim)
    b = lim;
  if (!(b > a))
    return;
  ra = (gint) a;
  rb = (gint) b;
  if (ra == rb) {
    t->acc_e[ra] += w * (b - a);
  } else {
    t->acc_e[ra] += w * ((gfloat) (ra + 1) - a);
    t->acc_d[ra + 1] += w;
    t->acc_d[rb] -= w;
    t->acc_e[rb] += w * (b - (gfloat) rb);
  }
  t->acc_lo = MIN (t->acc_lo, ra);
  t->acc_hi = MAX (t->acc_hi, rb);
}

/* Interval [top, bot] (pixel y) covering a fraction w of the current
 * column's width; intervals added to one column must not overlap. */
static inline void
acc_add (NeuroTrace * t, gfloat w, gfloat top, gfloat bot)
{
  if (!(bot > top))
    return;
  if (t->acc_n == 0) {
    t->one_w = w;
    t->one_t = top;
    t->one_b = bot;
  } else {
    if (t->acc_n == 1)
      acc_commit (t, t->one_w, t->one_t, t->one_b);
    acc_commit (t, w, top, bot);
  }
  t->acc_n++;
}

/* blends what was added to pixel column x, and clears */
static void
acc_flush (NeuroTrace * t, gint x, guint32 col)
{
  gint r, lim = t->cy1 - t->cy0;
  gfloat run = 0;

  if (t->acc_n == 1) {
    /* a single interval: no arrays */
    acc_put_rows (t, x, t->one_w, t->one_t, t->one_b, col);
    t->acc_n = 0;
    return;
  }
  t->acc_n = 0;
  if (t->acc_lo > t->acc_hi)
    return;
  for (r = t->acc_lo; r <= t->acc_hi; r++) {
    gfloat c;
    guint32 s;

    run += t->acc_d[r];
    c = run + t->acc_e[r];
    t->acc_d[r] = 0;
    t->acc_e[r] = 0;
    if (r < lim && (s = neuro_trace_cov_s (c)))
      neuro_trace_put (neuro_canvas_row (t->cv, t->cy0 + r) + x, col, s);
  }
  t->acc_lo = G_MAXINT;
  t->acc_hi = G_MININT;
}

/* lanes of one sub-column set: intervals [lt, lb] per lane (lt = BIG:
 * none), added to the accumulator; several sets are merged first */
static void
acc_add_lanes (NeuroTrace * t, const gfloat * lt, const gfloat * lb,
    gsize nsets)
{
  gint k;

  if (nsets == 1) {
    for (k = 0; k < LANES; k++)
      acc_add (t, 1.0f / LANES, lt[k], lb[k]);
    return;
  }
  for (k = 0; k < LANES; k++) {
    /* merge the sets' intervals of lane k: sort by top, sweep */
    gfloat it[64], ib[64];
    gsize n = 0, i, j;
    gfloat ct, cb;

    for (i = 0; i < nsets; i++) {
      gfloat a = lt[i * LANES + k], b = lb[i * LANES + k];

      if (!(b > a))
        continue;
      if (n == G_N_ELEMENTS (it)) {
        /* (64 chains through one sub-column) widen the last one */
        it[n - 1] = MIN (it[n - 1], a);
        ib[n - 1] = MAX (ib[n - 1], b);
        continue;
      }
      for (j = n; j > 0 && it[j - 1] > a; j--) {
        it[j] = it[j - 1];
        ib[j] = ib[j - 1];
      }
      it[j] = a;
      ib[j] = b;
      n++;
    }
    if (n == 0)
      continue;
    ct = it[0];
    cb = ib[0];
    for (i = 1; i < n; i++) {
      if (it[i] <= cb) {
        cb = MAX (cb, ib[i]);
      } else {
        acc_add (t, 1.0f / LANES, ct, cb);
        ct = it[i];
        cb = ib[i];
      }
    }
    acc_add (t, 1.0f / LANES, ct, cb);
  }
}

/* ------------------------------------------------------------ line shapes */

static Shape *
new_shape (NeuroTrace * t, gsize * n)
{
  t->sh = grow (t->sh, &t->sh_cap, *n + 1, sizeof (Shape));
  return &t->sh[(*n)++];
}

/* half-plane a x + b y <= c from a (not necessarily unit) normal */
static void
shape_hp (Shape * s, gdouble a, gdouble b, gdouble c)
{
  gdouble len = hypot (a, b);
  gint i = s->nhp++;

  s->a[i] = a / len;
  s->b[i] = b / len;
  s->c[i] = c / len;
  s->ib[i] = fabs (s->b[i]) < 1e-6 ? 0 : 1 / s->b[i];
}

static void
shape_extent (Shape * s, const gdouble * vx, gint n)
{
  gint i;

  s->xlo = s->xhi = vx[0];
  for (i = 1; i < n; i++) {
    s->xlo = MIN (s->xlo, vx[i]);
    s->xhi = MAX (s->xhi, vx[i]);
  }
}

/* the rectangle of segment P -> Q (|Q - P| > 0), half width h, extended by
 * e0 before P and e1 after Q (square caps) */
static void
add_rect (NeuroTrace * t, gsize * n, gdouble px, gdouble py, gdouble qx,
    gdouble qy, gdouble h, gdouble e0, gdouble e1)
{
  Shape *s = new_shape (t, n);
  gdouble len = hypot (qx - px, qy - py);
  gdouble dx = (qx - px) / len, dy = (qy - py) / len, nx = -dy, ny = dx;
  gdouble vx[4];

  s->kind = SHAPE_POLY;
  s->nhp = 0;
  shape_hp (s, nx, ny, nx * px + ny * py + h);
  shape_hp (s, -nx, -ny, -(nx * px + ny * py) + h);
  shape_hp (s, -dx, -dy, -(dx * px + dy * py) + e0);
  shape_hp (s, dx, dy, dx * qx + dy * qy + e1);
  vx[0] = px - e0 * dx + h * nx;
  vx[1] = px - e0 * dx - h * nx;
  vx[2] = qx + e1 * dx + h * nx;
  vx[3] = qx + e1 * dx - h * nx;
  shape_extent (s, vx, 4);
  s->alo = MIN (px, qx);
  s->ahi = MAX (px, qx);
}

static void
add_disk (NeuroTrace * t, gsize * n, gdouble cx, gdouble cy, gdouble h)
{
  Shape *s = new_shape (t, n);

  s->kind = SHAPE_DISK;
  s->nhp = 0;
  s->cx = cx;
  s->cy = cy;
  s->xlo = cx - h;
  s->xhi = cx + h;
  s->alo = s->ahi = cx;
}

/* the bevel of the join at J between unit directions d1 (in) and d2 (out):
 * the triangle of J and the two outer corners */
static void
add_bevel (NeuroTrace * t, gsize * n, gdouble jx, gdouble jy, gdouble d1x,
    gdouble d1y, gdouble d2x, gdouble d2y, gdouble h)
{
  gdouble cross = d1x * d2y - d1y * d2x, sg = cross > 0 ? -1 : 1;
  gdouble v[6], vx[3];
  Shape *s;
  gint k;

  /* (nearly) straight or reversed: the rectangles cover it all */
  if (fabs (cross) < 1e-9)
    return;
  v[0] = jx;
  v[1] = jy;
  v[2] = jx - sg * h * d1y;
  v[3] = jy + sg * h * d1x;
  v[4] = jx - sg * h * d2y;
  v[5] = jy + sg * h * d2x;
  s = new_shape (t, n);
  s->kind = SHAPE_POLY;
  s->nhp = 0;
  for (k = 0; k < 3; k++) {
    const gdouble *a = v + 2 * k, *b = v + 2 * ((k + 1) % 3),
        *c = v + 2 * ((k + 2) % 3);
    gdouble nx = a[1] - b[1], ny = b[0] - a[0];

    if (nx * (c[0] - a[0]) + ny * (c[1] - a[1]) > 0)
      nx = -nx, ny = -ny;
    shape_hp (s, nx, ny, nx * a[0] + ny * a[1]);
  }
  vx[0] = v[0];
  vx[1] = v[2];
  vx[2] = v[4];
  shape_extent (s, vx, 3);
  s->alo = s->ahi = jx;
}

static void
add_join (NeuroTrace * t, gsize * n, const NeuroTracePen * pen,
    const gdouble * a, const gdouble * j, const gdouble * b, gdouble h)
{
  if (pen->join == NEURO_TRACE_JOIN_BEVEL) {
    gdouble l1 = hypot (j[0] - a[0], j[1] - a[1]);
    gdouble l2 = hypot (b[0] - j[0], b[1] - j[1]);

    add_bevel (t, n, j[0], j[1], (j[0] - a[0]) / l1, (j[1] - a[1]) / l1,
        (b[0] - j[0]) / l2, (b[1] - j[1]) / l2, h);
  } else {
    add_disk (t, n, j[0], j[1], h);
  }
}

/* the shapes of points [i0, i1] of a run p (pairs), in path order; caps
 * where the run starts / ends, the join with the point after i1 when the
 * run goes on (the next chain starts at i1) */
static void
chain_shapes (NeuroTrace * t, gsize * n, const NeuroTracePen * pen,
    const gdouble * p, gsize i0, gsize i1, gsize run_end, gdouble h)
{
  gsize i;
  gboolean cap0 = i0 == 0, cap1 = i1 == run_end;
  gdouble e0, e1;

  if (cap0 && pen->cap == NEURO_TRACE_CAP_ROUND)
    add_disk (t, n, p[0], p[1], h);
  for (i = i0; i < i1; i++) {
    e0 = (i == 0 && pen->cap == NEURO_TRACE_CAP_SQUARE) ? h : 0;
    e1 = (i + 1 == run_end && pen->cap == NEURO_TRACE_CAP_SQUARE) ? h : 0;
    add_rect (t, n, p[2 * i], p[2 * i + 1], p[2 * i + 2], p[2 * i + 3], h,
        e0, e1);
    if (i + 1 < i1 || (i + 1 == i1 && !cap1))
      add_join (t, n, pen, p + 2 * i, p + 2 * i + 2, p + 2 * i + 4, h);
  }
  if (cap1 && pen->cap == NEURO_TRACE_CAP_ROUND)
    add_disk (t, n, p[2 * i1], p[2 * i1 + 1], h);
}

static Chain *
new_chain (NeuroTrace * t, gsize * n)
{
  t->ch = grow (t->ch, &t->ch_cap, *n + 1, sizeof (Chain));
  memset (&t->ch[*n], 0, sizeof (Chain));
  return &t->ch[(*n)++];
}

/* a run of distinct points (pairs, at least 2) as x-monotone chains */
static void
run_chains (NeuroTrace * t, gsize * nch, gsize * nsh,
    const NeuroTracePen * pen, const gdouble * p, gsize np, gdouble h)
{
  gsize i0 = 0, last = np - 1;

  while (i0 < last) {
    gsize i1 = i0 + 1, s0 = *nsh, k;
    gint dir = 0;
    Chain *c;

    /* extend while x keeps its direction (vertical steps fit either) */
    for (; i1 <= last; i1++) {
      gdouble dx = p[2 * i1] - p[2 * i1 - 2];
      gint d = dx > 0 ? 1 : dx < 0 ? -1 : 0;

      if (d && dir && d != dir)
        break;
      if (d)
        dir = d;
    }
    i1--;
    chain_shapes (t, nsh, pen, p, i0, i1, last, h);
    if (dir < 0) {
      /* walk it in increasing x */
      for (k = 0; k < (*nsh - s0) / 2; k++) {
        Shape tmp = t->sh[s0 + k];

        t->sh[s0 + k] = t->sh[*nsh - 1 - k];
        t->sh[*nsh - 1 - k] = tmp;
      }
    }
    c = new_chain (t, nch);
    c->kind = CHAIN_LINE;
    c->sh0 = s0;
    c->nsh = *nsh - s0;
    c->xlo = G_MAXDOUBLE;
    c->xhi = -G_MAXDOUBLE;
    for (k = s0; k < *nsh; k++) {
      c->xlo = MIN (c->xlo, t->sh[k].xlo);
      c->xhi = MAX (c->xhi, t->sh[k].xhi);
    }
    i0 = i1;
  }
}

/* Liang-Barsky: the part of P -> Q inside the box; FALSE if none.  The
 * ends that were inside are kept exactly. */
static gboolean
clip_segment (const gdouble * box, gdouble * px, gdouble * py, gdouble * qx,
    gdouble * qy)
{
  gdouble dx = *qx - *px, dy = *qy - *py, t0 = 0, t1 = 1;
  gdouble pp[4] = { -dx, dx, -dy, dy };
  gdouble qq[4] = { *px - box[0], box[2] - *px, *py - box[1], box[3] - *py };
  gdouble x0 = *px, y0 = *py;
  gint i;

  for (i = 0; i < 4; i++) {
    if (pp[i] == 0) {
      if (qq[i] < 0)
        return FALSE;
    } else {
      gdouble r = qq[i] / pp[i];

      if (pp[i] < 0)
        t0 = MAX (t0, r);
      else
        t1 = MIN (t1, r);
    }
  }
  if (t0 > t1)
    return FALSE;
  if (t1 < 1) {
    *qx = x0 + t1 * dx;
    *qy = y0 + t1 * dy;
  }
  if (t0 > 0) {
    *px = x0 + t0 * dx;
    *py = y0 + t0 * dy;
  }
  return TRUE;
}

/* ------------------------------------------------------------ the sweep */

/* lanes of a line chain in column p; FALSE when it covers nothing there */
static gboolean
line_lanes (NeuroTrace * t, Chain * c, gint p, gdouble h, gfloat * T,
    gfloat * B)
{
  const Shape *sh = t->sh + c->sh0;
  gdouble ext = 1.5 * h + 1;
  gfloat h2 = (gfloat) (h * h);
  gboolean any = FALSE;
  gsize i;
  gint k;

  for (k = 0; k < LANES; k++) {
    T[k] = BIG;
    B[k] = -BIG;
  }
  while (c->cursor < c->nsh && sh[c->cursor].ahi + ext < p)
    c->cursor++;
  for (i = c->cursor; i < c->nsh && sh[i].alo - ext <= p + 1; i++) {
    const Shape *s = sh + i;

    if (s->xhi < p || s->xlo > p + 1)
      continue;
    if (s->kind == SHAPE_DISK) {
      gfloat cx = (gfloat) (s->cx - p), cy = (gfloat) s->cy;

      if (t->simd)
        neuro_trace_lanes_disk_simd (cx, cy, h2, T, B);
      else
        neuro_trace_lanes_disk_c (cx, cy, h2, T, B);
    } else {
      NeuroLanePoly lp;
      gint j;

      lp.n = 0;
      lp.xa = -BIG;
      lp.xb = BIG;
      for (j = 0; j < s->nhp; j++) {
        gdouble a = s->a[j], ib = s->ib[j], cc = s->c[j] - a * p;

        if (ib == 0) {
          /* a vertical edge decides by x alone: a X <= cc (|a| ~ 1) */
          gfloat xb = (gfloat) (cc / a);

          if (a > 0)
            lp.xb = MIN (lp.xb, xb);
          else
            lp.xa = MAX (lp.xa, xb);
        } else {
          lp.k0[lp.n] = (gfloat) (cc * ib);
          lp.k1[lp.n] = (gfloat) (-a * ib);
          lp.below[lp.n] = ib > 0;
          lp.n++;
        }
      }
      if (t->simd)
        neuro_trace_lanes_poly_simd (&lp, T, B);
      else
        neuro_trace_lanes_poly_c (&lp, T, B);
    }
    any = TRUE;
  }
  return any;
}

void
neuro_trace_lanes_poly_c (const NeuroLanePoly * s, gfloat * T, gfloat * B)
{
  gfloat lo[LANES], hi[LANES];
  gint i, k;

  for (k = 0; k < LANES; k++) {
    lo[k] = -BIG;
    hi[k] = BIG;
  }
  for (i = 0; i < s->n; i++)
    for (k = 0; k < LANES; k++) {
      gfloat y = s->k0[i] + s->k1[i] * lane_x[k];

      if (s->below[i])
        hi[k] = MIN (hi[k], y);
      else
        lo[k] = MAX (lo[k], y);
    }
  for (k = 0; k < LANES; k++) {
    if (lane_x[k] < s->xa || lane_x[k] > s->xb || !(lo[k] <= hi[k]))
      continue;
    T[k] = MIN (T[k], lo[k]);
    B[k] = MAX (B[k], hi[k]);
  }
}

void
neuro_trace_lanes_disk_c (gfloat cx, gfloat cy, gfloat h2, gfloat * T,
    gfloat * B)
{
  gint k;

  for (k = 0; k < LANES; k++) {
    gfloat dx = lane_x[k] - cx, r2 = h2 - dx * dx;

    if (r2 >= 0) {
      gfloat e = sqrtf (r2);

      T[k] = MIN (T[k], cy - e);
      B[k] = MAX (B[k], cy + e);
    }
  }
}

void
neuro_trace_lanes_band_c (gint ka, gint kb, gfloat f0, gfloat df, gfloat ya,
    gfloat dya, gfloat yb, gfloat dyb, gfloat glo, gfloat ghi, gfloat * T,
    gfloat * B)
{
  gint k;

  for (k = ka; k < kb; k++) {
    gfloat f = f0 + df * lane_x[k], a, b;

    f = CLAMP (f, 0.0f, 1.0f);
    a = ya + dya * f;
    b = yb + dyb * f;
    T[k] = CLAMP (MIN (a, b), glo, ghi);
    B[k] = CLAMP (MAX (a, b), glo, ghi);
  }
}

/* the lanes' coverage of row [r0, r1), summed in the order of the AVX2
 * twin: k + 8, then + 4, + 2, + 1 */
static inline gfloat
lanes_row (const gfloat * T, const gfloat * B, gfloat r0, gfloat r1)
{
  gfloat o[LANES];
  gint k;

  for (k = 0; k < LANES; k++) {
    gfloat v = MIN (B[k], r1) - MAX (T[k], r0);

    o[k] = MAX (v, 0.0f);
  }
  for (k = 0; k < 8; k++)
    o[k] = o[k] + o[k + 8];
  for (k = 0; k < 4; k++)
    o[k] = o[k] + o[k + 4];
  for (k = 0; k < 2; k++)
    o[k] = o[k] + o[k + 2];
  return o[0] + o[1];
}

gboolean
neuro_trace_lanes_col_c (const NeuroLaneCol * c, const gfloat * T,
    const gfloat * B, gint * f0, gint * f1)
{
  gfloat tmin = BIG, tmax = -BIG, bmin = BIG, bmax = -BIG;
  gint k, r, ra, rb;
  gboolean full = TRUE;

  for (k = 0; k < LANES; k++) {
    if (!(B[k] > T[k])) {
      full = FALSE;
      continue;
    }
    tmin = MIN (tmin, T[k]);
    tmax = MAX (tmax, T[k]);
    bmin = MIN (bmin, B[k]);
    bmax = MAX (bmax, B[k]);
  }
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
    s = neuro_trace_cov_s (lanes_row (T, B, (gfloat) r, (gfloat) (r + 1)) *
        (1.0f / LANES));
    if (s)
      neuro_trace_put ((guint32 *) (c->data + (gsize) r * c->stride) + c->x,
          c->col, s);
  }
  return TRUE;
}

/* lanes of a band chain (x, y1, y2 triples, x non-decreasing) */
static gboolean
band_lanes (NeuroTrace * t, Chain * c, gint p, gfloat * T, gfloat * B)
{
  const gdouble *q = t->pt + 3 * c->first;
  gsize last = c->npts - 1, i;
  gfloat glo = (gfloat) (t->cy0 - 2.0), ghi = (gfloat) (t->cy1 + 2.0);
  gint k, ka = 0;

  for (k = 0; k < LANES; k++) {
    T[k] = BIG;
    B[k] = -BIG;
  }
  if (q[3 * last] < p + lane_x[0] || q[0] > p + lane_x[LANES - 1])
    return FALSE;
  while (c->cursor + 1 < last && q[3 * (c->cursor + 1)] < p)
    c->cursor++;
  /* lanes before the band */
  while (ka < LANES && p + (gdouble) lane_x[ka] < q[0])
    ka++;
  for (i = c->cursor; i < last && ka < LANES; i++) {
    gdouble xa = q[3 * i], xb = q[3 * (i + 1)], dx = xb - xa;
    gint kb = ka;

    /* the lanes up to xb (a vertical step has none) */
    while (kb < LANES && p + (gdouble) lane_x[kb] <= xb)
      kb++;
    if (kb > ka && dx > 0) {
      /* finite in float (a tiny dx would make inf - inf) */
      gfloat f0 = (gfloat) CLAMP ((p - xa) / dx, -1e30, 1e30);
      gfloat df = (gfloat) MIN (1.0 / dx, 1e30);
      gfloat ya = (gfloat) q[3 * i + 1], yb = (gfloat) q[3 * i + 2];
      gfloat dya = (gfloat) (q[3 * i + 4] - q[3 * i + 1]);
      gfloat dyb = (gfloat) (q[3 * i + 5] - q[3 * i + 2]);

      if (t->simd)
        neuro_trace_lanes_band_simd (ka, kb, f0, df, ya, dya, yb, dyb, glo,
            ghi, T, B);
      else
        neuro_trace_lanes_band_c (ka, kb, f0, df, ya, dya, yb, dyb, glo,
            ghi, T, B);
    }
    ka = kb;
    if (xb > p + 1)
      break;
  }
  return TRUE;
}

static gint
chain_cmp (gconstpointer a, gconstpointer b, gpointer user)
{
  const Chain *x = a, *y = b;

  return x->xlo < y->xlo ? -1 : x->xlo > y->xlo ? 1 : 0;
}

/* rasterizes chains [0, n) column by column */
static void
sweep (NeuroTrace * t, gsize n, gdouble h, guint32 col)
{
  gsize next = 0, nact = 0, i, j;
  gboolean sorted = TRUE;
  gint p;

  if (n == 0)
    return;
  for (i = 1; i < n && sorted; i++)
    sorted = t->ch[i - 1].xlo <= t->ch[i].xlo;
  if (!sorted)
    g_qsort_with_data (t->ch, n, sizeof (Chain), chain_cmp, NULL);
  t->act = grow (t->act, &t->act_cap, n, sizeof (gsize));
  p = t->cx0;
  while (p < t->cx1) {
    while (next < n && t->ch[next].xlo <= p + 1)
      t->act[nact++] = next++;
    for (i = j = 0; i < nact; i++)
      if (t->ch[t->act[i]].xhi >= p)
        t->act[j++] = t->act[i];
    nact = j;
    if (nact == 0) {
      if (next >= n)
        break;
      /* jump to the next chain */
      p = MAX (p + 1, (gint) floor (t->ch[next].xlo));
      continue;
    }
    grow2 ((gpointer *) & t->lt, (gpointer *) & t->lb, &t->l_cap,
        nact * LANES, sizeof (gfloat));
    for (i = j = 0; i < nact; i++) {
      Chain *c = &t->ch[t->act[i]];
      gboolean any = c->kind == CHAIN_LINE ?
          line_lanes (t, c, p, h, t->lt + j * LANES, t->lb + j * LANES) :
          band_lanes (t, c, p, t->lt + j * LANES, t->lb + j * LANES);

      if (any)
        j++;
    }
    if (j == 1) {
      lanes_flush (t, p, col, t->lt, t->lb);
    } else if (j > 1) {
      acc_add_lanes (t, t->lt, t->lb, j);
      acc_flush (t, p, col);
    }
    p++;
  }
  runs_blend (t, col);
}

/* --------------------------------------------------------------- lines */

static void
polyline (NeuroTrace * t, const NeuroTracePen * pen, const gdouble * x,
    const gdouble * y, gsize n)
{
  gdouble h = pen_half (pen), m, box[4];
  guint32 col = neuro_argb_premultiply (pen->color);
  gsize i, nch = 0, nsh = 0, np = 0;
  gboolean open = FALSE, moved = FALSE;

  if (h == 0 || target_empty (t) || n == 0)
    return;
  /* shapes beyond this box cannot reach the target */
  m = 1.5 * h + 4;
  box[0] = t->cx0 - m;
  box[1] = t->cy0 - m;
  box[2] = t->cx1 + m;
  box[3] = t->cy1 + m;
  t->pt = grow (t->pt, &t->pt_cap, 2 * n + 2, sizeof (gdouble));

  /* runs of distinct points inside the box, each made into chains */
  for (i = 0; i + 1 <= n; i++) {
    gdouble px = clamp_coord (x[i]), py = clamp_coord (y[i]);
    gdouble qx, qy;
    gboolean seg;

    seg = i + 1 < n && !isnan (px) && !isnan (py);
    if (seg) {
      qx = clamp_coord (x[i + 1]);
      qy = clamp_coord (y[i + 1]);
      seg = !isnan (qx) && !isnan (qy)
          && clip_segment (box, &px, &py, &qx, &qy);
    }
    if (seg && open && (px != t->pt[2 * np - 2] || py != t->pt[2 * np - 1]))
      seg = FALSE, i--;         /* re-entered the box: a new run */
    if (!seg) {
      if (open) {
        if (np >= 2)
          run_chains (t, &nch, &nsh, pen, t->pt, np, h);
        else if (moved && pen->cap != NEURO_TRACE_CAP_BUTT) {
          /* a zero-length line: a dot (axis-aligned for square caps) */
          Chain *c;
          gsize s0 = nsh;

          if (pen->cap == NEURO_TRACE_CAP_ROUND)
            add_disk (t, &nsh, t->pt[0], t->pt[1], h);
          else
            add_rect (t, &nsh, t->pt[0] - 1e-3, t->pt[1], t->pt[0] + 1e-3,
                t->pt[1], h, h - 1e-3, h - 1e-3);
          c = new_chain (t, &nch);
          c->kind = CHAIN_LINE;
          c->sh0 = s0;
          c->nsh = 1;
          c->xlo = t->sh[s0].xlo;
          c->xhi = t->sh[s0].xhi;
        }
        /* chains keep indices into t->pt: start the next run after them */
        open = FALSE;
      }
      continue;
    }
    if (!open) {
      /* runs are turned into chains (shapes) at once, so t->pt is
       * reused from the start */
      np = 0;
      t->pt[0] = px;
      t->pt[1] = py;
      np = 1;
      open = TRUE;
      moved = FALSE;
    }
    moved = TRUE;
    if (qx != px || qy != py) {
      t->pt[2 * np] = qx;
      t->pt[2 * np + 1] = qy;
      np++;
    }
  }
  sweep (t, nch, h, col);
}

void
neuro_trace_polyline (NeuroTrace * t, const NeuroTracePen * pen,
    const gdouble * x, const gdouble * y, gsize n)
{
  g_return_if_fail (t != NULL && pen != NULL);
  g_return_if_fail (n == 0 || (x != NULL && y != NULL));
  polyline (t, pen, x, y, n);
}

/* ------------------------------------------------------------- samples */

static inline gfloat
sample_at (const NeuroTraceSamples * s, gsize j)
{
  gsize mask = s->mask ? s->mask : G_MAXSIZE;

  return s->v[((s->start + j) & mask) * s->stride];
}

/* a sample for interpolation: infinities kept finite (inf - inf) */
static inline gdouble
sample_finite (const NeuroTraceSamples * s, gsize j)
{
  gdouble v = sample_at (s, j);

  return CLAMP (v, -G_MAXFLOAT, G_MAXFLOAT);
}

/* The line's value where it crosses the column edge at fractional sample
 * position u, as seen from the column left of the edge (@left) or right of
 * it; NaN where it does not cross.  An edge on a sample belongs to the
 * column left of it only if the line comes from there (the sample itself
 * is in the column to its right). */
static inline gdouble
edge_value (const NeuroTraceSamples * s, gdouble u, gboolean left)
{
  gdouble f, a, b;
  gsize i;

  if (!(u >= 0 && u <= (gdouble) (s->n - 1)))
    return NAN;
  i = (gsize) u;
  f = u - (gdouble) i;
  if (f == 0) {
    if (!left || i == 0 || isnan (sample_at (s, i - 1)))
      return NAN;
    return sample_finite (s, i);
  }
  if (i + 1 >= s->n || isnan (sample_at (s, i)) || isnan (sample_at (s,
              i + 1)))
    return NAN;
  a = sample_finite (s, i);
  b = sample_finite (s, i + 1);
  return a + f * (b - a);
}

/* min and max of samples [ja, jb] (may be empty), NaN skipped */
static void
samples_minmax (const NeuroTraceSamples * s, gboolean simd, gint64 ja,
    gint64 jb, gfloat * lo, gfloat * hi)
{
  gsize mask = s->mask ? s->mask : G_MAXSIZE, j;

  if (jb < ja)
    return;
  if (s->stride == 1) {
    /* contiguous pieces between ring wraps */
    j = (gsize) ja;
    while (j <= (gsize) jb) {
      gsize o = (s->start + j) & mask;
      gsize len = (gsize) jb - j + 1;

      if (mask != G_MAXSIZE)
        len = MIN (len, mask - o + 1);

      if (simd)
        neuro_trace_minmax_simd (s->v + o, len, lo, hi);
      else
        neuro_trace_minmax_c (s->v + o, len, lo, hi);
      j += len;
    }
    return;
  }
  for (j = (gsize) ja; j <= (gsize) jb; j++) {
    gfloat v = sample_at (s, j);

    if (v < *lo)
      *lo = v;
    if (v > *hi)
      *hi = v;
  }
}

/* a column's [dlo, dhi] (data units) to pixel extents */
static inline void
extent_store (gdouble dlo, gdouble dhi, gdouble y0, gdouble ys,
    gboolean clamp, gdouble glo, gdouble ghi, gfloat * top, gfloat * bot)
{
  gdouble ya, yb;

  if (!(dlo <= dhi)) {
    *top = INFINITY;
    *bot = -INFINITY;
    return;
  }
  ya = y0 + ys * dlo;
  yb = y0 + ys * dhi;
  if (isnan (ya) || isnan (yb)) {
    *top = INFINITY;
    *bot = -INFINITY;
    return;
  }
  if (clamp) {
    ya = CLAMP (ya, glo, ghi);
    yb = CLAMP (yb, glo, ghi);
  }
  *top = (gfloat) MIN (ya, yb);
  *bot = (gfloat) MAX (ya, yb);
}

/* samples 0 .. n-1 in one or two contiguous pieces (a ring that wraps) */
typedef struct
{
  const gfloat *a, *b;
  gsize na, n;
} Pieces;

static inline gfloat
piece_at (const Pieces * q, gsize j)
{
  return j < q->na ? q->a[j] : q->b[j - q->na];
}

static inline gdouble
piece_finite (const Pieces * q, gsize j)
{
  gdouble v = piece_at (q, j);

  return CLAMP (v, -G_MAXFLOAT, G_MAXFLOAT);
}

static inline void
minmax_run (const gfloat * v, gsize n, gboolean simd, gfloat * lo,
    gfloat * hi)
{
  if (n >= 16 && simd) {
    neuro_trace_minmax_simd (v, n, lo, hi);
  } else {
    gfloat a = *lo, b = *hi;
    gsize i;

    for (i = 0; i < n; i++) {
      a = v[i] < a ? v[i] : a;
      b = v[i] > b ? v[i] : b;
    }
    *lo = a;
    *hi = b;
  }
}

/* extents () for contiguous pieces: the same values, walking the samples
 * with a cursor (j < ub classifies a sample exactly as ceil (ub) - 1 >= j
 * does); @two: the samples are in two pieces (a wrapped ring) */
static inline void
extents_walk (const Pieces * q, gboolean two, gboolean simd, gint px0,
    gint ncols, const gdouble * map, const NeuroTraceMap * m, gdouble y0,
    gdouble ys, gboolean clamp, gdouble glo, gdouble ghi, gfloat * top,
    gfloat * bot)
{
#define AT(j) (two ? piece_at (q, (j)) : q->a[(j)])
  gdouble lastu = (gdouble) (q->n - 1), ua, ub, vb_prev = NAN;
  gsize j, n = q->n;
  gint c;

  gdouble inv = map ? 0 : 1.0 / m->dx;

  ua = map ? map[0] : (px0 - m->x0) * inv;
  /* the first sample at or after the first edge */
  if (ua <= 0)
    j = 0;
  else if (ua > lastu)
    j = n;
  else {
    j = (gsize) ua;
    j += (gdouble) j < ua;
  }
  if (j > 0 && j < n && (gdouble) j != ua && !isnan (AT (j - 1))
      && !isnan (AT (j))) {
    /* the line crossing the first column's left edge */
    gdouble x = CLAMP ((gdouble) AT (j - 1), -G_MAXFLOAT, G_MAXFLOAT);
    gdouble y = CLAMP ((gdouble) AT (j), -G_MAXFLOAT, G_MAXFLOAT);

    vb_prev = x + (ua - (gdouble) (j - 1)) * (y - x);
  }
  for (c = 0; c < ncols; c++) {
    gfloat lo = INFINITY, hi = -INFINITY;
    gdouble dlo, dhi, vb = NAN;

    ub = map ? map[c + 1] : (px0 + c + 1 - m->x0) * inv;
    if (!(ub >= ua)) {
      /* a map going back (or NaN): an empty column */
      top[c] = INFINITY;
      bot[c] = -INFINITY;
      vb_prev = NAN;
      ua = ub;
      continue;
    }
    if (!two) {
      /* e: the samples before ub; runs of up to 4 without a branch
       * (their length varies from column to column: a loop's exit would
       * be mispredicted every few columns) */
      gdouble uc = MIN (ub, lastu + 1);
      gsize e = uc <= 0 ? 0 : (gsize) uc + ((gdouble) (gsize) uc < uc), k;

      if (e <= j + 4 && j + 4 <= n) {
        for (k = 0; k < 4; k++) {
          gfloat v = q->a[j + k];
          gboolean in = j + k < e;

          lo = in && v < lo ? v : lo;
          hi = in && v > hi ? v : hi;
        }
        j = MAX (j, e);
      } else if (e > j) {
        minmax_run (q->a + j, e - j, simd, &lo, &hi);
        j = e;
      }
    } else {
      for (; j < n && (gdouble) j < ub; j++) {
        gfloat v = AT (j);

        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
      }
    }
    dlo = lo;
    dhi = hi;
    /* the left edge: the previous column's right edge */
    if (!isnan (vb_prev)) {
      dlo = MIN (dlo, vb_prev);
      dhi = MAX (dhi, vb_prev);
    }
    /* the right edge: between samples j - 1 and j, or on sample j (ub
     * == j): then it is this column's only if the line comes from j - 1 */
    if (j > 0 && j < n && ub <= lastu && !isnan (AT (j - 1))
        && !isnan (AT (j))) {
      gdouble x = CLAMP ((gdouble) AT (j - 1), -G_MAXFLOAT, G_MAXFLOAT);
      gdouble y = CLAMP ((gdouble) AT (j), -G_MAXFLOAT, G_MAXFLOAT);

      if ((gdouble) j == ub) {
        dlo = MIN (dlo, y);
        dhi = MAX (dhi, y);
      } else {
        vb = x + (ub - (gdouble) (j - 1)) * (y - x);
        dlo = MIN (dlo, vb);
        dhi = MAX (dhi, vb);
      }
    }
    vb_prev = vb;
    ua = ub;
    extent_store (dlo, dhi, y0, ys, clamp, glo, ghi, top + c, bot + c);
  }
#undef AT
}

static void
extents_pieces (const Pieces * q, gboolean simd, gint px0, gint ncols,
    const gdouble * map, const NeuroTraceMap * m, gdouble y0, gdouble ys,
    gboolean clamp, gdouble glo, gdouble ghi, gfloat * top, gfloat * bot)
{
  if (q->b && q->na < q->n)
    extents_walk (q, TRUE, simd, px0, ncols, map, m, y0, ys, clamp, glo,
        ghi, top, bot);
  else
    extents_walk (q, FALSE, simd, px0, ncols, map, m, y0, ys, clamp, glo,
        ghi, top, bot);
}

/* Extents (pixel y, top <= bottom, +inf/-inf when empty) of the line in
 * columns px0 + c, c in [0, ncols), whose edges are at the fractional
 * sample positions pos (uniform: pos = (x - x0) / dx; else the map). */
static void
extents (const NeuroTraceSamples * s, gboolean simd, gint px0, gint ncols,
    const gdouble * map, const NeuroTraceMap * m, gdouble y0, gdouble ys,
    gboolean clamp, gdouble glo, gdouble ghi, gfloat * top, gfloat * bot)
{
  gdouble ua, ub, va, vb;
  gint64 nmax = (gint64) MIN (s->n, (gsize) G_MAXINT64);
  gint c;

  if (s->stride == 1 && s->n < ((gsize) 1 << 62)) {
    /* contiguous: at most two pieces */
    Pieces q;

    q.n = s->n;
    if (s->mask == 0 || s->mask == G_MAXSIZE) {
      q.a = s->v + s->start;
      q.na = s->n;
      q.b = NULL;
    } else {
      gsize o = s->start & s->mask;

      q.a = s->v + o;
      q.na = MIN (s->n, s->mask - o + 1);
      q.b = s->v;
    }
    extents_pieces (&q, simd, px0, ncols, map, m, y0, ys, clamp, glo, ghi,
        top, bot);
    return;
  }
  gdouble inv = map ? 0 : 1.0 / m->dx;

  ua = map ? map[0] : (px0 - m->x0) * inv;
  for (c = 0; c < ncols; c++) {
    gfloat lo = INFINITY, hi = -INFINITY;
    gint64 ja, jb;
    gdouble dlo, dhi;

    ub = map ? map[c + 1] : (px0 + c + 1 - m->x0) * inv;
    va = edge_value (s, ua, FALSE);
    vb = edge_value (s, ub, TRUE);
    if (ub >= ua) {
      ja = neuro_clamp_to_int64 (ceil (ua), 0, nmax);
      jb = neuro_clamp_to_int64 (ceil (ub) - 1, -1, nmax - 1);
      samples_minmax (s, simd, ja, jb, &lo, &hi);
    }
    dlo = lo;
    dhi = hi;
    if (!isnan (va)) {
      dlo = MIN (dlo, va);
      dhi = MAX (dhi, va);
    }
    if (!isnan (vb)) {
      dlo = MIN (dlo, vb);
      dhi = MAX (dhi, vb);
    }
    ua = ub;
    extent_store (dlo, dhi, y0, ys, clamp, glo, ghi, top + c, bot + c);
  }
}

void
neuro_trace_column_extents (const NeuroTraceSamples * s,
    const NeuroTraceMap * m, gint px0, gint ncols, gfloat * top,
    gfloat * bottom)
{
  gint c;

  g_return_if_fail (s != NULL && m != NULL);
  if (ncols <= 0)
    return;
  if (!s->v || s->n == 0 || !(m->dx > 0) || !isfinite (m->x0)
      || !isfinite (m->dx)) {
    for (c = 0; c < ncols; c++) {
      top[c] = INFINITY;
      bottom[c] = -INFINITY;
    }
    return;
  }
  extents (s, neuro_trace_simd_available (), px0, ncols, NULL, m, m->y0,
      m->ys, FALSE, 0, 0, top, bottom);
}

/* --------------------------------------------------------------- envelope */

typedef struct
{
  gint K;                       /* columns p - K .. p + K reach pixel p */
  gint pad;                     /* padding of the extent arrays */
  NeuroEnvJob job;
} EnvSetup;

/* the x pieces of a pixel for half width h */
static void
env_setup (EnvSetup * e, gdouble h)
{
  gdouble hx = MAX (h, 0.5), u[8];
  gint n = 0, k, i, j;

  e->K = (gint) ceil (hx + 0.5) - 1;
  /* pixels reach K columns beyond the data, and read K beyond those;
   * the AVX2 kernel reads 8 more, and the layered one widens its range to
   * whole blocks of 16 */
  e->pad = 2 * e->K + 8 + 16;
  u[n++] = 0;
  u[n++] = 1;
  for (k = -e->K; k <= e->K; k++) {
    gdouble l = k + 0.5 - hx, r = k + 0.5 + hx;

    if (l > 1e-9 && l < 1 - 1e-9 && n < 8)
      u[n++] = l;
    if (r > 1e-9 && r < 1 - 1e-9 && n < 8)
      u[n++] = r;
  }
  /* sort the (at most 4) breakpoints */
  for (i = 1; i < n; i++)
    for (j = i; j > 0 && u[j - 1] > u[j]; j--) {
      gdouble tmp = u[j];

      u[j] = u[j - 1];
      u[j - 1] = tmp;
    }
  e->job.npieces = 0;
  for (i = 0; i + 1 < n; i++) {
    gdouble mid = (u[i] + u[i + 1]) / 2;
    gint lo = G_MAXINT, hi = G_MININT, q;

    if (u[i + 1] - u[i] < 1e-9)
      continue;
    for (k = -e->K; k <= e->K; k++)
      if (k + 0.5 - hx <= mid && mid <= k + 0.5 + hx) {
        lo = MIN (lo, k);
        hi = MAX (hi, k);
      }
    q = e->job.npieces++;
    e->job.w[q] = (gfloat) (u[i + 1] - u[i]);
    e->job.klo[q] = lo;
    e->job.khi[q] = hi;
  }
  e->job.h = (gfloat) h;
}

/* et/eb for columns [px0 - pad, px0 + ncols + pad), the outer ones empty */
static void
env_arrays (NeuroTrace * t, const EnvSetup * e, gint ncols)
{
  gsize need = (gsize) ncols + 2 * e->pad;
  gint i;

  grow2 ((gpointer *) & t->et, (gpointer *) & t->eb, &t->e_cap, need,
      sizeof (gfloat));
  for (i = 0; i < e->pad; i++) {
    t->et[i] = t->et[need - 1 - i] = INFINITY;
    t->eb[i] = t->eb[need - 1 - i] = -INFINITY;
  }
}

/* draws envelope columns [px0, px0 + ncols), extents in t->et/eb + pad */
static void
env_draw (NeuroTrace * t, EnvSetup * e, gint px0, gint ncols, guint32 col)
{
  NeuroEnvJob *j = &e->job;

  j->data = t->cv->data;
  j->stride = t->cv->stride;
  j->cy0 = t->cy0;
  j->cy1 = t->cy1;
  j->p0 = MAX (t->cx0, px0 - e->K);
  j->p1 = MIN (t->cx1, px0 + ncols + e->K);
  j->et = t->et;
  j->eb = t->eb;
  j->base = px0 - e->pad;
  j->col = col;
  if (j->p0 >= j->p1)
    return;
  if (t->simd)
    neuro_trace_env_simd (j);
  else
    neuro_trace_env_c (j, j->p0, j->p1);
}

/* the visible envelope columns [*c0, *c1) of [0, ncols) at px0 */
static gboolean
env_visible (const NeuroTrace * t, const EnvSetup * e, gint px0, gint ncols,
    gint * c0, gint * c1)
{
  gint64 a = (gint64) t->cx0 - e->K - px0, b = (gint64) t->cx1 + e->K - px0;

  *c0 = (gint) CLAMP (a, 0, ncols);
  *c1 = (gint) CLAMP (b, 0, ncols);
  return *c0 < *c1;
}

static void
samples_envelope (NeuroTrace * t, const NeuroTracePen * pen,
    const NeuroTraceSamples * s, gint px0, gint ncols, const gdouble * map,
    const NeuroTraceMap * m, gdouble y0, gdouble ys)
{
  gdouble h = pen_half (pen);
  EnvSetup e;
  gint c0, c1;

  if (h == 0 || target_empty (t) || !s->v || s->n == 0 || ncols <= 0)
    return;
  env_setup (&e, h);
  if (!env_visible (t, &e, px0, ncols, &c0, &c1))
    return;
  env_arrays (t, &e, c1 - c0);
  extents (s, t->simd, px0 + c0, c1 - c0, map ? map + c0 : NULL, m, y0, ys,
      TRUE, t->cy0 - h - 2, t->cy1 + h + 2, t->et + e.pad, t->eb + e.pad);
  env_draw (t, &e, px0 + c0, c1 - c0, neuro_argb_premultiply (pen->color));
}

static gboolean
map_valid (const NeuroTraceMap * m)
{
  return m->dx > 0 && isfinite (m->dx) && isfinite (m->x0);
}

/* the pixel columns the samples span (with their edges) */
static gboolean
uniform_columns (const NeuroTraceSamples * s, const NeuroTraceMap * m,
    gint * px0, gint * ncols)
{
  gdouble a = m->x0, b = m->x0 + (s->n - 1) * m->dx;
  gint64 pa = neuro_clamp_to_int64 (floor (a), -(1 << 29), 1 << 29);
  gint64 pb = neuro_clamp_to_int64 (floor (b), -(1 << 29), 1 << 29);

  *px0 = (gint) pa;
  *ncols = (gint) (pb - pa + 1);
  return TRUE;
}

void
neuro_trace_samples_envelope (NeuroTrace * t, const NeuroTracePen * pen,
    const NeuroTraceSamples * s, const NeuroTraceMap * m)
{
  gint px0, ncols;

  g_return_if_fail (t != NULL && pen != NULL && s != NULL && m != NULL);
  if (!map_valid (m) || s->n == 0 || !uniform_columns (s, m, &px0, &ncols))
    return;
  samples_envelope (t, pen, s, px0, ncols, NULL, m, m->y0, m->ys);
}

void
neuro_trace_samples_columns (NeuroTrace * t, const NeuroTracePen * pen,
    const NeuroTraceSamples * s, gint px0, gint ncols, const gdouble * pos,
    gdouble y0, gdouble ys)
{
  g_return_if_fail (t != NULL && pen != NULL && s != NULL);
  g_return_if_fail (ncols <= 0 || pos != NULL);
  samples_envelope (t, pen, s, px0, ncols, pos, NULL, y0, ys);
}

/* samples at least a pixel apart: the polyline through the visible ones
 * (sample j at x0 + j dx; the column edges above are at sample positions
 * (x - x0) (1/dx), the same line) */
static void
samples_line (NeuroTrace * t, const NeuroTracePen * pen,
    const NeuroTraceSamples * s, const NeuroTraceMap * m)
{
  gdouble h = pen_half (pen), margin = 1.5 * h + 4;
  gint64 nmax = (gint64) MIN (s->n, (gsize) G_MAXINT64) - 1, ja, jb, j;
  gsize k = 0;

  if (h == 0 || target_empty (t))
    return;
  ja = neuro_clamp_to_int64 (floor ((t->cx0 - margin - m->x0) / m->dx) - 1,
      0, nmax);
  jb = neuro_clamp_to_int64 (ceil ((t->cx1 + margin - m->x0) / m->dx) + 1,
      0, nmax);
  if (jb < ja)
    return;
  grow2 ((gpointer *) & t->sx, (gpointer *) & t->sy, &t->s_cap,
      (gsize) (jb - ja + 1), sizeof (gdouble));
  for (j = ja; j <= jb; j++, k++) {
    t->sx[k] = m->x0 + j * m->dx;
    t->sy[k] = m->y0 + m->ys * sample_at (s, (gsize) j);
  }
  polyline (t, pen, t->sx, t->sy, k);
}

void
neuro_trace_samples (NeuroTrace * t, const NeuroTracePen * pen,
    const NeuroTraceSamples * s, const NeuroTraceMap * m)
{
  g_return_if_fail (t != NULL && pen != NULL && s != NULL && m != NULL);
  if (!map_valid (m) || !s->v || s->n == 0)
    return;
  if (m->dx < 1)
    neuro_trace_samples_envelope (t, pen, s, m);
  else
    samples_line (t, pen, s, m);
}

/* pass 1 of the prep for raw column i: its mapped range, and the join
 * value between it and column i - 1 (NaN without first/last) */
static inline void
prep_raw (const NeuroEnvPrep * p, gint i)
{
  gfloat l = p->lo[i], u = p->hi[i];
  gfloat ya = p->y0 + p->ys * l, yb = p->y0 + p->ys * u;

  if (l <= u && ya == ya && yb == yb) {
    p->rt[i + 1] = MIN (ya, yb);
    p->rb[i + 1] = MAX (ya, yb);
  } else {
    p->rt[i + 1] = INFINITY;
    p->rb[i + 1] = -INFINITY;
  }
  p->jv[i + 1] = NAN;
  if (p->first && i > 0)
    p->jv[i + 1] = p->y0 + p->ys * (0.5f * (p->last[i - 1] + p->first[i]));
}

/* pass 2 for raw column i: joined to its neighbours, clamped */
static inline void
prep_join (const NeuroEnvPrep * p, gint i)
{
  gfloat t = p->rt[i + 1], b = p->rb[i + 1], v;
  gint side;

  if (!(t <= b)) {
    p->top[i - p->o0] = INFINITY;
    p->bot[i - p->o0] = -INFINITY;
    return;
  }
  for (side = 0; side < 2; side++) {
    gint nb = i + 1 + (side ? 1 : -1);
    gfloat nt = p->rt[nb], nbt = p->rb[nb];

    if (!(nt <= nbt))
      continue;
    v = p->jv[i + 1 + side];
    if (v != v) {
      /* the middle of the gap between the two ranges */
      if (nt > p->rb[i + 1])
        v = 0.5f * (p->rb[i + 1] + nt);
      else if (nbt < p->rt[i + 1])
        v = 0.5f * (nbt + p->rt[i + 1]);
    }
    if (v == v) {
      t = MIN (t, v);
      b = MAX (b, v);
    }
  }
  p->top[i - p->o0] = CLAMP (t, p->glo, p->ghi);
  p->bot[i - p->o0] = CLAMP (b, p->glo, p->ghi);
}

void
neuro_trace_prep_raw_c (const NeuroEnvPrep * p, gint i0, gint i1)
{
  gint i;

  p->rt[0] = p->rt[p->n + 1] = INFINITY;
  p->rb[0] = p->rb[p->n + 1] = -INFINITY;
  p->jv[p->n + 1] = NAN;
  for (i = i0; i < i1; i++)
    prep_raw (p, i);
}

void
neuro_trace_prep_join_c (const NeuroEnvPrep * p, gint i0, gint i1)
{
  gint i;

  for (i = i0; i < i1; i++)
    prep_join (p, i);
}

void
neuro_trace_prep_c (const NeuroEnvPrep * p)
{
  neuro_trace_prep_raw_c (p, 0, p->n);
  neuro_trace_prep_join_c (p, p->o0, p->o1);
}

/* the pieces of pixel column p: see NeuroEnvJob */
static inline void
env_pieces (const NeuroEnvJob * j, gint p, gfloat * T, gfloat * B)
{
  gint i, k, q = p - j->base;

  for (i = 0; i < j->npieces; i++) {
    gfloat a = INFINITY, b = -INFINITY;

    for (k = j->klo[i]; k <= j->khi[i]; k++) {
      a = MIN (a, j->et[q + k]);
      b = MAX (b, j->eb[q + k]);
    }
    T[i] = a - j->h;
    B[i] = b + j->h;
  }
}

/* precomputed columns [c0, c1) (visible) of a ring of ncols at rot into
 * t->et/eb (+ pad), joined and clamped */
static void
env_prepare (NeuroTrace * t, const EnvSetup * e, gint ncols, gint rot,
    const gfloat * lo, const gfloat * hi, const gfloat * first,
    const gfloat * last, gdouble y0, gdouble ys, gint c0, gint c1)
{
  gboolean joins = first && last;
  gdouble h = e->job.h;
  NeuroEnvPrep pp;
  gint a, b, ia, n;

  rot %= ncols;
  if (rot < 0)
    rot += ncols;
  /* the raw columns [a, b): one more each side for the joins */
  a = MAX (c0 - 1, 0);
  b = MIN (c1 + 1, ncols);
  n = b - a;
  ia = a + rot < ncols ? a + rot : a + rot - ncols;
  t->raw = grow (t->raw, &t->raw_cap, 7 * (gsize) n + 6, sizeof (gfloat));
  if (ia + n <= ncols) {
    pp.lo = lo + ia;
    pp.hi = hi + ia;
    pp.first = joins ? first + ia : NULL;
    pp.last = joins ? last + ia : NULL;
  } else {
    /* the ring wraps inside the range: make it contiguous */
    gfloat *q = (gfloat *) t->raw + 3 * (gsize) n + 6;
    gint k = ncols - ia, arr;
    const gfloat *src[4] = { lo, hi, first, last };

    for (arr = 0; arr < (joins ? 4 : 2); arr++) {
      memcpy (q + (gsize) arr * n, src[arr] + ia, k * sizeof (gfloat));
      memcpy (q + (gsize) arr * n + k, src[arr], (n - k) * sizeof (gfloat));
    }
    pp.lo = q;
    pp.hi = q + n;
    pp.first = joins ? q + 2 * (gsize) n : NULL;
    pp.last = joins ? q + 3 * (gsize) n : NULL;
  }
  env_arrays (t, e, c1 - c0);
  pp.n = n;
  pp.o0 = c0 - a;
  pp.o1 = c1 - a;
  pp.y0 = (gfloat) y0;
  pp.ys = (gfloat) ys;
  pp.glo = (gfloat) (t->cy0 - h - 2);
  pp.ghi = (gfloat) (t->cy1 + h + 2);
  pp.rt = (gfloat *) t->raw;
  pp.rb = pp.rt + n + 2;
  pp.jv = pp.rb + n + 2;
  pp.top = t->et + e->pad;
  pp.bot = t->eb + e->pad;
  if (t->simd)
    neuro_trace_prep_simd (&pp);
  else
    neuro_trace_prep_c (&pp);
}

void
neuro_trace_envelope (NeuroTrace * t, const NeuroTracePen * pen, gint px0,
    gint ncols, gint rot, const gfloat * lo, const gfloat * hi,
    const gfloat * first, const gfloat * last, gdouble y0, gdouble ys)
{
  gdouble h = pen_half (pen);
  EnvSetup e;
  gint c0, c1;

  g_return_if_fail (t != NULL && pen != NULL);
  g_return_if_fail (ncols <= 0 || (lo != NULL && hi != NULL));
  if (h == 0 || target_empty (t) || ncols <= 0)
    return;
  env_setup (&e, h);
  if (!env_visible (t, &e, px0, ncols, &c0, &c1))
    return;
  env_prepare (t, &e, ncols, rot, lo, hi, first, last, y0, ys, c0, c1);
  env_draw (t, &e, px0 + c0, c1 - c0, neuro_argb_premultiply (pen->color));
}

/* ------------------------------------------------ many channels, layered */

void
neuro_trace_layer_touch (const NeuroUnderJob * u, gint b, gint ra, gint rb)
{
  gint a = u->tr0[b], z = u->tr1[b], x0 = b * 16;

  if (ra >= rb)
    return;
  if (a >= z) {
    a = z = ra;
    u->tr0[b] = ra;
  }
  /* from z: rows between a range below and the valid ones are cleared
   * too (the valid rows are one range); their masks with them */
  if (ra < a) {
    memset (neuro_trace_layer_px (u, x0, ra), 0, (gsize) (a - ra) * 64);
    memset (u->om + (gsize) b * u->lh + (ra - u->oy), 0,
        (gsize) (a - ra) * sizeof (guint16));
  }
  if (rb > z) {
    memset (neuro_trace_layer_px (u, x0, z), 0, (gsize) (rb - z) * 64);
    memset (u->om + (gsize) b * u->lh + (z - u->oy), 0,
        (gsize) (rb - z) * sizeof (guint16));
  }
  u->tr0[b] = MIN (u->tr0[b], ra);
  u->tr1[b] = MAX (z, rb);
}

void
neuro_trace_under_c (const NeuroUnderJob * u, gint p0, gint p1)
{
  const NeuroEnvJob *j = &u->e;
  gint p, r, i;

  for (p = p0; p < p1; p++) {
    gfloat T[3], B[3], tmin = INFINITY, tmax = -INFINITY;
    gfloat bmin = INFINITY, bmax = -INFINITY, cov;
    gint rlo, rhi, f0, f1, li = p - u->ox, blk = li / 16;
    guint16 bit = 1 << (li % 16), *om = u->om + (gsize) blk * u->lh;
    guint32 sfull;

    env_pieces (j, p, T, B);
    for (i = 0; i < j->npieces; i++) {
      tmin = MIN (tmin, T[i]);
      tmax = MAX (tmax, T[i]);
      bmin = MIN (bmin, B[i]);
      bmax = MAX (bmax, B[i]);
    }
    if (!(bmax > tmin))
      continue;
    rlo = MAX (j->cy0, (gint) floorf (tmin));
    rhi = MIN (j->cy1, (gint) ceilf (bmax));
    neuro_trace_layer_touch (u, blk, rlo, rhi);
    f0 = f1 = rlo;
    if (tmax < bmin) {
      f0 = CLAMP ((gint) ceilf (tmax), rlo, rhi);
      f1 = CLAMP ((gint) floorf (bmin), f0, rhi);
    }
    cov = 0.0f;
    for (i = 0; i < j->npieces; i++)
      cov = cov + j->w[i] * 1.0f;
    sfull = neuro_trace_cov_s (cov);
    for (r = rlo; r < rhi; r++) {
      guint32 s, *px;

      if (om[r - u->oy] & bit)
        continue;               /* opaque: nothing would change */
      if (r >= f0 && r < f1) {
        s = sfull;
      } else {
        gfloat r0 = (gfloat) r, r1 = (gfloat) (r + 1);

        cov = 0.0f;
        for (i = 0; i < j->npieces; i++) {
          gfloat o = MIN (B[i], r1) - MAX (T[i], r0);

          o = MAX (o, 0.0f);
          cov = cov + j->w[i] * o;
        }
        s = neuro_trace_cov_s (cov);
      }
      if (!s)
        continue;
      px = neuro_trace_layer_px (u, li, r);
      neuro_trace_under (px, j->col, s);
      if ((*px >> 24) == 255)
        om[r - u->oy] |= bit;
    }
  }
}

void
neuro_trace_comp_c (const NeuroUnderJob * u, gint b0, gint b1)
{
  gint b, r, i;

  for (b = b0; b < b1; b++) {
    gint x0 = b * 16, n = MIN (16, u->lw - x0);

    for (r = u->tr0[b]; r < u->tr1[b]; r++) {
      const guint32 *src = neuro_trace_layer_px (u, x0, r);
      guint32 *dst = (guint32 *) (u->cdata + (gsize) r * u->cstride) +
          u->ox + x0;

      for (i = 0; i < n; i++)
        neuro_pixel_over (dst + i, src[i]);
    }
  }
}

void
neuro_trace_over_row_c (guint32 * dst, const guint32 * src, gsize n)
{
  gsize i;

  for (i = 0; i < n; i++)
    if (src[i])
      neuro_pixel_over (dst + i, src[i]);
}

void
neuro_trace_minmax (const gfloat * v, gsize n, gfloat * lo, gfloat * hi)
{
  static gint simd = -1;

  if (G_UNLIKELY (simd < 0))
    simd = neuro_trace_simd_available ();
  if (simd)
    neuro_trace_minmax_simd (v, n, lo, hi);
  else
    neuro_trace_minmax_c (v, n, lo, hi);
}

void
neuro_trace_composite_row (guint32 * dst, const guint32 * src, gsize n)
{
  static gint simd = -1;
  gsize done = 0;

  if (G_UNLIKELY (simd < 0))
    simd = neuro_trace_simd_available ();
  if (simd)
    done = neuro_trace_over_row_simd (dst, src, n);
  neuro_trace_over_row_c (dst + done, src + done, n - done);
}

void
neuro_trace_envelopes (NeuroTrace * t, const NeuroTracePen * pen, gint px0,
    gint ncols, gint rot, const NeuroTraceChannel * ch, gint n)
{
  gdouble h = pen_half (pen);
  NeuroUnderJob u;
  EnvSetup e;
  gint c0, c1, k, lw, lh, nb;
  gsize stride;

  g_return_if_fail (t != NULL && pen != NULL);
  g_return_if_fail (n <= 0 || ch != NULL);
  if (!(pen->width > 0) || target_empty (t) || ncols <= 0 || n <= 0)
    return;
  h = MIN (pen->width, WIDTH_MAX) / 2;
  env_setup (&e, h);
  if (!env_visible (t, &e, px0, ncols, &c0, &c1))
    return;
  /* the layer over the target rectangle, its opaque rows, its blocks */
  lw = t->cx1 - t->cx0;
  lh = t->cy1 - t->cy0;
  nb = (lw + 15) / 16;
  stride = 64;                  /* block-linear, see NeuroUnderJob */
  t->layer = grow (t->layer, &t->layer_cap, (gsize) nb * lh * 64, 1);
  t->lom = grow (t->lom, &t->lom_cap, (gsize) nb * lh, sizeof (guint16));
  grow2 ((gpointer *) & t->lfa, (gpointer *) & t->lfb, &t->lf_cap, nb,
      sizeof (gint));
  grow2 ((gpointer *) & t->ltr0, (gpointer *) & t->ltr1, &t->ltr_cap, nb,
      sizeof (gint));
  /* (the masks are cleared with the rows they describe) */
  memset (t->lfa, 0, (gsize) nb * sizeof (gint));
  memset (t->lfb, 0, (gsize) nb * sizeof (gint));
  memset (t->ltr0, 0, (gsize) nb * sizeof (gint));
  memset (t->ltr1, 0, (gsize) nb * sizeof (gint));
  u.ox = t->cx0;
  u.oy = t->cy0;
  u.lw = lw;
  u.lh = lh;
  u.om = t->lom;
  u.fa = t->lfa;
  u.fb = t->lfb;
  u.tr0 = t->ltr0;
  u.tr1 = t->ltr1;
  u.cdata = t->cv->data;
  u.cstride = t->cv->stride;
  /* top channel first */
  for (k = n - 1; k >= 0; k--) {
    guint32 col = neuro_argb_premultiply (ch[k].color);

    if (k >= 4 && ch[k - 4].lo && ch[k - 4].hi) {
      /* the next channels' columns: thousands of rows far apart in
       * memory, no prefetcher guesses them */
      gint i, rr = ((rot % ncols) + ncols) % ncols;

      for (i = c0; i <= c1; i += 16) {
        gint q = (gint) (((gint64) MIN (i, c1 - 1) + rr) % ncols);

        __builtin_prefetch (ch[k - 4].lo + q);
        __builtin_prefetch (ch[k - 4].hi + q);
      }
    }
    if (!ch[k].lo || !ch[k].hi || (col >> 24) == 0)
      continue;
    env_prepare (t, &e, ncols, rot, ch[k].lo, ch[k].hi, ch[k].first,
        ch[k].last, ch[k].y0, ch[k].ys, c0, c1);
    u.e = e.job;
    u.e.data = t->layer;
    u.e.stride = (gint) stride;
    u.e.cy0 = t->cy0;
    u.e.cy1 = t->cy1;
    u.e.p0 = MAX (t->cx0, px0 + c0 - e.K);
    u.e.p1 = MIN (t->cx1, px0 + c1 + e.K);
    /* to whole blocks of the layer (the columns added are empty): the
     * AVX2 kernel does only those, partial ones in C */
    u.e.p0 = MAX (t->cx0, t->cx0 + (u.e.p0 - t->cx0) / 16 * 16);
    u.e.p1 = MIN (t->cx1, t->cx0 + (u.e.p1 - t->cx0 + 15) / 16 * 16);
    u.e.et = t->et;
    u.e.eb = t->eb;
    u.e.base = px0 + c0 - e.pad;
    u.e.col = col;
    if (u.e.p0 >= u.e.p1)
      continue;
    if (t->simd)
      neuro_trace_under_simd (&u);
    else
      neuro_trace_under_c (&u, u.e.p0, u.e.p1);
  }
  if (t->simd)
    neuro_trace_comp_simd (&u);
  else
    neuro_trace_comp_c (&u, 0, nb);
}

void
neuro_trace_env_c (const NeuroEnvJob * j, gint p0, gint p1)
{
  gint p, r, i;

  for (p = p0; p < p1; p++) {
    gfloat T[3], B[3], tmin = INFINITY, tmax = -INFINITY;
    gfloat bmin = INFINITY, bmax = -INFINITY, cov;
    gint rlo, rhi, f0, f1;
    guint32 sfull, *px;

    env_pieces (j, p, T, B);
    for (i = 0; i < j->npieces; i++) {
      tmin = MIN (tmin, T[i]);
      tmax = MAX (tmax, T[i]);
      bmin = MIN (bmin, B[i]);
      bmax = MAX (bmax, B[i]);
    }
    if (!(bmax > tmin))
      continue;
    rlo = MAX (j->cy0, (gint) floorf (tmin));
    rhi = MIN (j->cy1, (gint) ceilf (bmax));
    /* rows inside every piece: one coverage for all */
    f0 = f1 = rlo;
    if (tmax < bmin) {
      f0 = CLAMP ((gint) ceilf (tmax), rlo, rhi);
      f1 = CLAMP ((gint) floorf (bmin), f0, rhi);
    }
    cov = 0.0f;
    for (i = 0; i < j->npieces; i++)
      cov = cov + j->w[i] * 1.0f;
    sfull = neuro_trace_cov_s (cov);
    px = (guint32 *) (j->data + (gsize) rlo * j->stride) + p;
    for (r = rlo; r < rhi; r++, px = (guint32 *) ((guint8 *) px + j->stride)) {
      guint32 s;

      if (r >= f0 && r < f1) {
        s = sfull;
      } else {
        gfloat r0 = (gfloat) r, r1 = (gfloat) (r + 1);

        cov = 0.0f;
        for (i = 0; i < j->npieces; i++) {
          gfloat o = MIN (B[i], r1) - MAX (T[i], r0);

          o = MAX (o, 0.0f);
          cov = cov + j->w[i] * o;
        }
        s = neuro_trace_cov_s (cov);
      }
      if (s)
        neuro_trace_put (px, j->col, s);
    }
  }
}

void
neuro_trace_minmax_c (const gfloat * v, gsize n, gfloat * lo, gfloat * hi)
{
  gfloat a = *lo, b = *hi;
  gsize i;

  for (i = 0; i < n; i++) {
    a = v[i] < a ? v[i] : a;
    b = v[i] > b ? v[i] : b;
  }
  *lo = a;
  *hi = b;
}

/* ---------------------------------------------------------------- fills */

/* ------------------------------------------- area down to a baseline */

/* the integral of clamp (w, 0, 1) from 0 to v */
static inline gdouble
ramp_prim (gdouble v)
{
  return v <= 0 ? 0 : v < 1 ? v * v / 2 : v - 0.5;
}

struct _BandPiece
{
  gdouble w, ya, yb;            /* width in the column, y at its ends */
  gdouble inv;                  /* 1 / (yb - ya); 0: flat */
};

static inline gdouble
piece_inv (gdouble ya, gdouble yb)
{
  return fabs (yb - ya) < 1e-9 ? 0 : 1 / (yb - ya);
}

/* the area between y (linear over the piece) and the baseline b in row
 * [r, r + 1), exactly: h times the mean over the piece of clamp (c + (e
 * - c) u, 0, 1), with c and e the ends' depths into the row's part [top,
 * bot) in units of its height h (one division per row only on the
 * baseline's row, where h < 1) */
static inline gdouble
piece_row (const BandPiece * q, gdouble b, gint r)
{
  gdouble top, bot, h, ih, c, e, m, k;

  if (q->ya <= b && q->yb <= b) {
    /* above the baseline: the row down to min (b, r + 1), from y */
    top = r;
    bot = MIN (b, r + 1.0);
    c = bot - q->ya;
    e = bot - q->yb;
    k = -1;
  } else {
    /* below it: from max (b, r) down to y */
    top = MAX (b, (gdouble) r);
    bot = r + 1.0;
    c = q->ya - top;
    e = q->yb - top;
    k = 1;
  }
  h = bot - top;
  if (h <= 0)
    return 0;
  if (h != 1) {
    ih = 1 / h;
    c *= ih;
    e *= ih;
  }
  if (q->inv == 0)
    m = CLAMP ((c + e) / 2, 0, 1);
  else
    m = (ramp_prim (e) - ramp_prim (c)) * k * h * q->inv;
  return q->w * h * m;
}

/* One band from the curve (x non-decreasing, every value finite) down to
 * the baseline @b, column by column with each row's exact area (the
 * curve is straight between its points): what the lanes of the general
 * sweep sample 16 times per column, at a fraction of the cost. */
static void
fill_to_baseline (NeuroTrace * t, guint32 col, const gdouble * pt, gsize m,
    gdouble b)
{
  gint p0 = (gint) CLAMP (floor (pt[0]), t->cx0, t->cx1);
  gint p1 = (gint) CLAMP (ceil (pt[3 * (m - 1)]), p0, t->cx1);
  BandPiece *q;
  gsize seg = 0;
  gint p, r;

  for (p = p0; p < p1; p++) {
    gdouble ymin = b, ymax = b, width = 0;
    gboolean above = TRUE, below = TRUE;
    gint nq = 0, ra, rb, f0, f1, i;
    gsize k;

    while (seg + 2 < m && pt[3 * (seg + 1)] <= p)
      seg++;
    for (k = seg; k + 1 < m && pt[3 * k] < p + 1; k++) {
      gdouble xa = pt[3 * k], xb = pt[3 * (k + 1)], ua = MAX (xa, p);
      gdouble ub = MIN (xb, p + 1.0), ya, yb, dy;

      if (ub <= ua)
        continue;
      dy = (pt[3 * (k + 1) + 1] - pt[3 * k + 1]) / (xb - xa);
      ya = pt[3 * k + 1] + dy * (ua - xa);
      yb = pt[3 * k + 1] + dy * (ub - xa);
      /* room for two more (however many points a column holds) */
      t->bq = grow (t->bq, &t->bq_cap, nq + 2, sizeof (BandPiece));
      q = t->bq;
      if ((ya - b) * (yb - b) < 0) {
        /* across the baseline: two pieces */
        gdouble uc = ua + (b - ya) / dy;

        q[nq++] = (BandPiece) { uc - ua, ya, b, piece_inv (ya, b) };
        q[nq++] = (BandPiece) { ub - uc, b, yb, piece_inv (b, yb) };
      } else {
        q[nq++] = (BandPiece) { ub - ua, ya, yb, piece_inv (ya, yb) };
      }
      width += ub - ua;
      ymin = MIN (ymin, MIN (ya, yb));
      ymax = MAX (ymax, MAX (ya, yb));
      above = above && ya <= b && yb <= b;
      below = below && ya >= b && yb >= b;
    }
    if (nq == 0)
      continue;
    q = t->bq;
    /* clamped as doubles: coordinates may be far outside an int */
    ra = (gint) CLAMP (floor (ymin), t->cy0, t->cy1);
    rb = (gint) CLAMP (ceil (ymax), ra, t->cy1);
    /* the rows every x of the column covers whole */
    f0 = f1 = rb;
    if (width >= 1.0 && above && !below) {
      gdouble hi = -G_MAXDOUBLE;

      for (i = 0; i < nq; i++)
        hi = MAX (hi, MAX (q[i].ya, q[i].yb));
      f0 = (gint) CLAMP (ceil (hi), ra, rb);
      f1 = (gint) CLAMP (floor (b), f0, rb);
    } else if (width >= 1.0 && below && !above) {
      gdouble lo = G_MAXDOUBLE;

      for (i = 0; i < nq; i++)
        lo = MIN (lo, MIN (q[i].ya, q[i].yb));
      f0 = (gint) CLAMP (ceil (b), ra, rb);
      f1 = (gint) CLAMP (floor (lo), f0, rb);
    }
    for (r = ra; r < rb; r++) {
      gdouble cov = 0;
      guint32 sc;

      if (r == f0 && f1 > f0) {
        r = f1 - 1;
        continue;
      }
      for (i = 0; i < nq; i++)
        cov += piece_row (&q[i], b, r);
      sc = neuro_trace_cov_s ((gfloat) cov);
      if (sc)
        neuro_trace_put (neuro_canvas_row (t->cv, r) + p, col, sc);
    }
    if (f1 > f0)
      run_put (t, p, f0, f1, col);
  }
  runs_blend (t, col);
}

void
neuro_trace_fill_between (NeuroTrace * t, guint32 color, const gdouble * x,
    const gdouble * y1, const gdouble * y2, gdouble baseline, gsize n)
{
  guint32 col = neuro_argb_premultiply (color);
  gsize i, np = 0, nch = 0, start = 0;

  g_return_if_fail (t != NULL);
  g_return_if_fail (n == 0 || (x != NULL && y1 != NULL));
  if (target_empty (t) || n == 0 || (col >> 24) == 0)
    return;
  if (!y2 && isnan (baseline))
    return;
  baseline = clamp_coord (baseline);
  t->pt = grow (t->pt, &t->pt_cap, 3 * n, sizeof (gdouble));
  for (i = 0; i <= n; i++) {
    gdouble px = 0, pa = 0, pb = 0;
    gboolean ok = i < n;

    if (ok) {
      px = clamp_coord (x[i]);
      pa = clamp_coord (y1[i]);
      pb = y2 ? clamp_coord (y2[i]) : baseline;
      ok = !isnan (px) && !isnan (pa) && !isnan (pb);
    }
    /* a band ends at a gap or where x goes back */
    if (np > start && (!ok || px < t->pt[3 * (np - 1)])) {
      if (np - start >= 2) {
        Chain *c = new_chain (t, &nch);

        c->kind = CHAIN_BAND;
        c->first = start;
        c->npts = np - start;
        c->xlo = t->pt[3 * start];
        c->xhi = t->pt[3 * (np - 1)];
      } else {
        np = start;
      }
      start = np;
    }
    if (ok) {
      t->pt[3 * np] = px;
      t->pt[3 * np + 1] = pa;
      t->pt[3 * np + 2] = pb;
      np++;
    }
  }
  /* one band down to a baseline: its exact area */
  if (!y2 && nch == 1 && t->ch[0].npts == np && np >= 2) {
    fill_to_baseline (t, col, t->pt, np, baseline);
    return;
  }
  sweep (t, nch, 0, col);
}

/* ----------------------------------------------------------------- bars */

static gint
bar_cmp (gconstpointer a, gconstpointer b, gpointer user)
{
  const NeuroTraceRect *x = a, *y = b;

  return x->x0 < y->x0 ? -1 : x->x0 > y->x0 ? 1 : 0;
}

void
neuro_trace_bars (NeuroTrace * t, guint32 color, const NeuroTraceRect * bars,
    gsize n)
{
  guint32 col = neuro_argb_premultiply (color);
  gsize i, nb = 0, next = 0, nact = 0, j;
  gdouble glo, ghi;
  gint p;

  g_return_if_fail (t != NULL);
  g_return_if_fail (n == 0 || bars != NULL);
  if (target_empty (t) || n == 0 || (col >> 24) == 0)
    return;
  glo = t->cy0 - 2.0;
  ghi = t->cy1 + 2.0;
  t->bar = grow (t->bar, &t->bar_cap, n, sizeof (NeuroTraceRect));
  for (i = 0; i < n; i++) {
    NeuroTraceRect r = bars[i];
    gdouble x0 = MIN (r.x0, r.x1), x1 = MAX (r.x0, r.x1);
    gdouble y0 = MIN (r.y0, r.y1), y1 = MAX (r.y0, r.y1);

    if (isnan (r.x0) || isnan (r.x1) || isnan (r.y0) || isnan (r.y1))
      continue;
    x0 = MAX (x0, t->cx0 - 1.0);
    x1 = MIN (x1, t->cx1 + 1.0);
    y0 = CLAMP (y0, glo, ghi);
    y1 = CLAMP (y1, glo, ghi);
    if (!(x1 > x0) || !(y1 > y0))
      continue;
    t->bar[nb].x0 = x0;
    t->bar[nb].x1 = x1;
    t->bar[nb].y0 = y0;
    t->bar[nb].y1 = y1;
    nb++;
  }
  if (nb == 0)
    return;
  g_qsort_with_data (t->bar, nb, sizeof (NeuroTraceRect), bar_cmp, NULL);
  t->act = grow (t->act, &t->act_cap, nb, sizeof (gsize));
  p = MAX (t->cx0, (gint) floor (t->bar[0].x0));
  while (p < t->cx1) {
    gdouble u[66];
    gint nu = 0, a, b;

    while (next < nb && t->bar[next].x0 < p + 1)
      t->act[nact++] = next++;
    for (i = j = 0; i < nact; i++)
      if (t->bar[t->act[i]].x1 > p)
        t->act[j++] = t->act[i];
    nact = j;
    if (nact == 0) {
      if (next >= nb)
        break;
      p = MAX (p + 1, (gint) floor (t->bar[next].x0));
      continue;
    }
    /* the pieces of the pixel between bar edges */
    u[nu++] = 0;
    u[nu++] = 1;
    for (i = 0; i < nact && nu < 64; i++) {
      const NeuroTraceRect *r = &t->bar[t->act[i]];

      if (r->x0 > p && r->x0 < p + 1)
        u[nu++] = r->x0 - p;
      if (r->x1 > p && r->x1 < p + 1)
        u[nu++] = r->x1 - p;
    }
    for (a = 1; a < nu; a++)
      for (b = a; b > 0 && u[b - 1] > u[b]; b--) {
        gdouble tmp = u[b];

        u[b] = u[b - 1];
        u[b - 1] = tmp;
      }
    for (a = 0; a + 1 < nu; a++) {
      gdouble mid = p + (u[a] + u[a + 1]) / 2;
      gfloat w = (gfloat) (u[a + 1] - u[a]);
      gdouble it[64], ib[64], ct, cb;
      gint ni = 0, k, m;

      if (w <= 0)
        continue;
      /* the bars over this piece, merged */
      for (i = 0; i < nact; i++) {
        const NeuroTraceRect *r = &t->bar[t->act[i]];

        if (r->x0 <= mid && mid <= r->x1) {
          if (ni == 64) {
            it[63] = MIN (it[63], r->y0);
            ib[63] = MAX (ib[63], r->y1);
            continue;
          }
          for (k = ni; k > 0 && it[k - 1] > r->y0; k--) {
            it[k] = it[k - 1];
            ib[k] = ib[k - 1];
          }
          it[k] = r->y0;
          ib[k] = r->y1;
          ni++;
        }
      }
      if (ni == 0)
        continue;
      ct = it[0];
      cb = ib[0];
      for (m = 1; m < ni; m++) {
        if (it[m] <= cb) {
          cb = MAX (cb, ib[m]);
        } else {
          acc_add (t, w, (gfloat) ct, (gfloat) cb);
          ct = it[m];
          cb = ib[m];
        }
      }
      acc_add (t, w, (gfloat) ct, (gfloat) cb);
    }
    acc_flush (t, p, col);
    p++;
  }
  runs_blend (t, col);
}
