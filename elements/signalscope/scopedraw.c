/* gst-neuroviz — signalscope's drawing: one kernel per view.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "scopedraw.h"
#include "scopebars.h"

#include <math.h>
#include <string.h>

/* cairo lines only below these densities */
#define AA_MAX_SPC 4.0
#define AA_MAX_POINTS 100000
/* legend only for this many channels */
#define LEGEND_MAX 16

void
scope_scratch_free (ScopeScratch * sc)
{
  g_free (sc->ya);
  g_free (sc->yb);
  g_free (sc->chcol);
  memset (sc, 0, sizeof (*sc));
}

static void
scratch_ensure (ScopeScratch * sc, guint n)
{
  if (sc->len < n) {
    scope_scratch_free (sc);
    sc->ya = g_new (gdouble, n);
    sc->yb = g_new (gdouble, n);
    sc->chcol = g_new (guint32, n);
    sc->len = n;
  }
}

void
scope_frame_init (ScopeFrame * f)
{
  memset (f, 0, sizeof (*f));
  f->cursor = -1;
  f->ylo = -1;
  f->yhi = 1;
  f->hspan = 1;
  f->hur = 1;
  f->ax.xmin = 0;
  f->ax.xmax = 1;
}

void
scope_frame_clear (ScopeFrame * f)
{
  g_free (f->s.y_label);
  g_free (f->s.x_label);
  g_free (f->s.names);
  if (f->s.colors)
    g_array_free (f->s.colors, TRUE);
  g_strfreev (f->labels);
  g_free (f->title);
  memset (f, 0, sizeof (*f));
}

/* ------------------------------------------------------------ geometry */

void
scope_frame_layout (ScopeFrame * f, NeuroCanvas * cv, NeuroText * text)
{
  NeuroMargins m;
  NeuroAxes *ax = &f->ax;

  f->width = cv->width;
  f->fs = neuro_text_get_style (text)->font_size;
  f->lw = f->s.line_width > 0 ? f->s.line_width : MAX (1.0, f->fs * 0.15);
  if (f->show_axes) {
    m = neuro_axes_default_margins (text, cv->width, cv->height,
        f->title != NULL, TRUE, TRUE);
    if (f->s.mode == GST_SIGNAL_SCOPE_MODE_HEATMAP) {
      gdouble tw;

      /* the colorbar, its ticks and its label */
      neuro_text_extent (text, "-0.00", f->fs, FALSE, &tw, NULL);
      m.right += 0.02 * cv->width + MAX (6, round (0.018 * cv->width)) +
          tw + f->fs * 2.5;
    }
  } else {
    m.left = m.right = m.bottom = 0;
    m.top = f->title ? f->fs * 2.2 : 0;
  }
  ax->x0 = round (m.left);
  ax->w = MAX (1, round (cv->width - m.right) - ax->x0);
  ax->y0 = round (m.top);
  ax->h = MAX (1, round (cv->height - m.bottom) - ax->y0);
  ax->y_inverted = FALSE;
  f->px0 = (gint) ax->x0;
  f->py0 = (gint) ax->y0;
  f->pw = MIN ((gint) ax->w, cv->width - f->px0);
  f->ph = MIN ((gint) ax->h, cv->height - f->py0);
}

gboolean
scope_frame_has_data (const ScopeFrame * f, const ScopeStore * st)
{
  return f->pw >= 1 && f->ph >= 1 && st->n_shown > 0 && st->rate > 0;
}

static gchar **
channel_labels (const ScopeStore * st, const ScopeSettings * s)
{
  gchar **names = s->names ? g_strsplit (s->names, ",", -1) : NULL;
  guint nn = names ? g_strv_length (names) : 0, k;
  gchar **out = g_new0 (gchar *, st->n_shown + 1);

  for (k = 0; k < st->n_shown; k++) {
    guint ch = st->shown[k];
    const gchar *n = ch < nn ? g_strstrip (names[ch]) : NULL;

    out[k] = n && *n ? g_strdup (n) : g_strdup_printf ("Ch %u", ch + 1);
  }
  g_strfreev (names);
  return out;
}

/* colors cycled; else a colormap that was set, evenly spaced over the
 * channels (matplotlib's cmap (np.linspace (0, 1, n))); else what matplotlib
 * draws without a colour: lines C0, C1, ... (its default cycle, tab10),
 * bars all C0 */
static guint32
channel_color (const ScopeStore * st, const ScopeSettings * s, guint k)
{
  if (s->colors->len > 0)
    return g_array_index (s->colors, guint32, k % s->colors->len);
  if (s->cmap_set)
    return neuro_colormap_map (s->cmap, k, 0, MAX (st->n_shown, 1) - 1,
        0xff000000);
  return neuro_color_cycle_get (s->mode == GST_SIGNAL_SCOPE_MODE_BARS ? 0 :
      k);
}

void
scope_frame_timeline (ScopeFrame * f, const ScopeStore * st,
    ScopeScratch * sc, gint64 t_end, gint64 offset)
{
  guint n = st->n_shown, k;
  gboolean hist = f->s.mode == GST_SIGNAL_SCOPE_MODE_HISTORY;

  scratch_ensure (sc, n);
  f->n = n;
  f->ya = sc->ya;
  f->yb = sc->yb;
  f->chcol = sc->chcol;
  f->labels = channel_labels (st, &f->s);
  for (k = 0; k < n; k++)
    f->chcol[k] = channel_color (st, &f->s, k);

  f->tl.colns = f->s.window * SCOPE_SECOND / f->pw;
  f->tl.offset = offset;
  if (st->have_base && st->ring) {
    f->tl.jend = MIN (scope_store_sample_at (st, t_end), st->next_idx - 1);
    f->tl.jmin = MAX (st->ring_start, st->next_idx - st->cap);
  } else {
    f->tl.jend = -1;
    f->tl.jmin = 0;
  }
  f->x_end = (t_end + offset) / f->tl.colns;
  /* bars: the last sample before t_end (one at t_end is the next frame's,
   * whether or not its buffer has come) */
  f->jbar = st->have_base ? st->base_idx + (gint64) ceil (((gdouble) t_end -
          (gdouble) st->base_pts) * st->rate / SCOPE_SECOND - 1e-6) - 1 : -1;
  if (f->s.sweep && !hist && f->s.mode != GST_SIGNAL_SCOPE_MODE_BARS) {
    /* the column holding t_end is at the cursor */
    f->c_end = (gint64) floor (f->x_end);
    f->cursor = (gint) scope_cmod (f->c_end, f->pw);
    f->gap = MAX (2, f->pw / 50);
  } else {
    /* the plot is [t_end - window, t_end]: the last column is the one
     * ending at or after t_end (the sample at t_end is its right edge);
     * the tolerance absorbs t_end / colns landing a hair off a column */
    f->c_end = (gint64) ceil (f->x_end - 1e-6) - 1;
  }
  f->c0 = f->c_end - f->pw + 1;
  f->rows = f->s.mode == GST_SIGNAL_SCOPE_MODE_HEATMAP ?
      (guint) MIN ((gint) n, f->ph) : n;
}

void
scope_frame_history_extent (ScopeFrame * f, const ScopeStore * st)
{
  const ScopeHist *h = &st->hist;
  gboolean samples = f->s.x_unit == GST_SIGNAL_SCOPE_X_SAMPLES;

  f->hur = samples ? 1.0 : st->rate;
  f->hspan = samples ? f->s.window * st->rate : f->s.window;
  if (h->started && h->fed > h->first_idx) {
    gdouble last = (h->fed - 1 - h->first_idx) / f->hur;
    while (last > f->hspan)
      f->hspan *= 2;
  }
  if (!samples && h->started)
    f->hxmin = (st->base_pts + f->tl.offset + (h->first_idx -
            st->base_idx) * SCOPE_SECOND / st->rate) / SCOPE_SECOND;
}

/* matplotlib's autoscale: the data range plus 5% on each side */
static void
auto_range (gdouble lo, gdouble hi, gdouble * out_lo, gdouble * out_hi)
{
  gdouble span;

  if (!(lo <= hi) || !isfinite (lo) || !isfinite (hi)) {
    *out_lo = -1;
    *out_hi = 1;
    return;
  }
  span = hi - lo;
  if (span <= 0) {
    span = fabs (lo) > 0 ? fabs (lo) * 0.1 : 1.0;
    lo -= span / 2;
    hi += span / 2;
    span *= 2;
  }
  *out_lo = lo - 0.05 * span;
  *out_hi = hi + 0.05 * span;
}

/* The y range shared by the channels. */
static void
value_range (ScopeFrame * f, const ScopeStore * st)
{
  gboolean hist = f->s.mode == GST_SIGNAL_SCOPE_MODE_HISTORY;
  gdouble lo, hi;

  if (f->s.y_scale == GST_SIGNAL_SCOPE_Y_FIXED) {
    f->ylo = f->s.ymin;
    f->yhi = f->s.ymax;
    return;
  }
  if (f->s.y_scale == GST_SIGNAL_SCOPE_Y_STREAM || (hist
          && st->hist.nbins == 0))
    scope_store_stream_range (st, -1, &lo, &hi);
  else if (hist)
    scope_store_history_range (st, &lo, &hi);
  else
    scope_store_columns_range (st, -1, &lo, &hi);
  auto_range (lo, hi, &f->ylo, &f->yhi);
}

void
scope_frame_values (ScopeFrame * f, const ScopeStore * st)
{
  gboolean stacked = f->s.mode == GST_SIGNAL_SCOPE_MODE_STACKED;
  gboolean own = stacked && f->s.y_per_channel
      && f->s.y_scale != GST_SIGNAL_SCOPE_Y_FIXED;
  guint n = st->n_shown, k;
  gint ph = f->ph;

  if (f->s.mode == GST_SIGNAL_SCOPE_MODE_BARS) {
    scope_bars_range (f, st);
    return;
  }
  value_range (f, st);
  for (k = 0; k < n; k++) {
    gdouble lo = f->ylo, hi = f->yhi, R;

    if (own) {
      gdouble l, u;

      if (f->s.y_scale == GST_SIGNAL_SCOPE_Y_STREAM)
        scope_store_stream_range (st, k, &l, &u);
      else
        scope_store_columns_range (st, k, &l, &u);
      auto_range (l, u, &lo, &hi);
    }
    R = hi - lo;
    if (stacked) {
      gdouble bh = f->s.ch_spacing > 0 ? f->s.ch_spacing : ph / (gdouble) n;
      gdouble mid = (lo + hi) / 2;

      f->ya[k] = ph - (k + 0.5) * bh + mid * f->s.ch_height * bh / R;
      f->yb[k] = f->s.ch_height * bh / R;
      if (!isfinite (f->ya[k]) || !isfinite (f->yb[k])) {
        /* limits near ±1e308 overflow R or the products: halves */
        f->yb[k] = f->s.ch_height * bh / 2 / (hi / 2 - lo / 2);
        f->ya[k] = ph - (k + 0.5) * bh + (lo / 2 + hi / 2) * f->yb[k];
      }
    } else {
      f->ya[k] = hi * ph / R;
      f->yb[k] = ph / R;
      if (!isfinite (f->ya[k]) || !isfinite (f->yb[k])) {
        f->yb[k] = ph / 2.0 / (hi / 2 - lo / 2);
        f->ya[k] = hi / 2 / (hi / 2 - lo / 2) * ph;
      }
    }
  }
}

/* -------------------------------------------------------------- pixels */

/* Vertical span of one column: rows row(hi)..row(lo) of the plot. */
static inline void
draw_span (NeuroCanvas * cv, gint px, gint py0, gint ph, gdouble a, gdouble b,
    gfloat lo, gfloat hi, guint32 col)
{
  gdouble fa = a - b * hi, fb = a - b * lo;
  gint ra, rb, y;
  guint8 *p;

  if (!(fb >= 0) || !(fa < ph))
    return;
  /* floor () without a libm call: both are >= -2^20 after clamping */
  ra = fa < 0 ? 0 : (gint) fa;
  rb = fb >= ph ? ph - 1 : (gint) fb;
  p = cv->data + (gsize) (py0 + ra) * cv->stride + (gsize) px * 4;
  if ((col >> 24) == 0xff) {
    for (y = ra; y <= rb; y++, p += cv->stride)
      *(guint32 *) p = col;
  } else {
    for (y = ra; y <= rb; y++, p += cv->stride)
      neuro_pixel_over ((guint32 *) p, col);
  }
}

static void
lines_begin (const ScopeFrame * f, cairo_t * cr)
{
  cairo_save (cr);
  cairo_set_line_width (cr, f->lw);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  cairo_set_tolerance (cr, 0.5);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
}

/* Antialiased polyline of ring samples [j0, j1] of channel k; x of sample
 * j is xoff + ucol0 + (j - j0) * ustep (fractional columns). */
static void
path_ring (const ScopeStore * st, cairo_t * cr, guint k, gint64 j0,
    gint64 j1, gdouble xoff, gdouble ucol0, gdouble ustep, gdouble py0,
    gdouble a, gdouble b)
{
  const gfloat *rg = st->ring + (gsize) k * st->cap;
  gint64 j, mask = st->cap - 1;
  gboolean pen = FALSE;

  for (j = j0; j <= j1; j++) {
    gfloat v = rg[j & mask];
    gdouble x = xoff + ucol0 + (j - j0) * ustep;

    if (isnan (v)) {
      pen = FALSE;
      continue;
    }
    if (pen)
      cairo_line_to (cr, x, py0 + a - b * v);
    else
      cairo_move_to (cr, x, py0 + a - b * v);
    pen = TRUE;
  }
}

/* The columns cs..cl drawn in pixels [cx0, cx1) of the plot with x =
 * xoff + column: the whole plot when scrolling; with a sweep, pass 0 is
 * the current sweep up to the cursor, pass 1 the previous one after the
 * gap.  FALSE when the pass is empty. */
static gboolean
sweep_pass (const ScopeFrame * f, gint pass, gint64 * cs, gint64 * cl,
    gint * cx0, gint * cx1, gdouble * xoff)
{
  if (f->cursor < 0) {
    /* at their time on the axis, not on the column grid */
    *cs = f->c0;
    *cl = f->c_end;
    *cx0 = 0;
    *cx1 = f->pw;
    *xoff = f->px0 - (f->x_end - f->pw);
  } else if (pass == 0) {
    *cs = f->c_end - f->cursor;
    *cl = f->c_end;
    *cx0 = 0;
    *cx1 = f->cursor + 1;
    *xoff = f->px0 - (gdouble) * cs;
  } else {
    *cs = f->c0;
    *cl = f->c_end - f->cursor - 1;
    *cx0 = MIN (f->pw, f->cursor + 1 + f->gap);
    *cx1 = f->pw;
    *xoff = f->px0 - (gdouble) (f->c_end - f->cursor - f->pw);
  }
  return *cx1 > *cx0;
}

/* Sparse traces: antialiased cairo lines through the ring's samples. */
static void
traces_lines (const ScopeFrame * f, const ScopeStore * st, cairo_t * cr)
{
  const ScopeTimeline *tl = &f->tl;
  gdouble ustep = SCOPE_SECOND / st->rate / tl->colns;
  guint k;

  lines_begin (f, cr);
  for (k = 0; k < st->n_shown; k++) {
    gint pass;

    for (pass = 0; pass < (f->cursor >= 0 ? 2 : 1); pass++) {
      gint64 cs, cl, j0, j1;
      gdouble u0, xoff;
      gint cx0, cx1;

      if (!sweep_pass (f, pass, &cs, &cl, &cx0, &cx1, &xoff))
        continue;
      j0 = MAX (tl->jmin, (gint64) floor (scope_store_col_sample (st, tl,
                  cs)) - 1);
      j1 = MIN (tl->jend, (gint64) ceil (scope_store_col_sample (st, tl,
                  cl + 1)));
      if (j1 < j0)
        continue;
      u0 = (st->base_pts + tl->offset + (j0 - st->base_idx) *
          (gdouble) SCOPE_SECOND / st->rate) / tl->colns;
      cairo_save (cr);
      cairo_rectangle (cr, f->px0 + cx0, f->py0, cx1 - cx0, f->ph);
      cairo_clip (cr);
      cairo_new_path (cr);
      path_ring (st, cr, k, j0, j1, xoff, u0, ustep, f->py0, f->ya[k],
          f->yb[k]);
      neuro_cairo_set_source_argb (cr, f->chcol[k], 1.0);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
  }
  cairo_restore (cr);
}

/* Dense traces: one vertical span per column from the column cache. */
static void
traces_spans (const ScopeFrame * f, const ScopeStore * st, NeuroCanvas * cv)
{
  const ScopeColumns *cc = &st->cols;
  gint pw = f->pw, cursor = f->cursor, gap = f->gap, x;
  gint p0 = (gint) scope_cmod (f->c0, pw);
  guint k;

  for (k = 0; k < st->n_shown; k++) {
    const gfloat *lo = cc->lo + (gsize) k * pw;
    const gfloat *hi = cc->hi + (gsize) k * pw;
    guint32 col = neuro_argb_premultiply (f->chcol[k]);
    gdouble a = f->ya[k], b = f->yb[k];

    for (x = 0; x < pw; x++) {
      gint p;

      if (cursor >= 0) {
        if (x > cursor && x <= cursor + gap)
          continue;
        p = x;
      } else {
        p = x + p0 < pw ? x + p0 : x + p0 - pw;
      }
      if (!isnan (lo[p]))
        draw_span (cv, f->px0 + x, f->py0, f->ph, a, b, lo[p], hi[p], col);
    }
  }
}

void
scope_draw_traces (const ScopeFrame * f, ScopeStore * st, NeuroCanvas * cv,
    cairo_t * cr)
{
  gdouble per_window = f->s.window * st->rate;
  gboolean lines = f->s.antialias && per_window / f->pw <= AA_MAX_SPC
      && per_window * st->n_shown <= AA_MAX_POINTS;

  if (!st->cols.lo)
    return;
  if (!lines)
    traces_spans (f, st, cv);
  else if (f->tl.jend >= f->tl.jmin)
    traces_lines (f, st, cr);
}

void
scope_draw_heatmap (const ScopeFrame * f, ScopeStore * st, NeuroCanvas * cv,
    cairo_t * cr)
{
  const ScopeColumns *cc = &st->cols;
  gint pw = f->pw, ph = f->ph, p0 = (gint) scope_cmod (f->c0, pw), y;
  guint rows = f->rows, g;

  if (!cc->px)
    return;
  scope_store_colour_columns (st, f->s.cmap, f->ylo, f->yhi, f->bgp);
  for (g = 0; g < rows; g++) {
    gint r0 = (gint) (((gint64) g * ph) / rows);
    gint r1 = (gint) (((gint64) (g + 1) * ph) / rows);
    const guint32 *src = cc->px + (gsize) g * pw;

    if (f->s.origin == GST_SIGNAL_SCOPE_ORIGIN_LOWER) {
      gint t = r0;
      r0 = ph - r1;
      r1 = ph - t;
    }
    for (y = r0; y < r1; y++) {
      guint32 *dst = neuro_canvas_row (cv, f->py0 + y) + f->px0;

      if (f->cursor >= 0) {
        memcpy (dst, src, pw * 4);
      } else {
        memcpy (dst, src + p0, (pw - p0) * 4);
        memcpy (dst + (pw - p0), src, p0 * 4);
      }
    }
  }
}

/* Sparse history: antialiased lines through the bins (one sample each). */
static void
history_lines (const ScopeFrame * f, const ScopeStore * st, cairo_t * cr,
    gdouble per_col)
{
  const ScopeHist *h = &st->hist;
  guint k;

  lines_begin (f, cr);
  cairo_rectangle (cr, f->px0, f->py0, f->pw, f->ph);
  cairo_clip (cr);
  for (k = 0; k < st->n_shown; k++) {
    const gfloat *v = h->lo + (gsize) k * h->maxbins;
    gboolean pen = FALSE;
    guint j;

    cairo_new_path (cr);
    for (j = 0; j < h->nbins; j++) {
      gdouble xx = f->px0 + j / per_col, yy = f->py0 + f->ya[k] -
          f->yb[k] * v[j];
      if (isnan (v[j])) {
        pen = FALSE;
        continue;
      }
      if (pen)
        cairo_line_to (cr, xx, yy);
      else
        cairo_move_to (cr, xx, yy);
      pen = TRUE;
    }
    neuro_cairo_set_source_argb (cr, f->chcol[k], 1.0);
    cairo_stroke (cr);
  }
  cairo_restore (cr);
}

/* Dense history: per column the envelope of the bins it covers. */
static void
history_spans (const ScopeFrame * f, const ScopeStore * st, NeuroCanvas * cv,
    gdouble per_col)
{
  const ScopeHist *h = &st->hist;
  gdouble half = (h->bs - 1) / 2.0;
  guint k;
  gint x;

  for (k = 0; k < st->n_shown; k++) {
    ScopeSeries se;
    guint32 col = neuro_argb_premultiply (f->chcol[k]);

    scope_store_history_series (st, k, &se);
    for (x = 0; x < f->pw; x++) {
      gfloat lo, hi;
      gdouble fa = (x * per_col - half) / h->bs;
      gdouble fb = ((x + 1) * per_col - half) / h->bs;

      if (scope_series_envelope (&se, fa, fb, &lo, &hi))
        draw_span (cv, f->px0 + x, f->py0, f->ph, f->ya[k], f->yb[k], lo, hi,
            col);
    }
  }
}

void
scope_draw_history (const ScopeFrame * f, ScopeStore * st, NeuroCanvas * cv,
    cairo_t * cr)
{
  const ScopeHist *h = &st->hist;
  gdouble per_col = f->hspan * f->hur / f->pw;  /* samples per column */

  if (!h->started || h->nbins == 0)
    return;
  if (f->s.antialias && h->bs == 1 && per_col <= AA_MAX_SPC
      && (gsize) h->nbins * st->n_shown <= AA_MAX_POINTS)
    history_lines (f, st, cr, per_col);
  else
    history_spans (f, st, cv, per_col);
}

void
scope_draw_cursor (const ScopeFrame * f, NeuroCanvas * cv)
{
  gint x = f->px0 + f->cursor;

  if (f->cursor < 0)
    return;
  /* the gap is background, transparent when the background is */
  neuro_canvas_set_rect (cv, x + 1, f->py0, f->px0 + MIN (f->pw,
          f->cursor + 1 + f->gap), f->py0 + f->ph, f->gap_bg);
  neuro_canvas_fill_rect (cv, x, f->py0, x + 1, f->py0 + f->ph,
      (f->fg & 0x00ffffff) | 0x80000000);
}

/* --------------------------------------------------------- decorations */

/* matplotlib's legend at the legend-loc property's place; "best" scores
 * the traces already drawn (@bgp: the premultiplied background) */
static void
draw_legend (cairo_t * cr, NeuroText * t, const NeuroAxes * ax,
    gchar ** labels, const guint32 * colors, guint n, gdouble fs, guint32 fg,
    gdouble lw, NeuroLegendLoc loc, guint32 bgp)
{
  const gchar *const *l = (const gchar * const *) labels;

  if (loc == NEURO_LEGEND_BEST)
    loc = neuro_legend_best (cr, t, ax, l, n, fs, bgp);
  neuro_legend_draw (cr, t, ax, loc, l, colors, n, fs, fg, lw);
}

/* Channel labels on the y axis at band centres, thinned to fit. */
static void
channel_ticks (guint n, gdouble ymax_units, gdouble ph, gdouble fs,
    gchar ** labels, GArray * vals, GPtrArray * labs)
{
  guint maxl = MAX (1, (guint) (ph / (fs * 1.6)));
  guint step = (n + maxl - 1) / maxl, k;

  if (step > 1) {
    /* 1, 2, 5, 10, 20 ... */
    guint base = 1;
    for (;;) {
      if (base >= step || 2 * base >= step || 5 * base >= step) {
        step = base >= step ? base : 2 * base >= step ? 2 * base : 5 * base;
        break;
      }
      base *= 10;
    }
  }
  for (k = 0; k < n; k += MAX (step, 1)) {
    gdouble v = k + 0.5;
    if (v > ymax_units)
      break;
    g_array_append_val (vals, v);
    g_ptr_array_add (labs, labels[k]);
  }
}

/* x limits of the axes: the columns shown, the sweep or the history. */
static void
x_limits (ScopeFrame * f)
{
  NeuroAxes *ax = &f->ax;
  gdouble dt = f->s.window / f->pw;

  if (f->s.mode == GST_SIGNAL_SCOPE_MODE_HISTORY) {
    ax->xmin = f->hxmin;
    ax->xmax = f->hxmin + f->hspan;
  } else if (f->s.mode == GST_SIGNAL_SCOPE_MODE_BARS) {
    /* the tutorial's set_xlim (-0.5, n - 0.5) */
    ax->xmin = -0.5;
    ax->xmax = MAX (f->n, 1) - 0.5;
  } else if (f->cursor >= 0) {
    ax->xmin = (f->c_end - f->cursor) * dt;
    ax->xmax = ax->xmin + f->s.window;
  } else if (f->pw > 0) {
    /* as matplotlib's xlim: a tick at the left end is labelled */
    ax->xmin = f->t_end - f->s.window;
    ax->xmax = f->t_end;
  }
  if (ax->xmax <= ax->xmin)
    ax->xmax = ax->xmin + 1;
}

void
scope_draw_decorations (ScopeFrame * f, cairo_t * cr, NeuroText * text)
{
  const ScopeSettings *s = &f->s;
  NeuroAxes *ax = &f->ax;
  NeuroAxesStyle style;
  gboolean stacked = s->mode == GST_SIGNAL_SCOPE_MODE_STACKED;
  gboolean heat = s->mode == GST_SIGNAL_SCOPE_MODE_HEATMAP;
  gboolean hist = s->mode == GST_SIGNAL_SCOPE_MODE_HISTORY;
  gboolean bars = s->mode == GST_SIGNAL_SCOPE_MODE_BARS;
  guint n = f->n;
  GArray *tick_vals = NULL;
  GPtrArray *tick_labs = NULL;

  neuro_axes_style_init (&style, f->fs, f->fg);
  x_limits (f);
  ax->ymin = f->ylo;
  ax->ymax = f->yhi;
  if (f->show_axes) {
    style.xlabel = s->x_label ? s->x_label : (hist
        && s->x_unit == GST_SIGNAL_SCOPE_X_SAMPLES) ? "Sample" : "Time (s)";
    if (bars) {
      /* x: the channels, numbered by the locator or named one per bar */
      style.xlabel = s->x_label ? s->x_label : "Channel";
      style.ylabel = s->y_label;
      style.xticks = s->names == NULL || n == 0;
    } else if ((stacked || heat) && n > 0) {
      gdouble units = stacked && s->ch_spacing > 0 ?
          f->ph / (gdouble) s->ch_spacing : n;

      ax->ymin = 0;
      ax->ymax = units;
      /* channel labels top down with the heatmap's origin=upper */
      ax->y_inverted = heat && s->origin == GST_SIGNAL_SCOPE_ORIGIN_UPPER;
      style.ylabel = "Channel";
      tick_vals = g_array_new (FALSE, FALSE, sizeof (gdouble));
      tick_labs = g_ptr_array_new ();
      channel_ticks (n, units, f->ph, f->fs, f->labels, tick_vals, tick_labs);
      style.ytick_values = (const gdouble *) tick_vals->data;
      style.ytick_labels = (const gchar * const *) tick_labs->pdata;
      style.n_yticks = tick_vals->len;
    } else {
      style.ylabel = s->y_label;
      style.grid = TRUE;
    }
    neuro_axes_draw (ax, cr, text, &style);
    if (bars && !style.xticks)
      scope_bars_draw_name_ticks (f, cr, text);
    if (heat) {
      gdouble cbw = MAX (6, round (0.018 * f->width));

      neuro_colorbar_draw (cr, text, neuro_colormap_lut (s->cmap),
          round (ax->x0 + ax->w + 0.02 * f->width), ax->y0, cbw, ax->h,
          f->ylo, f->yhi, s->y_label, f->fs, f->fg);
    }
  }
  if (f->title)
    neuro_axes_title (ax, cr, text, f->title, f->fs, f->fg);
  if (s->legend && n > 0 && n <= LEGEND_MAX && (s->mode ==
          GST_SIGNAL_SCOPE_MODE_OSCILLOSCOPE || hist))
    draw_legend (cr, text, ax, f->labels, f->chcol, n, f->fs, f->fg, f->lw,
        s->legend_loc, f->bgp);
  if (tick_vals)
    g_array_free (tick_vals, TRUE);
  if (tick_labs)
    g_ptr_array_free (tick_labs, TRUE);
}
