/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* gst-neuroviz
 * Copyright (C) 2024 gst-neuroviz contributors
 *
 * Unit tests for neurosrc: caps, timing, determinism, seeking, statistics
 * of the generated data and live pacing.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/check/gsttestclock.h>
#include <math.h>
#include <string.h>

#include "neurotypes.h"
#include "neurotest.h"

/* "k=v k=v" applied to the element with gst-launch parsing rules */
static void
set_props (GstElement * e, const gchar * props)
{
  gchar **kv = g_strsplit (props, " ", -1), **p;

  for (p = kv; *p; p++) {
    gchar **pair;

    if (**p == '\0')
      continue;
    pair = g_strsplit (*p, "=", 2);
    fail_unless (pair[1] != NULL, "bad property %s", *p);
    gst_util_set_object_arg (G_OBJECT (e), pair[0], pair[1]);
    g_strfreev (pair);
  }
  g_strfreev (kv);
}

static GstHarness *
make_harness (const gchar * props)
{
  GstHarness *h = gst_harness_new ("neurosrc");

  set_props (h->element, props);
  return h;
}

/* plays until EOS; returns the buffers in order */
static GList *
run_all (GstHarness * h)
{
  GList *list = NULL;
  GstBuffer *buf;

  gst_harness_play (h);
  while (gst_harness_pull_until_eos (h, &buf) && buf != NULL)
    list = g_list_prepend (list, buf);
  return g_list_reverse (list);
}

static GList *
run_props (const gchar * props)
{
  GstHarness *h = make_harness (props);
  GList *l = run_all (h);

  gst_harness_teardown (h);
  return l;
}

static void
free_list (GList * l)
{
  g_list_free_full (l, (GDestroyNotify) gst_buffer_unref);
}

/* all payload bytes, concatenated */
static GByteArray *
concat (GList * l)
{
  GByteArray *a = g_byte_array_new ();

  for (; l; l = l->next) {
    GstMapInfo map;

    gst_buffer_map (l->data, &map, GST_MAP_READ);
    g_byte_array_append (a, map.data, map.size);
    gst_buffer_unmap (l->data, &map);
  }
  return a;
}

static gboolean
same_bytes (GList * a, GList * b)
{
  GByteArray *x = concat (a), *y = concat (b);
  gboolean same = x->len == y->len && memcmp (x->data, y->data, x->len) == 0;

  g_byte_array_unref (x);
  g_byte_array_unref (y);
  return same;
}

static GstCaps *
negotiated_caps (const gchar * props)
{
  GstHarness *h = make_harness (props);
  GstBuffer *buf;
  GstCaps *caps;

  gst_harness_play (h);
  buf = gst_harness_pull (h);
  fail_unless (buf != NULL);
  gst_buffer_unref (buf);
  caps = gst_pad_get_current_caps (h->sinkpad);
  gst_harness_teardown (h);
  return caps;
}

static const gchar *all_patterns[] = {
  "poisson", "wave", "membrane", "sines", "learning", "traveling-wave",
  "spiral", "spreading", "hotspots", "connectivity",
  "modulated-connectivity", NULL
};

GST_START_TEST (test_caps)
{
  struct
  {
    const gchar *props;
    const gchar *expected;
  } cases[] = {
    {"pattern=poisson", "application/x-neuro-spikes, units=(int)30"},
    {"pattern=wave units=7", "application/x-neuro-spikes, units=(int)7"},
    {"pattern=membrane", "application/x-neuro-signal, format=(string)F32LE, "
          "channels=(int)5, rate=(double)1000"},
    {"pattern=sines channels=3 rate=250",
        "application/x-neuro-signal, format=(string)F32LE, "
          "channels=(int)3, rate=(double)250"},
    {"pattern=learning", "application/x-neuro-signal, format=(string)F32LE, "
          "channels=(int)2, rate=(double)10"},
    {"pattern=spiral", "application/x-neuro-frame, format=(string)F32LE, "
          "width=(int)50, height=(int)50, framerate=(fraction)20/1"},
    {"pattern=hotspots width=64 height=32 rate=25",
        "application/x-neuro-frame, format=(string)F32LE, "
          "width=(int)64, height=(int)32, framerate=(fraction)25/1"},
    {"pattern=connectivity", "application/x-neuro-frame, format=(string)F32LE,"
          " width=(int)20, height=(int)20, framerate=(fraction)20/1"},
    {"pattern=modulated-connectivity units=8",
        "application/x-neuro-frame, format=(string)F32LE, "
          "width=(int)8, height=(int)8, framerate=(fraction)20/1"},
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    GstCaps *caps = negotiated_caps (cases[i].props);
    GstCaps *expected = gst_caps_from_string (cases[i].expected);

    fail_unless (gst_caps_is_equal (caps, expected),
        "%s: got %" GST_PTR_FORMAT, cases[i].props, caps);
    gst_caps_unref (caps);
    gst_caps_unref (expected);
  }
}

GST_END_TEST;

/* a capsfilter downstream may choose other values than the properties */
GST_START_TEST (test_caps_downstream)
{
  GstHarness *h = make_harness ("pattern=membrane");
  GstBuffer *buf;
  GstCaps *caps;
  gint ch;

  gst_harness_set_sink_caps_str (h, "application/x-neuro-signal, "
      "channels=(int)3, rate=(double)500");
  gst_harness_play (h);
  buf = gst_harness_pull (h);
  fail_unless_equals_int (gst_buffer_get_size (buf), 5 * 3 * 4);
  gst_buffer_unref (buf);
  caps = gst_pad_get_current_caps (h->sinkpad);
  fail_unless (gst_structure_get_int (gst_caps_get_structure (caps, 0),
          "channels", &ch));
  fail_unless_equals_int (ch, 3);
  gst_caps_unref (caps);
  gst_harness_teardown (h);
}

GST_END_TEST;

static void
check_timing (const gchar * props, guint expected_buffers,
    GstClockTime expected_duration)
{
  GList *l = run_props (props), *it;
  GstClockTime next = 0;

  fail_unless_equals_int (g_list_length (l), expected_buffers);
  for (it = l; it; it = it->next) {
    GstBuffer *b = it->data;

    fail_unless (GST_BUFFER_PTS_IS_VALID (b));
    fail_unless (GST_BUFFER_DURATION_IS_VALID (b));
    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), next);
    fail_unless (GST_BUFFER_DURATION (b) > 0);
    next = GST_BUFFER_PTS (b) + GST_BUFFER_DURATION (b);
  }
  fail_unless_equals_uint64 (next, expected_duration);
  free_list (l);
}

GST_START_TEST (test_timing)
{
  check_timing ("pattern=poisson duration=1000000000", 100, GST_SECOND);
  check_timing ("pattern=wave slice-duration=25000000 duration=1000000000",
      40, GST_SECOND);
  check_timing ("pattern=membrane duration=1000000000", 100, GST_SECOND);
  check_timing ("pattern=sines samples-per-buffer=64 duration=1000000000",
      16, GST_SECOND);
  check_timing ("pattern=learning duration=10000000000", 100,
      10 * GST_SECOND);
  check_timing ("pattern=spiral duration=1000000000", 20, GST_SECOND);
  check_timing ("pattern=connectivity rate=30 duration=1000000000", 30,
      GST_SECOND);
  /* the last buffer is cut at the duration */
  check_timing ("pattern=poisson duration=1005000000", 101,
      1005 * GST_MSECOND);
  check_timing ("pattern=membrane duration=1005000000", 101,
      1005 * GST_MSECOND);
  check_timing ("pattern=traveling-wave duration=1010000000", 21,
      1010 * GST_MSECOND);
  /* default: 10 s */
  check_timing ("pattern=hotspots", 200, 10 * GST_SECOND);
}

GST_END_TEST;

GST_START_TEST (test_num_buffers)
{
  GList *l = run_props ("pattern=sines num-buffers=7");

  fail_unless_equals_int (g_list_length (l), 7);
  free_list (l);
}

GST_END_TEST;

GST_START_TEST (test_determinism)
{
  const gchar **p;

  for (p = all_patterns; *p; p++) {
    gchar *a = g_strdup_printf ("pattern=%s duration=2000000000", *p);
    gchar *b = g_strdup_printf ("pattern=%s duration=2000000000 seed=7", *p);
    GList *l1 = run_props (a), *l2 = run_props (a), *l3 = run_props (b);

    fail_unless (same_bytes (l1, l2), "%s not reproducible", *p);
    /* these two patterns have no randomness at all */
    if (strcmp (*p, "traveling-wave") && strcmp (*p, "spiral") &&
        strcmp (*p, "spreading"))
      fail_if (same_bytes (l1, l3), "%s ignores the seed", *p);
    free_list (l1);
    free_list (l2);
    free_list (l3);
    g_free (a);
    g_free (b);
  }
}

GST_END_TEST;

/* buffers from a seek to @start (before playing, like a seek in READY) */
static GList *
run_seek (const gchar * props, GstClockTime start, GstClockTime stop)
{
  GstHarness *h = make_harness (props);
  GList *l;
  GstEvent *seek = gst_event_new_seek (1.0, GST_FORMAT_TIME,
      GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, GST_SEEK_TYPE_SET, start,
      GST_CLOCK_TIME_IS_VALID (stop) ? GST_SEEK_TYPE_SET : GST_SEEK_TYPE_NONE,
      stop);

  fail_unless (gst_element_send_event (h->element, seek));
  l = run_all (h);
  gst_harness_teardown (h);
  return l;
}

static GstBuffer *
find_pts (GList * l, GstClockTime pts)
{
  for (; l; l = l->next)
    if (GST_BUFFER_PTS (l->data) == pts)
      return l->data;
  return NULL;
}

GST_START_TEST (test_seek_frames_and_spikes)
{
  const gchar *props[] = {
    "pattern=poisson units=200 duration=3000000000",
    "pattern=wave units=50 duration=3000000000",
    "pattern=hotspots duration=3000000000",
    "pattern=connectivity units=12 duration=3000000000",
    "pattern=modulated-connectivity duration=3000000000",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (props); i++) {
    GList *play = run_props (props[i]);
    /* 1.234 s lies inside slice 123 / frame 24 */
    GList *seek = run_seek (props[i], 1234 * GST_MSECOND, GST_CLOCK_TIME_NONE);
    GList *it;
    GstBuffer *first = seek->data;

    fail_unless (GST_BUFFER_PTS (first) <= 1234 * GST_MSECOND);
    fail_unless (GST_BUFFER_PTS (first) + GST_BUFFER_DURATION (first) >
        1234 * GST_MSECOND);
    for (it = seek; it; it = it->next) {
      GstBuffer *ref = find_pts (play, GST_BUFFER_PTS (it->data));

      fail_unless (ref != NULL, "%s: no buffer at %" GST_TIME_FORMAT,
          props[i], GST_TIME_ARGS (GST_BUFFER_PTS (it->data)));
      fail_unless (neuro_test_buffers_equal (ref, it->data), "%s: differs at %"
          GST_TIME_FORMAT, props[i], GST_TIME_ARGS (GST_BUFFER_PTS (ref)));
    }
    free_list (play);
    free_list (seek);
  }
}

GST_END_TEST;

GST_START_TEST (test_seek_signal)
{
  const gchar *props = "pattern=membrane channels=3 duration=3000000000";
  GList *play = run_props (props);
  GList *seek = run_seek (props, 1234500 * GST_USECOND, 2 * GST_SECOND);
  GByteArray *a = concat (play), *b = concat (seek);
  GList *last = g_list_last (seek);
  const gsize frame = 3 * sizeof (gfloat);

  /* the seek lands on sample 1234; samples are keyed by their index */
  fail_unless_equals_uint64 (GST_BUFFER_PTS (seek->data),
      1234 * GST_MSECOND);
  fail_unless_equals_int (b->len, (2000 - 1234) * frame);
  fail_unless (memcmp (a->data + 1234 * frame, b->data, b->len) == 0);
  /* stop honoured: the last buffer ends at 2 s */
  fail_unless_equals_uint64 (GST_BUFFER_PTS (last->data) +
      GST_BUFFER_DURATION (last->data), 2 * GST_SECOND);
  g_byte_array_unref (a);
  g_byte_array_unref (b);
  free_list (play);
  free_list (seek);
}

GST_END_TEST;

/* a flushing seek in a running pipeline lands on the same data */
GST_START_TEST (test_seek_playing)
{
  const gchar *props = "pattern=sines duration=3000000000";
  GList *play = run_props (props);
  GstElement *pipe, *src, *sink;
  GstSample *sample = NULL;
  GstBuffer *b, *ref;
  gint i;

  pipe = gst_parse_launch ("neurosrc name=src ! appsink name=sink "
      "sync=false max-buffers=4", NULL);
  fail_unless (pipe != NULL);
  src = gst_bin_get_by_name (GST_BIN (pipe), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipe), "sink");
  set_props (src, props);
  fail_unless (gst_element_set_state (pipe, GST_STATE_PAUSED) !=
      GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_get_state (pipe, NULL, NULL, GST_CLOCK_TIME_NONE)
      == GST_STATE_CHANGE_SUCCESS);
  fail_unless (gst_element_seek_simple (pipe, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, 1500 * GST_MSECOND));
  gst_element_set_state (pipe, GST_STATE_PLAYING);

  for (i = 0; i < 20; i++) {
    g_signal_emit_by_name (sink, "pull-sample", &sample);
    fail_unless (sample != NULL);
    b = gst_sample_get_buffer (sample);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (b),
        1500 * GST_MSECOND + i * 10 * GST_MSECOND);
    ref = find_pts (play, GST_BUFFER_PTS (b));
    fail_unless (ref != NULL && neuro_test_buffers_equal (ref, b));
    gst_sample_unref (sample);
  }

  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (src);
  gst_object_unref (sink);
  gst_object_unref (pipe);
  free_list (play);
}

GST_END_TEST;

/* neurosrc into spikeraster, seeked (flushing, in PAUSED) to [0, 2 s] at
 * @rate, to the end: the frames at 10 fps */
static NeuroTestRun *
run_raster_at_rate (gdouble rate)
{
  NeuroTestRun *r = neuro_test_run_new ("neurosrc pattern=poisson units=40 "
      "rate=20 duration=3000000000 ! spikeraster window=0.5 ! "
      "video/x-raw,width=64,height=48,framerate=10/1 ! "
      "fakesink name=sink signal-handoffs=true");

  fail_unless (gst_element_set_state (r->pipeline, GST_STATE_PAUSED) !=
      GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_get_state (r->pipeline, NULL, NULL,
          GST_CLOCK_TIME_NONE) != GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_seek (r->pipeline, rate, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, GST_SEEK_TYPE_SET, 0,
          GST_SEEK_TYPE_SET, 2 * GST_SECOND));
  neuro_test_run_play (r);
  neuro_test_run_expect_eos (r);
  return r;
}

/* A seek at rate r: frame k is stamped k * r / 10 s (running time k / 10 s:
 * the negotiated rate) and shows, pixel for pixel, what the rate-1 run shows
 * at stream time (k + 1) * r / 10 s; the last frame ends at the segment's
 * stop (2 s).  The rate is applied once. */
GST_START_TEST (test_seek_rates_raster)
{
  const gdouble rates[] = { 0.25, 0.5, 2.0, 4.0 };
  NeuroTestRun *ref = run_raster_at_rate (1.0);
  guint c, k;

  fail_unless_equals_int (ref->buffers->len, 20);
  for (c = 0; c < G_N_ELEMENTS (rates); c++) {
    gdouble rate = rates[c];
    NeuroTestRun *r = run_raster_at_rate (rate);
    guint want = (guint) (20 / rate), compared = 0;

    fail_unless_equals_int (r->buffers->len, want);
    for (k = 0; k < want; k++) {
      GstBuffer *b = g_ptr_array_index (r->buffers, k);
      GstClockTime pts = (GstClockTime) (k * rate * 100 * GST_MSECOND);
      gdouble j = (k + 1) * rate - 1;   /* the rate-1 frame ending there */

      fail_unless_equals_uint64 (GST_BUFFER_PTS (b), pts);
      if (j != floor (j))
        continue;
      fail_unless (neuro_test_buffers_equal (b, g_ptr_array_index (ref->buffers,
                  (guint) j)), "rate %g: frame %u differs from the rate-1 "
          "frame %u", rate, k, (guint) j);
      compared++;
    }
    fail_unless (compared >= 5);
    neuro_test_run_free (r);
  }
  neuro_test_run_free (ref);
}

GST_END_TEST;

/* A flushing seek to 1.5 s in PAUSED: the raster asks neurosrc for its
 * window before the position, so every frame from 1.5 s on, the first one
 * too, equals the uninterrupted run's frame of the same time. */
GST_START_TEST (test_seek_full_window_raster)
{
  NeuroTestRun *ref = run_raster_at_rate (1.0);
  NeuroTestRun *r = neuro_test_run_new ("neurosrc pattern=poisson units=40 "
      "rate=20 duration=3000000000 ! spikeraster window=0.5 ! "
      "video/x-raw,width=64,height=48,framerate=10/1 ! "
      "fakesink name=sink signal-handoffs=true");
  guint k;

  fail_unless (gst_element_set_state (r->pipeline, GST_STATE_PAUSED) !=
      GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_get_state (r->pipeline, NULL, NULL,
          GST_CLOCK_TIME_NONE) != GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_seek (r->pipeline, 1.0, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, GST_SEEK_TYPE_SET,
          1500 * GST_MSECOND, GST_SEEK_TYPE_SET, 2 * GST_SECOND));
  neuro_test_run_play (r);
  neuro_test_run_expect_eos (r);
  fail_unless_equals_int (r->buffers->len, 5);
  for (k = 0; k < 5; k++) {
    GstBuffer *b = g_ptr_array_index (r->buffers, k);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), (15 + k) * 100 *
        GST_MSECOND);
    fail_unless (neuro_test_buffers_equal (b, g_ptr_array_index (ref->buffers,
                15 + k)),
        "frame %u after the seek differs from the uninterrupted run's", k);
  }
  neuro_test_run_free (r);
  neuro_test_run_free (ref);
}

GST_END_TEST;

/* neurosrc into spikeraster, seeked (flushing, in PAUSED) at @rate to
 * [@start, @stop]; @seek_ok: what the seek must answer */
static NeuroTestRun *
run_raster_seek (const gchar * src_props, gdouble rate, GstClockTime start,
    GstClockTime stop, gboolean seek_ok)
{
  NeuroTestRun *r = neuro_test_run_new ("neurosrc %s ! spikeraster "
      "window=0.5 ! video/x-raw,width=64,height=48,framerate=10/1 ! "
      "fakesink name=sink signal-handoffs=true", src_props);

  fail_unless (gst_element_set_state (r->pipeline, GST_STATE_PAUSED) !=
      GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_get_state (r->pipeline, NULL, NULL,
          GST_CLOCK_TIME_NONE) != GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_seek (r->pipeline, rate, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, GST_SEEK_TYPE_SET,
          start, GST_SEEK_TYPE_SET, stop) == seek_ok,
      "the seek at rate %g was %s", rate, seek_ok ? "refused" : "accepted");
  if (!seek_ok)
    return r;
  /* what prerolled before the seek does not count */
  g_mutex_lock (&r->lock);
  g_ptr_array_set_size (r->buffers, 0);
  g_mutex_unlock (&r->lock);
  neuro_test_run_play (r);
  neuro_test_run_expect_eos (r);
  return r;
}

/* Reverse: a seek at rate r < 0 to [start, 2 s]: frame k ends at
 * 2 s - k |r| / 10 s (PTS from the stop down to the start, running time
 * k / 10 s), |r| frames of data apart, and shows pixel for pixel what the
 * rate-1 run shows at that time; the last frame starts at the start; EOS.
 * The source sends chunks of 1 s, so frames come from three chunks. */
GST_START_TEST (test_seek_reverse_raster)
{
  const gdouble rates[] = { -1.0, -0.5, -2.0, -1.0 };
  const GstClockTime starts[] = { 0, 0, 0, 700 * GST_MSECOND };
  const gchar *props = "pattern=poisson units=40 rate=20 "
      "duration=3000000000";
  NeuroTestRun *ref = run_raster_at_rate (1.0);
  guint c, k;

  fail_unless_equals_int (ref->buffers->len, 20);
  for (c = 0; c < G_N_ELEMENTS (rates); c++) {
    gdouble r = fabs (rates[c]);
    NeuroTestRun *run = run_raster_seek (props, rates[c], starts[c],
        2 * GST_SECOND, TRUE);
    guint want = (guint) ((20 - starts[c] / (100 * GST_MSECOND)) / r);
    guint compared = 0;
    GstClockTime prev = GST_CLOCK_TIME_NONE;

    fail_unless_equals_int (run->buffers->len, want);
    for (k = 0; k < want; k++) {
      GstBuffer *b = g_ptr_array_index (run->buffers, k);
      GstClockTime end = 2 * GST_SECOND - (GstClockTime) (k * r * 100 *
          GST_MSECOND);
      gdouble j = 20 - k * r - 1;       /* the rate-1 frame ending there */

      fail_unless_equals_uint64 (GST_BUFFER_PTS (b) + GST_BUFFER_DURATION (b),
          end);
      fail_unless_equals_uint64 (GST_BUFFER_DURATION (b),
          (GstClockTime) (r * 100 * GST_MSECOND));
      fail_unless (!GST_CLOCK_TIME_IS_VALID (prev) || GST_BUFFER_PTS (b) <
          prev, "frame %u is not earlier than the one before", k);
      prev = GST_BUFFER_PTS (b);
      if (j != floor (j))
        continue;
      fail_unless (neuro_test_buffers_equal (b, g_ptr_array_index (ref->buffers,
                  (guint) j)), "rate %g: frame %u differs from the rate-1 "
          "frame %u", rates[c], k, (guint) j);
      compared++;
    }
    fail_unless_equals_uint64 (GST_BUFFER_PTS (g_ptr_array_index
            (run->buffers, want - 1)), starts[c]);
    fail_unless (compared >= 6);
    neuro_test_run_free (run);
  }
  neuro_test_run_free (ref);
}

GST_END_TEST;

/* Reverse seeks that cannot be played are refused (the seek answers
 * FALSE), never a hang: a live source, a rate beyond 16, a start past the
 * end of the data. */
GST_START_TEST (test_seek_reverse_refused)
{
  const gchar *props = "pattern=poisson units=40 rate=20 "
      "duration=3000000000";
  NeuroTestRun *r;

  r = run_raster_seek (props, -17.0, 0, 2 * GST_SECOND, FALSE);
  neuro_test_run_free (r);
  r = run_raster_seek (props, -1.0 / 17, 0, 2 * GST_SECOND, FALSE);
  neuro_test_run_free (r);
  r = run_raster_seek (props, -1.0, 3500 * GST_MSECOND, 4 * GST_SECOND,
      FALSE);
  neuro_test_run_free (r);
  r = run_raster_seek ("pattern=poisson units=40 is-live=true", -1.0, 0,
      GST_SECOND, FALSE);
  neuro_test_run_free (r);
  /* still playable after the refusals: the same source forward */
  r = run_raster_seek (props, 1.0, 0, GST_SECOND, TRUE);
  fail_unless_equals_int (r->buffers->len, 10);
  neuro_test_run_free (r);
}

GST_END_TEST;

/* Every renderer backwards from neurosrc (matrices into activitymap and
 * netgraph, netmetrics' signal into signalscope, a grid into activitymap):
 * 42 frames from 2.5 s down to 0.4 s, each equal to the forward frame that
 * ends at the same time */
GST_START_TEST (test_seek_reverse_renderers)
{
  const gchar *chains[] = {
    "pattern=spiral width=24 height=24 ! activitymap scale=frame",
    "pattern=hotspots width=16 height=12 ! activitymap view=histogram",
    "pattern=modulated-connectivity units=20 ! netgraph",
    "pattern=modulated-connectivity units=20 ! netmetrics ! "
        "signalscope window=1 y-scale=fixed ymin=0 ymax=2",
  };
  guint c, k, j;

  for (c = 0; c < G_N_ELEMENTS (chains); c++) {
    gchar *launch = g_strdup_printf ("neurosrc duration=3000000000 %s ! "
        "video/x-raw,width=120,height=90,framerate=20/1 ! "
        "fakesink name=sink signal-handoffs=true", chains[c]);
    NeuroTestRun *ref = neuro_test_run_seeked (launch, 0, 0, 0);
    NeuroTestRun *r = neuro_test_run_seeked (launch, -1.0, 400 * GST_MSECOND,
        2500 * GST_MSECOND);
    guint compared = 0;

    fail_unless_equals_int (r->buffers->len, 42);
    for (k = 0; k < r->buffers->len; k++) {
      GstBuffer *b = g_ptr_array_index (r->buffers, k);
      GstClockTime end = GST_BUFFER_PTS (b) + GST_BUFFER_DURATION (b);

      fail_unless_equals_uint64 (end, 2500 * GST_MSECOND - k * 50 *
          GST_MSECOND);
      for (j = 0; j < ref->buffers->len; j++) {
        GstBuffer *a = g_ptr_array_index (ref->buffers, j);

        if (GST_BUFFER_PTS (a) + GST_BUFFER_DURATION (a) != end)
          continue;
        fail_unless (neuro_test_buffers_equal (a, b),
            "%s: the frame ending at %"
            GST_TIME_FORMAT " differs from the forward one", chains[c],
            GST_TIME_ARGS (end));
        compared++;
      }
    }
    fail_unless_equals_int (compared, 42);
    neuro_test_run_free (r);
    neuro_test_run_free (ref);
    g_free (launch);
  }
}

GST_END_TEST;

static GstPadProbeReturn
count_instant_events (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  gdouble *seen = data;
  GstEvent *ev = GST_PAD_PROBE_INFO_EVENT (info);

  if (GST_EVENT_TYPE (ev) == GST_EVENT_INSTANT_RATE_CHANGE)
    gst_event_parse_instant_rate_change (ev, &seen[0], NULL);
  else if (GST_EVENT_TYPE (ev) == GST_EVENT_FLUSH_START)
    seen[1]++;
  return GST_PAD_PROBE_OK;
}

/* An instant rate change mid-stream reaches the sink as an
 * INSTANT_RATE_CHANGE event (the sink applies it from the pipeline's sync
 * time); nothing is flushed and the frames go on where they were: the 20
 * frames of the rate-1 run, each once, in order. */
GST_START_TEST (test_instant_rate_change)
{
  NeuroTestRun *ref = run_raster_at_rate (1.0);
  NeuroTestRun *r = neuro_test_run_new ("neurosrc pattern=poisson units=40 "
      "rate=20 duration=2000000000 ! spikeraster window=0.5 ! "
      "video/x-raw,width=64,height=48,framerate=10/1 ! "
      "fakesink name=sink signal-handoffs=true sync=true");
  GstElement *sink = gst_bin_get_by_name (GST_BIN (r->pipeline), "sink");
  GstPad *pad = gst_element_get_static_pad (sink, "sink");
  gdouble seen[2] = { 0, 0 };   /* multiplier, flushes */
  guint i, n = 0;

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM |
      GST_PAD_PROBE_TYPE_EVENT_FLUSH, count_instant_events, seen, NULL);
  neuro_test_run_play (r);
  while (n < 5) {
    g_usleep (10000);
    g_mutex_lock (&r->lock);
    n = r->buffers->len;
    g_mutex_unlock (&r->lock);
  }
  fail_unless (gst_element_seek (r->pipeline, 2.0, GST_FORMAT_TIME,
          GST_SEEK_FLAG_INSTANT_RATE_CHANGE, GST_SEEK_TYPE_NONE, -1,
          GST_SEEK_TYPE_NONE, -1));
  neuro_test_run_expect_eos (r);
  fail_unless_equals_float (seen[0], 2.0);
  fail_unless_equals_float (seen[1], 0);
  fail_unless_equals_int (r->buffers->len, 20);
  for (i = 0; i < 20; i++) {
    GstBuffer *b = g_ptr_array_index (r->buffers, i);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), i * 100 * GST_MSECOND);
    fail_unless (neuro_test_buffers_equal (b, g_ptr_array_index (ref->buffers,
                i)),
        "frame %u differs from the uninterrupted run's", i);
  }
  gst_object_unref (pad);
  gst_object_unref (sink);
  neuro_test_run_free (r);
  neuro_test_run_free (ref);
}

GST_END_TEST;

static void
check_spikes (GList * l, gint units, guint64 * total, guint64 * per_unit)
{
  for (; l; l = l->next) {
    GstBuffer *b = l->data;
    GstMapInfo map;
    const NeuroSpike *s;
    gsize n, i;
    gint64 prev = G_MININT64;
    gint64 start = GST_BUFFER_PTS (b);
    gint64 end = start + GST_BUFFER_DURATION (b);

    gst_buffer_map (b, &map, GST_MAP_READ);
    fail_unless (map.size % sizeof (NeuroSpike) == 0);
    s = (const NeuroSpike *) map.data;
    n = map.size / sizeof (NeuroSpike);
    for (i = 0; i < n; i++) {
      fail_unless (s[i].t >= prev, "spikes not sorted");
      fail_unless (s[i].t >= start && s[i].t < end,
          "spike at %" G_GINT64_FORMAT " outside [%" G_GINT64_FORMAT
          ", %" G_GINT64_FORMAT ")", s[i].t, start, end);
      fail_unless (s[i].unit < (guint32) units);
      fail_unless (s[i].value == 1.0f);
      prev = s[i].t;
      if (per_unit)
        per_unit[s[i].unit]++;
    }
    *total += n;
    gst_buffer_unmap (b, &map);
  }
}

GST_START_TEST (test_spike_records)
{
  guint64 total = 0;
  GList *l = run_props ("pattern=poisson units=300 duration=2000000000 "
      "slice-duration=7000000");

  check_spikes (l, 300, &total, NULL);
  fail_unless (total > 0);
  free_list (l);

  total = 0;
  l = run_props ("pattern=wave units=40 duration=3000000000");
  check_spikes (l, 40, &total, NULL);
  fail_unless (total > 0);
  free_list (l);
}

GST_END_TEST;

GST_START_TEST (test_poisson_rates)
{
  guint64 total = 0, *per_unit = g_new0 (guint64, 1000);
  GList *l;
  gint u;

  /* all units at 8 Hz: 80 000 spikes expected, sd 283 */
  l = run_props ("pattern=poisson units=1000 rate-min=8 rate-max=8");
  check_spikes (l, 1000, &total, per_unit);
  free_list (l);
  fail_unless (fabs (total / 10000.0 - 8.0) < 0.1, "mean rate %f",
      total / 10000.0);
  for (u = 0; u < 1000; u++)
    fail_unless (per_unit[u] > 40 && per_unit[u] < 130, "unit %d: %"
        G_GUINT64_FORMAT, u, per_unit[u]);

  /* rates uniform in [5, 20]: population mean 12.5 Hz */
  total = 0;
  memset (per_unit, 0, 1000 * sizeof (guint64));
  l = run_props ("pattern=poisson units=1000");
  check_spikes (l, 1000, &total, per_unit);
  free_list (l);
  fail_unless (fabs (total / 10000.0 - 12.5) < 0.5, "mean rate %f",
      total / 10000.0);
  for (u = 0; u < 1000; u++)
    fail_unless (per_unit[u] > 20 && per_unit[u] < 300);
  g_free (per_unit);
}

GST_END_TEST;

/* the wave's population rate is 10 Hz per unit on average */
GST_START_TEST (test_wave_rate)
{
  guint64 total = 0;
  GList *l = run_props ("pattern=wave units=500");

  check_spikes (l, 500, &total, NULL);
  free_list (l);
  fail_unless (fabs (total / 5000.0 - 10.0) < 0.3, "mean rate %f",
      total / 5000.0);
}

GST_END_TEST;

static gfloat *
signal_data (const gchar * props, gsize * n_floats)
{
  GList *l = run_props (props);
  GByteArray *a = concat (l);
  gfloat *f;

  free_list (l);
  *n_floats = a->len / sizeof (gfloat);
  f = (gfloat *) g_byte_array_free (a, FALSE);
  return f;
}

GST_START_TEST (test_membrane)
{
  gsize n, i;
  gfloat *v = signal_data ("pattern=membrane", &n);
  const gint C = 5;
  gint c;

  fail_unless_equals_int (n, 10000 * C);
  for (c = 0; c < C; c++) {
    gdouble mean = 0, re = 0, im = 0, re3 = 0, im3 = 0;
    gsize samples = n / C;

    for (i = 0; i < samples; i++) {
      gdouble t = i / 1000.0, x = v[i * C + c];

      mean += x;
      /* the phase drifts by one turn per 10 s period: 1 Hz + 0.1 Hz */
      re += x * cos (2 * G_PI * 1.1 * t);
      im += x * sin (2 * G_PI * 1.1 * t);
      re3 += x * cos (2 * G_PI * 3.3 * t);
      im3 += x * sin (2 * G_PI * 3.3 * t);
    }
    mean /= samples;
    fail_unless (fabs (mean + 70.0) < 0.3, "channel %d mean %f", c, mean);
    fail_unless (fabs (2 * hypot (re, im) / samples - 10.0) < 0.3,
        "channel %d 1 Hz amplitude %f", c, 2 * hypot (re, im) / samples);
    fail_unless (2 * hypot (re3, im3) / samples < 0.3);
  }
  g_free (v);
}

GST_END_TEST;

GST_START_TEST (test_sines)
{
  gsize n, i;
  gfloat *v = signal_data ("pattern=sines channels=3", &n);
  gint c;

  for (c = 0; c < 3; c++) {
    gdouble f = 0.5 + 0.5 * c, re = 0, im = 0;

    for (i = 0; i < n / 3; i++) {
      re += v[i * 3 + c] * cos (2 * G_PI * f * i / 1000.0);
      im += v[i * 3 + c] * sin (2 * G_PI * f * i / 1000.0);
    }
    fail_unless (fabs (2 * hypot (re, im) / (n / 3) - (1 + 0.2 * c)) < 0.05);
  }
  g_free (v);
}

GST_END_TEST;

GST_START_TEST (test_learning)
{
  gsize n;
  gfloat *v = signal_data ("pattern=learning", &n);

  /* 10 s at 10 epochs per second, 2 channels; 5 sigma tolerances */
  fail_unless_equals_int (n, 200);
  fail_unless (fabs (v[0] - 0.0) < 0.1);
  fail_unless (fabs (v[1] - 2.0) < 0.25);
  fail_unless (fabs (v[120] - (1 - exp (-3.0))) < 0.1);
  fail_unless (fabs (v[121] - 2 * exp (-4.0)) < 0.25);
  g_free (v);
}

GST_END_TEST;

static gfloat *
frame_at (const gchar * props, guint index)
{
  GList *l = run_props (props);
  GstBuffer *b = g_list_nth_data (l, index);
  gfloat *f;
  gsize size;

  fail_unless (b != NULL);
  size = gst_buffer_get_size (b);
  f = g_malloc (size);
  gst_buffer_extract (b, 0, f, size);
  free_list (l);
  return f;
}

GST_START_TEST (test_traveling_wave)
{
  /* frame 50 at 20 fps is t = 2.5 s: p = -3 + 6 * 0.25 = -1.5, so the
   * peak is in column (1.5 / 6) * 49 = 12.25 */
  gfloat *f = frame_at ("pattern=traveling-wave duration=3000000000", 50);
  gint i, j, bi = 0, bj = 0;

  for (i = 0; i < 50; i++)
    for (j = 0; j < 50; j++)
      if (f[i * 50 + j] > f[bi * 50 + bj]) {
        bi = i;
        bj = j;
      }
  fail_unless_equals_int (bj, 12);
  fail_unless (bi == 24 || bi == 25);
  fail_unless (f[bi * 50 + bj] > 0.95);
  g_free (f);
}

GST_END_TEST;

GST_START_TEST (test_spreading)
{
  /* frame 10: radius 5 cells around (25, 25), value exp(-0.5) inside */
  gfloat *f = frame_at ("pattern=spreading duration=1000000000", 10);

  fail_unless (fabs (f[25 * 50 + 25] - exp (-0.5)) < 1e-6);
  fail_unless (fabs (f[25 * 50 + 30] - exp (-0.5)) < 1e-6);
  fail_unless (f[25 * 50 + 31] == 0.0f);
  fail_unless (f[0] == 0.0f);
  g_free (f);
}

GST_END_TEST;

GST_START_TEST (test_connectivity)
{
  GList *l = run_props ("pattern=connectivity units=16 duration=5000000000");
  GList *it;
  const gint N = 16;

  fail_unless_equals_int (g_list_length (l), 100);
  for (it = l; it; it = it->next) {
    GstMapInfo map;
    const gfloat *w;
    gint i, j;

    gst_buffer_map (it->data, &map, GST_MAP_READ);
    fail_unless_equals_int (map.size, N * N * 4);
    w = (const gfloat *) map.data;
    for (i = 0; i < N; i++) {
      fail_unless (w[i * N + i] == 0.0f);
      for (j = 0; j < N; j++) {
        fail_unless (w[i * N + j] == w[j * N + i]);
        fail_unless (w[i * N + j] >= -1.0f && w[i * N + j] <= 1.0f);
      }
    }
    gst_buffer_unmap (it->data, &map);
  }
  /* plasticity changes it */
  fail_if (neuro_test_buffers_equal (l->data, g_list_last (l)->data));
  free_list (l);
}

GST_END_TEST;

GST_START_TEST (test_modulated_connectivity)
{
  /* gain 1 + 0.5 sin (2π t / T): 1 at t = 0, 1.5 at T / 4 = 2.5 s */
  GList *l = run_props ("pattern=modulated-connectivity duration=3000000000");
  gfloat a[400], b[400];
  gint i;

  gst_buffer_extract (g_list_nth_data (l, 0), 0, a, sizeof (a));
  gst_buffer_extract (g_list_nth_data (l, 50), 0, b, sizeof (b));
  for (i = 0; i < 400; i++)
    fail_unless (fabs (b[i] - 1.5 * a[i]) < 1e-5 * (1 + fabs (a[i])));
  free_list (l);
}

GST_END_TEST;

GST_START_TEST (test_live)
{
  GstHarness *h = make_harness ("pattern=poisson is-live=true");
  GstTestClock *clock;
  GstClockTime min_latency;
  gint i;

  gst_harness_use_testclock (h);
  clock = gst_harness_get_testclock (h);
  gst_harness_play (h);

  for (i = 0; i < 5; i++) {
    GstBuffer *b;

    /* nothing before the clock reaches the end of the slice */
    fail_unless (gst_harness_crank_single_clock_wait (h));
    b = gst_harness_pull (h);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), i * 10 * GST_MSECOND);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (b), 10 * GST_MSECOND);
    /* released exactly when the clock reached the end of the slice */
    fail_unless_equals_uint64 (gst_clock_get_time (GST_CLOCK (clock)),
        (i + 1) * 10 * GST_MSECOND);
    gst_buffer_unref (b);
  }
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);

  min_latency = gst_harness_query_latency (h);
  fail_unless_equals_uint64 (min_latency, 10 * GST_MSECOND);
  gst_object_unref (clock);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Live, started when the clock already reads 1.5 s: buffers carry the
 * running time, the spike records too, the pacing follows the clock, and
 * the data are those of the stream that is not live. */
GST_START_TEST (test_live_offset)
{
  const GstClockTime offset = 1500 * GST_MSECOND;
  GList *ref = run_props ("pattern=poisson units=500 duration=100000000");
  GstHarness *h = make_harness ("pattern=poisson units=500 is-live=true");
  GstTestClock *clock;
  GList *it;

  gst_harness_use_testclock (h);
  gst_harness_set_time (h, offset);
  clock = gst_harness_get_testclock (h);
  gst_harness_play (h);

  fail_unless_equals_int (g_list_length (ref), 10);
  for (it = ref; it; it = it->next) {
    GstBuffer *r = it->data, *b;
    GstMapInfo mr, mb;
    const NeuroSpike *sr, *sb;
    guint64 total = 0;
    GList one = { NULL, NULL, NULL };
    gsize i;

    fail_unless (gst_harness_crank_single_clock_wait (h));
    b = gst_harness_pull (h);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), offset + GST_BUFFER_PTS (r));
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (b),
        GST_BUFFER_DURATION (r));
    /* released when the clock reached the end of the slice */
    fail_unless_equals_uint64 (gst_clock_get_time (GST_CLOCK (clock)),
        GST_BUFFER_PTS (b) + GST_BUFFER_DURATION (b));
    one.data = b;
    check_spikes (&one, 500, &total, NULL);

    gst_buffer_map (r, &mr, GST_MAP_READ);
    gst_buffer_map (b, &mb, GST_MAP_READ);
    fail_unless_equals_int (mb.size, mr.size);
    sr = (const NeuroSpike *) mr.data;
    sb = (const NeuroSpike *) mb.data;
    for (i = 0; i < mr.size / sizeof (NeuroSpike); i++) {
      fail_unless_equals_int64 (sb[i].t, sr[i].t + (gint64) offset);
      fail_unless_equals_int (sb[i].unit, sr[i].unit);
    }
    gst_buffer_unmap (r, &mr);
    gst_buffer_unmap (b, &mb);
    gst_buffer_unref (b);
  }
  free_list (ref);
  gst_object_unref (clock);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Live, paused and resumed 2 s later: GstBaseSrc stamps the stream again
 * with the running time, as a capture device would, instead of releasing
 * every buffer that fell due during the pause at once.  The slice waiting
 * for the clock when the pause came is dropped. */
GST_START_TEST (test_live_pause)
{
  GstHarness *h = make_harness ("pattern=poisson units=500 is-live=true");
  GstTestClock *clock;
  GstBuffer *b;
  GList one = { NULL, NULL, NULL };
  guint64 total = 0;
  gint i;

  gst_harness_use_testclock (h);
  clock = gst_harness_get_testclock (h);
  gst_harness_play (h);
  for (i = 0; i < 3; i++) {
    fail_unless (gst_harness_crank_single_clock_wait (h));
    gst_buffer_unref (gst_harness_pull (h));
  }
  /* slice 3 waits for 40 ms */
  fail_unless (gst_harness_wait_for_clock_id_waits (h, 1, 10));
  fail_unless (gst_element_set_state (h->element, GST_STATE_PAUSED) ==
      GST_STATE_CHANGE_NO_PREROLL);
  gst_harness_set_time (h, 2 * GST_SECOND);
  fail_unless (gst_element_set_state (h->element, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_SUCCESS);

  fail_unless (gst_harness_crank_single_clock_wait (h));
  b = gst_harness_pull (h);
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (b), 4);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (b), 2 * GST_SECOND);
  fail_unless_equals_uint64 (gst_clock_get_time (GST_CLOCK (clock)),
      2 * GST_SECOND + 10 * GST_MSECOND);
  one.data = b;
  check_spikes (&one, 500, &total, NULL);
  fail_unless (total > 0);
  gst_buffer_unref (b);

  /* and paced by the clock again */
  fail_unless (gst_harness_crank_single_clock_wait (h));
  b = gst_harness_pull (h);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (b), 2010 * GST_MSECOND);
  fail_unless_equals_uint64 (gst_clock_get_time (GST_CLOCK (clock)),
      2020 * GST_MSECOND);
  gst_buffer_unref (b);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);

  gst_object_unref (clock);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_queries)
{
  GstHarness *h = make_harness ("pattern=membrane duration=4000000000");
  GstBuffer *b;
  gint64 val;

  gst_harness_play (h);
  b = gst_harness_pull (h);
  gst_buffer_unref (b);
  fail_unless (gst_element_query_duration (h->element, GST_FORMAT_TIME,
          &val));
  fail_unless_equals_int64 (val, 4 * GST_SECOND);
  fail_unless (gst_element_query_convert (h->element, GST_FORMAT_TIME,
          GST_SECOND, GST_FORMAT_DEFAULT, &val));
  fail_unless_equals_int64 (val, 1000);
  fail_unless (gst_element_query_convert (h->element, GST_FORMAT_DEFAULT,
          500, GST_FORMAT_BYTES, &val));
  fail_unless_equals_int64 (val, 500 * 5 * 4);
  fail_unless (gst_element_query_convert (h->element, GST_FORMAT_DEFAULT,
          500, GST_FORMAT_TIME, &val));
  fail_unless_equals_int64 (val, GST_SECOND / 2);
  {
    GstQuery *q = gst_query_new_seeking (GST_FORMAT_TIME);
    gboolean seekable;
    gint64 start, end;

    fail_unless (gst_element_query (h->element, q));
    gst_query_parse_seeking (q, NULL, &seekable, &start, &end);
    fail_unless (seekable);
    fail_unless_equals_int64 (start, 0);
    fail_unless_equals_int64 (end, 4 * GST_SECOND);
    gst_query_unref (q);
  }
  gst_harness_teardown (h);
}

GST_END_TEST;

/* a bad configuration is an error message on the bus, not a crash */
static void
check_error (const gchar * props)
{
  GstElement *pipe = gst_pipeline_new (NULL);
  GstElement *src = gst_element_factory_make ("neurosrc", NULL);
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  GstBus *bus = gst_element_get_bus (pipe);
  GstMessage *msg;

  set_props (src, props);
  gst_bin_add_many (GST_BIN (pipe), src, sink, NULL);
  fail_unless (gst_element_link (src, sink));
  gst_element_set_state (pipe, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND,
      GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  fail_unless (msg != NULL);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_ERROR);
  gst_message_unref (msg);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipe);
}

GST_START_TEST (test_errors)
{
  check_error ("pattern=sines channels=2000000");
  check_error ("pattern=spiral width=100000");
  check_error ("pattern=connectivity units=20000");
  check_error ("pattern=poisson units=20000000");
  check_error ("pattern=poisson rate-min=10 rate-max=5");
  check_error ("pattern=poisson units=16000000 rate-max=1000000 "
      "slice-duration=1000000000");
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Golden checksums: SHA-256 over every buffer's timing fields and payload,
 * captured from the generators before they moved into their own files, so
 * that any change of a single bit in any pattern or caps variant fails. */

static void
hash_buffer (GChecksum * sum, GstBuffer * b)
{
  guint64 fields[5];
  GstMapInfo map;
  gint i;

  fields[0] = GST_BUFFER_PTS (b);
  fields[1] = GST_BUFFER_DURATION (b);
  fields[2] = GST_BUFFER_OFFSET (b);
  fields[3] = GST_BUFFER_OFFSET_END (b);
  fields[4] = GST_BUFFER_FLAGS (b) & GST_BUFFER_FLAG_GAP;
  for (i = 0; i < 5; i++)
    fields[i] = GUINT64_TO_LE (fields[i]);
  g_checksum_update (sum, (const guchar *) fields, sizeof (fields));
  gst_buffer_map (b, &map, GST_MAP_READ);
  g_checksum_update (sum, map.data, map.size);
  gst_buffer_unmap (b, &map);
}

static gchar *
list_checksum (GList * l)
{
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);
  gchar *hex;

  for (; l; l = l->next)
    hash_buffer (sum, l->data);
  hex = g_strdup (g_checksum_get_string (sum));
  g_checksum_free (sum);
  return hex;
}

/* all buffers of @props, with @sink_caps downstream (or NULL), from a seek
 * to @seek (or from the start if GST_CLOCK_TIME_NONE) */
static GList *
run_variant (const gchar * props, const gchar * sink_caps, GstClockTime seek)
{
  GstHarness *h = make_harness (props);
  GList *l;

  if (sink_caps)
    gst_harness_set_sink_caps_str (h, sink_caps);
  if (GST_CLOCK_TIME_IS_VALID (seek))
    fail_unless (gst_element_send_event (h->element,
            gst_event_new_seek (1.0, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH,
                GST_SEEK_TYPE_SET, seek, GST_SEEK_TYPE_NONE, -1)));
  l = run_all (h);
  gst_harness_teardown (h);
  return l;
}

GST_START_TEST (test_golden_checksums)
{
  static const struct
  {
    const gchar *props;
    const gchar *sink_caps;
    GstClockTime seek;
    const gchar *sha256;
  } cases[] = {
    /* spikes */
    {"pattern=poisson", NULL, -1,
        "aad03477d7f9aecbe5024a461f373d6b5613964798d61800c8a2cd600f3e0acf"},
    {"pattern=poisson seed=7 units=1000 rate-min=8 rate-max=8", NULL, -1,
        "30f6b3ccfbd2b305770338483a4a288cd4193de856c9d84cd0876ce2af870b02"},
    {"pattern=poisson units=300 slice-duration=7000000 duration=2005000000",
        NULL, -1,
        "7c754415e6b3b19df3aff5362f32046a565ab86d998f7c74658f293dd03fada1"},
    {"pattern=poisson units=100000 duration=300000000", NULL, -1,
        "45cd8d49f2c329790e5c1d595c4d153b72b8f3e5b86a92ce008cbf10e11422bc"},
    {"pattern=poisson units=1 rate-min=0 rate-max=3", NULL, -1,
        "6ced3453ffec1539acf1921bb2558f7371fb69b3e25d510efa67ce59d665f2fe"},
    {"pattern=poisson rate-min=0 rate-max=0 duration=100000000", NULL, -1,
        "4c787ad06de945433be0d24933a915bc23042d8477e70ccf0e68328b51a08eca"},
    {"pattern=poisson units=5000 rate-min=100 rate-max=400 "
          "slice-duration=50000000 duration=1000000000", NULL, -1,
        "4f583ce5375ffa6e21ba220e3340ac418247ed117011fc3dfd3857e127289768"},
    {"pattern=poisson units=200 duration=3000000000", NULL,
        1234 * GST_MSECOND,
        "803286e30284073524f2dd6acc8fc953d1d97c75338523db4ad42a1ba56dd1e3"},
    {"pattern=poisson", "application/x-neuro-spikes, units=(int)77", -1,
        "62ad3b406d3c4d5f92248bca99e0da2b6b53c988803e44a955bf7bdefcd2e47f"},
    {"pattern=wave", NULL, -1,
        "60c4e14d5e6a95009873825205c3e8ed0882b5f15c15806311c953b147f70f30"},
    {"pattern=wave units=50 period=3000000000 seed=9 duration=4005000000",
        NULL, -1,
        "61acc9d00a97baef88d5c7bdb5eefec570c95105ed3029085d15cdb3adde2629"},
    {"pattern=wave units=1 slice-duration=1000000", NULL, -1,
        "fceb470890856d32e9478010cf4ea50fc97876f4214fd9dcb28ba62daee7dbd0"},
    /* signals */
    {"pattern=membrane", NULL, -1,
        "120f524f15f3c350201179be9a89007e8298790ff930fc4af5cd2a09b319eda4"},
    {"pattern=membrane channels=3 duration=3000000000", NULL,
        1234500 * GST_USECOND,
        "ac2049cfad5a46383b42c530d3e4ae61f531dd8f5fbb3d073af370624e7b913b"},
    {"pattern=membrane samples-per-buffer=64 period=7000000000 "
          "duration=1005000000", NULL, -1,
        "c6aac7b4a4217f30f0d947e5a7ad63851399db389b4a095e4dccfa52ba953aca"},
    {"pattern=membrane", "application/x-neuro-signal, channels=(int)3, "
          "rate=(double)500", -1,
        "0b85f0f716a725616ea1a1ab1849d214dab292bfa286b905d79470029d5a4731"},
    {"pattern=membrane channels=1 rate=30000 duration=500000000", NULL, -1,
        "b2241d0b021edaa3ce2676de43c020e2e53cc3e9cadab8fc4b4021fe8fc2a72a"},
    {"pattern=sines", NULL, -1,
        "23dbb704a6c263e3d74ada6d1583cfffe184ead24eeb58ce00b2bd83ca42de8e"},
    {"pattern=sines channels=7 rate=250 seed=3", NULL, -1,
        "d1457c233b5c33795d1fc31efc4c95de7ddb25f90ed0aa437c32de180444d1e0"},
    {"pattern=sines channels=2 rate=44100.5 duration=200000000", NULL, -1,
        "26fb6b4b38fc6869da747c5b50db31eb4e1f314fbe11eae846b881d819f7c7b4"},
    {"pattern=learning", NULL, -1,
        "d36ea3ea9e3114b5bd9854adf3c02b885ca43c18ba2c3b1c0b7804d738b8d7b0"},
    {"pattern=learning rate=3 seed=11 duration=40000000000", NULL, -1,
        "40e79fda0d09e5e7a1fb46c0ce5e46a47ca56530f0c15208621fd621634ea2c0"},
    {"pattern=learning duration=10000000000", NULL, 3 * GST_SECOND,
        "e82ad385373dfe9e1660356bf9febe6088983df96eebfcbca5bf6a77735b27cf"},
    /* frames */
    {"pattern=traveling-wave", NULL, -1,
        "bbf66bffc43a5e5d5a4b97fa25f80bddd81ab3fd10c3c878a7012384c536bd08"},
    {"pattern=traveling-wave width=1 height=1 duration=1000000000", NULL, -1,
        "8722a71a0f0c81617ac53f558b0853d1d8586c17173da1a2cfa8e06965a282b1"},
    {"pattern=traveling-wave width=64 height=33 rate=25 period=3000000000",
        NULL, -1,
        "cbac657aace135319c2f09d75a825b30a49818ee0ff424648cdd64802740b4e3"},
    {"pattern=spiral", NULL, -1,
        "515e082030d26957eed16b424fb145177df4617e3d5788485d516e9ca56f270d"},
    {"pattern=spiral width=1 height=1 duration=1000000000", NULL, -1,
        "f550662e877ad96c5f4eeeac22952536b2ac5fb4879b13d2daa16fc8e7e9b2ba"},
    {"pattern=spiral width=17 height=9 rate=7.5", NULL, -1,
        "f826d0c1a180991444a9df73be9981d4ed67566a8a3f15966c74e1a7dec33d13"},
    {"pattern=spreading", NULL, -1,
        "9b229a2faab7811c0a7d7993c9e404d59ddfbf9e9e499256b75a95c5569037ce"},
    {"pattern=spreading width=64 height=31 rate=25 period=2000000000", NULL,
        -1,
        "346fa4c74f6dec7279ceeee5e3cf847883ac911598d943031dd194d90e943427"},
    {"pattern=spreading width=3 height=200 duration=2000000000", NULL, -1,
        "cfe3e316d97e899f9b38e0e67a9d355c9ecaae953f8cf67307e19a49c0c4aef7"},
    {"pattern=hotspots", NULL, -1,
        "0a895e347140b940d42d55f0c7c6cae1ad8756909be95cc0684a7f916146ba9d"},
    {"pattern=hotspots width=64 height=32 seed=5", NULL, -1,
        "8f8d2e3b058ea6967f6d2acabc9a910d16b78313dd380e7d3cb5c12eb27f5d19"},
    {"pattern=hotspots width=7 height=5 rate=13", NULL, -1,
        "a269ba3b6830f66f2184f450ff58ee38f74bab2a2a8bb06044325c4ee88bf036"},
    {"pattern=hotspots duration=3000000000", NULL, 1234 * GST_MSECOND,
        "eebebf543501bee4956937486845e35b0e8781158c98ac2e40ccc77ee6f19e24"},
    {"pattern=hotspots", "application/x-neuro-frame, framerate=(fraction)0/1",
        -1,
        "175b414fec62757aefe431b413c1d2daa1a9fb9345b24753d4a7a9a505ca5cb9"},
    {"pattern=spiral", "application/x-neuro-frame, width=(int)40, "
          "height=(int)30, framerate=(fraction)30000/1001", -1,
        "ccffdefd2acffe29743aad27b0ea27fd849e1b3b4c6563eb879c50f2de61ac75"},
    {"pattern=connectivity", NULL, -1,
        "b6623945f4783ef3d65546e23f678e25c3c288118fd2354df8c28f541e118d27"},
    {"pattern=connectivity units=12 rate=30 seed=8 duration=3000000000", NULL,
        -1,
        "47b53d86ac43fe92125be031110aa3feb660ff0ba9c6fa8ca562c84b9a3a4e1e"},
    {"pattern=connectivity units=12 duration=3000000000", NULL,
        1234 * GST_MSECOND,
        "60c415bc021d7504c45e4241e8fc1c554f95041cc6049c2390795e046f432106"},
    {"pattern=connectivity units=1 duration=1000000000", NULL, -1,
        "9e00b51c2d9006085d07e962221f1aaace893efb27cee1321753586bee948af4"},
    {"pattern=modulated-connectivity", NULL, -1,
        "d8d66ec27739086f2ebac6a23d24d510daad5d6f5644ddf2192533c2552f3b32"},
    {"pattern=modulated-connectivity units=8 period=4000000000 seed=1", NULL,
        -1,
        "4f90d7cf545d4ad0655536337d089fe56fda4f9516a62255a078f81c0a61a26f"},
    {"pattern=modulated-connectivity duration=3000000000", NULL,
        1234 * GST_MSECOND,
        "595aa867e523c8698ea4273a95cac96da781be5939582a190c3aec958aae70f2"},
  };
  GString *bad = g_string_new (NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    GList *l = run_variant (cases[i].props, cases[i].sink_caps,
        cases[i].seek);
    gchar *sum = list_checksum (l);

    fail_unless (l != NULL, "%s: no buffers", cases[i].props);
    if (strcmp (sum, cases[i].sha256) != 0)
      g_string_append_printf (bad, "\n  case %u \"%s\": %s", i,
          cases[i].props, sum);
    g_free (sum);
    free_list (l);
  }
  /* the whole list goes to stderr: check's messages are limited in size */
  if (bad->len)
    g_printerr ("neurosrc checksums differ:%s\n", bad->str);
  fail_unless (bad->len == 0, "checksums differ (listed on stderr)");
  g_string_free (bad, TRUE);
}

GST_END_TEST;

static Suite *
neurosrc_suite (void)
{
  Suite *s = suite_create ("neurosrc");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_caps);
  tcase_add_test (tc, test_caps_downstream);
  tcase_add_test (tc, test_timing);
  tcase_add_test (tc, test_num_buffers);
  tcase_add_test (tc, test_determinism);
  tcase_add_test (tc, test_seek_frames_and_spikes);
  tcase_add_test (tc, test_seek_signal);
  tcase_add_test (tc, test_seek_playing);
  tcase_add_test (tc, test_seek_rates_raster);
  tcase_add_test (tc, test_instant_rate_change);
  tcase_add_test (tc, test_seek_full_window_raster);
  tcase_add_test (tc, test_seek_reverse_raster);
  tcase_add_test (tc, test_seek_reverse_refused);
  tcase_add_test (tc, test_seek_reverse_renderers);
  tcase_add_test (tc, test_spike_records);
  tcase_add_test (tc, test_poisson_rates);
  tcase_add_test (tc, test_wave_rate);
  tcase_add_test (tc, test_membrane);
  tcase_add_test (tc, test_sines);
  tcase_add_test (tc, test_learning);
  tcase_add_test (tc, test_traveling_wave);
  tcase_add_test (tc, test_spreading);
  tcase_add_test (tc, test_connectivity);
  tcase_add_test (tc, test_modulated_connectivity);
  tcase_add_test (tc, test_live);
  tcase_add_test (tc, test_live_offset);
  tcase_add_test (tc, test_live_pause);
  tcase_add_test (tc, test_queries);
  tcase_add_test (tc, test_errors);
  tcase_add_test (tc, test_golden_checksums);
  return s;
}

GST_CHECK_MAIN (neurosrc);
