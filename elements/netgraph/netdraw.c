/* gst-neuroviz — netgraph's drawing kernels (see netdraw.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "netdraw.h"
#include "neuroclamp.h"

#include <math.h>

guint32
net_edge_color_sign (const NetEdgeStyle * st, const NetEdge * e)
{
  return e->w > 0 ? st->positive : st->negative;
}

guint32
net_edge_color_colormap (const NetEdgeStyle * st, const NetEdge * e)
{
  return neuro_colormap_map (st->colormap, e->w, st->vmin, st->vmax, 0);
}

guint32
net_edge_color_fixed (const NetEdgeStyle * st, const NetEdge * e)
{
  return st->fixed;
}

guint32
net_edge_color_activity (const NetEdgeStyle * st, const NetEdge * e)
{
  /* in double, as numpy's float64 product of the tutorial */
  if (st->activity && (gdouble) st->activity[e->i] *
      (gdouble) st->activity[e->j] > st->activity_threshold)
    return st->active;
  return st->inactive;
}

/* An arrow i -> j: the line stops at the arrow head's base, the head (of
 * length 3 widths, at least 6) touches the target's rim and is drawn on top
 * of its own line.  Nothing when the nodes are too close for a head. */
static void
draw_arrow (NetEdgeLayer * layer, gdouble x0, gdouble y0, gdouble x1,
    gdouble y1, gdouble width, guint32 col, gdouble alpha, gdouble node_r)
{
  gdouble dx = x1 - x0, dy = y1 - y0, l = hypot (dx, dy);
  gdouble head = MAX (6.0, 3 * width), ux, uy, tx, ty, bx, by, tri[6];

  if (l <= node_r + head)
    return;
  ux = dx / l;
  uy = dy / l;
  tx = x1 - ux * node_r;
  ty = y1 - uy * node_r;
  bx = tx - ux * head;
  by = ty - uy * head;
  tri[0] = tx;
  tri[1] = ty;
  tri[2] = bx - uy * head * 0.4;
  tri[3] = by + ux * head * 0.4;
  tri[4] = bx + uy * head * 0.4;
  tri[5] = by - ux * head * 0.4;
  net_edge_layer_triangle (layer, tri, col, alpha);
  net_edge_layer_line (layer, x0, y0, bx, by, width, col, alpha);
}

void
net_draw_edges (NetEdgeLayer * layer, const NetEdge * edges, gsize n,
    const gfloat * xy, const NetEdgeStyle * st, gdouble node_r)
{
  gsize e;

  for (e = n; e-- > 0;) {
    const NetEdge *ed = &edges[e];
    gdouble aw = fabsf (ed->w);
    gdouble width = MIN (aw * st->width, st->max_width);
    gdouble alpha = MIN (aw * st->alpha, 1.0);
    gdouble x0 = xy[2 * ed->i], y0 = xy[2 * ed->i + 1];
    gdouble x1 = xy[2 * ed->j], y1 = xy[2 * ed->j + 1];
    guint32 col = st->color (st, ed);

    if (st->directed)
      draw_arrow (layer, x0, y0, x1, y1, width, col, alpha, node_r);
    else
      net_edge_layer_line (layer, x0, y0, x1, y1, width, col, alpha);
  }
}

void
net_node_sprite_update (NetNodeSprite * sp, gdouble size, gdouble ow)
{
  gdouble r = size / 2;
  gint half = (gint) ceil (r + ow / 2 + 1), d = 2 * half + 1, x, y;

  if (sp->fill && sp->size == size && sp->ow == ow)
    return;
  g_free (sp->fill);
  g_free (sp->ring);
  sp->fill = g_new (guint16, d * d);
  sp->ring = g_new (guint16, d * d);
  for (y = -half; y <= half; y++)
    for (x = -half; x <= half; x++) {
      gdouble dist = sqrt ((gdouble) x * x + (gdouble) y * y);
      gdouble all = CLAMP (r + ow / 2 - dist + 0.5, 0.0, 1.0);
      gdouble in = ow > 0 ? CLAMP (r - ow / 2 - dist + 0.5, 0.0, 1.0) : all;
      guint a = (guint) (all * 256 + 0.5), i = (guint) (in * 256 + 0.5);

      sp->fill[(y + half) * d + x + half] = i;
      sp->ring[(y + half) * d + x + half] = a - MIN (i, a);
    }
  sp->half = half;
  sp->size = size;
  sp->ow = ow;
}

void
net_node_sprite_free (NetNodeSprite * sp)
{
  g_free (sp->fill);
  g_free (sp->ring);
  sp->fill = sp->ring = NULL;
}

/* src = c · s / 256 for premultiplied c, 0 <= s <= 256 */
static inline guint32
scale_px (guint32 c, guint s)
{
  guint32 rb = (((c & 0x00ff00ff) * s) >> 8) & 0x00ff00ff;
  guint32 ag = (((c >> 8) & 0x00ff00ff) * s) & 0xff00ff00;

  return rb | ag;
}

static void
draw_node (const NetNodeSprite * sp, NeuroCanvas * c, gint cx, gint cy,
    guint32 fill, guint32 ring)
{
  gint half = sp->half, d = 2 * half + 1, x, y;

  for (y = MAX (-half, -cy); y <= half && cy + y < c->height; y++) {
    guint32 *row = neuro_canvas_row (c, cy + y);
    const guint16 *f = sp->fill + (y + half) * d + half;
    const guint16 *g = sp->ring + (y + half) * d + half;

    for (x = MAX (-half, -cx); x <= half && cx + x < c->width; x++) {
      guint sf = f[x], sr = g[x];

      if (sf | sr)
        neuro_pixel_over (row + cx + x, scale_px (fill, sf) + scale_px (ring,
                sr));
    }
  }
}

void
net_draw_nodes (const NetNodeSprite * sp, NeuroCanvas * c,
    const gfloat * xy, gint n, const guint32 * cols, guint32 fixed,
    guint32 ring)
{
  /* a node centred further out than its sprite's radius draws nothing */
  gint lim = sp->half + 1, i;

  for (i = 0; i < n; i++)
    draw_node (sp, c, neuro_clamp_to_int (xy[2 * i], -lim, c->width + lim),
        neuro_clamp_to_int (xy[2 * i + 1], -lim, c->height + lim),
        cols ? cols[i] : fixed, ring);
}

void
net_draw_labels (NeuroText * text, cairo_t * cr, const gfloat * xy, gint n,
    gdouble size, guint32 fg)
{
  gchar lbl[16];
  gint i;

  for (i = 0; i < n; i++) {
    g_snprintf (lbl, sizeof lbl, "%d", i);
    neuro_text_draw (text, cr, lbl, xy[2 * i], xy[2 * i + 1], size, FALSE, fg,
        NEURO_ALIGN_CENTER, NEURO_ALIGN_CENTER, FALSE);
  }
}
