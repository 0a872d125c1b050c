/* gst-neuroviz — tests of the ticks room: nice and log ticks, their labels,
 * nonsingular colour limits.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include "neuroticks.h"

#include <float.h>
#include <math.h>
#include <string.h>

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

/* matplotlib's transforms.nonsingular (expander 0.1) on equal limits */
GST_START_TEST (test_nonsingular)
{
  gdouble lo = 0, hi = 0;

  neuro_nonsingular (&lo, &hi);
  fail_unless_equals_float (lo, -0.1);
  fail_unless_equals_float (hi, 0.1);
  lo = hi = 5;
  neuro_nonsingular (&lo, &hi);
  fail_unless_equals_float (lo, 4.5);
  fail_unless_equals_float (hi, 5.5);
  lo = hi = -2;
  neuro_nonsingular (&lo, &hi);
  fail_unless_equals_float (lo, -2.2);
  fail_unless_equals_float (hi, -1.8);
  /* distinct or not finite limits are left alone */
  lo = 1;
  hi = 2;
  neuro_nonsingular (&lo, &hi);
  fail_unless (lo == 1 && hi == 2);
  lo = hi = INFINITY;
  neuro_nonsingular (&lo, &hi);
  fail_unless (isinf (lo) && isinf (hi));
}

GST_END_TEST;

/* Compares one line of tests/ticks-mpl.py's table (matplotlib's ticks and
 * labels for one axis) with ours; returns a description of the difference
 * or NULL. */
static gchar *
compare_with_matplotlib (const gchar * line)
{
  gchar **part = g_strsplit (line, " ; ", 4);
  gchar **head, **locs = NULL, **labels = NULL;
  gdouble vmin, vmax, dpi, length, ours[64], tol;
  gint space, n, i, nl;
  gboolean x_axis;
  NeuroTickFormat fmt;
  gchar buf[96], *err = NULL;

  fail_unless_equals_int (g_strv_length (part), 4);
  head = g_strsplit (part[0], " ", -1);
  fail_unless_equals_int (g_strv_length (head), 5);
  x_axis = strcmp (head[0], "x") == 0;
  vmin = g_ascii_strtod (head[1], NULL);
  vmax = g_ascii_strtod (head[2], NULL);
  length = g_ascii_strtod (head[3], NULL);
  dpi = g_ascii_strtod (head[4], NULL);

  /* the figure's width in pixels as matplotlib has it: inches x dpi */
  space = neuro_tick_space (length / dpi * dpi, dpi, 10.0, x_axis);
  n = neuro_auto_ticks (vmin, vmax, space, ours, G_N_ELEMENTS (ours));
  locs = g_strsplit (part[1], " ", -1);
  nl = g_strv_length (locs);
  tol = 1e-9 * (vmax - vmin);
  if (n != nl) {
    err = g_strdup_printf ("%d ticks, matplotlib %d", n, nl);
    goto done;
  }
  for (i = 0; i < n; i++) {
    gdouble theirs = g_ascii_strtod (locs[i], NULL);

    if (fabs (ours[i] - theirs) > tol) {
      err = g_strdup_printf ("tick %d at %.17g, matplotlib %.17g", i,
          ours[i], theirs);
      goto done;
    }
  }
  /* the labels, character for character, and the offset text */
  neuro_tick_format_init (&fmt, ours, n, vmin, vmax);
  labels = g_strsplit (part[2], "\t", -1);
  for (i = 0; i < n; i++) {
    neuro_tick_format_label (&fmt, ours[i], buf, sizeof buf);
    if (strcmp (buf, labels[i]) != 0) {
      err = g_strdup_printf ("label %d \"%s\", matplotlib \"%s\"", i, buf,
          labels[i]);
      goto done;
    }
  }
  neuro_tick_format_offset_text (&fmt, buf, sizeof buf);
  if (strcmp (buf, part[3]) != 0)
    err = g_strdup_printf ("offset text \"%s\", matplotlib \"%s\"", buf,
        part[3]);
done:
  g_strfreev (labels);
  g_strfreev (locs);
  g_strfreev (head);
  g_strfreev (part);
  return err;
}

/* matplotlib itself (Debian's, Agg) places and labels the ticks of the
 * same axes: 31 ranges (1e-3 ... 1e5 wide, negative, tiny spans far from
 * zero, offsets, scientific) on axes of 100 ... 1500 px at 72, 100 and
 * 200 dpi, x and y. */
GST_START_TEST (test_ticks_as_matplotlib)
{
  const gchar *root = g_getenv ("NEUROVIZ_SOURCE_ROOT");
  gchar *script, *out = NULL, *errout = NULL, **lines;
  const gchar *argv[3];
  gint status = 0, i, checked = 0, failed = 0;
  GError *error = NULL;
  gchar **envp = g_get_environ ();

  fail_unless (root != NULL, "NEUROVIZ_SOURCE_ROOT not set");
  script = g_build_filename (root, "tests", "ticks-mpl.py", NULL);
  argv[0] = "/usr/bin/python3";
  argv[1] = script;
  argv[2] = NULL;
  envp = g_environ_setenv (envp, "MPLBACKEND", "Agg", TRUE);
  fail_unless (g_spawn_sync (NULL, (gchar **) argv, envp, G_SPAWN_DEFAULT,
          NULL, NULL, &out, &errout, &status, &error), "%s",
      error ? error->message : "");
  fail_unless (g_spawn_check_wait_status (status, NULL),
      "%s failed (Debian's python3 with matplotlib is needed): %s", script,
      errout);
  lines = g_strsplit (out, "\n", -1);
  for (i = 0; lines[i]; i++) {
    gchar *diff;

    if (*lines[i] == '\0')
      continue;
    checked++;
    diff = compare_with_matplotlib (lines[i]);
    if (diff) {
      if (failed++ < 20)
        g_printerr ("%s\n  -> %s\n", lines[i], diff);
      g_free (diff);
    }
  }
  fail_unless (checked > 1000, "only %d axes in the table", checked);
  fail_unless_equals_int (failed, 0);
  g_strfreev (lines);
  g_strfreev (envp);
  g_free (out);
  g_free (errout);
  g_free (script);
}

GST_END_TEST;

/* the tick space: labels 3 font sizes wide on x, 2 high on y, in points */
GST_START_TEST (test_tick_space)
{
  /* 640 px at 100 dpi = 460.8 pt; 10 pt labels: 15 on x, 23 on y */
  fail_unless_equals_int (neuro_tick_space (640, 100, 10, TRUE), 15);
  fail_unless_equals_int (neuro_tick_space (640, 100, 10, FALSE), 23);
  /* twice the dpi: the same pixels are half the points */
  fail_unless_equals_int (neuro_tick_space (640, 200, 10, TRUE), 7);
  fail_unless_equals_int (neuro_tick_space (10, 100, 10, TRUE), 0);
}

GST_END_TEST;

/* Limits a renderer may pass (not finite, equal, huge, tiny): a bounded
 * number of finite ticks or none, labels that fit, never a hang. */
GST_START_TEST (test_auto_ticks_bad_limits)
{
  static const gdouble lims[][2] = { {NAN, 1}, {0, INFINITY}, {1, 1},
  {0, 0}, {-1e308, 1e308}, {-DBL_MAX, DBL_MAX}, {1e-320, 2e-320},
  {5, -5}, {1e300, 1e300 * 1.0000001}, {-1e-300, 1e-300}
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (lims); i++) {
    gdouble t[16];
    NeuroTickFormat f;
    gchar buf[64];
    gint n = neuro_auto_ticks (lims[i][0], lims[i][1], 9, t, 16), k;

    fail_unless (n >= 0 && n <= 16);
    neuro_tick_format_init (&f, t, n, lims[i][0], lims[i][1]);
    for (k = 0; k < n; k++) {
      fail_unless (isfinite (t[k]), "limits %g %g: tick %g", lims[i][0],
          lims[i][1], t[k]);
      neuro_tick_format_label (&f, t[k], buf, sizeof buf);
      fail_unless (g_utf8_validate (buf, -1, NULL));
    }
    neuro_tick_format_offset_text (&f, buf, sizeof buf);
    fail_unless (g_utf8_validate (buf, -1, NULL));
    n = neuro_auto_ticks_visible (lims[i][0], lims[i][1], 9, t, 16);
    fail_unless (n >= 0 && n <= 16);
  }
  /* equal limits are widened as matplotlib's nonsingular: ticks around */
  {
    gdouble t[16];

    fail_unless (neuro_auto_ticks (1, 1, 9, t, 16) >= 2);
  }
}

GST_END_TEST;

static Suite *
neuroticks_suite (void)
{
  Suite *s = suite_create ("neuroticks");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_ticks_as_matplotlib);
  tcase_add_test (tc, test_tick_space);
  tcase_add_test (tc, test_auto_ticks_bad_limits);
  tcase_add_test (tc, test_nice_ticks);
  tcase_add_test (tc, test_format_tick);
  tcase_add_test (tc, test_log_ticks);
  tcase_add_test (tc, test_nonsingular);
  return s;
}

GST_CHECK_MAIN (neuroticks);
