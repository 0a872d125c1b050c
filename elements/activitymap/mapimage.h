/* gst-neuroviz — activitymap's image view: the frame as matplotlib's imshow
 * (nearest or bilinear), with axes, cell-index ticks, colorbar, grid lines
 * and printed values.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "mapview.h"

G_BEGIN_DECLS

/* Pixel -> cell tables of a @gw × @gh grid drawn @w × @h pixels wide (one
 * axis at a time: call with the columns, then the rows). */
typedef struct
{
  gint *cell;                   /* nearest: the last cell whose first pixel
                                 * floor (j·w/W) is at or before the pixel */
  gint *j0;                     /* bilinear: left/top neighbour */
  gfloat *fx;                   /* bilinear: weight of the right/bottom one */
  gint cells, pixels;
} MapAxisTable;

/* Fills @t for @cells cells on @pixels pixels (nothing to do when they did
 * not change); bilinear samples pixel p at u = (p + 0.5)·cells/pixels - 0.5
 * (cell centres at integers, clamped at the borders). */
void map_axis_table_update (MapAxisTable * t, gint cells, gint pixels);
void map_axis_table_free (MapAxisTable * t);

/* Cell-index ticks: integers with steps 1, 2, 5, 10, 20 ... (a cell has no
 * index 2.5), at most @max_ticks of them; returns how many. */
gint map_int_ticks (gint n_cells, gint max_ticks, gdouble * ticks,
    gint max_out);

G_END_DECLS
