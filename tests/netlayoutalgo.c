/* gst-neuroviz — netgraph's layouts on arrays: circle and grid positions,
 * the spring layout's determinism and normalisation, the fit into the plot
 * (documented geometry, coinciding and huge positions), pixel positions,
 * the automatic node size.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <math.h>
#include <string.h>

#include "netlayoutalgo.h"

GST_START_TEST (test_circle_grid)
{
  gdouble pos[2 * 10];
  gint i;

  net_layout_circle (6, pos);
  for (i = 0; i < 6; i++) {
    fail_unless (fabs (pos[2 * i] - cos (G_PI * i / 3)) < 1e-12);
    fail_unless (fabs (pos[2 * i + 1] - sin (G_PI * i / 3)) < 1e-12);
  }
  /* 10 nodes: 4 columns, rows going down */
  net_layout_grid (10, pos);
  fail_unless_equals_float (pos[2 * 5], 1);
  fail_unless_equals_float (pos[2 * 5 + 1], -1);
  fail_unless_equals_float (pos[2 * 9], 1);
  fail_unless_equals_float (pos[2 * 9 + 1], -2);
  fail_unless_equals_float (pos[2 * 3], 3);
  fail_unless_equals_float (pos[2 * 3 + 1], 0);
}

GST_END_TEST;

/* Deterministic, centred at 0 with largest coordinate 1; NaN and infinite
 * weights act as 0; connected nodes end up closer than unconnected ones. */
GST_START_TEST (test_spring)
{
  enum { N = 12 };
  gfloat w[N * N] = { 0 }, w_nan[N * N];
  gdouble a[2 * N], b[2 * N], c[2 * N], cx = 0, cy = 0, ext = 0, near, far;
  gint i;

  /* two cliques, 0-5 and 6-11 */
  for (i = 0; i < N * N; i++)
    if (i / N != i % N && (i / N < 6) == (i % N < 6))
      w[i] = 1;
  memcpy (w_nan, w, sizeof w);
  w_nan[0 * N + 7] = NAN;
  w_nan[3 * N + 9] = INFINITY;
  net_layout_spring (w, N, 0.1, a);
  net_layout_spring (w, N, 0.1, b);
  net_layout_spring (w_nan, N, 0.1, c);
  fail_unless (memcmp (a, b, sizeof a) == 0);
  fail_unless (memcmp (a, c, sizeof a) == 0);
  for (i = 0; i < N; i++) {
    cx += a[2 * i];
    cy += a[2 * i + 1];
    ext = MAX (ext, MAX (fabs (a[2 * i]), fabs (a[2 * i + 1])));
  }
  fail_unless (fabs (cx) < 1e-9 && fabs (cy) < 1e-9);
  fail_unless (fabs (ext - 1) < 1e-12);
  near = hypot (a[0] - a[2], a[1] - a[3]);
  far = hypot (a[0] - a[2 * 6], a[1] - a[2 * 6 + 1]);
  fail_unless (near < far, "%g %g", near, far);
}

GST_END_TEST;

/* px = ax + aw/2 + (x - cx)·s, py = ay + ah/2 - (y - cy)·s with s = min
 * (aw, ah) / (2·1.5·R), at the pixel centre */
GST_START_TEST (test_fit_geometry)
{
  const gdouble pos[6] = { 0, 0, 4, 1, 2, -1 };
  gfloat xy[6];
  /* bbox x 0..4, y -1..1: c = (2, 0), R = 2, s = 200 / 6 */
  gdouble s = 200.0 / 6;
  gint i;

  net_layout_fit (pos, 3, 10, 20, 300, 200, xy);
  for (i = 0; i < 3; i++) {
    fail_unless_equals_float (xy[2 * i],
        floor (10 + 150 + (pos[2 * i] - 2) * s) + 0.5);
    fail_unless_equals_float (xy[2 * i + 1],
        floor (20 + 100 - pos[2 * i + 1] * s) + 0.5);
  }
}

GST_END_TEST;

/* coinciding (or denormal-apart) positions at the centre; positions near
 * ±DBL_MAX keep their shape (their range overflows) */
GST_START_TEST (test_fit_degenerate)
{
  const gdouble same[6] = { 5, 5, 5, 5, 5, 5 };
  const gdouble tiny[6] = { 0, 0, 1e-320, 0, 0, 1e-320 };
  const gdouble huge[6] = { -1.7e308, 0, 0, 0, 1.7e308, 0 };
  gfloat xy[6];
  gint i;

  net_layout_fit (same, 3, 0, 0, 320, 240, xy);
  for (i = 0; i < 3; i++)
    fail_unless (xy[2 * i] == 160.5 && xy[2 * i + 1] == 120.5);
  net_layout_fit (tiny, 3, 0, 0, 320, 240, xy);
  for (i = 0; i < 3; i++)
    fail_unless (xy[2 * i] == 160.5 && xy[2 * i + 1] == 120.5);
  net_layout_fit (huge, 3, 0, 0, 320, 240, xy);
  fail_unless_equals_float (xy[0], 80.5);
  fail_unless_equals_float (xy[2], 160.5);
  fail_unless_equals_float (xy[4], 240.5);
  for (i = 0; i < 3; i++)
    fail_unless_equals_float (xy[2 * i + 1], 120.5);
}

GST_END_TEST;

GST_START_TEST (test_pixels)
{
  const gdouble in[4] = { 0, 0, 319.9, 239.2 };
  const gdouble out[6] = { 10, 10, 320, 5, 1, 1 };
  const gdouble nan[2] = { NAN, 3 };
  gfloat xy[6];

  fail_unless_equals_int (net_layout_pixels (in, 2, 320, 240, xy), -1);
  fail_unless (xy[0] == 0.5 && xy[1] == 0.5 && xy[2] == 319.5
      && xy[3] == 239.5);
  fail_unless_equals_int (net_layout_pixels (out, 3, 320, 240, xy), 1);
  fail_unless_equals_int (net_layout_pixels (nan, 1, 320, 240, xy), 0);
}

GST_END_TEST;

/* H/30 (matplotlib's s=200 on 600 px), smaller when crowded, at least 2 */
GST_START_TEST (test_auto_node_size)
{
  fail_unless_equals_float (net_layout_auto_node_size (1, 640, 480, 600),
      20);
  fail_unless_equals_float (net_layout_auto_node_size (100, 600, 600, 600),
      600 * G_PI / 150 * 0.8);
  fail_unless_equals_float (net_layout_auto_node_size (100000, 600, 600,
          600), 2);
}

GST_END_TEST;

static Suite *
netlayoutalgo_suite (void)
{
  Suite *s = suite_create ("netlayoutalgo");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_circle_grid);
  tcase_add_test (tc, test_spring);
  tcase_add_test (tc, test_fit_geometry);
  tcase_add_test (tc, test_fit_degenerate);
  tcase_add_test (tc, test_pixels);
  tcase_add_test (tc, test_auto_node_size);
  return s;
}

GST_CHECK_MAIN (netlayoutalgo);
