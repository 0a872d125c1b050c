/* gst-neuroviz — direct pixel access to a mapped video frame.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Pixels are native-endian premultiplied ARGB32 (cairo's
 * CAIRO_FORMAT_ARGB32), i.e. BGRA/BGRx in memory on little-endian hosts.
 * Colours passed to these functions are straight (not premultiplied) ARGB
 * 0xAARRGGBB values, as the elements' colour properties are.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint8 *data;
  gint stride;                  /* bytes per row */
  gint width;
  gint height;
} NeuroCanvas;

static inline guint32 *
neuro_canvas_row (const NeuroCanvas * c, gint y)
{
  return (guint32 *) (c->data + (gsize) y * c->stride);
}

void neuro_canvas_fill (NeuroCanvas * c, guint32 argb);
/* Fill the rectangle [x0,x1) x [y0,y1), clipped to the canvas, with an
 * opaque or translucent colour (source-over). */
void neuro_canvas_fill_rect (NeuroCanvas * c, gint x0, gint y0, gint x1,
    gint y1, guint32 argb);
/* Replace the pixels of [x0,x1) x [y0,y1), clipped to the canvas, with the
 * colour (premultiplied; no blending: a transparent colour clears). */
void neuro_canvas_set_rect (NeuroCanvas * c, gint x0, gint y0, gint x1,
    gint y1, guint32 argb);
/* neuro_canvas_set_rect () on [x0,x1) x [y0,y1) but for the rectangle
 * [ix0,ix1) x [iy0,iy1). */
void neuro_canvas_set_rect_outside (NeuroCanvas * c, gint x0, gint y0,
    gint x1, gint y1, gint ix0, gint iy0, gint ix1, gint iy1, guint32 argb);
/* Fills the canvas with a colour (as neuro_canvas_fill) except the
 * rectangle [x0,x1) x [y0,y1), which keeps its pixels. */
void neuro_canvas_fill_outside (NeuroCanvas * c, guint32 argb, gint x0,
    gint y0, gint x1, gint y1);
/* An oscilloscope sweep's cursor on the plot area [x0, x0 + w) x [y0, y0 +
 * h): the @gap columns after column @cursor are set to @bg (straight ARGB,
 * as the frame was cleared: transparent too), then the cursor column gets
 * @fg at half opacity.  @cursor is clamped to the last column; a negative
 * one (no sweep) draws nothing. */
void neuro_canvas_sweep_cursor (NeuroCanvas * c, gint x0, gint y0, gint w,
    gint h, gint cursor, gint gap, guint32 bg, guint32 fg);
/* Source-over of a premultiplied pixel value onto one pixel (no clipping). */
static inline void
neuro_pixel_over (guint32 * p, guint32 src)
{
  guint32 a = src >> 24;

  if (a == 255) {
    *p = src;
  } else if (a) {
    guint32 d = *p, ia = 255 - a;
    guint32 rb = (d & 0x00ff00ff) * ia + 0x00800080;
    guint32 ag = ((d >> 8) & 0x00ff00ff) * ia + 0x00800080;

    rb = ((rb + ((rb >> 8) & 0x00ff00ff)) >> 8) & 0x00ff00ff;
    ag = (ag + ((ag >> 8) & 0x00ff00ff)) & 0xff00ff00;
    *p = src + (rb | ag);
  }
}

G_END_DECLS
