/* gst-neuroviz — activitymap's store and view helpers on arrays: frame and
 * stream statistics, colour limits by rule, numpy.histogram's bins and
 * range, the count axis top, pixel -> cell tables, cell-index ticks.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <math.h>

/* the element's folder is not on the tests' include path */
#include "../elements/activitymap/mapstore.h"
#include "../elements/activitymap/mapimage.h"
#include "../elements/activitymap/maphist.h"

/* finite values only; positive ones for log scales; the stream keeps the
 * extremes of every frame since the reset */
GST_START_TEST (test_stats)
{
  const gfloat a[4] = { -2, NAN, 0.5f, INFINITY };
  const gfloat b[4] = { 0, 3, -0.25f, 0 };
  MapStore s = { 2, 2 };

  map_store_reset (&s);
  map_store_add (&s, a);
  fail_unless_equals_float (s.cur.min, -2);
  fail_unless_equals_float (s.cur.max, 0.5);
  fail_unless_equals_float (s.cur.pos_min, 0.5);
  fail_unless_equals_float (s.cur.abs_max, 2);
  map_store_add (&s, b);
  fail_unless_equals_float (s.cur.min, -0.25);
  fail_unless_equals_float (s.cur.max, 3);
  fail_unless_equals_float (s.cur.pos_min, 3);
  fail_unless_equals_float (s.stream.min, -2);
  fail_unless_equals_float (s.stream.max, 3);
  fail_unless_equals_float (s.stream.pos_min, 0.5);
  fail_unless_equals_float (s.stream.pos_max, 3);
  fail_unless_equals_float (s.stream.abs_max, 3);
  fail_unless_equals_uint64 (s.seq, 2);
  map_store_reset (&s);
  fail_unless (isinf (s.stream.min) && s.stream.min > 0);
  fail_unless_equals_float (s.stream.abs_max, 0);
}

GST_END_TEST;

GST_START_TEST (test_limits)
{
  const gfloat v[4] = { -1, 0.5f, 2, 4 };
  MapStats st, none;
  gdouble lo, hi;

  map_stats_compute (v, 4, &st);
  map_stats_init (&none);
  fail_unless (map_color_limits (&st, MAP_LIMITS_FIXED, FALSE, 0.2, 0.7, &lo,
          &hi));
  fail_unless (lo == 0.2 && hi == 0.7);
  fail_unless (map_color_limits (&st, MAP_LIMITS_MINMAX, FALSE, 0, 1, &lo,
          &hi));
  fail_unless (lo == -1 && hi == 4);
  fail_unless (map_color_limits (&st, MAP_LIMITS_MINMAX, TRUE, 0, 1, &lo,
          &hi));
  fail_unless (lo == 0.5 && hi == 4);
  fail_unless (map_color_limits (&st, MAP_LIMITS_SYMMETRIC, FALSE, 0, 1, &lo,
          &hi));
  fail_unless (lo == -4 && hi == 4);
  /* nothing finite yet: 0..1, log 1..10 */
  fail_unless (map_color_limits (&none, MAP_LIMITS_MINMAX, FALSE, 0, 1, &lo,
          &hi));
  fail_unless (lo == 0 && hi == 1);
  fail_unless (map_color_limits (&none, MAP_LIMITS_MINMAX, TRUE, 0, 1, &lo,
          &hi));
  fail_unless (lo == 1 && hi == 10);
  /* equal limits widened as matplotlib's colorbar: 1, 1 -> 0.9, 1.1 */
  fail_unless (map_color_limits (&st, MAP_LIMITS_FIXED, FALSE, 1, 1, &lo,
          &hi));
  fail_unless (fabs (lo - 0.9) < 1e-12 && fabs (hi - 1.1) < 1e-12);
  /* a log scale without positive limits cannot be drawn */
  fail_unless (!map_color_limits (&st, MAP_LIMITS_SYMMETRIC, TRUE, 0, 1, &lo,
          &hi));
  fail_unless (!map_color_limits (&st, MAP_LIMITS_FIXED, TRUE, -1, 1, &lo,
          &hi));
}

GST_END_TEST;

/* numpy.histogram (v, 4, (0, 4)) = [1, 3, 0, 3]: the last bin includes
 * 4.0, 5.0 and NaN are not counted; a range that overflows or is
 * subnormal still puts every value in its bin. */
GST_START_TEST (test_histogram)
{
  const gfloat v[9] = { 0.5f, 1.0f, 1.5f, 1.99f, 3.0f, 3.5f, 4.0f, 5.0f, NAN };
  const gfloat x[9] = { 0, 0, 0, 1.0f, -1.0f, 3e38f, 2.5f, 7.0f, NAN };
  guint64 c[4];

  map_histogram (v, 9, 0, 4, 4, c);
  fail_unless (c[0] == 1 && c[1] == 3 && c[2] == 0 && c[3] == 3);
  map_histogram (x, 9, 0, 1e-320, 4, c);
  fail_unless (c[0] == 3 && c[1] == 0 && c[2] == 0 && c[3] == 0);
  map_histogram (x, 9, -1e308, 1e308, 4, c);
  fail_unless (c[0] == 0 && c[1] == 0 && c[2] == 8 && c[3] == 0);
  /* 0.3f (0.30000001) is in bin 3 of 10 over [0, 1], 0.2f (0.2000000030)
   * in bin 2, 1.0 in the last */
  {
    const gfloat e[3] = { 0.3f, 0.2f, 1.0f };
    guint64 d[10];

    map_histogram (e, 3, 0, 1, 10, d);
    fail_unless (d[3] == 1 && d[2] == 1 && d[9] == 1);
  }
}

GST_END_TEST;

GST_START_TEST (test_hist_range)
{
  const gfloat v[3] = { 2, 5, NAN };
  const gfloat k[2] = { 3, 3 };
  MapStats st;
  gdouble lo, hi;

  map_stats_compute (v, 3, &st);
  map_hist_range (-1, 1, &st, &lo, &hi);
  fail_unless (lo == -1 && hi == 1);
  map_hist_range (0, 0, &st, &lo, &hi);
  fail_unless (lo == 2 && hi == 5);
  map_stats_compute (k, 2, &st);
  map_hist_range (1, 0, &st, &lo, &hi);
  fail_unless (lo == 2.5 && hi == 3.5);
  map_stats_init (&st);
  map_hist_range (0, 0, &st, &lo, &hi);
  fail_unless (lo == 0 && hi == 1);
  /* the count axis: count-max, else a nice tick above 1.05 x the top */
  fail_unless_equals_float (map_hist_count_top (7, 24), 24);
  /* ticks 0, 25 ... 100 end below 105: one step more */
  fail_unless_equals_float (map_hist_count_top (100, 0), 125);
  fail_unless_equals_float (map_hist_count_top (0, 0), 1);
}

GST_END_TEST;

/* nearest: pixel c shows the last cell whose first pixel floor (j·w/W) is
 * at or before c; bilinear: samples at (c + 0.5)·W/w - 0.5, clamped */
GST_START_TEST (test_axis_tables)
{
  MapAxisTable t = { 0 };
  gint c, j;

  map_axis_table_update (&t, 3, 8);
  for (c = 0; c < 8; c++) {
    for (j = 2; j > 0 && (j * 8) / 3 > c; j--);
    fail_unless_equals_int (t.cell[c], j);
  }
  /* pixel 0: u = 0.5·3/8 - 0.5 < 0, clamped to cell 0 */
  fail_unless_equals_int (t.j0[0], 0);
  fail_unless_equals_float (t.fx[0], 0);
  /* pixel 4: u = 4.5·3/8 - 0.5 = 1.1875 */
  fail_unless_equals_int (t.j0[4], 1);
  fail_unless (fabsf (t.fx[4] - 0.1875f) < 1e-6);
  /* the last pixel: u = 2.3125 clamped to 2, left neighbour 1, weight 1 */
  fail_unless_equals_int (t.j0[7], 1);
  fail_unless_equals_float (t.fx[7], 1);
  /* fewer pixels than cells */
  map_axis_table_update (&t, 10, 4);
  fail_unless (t.cell[0] == 2 && t.cell[1] == 4 && t.cell[2] == 7
      && t.cell[3] == 9);
  /* one cell */
  map_axis_table_update (&t, 1, 5);
  for (c = 0; c < 5; c++)
    fail_unless (t.cell[c] == 0 && t.j0[c] == 0 && t.fx[c] == 0);
  map_axis_table_free (&t);
}

GST_END_TEST;

GST_START_TEST (test_int_ticks)
{
  gdouble t[32];
  gint n;

  n = map_int_ticks (5, 10, t, 32);
  fail_unless_equals_int (n, 5);
  fail_unless (t[0] == 0 && t[4] == 4);
  n = map_int_ticks (50, 10, t, 32);
  fail_unless_equals_int (n, 10);
  fail_unless (t[1] == 5 && t[9] == 45);
  n = map_int_ticks (512, 6, t, 32);
  fail_unless_equals_int (n, 6);
  fail_unless (t[1] == 100);
  n = map_int_ticks (100000, 2, t, 32);
  fail_unless_equals_int (n, 2);
  fail_unless (t[1] == 50000);
}

GST_END_TEST;

static Suite *
mapstore_suite (void)
{
  Suite *s = suite_create ("mapstore");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_stats);
  tcase_add_test (tc, test_limits);
  tcase_add_test (tc, test_histogram);
  tcase_add_test (tc, test_hist_range);
  tcase_add_test (tc, test_axis_tables);
  tcase_add_test (tc, test_int_ticks);
  return s;
}

GST_CHECK_MAIN (mapstore);
