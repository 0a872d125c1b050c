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

static Suite *
neuroaxes_suite (void)
{
  Suite *s = suite_create ("neuroaxes");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_nice_ticks);
  tcase_add_test (tc, test_format_tick);
  tcase_add_test (tc, test_pixel_over);
  return s;
}

GST_CHECK_MAIN (neuroaxes);
