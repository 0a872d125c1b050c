/* gst-neuroviz — tests of the ticks room: nice and log ticks, their labels,
 * nonsingular colour limits.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include "neuroticks.h"

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

static Suite *
neuroticks_suite (void)
{
  Suite *s = suite_create ("neuroticks");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_nice_ticks);
  tcase_add_test (tc, test_format_tick);
  tcase_add_test (tc, test_log_ticks);
  tcase_add_test (tc, test_nonsingular);
  return s;
}

GST_CHECK_MAIN (neuroticks);
