/* gst-neuroviz — axes, titles, colorbars and the plot area of a figure.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neuroaxes.h"
#include "neuroticks.h"

#include <math.h>
#include <string.h>

/* Widest y tick label the margins leave room for: five characters of
 * "−0.00" (matplotlib's labels for -1 ... 1); wider labels still stay in
 * the frame (neuro_text_draw) at the cost of the layout pad. */
#define YTICK_TEMPLATE "\xe2\x88\x92" "0.00"

/* The sizes of the style at font size @fs */
typedef struct
{
  gdouble k;                    /* fs / the style's font size */
  gdouble fs, tick_len, tick_lw, frame_lw, tick_pad, label_pad;
  gdouble offset_pad;           /* Axis.OFFSETTEXTPAD, 3 pt */
  gdouble font_pt, dpi;
} AxesSizes;

static void
axes_sizes (NeuroText * t, gdouble fs, AxesSizes * z)
{
  const NeuroStyle *st = neuro_text_get_style (t);

  z->k = fs / st->font_size;
  z->fs = fs;
  z->tick_len = round (st->tick_size * z->k);
  z->tick_lw = neuro_style_snap_width (st->tick_width * z->k);
  z->frame_lw = neuro_style_snap_width (st->axes_width * z->k);
  z->tick_pad = st->tick_pad * z->k;
  z->label_pad = st->label_pad * z->k;
  z->offset_pad = neuro_style_pt (st, 3.0) * z->k;
  z->dpi = st->dpi;
  /* matplotlib's tick space counts in points of the label font: 10 pt
   * for the style's own size (not 9.99999 from pixels and back) */
  z->font_pt = round (fs / st->px_per_pt * 1e6) / 1e6;
}

/* AutoLocator's ticks inside [lo, hi] for an axis of @length pixels, and
 * ScalarFormatter's format for them */
static gint
axis_ticks (const AxesSizes * z, gdouble lo, gdouble hi, gdouble length,
    gboolean x_axis, gdouble * ticks, gint max_out, NeuroTickFormat * fmt)
{
  gint space = neuro_tick_space (length, z->dpi, z->font_pt, x_axis);
  gdouble raw[64];
  gint n = neuro_auto_ticks (lo, hi, space, raw, G_N_ELEMENTS (raw));

  /* labelled as matplotlib labels them: from all the locator's ticks */
  neuro_tick_format_init (fmt, raw, n, lo, hi);
  return neuro_auto_ticks_visible (lo, hi, space, ticks, max_out);
}

/* What the axes put outside the plot area at font size @fs (@fs over the
 * style's font size scales every size of the style), as tight_layout
 * computes it from the text boxes: its pad (1.08 font sizes) at each frame
 * edge, then the title above (titlepad 6 pt), the tick labels and axis
 * labels left and below (ticks 3.5 pt outwards, pad 3.5 pt, labelpad
 * 4 pt), half an end tick label right and on top where one can stick out. */
static NeuroMargins
axes_margins (NeuroText * t, gdouble fs, gboolean with_title,
    gboolean with_xlabel, gboolean with_ylabel)
{
  const NeuroStyle *st = neuro_text_get_style (t);
  gdouble k = fs / st->font_size, pad = st->layout_pad * k;
  gdouble tick_out = (st->tick_size + st->tick_pad) * k;
  gdouble th, ytw, xtw, tbase;
  NeuroMargins m;

  neuro_text_extent (t, "0", fs, FALSE, NULL, &th);
  neuro_text_extent (t, YTICK_TEMPLATE, fs, FALSE, &ytw, NULL);
  neuro_text_extent (t, "0.0", fs, FALSE, &xtw, NULL);
  m.left = pad + tick_out + ytw + (with_ylabel ? st->label_pad * k + th : 0);
  m.bottom = pad + tick_out + th + (with_xlabel ? st->label_pad * k + th : 0);
  m.right = pad + xtw / 2;
  if (with_title) {
    neuro_text_metrics (t, "Tg", st->title_size * k, FALSE, NULL, NULL,
        &tbase);
    m.top = pad + st->title_pad * k + tbase;
  } else {
    m.top = pad + th / 2;
  }
  return m;
}

NeuroMargins
neuro_axes_default_margins (NeuroText * t, gint width, gint height,
    gboolean with_title, gboolean with_xlabel, gboolean with_ylabel)
{
  return axes_margins (t, neuro_text_get_style (t)->font_size, with_title,
      with_xlabel, with_ylabel);
}

/* tight_layout with the real tick labels: the template's room for the y
 * labels becomes the widest real one, the offset text gets its line, the
 * last x label its half */
static void
fit_real_labels (NeuroText * t, const NeuroPlotFrame * f, NeuroMargins * m)
{
  const NeuroStyle *st = neuro_text_get_style (t);
  gdouble fs = f->font_size, k = fs / st->font_size, ticks[64];
  gdouble tw, th, widest = 0, pw, ph, right_floor = 0;
  gint iter;
  AxesSizes z;
  NeuroTickFormat fmt;
  gchar buf[96];
  gint i, n;

  axes_sizes (t, fs, &z);
  neuro_text_extent (t, YTICK_TEMPLATE, fs, FALSE, &tw, &th);
  ph = MAX (1, round (f->height - m->bottom) - round (m->top));
  if (f->ytick_labels && f->n_yticks > 0) {
    for (i = 0; i < f->n_yticks; i++) {
      gdouble w;

      neuro_text_extent (t, f->ytick_labels[i], fs, FALSE, &w, NULL);
      widest = MAX (widest, w);
    }
    m->left += widest - tw;
  } else if (f->have_ylim && f->ymax != f->ymin) {
    n = axis_ticks (&z, MIN (f->ymin, f->ymax), MAX (f->ymin, f->ymax), ph,
        FALSE, ticks, G_N_ELEMENTS (ticks), &fmt);
    for (i = 0; i < n; i++) {
      gdouble w;

      neuro_tick_format_label (&fmt, ticks[i], buf, sizeof buf);
      neuro_text_extent (t, buf, fs, FALSE, &w, NULL);
      widest = MAX (widest, w);
    }
    m->left += widest - tw;
    if (neuro_tick_format_offset_text (&fmt, buf, sizeof buf)) {
      gdouble base, ow, tw, tbase = 0;
      gboolean above;

      neuro_text_metrics (t, buf, fs, FALSE, &ow, NULL, &base);
      /* a title that would overlap it goes above it (neuro_axes_title ()) */
      above = f->title;
      if (above && f->title_text) {
        gdouble pw0 = MAX (1, round (f->width - m->right) - round (m->left));

        neuro_text_extent (t, f->title_text, st->title_size * k, FALSE, &tw,
            NULL);
        above = pw0 / 2 - tw / 2 < ow;
      }
      if (above)
        neuro_text_metrics (t, "Tg", st->title_size * k, FALSE, NULL, NULL,
            &tbase);
      m->top = MAX (m->top, st->layout_pad * k + z.offset_pad + base +
          (above ? st->title_pad * k + tbase : 0));
    }
  }
  /* the last x label and a title wider than the plot both move the right
   * margin, and each other: twice is enough */
  for (iter = 0; iter < 2; iter++) {
    if (f->have_xlim && f->xmax != f->xmin) {
      gdouble lo = MIN (f->xmin, f->xmax), hi = MAX (f->xmin, f->xmax), over;

      pw = MAX (1, round (f->width - m->right) - round (m->left));
      n = axis_ticks (&z, lo, hi, pw, TRUE, ticks, G_N_ELEMENTS (ticks),
          &fmt);
      /* the offset text's line under the tick labels (an axis label
       * below them already leaves room for it: labelpad 4 pt > its 3) */
      if (iter == 0 && !f->xlabel
          && neuro_tick_format_offset_text (&fmt, buf, sizeof buf))
        m->bottom += z.offset_pad + th;
      if (n > 0) {
        gdouble w;

        neuro_tick_format_label (&fmt, ticks[n - 1], buf, sizeof buf);
        neuro_text_extent (t, buf, fs, FALSE, &w, NULL);
        /* how far the label's right half passes the plot's right edge */
        over = w / 2 - (hi - ticks[n - 1]) / (hi - lo) * pw;
        m->right = MAX (right_floor, st->layout_pad * k + MAX (0, over));
      }
    }
    /* a title wider than the plot: both sides make room for it, so that
     * centred over the plot it stays tight_layout's pad from the edges */
    if (f->title && f->title_text) {
      gdouble ttw, pad = st->layout_pad * k, c;

      neuro_text_extent (t, f->title_text, st->title_size * k, FALSE, &ttw,
          NULL);
      c = (m->left + f->width - m->right) / 2;
      if (c - ttw / 2 < pad)
        m->left += 2 * (pad + ttw / 2 - c);
      c = (m->left + f->width - m->right) / 2;
      if (c + ttw / 2 > f->width - pad)
        m->right += 2 * (c + ttw / 2 - (f->width - pad));
      right_floor = m->right;
    }
  }
}

NeuroMargins
neuro_plot_margins (NeuroText * t, const NeuroPlotFrame * f)
{
  NeuroMargins m;

  if (f->axes) {
    m = axes_margins (t, f->font_size, f->title, f->xlabel, f->ylabel);
    fit_real_labels (t, f, &m);
  } else {
    m.left = m.right = m.bottom = 0;
    /* the renderers' title line: the 12 pt title, its 6 pt pad and a
     * smaller pad than tight_layout's above it */
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

/* One straight line (butt caps, aliased): not stroked at all when it lies
 * outside the clip @clip ([x0, y0, x1, y1) device pixels), as in
 * neuro_axes_draw_on_plot (), where every tick is. */
static void
axes_line (cairo_t * cr, const gdouble clip[4], gdouble xa, gdouble ya,
    gdouble xb, gdouble yb, gdouble lw)
{
  gdouble h = lw / 2 + 1;

  if (MAX (xa, xb) + h <= clip[0] || MIN (xa, xb) - h >= clip[2]
      || MAX (ya, yb) + h <= clip[1] || MIN (ya, yb) - h >= clip[3])
    return;
  cairo_move_to (cr, xa, ya);
  cairo_line_to (cr, xb, yb);
  cairo_stroke (cr);
}

void
neuro_axes_draw (const NeuroAxes * a, cairo_t * cr, NeuroText * t,
    const NeuroAxesStyle * s)
{
  gdouble ticks[64];
  gdouble fs = s->font_size;
  AxesSizes z;
  gdouble lw, x0, y0, x1, y1, label_w = 0, th, xl_top, clip[4];
  NeuroTickFormat fmt;
  gchar buf[96];
  gint i, n;

  axes_sizes (t, fs, &z);
  lw = z.frame_lw;
  /* the frame's lines on the plot area's edge pixels */
  x0 = floor (a->x0) + lw / 2;
  y0 = floor (a->y0) + lw / 2;
  x1 = floor (a->x0 + a->w) - lw / 2;
  y1 = floor (a->y0 + a->h) - lw / 2;
  if (s->spines_outside) {
    /* centred lw/2 outside the area's edges: they cover no data pixel */
    x0 = floor (a->x0) - lw / 2;
    y0 = floor (a->y0) - lw / 2;
    x1 = floor (a->x0 + a->w) + lw / 2;
    y1 = floor (a->y0 + a->h) + lw / 2;
  }

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  /* the clip, in user space (callers draw untransformed) */
  cairo_clip_extents (cr, &clip[0], &clip[1], &clip[2], &clip[3]);
  neuro_text_extent (t, "0", fs, FALSE, NULL, &th);
  xl_top = y1 + lw / 2 + z.tick_len + z.tick_pad + th + z.label_pad;

  /* x ticks, outwards from the frame's outer edge */
  if (s->xticks) {
    gdouble lo = MIN (a->xmin, a->xmax), hi = MAX (a->xmin, a->xmax);
    gdouble ybase = y1 + lw / 2;

    n = axis_ticks (&z, lo, hi, a->w, TRUE, ticks, G_N_ELEMENTS (ticks),
        &fmt);
    for (i = 0; i < n; i++) {
      gdouble x = floor (neuro_axes_x (a, ticks[i])) + z.tick_lw / 2;

      if (s->grid) {
        cairo_set_line_width (cr, z.tick_lw);
        neuro_cairo_set_source_argb (cr, s->fg, 0.15);
        axes_line (cr, clip, x, y0, x, y1, z.tick_lw);
      }
      cairo_set_line_width (cr, z.tick_lw);
      neuro_cairo_set_source_argb (cr, s->fg, 1.0);
      axes_line (cr, clip, x, ybase, x, ybase + z.tick_len, z.tick_lw);
      if (s->inside_only)
        continue;
      neuro_tick_format_label (&fmt, ticks[i], buf, sizeof (buf));
      neuro_text_draw (t, cr, buf, x, ybase + z.tick_len + z.tick_pad, fs,
          FALSE, s->fg, NEURO_ALIGN_CENTER, NEURO_ALIGN_START, FALSE);
    }
    /* matplotlib's offset text: right-aligned, OFFSETTEXTPAD (3 pt) under
     * the tick labels, beside the centred axis label */
    if (!s->inside_only
        && neuro_tick_format_offset_text (&fmt, buf, sizeof (buf)))
      neuro_text_draw (t, cr, buf, floor (a->x0 + a->w),
          ybase + z.tick_len + z.tick_pad + th + z.offset_pad, fs, FALSE,
          s->fg, NEURO_ALIGN_END, NEURO_ALIGN_START, FALSE);
  }

  /* y ticks */
  if (s->yticks) {
    const gdouble *vals = ticks;
    gboolean custom = s->ytick_values && s->n_yticks > 0;
    gdouble xbase = x0 - lw / 2;

    if (custom) {
      vals = s->ytick_values;
      n = s->n_yticks;
    } else {
      n = axis_ticks (&z, MIN (a->ymin, a->ymax), MAX (a->ymin, a->ymax),
          a->h, FALSE, ticks, G_N_ELEMENTS (ticks), &fmt);
    }
    for (i = 0; i < n; i++) {
      gdouble y = floor (neuro_axes_y (a, vals[i])) + z.tick_lw / 2;
      gdouble w;

      if (s->grid) {
        cairo_set_line_width (cr, z.tick_lw);
        neuro_cairo_set_source_argb (cr, s->fg, 0.15);
        axes_line (cr, clip, x0, y, x1, y, z.tick_lw);
      }
      cairo_set_line_width (cr, z.tick_lw);
      neuro_cairo_set_source_argb (cr, s->fg, 1.0);
      axes_line (cr, clip, xbase, y, xbase - z.tick_len, y, z.tick_lw);
      if (s->inside_only)
        continue;
      if (s->ytick_labels)
        g_strlcpy (buf, s->ytick_labels[i], sizeof (buf));
      else if (custom)
        g_snprintf (buf, sizeof (buf), "%g", vals[i]);
      else
        neuro_tick_format_label (&fmt, vals[i], buf, sizeof (buf));
      w = neuro_text_draw (t, cr, buf, xbase - z.tick_len - z.tick_pad, y,
          fs, FALSE, s->fg, NEURO_ALIGN_END, NEURO_ALIGN_CENTER, FALSE);
      label_w = MAX (label_w, w);
    }
    /* matplotlib's offset text: its baseline OFFSETTEXTPAD (3 pt) above
     * the axes' top left corner */
    if (!custom && !s->inside_only
        && neuro_tick_format_offset_text (&fmt, buf, sizeof (buf))) {
      gdouble base;

      neuro_text_metrics (t, buf, fs, FALSE, NULL, NULL, &base);
      neuro_text_draw (t, cr, buf, floor (a->x0), floor (a->y0) -
          z.offset_pad - base, fs, FALSE, s->fg, NEURO_ALIGN_START,
          NEURO_ALIGN_START, FALSE);
    }
  }

  /* spines */
  cairo_set_line_width (cr, lw);
  neuro_cairo_set_source_argb (cr, s->fg, 1.0);
  cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  cairo_stroke (cr);
  cairo_restore (cr);

  if (s->inside_only)
    return;
  if (s->xlabel)
    neuro_text_draw (t, cr, s->xlabel, a->x0 + a->w / 2, xl_top, fs, FALSE,
        s->fg, NEURO_ALIGN_CENTER, NEURO_ALIGN_START, FALSE);
  if (s->ylabel)
    neuro_text_draw (t, cr, s->ylabel,
        x0 - lw / 2 - z.tick_len - z.tick_pad - label_w - z.label_pad,
        a->y0 + a->h / 2, fs, FALSE, s->fg, NEURO_ALIGN_CENTER,
        NEURO_ALIGN_END, TRUE);
}

void
neuro_axes_plot_reach (const NeuroAxes * a, gint r[4])
{
  r[0] = (gint) floor (a->x0);
  r[1] = (gint) floor (a->y0);
  r[2] = (gint) floor (a->x0 + a->w) + 1;
  r[3] = (gint) floor (a->y0 + a->h) + 1;
}

void
neuro_axes_draw_on_plot (const NeuroAxes * a, cairo_t * cr, NeuroText * t,
    const NeuroAxesStyle * s)
{
  NeuroAxesStyle lines = *s;
  gint r[4];

  lines.inside_only = TRUE;
  neuro_axes_plot_reach (a, r);
  cairo_save (cr);
  cairo_rectangle (cr, r[0], r[1], r[2] - r[0], r[3] - r[1]);
  cairo_clip (cr);
  neuro_axes_draw (a, cr, t, &lines);
  cairo_restore (cr);
}

void
neuro_axes_title (const NeuroAxes * a, cairo_t * cr, NeuroText * t,
    const gchar * title, gdouble font_size, guint32 fg)
{
  const NeuroStyle *st = neuro_text_get_style (t);
  gdouble k = font_size / st->font_size, size = st->title_size * k;
  gdouble base;

  gdouble tw, baseline;

  if (title == NULL || *title == '\0')
    return;
  /* the baseline titlepad above the axes, as matplotlib's */
  neuro_text_metrics (t, title, size, FALSE, &tw, NULL, &base);
  baseline = floor (a->y0) - st->title_pad * k;
  /* ... or above the y axis's offset text when they would overlap
   * (Axes._update_title_position) */
  if (a->h >= 1 && isfinite (a->ymin) && isfinite (a->ymax)
      && a->ymin != a->ymax) {
    gdouble ticks[64], ow, obase;
    NeuroTickFormat fmt;
    AxesSizes z;
    gchar buf[96];

    axes_sizes (t, font_size, &z);
    axis_ticks (&z, MIN (a->ymin, a->ymax), MAX (a->ymin, a->ymax), a->h,
        FALSE, ticks, G_N_ELEMENTS (ticks), &fmt);
    if (neuro_tick_format_offset_text (&fmt, buf, sizeof buf)) {
      neuro_text_metrics (t, buf, font_size, FALSE, &ow, NULL, &obase);
      if (a->x0 + a->w / 2 - tw / 2 < floor (a->x0) + ow)
        baseline = floor (a->y0) - z.offset_pad - obase -
            st->title_pad * k;
    }
  }
  neuro_text_draw (t, cr, title, a->x0 + a->w / 2, baseline - base, size,
      FALSE, fg, NEURO_ALIGN_CENTER, NEURO_ALIGN_START, FALSE);
}

static void
colorbar_draw (cairo_t * cr, NeuroText * t, const guint32 * lut,
    gdouble x0, gdouble y0, gdouble w, gdouble h, gdouble vmin, gdouble vmax,
    gboolean log, const gchar * label, gdouble font_size, guint32 fg)
{
  cairo_surface_t *img;
  guint32 *px;
  gint i, stride, n;
  gdouble ticks[32], maxw = 0;
  gchar buf[96];
  NeuroAxes a;
  AxesSizes z;
  NeuroTickFormat fmt;

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

  axes_sizes (t, font_size, &z);
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_line_width (cr, z.frame_lw);
  neuro_cairo_set_source_argb (cr, fg, 1.0);
  cairo_rectangle (cr, floor (x0) + z.frame_lw / 2, floor (y0) +
      z.frame_lw / 2, floor (w) - z.frame_lw, floor (h) - z.frame_lw);
  cairo_stroke (cr);
  cairo_set_line_width (cr, z.tick_lw);
  if (!(vmax > vmin))
    n = 0;
  else if (log)
    n = neuro_log_ticks (vmin, vmax, CLAMP ((gint) (h / (font_size * 3)), 2,
            10), ticks, G_N_ELEMENTS (ticks));
  else
    /* a colorbar is an axes: its long axis has the y axis's locator */
    n = axis_ticks (&z, vmin, vmax, h, FALSE, ticks, G_N_ELEMENTS (ticks),
        &fmt);
  for (i = 0; i < n; i++) {
    /* on the bar's frame lines at its ends (the bottom end, y0 + h, is
     * the row below the bar) */
    gdouble y = CLAMP (floor (neuro_axes_y (&a, log ? log10 (ticks[i]) :
                ticks[i])), floor (y0), floor (y0) + floor (h) - 1) + 0.5;
    gdouble tw;

    cairo_move_to (cr, x0 + w, y);
    cairo_line_to (cr, x0 + w + z.tick_len, y);
    cairo_stroke (cr);
    if (log)
      neuro_format_log_tick (ticks[i], buf, sizeof (buf));
    else
      neuro_tick_format_label (&fmt, ticks[i], buf, sizeof (buf));
    tw = neuro_text_draw (t, cr, buf, x0 + w + z.tick_len + z.tick_pad, y,
        font_size, FALSE, fg, NEURO_ALIGN_START, NEURO_ALIGN_CENTER, FALSE);
    maxw = MAX (maxw, tw);
  }
  if (!log && n > 0 && neuro_tick_format_offset_text (&fmt, buf, sizeof (buf)))
    neuro_text_draw (t, cr, buf, x0, y0 - z.tick_pad, font_size, FALSE, fg,
        NEURO_ALIGN_START, NEURO_ALIGN_END, FALSE);
  cairo_restore (cr);
  if (label)
    neuro_text_draw (t, cr, label, x0 + w + z.tick_len + z.tick_pad + maxw +
        z.label_pad, y0 + h / 2, font_size, FALSE, fg, NEURO_ALIGN_CENTER,
        NEURO_ALIGN_START, TRUE);
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

/* ---------------------------------------------------------------- legend */

typedef struct
{
  gdouble fs, border_pad, spacing, handle, handle_pad, axes_pad, round, lw;
} LegendSizes;

static void
legend_sizes (NeuroText * t, gdouble font_size, LegendSizes * z)
{
  const NeuroStyle *st = neuro_text_get_style (t);
  gdouble k = font_size / st->font_size;

  z->fs = st->legend_size * k;
  z->border_pad = st->legend_border_pad * k;
  z->spacing = st->legend_label_spacing * k;
  z->handle = st->legend_handle_length * k;
  z->handle_pad = st->legend_handle_text_pad * k;
  z->axes_pad = st->legend_axes_pad * k;
  z->round = st->legend_round * k;
  z->lw = neuro_style_snap_width (st->legend_frame_width * k);
}

/* a row: the tallest label, at least matplotlib's handleheight 0.7 */
static gdouble
legend_row (NeuroText * t, const gchar * const *labels, guint n,
    const LegendSizes * z, gdouble * maxw)
{
  gdouble rowh = 0.7 * z->fs;
  guint i;

  *maxw = 0;
  for (i = 0; i < n; i++) {
    gdouble tw, th;

    neuro_text_extent (t, labels[i], z->fs, FALSE, &tw, &th);
    *maxw = MAX (*maxw, tw);
    rowh = MAX (rowh, th);
  }
  return rowh;
}

void
neuro_legend_size (NeuroText * t, const gchar * const *labels, guint n,
    gdouble font_size, gdouble * w, gdouble * h)
{
  LegendSizes z;
  gdouble maxw, rowh;

  legend_sizes (t, font_size, &z);
  rowh = legend_row (t, labels, n, &z, &maxw);
  *w = 2 * z.border_pad + z.handle + z.handle_pad + maxw;
  *h = 2 * z.border_pad + n * rowh + (n > 0 ? (n - 1) * z.spacing : 0);
}

void
neuro_legend_place (const NeuroAxes * ax, NeuroText * t, gdouble font_size,
    NeuroLegendLoc loc, gdouble w, gdouble h, gdouble * x0, gdouble * y0)
{
  LegendSizes z;
  gdouble l, r, top, bottom;
  gint hx, vy;                  /* 0 left/top, 1 centre, 2 right/bottom */

  legend_sizes (t, font_size, &z);
  /* the axes' box less borderaxespad on every side */
  l = ax->x0 + z.axes_pad;
  r = ax->x0 + ax->w - z.axes_pad;
  top = ax->y0 + z.axes_pad;
  bottom = ax->y0 + ax->h - z.axes_pad;
  switch (loc) {
    case NEURO_LEGEND_UPPER_LEFT:
      hx = 0, vy = 0;
      break;
    case NEURO_LEGEND_LOWER_LEFT:
      hx = 0, vy = 2;
      break;
    case NEURO_LEGEND_LOWER_RIGHT:
      hx = 2, vy = 2;
      break;
    case NEURO_LEGEND_RIGHT:
    case NEURO_LEGEND_CENTER_RIGHT:
      hx = 2, vy = 1;
      break;
    case NEURO_LEGEND_CENTER_LEFT:
      hx = 0, vy = 1;
      break;
    case NEURO_LEGEND_LOWER_CENTER:
      hx = 1, vy = 2;
      break;
    case NEURO_LEGEND_UPPER_CENTER:
      hx = 1, vy = 0;
      break;
    case NEURO_LEGEND_CENTER:
      hx = 1, vy = 1;
      break;
    case NEURO_LEGEND_BEST:
    case NEURO_LEGEND_UPPER_RIGHT:
    default:
      hx = 2, vy = 0;
      break;
  }
  *x0 = l + (r - l - w) * hx / 2.0;
  *y0 = top + (bottom - top - h) * vy / 2.0;
}

static gboolean
is_data_pixel (guint32 px, guint32 bg)
{
  gint shift;

  /* a light grid line (15 % of black) is not data */
  for (shift = 0; shift < 32; shift += 8)
    if (ABS ((gint) ((px >> shift) & 0xff) - (gint) ((bg >> shift) & 0xff))
        > 48)
      return TRUE;
  return FALSE;
}

NeuroLegendLoc
neuro_legend_best (cairo_t * cr, NeuroText * t, const NeuroAxes * ax,
    const gchar * const *labels, guint n, gdouble font_size, guint32 bg)
{
  cairo_surface_t *img = cairo_get_target (cr);
  NeuroLegendLoc loc, best = NEURO_LEGEND_UPPER_RIGHT;
  guint64 best_count = G_MAXUINT64;
  gdouble w, h;
  const guint8 *data;
  gint iw, ih, stride;

  if (cairo_surface_get_type (img) != CAIRO_SURFACE_TYPE_IMAGE || n == 0)
    return best;
  cairo_surface_flush (img);
  data = cairo_image_surface_get_data (img);
  iw = cairo_image_surface_get_width (img);
  ih = cairo_image_surface_get_height (img);
  stride = cairo_image_surface_get_stride (img);
  neuro_legend_size (t, labels, n, font_size, &w, &h);
  for (loc = NEURO_LEGEND_UPPER_RIGHT; loc <= NEURO_LEGEND_CENTER; loc++) {
    gdouble x0, y0;
    gint xa, xb, ya, yb, x, y;
    guint64 count = 0;

    neuro_legend_place (ax, t, font_size, loc, w, h, &x0, &y0);
    xa = CLAMP ((gint) floor (x0), 0, iw);
    xb = CLAMP ((gint) ceil (x0 + w), 0, iw);
    ya = CLAMP ((gint) floor (y0), 0, ih);
    yb = CLAMP ((gint) ceil (y0 + h), 0, ih);
    for (y = ya; y < yb && count < best_count; y++) {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);

      for (x = xa; x < xb; x++)
        count += is_data_pixel (row[x], bg);
    }
    /* ties go to the earlier loc, as matplotlib's */
    if (count < best_count) {
      best_count = count;
      best = loc;
    }
  }
  return best;
}

static void
rounded_rect (cairo_t * cr, gdouble x, gdouble y, gdouble w, gdouble h,
    gdouble rad)
{
  rad = MIN (rad, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - rad, y + rad, rad, -G_PI / 2, 0);
  cairo_arc (cr, x + w - rad, y + h - rad, rad, 0, G_PI / 2);
  cairo_arc (cr, x + rad, y + h - rad, rad, G_PI / 2, G_PI);
  cairo_arc (cr, x + rad, y + rad, rad, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

void
neuro_legend_rect (const NeuroAxes * ax, NeuroText * t, NeuroLegendLoc loc,
    const gchar * const *labels, guint n, gdouble font_size, gint r[4])
{
  LegendSizes z;
  gdouble w, h, x0, y0;

  memset (r, 0, 4 * sizeof (gint));
  if (n == 0)
    return;
  legend_sizes (t, font_size, &z);
  neuro_legend_size (t, labels, n, font_size, &w, &h);
  neuro_legend_place (ax, t, font_size, loc, w, h, &x0, &y0);
  /* as neuro_legend_draw () rounds them, and its frame's line */
  x0 = round (x0) + (((gint) z.lw) % 2) * 0.5;
  y0 = round (y0) + (((gint) z.lw) % 2) * 0.5;
  r[0] = (gint) floor (x0 - z.lw) - 1;
  r[1] = (gint) floor (y0 - z.lw) - 1;
  r[2] = (gint) ceil (x0 + round (w) + z.lw) + 1;
  r[3] = (gint) ceil (y0 + round (h) + z.lw) + 1;
}

void
neuro_legend_draw (cairo_t * cr, NeuroText * t, const NeuroAxes * ax,
    NeuroLegendLoc loc, const gchar * const *labels, const guint32 * colors,
    guint n, gdouble font_size, guint32 fg, gdouble line_width)
{
  const NeuroStyle *st = neuro_text_get_style (t);
  LegendSizes z;
  gdouble w, h, x0, y0, maxw, rowh;
  guint i;

  if (n == 0)
    return;
  legend_sizes (t, font_size, &z);
  rowh = legend_row (t, labels, n, &z, &maxw);
  neuro_legend_size (t, labels, n, font_size, &w, &h);
  neuro_legend_place (ax, t, font_size, loc, w, h, &x0, &y0);
  /* the frame's line on whole pixels */
  x0 = round (x0) + (((gint) z.lw) % 2) * 0.5;
  y0 = round (y0) + (((gint) z.lw) % 2) * 0.5;
  w = round (w);
  h = round (h);

  cairo_save (cr);
  cairo_new_path (cr);
  rounded_rect (cr, x0, y0, w, h, z.round);
  cairo_set_source_rgba (cr, 1, 1, 1, st->legend_frame_alpha);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, z.lw);
  neuro_cairo_set_source_argb (cr, st->legend_edge_color,
      st->legend_frame_alpha);
  cairo_stroke (cr);
  cairo_set_line_width (cr, line_width);
  for (i = 0; i < n; i++) {
    gdouble yc = y0 + z.border_pad + rowh / 2 + i * (rowh + z.spacing);

    neuro_cairo_set_source_argb (cr, colors[i], 1.0);
    cairo_move_to (cr, x0 + z.border_pad, yc);
    cairo_line_to (cr, x0 + z.border_pad + z.handle, yc);
    cairo_stroke (cr);
    neuro_text_draw (t, cr, labels[i], x0 + z.border_pad + z.handle +
        z.handle_pad, yc, z.fs, FALSE, fg, NEURO_ALIGN_START,
        NEURO_ALIGN_CENTER, FALSE);
  }
  cairo_restore (cr);
}
