/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* gst-neuroviz — activitymap's image view (see mapimage.h).
 *
 * What is drawn outside the image rectangle (axes, ticks, labels) is kept
 * and copied back while nothing it shows changes; so is the colorbar, and
 * the colours of the frame's cells (a frame held for many output frames is
 * mapped once).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "mapimage.h"
#include "neurodeco.h"

#include <math.h>
#include <string.h>

#define DEFAULT_TITLE "t = {t}"
/* cell colours are kept for grids up to 4 M cells (16 MB) */
#define MAX_CACHED_CELLS ((gsize) 1 << 22)

/* the image rectangle and the colorbar beside it */
typedef struct
{
  gint x0, y0, w, h;            /* image rectangle */
  gdouble fs;
  /* colorbar rectangle, and the width kept for it and its labels */
  gdouble cb_x, cb_w, cb_reserve;
} Layout;

typedef struct
{
  MapAxisTable cols, rows;

  /* scratch rows */
  guint32 *row_colors;          /* one grid row through the colormap */
  gfloat *row_vals;             /* log values / interpolated row */
  gfloat *hrow[2];              /* bilinear: two grid rows resampled to w */
  gint hrow_of[2];
  gsize scratch_len;

  /* the decorations around the image */
  NeuroDecoCache *deco;

  /* the colorbar's rectangle */
  gchar *cb_key;
  guint8 *cb_pix;

  /* the cells' colours, mapped lazily row by row while frame and limits
   * stay */
  gchar *cgrid_key;
  guint32 *cgrid;
  guint8 *cgrid_valid;          /* per grid row */
  gsize cgrid_cells;
  gint cgrid_rows;
} MapImage;

/* the colours a kernel maps values with */
typedef struct
{
  NeuroColormap cmap;
  gboolean log;
  gdouble nlo, nhi;             /* limits, log10 for log scales */
  guint32 bad;                  /* premultiplied, over the background */
} MapColors;

/* One kernel per interpolation, chosen once per frame. */
typedef void (*MapImageKernel) (MapImage * m, NeuroCanvas * cv,
    const Layout * L, const MapInput * in, const MapColors * c);

/* ---------------------------------------------------------------- tables */

void
map_axis_table_update (MapAxisTable * t, gint cells, gint pixels)
{
  gint c;

  if (t->cell && t->cells == cells && t->pixels == pixels)
    return;
  map_axis_table_free (t);
  t->cell = g_new (gint, pixels);
  t->j0 = g_new (gint, pixels);
  t->fx = g_new (gfloat, pixels);
  for (c = 0; c < pixels; c++) {
    gdouble u = ((c + 0.5) * cells) / pixels - 0.5;
    gint j0;

    /* the last cell j with floor (j·pixels/cells) <= c */
    t->cell[c] = (gint) ((((guint64) c + 1) * cells - 1) / pixels);
    u = CLAMP (u, 0.0, cells - 1.0);
    j0 = MIN ((gint) floor (u), MAX (cells - 2, 0));
    t->j0[c] = j0;
    t->fx[c] = (gfloat) (u - j0);
  }
  t->cells = cells;
  t->pixels = pixels;
}

void
map_axis_table_free (MapAxisTable * t)
{
  g_free (t->cell);
  g_free (t->j0);
  g_free (t->fx);
  memset (t, 0, sizeof *t);
}

static void
ensure_scratch (MapImage * m, gint gw, gint w)
{
  gsize n = MAX (gw, w) + 1;

  if (m->scratch_len < n) {
    g_free (m->row_colors);
    g_free (m->row_vals);
    g_free (m->hrow[0]);
    g_free (m->hrow[1]);
    m->row_colors = g_new (guint32, n);
    m->row_vals = g_new (gfloat, n);
    m->hrow[0] = g_new (gfloat, n);
    m->hrow[1] = g_new (gfloat, n);
    m->scratch_len = n;
  }
}

/* --------------------------------------------------------------- kernels */

static inline gfloat
lerp_nan (gfloat a, gfloat b, gfloat f)
{
  /* a zero weight must not let a NaN neighbour through */
  if (f == 0.0f)
    return a;
  if (f == 1.0f)
    return b;
  return a + f * (b - a);
}

/* values -> log10 (values), non-positive -> NaN (LogNorm masks them) */
static const gfloat *
log_row (const gfloat * in, gint n, gfloat * out)
{
  gint k;

  for (k = 0; k < n; k++)
    out[k] = in[k] > 0 ? (gfloat) log10 ((gdouble) in[k]) : NAN;
  return out;
}

/* The cell colour cache for this frame and these colours (NULL when the
 * grid is too large to keep). */
static guint32 *
cell_colors (MapImage * m, const MapInput * in, const MapColors * c)
{
  gsize cells = (gsize) in->gw * in->gh;
  gchar *key;

  if (cells > MAX_CACHED_CELLS)
    return NULL;
  key = g_strdup_printf ("%" G_GUINT64_FORMAT "|%.17g|%.17g|%d|%08x|%d|%dx%d",
      in->seq, c->nlo, c->nhi, c->cmap, c->bad, c->log, in->gw, in->gh);
  if (m->cgrid_cells != cells || m->cgrid_rows != in->gh) {
    g_free (m->cgrid);
    g_free (m->cgrid_valid);
    m->cgrid = g_new (guint32, cells);
    m->cgrid_valid = g_new (guint8, in->gh);
    m->cgrid_cells = cells;
    m->cgrid_rows = in->gh;
    g_clear_pointer (&m->cgrid_key, g_free);
  }
  if (m->cgrid_key == NULL || strcmp (key, m->cgrid_key) != 0) {
    memset (m->cgrid_valid, 0, in->gh);
    g_free (m->cgrid_key);
    m->cgrid_key = key;
  } else {
    g_free (key);
  }
  return m->cgrid;
}

/* Each cell a solid rectangle: a grid row is mapped once (or taken from the
 * cache) and repeated for every pixel row it covers. */
static void
draw_nearest (MapImage * m, NeuroCanvas * cv, const Layout * L,
    const MapInput * in, const MapColors * c)
{
  gint gw = in->gw, w = L->w, y, x, last_cell = -1;
  guint32 *cgrid = cell_colors (m, in, c), *prev = NULL;
  const gint *cc = m->cols.cell;

  for (y = 0; y < L->h; y++) {
    guint32 *dst = neuro_canvas_row (cv, L->y0 + y) + L->x0;
    gint i = m->rows.cell[y];
    const gfloat *src = in->data + (gsize) i * gw;
    guint32 *rc = m->row_colors;

    if (i == last_cell) {
      memcpy (dst, prev, (gsize) w * 4);
      prev = dst;
      continue;
    }
    if (cgrid)
      rc = cgrid + (gsize) i * gw;
    if (!cgrid || !m->cgrid_valid[i]) {
      if (c->log)
        src = log_row (src, gw, m->row_vals);
      neuro_colormap_map_row (c->cmap, src, gw, c->nlo, c->nhi, c->bad, rc);
      if (cgrid)
        m->cgrid_valid[i] = 1;
    }
    if (w == gw) {
      memcpy (dst, rc, (gsize) w * 4);
    } else {
      for (x = 0; x < w; x++)
        dst[x] = rc[cc[x]];
    }
    last_cell = i;
    prev = dst;
  }
}

/* Grid row @gi resampled to the image width into one of the two slots,
 * kept while the next pixel rows need it; never evicts @keep. */
static const gfloat *
resampled_row (MapImage * m, const MapInput * in, gint w, gint gi,
    const gfloat * keep)
{
  const gint *j0 = m->cols.j0;
  const gfloat *fx = m->cols.fx, *src;
  gint j1off = in->gw > 1 ? 1 : 0, slot, x;
  gfloat *hr;

  if (m->hrow_of[0] == gi)
    return m->hrow[0];
  if (m->hrow_of[1] == gi)
    return m->hrow[1];
  slot = keep == m->hrow[0] ? 1 : 0;
  src = in->data + (gsize) gi * in->gw;
  hr = m->hrow[slot];
  for (x = 0; x < w; x++)
    hr[x] = lerp_nan (src[j0[x]], src[j0[x] + j1off], fx[x]);
  m->hrow_of[slot] = gi;
  return hr;
}

/* Bilinear between cell centres, as imshow(interpolation='bilinear'). */
static void
draw_bilinear (MapImage * m, NeuroCanvas * cv, const Layout * L,
    const MapInput * in, const MapColors * c)
{
  gint w = L->w, y, x;

  m->hrow_of[0] = m->hrow_of[1] = -1;
  for (y = 0; y < L->h; y++) {
    guint32 *dst = neuro_canvas_row (cv, L->y0 + y) + L->x0;
    gint i0 = m->rows.j0[y], i1 = MIN (i0 + 1, in->gh - 1);
    gfloat fy = m->rows.fx[y], *out = m->row_vals;
    const gfloat *r0, *r1;

    /* the first neighbour must not evict the row the second one needs */
    r0 = resampled_row (m, in, w, i0, m->hrow_of[0] == i1 ? m->hrow[0] :
        m->hrow_of[1] == i1 ? m->hrow[1] : NULL);
    r1 = resampled_row (m, in, w, i1, r0);
    for (x = 0; x < w; x++)
      out[x] = lerp_nan (r0[x], r1[x], fy);
    if (c->log)
      log_row (out, w, out);
    neuro_colormap_map_row (c->cmap, out, w, c->nlo, c->nhi, c->bad, dst);
  }
}

static void
draw_grid_lines (NeuroCanvas * cv, const Layout * L, gint gw, gint gh,
    guint32 color)
{
  gint j;

  if (L->w < 4 * gw || L->h < 4 * gh)
    return;
  for (j = 1; j < gw; j++) {
    gint x = L->x0 + (gint) ((gint64) j * L->w / gw);
    neuro_canvas_fill_rect (cv, x, L->y0, x + 1, L->y0 + L->h, color);
  }
  for (j = 1; j < gh; j++) {
    gint y = L->y0 + (gint) ((gint64) j * L->h / gh);
    neuro_canvas_fill_rect (cv, L->x0, y, L->x0 + L->w, y + 1, color);
  }
}

/* Each cell's value ("%.2f") at its centre, black or white by the cell's
 * luminance; skipped when cells are too small for text. */
static void
draw_values (const MapTarget * t, const Layout * L, const MapInput * in)
{
  gint gw = in->gw, gh = in->gh, i, j;
  gdouble cw = L->w / (gdouble) gw, ch = L->h / (gdouble) gh;
  gdouble size = MIN (L->fs, ch * 0.45), tw;
  gchar buf[32];

  if (gw > 64 || gh > 64)
    return;
  neuro_text_extent (t->text, "-0.00", size, FALSE, &tw, NULL);
  if (tw > cw * 0.92)
    size *= cw * 0.92 / tw;
  if (size < 6.0)
    return;
  for (i = 0; i < gh; i++) {
    gint ya = L->y0 + (gint) ((gint64) i * L->h / gh);
    gint yb = L->y0 + (gint) ((gint64) (i + 1) * L->h / gh);

    for (j = 0; j < gw; j++) {
      gint xa = L->x0 + (gint) ((gint64) j * L->w / gw);
      gint xb = L->x0 + (gint) ((gint64) (j + 1) * L->w / gw);
      gfloat v = in->data[(gsize) i * gw + j];
      guint32 px = neuro_canvas_row (t->canvas, (ya + yb) / 2)[(xa + xb) / 2];
      gdouble lum;

      if (isnan (v))
        continue;
      /* the cell's colour under the text, premultiplied but opaque here */
      lum = 0.299 * ((px >> 16) & 0xff) + 0.587 * ((px >> 8) & 0xff) +
          0.114 * (px & 0xff);
      g_snprintf (buf, sizeof (buf), "%.2f", v);
      if (strcmp (buf, "-0.00") == 0)
        strcpy (buf, "0.00");
      neuro_text_draw (t->text, t->cr, buf, (xa + xb) / 2.0, (ya + yb) / 2.0,
          size, FALSE, lum > 127.5 ? 0xff000000 : 0xffffffff,
          NEURO_ALIGN_CENTER, NEURO_ALIGN_CENTER, FALSE);
    }
  }
}

/* ------------------------------------------------------------ decorations */

/* the spines exactly as neuro_axes_draw draws them, on top of the image */
static void
draw_spines (cairo_t * cr, const NeuroAxes * a, gdouble fs, guint32 fg)
{
  gdouble lw = MAX (1.0, round (fs / 14.0));
  gdouble x0 = floor (a->x0) + 0.5, y0 = floor (a->y0) + 0.5;
  gdouble x1 = floor (a->x0 + a->w) - 0.5, y1 = floor (a->y0 + a->h) - 0.5;

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_line_width (cr, lw);
  neuro_cairo_set_source_argb (cr, fg, 1.0);
  cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  cairo_stroke (cr);
  cairo_restore (cr);
}

gint
map_int_ticks (gint n_cells, gint max_ticks, gdouble * ticks, gint max_out)
{
  gint64 step = 1, mag = 1;
  gint n = 0;
  gint64 k;

  for (;;) {
    if ((n_cells + step - 1) / step <= max_ticks)
      break;
    if (step == mag)
      step = 2 * mag;
    else if (step == 2 * mag)
      step = 5 * mag;
    else
      step = mag = 10 * mag;
  }
  for (k = 0; k < n_cells && n < max_out; k += step)
    ticks[n++] = (gdouble) k;
  return n;
}

/* x ticks under the image, placed as neuro_axes_draw places its own */
static void
draw_x_int_ticks (cairo_t * cr, NeuroText * t, const NeuroAxes * a,
    gint n_cells, gdouble fs, guint32 fg)
{
  gdouble ticks[32];
  gdouble tick_len = MAX (3.0, fs * 0.35);
  gdouble lw = MAX (1.0, round (fs / 14.0));
  gdouble y1 = floor (a->y0 + a->h) - 0.5;
  gint i, n;
  gchar buf[32];

  n = map_int_ticks (n_cells, CLAMP ((gint) (a->w / (fs * 6)), 2, 10), ticks,
      G_N_ELEMENTS (ticks));
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_line_width (cr, lw);
  neuro_cairo_set_source_argb (cr, fg, 1.0);
  for (i = 0; i < n; i++) {
    gdouble x = floor (neuro_axes_x (a, ticks[i])) + 0.5;

    cairo_move_to (cr, x, y1);
    cairo_line_to (cr, x, y1 + tick_len);
    cairo_stroke (cr);
    g_snprintf (buf, sizeof (buf), "%d", (gint) ticks[i]);
    neuro_text_draw (t, cr, buf, x, y1 + tick_len + fs * 0.2, fs, FALSE, fg,
        NEURO_ALIGN_CENTER, NEURO_ALIGN_START, FALSE);
  }
  cairo_restore (cr);
}

/* Axes, ticks and labels, drawn once per change of anything they show and
 * copied back otherwise. */
static void
draw_decorations (MapImage * m, const MapSettings * s, const MapInput * in,
    const MapTarget * t, const Layout * L, const NeuroAxes * ax)
{
  NeuroCanvas *cv = t->canvas;
  const gint image[1][4] = { {L->x0, L->y0, L->x0 + L->w, L->y0 + L->h} };
  gchar *key;

  key = g_strdup_printf ("%dx%d/%d|%d,%d,%d,%d|%d,%d|%d,%d|%08x,%08x|%s|%s|"
      "%.3f", cv->width, cv->height, cv->stride, L->x0, L->y0, L->w, L->h,
      in->gw, in->gh, s->image.colorbar, t->show_axes, t->fg, t->bg,
      s->x_label ? s->x_label : "", s->y_label ? s->y_label : "", L->fs);
  if (neuro_deco_cache_restore_held (m->deco, cv, key, t->held, t->bg,
          image, 1)) {
    g_free (key);
    return;
  }
  if (t->show_axes) {
    NeuroAxesStyle style;
    gdouble yt[32];

    neuro_axes_style_init (&style, L->fs, t->fg);
    style.xlabel = s->x_label;
    style.ylabel = s->y_label;
    style.xticks = FALSE;
    style.ytick_values = yt;
    style.n_yticks = map_int_ticks (in->gh, CLAMP ((gint) (L->h / (L->fs *
                    3)), 2, 10), yt, G_N_ELEMENTS (yt));
    neuro_axes_draw (ax, t->cr, t->text, &style);
    draw_x_int_ticks (t->cr, t->text, ax, in->gw, L->fs, t->fg);
  }
  cairo_surface_flush (cairo_get_target (t->cr));
  neuro_deco_cache_store (m->deco, cv, t->bg, image, 1);
  g_free (key);
}

/* The colorbar: its own small cached rectangle, redrawn only when the
 * limits (or its look) change. */
/* the pixels the colorbar's cache keeps */
static void
colorbar_rect (const Layout * L, const NeuroCanvas * cv, gint r[4])
{
  r[0] = CLAMP ((gint) floor (L->cb_x) - 1, 0, cv->width);
  r[2] = CLAMP ((gint) ceil (L->cb_x + L->cb_reserve), 0, cv->width);
  r[1] = CLAMP ((gint) floor (L->y0 - L->fs), 0, cv->height);
  r[3] = CLAMP ((gint) ceil (L->y0 + L->h + L->fs), 0, cv->height);
}

static void
draw_colorbar (MapImage * m, const MapSettings * s, const MapColors * c,
    const MapTarget * t, const Layout * L)
{
  NeuroCanvas *cv = t->canvas;
  gint r[4], cx0, cx1, cy0, cy1;
  const guint32 *lut = neuro_colormap_lut (s->image.colormap);
  gsize rowb;
  gchar *key;
  gint y;

  colorbar_rect (L, cv, r);
  cx0 = r[0];
  cy0 = r[1];
  cx1 = r[2];
  cy1 = r[3];
  if (cx1 <= cx0 || cy1 <= cy0)
    return;
  rowb = (gsize) (cx1 - cx0) * 4;
  key = g_strdup_printf ("%d,%d,%d,%d|%d,%d|%.17g,%.17g|%d|%08x,%08x|%s|%d|"
      "%.3f", cx0, cx1, cy0, cy1, L->y0, L->h, c->nlo, c->nhi, c->cmap,
      t->fg, t->bg, s->image.colorbar_label ? s->image.colorbar_label : "",
      c->log, L->fs);
  if (m->cb_key && strcmp (key, m->cb_key) == 0) {
    for (y = cy0; y < cy1; y++)
      memcpy (neuro_canvas_row (cv, y) + cx0, m->cb_pix +
          (gsize) (y - cy0) * rowb, rowb);
    g_free (key);
    return;
  }
  cairo_surface_mark_dirty (cairo_get_target (t->cr));
  if (c->log)
    neuro_colorbar_draw_log (t->cr, t->text, lut, L->cb_x, L->y0, L->cb_w,
        L->h, s->image.lo, s->image.hi, s->image.colorbar_label, L->fs, t->fg);
  else
    neuro_colorbar_draw (t->cr, t->text, lut, L->cb_x, L->y0, L->cb_w, L->h,
        c->nlo, c->nhi, s->image.colorbar_label, L->fs, t->fg);
  cairo_surface_flush (cairo_get_target (t->cr));
  g_free (m->cb_pix);
  m->cb_pix = g_malloc (rowb * (cy1 - cy0));
  for (y = cy0; y < cy1; y++)
    memcpy (m->cb_pix + (gsize) (y - cy0) * rowb,
        neuro_canvas_row (cv, y) + cx0, rowb);
  g_free (m->cb_key);
  m->cb_key = key;
}

/* ----------------------------------------------------------------- layout */

static void
compute_layout (const MapSettings * s, const MapInput * in,
    const MapTarget * t, Layout * L)
{
  NeuroCanvas *cv = t->canvas;
  gdouble fs = neuro_text_get_style (t->text)->font_size;
  gdouble ah, aw, reserve = 0, th, tlw, left;
  gint gw = MAX (in->gw, 1), gh = MAX (in->gh, 1);
  NeuroPlotFrame pf = {.width = cv->width,.height = cv->height,
    .font_size = fs,.axes = t->show_axes,.title = t->title != NULL,
    .xlabel = s->x_label != NULL,.ylabel = s->y_label != NULL
  };
  NeuroMargins m = neuro_plot_margins (t->text, &pf);

  L->fs = fs;
  ah = MAX (1.0, cv->height - m.top - m.bottom);
  L->cb_w = 0;
  if (s->image.colorbar) {
    neuro_text_extent (t->text, "-0.000", fs, FALSE, &tlw, &th);
    /* matplotlib: colorbar as tall as the image, aspect 20, pad 0.05 */
    L->cb_w = MAX (6.0, round (ah * 0.05));
    reserve = round (fs * 1.2) + L->cb_w + MAX (3.0, fs * 0.35) + fs * 0.3 +
        tlw + (s->image.colorbar_label ? th * 1.5 : 0) + fs * 0.5;
  }
  left = m.left;
  aw = MAX (1.0, cv->width - m.right - reserve - left);
  if (s->image.equal_aspect) {
    gdouble sc = MIN (aw / gw, ah / gh);

    L->w = MAX (1, (gint) floor (gw * sc + 1e-6));
    L->h = MAX (1, (gint) floor (gh * sc + 1e-6));
  } else {
    L->w = MAX (1, (gint) floor (aw));
    L->h = MAX (1, (gint) floor (ah));
  }
  /* image and colorbar centred together (aw excludes the colorbar) */
  L->x0 = (gint) round (left + (aw - L->w) / 2);
  L->y0 = (gint) round (m.top + (ah - L->h) / 2);
  L->x0 = CLAMP (L->x0, 0, MAX (0, cv->width - 1));
  L->y0 = CLAMP (L->y0, 0, MAX (0, cv->height - 1));
  L->w = MIN (L->w, cv->width - L->x0);
  L->h = MIN (L->h, cv->height - L->y0);
  L->cb_x = L->x0 + L->w + round (fs * 1.2);
  L->cb_reserve = reserve - round (fs * 1.2);
}

/* imshow's extent: cell centres at integer indices, row 0 on top */
static void
image_axes (const Layout * L, const MapInput * in, NeuroAxes * ax)
{
  ax->x0 = L->x0;
  ax->y0 = L->y0;
  ax->w = L->w;
  ax->h = L->h;
  ax->xmin = -0.5;
  ax->xmax = in->gw - 0.5;
  ax->ymin = -0.5;
  ax->ymax = in->gh - 0.5;
  ax->y_inverted = TRUE;
}

/* ------------------------------------------------------------------- view */

static void
map_image_draw (gpointer state, const MapSettings * s, const MapInput * in,
    const MapTarget * t)
{
  MapImage *m = state;
  MapColors c;
  Layout L;
  NeuroAxes ax;
  gint extras[2][4];

  compute_layout (s, in, t, &L);
  image_axes (&L, in, &ax);
  /* over a picture of ours: the image's area afresh where the kernel
   * does not paint it */
  if (t->held && !(in->data && s->image.have_limits
          && (t->bg >> 24) == 0xff))
    neuro_canvas_set_rect (t->canvas, L.x0, L.y0, L.x0 + L.w, L.y0 + L.h,
        t->bg);
  c.cmap = s->image.colormap;
  c.log = s->image.log;
  c.nlo = c.log && s->image.have_limits ? log10 (s->image.lo) : s->image.lo;
  c.nhi = c.log && s->image.have_limits ? log10 (s->image.hi) : s->image.hi;
  /* NaN cells show the background through the bad colour */
  c.bad = t->bg;
  neuro_pixel_over (&c.bad, neuro_argb_premultiply (s->image.bad_color));

  draw_decorations (m, s, in, t, &L, &ax);
  if (s->image.colorbar && s->image.have_limits)
    draw_colorbar (m, s, &c, t, &L);
  if (in->data && s->image.have_limits) {
    MapImageKernel kernel = s->image.bilinear ? draw_bilinear : draw_nearest;

    map_axis_table_update (&m->cols, in->gw, L.w);
    map_axis_table_update (&m->rows, in->gh, L.h);
    ensure_scratch (m, in->gw, L.w);
    cairo_surface_flush (cairo_get_target (t->cr));
    kernel (m, t->canvas, &L, in, &c);
    if (s->image.grid_lines)
      draw_grid_lines (t->canvas, &L, in->gw, in->gh, s->image.grid_color);
    cairo_surface_mark_dirty (cairo_get_target (t->cr));
    if (s->image.show_values)
      draw_values (t, &L, in);
  }
  if (t->show_axes)
    draw_spines (t->cr, &ax, L.fs, t->fg);
  memset (extras, 0, sizeof (extras));
  if (t->title) {
    neuro_axes_title (&ax, t->cr, t->text, t->title, L.fs, t->fg);
    neuro_text_last_rect (t->text, extras[0]);
  }
  /* what the next frame over this picture redraws around the image: the
   * title, the colorbar (its key may change; the spines are opaque and
   * land on the same pixels) */
  if (s->image.colorbar && s->image.have_limits)
    colorbar_rect (&L, t->canvas, extras[1]);
  if (t->stamp)
    *t->stamp = neuro_deco_cache_done (m->deco, (const gint (*)[4]) extras,
        2);
}

static gpointer
map_image_create (void)
{
  MapImage *m = g_new0 (MapImage, 1);

  m->deco = neuro_deco_cache_new ();
  return m;
}

static void
map_image_destroy (gpointer state)
{
  MapImage *m = state;

  map_axis_table_free (&m->cols);
  map_axis_table_free (&m->rows);
  g_free (m->row_colors);
  g_free (m->row_vals);
  g_free (m->hrow[0]);
  g_free (m->hrow[1]);
  neuro_deco_cache_free (m->deco);
  g_free (m->cb_key);
  g_free (m->cb_pix);
  g_free (m->cgrid_key);
  g_free (m->cgrid);
  g_free (m->cgrid_valid);
  g_free (m);
}

/* the image over an opaque background: the colormap's colours are
 * opaque, and bad cells are the bad colour over the background */
static gboolean
map_image_covers (gpointer state, const MapSettings * s, const MapInput * in,
    const MapTarget * t, gint rect[4])
{
  Layout L;

  if (!in->data || !s->image.have_limits || (t->bg >> 24) != 0xff)
    return FALSE;
  compute_layout (s, in, t, &L);
  rect[0] = L.x0;
  rect[1] = L.y0;
  rect[2] = L.x0 + L.w;
  rect[3] = L.y0 + L.h;
  return TRUE;
}

const MapView map_image_view = {
  DEFAULT_TITLE, map_image_create, map_image_destroy, map_image_draw,
  map_image_covers, TRUE
};
