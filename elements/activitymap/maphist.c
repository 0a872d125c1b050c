/* gst-neuroviz — activitymap's histogram view (see maphist.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "maphist.h"
#include "neuroclamp.h"

#include <math.h>
#include <string.h>

#define DEFAULT_TITLE "Value distribution (t = {t})"

typedef struct
{
  guint64 *counts;
  gsize counts_len;
} MapHist;

void
map_histogram (const gfloat * v, gsize n, gdouble lo, gdouble hi, gint bins,
    guint64 * counts)
{
  gdouble norm = bins / (hi - lo), step = (hi - lo) / bins;
  /* a range that overflows (±1e308) or is subnormal makes norm 0 or inf
   * (numpy then puts everything in bin 0, or fails on index INT64_MIN):
   * scale halves of the values instead */
  gboolean halves = !(isfinite (norm) && norm > 0 && isfinite (step));
  gsize i;

  memset (counts, 0, sizeof (guint64) * bins);
  for (i = 0; i < n; i++) {
    gdouble x = v[i];
    gint k;

    if (!(x >= lo && x <= hi))
      continue;
    if (halves) {
      k = neuro_clamp_to_int ((x / 2 - lo / 2) / (hi / 2 - lo / 2) * bins,
          0, bins - 1);
      counts[k]++;
      continue;
    }
    k = neuro_clamp_to_int ((x - lo) * norm, 0, bins - 1);
    /* numpy's correction against the edges lo + k * step */
    if (k > 0 && x < lo + k * step)
      k--;
    else if (k < bins - 1 && x >= lo + (k + 1) * step)
      k++;
    counts[k]++;
  }
}

void
map_hist_range (gdouble range_min, gdouble range_max, const MapStats * st,
    gdouble * lo, gdouble * hi)
{
  *lo = range_min;
  *hi = range_max;
  if (*lo < *hi)
    return;
  *lo = st->min;
  *hi = st->max;
  if (!isfinite (*lo)) {
    *lo = 0;
    *hi = 1;
  } else if (*lo == *hi) {
    *lo -= 0.5;
    *hi += 0.5;
  }
}

gdouble
map_hist_count_top (guint64 max_count, gdouble count_max)
{
  gdouble ticks[16], step, top;
  gint nt;

  if (count_max > 0)
    return count_max;
  nt = neuro_nice_ticks (0, MAX (max_count * 1.05, 1.0), 5, ticks, 16,
      &step);
  top = nt > 0 ? ticks[nt - 1] : 1.0;
  if (top < max_count * 1.05)
    top += step;
  return top;
}

/* Bar k: columns [x0 + floor (k·w/bins), x0 + floor ((k+1)·w/bins)),
 * height round (count·h/top) pixels up from the bottom. */
static void
draw_bars (NeuroCanvas * cv, const NeuroAxes * ax, const guint64 * counts,
    gint bins, gdouble top, guint32 color)
{
  gint x0 = (gint) ax->x0, y0 = (gint) ax->y0, w = (gint) ax->w;
  gint h = (gint) ax->h, k;

  for (k = 0; k < bins; k++) {
    gint xa = x0 + (gint) ((gint64) k * w / bins);
    gint xb = x0 + (gint) ((gint64) (k + 1) * w / bins);
    gdouble bh = round (MIN ((gdouble) counts[k], top) * h / top);

    if (bh > 0)
      neuro_canvas_fill_rect (cv, xa, y0 + h - (gint) bh, xb, y0 + h, color);
  }
}

/* The plot rectangle: the default margins with axes, else the whole frame
 * below the title. */
static void
plot_rect (const MapTarget * t, gdouble fs, NeuroAxes * ax)
{
  NeuroPlotFrame pf = {.width = t->canvas->width,.height = t->canvas->height,
    .font_size = fs,.axes = t->show_axes,.title = t->title != NULL,
    .xlabel = TRUE,.ylabel = TRUE
  };

  neuro_plot_area (t->text, &pf, ax);
  ax->y_inverted = FALSE;
}

static void
map_hist_draw (gpointer state, const MapSettings * s, const MapInput * in,
    const MapTarget * t)
{
  MapHist *mh = state;
  gdouble fs = neuro_text_get_style (t->text)->font_size, lo, hi;
  gint bins = s->hist.bins, k;
  guint64 maxc = 0;
  NeuroAxes ax;

  if (mh->counts_len < (gsize) bins) {
    g_free (mh->counts);
    mh->counts = g_new (guint64, bins);
    mh->counts_len = bins;
  }
  map_hist_range (s->hist.range_min, s->hist.range_max, in->stats, &lo, &hi);
  if (in->data) {
    map_histogram (in->data, (gsize) in->gw * in->gh, lo, hi, bins,
        mh->counts);
    for (k = 0; k < bins; k++)
      maxc = MAX (maxc, mh->counts[k]);
  }
  plot_rect (t, fs, &ax);
  ax.xmin = lo;
  ax.xmax = hi;
  ax.ymin = 0;
  ax.ymax = map_hist_count_top (maxc, s->hist.count_max);
  if (in->data) {
    draw_bars (t->canvas, &ax, mh->counts, bins, ax.ymax, s->hist.bar_color);
    cairo_surface_mark_dirty (cairo_get_target (t->cr));
  }
  if (t->show_axes) {
    NeuroAxesStyle style;

    neuro_axes_style_init (&style, fs, t->fg);
    style.xlabel = s->x_label ? s->x_label : "Value";
    style.ylabel = s->y_label ? s->y_label : "Count";
    neuro_axes_draw (&ax, t->cr, t->text, &style);
  }
  if (t->title)
    neuro_axes_title (&ax, t->cr, t->text, t->title, fs, t->fg);
}

static gpointer
map_hist_create (void)
{
  return g_new0 (MapHist, 1);
}

static void
map_hist_destroy (gpointer state)
{
  MapHist *mh = state;

  g_free (mh->counts);
  g_free (mh);
}

const MapView map_hist_view = {
  DEFAULT_TITLE, map_hist_create, map_hist_destroy, map_hist_draw, NULL
};
