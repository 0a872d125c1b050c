/* gst-neuroviz — text laid out once by Pango and cached as small images.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Colours are straight (not premultiplied) ARGB 0xAARRGGBB values, as the
 * elements' colour properties are.
 */
#pragma once

#include <glib.h>
#include <cairo.h>

G_BEGIN_DECLS

/* Cached text: each distinct (string, size, colour, weight) is laid out
 * once with Pango and kept as a small image. */
typedef struct _NeuroText NeuroText;

typedef enum
{
  NEURO_ALIGN_START = 0,        /* left / top */
  NEURO_ALIGN_CENTER = 1,
  NEURO_ALIGN_END = 2,          /* right / bottom */
} NeuroAlign;

NeuroText *neuro_text_new (const gchar * family);
void neuro_text_free (NeuroText * t);
/* Base font size in pixels for a frame of this height (matplotlib's 10 pt at
 * 100 dpi on a 800 px figure, scaled). */
gdouble neuro_text_size_for_height (gint height);
/* Draws @str with its anchor at (x, y); rotate90 draws bottom-to-top
 * (y axis labels).  Returns the drawn width (along the text direction). */
gdouble neuro_text_draw (NeuroText * t, cairo_t * cr, const gchar * str,
    gdouble x, gdouble y, gdouble size, gboolean bold, guint32 argb,
    NeuroAlign halign, NeuroAlign valign, gboolean rotate90);
void neuro_text_extent (NeuroText * t, const gchar * str, gdouble size,
    gboolean bold, gdouble * width, gdouble * height);

G_END_DECLS
