/* gst-neuroviz — netmetrics tests: the metrics of a known matrix,
 * PTS/duration and rate kept, NaN left out, a non-square matrix refused.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>

#include "neurotest.h"

static GstHarness *
metrics_harness (const gchar * props, gint w, gint h)
{
  GstHarness *hr = neuro_test_harness_new ("netmetrics %s",
      props ? props : "");
  gchar *caps = g_strdup_printf ("application/x-neuro-frame, format=F32LE, "
      "width=(int)%d, height=(int)%d, framerate=10/1", w, h);

  gst_harness_set_src_caps_str (hr, caps);
  g_free (caps);
  return hr;
}

static void
pull_values (GstHarness * h, const gfloat * m, gsize n, gfloat * out)
{
  GstBuffer *res;
  GArray *v = g_array_new (FALSE, FALSE, sizeof (gfloat));

  res = gst_harness_push_and_pull (h, neuro_test_buffer_floats (m, n,
          300 * GST_MSECOND, 100 * GST_MSECOND));
  fail_unless (res != NULL);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (res), 300 * GST_MSECOND);
  fail_unless_equals_uint64 (GST_BUFFER_DURATION (res), 100 * GST_MSECOND);
  fail_unless_equals_int (gst_buffer_get_size (res), 8 * sizeof (gfloat));
  neuro_test_append_floats (v, res);
  memcpy (out, v->data, 8 * sizeof (gfloat));
  g_array_unref (v);
  gst_buffer_unref (res);
}

GST_START_TEST (test_known_matrix)
{
  GstHarness *h = metrics_harness ("threshold=0.1", 3, 3);
  /* |w| > 0.1 off the diagonal: 0->1, 1->2, 2->0, 2->1; the diagonal 0.5
   * counts for the fraction but not for the degrees */
  const gfloat m[9] = {
    0.5f, 0.4f, -0.05f,
    0.0f, 0.0f, -0.6f,
    0.2f, 0.3f, 0.0f
  };
  gfloat v[8];
  GstCaps *caps;
  GstStructure *s;
  gdouble rate;
  gint ch;

  pull_values (h, m, 9, v);
  fail_unless (fabsf (v[0] - 2.05f / 9) < 1e-6);       /* mean |w| */
  fail_unless (fabsf (v[1] - 5.0f / 9) < 1e-6);        /* fraction */
  fail_unless (fabsf (v[2] - 4.0f / 3) < 1e-6);        /* mean in-degree */
  fail_unless (fabsf (v[3] - 4.0f / 3) < 1e-6);        /* mean out-degree */
  fail_unless_equals_float (v[4], 2);   /* node 1: from 0 and 2 */
  fail_unless_equals_float (v[5], 2);   /* node 2: to 0 and 1 */
  fail_unless (fabsf (v[6] - 0.75f / 9) < 1e-6);       /* mean w */
  fail_unless (fabsf (v[7] - 0.6f) < 1e-6);    /* max |w| */

  caps = gst_pad_get_current_caps (h->sinkpad);
  s = gst_caps_get_structure (caps, 0);
  fail_unless (gst_structure_has_name (s, "application/x-neuro-signal"));
  fail_unless (gst_structure_get_int (s, "channels", &ch));
  fail_unless_equals_int (ch, 8);
  fail_unless (gst_structure_get_double (s, "rate", &rate));
  fail_unless_equals_float (rate, 10.0);
  gst_caps_unref (caps);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_threshold_and_nan)
{
  GstHarness *h = metrics_harness ("threshold=0.35", 2, 2);
  const gfloat m[4] = { NAN, 0.4f, -0.3f, 0.0f };
  gfloat v[8];

  pull_values (h, m, 4, v);
  /* NaN left out: 3 finite entries */
  fail_unless (fabsf (v[0] - 0.7f / 3) < 1e-6);
  fail_unless (fabsf (v[1] - 1.0f / 3) < 1e-6);
  fail_unless (fabsf (v[2] - 0.5f) < 1e-6);
  fail_unless (fabsf (v[6] - 0.1f / 3) < 1e-6);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_not_square)
{
  GstHarness *h = neuro_test_harness_new ("netmetrics");
  const gfloat m[6] = { 0 };

  gst_harness_set_src_caps_str (h, "application/x-neuro-frame, "
      "format=F32LE, width=(int)3, height=(int)2, framerate=10/1");
  gst_harness_push (h, neuro_test_buffer_floats (m, 6, GST_CLOCK_TIME_NONE,
          GST_CLOCK_TIME_NONE));
  g_free (neuro_test_expect_error (neuro_test_harness_bus (h),
          "not square (width=3, height=2)", NULL));
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

static Suite *
netmetrics_suite (void)
{
  Suite *s = suite_create ("netmetrics");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_known_matrix);
  tcase_add_test (tc, test_threshold_and_nan);
  tcase_add_test (tc, test_not_square);
  return s;
}

GST_CHECK_MAIN (netmetrics);
