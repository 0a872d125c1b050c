/* gst-neuroviz — netgraph's drawing kernels: edges into the edge layer,
 * nodes as sprites on the canvas.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "neuroaxes.h"
#include "neurocolormap.h"
#include "edgelayer.h"
#include "edgescan.h"

G_BEGIN_DECLS

typedef struct _NetEdgeStyle NetEdgeStyle;

/* An edge's premultiplied colour (one per edge-color-mode) */
typedef guint32 (*NetEdgeColorFunc) (const NetEdgeStyle * st,
    const NetEdge * e);

struct _NetEdgeStyle
{
  NetEdgeColorFunc color;
  guint32 positive, negative, fixed;    /* premultiplied */
  NeuroColormap colormap;
  gdouble vmin, vmax;
  /* edge-color-mode=activity: the nodes' activity (NULL: none linked) */
  const gfloat *activity;
  gdouble activity_threshold;
  guint32 active, inactive;     /* premultiplied */
  gdouble width, max_width, alpha;      /* per unit |w|; limit */
  gboolean directed;            /* arrow heads at the target's rim */
};

guint32 net_edge_color_sign (const NetEdgeStyle * st, const NetEdge * e);
guint32 net_edge_color_colormap (const NetEdgeStyle * st, const NetEdge * e);
guint32 net_edge_color_fixed (const NetEdgeStyle * st, const NetEdge * e);
/* active where a_i·a_j > activity_threshold, else inactive (also for NaN
 * activity and without activity, as the tutorial's comparison) */
guint32 net_edge_color_activity (const NetEdgeStyle * st, const NetEdge * e);

/* Draws @edges from centre to centre (@xy: pixel centres) into @layer,
 * last edge first: the layer composites front to back, so the picture is
 * that of drawing them in list order.  @node_r: the node radius, where
 * arrow heads stop. */
void net_draw_edges (NetEdgeLayer * layer, const NetEdge * edges, gsize n,
    const gfloat * xy, const NetEdgeStyle * st, gdouble node_r);

/* A node: coverage (0..256) of its fill and of its outline ring on a
 * (2·half+1)² grid around the centre pixel. */
typedef struct
{
  guint16 *fill, *ring;
  gint half;
  gdouble size, ow;
} NetNodeSprite;

/* Sizes the sprite for diameter @size and outline width @ow (0: none);
 * nothing to do when they did not change. */
void net_node_sprite_update (NetNodeSprite * sp, gdouble size, gdouble ow);
void net_node_sprite_free (NetNodeSprite * sp);

/* @n nodes centred on the pixels @xy, filled with @cols[i] (or @fixed when
 * @cols is NULL) and outlined in @ring (colours premultiplied). */
void net_draw_nodes (const NetNodeSprite * sp, NeuroCanvas * c,
    const gfloat * xy, gint n, const guint32 * cols, guint32 fixed,
    guint32 ring);

/* Each node's index, centred on it, @size pixels high in @fg. */
void net_draw_labels (NeuroText * text, cairo_t * cr, const gfloat * xy,
    gint n, gdouble size, guint32 fg);

G_END_DECLS
