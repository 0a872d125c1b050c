/* gst-neuroviz — fills and rectangles on a NeuroCanvas.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurocanvas.h"
#include "neurocolormap.h"

#include <string.h>

/* pixels [x0, x1) of a row set to the premultiplied px */
static inline void
row_set (guint32 * row, gint x0, gint x1, guint32 px)
{
  gint x;

  if (px == 0 || px == 0xffffffff) {
    memset (row + x0, px & 0xff, (gsize) (x1 - x0) * 4);
  } else {
    for (x = x0; x < x1; x++)
      row[x] = px;
  }
}

void
neuro_canvas_fill (NeuroCanvas * c, guint32 argb)
{
  guint32 px = neuro_argb_premultiply (argb);
  gint y;

  for (y = 0; y < c->height; y++)
    row_set (neuro_canvas_row (c, y), 0, c->width, px);
}

void
neuro_canvas_fill_outside (NeuroCanvas * c, guint32 argb, gint x0, gint y0,
    gint x1, gint y1)
{
  guint32 px = neuro_argb_premultiply (argb);
  gint y;

  x0 = CLAMP (x0, 0, c->width);
  x1 = CLAMP (x1, x0, c->width);
  for (y = 0; y < c->height; y++) {
    guint32 *row = neuro_canvas_row (c, y);

    if (y < y0 || y >= y1 || x0 == x1) {
      row_set (row, 0, c->width, px);
    } else {
      row_set (row, 0, x0, px);
      row_set (row, x1, c->width, px);
    }
  }
}

void
neuro_canvas_set_rect_outside (NeuroCanvas * c, gint x0, gint y0, gint x1,
    gint y1, gint ix0, gint iy0, gint ix1, gint iy1, guint32 argb)
{
  /* above, below, then left and right of the inner rectangle */
  neuro_canvas_set_rect (c, x0, y0, x1, MIN (y1, iy0), argb);
  neuro_canvas_set_rect (c, x0, MAX (y0, iy1), x1, y1, argb);
  neuro_canvas_set_rect (c, x0, MAX (y0, iy0), MIN (x1, ix0), MIN (y1, iy1),
      argb);
  neuro_canvas_set_rect (c, MAX (x0, ix1), MAX (y0, iy0), x1, MIN (y1, iy1),
      argb);
}

/* clips [x0, x1) x [y0, y1) to the canvas; FALSE when nothing is left */
static gboolean
clip_rect (const NeuroCanvas * c, gint * x0, gint * y0, gint * x1, gint * y1)
{
  *x0 = MAX (*x0, 0);
  *y0 = MAX (*y0, 0);
  *x1 = MIN (*x1, c->width);
  *y1 = MIN (*y1, c->height);
  return *x0 < *x1 && *y0 < *y1;
}

void
neuro_canvas_fill_rect (NeuroCanvas * c, gint x0, gint y0, gint x1, gint y1,
    guint32 argb)
{
  guint32 px = neuro_argb_premultiply (argb);
  gint x, y;

  if ((px >> 24) == 255) {
    neuro_canvas_set_rect (c, x0, y0, x1, y1, argb);
    return;
  }
  if (!clip_rect (c, &x0, &y0, &x1, &y1) || (px >> 24) == 0)
    return;
  for (y = y0; y < y1; y++) {
    guint32 *row = neuro_canvas_row (c, y);

    for (x = x0; x < x1; x++)
      neuro_pixel_over (&row[x], px);
  }
}

void
neuro_canvas_set_rect (NeuroCanvas * c, gint x0, gint y0, gint x1, gint y1,
    guint32 argb)
{
  guint32 px = neuro_argb_premultiply (argb);
  gint y;

  if (!clip_rect (c, &x0, &y0, &x1, &y1))
    return;
  for (y = y0; y < y1; y++)
    row_set (neuro_canvas_row (c, y), x0, x1, px);
}

void
neuro_canvas_sweep_cursor (NeuroCanvas * c, gint x0, gint y0, gint w,
    gint h, gint cursor, gint gap, guint32 bg, guint32 fg)
{
  gint cx = x0 + MIN (cursor, w - 1);

  if (cursor < 0)
    return;
  /* the gap first, then the cursor over it */
  neuro_canvas_set_rect (c, x0 + cursor + 1, y0, x0 + MIN (w,
          cursor + 1 + gap), y0 + h, bg);
  neuro_canvas_fill_rect (c, cx, y0, cx + 1, y0 + h,
      (fg & 0x00ffffff) | 0x80000000);
}
