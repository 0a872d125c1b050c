/* gst-neuroviz — axes, titles, colorbars and the plot area of a figure.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neuroaxes.h"
#include "neuroticks.h"

#include <math.h>
#include <string.h>

/* room for ticks, tick labels and axis labels at font size @fs */
static NeuroMargins
axes_margins (NeuroText * t, gint width, gint height, gdouble fs,
    gboolean with_title, gboolean with_xlabel, gboolean with_ylabel)
{
  NeuroMargins m;
  gdouble tw, th;

  neuro_text_extent (t, "-00000", fs, FALSE, &tw, &th);
  m.left = 0.012 * width + tw + fs * 0.5 + (with_ylabel ? th * 1.3 : 0);
  m.right = 0.03 * width;
  m.top = with_title ? th * 2.6 : th;
  m.bottom = th * 1.6 + (with_xlabel ? th * 1.4 : 0) + 0.01 * height;
  return m;
}

NeuroMargins
neuro_axes_default_margins (NeuroText * t, gint width, gint height,
    gboolean with_title, gboolean with_xlabel, gboolean with_ylabel)
{
  return axes_margins (t, width, height, neuro_text_size_for_height (height),
      with_title, with_xlabel, with_ylabel);
}

NeuroMargins
neuro_plot_margins (NeuroText * t, const NeuroPlotFrame * f)
{
  NeuroMargins m;

  if (f->axes) {
    m = axes_margins (t, f->width, f->height, f->font_size, f->title,
        f->xlabel, f->ylabel);
  } else {
    m.left = m.right = m.bottom = 0;
    m.top = f->title ? f->font_size * 2.2 : 0;
  }
  m.right += f->colorbar;
  return m;
}

NeuroMargins
neuro_plot_area (NeuroText * t, const NeuroPlotFrame * f, NeuroAxes * a)
{
  NeuroMargins m = neuro_plot_margins (t, f);

  a->x0 = round (m.left);
  a->w = MAX (1, round (f->width - m.right) - a->x0);
  a->y0 = round (m.top);
  a->h = MAX (1, round (f->height - m.bottom) - a->y0);
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
