/* gst-neuroviz — signalscope's store on arrays: selection, ring, history
 * summary, column cache.  SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <math.h>

#include "scopestore.h"

#define MS (SCOPE_SECOND / 1000)

/* A store for @channels at @rate with every channel shown and a ring of
 * @window seconds. */
static void
store_new (ScopeStore * st, gint channels, gdouble rate, gdouble window)
{
  gdouble bytes = 0;

  scope_store_init (st);
  scope_store_set_format (st, channels, rate);
  fail_unless_equals_int (scope_store_select (st, -1, -1, 1),
      SCOPE_SELECT_NEW);
  fail_unless_equals_int (scope_store_ensure_ring (st, window, 1000, &bytes),
      SCOPE_RING_OK);
}

static void
push (ScopeStore * st, const gfloat * v, gsize n, guint64 pts)
{
  guint ch = 0;
  gint64 idx = 0;

  scope_store_push (st, v, n, pts, FALSE, &ch, &idx);
  fail_unless_equals_int64 (idx, -1);
}

static gfloat
ring_at (const ScopeStore * st, guint k, gint64 j)
{
  return st->ring[k * st->cap + (j & (st->cap - 1))];
}

GST_START_TEST (test_selection)
{
  ScopeStore st;

  scope_store_init (&st);
  scope_store_set_format (&st, 10, 1000);
  fail_unless_equals_int (scope_store_select (&st, 2, 8, 3),
      SCOPE_SELECT_NEW);
  fail_unless_equals_int (st.n_shown, 3);
  fail_unless_equals_int (st.shown[0], 2);
  fail_unless_equals_int (st.shown[1], 5);
  fail_unless_equals_int (st.shown[2], 8);
  fail_unless (isinf (st.smin[2]) && st.smin[2] > 0);
  /* asking again changes nothing */
  fail_unless_equals_int (scope_store_select (&st, 2, 8, 3),
      SCOPE_SELECT_SAME);
  /* beyond the stream: clipped to channel 9 */
  fail_unless_equals_int (scope_store_select (&st, 7, 20, 1),
      SCOPE_SELECT_CLIPPED);
  fail_unless_equals_int (st.n_shown, 3);
  fail_unless_equals_int (st.shown[2], 9);
  fail_unless_equals_int (scope_store_select (&st, 10, 20, 1),
      SCOPE_SELECT_OUTSIDE);
  /* the previous selection stays */
  fail_unless_equals_int (st.shown[0], 7);
  fail_unless_equals_int (scope_store_select (&st, -1, -1, 1),
      SCOPE_SELECT_NEW);
  fail_unless_equals_int (st.n_shown, 10);
  /* new caps drop it */
  fail_unless (!scope_store_set_format (&st, 10, 1000));
  fail_unless (st.shown != NULL);
  fail_unless (scope_store_set_format (&st, 4, 1000));
  fail_unless (st.shown == NULL);
  scope_store_clear (&st);
}

GST_END_TEST;

/* Samples of the shown channels land at their index; the stream range
 * grows; an infinite value is reported once per buffer and stored as
 * NaN. */
GST_START_TEST (test_push)
{
  ScopeStore st;
  gfloat v[3 * 4];
  guint ch = 99;
  gint64 idx = 0, j;
  gdouble lo, hi;

  scope_store_init (&st);
  scope_store_set_format (&st, 3, 1000);
  scope_store_select (&st, 1, 2, 1);
  fail_unless_equals_int (scope_store_ensure_ring (&st, 0.1, 4, &lo),
      SCOPE_RING_OK);
  /* 0.1 s at 1 kHz plus 4 + 8: the next power of two */
  fail_unless_equals_int64 (st.cap, 128);
  for (j = 0; j < 12; j++)
    v[j] = (gfloat) j;
  v[3 * 2 + 2] = INFINITY;      /* sample 2 of stream channel 2 */
  scope_store_push (&st, v, 4, 0, FALSE, &ch, &idx);
  fail_unless_equals_int64 (idx, 2);
  fail_unless_equals_int (ch, 2);
  fail_unless_equals_int64 (st.next_idx, 4);
  for (j = 0; j < 4; j++) {
    fail_unless_equals_float (ring_at (&st, 0, j), 3 * j + 1);
    if (j != 2)
      fail_unless_equals_float (ring_at (&st, 1, j), 3 * j + 2);
  }
  fail_unless (isnan (ring_at (&st, 1, 2)));
  scope_store_stream_range (&st, 1, &lo, &hi);
  fail_unless_equals_float (lo, 2);
  fail_unless_equals_float (hi, 11);
  scope_store_stream_range (&st, -1, &lo, &hi);
  fail_unless_equals_float (lo, 1);
  fail_unless_equals_float (hi, 11);
  fail_unless_equals_float (scope_store_sample_time (&st, 500), 0.5);
  fail_unless_equals_int64 (scope_store_sample_at (&st, 3 * MS), 3);
  scope_store_clear (&st);
}

GST_END_TEST;

/* A buffer later than the end leaves NaN in between; one earlier than the
 * end starts a new timeline at the same index. */
GST_START_TEST (test_timeline)
{
  ScopeStore st;
  gfloat v[4] = { 1, 2, 3, 4 };
  guint gen;

  store_new (&st, 1, 1000, 1);
  push (&st, v, 4, 10 * MS);
  fail_unless_equals_int64 (st.base_idx, 0);
  fail_unless_equals_uint64 (st.base_pts, 10 * MS);
  /* no PTS: right after */
  push (&st, v, 4, SCOPE_TIME_NONE);
  fail_unless_equals_int64 (st.next_idx, 8);
  /* 10 ms later than the end: samples 8..17 stay empty */
  push (&st, v, 4, 28 * MS);
  fail_unless_equals_int64 (st.next_idx, 22);
  fail_unless (isnan (ring_at (&st, 0, 8)) && isnan (ring_at (&st, 0, 17)));
  fail_unless_equals_float (ring_at (&st, 0, 18), 1);
  gen = st.generation;
  /* back in time */
  push (&st, v, 4, 0);
  fail_unless (st.generation != gen);
  fail_unless_equals_int64 (st.base_idx, 22);
  fail_unless_equals_uint64 (st.base_pts, 0);
  fail_unless_equals_int64 (st.ring_start, 22);
  fail_unless (isnan (ring_at (&st, 0, 18)));
  fail_unless_equals_float (ring_at (&st, 0, 22), 1);
  /* a flush starts again from nothing */
  scope_store_reset (&st);
  fail_unless (st.ring == NULL && st.shown == NULL && !st.have_base);
  fail_unless_equals_int64 (st.next_idx, 0);
  scope_store_clear (&st);
}

GST_END_TEST;

GST_START_TEST (test_ring_limits)
{
  ScopeStore st;
  gdouble bytes = 0;

  scope_store_init (&st);
  scope_store_set_format (&st, 1, 1e7);
  scope_store_select (&st, -1, -1, 1);
  fail_unless_equals_int (scope_store_ensure_ring (&st, 3600, 4, &bytes),
      SCOPE_RING_TOO_BIG);
  fail_unless (bytes > 143e9 && bytes < 145e9, "%g", bytes);
  fail_unless (st.ring == NULL);
  /* window x rate beyond any integer */
  scope_store_set_format (&st, 1, 1e300);
  scope_store_select (&st, -1, -1, 1);
  fail_unless_equals_int (scope_store_ensure_ring (&st, 1, 4, &bytes),
      SCOPE_RING_TOO_BIG);
  scope_store_clear (&st);
}

GST_END_TEST;

/* The range of the piecewise-linear series over an interval: points
 * inside plus the interpolated values at both edges; NaN breaks it. */
GST_START_TEST (test_envelope)
{
  static const gfloat v[8] = { 0, 10, 20, 30, NAN, 50, 60, 70 };
  ScopeSeries s = { v, v, v, v, 7, 8, 0, 7 };
  gfloat lo, hi;

  /* [1.5, 2.5): point 2 and 15, 25 at the edges */
  fail_unless (scope_series_envelope (&s, 1.5, 2.5, &lo, &hi));
  fail_unless_equals_float (lo, 15);
  fail_unless_equals_float (hi, 25);
  /* inside one segment: only the edges */
  fail_unless (scope_series_envelope (&s, 0.25, 0.75, &lo, &hi));
  fail_unless_equals_float (lo, 2.5);
  fail_unless_equals_float (hi, 7.5);
  /* [3.2, 3.8): the segment to the NaN is not drawn */
  fail_unless (!scope_series_envelope (&s, 3.2, 3.8, &lo, &hi));
  /* an integral right edge takes the point on it */
  fail_unless (scope_series_envelope (&s, 5.5, 6.0, &lo, &hi));
  fail_unless_equals_float (lo, 55);
  fail_unless_equals_float (hi, 60);
  /* beyond jmax nothing */
  s.jmax = 5;
  fail_unless (!scope_series_envelope (&s, 6.0, 7.0, &lo, &hi));
}

GST_END_TEST;

/* Columns of 2.5 samples: envelope per column; final columns are kept
 * from one update to the next, the last one is recomputed. */
GST_START_TEST (test_columns)
{
  ScopeStore st;
  ScopeTimeline tl = { 2.5 * MS, 0, 0, 0 };
  gfloat v[10];
  gdouble bytes = 0, lo, hi;
  gint i;

  store_new (&st, 1, 1000, 1);
  for (i = 0; i < 10; i++)
    v[i] = (gfloat) i;
  push (&st, v, 10, 0);
  tl.jend = 9;
  /* columns 0..3 on 4 cells: column c covers samples [2.5 c, 2.5 c + 2.5) */
  fail_unless (scope_store_update_columns (&st, &tl, 4, 3, FALSE, 1, &bytes));
  fail_unless_equals_float (st.cols.lo[0], 0);
  fail_unless_equals_float (st.cols.hi[0], 2.5);
  fail_unless_equals_float (st.cols.lo[1], 2.5);
  fail_unless_equals_float (st.cols.hi[1], 5);
  /* column 3 ends at sample 10, not in yet */
  fail_unless_equals_float (st.cols.lo[3], 7.5);
  fail_unless_equals_float (st.cols.hi[3], 9);
  fail_unless_equals_int64 (st.cols.done, 3);
  scope_store_columns_range (&st, -1, &lo, &hi);
  fail_unless_equals_float (lo, 0);
  fail_unless_equals_float (hi, 9);

  /* change a sample of final column 2: it is not recomputed */
  st.ring[6] = 100;
  for (i = 0; i < 5; i++)
    v[i] = (gfloat) (10 + i);
  push (&st, v, 5, SCOPE_TIME_NONE);
  tl.jend = 14;
  /* columns 2..5 (4 and 5 in the cells of 0 and 1) */
  fail_unless (scope_store_update_columns (&st, &tl, 4, 5, FALSE, 1, &bytes));
  fail_unless_equals_float (st.cols.lo[2], 5);
  fail_unless_equals_float (st.cols.hi[2], 7.5);
  /* column 3 was not final: now its right edge is in */
  fail_unless_equals_float (st.cols.hi[3], 10);
  fail_unless_equals_float (st.cols.lo[0], 10);
  fail_unless_equals_float (st.cols.hi[0], 12.5);
  fail_unless_equals_float (st.cols.lo[1], 12.5);
  fail_unless_equals_float (st.cols.hi[1], 14);
  /* a changed timeline recomputes everything */
  st.generation++;
  fail_unless (scope_store_update_columns (&st, &tl, 4, 5, FALSE, 1, &bytes));
  fail_unless_equals_float (st.cols.hi[2], 100);
  scope_store_clear (&st);
}

GST_END_TEST;

/* Heatmap: 4 channels on 2 rows, a cell is the mean of its group's
 * samples; a column without samples takes the nearest ones; the colours
 * of changed cells only are recomputed. */
GST_START_TEST (test_heat_columns)
{
  ScopeStore st;
  ScopeTimeline tl = { 2 * MS, 0, 0, 5 };
  gfloat v[4 * 6];
  gdouble bytes = 0;
  gint i, k;

  store_new (&st, 4, 1000, 1);
  for (i = 0; i < 6; i++)
    for (k = 0; k < 4; k++)
      v[i * 4 + k] = (gfloat) (k * 10 + i);
  push (&st, v, 6, 0);
  fail_unless (scope_store_update_columns (&st, &tl, 3, 2, TRUE, 2, &bytes));
  /* row 0: channels 0, 1; column 0: samples 0, 1 -> mean of 0 1 10 11 */
  fail_unless_equals_float (st.cols.lo[0], 5.5);
  fail_unless_equals_float (st.cols.lo[2], 9.5);
  fail_unless_equals_float (st.cols.lo[3 + 1], 27.5);
  scope_store_colour_columns (&st, NEURO_COLORMAP_GRAY, 0, 40, 0xff000000);
  fail_unless_equals_int (st.cols.px[0], neuro_colormap_map
      (NEURO_COLORMAP_GRAY, 5.5, 0, 40, 0xff000000));
  fail_unless_equals_float (st.cols.hi[0], 0);
  /* a cell that did not change keeps its colour */
  st.cols.px[0] = 0x12345678;
  scope_store_colour_columns (&st, NEURO_COLORMAP_GRAY, 0, 40, 0xff000000);
  fail_unless_equals_int (st.cols.px[0], 0x12345678);
  /* a new mapping recolours all */
  scope_store_colour_columns (&st, NEURO_COLORMAP_GRAY, 0, 80, 0xff000000);
  fail_unless (st.cols.px[0] != 0x12345678);

  /* columns of 0.4 samples: the middle one holds no sample and takes the
   * one nearest to its centre */
  tl.colns = 0.4 * MS;
  fail_unless (scope_store_update_columns (&st, &tl, 3, 7, TRUE, 1, &bytes));
  /* column 7 covers [2.8, 3.2): sample 3 of all channels */
  fail_unless_equals_float (st.cols.lo[7 % 3], 18);
  /* column 6 covers [2.4, 2.8): nearest to 2.6 is sample 3 */
  fail_unless_equals_float (st.cols.lo[6 % 3], 18);
  /* the cache would need 4 GB x 3 */
  fail_unless (!scope_store_update_columns (&st, &tl, 1 << 30, 7, TRUE, 1,
          &bytes));
  fail_unless (bytes > 12e9);
  scope_store_clear (&st);
}

GST_END_TEST;

/* The history summary keeps every sample while it fits, then halves its
 * resolution: the min/max of merged bins. */
GST_START_TEST (test_history)
{
  ScopeStore st;
  gfloat *v = g_new (gfloat, 10000);
  guint ch = 0;
  gint64 idx = 0, i;
  gdouble lo, hi;

  store_new (&st, 1, 1000, 20);
  for (i = 0; i < 10000; i++)
    v[i] = (gfloat) (i % 100);
  v[5000] = -7;
  scope_store_push (&st, v, 100, 0, TRUE, &ch, &idx);
  scope_store_feed_history (&st, 99);
  fail_unless_equals_int (st.hist.bs, 1);
  fail_unless_equals_int (st.hist.nbins, 100);
  fail_unless_equals_float (st.hist.lo[42], 42);
  scope_store_push (&st, v + 100, 9900, SCOPE_TIME_NONE, TRUE, &ch, &idx);
  scope_store_feed_history (&st, 9999);
  /* 10000 samples in at most 4096 bins: 4 samples a bin */
  fail_unless_equals_int (st.hist.bs, 4);
  fail_unless_equals_int (st.hist.nbins, 2500);
  fail_unless_equals_float (st.hist.lo[1], 4);
  fail_unless_equals_float (st.hist.hi[1], 7);
  fail_unless_equals_float (st.hist.first[1], 4);
  fail_unless_equals_float (st.hist.last[1], 7);
  fail_unless_equals_float (st.hist.lo[1250], -7);
  scope_store_history_range (&st, &lo, &hi);
  fail_unless_equals_float (lo, -7);
  fail_unless_equals_float (hi, 99);
  g_free (v);
  scope_store_clear (&st);
}

GST_END_TEST;

/* Pushing transposes interleaved frames into the per-channel ring (in
 * blocks of samples): every value in place across the ring's wrap,
 * non-finite values as NaN, the ranges, and the first infinity (lowest
 * sample, then lowest channel) reported. */
GST_START_TEST (test_push_transpose)
{
  const gint C = 21;
  ScopeStore st;
  gfloat *v = g_new (gfloat, 300 * C);
  gfloat lo[21], hi[21];
  guint32 seed = 7;
  gdouble bytes = 0;
  gint b, i, k;

  store_new (&st, C, 1000, 1.0);
  /* show channels 1..19, not the stream's first */
  fail_unless_equals_int (scope_store_select (&st, 1, 19, 1),
      SCOPE_SELECT_NEW);
  fail_unless_equals_int (scope_store_ensure_ring (&st, 1.0, 300, &bytes),
      SCOPE_RING_OK);
  for (k = 0; k < C; k++) {
    lo[k] = INFINITY;
    hi[k] = -INFINITY;
  }
  for (b = 0; b < 9; b++) {
    guint inf_ch = 0;
    gint64 inf_idx = 0;

    for (i = 0; i < 300 * C; i++) {
      seed = seed * 1664525u + 1013904223u;
      v[i] = (gfloat) ((gint32) seed) / 1e9f;
    }
    /* a NaN; two infinities at the same sample (channel 3 is first), one
     * later in an earlier channel */
    v[17 * C + 9] = NAN;
    v[250 * C + 2] = INFINITY;
    v[203 * C + 12] = -INFINITY;
    v[203 * C + 3] = INFINITY;
    for (i = 0; i < 300; i++)
      for (k = 1; k <= 19; k++) {
        gfloat x = v[i * C + k];

        if (isfinite (x)) {
          lo[k] = MIN (lo[k], x);
          hi[k] = MAX (hi[k], x);
        }
      }
    scope_store_push (&st, v, 300, SCOPE_TIME_NONE, FALSE, &inf_ch, &inf_idx);
    fail_unless_equals_int64 (inf_idx, b * 300 + 203);
    fail_unless_equals_int (inf_ch, 3);
    for (i = 0; i < 300; i++)
      for (k = 1; k <= 19; k++) {
        gfloat x = v[i * C + k], got = ring_at (&st, k - 1, b * 300 + i);

        if (isfinite (x))
          fail_unless (got == x, "sample %d channel %d: %g, want %g",
              b * 300 + i, k, got, x);
        else
          fail_unless (isnan (got));
      }
  }
  fail_unless (st.cap < 9 * 300, "the ring did not wrap");
  for (k = 1; k <= 19; k++) {
    fail_unless_equals_float (st.smin[k - 1], lo[k]);
    fail_unless_equals_float (st.smax[k - 1], hi[k]);
  }
  scope_store_clear (&st);
  g_free (v);
}

GST_END_TEST;

static Suite *
scopestore_suite (void)
{
  Suite *s = suite_create ("scopestore");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_selection);
  tcase_add_test (tc, test_push);
  tcase_add_test (tc, test_timeline);
  tcase_add_test (tc, test_ring_limits);
  tcase_add_test (tc, test_envelope);
  tcase_add_test (tc, test_columns);
  tcase_add_test (tc, test_heat_columns);
  tcase_add_test (tc, test_history);
  tcase_add_test (tc, test_push_transpose);
  return s;
}

GST_CHECK_MAIN (scopestore);
