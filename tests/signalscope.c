/* gst-neuroviz — signalscope tests: traces at the documented pixel rows
 * and columns, envelope of dense data, stacked offsets, history growth,
 * frame count and timestamps, the time axis, audio input, and bad input.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <string.h>

#include "neurocolormap.h"
#include "neurotest.h"
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>

#define H 240

static gint W = 320;

#define BARE "axes=false title=\"\" antialias=false legend=false " \
    "y-scale=fixed "

static GstBuffer *
make_signal (gdouble start, const gfloat * v, guint frames, guint channels,
    gdouble rate)
{
  return neuro_test_buffer_floats (v, (gsize) frames * channels,
      (GstClockTime) llround (start * GST_SECOND),
      (GstClockTime) llround (frames / rate * GST_SECOND));
}

static GstHarness *
scope_harness (const gchar * props, gint channels, gdouble rate, gint fps)
{
  GstHarness *h = neuro_test_harness_new ("signalscope %s",
      props ? props : "");

  neuro_test_harness_set_src_caps (h, "application/x-neuro-signal, "
      "format=F32LE, channels=(int)%d, rate=(double)%f", channels, rate);
  neuro_test_harness_set_sink_caps (h, "video/x-raw, format=BGRx, "
      "width=%d, height=%d, framerate=%d/1", W, H, fps);
  return h;
}

static guint32
pixel (GstBuffer * buf, gint x, gint y)
{
  return neuro_test_buffer_pixel (buf, W, H, x, y) & 0xffffff;
}

/* Bounding box of the non-white pixels of column range [x0, x1). */
static guint
marks (GstBuffer * buf, gint x0, gint x1, gint * xmin, gint * xmax,
    gint * ymin, gint * ymax)
{
  GstMapInfo map;
  guint n = 0;
  gint x, y;

  *xmin = *ymin = G_MAXINT;
  *xmax = *ymax = -1;
  gst_buffer_map (buf, &map, GST_MAP_READ);
  for (y = 0; y < H; y++) {
    const guint32 *row = (const guint32 *) (map.data + y * W * 4);
    for (x = x0; x < x1; x++) {
      if ((row[x] & 0xffffff) != 0xffffff) {
        n++;
        *xmin = MIN (*xmin, x);
        *xmax = MAX (*xmax, x);
        *ymin = MIN (*ymin, y);
        *ymax = MAX (*ymax, y);
      }
    }
  }
  gst_buffer_unmap (buf, &map);
  return n;
}

static GstBuffer *
last_of (GstHarness * h, gint frames)
{
  GstBuffer *out = NULL;
  gint i;

  for (i = 0; i < frames; i++) {
    if (out)
      gst_buffer_unref (out);
    out = gst_harness_pull (h);
    fail_unless (out != NULL, "frame %d missing", i);
  }
  return out;
}

/* 1 Hz sine of amplitude 1 at 1 kHz, ymin=-2, ymax=2 on 240 rows: row
 * floor ((2 - v) / 4 * 240) spans 60 (v = 1) to 180 (v = -1). */
GST_START_TEST (test_sine_rows)
{
  GstHarness *h = scope_harness (BARE "ymin=-2 ymax=2 window=1", 1, 1000, 10);
  gfloat v[1000];
  GstBuffer *out;
  gint i, xmin, xmax, ymin, ymax;

  for (i = 0; i < 1000; i++)
    v[i] = (gfloat) sin (2 * G_PI * i / 1000.0);
  for (i = 0; i < 10; i++)
    fail_unless_equals_int (gst_harness_push (h, make_signal (i * 0.1,
                v + i * 100, 100, 1, 1000)), GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  out = last_of (h, 10);
  marks (out, 0, W, &xmin, &xmax, &ymin, &ymax);
  fail_unless_equals_int (ymin, 60);
  fail_unless_equals_int (ymax, 180);
  /* t_end = 1 s: columns 0..319 of 3.125 ms, [0, 1 s), are shown; the
   * peak at 0.25 s is in column 80, drawn at x = 80 */
  fail_unless (pixel (out, 80, 60) != 0xffffff);
  fail_unless_equals_int (pixel (out, 80, 59), 0xffffff);
  /* the trough at 0.75 s: column 240 */
  fail_unless (pixel (out, 240, 180) != 0xffffff);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* One sample of 1.0 in 1 s of zeros at 30 kHz, 640 columns of 46.875
 * samples: the spike's column reaches the top row, its neighbours do not. */
GST_START_TEST (test_spike_envelope)
{
  GstHarness *h;
  gfloat *v = g_new0 (gfloat, 30000);
  GstBuffer *out;
  gint i, xmin, xmax, ymin, ymax;

  W = 640;
  h = scope_harness (BARE "ymin=-1 ymax=1 window=1", 1, 30000, 10);
  v[15010] = 1.0f;              /* column floor (15010 / 46.875) = 320 */
  for (i = 0; i < 10; i++)
    gst_harness_push (h, make_signal (i * 0.1, v + i * 3000, 3000, 1, 30000));
  gst_harness_push_event (h, gst_event_new_eos ());
  out = last_of (h, 10);
  /* shown columns 0..639: column 320 at x = 320 */
  fail_unless (pixel (out, 320, 0) != 0xffffff);
  fail_unless (pixel (out, 320, 60) != 0xffffff);
  fail_unless_equals_int (pixel (out, 319, 0), 0xffffff);
  fail_unless_equals_int (pixel (out, 321, 0), 0xffffff);
  /* the zero line is row 120 everywhere else */
  marks (out, 0, 310, &xmin, &xmax, &ymin, &ymax);
  fail_unless_equals_int (ymin, 120);
  fail_unless_equals_int (ymax, 120);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
  g_free (v);
  W = 320;
}

GST_END_TEST;

/* Stacked view: channel k's mid value sits at row floor (240 - (k + 0.5)
 * * bh), bh = 240 / 4 = 60, or bh = channel-spacing. */
static void
check_stacked (const gchar * extra, gdouble bh)
{
  gchar *props = g_strdup_printf (BARE "mode=stacked ymin=-1 ymax=1 "
      "window=1 colors=\"0xffff0000,0xff00ff00,0xff0000ff,0xff000000\" %s",
      extra);
  GstHarness *h = scope_harness (props, 4, 100, 10);
  gfloat v[400];
  const guint32 col[4] = { 0xff0000, 0x00ff00, 0x0000ff, 0x000000 };
  GstBuffer *out;
  gint k;

  memset (v, 0, sizeof (v));
  gst_harness_push (h, make_signal (0, v, 100, 4, 100));
  gst_harness_push_event (h, gst_event_new_eos ());
  out = last_of (h, 10);
  for (k = 0; k < 4; k++) {
    gint row = (gint) floor (H - (k + 0.5) * bh);
    fail_unless_equals_int (pixel (out, 200, row), col[k]);
    fail_unless_equals_int (pixel (out, 200, row - 1), 0xffffff);
    fail_unless_equals_int (pixel (out, 200, row + 1), 0xffffff);
  }
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
  g_free (props);
}

GST_START_TEST (test_stacked_offsets)
{
  check_stacked ("", 60);
  check_stacked ("channel-spacing=20", 20);
}

GST_END_TEST;

/* History at 10 samples/s, x in samples over 100 samples on 320 columns:
 * frame n (t_end = (n + 1) / 10 s) draws samples 0..n+1, the last one in
 * column floor (3.2 * (n + 1)), and nothing right of it. */
GST_START_TEST (test_history_growth)
{
  GstHarness *h = scope_harness (BARE "mode=history x-unit=samples "
      "window=10 ymin=0 ymax=1", 1, 10, 10);
  gfloat v[100];
  gint i, xmin, xmax, ymin, ymax;

  for (i = 0; i < 100; i++)
    v[i] = 0.5f;
  gst_harness_push (h, make_signal (0, v, 100, 1, 10));
  gst_harness_push_event (h, gst_event_new_eos ());
  for (i = 0; i < 60; i++) {
    GstBuffer *out = gst_harness_pull (h);

    fail_unless (out != NULL);
    marks (out, 0, W, &xmin, &xmax, &ymin, &ymax);
    fail_unless_equals_int (xmin, 0);
    fail_unless_equals_int (xmax, (gint) floor (3.2 * (i + 1)));
    fail_unless_equals_int (ymin, 120);
    fail_unless_equals_int (ymax, 120);
    gst_buffer_unref (out);
  }
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_frame_count_and_timestamps)
{
  GstHarness *h = scope_harness (NULL, 3, 1000, 30);
  gfloat v[30];
  gint i;

  for (i = 0; i < 30; i++)
    v[i] = (gfloat) i / 30;
  /* 2 s in 10 ms buffers */
  for (i = 0; i < 200; i++)
    fail_unless_equals_int (gst_harness_push (h, make_signal (i * 0.01, v,
                10, 3, 1000)), GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  neuro_test_expect_frame_clock (h, 60, 30, 1, W * H * 4);
  /* the EOS event follows the last frame (pull waits for it) */
  neuro_test_expect_eos_last (h);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* NaN breaks the line: the columns that only hold NaN stay empty. */
GST_START_TEST (test_nan_gap)
{
  GstHarness *h = scope_harness (BARE "ymin=0 ymax=1 window=1", 1, 1000, 10);
  gfloat v[1000];
  GstBuffer *out;
  gint i, xmin, xmax, ymin, ymax;

  for (i = 0; i < 1000; i++)
    v[i] = (i >= 500 && i <= 520) ? NAN : 0.5f;
  gst_harness_push (h, make_signal (0, v, 1000, 1, 1000));
  gst_harness_push_event (h, gst_event_new_eos ());
  out = last_of (h, 10);
  /* samples 500..520 fill columns 160..166 (x = c); 160..165 hold only
   * NaN */
  fail_unless_equals_int (marks (out, 160, 165, &xmin, &xmax, &ymin, &ymax),
      0);
  fail_unless (pixel (out, 100, 120) != 0xffffff);
  fail_unless (pixel (out, 200, 120) != 0xffffff);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

static GstHarness *
bus_harness_props (const gchar * desc, const gchar * caps)
{
  GstHarness *h = neuro_test_harness_new ("%s", desc);

  gst_harness_set_src_caps_str (h, caps);
  gst_harness_set_sink_caps_str (h, "video/x-raw, format=BGRx, width=320, "
      "height=240, framerate=10/1");
  return h;
}

static GstHarness *
bus_harness (const gchar * caps)
{
  return bus_harness_props ("signalscope", caps);
}

/* A malformed channel-range or colors set before the start fails the start
 * with an error naming the property, the value and the reason; one set
 * while playing is a warning and the previous value stays. */
GST_START_TEST (test_bad_property_strings)
{
  static const struct
  {
    const gchar *prop, *value, *reason;
  } cases[] = {
    {"channel-range", "0-x", "expected \"first-last\""},
    {"channel-range", "7-2", "first 7 is above last 2"},
    {"channel-range", "0-99999999", "limit"},
    {"colors", "#ff0000,bogus", "item 2"},
    {"colors", "#ff00", "6 or 8 hex digits"},
    {"colors", "0x1ffffffff", "above 0xffffffff"},
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    GstHarness *h = bus_harness ("application/x-neuro-signal, "
        "format=F32LE, channels=2, rate=1000.0");
    GstElement *el = gst_harness_find_element (h, "signalscope");

    neuro_test_expect_bad_property_start (h, el, cases[i].prop,
        cases[i].value, cases[i].reason);
    gst_object_unref (el);
    neuro_test_harness_teardown (h);
  }
}

GST_END_TEST;

GST_START_TEST (test_bad_property_while_playing)
{
  GstHarness *h = bus_harness_props ("signalscope colors=#ff0000",
      "application/x-neuro-signal, format=F32LE, channels=2, rate=1000.0");
  GstElement *el = gst_harness_find_element (h, "signalscope");
  gchar *msg, *val = NULL;

  g_object_set (el, "colors", "#ff0000,#12", NULL);
  msg = neuro_test_expect_warning (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "'colors'") && strstr (msg, "\"#ff0000,#12\"")
      && strstr (msg, "previous value is kept"), "%s", msg);
  g_free (msg);
  g_object_get (el, "colors", &val, NULL);
  fail_unless_equals_string (val, "#ff0000");
  g_free (val);
  gst_object_unref (el);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* channel-range beyond the stream's channels: a warning naming the value
 * and the stream's channels; the range is clipped */
GST_START_TEST (test_channel_range_beyond_stream)
{
  GstHarness *h = bus_harness_props ("signalscope channel-range=0-5",
      "application/x-neuro-signal, format=F32LE, channels=2, rate=1000.0");
  static const gfloat v[4] = { 0.0f, 1.0f, 0.5f, -1.0f };
  gchar *msg;

  gst_harness_push (h, make_signal (0.0, v, 2, 2, 1000.0));
  gst_harness_push_event (h, gst_event_new_eos ());
  gst_buffer_unref (gst_harness_pull (h));
  msg = neuro_test_expect_warning (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "'channel-range'") && strstr (msg, "\"0-5\"")
      && strstr (msg, "2 channels") && strstr (msg, "channels 0 to 1"), "%s",
      msg);
  g_free (msg);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

static GstBuffer *
first_frame (GstHarness * h)
{
  static gfloat v[200];
  guint i;

  for (i = 0; i < G_N_ELEMENTS (v); i++)
    v[i] = i < 100 ? 0.5f : -0.25f;
  gst_harness_push (h, make_signal (0.0, v, 200, 1, 1000.0));
  gst_harness_push_event (h, gst_event_new_eos ());
  return gst_harness_pull (h);
}

static void
assert_same_frame (GstBuffer * a, GstBuffer * b)
{
  GstMapInfo map;

  gst_buffer_map (b, &map, GST_MAP_READ);
  fail_unless (gst_buffer_memcmp (a, 0, map.data, map.size) == 0);
  gst_buffer_unmap (b, &map);
  gst_buffer_unref (a);
  gst_buffer_unref (b);
}

/* y-scale=fixed with ymin >= ymax: a warning naming both; above, they are
 * swapped; equal, widened by 5 % as matplotlib's set_ylim does */
GST_START_TEST (test_bad_ylim)
{
  static const struct
  {
    const gchar *bad, *good, *text;
  } cases[] = {
    {"ymin=1 ymax=-1", "ymin=-1 ymax=1", "ymin=1 and ymax=-1"},
    {"ymin=0 ymax=0", "ymin=-0.05 ymax=0.05", "ymin=0 and ymax=0"},
    {"ymin=2 ymax=2", "ymin=1.9 ymax=2.1", "from 1.9 to 2.1"},
  };
  const gchar *caps = "application/x-neuro-signal, format=F32LE, "
      "channels=1, rate=1000.0";
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    gchar *d = g_strdup_printf ("signalscope " BARE "window=0.2 %s",
        cases[i].bad);
    GstHarness *h = bus_harness_props (d, caps), *ref;
    GstBuffer *a, *b;
    gchar *msg;

    g_free (d);
    a = first_frame (h);
    msg = neuro_test_expect_warning (neuro_test_harness_bus (h), NULL);
    fail_unless (strstr (msg, cases[i].text) != NULL, "%s", msg);
    g_free (msg);
    d = g_strdup_printf ("signalscope " BARE "window=0.2 %s", cases[i].good);
    ref = bus_harness_props (d, caps);
    g_free (d);
    b = first_frame (ref);
    assert_same_frame (a, b);
    neuro_test_harness_teardown (ref);
    neuro_test_harness_teardown (h);
  }
}

GST_END_TEST;

GST_START_TEST (test_bad_caps)
{
  const gchar *bad[][2] = {
    {"application/x-neuro-signal, format=F32LE, channels=0, rate=1000.0",
        "channels=0"},
    {"application/x-neuro-signal, format=F32LE, channels=2, rate=0.0",
        "rate=0"},
    /* window x rate used to overflow the ring size (a crash) */
    {"application/x-neuro-signal, format=F32LE, channels=2, rate=5e18",
        "rate=5e+18 Hz is out of range (above 0 and at most 10000000 Hz)"},
    {"application/x-neuro-signal, format=F32LE, channels=2, rate=1.5e7",
        "rate=1.5e+07 Hz"},
    {"audio/x-raw, format=F32LE, layout=interleaved, channels=2, "
          "rate=2000000000", "rate=2e+09 Hz"},
  };
  gint i;

  for (i = 0; i < (gint) G_N_ELEMENTS (bad); i++) {
    GstHarness *h = bus_harness (bad[i][0]);
    gfloat v[4] = { 0, 0, 0, 0 };
    gchar *msg;

    gst_harness_push (h, make_signal (0, v, 2, 2, 1000));
    msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
    fail_unless (strstr (msg, bad[i][1]) != NULL, "%s", msg);
    g_free (msg);
    neuro_test_harness_teardown (h);
  }
}

GST_END_TEST;

/* The largest rate with a long window: the ring would need 144 GB. */
GST_START_TEST (test_ring_limit)
{
  GstHarness *h = bus_harness_props ("signalscope window=3600",
      "application/x-neuro-signal, format=F32LE, channels=1, "
      "rate=10000000.0");
  gfloat v[4] = { 0, 0, 0, 0 };
  gchar *msg;

  gst_harness_push (h, make_signal (0, v, 4, 1, 1e7));
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "3600 s of 1 channels at 1e+07 Hz")
      && strstr (msg, "channels x rate x window"), "%s", msg);
  g_free (msg);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* The most channels the caps allow, drawn as traces on a wide frame: the
 * column cache would need 15 GB (it aborted in g_new). */
GST_START_TEST (test_cache_limit)
{
  GstHarness *h = neuro_test_harness_new ("signalscope window=2");
  gsize C = 1048576;
  gfloat *v = g_new0 (gfloat, C);
  gchar *msg;

  gst_harness_set_src_caps_str (h, "application/x-neuro-signal, "
      "format=F32LE, channels=1048576, rate=1.0");
  gst_harness_set_sink_caps_str (h, "video/x-raw, format=BGRx, width=1920, "
      "height=240, framerate=10/1");
  gst_harness_push (h, make_signal (0, v, 1, C, 1.0));
  gst_harness_push_event (h, gst_event_new_eos ());
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "Drawing 1048576 channels on")
      && strstr (msg, "mode=heatmap"), "%s", msg);
  g_free (msg);
  g_free (v);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* The renderer base refuses absurd output frame rates with the rate and
 * the range: 1e6 fps made a frame per microsecond of data. */
GST_START_TEST (test_framerate_limit)
{
  const gchar *rates[] = { "1000000/1", "1/100000" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (rates); i++) {
    GstHarness *h = neuro_test_harness_new ("signalscope");
    gfloat v[100] = { 0 };
    gchar *msg;

    gst_harness_set_src_caps_str (h, "application/x-neuro-signal, "
        "format=F32LE, channels=1, rate=1000.0");
    neuro_test_harness_set_sink_caps (h, "video/x-raw, format=BGRx, "
        "width=320, height=240, framerate=%s", rates[i]);
    gst_harness_push (h, make_signal (0, v, 100, 1, 1000));
    gst_harness_push_event (h, gst_event_new_eos ());
    msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
    fail_unless (strstr (msg, rates[i]) && strstr (msg, "at most 1000 "
            "frames per second"), "%s", msg);
    g_free (msg);
    neuro_test_harness_teardown (h);
  }
}

GST_END_TEST;

GST_START_TEST (test_partial_frame)
{
  GstHarness *h = bus_harness ("application/x-neuro-signal, format=F32LE, "
      "channels=2, rate=1000.0");
  GstBuffer *buf = gst_buffer_new_allocate (NULL, 12, NULL);
  gchar *msg;

  gst_buffer_memset (buf, 0, 0, 12);
  GST_BUFFER_PTS (buf) = 0;
  gst_harness_push (h, buf);
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "12 bytes") && strstr (msg, "whole number"),
      "%s", msg);
  g_free (msg);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_infinite_warning)
{
  GstHarness *h = bus_harness ("application/x-neuro-signal, format=F32LE, "
      "channels=2, rate=1000.0");
  gfloat v[8] = { 0, 0, 0, INFINITY, 0, 0, 0, 0 };
  gchar *msg;

  fail_unless_equals_int (gst_harness_push (h, make_signal (0, v, 4, 2,
              1000)), GST_FLOW_OK);
  msg = neuro_test_expect_warning (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "Channel 1") && strstr (msg, "infinite"), "%s",
      msg);
  g_free (msg);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* 64-channel audio from audiotestsrc, the way users run it. */
GST_START_TEST (test_audio_64_channels)
{
  GError *err = NULL;
  GstElement *pipe = gst_parse_launch ("audiotestsrc num-buffers=20 "
      "samplesperbuffer=3000 ! audio/x-raw,format=F32LE,channels=64,"
      "rate=30000,channel-mask=(bitmask)0 ! signalscope mode=stacked ! "
      "video/x-raw,width=320,height=240,framerate=30/1 ! "
      "fakesink name=sink signal-handoffs=false", &err);
  GstBus *bus;
  GstMessage *msg;
  GstElement *sink;
  GstSample *last = NULL;

  fail_unless (pipe != NULL, "%s", err ? err->message : "?");
  sink = gst_bin_get_by_name (GST_BIN (pipe), "sink");
  g_object_set (sink, "enable-last-sample", TRUE, NULL);
  fail_unless (gst_element_set_state (pipe, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  bus = gst_element_get_bus (pipe);
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_EOS);
  g_object_get (sink, "last-sample", &last, NULL);
  fail_unless (last != NULL);
  /* 20 x 0.1 s: the last frame ends at 2 s */
  fail_unless_equals_uint64 (GST_BUFFER_PTS (gst_sample_get_buffer (last)),
      gst_util_uint64_scale (59, GST_SECOND, 30));
  gst_sample_unref (last);
  gst_message_unref (msg);
  gst_object_unref (bus);
  gst_object_unref (sink);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (pipe);
}

GST_END_TEST;

/* Sweep mode on a transparent background (BGRA, straight alpha): the gap
 * after the cursor is transparent like the rest of the background, not
 * opaque black; the previous sweep's trace stays right of it. */
GST_START_TEST (test_sweep_gap_transparent)
{
  GstHarness *h = gst_harness_new_parse ("signalscope " BARE "ymin=-1.5 "
      "ymax=1.5 window=1 sweep=true background=0x00000000");
  gfloat v[1500];
  GstBuffer *out;
  GstMapInfo map;
  gint i, x, y, cursor = -1, gap = MAX (2, W / 50), traced = 0;

  gst_harness_set_src_caps_str (h, "application/x-neuro-signal, "
      "format=F32LE, channels=(int)1, rate=(double)1000");
  gst_harness_set_sink_caps_str (h, "video/x-raw, format=BGRA, width=320, "
      "height=240, framerate=10/1");
  for (i = 0; i < 1500; i++)
    v[i] = (gfloat) sin (2 * G_PI * 5 * i / 1000.0);
  for (i = 0; i < 15; i++)
    gst_harness_push (h, make_signal (i * 0.1, v + i * 100, 100, 1, 1000));
  gst_harness_push_event (h, gst_event_new_eos ());
  /* frame 14: t_end = 1.5 s, the cursor half way through the sweep */
  out = last_of (h, 15);
  gst_buffer_map (out, &map, GST_MAP_READ);
  /* the cursor: the half transparent column in row 0 (the trace stays
   * lower) */
  for (x = 0; x < W && cursor < 0; x++)
    if (abs (map.data[x * 4 + 3] - 0x80) <= 1)
      cursor = x;
  fail_unless_equals_int (cursor, 160);
  for (y = 0; y < H; y++) {
    const guint8 *row = map.data + y * W * 4;

    for (x = cursor + 1; x <= cursor + gap; x++)
      fail_unless (row[x * 4 + 3] == 0, "gap pixel (%d, %d) has alpha %d", x,
          y, row[x * 4 + 3]);
    for (x = cursor + gap + 1; x < W; x++)
      if (row[x * 4 + 3] == 0xff)
        traced++;
  }
  fail_unless (traced >= W - cursor - gap - 1, "previous sweep missing");
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* 1 s at 100 Hz of @v on a 1 s window: the last frame. */
static GstBuffer *
render_second (const gchar * props, const gfloat * v)
{
  GstHarness *h = scope_harness (props, 1, 100, 10);
  GstBuffer *out;

  fail_unless_equals_int (gst_harness_push (h, make_signal (0, v, 100, 1,
              100)), GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  out = last_of (h, 10);
  neuro_test_harness_teardown (h);
  return out;
}


/* A frame of @w x @h (BGRx, stride w * 4) from 1 s of @v (1 channel at
 * 1 kHz) on a 1 s window: the last of 10 frames at 10 fps. */
static GstBuffer *
render_sized (const gchar * props, const gfloat * v, gint w, gint h)
{
  GstHarness *hr;
  gchar *desc = g_strdup_printf ("signalscope %s", props);
  GstBuffer *out;

  hr = gst_harness_new_parse (desc);
  g_free (desc);
  gst_harness_set_src_caps_str (hr, "application/x-neuro-signal, "
      "format=F32LE, channels=(int)1, rate=(double)1000");
  neuro_test_harness_set_sink_caps (hr, "video/x-raw, format=BGRx, "
      "width=%d, height=%d, framerate=10/1", w, h);
  fail_unless_equals_int (gst_harness_push (hr, make_signal (0, v, 1000, 1,
              1000)), GST_FLOW_OK);
  gst_harness_push_event (hr, gst_event_new_eos ());
  out = last_of (hr, 10);
  neuro_test_harness_teardown (hr);
  return out;
}

static gboolean
dark_at (const GstMapInfo * map, gint w, gint x, gint y)
{
  guint32 p = ((const guint32 *) (map->data + (gsize) y * w * 4))[x];

  return ((p >> 16) & 0xff) < 0x80 && ((p >> 8) & 0xff) < 0x80
      && (p & 0xff) < 0x80;
}

/* The longest vertical run of dark pixels in columns [x0, x1): a spine. */
static gint
find_spine (const GstMapInfo * map, gint w, gint h, gint x0, gint x1,
    gint * top, gint * bottom)
{
  gint x, y, best = -1, best_len = 0;

  *top = *bottom = 0;

  for (x = x0; x < x1; x++) {
    gint run = 0;

    for (y = 0; y < h; y++) {
      run = dark_at (map, w, x, y) ? run + 1 : 0;
      if (run > best_len) {
        best_len = run;
        best = x;
        *bottom = y;
        *top = y - run + 1;
      }
    }
  }
  fail_unless (best_len > h / 2, "no spine in columns %d-%d", x0, x1);
  return best;
}

/* The row of the longest horizontal run of dark pixels in rows [y0, y1). */
static gint
find_hspine (const GstMapInfo * map, gint w, gint y0, gint y1)
{
  gint x, y, best = -1, best_len = 0;

  for (y = y0; y < y1; y++) {
    gint run = 0;

    for (x = 0; x < w; x++) {
      run = dark_at (map, w, x, y) ? run + 1 : 0;
      if (run > best_len) {
        best_len = run;
        best = y;
      }
    }
  }
  fail_unless (best_len > w / 2, "no spine in rows %d-%d", y0, y1);
  return best;
}

/* y ranges whose width overflows: zeros in the middle row (ymax - ymin
 * was inf and the rows NaN: nothing was drawn), with spans, with cairo and
 * stacked. */
GST_START_TEST (test_huge_y_range)
{
  const gchar *aa[3] = { "antialias=false", "antialias=true",
    "mode=stacked"
  };
  gfloat v[100] = { 0 };
  gint k, xmin, xmax, ymin, ymax;

  for (k = 0; k < 3; k++) {
    gchar *props = g_strdup_printf (BARE "ymin=-1e308 ymax=1e308 window=1 %s",
        aa[k]);
    GstBuffer *out = render_second (props, v);

    marks (out, 0, W, &xmin, &xmax, &ymin, &ymax);
    /* the middle row, give or take the 1.5 pt line (2.1 px at 100 dpi) */
    fail_unless (ymin >= 118 && ymax <= 122, "%s: rows %d-%d", aa[k], ymin,
        ymax);
    fail_unless (pixel (out, 100, 120) != 0xffffff, "%s", aa[k]);
    gst_buffer_unref (out);
    g_free (props);
  }
}

GST_END_TEST;

/* A value far outside a fixed range drawn with cairo: a line from the
 * zero row up out of the top at its column, nothing anywhere else (cairo's
 * 24.8 fixed point wraps coordinates beyond ±8 M pixels). */
GST_START_TEST (test_far_outside_value)
{
  gfloat v[100] = { 0 };
  gint x, y;
  GstBuffer *out;
  GstMapInfo map;

  v[50] = 3e38f;
  out = render_second (BARE "ymin=-1 ymax=1 window=1 antialias=true", v);
  gst_buffer_map (out, &map, GST_MAP_READ);
  for (y = 0; y < H; y++)
    for (x = 0; x < W; x++) {
      guint32 p = ((const guint32 *) (map.data + y * W * 4))[x] & 0xffffff;

      /* samples 49 to 51 are at x = 157 to 163, the zero line is row 120 */
      if (p != 0xffffff)
        fail_unless ((y >= 118 && y <= 122) || (x >= 150 && x <= 170),
            "pixel (%d, %d) drawn", x, y);
    }
  /* the line reaches the top row */
  for (x = 150; x <= 170; x++)
    if ((((const guint32 *) map.data)[x] & 0xffffff) != 0xffffff)
      break;
  fail_unless (x <= 170, "nothing drawn in the top row");
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
}

GST_END_TEST;

/* The x axis spans exactly [t_end - window, t_end], as matplotlib's xlim
 * of the window: at t_end = 1 s the left end 0 has a tick and a label, and
 * a sample at 0.5 s is drawn in the column the axis puts 0.5 in (the axis
 * started one column late, at window / pw, and 0 was never labelled). */
GST_START_TEST (test_time_axis_left_end)
{
  const gint w = 640, h = 480;
  gfloat v[1000] = { 0 };
  GstBuffer *out;
  GstMapInfo map;
  gint xs, xr, yt = 0, yb = 0, t2 = 0, b2 = 0, pw, ph, x, y, half;
  gint label = 0;

  v[500] = 1.0f;
  /* viridis' dark first colour (the default C0 is not "dark") */
  out = render_sized ("title=\"\" legend=false antialias=false "
      "y-scale=fixed ymin=-2 ymax=2 window=1 colormap=viridis", v, w, h);
  gst_buffer_map (out, &map, GST_MAP_READ);
  xs = find_spine (&map, w, h, 0, w / 2, &yt, &b2);
  xr = find_spine (&map, w, h, w / 2, w, &t2, &b2);
  /* (a tick at the left end prolongs the left spine) */
  yb = find_hspine (&map, w, h / 2, h);
  pw = xr - xs + 1;
  ph = yb - yt + 1;
  /* a tick below the bottom spine at the left end, none right of it */
  fail_unless (dark_at (&map, w, xs, yb + 2), "no tick at the left end");
  fail_unless (!dark_at (&map, w, xs + 1, yb + 2));
  /* its label under it */
  for (y = yb + 4; y < MIN (h, yb + 24); y++)
    for (x = xs - 2; x <= xs + 6; x++)
      label += dark_at (&map, w, x, y);
  fail_unless (label > 0, "no label at the left end");
  /* v = 1 is row ph / 4; the sample at 0.5 s is in the column at x =
   * floor (0.5 * pw) from the left end (and, on an even width, also in the
   * one before, whose right edge it is), not two columns before */
  half = pw / 2;
  y = yt + ph / 4 + 1;
  fail_unless (dark_at (&map, w, xs + half, y), "sample at 0.5 s not at %d",
      half);
  fail_unless (!dark_at (&map, w, xs + half - 2, y));
  fail_unless (!dark_at (&map, w, xs + half + 1, y));
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
}

GST_END_TEST;

/* Heatmap rows: with origin=upper (the default, as matplotlib's imshow)
 * channel 0 fills the top band, with origin=lower the bottom one.  Four
 * constant channels (value k) through gray from -1 to 4, bands of 60
 * rows. */
static void
check_heatmap_origin (const gchar * origin, gboolean upper)
{
  gchar *props = g_strdup_printf (BARE "mode=heatmap ymin=-1 ymax=4 "
      "window=1 colormap=gray %s", origin);
  GstHarness *h = scope_harness (props, 4, 100, 10);
  gfloat v[400];
  GstBuffer *out;
  gint i, k;

  for (i = 0; i < 100; i++)
    for (k = 0; k < 4; k++)
      v[i * 4 + k] = (gfloat) k;
  gst_harness_push (h, make_signal (0, v, 100, 4, 100));
  gst_harness_push_event (h, gst_event_new_eos ());
  out = last_of (h, 10);
  for (k = 0; k < 4; k++) {
    guint32 want = neuro_colormap_map (NEURO_COLORMAP_GRAY, k, -1, 4,
        0xff000000) & 0xffffff;
    gint top = upper ? 60 * k : H - 60 * (k + 1);

    fail_unless_equals_int (pixel (out, 200, top), want);
    fail_unless_equals_int (pixel (out, 200, top + 59), want);
    fail_unless_equals_int (pixel (out, 0, top + 30), want);
  }
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
  g_free (props);
}

GST_START_TEST (test_heatmap_origin)
{
  check_heatmap_origin ("", TRUE);
  check_heatmap_origin ("origin=upper", TRUE);
  check_heatmap_origin ("origin=lower", FALSE);
}

GST_END_TEST;

/* A rate so high that the window's sample count overflows: the error that
 * the ring would be too large (the count became negative, no ring was
 * allocated and the samples were written through NULL). */
GST_START_TEST (test_absurd_rate)
{
  GstHarness *h = bus_harness ("application/x-neuro-signal, format=F32LE, "
      "channels=1, rate=1e300");
  gfloat v[4] = { 0, 0, 0, 0 };
  gchar *msg;

  gst_harness_push (h, make_signal (0, v, 4, 1, 1000));
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "1e+300 Hz") != NULL, "%s", msg);
  g_free (msg);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* mode=bars: a bar per channel from 0 to the value at the frame's time,
 * the last sample before the window end (frame n of 10 fps shows sample n
 * of 10 Hz data, even with all of it in one buffer).  Plot area = the
 * frame (320 x 240); x from -0.5 to n - 0.5, so with 4 channels bar k
 * spans x = 80 k + 8 .. 80 k + 72 (width 0.8) and its top is at row
 * 240 (ymax - v) / (ymax - ymin). */
static GstBuffer **
bars_frames (const gchar * props, const gfloat * v, guint channels)
{
  gchar *all = g_strdup_printf (BARE "mode=bars %s", props);
  GstHarness *h = scope_harness (all, channels, 10, 10);
  GstBuffer **out = g_new0 (GstBuffer *, 10);
  gint i;

  g_free (all);
  fail_unless_equals_int (gst_harness_push (h, make_signal (0, v, 10,
              channels, 10)), GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  for (i = 0; i < 10; i++) {
    out[i] = gst_harness_pull (h);
    fail_unless (out[i] != NULL, "frame %d missing", i);
  }
  neuro_test_harness_teardown (h);
  return out;
}

static void
bars_free (GstBuffer ** out)
{
  gint i;

  for (i = 0; i < 10; i++)
    gst_buffer_unref (out[i]);
  g_free (out);
}

/* the bar of channel k (of @n) reaches row @top (its first row with the
 * colour, its rows below too), in @col; the gaps beside it are white */
static void
check_bar (GstBuffer * out, gint k, gint n, gint top, gint bottom,
    guint32 col)
{
  /* the bar's edges, x = (k + 0.1) and (k + 0.9) plot widths / n */
  gint x0 = (gint) ceil ((k + 0.1) * W / n), x1 = (gint) floor ((k + 0.9) * W
      / n), xc = (x0 + x1) / 2;

  fail_unless_equals_int (pixel (out, xc, top + 1), col);
  fail_unless_equals_int (pixel (out, xc, bottom - 2), col);
  fail_unless_equals_int (pixel (out, x0 + 1, (top + bottom) / 2), col);
  fail_unless_equals_int (pixel (out, x1 - 2, (top + bottom) / 2), col);
  if (top > 1)
    fail_unless_equals_int (pixel (out, xc, top - 2), 0xffffff);
  if (bottom < H - 1)
    fail_unless_equals_int (pixel (out, xc, bottom + 1), 0xffffff);
  fail_unless_equals_int (pixel (out, x0 - 2, (top + bottom) / 2), 0xffffff);
  fail_unless_equals_int (pixel (out, x1 + 1, (top + bottom) / 2), 0xffffff);
}

GST_START_TEST (test_bars_height_and_colour)
{
  gfloat v[40];
  GstBuffer **out;
  gint j, k;

  /* sample j of channel k: 0.1 (k + 1) + 0.05 j */
  for (j = 0; j < 10; j++)
    for (k = 0; k < 4; k++)
      v[j * 4 + k] = 0.1f * (k + 1) + 0.05f * j;

  /* default colour: matplotlib's C0 for every bar */
  out = bars_frames ("ymin=0 ymax=1", v, 4);
  for (k = 0; k < 4; k++) {
    /* frame 4: 0.3 .. 0.6; frame 0: 0.1 .. 0.4 */
    check_bar (out[4], k, 4, (gint) (240 * (1 - (0.1 * (k + 1) + 0.2))), H,
        0x1f77b4);
    check_bar (out[0], k, 4, (gint) (240 * (1 - 0.1 * (k + 1))), H,
        0x1f77b4);
  }
  bars_free (out);

  /* colors cycled over the channels */
  out = bars_frames ("ymin=0 ymax=1 colors=\"#ff0000,#00ff00,#0000ff\"", v,
      4);
  check_bar (out[9], 0, 4, (gint) (240 * (1 - 0.55)), H, 0xff0000);
  check_bar (out[9], 1, 4, (gint) (240 * (1 - 0.65)), H, 0x00ff00);
  check_bar (out[9], 2, 4, (gint) (240 * (1 - 0.75)), H, 0x0000ff);
  check_bar (out[9], 3, 4, (gint) (240 * (1 - 0.85)), H, 0xff0000);
  bars_free (out);

  /* one colour for all */
  out = bars_frames ("ymin=0 ymax=1 colors=#ffa500", v, 4);
  check_bar (out[2], 3, 4, (gint) (240 * (1 - 0.5)), H, 0xffa500);
  bars_free (out);
}

GST_END_TEST;

/* Below zero a bar goes down from 0; a NaN value has no bar; y-scale=window
 * is matplotlib's autoscale of bars: [0, 1.05 max] for positive values (0
 * is a sticky edge), [1.05 min, 1.05 max] across 0. */
GST_START_TEST (test_bars_negative_nan_autoscale)
{
  gfloat v[30];
  GstBuffer **out;
  gint j;

  for (j = 0; j < 10; j++) {
    v[j * 3] = -0.5f;
    v[j * 3 + 1] = NAN;
    v[j * 3 + 2] = 0.5f;
  }
  out = bars_frames ("ymin=-1 ymax=1", v, 3);
  /* bar 0 from row 120 (0) down to row 180 (-0.5); bar 2 up to row 60 */
  check_bar (out[5], 0, 3, 120, 180, 0x1f77b4);
  check_bar (out[5], 2, 3, 60, 120, 0x1f77b4);
  /* nothing where bar 1 would be */
  for (j = 0; j < H; j++)
    fail_unless_equals_int (pixel (out[5], W / 2, j), 0xffffff);
  bars_free (out);

  for (j = 0; j < 10; j++) {
    v[j * 3] = 0.2f;
    v[j * 3 + 1] = 1.0f;
    v[j * 3 + 2] = 0.5f;
  }
  /* y-scale=window: 0 .. 1.05 */
  out = bars_frames ("y-scale=window", v, 3);
  check_bar (out[3], 1, 3, (gint) (240 * (1 - 1 / 1.05)), H, 0x1f77b4);
  check_bar (out[3], 0, 3, (gint) (240 * (1 - 0.2 / 1.05)), H, 0x1f77b4);
  bars_free (out);
  for (j = 0; j < 10; j++)
    v[j * 3 + 1] = -1.0f;
  /* across 0: -1.075 .. 0.575 (5 % of the span 1.5 each side): 0 at row
   * 240 * 0.575 / 1.65, -1 at 240 * 1.575 / 1.65 */
  out = bars_frames ("y-scale=window", v, 3);
  check_bar (out[3], 1, 3, (gint) ceil (240 * 0.575 / 1.65),
      (gint) (240 * 1.575 / 1.65), 0x1f77b4);
  bars_free (out);
}

GST_END_TEST;

/* With axes: the channels' names under their bars (ink below the plot at
 * each bar's centre, none between them), and the title. */
GST_START_TEST (test_bars_channel_names)
{
  GstHarness *h = scope_harness ("mode=bars y-scale=fixed ymin=0 ymax=1 "
      "channel-names=\"W,W,W\" title=\"Neural Activity\"", 3, 10, 10);
  gfloat v[30];
  GstBuffer *out;
  GstMapInfo map;
  gint j, x, y, xs = -1, xr = -1, yb = -1, ink[3] = { 0 }, between = 0;

  for (j = 0; j < 30; j++)
    v[j] = 0.5f;
  fail_unless_equals_int (gst_harness_push (h, make_signal (0, v, 10, 3,
              10)), GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  out = last_of (h, 10);
  gst_buffer_map (out, &map, GST_MAP_READ);
  /* the plot: the bars' colour spans x = xs .. xr, their base is row yb */
  for (y = H - 1; y >= 0 && yb < 0; y--)
    for (x = 0; x < W; x++)
      if ((((const guint32 *) (map.data + y * W * 4))[x] & 0xffffff) ==
          0x1f77b4) {
        yb = y;
        break;
      }
  fail_unless (yb > 0 && yb < H - 20, "no bars above the labels");
  for (x = 0; x < W; x++)
    if ((((const guint32 *) (map.data + (yb - 2) * W * 4))[x] & 0xffffff) ==
        0x1f77b4) {
      if (xs < 0)
        xs = x;
      xr = x;
    }
  /* 3 bars of 0.8 in 3 units: the plot is (xr - xs + 1) / 2.8 * 3 wide */
  {
    gdouble unit = (xr - xs + 1) / 2.8, x0 = xs - 0.1 * unit;

    for (y = yb + 4; y < MIN (H, yb + 30); y++)
      for (x = 0; x < W; x++) {
        guint32 p = ((const guint32 *) (map.data + y * W * 4))[x] & 0xffffff;
        gdouble u = (x - x0) / unit;    /* 0 .. 3 */
        gint k = (gint) floor (u);

        if (p == 0xffffff || k < 0 || k > 2)
          continue;
        if (fabs (u - k - 0.5) < 0.2)
          ink[k]++;
        else if (fabs (u - k - 0.5) > 0.35)
          between++;
      }
  }
  gst_buffer_unmap (out, &map);
  for (j = 0; j < 3; j++)
    fail_unless (ink[j] > 10, "no label under bar %d", j);
  fail_unless (between == 0, "ink between the bars' labels: %d", between);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* Traces without colours take matplotlib's default cycle (C0, C1, ...:
 * tab10), as plt.plot does; a colormap that is set spreads its colours
 * over the channels instead (the tutorial's plt.cm.viridis (linspace)). */
static GstBuffer *
two_constant_traces (const gchar * props)
{
  gchar *all = g_strdup_printf (BARE "ymin=-2 ymax=2 window=1 %s", props);
  GstHarness *h = scope_harness (all, 2, 100, 10);
  gfloat v[200];
  GstBuffer *out;
  gint i;

  g_free (all);
  for (i = 0; i < 100; i++) {
    v[2 * i] = 1.0f;            /* row 60 */
    v[2 * i + 1] = -1.0f;       /* row 180 */
  }
  fail_unless_equals_int (gst_harness_push (h, make_signal (0, v, 100, 2,
              100)), GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  out = last_of (h, 10);
  neuro_test_harness_teardown (h);
  return out;
}

GST_START_TEST (test_default_colour_cycle)
{
  GstBuffer *out = two_constant_traces ("");

  fail_unless_equals_int (pixel (out, 160, 60), 0x1f77b4);
  fail_unless_equals_int (pixel (out, 160, 180), 0xff7f0e);
  gst_buffer_unref (out);
  out = two_constant_traces ("colormap=viridis");
  fail_unless_equals_int (pixel (out, 160, 60),
      neuro_colormap_map (NEURO_COLORMAP_VIRIDIS, 0, 0, 1, 0) & 0xffffff);
  fail_unless_equals_int (pixel (out, 160, 180),
      neuro_colormap_map (NEURO_COLORMAP_VIRIDIS, 1, 0, 1, 0) & 0xffffff);
  gst_buffer_unref (out);
}

GST_END_TEST;

/* ------------------------------------------------ antialiased traces */

/* @frames frames at @fps (W x H, BGRx) of @secs seconds of @v (@channels
 * interleaved at @rate), pushed in 50 ms buffers. */
static GstBuffer **
render_frames (const gchar * props, gint channels, gdouble rate,
    const gfloat * v, gdouble secs, gint fps, gint frames)
{
  GstHarness *h = scope_harness (props, channels, rate, fps);
  GstBuffer **out = g_new0 (GstBuffer *, frames);
  gint per = (gint) (rate / 20), nb = (gint) (secs * 20), i;

  for (i = 0; i < nb; i++)
    fail_unless_equals_int (gst_harness_push (h, make_signal (i * 0.05,
                v + (gsize) i * per * channels, per, channels, rate)),
        GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  for (i = 0; i < frames; i++) {
    out[i] = gst_harness_pull (h);
    fail_unless (out[i] != NULL, "frame %d missing", i);
  }
  neuro_test_harness_teardown (h);
  return out;
}

static void
free_frames (GstBuffer ** f, gint n)
{
  gint i;

  for (i = 0; i < n; i++)
    gst_buffer_unref (f[i]);
  g_free (f);
}

/* the same pixels, or the first that differs */
static void
assert_same_pixels (GstBuffer * a, GstBuffer * b, const gchar * what)
{
  GstMapInfo ma, mb;
  gsize i;

  gst_buffer_map (a, &ma, GST_MAP_READ);
  gst_buffer_map (b, &mb, GST_MAP_READ);
  fail_unless_equals_int (ma.size, mb.size);
  for (i = 0; i < ma.size / 4; i++) {
    guint32 pa = ((const guint32 *) ma.data)[i] & 0xffffff;
    guint32 pb = ((const guint32 *) mb.data)[i] & 0xffffff;

    fail_unless (pa == pb, "%s: pixel (%d, %d) is %06x scrolled, %06x "
        "drawn afresh", what, (gint) (i % W), (gint) (i / W), pa, pb);
  }
  gst_buffer_unmap (a, &ma);
  gst_buffer_unmap (b, &mb);
}

/* @channels of noisy sines (channel k: frequency k + 1, a one-sample spike
 * every 0.3 s) and a NaN gap at 1.2 s */
static gfloat *
test_signal (gint channels, gdouble rate, gdouble secs)
{
  gsize n = (gsize) (rate * secs), i;
  gfloat *v = g_new (gfloat, n * channels);
  guint32 seed = 12345;
  gint k;

  for (i = 0; i < n; i++)
    for (k = 0; k < channels; k++) {
      gdouble t = i / rate;

      seed = seed * 1664525u + 1013904223u;
      v[i * channels + k] = (gfloat) (0.5 * sin (2 * G_PI * (k + 1) * t) +
          0.1 * ((seed >> 8) / 16777216.0 - 0.5));
      if (i % (gsize) (0.3 * rate) == (gsize) k * 7)
        v[i * channels + k] = 0.9f;
      if (t >= 1.2 && t < 1.25)
        v[i * channels + k] = NAN;
    }
  return v;
}

/* The antialiased data layer is kept from frame to frame and only its new
 * columns are drawn: a frame reached by scrolling (20 fps, 40 frames)
 * equals the frame at the same time drawn afresh (1 fps: every frame
 * starts over, the window being shorter than a second). */
static void
check_scrolled (const gchar * props, gint channels, gdouble rate)
{
  gchar *p = g_strdup_printf ("axes=false title=\"\" legend=false "
      "y-scale=fixed ymin=-1 ymax=1 window=0.3 %s", props);
  gfloat *v = test_signal (channels, rate, 2.0);
  GstBuffer **a = render_frames (p, channels, rate, v, 2.0, 20, 40);
  GstBuffer **b = render_frames (p, channels, rate, v, 2.0, 1, 2);
  gchar *what0 = g_strdup_printf ("%s, t = 1 s", p);
  gchar *what1 = g_strdup_printf ("%s, t = 2 s", p);
  gint xmin, xmax, ymin, ymax;

  /* something is drawn, and frames do change */
  fail_unless (marks (a[19], 0, W, &xmin, &xmax, &ymin, &ymax) > 100);
  assert_same_pixels (a[19], b[0], what0);
  assert_same_pixels (a[39], b[1], what1);
  free_frames (a, 40);
  free_frames (b, 2);
  g_free (v);
  g_free (p);
  g_free (what0);
  g_free (what1);
}

GST_START_TEST (test_scrolled_equals_fresh)
{
  /* envelopes (9.4 samples per column), one channel and three */
  check_scrolled ("", 1, 6000);
  check_scrolled ("colors=\"0xff1f77b4,0x80ff7f0e,#2ca02c\"", 3, 6000);
  /* polylines (samples 3.2 columns apart), wide */
  check_scrolled ("line-width=3", 2, 200);
  /* many channels: layered envelopes, stacked */
  check_scrolled ("mode=stacked", 12, 3000);
  /* a sweep: the cursor and the gap move over the kept layer */
  check_scrolled ("sweep=true", 2, 6000);
  check_scrolled ("sweep=true", 3, 6000);
  /* a translucent background: the layer is composited, not copied */
  check_scrolled ("background=0x80ffffff colors=\"0x80ff0000\"", 2, 6000);
  check_scrolled ("background=0x80ffffff mode=stacked", 9, 200);
  check_scrolled ("sweep=true line-width=2.5", 2, 200);
  /* with axes that do not move: restored from the decorations cache from
   * the third frame on, as drawn on the first */
  check_scrolled ("axes=true x-axis=window title=T legend=true", 2, 6000);
  check_scrolled ("axes=true x-axis=window mode=stacked", 3, 3000);
  check_scrolled ("axes=true x-axis=window mode=heatmap", 3, 3000);
}

GST_END_TEST;

/* 2 s of @v at 20 fps, 40 frames: the first second with @before, then
 * the property @prop set to @value (frames 20 on have it); frames 0-19
 * are given back to the pool scribbled over (NULL in the array). */
static GstBuffer **
render_changed (const gchar * before, gint channels, gdouble rate,
    const gfloat * v, const gchar * prop, const gchar * value)
{
  GstHarness *h = scope_harness (before, channels, rate, 20);
  GstBuffer **out = g_new0 (GstBuffer *, 40);
  gint per = (gint) (rate / 20), i;

  for (i = 0; i < 40; i++) {
    if (i == 21) {
      /* the data reach 1.05 s: frames 0-19 are drawn, frame 20 (up to
       * 1.05 s) waits for the data after it */
      GstElement *e = gst_harness_find_element (h, "signalscope");
      gint k;

      /* back to the pool with garbage: what a later frame does not draw
       * shows */
      for (k = 0; k < 20; k++)
        neuro_test_release_scribbled (gst_harness_pull (h));
      gst_util_set_object_arg (G_OBJECT (e), prop, value);
      gst_object_unref (e);
    }
    fail_unless_equals_int (gst_harness_push (h, make_signal (i * 0.05,
                v + (gsize) i * per * channels, per, channels, rate)),
        GST_FLOW_OK);
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  for (i = 20; i < 40; i++) {
    out[i] = gst_harness_pull (h);
    fail_unless (out[i] != NULL, "frame %d missing", i);
  }
  neuro_test_harness_teardown (h);
  return out;
}

/* The plot area the trace layer paints whole is not cleared before it
 * (gst_neuro_renderer_claim_opaque), and the axes around it are restored
 * from the decorations cache while what they show holds: when the area
 * moves (a title comes or goes) or the axes change (a label, the y
 * limits, the colormap), nothing stale is left; every frame after the
 * change equals the same frame drawn with the new setting from the
 * start. */
GST_START_TEST (test_plot_area_moves)
{
  const gchar *plain = "axes=false legend=false y-scale=fixed ymin=-1 "
      "ymax=1 window=0.3 ";
  const gchar *axes = "x-axis=window legend=true y-scale=fixed ymin=-1 "
      "ymax=1 window=0.3 title=\"static\" ";
  const struct
  {
    const gchar *base, *before, *prop, *value;
  } cases[] = {
    {plain, "title=\"\"", "title", "T"},
    {plain, "title=T", "title", ""},
    {axes, "y-label=V", "y-label", "Volts"},
    {axes, "ymax=1", "ymax", "2"},
    {axes, "title=static", "title", "{t}"},
    {axes, "mode=stacked y-label=V", "y-label", "mV"},
    {axes, "mode=heatmap colormap=viridis", "colormap", "hot"},
    {axes, "mode=heatmap colormap=viridis", "ymin", "-3"},
  };
  gfloat *v = test_signal (2, 3000, 2.0);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    gchar *p0 = g_strconcat (cases[i].base, cases[i].before, NULL);
    gchar *p1 = g_strdup_printf ("%s %s=\"%s\"", p0, cases[i].prop,
        cases[i].value);
    GstBuffer **a = render_changed (p0, 2, 3000, v, cases[i].prop,
        cases[i].value);
    GstBuffer **b = render_frames (p1, 2, 3000, v, 2.0, 20, 40);
    gint k;

    for (k = 20; k < 40; k++) {
      gchar *what = g_strdup_printf ("%s, then %s=\"%s\", frame %d", p0,
          cases[i].prop, cases[i].value, k);

      assert_same_pixels (a[k], b[k], what);
      g_free (what);
    }
    for (k = 20; k < 40; k++)
      gst_buffer_unref (a[k]);
    g_free (a);
    free_frames (b, 40);
    g_free (p0);
    g_free (p1);
  }
  g_free (v);
}

GST_END_TEST;

/* Dense samples drawn with antialias=true, line-width=1: every column c
 * covers exactly the rows [top - 1/2, bot + 1/2] where top..bot is the
 * range of the piecewise-linear signal over the column's time (the samples
 * inside and the line's values at its two edges), so each pixel's darkness
 * is its row's overlap with that band; a one-sample spike reaches its
 * row. */
GST_START_TEST (test_envelope_exact)
{
  const gdouble rate = 30000, spc = rate / W;   /* 93.75 per column */
  gfloat *v = g_new (gfloat, 30000);
  GstBuffer **out;
  GstMapInfo map;
  gint i, x, y, worst = 0;

  for (i = 0; i < 30000; i++)
    v[i] = (gfloat) (0.5 * sin (2 * G_PI * 3 * i / rate) + 0.05 * sin (i));
  v[15010] = 0.95f;             /* column 160 */
  out = render_frames ("axes=false title=\"\" legend=false y-scale=fixed "
      "ymin=-1 ymax=1 window=1 line-width=1 colors=0xff000000", 1, rate, v,
      1.0, 10, 10);
  gst_buffer_map (out[9], &map, GST_MAP_READ);
  for (x = 0; x < W; x++) {
    gdouble fa = x * spc, fb = (x + 1) * spc, lo = INFINITY, hi = -INFINITY;
    gint ja = (gint) ceil (fa), jb = (gint) ceil (fb) - 1, j;
    gdouble top, bot;

    for (j = ja; j <= jb && j < 30000; j++) {
      lo = MIN (lo, v[j]);
      hi = MAX (hi, v[j]);
    }
    if (fa != ja && ja >= 1) {
      gdouble e = v[ja - 1] + (fa - (ja - 1)) * (v[ja] - v[ja - 1]);
      lo = MIN (lo, e);
      hi = MAX (hi, e);
    }
    if (jb + 1 < 30000) {
      gdouble e = v[jb] + (fb - jb) * (v[jb + 1] - v[jb]);
      lo = MIN (lo, e);
      hi = MAX (hi, e);
    }
    /* row of v: (1 - v) / 2 * H */
    top = (1 - hi) / 2 * H - 0.5;
    bot = (1 - lo) / 2 * H + 0.5;
    for (y = 0; y < H; y++) {
      gdouble cov = MAX (0.0, MIN (y + 1.0, bot) - MAX ((gdouble) y, top));
      gint want = (gint) floor (255 * (1 - cov) + 0.5);
      gint got = map.data[(y * W + x) * 4 + 1];

      fail_unless (abs (got - want) <= 1, "pixel (%d, %d) is %d, its "
          "coverage %.3f wants %d", x, y, got, cov, want);
      worst = MAX (worst, abs (got - want));
    }
  }
  /* the spike: row (1 - 0.95) / 2 * 240 = 6 is covered in its column
   * only */
  fail_unless (map.data[(6 * W + 160) * 4 + 1] < 0x20);
  fail_unless (map.data[(6 * W + 159) * 4 + 1] == 0xff);
  fail_unless (map.data[(6 * W + 161) * 4 + 1] == 0xff);
  gst_buffer_unmap (out[9], &map);
  free_frames (out, 10);
  g_free (v);
}

GST_END_TEST;

/* x-axis=window labels the time axis 0 ... window (the tutorial's
 * set_xlim (0, 2) over t - t[start]): the frame whose window is [0, 2] s
 * is the stream-time frame itself, a later one differs (its ticks and
 * grid), and the traces stay where they were */
GST_START_TEST (test_x_axis_window)
{
  const gint ch = 2, rate = 200, n = 3 * 200;
  gfloat *v = g_new (gfloat, n * ch);
  GstBuffer **st, **wi;
  gint i;

  for (i = 0; i < n * ch; i++)
    v[i] = sinf (i * 0.05f);
  st = render_frames ("window=2 title=\"\" legend=false x-axis=stream", ch,
      rate, v, 3.0, 10, 30);
  wi = render_frames ("window=2 title=\"\" legend=false x-axis=window", ch,
      rate, v, 3.0, 10, 30);
  /* frame 19 shows (0, 2] s */
  fail_unless (neuro_test_buffers_equal (st[19], wi[19]),
      "the frame of the window [0, 2] s differs");
  fail_if (neuro_test_buffers_equal (st[25], wi[25]), "x-axis=window changed nothing");
  free_frames (st, 30);
  free_frames (wi, 30);
  g_free (v);
}

GST_END_TEST;

/* ------------------------------------------------------ reverse playback */

/* neurosrc's sines backwards (chunks of 0.5 s) into every view with a
 * window (oscilloscope, stacked, heatmap, bars; scrolling and sweep): the
 * forward frames, axes and labels included */
GST_START_TEST (test_reverse_equals_forward)
{
  const gchar *views[] = { "mode=oscilloscope", "mode=stacked",
    "mode=heatmap", "mode=oscilloscope sweep=true", "mode=bars y-scale=window"
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (views); i++) {
    gchar *launch = g_strdup_printf ("neurosrc pattern=sines channels=4 "
        "rate=2000 duration=3000000000 ! signalscope %s window=0.5 "
        "%s ! video/x-raw,width=160,height=120,framerate=20/1 ! "
        "fakesink name=sink signal-handoffs=true", views[i],
        strstr (views[i], "y-scale") ? "" : "y-scale=fixed ymin=-3 ymax=3");

    fail_unless_equals_int (neuro_test_reverse_matches_forward (launch, 20, -1.0, 0,
            3 * GST_SECOND), 60);
    fail_unless_equals_int (neuro_test_reverse_matches_forward (launch, 20, -2.0,
            500 * GST_MSECOND, 2500 * GST_MSECOND), 20);
    g_free (launch);
  }
}

GST_END_TEST;

/* npyparse streams a .npy once from its start: a reverse seek through it
 * is refused (FALSE), not hung */
GST_START_TEST (test_reverse_npyparse_refused)
{
  gchar *dir = g_dir_make_tmp ("signalscope-npy-XXXXXX", NULL);
  gchar *path = g_build_filename (dir, "v.npy", NULL);
  GString *f = g_string_new_len ("\x93NUMPY\x01\x00", 8);
  gchar hdr[] = "{'descr': '<f4', 'fortran_order': False, 'shape': (1000,), }";
  guint16 hlen;
  gfloat v[1000];
  NeuroTestRun *r;
  guint i;

  for (i = 0; i < 1000; i++)
    v[i] = (gfloat) sin (i * 0.01);
  hlen = GUINT16_TO_LE (128 - 10);
  g_string_append_len (f, (const gchar *) &hlen, 2);
  g_string_append (f, hdr);
  while (f->len < 127)
    g_string_append_c (f, ' ');
  g_string_append_c (f, '\n');
  g_string_append_len (f, (const gchar *) v, sizeof (v));
  fail_unless (g_file_set_contents (path, f->str, f->len, NULL));
  g_string_free (f, TRUE);

  r = neuro_test_run_new ("filesrc location=\"%s\" ! npyparse rate=1000 ! "
      "signalscope ! video/x-raw,width=64,height=48,framerate=10/1 ! "
      "fakesink name=sink signal-handoffs=true", path);
  fail_unless (gst_element_set_state (r->pipeline, GST_STATE_PAUSED) !=
      GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_get_state (r->pipeline, NULL, NULL,
          GST_CLOCK_TIME_NONE) != GST_STATE_CHANGE_FAILURE);
  fail_if (gst_element_seek (r->pipeline, -1.0, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 0, GST_SEEK_TYPE_SET,
          GST_SECOND));
  /* it plays on, forward */
  neuro_test_run_play (r);
  neuro_test_run_expect_eos (r);
  fail_unless (r->buffers->len >= 10);
  neuro_test_run_free (r);
  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
}

GST_END_TEST;

static Suite *
signalscope_suite (void)
{
  Suite *s = suite_create ("signalscope");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_sine_rows);
  tcase_add_test (tc, test_spike_envelope);
  tcase_add_test (tc, test_stacked_offsets);
  tcase_add_test (tc, test_history_growth);
  tcase_add_test (tc, test_frame_count_and_timestamps);
  tcase_add_test (tc, test_nan_gap);
  tcase_add_test (tc, test_bad_caps);
  tcase_add_test (tc, test_bad_property_strings);
  tcase_add_test (tc, test_bad_property_while_playing);
  tcase_add_test (tc, test_channel_range_beyond_stream);
  tcase_add_test (tc, test_bad_ylim);
  tcase_add_test (tc, test_ring_limit);
  tcase_add_test (tc, test_cache_limit);
  tcase_add_test (tc, test_framerate_limit);
  tcase_add_test (tc, test_partial_frame);
  tcase_add_test (tc, test_infinite_warning);
  tcase_add_test (tc, test_audio_64_channels);
  tcase_add_test (tc, test_sweep_gap_transparent);
  tcase_add_test (tc, test_huge_y_range);
  tcase_add_test (tc, test_far_outside_value);
  tcase_add_test (tc, test_absurd_rate);
  tcase_add_test (tc, test_time_axis_left_end);
  tcase_add_test (tc, test_heatmap_origin);
  tcase_add_test (tc, test_scrolled_equals_fresh);
  tcase_add_test (tc, test_plot_area_moves);
  tcase_add_test (tc, test_envelope_exact);
  tcase_add_test (tc, test_x_axis_window);
  tcase_add_test (tc, test_bars_height_and_colour);
  tcase_add_test (tc, test_bars_negative_nan_autoscale);
  tcase_add_test (tc, test_bars_channel_names);
  tcase_add_test (tc, test_default_colour_cycle);
  tcase_add_test (tc, test_reverse_equals_forward);
  tcase_add_test (tc, test_reverse_npyparse_refused);
  return s;
}

GST_CHECK_MAIN (signalscope);
