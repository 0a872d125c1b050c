/* gst-neuroviz — axis ticks and their labels, as matplotlib places them.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Plain numbers in, numbers and UTF-8 labels out: no drawing.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

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
