/* gst-neuroviz — matplotlib style axes and colorbars, and the plot area a
 * figure leaves inside a frame.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Colours are straight (not premultiplied) ARGB 0xAARRGGBB values, as the
 * elements' colour properties are.
 *
 * This header is also the umbrella the renderers include: it brings in the
 * other drawing rooms (canvas pixels, text, ticks) and the property parsers,
 * so that `#include "neuroaxes.h"` keeps giving everything it gave before
 * the split.  New code includes the room it uses.
 */
#pragma once

#include <glib.h>
#include <cairo.h>

#include "neurotext.h"

/* the umbrella: not needed by the declarations below */
#include "neuroclamp.h"
#include "neurocanvas.h"
#include "neuroticks.h"
#include "neuroprops.h"

G_BEGIN_DECLS

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

/* Margins (pixels) that leave room for the title, tick labels and axis
 * labels at the text's style (neuro_text_get_style ()), as tight_layout
 * leaves them: pad 1.08 font sizes at the frame's edges; the frame size
 * does not matter (matplotlib's sizes are in points). */
typedef struct
{
  gdouble left, right, top, bottom;
} NeuroMargins;

NeuroMargins neuro_axes_default_margins (NeuroText * t, gint width,
    gint height, gboolean with_title, gboolean with_xlabel,
    gboolean with_ylabel);

/* What a figure puts around its plot area. */
typedef struct
{
  gint width, height;           /* the frame */
  gdouble font_size;            /* the style's font_size (or scaled) */
  gboolean axes;                /* the renderer's "axes" property */
  gboolean title, xlabel, ylabel;
  /* pixels kept right of the plot for a colorbar, its ticks and label
   * (0: none) */
  gdouble colorbar;
  /* optional: the limits the axes will show, so that the margins fit the
   * real tick labels (and offset text) instead of a template's */
  gboolean have_xlim, have_ylim;
  gdouble xmin, xmax, ymin, ymax;
  /* optional: the y tick labels when they are not numbers */
  const gchar *const *ytick_labels;
  gint n_yticks;
  /* optional: the title's text (NULL: taken to be as wide as the plot),
   * to know whether it must go above the y offset text */
  const gchar *title_text;
} NeuroPlotFrame;

/* The margins of such a figure.  With axes: room for ticks, tick labels
 * and the axis labels at that font size (neuro_axes_default_margins ());
 * with the limits or labels given, the left margin fits the widest y tick
 * label neuro_axes_draw () will draw for them, the top one the y offset
 * text, the right one the last x tick label;
 * without: none, but a title line (2.2 font sizes) on top when there is a
 * title.  The colorbar's room is added on the right in both cases. */
NeuroMargins neuro_plot_margins (NeuroText * t, const NeuroPlotFrame * f);
/* The plot area in whole pixels, into a->x0, y0, w, h (the data limits
 * are left alone): x0 = round (left), w = round (width - right) - x0, and
 * the same for y, each side at least 1 pixel.  Returns the margins. */
NeuroMargins neuro_plot_area (NeuroText * t, const NeuroPlotFrame * f,
    NeuroAxes * a);

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
  /* only the lines (grid, ticks, spines), no text: with the text around
   * the plot area restored by a NeuroDecoCache, what the lines put on
   * the plot area (clip to it: the lines' pixels around it are restored
   * too) */
  gboolean inside_only;
} NeuroAxesStyle;

void neuro_axes_style_init (NeuroAxesStyle * s, gdouble font_size,
    guint32 fg);
/* Spines (axes.linewidth), ticks (3.5 pt outwards) where matplotlib's
 * AutoLocator puts them, labels as its ScalarFormatter writes them (with
 * its offset text when it has one), and axis labels (labelpad 4 pt). */
void neuro_axes_draw (const NeuroAxes * a, cairo_t * cr, NeuroText * t,
    const NeuroAxesStyle * s);
/* The pixels of the plot area @a that data and the axes' lines on it
 * may reach: from floor (x0, y0) to the pixel after its last column and
 * row (a grid line at the last tick is there), [x0, y0, x1, y1). */
void neuro_axes_plot_reach (const NeuroAxes * a, gint r[4]);
/* What neuro_axes_draw puts on the plot area when a NeuroDecoCache
 * restored what is around it: its lines (@s with inside_only), clipped to
 * neuro_axes_plot_reach. */
void neuro_axes_draw_on_plot (const NeuroAxes * a, cairo_t * cr,
    NeuroText * t, const NeuroAxesStyle * s);
/* Title centred above the plot area, axes.titlesize (12 pt for the
 * style's 10 pt @font_size), its baseline titlepad (6 pt) above it, or
 * above the y axis's offset text ("1e−6") when it would overlap that, as
 * matplotlib moves it. */
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

/* matplotlib's legend loc codes (Legend.codes), in its order */
typedef enum
{
  NEURO_LEGEND_BEST = 0,
  NEURO_LEGEND_UPPER_RIGHT = 1,
  NEURO_LEGEND_UPPER_LEFT = 2,
  NEURO_LEGEND_LOWER_LEFT = 3,
  NEURO_LEGEND_LOWER_RIGHT = 4,
  NEURO_LEGEND_RIGHT = 5,
  NEURO_LEGEND_CENTER_LEFT = 6,
  NEURO_LEGEND_CENTER_RIGHT = 7,
  NEURO_LEGEND_LOWER_CENTER = 8,
  NEURO_LEGEND_UPPER_CENTER = 9,
  NEURO_LEGEND_CENTER = 10,
} NeuroLegendLoc;

/* Where matplotlib puts a legend box of @w x @h pixels in the plot area
 * for @loc: anchored at that side or corner, borderaxespad (0.5 legend
 * font sizes) inside the axes.  NEURO_LEGEND_BEST is placed upper right
 * here (see neuro_legend_best ()).  Writes the box's top left corner. */
void neuro_legend_place (const NeuroAxes * ax, NeuroText * t,
    gdouble font_size, NeuroLegendLoc loc, gdouble w, gdouble h,
    gdouble * x0, gdouble * y0);
/* The size of the legend box neuro_legend_draw () draws. */
void neuro_legend_size (NeuroText * t, const gchar * const *labels, guint n,
    gdouble font_size, gdouble * w, gdouble * h);
/* matplotlib's loc="best" on what is already drawn on @cr's image: of the
 * nine other locs, in matplotlib's order (upper right first), the first
 * whose box covers the fewest data pixels (pixels that differ from the
 * premultiplied background @bg by more than a light grid line does).
 * matplotlib scores the data's vertices and line crossings instead; on a
 * picture the drawn pixels are that data. */
NeuroLegendLoc neuro_legend_best (cairo_t * cr, NeuroText * t,
    const NeuroAxes * ax, const gchar * const *labels, guint n,
    gdouble font_size, guint32 bg);
/* The pixels [x0, y0, x1, y1) neuro_legend_draw () may paint for @loc
 * (not BEST). */
void neuro_legend_rect (const NeuroAxes * ax, NeuroText * t,
    NeuroLegendLoc loc, const gchar * const *labels, guint n,
    gdouble font_size, gint r[4]);
/* A legend as matplotlib draws it: a frame with rounded corners (white at
 * framealpha 0.8, edge 0.8 grey, 1 pt), borderpad 0.4, per entry a line
 * handle of 2 font sizes in the entry's colour and @line_width, then its
 * label (handletextpad 0.8, labelspacing 0.5 between rows), all at the
 * legend font size (the style's for @font_size = its font_size). */
void neuro_legend_draw (cairo_t * cr, NeuroText * t, const NeuroAxes * ax,
    NeuroLegendLoc loc, const gchar * const *labels, const guint32 * colors,
    guint n, gdouble font_size, guint32 fg, gdouble line_width);

/* cairo source from a straight 0xAARRGGBB colour, alpha scaled by
 * @alpha_mul. */
void neuro_cairo_set_source_argb (cairo_t * cr, guint32 argb,
    gdouble alpha_mul);

G_END_DECLS
