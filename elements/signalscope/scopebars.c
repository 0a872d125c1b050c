/* gst-neuroviz — signalscope's bar view (see scopebars.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "scopebars.h"
#include "neurotrace.h"

#include <math.h>

gfloat
scope_bars_value (const ScopeFrame * f, const ScopeStore * st, guint k)
{
  gint64 j = f->jbar;

  if (!st->ring || k >= st->n_shown || j < 0 || j >= st->next_idx
      || j < MAX (st->ring_start, st->next_idx - st->cap))
    return NAN;
  return st->ring[(gsize) k * st->cap + (j & (st->cap - 1))];
}

/* matplotlib's autoscale of bars: the data range with 0 (the bars' base),
 * 5 % margins, but none beyond 0 when 0 is the limit (sticky edge) */
static void
bar_limits (gdouble lo, gdouble hi, gdouble * out_lo, gdouble * out_hi)
{
  gdouble span;

  if (!(lo <= hi) || !isfinite (lo) || !isfinite (hi))
    lo = hi = 0;
  lo = MIN (lo, 0);
  hi = MAX (hi, 0);
  span = hi - lo;
  if (span <= 0) {
    /* all zero: matplotlib's nonsingular range */
    *out_lo = -0.055;
    *out_hi = 0.055;
    return;
  }
  *out_lo = lo < 0 ? lo - 0.05 * span : 0;
  *out_hi = hi > 0 ? hi + 0.05 * span : 0;
}

void
scope_bars_range (ScopeFrame * f, const ScopeStore * st)
{
  gdouble lo = INFINITY, hi = -INFINITY;
  guint k;

  switch (f->s.y_scale) {
    case GST_SIGNAL_SCOPE_Y_FIXED:
      f->ylo = f->s.ymin;
      f->yhi = f->s.ymax;
      return;
    case GST_SIGNAL_SCOPE_Y_STREAM:
      scope_store_stream_range (st, -1, &lo, &hi);
      break;
    default:
      for (k = 0; k < f->n; k++) {
        gfloat v = scope_bars_value (f, st, k);

        if (isfinite (v)) {
          lo = MIN (lo, v);
          hi = MAX (hi, v);
        }
      }
      break;
  }
  bar_limits (lo, hi, &f->ylo, &f->yhi);
}

void
scope_draw_bars (const ScopeFrame * f, ScopeStore * st, NeuroCanvas * cv,
    cairo_t * cr)
{
  NeuroAxes a = f->ax;
  NeuroTraceRect r;
  gdouble base;
  guint k;

  if (f->trace == NULL || f->n == 0)
    return;
  /* the plot area as drawn (whole pixels), x from -0.5 to n - 0.5 */
  a.x0 = f->px0;
  a.y0 = f->py0;
  a.w = f->pw;
  a.h = f->ph;
  a.xmin = -0.5;
  a.xmax = f->n - 0.5;
  a.ymin = f->ylo;
  a.ymax = f->yhi;
  a.y_inverted = FALSE;
  neuro_trace_set_target (f->trace, cv, f->px0, f->py0, f->px0 + f->pw,
      f->py0 + f->ph);
  base = neuro_axes_y (&a, 0);
  for (k = 0; k < f->n; k++) {
    gfloat v = scope_bars_value (f, st, k);

    if (isnan (v))
      continue;
    r.x0 = neuro_axes_x (&a, k - SCOPE_BAR_WIDTH / 2);
    r.x1 = neuro_axes_x (&a, k + SCOPE_BAR_WIDTH / 2);
    r.y0 = base;
    /* infinite values were stored as NaN; clamp what is far outside */
    r.y1 = CLAMP (neuro_axes_y (&a, v), -1e6, 1e6);
    neuro_trace_bars (f->trace, f->chcol[k], &r, 1);
  }
}

void
scope_bars_draw_name_ticks (const ScopeFrame * f, cairo_t * cr,
    NeuroText * text)
{
  const NeuroAxes *a = &f->ax;
  gdouble fs = f->fs, tick_len = MAX (3.0, fs * 0.35);
  gdouble lw = MAX (1.0, round (fs / 14.0));
  gdouble y1 = floor (a->y0 + a->h) - 0.5, maxw = 0, tw;
  gdouble need;
  guint k, step = 1, base = 1;

  if (f->n == 0 || f->labels == NULL)
    return;
  for (k = 0; k < f->n; k++) {
    neuro_text_extent (text, f->labels[k], fs, FALSE, &tw, NULL);
    maxw = MAX (maxw, tw);
  }
  /* every step-th bar (1, 2, 5, 10, 20, ...) so that labels do not
   * collide: at least need bars apart */
  need = (maxw + fs * 0.8) * f->n / MAX (a->w, 1);
  while (step < need && step < f->n) {
    if (base >= need)
      step = base;
    else if (2 * base >= need)
      step = 2 * base;
    else if (5 * base >= need)
      step = 5 * base;
    else
      step = 10 * base;
    base *= 10;
  }
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_line_width (cr, lw);
  neuro_cairo_set_source_argb (cr, f->fg, 1.0);
  for (k = 0; k < f->n; k += step) {
    gdouble x = floor (neuro_axes_x (a, k)) + 0.5;

    cairo_move_to (cr, x, y1);
    cairo_line_to (cr, x, y1 + tick_len);
    cairo_stroke (cr);
    neuro_text_draw (text, cr, f->labels[k], x, y1 + tick_len + fs * 0.2, fs,
        FALSE, f->fg, NEURO_ALIGN_CENTER, NEURO_ALIGN_START, FALSE);
  }
  cairo_restore (cr);
}
