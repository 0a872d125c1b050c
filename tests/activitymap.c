/* gst-neuroviz — activitymap tests: cell colours at the documented pixels
 * (nearest and bilinear), scaling, NaN and log, grid sizes from 1x1 to
 * 4096x4096, bad caps and buffers, a still frame and its title's time,
 * histogram bar heights.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <string.h>
#include <math.h>

#include "neurotypes.h"
#include "neurocolormap.h"
#include "neurotest.h"

/* image fills the whole frame: x0 = y0 = 0, w x h = frame size */
#define BARE "axes=false title=\"\" colorbar=false aspect=auto"

static gint out_w = 320, out_h = 240;

static GstHarness *
map_harness_rate (const gchar * props, gint gw, gint gh, gint w, gint h,
    const gchar * in_rate, const gchar * out_rate)
{
  GstHarness *h_ = neuro_test_harness_new ("activitymap %s",
      props ? props : "");

  neuro_test_harness_set_src_caps (h_, "application/x-neuro-frame, "
      "format=F32LE, width=(int)%d, height=(int)%d, framerate=%s", gw, gh,
      in_rate ? in_rate : "10/1");
  neuro_test_harness_set_sink_caps (h_, "video/x-raw, format=BGRx, "
      "width=%d, height=%d, framerate=%s", w, h, out_rate);
  out_w = w;
  out_h = h;
  return h_;
}

static GstHarness *
map_harness (const gchar * props, gint gw, gint gh, gint w, gint h,
    const gchar * in_rate)
{
  return map_harness_rate (props, gw, gh, w, h, in_rate, "10/1");
}

static GstBuffer *
make_frame (const gfloat * v, gsize n, gdouble pts, gdouble dur)
{
  return neuro_test_buffer_floats (v, n,
      (GstClockTime) llround (pts * GST_SECOND), dur > 0 ?
      (GstClockTime) llround (dur * GST_SECOND) : GST_CLOCK_TIME_NONE);
}

/* pushes one frame and EOS, returns the first output frame */
static GstBuffer *
render_one (GstHarness * h, const gfloat * v, gsize n)
{
  GstBuffer *out;

  fail_unless_equals_int (gst_harness_push (h, make_frame (v, n, 0, 0.1)),
      GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  out = gst_harness_pull (h);
  fail_unless (out != NULL);
  return out;
}

static guint32
px (GstMapInfo * map, gint x, gint y)
{
  return ((guint32 *) (map->data + (gsize) y * out_w * 4))[x] & 0xffffff;
}

/* Every pixel of the frame shows the colour of the cell the documented
 * geometry gives: column c -> cell floor (((c + 1)·W - 1) / w). */
static void
check_nearest (const gchar * cmap_name, gint gw, gint gh, gint w, gint h)
{
  gchar *props = g_strdup_printf (BARE " scale=fixed vmin=0 vmax=1 "
      "colormap=%s", cmap_name);
  GstHarness *hr = map_harness (props, gw, gh, w, h, NULL);
  gsize n = (gsize) gw * gh, k;
  gfloat *v = g_new (gfloat, n);
  NeuroColormap cm = neuro_colormap_from_string (cmap_name, NULL);
  GstBuffer *out;
  GstMapInfo map;
  gint x, y;

  for (k = 0; k < n; k++)
    v[k] = n > 1 ? (gfloat) ((k * 37) % n) / (gfloat) (n - 1) : 0.5f;
  out = render_one (hr, v, n);
  gst_buffer_map (out, &map, GST_MAP_READ);
  for (y = 0; y < h; y++) {
    gint i = (gint) ((((gint64) y + 1) * gh - 1) / h);
    for (x = 0; x < w; x++) {
      gint j = (gint) ((((gint64) x + 1) * gw - 1) / w);
      guint32 expect = neuro_colormap_map (cm, v[(gsize) i * gw + j], 0, 1,
          0) & 0xffffff;

      if (px (&map, x, y) != expect)
        fail ("%s %dx%d: pixel (%d,%d) is %06x, cell (%d,%d) value %g wants "
            "%06x", cmap_name, gw, gh, x, y, px (&map, x, y), i, j,
            v[(gsize) i * gw + j], expect);
    }
  }
  /* spans: cell j starts at floor (j·w/W) */
  for (x = 0; x < gw; x++) {
    gint c0 = (gint) ((gint64) x * w / gw);
    if (c0 < w && c0 > 0)
      fail_unless ((((gint64) c0 + 1) * gw - 1) / w == x);
  }
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (hr);
  g_free (v);
  g_free (props);
}

GST_START_TEST (test_nearest_cells)
{
  check_nearest ("viridis", 5, 3, 320, 240);
  check_nearest ("RdBu_r", 7, 7, 320, 240);
  check_nearest ("hot", 50, 50, 320, 240);
  check_nearest ("jet", 13, 11, 320, 240);
  check_nearest ("plasma", 1, 1, 320, 240);
}

GST_END_TEST;

/* Bilinear: a pixel centred on a cell centre shows that cell's colour
 * (300 / 4 = 75 px per cell: cell j's centre is pixel 75 j + 37). */
GST_START_TEST (test_bilinear_centres)
{
  const gchar *maps[] = { "viridis", "coolwarm", "magma" };
  gint m;

  for (m = 0; m < 3; m++) {
    gchar *props = g_strdup_printf (BARE " scale=fixed vmin=-1 vmax=1 "
        "interpolation=bilinear colormap=%s", maps[m]);
    GstHarness *h = map_harness (props, 4, 4, 300, 180, NULL);
    gfloat v[16];
    GstBuffer *out;
    GstMapInfo map;
    gint i, j;
    NeuroColormap cm = neuro_colormap_from_string (maps[m], NULL);

    for (i = 0; i < 16; i++)
      v[i] = sinf (i * 1.3f);
    out = render_one (h, v, 16);
    gst_buffer_map (out, &map, GST_MAP_READ);
    for (i = 0; i < 4; i++)
      for (j = 0; j < 4; j++) {
        guint32 expect = neuro_colormap_map (cm, v[i * 4 + j], -1, 1, 0);
        fail_unless_equals_int (px (&map, 75 * j + 37, 45 * i + 22),
            expect & 0xffffff);
      }
    /* between two centres the colour is interpolated, not a copy */
    {
      gfloat mid = (v[0] + v[1]) / 2;
      guint32 expect = neuro_colormap_map (cm, mid, -1, 1, 0) & 0xffffff;
      guint32 got = px (&map, 75, 22);
      gint d = ABS ((gint) ((got >> 8) & 0xff) - (gint) ((expect >> 8) &
              0xff));

      fail_unless (d <= 8, "midpoint %06x vs %06x", got, expect);
    }
    gst_buffer_unmap (out, &map);
    gst_buffer_unref (out);
    neuro_test_harness_teardown (h);
    g_free (props);
  }
}

GST_END_TEST;

GST_START_TEST (test_auto_scale)
{
  const gchar *modes[] = { "frame", "stream" };
  gint m;

  for (m = 0; m < 2; m++) {
    gchar *props = g_strdup_printf (BARE " scale=%s", modes[m]);
    GstHarness *h = map_harness (props, 2, 2, 320, 240, NULL);
    gfloat v[4] = { 2.0f, 7.0f, 3.0f, 4.5f };
    const guint32 *lut = neuro_colormap_lut (NEURO_COLORMAP_VIRIDIS);
    GstBuffer *out = render_one (h, v, 4);
    GstMapInfo map;

    gst_buffer_map (out, &map, GST_MAP_READ);
    fail_unless_equals_int (px (&map, 10, 10), lut[0] & 0xffffff);
    fail_unless_equals_int (px (&map, 300, 10), lut[255] & 0xffffff);
    fail_unless_equals_int (px (&map, 10, 200),
        lut[(gint) ((1.0 / 5.0) * 256)] & 0xffffff);
    gst_buffer_unmap (out, &map);
    gst_buffer_unref (out);
    neuro_test_harness_teardown (h);
    g_free (props);
  }
}

GST_END_TEST;

/* symmetric: [-m, m], m the largest |v| */
GST_START_TEST (test_symmetric_scale)
{
  GstHarness *h = map_harness (BARE " scale=symmetric colormap=RdBu_r", 2, 1,
      320, 240, NULL);
  gfloat v[2] = { -0.5f, 2.0f };
  const guint32 *lut = neuro_colormap_lut (NEURO_COLORMAP_RDBU_R);
  GstBuffer *out = render_one (h, v, 2);
  GstMapInfo map;

  gst_buffer_map (out, &map, GST_MAP_READ);
  fail_unless_equals_int (px (&map, 300, 100), lut[255] & 0xffffff);
  /* (-0.5 + 2) / 4 = 0.375 -> index 96 */
  fail_unless_equals_int (px (&map, 10, 100), lut[96] & 0xffffff);
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_nan_bad_color)
{
  gfloat v[2] = { NAN, 0.5f };
  GstHarness *h;
  GstBuffer *out;
  GstMapInfo map;

  /* default: transparent, the (white) background shows through */
  h = map_harness (BARE " scale=fixed", 2, 1, 320, 240, NULL);
  out = render_one (h, v, 2);
  gst_buffer_map (out, &map, GST_MAP_READ);
  fail_unless_equals_int (px (&map, 10, 10), 0xffffff);
  fail_unless_equals_int (px (&map, 200, 10),
      neuro_colormap_lut (NEURO_COLORMAP_VIRIDIS)[128] & 0xffffff);
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);

  h = map_harness (BARE " scale=fixed bad-color=0xffff00ff", 2, 1, 320, 240,
      NULL);
  out = render_one (h, v, 2);
  gst_buffer_map (out, &map, GST_MAP_READ);
  fail_unless_equals_int (px (&map, 10, 10), 0xff00ff);
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);

  /* translucent: blended over the background */
  h = map_harness (BARE " scale=fixed bad-color=0x80000000 "
      "background=0xff000000", 2, 1, 320, 240, NULL);
  out = render_one (h, v, 2);
  gst_buffer_map (out, &map, GST_MAP_READ);
  fail_unless_equals_int (px (&map, 10, 10), 0x000000);
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_log_scale)
{
  GstHarness *h = map_harness (BARE " scale=frame log=true "
      "bad-color=0xffff0000", 4, 1, 320, 240, NULL);
  gfloat v[4] = { 1.0f, 10.0f, 100.0f, 0.0f };
  const guint32 *lut = neuro_colormap_lut (NEURO_COLORMAP_VIRIDIS);
  GstBuffer *out = render_one (h, v, 4);
  GstMapInfo map;

  gst_buffer_map (out, &map, GST_MAP_READ);
  fail_unless_equals_int (px (&map, 40, 10), lut[0] & 0xffffff);
  fail_unless_equals_int (px (&map, 120, 10), lut[128] & 0xffffff);
  fail_unless_equals_int (px (&map, 200, 10), lut[255] & 0xffffff);
  fail_unless_equals_int (px (&map, 280, 10), 0xff0000);
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* A log colorbar over 1..1000 has its ticks at the decades 10^0..10^3:
 * four tick marks, evenly spaced, the first at the bottom of the bar and
 * the last at the top (a linear bar over log10 values would put ticks at
 * 0, 0.5, 1, ...). */
GST_START_TEST (test_log_colorbar_ticks)
{
  GstHarness *h = map_harness ("axes=false title=\"\" colorbar=true "
      "colorbar-label=\"\" aspect=auto scale=fixed log=true vmin=1 "
      "vmax=1000", 4, 1, 480, 360, NULL);
  gfloat v[4] = { 1.0f, 10.0f, 100.0f, 1000.0f };
  GstBuffer *out = render_one (h, v, 4);
  GstMapInfo map;
  gint x, y, xr = -1, ticks[16], n = 0, top = -1, bottom = -1;

  gst_buffer_map (out, &map, GST_MAP_READ);
  /* the bar's right edge: the rightmost coloured pixel of the middle row */
  for (x = 479; x > 0 && xr < 0; x--) {
    guint32 c = px (&map, x, 180);
    guint r = c >> 16, g = (c >> 8) & 0xff, b = c & 0xff;

    if (MAX (r, MAX (g, b)) - MIN (r, MIN (g, b)) > 40)
      xr = x;
  }
  fail_unless (xr > 240, "no colorbar found");
  /* the bar's frame and the ticks are black, right of the bar */
  for (y = 0; y < 360; y++) {
    if (px (&map, xr, y) != 0xffffff && top < 0)
      top = y;
    if (px (&map, xr, y) != 0xffffff)
      bottom = y;
    if (px (&map, xr + 3, y) == 0 && (n == 0 || ticks[n - 1] != y - 1)
        && n < 16)
      ticks[n++] = y;
  }
  fail_unless_equals_int (n, 4);
  fail_unless (ABS (ticks[0] - top) <= 1 && ABS (ticks[3] - bottom) <= 1,
      "ticks %d..%d, bar %d..%d", ticks[0], ticks[3], top, bottom);
  fail_unless (ABS ((ticks[1] - ticks[0]) - (ticks[3] - ticks[2])) <= 1);
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* 4096 x 4096 cells on 320 x 240 pixels: each pixel shows the last cell
 * that starts at or before it. */
GST_START_TEST (test_large_grid)
{
  gint gw = 4096, gh = 4096, x, y;
  gsize n = (gsize) gw * gh, k;
  gfloat *v = g_new (gfloat, n);
  GstHarness *h = map_harness (BARE " scale=fixed vmin=0 vmax=4095", gw, gh,
      320, 240, NULL);
  GstBuffer *out;
  GstMapInfo map;

  for (k = 0; k < n; k++)
    v[k] = (gfloat) ((k % gw + k / gw) % 4096);
  out = render_one (h, v, n);
  gst_buffer_map (out, &map, GST_MAP_READ);
  for (y = 0; y < 240; y += 17)
    for (x = 0; x < 320; x += 13) {
      gint i = (gint) (((y + 1) * (gint64) gh - 1) / 240);
      gint j = (gint) (((x + 1) * (gint64) gw - 1) / 320);
      guint32 e = neuro_colormap_map (NEURO_COLORMAP_VIRIDIS,
          v[(gsize) i * gw + j], 0, 4095, 0);
      fail_unless_equals_int (px (&map, x, y), e & 0xffffff);
    }
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
  g_free (v);
}

GST_END_TEST;

/* Full decorations on a small matrix: axes, labels, colorbar, grid lines
 * and printed values.  The cached decorations are reused for the second
 * frame, which must equal a freshly drawn one. */
GST_START_TEST (test_decorated_matrix)
{
  const gchar *props = "colormap=RdBu_r scale=fixed vmin=-1 vmax=1 "
      "colorbar-label=Weight x-label=Post-synaptic y-label=Pre-synaptic "
      "grid-lines=true show-values=true title=\"W\"";
  GstHarness *h = map_harness (props, 5, 5, 640, 480, NULL);
  gfloat v[25];
  GstBuffer *a, *b, *c;
  gint i;

  for (i = 0; i < 25; i++)
    v[i] = cosf (i * 0.7f);
  gst_harness_push (h, make_frame (v, 25, 0, 0.1));
  gst_harness_push (h, make_frame (v, 25, 0.1, 0.1));
  gst_harness_push_event (h, gst_event_new_eos ());
  a = gst_harness_pull (h);
  b = gst_harness_pull (h);
  fail_unless (a && b);
  {
    GstMapInfo ma;
    gst_buffer_map (a, &ma, GST_MAP_READ);
    fail_unless (gst_buffer_memcmp (b, 0, ma.data, ma.size) == 0,
        "cached decorations differ");
    gst_buffer_unmap (a, &ma);
  }
  neuro_test_harness_teardown (h);

  /* same picture from a fresh element */
  h = map_harness (props, 5, 5, 640, 480, NULL);
  c = render_one (h, v, 25);
  {
    GstMapInfo ma;
    gst_buffer_map (a, &ma, GST_MAP_READ);
    fail_unless (gst_buffer_memcmp (c, 0, ma.data, ma.size) == 0);
    gst_buffer_unmap (a, &ma);
  }
  gst_buffer_unref (a);
  gst_buffer_unref (b);
  gst_buffer_unref (c);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_caps_overflow)
{
  GstHarness *h = map_harness (BARE, 2147483647, 2147483647, 320, 240, NULL);
  gfloat v = 1.0f;
  gchar *msg;

  gst_harness_push (h, make_frame (&v, 1, 0, 0.1));
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "2147483647x2147483647") &&
      strstr (msg, "out of range"), "%s", msg);
  g_free (msg);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_caps_without_size)
{
  GstHarness *h = neuro_test_harness_new ("activitymap");
  gfloat v = 1.0f;
  gchar *msg;

  gst_harness_set_src_caps_str (h, "application/x-neuro-frame, "
      "format=F32LE, framerate=10/1");
  gst_harness_set_sink_caps_str (h, "video/x-raw, format=BGRx, width=320, "
      "height=240, framerate=10/1");
  gst_harness_push (h, make_frame (&v, 1, 0, 0.1));
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "no width and height") != NULL, "%s", msg);
  g_free (msg);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_short_buffer)
{
  GstHarness *h = map_harness (BARE, 10, 10, 320, 240, NULL);
  gfloat v[99] = { 0 };
  gchar *msg;

  gst_harness_push (h, make_frame (v, 99, 0, 0.1));
  gst_harness_push_event (h, gst_event_new_eos ());
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "396 bytes") && strstr (msg, "400 bytes"), "%s",
      msg);
  g_free (msg);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* A single still matrix (framerate 0/1, no duration): one frame, then EOS */
GST_START_TEST (test_still_frame)
{
  GstHarness *h = map_harness (BARE " scale=fixed", 3, 3, 320, 240, "0/1");
  gfloat v[9] = { 0, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f };
  GstBuffer *out;
  GstMapInfo map;

  fail_unless_equals_int (gst_harness_push (h, make_frame (v, 9, 0, 0)),
      GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  out = gst_harness_pull (h);
  fail_unless (out != NULL);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (out), 0);
  gst_buffer_map (out, &map, GST_MAP_READ);
  fail_unless_equals_int (px (&map, 319, 239),
      neuro_colormap_map (NEURO_COLORMAP_VIRIDIS, 0.8, 0, 1, 0) & 0xffffff);
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  neuro_test_expect_eos_last (h);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* The frames a still (framerate 0/1, no duration) at @pts gives at output
 * rate @rate with @props, in a segment from @pts with stream time
 * @stream_time: all of them, in order, until EOS. */
static GList *
render_still (const gchar * props, gdouble pts, gdouble stream_time,
    const gchar * rate)
{
  GstHarness *h = map_harness_rate (props, 3, 3, 320, 240, "0/1", rate);
  gfloat v[9] = { 0, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f };
  GList *frames = NULL;
  GstBuffer *out;
  GstSegment seg;

  gst_segment_init (&seg, GST_FORMAT_TIME);
  seg.start = (GstClockTime) llround (pts * GST_SECOND);
  seg.time = (GstClockTime) llround (stream_time * GST_SECOND);
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
  fail_unless_equals_int (gst_harness_push (h, make_frame (v, 9, pts, 0)),
      GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  /* the frames are queued before the EOS that follows them */
  for (;;) {
    GstEvent *ev = gst_harness_pull_event (h);
    gboolean eos;

    fail_unless (ev != NULL, "no EOS");
    eos = GST_EVENT_TYPE (ev) == GST_EVENT_EOS;
    gst_event_unref (ev);
    if (eos)
      break;
  }
  while ((out = gst_harness_try_pull (h)))
    frames = g_list_append (frames, out);
  neuro_test_harness_teardown (h);
  return frames;
}

/* A still has one time, its own: "{t}" in its title is its PTS in stream
 * time at every output rate (it was the end of the first output frame:
 * "t = 0.10 s" at 10 fps, "t = 0.03 s" at 30 fps).  The still is the only
 * frame; it looks exactly like one with a fixed title of its time. */
GST_START_TEST (test_still_title_time)
{
  const gchar *rates[2] = { "10/1", "30/1" };
  /* PTS 0 in the default segment; PTS 0.5 s in a segment from 0.5 s whose
   * stream time is 2 s there */
  const gdouble pts[2] = { 0, 0.5 }, stream[2] = { 0, 2 };
  gint r, p;

  for (p = 0; p < 2; p++) {
    gchar *fixed = g_strdup_printf ("axes=false colorbar=false scale=fixed "
        "title=\"t = %.2f s\"", stream[p]);

    for (r = 0; r < 2; r++) {
      GList *ref = render_still (fixed, pts[p], stream[p], rates[r]);
      GList *got = render_still ("axes=false colorbar=false scale=fixed",
          pts[p], stream[p], rates[r]);
      GstBuffer *want, *have;
      GstMapInfo map;

      fail_unless_equals_int (g_list_length (ref), 1);
      fail_unless_equals_int (g_list_length (got), 1);
      want = ref->data;
      have = got->data;
      fail_unless_equals_uint64 (GST_BUFFER_PTS (have),
          (GstClockTime) llround (pts[p] * GST_SECOND));
      gst_buffer_map (want, &map, GST_MAP_READ);
      fail_unless (gst_buffer_memcmp (have, 0, map.data, map.size) == 0,
          "the still at %.2f s (stream time %.2f s) at %s fps is not titled "
          "\"t = %.2f s\"", pts[p], stream[p], rates[r], stream[p]);
      gst_buffer_unmap (want, &map);
      g_list_free_full (ref, (GDestroyNotify) gst_buffer_unref);
      g_list_free_full (got, (GDestroyNotify) gst_buffer_unref);
    }
    g_free (fixed);
  }
}

GST_END_TEST;

/* Bars: bin k spans columns [k·w/bins, (k+1)·w/bins), its height is
 * round (count·h/count-max) pixels. */
GST_START_TEST (test_histogram_counts)
{
  GstHarness *h = map_harness ("view=histogram axes=false title=\"\" "
      "bins=4 range-min=0 range-max=4 count-max=24", 3, 3, 320, 240, NULL);
  /* counts: [0,1) 1, [1,2) 3, [2,3) 0, [3,4] 4 (4.0 is in the last bin),
   * 5.0 and NaN are not counted */
  gfloat v[9] = { 0.5f, 1.0f, 1.5f, 1.99f, 3.0f, 3.5f, 4.0f, 5.0f, NAN };
  const gint counts[4] = { 1, 3, 0, 3 };
  GstBuffer *out = render_one (h, v, 9);
  GstMapInfo map;
  gint k, y;

  gst_buffer_map (out, &map, GST_MAP_READ);
  for (k = 0; k < 4; k++) {
    gint n = 0;
    for (y = 0; y < 240; y++)
      if (px (&map, 80 * k + 40, y) != 0xffffff)
        n++;
    fail_unless_equals_int (n, counts[k] * 10);
    /* bar edges */
    if (counts[k]) {
      fail_unless (px (&map, 80 * k, 239) != 0xffffff);
      fail_unless (px (&map, 80 * k + 79, 239) != 0xffffff);
    }
  }
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* Histogram ranges whose width is subnormal or overflows: every value in
 * its bin (numpy's formula gave index INT_MIN for the first, a write far
 * before the counts, and bin 0 for everything with the second). */
GST_START_TEST (test_histogram_extreme_range)
{
  const gchar *props[2] = {
    "view=histogram axes=false title=\"\" bins=4 range-min=0 "
        "range-max=1e-320 count-max=24",
    "view=histogram axes=false title=\"\" bins=4 range-min=-1e308 "
        "range-max=1e308 count-max=24"
  };
  /* tiny: the zeros are in bin 0, the rest above the range;
   * huge: every finite value is 0 to double precision, the left edge of
   * bin 2 */
  gfloat v[9] = { 0, 0, 0, 1.0f, -1.0f, 3e38f, 2.5f, 7.0f, NAN };
  const gint counts[2][4] = { {3, 0, 0, 0}, {0, 0, 8, 0} };
  gint r;

  for (r = 0; r < 2; r++) {
    GstHarness *h = map_harness (props[r], 3, 3, 320, 240, NULL);
    GstBuffer *out = render_one (h, v, 9);
    GstMapInfo map;
    gint k, y;

    gst_buffer_map (out, &map, GST_MAP_READ);
    for (k = 0; k < 4; k++) {
      gint n = 0;
      for (y = 0; y < 240; y++)
        if (px (&map, 80 * k + 40, y) != 0xffffff)
          n++;
      fail_unless_equals_int (n, counts[r][k] * 10);
    }
    gst_buffer_unmap (out, &map);
    gst_buffer_unref (out);
    neuro_test_harness_teardown (h);
  }
}

GST_END_TEST;

/* vmin > vmax is an error naming both (matplotlib's Normalize raises) */
GST_START_TEST (test_vmin_vmax)
{
  GstHarness *h = map_harness (BARE " scale=fixed vmin=2 vmax=1", 2, 2, 320,
      240, NULL);
  gfloat v[4] = { 0.0f, 1.0f, 1.5f, 9.0f };
  gchar *msg;

  gst_harness_push (h, make_frame (v, 4, 0, 0.1));
  gst_harness_push_event (h, gst_event_new_eos ());
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "vmin=2") && strstr (msg, "vmax=1"), "%s", msg);
  g_free (msg);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* vmin == vmax: widened as matplotlib's colorbar widens the norm
 * (transforms.nonsingular, expander 0.1): 1, 1 -> 0.9, 1.1, so 1 is the
 * middle colour, 0 the first and 9 the last. */
GST_START_TEST (test_vmin_equals_vmax)
{
  GstHarness *h = map_harness (BARE " scale=fixed vmin=1 vmax=1", 2, 2, 320,
      240, NULL);
  gfloat v[4] = { 0.0f, 1.0f, 9.0f, 1.0f };
  const guint32 *lut = neuro_colormap_lut (NEURO_COLORMAP_VIRIDIS);
  GstBuffer *out = render_one (h, v, 4);
  GstMapInfo map;
  gint mid = neuro_colormap_index (1.0, 0.9, 1.1);

  fail_unless (mid >= 127 && mid <= 128, "%d", mid);
  gst_buffer_map (out, &map, GST_MAP_READ);
  fail_unless_equals_int (px (&map, 10, 10), lut[0] & 0xffffff);
  fail_unless_equals_int (px (&map, 300, 10), lut[mid] & 0xffffff);
  fail_unless_equals_int (px (&map, 10, 200), lut[255] & 0xffffff);
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* Frames of an 8 x 6 ramp at 0, 0.1, ... 0.4 s; @prop changes to @value
 * once the first is drawn (NULL: no change).  Returns the second output
 * frame, the first drawn after the change. */
static GstBuffer *
render_changed (const gchar * props, const gchar * prop, const gchar * value)
{
  GstHarness *h = map_harness (props, 8, 6, 320, 240, "10/1");
  GstBuffer *out = NULL;
  gfloat v[48];
  gint i, k;

  for (k = 0; k < 5; k++) {
    for (i = 0; i < 48; i++)
      v[i] = k % 2 ? 1.0f - i / 47.0f : i / 47.0f;
    fail_unless_equals_int (gst_harness_push (h, make_frame (v, 48, k * 0.1,
                0.1)), GST_FLOW_OK);
    if (k == 1) {
      /* the first frame is drawn (its buffer goes back to the pool with
       * garbage: what a later frame does not draw shows); the last waits
       * for its data */
      neuro_test_release_scribbled (gst_harness_pull (h));
      if (prop) {
        GstElement *e = gst_harness_find_element (h, "activitymap");

        gst_util_set_object_arg (G_OBJECT (e), prop, value);
        gst_object_unref (e);
      }
    }
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  for (k = 1; k < 5; k++) {
    GstBuffer *f = gst_harness_pull (h);

    fail_unless (f != NULL, "frame %d missing", k);
    if (out == NULL)
      out = f;
    else
      gst_buffer_unref (f);
  }
  neuro_test_harness_teardown (h);
  return out;
}

/* The image's rectangle is painted whole, so it is not cleared before it
 * (gst_neuro_renderer_claim_opaque); when it moves (the colorbar comes or
 * goes, the aspect changes), what it left is cleared: the frame after the
 * change equals the one drawn with the new setting from the start. */
GST_START_TEST (test_image_area_moves)
{
  const gchar *cases[][3] = {
    {"scale=fixed vmin=0 vmax=1 colorbar=true", "colorbar", "false"},
    {"scale=fixed vmin=0 vmax=1 colorbar=false", "colorbar", "true"},
    {"scale=fixed vmin=0 vmax=1 aspect=auto", "aspect", "equal"},
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    gchar *fresh = g_strdup_printf ("%s %s=%s", cases[i][0], cases[i][1],
        cases[i][2]);
    GstBuffer *a = render_changed (cases[i][0], cases[i][1], cases[i][2]);
    GstBuffer *b = render_changed (fresh, NULL, NULL);

    fail_unless (neuro_test_buffers_equal (a, b), "%s, then %s=%s: not the "
        "frame drawn with %s", cases[i][0], cases[i][1], cases[i][2], fresh);
    gst_buffer_unref (a);
    gst_buffer_unref (b);
    g_free (fresh);
  }
}

GST_END_TEST;

/* The axes around the image are drawn on the first two frames and
 * restored from the decorations cache after: frames of the same data are
 * byte-identical either way (and the axes are there). */
GST_START_TEST (test_decorations_restored)
{
  GstHarness *h = map_harness ("scale=fixed vmin=0 vmax=1 title=\"\" "
      "x-label=Column y-label=Row", 8, 6, 320, 240, "10/1");
  GstBuffer *f[5];
  gfloat v[48];
  gint i, k, x, y, dark = 0;
  GstMapInfo map;

  for (k = 0; k < 5; k++) {
    for (i = 0; i < 48; i++)
      v[i] = k % 2 ? 1.0f - i / 47.0f : i / 47.0f;
    fail_unless_equals_int (gst_harness_push (h, make_frame (v, 48, k * 0.1,
                0.1)), GST_FLOW_OK);
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  for (k = 0; k < 5; k++) {
    f[k] = gst_harness_pull (h);
    fail_unless (f[k] != NULL, "frame %d missing", k);
  }
  fail_unless (neuro_test_buffers_equal (f[0], f[2]), "restored frame 2 "
      "differs from frame 0, drawn");
  fail_unless (neuro_test_buffers_equal (f[1], f[3]), "restored frame 3 "
      "differs from frame 1, drawn");
  /* the axes' text: dark grey pixels (the image has none: the ramp runs
   * through viridis, whose darkest is purple) */
  gst_buffer_map (f[4], &map, GST_MAP_READ);
  for (y = 0; y < 240; y++)
    for (x = 0; x < 320; x++) {
      guint32 p = px (&map, x, y);
      gint r = p >> 16, g = (p >> 8) & 0xff, b = p & 0xff;

      dark += r < 0x60 && abs (r - g) < 8 && abs (g - b) < 8;
    }
  gst_buffer_unmap (f[4], &map);
  fail_unless (dark > 50, "no axes text (%d dark grey pixels)", dark);
  for (k = 0; k < 5; k++)
    gst_buffer_unref (f[k]);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

static Suite *
activitymap_suite (void)
{
  Suite *s = suite_create ("activitymap");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_nearest_cells);
  tcase_add_test (tc, test_bilinear_centres);
  tcase_add_test (tc, test_auto_scale);
  tcase_add_test (tc, test_vmin_vmax);
  tcase_add_test (tc, test_vmin_equals_vmax);
  tcase_add_test (tc, test_symmetric_scale);
  tcase_add_test (tc, test_nan_bad_color);
  tcase_add_test (tc, test_log_scale);
  tcase_add_test (tc, test_log_colorbar_ticks);
  tcase_add_test (tc, test_large_grid);
  tcase_add_test (tc, test_decorated_matrix);
  tcase_add_test (tc, test_caps_overflow);
  tcase_add_test (tc, test_caps_without_size);
  tcase_add_test (tc, test_short_buffer);
  tcase_add_test (tc, test_still_frame);
  tcase_add_test (tc, test_still_title_time);
  tcase_add_test (tc, test_histogram_counts);
  tcase_add_test (tc, test_histogram_extreme_range);
  tcase_add_test (tc, test_image_area_moves);
  tcase_add_test (tc, test_decorations_restored);
  return s;
}

GST_CHECK_MAIN (activitymap);
