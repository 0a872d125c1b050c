/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* gst-neuroviz — netgraph tests: node positions and colours, edge colours
 * by sign and the threshold, overlay on video (untouched pixels, exact
 * timestamps), weights and activity at different rates, errors (non-square,
 * N mismatch, positions outside the frame, NaN, positions read at the
 * start), deterministic spring layout.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <string.h>
#include <glib/gstdio.h>
#include <math.h>

#include "neurotypes.h"
#include "neurocolormap.h"
#include "neurotest.h"

#define W 320
#define H 240
/* no title, no outline: nodes are plain discs */
#define BARE "title=\"\" node-outline=0 positions-units=pixels"

static GstHarness *
graph_harness_rate (const gchar * props, gint n, const gchar * wrate,
    const gchar * out_rate)
{
  gchar *desc = g_strdup_printf ("netgraph %s", props ? props : "");
  /* the element itself (not a bin) so that request pads can be added */
  GstElement *el = gst_parse_launch (desc, NULL);
  GstHarness *h;

  fail_unless (el != NULL);
  h = neuro_test_harness_new_with_element (el, "weights", "src");
  gst_object_unref (el);
  g_free (desc);
  neuro_test_harness_set_src_caps (h, "application/x-neuro-frame, "
      "format=F32LE, width=(int)%d, height=(int)%d, framerate=%s", n, n,
      wrate ? wrate : "0/1");
  neuro_test_harness_set_sink_caps (h, "video/x-raw, format=BGRx, "
      "width=(int)320, height=(int)240, framerate=%s", out_rate);
  return h;
}

static GstHarness *
graph_harness (const gchar * props, gint n, const gchar * wrate)
{
  return graph_harness_rate (props, n, wrate, "20/1");
}

static GstBuffer *
floats (const gfloat * v, gsize n, gdouble pts, gdouble dur)
{
  return neuro_test_buffer_floats (v, n,
      (GstClockTime) llround (pts * GST_SECOND), dur > 0 ?
      (GstClockTime) llround (dur * GST_SECOND) : GST_CLOCK_TIME_NONE);
}

/* One matrix (PTS 0), EOS, and the frame it gives. */
static GstBuffer *
render_matrix (GstHarness * h, const gfloat * w, gsize nn)
{
  GstBuffer *out;

  gst_harness_push (h, floats (w, nn, 0, 0));
  gst_harness_push_event (h, gst_event_new_eos ());
  out = gst_harness_pull (h);
  fail_unless (out != NULL);
  return out;
}

static guint32
px (GstBuffer * buf, gint x, gint y)
{
  return neuro_test_buffer_pixel (buf, W, H, x, y) & 0xffffff;
}

/* netgraph with @props, its own bus, taken to PAUSED: the start must fail
 * with an error message, whose text is returned. */
static gchar *
start_error (const gchar * props)
{
  gchar *desc = g_strdup_printf ("netgraph %s", props);
  GstElement *el = gst_parse_launch (desc, NULL);
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  gchar *text;

  fail_unless (el != NULL);
  gst_element_set_bus (el, bus);
  fail_unless_equals_int (gst_element_set_state (el, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "no error message");
  text = neuro_test_message_text (msg);
  gst_message_unref (msg);
  gst_element_set_state (el, GST_STATE_NULL);
  gst_bus_set_flushing (bus, TRUE);
  gst_object_unref (bus);
  gst_object_unref (el);
  g_free (desc);
  return text;
}

/* Nodes are at their pixel positions in the colour their activity gives;
 * an edge above the threshold has the sign colour, one below is absent. */
GST_START_TEST (test_nodes_and_edges)
{
  GstHarness *h = graph_harness (BARE " positions=\"40,40;280,40;40,200;"
      "280,200\" node-size=16 colormap=viridis vmin=0 vmax=1 threshold=0.1 "
      "edge-width=4 edge-alpha=1.25", 4, NULL);
  GstHarness *ha = gst_harness_new_with_element (h->element, "activity",
      NULL);
  /* 0-1 excitatory, 2-3 inhibitory, 0-2 below threshold, 1-3 absent */
  const gfloat w[16] = {
    0, 0.8f, 0.05f, 0,
    0.8f, 0, 0, 0,
    0.05f, 0, 0, -0.8f,
    0, 0, -0.8f, 0
  };
  const gfloat act[4] = { 0.0f, 0.3f, 0.7f, 1.0f };
  GstBuffer *out;
  gint i;
  const gint nx[4] = { 40, 280, 40, 280 }, ny[4] = { 40, 40, 200, 200 };

  gst_harness_set_src_caps_str (ha, "application/x-neuro-frame, "
      "format=F32LE, width=(int)4, height=(int)1, framerate=0/1");
  fail_unless_equals_int (gst_harness_push (ha, floats (act, 4, 0, 0)),
      GST_FLOW_OK);
  gst_harness_push_event (ha, gst_event_new_eos ());
  fail_unless_equals_int (gst_harness_push (h, floats (w, 16, 0, 0)),
      GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  out = gst_harness_pull (h);
  fail_unless (out != NULL);

  for (i = 0; i < 4; i++) {
    guint32 expect = neuro_colormap_map (NEURO_COLORMAP_VIRIDIS, act[i], 0, 1,
        0) & 0xffffff;

    fail_unless_equals_int (px (out, nx[i], ny[i]), expect);
    /* well inside the disc too */
    fail_unless_equals_int (px (out, nx[i] + 4, ny[i]), expect);
  }
  /* edge 0-1 along y = 40.5: red in the middle */
  fail_unless_equals_int (px (out, 160, 40), 0xff0000);
  fail_unless_equals_int (px (out, 160, 39), 0xff0000);
  /* edge 2-3: blue */
  fail_unless_equals_int (px (out, 160, 200), 0x0000ff);
  /* edge 0-2 below threshold, edge 1-3 absent: background */
  fail_unless_equals_int (px (out, 40, 120), 0xffffff);
  fail_unless_equals_int (px (out, 280, 120), 0xffffff);
  /* away from everything */
  fail_unless_equals_int (px (out, 160, 120), 0xffffff);
  gst_buffer_unref (out);
  gst_harness_teardown (ha);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* The circular layout puts node i at (cos 2πi/N, sin 2πi/N) fitted as the
 * documented geometry says; without activity nodes have node-color. */
GST_START_TEST (test_circular_geometry)
{
  GstHarness *h = graph_harness ("title=\"\" node-outline=0 node-size=10 "
      "node-color=0xff102030", 6, NULL);
  gfloat w[36] = { 0 };
  GstBuffer *out;
  gint i;
  gdouble aw = W, ah = H, R = 1.5, sc = MIN (aw, ah) / (2 * R);
  gdouble cx = (cos (2 * G_PI * 3 / 6) + 1) / 2;       /* bbox centre x */
  gdouble cy = 0;               /* symmetric in y */

  fail_unless_equals_int (gst_harness_push (h, floats (w, 36, 0, 0)),
      GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  out = gst_harness_pull (h);
  for (i = 0; i < 6; i++) {
    gdouble x = aw / 2 + (cos (2 * G_PI * i / 6) - cx) * sc;
    gdouble y = ah / 2 - (sin (2 * G_PI * i / 6) - cy) * sc;

    fail_unless_equals_int (px (out, (gint) floor (x), (gint) floor (y)),
        0x102030);
  }
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* Over video: timestamps exact, pixels away from the graph unchanged. */
GST_START_TEST (test_overlay)
{
  GstHarness *h = graph_harness (BARE " positions=\"100,100;200,150\" "
      "node-size=10", 2, NULL);
  GstHarness *hv = gst_harness_new_with_element (h->element, "video", NULL);
  const gfloat w[4] = { 0, 0.5f, 0.5f, 0 };
  const GstClockTime pts[3] = { 0, 40 * GST_MSECOND, 100 * GST_MSECOND };
  const GstClockTime dur[3] = { 40 * GST_MSECOND, 60 * GST_MSECOND,
    33 * GST_MSECOND
  };
  gsize size = W * H * 4;
  guint8 *ref = g_malloc (size);
  gsize k;
  gint f;

  /* downstream takes what the video brings */
  gst_harness_set_sink_caps_str (h, "video/x-raw");
  for (k = 0; k < size; k++)
    ref[k] = (guint8) ((k * 7) ^ (k >> 9));
  for (k = 3; k < size; k += 4)
    ref[k] = 0xff;
  gst_harness_set_src_caps_str (hv, "video/x-raw, format=BGRx, "
      "width=(int)320, height=(int)240, framerate=25/1");
  fail_unless_equals_int (gst_harness_push (h, floats (w, 4, 0, 0)),
      GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  for (f = 0; f < 3; f++) {
    GstBuffer *vb = gst_buffer_new_memdup (ref, size);

    GST_BUFFER_PTS (vb) = pts[f];
    GST_BUFFER_DURATION (vb) = dur[f];
    fail_unless_equals_int (gst_harness_push (hv, vb), GST_FLOW_OK);
  }
  gst_harness_push_event (hv, gst_event_new_eos ());

  for (f = 0; f < 3; f++) {
    GstBuffer *out = gst_harness_pull (h);
    GstMapInfo map;
    gint x, y, changed = 0;

    fail_unless (out != NULL);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (out), pts[f]);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (out), dur[f]);
    gst_buffer_map (out, &map, GST_MAP_READ);
    fail_unless_equals_int (map.size, size);
    for (y = 0; y < H; y++)
      for (x = 0; x < W; x++) {
        gboolean near = x >= 90 && x <= 210 && y >= 90 && y <= 160;
        gsize o = (gsize) y * W * 4 + x * 4;

        if (memcmp (map.data + o, ref + o, 3) != 0) {
          fail_unless (near, "pixel (%d,%d) changed away from the graph", x,
              y);
          changed++;
        }
      }
    /* the graph itself was drawn: node colour at its centre */
    fail_unless (changed > 100);
    fail_unless_equals_int (((guint32 *) (map.data + 100 * W * 4))[100] &
        0xffffff, 0xadd8e6);
    gst_buffer_unmap (out, &map);
    gst_buffer_unref (out);
  }
  g_free (ref);
  gst_harness_teardown (hv);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

typedef struct
{
  GstHarness *h;
  GList *bufs;
} PushJob;

static gpointer
push_all (gpointer data)
{
  PushJob *job = data;
  GList *l;

  for (l = job->bufs; l; l = l->next)
    gst_harness_push (job->h, l->data);
  gst_harness_push_event (job->h, gst_event_new_eos ());
  g_list_free (job->bufs);
  return NULL;
}

/* Weights at 10 Hz (edge sign alternates), activity at 100 Hz in 0.1 s
 * buffers (value = sample time): output at 20 fps shows for frame n (window
 * end t = (n+1)/20) the matrix and the sample last before t. */
GST_START_TEST (test_rates_in_sync)
{
  GstHarness *h = graph_harness (BARE " positions=\"40,40;280,40\" "
      "node-size=16 colormap=viridis vmin=0 vmax=2 edge-width=4 "
      "edge-alpha=1.25", 2, "10/1");
  GstHarness *ha = gst_harness_new_with_element (h->element, "activity",
      NULL);
  PushJob jw = { h, NULL }, ja = { ha, NULL };
  GThread *tw, *ta;
  gint m, k, n;

  gst_harness_set_src_caps_str (ha, "application/x-neuro-signal, "
      "format=F32LE, channels=(int)2, rate=(double)100");
  for (m = 0; m < 10; m++) {
    gfloat s = (m % 2) ? -0.8f : 0.8f;
    gfloat w[4] = { 0, s, s, 0 };
    gfloat a[20];

    jw.bufs = g_list_append (jw.bufs, floats (w, 4, m * 0.1, 0.1));
    for (k = 0; k < 10; k++)
      a[2 * k] = a[2 * k + 1] = (m * 10 + k) * 0.01f;
    ja.bufs = g_list_append (ja.bufs, floats (a, 20, m * 0.1, 0.1));
  }
  tw = g_thread_new ("push-w", push_all, &jw);
  ta = g_thread_new ("push-a", push_all, &ja);
  for (n = 0; n < 20; n++) {
    GstBuffer *out = gst_harness_pull (h);
    gint t_ms = (n + 1) * 50;   /* window end */
    gint wm = (t_ms - 1) / 100; /* last matrix starting before it */
    gint sk = (t_ms - 1) / 10;  /* last sample before it */
    guint32 node = neuro_colormap_map (NEURO_COLORMAP_VIRIDIS,
        (gfloat) (sk * 0.01f), 0, 2, 0) & 0xffffff;

    fail_unless (out != NULL);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (out), n * 50 * GST_MSECOND);
    fail_unless_equals_int (px (out, 160, 40), (wm % 2) ? 0x0000ff :
        0xff0000);
    fail_unless_equals_int (px (out, 40, 40), node);
    gst_buffer_unref (out);
  }
  g_thread_join (tw);
  g_thread_join (ta);
  gst_harness_teardown (ha);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_not_square)
{
  GstHarness *h = neuro_test_harness_new ("netgraph");
  gchar *msg;

  gst_harness_set_src_caps_str (h, "application/x-neuro-frame, "
      "format=F32LE, width=(int)4, height=(int)3, framerate=0/1");
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "not square") != NULL, "%s", msg);
  fail_unless (strstr (msg, "width=4, height=3") != NULL, "%s", msg);
  g_free (msg);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* An activity rate beyond the signal type's 10 MHz: an error naming it
 * (the sample index of a frame's end overflowed its integer). */
GST_START_TEST (test_activity_rate_limit)
{
  GstHarness *h = graph_harness (NULL, 4, NULL);
  GstHarness *ha = gst_harness_new_with_element (h->element, "activity",
      NULL);
  gchar *msg;

  gst_harness_set_src_caps_str (ha, "application/x-neuro-signal, "
      "format=F32LE, channels=(int)4, rate=(double)5e18");
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "rate=5e+18 Hz is out of range") != NULL, "%s",
      msg);
  fail_unless (strstr (msg, "at most 10000000 Hz") != NULL, "%s", msg);
  g_free (msg);
  gst_harness_teardown (ha);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_node_count_mismatch)
{
  GstHarness *h = graph_harness (NULL, 4, NULL);
  GstHarness *ha = gst_harness_new_with_element (h->element, "activity",
      NULL);
  gchar *msg;

  gst_harness_set_src_caps_str (ha, "application/x-neuro-signal, "
      "format=F32LE, channels=(int)3, rate=(double)100");
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "3 values per sample") != NULL, "%s", msg);
  fail_unless (strstr (msg, "4 nodes") != NULL, "%s", msg);
  g_free (msg);
  gst_harness_teardown (ha);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_positions_outside)
{
  GstHarness *h = graph_harness (BARE " positions=\"10,10;1000,10\"", 2,
      NULL);
  const gfloat w[4] = { 0, 1, 1, 0 };
  gchar *msg;

  gst_harness_push (h, floats (w, 4, 0, 0));
  gst_harness_push_event (h, gst_event_new_eos ());
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "Node 1 is at pixel (1000, 10), outside the "
          "320x240 frame") != NULL, "%s", msg);
  g_free (msg);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_positions_count)
{
  GstHarness *h = graph_harness (BARE " positions=\"10,10;20,10;30,10\"", 2,
      NULL);
  const gfloat w[4] = { 0, 1, 1, 0 };
  gchar *msg;

  gst_harness_push (h, floats (w, 4, 0, 0));
  gst_harness_push_event (h, gst_event_new_eos ());
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "3 node positions but the weight matrix is "
          "2 x 2") != NULL, "%s", msg);
  g_free (msg);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* A positions file with a NaN: an error naming the file, the node and the
 * coordinate (a NaN position cannot be drawn anywhere), when the element
 * starts: the file is read then, before any frame. */
GST_START_TEST (test_positions_file_nan)
{
  gchar *path = g_build_filename (g_get_tmp_dir (), "netgraph-nan-pos.txt",
      NULL);
  gchar *props;
  gchar *msg;

  fail_unless (g_file_set_contents (path, "# x y\n0 0\n1 nan\n", -1, NULL));
  props = g_strdup_printf ("title=\"\" positions-location=\"%s\"", path);
  msg = start_error (props);
  fail_unless (strstr (msg, "node 1 has y = nan") != NULL, "%s", msg);
  fail_unless (strstr (msg, path) != NULL, "%s", msg);
  g_free (msg);
  g_unlink (path);
  g_free (props);
  g_free (path);
}

GST_END_TEST;

/* Positions that coincide, differ by denormals only, or lie near ±DBL_MAX
 * (their range overflows): a frame with the nodes where the documented
 * layout puts them, no error.  These made the scale or centre infinite and
 * the pixel coordinates INT_MIN (a write outside the frame). */
static void
check_degenerate (const gchar * props, const gchar * pos_file,
    const gint (*expect)[2], gint n_expect)
{
  GstHarness *h;
  const gfloat w[9] = { 0 };
  GstBuffer *out;
  gchar *path = NULL, *all;
  gint i;

  if (pos_file) {
    path = g_build_filename (g_get_tmp_dir (), "netgraph-degenerate.txt",
        NULL);
    fail_unless (g_file_set_contents (path, pos_file, -1, NULL));
    all = g_strdup_printf ("title=\"\" node-outline=0 node-size=10 "
        "node-color=0xff102030 positions-location=\"%s\"", path);
  } else {
    all = g_strdup_printf ("title=\"\" node-outline=0 node-size=10 "
        "node-color=0xff102030 %s", props);
  }
  h = graph_harness (all, 3, NULL);
  out = render_matrix (h, w, 9);
  for (i = 0; i < n_expect; i++)
    fail_unless_equals_int (px (out, expect[i][0], expect[i][1]), 0x102030);
  gst_buffer_unref (out);
  {
    GstBus *bus = gst_element_get_bus (h->element);
    GstMessage *m = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

    fail_unless (m == NULL, "unexpected error");
    gst_object_unref (bus);
  }
  neuro_test_harness_teardown (h);
  if (path) {
    g_unlink (path);
    g_free (path);
  }
  g_free (all);
}

GST_START_TEST (test_positions_degenerate)
{
  /* the plot radius is 1.5 x the half range: with a range of 2 in y the
   * outer nodes are 2/3 of min(W, H)/2 = 80 px from the centre */
  const gint centre[][2] = { {W / 2, H / 2} };
  const gint column[][2] = { {W / 2, H / 2 + 80}, {W / 2, H / 2},
  {W / 2, H / 2 - 80}
  };
  const gint row[][2] = { {W / 2 - 80, H / 2}, {W / 2, H / 2},
  {W / 2 + 80, H / 2}
  };

  check_degenerate ("positions=\"0,0;1e-320,0;0,1e-320\"", NULL, centre, 1);
  check_degenerate ("positions=\"5,5;5,5;5,5\"", NULL, centre, 1);
  check_degenerate ("positions=\"1.7e308,0;1.7e308,1;1.7e308,2\"", NULL,
      column, 3);
  check_degenerate ("positions=\"-1.7e308,0;0,0;1.7e308,0\"", NULL, row, 3);
  check_degenerate (NULL, "0 0\n1e-320 0\n0 1e-320\n", centre, 1);
  check_degenerate (NULL, "1.7e308 0\n1.7e308 1\n1.7e308 2\n", column, 3);
  check_degenerate (NULL, "-1.7e308 0\n0 0\n1.7e308 0\n", row, 3);
}

GST_END_TEST;

/* A positions line with more than a pair, a file above the size limit or
 * no file: an error at the start naming the file and the line, the limit or
 * the reason (the parser once took "1 2 junk" and read files of any size
 * into memory). */
static gchar *
positions_file_error (const gchar * contents, gsize len)
{
  gchar *path = g_build_filename (g_get_tmp_dir (), "netgraph-bad-pos.txt",
      NULL);
  gchar *props, *msg;

  fail_unless (g_file_set_contents (path, contents, len, NULL));
  props = g_strdup_printf ("title=\"\" positions-location=\"%s\"", path);
  msg = start_error (props);
  fail_unless (strstr (msg, path) != NULL, "%s", msg);
  g_unlink (path);
  g_free (props);
  g_free (path);
  return msg;
}

GST_START_TEST (test_positions_file_malformed)
{
  gchar *msg, *big;
  gsize n = 64 * 1024 * 1024 + 16;

  /* a .npy cut inside its header (the message was uninitialised) */
  msg = positions_file_error ("\x93NUMPY\x01\x00\x76\x00{'de", 14);
  fail_unless (strstr (msg, "the .npy header is cut short (the file has 14 "
          "bytes)") != NULL, "%s", msg);
  g_free (msg);
  msg = positions_file_error ("0 0\n1 2 junk\n", -1);
  fail_unless (strstr (msg, "line 2 \"1 2 junk\" is not \"x y\"") != NULL,
      "%s", msg);
  g_free (msg);
  big = g_malloc (n);
  memset (big, '\n', n);
  memcpy (big, "0 0\n1 1\n", 8);
  msg = positions_file_error (big, n);
  fail_unless (strstr (msg, "more than the 64 MiB") != NULL, "%s", msg);
  g_free (msg);
  g_free (big);
  msg = start_error ("positions-location=/nonexistent/netgraph-pos.txt");
  fail_unless (strstr (msg, "Could not read node positions from "
          "\"/nonexistent/netgraph-pos.txt\"") != NULL, "%s", msg);
  g_free (msg);
}

GST_END_TEST;

#define NODE_PROPS BARE " node-size=10 node-color=0xff102030"

/* A still matrix has one time, its own: "{t}" in the default title is its
 * PTS at every output rate (it was the end of the first output frame), the
 * picture that of the title with that time written in. */
GST_START_TEST (test_still_title_time)
{
  const gchar *rates[2] = { "10/1", "30/1" };
  const gfloat w[4] = { 0, 1, 1, 0 };
  gint r;

  for (r = 0; r < 2; r++) {
    GstHarness *h = graph_harness_rate ("", 2, NULL, rates[r]);
    GstBuffer *got = render_matrix (h, w, 4), *want;
    GstMapInfo map;

    neuro_test_harness_teardown (h);
    h = graph_harness_rate ("title=\"Network Structure (t = 0.00 s)\"", 2,
        NULL, rates[r]);
    want = render_matrix (h, w, 4);
    neuro_test_harness_teardown (h);
    gst_buffer_map (want, &map, GST_MAP_READ);
    fail_unless (gst_buffer_memcmp (got, 0, map.data, map.size) == 0,
        "the still at %s fps is not titled \"... (t = 0.00 s)\"", rates[r]);
    gst_buffer_unmap (want, &map);
    gst_buffer_unref (got);
    gst_buffer_unref (want);
  }
}

GST_END_TEST;

/* the frame of a 2-node matrix without edges */
static GstBuffer *
render_pair (GstHarness * h)
{
  const gfloat w[4] = { 0 };

  return render_matrix (h, w, 4);
}

/* nodes 0 and 1 are drawn (node-color) at (x0, y0) and (x1, y1) */
static void
check_pair (GstBuffer * out, gint x0, gint y0, gint x1, gint y1)
{
  fail_unless_equals_int (px (out, x0, y0), 0x102030);
  fail_unless_equals_int (px (out, x1, y1), 0x102030);
}

static gchar *
positions_file (const gchar * name, const gchar * contents)
{
  gchar *path = g_build_filename (g_get_tmp_dir (), name, NULL);

  fail_unless (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

/* The positions file is read when the element starts, not while drawing:
 * once started, changing or removing the file changes nothing. */
GST_START_TEST (test_positions_read_at_start)
{
  gchar *path = positions_file ("netgraph-start-pos.txt", "50 60\n250 180\n");
  gchar *props = g_strdup_printf (NODE_PROPS " positions-location=\"%s\"",
      path);
  GstHarness *h = graph_harness (props, 2, NULL);
  GstBuffer *out;
  GstBus *bus;
  GstMessage *m;

  fail_unless (g_file_set_contents (path, "not positions\n", -1, NULL));
  out = render_pair (h);
  check_pair (out, 50, 60, 250, 180);
  gst_buffer_unref (out);
  bus = gst_element_get_bus (h->element);
  m = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR | GST_MESSAGE_WARNING);
  fail_unless (m == NULL, "unexpected message");
  gst_object_unref (bus);
  neuro_test_harness_teardown (h);
  g_unlink (path);
  g_free (props);
  g_free (path);
}

GST_END_TEST;

/* positions-location set while running is read right away: a file that
 * cannot be used is a warning naming it, the previous positions stay; a
 * good one moves the nodes. */
GST_START_TEST (test_positions_file_while_playing)
{
  gchar *a = positions_file ("netgraph-pos-a.txt", "50 60\n250 180\n");
  gchar *bad = positions_file ("netgraph-pos-bad.txt", "1 2 3\n");
  gchar *b = positions_file ("netgraph-pos-b.txt", "100 30\n20 200\n");
  gchar *props = g_strdup_printf (NODE_PROPS " positions-location=\"%s\"", a);
  GstHarness *h = graph_harness (props, 2, NULL);
  GstBuffer *out;
  gchar *msg;

  g_object_set (h->element, "positions-location", bad, NULL);
  msg = neuro_test_expect_warning (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, bad) && strstr (msg, "line 1") &&
      strstr (msg, "previous positions are kept"), "%s", msg);
  g_free (msg);
  out = render_pair (h);
  check_pair (out, 50, 60, 250, 180);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);

  h = graph_harness (props, 2, NULL);
  g_object_set (h->element, "positions-location", b, NULL);
  out = render_pair (h);
  check_pair (out, 100, 30, 20, 200);
  fail_unless_equals_int (px (out, 50, 60), 0xffffff);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
  g_unlink (a);
  g_unlink (bad);
  g_unlink (b);
  g_free (a);
  g_free (bad);
  g_free (b);
  g_free (props);
}

GST_END_TEST;

/* A malformed positions string fails the start, naming the property, the
 * value and the pair; set while running it is a warning and the previous
 * positions stay. */
GST_START_TEST (test_positions_string_bad)
{
  GstHarness *h;
  GstBuffer *out;
  gchar *msg, *val = NULL;

  msg = start_error ("positions=\"1,2;3\"");
  fail_unless (strstr (msg, "'positions'") && strstr (msg, "\"1,2;3\"") &&
      strstr (msg, "pair 2 \"3\" is not \"x,y\""), "%s", msg);
  g_free (msg);

  h = graph_harness (NODE_PROPS " positions=\"50,60;250,180\"", 2, NULL);
  g_object_set (h->element, "positions", "50,60;x", NULL);
  msg = neuro_test_expect_warning (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "\"50,60;x\"") &&
      strstr (msg, "previous value is kept"), "%s", msg);
  g_free (msg);
  g_object_get (h->element, "positions", &val, NULL);
  fail_unless_equals_string (val, "50,60;250,180");
  g_free (val);
  out = render_pair (h);
  check_pair (out, 50, 60, 250, 180);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* NaN weights: a warning, those edges are absent, the rest is drawn. */
GST_START_TEST (test_nan_weights)
{
  GstHarness *h = graph_harness (BARE " positions=\"40,40;280,40;40,200\" "
      "node-size=8 edge-width=4 edge-alpha=1.25", 3, NULL);
  const gfloat w[9] = { 0, 0.8f, NAN, 0.8f, 0, 0, NAN, 0, 0 };
  GstBuffer *out;
  gchar *msg;

  out = render_matrix (h, w, 9);
  msg = neuro_test_expect_warning (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "2 NaN or infinite weights: those edges are not "
          "drawn") != NULL, "%s", msg);
  g_free (msg);
  fail_unless_equals_int (px (out, 160, 40), 0xff0000);
  fail_unless_equals_int (px (out, 40, 120), 0xffffff);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* Undirected pairs take the stronger of w[i][j] and w[j][i], from either
 * triangle of the matrix; a NaN one leaves the other. */
GST_START_TEST (test_pair_strength)
{
  GstHarness *h = graph_harness (BARE " positions=\"40,40;280,40;40,200;"
      "280,200\" node-size=8 threshold=0.1 edge-width=4 edge-alpha=1.25", 4,
      NULL);
  /* 0-1: only w[1][0] above threshold (inhibitory); 0-2: w[0][2] = 0.3
   * but w[2][0] = -0.8 is stronger; 2-3: w[2][3] NaN, w[3][2] = 0.8;
   * 1-3: both tiny */
  const gfloat w[16] = {
    0, 0.05f, 0.3f, 0,
    -0.8f, 0, 0, 0.02f,
    -0.8f, 0, 0, NAN,
    0, 0.03f, 0.8f, 0
  };
  GstBuffer *out;
  gchar *msg;

  out = render_matrix (h, w, 16);
  msg = neuro_test_expect_warning (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "1 NaN or infinite weights") != NULL, "%s", msg);
  g_free (msg);
  fail_unless_equals_int (px (out, 160, 40), 0x0000ff);
  fail_unless_equals_int (px (out, 40, 120), 0x0000ff);
  fail_unless_equals_int (px (out, 160, 200), 0xff0000);
  fail_unless_equals_int (px (out, 280, 120), 0xffffff);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* directed=true: an arrow head at the target's rim, none at the source */
GST_START_TEST (test_directed_arrow)
{
  GstHarness *h = graph_harness (BARE " positions=\"40,120;280,120\" "
      "node-size=16 directed=true edge-width=4 edge-alpha=1.25", 2, NULL);
  const gfloat w[4] = { 0, 0.8f, 0, 0 };
  GstBuffer *out;
  guint32 head;

  out = render_matrix (h, w, 4);
  /* the line, 3.2 px wide around y = 120.5 */
  fail_unless_equals_int (px (out, 160, 120), 0xff0000);
  fail_unless_equals_int (px (out, 160, 117), 0xffffff);
  /* the head: tip at the rim (x = 272.5), 9.6 long, 7.7 wide at its base:
   * 3 px off the axis it is red just before the tip, white at the source */
  head = px (out, 263, 117);
  fail_unless ((head >> 16) == 0xff && (head & 0xff) < 0x40,
      "no arrow head: %06x", head);
  fail_unless_equals_int (px (out, 57, 117), 0xffffff);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* Weights at 10 Hz, frames at 20 fps: every other frame reuses the edge
 * layer drawn for the one before and must look the same. */
GST_START_TEST (test_held_layer)
{
  gint n = 24, i, j, f;
  GstHarness *h = graph_harness ("title=\"\" node-outline=0 node-size=6 "
      "threshold=0.5", n, "10/1");
  GstBuffer *frames[4];
  GstMapInfo a, b;
  GRand *r = g_rand_new_with_seed (3);

  for (f = 0; f < 2; f++) {
    gfloat *w = g_new0 (gfloat, n * n);

    for (i = 0; i < n; i++)
      for (j = 0; j < n; j++)
        if (i != j)
          w[i * n + j] = (gfloat) g_rand_double_range (r, -1.5, 1.5);
    gst_harness_push (h, floats (w, (gsize) n * n, f * 0.1, 0.1));
    g_free (w);
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  for (f = 0; f < 4; f++) {
    frames[f] = gst_harness_pull (h);
    fail_unless (frames[f] != NULL);
  }
  for (f = 0; f < 4; f += 2) {
    gst_buffer_map (frames[f], &a, GST_MAP_READ);
    gst_buffer_map (frames[f + 1], &b, GST_MAP_READ);
    fail_unless (memcmp (a.data, b.data, a.size) == 0,
        "frame %d (held layer) differs from frame %d", f + 1, f);
    gst_buffer_unmap (frames[f], &a);
    gst_buffer_unmap (frames[f + 1], &b);
  }
  gst_buffer_map (frames[0], &a, GST_MAP_READ);
  gst_buffer_map (frames[2], &b, GST_MAP_READ);
  fail_unless (memcmp (a.data, b.data, a.size) != 0,
      "a new matrix did not change the picture");
  gst_buffer_unmap (frames[0], &a);
  gst_buffer_unmap (frames[2], &b);
  for (f = 0; f < 4; f++)
    gst_buffer_unref (frames[f]);
  g_rand_free (r);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* "|w| > threshold" in exact arithmetic: the float 0.1 is above the
 * threshold 0.1 (it is 0.100000001...), 0.5 is not above 0.5. */
GST_START_TEST (test_threshold_exact)
{
  GstHarness *h = graph_harness (BARE " positions=\"40,40;280,40;40,200\" "
      "node-size=8 threshold=0.1 edge-width=30 edge-alpha=10", 3, NULL);
  const gfloat w[9] = { 0, 0.1f, 0, 0.1f, 0, 0, 0, 0, 0 };
  GstBuffer *out;

  out = render_matrix (h, w, 9);
  fail_unless_equals_int (px (out, 160, 40), 0xff0000);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);

  h = graph_harness (BARE " positions=\"40,40;280,40;40,200\" "
      "node-size=8 threshold=0.5 edge-width=4", 3, NULL);
  {
    const gfloat w2[9] = { 0, 0.5f, 0, 0.5f, 0, 0, 0, 0, 0 };

    out = render_matrix (h, w2, 9);
  }
  fail_unless_equals_int (px (out, 160, 40), 0xffffff);
  gst_buffer_unref (out);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* A matrix with more weights above threshold than netgraph draws (8 M):
 * a clear error naming the threshold, not gigabytes of edge lists. */
GST_START_TEST (test_too_many_edges)
{
  const gint n = 2900;          /* 2900 x 2899 > 8 388 608 */
  GstHarness *h = graph_harness ("threshold=0", n, NULL);
  gfloat *w = g_new (gfloat, (gsize) n * n);
  gchar *msg;
  gsize i;

  for (i = 0; i < (gsize) n * n; i++)
    w[i] = 1.0f;
  gst_harness_push (h, floats (w, (gsize) n * n, 0, 0));
  g_free (w);
  gst_harness_push_event (h, gst_event_new_eos ());
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "above threshold=0") != NULL
      && strstr (msg, "set a higher threshold") != NULL, "%s", msg);
  g_free (msg);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

static GstBuffer *
render_spring (const gchar * layout, const gfloat * w, gint n)
{
  gchar *props = g_strdup_printf ("title=\"\" layout=%s node-size=6", layout);
  GstHarness *h = graph_harness (props, n, NULL);
  GstBuffer *out;

  out = render_matrix (h, w, (gsize) n * n);
  neuro_test_harness_teardown (h);
  g_free (props);
  return out;
}

GST_START_TEST (test_spring_deterministic)
{
  gint n = 30, i, j;
  gfloat *w = g_new0 (gfloat, n * n);
  GstBuffer *a, *b, *c;
  GstMapInfo ma, mb, mc;

  /* two communities plus a bridge */
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      if (i != j && ((i < 15) == (j < 15)) && ((i * 7 + j * 3) % 4 == 0))
        w[i * n + j] = w[j * n + i] = 0.6f;
  w[0 * n + 20] = w[20 * n + 0] = 0.6f;
  a = render_spring ("spring", w, n);
  b = render_spring ("spring", w, n);
  c = render_spring ("circular", w, n);
  gst_buffer_map (a, &ma, GST_MAP_READ);
  gst_buffer_map (b, &mb, GST_MAP_READ);
  gst_buffer_map (c, &mc, GST_MAP_READ);
  fail_unless (ma.size == mb.size && memcmp (ma.data, mb.data, ma.size) == 0,
      "spring layout differs between runs");
  fail_unless (memcmp (ma.data, mc.data, ma.size) != 0,
      "spring layout looks like the circular one");
  gst_buffer_unmap (a, &ma);
  gst_buffer_unmap (b, &mb);
  gst_buffer_unmap (c, &mc);
  gst_buffer_unref (a);
  gst_buffer_unref (b);
  gst_buffer_unref (c);
  g_free (w);
}

GST_END_TEST;

/* vmin == vmax: widened as matplotlib's colorbar widens the norm (1, 1 ->
 * 0.9, 1.1: activity 1 is the middle colour); vmin > vmax is an error
 * naming both. */
GST_START_TEST (test_vmin_vmax)
{
  GstHarness *h = graph_harness (BARE " positions=\"40,40;280,40\" "
      "node-size=16 colormap=viridis vmin=1 vmax=1", 2, NULL);
  GstHarness *ha = gst_harness_new_with_element (h->element, "activity",
      NULL);
  const gfloat w[4] = { 0, 0, 0, 0 };
  const gfloat act[2] = { 1.0f, 0.0f };
  const guint32 *lut = neuro_colormap_lut (NEURO_COLORMAP_VIRIDIS);
  gint mid = neuro_colormap_index (1.0, 0.9, 1.1);
  GstBuffer *out;
  gchar *msg;

  gst_harness_set_src_caps_str (ha, "application/x-neuro-frame, "
      "format=F32LE, width=(int)2, height=(int)1, framerate=0/1");
  fail_unless_equals_int (gst_harness_push (ha, floats (act, 2, 0, 0)),
      GST_FLOW_OK);
  gst_harness_push_event (ha, gst_event_new_eos ());
  out = render_matrix (h, w, 4);
  fail_unless_equals_int (px (out, 40, 40), lut[mid] & 0xffffff);
  fail_unless_equals_int (px (out, 280, 40), lut[0] & 0xffffff);
  gst_buffer_unref (out);
  gst_harness_teardown (ha);
  neuro_test_harness_teardown (h);

  h = graph_harness (BARE " positions=\"40,40;280,40\" edge-vmin=1 "
      "edge-vmax=-1", 2, NULL);
  gst_harness_push (h, floats (w, 4, 0, 0));
  gst_harness_push_event (h, gst_event_new_eos ());
  msg = neuro_test_expect_error (neuro_test_harness_bus (h), NULL);
  fail_unless (strstr (msg, "edge-vmin=1") && strstr (msg, "edge-vmax=-1"),
      "%s", msg);
  g_free (msg);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* edge-color-mode=activity (the tutorial's §7): an edge is red where the
 * product of its nodes' activity is above 0.5, else blue, from the sample
 * that colours the nodes in the same frame; the held edge layer is redrawn
 * when the activity changes.  4 nodes at the corners, edges 0-1 (top) and
 * 2-3 (bottom), activity at 10 Hz, frames at 20 fps. */
static void
activity_edges (const gchar * props, gboolean link, guint32 top[2],
    guint32 bottom[2])
{
  gchar *all = g_strdup_printf (BARE " positions=\"40,40;280,40;40,200;"
      "280,200\" node-size=16 edge-width=4 edge-alpha=1.25 "
      "edge-color-mode=activity %s", props);
  GstHarness *h = graph_harness (all, 4, NULL);
  GstHarness *ha = NULL;
  const gfloat w[16] = {
    0, 0.8f, 0, 0,
    0.8f, 0, 0, 0,
    0, 0, 0, 0.8f,
    0, 0, 0.8f, 0
  };
  /* sample 0: 0.9·0.9 = 0.81 (top), 0.5·0.5 = 0.25 (bottom); sample 1:
   * 0.25 (top), 0.8·0.7 = 0.56 (bottom) */
  const gfloat act[8] = { 0.9f, 0.9f, 0.5f, 0.5f, 0.5f, 0.5f, 0.8f, 0.7f };
  GstBuffer *out[3];
  gint f;

  g_free (all);
  if (link) {
    ha = gst_harness_new_with_element (h->element, "activity", NULL);
    gst_harness_set_src_caps_str (ha, "application/x-neuro-signal, "
        "format=F32LE, channels=(int)4, rate=(double)10");
    fail_unless_equals_int (gst_harness_push (ha, floats (act, 8, 0, 0.2)),
        GST_FLOW_OK);
    gst_harness_push_event (ha, gst_event_new_eos ());
  }
  fail_unless_equals_int (gst_harness_push (h, floats (w, 16, 0, 0)),
      GST_FLOW_OK);
  gst_harness_push_event (h, gst_event_new_eos ());
  /* frames 0 and 1 end at 0.05 and 0.1 s (sample 0), frame 2 at 0.15 s;
   * a still matrix alone gives one frame */
  for (f = 0; f < 3; f++) {
    out[f] = link || f == 0 ? gst_harness_pull (h) : gst_buffer_ref (out[0]);
    fail_unless (out[f] != NULL);
  }
  top[0] = px (out[0], 160, 40);
  bottom[0] = px (out[0], 160, 200);
  top[1] = px (out[2], 160, 40);
  bottom[1] = px (out[2], 160, 200);
  for (f = 0; f < 3; f++)
    gst_buffer_unref (out[f]);
  if (ha)
    gst_harness_teardown (ha);
  neuro_test_harness_teardown (h);
}

GST_START_TEST (test_edge_color_activity)
{
  guint32 top[2], bottom[2];

  activity_edges ("", TRUE, top, bottom);
  fail_unless_equals_int (top[0], 0xff0000);
  fail_unless_equals_int (bottom[0], 0x0000ff);
  fail_unless_equals_int (top[1], 0x0000ff);
  fail_unless_equals_int (bottom[1], 0xff0000);

  /* threshold and colours settable: 0.25 > 0.2 */
  activity_edges ("edge-activity-threshold=0.2 edge-active-color=#00ff00 "
      "edge-inactive-color=#ff00ff", TRUE, top, bottom);
  fail_unless_equals_int (top[0], 0x00ff00);
  fail_unless_equals_int (bottom[0], 0x00ff00);
  fail_unless_equals_int (top[1], 0x00ff00);
  fail_unless_equals_int (bottom[1], 0x00ff00);
  activity_edges ("edge-activity-threshold=0.6 edge-active-color=#00ff00 "
      "edge-inactive-color=#ff00ff", TRUE, top, bottom);
  fail_unless_equals_int (top[0], 0x00ff00);
  fail_unless_equals_int (bottom[0], 0xff00ff);
  fail_unless_equals_int (top[1], 0xff00ff);
  fail_unless_equals_int (bottom[1], 0xff00ff);

  /* no activity linked: every edge is inactive */
  activity_edges ("", FALSE, top, bottom);
  fail_unless_equals_int (top[0], 0x0000ff);
  fail_unless_equals_int (bottom[0], 0x0000ff);
}

GST_END_TEST;

static Suite *
netgraph_suite (void)
{
  Suite *s = suite_create ("netgraph");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_nodes_and_edges);
  tcase_add_test (tc, test_vmin_vmax);
  tcase_add_test (tc, test_circular_geometry);
  tcase_add_test (tc, test_overlay);
  tcase_add_test (tc, test_rates_in_sync);
  tcase_add_test (tc, test_not_square);
  tcase_add_test (tc, test_node_count_mismatch);
  tcase_add_test (tc, test_activity_rate_limit);
  tcase_add_test (tc, test_positions_outside);
  tcase_add_test (tc, test_positions_count);
  tcase_add_test (tc, test_positions_file_nan);
  tcase_add_test (tc, test_positions_degenerate);
  tcase_add_test (tc, test_positions_file_malformed);
  tcase_add_test (tc, test_positions_read_at_start);
  tcase_add_test (tc, test_positions_file_while_playing);
  tcase_add_test (tc, test_positions_string_bad);
  tcase_add_test (tc, test_still_title_time);
  tcase_add_test (tc, test_nan_weights);
  tcase_add_test (tc, test_spring_deterministic);
  tcase_add_test (tc, test_pair_strength);
  tcase_add_test (tc, test_directed_arrow);
  tcase_add_test (tc, test_held_layer);
  tcase_add_test (tc, test_threshold_exact);
  tcase_add_test (tc, test_too_many_edges);
  tcase_add_test (tc, test_edge_color_activity);
  return s;
}

GST_CHECK_MAIN (netgraph);
