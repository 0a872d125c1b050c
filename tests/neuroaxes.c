/* gst-neuroviz — tests of the axes room: the plot area a figure leaves in
 * a frame, with axes on and off.  (Ticks, canvas and property parsers have
 * their own suites: neuroticks.c, neurocanvas.c, neuroprops.c.)
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include "neuroaxes.h"

/* The plot rectangle as spikeraster, signalscope and activitymap's
 * histogram computed it before neuro_plot_area (), colorbar room added to
 * the right margin with axes only, as signalscope's heatmap does. */
static void
renderer_area (NeuroText * t, gint w, gint h, gboolean axes,
    gboolean title, gboolean xl, gboolean yl, gdouble cb, NeuroAxes * ax,
    NeuroMargins * m)
{
  gdouble fs = neuro_text_get_style (t)->font_size;

  if (axes) {
    *m = neuro_axes_default_margins (t, w, h, title, xl, yl);
    m->right += cb;
  } else {
    m->left = m->right = m->bottom = 0;
    m->top = title ? fs * 2.2 : 0;
  }
  ax->x0 = round (m->left);
  ax->w = MAX (1, round (w - m->right) - ax->x0);
  ax->y0 = round (m->top);
  ax->h = MAX (1, round (h - m->bottom) - ax->y0);
}

static NeuroPlotFrame
plot_frame (gint w, gint h, gboolean axes, gboolean title, gboolean xl,
    gboolean yl, gdouble cb)
{
  NeuroPlotFrame f = {.width = w,.height = h,
    .font_size = 10 * 100 / 72.0,.axes = axes,.title = title,
    .xlabel = xl,.ylabel = yl,.colorbar = cb
  };

  return f;
}

/* the very numbers the renderers drew with, for every combination */
GST_START_TEST (test_plot_area_as_renderers)
{
  static const gint sizes[][2] = { {16, 16}, {320, 240}, {640, 360},
  {1200, 800}, {1280, 720}, {1920, 1080}, {16384, 16}, {16, 16384}
  };
  NeuroText *t = neuro_text_new (NULL);
  guint i, k;

  for (i = 0; i < G_N_ELEMENTS (sizes); i++) {
    for (k = 0; k < 32; k++) {
      gint w = sizes[i][0], h = sizes[i][1];
      gboolean axes = k & 1, title = (k >> 1) & 1, xl = (k >> 2) & 1;
      gboolean yl = (k >> 3) & 1;
      gdouble cb = (k >> 4) & 1 ? 0.02 * w + 37.5 : 0;
      NeuroPlotFrame f = plot_frame (w, h, axes, title, xl, yl, axes ? cb : 0);
      NeuroAxes a = { 0 }, b = { 0 };
      NeuroMargins ma, mb;

      renderer_area (t, w, h, axes, title, xl, yl, cb, &b, &mb);
      ma = neuro_plot_area (t, &f, &a);
      fail_unless (memcmp (&ma, &mb, sizeof ma) == 0, "%dx%d case %u", w, h,
          k);
      fail_unless (a.x0 == b.x0 && a.y0 == b.y0 && a.w == b.w && a.h == b.h,
          "%dx%d case %u: %g,%g %gx%g, expected %g,%g %gx%g", w, h, k, a.x0,
          a.y0, a.w, a.h, b.x0, b.y0, b.w, b.h);
      /* whole pixels, at least one each way */
      fail_unless (a.x0 == floor (a.x0) && a.w == floor (a.w) && a.w >= 1);
      fail_unless (a.y0 == floor (a.y0) && a.h == floor (a.h) && a.h >= 1);
      ma = neuro_plot_margins (t, &f);
      fail_unless (memcmp (&ma, &mb, sizeof ma) == 0);
    }
  }
  neuro_text_free (t);
}

GST_END_TEST;

/* what each input does to the rectangle */
GST_START_TEST (test_plot_area)
{
  NeuroText *t = neuro_text_new (NULL);
  NeuroPlotFrame f = plot_frame (1280, 720, FALSE, FALSE, TRUE, TRUE, 0);
  NeuroAxes a, b;
  NeuroMargins m;
  gdouble fs = f.font_size, tw, th;

  /* no axes, no title: the whole frame */
  m = neuro_plot_area (t, &f, &a);
  fail_unless (a.x0 == 0 && a.y0 == 0 && a.w == 1280 && a.h == 720);
  fail_unless (m.left == 0 && m.right == 0 && m.top == 0 && m.bottom == 0);
  /* a title takes a line of 2.2 font sizes on top, nothing else */
  f.title = TRUE;
  neuro_plot_area (t, &f, &a);
  fail_unless_equals_float (a.y0, round (2.2 * fs));
  fail_unless (a.x0 == 0 && a.w == 1280 && a.h == 720 - a.y0);
  /* a colorbar keeps its room on the right */
  f.colorbar = 100.4;
  neuro_plot_area (t, &f, &a);
  fail_unless (a.x0 == 0 && a.w == 1180);

  /* axes: room for the y tick labels on the left and the x tick labels
   * below, and for the axis labels when there are labels */
  neuro_text_extent (t, "\xe2\x88\x92" "0.00", fs, FALSE, &tw, &th);
  f = plot_frame (1280, 720, TRUE, FALSE, FALSE, FALSE, 0);
  m = neuro_plot_area (t, &f, &a);
  fail_unless (a.x0 > tw && m.bottom > th && m.top > 0 && m.right > 0);
  fail_unless (a.x0 + a.w <= 1280 && a.y0 + a.h <= 720);
  f.ylabel = TRUE;
  neuro_plot_area (t, &f, &b);
  fail_unless (b.x0 > a.x0 && b.y0 == a.y0 && b.h == a.h);
  f.xlabel = TRUE;
  neuro_plot_area (t, &f, &a);
  fail_unless (a.x0 == b.x0 && a.y0 == b.y0 && a.h < b.h);
  f.title = TRUE;
  neuro_plot_area (t, &f, &b);
  fail_unless (b.y0 > a.y0 && b.x0 == a.x0 && b.w == a.w);
  f.colorbar = 60;
  neuro_plot_area (t, &f, &a);
  fail_unless (a.x0 == b.x0 && a.w == b.w - 60 && a.h == b.h);
  /* larger text, larger margins */
  f.font_size = 2 * fs;
  neuro_plot_area (t, &f, &b);
  fail_unless (b.x0 > a.x0 && b.y0 > a.y0 && b.w < a.w && b.h < a.h);

  /* a frame too small for the margins still gets a pixel */
  f = plot_frame (16, 16, TRUE, TRUE, TRUE, TRUE, 40);
  neuro_plot_area (t, &f, &a);
  fail_unless (a.w == 1 && a.h == 1);
  neuro_text_free (t);
}

GST_END_TEST;

/* the bounding box of everything drawn on white */
static void
ink_box (cairo_surface_t * img, gint * l, gint * r, gint * t, gint * b)
{
  gint w = cairo_image_surface_get_width (img);
  gint h = cairo_image_surface_get_height (img);
  gint stride = cairo_image_surface_get_stride (img), x, y;
  const guint8 *data = cairo_image_surface_get_data (img);

  *l = *t = G_MAXINT;
  *r = *b = -1;
  cairo_surface_flush (img);
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      if ((((const guint32 *) (data + (gsize) y * stride))[x] & 0xffffff) !=
          0xffffff) {
        *l = MIN (*l, x);
        *r = MAX (*r, x);
        *t = MIN (*t, y);
        *b = MAX (*b, y);
      }
}

/* As tight_layout: with the limits given, the margins fit the real text,
 * so the drawn figure's ink (y label, x label, title, last x tick label)
 * ends about tight_layout's pad (1.08 font sizes) from each frame edge,
 * whatever the tick labels' widths ("0.0" or "−10000"), the figure's size
 * and the dpi; y offset text ("1e−7", "+1e3") has its room on top, and
 * the title goes above it where they would overlap; a title wider than
 * the plot widens the margins. */
GST_START_TEST (test_margins_fit_real_labels)
{
  static const gdouble ylims[][2] = { {0, 1}, {-10000, 10000}, {0, 1e-7},
  {1000, 1000.001}, {-70.5, -50.25}
  };
  /* figsize (4, 3) and (12, 8) inches */
  static const gint sizes[][2] = { {4, 3}, {12, 8} };
  static const gdouble dpis[] = { 100, 200 };
  guint i, j, k;

  for (k = 0; k < G_N_ELEMENTS (dpis); k++)
    for (j = 0; j < G_N_ELEMENTS (sizes); j++)
      for (i = 0; i < G_N_ELEMENTS (ylims); i++) {
        NeuroText *t = neuro_text_new (NULL);
        gint w = sizes[j][0] * dpis[k], h = sizes[j][1] * dpis[k];
        gint l, r, top, b;
        const NeuroStyle *st;
        NeuroPlotFrame f = { 0 };
        NeuroAxes a = { 0 };
        NeuroAxesStyle as;
        cairo_surface_t *img;
        cairo_t *cr;
        gdouble pad, fs;

        neuro_text_set_dpi (t, dpis[k]);
        st = neuro_text_get_style (t);
        fs = st->font_size;
        pad = st->layout_pad;
        f.width = w;
        f.height = h;
        f.font_size = fs;
        f.axes = f.title = f.xlabel = f.ylabel = TRUE;
        /* at 400 px wide it overlaps the y offset text, at 1200 not */
        f.title_text = "Membrane potential";
        f.have_xlim = f.have_ylim = TRUE;
        f.xmin = 0;
        f.xmax = 10;
        f.ymin = ylims[i][0];
        f.ymax = ylims[i][1];
        neuro_plot_area (t, &f, &a);
        a.xmin = f.xmin;
        a.xmax = f.xmax;
        a.ymin = f.ymin;
        a.ymax = f.ymax;

        img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
        cr = cairo_create (img);
        cairo_set_source_rgb (cr, 1, 1, 1);
        cairo_paint (cr);
        neuro_axes_style_init (&as, fs, 0xff000000);
        as.xlabel = "Time (s)";
        as.ylabel = "Value";
        neuro_axes_draw (&a, cr, t, &as);
        neuro_axes_title (&a, cr, t, f.title_text, fs, 0xff000000);
        cairo_destroy (cr);
        ink_box (img, &l, &r, &top, &b);
        /* ink starts a little inside the text's box (its ascent above the
         * capitals, its descent below "(s)"): up to 0.4 font sizes */
        fail_unless (l >= pad - 1 && l <= pad + 0.4 * fs, "%dx%d %g dpi, "
            "y %g..%g: ink from x %d, pad %.1f", w, h, dpis[k], f.ymin,
            f.ymax, l, pad);
        fail_unless (top >= pad - 1 && top <= pad + 0.4 * fs, "%dx%d %g dpi, "
            "y %g..%g: ink from y %d, pad %.1f", w, h, dpis[k], f.ymin,
            f.ymax, top, pad);
        fail_unless (b <= h - pad + 1 && b >= h - pad - 0.4 * fs,
            "%dx%d %g dpi: ink to y %d, pad %.1f", w, h, dpis[k], b, pad);
        fail_unless (r <= w - pad + 1, "%dx%d %g dpi: ink to x %d", w, h,
            dpis[k], r);
        cairo_surface_destroy (img);
        neuro_text_free (t);
      }
}

GST_END_TEST;

/* the same dpi, the same margins in every frame size; twice the dpi,
 * twice the margins */
GST_START_TEST (test_margins_in_points)
{
  NeuroText *t = neuro_text_new (NULL);
  NeuroMargins a, b, c;

  a = neuro_axes_default_margins (t, 400, 300, TRUE, TRUE, TRUE);
  b = neuro_axes_default_margins (t, 1200, 800, TRUE, TRUE, TRUE);
  fail_unless (memcmp (&a, &b, sizeof a) == 0);
  neuro_text_set_dpi (t, 200);
  c = neuro_axes_default_margins (t, 1200, 800, TRUE, TRUE, TRUE);
  fail_unless (fabs (c.left - 2 * a.left) <= 2 && fabs (c.top - 2 * a.top)
      <= 2 && fabs (c.bottom - 2 * a.bottom) <= 2, "%g,%g,%g at 200 dpi, "
      "%g,%g,%g at 100", c.left, c.top, c.bottom, a.left, a.top, a.bottom);
  neuro_text_free (t);
}

GST_END_TEST;

/* @str drawn by @t at (3.4, 2.6) into a fresh 400x60 ARGB image */
static cairo_surface_t *
text_image (NeuroText * t, const gchar * str, gdouble size, gboolean bold,
    guint32 argb)
{
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
      400, 60);
  cairo_t *cr = cairo_create (img);

  neuro_text_draw (t, cr, str, 3.4, 2.6, size, bold, argb, NEURO_ALIGN_START,
      NEURO_ALIGN_START, FALSE);
  cairo_destroy (cr);
  cairo_surface_flush (img);
  return img;
}

/* Strings that differ only in their digits reuse one layout (neurotext's
 * templates): their pixels and metrics are those of Pango laying out
 * each string afresh. */
GST_START_TEST (test_text_digit_templates)
{
  NeuroText *fast = neuro_text_new (NULL), *slow = neuro_text_new (NULL);
  const gchar *fmt[] = { "Sliding Window Spike Raster (t = %.2f)",
    "t = %.1f s", "%.1f", "\xe2\x88\x92%.2f", "Frame %.0f of 1000",
    "%.3f ms", "fi%.0ffl", "%.0f%.0f"
  };
  gdouble sizes[] = { 12.0 * 100 / 72, 10.0 * 100 / 72, 25.3 };
  guint f, k, z, i, same = 0;

  neuro_text_set_reuse (slow, FALSE);
  for (f = 0; f < G_N_ELEMENTS (fmt); f++)
    for (z = 0; z < G_N_ELEMENTS (sizes); z++)
      for (k = 0; k < 40; k++) {
        gchar *str = g_strdup_printf (fmt[f], k * 0.2537 + (z ? 3 : 0),
            (gdouble) (k % 7));
        gboolean bold = (k + z) % 3 == 0;
        guint32 argb = z == 2 ? 0xff1f77b4 : 0xff000000;
        cairo_surface_t *a = text_image (fast, str, sizes[z], bold, argb);
        cairo_surface_t *b = text_image (slow, str, sizes[z], bold, argb);
        gdouble wa, ha, ba, wb, hb, bb;
        const guint8 *pa = cairo_image_surface_get_data (a);
        const guint8 *pb = cairo_image_surface_get_data (b);

        for (i = 0; i < 60 * 400 * 4 && pa[i] == pb[i]; i++);
        fail_unless (i == 60 * 400 * 4, "\"%s\" at %g px: byte %u differs",
            str, sizes[z], i);
        same += pa[0] == 0;
        neuro_text_metrics (fast, str, sizes[z], bold, &wa, &ha, &ba);
        neuro_text_metrics (slow, str, sizes[z], bold, &wb, &hb, &bb);
        fail_unless (wa == wb && ha == hb && ba == bb, "%s", str);
        cairo_surface_destroy (a);
        cairo_surface_destroy (b);
        g_free (str);
      }
  fail_unless (same > 0);
  fail_unless (neuro_text_templates_used (fast) > 500,
      "%u strings drawn from templates", neuro_text_templates_used (fast));
  fail_unless_equals_int (neuro_text_templates_used (slow), 0);
  neuro_text_free (fast);
  neuro_text_free (slow);
}

GST_END_TEST;

static Suite *
neuroaxes_suite (void)
{
  Suite *s = suite_create ("neuroaxes");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_plot_area_as_renderers);
  tcase_add_test (tc, test_plot_area);
  tcase_add_test (tc, test_margins_fit_real_labels);
  tcase_add_test (tc, test_margins_in_points);
  tcase_add_test (tc, test_text_digit_templates);
  return s;
}

GST_CHECK_MAIN (neuroaxes);
