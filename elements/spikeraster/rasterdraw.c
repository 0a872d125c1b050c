/* gst-neuroviz — spikeraster's drawing kernels: marks, density, rate panel
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rasterdraw.h"

#include <math.h>
#include <string.h>

void
raster_scratch_free (RasterScratch * sc)
{
  guint i;

  g_free (sc->counts);
  g_free (sc->cell_of_spike);
  g_free (sc->row_of_unit);
  g_free (sc->unit_lut);
  g_free (sc->row_color);
  g_free (sc->run_of_row);
  g_free (sc->premul);
  g_free (sc->premul_done);
  neuro_trace_free (sc->trace);
  g_free (sc->rate_x);
  g_free (sc->rate_y);
  for (i = 0; i < RASTER_MARK_LOGS; i++)
    g_free (sc->mark_logs[i].r);
  neuro_deco_cache_free (sc->deco);
  g_free (sc->deco_key);
  memset (sc, 0, sizeof (*sc));
}

/* grows a scratch array to at least @n elements (contents undefined) */
#define ENSURE(ptr, len, type, n) G_STMT_START {                         \
    if ((len) < (gsize) (n)) {                                          \
      g_free (ptr);                                                     \
      (len) = (n);                                                      \
      (ptr) = g_new (type, (len));                                      \
    }                                                                   \
  } G_STMT_END

/* ---------------------------------------------------------------- layout */

void
raster_layout (RasterLayout * lay, const RasterSettings * s, NeuroText * text,
    gint width, gint height, gboolean show_axes, gboolean with_title,
    guint32 first, guint32 last, gint64 t_end, gint64 stream_offset)
{
  NeuroAxes *ax = &lay->ax, *ra = &lay->ra;
  NeuroMargins *m = &lay->m;
  gboolean sweep = s->mode == GST_SPIKE_RASTER_SWEEP;
  gdouble fs = neuro_text_get_style (text)->font_size;
  gint64 win_ns = (gint64) (s->window * GST_SECOND);
  gboolean in_window = s->x_axis == GST_SPIKE_RASTER_X_WINDOW;
  /* room between the panels: the raster's x axis, and the rate panel's
   * title (a title line, as above the raster) */
  gdouble between = (show_axes ? 0 : fs) + (s->rate_title
      && *s->rate_title ? fs * 2.2 : 0);

  memset (lay, 0, sizeof (*lay));
  lay->fs = fs;
  lay->first = first;
  lay->last = last;
  lay->n_units = last - first + 1;
  lay->win_ns = win_ns;
  lay->t_end = t_end;
  lay->t_lo = t_end - win_ns;
  lay->stream_offset = stream_offset;

  {
    NeuroPlotFrame pf = {.width = width,.height = height,.font_size = fs,
      .axes = show_axes,.title = with_title,.xlabel = TRUE,.ylabel = TRUE
    };

    *m = neuro_plot_area (text, &pf, ax);
  }
  /* raster panel, and the rate panel below it */
  if (s->rate_panel) {
    gdouble total = height - m->top - m->bottom;
    gdouble gap = (show_axes ? m->bottom + fs * 0.8 : 0) + between;

    ax->h = MAX (1, round ((total - gap) * 0.62));
  }
  ax->xmin = 0;
  ax->xmax = s->window;
  /* unit u at y = u, on its tick, as matplotlib's eventplot or scatter of
   * unit ids */
  ax->ymin = first - 0.5;
  ax->ymax = last + 0.5;
  ax->y_inverted = FALSE;

  lay->px0 = (gint) ax->x0;
  lay->py0 = (gint) ax->y0;
  lay->pw = MIN ((gint) ax->w, width - lay->px0);
  lay->ph = MIN ((gint) ax->h, height - lay->py0);
  lay->density = s->density == GST_SPIKE_RASTER_DENSITY_ALWAYS ||
      (s->density == GST_SPIKE_RASTER_DENSITY_AUTO &&
      lay->n_units > (guint32) lay->ph);

  lay->origin = lay->t_lo;
  lay->cursor_x = -1;
  if (sweep) {
    /* sweeps start at multiples of the window in stream time */
    gint64 st = t_end + stream_offset;

    lay->sweep_index = st >= 0 ? st / win_ns : (st - win_ns + 1) / win_ns;
    /* without a plot area there is no sweep to draw */
    if (lay->pw > 0 && lay->ph > 0) {
      lay->sweep_start = lay->sweep_index * win_ns - stream_offset;
      lay->origin = lay->sweep_start;
      lay->cursor_x = (gint) ((t_end - lay->sweep_start) * lay->pw / win_ns);
      lay->gap_px = MAX (2, lay->pw / 50);
    }
  }
  /* tick labels in stream seconds, or in the window's own seconds (the
   * tutorial's set_xlim (0, window_size) with spikes shifted to it) */
  if (show_axes && in_window) {
    ax->xmin = 0;
    ax->xmax = s->window;
  } else if (show_axes && sweep) {
    ax->xmin = (gdouble) lay->sweep_index * win_ns / GST_SECOND;
    ax->xmax = ax->xmin + s->window;
  } else if (show_axes) {
    ax->xmin = (lay->t_lo + stream_offset) / (gdouble) GST_SECOND;
    ax->xmax = (t_end + stream_offset) / (gdouble) GST_SECOND;
  }

  *ra = *ax;
  ra->y0 = round (ax->y0 + ax->h + (show_axes ? m->bottom + fs * 0.8 : 0) +
      between);
  ra->h = MAX (1, round (height - m->bottom - ra->y0));
  if (in_window) {
    ra->xmin = 0;
    ra->xmax = s->window;
  } else if (sweep) {
    ra->xmin = (lay->sweep_start + stream_offset) / (gdouble) GST_SECOND;
    ra->xmax = ra->xmin + s->window;
  } else {
    ra->xmin = (lay->t_lo + stream_offset) / (gdouble) GST_SECOND;
    ra->xmax = (t_end + stream_offset) / (gdouble) GST_SECOND;
  }
}

gboolean
raster_layout_has_rate (const RasterLayout * lay, const RasterSettings * s)
{
  return s->rate_panel && lay->ra.h > 2;
}

/* --------------------------------------------------------------- colours */

guint32
raster_unit_color (const RasterSettings * s, guint32 u, guint32 first,
    guint32 n_units)
{
  guint i;

  switch (s->color_mode) {
    case GST_SPIKE_RASTER_COLOR_GROUPS:
      for (i = 0; i < s->groups->len; i++) {
        const NeuroColorGroup *g =
            &g_array_index (s->groups, NeuroColorGroup, i);

        if (u >= g->first && u <= g->last)
          return g->argb;
      }
      return s->color;
    case GST_SPIKE_RASTER_COLOR_COLORMAP:
      return neuro_colormap_map (s->colormap, u - first, 0,
          MAX (n_units - 1, 1), s->color);
    default:
      return s->color;
  }
}

/* column of a spike: (t - origin) wrapped into the window (a sweep's
 * previous part is left of its start; scrolling never wraps) */
static inline gint64
spike_dt (const RasterLayout * lay, gint64 t)
{
  gint64 dt = t - lay->origin;

  return dt < 0 ? dt + lay->win_ns : dt;
}

/* ----------------------------------------------------------------- marks */

typedef enum
{
  MARK_COLOR_ONE,               /* color-mode=single */
  MARK_COLOR_LUT,               /* a table per shown unit */
  MARK_COLOR_EACH,              /* too many units for a table */
} MarkColoring;

/* One rectangle per spike, [x + dx0, x + dx1) x [yc + dy0, yc + dy1) about
 * its column x and its unit's centre row yc.  Inlined into one kernel per
 * colouring, so the colouring is not tested per spike. */
/* the mark [xa, xb) x [ya, yb) into this frame's log */
static inline void
mark_log (RasterMarkLog * log, gint xa, gint ya, gint xb, gint yb)
{
  if (log->n >= RASTER_MARK_LOG_MAX) {
    log->full = TRUE;
    return;
  }
  if (log->n == log->cap) {
    log->cap = MAX (256, 2 * log->cap);
    log->r = g_renew (gint16, log->r, 4 * log->cap);
  }
  log->r[4 * log->n] = (gint16) xa;
  log->r[4 * log->n + 1] = (gint16) ya;
  log->r[4 * log->n + 2] = (gint16) xb;
  log->r[4 * log->n + 3] = (gint16) yb;
  log->n++;
}

G_ALWAYS_INLINE static inline void
marks_draw (const RasterFrame * f, RasterMarkLog * log, const guint32 * lut,
    guint32 one, MarkColoring how)
{
  const RasterSettings *s = f->s;
  const RasterLayout *lay = f->lay;
  NeuroCanvas *cv = f->cv;
  guint32 first = lay->first, last = lay->last, n_units = lay->n_units;
  gint px0 = lay->px0, py0 = lay->py0, pw = lay->pw, ph = lay->ph;
  gint64 win_ns = lay->win_ns;
  gdouble row_h = ph / (gdouble) n_units;
  gdouble msize = s->marker_size > 0 ? s->marker_size : MAX (1.0,
      row_h * 0.8);
  gint half_w, mh, dy0, dy1;
  gsize i;

  mh = MAX (1, (gint) round (msize));
  if (s->marker == GST_SPIKE_RASTER_MARKER_DOT) {
    half_w = MAX (0, (gint) (msize / 2));
    dy0 = -half_w;
    dy1 = half_w + 1;
  } else {
    half_w = s->marker_size >= 12 ? 1 : 0;      /* large ticks: 3 px wide */
    dy0 = -(mh / 2);
    dy1 = dy0 + mh;
  }
  for (i = 0; i < f->n_spikes; i++) {
    const NeuroSpike *sp = &f->spikes[i];
    gint x, yc, ya, yb, xa, xb, yy, xx;
    guint32 col;

    /* stored before unit-range changed */
    if (sp->unit < first || sp->unit > last)
      continue;
    /* (t_lo, t_end] onto [0, pw): a spike at the window end is in the
     * last column */
    x = MIN ((gint) (spike_dt (lay, sp->t) * pw / win_ns), pw - 1);
    if (x < 0)
      continue;
    /* the unit's centre, where its tick is */
    yc = (gint) floor (ph - ((sp->unit - first) + 0.5) * row_h);
    ya = MAX (0, yc + dy0);
    yb = MIN (ph, yc + dy1);
    xa = MAX (0, x - half_w);
    xb = MIN (pw, x + half_w + 1);
    if (how == MARK_COLOR_ONE)
      col = one;
    else if (how == MARK_COLOR_LUT)
      col = lut[sp->unit - first];
    else
      col = neuro_argb_premultiply (raster_unit_color (s, sp->unit, first,
              n_units));
    if (log)
      mark_log (log, xa, ya, xb, yb);
    for (yy = ya; yy < yb; yy++) {
      guint32 *row = neuro_canvas_row (cv, py0 + yy) + px0;

      for (xx = xa; xx < xb; xx++)
        neuro_pixel_over (&row[xx], col);
    }
  }
}

static void
layer_marks_single (const RasterFrame * f, RasterScratch * sc)
{
  marks_draw (f, sc->mark_log, NULL, neuro_argb_premultiply (f->s->color),
      MARK_COLOR_ONE);
}

static void
layer_marks_lut (const RasterFrame * f, RasterScratch * sc)
{
  const RasterLayout *lay = f->lay;
  guint32 i;

  ENSURE (sc->unit_lut, sc->unit_lut_len, guint32, lay->n_units);
  for (i = 0; i < lay->n_units; i++)
    sc->unit_lut[i] = neuro_argb_premultiply (raster_unit_color (f->s,
            lay->first + i, lay->first, lay->n_units));
  marks_draw (f, sc->mark_log, sc->unit_lut, 0, MARK_COLOR_LUT);
}

static void
layer_marks_each (const RasterFrame * f, RasterScratch * sc)
{
  marks_draw (f, sc->mark_log, NULL, 0, MARK_COLOR_EACH);
}

/* --------------------------------------------------------------- density */

/* The pixel row (0 at the top) holding the centre of the i-th shown unit,
 * floor (ph - (i + 0.5) * ph / n), in integers. */
static inline guint16
density_row (guint32 i, guint32 n, gint ph)
{
  return (guint16) (((2 * (guint64) (n - i) - 1) * ph) / (2 * (guint64) n));
}

/* The row of every shown unit, kept while (first, n_units, ph) stay; NULL
 * for too many units (then rows are computed per spike). */
static const guint16 *
density_rows (RasterScratch * sc, guint32 first, guint32 n_units, gint ph)
{
  guint32 i;

  if (n_units > (1u << 22))
    return NULL;
  if (sc->row_of_unit_len < n_units || sc->row_key[0] != first ||
      sc->row_key[1] != n_units || sc->row_key[2] != (guint32) ph) {
    ENSURE (sc->row_of_unit, sc->row_of_unit_len, guint16, n_units);
    for (i = 0; i < n_units; i++)
      sc->row_of_unit[i] = density_row (i, n_units, ph);
    sc->row_key[0] = first;
    sc->row_key[1] = n_units;
    sc->row_key[2] = ph;
  }
  return sc->row_of_unit;
}

/* Counts the spikes of every cell into the column-major grid (spikes come
 * in time order, so consecutive increments stay within one column, cache
 * friendly); with @sparse, also lists the cell of every spike.  Inlined
 * once per (rows, sparse), so neither is tested per spike.  Returns the
 * largest count. */
G_ALWAYS_INLINE static inline guint32
density_count (const RasterFrame * f, RasterScratch * sc,
    const guint16 * rows, gboolean sparse, guint * n_cells)
{
  const RasterLayout *lay = f->lay;
  guint32 first = lay->first, last = lay->last, n_units = lay->n_units;
  gint pw = lay->pw, ph = lay->ph;
  gint64 win_ns = lay->win_ns, next_b = G_MININT64, cur_b = G_MAXINT64;
  guint32 maxc = 0;
  gint cx = 0;
  gsize i;

  *n_cells = 0;
  for (i = 0; i < f->n_spikes; i++) {
    const NeuroSpike *sp = &f->spikes[i];
    gint64 dt;
    gint x, y;
    guint16 *c;

    /* stored before unit-range changed: no row (nor table entry) */
    if (sp->unit < first || sp->unit > last)
      continue;
    dt = spike_dt (lay, sp->t);
    /* column = floor (dt * pw / win_ns): walk the column boundaries
     * instead of dividing for every spike */
    if (dt < cur_b || dt >= next_b) {
      cx = (gint) (dt * pw / win_ns);
      cur_b = (cx * win_ns + pw - 1) / pw;
      next_b = ((cx + 1) * win_ns + pw - 1) / pw;
    }
    x = MIN (cx, pw - 1);       /* the window end is shown */
    y = rows ? rows[sp->unit - first] : density_row (sp->unit - first,
        n_units, ph);
    if (x < 0 || x >= pw)
      continue;
    c = &sc->counts[(gsize) x * ph + y];
    if (sparse)
      sc->cell_of_spike[(*n_cells)++] = ((guint32) x << 16) | (guint32) y;
    if (*c < G_MAXUINT16)
      (*c)++;
    if (*c > maxc)
      maxc = *c;
  }
  return maxc;
}

static guint32
density_count_any (const RasterFrame * f, RasterScratch * sc,
    const guint16 * rows, gboolean sparse, guint * n_cells)
{
  if (rows && sparse)
    return density_count (f, sc, rows, TRUE, n_cells);
  if (rows)
    return density_count (f, sc, rows, FALSE, n_cells);
  if (sparse)
    return density_count (f, sc, NULL, TRUE, n_cells);
  return density_count (f, sc, NULL, FALSE, n_cells);
}

/* Describes the rows' colours @lut (ph entries) for density_premul ():
 * consecutive rows of one colour share a table.  Tables already made are
 * kept when the colours are those of the last frame. */
static void
density_premul_setup (RasterScratch * sc, const guint32 * lut, gint ph)
{
  guint32 runs = 0;
  gint y;

  if (sc->premul_ph == ph && memcmp (sc->row_color, lut,
          ph * sizeof (guint32)) == 0)
    return;
  if (sc->rows_len < (gsize) ph) {
    g_free (sc->row_color);
    g_free (sc->run_of_row);
    sc->row_color = g_new (guint32, ph);
    sc->run_of_row = g_new (guint32, ph);
    sc->rows_len = ph;
  }
  memcpy (sc->row_color, lut, ph * sizeof (guint32));
  for (y = 0; y < ph; y++) {
    if (y > 0 && lut[y] != lut[y - 1])
      runs++;
    sc->run_of_row[y] = runs;
  }
  runs++;
  if (sc->runs_len < runs) {
    g_free (sc->premul);
    g_free (sc->premul_done);
    sc->premul = g_new (guint32, (gsize) runs * 256);
    sc->premul_done = g_new (guint8, runs);
    sc->runs_len = runs;
  }
  memset (sc->premul_done, 0, runs);
  sc->premul_ph = ph;
}

/* The premultiplied colour of row @y at every opacity 0..255 (of the
 * colour's own alpha). */
static inline const guint32 *
density_premul (RasterScratch * sc, gint y)
{
  guint32 run = sc->run_of_row[y], c, base;
  guint32 *premul = sc->premul + (gsize) run * 256;

  if (!sc->premul_done[run]) {
    base = sc->row_color[y];
    for (c = 0; c < 256; c++)
      premul[c] = neuro_argb_premultiply (((c * (base >> 24) / 255) << 24) |
          (base & 0xffffff));
    sc->premul_done[run] = 1;
  }
  return premul;
}

/* Few spikes for many cells: draws the cells from the spike list instead
 * of scanning every cell (a drawn cell's count is zeroed). */
static void
density_draw_sparse (const RasterFrame * f, RasterScratch * sc,
    const guint8 * alpha_of, guint n_cells)
{
  const RasterLayout *lay = f->lay;
  guint i;

  for (i = 0; i < n_cells; i++) {
    gint x = sc->cell_of_spike[i] >> 16, y = sc->cell_of_spike[i] & 0xffff;
    guint16 *cnt = &sc->counts[(gsize) x * lay->ph + y];

    if (!*cnt)
      continue;                 /* cell already drawn */
    neuro_pixel_over (neuro_canvas_row (f->cv, lay->py0 + y) + lay->px0 + x,
        density_premul (sc, y)[alpha_of[*cnt]]);
    *cnt = 0;
  }
}

/* Every cell, in strips of 16 columns: the strip's counts stay in cache
 * while the frame is written row by row. */
static void
density_draw_strips (const RasterFrame * f, RasterScratch * sc,
    const guint8 * alpha_of)
{
  const RasterLayout *lay = f->lay;
  gint pw = lay->pw, ph = lay->ph, x0, x, y;

  for (x0 = 0; x0 < pw; x0 += 16) {
    gint x1 = MIN (pw, x0 + 16);

    for (y = 0; y < ph; y++) {
      guint32 *row = neuro_canvas_row (f->cv, lay->py0 + y) + lay->px0;
      const guint16 *cnt = sc->counts + (gsize) x0 * ph + y;
      const guint32 *premul = NULL;

      for (x = x0; x < x1; x++, cnt += ph) {
        if (!*cnt)
          continue;
        if (!premul)
          premul = density_premul (sc, y);
        neuro_pixel_over (&row[x], premul[alpha_of[*cnt]]);
      }
    }
  }
}

/* Each pixel cell counts its spikes; the count sets the opacity of the
 * colour of the unit at the row's centre. */
static void
layer_density (const RasterFrame * f, RasterScratch * sc)
{
  const RasterSettings *s = f->s;
  const RasterLayout *lay = f->lay;
  guint32 first = lay->first, n_units = lay->n_units, maxc, c;
  gint pw = lay->pw, ph = lay->ph, y;
  gsize cells = (gsize) pw * ph;
  gboolean sparse = f->n_spikes < cells / 8;
  const guint16 *rows;
  guint n_cells;
  gdouble full;
  guint8 *alpha_of;

  if (sparse)
    ENSURE (sc->cell_of_spike, sc->cell_of_spike_len, guint32, f->n_spikes);
  ENSURE (sc->counts, sc->counts_len, guint16, cells);
  memset (sc->counts, 0, cells * sizeof (guint16));
  /* the row holding the unit's centre on the axes,
   * floor (ph - (u - first + 0.5) * ph / n_units) (there is its tick) */
  rows = density_rows (sc, first, n_units, ph);
  maxc = density_count_any (f, sc, rows, sparse, &n_cells);

  ENSURE (sc->unit_lut, sc->unit_lut_len, guint32, ph);
  for (y = 0; y < ph; y++) {
    /* the unit whose centre is at the row's centre */
    guint32 u = first + (guint32) (((guint64) (2 * (ph - y) - 1) *
            n_units) / (2 * (guint64) ph));

    sc->unit_lut[y] = raster_unit_color (s, MIN (u, lay->last), first, n_units);
  }
  if (maxc == 0)
    return;
  /* opacity grows with the square root of the count (matplotlib's
   * PowerNorm (0.5)) so that single spikes stay visible next to dense
   * bursts; full at density-max Hz per unit over the pixel's units and
   * time, a scale that does not change from frame to frame */
  full = s->density_max * ((gdouble) n_units / ph) * (s->window / pw);
  alpha_of = g_malloc (maxc + 1);
  for (c = 0; c <= maxc; c++)
    alpha_of[c] = (guint8) round (255.0 * sqrt (MIN (1.0, c / full)));
  density_premul_setup (sc, sc->unit_lut, ph);
  if (sparse)
    density_draw_sparse (f, sc, alpha_of, n_cells);
  else
    density_draw_strips (f, sc, alpha_of);
  g_free (alpha_of);
}

/* ----------------------------------------------------------- sweep cursor */

static void
layer_sweep_cursor (const RasterFrame * f, RasterScratch * sc)
{
  const RasterLayout *lay = f->lay;

  neuro_canvas_sweep_cursor (f->cv, lay->px0, lay->py0, lay->pw, lay->ph,
      lay->cursor_x, lay->gap_px, f->bg, f->fg);
}

/* ------------------------------------------------------------------ axes */

/* Unit ids are integers: ticks as matplotlib's MaxNLocator (integer=True)
 * places them, steps of 1, 2, 5 or 10 x 10^k and never below 1. */
static gint
unit_ticks (gdouble lo, gdouble hi, gint max_ticks, gdouble * ticks,
    gint max_out)
{
  gdouble step, v;
  gint n = neuro_nice_ticks (lo, hi, max_ticks, ticks, max_out, &step);

  if (n > 0 && (step < 1 || fabs (step - round (step)) > 1e-9)) {
    /* below 1 -> 1; 2.5 (the one step > 1 that is not whole) -> 5 */
    step = step < 1 ? 1 : 2 * step;
    n = 0;
    for (v = ceil (lo / step) * step; v <= hi && n < max_out; v += step)
      ticks[n++] = v;
  }
  return n;
}

/* neuro_axes_draw, only its lines on the panel when the text around it
 * is restored */
static void
panel_axes_draw (const RasterFrame * f, const NeuroAxes * a,
    const NeuroAxesStyle * style)
{
  if (style->inside_only)
    neuro_axes_draw_on_plot (a, f->cr, f->text, style);
  else
    neuro_axes_draw (a, f->cr, f->text, style);
}

static void
layer_raster_axes (const RasterFrame * f, RasterScratch * sc)
{
  const NeuroAxes *ax = &f->lay->ax;
  gdouble fs = f->lay->fs, yticks[16];
  NeuroAxesStyle style;
  gint n_yt;

  /* over a held picture whose marks were erased, its lines on the plot's
   * reach (the spines, outside the marks) are still there */
  if (sc->deco_kept && sc->marks_erased)
    return;
  neuro_axes_style_init (&style, fs, f->fg);
  style.spines_outside = TRUE;
  style.inside_only = sc->deco_kept;
  style.xlabel = "Time (s)";
  style.ylabel = "Neuron ID";
  /* integer ticks, at most as many as neuro_axes_draw would place */
  n_yt = unit_ticks (ax->ymin, ax->ymax, CLAMP ((gint) (ax->h / (fs * 2)), 1,
          9), yticks, G_N_ELEMENTS (yticks));
  if (n_yt > 0) {
    style.ytick_values = yticks;
    style.n_yticks = n_yt;
  }
  panel_axes_draw (f, ax, &style);
}

static void
layer_title (const RasterFrame * f, RasterScratch * sc)
{
  neuro_axes_title (&f->lay->ax, f->cr, f->text, f->title, f->lay->fs, f->fg);
  neuro_text_last_rect (f->text, sc->title_rect);
}

/* ------------------------------------------------------------ rate panel */

typedef struct
{
  NeuroAxes a;                  /* the panel, with its y range */
  gdouble span;                 /* the window, ns */
  gdouble gap_t;                /* sweep: the blanked time after the cursor */
  guint32 fill;                 /* the area's pixel, over the background */
  gint ytop, ybot;
} RatePanel;

static void
rate_panel_setup (RatePanel * p, const RasterFrame * f)
{
  const RasterSettings *s = f->s;
  const RasterLayout *lay = f->lay;
  gdouble maxv = f->rate->maxv, ymax;
  guint32 bgpx;

  p->a = lay->ra;
  p->span = (gdouble) (lay->t_end - lay->t_lo);
  /* in sweep mode the oldest gap_px columns' worth of time is blanked */
  p->gap_t = lay->gap_px / p->a.w * p->span;
  if (s->rate_max > 0) {
    ymax = s->rate_max;
  } else {
    gdouble ticks[16], step;
    gint nt = neuro_nice_ticks (0, MAX (maxv * 1.1, 1.0), 5, ticks, 16, &step);

    ymax = nt > 0 ? ticks[nt - 1] : 1.0;
    if (ymax < maxv * 1.1)
      ymax += step;
  }
  p->a.ymin = 0;
  p->a.ymax = ymax;
  /* the area under the curve (rate-fill-color, by default the line's
   * colour at 30% opacity); the panel holds only the background so far:
   * blend once, then store */
  bgpx = neuro_argb_premultiply (f->bg);
  neuro_pixel_over (&bgpx, neuro_argb_premultiply (s->rate_fill));
  p->fill = bgpx;
  p->ybot = MIN ((gint) floor (neuro_axes_y (&p->a, 0)), f->cv->height);
  p->ytop = (gint) ceil (p->a.y0);
}

/* The curve's points (bin centres, the rate of bin k at the centre of
 * bin k) into x, y, in drawing order; a NaN point breaks the line and the
 * area.  Returns the count (at most 2 nb). */
static gsize
rate_points_scroll (const RatePanel * p, const RasterFrame * f, gdouble * x,
    gdouble * y)
{
  const RasterRate *rate = f->rate;
  gint k;

  for (k = 0; k < rate->nb; k++) {
    gdouble tc = ((rate->k0 + k) + 0.5) * rate->bin * GST_SECOND;

    x[k] = p->a.x0 + (tc - f->lay->t_lo) / p->span * p->a.w;
    y[k] = neuro_axes_y (&p->a, rate->v[k]);
  }
  return rate->nb;
}

/* The line and the area break where the previous sweep meets the current
 * one, and in the gap. */
static gsize
rate_points_sweep (const RatePanel * p, const RasterFrame * f, gdouble * x,
    gdouble * y)
{
  const RasterRate *rate = f->rate;
  gint64 sweep_start = f->lay->sweep_start;
  gsize n = 0;
  gint k;

  for (k = 0; k < rate->nb; k++) {
    gdouble tc = ((rate->k0 + k) + 0.5) * rate->bin * GST_SECOND;
    gdouble prev = (rate->k0 + k - 0.5) * rate->bin * GST_SECOND;
    gdouble d = tc - sweep_start;

    if (tc - f->lay->t_lo < p->gap_t) {
      x[n] = y[n] = NAN;
      n++;
      continue;
    }
    if (d < 0) {
      d += p->span;
    } else if (tc - prev > 0 && prev < sweep_start) {
      /* first bin of the current sweep */
      x[n] = y[n] = NAN;
      n++;
    }
    x[n] = p->a.x0 + d / p->span * p->a.w;
    y[n] = neuro_axes_y (&p->a, rate->v[k]);
    n++;
  }
  return n;
}

typedef gsize (*RatePoints) (const RatePanel * p, const RasterFrame * f,
    gdouble * x, gdouble * y);

/* The population rate below the raster: the area under the curve at 30 %
 * of the curve's opacity, the curve, both with neurotrace straight into
 * the frame; then the axes. */
static void
rate_panel_draw (const RasterFrame * f, RasterScratch * sc, RatePoints points)
{
  RatePanel p;
  cairo_t *cr = f->cr;

  rate_panel_setup (&p, f);
  if (f->rate->nb > 0) {
    guint32 col = f->s->rate_color;
    NeuroTracePen pen;
    gsize n;

    if (!sc->trace)
      sc->trace = neuro_trace_new ();
    if (sc->rate_len < 2 * (gsize) f->rate->nb) {
      sc->rate_len = 2 * (gsize) f->rate->nb;
      sc->rate_x = g_renew (gdouble, sc->rate_x, sc->rate_len);
      sc->rate_y = g_renew (gdouble, sc->rate_y, sc->rate_len);
    }
    n = points (&p, f, sc->rate_x, sc->rate_y);
    neuro_trace_set_target (sc->trace, f->cv, (gint) floor (p.a.x0),
        (gint) floor (p.a.y0), (gint) ceil (p.a.x0 + p.a.w),
        (gint) ceil (p.a.y0 + p.a.h));
    /* the panel holds only the background so far: over an opaque one
     * the area is the opaque p.fill (the same pixels, stored instead of
     * blended where fully covered) */
    neuro_trace_fill_between (sc->trace, (p.fill >> 24) == 0xff ? p.fill :
        f->s->rate_fill, sc->rate_x,
        sc->rate_y, NULL, neuro_axes_y (&p.a, 0), n);
    /* matplotlib's Line2D: round joins, projecting caps */
    neuro_trace_pen_init (&pen, col, f->s->rate_line_width,
        neuro_text_get_style (f->text)->dpi);
    neuro_trace_polyline (sc->trace, &pen, sc->rate_x, sc->rate_y, n);
  }
  if (f->show_axes) {
    NeuroAxesStyle style;

    neuro_axes_style_init (&style, f->lay->fs, f->fg);
    style.spines_outside = TRUE;
    style.xlabel = "Time (s)";
    style.ylabel = "Rate (Hz)";
    style.grid = TRUE;
    neuro_axes_draw (&p.a, cr, f->text, &style);
  }
}

/* the curve only: its axes are layer_rate_decorations' */
static void
layer_rate_scroll (const RasterFrame * f, RasterScratch * sc)
{
  RasterFrame curve = *f;

  curve.show_axes = FALSE;
  rate_panel_draw (&curve, sc, rate_points_scroll);
}

static void
layer_rate_sweep (const RasterFrame * f, RasterScratch * sc)
{
  RasterFrame curve = *f;

  curve.show_axes = FALSE;
  rate_panel_draw (&curve, sc, rate_points_sweep);
}

/* The rate panel's axes (its y label: rate-y-label) and its own title
 * (rate-title, as the tutorial's ax2.set_title), above the panel as the
 * raster's title is above the raster. */
static void
layer_rate_decorations (const RasterFrame * f, RasterScratch * sc)
{
  const RasterSettings *s = f->s;

  if (f->show_axes) {
    NeuroAxesStyle style;
    RatePanel p;

    rate_panel_setup (&p, f);
    neuro_axes_style_init (&style, f->lay->fs, f->fg);
    style.spines_outside = TRUE;
    style.inside_only = sc->deco_kept;
    style.xlabel = "Time (s)";
    style.ylabel = s->rate_y_label;
    style.grid = TRUE;
    panel_axes_draw (f, &p.a, &style);
  }
  if (s->rate_title && *s->rate_title && !sc->deco_kept)
    neuro_axes_title (&f->lay->ra, f->cr, f->text, s->rate_title,
        f->lay->fs, f->fg);
}

/* ----------------------------------------------------------- decorations */

static void
key_axes (GString * k, const NeuroAxes * a)
{
  g_string_append_printf (k, "%a,%a,%a,%a|%a,%a,%a,%a,%d|", a->x0, a->y0,
      a->w, a->h, a->xmin, a->xmax, a->ymin, a->ymax, a->y_inverted);
}

/* Everything the axes around the two panels show (not the title) */
static gchar *
deco_key (const RasterFrame * f)
{
  GString *k = g_string_new (NULL);

  g_string_append_printf (k, "%dx%d|%a|%08x,%08x|%d|", f->cv->width,
      f->cv->height, f->lay->fs, f->fg, f->bg, f->show_axes);
  key_axes (k, &f->lay->ax);
  if (raster_layout_has_rate (f->lay, f->s)) {
    RatePanel p;

    rate_panel_setup (&p, f);
    key_axes (k, &p.a);
    g_string_append_printf (k, "%s|%s", f->s->rate_y_label ?
        f->s->rate_y_label : "", f->s->rate_title ? f->s->rate_title : "");
  }
  return g_string_free (k, FALSE);
}

/* After the data: the axes around the panels come back from the cache
 * while their key holds */
static void
layer_deco_begin (const RasterFrame * f, RasterScratch * sc)
{
  gint rects[2][4];
  guint n;

  g_clear_pointer (&sc->deco_key, g_free);
  sc->deco_kept = FALSE;
  if (f->overlay)
    return;
  if (sc->deco == NULL)
    sc->deco = neuro_deco_cache_new ();
  sc->deco_key = deco_key (f);
  n = raster_plot_rects (f->lay, f->s, rects);
  sc->deco_kept = neuro_deco_cache_restore_held (sc->deco, f->cv,
      sc->deco_key, f->held, neuro_argb_premultiply (f->bg),
      (const gint (*)[4]) rects, n);
  if (sc->marks_erased && !neuro_deco_cache_held_kept (sc->deco)) {
    const RasterLayout *lay = f->lay;

    /* the held picture's lines in the raster's reach, around its marks */
    neuro_canvas_set_rect_outside (f->cv, rects[0][0], rects[0][1],
        rects[0][2], rects[0][3], lay->px0, lay->py0, lay->px0 + lay->pw,
        lay->py0 + lay->ph, f->bg);
    sc->marks_erased = FALSE;
  }
  if (sc->deco_kept)
    cairo_surface_mark_dirty (cairo_get_target (f->cr));
}

/* what is around the raster and the rate panel is kept */
static void
layer_deco_end (const RasterFrame * f, RasterScratch * sc)
{
  gint rects[2][4];
  guint n = raster_plot_rects (f->lay, f->s, rects);

  if (sc->deco_key && !sc->deco_kept) {
    cairo_surface_flush (cairo_get_target (f->cr));
    neuro_deco_cache_store (sc->deco, f->cv, neuro_argb_premultiply (f->bg),
        (const gint (*)[4]) rects, n);
  }
  g_clear_pointer (&sc->deco_key, g_free);
  sc->deco_kept = FALSE;
}

/* ------------------------------------------------------------------ plan */

guint
raster_plot_rects (const RasterLayout * lay, const RasterSettings * s,
    gint rects[2][4])
{
  neuro_axes_plot_reach (&lay->ax, rects[0]);
  if (!raster_layout_has_rate (lay, s))
    return 1;
  neuro_axes_plot_reach (&lay->ra, rects[1]);
  return 2;
}

gboolean
raster_plan_keeps (const RasterPlan * plan)
{
  guint i;

  for (i = 0; i < plan->n_layers; i++)
    if (plan->layers[i] == layer_deco_begin)
      return TRUE;
  return FALSE;
}

/* TRUE when the plan's raster is only marks on the background (what
 * a mark log can erase) */
static gboolean
plan_marks_only (const RasterPlan * plan)
{
  guint i;

  for (i = 0; i < plan->n_layers; i++)
    if (plan->layers[i] == layer_density
        || plan->layers[i] == layer_sweep_cursor)
      return FALSE;
  return TRUE;
}

static void
plot_key (const RasterLayout * lay, gint k[4])
{
  k[0] = lay->px0;
  k[1] = lay->py0;
  k[2] = lay->pw;
  k[3] = lay->ph;
}

gboolean
raster_plan_erase_marks (const RasterPlan * plan, const RasterLayout * lay,
    RasterScratch * sc, NeuroCanvas * cv, guint64 held, guint32 bg)
{
  RasterMarkLog *log = NULL;
  gint k[4], i, y, x;
  gsize m;

  for (i = 0; held && i < RASTER_MARK_LOGS; i++)
    if (sc->mark_logs[i].stamp == held)
      log = &sc->mark_logs[i];
  plot_key (lay, k);
  /* the rest of its plot area is the background it was drawn on */
  if (log == NULL || log->full || memcmp (k, log->plot, sizeof k) != 0
      || log->bg != bg || !plan_marks_only (plan))
    return FALSE;
  for (m = 0; m < log->n; m++) {
    const gint16 *r = log->r + 4 * m;

    for (y = r[1]; y < r[3]; y++) {
      guint32 *row = neuro_canvas_row (cv, lay->py0 + y) + lay->px0;

      for (x = r[0]; x < r[2]; x++)
        row[x] = bg;
    }
  }
  sc->marks_erased = TRUE;
  return TRUE;
}

guint64
raster_plan_done (const RasterPlan * plan, RasterScratch * sc)
{
  guint i, n = 0;
  guint64 stamp;

  sc->marks_erased = sc->marks_erased && raster_plan_keeps (plan);
  if (!raster_plan_keeps (plan) || sc->deco == NULL) {
    if (sc->mark_log)
      sc->mark_log->stamp = 0;
    sc->mark_log = NULL;
    sc->marks_erased = FALSE;
    return 0;
  }
  for (i = 0; i < plan->n_layers; i++)
    if (plan->layers[i] == layer_title)
      n = 1;
  stamp = neuro_deco_cache_done (sc->deco, (const gint (*)[4])
      sc->title_rect, n);
  if (sc->mark_log)
    sc->mark_log->stamp = sc->mark_log->full ? 0 : stamp;
  sc->mark_log = NULL;
  sc->marks_erased = FALSE;
  return stamp;
}

void
raster_plan_log_marks (const RasterLayout * lay, RasterScratch * sc,
    guint32 bg)
{
  RasterMarkLog *log = &sc->mark_logs[sc->mark_next];

  sc->mark_next = (sc->mark_next + 1) % RASTER_MARK_LOGS;
  log->stamp = 0;
  log->n = 0;
  log->full = FALSE;
  plot_key (lay, log->plot);
  log->bg = bg;
  sc->mark_log = log;
}

void
raster_plan_setup (RasterPlan * plan, const RasterSettings * s,
    const RasterLayout * lay, gboolean show_axes, gboolean with_title)
{
  gboolean sweep = s->mode == GST_SPIKE_RASTER_SWEEP;
  guint n = 0;

  if (lay->pw > 0 && lay->ph > 0) {
    if (lay->density)
      plan->layers[n++] = layer_density;
    else if (s->color_mode == GST_SPIKE_RASTER_COLOR_SINGLE)
      plan->layers[n++] = layer_marks_single;
    else if (lay->n_units <= 1 << 20)
      plan->layers[n++] = layer_marks_lut;
    else
      plan->layers[n++] = layer_marks_each;
    if (sweep)
      plan->layers[n++] = layer_sweep_cursor;
  }
  /* the data first, then the decorations around it (restored from the
   * cache or drawn and kept), then the title, which changes with time */
  if (raster_layout_has_rate (lay, s))
    plan->layers[n++] = sweep ? layer_rate_sweep : layer_rate_scroll;
  if (show_axes || raster_layout_has_rate (lay, s)) {
    plan->layers[n++] = layer_deco_begin;
    if (show_axes)
      plan->layers[n++] = layer_raster_axes;
    if (raster_layout_has_rate (lay, s))
      plan->layers[n++] = layer_rate_decorations;
    plan->layers[n++] = layer_deco_end;
  }
  if (with_title)
    plan->layers[n++] = layer_title;
  g_assert (n <= RASTER_MAX_LAYERS);
  plan->n_layers = n;
}
