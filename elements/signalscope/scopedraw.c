/* gst-neuroviz — signalscope's drawing: one kernel per view.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "scopedraw.h"
#include "scopebars.h"

#include <math.h>
#include <string.h>

/* legend only for this many channels */
#define LEGEND_MAX 16

void
scope_scratch_free (ScopeScratch * sc)
{
  g_free (sc->ya);
  g_free (sc->yb);
  g_free (sc->chcol);
  neuro_trace_free (sc->nt);
  g_free (sc->layer);
  g_free (sc->kya);
  g_free (sc->kyb);
  g_free (sc->kcol);
  g_free (sc->px);
  g_free (sc->py);
  g_free (sc->elo);
  g_free (sc->ehi);
  g_free (sc->chan);
  g_free (sc->tmp);
  memset (sc, 0, sizeof (*sc));
}

static void
scratch_ensure (ScopeScratch * sc, guint n)
{
  if (sc->len < n) {
    sc->ya = g_renew (gdouble, sc->ya, n);
    sc->yb = g_renew (gdouble, sc->yb, n);
    sc->chcol = g_renew (guint32, sc->chcol, n);
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
  NeuroAxes *ax = &f->ax;
  NeuroPlotFrame pf = {.width = cv->width,.height = cv->height,
    .axes = f->show_axes,.title = f->title != NULL,.xlabel = TRUE,
    .ylabel = TRUE
  };

  f->width = cv->width;
  f->fs = neuro_text_get_style (text)->font_size;
  f->lw = f->s.line_width > 0 ? f->s.line_width : MAX (1.0, f->fs * 0.15);
  pf.font_size = f->fs;
  if (f->show_axes && f->s.mode == GST_SIGNAL_SCOPE_MODE_HEATMAP) {
    gdouble tw;

    /* the colorbar, its ticks and its label */
    neuro_text_extent (text, "-0.00", f->fs, FALSE, &tw, NULL);
    pf.colorbar = 0.02 * cv->width + MAX (6, round (0.018 * cv->width)) +
        tw + f->fs * 2.5;
  }
  neuro_plot_area (text, &pf, ax);
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
  f->sc = sc;
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

/* antialias=false: one aliased vertical span per column from the column
 * cache, one pixel wide */
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

/* How antialiased traces are drawn (neurotrace): the min/max envelope of
 * every column where columns hold more than one sample, the polyline
 * through the samples where they are at least a pixel apart. */
enum
{
  STYLE_ENVELOPE = 1,
  STYLE_LINES = 2,
};

/* from this many channels on, overlapping envelopes are composited front
 * to back (hidden parts of lower channels are skipped); stacked channels
 * that fit in the rows barely overlap and are cheaper drawn one by one */
#define LAYERED_MIN 8

static gboolean
layered (const ScopeFrame * f, guint n)
{
  return n >= LAYERED_MIN && (f->s.mode != GST_SIGNAL_SCOPE_MODE_STACKED
      || (gint) n > f->ph);
}

static void
pen_for (const ScopeFrame * f, NeuroTracePen * pen)
{
  /* matplotlib's Line2D: round joins, projecting caps */
  neuro_trace_pen_init (pen, 0xff000000, NEURO_TRACE_DEFAULT_POINTS,
      NEURO_TRACE_DEFAULT_DPI);
  pen->width = f->lw;
}

static NeuroTrace *
scratch_trace (ScopeScratch * sc)
{
  if (!sc->nt)
    sc->nt = neuro_trace_new ();
  return sc->nt;
}

static void
scratch_points (ScopeScratch * sc, gsize n)
{
  if (sc->pcap < n) {
    sc->pcap = MAX (n, 2 * sc->pcap);
    sc->px = g_renew (gdouble, sc->px, sc->pcap);
    sc->py = g_renew (gdouble, sc->py, sc->pcap);
  }
}

static void
scratch_columns (ScopeScratch * sc, gsize n)
{
  if (sc->ecap < n) {
    sc->ecap = MAX (n, 2 * sc->ecap);
    sc->elo = g_renew (gfloat, sc->elo, sc->ecap);
    sc->ehi = g_renew (gfloat, sc->ehi, sc->ecap);
  }
}

static NeuroTraceChannel *
scratch_channels (ScopeScratch * sc, gsize n)
{
  if (sc->chan_cap < n) {
    sc->chan_cap = MAX (n, 2 * sc->chan_cap);
    sc->chan = g_renew (NeuroTraceChannel, sc->chan, sc->chan_cap);
  }
  return sc->chan;
}

/* Envelopes of @n channels over pixel columns [px0, px0 + ncols): channel
 * k's column i is at index (i + rot) % ncols of lo/hi + k * kstride, its
 * value v at row a[k] - b[k] v + yoff. */
static void
draw_envelopes (ScopeScratch * sc, const NeuroTracePen * pen0, guint n,
    gboolean layer, gint px0, gint ncols, gint rot, const gfloat * lo,
    const gfloat * hi, gsize kstride, const gdouble * a, const gdouble * b,
    gdouble yoff, const guint32 * colors)
{
  NeuroTrace *t = sc->nt;
  guint k;

  if (layer) {
    NeuroTraceChannel *ch = scratch_channels (sc, n);

    for (k = 0; k < n; k++) {
      ch[k].lo = lo + k * kstride;
      ch[k].hi = hi + k * kstride;
      ch[k].first = ch[k].last = NULL;
      ch[k].y0 = a[k] + yoff;
      ch[k].ys = -b[k];
      ch[k].color = colors[k];
    }
    neuro_trace_envelopes (t, pen0, px0, ncols, rot, ch, (gint) n);
    return;
  }
  for (k = 0; k < n; k++) {
    NeuroTracePen pen = *pen0;

    pen.color = colors[k];
    neuro_trace_envelope (t, &pen, px0, ncols, rot, lo + k * kstride,
        hi + k * kstride, NULL, NULL, a[k] + yoff, -b[k]);
  }
}

/* A run of columns [ca, cb] drawn as one trace (joined, no seam inside),
 * column c at plot x = c - R: the whole window when scrolling; with a
 * sweep, the current sweep up to the cursor and the previous one after
 * the gap. */
typedef struct
{
  gint64 ca, cb, R;
} ScopeRun;

static gint
frame_runs (const ScopeFrame * f, ScopeRun * run)
{
  gint n = 0;

  if (f->cursor < 0) {
    run[n].ca = f->c0;
    run[n].cb = f->c_end;
    run[n++].R = f->c0;
    return n;
  }
  run[n].ca = f->c_end - f->cursor;
  run[n].cb = f->c_end;
  run[n++].R = f->c_end - f->cursor;
  if (f->cursor + 1 + f->gap < f->pw) {
    run[n].ca = f->c0 + f->gap;
    run[n].cb = f->c_end - f->cursor - 1;
    run[n++].R = f->c_end - f->cursor - f->pw;
  }
  return n;
}

/* Stream time of sample @j in columns (where the column grid puts it). */
static inline gdouble
sample_column (const ScopeStore * st, const ScopeTimeline * tl, gint64 j)
{
  return (st->base_pts + tl->offset + (j - st->base_idx) *
      (gdouble) SCOPE_SECOND / st->rate) / tl->colns;
}

/* pixels a line's caps and joins reach beyond its points */
static inline gdouble
line_margin (const ScopeFrame * f)
{
  return 1.5 * f->lw / 2 + 4;
}

/* Polylines of run @r into the target of sc->nt: column c at layer x =
 * c - shift (so sample positions do not depend on the frame). */
static void
run_lines (const ScopeFrame * f, const ScopeStore * st, ScopeScratch * sc,
    const ScopeRun * r, gint64 shift, gint cx0, gint cx1)
{
  const ScopeTimeline *tl = &f->tl;
  gdouble m = line_margin (f), spp = st->rate * tl->colns / SCOPE_SECOND;
  gint64 j0, j1, mask = st->cap - 1, j;
  NeuroTracePen pen;
  guint k;

  /* one sample beyond each end of the run; scrolling, the samples left
   * of the window that the line's width reaches too (the earlier frames
   * drew the first columns with them) */
  j0 = MAX (tl->jmin, (gint64) floor (scope_store_col_sample (st, tl,
              r->ca - (f->cursor < 0 ? (gint64) ceil (m) + 2 : 0))) - 1);
  j1 = MIN (tl->jend, (gint64) ceil (scope_store_col_sample (st, tl,
              r->cb + 1)));
  /* and of those, the ones that can reach the target's columns */
  j0 = MAX (j0, (gint64) floor (scope_store_col_sample (st, tl, shift +
              (gint64) floor (cx0 - m))) - 1);
  j1 = MIN (j1, (gint64) ceil (scope_store_col_sample (st, tl, shift +
              (gint64) ceil (cx1 + m))) + 1);
  if (j1 < j0 || !(spp > 0))
    return;
  scratch_points (sc, (gsize) (j1 - j0 + 1));
  pen_for (f, &pen);
  for (k = 0; k < st->n_shown; k++) {
    const gfloat *rg = st->ring + (gsize) k * st->cap;
    gdouble a = f->ya[k], b = f->yb[k];
    gsize i = 0;

    for (j = j0; j <= j1; j++, i++) {
      gfloat v = rg[j & mask];

      sc->px[i] = sample_column (st, tl, j) - (gdouble) shift;
      sc->py[i] = isnan (v) ? NAN : a - b * v;
    }
    pen.color = f->chcol[k];
    neuro_trace_polyline (sc->nt, &pen, sc->px, sc->py, i);
  }
}

/* Envelopes of run @r: column c at layer x = c - shift. */
static void
run_envelopes (const ScopeFrame * f, const ScopeStore * st, ScopeScratch * sc,
    const ScopeRun * r, gint64 shift)
{
  const ScopeColumns *cc = &st->cols;
  gint pw = f->pw, ncols = (gint) (r->cb - r->ca + 1), q, rot = 0;
  NeuroTracePen pen;
  gsize o = 0;

  if (ncols <= 0)
    return;
  /* the cache cell of column c is c mod pw: the whole window is a ring
   * of pw cells, a sweep's run contiguous cells */
  q = (gint) scope_cmod (r->ca, pw);
  if (ncols == pw)
    rot = q;
  else
    o = q;
  pen_for (f, &pen);
  draw_envelopes (sc, &pen, st->n_shown, layered (f, st->n_shown),
      (gint) (r->ca - shift), ncols, rot,
      cc->lo + o, cc->hi + o, pw, f->ya, f->yb, 0, f->chcol);
}

/* how far a column's data reaches in pixels: the line's width, the
 * joins to the neighbours */
static inline gint
envelope_reach (const ScopeFrame * f)
{
  return (gint) ceil (f->lw / 2) + 3;
}

/* Scrolling, the plot's first columns [xa, xb) of [0, reach) once more
 * into the scratch (whose x 0 is plot x xa), with the columns left of the
 * window that the store kept: the frames that scrolled drew these columns
 * when their left neighbours were still shown, and a frame drawn afresh
 * must give the same pixels. */
static void
left_zone (const ScopeFrame * f, const ScopeStore * st, ScopeScratch * sc,
    NeuroCanvas * tcv, gint xa, gint xb)
{
  gint ext = envelope_reach (f), za = xa, zb = MIN (xb, ext), G = 3 * ext;
  guint n = st->n_shown, k;
  NeuroTracePen pen;
  gint y, j, i;

  if (za >= zb)
    return;
  scratch_columns (sc, (gsize) n * G);
  for (k = 0; k < n; k++)
    for (j = 0; j < G; j++) {
      gint64 c = f->c0 - ext + j;
      gsize o = (gsize) k * G + j;

      if (c > f->c_end || !scope_store_column_at (st, k, c, sc->elo + o,
              sc->ehi + o))
        sc->elo[o] = sc->ehi[o] = NAN;
    }
  for (y = 0; y < f->ph; y++) {
    guint32 *row = sc->tmp + (gsize) y * tcv->width + (za - xa);

    for (i = 0; i < zb - za; i++)
      row[i] = sc->key.clear;
  }
  neuro_trace_set_target (sc->nt, tcv, za - xa, 0, zb - xa, f->ph);
  pen_for (f, &pen);
  /* column c0 - ext at scratch x -ext - xa */
  draw_envelopes (sc, &pen, n, layered (f, n), -ext - xa, G, 0, sc->elo,
      sc->ehi, G, f->ya, f->yb, 0, f->chcol);
}

/* Draws the plot's columns [xa, xb) into the layer, exactly as a drawing
 * of the whole layer would: every run that reaches them takes part, the
 * target clips.  They are drawn in plot coordinates into a scratch canvas
 * of whole 16-column blocks (neurotrace's layered kernel does those with
 * AVX2, partial ones in C), then copied to their places in the layer. */
static void
layer_draw_range (const ScopeFrame * f, const ScopeStore * st,
    ScopeScratch * sc, gint style, gint xa, gint xb)
{
  gint pw = f->pw, ph = f->ph, w = (xb - xa + 15) / 16 * 16;
  gint p0 = f->cursor < 0 ? (gint) scope_cmod (f->c0, pw) : 0;
  NeuroCanvas tcv;
  ScopeRun run[2];
  gint nrun = frame_runs (f, run), i, y, piece;
  gsize cells = (gsize) w * ph;

  if (sc->tmp_cap < cells) {
    g_free (sc->tmp);
    sc->tmp = g_new (guint32, cells);
    sc->tmp_cap = cells;
  }
  tcv.data = (guint8 *) sc->tmp;
  tcv.stride = w * 4;
  tcv.width = w;
  tcv.height = ph;
  if (sc->key.clear == 0) {
    memset (sc->tmp, 0, cells * 4);
  } else {
    for (i = 0; i < (gint) cells; i++)
      sc->tmp[i] = sc->key.clear;
  }
  neuro_trace_set_target (sc->nt, &tcv, 0, 0, w, ph);
  for (i = 0; i < nrun; i++) {
    /* column c at scratch x = c - R - xa */
    gint64 shift = run[i].R + xa;

    if (style == STYLE_LINES)
      run_lines (f, st, sc, &run[i], shift, 0, w);
    else
      run_envelopes (f, st, sc, &run[i], shift);
  }
  if (f->cursor < 0 && style == STYLE_ENVELOPE)
    left_zone (f, st, sc, &tcv, xa, xb);
  /* plot x to layer x: + p0, less pw past the turn */
  for (piece = 0; piece < 2; piece++) {
    gint a = piece == 0 ? xa : MAX (xa, pw - p0);
    gint b = piece == 0 ? MIN (xb, pw - p0) : xb;
    gint d = piece == 0 ? p0 : p0 - pw;

    if (a >= b)
      continue;
    for (y = 0; y < ph; y++)
      memcpy (sc->layer + (gsize) y * pw + a + d, sc->tmp + (gsize) y * w +
          (a - xa), (gsize) (b - a) * 4);
  }
}

/* The layer over the plot area, turned back by p0 when scrolling. */
static void
layer_composite (const ScopeFrame * f, const ScopeScratch * sc,
    NeuroCanvas * cv)
{
  gint pw = f->pw, p0 = f->cursor < 0 ? (gint) scope_cmod (f->c0, pw) : 0;
  gint y;

  for (y = 0; y < f->ph; y++) {
    guint32 *dst = neuro_canvas_row (cv, f->py0 + y) + f->px0;
    const guint32 *src = sc->layer + (gsize) y * pw;

    if (sc->key.clear != 0) {
      /* the layer holds the background already */
      memcpy (dst, src + p0, (gsize) (pw - p0) * 4);
      memcpy (dst + pw - p0, src, (gsize) p0 * 4);
      continue;
    }
    neuro_trace_composite_row (dst, src + p0, pw - p0);
    neuro_trace_composite_row (dst + pw - p0, src, p0);
  }
}

static gboolean
key_equal (const ScopeLayerKey * a, const ScopeLayerKey * b)
{
  return a->pw == b->pw && a->ph == b->ph && a->style == b->style
      && a->mode == b->mode && a->sweep == b->sweep && a->lw == b->lw
      && a->n == b->n && a->serial == b->serial && a->colns == b->colns
      && a->offset == b->offset && a->clear == b->clear;
}

/* The rows and colours the layer holds; FALSE (and remembered) when they
 * changed. */
static gboolean
layer_mapping_same (const ScopeFrame * f, ScopeScratch * sc, guint n)
{
  gboolean same = sc->klen >= n && sc->lvalid
      && memcmp (sc->kya, f->ya, n * sizeof (gdouble)) == 0
      && memcmp (sc->kyb, f->yb, n * sizeof (gdouble)) == 0
      && memcmp (sc->kcol, f->chcol, n * sizeof (guint32)) == 0;

  if (!same) {
    if (sc->klen < n) {
      sc->kya = g_renew (gdouble, sc->kya, n);
      sc->kyb = g_renew (gdouble, sc->kyb, n);
      sc->kcol = g_renew (guint32, sc->kcol, n);
      sc->klen = n;
    }
    memcpy (sc->kya, f->ya, n * sizeof (gdouble));
    memcpy (sc->kyb, f->yb, n * sizeof (gdouble));
    memcpy (sc->kcol, f->chcol, n * sizeof (guint32));
  }
  return same;
}

/* adds [a, b) (clipped to [0, pw)) to the ranges to draw */
static void
range_add (gint * r, gint * nr, gint a, gint b, gint pw)
{
  a = MAX (a, 0);
  b = MIN (b, pw);
  if (a < b) {
    r[2 * *nr] = a;
    r[2 * *nr + 1] = b;
    (*nr)++;
  }
}

/* the plot columns [a, a + len) taken mod pw, widened by ext */
static void
range_add_mod (gint * r, gint * nr, gint64 a, gint64 len, gint ext, gint pw)
{
  gint64 s = scope_cmod (a, pw) - ext, e = s + len + 2 * ext;

  if (len + 2 * ext >= pw) {
    range_add (r, nr, 0, pw, pw);
    return;
  }
  range_add (r, nr, (gint) MAX (s, 0), (gint) MIN (e, pw), pw);
  if (s < 0)
    range_add (r, nr, (gint) (s + pw), pw, pw);
  if (e > pw)
    range_add (r, nr, 0, (gint) (e - pw), pw);
}

/* Antialiased traces: the layer, redrawn where its data changed. */
static void
traces_layer (const ScopeFrame * f, ScopeStore * st, NeuroCanvas * cv,
    gint style)
{
  ScopeScratch *sc = f->sc;
  gint pw = f->pw, ph = f->ph, nr = 0, i, j, ext;
  gint r[16];
  ScopeLayerKey key;
  gint64 dlo, dhi;
  gboolean full;

  memset (&key, 0, sizeof (key));
  key.pw = pw;
  key.ph = ph;
  key.style = style;
  key.mode = f->s.mode;
  key.sweep = f->cursor >= 0;
  key.lw = f->lw;
  key.n = st->n_shown;
  key.serial = scope_store_take_dirty (st, &dlo, &dhi);
  key.colns = f->tl.colns;
  key.offset = f->tl.offset;
  /* over an opaque background the layer is drawn on it and copied */
  key.clear = (f->bgp >> 24) == 0xff && !f->overlay ? f->bgp : 0;
  scratch_trace (sc);
  if (sc->layer_cap < (gsize) pw * ph) {
    g_free (sc->layer);
    sc->layer = g_new (guint32, (gsize) pw * ph);
    sc->layer_cap = (gsize) pw * ph;
    sc->lvalid = FALSE;
  }
  full = !layer_mapping_same (f, sc, st->n_shown) || !key_equal (&key,
      &sc->key) || f->c_end < sc->lc_end || f->c_end - sc->lc_end >= pw;
  /* what a change reaches: the line's width, joins to the neighbours */
  ext = style == STYLE_LINES ? (gint) ceil (line_margin (f)) + 2 :
      envelope_reach (f);
  sc->key = key;
  if (full) {
    range_add (r, &nr, 0, pw, pw);
  } else {
    if (dlo <= dhi && dhi >= f->c0) {
      dlo = MAX (dlo, f->c0);
      if (f->cursor < 0)
        range_add (r, &nr, (gint) (dlo - f->c0) - ext, pw, pw);
      else
        range_add_mod (r, &nr, dlo, dhi - dlo + 1, ext, pw);
    }
    if (f->cursor < 0 && f->c0 != sc->lc0 && style == STYLE_ENVELOPE
        && envelope_reach (f) > SCOPE_SIDE) {
      /* the left end: the store keeps too few of the columns that left
       * the window for lines this wide (see left_zone) */
      range_add (r, &nr, 0, ext, pw);
    } else if (f->cursor >= 0 && f->cursor != sc->lcursor) {
      /* the previous sweep's left end moved with the gap */
      range_add (r, &nr, f->cursor + 1 + f->gap, f->cursor + 1 + f->gap +
          ext, pw);
    }
  }
  /* sort and merge the ranges (at most a few) */
  for (i = 1; i < nr; i++)
    for (j = i; j > 0 && r[2 * (j - 1)] > r[2 * j]; j--) {
      gint ta = r[2 * j], tb = r[2 * j + 1];

      r[2 * j] = r[2 * (j - 1)];
      r[2 * j + 1] = r[2 * (j - 1) + 1];
      r[2 * (j - 1)] = ta;
      r[2 * (j - 1) + 1] = tb;
    }
  for (i = 0; i < nr; i++) {
    gint a = r[2 * i], b = r[2 * i + 1];

    while (i + 1 < nr && r[2 * (i + 1)] <= b) {
      b = MAX (b, r[2 * (i + 1) + 1]);
      i++;
    }
    layer_draw_range (f, st, sc, style, a, b);
  }
  sc->lvalid = TRUE;
  sc->lc_end = f->c_end;
  sc->lc0 = f->c0;
  sc->lcursor = f->cursor;
  layer_composite (f, sc, cv);
}

void
scope_draw_traces (const ScopeFrame * f, ScopeStore * st, NeuroCanvas * cv,
    cairo_t * cr)
{
  gdouble per_col = f->tl.colns * st->rate / SCOPE_SECOND;

  if (!st->cols.lo)
    return;
  if (!f->s.antialias || !f->sc) {
    traces_spans (f, st, cv);
    return;
  }
  /* more channels than rows: lines that thin overlap their neighbours
   * anyway; the layered envelopes skip what is hidden */
  traces_layer (f, st, cv, per_col > 1 || (gint) st->n_shown > f->ph ?
      STYLE_ENVELOPE : STYLE_LINES);
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

gboolean
scope_draw_covers_plot (const ScopeFrame * f, const ScopeStore * st)
{
  if ((f->bgp >> 24) != 0xff || f->overlay || f->pw <= 0 || f->ph <= 0)
    return FALSE;
  if (f->s.draw == scope_draw_heatmap)
    return st->cols.px != NULL;
  /* traces_layer with key.clear set: the layer copied over the area */
  return f->s.draw == scope_draw_traces && f->s.antialias && f->sc
      && st->cols.lo;
}

/* The history's envelope over column x: its bins from (x per_col - half)
 * / bs on. */
static inline gboolean
history_column (const ScopeSeries * se, const ScopeHist * h, gdouble per_col,
    gint x, gfloat * lo, gfloat * hi)
{
  gdouble half = (h->bs - 1) / 2.0;
  gdouble fa = (x * per_col - half) / h->bs;
  gdouble fb = ((x + 1) * per_col - half) / h->bs;

  return scope_series_envelope (se, fa, fb, lo, hi);
}

/* antialias=false: per column the aliased span of the bins it covers */
static void
history_spans (const ScopeFrame * f, const ScopeStore * st, NeuroCanvas * cv,
    gdouble per_col)
{
  const ScopeHist *h = &st->hist;
  guint k;
  gint x;

  for (k = 0; k < st->n_shown; k++) {
    ScopeSeries se;
    guint32 col = neuro_argb_premultiply (f->chcol[k]);

    scope_store_history_series (st, k, &se);
    for (x = 0; x < f->pw; x++) {
      gfloat lo, hi;

      if (history_column (&se, h, per_col, x, &lo, &hi))
        draw_span (cv, f->px0 + x, f->py0, f->ph, f->ya[k], f->yb[k], lo, hi,
            col);
    }
  }
}

/* Antialiased history, drawn whole every frame (it is short: one point
 * per bin): the polyline through the bins where they are a pixel apart or
 * more, else the envelope of every column. */
static void
history_aa (const ScopeFrame * f, const ScopeStore * st, NeuroCanvas * cv,
    gdouble per_col)
{
  ScopeScratch *sc = f->sc;
  const ScopeHist *h = &st->hist;
  NeuroTrace *t = scratch_trace (sc);
  NeuroTracePen pen;
  guint k, n = st->n_shown;
  gint pw = f->pw, x;

  neuro_trace_set_target (t, cv, f->px0, f->py0, f->px0 + pw, f->py0 + f->ph);
  pen_for (f, &pen);
  if (h->bs == 1 && per_col <= 1) {
    scratch_points (sc, h->nbins);
    for (k = 0; k < n; k++) {
      const gfloat *v = h->lo + (gsize) k * h->maxbins;
      guint j;

      for (j = 0; j < h->nbins; j++) {
        sc->px[j] = f->px0 + j / per_col;
        sc->py[j] = isnan (v[j]) ? NAN : f->py0 + f->ya[k] - f->yb[k] * v[j];
      }
      pen.color = f->chcol[k];
      neuro_trace_polyline (t, &pen, sc->px, sc->py, h->nbins);
    }
    return;
  }
  scratch_columns (sc, (gsize) n * pw);
  for (k = 0; k < n; k++) {
    gfloat *lo = sc->elo + (gsize) k * pw, *hi = sc->ehi + (gsize) k * pw;
    ScopeSeries se;

    scope_store_history_series (st, k, &se);
    for (x = 0; x < pw; x++)
      if (!history_column (&se, h, per_col, x, &lo[x], &hi[x]))
        lo[x] = hi[x] = NAN;
  }
  draw_envelopes (sc, &pen, n, layered (f, n), f->px0, pw, 0, sc->elo,
      sc->ehi, pw, f->ya, f->yb, f->py0, f->chcol);
}

void
scope_draw_history (const ScopeFrame * f, ScopeStore * st, NeuroCanvas * cv,
    cairo_t * cr)
{
  const ScopeHist *h = &st->hist;
  gdouble per_col = f->hspan * f->hur / f->pw;  /* samples per column */

  if (!h->started || h->nbins == 0)
    return;
  if (f->s.antialias && f->sc)
    history_aa (f, st, cv, per_col);
  else
    history_spans (f, st, cv, per_col);
}

void
scope_draw_cursor (const ScopeFrame * f, NeuroCanvas * cv)
{
  /* the gap is background, transparent when the background is */
  neuro_canvas_sweep_cursor (cv, f->px0, f->py0, f->pw, f->ph, f->cursor,
      f->gap, f->gap_bg, f->fg);
}

/* --------------------------------------------------------- decorations */

/* matplotlib's legend at the legend-loc property's place; "best" scores
 * the traces already drawn (@bgp: the premultiplied background) */
/* ... and the pixels it may have painted in @r */
static void
draw_legend (cairo_t * cr, NeuroText * t, const NeuroAxes * ax,
    gchar ** labels, const guint32 * colors, guint n, gdouble fs, guint32 fg,
    gdouble lw, NeuroLegendLoc loc, guint32 bgp, gint r[4])
{
  const gchar *const *l = (const gchar * const *) labels;

  if (loc == NEURO_LEGEND_BEST)
    loc = neuro_legend_best (cr, t, ax, l, n, fs, bgp);
  neuro_legend_draw (cr, t, ax, loc, l, colors, n, fs, fg, lw);
  neuro_legend_rect (ax, t, loc, l, n, fs, r);
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
  } else if (f->pw > 0 && f->s.x_axis == GST_SIGNAL_SCOPE_X_AXIS_WINDOW) {
    /* seconds into the window, as the tutorial's set_xlim (0, 2) over
     * t - t[start] */
    ax->xmin = 0;
    ax->xmax = f->s.window;
  } else if (f->pw > 0) {
    /* as matplotlib's xlim: a tick at the left end is labelled */
    ax->xmin = f->t_end - f->s.window;
    ax->xmax = f->t_end;
  }
  if (ax->xmax <= ax->xmin)
    ax->xmax = ax->xmin + 1;
}

/* Everything the axes, channel ticks and colorbar around the plot area
 * show (not the title nor the legend, drawn every frame). */
static gchar *
deco_key (const ScopeFrame * f, const NeuroAxesStyle * style)
{
  const NeuroAxes *a = &f->ax;
  GString *k = g_string_new (NULL);
  gint i;

  g_string_append_printf (k, "%d|%a,%a,%a,%a|%a,%a,%a,%a,%d|%a|%08x,%08x|%d|"
      "%s|%s|%d,%a,%a,%d,%d|", f->s.mode, a->x0, a->y0, a->w, a->h, a->xmin,
      a->xmax, a->ymin, a->ymax, a->y_inverted, f->fs, f->fg, f->bgp,
      f->width, style->xlabel ? style->xlabel : "", style->ylabel ?
      style->ylabel : "", style->grid, f->ylo, f->yhi, f->s.cmap, f->ph);
  for (i = 0; i < style->n_yticks; i++)
    g_string_append_printf (k, "%a:%s;", style->ytick_values[i],
        style->ytick_labels ? style->ytick_labels[i] : "");
  return g_string_free (k, FALSE);
}

gboolean
scope_draw_keeps (const ScopeFrame * f)
{
  return f->show_axes && !f->overlay
      && f->s.mode != GST_SIGNAL_SCOPE_MODE_HISTORY
      && f->s.mode != GST_SIGNAL_SCOPE_MODE_BARS;
}

void
scope_draw_decorations (ScopeFrame * f, NeuroCanvas * cv, cairo_t * cr,
    NeuroText * text, NeuroDecoCache * deco)
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
  gchar *key = NULL;
  gint plot[1][4], extras[2][4];

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
    /* the text and lines around the plot area, on the background only:
     * kept while the key holds; on the area (data may reach the pixel
     * after its last column and row, where a tick's grid line is) the
     * lines are drawn again (bars and history put text on its edge) */
    if (deco && scope_draw_keeps (f)) {
      key = deco_key (f, &style);
      neuro_axes_plot_reach (ax, plot[0]);
      style.inside_only = neuro_deco_cache_restore_held (deco, cv, key,
          f->held, f->bgp, (const gint (*)[4]) plot, 1);
    }
    if (style.inside_only) {
      cairo_surface_mark_dirty (cairo_get_target (cr));
      neuro_axes_draw_on_plot (ax, cr, text, &style);
    } else {
      neuro_axes_draw (ax, cr, text, &style);
    }
    if (bars && !style.xticks)
      scope_bars_draw_name_ticks (f, cr, text);
    if (heat && !style.inside_only) {
      gdouble cbw = MAX (6, round (0.018 * f->width));

      neuro_colorbar_draw (cr, text, neuro_colormap_lut (s->cmap),
          round (ax->x0 + ax->w + 0.02 * f->width), ax->y0, cbw, ax->h,
          f->ylo, f->yhi, s->y_label, f->fs, f->fg);
    }
    if (key && !style.inside_only) {
      neuro_axes_plot_reach (ax, plot[0]);
      cairo_surface_flush (cairo_get_target (cr));
      neuro_deco_cache_store (deco, cv, f->bgp, plot, 1);
    }
  }
  memset (extras, 0, sizeof (extras));
  if (f->title) {
    neuro_axes_title (ax, cr, text, f->title, f->fs, f->fg);
    neuro_text_last_rect (text, extras[0]);
  }
  if (s->legend && n > 0 && n <= LEGEND_MAX && (s->mode ==
          GST_SIGNAL_SCOPE_MODE_OSCILLOSCOPE || hist))
    draw_legend (cr, text, ax, f->labels, f->chcol, n, f->fs, f->fg, f->lw,
        s->legend_loc, f->bgp, extras[1]);
  /* what the next frame over this picture redraws around the plot area:
   * the title, and the legend where it sticks out */
  if (key) {
    f->stamp = neuro_deco_cache_done (deco, (const gint (*)[4]) extras, 2);
    g_free (key);
  }
  if (tick_vals)
    g_array_free (tick_vals, TRUE);
  if (tick_labs)
    g_ptr_array_free (tick_labs, TRUE);
}
