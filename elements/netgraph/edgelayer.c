/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* netgraph's edge layer: see edgelayer.h for the idea. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "edgelayer.h"
#include "neuroaxes.h"

#include <math.h>
#include <string.h>

/* c·s/256, rounded, for premultiplied c and 0 <= s <= 256 (s = 256 keeps c
 * exactly; rounding lets repeated translucent layers reach opacity). */
G_ALWAYS_INLINE static inline guint32
scale_round (guint32 c, guint s)
{
  guint32 rb = ((((c & 0x00ff00ff) * s) + 0x00800080) >> 8) & 0x00ff00ff;
  guint32 ag = ((((c >> 8) & 0x00ff00ff) * s) + 0x00800080) & 0xff00ff00;

  return rb | ag;
}

/* dst = dst + src·(1 - dst.a); TRUE when this made the pixel opaque.  The
 * alpha never exceeds 255: for 1 - dst.a = i/255 the factor is
 * (i + i/128)/256, and floor ((255 f + 128) / 256) <= i for every i. */
G_ALWAYS_INLINE static inline gboolean
under (guint32 * p, guint32 src)
{
  guint32 d = *p, inv = 255 - (d >> 24);

  if (inv == 0)
    return FALSE;
  d += scale_round (src, inv + (inv >> 7));
  *p = d;
  return (d >> 24) == 255;
}

/* bit i of an 8-bit x moved to bit 8·i: a row of mask bits as a column */
static inline guint64
spread8 (guint64 x)
{
  x = (x | (x << 28)) & G_GUINT64_CONSTANT (0x0000000f0000000f);
  x = (x | (x << 14)) & G_GUINT64_CONSTANT (0x0003000300030003);
  x = (x | (x << 7)) & G_GUINT64_CONSTANT (0x0101010101010101);
  return x;
}

/* Block b is drawn into: the first time since the clear, its pixels are
 * zeroed (the clear itself only resets the flags). */
static inline void
use_block (NetEdgeLayer * l, gsize b)
{
  if (!l->used[b]) {
    memset (l->px + (b << 6), 0, 64 * sizeof (guint32));
    l->used[b] = 1;
  }
}

/* pixel (x, y) of the layer became opaque */
G_ALWAYS_INLINE static inline void
mark_opaque (NetEdgeLayer * l, guint x, guint y)
{
  gsize b = (gsize) (y >> 3) * l->bw + (x >> 3);

  l->cmask[b] |= G_GUINT64_CONSTANT (1) << ((x & 7) * 8 + (y & 7));
  if ((l->rmask[b] |= G_GUINT64_CONSTANT (1) << ((y & 7) * 8 + (x & 7)))
      == G_MAXUINT64) {
    gsize sb = (gsize) (y >> 6) * l->sw + (x >> 6);
    guint bx = (x >> 3) & 7, by = (y >> 3) & 7;

    l->srmask[sb] |= G_GUINT64_CONSTANT (1) << (by * 8 + bx);
    l->scmask[sb] |= G_GUINT64_CONSTANT (1) << (bx * 8 + by);
  }
}

void
net_edge_layer_reset (NetEdgeLayer * l, gint width, gint height)
{
  gsize nb;

  if (l->px && l->width == width && l->height == height) {
    net_edge_layer_clear (l);
    return;
  }
  {
    gboolean exhaustive = l->exhaustive;

    net_edge_layer_free (l);
    l->exhaustive = exhaustive;
  }
  l->width = width;
  l->height = height;
  l->bw = (width + 7) / 8;
  l->bh = (height + 7) / 8;
  l->sw = (l->bw + 7) / 8;
  l->sh = (l->bh + 7) / 8;
  nb = (gsize) l->bw * l->bh;
  l->px = g_malloc (nb * 64 * sizeof (guint32));      /* valid where used */
  l->rmask = g_new0 (guint64, nb);
  l->cmask = g_new0 (guint64, nb);
  l->srmask = g_new0 (guint64, (gsize) l->sw * l->sh);
  l->scmask = g_new0 (guint64, (gsize) l->sw * l->sh);
  l->used = g_malloc0 (nb);
  l->dirty = FALSE;
}

void
net_edge_layer_clear (NetEdgeLayer * l)
{
  gsize nb = (gsize) l->bw * l->bh, ns = (gsize) l->sw * l->sh;

  if (!l->dirty)
    return;
  /* the pixels of a block are cleared when it is first drawn into again
   * (use_block), where they are about to be read anyway */
  memset (l->used, 0, nb);
  memset (l->rmask, 0, nb * sizeof (guint64));
  memset (l->cmask, 0, nb * sizeof (guint64));
  memset (l->srmask, 0, ns * sizeof (guint64));
  memset (l->scmask, 0, ns * sizeof (guint64));
  l->dirty = FALSE;
}

void
net_edge_layer_free (NetEdgeLayer * l)
{
  g_free (l->px);
  g_free (l->rmask);
  g_free (l->cmask);
  g_free (l->srmask);
  g_free (l->scmask);
  g_free (l->used);
  memset (l, 0, sizeof *l);
}

/* ceil and floor for |v| < 2^31, without a libm call per line */
static inline gint
ceil_int (gdouble v)
{
  gint i = (gint) v;

  return i + (i < v);
}

static inline gint
floor_int (gdouble v)
{
  gint i = (gint) v;

  return i - (i > v);
}

/* v in 16.16 fixed point, rounded (|v| < 2^40: frame coordinates) */
static inline gint64
fixed (gdouble v)
{
  v *= 65536.0;
  return (gint64) (v >= 0 ? v + 0.5 : v - 0.5);
}

/* What the steps of one line share: the geometry in the line's own frame
 * (major axis s, minor axis m). */
typedef struct
{
  NetEdgeLayer *l;
  gboolean steep;               /* major axis = y */
  guint64 *mk, *ok;             /* block masks with rows along s / along m */
  const guint64 *smk;           /* super block masks with rows along s */
  gsize bsM, bsm, ssM, ssm;     /* block / super block strides */
  gint isM, ism;                /* pixel strides within a block */
  gint m_lim;                   /* pixels along m (whole blocks) */
  gint64 lim, span, step;       /* 16.16 */
  guint32 col;
  guint amul;
  gboolean opaque_run;          /* full coverage is opaque */
} Line;

/* the minor pixels [*a, *b] of the cross section at lo; FALSE if none */
static inline gboolean
section (const Line * x, gint64 lo, gint * a, gint * b)
{
  gint64 hi = lo + x->span;

  if (hi <= 0 || lo >= x->lim)
    return FALSE;
  *a = (gint) (MAX (lo, 0) >> 16);
  *b = (gint) ((MIN (hi, x->lim) - 1) >> 16);
  return TRUE;
}

/* The cells of 2^shift pixels along the minor axis that n steps from lo
 * may touch; FALSE when none is inside. */
static inline gboolean
run_cells (const Line * x, gint shift, gint64 lo, gint n, gint * c0,
    gint * c1)
{
  gint64 le = lo + x->step * (n - 1);
  gint64 a = MIN (lo, le), b = MAX (lo, le) + x->span;

  if (b <= 0 || a >= x->lim)
    return FALSE;
  *c0 = (gint) (MAX (a, 0) >> 16) >> shift;
  *c1 = (gint) ((MIN (b, x->lim) - 1) >> 16) >> shift;
  return TRUE;
}

/* Do the n steps from s, in one row of super blocks, lie in full super
 * blocks? */
static inline gboolean
super_hidden (const Line * x, gint s, gint n, gint64 lo)
{
  const guint64 *masks = x->smk + (gsize) (s >> 6) * x->ssM;
  gint c0, c1, c;

  if (!run_cells (x, 6, lo, n, &c0, &c1))
    return TRUE;
  for (c = c0; c <= c1; c++)
    if (masks[c * x->ssm] != G_MAXUINT64)
      return FALSE;
  return TRUE;
}

/* For the 64 steps of a whole row of super blocks from s: bit r set when
 * the 8 steps of its block row r lie in full blocks, from the super
 * blocks' full-block bits (where the super blocks themselves are not full,
 * as along the rim of a graph: one test instead of eight).  A cross section
 * over 8 steps spans [lo + dlo, lo + dhi) with dlo = min (0, 7 step) and
 * dhi = max (0, 7 step) + span. */
static inline guint
super_rows_full (const Line * x, gint s, gint64 lo)
{
  const guint64 *sm = x->smk + (gsize) (s >> 6) * x->ssM;
  gint64 dlo = MIN (0, 7 * x->step), dhi = MAX (0, 7 * x->step) + x->span;
  gint64 p0 = MAX (MIN (lo + dlo, lo + 56 * x->step + dlo), 0);
  gint g0 = (gint) (p0 >> 22), r;
  guint64 need0 = 0, need1 = 0, m0, m1, miss;
  guint full = 0;

  if (sm[g0 * x->ssm] == 0)
    return 0;                   /* no full block there yet */
  if (g0 + 1 >= (gint) (x->lim >> 22)) {
    /* at the far edge: no second super block column */
    if ((gint) ((MIN (MAX (lo + dhi, lo + 56 * x->step + dhi), x->lim) - 1)
            >> 22) != g0)
      return 0;
  }
  for (r = 0; r < 8; r++, lo += 8 * x->step) {
    gint64 p = MAX (lo + dlo, 0), q = MIN (lo + dhi, x->lim);
    gint A = (gint) (p >> 19) - 8 * g0, B = (gint) ((q - 1) >> 19) - 8 * g0;
    guint64 w;

    if (q <= p || B > 15)
      return 0;                 /* outside, or past two super blocks */
    w = ((G_GUINT64_CONSTANT (1) << (B - A + 1)) - 1) << A;
    need0 |= (w & 0xff) << (8 * r);
    need1 |= ((w >> 8) & 0xff) << (8 * r);
  }
  m0 = sm[g0 * x->ssm];
  m1 = need1 ? sm[(g0 + 1) * x->ssm] : 0;
  miss = (need0 & ~m0) | (need1 & ~m1);
  for (r = 0; r < 8; r++)
    full |= (guint) (((miss >> (8 * r)) & 0xff) == 0) << r;
  return full;
}

/* Are the pixels of the n (<= 8) steps from s, in one row of blocks, all
 * opaque?  First whether their blocks are full, then (lines that span few
 * blocks, as along the rim of a graph, where blocks are never full) the
 * pixels each step covers. */
static inline gboolean
block_hidden (const Line * x, gsize brow, gint s, gint n, gint64 lo)
{
  const guint64 *masks = x->mk + brow;
  guint64 need[4] = { 0, 0, 0, 0 };
  gint c0, c1, c, k, nc;

  if (!run_cells (x, 3, lo, n, &c0, &c1))
    return TRUE;
  nc = c1 - c0 + 1;
  if (nc <= 2) {
    /* thin lines: two blocks at most, their masks in registers */
    guint64 m0 = masks[c0 * x->bsm], m1, n0 = 0, n1 = 0;

    m1 = nc == 2 ? masks[(c0 + 1) * x->bsm] : G_MAXUINT64;
    if ((m0 & m1) == G_MAXUINT64)
      return TRUE;
    /* a block with nothing opaque yet (a sparse graph, the first edges of
     * a dense one): most likely visible, not worth the exact test */
    if (m0 == 0 || m1 == 0)
      return FALSE;
    for (k = 0; k < n; k++, lo += x->step) {
      gint a, b;
      guint w, sh = ((s + k) & 7) * 8;

      if (!section (x, lo, &a, &b))
        continue;
      w = ((1u << (b - a + 1)) - 1) << (a - 8 * c0);
      n0 |= (guint64) (w & 0xff) << sh;
      n1 |= (guint64) ((w >> 8) & 0xff) << sh;
    }
    return (m0 & n0) == n0 && (m1 & n1) == n1;
  }
  for (c = c0; c <= c1; c++)
    if (masks[c * x->bsm] != G_MAXUINT64)
      break;
  if (c > c1)
    return TRUE;
  if (nc > 4 || masks[c * x->bsm] == 0)
    return FALSE;
  for (k = 0; k < n; k++, lo += x->step) {
    gint a, b, t;
    guint64 w;

    if (!section (x, lo, &a, &b))
      continue;
    /* the step's pixels as bits from pixel 8·c0 on (at most 32) */
    w = ((G_GUINT64_CONSTANT (1) << (b - a + 1)) - 1) << (a - 8 * c0);
    for (t = 0; t < nc; t++)
      need[t] |= ((w >> (8 * t)) & 0xff) << (((s + k) & 7) * 8);
  }
  for (c = 0; c < nc; c++)
    if ((masks[(c0 + c) * x->bsm] & need[c]) != need[c])
      return FALSE;
  return TRUE;
}

/* Are the pixels [a, b] of step s all opaque? */
G_ALWAYS_INLINE static inline gboolean
step_hidden (const Line * x, gsize brow, gint s, gint a, gint b)
{
  const guint64 *masks = x->mk + brow;
  guint sh = (s & 7) * 8;
  gint c = a >> 3;

  if (b - 8 * c < 16) {
    /* one or two blocks: a 16-bit window */
    guint bits = (guint) (masks[c * x->bsm] >> sh) & 0xff;
    guint need = ((2u << (b - a)) - 1) << (a - 8 * c);

    if (b - 8 * c >= 8)
      bits |= ((guint) (masks[(c + 1) * x->bsm] >> sh) & 0xff) << 8;
    return (bits & need) == need;
  }
  for (; c <= b >> 3; c++) {
    guint bits = (guint) (masks[c * x->bsm] >> sh) & 0xff;
    guint need = (0xffu << MAX (a - c * 8, 0)) &
        (0xffu >> (7 - MIN (b - c * 8, 7)));

    if ((bits & need) != need)
      return FALSE;
  }
  return TRUE;
}

/* pixels [a, b] of step s became (or were) opaque */
static inline void
set_opaque_run (const Line * x, gsize brow, gint s, gint a, gint b)
{
  gint c;

  for (c = a >> 3; c <= b >> 3; c++) {
    gsize blk = brow + (gsize) c * x->bsm;
    guint byte = (0xffu << MAX (a - c * 8, 0)) &
        (0xffu >> (7 - MIN (b - c * 8, 7)));
    guint64 old = x->mk[blk];

    x->ok[blk] |= spread8 (byte) << (s & 7);
    if ((x->mk[blk] = old | ((guint64) byte << ((s & 7) * 8))) == G_MAXUINT64
        && old != G_MAXUINT64) {
      gint bx = x->steep ? c : s >> 3, by = x->steep ? s >> 3 : c;
      gsize sb = (gsize) (by >> 3) * x->l->sw + (bx >> 3);

      x->l->srmask[sb] |= G_GUINT64_CONSTANT (1) << ((by & 7) * 8 + (bx & 7));
      x->l->scmask[sb] |= G_GUINT64_CONSTANT (1) << ((bx & 7) * 8 + (by & 7));
    }
  }
}

G_ALWAYS_INLINE static inline void
put (const Line * x, guint32 * row, gint s, gint m, guint32 src)
{
  if (under (row + ((gsize) (m >> 3) * x->bsm << 6) + (m & 7) * x->ism, src))
    mark_opaque (x->l, x->steep ? m : s, x->steep ? s : m);
}

/* One step: the partly covered pixels at both ends of the cross section,
 * the fully covered run between them. */
G_ALWAYS_INLINE static inline void
draw_step (const Line * x, gsize brow, gint s, gint64 lo)
{
  guint32 *row = x->l->px + (brow << 6) + (s & 7) * x->isM;
  gint64 hi = lo + x->span;
  gint m0, m1, m;

  if (hi <= 0 || lo >= x->lim)
    return;
  m0 = (gint) (lo >> 16);
  m1 = (gint) ((hi - 1) >> 16);
  if (m0 == m1) {
    put (x, row, s, m0, scale_round (x->col,
            (guint) ((x->span * x->amul) >> 16)));
    return;
  }
  if (m0 >= 0)
    put (x, row, s, m0, scale_round (x->col,
            (guint) (((((gint64) (m0 + 1) << 16) - lo) * x->amul) >> 16)));
  {
    guint32 full = scale_round (x->col, x->amul);
    gint ma = MAX (m0 + 1, 0), mb = MIN (m1 - 1, x->m_lim - 1);

    if (x->opaque_run && ma <= mb) {
      /* every pixel of the run ends up opaque: blend without a branch
       * (nothing changes where dst is opaque), then the bits at once */
      for (m = ma; m <= mb; m++) {
        guint32 *p = row + ((gsize) (m >> 3) * x->bsm << 6) + (m & 7) * x->ism;
        guint32 d = *p, inv = 255 - (d >> 24);

        *p = d + scale_round (full, inv + (inv >> 7));
      }
      set_opaque_run (x, brow, s, ma, mb);
    } else {
      for (m = ma; m <= mb; m++)
        put (x, row, s, m, full);
    }
  }
  if (m1 < x->m_lim)
    put (x, row, s, m1, scale_round (x->col,
            (guint) (((hi - ((gint64) m1 << 16)) * x->amul) >> 16)));
}

/* Anti-aliased line of any width: per column (or row) along the major axis
 * the cross section [c - hw, c + hw] covers pixels by its overlap with them
 * (2 partly covered pixels per step for any width).  Hidden runs of 64
 * and 8 steps and hidden single steps are skipped. */
void
net_edge_layer_line (NetEdgeLayer * l, gdouble x0, gdouble y0, gdouble x1,
    gdouble y1, gdouble width, guint32 col, gdouble alpha)
{
  gdouble dx = x1 - x0, dy = y1 - y0, slope, hw, a0;
  gboolean steep = fabs (dy) > fabs (dx);
  gint M, s0, s1, s;
  gint64 lo;
  Line x;

  x.amul = (guint) (CLAMP (alpha, 0.0, 1.0) * 256.0 + 0.5);
  if (x.amul == 0 || !(width > 0) || col == 0)
    return;
  x.l = l;
  x.col = col;
  x.opaque_run = (col >> 24) == 255 && x.amul == 256;
  x.steep = steep;
  if (steep) {
    gdouble t;

    t = x0, x0 = y0, y0 = t;
    t = x1, x1 = y1, y1 = t;
    t = dx, dx = dy, dy = t;
    M = l->bh * 8;
    x.m_lim = l->bw * 8;
    x.bsM = l->bw, x.bsm = 1, x.ssM = l->sw, x.ssm = 1, x.isM = 8, x.ism = 1;
    x.mk = l->rmask;
    x.ok = l->cmask;
    x.smk = l->srmask;
  } else {
    M = l->bw * 8;
    x.m_lim = l->bh * 8;
    x.bsM = 1, x.bsm = l->bw, x.ssM = 1, x.ssm = l->sw, x.isM = 1, x.ism = 8;
    x.mk = l->cmask;
    x.ok = l->rmask;
    x.smk = l->scmask;
  }
  if (dx < 0) {
    gdouble t;

    t = x0, x0 = x1, x1 = t;
    t = y0, y0 = y1, y1 = t;
    dx = -dx;
    dy = -dy;
  }
  if (!(dx >= 1e-9))
    return;
  slope = dy / dx;
  /* wider than any frame is the same picture; keeps fixed () in range */
  hw = MIN (width, 1e5) * 0.5 * sqrt (1 + slope * slope);
  if (!(x0 > -1e6 && x1 < 1e6))
    return;                     /* far outside (or NaN): nothing to draw */
  /* |slope| <= 1: with the major axis inside ±1e6, a minor coordinate
   * beyond ±1e7 puts the whole line more than 8e6 px away (and a0 out of
   * 16.16 fixed point) */
  if (!(fabs (y0) < 1e7 && fabs (y1) < 1e7))
    return;
  s0 = MAX (ceil_int (x0 - 0.5), 0);
  s1 = MIN (floor_int (x1 - 0.5), M - 1);
  if (s0 > s1)
    return;
  a0 = y0 + (s0 + 0.5 - x0) * slope;
  /* 16.16 fixed point along the minor axis: no floor () per pixel */
  lo = fixed (a0 - hw);
  x.span = fixed (2 * hw);
  x.step = fixed (slope);
  x.lim = (gint64) x.m_lim << 16;
  if (x.span <= 0)
    return;

  s = s0;
  while (s <= s1) {
    gint se = MIN ((s | 63) + 1, s1 + 1);

    guint rows = 0;

    if (!l->exhaustive && super_hidden (&x, s, se - s, lo)) {
      lo += x.step * (se - s);
      s = se;
      continue;
    }
    if (se - s == 64 && !l->exhaustive)
      rows = super_rows_full (&x, s, lo);
    while (s < se) {
      gint be = MIN ((s | 7) + 1, se), a, b, c;
      gsize brow = (gsize) (s >> 3) * x.bsM;

      if (((rows >> ((s >> 3) & 7)) & 1)
          || (!l->exhaustive && block_hidden (&x, brow, s, be - s, lo))) {
        lo += x.step * (be - s);
        s = be;
        continue;
      }
      l->dirty = TRUE;
      for (; s < be; s++, lo += x.step) {
        if (!section (&x, lo, &a, &b))
          continue;
        /* skip a step whose pixels are all opaque */
        if (!l->exhaustive && step_hidden (&x, brow, s, a, b))
          continue;
        for (c = a >> 3; c <= b >> 3; c++)
          use_block (l, brow + c * x.bsm);
        draw_step (&x, brow, s, lo);
      }
    }
  }
}

void
net_edge_layer_triangle (NetEdgeLayer * l, const gdouble * xy, guint32 col,
    gdouble alpha)
{
  guint amul = (guint) (CLAMP (alpha, 0.0, 1.0) * 256.0 + 0.5);
  gdouble e[3][3], xmin, xmax, ymin, ymax;
  gint k, x, y, x0, x1, y0, y1;

  if (amul == 0 || col == 0)
    return;
  /* edge k as a unit normal (e0, e1) and offset e2, positive inside: the
   * signed distance of a point from the edge's line */
  for (k = 0; k < 3; k++) {
    const gdouble *p = xy + 2 * k, *q = xy + 2 * ((k + 1) % 3),
        *r = xy + 2 * ((k + 2) % 3);
    gdouble nx = p[1] - q[1], ny = q[0] - p[0], len = hypot (nx, ny);

    if (!(len > 1e-9))
      return;
    nx /= len;
    ny /= len;
    if (nx * (r[0] - p[0]) + ny * (r[1] - p[1]) < 0)
      nx = -nx, ny = -ny;
    e[k][0] = nx;
    e[k][1] = ny;
    e[k][2] = -(nx * p[0] + ny * p[1]);
  }
  xmin = MIN (xy[0], MIN (xy[2], xy[4]));
  xmax = MAX (xy[0], MAX (xy[2], xy[4]));
  ymin = MIN (xy[1], MIN (xy[3], xy[5]));
  ymax = MAX (xy[1], MAX (xy[3], xy[5]));
  if (!(xmax >= 0 && ymax >= 0 && xmin < l->width && ymin < l->height))
    return;
  x0 = (gint) MAX (floor (xmin - 1), 0);
  y0 = (gint) MAX (floor (ymin - 1), 0);
  x1 = (gint) MIN (ceil (xmax + 1), l->bw * 8 - 1);
  y1 = (gint) MIN (ceil (ymax + 1), l->bh * 8 - 1);
  for (y = y0; y <= y1; y++)
    for (x = x0; x <= x1; x++) {
      gdouble cx = x + 0.5, cy = y + 0.5, d = G_MAXDOUBLE, cov;
      gsize b = (gsize) (y >> 3) * l->bw + (x >> 3);

      for (k = 0; k < 3; k++)
        d = MIN (d, e[k][0] * cx + e[k][1] * cy + e[k][2]);
      /* coverage of a pixel by a straight edge at distance d */
      cov = CLAMP (d + 0.5, 0.0, 1.0);
      if (cov <= 0)
        continue;
      use_block (l, b);
      l->dirty = TRUE;
      if (under (l->px + (b << 6) + (y & 7) * 8 + (x & 7), scale_round (col,
                  (guint) (cov * amul + 0.5))))
        mark_opaque (l, x, y);
    }
}

void
net_edge_layer_composite (const NetEdgeLayer * l, guint8 * data, gint stride)
{
  gint bx, by, x, y;

  if (!l->dirty)
    return;
  for (by = 0; by < l->bh; by++) {
    gint ny = MIN (8, l->height - by * 8);

    for (bx = 0; bx < l->bw; bx++) {
      gsize b = (gsize) by * l->bw + bx;
      const guint32 *src = l->px + (b << 6);
      gint nx = MIN (8, l->width - bx * 8);

      if (!l->used[b])
        continue;
      for (y = 0; y < ny; y++) {
        guint32 *dst = (guint32 *) (data + (gsize) (by * 8 + y) * stride) +
            bx * 8;

        if (l->rmask[b] == G_MAXUINT64) {
          /* a constant size: inlined, no call per row */
          if (nx == 8)
            memcpy (dst, src + y * 8, 8 * sizeof (guint32));
          else
            memcpy (dst, src + y * 8, nx * sizeof (guint32));
        } else {
          for (x = 0; x < nx; x++)
            if (src[y * 8 + x])
              neuro_pixel_over (dst + x, src[y * 8 + x]);
        }
      }
    }
  }
}
