/* gst-neuroviz — text laid out once by Pango and cached as small images.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Colours are straight (not premultiplied) ARGB 0xAARRGGBB values, as the
 * elements' colour properties are.
 */
#pragma once

#include <glib.h>
#include <cairo.h>

#include "neurostyle.h"

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

/* The text of one renderer is drawn at one dpi: its style (matplotlib's
 * sizes in pixels at that dpi; NEURO_STYLE_DEFAULT_DPI until set) is what
 * the axes room sizes its text, ticks and margins with.  NULL @t: the
 * default dpi's style. */
void neuro_text_set_dpi (NeuroText * t, gdouble dpi);
const NeuroStyle *neuro_text_get_style (NeuroText * t);

/* Draws @str with its anchor at (x, y); rotate90 draws bottom-to-top
 * (y axis labels).  Returns the drawn width (along the text direction).
 * Text that would stick out of the target image is moved inside it (no
 * label is ever cut at the frame's edge). */
gdouble neuro_text_draw (NeuroText * t, cairo_t * cr, const gchar * str,
    gdouble x, gdouble y, gdouble size, gboolean bold, guint32 argb,
    NeuroAlign halign, NeuroAlign valign, gboolean rotate90);
/* The device pixels [x0, y0, x1, y1) the last neuro_text_draw () painted
 * (empty if it drew nothing). */
void neuro_text_last_rect (NeuroText * t, gint r[4]);
/* The logical size of @str (Pango's logical rectangle, in pixels). */
void neuro_text_extent (NeuroText * t, const gchar * str, gdouble size,
    gboolean bold, gdouble * width, gdouble * height);
/* The same and the baseline's distance from the top of that rectangle. */
void neuro_text_metrics (NeuroText * t, const gchar * str, gdouble size,
    gboolean bold, gdouble * width, gdouble * height, gdouble * baseline);
/* Whether strings that differ only in their digits reuse one layout
 * (TRUE by default; the images are the same either way, tests compare). */
void neuro_text_set_reuse (NeuroText * t, gboolean reuse);
/* How many images were drawn from a template so far (tests). */
guint neuro_text_templates_used (NeuroText * t);

G_END_DECLS
