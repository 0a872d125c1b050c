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
static inline guint32
scale_round (guint32 c, guint s)
{
  guint32 rb = ((((c & 0x00ff00ff) * s) + 0x00800080) >> 8) & 0x00ff00ff;
  guint32 ag = ((((c >> 8) & 0x00ff00ff) * s) + 0x00800080) & 0xff00ff00;

  return rb | ag;
}

/* dst = dst + src·(1 - dst.a); TRUE when this made the pixel opaque.  The
 * alpha never exceeds 255: for 1 - dst.a = i/255 the factor is
 * (i + i/128)/256, and floor ((255 f + 128) / 256) <= i for every i. */
static inline gboolean
under (guint32 * p, guint32 src)
{
  guint32 d = *p, inv = 255 - (d >> 24);

  if (inv == 0)
    return FALSE;
  d += scale_round (src, inv + (inv >> 7));
  *p = d;
  return (d >> 24) == 255;
}

static inline void
mark_opaque (NetEdgeLayer * l, gsize b)
{
  if (++l->opaque[b] == 64) {
    gsize bx = b % l->bw, by = b / l->bw;

    l->full[(by >> 3) * l->sw + (bx >> 3)]++;
  }
}

void
net_edge_layer_reset (NetEdgeLayer * l, gint width, gint height)
{
  if (l->px && l->width == width && l->height == height) {
    net_edge_layer_clear (l);
    return;
  }
  net_edge_layer_free (l);
  l->width = width;
  l->height = height;
  l->bw = (width + 7) / 8;
  l->bh = (height + 7) / 8;
  l->sw = (l->bw + 7) / 8;
  l->sh = (l->bh + 7) / 8;
  l->px = g_malloc0 ((gsize) l->bw * l->bh * 64 * sizeof (guint32));
  l->opaque = g_malloc0 ((gsize) l->bw * l->bh);
  l->used = g_malloc0 ((gsize) l->bw * l->bh);
  l->full = g_malloc0 ((gsize) l->sw * l->sh);
  l->dirty = FALSE;
}

void
net_edge_layer_clear (NetEdgeLayer * l)
{
  gsize b, nb = (gsize) l->bw * l->bh;

  if (!l->dirty)
    return;
  for (b = 0; b < nb; b++)
    if (l->used[b])
      memset (l->px + b * 64, 0, 64 * sizeof (guint32));
  memset (l->used, 0, nb);
  memset (l->opaque, 0, nb);
  memset (l->full, 0, (gsize) l->sw * l->sh);
  l->dirty = FALSE;
}

void
net_edge_layer_free (NetEdgeLayer * l)
{
  g_free (l->px);
  g_free (l->opaque);
  g_free (l->used);
  g_free (l->full);
  memset (l, 0, sizeof *l);
}

/* Is every pixel that @n steps of a line (cross sections [lo, lo + span) in
 * 16.16 minor coordinates, moving by @step) may touch already opaque?
 * @counts holds, per cell of 2^shift pixels along the minor axis in the
 * major row of cells @row, how many of its 64 sub-units are opaque. */
static inline gboolean
run_hidden (const guint8 * counts, gsize strideM, gsize stridem, gint row,
    gint shift, gint64 lo, gint64 step, gint64 span, gint n, gint64 lim)
{
  gint64 le = lo + step * (n - 1);
  gint64 a = MIN (lo, le), b = MAX (lo, le) + span;
  const guint8 *c = counts + (gsize) row * strideM;
  gint m, m0, m1;

  if (b <= 0 || a >= lim)
    return TRUE;                /* outside: nothing to draw */
  m0 = (gint) (MAX (a, 0) >> 16) >> shift;
  m1 = (gint) ((MIN (b, lim) - 1) >> 16) >> shift;
  for (m = m0; m <= m1; m++)
    if (c[m * stridem] != 64)
      return FALSE;
  return TRUE;
}

/* Anti-aliased line of any width: per column (or row) along the major axis
 * the cross section [c - hw, c + hw] covers pixels by its overlap with them
 * (2 partly covered pixels per step for any width).  No cairo path, no
 * mask. */
void
net_edge_layer_line (NetEdgeLayer * l, gdouble x0, gdouble y0, gdouble x1,
    gdouble y1, gdouble width, guint32 col, gdouble alpha)
{
  gdouble dx = x1 - x0, dy = y1 - y0, slope, hw, a0;
  gboolean steep = fabs (dy) > fabs (dx);
  guint amul = (guint) (CLAMP (alpha, 0.0, 1.0) * 256.0 + 0.5);
  gint M, m_lim, s0, s1, s, isM, ism;
  gsize bsM, bsm, ssM, ssm;
  gint64 lo, span, step, lim;

  if (amul == 0 || !(width > 0) || col == 0)
    return;
  if (steep) {
    gdouble t;

    t = x0, x0 = y0, y0 = t;
    t = x1, x1 = y1, y1 = t;
    t = dx, dx = dy, dy = t;
    M = l->bh * 8;
    m_lim = l->bw * 8;
    bsM = l->bw, bsm = 1, ssM = l->sw, ssm = 1, isM = 8, ism = 1;
  } else {
    M = l->bw * 8;
    m_lim = l->bh * 8;
    bsM = 1, bsm = l->bw, ssM = 1, ssm = l->sw, isM = 1, ism = 8;
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
  hw = width * 0.5 * sqrt (1 + slope * slope);
  s0 = (gint) MAX (ceil (x0 - 0.5), 0);
  s1 = (gint) MIN (floor (x1 - 0.5), M - 1);
  if (s0 > s1)
    return;
  a0 = y0 + (s0 + 0.5 - x0) * slope;
  /* 16.16 fixed point along the minor axis: no floor () per pixel */
  lo = (gint64) llround ((a0 - hw) * 65536.0);
  span = (gint64) llround (2 * hw * 65536.0);
  step = (gint64) llround (slope * 65536.0);
  lim = (gint64) m_lim << 16;
  if (span <= 0)
    return;

  s = s0;
  while (s <= s1) {
    gint se = MIN ((s | 63) + 1, s1 + 1);

    /* up to 64 steps within one row of full super blocks */
    if (run_hidden (l->full, ssM, ssm, s >> 6, 6, lo, step, span, se - s,
            lim)) {
      lo += step * (se - s);
      s = se;
      continue;
    }
    while (s < se) {
      gint be = MIN ((s | 7) + 1, se), mb, mb0, mb1;
      gint64 le = lo + step * (be - s - 1);
      gsize brow = (gsize) (s >> 3) * bsM;

      /* up to 8 steps within one row of full blocks */
      if (run_hidden (l->opaque, bsM, bsm, s >> 3, 3, lo, step, span, be - s,
              lim)) {
        lo += step * (be - s);
        s = be;
        continue;
      }
      mb0 = (gint) (MAX (MIN (lo, le), 0) >> 16) >> 3;
      mb1 = (gint) ((MIN (MAX (lo, le) + span, lim) - 1) >> 16) >> 3;
      for (mb = mb0; mb <= mb1; mb++)
        l->used[brow + mb * bsm] = 1;
      l->dirty = TRUE;

      for (; s < be; s++, lo += step) {
        guint32 *row = l->px + (brow << 6) + (s & 7) * isM;
        gint64 hi = lo + span;
        gint m0, m1, m;

#define PIX(m) (row + ((gsize) ((m) >> 3) * bsm << 6) + ((m) & 7) * ism)
#define PUT(m, src) G_STMT_START {                              \
          if (under (PIX (m), (src)))                            \
            mark_opaque (l, brow + (gsize) ((m) >> 3) * bsm);    \
        } G_STMT_END

        if (hi <= 0 || lo >= lim)
          continue;
        m0 = (gint) (lo >> 16);
        m1 = (gint) ((hi - 1) >> 16);
        if (m0 == m1) {
          PUT (m0, scale_round (col, (guint) ((span * amul) >> 16)));
          continue;
        }
        if (m0 >= 0)
          PUT (m0, scale_round (col,
                  (guint) (((((gint64) (m0 + 1) << 16) - lo) * amul) >> 16)));
        {
          guint32 full = scale_round (col, amul);

          for (m = MAX (m0 + 1, 0); m < m1 && m < m_lim; m++)
            PUT (m, full);
        }
        if (m1 < m_lim)
          PUT (m1, scale_round (col,
                  (guint) (((hi - ((gint64) m1 << 16)) * amul) >> 16)));
#undef PUT
#undef PIX
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
      l->used[b] = 1;
      l->dirty = TRUE;
      if (under (l->px + (b << 6) + (y & 7) * 8 + (x & 7), scale_round (col,
                  (guint) (cov * amul + 0.5))))
        mark_opaque (l, b);
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

        if (l->opaque[b] == 64) {
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
