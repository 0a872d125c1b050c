/* gst-neuroviz — netgraph's node layouts (circle, grid, spring) and their
 * fit into the plot.  Plain C on arrays (tests/netlayoutalgo.c); positions
 * are (x, y) pairs, 2·n doubles.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the spring layout's fixed seed and iteration count (deterministic) */
#define NET_SPRING_SEED 42
#define NET_SPRING_ITERATIONS 50

/* Node i at (cos 2πi/n, sin 2πi/n). */
void net_layout_circle (gint n, gdouble * pos);

/* Node i at column i mod C, row i div C (row 0 on top, y up), C = ceil
 * (sqrt n). */
void net_layout_grid (gint n, gdouble * pos);

/* Fruchterman–Reingold from the n×n matrix @w (NET_SPRING_SEED,
 * NET_SPRING_ITERATIONS): attraction for pairs with |w_ij| + |w_ji| above
 * 2·@threshold, weighted by its ratio to the largest |w|; centred at 0,
 * largest coordinate 1.  NaN and infinite weights count as 0. */
void net_layout_spring (const gfloat * w, gint n, gdouble threshold,
    gdouble * pos);

/* Data coordinates (y up) into the plot rectangle (@ax, @ay, @aw, @ah) with
 * equal aspect: c the centre of the bounding box, R 1.5 × its larger half
 * extent, s = min (aw, ah) / (2R); node i at the pixel centre floor (px) +
 * 0.5, floor (py) + 0.5 with px = ax + aw/2 + (x - cx)·s and py = ay + ah/2
 * - (y - cy)·s.  Positions all at one point (or apart by denormals only) go
 * to the centre; coordinates near ±DBL_MAX keep their shape. */
void net_layout_fit (const gdouble * pos, gint n, gdouble ax, gdouble ay,
    gdouble aw, gdouble ah, gfloat * xy);

/* Frame pixel positions (x right, y down) to pixel centres.  Returns the
 * index of the first node outside the @width × @height frame, or -1. */
gint net_layout_pixels (const gdouble * pos, gint n, gint width, gint height,
    gfloat * xy);

/* The automatic node diameter: matplotlib's s=200 on a 600 px figure,
 * smaller for crowded graphs (@aw × @ah the plot, @height the frame). */
gdouble net_layout_auto_node_size (gint n, gdouble aw, gdouble ah,
    gint height);

G_END_DECLS
