/* gst-neuroviz — tests of spikeraster's window store on plain arrays
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Insertion, sorting (stable), trim and compaction, the window query, the
 * past bins kept for smoothing, and the rate against scipy's
 * gaussian_filter1d over the whole recording. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <math.h>

#include "../elements/spikeraster/rasterstore.h"

#define MS (GST_MSECOND)

static void
add (RasterStore * st, gint64 t, guint32 unit)
{
  NeuroSpike s = { t, unit, 1.0f };

  raster_store_reserve (st, 1);
  raster_store_append (st, &s);
}

GST_START_TEST (test_window_and_trim)
{
  RasterStore st;
  const NeuroSpike *w;
  gsize n;

  raster_store_init (&st);
  add (&st, 100 * MS, 0);
  add (&st, 200 * MS, 1);
  add (&st, 300 * MS, 2);
  add (&st, 400 * MS, 3);
  fail_unless (st.sorted);

  /* the window (200 ms, 350 ms]: a spike at its start is out, at its end
   * in */
  raster_store_trim (&st, 200 * MS, FALSE, 0.02, 0);
  w = raster_store_window (&st, 350 * MS, &n);
  fail_unless_equals_int (n, 1);
  fail_unless_equals_int (w[0].unit, 2);
  w = raster_store_window (&st, 400 * MS, &n);
  fail_unless_equals_int (n, 2);
  fail_unless_equals_int (w[1].unit, 3);
  /* before every spike left */
  w = raster_store_window (&st, 250 * MS, &n);
  fail_unless_equals_int (n, 0);

  /* trimming past everything leaves nothing */
  raster_store_trim (&st, 1000 * MS, FALSE, 0.02, 0);
  raster_store_window (&st, 2000 * MS, &n);
  fail_unless_equals_int (n, 0);

  raster_store_clear (&st);
  fail_unless_equals_int (st.len, 0);
  add (&st, 50 * MS, 7);
  raster_store_trim (&st, 0, FALSE, 0.02, 0);
  w = raster_store_window (&st, 100 * MS, &n);
  fail_unless_equals_int (n, 1);
  fail_unless_equals_int (w[0].unit, 7);
  raster_store_free (&st);
}

GST_END_TEST;

/* records out of time order are sorted at the next trim; equal times keep
 * their arrival order (the later one is drawn on top) */
GST_START_TEST (test_unsorted_stable)
{
  RasterStore st;
  const NeuroSpike *w;
  gsize n, i;

  raster_store_init (&st);
  add (&st, 300 * MS, 0);
  add (&st, 100 * MS, 1);
  fail_if (st.sorted);
  add (&st, 200 * MS, 2);
  add (&st, 100 * MS, 3);
  add (&st, 200 * MS, 4);
  add (&st, 100 * MS, 5);
  raster_store_trim (&st, 0, FALSE, 0.02, 0);
  fail_unless (st.sorted);
  w = raster_store_window (&st, 1000 * MS, &n);
  fail_unless_equals_int (n, 6);
  {
    const guint32 order[] = { 1, 3, 5, 2, 4, 0 };

    for (i = 0; i < n; i++)
      fail_unless_equals_int (w[i].unit, order[i]);
  }
  for (i = 1; i < n; i++)
    fail_unless (w[i - 1].t <= w[i].t);

  /* a late record after a trim goes behind the ones still kept */
  raster_store_trim (&st, 150 * MS, FALSE, 0.02, 0);
  add (&st, 160 * MS, 9);
  fail_if (st.sorted);
  raster_store_trim (&st, 150 * MS, FALSE, 0.02, 0);
  w = raster_store_window (&st, 1000 * MS, &n);
  fail_unless_equals_int (n, 4);
  fail_unless_equals_int (w[0].unit, 9);
  fail_unless_equals_int (w[1].unit, 2);
  raster_store_free (&st);
}

GST_END_TEST;

/* expired spikes are dropped from the array now and then, the window's
 * content staying the same */
GST_START_TEST (test_compaction)
{
  RasterStore st;
  const NeuroSpike *w;
  gsize n, i;

  raster_store_init (&st);
  for (i = 0; i < 10000; i++)
    add (&st, (gint64) i * MS, i);
  raster_store_trim (&st, 3000 * MS, FALSE, 0.02, 0);
  /* 3001 expired: not yet worth moving the rest */
  fail_unless_equals_int (st.head, 3001);
  fail_unless_equals_int (st.len, 10000);
  raster_store_trim (&st, 6000 * MS, FALSE, 0.02, 0);
  fail_unless_equals_int (st.head, 0);
  fail_unless_equals_int (st.len, 3999);
  w = raster_store_window (&st, 7000 * MS, &n);
  fail_unless_equals_int (n, 1000);
  for (i = 0; i < n; i++)
    fail_unless_equals_int (w[i].unit, 6001 + i);
  raster_store_free (&st);
}

GST_END_TEST;

/* spikes leaving the window are counted into bins aligned to the bin width,
 * keeping one smoothing radius of them before the window */
GST_START_TEST (test_past_bins)
{
  RasterStore st;

  raster_store_init (&st);
  /* bins of 100 ms; 4 spikes in bin 5, 1 in bin 7, 2 in bin 9 */
  add (&st, 500 * MS, 0);
  add (&st, 520 * MS, 0);
  add (&st, 540 * MS, 1);
  add (&st, 599 * MS, 1);
  add (&st, 700 * MS, 2);
  add (&st, 900 * MS, 3);
  add (&st, 950 * MS, 3);
  add (&st, 1200 * MS, 3);
  /* the window starts at 1.0 s, bin 10: with radius 3 bins 7..9 are kept */
  raster_store_trim (&st, 1000 * MS, TRUE, 0.1, 3);
  fail_unless_equals_int (st.past_k0, 7);
  fail_unless_equals_int (st.past_len, 3);
  fail_unless_equals_float (st.past[0], 1);
  fail_unless_equals_float (st.past[1], 0);
  fail_unless_equals_float (st.past[2], 2);

  /* a late record within the radius: the bins grow to its left */
  add (&st, 650 * MS, 4);
  raster_store_trim (&st, 1000 * MS, TRUE, 0.1, 4);
  fail_unless_equals_int (st.past_k0, 6);
  fail_unless_equals_int (st.past_len, 4);
  fail_unless_equals_float (st.past[0], 1);
  fail_unless_equals_float (st.past[1], 1);
  fail_unless_equals_float (st.past[3], 2);

  /* the window moves on: bins before the radius are dropped */
  raster_store_trim (&st, 1300 * MS, TRUE, 0.1, 4);
  fail_unless_equals_int (st.past_k0, 9);
  fail_unless_equals_int (st.past_len, 4);
  fail_unless_equals_float (st.past[0], 2);
  fail_unless_equals_float (st.past[3], 1);

  /* another bin width starts afresh; no rate panel keeps nothing */
  add (&st, 1400 * MS, 0);
  raster_store_trim (&st, 1500 * MS, TRUE, 0.05, 2);
  fail_unless_equals_float (st.past_bin, 0.05);
  fail_unless_equals_int (st.past_k0, 28);
  fail_unless_equals_int (st.past_len, 1);
  raster_store_trim (&st, 1500 * MS, FALSE, 0.05, 2);
  fail_unless_equals_int (st.past_len, 0);
  raster_store_free (&st);
}

GST_END_TEST;

/* scipy.ndimage.gaussian_filter1d ([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0],
 * sigma=1): the normalised kernel of radius 4 */
GST_START_TEST (test_gaussian_smooth)
{
  const gdouble scipy[] = { 0.00013383062461474175, 0.004431861620031266,
    0.053991127420704395, 0.24197144565660073, 0.39894346935609776,
    0.24197144565660073, 0.053991127420704395, 0.004431861620031266,
    0.00013383062461474175
  };
  gdouble in[17] = { 0 }, out[9], flat[17], fout[9];
  gint i;

  fail_unless_equals_int (raster_smooth_radius (1.0), 4);
  fail_unless_equals_int (raster_smooth_radius (2.0), 8);
  fail_unless_equals_int (raster_smooth_radius (0.1), 0);
  fail_unless_equals_int (raster_smooth_radius (0), 0);
  /* out[i] sees in[i .. i + 8]: an impulse at in[8] gives the kernel */
  in[8] = 1;
  raster_gaussian_smooth (in, out, 9, 1.0);
  for (i = 0; i < 9; i++)
    fail_unless (fabs (out[i] - scipy[i]) < 1e-15, "bin %d: %.17g vs %.17g",
        i, out[i], scipy[i]);
  for (i = 0; i < 17; i++)
    flat[i] = 3.5;
  raster_gaussian_smooth (flat, fout, 9, 1.0);
  for (i = 0; i < 9; i++)
    fail_unless (fabs (fout[i] - 3.5) < 1e-12);
  /* sigma 0: a copy */
  raster_gaussian_smooth (in, out, 9, 0);
  for (i = 0; i < 9; i++)
    fail_unless_equals_float (out[i], in[i]);
}

GST_END_TEST;

#define N_UNITS 10
#define BIN 0.02
#define SIGMA 2.0
#define WIN (2 * GST_SECOND)

/* The rate drawn in every frame of a moving window is the rate of the whole
 * recording, binned and smoothed at once: the past bins give the smoothing
 * the spikes left of the window. */
GST_START_TEST (test_rate_is_whole_recording)
{
  RasterStore st;
  RasterRate rate = { 0 };
  GRand *rnd = g_rand_new_with_seed (13);
  const gint64 dur = 6 * GST_SECOND;
  gint n_all = 0, n_next = 0, frame, checked = 0, nbins, i, k;
  NeuroSpike *all = g_new (NeuroSpike, 20000);
  gdouble *count, *ref;
  gint radius = raster_smooth_radius (SIGMA);

  /* about 1000 spikes per second over the units, in time order */
  for (gint64 t = 0; t < dur; t += g_rand_int_range (rnd, 1, 2 * MS)) {
    all[n_all].t = t;
    all[n_all].unit = g_rand_int_range (rnd, 0, N_UNITS);
    all[n_all].value = 1;
    n_all++;
  }
  nbins = (gint) (dur / (BIN * GST_SECOND)) + 1;
  count = g_new0 (gdouble, nbins);
  for (i = 0; i < n_all; i++)
    count[(gint) floor (all[i].t / (BIN * GST_SECOND))] += 1;
  ref = g_new0 (gdouble, nbins);
  raster_gaussian_smooth (count, ref + radius, nbins - 2 * radius, SIGMA);
  for (k = 0; k < nbins; k++)
    ref[k] /= BIN * N_UNITS;

  raster_store_init (&st);
  for (frame = 1; frame <= 180; frame++) {
    gint64 t_end = frame * GST_SECOND / 30, t_lo = t_end - WIN;
    const NeuroSpike *w;
    gsize n;

    for (; n_next < n_all && all[n_next].t <= t_end; n_next++) {
      raster_store_reserve (&st, 1);
      raster_store_append (&st, &all[n_next]);
    }
    raster_store_trim (&st, t_lo, TRUE, BIN, radius);
    w = raster_store_window (&st, t_end, &n);
    raster_rate_compute (&rate, &st, w, n, t_lo, t_end, BIN, SIGMA, N_UNITS);
    fail_unless (rate.nb > 0);
    fail_unless_equals_int (rate.k0, (gint64) ceil (t_lo / (BIN *
                GST_SECOND) - 1e-9));
    for (k = 0; k < rate.nb; k++) {
      gint64 kk = rate.k0 + k;

      /* bins whose kernel reaches before the recording see zeros here and
       * scipy's reflection there: compare from one radius in */
      if (kk < radius || kk + radius >= nbins)
        continue;
      fail_unless (fabs (rate.v[k] - ref[kk]) < 1e-9,
          "frame %d bin %" G_GINT64_FORMAT ": %g vs %g", frame, kk,
          rate.v[k], ref[kk]);
      checked++;
      fail_unless (rate.maxv >= rate.v[k]);
    }
  }
  /* most bins, including the left edges of late windows, were compared */
  fail_unless (checked > 180 * 50, "%d", checked);
  raster_store_free (&st);
  raster_rate_free (&rate);
  g_free (all);
  g_free (count);
  g_free (ref);
  g_rand_free (rnd);
}

GST_END_TEST;

/* unsmoothed: counts per bin over the bin width and the units; the newest
 * radius bins wait; absurdly many bins draw nothing */
GST_START_TEST (test_rate_bins)
{
  RasterStore st;
  RasterRate rate = { 0 };
  const NeuroSpike *w;
  gsize n;

  raster_store_init (&st);
  add (&st, 50 * MS, 0);
  add (&st, 60 * MS, 1);
  add (&st, 150 * MS, 0);
  add (&st, 990 * MS, 0);
  raster_store_trim (&st, 0, TRUE, 0.1, 0);
  w = raster_store_window (&st, 1000 * MS, &n);
  fail_unless_equals_int (n, 4);
  raster_rate_compute (&rate, &st, w, n, 0, 1000 * MS, 0.1, 0, 4);
  fail_unless_equals_int (rate.k0, 0);
  fail_unless_equals_int (rate.nb, 10);
  fail_unless_equals_float (rate.v[0], 2 / (0.1 * 4));
  fail_unless_equals_float (rate.v[1], 1 / (0.1 * 4));
  fail_unless_equals_float (rate.v[5], 0);
  fail_unless_equals_float (rate.v[9], 1 / (0.1 * 4));
  fail_unless_equals_float (rate.maxv, 5);

  /* sigma 1 bin: radius 4, the last 4 bins are not ready */
  raster_rate_compute (&rate, &st, w, n, 0, 1000 * MS, 0.1, 1.0, 4);
  fail_unless_equals_int (rate.nb, 6);

  /* a window not longer than the radius: nothing */
  raster_rate_compute (&rate, &st, w, n, 0, 300 * MS, 0.1, 1.0, 4);
  fail_unless_equals_int (rate.nb, 0);
  fail_unless_equals_float (rate.maxv, 0);

  /* more than 100 000 bins */
  raster_rate_compute (&rate, &st, w, n, 0, 1000 * MS, 1e-6, 0, 4);
  fail_unless_equals_int (rate.nb, 0);
  raster_store_free (&st);
  raster_rate_free (&rate);
}

GST_END_TEST;

static Suite *
rasterstore_suite (void)
{
  Suite *s = suite_create ("rasterstore");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_window_and_trim);
  tcase_add_test (tc, test_unsorted_stable);
  tcase_add_test (tc, test_compaction);
  tcase_add_test (tc, test_past_bins);
  tcase_add_test (tc, test_gaussian_smooth);
  tcase_add_test (tc, test_rate_is_whole_recording);
  tcase_add_test (tc, test_rate_bins);
  return s;
}

GST_CHECK_MAIN (rasterstore);
