/* Drawing helpers shared by the renderers: canvas, cached text, axes. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neuroaxes.h"
#include "neurocolormap.h"

#include <math.h>
#include <string.h>
#include <stdio.h>
#include <pango/pangocairo.h>

/* ---------------------------------------------------------------- canvas */

void
neuro_canvas_fill (NeuroCanvas * c, guint32 argb)
{
  guint32 px = neuro_argb_premultiply (argb);
  gint x, y;

  for (y = 0; y < c->height; y++) {
    guint32 *row = neuro_canvas_row (c, y);

    if (px == 0 || px == 0xffffffff) {
      memset (row, px & 0xff, (gsize) c->width * 4);
    } else {
      for (x = 0; x < c->width; x++)
        row[x] = px;
    }
  }
}

/* clips [x0, x1) x [y0, y1) to the canvas; FALSE when nothing is left */
static gboolean
clip_rect (const NeuroCanvas * c, gint * x0, gint * y0, gint * x1, gint * y1)
{
  *x0 = MAX (*x0, 0);
  *y0 = MAX (*y0, 0);
  *x1 = MIN (*x1, c->width);
  *y1 = MIN (*y1, c->height);
  return *x0 < *x1 && *y0 < *y1;
}

void
neuro_canvas_fill_rect (NeuroCanvas * c, gint x0, gint y0, gint x1, gint y1,
    guint32 argb)
{
  guint32 px = neuro_argb_premultiply (argb);
  gint x, y;

  if ((px >> 24) == 255) {
    neuro_canvas_set_rect (c, x0, y0, x1, y1, argb);
    return;
  }
  if (!clip_rect (c, &x0, &y0, &x1, &y1) || (px >> 24) == 0)
    return;
  for (y = y0; y < y1; y++) {
    guint32 *row = neuro_canvas_row (c, y);

    for (x = x0; x < x1; x++)
      neuro_pixel_over (&row[x], px);
  }
}

void
neuro_canvas_set_rect (NeuroCanvas * c, gint x0, gint y0, gint x1, gint y1,
    guint32 argb)
{
  guint32 px = neuro_argb_premultiply (argb);
  gint x, y;

  if (!clip_rect (c, &x0, &y0, &x1, &y1))
    return;
  for (y = y0; y < y1; y++) {
    guint32 *row = neuro_canvas_row (c, y);

    for (x = x0; x < x1; x++)
      row[x] = px;
  }
}

/* ------------------------------------------------------------------ text */

#define TEXT_CACHE_MAX 768

typedef struct
{
  cairo_surface_t *img;
  gdouble w, h;                 /* logical size in pixels */
} TextImage;

struct _NeuroText
{
  gchar *family;
  GHashTable *cache;            /* key string -> TextImage */
  cairo_surface_t *scratch;
  cairo_t *scratch_cr;
  PangoLayout *layout;
};

static void
text_image_free (gpointer p)
{
  TextImage *ti = p;

  if (ti->img)
    cairo_surface_destroy (ti->img);
  g_free (ti);
}

NeuroText *
neuro_text_new (const gchar * family)
{
  NeuroText *t = g_new0 (NeuroText, 1);

  t->family = g_strdup (family ? family : "DejaVu Sans");
  t->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      text_image_free);
  t->scratch = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  t->scratch_cr = cairo_create (t->scratch);
  t->layout = pango_cairo_create_layout (t->scratch_cr);
  return t;
}

void
neuro_text_free (NeuroText * t)
{
  if (!t)
    return;
  g_object_unref (t->layout);
  cairo_destroy (t->scratch_cr);
  cairo_surface_destroy (t->scratch);
  g_hash_table_destroy (t->cache);
  g_free (t->family);
  g_free (t);
}

gdouble
neuro_text_size_for_height (gint height)
{
  /* 10 pt at 100 dpi is 13.9 px on an 800 px tall matplotlib figure */
  return MAX (8.0, 13.9 * height / 800.0);
}

static void
text_set_font (NeuroText * t, gdouble size, gboolean bold)
{
  PangoFontDescription *fd = pango_font_description_new ();

  pango_font_description_set_family (fd, t->family);
  pango_font_description_set_absolute_size (fd, size * PANGO_SCALE);
  pango_font_description_set_weight (fd,
      bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (t->layout, fd);
  pango_font_description_free (fd);
}

static TextImage *
text_lookup (NeuroText * t, const gchar * str, gdouble size, gboolean bold,
    guint32 argb)
{
  gchar *key = g_strdup_printf ("%s\x1f%.2f\x1f%08x\x1f%d", str, size, argb,
      bold);
  TextImage *ti = g_hash_table_lookup (t->cache, key);
  PangoRectangle ink, logical;
  gint w, h;
  cairo_t *cr;

  if (ti) {
    g_free (key);
    return ti;
  }
  if (g_hash_table_size (t->cache) >= TEXT_CACHE_MAX)
    g_hash_table_remove_all (t->cache);

  text_set_font (t, size, bold);
  pango_layout_set_text (t->layout, str, -1);
  pango_layout_get_pixel_extents (t->layout, &ink, &logical);
  w = MAX (1, logical.width);
  h = MAX (1, logical.height);

  ti = g_new0 (TextImage, 1);
  ti->w = w;
  ti->h = h;
  ti->img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (ti->img);
  cairo_set_source_rgba (cr, ((argb >> 16) & 0xff) / 255.0,
      ((argb >> 8) & 0xff) / 255.0, (argb & 0xff) / 255.0,
      (argb >> 24) / 255.0);
  cairo_move_to (cr, -logical.x, -logical.y);
  pango_cairo_update_layout (cr, t->layout);
  pango_cairo_show_layout (cr, t->layout);
  cairo_destroy (cr);
  cairo_surface_flush (ti->img);
  g_hash_table_insert (t->cache, key, ti);
  return ti;
}

void
neuro_text_extent (NeuroText * t, const gchar * str, gdouble size,
    gboolean bold, gdouble * width, gdouble * height)
{
  TextImage *ti = text_lookup (t, str, size, bold, 0xff000000);

  if (width)
    *width = ti->w;
  if (height)
    *height = ti->h;
}

gdouble
neuro_text_draw (NeuroText * t, cairo_t * cr, const gchar * str, gdouble x,
    gdouble y, gdouble size, gboolean bold, guint32 argb, NeuroAlign halign,
    NeuroAlign valign, gboolean rotate90)
{
  TextImage *ti;
  gdouble ox, oy;

  if (str == NULL || *str == '\0')
    return 0;
  ti = text_lookup (t, str, size, bold, argb);
  ox = -ti->w * halign / 2.0;
  oy = -ti->h * valign / 2.0;
  cairo_save (cr);
  if (rotate90) {
    cairo_translate (cr, round (x), round (y));
    cairo_rotate (cr, -G_PI / 2);
    cairo_set_source_surface (cr, ti->img, round (ox), round (oy));
  } else {
    cairo_set_source_surface (cr, ti->img, round (x + ox), round (y + oy));
  }
  cairo_paint (cr);
  cairo_restore (cr);
  return ti->w;
}

/* ----------------------------------------------------------------- ticks */

gint
neuro_nice_ticks (gdouble lo, gdouble hi, gint max_ticks, gdouble * ticks,
    gint max_out, gdouble * step_out)
{
  static const gdouble steps[] = { 1.0, 2.0, 2.5, 5.0, 10.0 };
  gdouble range, raw, mag, step = 0, first, v;
  gint i, n = 0;

  if (!isfinite (lo) || !isfinite (hi) || hi <= lo || max_ticks < 1) {
    if (step_out)
      *step_out = 1.0;
    return 0;
  }
  range = hi - lo;
  raw = range / max_ticks;
  mag = pow (10.0, floor (log10 (raw)));
  for (i = 0; i < (gint) G_N_ELEMENTS (steps); i++) {
    step = steps[i] * mag;
    if (step >= raw * (1 - 1e-9))
      break;
  }
  first = ceil (lo / step - 1e-9) * step;
  for (v = first; v <= hi + step * 1e-9 && n < max_out; v = first + n * step) {
    ticks[n++] = fabs (v) < step * 1e-9 ? 0.0 : v;
  }
  if (step_out)
    *step_out = step;
  return n;
}

void
neuro_format_tick (gdouble v, gdouble step, gchar * buf, gsize len)
{
  gint decimals = 0;
  gdouble s = step;

  /* enough decimals to tell ticks apart: 2.5 needs one, 0.25 two */
  if (s > 0) {
    while (decimals < 9 && fabs (s * pow (10, decimals) -
            round (s * pow (10, decimals))) > 1e-6 * s * pow (10, decimals))
      decimals++;
  }
  if (fabs (v) < step * 1e-9)
    v = 0.0;
  if (fabs (v) >= 1e6 || (fabs (v) > 0 && fabs (v) < 1e-4 && decimals > 4))
    g_snprintf (buf, len, "%.3g", v);
  else
    g_snprintf (buf, len, "%.*f", decimals, v);
  /* never print "-0" */
  if (strcmp (buf, "-0") == 0 || (buf[0] == '-' && atof (buf) == 0.0))
    memmove (buf, buf + 1, strlen (buf));
  /* matplotlib's axes.unicode_minus: U+2212 MINUS SIGN, not a hyphen */
  if (buf[0] == '-' && strlen (buf) + 3 <= len) {
    memmove (buf + 3, buf + 1, strlen (buf));
    memcpy (buf, "\xe2\x88\x92", 3);
  }
}

gint
neuro_log_ticks (gdouble lo, gdouble hi, gint max_ticks, gdouble * ticks,
    gint max_out)
{
  gint k0, k1, k, every, n = 0;

  if (!(lo > 0 && hi > lo && isfinite (hi)) || max_out <= 0)
    return 0;
  /* a little slack so that a limit of exactly 10^k gets its tick */
  k0 = (gint) ceil (log10 (lo) - 1e-9);
  k1 = (gint) floor (log10 (hi) + 1e-9);
  if (k1 - k0 + 1 >= 2) {
    every = MAX (1, (k1 - k0 + max_ticks) / MAX (max_ticks, 1));
    /* decades that are multiples of the stride, as LogLocator */
    for (k = k0; k <= k1 && n < max_out; k++)
      if (((k % every) + every) % every == 0)
        ticks[n++] = pow (10.0, k);
    return n;
  }
  for (k = k0 - 1; k <= k1 && n < max_out; k++) {
    static const gdouble m[] = { 1, 2, 5 };
    gint i;

    for (i = 0; i < 3 && n < max_out; i++) {
      gdouble v = m[i] * pow (10.0, k);

      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9))
        ticks[n++] = v;
    }
  }
  return n;
}

void
neuro_format_log_tick (gdouble v, gchar * buf, gsize len)
{
  /* superscript digits in UTF-8: U+2070, U+00B9, U+00B2, U+00B3,
   * U+2074..U+2079 */
  static const gchar *sup[] = { "\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2",
    "\xc2\xb3", "\xe2\x81\xb4", "\xe2\x81\xb5", "\xe2\x81\xb6",
    "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9"
  };
  gdouble k = log10 (v);
  gint e = (gint) lround (k), i;
  gchar digits[16];
  GString *out;

  if (!(v > 0) || fabs (k - e) > 1e-9) {
    g_snprintf (buf, len, "%g", v);
    return;
  }
  out = g_string_new ("10");
  if (e < 0)
    g_string_append (out, "\xe2\x81\xbb");     /* U+207B superscript minus */
  g_snprintf (digits, sizeof digits, "%d", ABS (e));
  for (i = 0; digits[i]; i++)
    g_string_append (out, sup[digits[i] - '0']);
  g_strlcpy (buf, out->str, len);
  g_string_free (out, TRUE);
}

/* ------------------------------------------------------------------ axes */

NeuroMargins
neuro_axes_default_margins (NeuroText * t, gint width, gint height,
    gboolean with_title, gboolean with_xlabel, gboolean with_ylabel)
{
  NeuroMargins m;
  gdouble fs = neuro_text_size_for_height (height);
  gdouble tw, th;

  neuro_text_extent (t, "-00000", fs, FALSE, &tw, &th);
  m.left = 0.012 * width + tw + fs * 0.5 + (with_ylabel ? th * 1.3 : 0);
  m.right = 0.03 * width;
  m.top = with_title ? th * 2.6 : th;
  m.bottom = th * 1.6 + (with_xlabel ? th * 1.4 : 0) + 0.01 * height;
  return m;
}

void
neuro_axes_style_init (NeuroAxesStyle * s, gdouble font_size, guint32 fg)
{
  memset (s, 0, sizeof (*s));
  s->xticks = TRUE;
  s->yticks = TRUE;
  s->fg = fg;
  s->font_size = font_size;
}

void
neuro_cairo_set_source_argb (cairo_t * cr, guint32 argb, gdouble alpha_mul)
{
  cairo_set_source_rgba (cr, ((argb >> 16) & 0xff) / 255.0,
      ((argb >> 8) & 0xff) / 255.0, (argb & 0xff) / 255.0,
      (argb >> 24) / 255.0 * alpha_mul);
}

void
neuro_axes_draw (const NeuroAxes * a, cairo_t * cr, NeuroText * t,
    const NeuroAxesStyle * s)
{
  gdouble ticks[64], step;
  gdouble fs = s->font_size;
  gdouble tick_len = MAX (3.0, fs * 0.35);
  gdouble lw = MAX (1.0, round (fs / 14.0));
  gdouble x0 = floor (a->x0) + 0.5, y0 = floor (a->y0) + 0.5;
  gdouble x1 = floor (a->x0 + a->w) - 0.5, y1 = floor (a->y0 + a->h) - 0.5;
  gdouble label_w = 0, th;
  gchar buf[64];
  gint i, n;

  if (s->spines_outside) {
    /* centred lw/2 outside the area's edges: they cover no data pixel */
    x0 = floor (a->x0) - lw / 2;
    y0 = floor (a->y0) - lw / 2;
    x1 = floor (a->x0 + a->w) + lw / 2;
    y1 = floor (a->y0 + a->h) + lw / 2;
  }

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_line_width (cr, lw);
  neuro_text_extent (t, "0", fs, FALSE, NULL, &th);

  /* x ticks */
  if (s->xticks) {
    gint max_ticks = CLAMP ((gint) (a->w / (fs * 6)), 2, 10);

    n = neuro_nice_ticks (MIN (a->xmin, a->xmax), MAX (a->xmin, a->xmax),
        max_ticks, ticks, G_N_ELEMENTS (ticks), &step);
    for (i = 0; i < n; i++) {
      gdouble x = floor (neuro_axes_x (a, ticks[i])) + 0.5;

      if (s->grid) {
        neuro_cairo_set_source_argb (cr, s->fg, 0.15);
        cairo_move_to (cr, x, y0);
        cairo_line_to (cr, x, y1);
        cairo_stroke (cr);
      }
      neuro_cairo_set_source_argb (cr, s->fg, 1.0);
      cairo_move_to (cr, x, y1);
      cairo_line_to (cr, x, y1 + tick_len);
      cairo_stroke (cr);
      neuro_format_tick (ticks[i], step, buf, sizeof (buf));
      neuro_text_draw (t, cr, buf, x, y1 + tick_len + fs * 0.2, fs, FALSE,
          s->fg, NEURO_ALIGN_CENTER, NEURO_ALIGN_START, FALSE);
    }
  }

  /* y ticks */
  if (s->yticks) {
    const gdouble *vals = ticks;
    gint max_ticks = CLAMP ((gint) (a->h / (fs * 3)), 2, 10);

    if (s->ytick_values && s->n_yticks > 0) {
      vals = s->ytick_values;
      n = s->n_yticks;
      step = 1;
    } else {
      n = neuro_nice_ticks (MIN (a->ymin, a->ymax), MAX (a->ymin, a->ymax),
          max_ticks, ticks, G_N_ELEMENTS (ticks), &step);
    }
    for (i = 0; i < n; i++) {
      gdouble y = floor (neuro_axes_y (a, vals[i])) + 0.5;
      gdouble w;

      if (s->grid) {
        neuro_cairo_set_source_argb (cr, s->fg, 0.15);
        cairo_move_to (cr, x0, y);
        cairo_line_to (cr, x1, y);
        cairo_stroke (cr);
      }
      neuro_cairo_set_source_argb (cr, s->fg, 1.0);
      cairo_move_to (cr, x0, y);
      cairo_line_to (cr, x0 - tick_len, y);
      cairo_stroke (cr);
      if (s->ytick_labels)
        g_strlcpy (buf, s->ytick_labels[i], sizeof (buf));
      else
        neuro_format_tick (vals[i], step, buf, sizeof (buf));
      w = neuro_text_draw (t, cr, buf, x0 - tick_len - fs * 0.3, y, fs, FALSE,
          s->fg, NEURO_ALIGN_END, NEURO_ALIGN_CENTER, FALSE);
      label_w = MAX (label_w, w);
    }
  }

  /* spines */
  neuro_cairo_set_source_argb (cr, s->fg, 1.0);
  cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  cairo_stroke (cr);
  cairo_restore (cr);

  if (s->xlabel)
    neuro_text_draw (t, cr, s->xlabel, a->x0 + a->w / 2,
        y1 + tick_len + fs * 0.2 + th * 1.15, fs, FALSE, s->fg,
        NEURO_ALIGN_CENTER, NEURO_ALIGN_START, FALSE);
  if (s->ylabel)
    neuro_text_draw (t, cr, s->ylabel,
        x0 - tick_len - fs * 0.3 - label_w - fs * 0.4, a->y0 + a->h / 2, fs,
        FALSE, s->fg, NEURO_ALIGN_CENTER, NEURO_ALIGN_END, TRUE);
}

void
neuro_axes_title (const NeuroAxes * a, cairo_t * cr, NeuroText * t,
    const gchar * title, gdouble font_size, guint32 fg)
{
  if (title == NULL || *title == '\0')
    return;
  neuro_text_draw (t, cr, title, a->x0 + a->w / 2, a->y0 - font_size * 0.5,
      font_size * 1.2, FALSE, fg, NEURO_ALIGN_CENTER, NEURO_ALIGN_END, FALSE);
}

static void
colorbar_draw (cairo_t * cr, NeuroText * t, const guint32 * lut,
    gdouble x0, gdouble y0, gdouble w, gdouble h, gdouble vmin, gdouble vmax,
    gboolean log, const gchar * label, gdouble font_size, guint32 fg)
{
  cairo_surface_t *img;
  guint32 *px;
  gint i, stride, n;
  gdouble ticks[32], step, maxw = 0;
  gchar buf[64];
  NeuroAxes a;
  gdouble tick_len = MAX (3.0, font_size * 0.35);

  if (w < 1 || h < 1)
    return;
  img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1, 256);
  stride = cairo_image_surface_get_stride (img) / 4;
  px = (guint32 *) cairo_image_surface_get_data (img);
  for (i = 0; i < 256; i++)
    px[(255 - i) * stride] = lut[i];
  cairo_surface_mark_dirty (img);

  cairo_save (cr);
  cairo_rectangle (cr, x0, y0, w, h);
  cairo_clip (cr);
  cairo_translate (cr, x0, y0);
  cairo_scale (cr, w, h / 256.0);
  cairo_set_source_surface (cr, img, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (img);

  a.x0 = x0;
  a.y0 = y0;
  a.w = w;
  a.h = h;
  a.xmin = 0;
  a.xmax = 1;
  a.ymin = log ? log10 (vmin) : vmin;
  a.ymax = log ? log10 (vmax) : vmax;
  a.y_inverted = FALSE;

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_line_width (cr, 1);
  neuro_cairo_set_source_argb (cr, fg, 1.0);
  cairo_rectangle (cr, floor (x0) + 0.5, floor (y0) + 0.5, floor (w) - 1,
      floor (h) - 1);
  cairo_stroke (cr);
  if (!(vmax > vmin))
    n = 0;
  else if (log)
    n = neuro_log_ticks (vmin, vmax, CLAMP ((gint) (h / (font_size * 3)), 2,
            10), ticks, G_N_ELEMENTS (ticks));
  else
    n = neuro_nice_ticks (vmin, vmax, CLAMP ((gint) (h / (font_size * 3)), 2,
            10), ticks, G_N_ELEMENTS (ticks), &step);
  for (i = 0; i < n; i++) {
    /* on the bar's frame lines at its ends (the bottom end, y0 + h, is
     * the row below the bar) */
    gdouble y = CLAMP (floor (neuro_axes_y (&a, log ? log10 (ticks[i]) :
                ticks[i])), floor (y0), floor (y0) + floor (h) - 1) + 0.5;
    gdouble tw;

    cairo_move_to (cr, x0 + w, y);
    cairo_line_to (cr, x0 + w + tick_len, y);
    cairo_stroke (cr);
    if (log)
      neuro_format_log_tick (ticks[i], buf, sizeof (buf));
    else
      neuro_format_tick (ticks[i], step, buf, sizeof (buf));
    tw = neuro_text_draw (t, cr, buf, x0 + w + tick_len + font_size * 0.3, y,
        font_size, FALSE, fg, NEURO_ALIGN_START, NEURO_ALIGN_CENTER, FALSE);
    maxw = MAX (maxw, tw);
  }
  cairo_restore (cr);
  if (label)
    neuro_text_draw (t, cr, label, x0 + w + tick_len + font_size * 0.7 + maxw,
        y0 + h / 2, font_size, FALSE, fg, NEURO_ALIGN_CENTER, NEURO_ALIGN_START,
        TRUE);
}

void
neuro_colorbar_draw (cairo_t * cr, NeuroText * t, const guint32 * lut,
    gdouble x0, gdouble y0, gdouble w, gdouble h, gdouble vmin, gdouble vmax,
    const gchar * label, gdouble font_size, guint32 fg)
{
  colorbar_draw (cr, t, lut, x0, y0, w, h, vmin, vmax, FALSE, label,
      font_size, fg);
}

void
neuro_colorbar_draw_log (cairo_t * cr, NeuroText * t, const guint32 * lut,
    gdouble x0, gdouble y0, gdouble w, gdouble h, gdouble vmin, gdouble vmax,
    const gchar * label, gdouble font_size, guint32 fg)
{
  if (!(vmin > 0 && vmax > 0))
    return;
  colorbar_draw (cr, t, lut, x0, y0, w, h, vmin, vmax, TRUE, label,
      font_size, fg);
}

void
neuro_nonsingular (gdouble * lo, gdouble * hi)
{
  gdouble maxabs = MAX (fabs (*lo), fabs (*hi));

  if (!isfinite (*lo) || !isfinite (*hi) || *hi - *lo > maxabs * 1e-15)
    return;
  if (*lo == 0 && *hi == 0) {
    *lo = -0.1;
    *hi = 0.1;
  } else {
    *lo -= 0.1 * fabs (*lo);
    *hi += 0.1 * fabs (*hi);
  }
}

/* ------------------------------------------------------ property strings */

G_DEFINE_QUARK (neuro-parse-error-quark, neuro_parse_error);

static const gchar *
skip_spaces (const gchar * s)
{
  while (*s == ' ')
    s++;
  return s;
}

/* strtoull that refuses a sign (strtoull takes "-1" as G_MAXUINT64) */
static gboolean
parse_u64 (const gchar * s, guint base, guint64 * v, const gchar ** end)
{
  gchar *e;

  if (!g_ascii_isxdigit (*s))
    return FALSE;
  *v = g_ascii_strtoull (s, &e, base);
  if (e == s)
    return FALSE;
  *end = e;
  return TRUE;
}

gboolean
neuro_parse_argb (const gchar * str, guint32 * out, GError ** error)
{
  const gchar *s, *end;
  guint64 v;

  g_return_val_if_fail (str != NULL, FALSE);
  s = skip_spaces (str);
  if (*s == '#') {
    gsize len;

    if (!parse_u64 (s + 1, 16, &v, &end)
        || ((len = end - (s + 1)) != 6 && len != 8)
        || *skip_spaces (end) != '\0') {
      g_set_error (error, NEURO_PARSE_ERROR, NEURO_PARSE_ERROR_SYNTAX,
          "colour \"%s\": expected 6 or 8 hex digits after '#' "
          "(#RRGGBB or #AARRGGBB)", str);
      return FALSE;
    }
    *out = len == 6 ? (guint32) (0xff000000 | v) : (guint32) v;
    return TRUE;
  }
  if (!parse_u64 (s, 0, &v, &end) || *skip_spaces (end) != '\0') {
    g_set_error (error, NEURO_PARSE_ERROR, NEURO_PARSE_ERROR_SYNTAX,
        "colour \"%s\": expected #RRGGBB, #AARRGGBB, 0xAARRGGBB or an "
        "integer", str);
    return FALSE;
  }
  if (v > G_MAXUINT32) {
    g_set_error (error, NEURO_PARSE_ERROR, NEURO_PARSE_ERROR_RANGE,
        "colour \"%s\": above 0xffffffff", str);
    return FALSE;
  }
  *out = (guint32) v;
  return TRUE;
}

gboolean
neuro_parse_range (const gchar * str, guint64 limit, gint64 * first,
    gint64 * last, GError ** error)
{
  const gchar *end, *s;
  guint64 a, b;

  if (str == NULL || *str == '\0') {
    *first = *last = -1;
    return TRUE;
  }
  s = str;
  if (*s < '0' || *s > '9' || !parse_u64 (s, 10, &a, &end))
    goto syntax;
  if (*end == '\0') {
    b = a;
  } else {
    if (*end != '-')
      goto syntax;
    s = end + 1;
    if (*s < '0' || *s > '9' || !parse_u64 (s, 10, &b, &end) || *end != '\0')
      goto syntax;
  }
  if (a > b) {
    g_set_error (error, NEURO_PARSE_ERROR, NEURO_PARSE_ERROR_RANGE,
        "range \"%s\": first %" G_GUINT64_FORMAT " is above last %"
        G_GUINT64_FORMAT, str, a, b);
    return FALSE;
  }
  if (b >= limit) {
    g_set_error (error, NEURO_PARSE_ERROR, NEURO_PARSE_ERROR_RANGE,
        "range \"%s\": %" G_GUINT64_FORMAT " is not below the limit %"
        G_GUINT64_FORMAT, str, b, limit);
    return FALSE;
  }
  *first = a;
  *last = b;
  return TRUE;

syntax:
  g_set_error (error, NEURO_PARSE_ERROR, NEURO_PARSE_ERROR_SYNTAX,
      "range \"%s\": expected \"first-last\" or \"n\" (decimal, e.g. "
      "\"0-99\")", str);
  return FALSE;
}

gboolean
neuro_parse_argb_list (const gchar * str, GArray * out, GError ** error)
{
  GArray *tmp;
  gchar **items;
  gboolean ok = TRUE;
  guint i;

  g_return_val_if_fail (g_array_get_element_size (out) == sizeof (guint32),
      FALSE);
  if (str == NULL || *str == '\0') {
    g_array_set_size (out, 0);
    return TRUE;
  }
  tmp = g_array_new (FALSE, FALSE, sizeof (guint32));
  items = g_strsplit (str, ",", -1);
  for (i = 0; items[i] && ok; i++) {
    guint32 c;
    GError *err = NULL;

    ok = neuro_parse_argb (items[i], &c, &err);
    if (ok) {
      g_array_append_val (tmp, c);
    } else {
      g_set_error (error, NEURO_PARSE_ERROR, err->code, "item %u: %s", i + 1,
          err->message);
      g_error_free (err);
    }
  }
  g_strfreev (items);
  if (ok) {
    g_array_set_size (out, 0);
    g_array_append_vals (out, tmp->data, tmp->len);
  }
  g_array_free (tmp, TRUE);
  return ok;
}

gboolean
neuro_parse_groups (const gchar * str, GArray * out, GError ** error)
{
  GArray *tmp;
  gchar **items;
  gboolean ok = TRUE;
  guint i;

  g_return_val_if_fail (g_array_get_element_size (out) ==
      sizeof (NeuroColorGroup), FALSE);
  if (str == NULL || *str == '\0') {
    g_array_set_size (out, 0);
    return TRUE;
  }
  tmp = g_array_new (FALSE, FALSE, sizeof (NeuroColorGroup));
  items = g_strsplit (str, ",", -1);
  for (i = 0; items[i] && ok; i++) {
    NeuroColorGroup g;
    gchar *item = items[i], *colon = strchr (item, ':');
    gint64 a, b;
    GError *err = NULL;

    if (colon == NULL) {
      g_set_error (error, NEURO_PARSE_ERROR, NEURO_PARSE_ERROR_SYNTAX,
          "group %u \"%s\": expected \"first-last:colour\"", i + 1, item);
      ok = FALSE;
      break;
    }
    *colon = '\0';
    if (!neuro_parse_range (skip_spaces (item), (guint64) G_MAXUINT32 + 1,
            &a, &b, &err) || a < 0) {
      *colon = ':';
      g_set_error (error, NEURO_PARSE_ERROR,
          err ? err->code : NEURO_PARSE_ERROR_SYNTAX,
          "group %u \"%s\": %s", i + 1, item,
          err ? err->message : "expected units before ':'");
      g_clear_error (&err);
      ok = FALSE;
      break;
    }
    if (!neuro_parse_argb (colon + 1, &g.argb, &err)) {
      *colon = ':';
      g_set_error (error, NEURO_PARSE_ERROR, err->code, "group %u \"%s\": %s",
          i + 1, item, err->message);
      g_error_free (err);
      ok = FALSE;
      break;
    }
    g.first = (guint32) a;
    g.last = (guint32) b;
    g_array_append_val (tmp, g);
  }
  g_strfreev (items);
  if (ok) {
    g_array_set_size (out, 0);
    g_array_append_vals (out, tmp->data, tmp->len);
  }
  g_array_free (tmp, TRUE);
  return ok;
}
