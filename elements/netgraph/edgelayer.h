/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* netgraph's edge layer: antialiased wide lines and arrow heads composited
 * front to back ("under"), so that a dense graph costs what is visible, not
 * what is drawn.
 *
 * Edges are painted in reverse drawing order into a transparent
 * premultiplied ARGB32 layer: out = dst + src·(1 - dst.a).  Source-over is
 * associative, so the layer composited over the frame gives the picture of
 * painting the edges back to front with source-over (to 8-bit rounding).
 * Once a pixel is opaque nothing drawn later (i.e. below it) can change it.
 * The layer keeps one bit per opaque pixel in a 64-bit mask per 8×8 block,
 * and one bit per full block in a mask per 64×64 super block (both
 * row- and column-major, so that steep and shallow lines read a row of
 * bits).  A line tests the footprint of 64 steps against the super block
 * masks, of 8 steps against the block masks and of single steps against the
 * same, and skips what is hidden without touching pixels.  With thousands
 * of opaque edges overlapping many times (2 000 nodes, 50 000 edges) more
 * than 95 % of the steps are skipped.
 *
 * Pixels are stored block-linear (each 8×8 block is 256 contiguous bytes) so
 * that steep and shallow lines both walk through memory a block at a time.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint width, height;           /* the frame's size */
  gint bw, bh;                  /* 8×8 blocks covering it */
  gint sw, sh;                  /* 64×64 super blocks */
  guint32 *px;                  /* bw·bh blocks of 64 pixels */
  guint64 *rmask, *cmask;       /* per block: opaque pixels, bit 8·y + x
                                 * resp. 8·x + y (x, y within the block) */
  guint64 *srmask, *scmask;     /* per super block: full blocks, likewise */
  guint8 *used;                 /* per block: something was drawn */
  gboolean dirty;               /* something was drawn since the clear */
  gboolean exhaustive;          /* tests: visit every step (the skipping
                                 * must not change a pixel) */
} NetEdgeLayer;

/* Sizes (and clears) the layer for a width×height frame. */
void net_edge_layer_reset (NetEdgeLayer * l, gint width, gint height);
/* Clears what was drawn (only the blocks that were used). */
void net_edge_layer_clear (NetEdgeLayer * l);
void net_edge_layer_free (NetEdgeLayer * l);

/* A line from (x0, y0) to (x1, y1) in pixel coordinates (pixel centres at
 * +0.5), @width pixels across, premultiplied colour @col, opacity @alpha,
 * drawn *below* everything drawn before. */
void net_edge_layer_line (NetEdgeLayer * l, gdouble x0, gdouble y0,
    gdouble x1, gdouble y1, gdouble width, guint32 col, gdouble alpha);
/* A filled triangle, drawn below everything drawn before. */
void net_edge_layer_triangle (NetEdgeLayer * l, const gdouble * xy,
    guint32 col, gdouble alpha);

/* Source-over of the layer onto a frame of the layer's size (native-endian
 * ARGB32/xRGB32 rows of @stride bytes). */
void net_edge_layer_composite (const NetEdgeLayer * l, guint8 * data,
    gint stride);

G_END_DECLS
