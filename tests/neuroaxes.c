/* Shared drawing helpers: nice ticks and their labels, pixel blending. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include "neuroaxes.h"

GST_START_TEST (test_nice_ticks)
{
  gdouble t[64], step;
  gint n;

  n = neuro_nice_ticks (0, 10, 4, t, 64, &step);
  fail_unless_equals_float (step, 2.5);
  fail_unless_equals_int (n, 5);
  fail_unless_equals_float (t[1], 2.5);
  n = neuro_nice_ticks (1.03, 2.97, 10, t, 64, &step);
  fail_unless_equals_float (step, 0.2);
  fail_unless (fabs (t[0] - 1.2) < 1e-12);
  fail_unless (fabs (t[n - 1] - 2.8) < 1e-12);
  n = neuro_nice_ticks (-1, 1, 4, t, 64, &step);
  fail_unless_equals_float (step, 0.5);
  fail_unless_equals_float (t[2], 0.0);
  /* degenerate ranges give no ticks rather than a loop */
  fail_unless_equals_int (neuro_nice_ticks (1, 1, 5, t, 64, &step), 0);
  fail_unless_equals_int (neuro_nice_ticks (NAN, 1, 5, t, 64, &step), 0);
}

GST_END_TEST;

GST_START_TEST (test_format_tick)
{
  gchar buf[32];

  neuro_format_tick (2.5, 2.5, buf, sizeof (buf));
  fail_unless_equals_string (buf, "2.5");
  neuro_format_tick (5.0, 2.5, buf, sizeof (buf));
  fail_unless_equals_string (buf, "5.0");
  neuro_format_tick (0.25, 0.25, buf, sizeof (buf));
  fail_unless_equals_string (buf, "0.25");
  neuro_format_tick (1.2, 0.2, buf, sizeof (buf));
  fail_unless_equals_string (buf, "1.2");
  neuro_format_tick (3000, 1000, buf, sizeof (buf));
  fail_unless_equals_string (buf, "3000");
  neuro_format_tick (-1e-17, 0.5, buf, sizeof (buf));
  fail_unless_equals_string (buf, "0.0");
  /* negative labels with U+2212, as matplotlib's axes.unicode_minus */
  neuro_format_tick (-2.5, 2.5, buf, sizeof (buf));
  fail_unless_equals_string (buf, "\xe2\x88\x92" "2.5");
  neuro_format_tick (-0.25, 0.25, buf, sizeof (buf));
  fail_unless_equals_string (buf, "\xe2\x88\x92" "0.25");
}

GST_END_TEST;

/* LogNorm colorbar ticks: decades when two or more fall inside, 1-2-5
 * within a decade otherwise; decades labelled 10^k in superscript. */
GST_START_TEST (test_log_ticks)
{
  gdouble t[32];
  gchar buf[32];
  gint n;

  n = neuro_log_ticks (0.01, 1000, 10, t, 32);
  fail_unless_equals_int (n, 6);
  fail_unless (fabs (t[0] - 0.01) < 1e-15 && fabs (t[5] - 1000) < 1e-9);
  /* limits between decades */
  n = neuro_log_ticks (0.05, 150, 10, t, 32);
  fail_unless_equals_int (n, 4);
  fail_unless (fabs (t[0] - 0.1) < 1e-15 && fabs (t[3] - 100) < 1e-12);
  /* thirteen decades, room for 4 ticks: every fourth decade, 10^0 among
   * them */
  n = neuro_log_ticks (1e-6, 1e6, 4, t, 32);
  fail_unless_equals_int (n, 3);
  fail_unless (fabs (log10 (t[0]) + 4) < 1e-9 && fabs (log10 (t[1])) < 1e-9
      && fabs (log10 (t[2]) - 4) < 1e-9);
  /* less than two decades: 1, 2, 5 x 10^k */
  n = neuro_log_ticks (1.5, 30, 10, t, 32);
  fail_unless_equals_int (n, 4);
  fail_unless_equals_float (t[0], 2);
  fail_unless_equals_float (t[1], 5);
  fail_unless_equals_float (t[2], 10);
  fail_unless_equals_float (t[3], 20);
  /* nothing for limits a log axis cannot show */
  fail_unless_equals_int (neuro_log_ticks (0, 10, 5, t, 32), 0);
  fail_unless_equals_int (neuro_log_ticks (10, 1, 5, t, 32), 0);
  fail_unless_equals_int (neuro_log_ticks (NAN, 10, 5, t, 32), 0);

  neuro_format_log_tick (1000, buf, sizeof buf);
  fail_unless_equals_string (buf, "10\xc2\xb3");
  neuro_format_log_tick (0.01, buf, sizeof buf);
  fail_unless_equals_string (buf, "10\xe2\x81\xbb\xc2\xb2");
  neuro_format_log_tick (1, buf, sizeof buf);
  fail_unless_equals_string (buf, "10\xe2\x81\xb0");
  neuro_format_log_tick (1e-10, buf, sizeof buf);
  fail_unless_equals_string (buf, "10\xe2\x81\xbb\xc2\xb9\xe2\x81\xb0");
  neuro_format_log_tick (20, buf, sizeof buf);
  fail_unless_equals_string (buf, "20");
  fail_unless (g_utf8_validate (buf, -1, NULL));
}

GST_END_TEST;

GST_START_TEST (test_pixel_over)
{
  guint32 p = 0xffffffff;

  /* 50% black over white -> mid grey */
  neuro_pixel_over (&p, 0x80000000);
  fail_unless ((p & 0xff) >= 0x7e && (p & 0xff) <= 0x80, "%08x", p);
  fail_unless_equals_int (p >> 24, 0xff);
  p = 0x00000000;
  neuro_pixel_over (&p, 0xff123456);
  fail_unless_equals_int (p, 0xff123456);
}

GST_END_TEST;

GST_START_TEST (test_parse_strings)
{
  guint32 c = 0;
  gint64 a, b;
  GError *err = NULL;

  fail_unless (neuro_parse_argb ("0xff1f77b4", &c, NULL));
  fail_unless_equals_int (c, 0xff1f77b4);
  fail_unless (neuro_parse_argb ("#d62728", &c, NULL));
  fail_unless_equals_int (c, 0xffd62728);
  fail_unless (neuro_parse_argb (" #80000000 ", &c, NULL));
  fail_unless_equals_int (c, 0x80000000);
  fail_unless (neuro_parse_argb ("4278190335", &c, NULL));
  fail_unless_equals_int (c, 0xff0000ff);
  fail_if (neuro_parse_argb ("#12345", &c, &err));
  fail_unless (strstr (err->message, "\"#12345\"") != NULL, err->message);
  fail_unless (strstr (err->message, "6 or 8 hex digits") != NULL);
  g_clear_error (&err);
  fail_if (neuro_parse_argb ("red", &c, NULL));
  fail_if (neuro_parse_argb ("-1", &c, NULL));
  fail_if (neuro_parse_argb ("0x1ffffffff", &c, &err));
  fail_unless (g_error_matches (err, NEURO_PARSE_ERROR,
          NEURO_PARSE_ERROR_RANGE));
  g_clear_error (&err);

  fail_unless (neuro_parse_range ("0-999", 1000, &a, &b, NULL));
  fail_unless (a == 0 && b == 999);
  fail_unless (neuro_parse_range ("7", 1000, &a, &b, NULL));
  fail_unless (a == 7 && b == 7);
  fail_unless (neuro_parse_range ("", 1000, &a, &b, NULL));
  fail_unless (a == -1 && b == -1);
  fail_if (neuro_parse_range ("5-2", 1000, &a, &b, &err));
  fail_unless (strstr (err->message, "first 5 is above last 2") != NULL,
      err->message);
  g_clear_error (&err);
  fail_if (neuro_parse_range ("0-1000", 1000, &a, &b, &err));
  fail_unless (strstr (err->message, "limit 1000") != NULL, err->message);
  g_clear_error (&err);
  fail_if (neuro_parse_range ("1-x", 1000, &a, &b, NULL));
  fail_if (neuro_parse_range ("-3", 1000, &a, &b, NULL));
  fail_if (neuro_parse_range ("1--3", 1000, &a, &b, NULL));
}

GST_END_TEST;

/* groups and colors take exactly the colour spellings of neuro_parse_argb */
GST_START_TEST (test_colour_spellings)
{
  static const struct
  {
    const gchar *s;
    guint32 argb;
  } sp[] = {
    {"#ff0000", 0xffff0000}, {"#80ff0000", 0x80ff0000},
    {"0x80ff0000", 0x80ff0000}, {"0X80FF0000", 0x80ff0000},
    {"2164195328", 0x80ff0000}, {" #00ff00 ", 0xff00ff00},
  };
  static const gchar *bad[] = { "ff0000", "#ff00", "#fff", "red", "-1",
    "0x", "#ff0000ff00", "1e3", "0x1ffffffff"
  };
  GArray *cols = g_array_new (FALSE, FALSE, sizeof (guint32));
  GArray *groups = g_array_new (FALSE, FALSE, sizeof (NeuroColorGroup));
  guint i;

  for (i = 0; i < G_N_ELEMENTS (sp); i++) {
    gchar *g = g_strdup_printf ("0-1:%s", sp[i].s);

    fail_unless (neuro_parse_argb_list (sp[i].s, cols, NULL), "%s", sp[i].s);
    fail_unless (neuro_parse_groups (g, groups, NULL), "%s", g);
    fail_unless_equals_int (g_array_index (cols, guint32, 0), sp[i].argb);
    fail_unless_equals_int (g_array_index (groups, NeuroColorGroup,
            0).argb, sp[i].argb);
    g_free (g);
  }
  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    gchar *g = g_strdup_printf ("0-1:%s", bad[i]);

    fail_if (neuro_parse_argb_list (bad[i], cols, NULL), "%s", bad[i]);
    fail_if (neuro_parse_groups (g, groups, NULL), "%s", g);
    g_free (g);
  }
  g_array_free (cols, TRUE);
  g_array_free (groups, TRUE);
}

GST_END_TEST;

GST_START_TEST (test_parse_lists)
{
  GArray *cols = g_array_new (FALSE, FALSE, sizeof (guint32));
  GArray *groups = g_array_new (FALSE, FALSE, sizeof (NeuroColorGroup));
  NeuroColorGroup *g;
  GError *err = NULL;

  fail_unless (neuro_parse_argb_list ("#ff0000,0x80112233,255", cols, NULL));
  fail_unless_equals_int (cols->len, 3);
  fail_unless_equals_int (g_array_index (cols, guint32, 0), 0xffff0000);
  fail_unless_equals_int (g_array_index (cols, guint32, 1), 0x80112233);
  fail_unless_equals_int (g_array_index (cols, guint32, 2), 255);
  /* a bad list leaves the previous colours */
  fail_if (neuro_parse_argb_list ("#ff0000,bogus", cols, &err));
  fail_unless (strstr (err->message, "item 2") != NULL, err->message);
  fail_unless (strstr (err->message, "\"bogus\"") != NULL, err->message);
  g_clear_error (&err);
  fail_unless_equals_int (cols->len, 3);

  fail_unless (neuro_parse_groups ("0-9:#ff0000,10:0x8000ff00", groups,
          NULL));
  fail_unless_equals_int (groups->len, 2);
  g = &g_array_index (groups, NeuroColorGroup, 1);
  fail_unless (g->first == 10 && g->last == 10 && g->argb == 0x8000ff00);
  fail_if (neuro_parse_groups ("0-9:#ff0000,10-20", groups, &err));
  fail_unless (strstr (err->message, "group 2 \"10-20\"") != NULL,
      err->message);
  g_clear_error (&err);
  fail_if (neuro_parse_groups ("9-2:#ff0000", groups, &err));
  fail_unless (strstr (err->message, "above last") != NULL, err->message);
  g_clear_error (&err);
  fail_if (neuro_parse_groups ("0-1:#ff00", groups, &err));
  fail_unless (strstr (err->message, "\"#ff00\"") != NULL, err->message);
  g_clear_error (&err);
  fail_unless_equals_int (groups->len, 2);
  g_array_free (cols, TRUE);
  g_array_free (groups, TRUE);
}

GST_END_TEST;

/* The plot rectangle as spikeraster, signalscope and activitymap's
 * histogram computed it before neuro_plot_area (), colorbar room added to
 * the right margin with axes only, as signalscope's heatmap does. */
static void
renderer_area (NeuroText * t, gint w, gint h, gboolean axes,
    gboolean title, gboolean xl, gboolean yl, gdouble cb, NeuroAxes * ax,
    NeuroMargins * m)
{
  gdouble fs = neuro_text_size_for_height (h);

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
    .font_size = neuro_text_size_for_height (h),.axes = axes,.title = title,
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
  neuro_text_extent (t, "-00000", fs, FALSE, &tw, &th);
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
  tcase_add_test (tc, test_nice_ticks);
  tcase_add_test (tc, test_format_tick);
  tcase_add_test (tc, test_log_ticks);
  tcase_add_test (tc, test_pixel_over);
  tcase_add_test (tc, test_parse_strings);
  tcase_add_test (tc, test_parse_lists);
  tcase_add_test (tc, test_colour_spellings);
  tcase_add_test (tc, test_plot_area_as_renderers);
  tcase_add_test (tc, test_plot_area);
  return s;
}

GST_CHECK_MAIN (neuroaxes);
