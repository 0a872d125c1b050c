/* Drawing helpers shared by the renderers: direct pixel access to a mapped
 * video frame (NeuroCanvas), cached Pango text (NeuroText), and matplotlib
 * style axes with "nice" ticks (NeuroAxes).
 *
 * Pixels are native-endian premultiplied ARGB32 (cairo's
 * CAIRO_FORMAT_ARGB32), i.e. BGRA/BGRx in memory on little-endian hosts.
 * Colours passed to these functions are straight (not premultiplied) ARGB
 * 0xAARRGGBB values, as the elements' colour properties are.
 */
#pragma once

#include <glib.h>
#include "neuroclamp.h"
#include <cairo.h>

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

/* "Nice" ticks as matplotlib's MaxNLocator (steps 1, 2, 2.5, 5, 10):
 * fills @ticks with values inside [lo, hi] and returns their number. */
gint neuro_nice_ticks (gdouble lo, gdouble hi, gint max_ticks,
    gdouble * ticks, gint max_out, gdouble * step_out);
/* Formats a tick value with as many decimals as the step needs. */
void neuro_format_tick (gdouble v, gdouble step, gchar * buf, gsize len);
/* Ticks of a log axis over [lo, hi] (lo > 0), as matplotlib's LogLocator:
 * the decades 10^k inside (every n-th when there are more than
 * @max_ticks), or 1, 2 and 5 × 10^k when fewer than two decades fall
 * inside.  Values in data units; returns their number. */
gint neuro_log_ticks (gdouble lo, gdouble hi, gint max_ticks, gdouble * ticks,
    gint max_out);
/* A log tick's label: "10³", "10⁻²" (superscript digits) for a decade, as
 * matplotlib's LogFormatterSciNotation, else the value ("%g"). */
void neuro_format_log_tick (gdouble v, gchar * buf, gsize len);

typedef struct
{
  /* plot area in pixels: [x0, x0+w) x [y0, y0+h) */
  gdouble x0, y0, w, h;
  /* data limits; y grows upwards unless y_inverted */
  gdouble xmin, xmax, ymin, ymax;
  gboolean y_inverted;
} NeuroAxes;

static inline gdouble
neuro_axes_x (const NeuroAxes * a, gdouble x)
{
  return a->x0 + (x - a->xmin) * a->w / (a->xmax - a->xmin);
}

static inline gdouble
neuro_axes_y (const NeuroAxes * a, gdouble y)
{
  gdouble f = (y - a->ymin) / (a->ymax - a->ymin);
  return a->y_inverted ? a->y0 + f * a->h : a->y0 + a->h - f * a->h;
}

/* Margins (pixels) that leave room for tick labels and axis labels. */
typedef struct
{
  gdouble left, right, top, bottom;
} NeuroMargins;

NeuroMargins neuro_axes_default_margins (NeuroText * t, gint width,
    gint height, gboolean with_title, gboolean with_xlabel,
    gboolean with_ylabel);

typedef struct
{
  const gchar *xlabel;
  const gchar *ylabel;
  gboolean xticks;
  gboolean yticks;
  gboolean grid;                /* light grid lines at the ticks */
  guint32 fg;                   /* axes, ticks and labels colour */
  gdouble font_size;
  /* optional custom tick values for y (e.g. channel names) */
  const gdouble *ytick_values;
  const gchar *const *ytick_labels;
  gint n_yticks;
  /* spines on the pixels just outside the plot area (as matplotlib's,
   * which frame the data): data in its first and last columns and rows
   * stays visible */
  gboolean spines_outside;
} NeuroAxesStyle;

void neuro_axes_style_init (NeuroAxesStyle * s, gdouble font_size,
    guint32 fg);
/* Spines, ticks, tick labels and axis labels. */
void neuro_axes_draw (const NeuroAxes * a, cairo_t * cr, NeuroText * t,
    const NeuroAxesStyle * s);
/* Title centred above the plot area. */
void neuro_axes_title (const NeuroAxes * a, cairo_t * cr, NeuroText * t,
    const gchar * title, gdouble font_size, guint32 fg);

/* A vertical colorbar in [x0,x0+w) x [y0,y0+h) from a 256-entry LUT of
 * opaque ARGB pixels, with ticks and a label on its right. */
void neuro_colorbar_draw (cairo_t * cr, NeuroText * t, const guint32 * lut,
    gdouble x0, gdouble y0, gdouble w, gdouble h, gdouble vmin, gdouble vmax,
    const gchar * label, gdouble font_size, guint32 fg);
/* The same for a LogNorm: the colours run linearly in log10 (v) from
 * log10 (vmin) to log10 (vmax) (vmin, vmax > 0, data units), ticks from
 * neuro_log_ticks () labelled with neuro_format_log_tick (). */
void neuro_colorbar_draw_log (cairo_t * cr, NeuroText * t,
    const guint32 * lut, gdouble x0, gdouble y0, gdouble w, gdouble h,
    gdouble vmin, gdouble vmax, const gchar * label, gdouble font_size,
    guint32 fg);

/* cairo source from a straight 0xAARRGGBB colour, alpha scaled by
 * @alpha_mul. */
void neuro_cairo_set_source_argb (cairo_t * cr, guint32 argb,
    gdouble alpha_mul);

/* Equal colour limits widened as matplotlib's colorbar does with
 * transforms.nonsingular (expander 0.1): 0, 0 -> -0.1, 0.1; else
 * lo - 0.1 |lo|, hi + 0.1 |hi|.  Other limits are left alone. */
void neuro_nonsingular (gdouble * lo, gdouble * hi);

/* Property string parsers shared by the elements.  On failure they set a
 * GError in NEURO_PARSE_ERROR whose message says which token is wrong and
 * what was expected; the outputs are then left as they were. */

#define NEURO_PARSE_ERROR (neuro_parse_error_quark ())
GQuark neuro_parse_error_quark (void);

typedef enum
{
  NEURO_PARSE_ERROR_SYNTAX,
  NEURO_PARSE_ERROR_RANGE,
} NeuroParseError;

/* Colour spellings accepted by every colour property: "#RRGGBB" (opaque),
 * "#AARRGGBB", "0xAARRGGBB" and plain decimal or hex integers (big-endian
 * ARGB); spaces around are ignored. */
gboolean neuro_parse_argb (const gchar * s, guint32 * out, GError ** error);

/* "first-last" (inclusive) or a single "n"; both below @limit.  NULL or ""
 * gives -1, -1 (everything). */
gboolean neuro_parse_range (const gchar * str, guint64 limit, gint64 * first,
    gint64 * last, GError ** error);

/* "c1,c2,..." of colours as neuro_parse_argb(); fills @out (guint32) on
 * success, NULL or "" gives an empty array. */
gboolean neuro_parse_argb_list (const gchar * str, GArray * out,
    GError ** error);

typedef struct
{
  guint32 first, last;
  guint32 argb;
} NeuroColorGroup;

/* "first-last:colour,n:colour,..." (units inclusive, first <= last <=
 * G_MAXUINT32) into an array of NeuroColorGroup; NULL or "" gives none. */
gboolean neuro_parse_groups (const gchar * str, GArray * out,
    GError ** error);

G_END_DECLS
