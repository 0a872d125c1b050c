/* gst-neuroviz — axis ticks and their labels, as matplotlib places them.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Plain numbers in, numbers and UTF-8 labels out: no drawing.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* matplotlib's transforms.nonsingular (): limits ordered; not finite ->
 * -expander, expander; an interval below tiny x the larger magnitude (or
 * around 0) widened by expander x each end's magnitude. */
void neuro_nonsingular_full (gdouble * vmin, gdouble * vmax,
    gdouble expander, gdouble tiny);

/* matplotlib's Axis.get_tick_space (): how many tick labels of @font_pt
 * points fit on an axis of @length_px pixels at @dpi (x: a label is
 * taken 3 font sizes wide, y: 2 high). */
gint neuro_tick_space (gdouble length_px, gdouble dpi, gdouble font_pt,
    gboolean x_axis);

/* matplotlib's AutoLocator (MaxNLocator, nbins "auto" = min (9,
 * @tick_space), steps 1, 2, 2.5, 5, 10, at least 2 ticks), as
 * ax.xaxis.get_majorticklocs () gives them: may include one tick just
 * beyond each end.  Returns the number of values written to @ticks. */
gint neuro_auto_ticks (gdouble vmin, gdouble vmax, gint tick_space,
    gdouble * ticks, gint max_out);
/* The same, without the ticks matplotlib does not draw (outside the view
 * interval beyond a rounding error). */
gint neuro_auto_ticks_visible (gdouble vmin, gdouble vmax, gint tick_space,
    gdouble * ticks, gint max_out);

/* matplotlib's ScalarFormatter for one axis's ticks (useOffset, offset
 * threshold 4, scientific limits -5, 6, unicode minus): the labels show
 * (v - offset) / 10^oom with @decimals decimals; the rest goes in the
 * offset text at the axis's end ("1e−5", "+1e3"). */
typedef struct
{
  gdouble offset;
  gint oom;
  gint decimals;
} NeuroTickFormat;

void neuro_tick_format_init (NeuroTickFormat * f, const gdouble * locs,
    gint n, gdouble vmin, gdouble vmax);
void neuro_tick_format_label (const NeuroTickFormat * f, gdouble v,
    gchar * buf, gsize len);
/* The offset text, or FALSE (and "") when there is none. */
gboolean neuro_tick_format_offset_text (const NeuroTickFormat * f,
    gchar * buf, gsize len);

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

/* Equal colour limits widened as matplotlib's colorbar does with
 * transforms.nonsingular (expander 0.1): 0, 0 -> -0.1, 0.1; else
 * lo - 0.1 |lo|, hi + 0.1 |hi|.  Other limits are left alone. */
void neuro_nonsingular (gdouble * lo, gdouble * hi);

G_END_DECLS
