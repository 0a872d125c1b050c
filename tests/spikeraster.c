/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* spikeraster tests: marks at the documented pixels, rate panel values,
 * frame count and timestamps, determinism, seek/flush, state cycles, live,
 * renegotiation and bad input. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <string.h>
#include "neurotest.h"
#include <math.h>
#include <stdlib.h>

#include "neurotypes.h"

#define W 320
#define H 240

static GstBuffer *
make_slice (gdouble start, gdouble dur, const NeuroSpike * spikes, guint n)
{
  return neuro_test_buffer_spikes (spikes, n,
      (GstClockTime) llround (start * GST_SECOND),
      (GstClockTime) llround (dur * GST_SECOND));
}

/* with a bus of its own, set before the caps: setting them already sends
 * them downstream */
static GstHarness *
raster_harness (const gchar * props, gint units, gint fps)
{
  GstHarness *h = neuro_test_harness_new ("spikeraster %s",
      props ? props : "");

  neuro_test_harness_set_src_caps (h,
      "application/x-neuro-spikes, units=(int)%d", units);
  neuro_test_harness_set_sink_caps (h, "video/x-raw, format=BGRx, "
      "width=%d, height=%d, framerate=%d/1", W, H, fps);
  return h;
}

static guint32
pixel (GstBuffer * buf, gint x, gint y)
{
  return neuro_test_buffer_pixel (buf, W, H, x, y) & 0xffffff;
}

/* Counts non-white pixels and reports the bounding box. */
static guint
count_marks (GstBuffer * buf, gint * xmin, gint * xmax, gint * ymin,
    gint * ymax)
{
  GstMapInfo map;
  guint n = 0;
  gint x, y;

  *xmin = *ymin = G_MAXINT;
  *xmax = *ymax = -1;
  gst_buffer_map (buf, &map, GST_MAP_READ);
  for (y = 0; y < H; y++) {
    const guint32 *row = (const guint32 *) (map.data + y * W * 4);
    for (x = 0; x < W; x++) {
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

#define BARE "axes=false title=\"\" rate-panel=false window=1.0"

/* The first frame of @pipe (played from READY to its first sample), as
 * bytes. */
static GBytes *
first_frame (GstElement * pipe)
{
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipe), "s");
  GstSample *sample;
  GstMapInfo map;
  GBytes *bytes;

  fail_unless (gst_element_set_state (pipe, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  g_signal_emit_by_name (sink, "pull-sample", &sample);
  fail_unless (sample != NULL);
  gst_buffer_map (gst_sample_get_buffer (sample), &map, GST_MAP_READ);
  bytes = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (gst_sample_get_buffer (sample), &map);
  gst_sample_unref (sample);
  gst_object_unref (sink);
  /* NULL, not READY: appsink may keep samples queued across READY */
  fail_unless (gst_element_set_state (pipe, GST_STATE_NULL) !=
      GST_STATE_CHANGE_FAILURE);
  return bytes;
}

static GstElement *
font_pipeline (const gchar * font)
{
  gchar *desc = g_strdup_printf ("neurosrc pattern=poisson units=10 "
      "duration=300000000 ! spikeraster name=r title=\"Agfx 123\" "
      "font=\"%s\" ! video/x-raw,width=320,height=240,framerate=10/1 ! "
      "appsink name=s sync=false", font);
  GstElement *pipe = gst_parse_launch (desc, NULL);

  fail_unless (pipe != NULL);
  g_free (desc);
  return pipe;
}

/* A font set in READY is used on the next run at the same output size
 * (the text cache was only rebuilt when the height changed). */
GST_START_TEST (test_font_change_in_ready)
{
  GstElement *pipe = font_pipeline ("DejaVu Sans"), *ref, *r;
  GBytes *sans, *changed, *serif;

  sans = first_frame (pipe);
  fail_unless (gst_element_set_state (pipe, GST_STATE_READY) !=
      GST_STATE_CHANGE_FAILURE);
  r = gst_bin_get_by_name (GST_BIN (pipe), "r");
  g_object_set (r, "font", "DejaVu Serif", NULL);
  gst_object_unref (r);
  changed = first_frame (pipe);
  ref = font_pipeline ("DejaVu Serif");
  serif = first_frame (ref);
  fail_if (g_bytes_equal (sans, serif), "the fonts draw the same pixels");
  fail_if (g_bytes_equal (changed, sans), "still the old font");
  fail_unless (g_bytes_equal (changed, serif), "the new font is not used");
  g_bytes_unref (sans);
  g_bytes_unref (changed);
  g_bytes_unref (serif);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_element_set_state (ref, GST_STATE_NULL);
  gst_object_unref (pipe);
  gst_object_unref (ref);
}

GST_END_TEST;

GST_START_TEST (test_spike_at_documented_pixel)
{
  GstHarness *h = raster_harness (BARE, 10, 10);
  NeuroSpike sp = { 250 * GST_MSECOND, 3, 1.0f };
  GstBuffer *out;
  gint i, xmin, xmax, ymin, ymax;
  guint n;

  fail_unless_equals_int (gst_harness_push (h, make_slice (0, 1.0, &sp, 1)),
      GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());

  /* 1 s of data at 10 fps: frames 0..9, frame n shows (t_end-1, t_end],
   * t_end = (n+1)/10 */
  for (i = 0; i < 10; i++) {
    out = gst_harness_pull (h);
    fail_unless (out != NULL);
    n = count_marks (out, &xmin, &xmax, &ymin, &ymax);
    if (i < 2) {
      /* t_end 0.1, 0.2: the spike at 0.25 is in the future */
      fail_unless_equals_int (n, 0);
    } else {
      /* column floor((t - t_end + 1) * W); unit 3 of 10: rows of band
       * [H - 4*24, H - 3*24) = [144, 168), tick 80% of 24 = 19 px centred
       * at floor(H - 3.5*24) = 156 */
      gint expect_x = (gint) ((0.25 - (i + 1) / 10.0 + 1.0) * W);
      fail_unless_equals_int (xmin, expect_x);
      fail_unless_equals_int (xmax, expect_x);
      fail_unless_equals_int (ymin, 147);
      fail_unless_equals_int (ymax, 165);
      fail_unless_equals_int (n, 19);
      fail_unless_equals_int (pixel (out, expect_x, 156), 0x000000);
    }
    gst_buffer_unref (out);
  }
  /* EOS follows the last frame */
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_frame_count_and_timestamps)
{
  GstHarness *h = raster_harness (NULL, 30, 30);
  gint i;

  /* 2 s of data in 10 ms slices, one spike per slice */
  for (i = 0; i < 200; i++) {
    NeuroSpike sp = { i * 10 * GST_MSECOND + 5 * GST_MSECOND, i % 30, 1.0f };
    fail_unless_equals_int (gst_harness_push (h, make_slice (i * 0.01, 0.01,
                &sp, 1)), GST_FLOW_OK);
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  neuro_test_expect_frame_clock (h, 60, 30, 1, W * H * 4);
  /* EOS follows the last frame (pull blocks until it arrives) */
  neuro_test_expect_eos_last (h);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

static GList *
render_run (const gchar * props)
{
  GstHarness *h = raster_harness (props, 30, 20);
  GList *frames = NULL;
  guint32 seed = 1234;
  gint i, j;

  for (i = 0; i < 100; i++) {
    NeuroSpike sp[8];
    for (j = 0; j < 8; j++) {
      seed = seed * 1103515245 + 12345;
      sp[j].t = i * 10 * GST_MSECOND + j * GST_MSECOND;
      sp[j].unit = (seed >> 8) % 30;
      sp[j].value = 1.0f;
    }
    gst_harness_push (h, make_slice (i * 0.01, 0.01, sp, 8));
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  for (i = 0; i < 20; i++)
    frames = g_list_append (frames, gst_harness_pull (h));
  neuro_test_harness_teardown (h);
  return frames;
}

GST_START_TEST (test_deterministic)
{
  GList *a = render_run (NULL), *b = render_run (NULL), *la, *lb;
  gint differing = 0;

  for (la = a, lb = b; la && lb; la = la->next, lb = lb->next) {
    GstMapInfo ma, mb;
    fail_unless (la->data && lb->data);
    gst_buffer_map (la->data, &ma, GST_MAP_READ);
    gst_buffer_map (lb->data, &mb, GST_MAP_READ);
    fail_unless_equals_int (ma.size, mb.size);
    if (memcmp (ma.data, mb.data, ma.size) != 0)
      differing++;
    gst_buffer_unmap (la->data, &ma);
    gst_buffer_unmap (lb->data, &mb);
  }
  fail_unless_equals_int (differing, 0);
  g_list_free_full (a, (GDestroyNotify) gst_buffer_unref);
  g_list_free_full (b, (GDestroyNotify) gst_buffer_unref);
}

GST_END_TEST;

/* rate panel: with smoothing off, the curve at a bin's centre sits at
 * spikes / bin / units */
GST_START_TEST (test_rate_panel_value)
{
  GstHarness *h = raster_harness ("axes=false title=\"\" window=1.0 "
      "rate-bin=0.1 rate-smooth=0 rate-max=10 rate-color=0xff0000ff", 10, 10);
  NeuroSpike sp[15];
  GstBuffer *out = NULL;
  GstMapInfo map;
  gint i, xa, xb, ya = -1, yb = -1, bottom = -1, y;

  /* bin [0.2, 0.3): 10 spikes -> 10 / 0.1 / 10 = 10 Hz (the axis top);
   * bin [0.6, 0.7): 5 spikes -> 5 Hz (half way) */
  for (i = 0; i < 10; i++) {
    sp[i].t = 200 * GST_MSECOND + i * 5 * GST_MSECOND;
    sp[i].unit = i;
    sp[i].value = 1;
  }
  for (i = 0; i < 5; i++) {
    sp[10 + i].t = 600 * GST_MSECOND + i * 5 * GST_MSECOND;
    sp[10 + i].unit = i;
    sp[10 + i].value = 1;
  }
  gst_harness_push (h, make_slice (0, 1.0, sp, 15));
  gst_harness_push_event (h, gst_event_new_eos ());
  for (i = 0; i < 10; i++) {
    if (out)
      gst_buffer_unref (out);
    out = gst_harness_pull (h);
  }
  /* last frame: window (0, 1]; bin centres at 0.25 and 0.65 */
  xa = (gint) (0.25 * W);
  xb = (gint) (0.65 * W);
  gst_buffer_map (out, &map, GST_MAP_READ);
  for (y = H / 2; y < H; y++) {
    guint32 pa = ((guint32 *) (map.data + y * W * 4))[xa] & 0xffffff;
    guint32 pb = ((guint32 *) (map.data + y * W * 4))[xb] & 0xffffff;
    /* the line: mostly blue (the 30% fill is light blue) */
    if (ya < 0 && (pa >> 16) < 128 && (pa & 0xff) > 200)
      ya = y;
    if (yb < 0 && (pb >> 16) < 128 && (pb & 0xff) > 200)
      yb = y;
    /* the area below the curve is the line colour at 30% */
    if (pb != 0xffffff)
      bottom = y;
  }
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  fail_unless (ya > 0 && yb > 0 && bottom > 0, "curve not found %d %d %d", ya,
      yb, bottom);
  /* (bottom - yb) / (bottom - ya) = 5 / 10 */
  fail_unless (fabs ((bottom - yb) / (gdouble) (bottom - ya) - 0.5) < 0.06,
      "rate at 5 Hz drawn at %d, 10 Hz at %d, zero at %d", yb, ya, bottom);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

static GstHarness *
harness_with_bus (const gchar * props, gint units)
{
  return raster_harness (props, units, 10);
}

GST_START_TEST (test_unit_out_of_range)
{
  GstHarness *h = harness_with_bus (BARE, 10);
  NeuroSpike sp = { 100 * GST_MSECOND, 12, 1.0f };
  gchar *msg;

  gst_harness_push (h, make_slice (0, 1.0, &sp, 1));
  gst_harness_push_event (h, gst_event_new_eos ());
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "unit 12") && strstr (msg, "units=10"), "%s",
      msg);
  g_free (msg);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_units_zero)
{
  GstHarness *h = harness_with_bus (BARE, 0);
  NeuroSpike sp = { 100 * GST_MSECOND, 0, 1.0f };
  gchar *msg;

  gst_harness_push (h, make_slice (0, 1.0, &sp, 1));
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "units=0"), "%s", msg);
  g_free (msg);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_partial_record)
{
  GstHarness *h = harness_with_bus (BARE, 10);
  GstBuffer *buf = gst_buffer_new_allocate (NULL, 20, NULL);
  gchar *msg;

  gst_buffer_memset (buf, 0, 0, 20);
  GST_BUFFER_PTS (buf) = 0;
  GST_BUFFER_DURATION (buf) = GST_SECOND;
  gst_harness_push (h, buf);
  gst_harness_push_event (h, gst_event_new_eos ());
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "20 bytes") != NULL, "%s", msg);
  g_free (msg);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* Documented handling: records in any order are drawn at their own times;
 * NaN values are not used for drawing. */
GST_START_TEST (test_unsorted_and_nan)
{
  GstHarness *h = raster_harness (BARE, 10, 10);
  NeuroSpike sp[2] = { {750 * GST_MSECOND, 1, NAN}, {250 * GST_MSECOND, 3,
          1.0f}
  };
  GstBuffer *out = NULL;
  gint i, xmin, xmax, ymin, ymax;

  gst_harness_push (h, make_slice (0, 1.0, sp, 2));
  gst_harness_push_event (h, gst_event_new_eos ());
  for (i = 0; i < 10; i++) {
    if (out)
      gst_buffer_unref (out);
    out = gst_harness_pull (h);
  }
  count_marks (out, &xmin, &xmax, &ymin, &ymax);
  fail_unless_equals_int (xmin, (gint) (0.25 * W));
  fail_unless_equals_int (xmax, (gint) (0.75 * W));
  fail_unless_equals_int (pixel (out, (gint) (0.75 * W),
          (gint) floor (H - 1.5 * 24)), 0);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_framerate_zero)
{
  GstHarness *h = neuro_test_harness_new ("spikeraster");
  NeuroSpike sp = { 100 * GST_MSECOND, 0, 1.0f };
  gchar *msg;

  gst_harness_set_sink_caps_str (h, "video/x-raw, format=BGRx, width=320, "
      "height=240, framerate=0/1");
  gst_harness_set_src_caps_str (h, "application/x-neuro-spikes, units=4");
  gst_harness_push (h, make_slice (0, 1.0, &sp, 1));
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "framerate 0/1") != NULL, "%s", msg);
  g_free (msg);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* Resolution change mid-stream: downstream asks for a new size, the next
 * frames come in that size and time goes on. */
GST_START_TEST (test_renegotiation)
{
  GstHarness *h = raster_harness (NULL, 10, 10);
  NeuroSpike sp = { 50 * GST_MSECOND, 1, 1.0f };
  GstBuffer *out;
  GstCaps *caps;
  GstStructure *s;
  gint i, w = 0;

  for (i = 0; i < 5; i++) {
    sp.t = i * 100 * GST_MSECOND + 50 * GST_MSECOND;
    gst_harness_push (h, make_slice (i * 0.1, 0.1, &sp, 1));
  }
  out = gst_harness_pull (h);
  fail_unless_equals_int (gst_buffer_get_size (out), W * H * 4);
  gst_buffer_unref (out);

  gst_harness_set_sink_caps_str (h, "video/x-raw, format=BGRx, width=640, "
      "height=360, framerate=10/1");
  for (i = 5; i < 10; i++) {
    sp.t = i * 100 * GST_MSECOND + 50 * GST_MSECOND;
    gst_harness_push (h, make_slice (i * 0.1, 0.1, &sp, 1));
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  for (i = 1; i < 10; i++) {
    out = gst_harness_pull (h);
    fail_unless (out != NULL);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (out), i * 100 * GST_MSECOND);
    if (gst_buffer_get_size (out) == 640 * 360 * 4)
      w++;
    gst_buffer_unref (out);
  }
  fail_unless (w >= 7, "only %d frames in the new size", w);
  caps = gst_pad_get_current_caps (h->sinkpad);
  s = gst_caps_get_structure (caps, 0);
  gst_structure_get_int (s, "width", &w);
  fail_unless_equals_int (w, 640);
  gst_caps_unref (caps);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* The documented grey of a density pixel with @count spikes (black marks
 * over white): opacity round (255 sqrt (min (1, count / full))), full =
 * density-max x units per row x seconds per column. */
static guint32
density_grey (guint count, gdouble density_max, gdouble units_per_row,
    gdouble seconds_per_col)
{
  gdouble full = density_max * units_per_row * seconds_per_col;

  return 255 - (guint32) round (255 * sqrt (MIN (1.0, count / full)));
}

/* Density mode: 100 000 units on 240 rows still shows a spike. */
GST_START_TEST (test_density_mode)
{
  GstHarness *h = raster_harness (BARE, 100000, 10);
  NeuroSpike sp = { 500 * GST_MSECOND, 50000, 1.0f };
  GstBuffer *out = NULL;
  gint i, xmin, xmax, ymin, ymax;
  guint n;

  gst_harness_push (h, make_slice (0, 1.0, &sp, 1));
  gst_harness_push_event (h, gst_event_new_eos ());
  for (i = 0; i < 10; i++) {
    if (out)
      gst_buffer_unref (out);
    out = gst_harness_pull (h);
  }
  n = count_marks (out, &xmin, &xmax, &ymin, &ymax);
  fail_unless_equals_int (n, 1);
  fail_unless_equals_int (xmin, W / 2);
  /* the row of the unit's centre, floor (H - (50000 + 0.5) * H / 100000) */
  fail_unless_equals_int (ymin, H - 1 - 120);
  /* one spike in a pixel of 100000 / H units and 1 s / W: opacity
   * sqrt (1 / (density-max * units * seconds)), black over white */
  fail_unless_equals_int (pixel (out, xmin, ymin), density_grey (1, 40.0,
          100000.0 / H, 1.0 / W) * 0x010101);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* Density mode with more spikes than cells/8 takes the cell-scanning path:
 * 20 000 spikes of one unit fill exactly one pixel row. */
GST_START_TEST (test_density_mode_dense)
{
  GstHarness *h = raster_harness (BARE, 100000, 10);
  NeuroSpike *sp = g_new (NeuroSpike, 20000);
  GstBuffer *out = NULL;
  gint i, xmin, xmax, ymin, ymax;
  guint n;

  for (i = 0; i < 20000; i++) {
    sp[i].t = 1 + i * 50 * GST_USECOND;
    sp[i].unit = 50000;
    sp[i].value = 1.0f;
  }
  gst_harness_push (h, make_slice (0, 1.0, sp, 20000));
  g_free (sp);
  gst_harness_push_event (h, gst_event_new_eos ());
  for (i = 0; i < 10; i++) {
    if (out)
      gst_buffer_unref (out);
    out = gst_harness_pull (h);
  }
  n = count_marks (out, &xmin, &xmax, &ymin, &ymax);
  fail_unless_equals_int (ymin, H - 1 - 120);
  fail_unless_equals_int (ymax, H - 1 - 120);
  fail_unless_equals_int (n, W);
  fail_unless_equals_int (xmin, 0);
  fail_unless_equals_int (xmax, W - 1);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* Sweep mode: sweeps start at multiples of the window; the cursor sits at
 * the frame's time; spikes of the previous sweep stay right of it.  Groups
 * colour unit ranges. */
GST_START_TEST (test_sweep_and_groups)
{
  GstHarness *h = raster_harness (BARE " mode=sweep color-mode=groups "
      "groups=\"0-4:0xffff0000,5-9:#0000ff\"", 10, 10);
  NeuroSpike sp[3] = {
    {750 * GST_MSECOND, 7, 1.0f},       /* previous sweep, unit 7: blue */
    {1250 * GST_MSECOND, 3, 1.0f},      /* this sweep, unit 3: red */
    {1350 * GST_MSECOND, 3, 1.0f},      /* after the frame: not yet */
  };
  GstBuffer *out = NULL;
  gint i, x;

  gst_harness_push (h, make_slice (0, 1.0, sp, 1));
  gst_harness_push (h, make_slice (1.0, 1.0, sp + 1, 2));
  gst_harness_push_event (h, gst_event_new_eos ());
  /* frame 12: t_end = 1.3, sweep [1, 2), cursor at 0.3 * 320 = 96 */
  for (i = 0; i < 13; i++) {
    if (out)
      gst_buffer_unref (out);
    out = gst_harness_pull (h);
  }
  fail_unless_equals_uint64 (GST_BUFFER_PTS (out), 1200 * GST_MSECOND);
  /* unit 3 at (1.25 - 1.0) * 320 = 80, centre row 156: red */
  fail_unless_equals_int (pixel (out, 80, 156), 0xff0000);
  /* unit 7 of the previous sweep at 0.75 * 320 = 240, centre row
   * floor(240 - 7.5 * 24) = 60: blue */
  fail_unless_equals_int (pixel (out, 240, 60), 0x0000ff);
  /* the spike at 1.35 s is not drawn yet: column 112 stays white */
  for (x = 0; x < H; x++)
    fail_unless_equals_int (pixel (out, 112, x), 0xffffff);
  /* the cursor: a grey column at 96 */
  fail_unless (pixel (out, 96, 10) != 0xffffff && pixel (out, 96, 10) != 0);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* ------------------------------------------------- figure geometry tests */

#define RED 0xff0000

static gboolean
is_dark (guint32 px)
{
  return ((px >> 16) & 0xff) < 0x40 && ((px >> 8) & 0xff) < 0x40 &&
      (px & 0xff) < 0x40;
}

/* The axes' frame lines: the columns (rows) where more than half of the
 * pixels are dark. */
static void
find_spines (GstBuffer * buf, gint * left, gint * right, gint * top,
    gint * bottom)
{
  gint x, y, n;

  *left = *top = G_MAXINT;
  *right = *bottom = -1;
  for (x = 0; x < W; x++) {
    for (y = 0, n = 0; y < H; y++)
      n += is_dark (pixel (buf, x, y));
    if (n > H / 2) {
      *left = MIN (*left, x);
      *right = MAX (*right, x);
    }
  }
  for (y = 0; y < H; y++) {
    for (x = 0, n = 0; x < W; x++)
      n += is_dark (pixel (buf, x, y));
    if (n > W / 2) {
      *top = MIN (*top, y);
      *bottom = MAX (*bottom, y);
    }
  }
  fail_unless (*left < *right && *top < *bottom, "no axes frame found");
}

/* Rows of the y tick marks: dark pixels in the column just left of the
 * left spine (the tick labels end further left). */
static gint
find_yticks (GstBuffer * buf, gint left, gint top, gint bottom, gint * rows,
    gint max)
{
  gint y, n = 0;

  for (y = top; y <= bottom; y++)
    if (is_dark (pixel (buf, left - 1, y))) {
      fail_unless (n < max);
      rows[n++] = y;
    }
  return n;
}

/* Vertical runs of @color in column @x: centres (in 1/2 px) in rows. */
static gint
find_runs (GstBuffer * buf, gint x, guint32 color, gdouble * centre,
    gint max)
{
  gint y, start = -1, n = 0;

  for (y = 0; y <= H; y++) {
    gboolean on = y < H && pixel (buf, x, y) == color;

    if (on && start < 0)
      start = y;
    if (!on && start >= 0) {
      fail_unless (n < max);
      centre[n++] = (start + y - 1) / 2.0;
      start = -1;
    }
  }
  return n;
}

static GstBuffer *
frame_n (GstHarness * h, gint n)
{
  GstBuffer *out = NULL;
  gint i;

  for (i = 0; i <= n; i++) {
    if (out)
      gst_buffer_unref (out);
    out = gst_harness_pull (h);
    fail_unless (out != NULL, "frame %d missing", i);
  }
  return out;
}

#define AXES "title=\"\" rate-panel=false window=1.0 color=0xffff0000"

/* matplotlib puts unit k at y = k, on its tick (y from -0.5 to N - 0.5):
 * the mark of every ticked unit is centred on its tick mark, and there is
 * no tick (no "10") above the last unit. */
GST_START_TEST (test_marks_on_their_ticks)
{
  GstHarness *h = raster_harness (AXES, 10, 10);
  NeuroSpike sp[10];
  GstBuffer *out;
  gdouble run[16];
  gint tick[16], i, n_runs, n_ticks, l, r, t, b, x;

  for (i = 0; i < 10; i++) {
    sp[i].t = 500 * GST_MSECOND;
    sp[i].unit = i;
    sp[i].value = 1;
  }
  gst_harness_push (h, make_slice (0, 1.0, sp, 10));
  gst_harness_push_event (h, gst_event_new_eos ());
  out = frame_n (h, 9);
  find_spines (out, &l, &r, &t, &b);
  /* the column of t = 0.5 in the window (0, 1] */
  for (x = l + 1; x < r && find_runs (out, x, RED, run, 16) == 0; x++);
  n_runs = find_runs (out, x, RED, run, 16);
  fail_unless_equals_int (n_runs, 10);
  n_ticks = find_yticks (out, l, t, b, tick, 16);
  /* ticks 0, 2, 4, 6, 8 (MaxNLocator, integer): bottom to top the runs are
   * units 0..9, top to bottom run i is unit 9 - i */
  fail_unless_equals_int (n_ticks, 5);
  for (i = 0; i < n_ticks; i++) {
    gint unit = 8 - 2 * i;

    fail_unless (fabs (run[9 - unit] - tick[i]) <= 1.0,
        "unit %d: mark centred on row %.1f, its tick on row %d", unit,
        run[9 - unit], tick[i]);
  }
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* Density mode (1000 units on fewer rows): a unit's spikes are in the row
 * of its tick. */
GST_START_TEST (test_density_rows_on_ticks)
{
  GstHarness *h = raster_harness (AXES " density-max=0.001", 1000, 10);
  NeuroSpike sp[5];
  GstBuffer *out;
  gint tick[16], i, n_ticks, l, r, t, b, x, y, found;

  for (i = 0; i < 5; i++) {
    sp[i].t = 500 * GST_MSECOND;
    sp[i].unit = 200 * i;
    sp[i].value = 1;
  }
  gst_harness_push (h, make_slice (0, 1.0, sp, 5));
  gst_harness_push_event (h, gst_event_new_eos ());
  out = frame_n (h, 9);
  find_spines (out, &l, &r, &t, &b);
  fail_unless (b - t - 1 < 1000, "not in density mode");
  n_ticks = find_yticks (out, l, t, b, tick, 16);
  /* ticks 0, 200, ..., 800 (not 1000: the axis ends at 999.5) */
  fail_unless_equals_int (n_ticks, 5);
  for (i = 0, found = 0; i < n_ticks; i++) {
    /* unit 800 - 200 i: one red pixel in its tick's row */
    for (x = l + 1; x < r; x++)
      if (pixel (out, x, tick[i]) == RED)
        found++;
    for (y = tick[i] - 1; y <= tick[i] + 1; y += 2)
      for (x = l + 1; x < r; x++)
        fail_unless (pixel (out, x, y) != RED, "unit %d drawn in row %d, "
            "its tick is on row %d", 800 - 200 * i, y, tick[i]);
  }
  fail_unless_equals_int (found, 5);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* Every datum inside the window is visible: the frame lines lie outside
 * the plot area, and a spike at the window end (t_end, included) is drawn
 * in the last column.  Spikes just after the window start and at its end,
 * of the first and last unit (density mode: the bottom and top rows). */
GST_START_TEST (test_edges_visible)
{
  const gchar *props[2] = { AXES, AXES " density=always density-max=0.001" };
  gint units[2] = { 10, 100000 }, k;

  for (k = 0; k < 2; k++) {
    GstHarness *h = raster_harness (props[k], units[k], 10);
    NeuroSpike sp[4] = {
      {1, 0, 1.0f}, {1, units[k] - 1, 1.0f},
      {GST_SECOND, 0, 1.0f}, {GST_SECOND, units[k] - 1, 1.0f},
    };
    GstBuffer *out;
    gint l, r, t, b, x, y, cols[2] = { 0, 0 };

    /* one 2 s slice: frame 9 (window (0, 1]) has all four */
    gst_harness_push (h, make_slice (0, 2.0, sp, 4));
    gst_harness_push_event (h, gst_event_new_eos ());
    out = frame_n (h, 9);
    find_spines (out, &l, &r, &t, &b);
    for (x = 0; x < W; x++)
      for (y = 0; y < H; y++)
        if (pixel (out, x, y) == RED) {
          fail_unless (x == l + 1 || x == r - 1, "mark in column %d, plot "
              "area (%d, %d)", x, l, r);
          cols[x == r - 1]++;
        }
    fail_unless (cols[0] > 0, "spike at the window start hidden");
    fail_unless (cols[1] > 0, "spike at the window end missing");
    if (k == 1) {
      /* density: exactly the four corner pixels inside the frame */
      fail_unless_equals_int (pixel (out, l + 1, t + 1), RED);
      fail_unless_equals_int (pixel (out, l + 1, b - 1), RED);
      fail_unless_equals_int (pixel (out, r - 1, t + 1), RED);
      fail_unless_equals_int (pixel (out, r - 1, b - 1), RED);
      fail_unless_equals_int (cols[0] + cols[1], 4);
    }
    gst_buffer_unref (out);
    neuro_test_harness_teardown (h);
  }
}

GST_END_TEST;

/* Density mode does not flicker: the same isolated spike has the same
 * grey in every frame while a burst elsewhere grows from frame to frame
 * (the grey came from each frame's densest pixel). */
GST_START_TEST (test_density_stable_scale)
{
  GstHarness *h = raster_harness (BARE, 100000, 10);
  NeuroSpike sp[1 + 5 * 15];
  GstBuffer *out;
  guint32 expect = density_grey (1, 40.0, 100000.0 / H, 1.0 / W) * 0x010101;
  gint i, j, n = 0;

  sp[n].t = 550 * GST_MSECOND;
  sp[n].unit = 20000;
  sp[n++].value = 1;
  /* burst j (0..4) at 0.62 + 0.1 j s: 5 (j + 1) spikes of unit 80000 */
  for (j = 0; j < 5; j++)
    for (i = 0; i < 5 * (j + 1); i++) {
      sp[n].t = (620 + 100 * j) * GST_MSECOND;
      sp[n].unit = 80000;
      sp[n++].value = 1;
    }
  gst_harness_push (h, make_slice (0, 2.0, sp, n));
  gst_harness_push_event (h, gst_event_new_eos ());
  out = frame_n (h, 5);
  for (i = 6; i <= 10; i++) {
    /* frame i: window (t_end - 1, t_end], t_end = (i + 1) / 10; the
     * spike's column floor ((0.55 - t_end + 1) * W), its unit's row
     * floor (H - 20000.5 * H / 100000) = 191 */
    gint x = (gint) llround ((1.55 - (i + 1) / 10.0) * W);

    gst_buffer_unref (out);
    out = gst_harness_pull (h);
    fail_unless_equals_int (pixel (out, x, 191), expect);
    /* the bursts of 5 to 25 spikes: a darker grey, black from 11 on */
    fail_unless (pixel (out, x + (gint) llround (0.07 * W), H - 1 -
            (gint) (80000.5 * H / 100000)) < expect);
  }
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* Top of the rate curve (first non-white row of the rate panel, below the
 * raster's rows) in column @x; -1 when nothing is drawn there. */
static gint
rate_top (GstBuffer * buf, gint x, gint panel_top)
{
  gint y;

  for (y = panel_top; y < H; y++)
    if (pixel (buf, x, y) != 0xffffff)
      return y;
  return -1;
}

/* The rate panel's smoothing uses the data beyond the window's edges: a
 * bin is drawn at the same height in every frame that shows it (it read
 * differently at the right edge and one frame later). */
GST_START_TEST (test_rate_bins_stable)
{
  GstHarness *h = raster_harness ("axes=false title=\"\" window=1.0 "
      "rate-bin=0.05 rate-smooth=2 rate-max=50", 10, 10);
  NeuroSpike *sp = g_new (NeuroSpike, 3 * 20 * 20);
  guint32 seed = 99;
  gint i, j, f, n = 0, panel_top, first[60], shown[60], drawn = 0;
  GstBuffer *out;

  /* 60 bins of 50 ms with 0 to 19 spikes each (0 to 38 Hz per unit) */
  for (i = 0; i < 60; i++) {
    gint c;

    seed = seed * 1103515245 + 12345;
    c = (seed >> 16) % 20;
    for (j = 0; j < c; j++) {
      sp[n].t = i * 50 * GST_MSECOND + j * GST_MSECOND + 1;
      sp[n].unit = j % 10;
      sp[n++].value = 1;
    }
  }
  gst_harness_push (h, make_slice (0, 3.0, sp, n));
  g_free (sp);
  gst_harness_push_event (h, gst_event_new_eos ());
  /* no axes: the raster takes round ((H - 8) * 0.62) rows, the rate panel
   * starts 8 px (a font size) below */
  panel_top = (gint) round ((H - 8) * 0.62) + 4;
  for (i = 0; i < 60; i++)
    shown[i] = 0;
  for (f = 0; f < 30; f++) {
    gdouble t_end = (f + 1) / 10.0;

    out = gst_harness_pull (h);
    fail_unless (out != NULL);
    for (i = 0; i < 60; i++) {
      /* bin i's centre, (i + 0.5) * 50 ms, in column (tc - t_end + 1) W */
      gdouble tc = (i + 0.5) * 0.05;
      gint x = (gint) llround ((tc - t_end + 1.0) * W), top;

      if (x < 0 || x >= W)
        continue;
      top = rate_top (out, x, panel_top);
      /* away from the curve's ends, where the line has one side only */
      if (top < 0 || x < 16 || x >= W - 16 || rate_top (out, x - 16,
              panel_top) < 0 || rate_top (out, x + 16, panel_top) < 0)
        continue;
      if (shown[i]++ == 0)
        first[i] = top;
      else
        fail_unless (top == first[i], "bin %d: top row %d in the frame "
            "ending at %.1f s, %d before", i, top, t_end, first[i]);
      drawn++;
    }
    gst_buffer_unref (out);
  }
  /* most bins were seen in many frames */
  fail_unless (drawn > 200, "only %d bin drawings", drawn);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* GStreamer's BGRA is straight alpha: a 20 % red mark on a transparent
 * background reads (R 255, A 0x33), and composited over white it is
 * (255, 204, 204), not (214, 204, 204) as premultiplied values gave. */
GST_START_TEST (test_bgra_straight_alpha)
{
  GstHarness *h = gst_harness_new_parse ("spikeraster " BARE
      " background=0x00000000 color=0x33ff0000");
  NeuroSpike sp = { 250 * GST_MSECOND, 3, 1.0f };
  GstBuffer *out;
  GstMapInfo map;
  const guint8 *p;

  gst_harness_set_src_caps_str (h, "application/x-neuro-spikes, units=10");
  gst_harness_set_sink_caps_str (h, "video/x-raw, format=BGRA, width=320, "
      "height=240, framerate=10/1");
  gst_harness_push (h, make_slice (0, 1.0, &sp, 1));
  gst_harness_push_event (h, gst_event_new_eos ());
  out = frame_n (h, 9);
  gst_buffer_map (out, &map, GST_MAP_READ);
  /* the tick of unit 3 at 0.25 s: column 80, centre row 156 */
  p = map.data + 156 * W * 4 + 80 * 4;
  fail_unless (p[0] == 0 && p[1] == 0 && p[2] == 255 && p[3] == 0x33,
      "BGRA %d %d %d %d", p[0], p[1], p[2], p[3]);
  /* the background stays fully transparent */
  p = map.data + 10 * W * 4 + 10 * 4;
  fail_unless (p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 0);
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_bgra_composited_over_white)
{
  GError *err = NULL;
  GstElement *p = gst_parse_launch ("appsrc name=src format=time "
      "caps=\"application/x-neuro-spikes, units=(int)10\" ! "
      "spikeraster " BARE " background=0x00000000 color=0x33ff0000 ! "
      "video/x-raw,format=BGRA,width=320,height=240,framerate=10/1 ! "
      "compositor background=white ! video/x-raw,format=BGRA ! "
      "appsink name=sink sync=false", &err);
  NeuroSpike sp = { 250 * GST_MSECOND, 3, 1.0f };
  GstElement *src, *sink;
  GstFlowReturn fret;
  GstSample *sample = NULL;
  GstBuffer *last = NULL, *in;
  GstMapInfo map;
  const guint8 *px;
  gint frames = 0;

  fail_unless (p != NULL, "%s", err ? err->message : "?");
  src = gst_bin_get_by_name (GST_BIN (p), "src");
  sink = gst_bin_get_by_name (GST_BIN (p), "sink");
  gst_element_set_state (p, GST_STATE_PLAYING);
  in = make_slice (0, 1.0, &sp, 1);
  /* the action signal does not take the buffer */
  g_signal_emit_by_name (src, "push-buffer", in, &fret);
  gst_buffer_unref (in);
  fail_unless_equals_int (fret, GST_FLOW_OK);
  g_signal_emit_by_name (src, "end-of-stream", &fret);
  /* the frame ending at 1 s (window (0, 1]) */
  while (frames < 10) {
    g_signal_emit_by_name (sink, "pull-sample", &sample);
    fail_unless (sample != NULL, "only %d frames", frames);
    gst_buffer_replace (&last, gst_sample_get_buffer (sample));
    gst_sample_unref (sample);
    frames++;
  }
  gst_buffer_map (last, &map, GST_MAP_READ);
  px = map.data + 156 * W * 4 + 80 * 4;
  fail_unless (px[2] >= 254 && abs (px[1] - 204) <= 1 &&
      abs (px[0] - 204) <= 1, "RGB %d %d %d", px[2], px[1], px[0]);
  /* transparent background: the white under it */
  px = map.data + 10 * W * 4 + 10 * 4;
  fail_unless (px[0] == 255 && px[1] == 255 && px[2] == 255);
  gst_buffer_unmap (last, &map);
  gst_buffer_unref (last);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (src);
  gst_object_unref (sink);
  gst_object_unref (p);
}

GST_END_TEST;

/* Sweep mode on a transparent background: the gap after the cursor is
 * transparent (it was opaque black). */
GST_START_TEST (test_sweep_gap_transparent)
{
  GstHarness *h = gst_harness_new_parse ("spikeraster " BARE
      " mode=sweep background=0x00000000");
  NeuroSpike sp[20];
  GstBuffer *out;
  GstMapInfo map;
  gint i, x, y, cursor = (gint) (0.3 * W), gap = MAX (2, W / 50), marks = 0;

  /* spikes of unit 5 every 50 ms: the previous sweep right of the gap */
  for (i = 0; i < 20; i++) {
    sp[i].t = i * 50 * GST_MSECOND + 1;
    sp[i].unit = 5;
    sp[i].value = 1;
  }
  gst_harness_set_src_caps_str (h, "application/x-neuro-spikes, units=10");
  gst_harness_set_sink_caps_str (h, "video/x-raw, format=BGRA, width=320, "
      "height=240, framerate=10/1");
  gst_harness_push (h, make_slice (0, 2.0, sp, 20));
  gst_harness_push_event (h, gst_event_new_eos ());
  /* frame 12: t_end = 1.3 s, sweep [1, 2), cursor at column 96 */
  out = frame_n (h, 12);
  gst_buffer_map (out, &map, GST_MAP_READ);
  fail_unless (abs (map.data[10 * W * 4 + cursor * 4 + 3] - 0x80) <= 1,
      "no cursor at %d", cursor);
  for (y = 0; y < H; y++) {
    const guint8 *row = map.data + y * W * 4;

    for (x = cursor + 1; x <= cursor + gap; x++)
      fail_unless (row[x * 4 + 3] == 0, "gap pixel (%d, %d) has alpha %d", x,
          y, row[x * 4 + 3]);
    for (x = cursor + gap + 1; x < W; x++)
      marks += row[x * 4 + 3] == 0xff;
  }
  fail_unless (marks > 0, "previous sweep missing");
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* ------------------------------------------------------ pipeline tests */

typedef struct
{
  GList *frames;                /* GstBuffer */
} Collected;

static GstFlowReturn
on_sample (GstElement * sink, Collected * c)
{
  GstSample *sample = NULL;

  g_signal_emit_by_name (sink, "pull-sample", &sample);
  if (sample) {
    c->frames = g_list_append (c->frames,
        gst_buffer_ref (gst_sample_get_buffer (sample)));
    gst_sample_unref (sample);
  }
  return GST_FLOW_OK;
}

static GstElement *
make_pipeline (const gchar * desc, Collected * c)
{
  GError *err = NULL;
  GstElement *p = gst_parse_launch (desc, &err);
  GstElement *sink;

  fail_unless (p != NULL, "%s", err ? err->message : "?");
  sink = gst_bin_get_by_name (GST_BIN (p), "sink");
  if (sink && c) {
    g_object_set (sink, "emit-signals", TRUE, NULL);
    g_signal_connect (sink, "new-sample", G_CALLBACK (on_sample), c);
  }
  if (sink)
    gst_object_unref (sink);
  return p;
}

static GstMessage *
run_to_end (GstElement * p)
{
  GstBus *bus = gst_element_get_bus (p);
  GstMessage *msg;

  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_object_unref (bus);
  return msg;
}

static GstBuffer *
frame_at (GList * frames, GstClockTime pts)
{
  for (; frames; frames = frames->next)
    if (GST_BUFFER_PTS (frames->data) == pts)
      return frames->data;
  return NULL;
}

#define PIPE "neurosrc pattern=poisson units=30 seed=7 duration=5000000000 ! " \
  "spikeraster ! video/x-raw,width=320,height=240,framerate=10/1 ! " \
  "appsink name=sink sync=false"

/* A flushing seek to 2 s gives frames from 2 s on, and a frame whose window
 * (and the rate panel's smoothing margin left of it) lies wholly after the
 * seek point equals the one of an unseeked run. */
GST_START_TEST (test_seek_and_flush)
{
  Collected full = { NULL }, seeked = { NULL };
  GstElement *p;
  GstMessage *msg;

  p = make_pipeline (PIPE, &full);
  gst_element_set_state (p, GST_STATE_PLAYING);
  msg = run_to_end (p);
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
  fail_unless_equals_int (g_list_length (full.frames), 50);

  p = make_pipeline (PIPE, &seeked);
  gst_element_set_state (p, GST_STATE_PAUSED);
  fail_unless_equals_int (gst_element_get_state (p, NULL, NULL,
          10 * GST_SECOND), GST_STATE_CHANGE_SUCCESS);
  fail_unless (gst_element_seek_simple (p, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, 2 * GST_SECOND));
  /* frames rendered while prerolling before the seek are dropped */
  g_list_free_full (seeked.frames, (GDestroyNotify) gst_buffer_unref);
  seeked.frames = NULL;
  gst_element_set_state (p, GST_STATE_PLAYING);
  msg = run_to_end (p);
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (p);

  fail_unless (seeked.frames != NULL);
  /* the first frame after the flush may be the preroll frame again */
  fail_unless (frame_at (seeked.frames, 2 * GST_SECOND) != NULL);
  fail_unless (frame_at (seeked.frames, 4900 * GST_MSECOND) != NULL);
  fail_unless (frame_at (seeked.frames, 1900 * GST_MSECOND) == NULL);
  /* the frame at 4.9 s shows (3.0, 5.0], its rate smoothing reaches back
   * 8 bins (0.16 s): identical data in both runs */
  fail_unless (neuro_test_buffers_equal (frame_at (full.frames, 4900 * GST_MSECOND),
          frame_at (seeked.frames, 4900 * GST_MSECOND)));
  /* the raster asked upstream for the window before 2 s: the first frame
   * after the seek is full too */
  fail_unless (neuro_test_buffers_equal (frame_at (full.frames, 2000 * GST_MSECOND),
          frame_at (seeked.frames, 2000 * GST_MSECOND)));
  g_list_free_full (full.frames, (GDestroyNotify) gst_buffer_unref);
  g_list_free_full (seeked.frames, (GDestroyNotify) gst_buffer_unref);
}

GST_END_TEST;

GST_START_TEST (test_state_cycles)
{
  GstElement *p = make_pipeline ("neurosrc pattern=poisson units=100 ! "
      "spikeraster ! video/x-raw,width=160,height=120 ! "
      "fakesink name=sink sync=false", NULL);
  gint i;

  for (i = 0; i < 50; i++) {
    fail_unless (gst_element_set_state (p, GST_STATE_PLAYING) !=
        GST_STATE_CHANGE_FAILURE);
    fail_unless_equals_int (gst_element_get_state (p, NULL, NULL,
            10 * GST_SECOND), GST_STATE_CHANGE_SUCCESS);
    fail_unless_equals_int (gst_element_set_state (p, GST_STATE_NULL),
        GST_STATE_CHANGE_SUCCESS);
  }
  gst_object_unref (p);
}

GST_END_TEST;

/* Live: frames paced by the clock, contiguous, latency reported. */
GST_START_TEST (test_live)
{
  Collected c = { NULL };
  GstElement *p = make_pipeline ("neurosrc pattern=poisson units=30 "
      "is-live=true duration=1000000000 ! spikeraster ! "
      "video/x-raw,width=160,height=120,framerate=20/1 ! "
      "appsink name=sink sync=true", &c);
  GstMessage *msg;
  GstQuery *q;
  gint64 start = g_get_monotonic_time (), elapsed;
  GstClockTime min_lat = 0, max_lat = 0;
  gboolean live = FALSE;
  GList *l;
  guint i;

  gst_element_set_state (p, GST_STATE_PLAYING);
  fail_unless_equals_int (gst_element_get_state (p, NULL, NULL,
          10 * GST_SECOND), GST_STATE_CHANGE_SUCCESS);
  q = gst_query_new_latency ();
  fail_unless (gst_element_query (p, q));
  gst_query_parse_latency (q, &live, &min_lat, &max_lat);
  gst_query_unref (q);
  fail_unless (live);
  /* at least one output frame (50 ms) of latency from the renderer */
  fail_unless (min_lat >= 50 * GST_MSECOND, "latency %" GST_TIME_FORMAT,
      GST_TIME_ARGS (min_lat));
  msg = run_to_end (p);
  elapsed = g_get_monotonic_time () - start;
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (p);

  /* paced by the clock: 1 s of data takes about 1 s */
  fail_unless (elapsed > 800 * 1000, "took only %" G_GINT64_FORMAT " us",
      elapsed);
  fail_unless (g_list_length (c.frames) >= 18 && g_list_length (c.frames)
      <= 21, "%u frames", g_list_length (c.frames));
  for (l = c.frames, i = 0; l && l->next; l = l->next, i++) {
    GstBuffer *a = l->data, *b = l->next->data;
    fail_unless_equals_uint64 (GST_BUFFER_PTS (a) + GST_BUFFER_DURATION (a),
        GST_BUFFER_PTS (b));
  }
  g_list_free_full (c.frames, (GDestroyNotify) gst_buffer_unref);
}

GST_END_TEST;

/* time-scale=0.5: 2 s of data become 4 s of video */
GST_START_TEST (test_time_scale)
{
  Collected c = { NULL };
  GstElement *p = make_pipeline ("neurosrc pattern=poisson units=30 "
      "duration=2000000000 ! spikeraster time-scale=0.5 ! "
      "video/x-raw,width=160,height=120,framerate=10/1 ! "
      "appsink name=sink sync=false", &c);
  GstMessage *msg;
  GstBuffer *last;

  gst_element_set_state (p, GST_STATE_PLAYING);
  msg = run_to_end (p);
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
  fail_unless_equals_int (g_list_length (c.frames), 40);
  last = g_list_last (c.frames)->data;
  fail_unless_equals_uint64 (GST_BUFFER_PTS (last), 3900 * GST_MSECOND);
  g_list_free_full (c.frames, (GDestroyNotify) gst_buffer_unref);
}

GST_END_TEST;

/* time-scale cannot apply to live data: a warning, and real-time frames */
GST_START_TEST (test_time_scale_live)
{
  Collected c = { NULL };
  GstElement *p = make_pipeline ("neurosrc pattern=poisson units=30 "
      "is-live=true duration=500000000 ! spikeraster time-scale=4 ! "
      "video/x-raw,width=160,height=120,framerate=20/1 ! "
      "appsink name=sink sync=true", &c);
  GstBus *bus = gst_element_get_bus (p);
  GstMessage *msg;
  gboolean warned = FALSE;

  gst_element_set_state (p, GST_STATE_PLAYING);
  while ((msg = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND,
              GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_WARNING))) {
    GstMessageType t = GST_MESSAGE_TYPE (msg);

    if (t == GST_MESSAGE_WARNING) {
      GError *err = NULL;

      gst_message_parse_warning (msg, &err, NULL);
      if (strstr (err->message, "time-scale=4 is ignored"))
        warned = TRUE;
      g_error_free (err);
    }
    gst_message_unref (msg);
    if (t != GST_MESSAGE_WARNING) {
      fail_unless_equals_int (t, GST_MESSAGE_EOS);
      break;
    }
  }
  gst_object_unref (bus);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
  fail_unless (warned);
  /* 0.5 s of live data at 20 fps: about 10 frames, not 2.5 */
  fail_unless (g_list_length (c.frames) >= 9, "%u frames",
      g_list_length (c.frames));
  g_list_free_full (c.frames, (GDestroyNotify) gst_buffer_unref);
}

GST_END_TEST;

/* unit-range changed while spikes are stored: spikes outside the new range
 * are not drawn (their row and colour indices were computed from
 * unit - first, out of the tables and the frame). */
GST_START_TEST (test_unit_range_changed)
{
  const gchar *modes[] = { "density=never color-mode=colormap",
    "density=always", "density=never marker=dot"
  };
  guint m;

  for (m = 0; m < G_N_ELEMENTS (modes); m++) {
    gchar *props = g_strdup_printf (BARE " %s", modes[m]);
    GstHarness *h = raster_harness (props, 100, 10);
    NeuroSpike sp[3] = {
      {200 * GST_MSECOND, 5, 1.0f}, {200 * GST_MSECOND, 50, 1.0f},
      {200 * GST_MSECOND, 95, 1.0f}
    };
    GstBuffer *out = NULL, *empty;
    GstElement *el;
    gint i, xmin, xmax, ymin, ymax;

    fail_unless_equals_int (gst_harness_push (h, make_slice (0, 0.5, sp, 3)),
        GST_FLOW_OK);
    /* frames 0..4 (window ends up to 0.5 s) can be drawn, frame 5 waits
     * for data after this empty slice: the spikes are stored with every
     * unit shown before unit-range changes */
    empty = gst_buffer_new ();
    GST_BUFFER_PTS (empty) = GST_SECOND / 2;
    GST_BUFFER_DURATION (empty) = GST_SECOND / 2;
    fail_unless_equals_int (gst_harness_push (h, empty), GST_FLOW_OK);
    for (i = 0; i < 5; i++) {
      out = gst_harness_pull (h);
      fail_unless (out != NULL);
      gst_buffer_unref (out);
    }
    el = gst_harness_find_element (h, "spikeraster");
    g_object_set (el, "unit-range", "40-59", NULL);
    gst_object_unref (el);
    gst_harness_push_event (h, gst_event_new_eos ());
    for (i = 5; i < 10; i++) {
      out = gst_harness_pull (h);
      fail_unless (out != NULL);
      if (i < 9)
        gst_buffer_unref (out);
    }
    /* only unit 50, the 11th of 20 rows of 12 px: rows [108, 120), at
     * 0.2 s of the window (0, 1 s]: column 64 */
    count_marks (out, &xmin, &xmax, &ymin, &ymax);
    fail_unless (ymin >= 108 && ymax < 120, "%s: marks in rows %d-%d",
        modes[m], ymin, ymax);
    fail_unless_equals_int ((xmin + xmax) / 2, 64);
    gst_buffer_unref (out);
    neuro_test_harness_teardown (h);
    g_free (props);
  }
}

GST_END_TEST;

static const NeuroSpike one_spike = { 100 * GST_MSECOND, 2, 1.0f };


/* A property string that does not parse, set before the start, fails the
 * start (READY->PAUSED) with an error naming the property, the value and
 * the reason; a later good value of the same property lifts it. */
GST_START_TEST (test_bad_property_strings)
{
  static const struct
  {
    const gchar *prop, *value, *reason;
  } cases[] = {
    {"groups", "0-9:#ff00", "\"#ff00\""},
    /* ("0-9" alone is a group in the default colour cycle) */
    {"groups", "0-x", "expected \"first-last:colour\""},
    {"groups", "9-2:#ff0000", "above last"},
    {"groups", "0-9:rouge", "not one of matplotlib's colour names"},
    {"unit-range", "5-x", "expected \"first-last\""},
    {"unit-range", "9-3", "above last"},
    {"unit-range", "-1", "expected \"first-last\""},
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    GstHarness *h = harness_with_bus (BARE, 10);
    GstElement *el = gst_harness_find_element (h, "spikeraster");
    GstBus *bus = gst_element_get_bus (h->element);

    neuro_test_expect_bad_property_start (h, el, cases[i].prop,
        cases[i].value, cases[i].reason);

    /* fixed: starts */
    gst_element_set_state (h->element, GST_STATE_NULL);
    gst_bus_set_flushing (bus, FALSE);
    g_object_set (el, cases[i].prop, "2-3", NULL);
    if (g_str_equal (cases[i].prop, "groups"))
      g_object_set (el, cases[i].prop, "2-3:#ff0000", NULL);
    fail_if (gst_element_set_state (h->element, GST_STATE_PLAYING) ==
        GST_STATE_CHANGE_FAILURE);
    fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR |
            GST_MESSAGE_WARNING) == NULL);
    gst_bus_set_flushing (bus, TRUE);
    gst_object_unref (bus);
    gst_object_unref (el);
    neuro_test_harness_teardown (h);
  }
}

GST_END_TEST;

/* A seek is scaled by time-scale on its way upstream; a position whose
 * scaled value exceeds G_MAXINT64 is clamped (the cast made it negative:
 * a seek to before the start). */
GST_START_TEST (test_time_scale_seek_clamped)
{
  GstHarness *h = raster_harness (BARE " time-scale=10", 10, 10);
  GstEvent *ev;
  gint64 start = -1, stop = -1;
  gboolean found = FALSE;

  fail_unless (gst_harness_push_upstream_event (h, gst_event_new_seek (1.0,
              GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET,
              G_MAXINT64 / 4, GST_SEEK_TYPE_SET, G_MAXINT64 / 2)));
  while ((ev = gst_harness_try_pull_upstream_event (h)) != NULL) {
    if (GST_EVENT_TYPE (ev) == GST_EVENT_SEEK) {
      gst_event_parse_seek (ev, NULL, NULL, NULL, NULL, &start, NULL, &stop);
      found = TRUE;
    }
    gst_event_unref (ev);
  }
  fail_unless (found, "no seek upstream");
  fail_unless (start == G_MAXINT64, "start %" G_GINT64_FORMAT, start);
  fail_unless (stop == G_MAXINT64, "stop %" G_GINT64_FORMAT, stop);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_bad_property_while_playing)
{
  GstHarness *h = harness_with_bus (BARE " unit-range=2-3", 10);
  GstElement *el;
  gchar *msg, *val = NULL;

  gst_harness_push (h, make_slice (0, 1.0, &one_spike, 1));
  gst_harness_push_event (h, gst_event_new_eos ());
  gst_buffer_unref (gst_harness_pull (h));
  el = gst_harness_find_element (h, "spikeraster");
  g_object_set (el, "unit-range", "3-", NULL);
  msg = neuro_test_expect_warning (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "'unit-range'") && strstr (msg, "\"3-\""), "%s",
      msg);
  g_free (msg);
  g_object_get (el, "unit-range", &val, NULL);
  gst_object_unref (el);
  fail_unless_equals_string (val, "2-3");
  g_free (val);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* a colour that does not parse, set before the start, fails the start
 * with a message that names the property and the value */
GST_START_TEST (test_bad_colour_error)
{
  NeuroTestRun *r = neuro_test_run_new ("neurosrc pattern=poisson units=5 "
      "duration=100000000 ! spikeraster color=#12345 ! fakesink");

  /* the start fails (the state change with it) and says why */
  gst_element_set_state (r->pipeline, GST_STATE_PLAYING);
  neuro_test_run_expect_error (r, "color");
  fail_unless (strstr (r->error, "#12345") != NULL, "%s", r->error);
  neuro_test_run_free (r);
}

GST_END_TEST;

/* the spellings docs/spikeraster.md promises from gst-launch, the same for
 * every colour property; a bad one keeps the previous colour */
GST_START_TEST (test_colour_spellings_from_launch)
{
  GstElement *el = gst_element_factory_make ("spikeraster", NULL);
  const gchar *props[] = { "color", "rate-color", "background",
    "foreground"
  };
  const gchar *in[][2] = { {"#ff0000", "#ff0000"}, {"#80ff0000", "#80ff0000"},
  {"0x80ff0000", "#80ff0000"}, {"4278255360", "#00ff00"},
  {" #1F77B4 ", "#1f77b4"}
  };
  guint i, k;
  gchar *g = NULL;

  for (i = 0; i < G_N_ELEMENTS (props); i++) {
    for (k = 0; k < G_N_ELEMENTS (in); k++) {
      gst_util_set_object_arg (G_OBJECT (el), props[i], in[k][0]);
      g_object_get (el, props[i], &g, NULL);
      fail_unless_equals_string (g, in[k][1]);
      g_free (g);
    }
    gst_util_set_object_arg (G_OBJECT (el), props[i], "#12345");
    g_object_get (el, props[i], &g, NULL);
    fail_unless_equals_string (g, "#1f77b4");
    g_free (g);
  }
  gst_util_set_object_arg (G_OBJECT (el), "groups",
      "0-1:#ff0000,2-3:#80ff0000,4:0x80ff0000,5:4278255360");
  g_object_get (el, "groups", &g, NULL);
  fail_unless_equals_string (g,
      "0-1:#ff0000,2-3:#80ff0000,4:0x80ff0000,5:4278255360");
  g_free (g);
  gst_object_unref (el);
}

GST_END_TEST;

/* unit-range beyond the stream's units: a warning that says so, and the
 * range clipped to the stream */
GST_START_TEST (test_unit_range_beyond_stream)
{
  GstHarness *h = harness_with_bus (BARE " unit-range=0-19", 10);
  gchar *msg;

  GstHarness *ref = harness_with_bus (BARE, 10);
  GstBuffer *a, *b;
  GstMapInfo map;
  GstBus *bus;

  gst_harness_push (h, make_slice (0, 1.0, &one_spike, 1));
  gst_harness_push_event (h, gst_event_new_eos ());
  a = gst_harness_pull (h);
  msg = neuro_test_expect_warning (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "unit-range") && strstr (msg, "\"0-19\"")
      && strstr (msg, "10 units") && strstr (msg, "showing units 0 to 9"),
      "%s", msg);
  g_free (msg);
  /* clipped: the figure of the whole stream */
  gst_harness_push (ref, make_slice (0, 1.0, &one_spike, 1));
  gst_harness_push_event (ref, gst_event_new_eos ());
  b = gst_harness_pull (ref);
  gst_buffer_map (b, &map, GST_MAP_READ);
  fail_unless (gst_buffer_memcmp (a, 0, map.data, map.size) == 0);
  gst_buffer_unmap (b, &map);
  gst_buffer_unref (a);
  gst_buffer_unref (b);
  bus = gst_element_get_bus (ref->element);
  gst_bus_set_flushing (bus, TRUE);
  gst_object_unref (bus);
  neuro_test_harness_teardown (ref);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* "{frame}" in a title is the frame's index: frame k of a run draws what
 * the literal "Epoch k" draws, and a stream that starts at 0.5 s (10 fps)
 * starts at frame 5, not 0 */
static GPtrArray *
title_frames (const gchar * title, gdouble start, gint n)
{
  gchar *props = g_strdup_printf ("axes=false rate-panel=false window=1.0 "
      "title=\"%s\"", title);
  GstHarness *h = raster_harness (props, 10, 10);
  GPtrArray *frames = g_ptr_array_new_with_free_func (
      (GDestroyNotify) gst_buffer_unref);
  GstSegment seg;
  GstBuffer *empty;
  gint i;

  g_free (props);
  if (start > 0) {
    gst_segment_init (&seg, GST_FORMAT_TIME);
    seg.start = seg.time = (GstClockTime) llround (start * GST_SECOND);
    fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
  }
  empty = gst_buffer_new ();
  GST_BUFFER_PTS (empty) = (GstClockTime) llround (start * GST_SECOND);
  GST_BUFFER_DURATION (empty) = n * 100 * GST_MSECOND;
  fail_unless_equals_int (gst_harness_push (h, empty), GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  for (i = 0; i < n; i++) {
    GstBuffer *out = gst_harness_pull (h);

    fail_unless (out != NULL, "frame %d missing", i);
    g_ptr_array_add (frames, out);
  }
  neuro_test_harness_teardown (h);
  return frames;
}

GST_START_TEST (test_title_frame_placeholder)
{
  GPtrArray *run = title_frames ("Epoch {frame}", 0, 8);
  GPtrArray *seven = title_frames ("Epoch 7", 0, 1);
  GPtrArray *zero = title_frames ("Epoch 0", 0, 1);
  GPtrArray *late = title_frames ("Epoch {frame}", 0.5, 1);
  GPtrArray *five = title_frames ("Epoch 5", 0, 1);

  fail_if (neuro_test_buffers_equal (g_ptr_array_index (seven, 0),
          g_ptr_array_index (zero, 0)), "the titles draw the same pixels");
  fail_unless (neuro_test_buffers_equal (g_ptr_array_index (run, 0),
          g_ptr_array_index (zero, 0)), "frame 0 is not \"Epoch 0\"");
  fail_unless (neuro_test_buffers_equal (g_ptr_array_index (run, 7),
          g_ptr_array_index (seven, 0)), "frame 7 is not \"Epoch 7\"");
  fail_if (neuro_test_buffers_equal (g_ptr_array_index (run, 6),
          g_ptr_array_index (seven, 0)), "frame 6 says \"Epoch 7\"");
  fail_unless (neuro_test_buffers_equal (g_ptr_array_index (late, 0),
          g_ptr_array_index (five, 0)), "0.5 s at 10 fps is not frame 5");
  g_ptr_array_unref (run);
  g_ptr_array_unref (seven);
  g_ptr_array_unref (zero);
  g_ptr_array_unref (late);
  g_ptr_array_unref (five);
}

GST_END_TEST;

/* ------------------------------------------------- issue 15: §4's panels */

/* Every frame of 3 s of @spikes (10 units) at 10 fps, until EOS. */
static GPtrArray *
run_frames (const gchar * props, const NeuroSpike * spikes, guint n,
    guint expect)
{
  GstHarness *h = raster_harness (props, 10, 10);
  GPtrArray *frames = g_ptr_array_new_with_free_func (
      (GDestroyNotify) gst_buffer_unref);
  guint i;
  GstBuffer *in;

  if (n) {
    in = make_slice (0, 3.0, spikes, n);
  } else {
    in = gst_buffer_new ();
    GST_BUFFER_PTS (in) = 0;
    GST_BUFFER_DURATION (in) = 3 * GST_SECOND;
  }
  fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  for (i = 0; i < expect; i++) {
    GstBuffer *out = gst_harness_pull (h);

    fail_unless (out != NULL, "frame %u missing", i);
    g_ptr_array_add (frames, out);
  }
  neuro_test_expect_eos_last (h);
  neuro_test_harness_teardown (h);
  return frames;
}

/* the same spikes in every second: windows of 1 s that end on a whole
 * second show the same picture */
static const NeuroSpike periodic[] = {
  {250 * GST_MSECOND, 2, 1.0f}, {500 * GST_MSECOND, 5, 1.0f},
  {700 * GST_MSECOND, 8, 1.0f},
  {1250 * GST_MSECOND, 2, 1.0f}, {1500 * GST_MSECOND, 5, 1.0f},
  {1700 * GST_MSECOND, 8, 1.0f},
  {2250 * GST_MSECOND, 2, 1.0f}, {2500 * GST_MSECOND, 5, 1.0f},
  {2700 * GST_MSECOND, 8, 1.0f},
};

#define FRAME(a, i) ((GstBuffer *) g_ptr_array_index ((a), (i)))

/* start-full=true (the tutorial's frame k shows [k·Δ, k·Δ + window)): the
 * frames before the first full window are not output, frame k is the
 * plain run's frame k + 9 (1 s window at 10 fps) with the timestamps of
 * frame k (PTS from 0, the first DISCONT), 30 - 9 = 21 frames; the title's
 * {t} and {frame} count output frames. */
GST_START_TEST (test_start_full)
{
  GPtrArray *plain = run_frames (BARE, periodic, G_N_ELEMENTS (periodic), 30);
  GPtrArray *full = run_frames (BARE " start-full=true", periodic,
      G_N_ELEMENTS (periodic), 21);
  GPtrArray *tplain, *tfull;
  guint k;

  for (k = 0; k < 21; k++) {
    GstBuffer *b = FRAME (full, k);

    fail_unless (neuro_test_buffers_equal (b, FRAME (plain, k + 9)),
        "start-full frame %u is not the window of plain frame %u", k, k + 9);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), k * 100 * GST_MSECOND);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (b), 100 * GST_MSECOND);
    fail_unless_equals_int (GST_BUFFER_FLAG_IS_SET (b,
            GST_BUFFER_FLAG_DISCONT), k == 0);
  }
  /* the first output frame already holds all three units' spikes */
  fail_if (neuro_test_buffers_equal (FRAME (full, 0), FRAME (plain, 0)));

  tplain = run_frames ("axes=false rate-panel=false window=1.0 "
      "title=\"F {frame} {t}\"", NULL, 0, 30);
  tfull = run_frames ("axes=false rate-panel=false window=1.0 "
      "title=\"F {frame} {t}\" start-full=true", NULL, 0, 21);
  fail_unless (neuro_test_buffers_equal (FRAME (tfull, 0), FRAME (tplain, 0)));
  fail_unless (neuro_test_buffers_equal (FRAME (tfull, 5), FRAME (tplain, 5)));
  fail_if (neuro_test_buffers_equal (FRAME (tfull, 5), FRAME (tplain, 14)));
  g_ptr_array_unref (plain);
  g_ptr_array_unref (full);
  g_ptr_array_unref (tplain);
  g_ptr_array_unref (tfull);
}

GST_END_TEST;

/* x-axis=window labels both panels' x axes 0 .. window, as the tutorial's
 * set_xlim (0, window_size): the frame whose window is (2, 3] draws what
 * the stream axis draws for (0, 1] (the same spikes in each second), and
 * not what it draws for (2, 3]. */
GST_START_TEST (test_x_axis_window)
{
  const gchar *common = "title=\"\" window=1.0 rate-smooth=0 rate-max=5";
  gchar *ps = g_strdup_printf ("%s x-axis=stream", common);
  gchar *pw = g_strdup_printf ("%s x-axis=window", common);
  GPtrArray *stream = run_frames (ps, periodic, G_N_ELEMENTS (periodic), 30);
  GPtrArray *window = run_frames (pw, periodic, G_N_ELEMENTS (periodic), 30);

  fail_unless (neuro_test_buffers_equal (FRAME (window, 29), FRAME (stream, 9)),
      "window axis at t = 3 s is not the stream axis of (0, 1]");
  fail_unless (neuro_test_buffers_equal (FRAME (window, 9), FRAME (stream, 9)));
  fail_if (neuro_test_buffers_equal (FRAME (stream, 29), FRAME (stream, 9)),
      "the stream axis labels do not move");
  g_ptr_array_unref (stream);
  g_ptr_array_unref (window);
  g_free (ps);
  g_free (pw);
}

GST_END_TEST;

/* Rows holding a horizontal dark run over half the width (the panels'
 * spines), and the left spine of the rate panel. */
static void
rate_panel_box (GstBuffer * b, gint * top, gint * bottom, gint * left)
{
  GstMapInfo map;
  gint x, y, rows[8], n = 0, run, best = 0;

  gst_buffer_map (b, &map, GST_MAP_READ);
  for (y = 0; y < H; y++) {
    const guint32 *row = (const guint32 *) (map.data + y * W * 4);

    for (x = 0, run = 0; x < W; x++)
      run += is_dark (row[x]);
    if (run > W / 2 && n < 8 && (n == 0 || rows[n - 1] < y - 1))
      rows[n++] = y;
  }
  fail_unless_equals_int (n, 4);        /* raster top, bottom; rate's */
  *top = rows[2];
  *bottom = rows[3];
  *left = -1;
  for (x = 0; x < W / 2; x++) {
    for (y = *top + 1, run = 0; y < *bottom; y++)
      run += is_dark (((const guint32 *) (map.data + y * W * 4))[x]);
    if (run > best) {
      best = run;
      *left = x;
    }
  }
  gst_buffer_unmap (b, &map);
  fail_unless (best > (*bottom - *top) / 2, "no left spine");
}

/* The pixels where @a and @b differ, their bounding box and x centroid. */
static guint
diff_box (GstBuffer * a, GstBuffer * b, gint * x0, gint * x1, gint * y0,
    gint * y1, gdouble * xc)
{
  GstMapInfo ma, mb;
  guint n = 0;
  gint x, y;
  gdouble sx = 0;

  *x0 = *y0 = G_MAXINT;
  *x1 = *y1 = -1;
  gst_buffer_map (a, &ma, GST_MAP_READ);
  gst_buffer_map (b, &mb, GST_MAP_READ);
  for (y = 0; y < H; y++)
    for (x = 0; x < W; x++) {
      gsize o = (gsize) y * W * 4 + x * 4;

      if ((*(guint32 *) (ma.data + o) & 0xffffff) ==
          (*(guint32 *) (mb.data + o) & 0xffffff))
        continue;
      n++;
      sx += x;
      *x0 = MIN (*x0, x);
      *x1 = MAX (*x1, x);
      *y0 = MIN (*y0, y);
      *y1 = MAX (*y1, y);
    }
  gst_buffer_unmap (a, &ma);
  gst_buffer_unmap (b, &mb);
  *xc = n ? sx / n : -1;
  return n;
}


static guint32
frame_px (GstBuffer * b, gint x, gint y)
{
  GstMapInfo m;
  guint32 v;

  gst_buffer_map (b, &m, GST_MAP_READ);
  v = ((const guint32 *) (m.data + (gsize) y * W * 4))[x] & 0xffffff;
  gst_buffer_unmap (b, &m);
  return v;
}

/* pixels mostly of the rate line's colour (blue; the area under it is
 * blue at 30 %, (178, 178, 255)) in column @x */
static gint
blue_in_column (GstBuffer * b, gint x, gint y0, gint y1)
{
  gint y, n = 0;

  for (y = y0; y < y1; y++) {
    guint32 v = frame_px (b, x, y);

    n += (v >> 16) < 120 && ((v >> 8) & 0xff) < 120 && (v & 0xff) > 200;
  }
  return n;
}

/* rate-fill-color: the area under the curve in that colour (the
 * tutorial's fill_between in C0 at alpha 0.3), by default the line's
 * colour at 30 %; rate-line-width in points: a 6 pt line is about four
 * times as many rows of the line's colour as a 1.5 pt one */
GST_START_TEST (test_rate_fill_and_width)
{
  const gchar *common = "title=\"\" window=1.0 rate-smooth=0 rate-max=150";
  gchar *pg = g_strdup_printf ("%s rate-fill-color=#ff00ff00", common);
  gchar *pc = g_strdup_printf ("%s rate-fill-color=#4d1f77b4", common);
  gchar *pw = g_strdup_printf ("%s rate-line-width=6", common);
  /* every unit fires every 10 ms: 100 Hz in every bin */
  NeuroSpike *dense = g_new (NeuroSpike, 3000);
  GPtrArray *d, *g, *c, *w;
  gint top, bottom, left, x, thin = 0, wide = 0, k;
  guint32 v;

  for (k = 0; k < 3000; k++) {
    dense[k].t = (k / 10) * 10 * GST_MSECOND + (k % 10) * GST_MSECOND;
    dense[k].unit = k % 10;
    dense[k].value = 1.0f;
  }
  d = run_frames (common, dense, 3000, 30);
  g = run_frames (pg, dense, 3000, 30);
  c = run_frames (pc, dense, 3000, 30);
  w = run_frames (pw, dense, 3000, 30);
  rate_panel_box (FRAME (d, 20), &top, &bottom, &left);
  x = (left + W) / 2;
  /* just above the bottom spine, under the curve */
  fail_unless_equals_int (frame_px (FRAME (g, 20), x, bottom - 3), 0x00ff00);
  /* C0 (31, 119, 180) at 0x4d/255 over white */
  v = frame_px (FRAME (c, 20), x, bottom - 3);
  fail_unless (abs ((gint) (v >> 16) - 187) <= 2 &&
      abs ((gint) ((v >> 8) & 0xff) - 214) <= 2 &&
      abs ((gint) (v & 0xff) - 232) <= 2, "C0 fill %06x", v);
  /* the default: blue at 30 % over white */
  v = frame_px (FRAME (d, 20), x, bottom - 3);
  fail_unless (abs ((gint) (v >> 16) - 178) <= 2 && (v & 0xff) == 0xff,
      "default fill %06x", v);
  for (x = left + 20; x < W - 20; x += 10) {
    thin += blue_in_column (FRAME (d, 20), x, top + 1, bottom);
    wide += blue_in_column (FRAME (w, 20), x, top + 1, bottom);
  }
  fail_unless (thin > 0 && wide > 3 * thin, "line rows: %d at 1.5 pt, %d at "
      "6 pt", thin, wide);
  g_ptr_array_unref (d);
  g_ptr_array_unref (g);
  g_ptr_array_unref (c);
  g_ptr_array_unref (w);
  g_free (dense);
  g_free (pg);
  g_free (pc);
  g_free (pw);
}

GST_END_TEST;

/* rate-title: ink between the panels, centred over the rate panel, just
 * above its top spine (compared with a title of spaces, which keeps the
 * layout); rate-y-label: ink left of the rate panel's spine, beside it
 * (the default "Rate (Hz)" too) */
GST_START_TEST (test_rate_title_and_label)
{
  const gchar *common = "title=\"\" window=1.0 rate-smooth=0";
  gchar *p1 = g_strdup_printf ("%s rate-title=\"Population Firing Rate\"",
      common);
  gchar *p2 = g_strdup_printf ("%s rate-title=\"                    \"",
      common);
  gchar *p3 = g_strdup_printf ("%s rate-y-label=\"   \"", common);
  GPtrArray *a = run_frames (p1, periodic, G_N_ELEMENTS (periodic), 30);
  GPtrArray *b = run_frames (p2, periodic, G_N_ELEMENTS (periodic), 30);
  GPtrArray *c = run_frames (common, periodic, G_N_ELEMENTS (periodic), 30);
  GPtrArray *d = run_frames (p3, periodic, G_N_ELEMENTS (periodic), 30);
  gint top, bottom, left, top2, bottom2, left2, x0, x1, y0, y1;
  gdouble xc;
  guint n;

  rate_panel_box (FRAME (a, 20), &top, &bottom, &left);
  rate_panel_box (FRAME (b, 20), &top2, &bottom2, &left2);
  fail_unless (top == top2 && left == left2, "the layouts differ");
  n = diff_box (FRAME (a, 20), FRAME (b, 20), &x0, &x1, &y0, &y1, &xc);
  fail_unless (n > 40, "no title ink (%u pixels)", n);
  /* in the title box: above the panel, below the raster's x label */
  fail_unless (y1 < top && y1 > top - 12 && y0 > top - 30,
      "title rows %d..%d, rate panel from %d", y0, y1, top);
  /* centred over the panel: the ink's box (its centroid depends on the
   * letters) against the top spine's extent */
  {
    GstMapInfo m;
    const guint32 *row;
    gint right = -1;

    gst_buffer_map (FRAME (a, 20), &m, GST_MAP_READ);
    row = (const guint32 *) (m.data + top * W * 4);
    for (right = W - 1; right > left && !is_dark (row[right]); right--);
    gst_buffer_unmap (FRAME (a, 20), &m);
    fail_unless (fabs ((x0 + x1) / 2.0 - (left + right) / 2.0) < 4,
        "title centred at %.1f (centroid %.1f), panel %d..%d",
        (x0 + x1) / 2.0, xc, left, right);
  }
  fail_unless (x1 - x0 > 60, "title only %d px wide", x1 - x0);

  /* without rate-title the rate panel moves up: the room is given back */
  rate_panel_box (FRAME (c, 20), &top2, &bottom2, &left2);
  fail_unless (top2 < top, "no room was made for the title");

  /* the default y label against an empty one */
  rate_panel_box (FRAME (c, 20), &top, &bottom, &left);
  n = diff_box (FRAME (c, 20), FRAME (d, 20), &x0, &x1, &y0, &y1, &xc);
  fail_unless (n > 20, "no y label ink (%u pixels)", n);
  /* left of the spine, centred on the panel's rows (in points, a label
   * may be longer than a small panel is tall, as in matplotlib) */
  fail_unless (x1 < left && fabs ((y0 + y1) / 2.0 - (top + bottom) / 2.0) < 3,
      "y label at %d..%d x %d..%d, panel from x %d, rows %d..%d", x0, x1,
      y0, y1, left, top, bottom);

  g_ptr_array_unref (a);
  g_ptr_array_unref (b);
  g_ptr_array_unref (c);
  g_ptr_array_unref (d);
  g_free (p1);
  g_free (p2);
  g_free (p3);
}

GST_END_TEST;

/* groups without a colour take matplotlib's cycle: C0, C1 */
GST_START_TEST (test_groups_default_cycle)
{
  GstHarness *h = raster_harness (BARE " color-mode=groups "
      "groups=\"0-4,5-9\"", 10, 10);
  NeuroSpike sp[2] = {
    {250 * GST_MSECOND, 3, 1.0f},
    {750 * GST_MSECOND, 7, 1.0f},
  };
  GstBuffer *out = NULL;
  gchar *val = NULL;
  gint i;
  GstElement *el = gst_element_factory_make ("spikeraster", NULL);

  /* read back as written */
  g_object_set (el, "groups", "0-4,5-9", NULL);
  g_object_get (el, "groups", &val, NULL);
  fail_unless_equals_string (val, "0-4,5-9");
  g_free (val);
  gst_object_unref (el);
  gst_harness_push (h, make_slice (0, 1.0, sp, 2));
  gst_harness_push_event (h, gst_event_new_eos ());
  for (i = 0; i < 10; i++) {
    if (out)
      gst_buffer_unref (out);
    out = gst_harness_pull (h);
  }
  /* unit 3 at x = 0.25 * 320, row 156; unit 7 at x = 240, row 60 */
  fail_unless_equals_int (pixel (out, 80, 156), 0x1f77b4);
  fail_unless_equals_int (pixel (out, 240, 60), 0xff7f0e);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* start-full: the video is the data less the frames not output (3 s of
 * data, a 1 s window at 10 fps: 2.1 s), and it prerolls on the first full
 * window */
static gint64
preroll_duration (const gchar * props)
{
  gchar *desc = g_strdup_printf ("neurosrc pattern=poisson units=10 "
      "duration=3000000000 ! spikeraster window=1 %s ! "
      "video/x-raw,width=160,height=120,framerate=10/1 ! fakesink", props);
  GstElement *pipe = gst_parse_launch (desc, NULL);
  gint64 dur = -1;

  fail_unless (pipe != NULL);
  g_free (desc);
  fail_unless (gst_element_set_state (pipe, GST_STATE_PAUSED) !=
      GST_STATE_CHANGE_FAILURE);
  fail_unless_equals_int (gst_element_get_state (pipe, NULL, NULL,
          NEURO_TEST_TIMEOUT), GST_STATE_CHANGE_SUCCESS);
  fail_unless (gst_element_query_duration (pipe, GST_FORMAT_TIME, &dur));
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (pipe);
  return dur;
}

GST_START_TEST (test_start_full_duration)
{
  fail_unless_equals_int64 (preroll_duration (""), 3 * GST_SECOND);
  fail_unless_equals_int64 (preroll_duration ("start-full=true"),
      2100 * GST_MSECOND);
}

GST_END_TEST;

/* ------------------------------------------------------ reverse playback */

/* neurosrc's spikes backwards (chunks of 0.5 s) into the raster, with its
 * axes, rate panel and tick labels: scroll and sweep, rates -1, -2 and
 * -0.5, from the end and from the middle */
GST_START_TEST (test_reverse_equals_forward)
{
  /* (the last: axes that do not move, restored from the decorations
   * cache in one direction from other frames than in the other) */
  const gchar *modes[] = { "scroll", "sweep",
    "scroll x-axis=window rate-max=40 rate-title=Rate"
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (modes); i++) {
    gchar *launch = g_strdup_printf ("neurosrc pattern=poisson units=60 "
        "rate-max=30 duration=3000000000 ! spikeraster mode=%s window=1 "
        "rate-panel=true ! video/x-raw,width=200,height=150,framerate=20/1 ! "
        "fakesink name=sink signal-handoffs=true", modes[i]);

    fail_unless_equals_int (neuro_test_reverse_matches_forward (launch, 20, -1.0, 0,
            3 * GST_SECOND), 60);
    fail_unless_equals_int (neuro_test_reverse_matches_forward (launch, 20, -2.0,
            GST_SECOND, 3 * GST_SECOND), 20);
    fail_unless_equals_int (neuro_test_reverse_matches_forward (launch, 20, -0.5,
            500 * GST_MSECOND, 2500 * GST_MSECOND), 40);
    g_free (launch);
  }
}

GST_END_TEST;

/* start-full shifts a forward run to its first full window; in reverse
 * every frame is drawn from a full window already: the frames are those of
 * the reverse run without start-full, none dropped */
GST_START_TEST (test_reverse_start_full)
{
  const gchar *fmt = "neurosrc pattern=poisson units=60 duration=3000000000 "
      "! spikeraster window=1 %s ! video/x-raw,width=160,height=120,"
      "framerate=20/1 ! fakesink name=sink signal-handoffs=true";
  gchar *plain = g_strdup_printf (fmt, "");
  gchar *full = g_strdup_printf (fmt, "start-full=true");
  NeuroTestRun *a = neuro_test_run_seeked (plain, -1.0, 0, 3 * GST_SECOND);
  NeuroTestRun *b = neuro_test_run_seeked (full, -1.0, 0, 3 * GST_SECOND);
  guint k;

  fail_unless_equals_int (a->buffers->len, 60);
  fail_unless_equals_int (b->buffers->len, 60);
  for (k = 0; k < 60; k++) {
    GstBuffer *x = g_ptr_array_index (a->buffers, k);
    GstBuffer *y = g_ptr_array_index (b->buffers, k);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (x), GST_BUFFER_PTS (y));
    fail_unless (neuro_test_buffers_equal (x, y), "frame %u differs", k);
  }
  neuro_test_run_free (a);
  neuro_test_run_free (b);
  g_free (plain);
  g_free (full);
}

GST_END_TEST;

static Suite *
spikeraster_suite (void)
{
  Suite *s = suite_create ("spikeraster");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_font_change_in_ready);
  tcase_add_test (tc, test_spike_at_documented_pixel);
  tcase_add_test (tc, test_bad_property_strings);
  tcase_add_test (tc, test_bad_property_while_playing);
  tcase_add_test (tc, test_unit_range_beyond_stream);
  tcase_add_test (tc, test_colour_spellings_from_launch);
  tcase_add_test (tc, test_bad_colour_error);
  tcase_add_test (tc, test_frame_count_and_timestamps);
  tcase_add_test (tc, test_deterministic);
  tcase_add_test (tc, test_rate_panel_value);
  tcase_add_test (tc, test_unit_out_of_range);
  tcase_add_test (tc, test_units_zero);
  tcase_add_test (tc, test_partial_record);
  tcase_add_test (tc, test_unsorted_and_nan);
  tcase_add_test (tc, test_framerate_zero);
  tcase_add_test (tc, test_renegotiation);
  tcase_add_test (tc, test_density_mode);
  tcase_add_test (tc, test_density_mode_dense);
  tcase_add_test (tc, test_sweep_and_groups);
  tcase_add_test (tc, test_marks_on_their_ticks);
  tcase_add_test (tc, test_density_rows_on_ticks);
  tcase_add_test (tc, test_edges_visible);
  tcase_add_test (tc, test_density_stable_scale);
  tcase_add_test (tc, test_rate_bins_stable);
  tcase_add_test (tc, test_bgra_straight_alpha);
  tcase_add_test (tc, test_sweep_gap_transparent);
  tcase_add_test (tc, test_unit_range_changed);
  tcase_add_test (tc, test_time_scale_seek_clamped);
  tcase_add_test (tc, test_title_frame_placeholder);
  tcase_add_test (tc, test_start_full);
  tcase_add_test (tc, test_x_axis_window);
  tcase_add_test (tc, test_rate_title_and_label);
  tcase_add_test (tc, test_rate_fill_and_width);
  tcase_add_test (tc, test_groups_default_cycle);

  tc = tcase_create ("pipeline");
  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_seek_and_flush);
  tcase_add_test (tc, test_state_cycles);
  tcase_add_test (tc, test_live);
  tcase_add_test (tc, test_time_scale);
  tcase_add_test (tc, test_time_scale_live);
  tcase_add_test (tc, test_bgra_composited_over_white);
  tcase_add_test (tc, test_start_full_duration);
  tcase_add_test (tc, test_reverse_equals_forward);
  tcase_add_test (tc, test_reverse_start_full);
  return s;
}

GST_CHECK_MAIN (spikeraster);
