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

static Suite *
neuroaxes_suite (void)
{
  Suite *s = suite_create ("neuroaxes");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_plot_area_as_renderers);
  tcase_add_test (tc, test_plot_area);
  return s;
}

GST_CHECK_MAIN (neuroaxes);
