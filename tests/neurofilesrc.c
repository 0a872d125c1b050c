/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tests for neurofilesrc: every layout, every dtype and the malformed files
 * in tests/data/neurofilesrc (written by tests/data/gen_neurofilesrc.py),
 * plus real Brian2 output: the brunel.npz the build simulates with
 * examples/brunel.py ($NEUROVIZ_BRUNEL_DATA) and the project's shared one
 * ($NEUROVIZ_SHARED_DATA, else ../shared/data) when it is there. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "neurotypes.h"
#include "neurotest.h"

typedef struct
{
  NeuroTestRun *run;
  GstElement *pipeline;         /* the run's */
  GPtrArray *bufs;              /* the run's */
  GstCaps *caps;                /* the run's, set by run_wait */
  gchar *error;                 /* ditto */
  gboolean eos;
} Run;

/* tests/data/neurofilesrc/@name */
static gchar *
data_path (const gchar * name)
{
  return neuro_test_data_file ("neurofilesrc", name);
}

/* The suites check buffers on the 10 ms grid: slice-duration=10 ms unless
 * @props sets it (test_auto_slices checks the default, auto). */
static Run *
run_new (const gchar * location, const gchar * props)
{
  Run *r = g_new0 (Run, 1);
  GstElement *src;

  if (props == NULL)
    props = "";
  r->run = neuro_test_run_new ("neurofilesrc name=src%s %s ! fakesink "
      "name=sink signal-handoffs=true sync=false",
      strstr (props, "slice-duration") ? "" : " slice-duration=10000000",
      props);
  r->pipeline = r->run->pipeline;
  r->bufs = r->run->buffers;
  src = gst_bin_get_by_name (GST_BIN (r->pipeline), "src");
  g_object_set (src, "location", location, NULL);
  gst_object_unref (src);
  return r;
}

/* Plays until EOS or error. */
static void
run_wait (Run * r)
{
  neuro_test_run_to_end (r->run);
  r->caps = r->run->caps;
  r->error = r->run->error;
  r->eos = r->run->eos;
}

static void
run_free (Run * r)
{
  neuro_test_run_free (r->run);
  g_free (r);
}

static Run *
run_file (const gchar * name, const gchar * props)
{
  gchar *p = data_path (name);
  Run *r = run_new (p, props);

  g_free (p);
  run_wait (r);
  return r;
}

static void
expect_error (const gchar * name, const gchar * props, const gchar * what)
{
  Run *r = run_file (name, props);

  fail_unless (r->error != NULL, "%s: no error", name);
  fail_unless (strstr (r->error, name) != NULL,
      "%s: error does not name the file: %s", name, r->error);
  fail_unless (strstr (r->error, what) != NULL,
      "%s: expected '%s' in: %s", name, what, r->error);
  GST_INFO ("%s: %s", name, r->error);
  run_free (r);
}

/* All spike records of a run, in order. */
static GArray *
collect_spikes (Run * r)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (NeuroSpike));
  guint i;

  for (i = 0; i < r->bufs->len; i++) {
    GstBuffer *b = g_ptr_array_index (r->bufs, i);
    GstMapInfo map;
    gsize k;

    gst_buffer_map (b, &map, GST_MAP_READ);
    fail_unless (map.size % sizeof (NeuroSpike) == 0);
    for (k = 0; k < map.size / sizeof (NeuroSpike); k++) {
      NeuroSpike s;

      memcpy (&s, map.data + k * sizeof (NeuroSpike), sizeof (s));
      neuro_spike_from_le (&s);
      /* each record lies inside its buffer's slice */
      fail_unless (s.t >= (gint64) GST_BUFFER_PTS (b));
      fail_unless (s.t < (gint64) (GST_BUFFER_PTS (b) +
              GST_BUFFER_DURATION (b)));
      g_array_append_val (a, s);
    }
    gst_buffer_unmap (b, &map);
  }
  return a;
}

static gint
caps_int (GstCaps * caps, const gchar * field)
{
  gint v = -1;

  fail_unless (caps != NULL);
  gst_structure_get_int (gst_caps_get_structure (caps, 0), field, &v);
  return v;
}

/* Checks slices: contiguous, slice-long, starting at 0. */
static void
check_slices (Run * r, GstClockTime slice, guint n)
{
  guint i;

  fail_unless_equals_int (r->bufs->len, n);
  for (i = 0; i < r->bufs->len; i++) {
    GstBuffer *b = g_ptr_array_index (r->bufs, i);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), i * slice);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (b), slice);
  }
}

/* unit k % 7 at 2.5 ms * k, k < 40, value 1 */
static void
check_brian_spikes (Run * r, guint unit_offset)
{
  GArray *a;
  guint k;

  fail_unless (r->error == NULL, "%s", r->error);
  fail_unless (gst_structure_has_name (gst_caps_get_structure (r->caps, 0),
          NEURO_SPIKES_MEDIA_TYPE));
  fail_unless_equals_int (caps_int (r->caps, "units"), 7 + unit_offset);
  /* last spike at 97.5 ms: 10 slices of 10 ms */
  check_slices (r, 10 * GST_MSECOND, 10);
  a = collect_spikes (r);
  fail_unless_equals_int (a->len, 40);
  for (k = 0; k < 40; k++) {
    NeuroSpike *s = &g_array_index (a, NeuroSpike, k);

    fail_unless_equals_int64 (s->t, (gint64) k * 2500000);
    fail_unless_equals_int (s->unit, k % 7 + unit_offset);
    fail_unless (s->value == 1.0f);
  }
  g_array_unref (a);
}

GST_START_TEST (test_brian_npz_stored)
{
  Run *r = run_file ("brian_stored.npz", NULL);

  check_brian_spikes (r, 0);
  run_free (r);
}

GST_END_TEST;

GST_START_TEST (test_brian_npz_deflate)
{
  Run *r = run_file ("brian_deflate.npz", NULL);

  check_brian_spikes (r, 0);
  run_free (r);
}

GST_END_TEST;

GST_START_TEST (test_brian_npz_zip64)
{
  Run *r = run_file ("brian_zip64.npz", NULL);

  check_brian_spikes (r, 0);
  run_free (r);
}

GST_END_TEST;

GST_START_TEST (test_brian_two_npy)
{
  gchar *t = data_path ("brian_t.npy");
  gchar *props = g_strdup_printf ("times-location=\"%s\"", t);
  Run *r = run_file ("brian_i.npy", props);

  check_brian_spikes (r, 0);
  run_free (r);
  g_free (props);
  g_free (t);
}

GST_END_TEST;

GST_START_TEST (test_empty_slices)
{
  Run *r = run_file ("brian_gap.npz", NULL);
  GArray *a;
  guint i;

  fail_unless (r->error == NULL, "%s", r->error);
  fail_unless_equals_int (caps_int (r->caps, "units"), 4);
  check_slices (r, 10 * GST_MSECOND, 6);
  for (i = 1; i < 5; i++)
    fail_unless_equals_int (gst_buffer_get_size (g_ptr_array_index (r->bufs,
                i)), 0);
  a = collect_spikes (r);
  fail_unless_equals_int (a->len, 2);
  fail_unless_equals_int64 (g_array_index (a, NeuroSpike, 1).t, 55000000);
  g_array_unref (a);
  run_free (r);

  /* other slice durations, and the units property */
  r = run_file ("brian_gap.npz", "slice-duration=25000000 units=10");
  fail_unless (r->error == NULL, "%s", r->error);
  fail_unless_equals_int (caps_int (r->caps, "units"), 10);
  check_slices (r, 25 * GST_MSECOND, 3);
  run_free (r);
}

GST_END_TEST;

GST_START_TEST (test_pynapple)
{
  Run *r = run_file ("pynapple.npz", NULL);
  GArray *a;
  guint k;

  fail_unless (r->error == NULL, "%s", r->error);
  fail_unless_equals_int (caps_int (r->caps, "units"), 5);
  a = collect_spikes (r);
  fail_unless_equals_int (a->len, 40);
  for (k = 0; k < 40; k++) {
    fail_unless_equals_int64 (g_array_index (a, NeuroSpike, k).t,
        (gint64) k * 3000000);
    fail_unless_equals_int (g_array_index (a, NeuroSpike, k).unit,
        (k * 3) % 5);
  }
  g_array_unref (a);
  run_free (r);

  /* with a value per spike (d) */
  r = run_file ("pynapple_d.npz", NULL);
  fail_unless (r->error == NULL, "%s", r->error);
  a = collect_spikes (r);
  fail_unless_equals_int (a->len, 40);
  for (k = 0; k < 40; k++)
    fail_unless (g_array_index (a, NeuroSpike, k).value == k * 0.5f);
  g_array_unref (a);
  run_free (r);
}

GST_END_TEST;

GST_START_TEST (test_kilosort)
{
  Run *r = run_file ("kilosort", NULL);
  GArray *a;
  guint k;

  fail_unless (r->error == NULL, "%s", r->error);
  fail_unless_equals_int (caps_int (r->caps, "units"), 4);
  a = collect_spikes (r);
  fail_unless_equals_int (a->len, 40);
  for (k = 0; k < 40; k++) {
    NeuroSpike *s = &g_array_index (a, NeuroSpike, k);

    /* 150 samples at 30 kHz = 5 ms */
    fail_unless_equals_int64 (s->t, (gint64) k * 5000000);
    fail_unless_equals_int (s->unit, k % 4);
    fail_unless (s->value == k + 0.5f);
  }
  g_array_unref (a);
  run_free (r);
}

GST_END_TEST;

GST_START_TEST (test_text)
{
  Run *r;

  r = run_file ("spikes.csv", NULL);
  check_brian_spikes (r, 0);
  run_free (r);
  r = run_file ("spikes.tsv", NULL);
  check_brian_spikes (r, 0);
  run_free (r);
  /* written in reverse: sorted on load */
  r = run_file ("spikes_unsorted.csv", NULL);
  check_brian_spikes (r, 0);
  run_free (r);
  /* NEST ASCII: senders from 1, time_ms */
  r = run_file ("nest-spike_recorder-12-0.dat", NULL);
  check_brian_spikes (r, 1);
  run_free (r);
  /* headerless NEST 2 .gdf: gid, time in ms by property */
  r = run_file ("nest2.gdf", "time-unit=ms");
  check_brian_spikes (r, 1);
  run_free (r);
  /* spreadsheet export: BOM, quotes, semicolons, CRLF, unit in the name */
  r = run_file ("spikes_excel.csv", NULL);
  check_brian_spikes (r, 0);
  run_free (r);
}

GST_END_TEST;

/* Spike times in ms that do not say so: time-unit=auto must not read them
 * as seconds (a 1000x longer stream). */
GST_START_TEST (test_time_unit_auto)
{
  Run *r, *rs;
  GArray *a, *as;
  guint k;

  /* CSV with a plain 'time' column, values in ms */
  r = run_file ("spikes_ms.csv", NULL);
  check_brian_spikes (r, 0);
  run_free (r);
  /* headerless NEST 2 .gdf: ms by NEST's convention (the file name) */
  r = run_file ("nest2.gdf", NULL);
  check_brian_spikes (r, 1);
  run_free (r);

  /* real Brian2 output saved with t/second and with t/ms: same spikes */
  rs = run_file ("brian2_s.npz", NULL);
  r = run_file ("brian2_ms.npz", NULL);
  fail_unless (rs->error == NULL, "%s", rs->error);
  fail_unless (r->error == NULL, "%s", r->error);
  /* last spike at 299.1 ms */
  check_slices (rs, 10 * GST_MSECOND, 30);
  check_slices (r, 10 * GST_MSECOND, 30);
  fail_unless_equals_int (caps_int (r->caps, "units"), 40);
  as = collect_spikes (rs);
  a = collect_spikes (r);
  fail_unless_equals_int (as->len, 867);
  fail_unless_equals_int (a->len, 867);
  for (k = 0; k < a->len; k++) {
    NeuroSpike *s = &g_array_index (a, NeuroSpike, k);
    NeuroSpike *ss = &g_array_index (as, NeuroSpike, k);

    fail_unless_equals_int64 (s->t, ss->t);
    fail_unless_equals_int (s->unit, ss->unit);
    /* on Brian2's 0.1 ms clock */
    fail_unless_equals_int64 (s->t % 100000, 0);
  }
  fail_unless_equals_int64 (g_array_index (a, NeuroSpike, 866).t, 299100000);
  g_array_unref (as);
  g_array_unref (a);
  run_free (rs);
  run_free (r);

  /* times that make sense in both units: an error, not a guess */
  expect_error ("spikes_ambiguous.csv", NULL, "cannot tell whether the "
      "spike times are in seconds or milliseconds");
  expect_error ("spikes_ambiguous.csv", NULL, "set time-unit=s or "
      "time-unit=ms");
  r = run_file ("spikes_ambiguous.csv", "time-unit=ms");
  fail_unless (r->error == NULL, "%s", r->error);
  a = collect_spikes (r);
  fail_unless_equals_int (a->len, 30);
  fail_unless_equals_int64 (g_array_index (a, NeuroSpike, 29).t,
      (gint64) llround ((1.234567 + 6.54321 * 29) * 1e6));
  g_array_unref (a);
  run_free (r);
}

GST_END_TEST;

/* NEST spike_recorder events saved with np.savez(f, **events), and keys
 * named like CSV columns. */
GST_START_TEST (test_nest_npz)
{
  Run *r;

  /* senders from 1 (units = largest id + 1, as for NEST text), ms */
  r = run_file ("nest_events.npz", NULL);
  check_brian_spikes (r, 1);
  run_free (r);
  r = run_file ("spikes_named.npz", NULL);
  check_brian_spikes (r, 0);
  run_free (r);
  expect_error ("nest_events_steps.npz", NULL, "NEST events recorded with "
      "time_in_steps=True (times in steps, and offsets), which is not "
      "supported: record with time_in_steps=False (times in ms)");
  expect_error ("nest_multimeter.npz", NULL, "NEST events with senders, "
      "times and also V_m: a multimeter or voltmeter recording, not spikes");
  /* the documented limitation, not a generic header error */
  expect_error ("nest-spike_recorder-steps-13-0.dat", NULL, "line 3: NEST "
      "file recorded with time_in_steps=True (columns time_step and "
      "time_offset), which is not supported: record with "
      "time_in_steps=False (times in ms)");
}

GST_END_TEST;

/* unit k % 7 at 2.5 ms * k + 0.5 ms * (k % 2), k < 40 */
static void
check_pair_spikes (Run * r)
{
  GArray *a;
  guint k;

  fail_unless (r->error == NULL, "%s", r->error);
  fail_unless (gst_structure_has_name (gst_caps_get_structure (r->caps, 0),
          NEURO_SPIKES_MEDIA_TYPE));
  fail_unless_equals_int (caps_int (r->caps, "units"), 7);
  /* last spike at 98 ms */
  check_slices (r, 10 * GST_MSECOND, 10);
  a = collect_spikes (r);
  fail_unless_equals_int (a->len, 40);
  for (k = 0; k < 40; k++) {
    NeuroSpike *s = &g_array_index (a, NeuroSpike, k);

    fail_unless_equals_int64 (s->t, (gint64) k * 2500000 + 500000 * (k % 2));
    fail_unless_equals_int (s->unit, k % 7);
    fail_unless (s->value == 1.0f);
  }
  g_array_unref (a);
}

/* One [N, 2] (or [2, N]) array of unit ids and times, and Brian2's two
 * files given the wrong way round. */
GST_START_TEST (test_pairs)
{
  gchar *i = data_path ("brian_i.npy");
  gchar *props = g_strdup_printf ("times-location=\"%s\"", i);
  Run *r;

  r = run_file ("pairs_id_time.npy", NULL);
  check_pair_spikes (r);
  run_free (r);
  r = run_file ("pairs_time_id.npy", NULL);
  check_pair_spikes (r);
  run_free (r);
  r = run_file ("pairs_rows.npy", NULL);
  check_pair_spikes (r);
  run_free (r);
  r = run_file ("pairs_fortran.npy", NULL);
  check_pair_spikes (r);
  run_free (r);
  /* kind=spikes: pairs, not a 2-unit raster */
  r = run_file ("pairs_id_time.npy", "kind=spikes");
  check_pair_spikes (r);
  run_free (r);
  r = run_file ("pairs_time_id.npy", "columns=time-id");
  check_pair_spikes (r);
  run_free (r);

  expect_error ("pairs_id_time.npy", "columns=time-id", "columns=time-id, "
      "but column 1 cannot be unit ids (column 0: whole numbers >= 0, not "
      "sorted (row 7); column 1: 0.003 at row 1 is not a "
      "whole number >= 0, sorted); the order looks swapped");
  expect_error ("sig_lef4.npy", "columns=id-time", "columns=id-time needs "
      "an [N, 2] or [2, N] array of unit ids and times, got shape (30, 3)");
  expect_error ("pairs_ambiguous.npy", NULL, "could be (unit id, time) or "
      "(time, unit id) pairs (both are whole numbers and sorted): set "
      "columns=id-time or columns=time-id");
  expect_error ("pairs_bad.npy", "kind=spikes", "shape (40, 2) with "
      "kind=spikes is neither a raster of counts (whole numbers >= 0) nor "
      "unit id / time pairs (column 0: 0.098 at row 0 is not "
      "a whole number >= 0, not sorted (row 1); column 1: 0.25 at row 0 is "
      "not a whole number >= 0, sorted)");
  /* (time, count) samples stay a signal; the error says why not pairs */
  expect_error ("pairs_regular.npy", NULL, "needs a sampling rate");
  expect_error ("pairs_regular.npy", NULL, "for unit id / time pairs set "
      "columns=id-time or columns=time-id (column 0: 0.001 at row 1 is not "
      "a whole number >= 0, evenly spaced (a time axis of samples)");
  r = run_file ("pairs_ambiguous.npy", "columns=id-time rate=1000");
  fail_unless (r->error == NULL, "%s", r->error);
  fail_unless_equals_int (caps_int (r->caps, "units"), 14);
  run_free (r);

  /* a [T, 2] 0/1 raster with kind=spikes is still a raster */
  r = run_file ("raster2_u1.npy", "kind=spikes dt=0.001");
  fail_unless (r->error == NULL, "%s", r->error);
  fail_unless_equals_int (caps_int (r->caps, "units"), 2);
  check_slices (r, 10 * GST_MSECOND, 2);
  run_free (r);

  /* location = times, times-location = ids */
  expect_error ("brian_t.npy", props, "brian_t.npy holds 0.0025 "
      "at index 1, not a unit id, and");
  expect_error ("brian_t.npy", props, "brian_i.npy holds whole numbers: the "
      "files look swapped ('location' takes the unit ids, Brian2's i; "
      "'times-location' the spike times, t)");
  g_free (props);
  g_free (i);
}

GST_END_TEST;

/* The same file rendered: 300 ms at 100 fps, not 300 s. */
GST_START_TEST (test_time_unit_rendered)
{
  /* run_new's pipeline is "neurofilesrc <props> ! fakesink": put the
   * renderer in the props */
  Run *r = run_file ("brian2_ms.npz", "! spikeraster window=0.1 ! "
      "video/x-raw,width=64,height=48,framerate=100/1");

  fail_unless (r->error == NULL, "%s", r->error);
  fail_unless (r->eos);
  fail_unless_equals_int (r->bufs->len, 30);
  run_free (r);
}

GST_END_TEST;

GST_START_TEST (test_raster)
{
  const gchar *files[] = { "raster_bool.npy", "raster_u1.npy" };
  const gchar *props[] = { "rate=1000", "kind=spikes dt=0.001" };
  guint f;

  for (f = 0; f < 2; f++) {
    Run *r = run_file (files[f], props[f]);
    GArray *a;
    guint row, c, n = 0;

    fail_unless (r->error == NULL, "%s", r->error);
    fail_unless (gst_structure_has_name (gst_caps_get_structure (r->caps, 0),
            NEURO_SPIKES_MEDIA_TYPE));
    fail_unless_equals_int (caps_int (r->caps, "units"), 6);
    /* 20 rows at 1 kHz = 20 ms = 2 slices */
    check_slices (r, 10 * GST_MSECOND, 2);
    a = collect_spikes (r);
    for (row = 0; row < 20; row++)
      for (c = 0; c < 6; c++)
        if ((7 * row + c) % 5 == 0) {
          NeuroSpike *s;

          fail_unless (n < a->len);
          s = &g_array_index (a, NeuroSpike, n);
          fail_unless_equals_int64 (s->t, (gint64) row * 1000000);
          fail_unless_equals_int (s->unit, c);
          n++;
        }
    fail_unless_equals_int (a->len, n);
    g_array_unref (a);
    run_free (r);
  }
}

GST_END_TEST;

/* v[r, c] = 4 r + c, T = 30, C = 3, at 1 kHz: 10 samples per 10 ms
 * slice */
static void
check_signal (const gchar * name, const gchar * props)
{
  gchar *all = g_strdup_printf ("%s slice-duration=10000000",
      props ? props : "");
  Run *r = run_file (name, all);
  guint i, row = 0;
  gdouble rate = 0;

  g_free (all);

  fail_unless (r->error == NULL, "%s: %s", name, r->error);
  fail_unless (gst_structure_has_name (gst_caps_get_structure (r->caps, 0),
          NEURO_SIGNAL_MEDIA_TYPE));
  fail_unless_equals_int (caps_int (r->caps, "channels"), 3);
  gst_structure_get_double (gst_caps_get_structure (r->caps, 0), "rate",
      &rate);
  fail_unless (rate == 1000.0);
  fail_unless_equals_int (r->bufs->len, 3);
  for (i = 0; i < r->bufs->len; i++) {
    GstBuffer *b = g_ptr_array_index (r->bufs, i);
    GstMapInfo map;
    guint k, c;

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), i * 10 * GST_MSECOND);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (b), 10 * GST_MSECOND);
    gst_buffer_map (b, &map, GST_MAP_READ);
    fail_unless_equals_int (map.size, 10 * 3 * 4);
    for (k = 0; k < 10; k++, row++)
      for (c = 0; c < 3; c++) {
        gfloat v = GST_READ_FLOAT_LE (map.data + (k * 3 + c) * 4);
        fail_unless (v == 4 * row + c, "%s: [%u, %u] = %f", name, row, c, v);
      }
    gst_buffer_unmap (b, &map);
  }
  run_free (r);
}

GST_START_TEST (test_signal_dtypes)
{
  const gchar *files[] = { "sig_lef4.npy", "sig_lef8.npy", "sig_lef2.npy",
    "sig_bef8.npy", "sig_bef4.npy", "sig_i1.npy", "sig_u1.npy",
    "sig_lei2.npy", "sig_bei2.npy", "sig_leu2.npy", "sig_lei4.npy",
    "sig_leu4.npy", "sig_lei8.npy", "sig_beu8.npy", "sig_fortran.npy",
    "sig_v2.npy", "sig_v3.npy", "sig_npymatlab.npy", NULL
  };
  guint i;

  for (i = 0; files[i]; i++)
    check_signal (files[i], "rate=1000");
  check_signal ("sig_lef4.npy", "dt=0.001");
  check_signal ("brian_deflate.npz", "key=v dt=0.001");
  check_signal ("brian_deflate.npz", "key=v.npy dt=0.001");
  /* rate from the archive's t (Brian2 StateMonitor) */
  check_signal ("brian_state.npz", "key=v");
  /* pynapple TsdFrame: d at times t */
  check_signal ("pynapple_tsdframe.npz", NULL);
}

GST_END_TEST;

static void write_npy (const gchar * path, const gchar * descr,
    const gchar * shape, gconstpointer data, gsize len);
static gfloat sample_at (GstBuffer * b, gsize row, guint ch, guint channels);

/* slice-duration=0 (the default): signal buffers of 64 KiB, at least
 * 10 ms and at most 1 s of samples */
static void
check_auto_buffers (guint rows, guint channels, gdouble rate, guint per)
{
  gchar *dir = g_dir_make_tmp ("neurofilesrc-auto-XXXXXX", NULL);
  gchar *path = g_build_filename (dir, "sig.npy", NULL);
  gchar *shape = g_strdup_printf ("(%u, %u)", rows, channels);
  gchar *props = g_strdup_printf ("rate=%g slice-duration=0", rate);
  gfloat *v = g_new (gfloat, (gsize) rows * channels);
  guint64 row = 0;
  Run *r;
  guint i;

  for (i = 0; i < rows * channels; i++)
    v[i] = (gfloat) i;
  write_npy (path, "<f4", shape, v, (gsize) rows * channels * 4);
  r = run_new (path, props);
  run_wait (r);
  fail_unless (r->error == NULL, "%s", r->error);
  fail_unless_equals_int (r->bufs->len, (rows + per - 1) / per);
  for (i = 0; i < r->bufs->len; i++) {
    GstBuffer *b = g_ptr_array_index (r->bufs, i);
    guint n = gst_buffer_get_size (b) / (4 * channels);

    fail_unless_equals_int (n, MIN (per, rows - row));
    fail_unless_equals_uint64 (GST_BUFFER_PTS (b),
        gst_util_uint64_scale_round (row, GST_SECOND, (guint64) rate));
    fail_unless (sample_at (b, 0, 0, channels) == (gfloat) (row * channels));
    row += n;
  }
  run_free (r);
  g_unlink (path);
  g_rmdir (dir);
  g_free (v);
  g_free (props);
  g_free (shape);
  g_free (path);
  g_free (dir);
}

/* slice-duration=0 (the default) against 10 ms slices: the same records;
 * buffers of whole 10 ms slices, contiguous from 0 to the stream's
 * duration, each at most 1 s and 4096 records (unless one slice holds
 * more) */
static void
check_auto_slices (const gchar * name, const gchar * props, guint nbufs)
{
  gchar *ap = g_strdup_printf ("%s slice-duration=0", props ? props : "");
  gchar *path = g_path_is_absolute (name) ? g_strdup (name) :
      data_path (name);
  Run *r = run_new (path, props), *a = run_new (path, ap);
  GArray *sr, *sa;
  GstClockTime end = 0;
  guint i;

  run_wait (r);
  run_wait (a);
  fail_unless (r->error == NULL && a->error == NULL, "%s: %s", name,
      r->error ? r->error : a->error);
  sr = collect_spikes (r);
  sa = collect_spikes (a);
  fail_unless_equals_int (sa->len, sr->len);
  fail_unless (memcmp (sa->data, sr->data, sr->len * sizeof (NeuroSpike))
      == 0, "%s: other records", name);
  fail_unless (a->bufs->len <= r->bufs->len);
  if (nbufs)
    fail_unless_equals_int (a->bufs->len, nbufs);
  for (i = 0; i < a->bufs->len; i++) {
    GstBuffer *b = g_ptr_array_index (a->bufs, i);
    GstClockTime d = GST_BUFFER_DURATION (b);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), end);
    fail_unless (d > 0 && d % (10 * GST_MSECOND) == 0 && d <= GST_SECOND,
        "%s: buffer %u of %" GST_TIME_FORMAT, name, i, GST_TIME_ARGS (d));
    fail_unless (d == 10 * GST_MSECOND
        || gst_buffer_get_size (b) <= 4096 * sizeof (NeuroSpike));
    end += d;
  }
  {
    GstBuffer *last = g_ptr_array_index (r->bufs, r->bufs->len - 1);

    fail_unless_equals_uint64 (end, GST_BUFFER_PTS (last) +
        GST_BUFFER_DURATION (last));
  }
  g_array_unref (sr);
  g_array_unref (sa);
  run_free (r);
  run_free (a);
  g_free (ap);
  g_free (path);
}

GST_START_TEST (test_auto_slices)
{
  const gchar *dir = g_getenv ("NEUROVIZ_BRUNEL_DATA");
  gchar *p;

  fail_unless (dir != NULL, "NEUROVIZ_BRUNEL_DATA is not set");
  p = g_build_filename (dir, "brunel.npz", NULL);
  /* 40 spikes in 100 ms: one buffer */
  check_auto_slices ("brian_stored.npz", NULL, 1);
  check_auto_slices ("brian_gap.npz", NULL, 0);
  check_auto_slices ("spikes.csv", NULL, 0);
  check_auto_slices ("nest2.gdf", "time-unit=ms", 0);
  /* the Brunel network, 2 900 spikes per 10 ms: a slice a buffer */
  check_auto_slices (p, NULL, 100);
  g_free (p);
}

GST_END_TEST;

GST_START_TEST (test_signal_auto_buffers)
{
  GstElement *src = gst_element_factory_make ("neurofilesrc", NULL);
  guint64 v;

  /* 0 is auto (the default); a slice under 1 us is taken as 1 us */
  g_object_get (src, "slice-duration", &v, NULL);
  fail_unless_equals_uint64 (v, 0);
  g_object_set (src, "slice-duration", (guint64) 500, NULL);
  g_object_get (src, "slice-duration", &v, NULL);
  fail_unless_equals_uint64 (v, GST_USECOND);
  gst_object_unref (src);

  /* 100 Hz, 5 channels (the tutorial's oscilloscope): 1 s buffers, not
   * one sample per 10 ms */
  check_auto_buffers (1000, 5, 100, 100);
  /* 10 kHz, 8 channels: 64 KiB = 2048 samples */
  check_auto_buffers (5000, 8, 10000, 2048);
  /* 30 kHz, 384 channels (Neuropixels): 10 ms, already above 64 KiB */
  check_auto_buffers (900, 384, 30000, 300);
}

GST_END_TEST;

/* m[t, y, x] = 100 t + 10 y + x, T = 4, H = 3, W = 5 */
static void
check_frames (const gchar * name, const gchar * props)
{
  Run *r = run_file (name, props);
  gint fn = -1, fd = -1;
  guint t, x, y;

  fail_unless (r->error == NULL, "%s: %s", name, r->error);
  fail_unless (gst_structure_has_name (gst_caps_get_structure (r->caps, 0),
          NEURO_FRAME_MEDIA_TYPE));
  fail_unless_equals_int (caps_int (r->caps, "width"), 5);
  fail_unless_equals_int (caps_int (r->caps, "height"), 3);
  gst_structure_get_fraction (gst_caps_get_structure (r->caps, 0),
      "framerate", &fn, &fd);
  fail_unless_equals_int (fn, 25);
  fail_unless_equals_int (fd, 1);
  fail_unless_equals_int (r->bufs->len, 4);
  for (t = 0; t < 4; t++) {
    GstBuffer *b = g_ptr_array_index (r->bufs, t);
    GstMapInfo map;

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), t * 40 * GST_MSECOND);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (b), 40 * GST_MSECOND);
    gst_buffer_map (b, &map, GST_MAP_READ);
    fail_unless_equals_int (map.size, 5 * 3 * 4);
    for (y = 0; y < 3; y++)
      for (x = 0; x < 5; x++)
        fail_unless (GST_READ_FLOAT_LE (map.data + (y * 5 + x) * 4) ==
            100 * t + 10 * y + x);
    gst_buffer_unmap (b, &map);
  }
  run_free (r);
}

GST_START_TEST (test_frames)
{
  check_frames ("frames.npy", "rate=25");
  check_frames ("frames_fortran_f2.npy", "dt=0.04");
  check_frames ("single.npz", "rate=25");
}

GST_END_TEST;

GST_START_TEST (test_connectivity)
{
  Run *r;
  GstMapInfo map;
  gint fn = -1, fd = -1;
  guint t;

  /* one static [N, N]: a single still at framerate 0/1 */
  r = run_file ("conn_static.npy", "kind=connectivity");
  fail_unless (r->error == NULL, "%s", r->error);
  fail_unless_equals_int (caps_int (r->caps, "width"), 4);
  fail_unless_equals_int (caps_int (r->caps, "height"), 4);
  gst_structure_get_fraction (gst_caps_get_structure (r->caps, 0),
      "framerate", &fn, &fd);
  fail_unless_equals_int (fn, 0);
  fail_unless_equals_int (r->bufs->len, 1);
  gst_buffer_map (g_ptr_array_index (r->bufs, 0), &map, GST_MAP_READ);
  fail_unless (GST_READ_FLOAT_LE (map.data + (2 * 4 + 3) * 4) == 23.0f);
  gst_buffer_unmap (g_ptr_array_index (r->bufs, 0), &map);
  run_free (r);

  r = run_file ("conn_t.npy", "kind=connectivity rate=2");
  fail_unless (r->error == NULL, "%s", r->error);
  fail_unless_equals_int (r->bufs->len, 3);
  for (t = 0; t < 3; t++) {
    GstBuffer *b = g_ptr_array_index (r->bufs, t);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), t * 500 * GST_MSECOND);
    gst_buffer_map (b, &map, GST_MAP_READ);
    fail_unless (GST_READ_FLOAT_LE (map.data + (1 * 4 + 2) * 4) ==
        100 * t + 12);
    gst_buffer_unmap (b, &map);
  }
  run_free (r);

  expect_error ("frames.npy", "kind=connectivity rate=1",
      "connectivity must be [T, N, N]");
}

GST_END_TEST;

GST_START_TEST (test_malformed)
{
  expect_error ("bad_truncated.npy", NULL, "truncated");
  expect_error ("bad_magic_only.npy", NULL, "ends inside the .npy header");
  expect_error ("bad_header_short.npy", NULL, "ends inside the .npy header");
  expect_error ("bad_header_unclosed.npy", NULL, "malformed header");
  expect_error ("bad_overflow.npy", NULL, "overflows");
  expect_error ("bad_size.npy", "rate=1", "disagrees with the file size");
  expect_error ("bad_dtype.npy", NULL, "unknown dtype '<q9'");
  expect_error ("bad_complex.npy", NULL, "complex");
  expect_error ("bad_object.npy", NULL, "object arrays");
  expect_error ("bad_structured.npy", NULL, "structured");
  expect_error ("bad_empty.npy", NULL, "empty");
  expect_error ("bad_empty.npz", NULL, "empty");
  expect_error ("bad_nan.npz", NULL, "index 5 is NaN");
  expect_error ("bad_negative.npz", NULL, "negative unit id -2 at index 3");
  expect_error ("brian_stored.npz", "units=5", "unit id 6");
  expect_error ("bad_bigid.npz", NULL, "unit id 20000000 (at index 1) is "
      "too large");
  expect_error ("bad_unsorted.npz", NULL, "not sorted");
  expect_error ("bad_mismatch.npz", NULL, "must pair up");
  expect_error ("bad_keys.npz", NULL, "keys: a, b");
  expect_error ("brian_stored.npz", "key=nope", "no array 'nope'");
  expect_error ("bad_truncated.npz", NULL, "truncated");
  expect_error ("bad_nan.csv", NULL, "line 3: time is NaN");
  expect_error ("bad_negative.csv", NULL, "negative unit id -1");
  expect_error ("spikes.csv", "units=3", "unit id 3");
  expect_error ("bad_header.csv", NULL, "header names no unit column");
  expect_error ("bad_binary.bin", NULL, "unrecognised format");
  expect_error ("phy_noparams", NULL, "without params.py");
  expect_error ("sig_lef4.npy", NULL, "set 'rate'");
  expect_error ("does-not-exist.npy", NULL, "Could not open");
}

GST_END_TEST;

/* Corrupt bytes inside a deflated member: the CRC or zlib catches it. */
GST_START_TEST (test_corrupt_deflate)
{
  gchar *src = data_path ("brian_deflate.npz");
  gchar *contents, *dst;
  gsize len;
  Run *r;

  fail_unless (g_file_get_contents (src, &contents, &len, NULL));
  contents[len / 3] ^= 0x55;
  contents[len / 3 + 1] ^= 0xaa;
  dst = g_build_filename (g_get_tmp_dir (), "neurofilesrc-corrupt.npz", NULL);
  fail_unless (g_file_set_contents (dst, contents, len, NULL));
  r = run_new (dst, NULL);
  run_wait (r);
  fail_unless (r->error != NULL);
  fail_unless (strstr (r->error, "neurofilesrc-corrupt.npz") != NULL,
      "%s", r->error);
  run_free (r);
  g_unlink (dst);
  g_free (dst);
  g_free (contents);
  g_free (src);
}

GST_END_TEST;

/* Zip bombs: the declared size is checked against max-inflated-size and
 * the free space of $TMPDIR before inflating. */
GST_START_TEST (test_inflate_limits)
{
  expect_error ("brian_deflate.npz", "max-inflated-size=100",
      "member 'i.npy' inflates to 288 bytes, more than "
      "max-inflated-size=100 bytes");
  /* 1 PiB declared: the default limit of 4 GiB refuses it */
  expect_error ("bad_zip_huge.npz", "key=v", "member 'v.npy' inflates to "
      "1125899906842624 bytes, more than max-inflated-size=4294967296");
  /* no limit but the disk's */
  expect_error ("bad_zip_huge.npz", "key=v "
      "max-inflated-size=18446744073709551615", "temporary directory");
  expect_error ("bad_zip_huge.npz", "key=v "
      "max-inflated-size=18446744073709551615", "bytes free");
}

GST_END_TEST;

static Run *
run_file_fsize (const gchar * name, const gchar * props, rlim_t max)
{
  struct rlimit old, lim;
  Run *r;

  /* write() beyond @max fails with EFBIG instead of raising SIGXFSZ */
  signal (SIGXFSZ, SIG_IGN);
  fail_unless (getrlimit (RLIMIT_FSIZE, &old) == 0);
  lim = old;
  lim.rlim_cur = max;
  fail_unless (setrlimit (RLIMIT_FSIZE, &lim) == 0);
  r = run_file (name, props);
  fail_unless (setrlimit (RLIMIT_FSIZE, &old) == 0);
  signal (SIGXFSZ, SIG_DFL);
  return r;
}

/* A member whose headers declare 68 MB but which inflates to 72 MB: an
 * error, and not one byte past the declared size reaches the temporary
 * file (a file size limit of exactly 68 MB would fail such a write). */
GST_START_TEST (test_inflate_liar)
{
  Run *r = run_file_fsize ("bad_zip_liar.npz", "key=v", 68000000);

  fail_unless (r->error != NULL);
  fail_unless (strstr (r->error, "bad_zip_liar.npz") != NULL, "%s",
      r->error);
  fail_unless (strstr (r->error, "inflates to more than the 68000000 bytes")
      != NULL, "%s", r->error);
  run_free (r);
}

GST_END_TEST;

/* A failed write names the member, the temporary directory and errno. */
GST_START_TEST (test_inflate_write_error)
{
  Run *r = run_file_fsize ("bad_zip_liar.npz", "key=v", 1 << 20);
  gchar *want;

  fail_unless (r->error != NULL);
  want = g_strdup_printf ("bad_zip_liar.npz: member 'v.npy': writing its "
      "68000000 inflated bytes to a temporary file in %s failed after "
      "1048576 bytes: %s", g_get_tmp_dir (), g_strerror (EFBIG));
  fail_unless (strstr (r->error, want) != NULL, "%s", r->error);
  g_free (want);
  run_free (r);
}

GST_END_TEST;

/* Writes a version 1.0 .npy of @descr and @shape (a Python tuple). */
static void
write_npy (const gchar * path, const gchar * descr, const gchar * shape,
    gconstpointer data, gsize len)
{
  GString *h = g_string_new (NULL);
  GByteArray *b = g_byte_array_new ();
  guint16 hlen;

  g_string_printf (h, "{'descr': '%s', 'fortran_order': False, 'shape': %s, "
      "}", descr, shape);
  while ((10 + h->len + 1) % 64)
    g_string_append_c (h, ' ');
  g_string_append_c (h, '\n');
  hlen = GUINT16_TO_LE (h->len);
  g_byte_array_append (b, (const guint8 *) "\x93NUMPY\x01\x00", 8);
  g_byte_array_append (b, (const guint8 *) &hlen, 2);
  g_byte_array_append (b, (const guint8 *) h->str, h->len);
  g_byte_array_append (b, data, len);
  fail_unless (g_file_set_contents (path, (const gchar *) b->data, b->len,
          NULL));
  g_byte_array_unref (b);
  g_string_free (h, TRUE);
}

#define DENSE_N 300000
#define DENSE_CAP 100000

/* 300 000 spikes at t = 0 (units 0, 1, 2: 100 000 each), then 50 000 of
 * unit 3 at 5 ms, all in the first 10 ms slice, as i.npy + t.npy. */
static gchar *
write_dense_slice (gchar ** tpath)
{
  gchar *dir = g_dir_make_tmp ("neurofilesrc-dense-XXXXXX", NULL);
  gint32 *ids = g_new (gint32, DENSE_N + 50000);
  gdouble *ts = g_new (gdouble, DENSE_N + 50000);
  gchar *ipath;
  guint k;

  fail_unless (dir != NULL);
  for (k = 0; k < DENSE_N + 50000; k++) {
    ids[k] = GINT32_TO_LE (k < DENSE_N ? k / DENSE_CAP : 3);
    ts[k] = k < DENSE_N ? 0.0 : 0.005;
  }
  ipath = g_build_filename (dir, "i.npy", NULL);
  *tpath = g_build_filename (dir, "t.npy", NULL);
  write_npy (ipath, "<i4", "(350000,)", ids, (DENSE_N + 50000) * 4);
  write_npy (*tpath, "<f8", "(350000,)", ts, (DENSE_N + 50000) * 8);
  g_free (ids);
  g_free (ts);
  g_free (dir);
  return ipath;
}

static void
remove_dense_slice (gchar * ipath, gchar * tpath)
{
  gchar *dir = g_path_get_dirname (ipath);

  g_unlink (ipath);
  g_unlink (tpath);
  g_rmdir (dir);
  g_free (dir);
  g_free (ipath);
  g_free (tpath);
}

/* A slice denser than max-spikes-per-buffer comes in several buffers of
 * at most that many spikes, in order, each record inside its buffer. */
GST_START_TEST (test_spikes_per_buffer)
{
  gchar *tpath, *ipath = write_dense_slice (&tpath);
  gchar *props = g_strdup_printf ("times-location=%s "
      "max-spikes-per-buffer=%d", tpath, DENSE_CAP);
  Run *r = run_new (ipath, props);
  GArray *a;
  guint k, parts = 0;

  run_wait (r);
  fail_unless (r->error == NULL, "%s", r->error);
  for (k = 0; k < r->bufs->len; k++) {
    GstBuffer *b = g_ptr_array_index (r->bufs, k);
    gsize n = gst_buffer_get_size (b) / sizeof (NeuroSpike);

    fail_unless (n <= DENSE_CAP, "buffer %u holds %" G_GSIZE_FORMAT, k, n);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (b), 0);
    if (n > 0)
      parts++;
  }
  fail_unless_equals_int (parts, 4);
  /* parts 1-3 at the slice start, part 4 from its first spike at 5 ms */
  fail_unless_equals_uint64 (GST_BUFFER_PTS (g_ptr_array_index (r->bufs,
              2)), 0);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (g_ptr_array_index (r->bufs,
              3)), 5 * GST_MSECOND);
  fail_unless_equals_uint64 (GST_BUFFER_DURATION (g_ptr_array_index (r->bufs,
              3)), 5 * GST_MSECOND);
  a = collect_spikes (r);
  fail_unless_equals_int (a->len, DENSE_N + 50000);
  for (k = 0; k < a->len; k++) {
    NeuroSpike *s = &g_array_index (a, NeuroSpike, k);

    fail_unless_equals_int (s->unit, k < DENSE_N ? k / DENSE_CAP : 3);
    fail_unless_equals_int64 (s->t, k < DENSE_N ? 0 : 5 * GST_MSECOND);
  }
  g_array_unref (a);
  run_free (r);
  g_free (props);
  remove_dense_slice (ipath, tpath);
}

GST_END_TEST;

/* spikeraster draws the spikes of every part: each unit's band (4 units
 * of 60 rows, unit 0 at the bottom) has marks in the first frame. */
GST_START_TEST (test_spikes_per_buffer_render)
{
  gchar *tpath, *ipath = write_dense_slice (&tpath);
  gchar *props = g_strdup_printf ("times-location=%s "
      "max-spikes-per-buffer=%d ! spikeraster axes=false title=\"\" "
      "rate-panel=false window=1.0 ! video/x-raw,format=BGRx,width=320,"
      "height=240,framerate=10/1", tpath, DENSE_CAP);
  Run *r = run_new (ipath, props);
  GstMapInfo map;
  guint band[4] = { 0, };
  gint x, y, u;

  run_wait (r);
  fail_unless (r->error == NULL, "%s", r->error);
  fail_unless (r->bufs->len >= 1);
  gst_buffer_map (g_ptr_array_index (r->bufs, 0), &map, GST_MAP_READ);
  for (y = 0; y < 240; y++)
    for (x = 0; x < 320; x++)
      if ((((const guint32 *) (map.data + y * 320 * 4))[x] & 0xffffff) !=
          0xffffff)
        band[3 - y / 60]++;
  gst_buffer_unmap (g_ptr_array_index (r->bufs, 0), &map);
  for (u = 0; u < 4; u++)
    fail_unless (band[u] > 0, "no marks for unit %d", u);
  run_free (r);
  g_free (props);
  remove_dense_slice (ipath, tpath);
}

GST_END_TEST;

/* The same for a [T, N] raster: 2 rows (1 ms apart) of 150 000 spikes. */
GST_START_TEST (test_spikes_per_buffer_raster)
{
  gchar *dir = g_dir_make_tmp ("neurofilesrc-dense-XXXXXX", NULL);
  gchar *path = g_build_filename (dir, "raster.npy", NULL);
  guint8 *ones = g_malloc (2 * 150000);
  gchar *props = g_strdup_printf ("dt=0.001 max-spikes-per-buffer=%d",
      DENSE_CAP);
  GArray *a;
  Run *r;
  guint k;

  memset (ones, 1, 2 * 150000);
  write_npy (path, "|b1", "(2, 150000)", ones, 2 * 150000);
  r = run_new (path, props);
  run_wait (r);
  fail_unless (r->error == NULL, "%s", r->error);
  fail_unless (r->bufs->len >= 3);
  for (k = 0; k < 3; k++)
    fail_unless_equals_int (gst_buffer_get_size (g_ptr_array_index (r->bufs,
                k)), DENSE_CAP * sizeof (NeuroSpike));
  /* the third part starts in row 1 */
  fail_unless_equals_uint64 (GST_BUFFER_PTS (g_ptr_array_index (r->bufs,
              1)), 0);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (g_ptr_array_index (r->bufs,
              2)), GST_MSECOND);
  a = collect_spikes (r);
  fail_unless_equals_int (a->len, 300000);
  for (k = 0; k < a->len; k++) {
    NeuroSpike *s = &g_array_index (a, NeuroSpike, k);

    fail_unless_equals_int (s->unit, k % 150000);
    fail_unless_equals_int64 (s->t, (k / 150000) * GST_MSECOND);
  }
  g_array_unref (a);
  run_free (r);
  g_free (props);
  g_free (ones);
  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
}

GST_END_TEST;

/* Exact figures of a brunel.npz from Brian2, computed with numpy: those
 * of the project's shared file, or those examples/brunel.py writes to a
 * brunel.ini beside the file it made (another Brian2 may simulate other
 * spikes). */
typedef struct
{
  gint64 spikes, units, active_units, excitatory_spikes, unit_sum;
  gint64 first_ns, last_ns, time_ns_sum, slices, v_rows, v_channels;
  gdouble v_first[8], v_last[8];
} BrunelFigures;

static const BrunelFigures brunel_shared = {
  .spikes = 288449, .units = 5000, .active_units = 4973,
  .excitatory_spikes = 230285, .unit_sum = 721092198,
  .first_ns = 6200000, .last_ns = 999900000,
  .time_ns_sum = G_GINT64_CONSTANT (145040872600000), .slices = 100,
  .v_rows = 10000, .v_channels = 8,
  .v_first = {5.705173015594482, 5.64528751373291, 4.884418487548828,
      3.3647775650024414, 3.7586817741394043, 5.320358753204346,
      0.6810628771781921, 5.845290660858154},
  .v_last = {18.855785369873047, 10.0, 10.0, 18.619531631469727,
      13.131954193115234, 17.93748664855957, 10.0, 10.0},
};

static gint64
ini_int (GKeyFile * kf, const gchar * ini, const gchar * key)
{
  GError *err = NULL;
  gint64 v = g_key_file_get_int64 (kf, "brunel.npz", key, &err);

  fail_unless (err == NULL, "%s: %s", ini, err ? err->message : "");
  return v;
}

static void
ini_row (GKeyFile * kf, const gchar * ini, const gchar * key, gdouble * row)
{
  GError *err = NULL;
  gsize n = 0;
  gdouble *v = g_key_file_get_double_list (kf, "brunel.npz", key, &n, &err);

  fail_unless (err == NULL, "%s: %s", ini, err ? err->message : "");
  fail_unless_equals_int (n, 8);
  memcpy (row, v, 8 * sizeof (gdouble));
  g_free (v);
}

static void
brunel_figures (const gchar * dir, BrunelFigures * f)
{
  gchar *ini = g_build_filename (dir, "brunel.ini", NULL);
  GKeyFile *kf;
  GError *err = NULL;

  if (!g_file_test (ini, G_FILE_TEST_EXISTS)) {
    *f = brunel_shared;
    g_free (ini);
    return;
  }
  kf = g_key_file_new ();
  fail_unless (g_key_file_load_from_file (kf, ini, G_KEY_FILE_NONE, &err),
      "%s: %s", ini, err ? err->message : "");
  f->spikes = ini_int (kf, ini, "spikes");
  f->units = ini_int (kf, ini, "units");
  f->active_units = ini_int (kf, ini, "active-units");
  f->excitatory_spikes = ini_int (kf, ini, "excitatory-spikes");
  f->unit_sum = ini_int (kf, ini, "unit-sum");
  f->first_ns = ini_int (kf, ini, "first-ns");
  f->last_ns = ini_int (kf, ini, "last-ns");
  f->time_ns_sum = ini_int (kf, ini, "time-ns-sum");
  f->slices = ini_int (kf, ini, "slices");
  f->v_rows = ini_int (kf, ini, "v-rows");
  f->v_channels = ini_int (kf, ini, "v-channels");
  fail_unless_equals_int64 (f->v_channels, 8);
  ini_row (kf, ini, "v-first", f->v_first);
  ini_row (kf, ini, "v-last", f->v_last);
  g_key_file_free (kf);
  g_free (ini);
}

static gfloat
sample_at (GstBuffer * b, gsize row, guint ch, guint channels)
{
  guint32 bits;
  gfloat v;

  fail_unless (gst_buffer_extract (b, (row * channels + ch) * 4, &bits,
          4) == 4);
  bits = GUINT32_FROM_LE (bits);
  memcpy (&v, &bits, 4);
  return v;
}

/* Reads DIR/brunel.npz (which must be there) and compares everything with
 * its exact figures. */
static void
check_brunel (const gchar * dir)
{
  gchar *p = g_build_filename (dir, "brunel.npz", NULL);
  BrunelFigures f;
  Run *r;
  GArray *a;
  guint8 *seen;
  gint64 unit_sum = 0, t_sum = 0, excitatory = 0, active = 0, rows = 0;
  GstBuffer *b;
  guint k;

  fail_unless (g_file_test (p, G_FILE_TEST_EXISTS), "%s is missing", p);
  brunel_figures (dir, &f);
  GST_INFO ("%s: %" G_GINT64_FORMAT " spikes expected", p, f.spikes);
  r = run_new (p, NULL);
  run_wait (r);
  fail_unless (r->error == NULL, "%s", r->error);
  fail_unless_equals_int (caps_int (r->caps, "units"), f.units);
  check_slices (r, 10 * GST_MSECOND, f.slices);
  a = collect_spikes (r);
  fail_unless_equals_int (a->len, f.spikes);
  fail_unless_equals_int64 (g_array_index (a, NeuroSpike, 0).t, f.first_ns);
  fail_unless_equals_int64 (g_array_index (a, NeuroSpike, a->len - 1).t,
      f.last_ns);
  seen = g_malloc0 (f.units);
  for (k = 0; k < a->len; k++) {
    const NeuroSpike *s = &g_array_index (a, NeuroSpike, k);

    fail_unless (k == 0 || s->t >= g_array_index (a, NeuroSpike, k - 1).t);
    fail_unless (s->unit < f.units);
    unit_sum += s->unit;
    t_sum += s->t;
    excitatory += s->unit < 4000;
    active += !seen[s->unit];
    seen[s->unit] = 1;
  }
  fail_unless_equals_int64 (unit_sum, f.unit_sum);
  fail_unless_equals_int64 (t_sum, f.time_ns_sum);
  fail_unless_equals_int64 (excitatory, f.excitatory_spikes);
  fail_unless_equals_int64 (active, f.active_units);
  g_free (seen);
  g_array_unref (a);
  run_free (r);

  /* membrane potentials: [T, 8] float32 at dt = 0.1 ms, 10 ms buffers */
  r = run_new (p, "key=v dt=0.0001 slice-duration=10000000");
  run_wait (r);
  fail_unless (r->error == NULL, "%s", r->error);
  fail_unless_equals_int (caps_int (r->caps, "channels"), f.v_channels);
  fail_unless_equals_int (r->bufs->len, (f.v_rows + 99) / 100);
  for (k = 0; k < r->bufs->len; k++)
    rows += gst_buffer_get_size (g_ptr_array_index (r->bufs, k)) /
        (4 * f.v_channels);
  fail_unless_equals_int64 (rows, f.v_rows);
  for (k = 0; k < f.v_channels; k++) {
    b = g_ptr_array_index (r->bufs, 0);
    fail_unless (sample_at (b, 0, k, f.v_channels) == (gfloat) f.v_first[k],
        "%s: v[0, %u] = %.9g, expected %.9g", p, k,
        sample_at (b, 0, k, f.v_channels), f.v_first[k]);
    b = g_ptr_array_index (r->bufs, r->bufs->len - 1);
    fail_unless (sample_at (b, gst_buffer_get_size (b) / (4 * f.v_channels)
            - 1, k, f.v_channels) == (gfloat) f.v_last[k],
        "%s: v[-1, %u] differs", p, k);
  }
  run_free (r);
  g_free (p);
}

/* Real Brian2 output is never skipped: the build's own simulation must be
 * there (meson makes it before this test), and the shared file is checked
 * too where there is one. */
GST_START_TEST (test_brunel)
{
  const gchar *made = g_getenv ("NEUROVIZ_BRUNEL_DATA");
  const gchar *env = g_getenv ("NEUROVIZ_SHARED_DATA");
  const gchar *root = g_getenv ("NEUROVIZ_SOURCE_ROOT");
  gchar *shared, *p;

  fail_unless (made != NULL && *made,
      "NEUROVIZ_BRUNEL_DATA is not set: run the tests with meson test");
  check_brunel (made);

  /* $NEUROVIZ_SHARED_DATA must hold brunel.npz; ../shared/data may not */
  if (env != NULL && *env)
    shared = g_strdup (env);
  else
    shared = g_build_filename (root ? root : "..", "..", "shared", "data",
        NULL);
  p = g_build_filename (shared, "brunel.npz", NULL);
  if ((env != NULL && *env) || g_file_test (p, G_FILE_TEST_EXISTS))
    check_brunel (shared);
  else
    GST_INFO ("no shared %s, checked %s only", p, made);
  g_free (p);
  g_free (shared);
}

GST_END_TEST;

/* Duration query and a flushing seek into the middle. */
GST_START_TEST (test_seek_duration)
{
  gchar *p = data_path ("brian_stored.npz");
  Run *r = run_new (p, NULL);
  gint64 dur = -1;
  GArray *a;
  GstBuffer *b0;

  fail_unless (gst_element_set_state (r->pipeline, GST_STATE_PAUSED) !=
      GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_get_state (r->pipeline, NULL, NULL,
          10 * GST_SECOND) == GST_STATE_CHANGE_SUCCESS);
  fail_unless (gst_element_query_duration (r->pipeline, GST_FORMAT_TIME,
          &dur));
  fail_unless_equals_int64 (dur, 100 * GST_MSECOND);
  fail_unless (gst_element_seek_simple (r->pipeline, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH, 45 * GST_MSECOND));
  fail_unless (gst_element_get_state (r->pipeline, NULL, NULL,
          10 * GST_SECOND) == GST_STATE_CHANGE_SUCCESS);
  g_ptr_array_set_size (r->bufs, 0);
  run_wait (r);
  fail_unless (r->eos);
  /* slices from 40 ms: 40..90 */
  fail_unless_equals_int (r->bufs->len, 6);
  b0 = g_ptr_array_index (r->bufs, 0);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (b0), 40 * GST_MSECOND);
  a = collect_spikes (r);
  /* k = 16 .. 39 */
  fail_unless_equals_int (a->len, 24);
  fail_unless_equals_int64 (g_array_index (a, NeuroSpike, 0).t, 40000000);
  g_array_unref (a);
  run_free (r);

  /* a segment with a stop: slices 20, 30 and 40 ms */
  r = run_new (p, NULL);
  gst_element_set_state (r->pipeline, GST_STATE_PAUSED);
  fail_unless (gst_element_get_state (r->pipeline, NULL, NULL,
          10 * GST_SECOND) == GST_STATE_CHANGE_SUCCESS);
  fail_unless (gst_element_seek (r->pipeline, 1.0, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 20 * GST_MSECOND,
          GST_SEEK_TYPE_SET, 45 * GST_MSECOND));
  fail_unless (gst_element_get_state (r->pipeline, NULL, NULL,
          10 * GST_SECOND) == GST_STATE_CHANGE_SUCCESS);
  g_ptr_array_set_size (r->bufs, 0);
  run_wait (r);
  fail_unless (r->eos);
  fail_unless_equals_int (r->bufs->len, 3);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (g_ptr_array_index (r->bufs, 2)),
      40 * GST_MSECOND);
  run_free (r);
  g_free (p);

  /* signal: seek to a sample */
  p = data_path ("sig_lef4.npy");
  r = run_new (p, "rate=1000");
  gst_element_set_state (r->pipeline, GST_STATE_PAUSED);
  fail_unless (gst_element_get_state (r->pipeline, NULL, NULL,
          10 * GST_SECOND) == GST_STATE_CHANGE_SUCCESS);
  fail_unless (gst_element_query_duration (r->pipeline, GST_FORMAT_TIME,
          &dur));
  fail_unless_equals_int64 (dur, 30 * GST_MSECOND);
  fail_unless (gst_element_seek_simple (r->pipeline, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH, 25 * GST_MSECOND));
  fail_unless (gst_element_get_state (r->pipeline, NULL, NULL,
          10 * GST_SECOND) == GST_STATE_CHANGE_SUCCESS);
  g_ptr_array_set_size (r->bufs, 0);
  run_wait (r);
  fail_unless (r->bufs->len >= 1);
  b0 = g_ptr_array_index (r->bufs, 0);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (b0), 25 * GST_MSECOND);
  fail_unless_equals_int (gst_buffer_get_size (b0), 5 * 3 * 4);
  run_free (r);
  g_free (p);
}

GST_END_TEST;

/* Dense output has the rate of its caps (at most 10 MHz) and a duration
 * GStreamer can count: rate and dt are checked against the row count. */
GST_START_TEST (test_dense_rate_limits)
{
  Run *r;

  expect_error ("sig_1d.npy", "rate=50000000", "a rate of 5e+07 Hz is "
      "above the 10000000 Hz supported");
  expect_error ("frames.npy", "dt=1e-9", "a rate of 1e+09 Hz is above");
  expect_error ("sig_1d.npy", "rate=1e-300", "rows at 1e-300 Hz last");
  expect_error ("raster_bool.npy", "dt=1e300", "more than the 292 years");
  /* slow but countable */
  r = run_file ("sig_1d.npy", "rate=0.001");
  fail_unless (r->error == NULL, "%s", r->error);
  fail_unless (r->bufs->len > 0);
  run_free (r);
}

GST_END_TEST;

/* A params.py far larger than Phy writes is refused before it is read
 * (it was read whole and split into one string per line). */
GST_START_TEST (test_kilosort_params_size)
{
  gchar *dir = g_dir_make_tmp ("neurofilesrc-phy-XXXXXX", NULL);
  const gchar *names[] = { "spike_times.npy", "spike_clusters.npy" };
  gchar *params, *want;
  Run *r;
  gint fd;
  guint i;

  fail_unless (dir != NULL);
  for (i = 0; i < G_N_ELEMENTS (names); i++) {
    gchar *src = data_path ("kilosort"), *from, *to, *data;
    gsize len;

    from = g_build_filename (src, names[i], NULL);
    to = g_build_filename (dir, names[i], NULL);
    fail_unless (g_file_get_contents (from, &data, &len, NULL));
    fail_unless (g_file_set_contents (to, data, len, NULL));
    g_free (data);
    g_free (from);
    g_free (to);
    g_free (src);
  }
  /* 1 GiB of nothing (a sparse file): newline-only it would have cost
   * tens of GB */
  params = g_build_filename (dir, "params.py", NULL);
  fd = g_open (params, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  fail_unless (fd >= 0);
  fail_unless (ftruncate (fd, G_GINT64_CONSTANT (1) << 30) == 0);
  close (fd);

  r = run_new (dir, NULL);
  run_wait (r);
  fail_unless (r->error != NULL);
  want = g_strdup_printf ("%s: 1073741824 bytes, more than the 65536 read "
      "from a params.py", params);
  fail_unless (strstr (r->error, want) != NULL, "%s", r->error);
  g_free (want);
  run_free (r);

  /* a small one without the line says so, as before */
  fail_unless (g_file_set_contents (params, "dtype = 'int16'\n", -1, NULL));
  r = run_new (dir, NULL);
  run_wait (r);
  fail_unless (r->error != NULL);
  fail_unless (strstr (r->error, "no 'sample_rate = <Hz>' line") != NULL,
      "%s", r->error);
  run_free (r);

  g_unlink (params);
  for (i = 0; i < G_N_ELEMENTS (names); i++) {
    gchar *to = g_build_filename (dir, names[i], NULL);

    g_unlink (to);
    g_free (to);
  }
  g_rmdir (dir);
  g_free (params);
  g_free (dir);
}

GST_END_TEST;

GST_START_TEST (test_typefind)
{
  gchar *p = data_path ("sig_lef4.npy");
  gchar *desc = g_strdup_printf ("filesrc location=\"%s\" ! typefind name=tf "
      "! fakesink", p);
  GstElement *pipe = gst_parse_launch (desc, NULL);
  GstElement *tf = gst_bin_get_by_name (GST_BIN (pipe), "tf");
  GstCaps *caps = NULL;

  fail_unless (gst_element_set_state (pipe, GST_STATE_PAUSED) !=
      GST_STATE_CHANGE_FAILURE);
  gst_element_get_state (pipe, NULL, NULL, 10 * GST_SECOND);
  g_object_get (tf, "caps", &caps, NULL);
  fail_unless (caps != NULL);
  fail_unless (gst_structure_has_name (gst_caps_get_structure (caps, 0),
          "application/x-npy"));
  gst_caps_unref (caps);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (tf);
  gst_object_unref (pipe);
  g_free (desc);
  g_free (p);
}

GST_END_TEST;

/* brunel.npz's spikes into a raster, seeked (flushing, in PAUSED) to
 * @start (GST_CLOCK_TIME_NONE: no seek), to the end */
static NeuroTestRun *
run_brunel_raster_at (const gchar * file, gint fps, GstClockTime start,
    GstClockTime stop)
{
  NeuroTestRun *r = neuro_test_run_new ("neurofilesrc location=\"%s\" ! "
      "spikeraster window=0.3 ! video/x-raw,width=64,height=48,"
      "framerate=%d/1 ! fakesink name=sink signal-handoffs=true", file, fps);

  if (GST_CLOCK_TIME_IS_VALID (start)) {
    fail_unless (gst_element_set_state (r->pipeline, GST_STATE_PAUSED) !=
        GST_STATE_CHANGE_FAILURE);
    fail_unless (gst_element_get_state (r->pipeline, NULL, NULL,
            GST_CLOCK_TIME_NONE) != GST_STATE_CHANGE_FAILURE);
    fail_unless (gst_element_seek (r->pipeline, 1.0, GST_FORMAT_TIME,
            GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, GST_SEEK_TYPE_SET,
            start, GST_CLOCK_TIME_IS_VALID (stop) ? GST_SEEK_TYPE_SET :
            GST_SEEK_TYPE_NONE, stop));
    /* what prerolled before the seek does not count */
    g_mutex_lock (&r->lock);
    g_ptr_array_set_size (r->buffers, 0);
    g_mutex_unlock (&r->lock);
  }
  neuro_test_run_play (r);
  neuro_test_run_expect_eos (r);
  return r;
}

static NeuroTestRun *
run_brunel_raster (const gchar * file, GstClockTime start)
{
  return run_brunel_raster_at (file, 10, start, GST_CLOCK_TIME_NONE);
}

/* After a seek to 0.5 s the raster asks neurofilesrc for its window before
 * the position: every frame from 0.5 s on, the first one too, equals the
 * uninterrupted run's frame of the same time. */
GST_START_TEST (test_seek_full_window)
{
  const gchar *dir = g_getenv ("NEUROVIZ_BRUNEL_DATA");
  gchar *file;
  NeuroTestRun *ref, *r;
  guint k, j, compared = 0;

  fail_unless (dir != NULL, "NEUROVIZ_BRUNEL_DATA is not set");
  file = g_build_filename (dir, "brunel.npz", NULL);
  fail_unless (g_file_test (file, G_FILE_TEST_EXISTS), "%s is missing", file);
  ref = run_brunel_raster (file, GST_CLOCK_TIME_NONE);
  r = run_brunel_raster (file, 500 * GST_MSECOND);
  fail_unless (r->buffers->len >= 5);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (g_ptr_array_index (r->buffers,
              0)), 500 * GST_MSECOND);
  for (k = 0; k < r->buffers->len; k++) {
    GstBuffer *b = g_ptr_array_index (r->buffers, k);

    for (j = 0; j < ref->buffers->len; j++) {
      GstBuffer *a = g_ptr_array_index (ref->buffers, j);
      GstMapInfo ma, mb;
      gboolean same;

      if (GST_BUFFER_PTS (a) != GST_BUFFER_PTS (b))
        continue;
      gst_buffer_map (a, &ma, GST_MAP_READ);
      gst_buffer_map (b, &mb, GST_MAP_READ);
      same = ma.size == mb.size && memcmp (ma.data, mb.data, ma.size) == 0;
      gst_buffer_unmap (a, &ma);
      gst_buffer_unmap (b, &mb);
      fail_unless (same, "the frame at %" GST_TIME_FORMAT " after the seek "
          "differs from the uninterrupted run's",
          GST_TIME_ARGS (GST_BUFFER_PTS (b)));
      compared++;
    }
  }
  fail_unless (compared >= 5);
  neuro_test_run_free (r);
  neuro_test_run_free (ref);
  g_free (file);
}

GST_END_TEST;

/* A seek to the time of frame 7 at 30 fps (233 333 333 ns, rounded down)
 * with a stop at frame 15's: exactly frames 7 ... 14 of the uninterrupted
 * run, with their timestamps to the nanosecond and their pixels (how
 * tools/render-chunks cuts a recording into chunks). */
GST_START_TEST (test_seek_frame_grid)
{
  const gchar *dir = g_getenv ("NEUROVIZ_BRUNEL_DATA");
  gchar *file;
  NeuroTestRun *ref, *r;
  guint k;

  fail_unless (dir != NULL, "NEUROVIZ_BRUNEL_DATA is not set");
  file = g_build_filename (dir, "brunel.npz", NULL);
  ref = run_brunel_raster_at (file, 30, GST_CLOCK_TIME_NONE,
      GST_CLOCK_TIME_NONE);
  r = run_brunel_raster_at (file, 30, gst_util_uint64_scale (7, GST_SECOND,
          30), gst_util_uint64_scale (15, GST_SECOND, 30));
  fail_unless_equals_int (r->buffers->len, 8);
  fail_unless (ref->buffers->len >= 15);
  for (k = 0; k < 8; k++) {
    GstBuffer *b = g_ptr_array_index (r->buffers, k);
    GstBuffer *a = g_ptr_array_index (ref->buffers, k + 7);
    GstMapInfo ma, mb;

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), GST_BUFFER_PTS (a));
    fail_unless_equals_uint64 (GST_BUFFER_PTS (b),
        gst_util_uint64_scale (k + 7, GST_SECOND, 30));
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (b),
        GST_BUFFER_DURATION (a));
    gst_buffer_map (a, &ma, GST_MAP_READ);
    gst_buffer_map (b, &mb, GST_MAP_READ);
    fail_unless (ma.size == mb.size && memcmp (ma.data, mb.data,
            ma.size) == 0, "frame %u after the seek differs", k + 7);
    gst_buffer_unmap (a, &ma);
    gst_buffer_unmap (b, &mb);
  }
  neuro_test_run_free (r);
  neuro_test_run_free (ref);
  g_free (file);
}

GST_END_TEST;

/* Reverse (rate r < 0 over [@start, @stop] of @desc): frames at the
 * negotiated @fps end at stop - k |r| / fps, in descending time, the last
 * one at the start, each equal to the forward run's frame that ends at the
 * same time (where there is one: |r| < 1 makes frames between them).
 * Returns the number compared. */
static guint
check_reverse (const gchar * desc, gint fps, gdouble rate, GstClockTime start,
    GstClockTime stop)
{
  NeuroTestRun *ref = neuro_test_run_seeked (desc, 0, 0, 0);
  NeuroTestRun *r = neuro_test_run_seeked (desc, rate, start, stop);
  GstClockTime step = (GstClockTime) (fabs (rate) * GST_SECOND / fps);
  GstClockTime prev = GST_CLOCK_TIME_NONE;
  guint want = (guint) llround ((stop - start) / (gdouble) step);
  guint k, j, compared = 0;

  fail_unless_equals_int (r->buffers->len, want);
  for (k = 0; k < r->buffers->len; k++) {
    GstBuffer *b = g_ptr_array_index (r->buffers, k);
    GstClockTime end = GST_BUFFER_PTS (b) + GST_BUFFER_DURATION (b);
    gdouble m = k * fabs (rate);
    guint64 K = gst_util_uint64_scale (stop, fps, GST_SECOND);

    /* on the frame grid of the run from 0, to the nanosecond */
    if (m == floor (m)) {
      fail_unless_equals_uint64 (end, gst_util_uint64_scale (K - (guint64) m,
              GST_SECOND, fps));
    } else {
      GstClockTime want = stop - (GstClockTime) (gst_util_uint64_scale (k,
              GST_SECOND, fps) * fabs (rate));

      fail_unless (end + 2 >= want && end <= want + 2,
          "rate %g: frame %u ends at %" GST_TIME_FORMAT, rate, k,
          GST_TIME_ARGS (end));
    }
    fail_unless (!GST_CLOCK_TIME_IS_VALID (prev) || GST_BUFFER_PTS (b) < prev,
        "rate %g: frame %u is not earlier than the one before", rate, k);
    prev = GST_BUFFER_PTS (b);
    for (j = 0; j < ref->buffers->len; j++) {
      GstBuffer *a = g_ptr_array_index (ref->buffers, j);

      if (GST_BUFFER_PTS (a) + GST_BUFFER_DURATION (a) != end)
        continue;
      fail_unless (neuro_test_buffers_equal (a, b),
          "rate %g: the frame ending at %"
          GST_TIME_FORMAT " differs from the forward run's", rate,
          GST_TIME_ARGS (end));
      compared++;
    }
  }
  fail_unless (prev + 1 >= start && prev <= start + 1,
      "rate %g: the last frame starts at %" GST_TIME_FORMAT, rate,
      GST_TIME_ARGS (prev));
  neuro_test_run_free (r);
  neuro_test_run_free (ref);
  return compared;
}

/* brunel.npz's membrane potentials (8 channels at 10 kHz, 1 s) backwards
 * into signalscope: rates -1, -0.5, -2, the whole file and from 0.3 s,
 * pixel for pixel the forward frames (the source sends chunks of 0.5 s,
 * each reaching back by the scope's window and a frame) */
GST_START_TEST (test_seek_reverse_signal)
{
  const gchar *dir = g_getenv ("NEUROVIZ_BRUNEL_DATA");
  gchar *file, *desc;

  fail_unless (dir != NULL, "NEUROVIZ_BRUNEL_DATA is not set");
  file = g_build_filename (dir, "brunel.npz", NULL);
  desc = g_strdup_printf ("neurofilesrc location=\"%s\" key=v dt=0.0001 ! "
      "signalscope window=0.2 axes=false y-scale=fixed ymin=0 ymax=20 ! "
      "video/x-raw,width=200,height=100,framerate=30/1 ! "
      "fakesink name=sink signal-handoffs=true", file);
  fail_unless_equals_int (check_reverse (desc, 30, -1.0, 0, GST_SECOND), 30);
  fail_unless_equals_int (check_reverse (desc, 30, -0.5, 0, GST_SECOND), 30);
  fail_unless_equals_int (check_reverse (desc, 30, -2.0, 0, GST_SECOND), 15);
  fail_unless_equals_int (check_reverse (desc, 30, -1.0, 300 * GST_MSECOND,
          GST_SECOND), 21);
  g_free (desc);
  g_free (file);
}

GST_END_TEST;

/* The spikes of brunel.npz backwards into a raster with its axes and rate
 * panel: the forward frames, tick labels and all */
GST_START_TEST (test_seek_reverse_raster)
{
  const gchar *dir = g_getenv ("NEUROVIZ_BRUNEL_DATA");
  gchar *file, *desc;

  fail_unless (dir != NULL, "NEUROVIZ_BRUNEL_DATA is not set");
  file = g_build_filename (dir, "brunel.npz", NULL);
  desc = g_strdup_printf ("neurofilesrc location=\"%s\" ! spikeraster "
      "window=0.3 rate-panel=true ! video/x-raw,width=240,height=160,"
      "framerate=30/1 ! fakesink name=sink signal-handoffs=true", file);
  fail_unless_equals_int (check_reverse (desc, 30, -1.0, 0, GST_SECOND), 30);
  fail_unless_equals_int (check_reverse (desc, 30, -2.0, 100 * GST_MSECOND,
          900 * GST_MSECOND), 12);
  g_free (desc);
  g_free (file);
}

GST_END_TEST;

typedef struct
{
  guint chunks;                 /* lists (DISCONT first buffers) */
  guint64 bytes, most_bytes;    /* in the current chunk, in the largest */
  GstClockTime first;           /* the current chunk's first PTS */
  GstClockTime span;            /* the longest chunk */
} ChunkStats;

static void
chunk_stats_add (ChunkStats * c, GstBuffer * b)
{
  if (GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_DISCONT)) {
    c->chunks++;
    c->bytes = 0;
    c->first = GST_BUFFER_PTS (b);
  }
  c->bytes += gst_buffer_get_size (b);
  c->most_bytes = MAX (c->most_bytes, c->bytes);
  if (GST_BUFFER_DURATION_IS_VALID (b))
    c->span = MAX (c->span, GST_BUFFER_PTS (b) + GST_BUFFER_DURATION (b) -
        c->first);
}

static gboolean
chunk_stats_list (GstBuffer ** b, guint idx, gpointer data)
{
  chunk_stats_add (data, *b);
  return TRUE;
}

static GstPadProbeReturn
chunk_probe (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    gst_buffer_list_foreach (GST_PAD_PROBE_INFO_BUFFER_LIST (info),
        chunk_stats_list, data);
  else if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    chunk_stats_add (data, GST_PAD_PROBE_INFO_BUFFER (info));
  return GST_PAD_PROBE_OK;
}

/* 60 s files played backwards: a [T, 4] signal at 1 kHz into signalscope
 * and [T, 8, 8] frames at 10 fps into activitymap equal their forward runs
 * frame by frame; the source sends them in 120 or so chunks of 0.5 s and
 * their history, never more than a chunk's worth at once (memory follows
 * the chunk and the window, not the recording). */
GST_START_TEST (test_seek_reverse_long)
{
  gchar *dir = g_dir_make_tmp ("neurofilesrc-reverse-XXXXXX", NULL);
  gchar *sig = g_build_filename (dir, "sig.npy", NULL);
  gchar *frm = g_build_filename (dir, "frames.npy", NULL);
  const guint T = 60000, F = 600;
  gfloat *v = g_new (gfloat, T * 4);
  gchar *desc;
  guint i;

  for (i = 0; i < T * 4; i++)
    v[i] = (gfloat) sin (i * 0.0013 + (i % 4)) * (1 + (i % 4));
  write_npy (sig, "<f4", "(60000, 4)", v, T * 4 * sizeof (gfloat));
  for (i = 0; i < F * 64; i++)
    v[i] = (gfloat) ((i * 7919) % 1000) / 1000.0f;
  write_npy (frm, "<f4", "(600, 8, 8)", v, F * 64 * sizeof (gfloat));
  g_free (v);

  desc = g_strdup_printf ("neurofilesrc location=\"%s\" rate=1000 ! "
      "signalscope window=1 y-scale=fixed ymin=-5 ymax=5 ! "
      "video/x-raw,width=64,height=48,framerate=10/1 ! "
      "fakesink name=sink signal-handoffs=true", sig);
  fail_unless_equals_int (check_reverse (desc, 10, -1.0, 0, 60 * GST_SECOND),
      600);
  g_free (desc);
  desc = g_strdup_printf ("neurofilesrc location=\"%s\" rate=10 ! "
      "activitymap scale=fixed vmin=0 vmax=1 ! "
      "video/x-raw,width=64,height=48,framerate=10/1 ! "
      "fakesink name=sink signal-handoffs=true", frm);
  fail_unless_equals_int (check_reverse (desc, 10, -1.0, 0, 60 * GST_SECOND),
      600);
  g_free (desc);

  /* what the source sends: chunks, each at most 0.5 s and the history */
  {
    ChunkStats c = { 0, };
    NeuroTestRun *r;
    GstElement *src;
    GstPad *pad;

    desc = g_strdup_printf ("neurofilesrc name=src location=\"%s\" "
        "rate=1000 slice-duration=10000000 ! signalscope window=1 ! video/x-raw,width=64,height=48,"
        "framerate=10/1 ! fakesink name=sink signal-handoffs=true", sig);
    r = neuro_test_run_new ("%s", desc);
    src = gst_bin_get_by_name (GST_BIN (r->pipeline), "src");
    pad = gst_element_get_static_pad (src, "src");
    fail_unless (gst_element_set_state (r->pipeline, GST_STATE_PAUSED) !=
        GST_STATE_CHANGE_FAILURE);
    fail_unless (gst_element_get_state (r->pipeline, NULL, NULL,
            GST_CLOCK_TIME_NONE) != GST_STATE_CHANGE_FAILURE);
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER |
        GST_PAD_PROBE_TYPE_BUFFER_LIST, chunk_probe, &c, NULL);
    fail_unless (gst_element_seek (r->pipeline, -1.0, GST_FORMAT_TIME,
            GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 0, GST_SEEK_TYPE_SET,
            60 * GST_SECOND));
    neuro_test_run_play (r);
    neuro_test_run_expect_eos (r);
    /* 60 s / 0.5 s, the last chunk reaching the start takes the rest */
    fail_unless (c.chunks >= 110 && c.chunks <= 120, "%u chunks", c.chunks);
    /* 0.5 s and the scope's history (1.5 windows), a frame and a buffer */
    fail_unless (c.span <= 2200 * GST_MSECOND, "a chunk of %"
        GST_TIME_FORMAT, GST_TIME_ARGS (c.span));
    fail_unless (c.most_bytes <= 2200 * 4 * 4, "a chunk of %"
        G_GUINT64_FORMAT " bytes", c.most_bytes);
    gst_object_unref (pad);
    gst_object_unref (src);
    neuro_test_run_free (r);
    g_free (desc);
  }

  g_unlink (sig);
  g_unlink (frm);
  g_rmdir (dir);
  g_free (sig);
  g_free (frm);
  g_free (dir);
}

GST_END_TEST;

/* The last chunk of tools/render-chunks' movie (1 s of data at time-scale
 * 1/60: 60 s at 30 fps) seeked to [55 s, 60 s], with its stop at the
 * data's end: the same 150 frames as the uninterrupted run's last ones,
 * the very last included (its window ends just past the stop, which
 * time-scale rounds down: it was drawn a nanosecond off, tick labels and
 * all). */
GST_START_TEST (test_seek_stop_at_end)
{
  const gchar *dir = g_getenv ("NEUROVIZ_BRUNEL_DATA");
  gchar *file, *desc;
  NeuroTestRun *ref, *r;
  guint k;

  fail_unless (dir != NULL, "NEUROVIZ_BRUNEL_DATA is not set");
  file = g_build_filename (dir, "brunel.npz", NULL);
  desc = g_strdup_printf ("neurofilesrc location=\"%s\" ! spikeraster "
      "window=0.2 time-scale=0.0166666667 title=\"t = {t}\" ! "
      "video/x-raw,width=320,height=240,framerate=30/1 ! "
      "fakesink name=sink signal-handoffs=true", file);
  ref = neuro_test_run_seeked (desc, 0, 0, 0);
  r = neuro_test_run_seeked (desc, 1.0, 55 * GST_SECOND, 60 * GST_SECOND);
  fail_unless_equals_int (ref->buffers->len, 1800);
  fail_unless_equals_int (r->buffers->len, 150);
  for (k = 0; k < 150; k++) {
    GstBuffer *a = g_ptr_array_index (ref->buffers, 1650 + k);
    GstBuffer *b = g_ptr_array_index (r->buffers, k);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), GST_BUFFER_PTS (a));
    fail_unless (neuro_test_buffers_equal (a, b), "frame %u differs from the "
        "uninterrupted run's", 1650 + k);
  }
  neuro_test_run_free (r);
  neuro_test_run_free (ref);
  g_free (desc);
  g_free (file);
}

GST_END_TEST;

/* the resident kB of the mapping of @path in this process (0: none).
 * The lines are walked with memchr: under AddressSanitizer g_strsplit's
 * strstr checks the whole remaining text on every line, and smaps is long
 * there (the shadow mappings), which made this quadratic. */
static guint64
mapping_rss_kb (const gchar * path)
{
  gchar *smaps = NULL, *l, *end;
  gsize len = 0;
  guint64 kb = 0;
  gboolean in = FALSE;

  if (!g_file_get_contents ("/proc/self/smaps", &smaps, &len, NULL))
    return 0;
  for (l = smaps, end = smaps + len; l < end; l++) {
    gchar *nl = memchr (l, '\n', end - l);

    if (nl == NULL)
      nl = end;
    *nl = '\0';
    /* a mapping's header: "start-end perms offset dev inode path" */
    if (g_ascii_isxdigit (l[0]) && strchr (l, '-') && strchr (l, ' '))
      in = g_str_has_suffix (l, path);
    else if (in && g_str_has_prefix (l, "Rss:"))
      kb += g_ascii_strtoull (l + 4, NULL, 10);
    l = nl;
  }
  g_free (smaps);
  return kb;
}

typedef struct
{
  const gchar *path;
  guint frames;
  guint64 most_kb;
} RssProbe;

static GstPadProbeReturn
rss_probe (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  RssProbe *p = data;

  /* (smaps is long: a few samples) */
  if (p->frames++ % 150 == 75)
    p->most_kb = MAX (p->most_kb, mapping_rss_kb (p->path));
  return GST_PAD_PROBE_OK;
}

/* A 60 s, 79 MB movie (4800 matrices of 64 x 64 at 80 fps) played
 * backwards: the pages of the file neurofilesrc maps stay resident only
 * around the chunk being read (a chunk is about 1 MB), not the 79 MB of the
 * file. */
GST_START_TEST (test_seek_reverse_resident)
{
  gchar *dir = g_dir_make_tmp ("neurofilesrc-resident-XXXXXX", NULL);
  gchar *sig = g_build_filename (dir, "big.npy", NULL);
  const gsize n = (gsize) 4800 * 64 * 64;
  gfloat *v = g_new (gfloat, n);
  RssProbe probe = { sig, 0, 0 };
  NeuroTestRun *r;
  GstElement *sink;
  GstPad *pad;
  gsize i;

  for (i = 0; i < n; i++)
    v[i] = (gfloat) (i % 977) / 977.0f;
  write_npy (sig, "<f4", "(4800, 64, 64)", v, n * sizeof (gfloat));
  g_free (v);
  r = neuro_test_run_new ("neurofilesrc location=\"%s\" rate=80 ! "
      "activitymap scale=fixed vmin=0 vmax=1 ! "
      "video/x-raw,width=64,height=48,framerate=10/1 ! "
      "fakesink name=sink signal-handoffs=true", sig);
  sink = gst_bin_get_by_name (GST_BIN (r->pipeline), "sink");
  pad = gst_element_get_static_pad (sink, "sink");
  fail_unless (gst_element_set_state (r->pipeline, GST_STATE_PAUSED) !=
      GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_get_state (r->pipeline, NULL, NULL,
          GST_CLOCK_TIME_NONE) != GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_seek (r->pipeline, -1.0, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 0, GST_SEEK_TYPE_SET,
          60 * GST_SECOND));
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, rss_probe, &probe,
      NULL);
  neuro_test_run_play (r);
  neuro_test_run_expect_eos (r);
  fail_unless (probe.frames >= 600, "%u frames", probe.frames);
  /* the file is mapped, and read: some of it is resident */
  fail_unless (probe.most_kb > 0);
  fail_unless (probe.most_kb < 16 * 1024, "%" G_GUINT64_FORMAT " kB of the "
      "79 MB file were resident at once", probe.most_kb);
  gst_object_unref (pad);
  gst_object_unref (sink);
  neuro_test_run_free (r);
  g_unlink (sig);
  g_rmdir (dir);
  g_free (sig);
  g_free (dir);
}

GST_END_TEST;

/* Reverse seeks neurofilesrc cannot play are refused: a start past the end
 * of the file, a rate beyond 16 */
GST_START_TEST (test_seek_reverse_refused)
{
  const gchar *dir = g_getenv ("NEUROVIZ_BRUNEL_DATA");
  gchar *file;
  NeuroTestRun *r;

  fail_unless (dir != NULL, "NEUROVIZ_BRUNEL_DATA is not set");
  file = g_build_filename (dir, "brunel.npz", NULL);
  r = neuro_test_run_new ("neurofilesrc location=\"%s\" ! spikeraster ! "
      "video/x-raw,width=64,height=48,framerate=10/1 ! "
      "fakesink name=sink signal-handoffs=true", file);
  fail_unless (gst_element_set_state (r->pipeline, GST_STATE_PAUSED) !=
      GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_get_state (r->pipeline, NULL, NULL,
          GST_CLOCK_TIME_NONE) != GST_STATE_CHANGE_FAILURE);
  fail_if (gst_element_seek (r->pipeline, -1.0, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 2 * GST_SECOND,
          GST_SEEK_TYPE_SET, 3 * GST_SECOND));
  fail_if (gst_element_seek (r->pipeline, -32.0, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 0, GST_SEEK_TYPE_SET,
          GST_SECOND));
  /* and the pipeline still plays */
  fail_unless (gst_element_seek (r->pipeline, -1.0, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 500 * GST_MSECOND,
          GST_SEEK_TYPE_SET, GST_SECOND));
  g_mutex_lock (&r->lock);
  g_ptr_array_set_size (r->buffers, 0);
  g_mutex_unlock (&r->lock);
  neuro_test_run_play (r);
  neuro_test_run_expect_eos (r);
  fail_unless (r->buffers->len >= 5);
  neuro_test_run_free (r);
  g_free (file);
}

GST_END_TEST;

static Suite *
neurofilesrc_suite (void)
{
  Suite *s = suite_create ("neurofilesrc");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_brian_npz_stored);
  tcase_add_test (tc, test_brian_npz_deflate);
  tcase_add_test (tc, test_brian_npz_zip64);
  tcase_add_test (tc, test_brian_two_npy);
  tcase_add_test (tc, test_empty_slices);
  tcase_add_test (tc, test_pynapple);
  tcase_add_test (tc, test_kilosort);
  tcase_add_test (tc, test_text);
  tcase_add_test (tc, test_time_unit_auto);
  tcase_add_test (tc, test_time_unit_rendered);
  tcase_add_test (tc, test_nest_npz);
  tcase_add_test (tc, test_pairs);
  tcase_add_test (tc, test_raster);
  tcase_add_test (tc, test_signal_dtypes);
  tcase_add_test (tc, test_signal_auto_buffers);
  tcase_add_test (tc, test_auto_slices);
  tcase_add_test (tc, test_frames);
  tcase_add_test (tc, test_connectivity);
  tcase_add_test (tc, test_malformed);
  tcase_add_test (tc, test_corrupt_deflate);
  tcase_add_test (tc, test_inflate_limits);
  tcase_add_test (tc, test_inflate_liar);
  tcase_add_test (tc, test_inflate_write_error);
  tcase_add_test (tc, test_spikes_per_buffer);
  tcase_add_test (tc, test_spikes_per_buffer_render);
  tcase_add_test (tc, test_spikes_per_buffer_raster);
  tcase_add_test (tc, test_brunel);
  tcase_add_test (tc, test_seek_duration);
  tcase_add_test (tc, test_seek_full_window);
  tcase_add_test (tc, test_seek_frame_grid);
  tcase_add_test (tc, test_seek_reverse_signal);
  tcase_add_test (tc, test_seek_reverse_raster);
  tcase_add_test (tc, test_seek_reverse_long);
  tcase_add_test (tc, test_seek_reverse_refused);
  tcase_add_test (tc, test_seek_stop_at_end);
  tcase_add_test (tc, test_seek_reverse_resident);
  tcase_add_test (tc, test_typefind);
  tcase_add_test (tc, test_dense_rate_limits);
  tcase_add_test (tc, test_kilosort_params_size);
  return s;
}

GST_CHECK_MAIN (neurofilesrc);
