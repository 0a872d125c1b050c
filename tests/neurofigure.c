/* gst-neuroviz — tests of neurofigure: panels laid out as one figure
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Panels negotiate their tile's size (videotestsrc without caps gets
 * exactly its tile), tiles land where the ratios and spans say, the
 * suptitle's {frame} and {t}, the figure query, the frame-time meta of the
 * panels passed on, panels of different lengths (the short one keeps its
 * last picture, the figure ends with the longest), and layout errors that
 * name the pad and the value. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <cairo.h>
#include "neurotilemeta.h"
#include <gst/video/video.h>

#include "neurotest.h"
#include "neurotypes.h"
#include "neurofigurequery.h"

#define RED 0xffff0000u
#define GREEN 0xff00ff00u
#define BLUE 0xff0000ffu
#define WHITE 0xffffffffu

#define PANEL(color, n) \
  "videotestsrc num-buffers=" #n " pattern=solid-color " \
  "foreground-color=" #color

static guint32
px (NeuroTestRun * r, guint i, gint x, gint y)
{
  NeuroTestFrame f;
  guint32 v;

  fail_unless (i < r->buffers->len);
  neuro_test_frame_map (&f, NULL, r->caps, g_ptr_array_index (r->buffers, i));
  v = neuro_test_frame_pixel (&f, x, y) | 0xff000000u;
  neuro_test_frame_unmap (&f);
  return v;
}

#define assert_px(r, i, x, y, want) G_STMT_START { \
  guint32 _v = px (r, i, x, y); \
  fail_unless (_v == (want), "frame %u (%d, %d): %08x, expected %08x", \
      (guint) (i), (gint) (x), (gint) (y), _v, (guint32) (want)); \
} G_STMT_END

static void
check_size (NeuroTestRun * r, gint w, gint h)
{
  GstVideoInfo info;

  fail_unless (r->caps != NULL);
  fail_unless (gst_video_info_from_caps (&info, r->caps));
  fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&info), w);
  fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&info), h);
}

/* Two panels stacked 2:1: each source negotiates its tile's size (a
 * videotestsrc larger than its tile would spill over its neighbour, a
 * smaller one leave background). */
GST_START_TEST (test_stacked_ratios)
{
  NeuroTestRun *r = neuro_test_run_new ("neurofigure name=f width=400 "
      "height=300 height-ratios=2,1 ! video/x-raw,format=BGRx ! "
      "fakesink name=sink signal-handoffs=true sync=false "
      PANEL (0xffff0000, 3) " ! f.  " PANEL (0xff0000ff, 3) " ! f.");
  guint i;

  neuro_test_run_to_end (r);
  fail_if (r->error, "%s", r->error);
  check_size (r, 400, 300);
  fail_unless_equals_int (r->buffers->len, 3);
  for (i = 0; i < 3; i++) {
    assert_px (r, i, 0, 0, RED);
    assert_px (r, i, 399, 199, RED);
    assert_px (r, i, 0, 200, BLUE);
    assert_px (r, i, 399, 299, BLUE);
  }

  neuro_test_run_free (r);
}

GST_END_TEST;

/* §4's GridSpec: a panel across the top row, two below it, with width
 * ratios; wspace leaves the figure's background between the columns. */
GST_START_TEST (test_span_and_spacing)
{
  NeuroTestRun *r = neuro_test_run_new ("neurofigure name=f width=300 "
      "height=200 cols=2 width-ratios=1,2 wspace=0.5 sink_0::cell=0,: ! "
      "video/x-raw,format=BGRx ! fakesink name=sink signal-handoffs=true sync=false "
      PANEL (0xffff0000, 2) " ! f.sink_0  "
      PANEL (0xff00ff00, 2) " ! f.sink_1  "
      PANEL (0xff0000ff, 2) " ! f.sink_2");

  neuro_test_run_to_end (r);
  fail_if (r->error, "%s", r->error);
  check_size (r, 300, 200);
  fail_unless_equals_int (r->buffers->len, 2);
  /* the top row spans both columns and the gap */
  assert_px (r, 0, 0, 0, RED);
  assert_px (r, 0, 150, 50, RED);
  assert_px (r, 0, 299, 99, RED);
  /* cell = 300 / 2.5 = 120, gap 60, widths 80 and 160: [0, 80), [140, 300) */
  assert_px (r, 0, 0, 100, GREEN);
  assert_px (r, 0, 79, 199, GREEN);
  assert_px (r, 0, 80, 150, WHITE);
  assert_px (r, 0, 139, 150, WHITE);
  assert_px (r, 0, 140, 100, BLUE);
  assert_px (r, 0, 299, 199, BLUE);
  neuro_test_run_free (r);
}

GST_END_TEST;

static gint
count_dark (NeuroTestRun * r, guint i, gint x0, gint y0, gint x1, gint y1)
{
  NeuroTestFrame f;
  gint x, y, n = 0;

  neuro_test_frame_map (&f, NULL, r->caps, g_ptr_array_index (r->buffers, i));
  for (y = y0; y < y1; y++)
    for (x = x0; x < x1; x++)
      if ((neuro_test_frame_pixel (&f, x, y) & 0xff) < 128)
        n++;
  neuro_test_frame_unmap (&f);
  return n;
}

static gboolean
same_rows (NeuroTestRun * a, guint ia, NeuroTestRun * b, guint ib, gint y0,
    gint y1)
{
  NeuroTestFrame fa, fb;
  gint x, y;
  gboolean same = TRUE;

  neuro_test_frame_map (&fa, NULL, a->caps,
      g_ptr_array_index (a->buffers, ia));
  neuro_test_frame_map (&fb, NULL, b->caps,
      g_ptr_array_index (b->buffers, ib));
  for (y = y0; y < y1 && same; y++)
    for (x = 0; x < GST_VIDEO_INFO_WIDTH (&fa.info) && same; x++)
      same = neuro_test_frame_pixel (&fa, x, y) ==
          neuro_test_frame_pixel (&fb, x, y);
  neuro_test_frame_unmap (&fa);
  neuro_test_frame_unmap (&fb);
  return same;
}

static NeuroTestRun *
run_title (const gchar * title, gint n)
{
  NeuroTestRun *r = neuro_test_run_new ("neurofigure name=f width=400 "
      "height=300 suptitle=\"%s\" ! video/x-raw,format=BGRx,framerate=10/1 ! "
      "fakesink name=sink signal-handoffs=true sync=false  videotestsrc num-buffers=%d "
      "pattern=solid-color foreground-color=0xff0000ff ! f.", title, n);

  neuro_test_run_to_end (r);
  fail_if (r->error, "%s", r->error);
  fail_unless_equals_int (r->buffers->len, n);
  return r;
}

/* The suptitle band sits above the panels (12 pt at 100 dpi), its
 * placeholders say the frame's index and time. */
GST_START_TEST (test_suptitle)
{
  NeuroTestRun *r = run_title ("Epoch {frame}", 12);
  NeuroTestRun *s0 = run_title ("Epoch 0", 1);
  NeuroTestRun *s11 = run_title ("Epoch 11", 1);
  NeuroTestRun *t = run_title ("t = {t}", 3);
  NeuroTestRun *t3 = run_title ("t = 0.30 s", 1);
  gint band = 0, y;

  /* the band: white with dark text, then the panel's blue */
  for (y = 0; y < 300; y++)
    if (px (r, 0, 200, y) == BLUE)
      break;
  band = y;
  fail_unless (band >= 20 && band <= 40, "band of %d px", band);
  fail_unless (count_dark (r, 0, 0, 0, 400, band) > 30);
  /* centred: ink on both sides of the middle, none at the edges */
  fail_unless (count_dark (r, 0, 150, 0, 200, band) > 0);
  fail_unless (count_dark (r, 0, 200, 0, 250, band) > 0);
  fail_unless_equals_int (count_dark (r, 0, 0, 0, 100, band), 0);
  fail_unless_equals_int (count_dark (r, 0, 300, 0, 400, band), 0);

  fail_unless (same_rows (r, 0, s0, 0, 0, band));
  fail_unless (same_rows (r, 11, s11, 0, 0, band));
  fail_if (same_rows (r, 0, r, 11, 0, band));
  /* {t} of a panel without frame-time meta: the end of frame 2 at 10 fps */
  fail_unless (same_rows (t, 2, t3, 0, 0, band));

  neuro_test_run_free (r);
  neuro_test_run_free (s0);
  neuro_test_run_free (s11);
  neuro_test_run_free (t);
  neuro_test_run_free (t3);
}

GST_END_TEST;

/* A short panel keeps its last picture; the figure runs as long as the
 * longest, one frame per period, timestamps in order. */
GST_START_TEST (test_lengths_and_timestamps)
{
  NeuroTestRun *r = neuro_test_run_new ("neurofigure name=f width=200 "
      "height=200 cols=2 ! video/x-raw,format=BGRx,framerate=20/1 ! "
      "fakesink name=sink signal-handoffs=true sync=false "
      PANEL (0xffff0000, 10) " ! f.  " PANEL (0xff0000ff, 3) " ! f.");
  guint i;

  neuro_test_run_to_end (r);
  fail_if (r->error, "%s", r->error);
  fail_unless_equals_int (r->buffers->len, 10);
  for (i = 0; i < 10; i++) {
    GstBuffer *b = g_ptr_array_index (r->buffers, i);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b),
        gst_util_uint64_scale (i, GST_SECOND, 20));
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (b), GST_SECOND / 20);
    assert_px (r, i, 50, 100, RED);
    assert_px (r, i, 150, 100, BLUE);
  }
  neuro_test_run_free (r);
}

GST_END_TEST;

/* The data time of a renderer panel reaches the figure's output. */
GST_START_TEST (test_frame_time_meta)
{
  NeuroTestRun *r = neuro_test_run_new ("neurofigure name=f width=400 "
      "height=300 ! video/x-raw,format=BGRx,framerate=10/1 ! "
      "fakesink name=sink signal-handoffs=true sync=false "
      "neurosrc pattern=poisson units=20 num-buffers=100 ! spikeraster "
      "window=1.0 ! f.");
  GstCaps *caps = gst_caps_from_string (NEURO_FRAME_TIME_CAPS);
  guint i;

  neuro_test_run_to_end (r);
  fail_if (r->error, "%s", r->error);
  fail_unless (r->buffers->len >= 2);
  for (i = 0; i < r->buffers->len; i++) {
    GstBuffer *b = g_ptr_array_index (r->buffers, i);
    GstReferenceTimestampMeta *m =
        gst_buffer_get_reference_timestamp_meta (b, caps);

    fail_unless (m != NULL, "frame %u has no frame-time meta", i);
    /* spikeraster's frame k shows data up to (k + 1) / 10 s */
    fail_unless_equals_uint64 (m->timestamp,
        gst_util_uint64_scale (i + 1, GST_SECOND, 10));
  }
  gst_caps_unref (caps);
  neuro_test_run_free (r);
}

GST_END_TEST;

/* What a renderer asks its figure: the dpi and its tile. */
GST_START_TEST (test_figure_query)
{
  GstElement *f = gst_element_factory_make ("neurofigure", NULL);
  GstPad *p0, *p1;
  GstQuery *q;
  const GstStructure *s;
  gdouble dpi = 0;
  gint w = 0, h = 0;

  g_object_set (f, "width", 600, "height", 400, "dpi", 150.0, "cols", 2,
      NULL);
  p0 = gst_element_request_pad_simple (f, "sink_%u");
  p1 = gst_element_request_pad_simple (f, "sink_%u");
  q = neuro_figure_query_new ();
  fail_unless (neuro_figure_query_is (q));
  fail_unless (gst_pad_query (p1, q));
  s = gst_query_get_structure (q);
  fail_unless (gst_structure_get_double (s, "dpi", &dpi));
  fail_unless (gst_structure_get_int (s, "width", &w));
  fail_unless (gst_structure_get_int (s, "height", &h));
  fail_unless_equals_float (dpi, 150.0);
  fail_unless_equals_int (w, 300);
  fail_unless_equals_int (h, 400);
  gst_query_unref (q);

  /* another custom query is not answered as a figure's */
  q = gst_query_new_custom (GST_QUERY_CUSTOM,
      gst_structure_new_empty ("something-else"));
  fail_if (neuro_figure_query_is (q));
  gst_query_unref (q);

  gst_element_release_request_pad (f, p0);
  gst_element_release_request_pad (f, p1);
  gst_object_unref (p0);
  gst_object_unref (p1);
  gst_object_unref (f);
}

GST_END_TEST;

/* the height of the first run of rows with dark ink from the top in the
 * middle of the frame: a panel's title (centred; the tick labels are at the
 * sides) */
static gint
title_height (NeuroTestRun * r, guint i)
{
  NeuroTestFrame f;
  gint x, y, top = -1, h = 0;

  neuro_test_frame_map (&f, NULL, r->caps, g_ptr_array_index (r->buffers, i));
  for (y = 0; y < GST_VIDEO_INFO_HEIGHT (&f.info); y++) {
    gboolean ink = FALSE;

    for (x = GST_VIDEO_INFO_WIDTH (&f.info) / 2 - 30;
        x < GST_VIDEO_INFO_WIDTH (&f.info) / 2 + 30 && !ink; x++)
      ink = (neuro_test_frame_pixel (&f, x, y) & 0xff) < 128;
    if (ink && top < 0)
      top = y;
    if (!ink && top >= 0) {
      h = y - top;
      break;
    }
  }
  neuro_test_frame_unmap (&f);
  return h;
}

static gint
panel_title_height (const gchar * figure_props, const gchar * panel_props)
{
  NeuroTestRun *r = neuro_test_run_new ("neurofigure name=f width=600 "
      "height=400 %s ! video/x-raw,format=BGRx,framerate=10/1 ! "
      "fakesink name=sink signal-handoffs=true sync=false "
      "neurosrc pattern=poisson units=10 num-buffers=20 ! spikeraster "
      "title=\"HHHHHHHHHHHHHHHH\" %s ! f.", figure_props, panel_props);
  gint h;

  neuro_test_run_to_end (r);
  fail_if (r->error, "%s", r->error);
  fail_unless (r->buffers->len > 0);
  h = title_height (r, 0);
  neuro_test_run_free (r);
  return h;
}

/* A panel draws at its figure's dpi (the figure query), unless its own
 * dpi is set. */
GST_START_TEST (test_panels_take_figure_dpi)
{
  gint h100 = panel_title_height ("", "");
  gint h200 = panel_title_height ("dpi=200", "");
  gint own = panel_title_height ("dpi=200", "dpi=100");

  /* 12 pt at 100 dpi: 16.7 px of em, a capital H about 12 */
  fail_unless (h100 >= 10 && h100 <= 18, "title of %d px at 100 dpi", h100);
  fail_unless (abs (h200 - 2 * h100) <= 2, "title of %d px at 200 dpi, "
      "%d at 100", h200, h100);
  fail_unless_equals_int (own, h100);
}

GST_END_TEST;

/* A panel offering another size than its tile: refused, and said in
 * words once (not only "not-negotiated" later) */
GST_START_TEST (test_refused_caps_warning)
{
  GstElement *f = gst_element_factory_make ("neurofigure", NULL);
  GstBus *bus = gst_bus_new ();
  GstPad *p0;
  GstCaps *filter, *res;
  gchar *text;

  gst_element_set_bus (f, bus);
  g_object_set (f, "width", 400, "height", 300, NULL);
  p0 = gst_element_request_pad_simple (f, "sink_%u");
  filter = gst_caps_from_string ("video/x-raw,format=BGRx,width=100,"
      "height=100");
  res = gst_pad_query_caps (p0, filter);
  fail_unless (gst_caps_is_empty (res));
  gst_caps_unref (res);
  text = neuro_test_expect_warning (bus, "sink_0 takes only its tile's caps",
      "no width or height caps", NULL);
  g_free (text);
  /* once */
  res = gst_pad_query_caps (p0, filter);
  gst_caps_unref (res);
  fail_if (gst_bus_have_pending (bus));
  /* the tile itself is taken */
  gst_caps_unref (filter);
  filter = gst_caps_from_string ("video/x-raw,format=BGRx,width=400,"
      "height=300");
  res = gst_pad_query_caps (p0, filter);
  fail_if (gst_caps_is_empty (res));
  gst_caps_unref (res);
  gst_caps_unref (filter);

  gst_element_release_request_pad (f, p0);
  gst_object_unref (p0);
  gst_element_set_bus (f, NULL);
  gst_object_unref (bus);
  gst_object_unref (f);
}

GST_END_TEST;

static void
expect_layout_error (const gchar * props, gint n_pads, const gchar * what)
{
  GString *line = g_string_new (NULL);
  NeuroTestRun *r;
  gint i;

  g_string_printf (line, "neurofigure name=f %s ! fakesink name=sink signal-handoffs=true ", props);
  for (i = 0; i < n_pads; i++)
    g_string_append_printf (line, " videotestsrc num-buffers=2 ! f.sink_%d",
        i);
  r = neuro_test_run_new ("%s", line->str);
  g_string_free (line, TRUE);
  gst_element_set_state (r->pipeline, GST_STATE_PLAYING);
  neuro_test_run_expect_error (r, what);
  neuro_test_run_free (r);
}

GST_START_TEST (test_layout_errors)
{
  expect_layout_error ("cols=2 sink_0::cell=0,: sink_1::cell=0,1", 2,
      "sink_1::cell=\"0,1\" overlaps sink_0::cell=\"0,:\"");
  expect_layout_error ("rows=1 cols=2", 3, "3 pads do not fit in the 1 x 2");
  expect_layout_error ("rows=3 height-ratios=3,1", 2,
      "height-ratios has 2 values for a grid of 3 rows");
  expect_layout_error ("width-ratios=1,-2", 1, "width-ratios: \"1,-2\"");
  expect_layout_error ("rows=2 sink_0::cell=5,0", 1,
      "sink_0::cell: cell \"5,0\" is outside");
  expect_layout_error ("width=100 height=100 rows=10", 2,
      "gets a tile of 100 x 10 pixels");
}

GST_END_TEST;

/* ---- panels drawing straight into the figure's frames ---- */

typedef struct
{
  GMutex lock;
  GHashTable *tiles;            /* "pad/pts" -> the pixels' address */
  GPtrArray *sums;              /* each output frame's SHA-1 */
  guint in_place, frames;
  GstPad *sink_1;
} InPlace;

/* the tiles' byte offsets in the 300 x 200 figure of run_in_place: two
 * columns under the suptitle */
static void
tile_offsets (InPlace * ip, gsize offset[2])
{
  GstCaps *caps = gst_pad_get_current_caps (ip->sink_1);
  GstVideoInfo info;
  gint title;

  fail_unless (caps && gst_video_info_from_caps (&info, caps));
  title = 200 - GST_VIDEO_INFO_HEIGHT (&info);
  offset[0] = (gsize) title * 300 * 4;
  offset[1] = offset[0] + (gsize) (300 - GST_VIDEO_INFO_WIDTH (&info)) * 4;
  gst_caps_unref (caps);
}

static const guint8 *
buffer_pixels (GstBuffer * buf, GstMapInfo * map)
{
  fail_unless (gst_buffer_map (buf, map, GST_MAP_READ));
  return map->data;
}

/* the SHA-1 of a frame's bytes */
static gchar *
buffer_sha1 (GstBuffer * buf)
{
  GstMapInfo map;
  gchar *sum;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  sum = g_compute_checksum_for_data (G_CHECKSUM_SHA1, map.data, map.size);
  gst_buffer_unmap (buf, &map);
  return sum;
}

static GstPadProbeReturn
tile_probe (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  InPlace *ip = user_data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  GstMapInfo map;
  const guint8 *p = buffer_pixels (buf, &map);

  g_mutex_lock (&ip->lock);
  g_hash_table_insert (ip->tiles, g_strdup_printf ("%s/%" G_GUINT64_FORMAT,
          GST_PAD_NAME (pad), GST_BUFFER_PTS (buf)), (gpointer) p);
  g_mutex_unlock (&ip->lock);
  gst_buffer_unmap (buf, &map);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
figure_probe (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  InPlace *ip = user_data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  GstMapInfo map;
  const guint8 *p = buffer_pixels (buf, &map);
  gint i, here = 0;
  gsize offset[2];

  tile_offsets (ip, offset);
  g_mutex_lock (&ip->lock);
  for (i = 0; i < 2; i++) {
    gchar *key = g_strdup_printf ("sink_%d/%" G_GUINT64_FORMAT, i,
        GST_BUFFER_PTS (buf));

    if (g_hash_table_lookup (ip->tiles, key) == p + offset[i])
      here++;
    g_free (key);
  }
  ip->in_place += here == 2;
  ip->frames++;
  g_ptr_array_add (ip->sums, buffer_sha1 (buf));
  g_mutex_unlock (&ip->lock);
  gst_buffer_unmap (buf, &map);
  return GST_PAD_PROBE_OK;
}

/* Two raster panels side by side in a 300 x 200 figure (tiles at x = 0
 * and 150); @between goes in front of each figure pad. */
static InPlace *
run_in_place (const gchar * between)
{
  InPlace *ip = g_new0 (InPlace, 1);
  gchar *launch = g_strdup_printf ("neurofigure name=f width=300 height=200 "
      "cols=2 suptitle=\"Panels {frame}\" ! "
      "video/x-raw,format=BGRx,framerate=20/1 ! fakesink sync=false "
      "neurosrc pattern=poisson units=20 seed=1 num-buffers=200 ! "
      "spikeraster window=0.5 ! %s f.sink_0 "
      "neurosrc pattern=poisson units=30 seed=2 num-buffers=200 ! "
      "spikeraster window=1 color=#d62728 ! %s f.sink_1", between, between);
  NeuroTestRun *r = neuro_test_run_new ("%s", launch);
  GstElement *f;
  GstPad *pad;
  gint i;

  g_free (launch);
  g_mutex_init (&ip->lock);
  ip->tiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ip->sums = g_ptr_array_new_with_free_func (g_free);
  f = gst_bin_get_by_name (GST_BIN (r->pipeline), "f");
  for (i = 0; i < 2; i++) {
    gchar *name = g_strdup_printf ("sink_%d", i);

    pad = gst_element_get_static_pad (f, name);
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, tile_probe, ip, NULL);
    gst_object_unref (pad);
    g_free (name);
  }
  pad = gst_element_get_static_pad (f, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, figure_probe, ip, NULL);
  gst_object_unref (pad);

  ip->sink_1 = gst_element_get_static_pad (f, "sink_1");
  gst_object_unref (f);
  neuro_test_run_to_end (r);
  fail_if (r->error, "%s", r->error);
  gst_object_unref (ip->sink_1);
  neuro_test_run_free (r);
  return ip;
}

static void
in_place_free (InPlace * ip)
{
  g_hash_table_unref (ip->tiles);
  g_ptr_array_unref (ip->sums);
  g_mutex_clear (&ip->lock);
  g_free (ip);
}

/* Renderer panels draw into the figure's own frames (each tile's pixels
 * are at its place in the output frame of its time: no copy), and the
 * figure looks exactly as when the tiles are copied (an identity that
 * drops the allocation query keeps the panels on pools of their own). */
GST_START_TEST (test_panels_draw_in_place)
{
  InPlace *direct = run_in_place ("");
  InPlace *copied = run_in_place ("identity drop-allocation=true !");
  guint i;

  fail_unless_equals_int (direct->frames, 40);
  fail_unless_equals_int (copied->frames, 40);
  fail_unless_equals_int (direct->in_place, 40);
  fail_unless_equals_int (copied->in_place, 0);
  for (i = 0; i < 40; i++)
    fail_unless_equals_string (g_ptr_array_index (direct->sums, i),
        g_ptr_array_index (copied->sums, i));
  in_place_free (direct);
  in_place_free (copied);
}

GST_END_TEST;

/* A sink that keeps every frame: past the frames the figure keeps in
 * flight, panels get plain buffers and the figure copies them; the
 * pictures do not change. */
GST_START_TEST (test_frames_kept_downstream)
{
  const gchar *launch = "neurofigure name=f width=300 height=200 cols=2 ! "
      "video/x-raw,format=BGRx,framerate=20/1 ! "
      "fakesink name=sink signal-handoffs=true sync=false "
      "neurosrc pattern=poisson units=20 seed=1 num-buffers=200 ! "
      "spikeraster window=0.5 ! %s f.sink_0 "
      "neurosrc pattern=poisson units=30 seed=2 num-buffers=200 ! "
      "spikeraster window=1 ! %s f.sink_1";
  NeuroTestRun *a = neuro_test_run_new (launch, "", "");
  NeuroTestRun *b = neuro_test_run_new (launch,
      "identity drop-allocation=true !", "identity drop-allocation=true !");
  guint i;

  neuro_test_run_to_end (a);
  neuro_test_run_to_end (b);
  fail_if (a->error, "%s", a->error);
  fail_if (b->error, "%s", b->error);
  fail_unless_equals_int (a->buffers->len, 40);
  fail_unless_equals_int (b->buffers->len, 40);
  for (i = 0; i < 40; i++)
    fail_unless (neuro_test_buffers_equal (g_ptr_array_index (a->buffers, i),
            g_ptr_array_index (b->buffers, i)), "frame %u differs", i);
  neuro_test_run_free (a);
  neuro_test_run_free (b);
}

GST_END_TEST;

/* ---- frames that come back showing what the panels drew ---- */

typedef struct
{
  GMutex lock;
  GPtrArray *sums;              /* each output frame's SHA-1 */
  guint tiles, held;            /* panel buffers, those holding a picture */
  /* changed while playing, in the thread that draws next: the figure's
   * suptitle colour after its 25th frame, panel p0's background after its
   * 30th */
  GstElement *fig, *p0;
  guint n0;
} Kept;

static GstPadProbeReturn
kept_out_probe (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Kept *k = user_data;
  gchar *sum = buffer_sha1 (GST_PAD_PROBE_INFO_BUFFER (info));

  g_mutex_lock (&k->lock);
  g_ptr_array_add (k->sums, sum);
  if (k->sums->len == 25)
    g_object_set (k->fig, "foreground", "#8c564b", NULL);
  g_mutex_unlock (&k->lock);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
kept_p0_probe (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Kept *k = user_data;

  if (++k->n0 == 30)
    g_object_set (k->p0, "background", "#f4f0e8", NULL);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
kept_tile_probe (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Kept *k = user_data;
  NeuroTileMeta *m =
      neuro_buffer_get_tile_meta (GST_PAD_PROBE_INFO_BUFFER (info));

  g_mutex_lock (&k->lock);
  k->tiles++;
  k->held += m && m->held != 0;
  g_mutex_unlock (&k->lock);
  return GST_PAD_PROBE_OK;
}

/* a red bar that moves every frame, over the suptitle and the panels'
 * margins: drawn in place downstream of the figure */
static void
overlay_draw (GstElement * overlay, cairo_t * cr, guint64 ts, guint64 dur,
    gpointer user_data)
{
  cairo_set_source_rgb (cr, 1, 0, 0);
  cairo_rectangle (cr, (gdouble) ((ts / (50 * GST_MSECOND)) % 12) * 40 + 3,
      2, 9, 796);
  cairo_fill (cr);
}

/* The figure of @panels (two panels, into f.sink_0 and f.sink_1, each
 * with %s before the pad) with @between before each figure pad and @after
 * after the figure; the frames' SHA-1s. */
static Kept *
run_kept (const gchar * panels, const gchar * between, const gchar * after)
{
  gchar *p = g_strdup_printf (panels, between, between);
  NeuroTestRun *r = neuro_test_run_new ("neurofigure name=f width=640 "
      "height=800 rows=2 suptitle=\"Figure\" ! "
      "video/x-raw,format=BGRx,framerate=20/1 ! %s fakesink name=out "
      "sync=false %s", after, p);
  Kept *k = g_new0 (Kept, 1);
  GstElement *e;
  GstPad *pad;
  gint i;

  g_free (p);
  g_mutex_init (&k->lock);
  k->sums = g_ptr_array_new_with_free_func (g_free);
  e = gst_bin_get_by_name (GST_BIN (r->pipeline), "overlay");
  if (e) {
    g_signal_connect (e, "draw", G_CALLBACK (overlay_draw), NULL);
    gst_object_unref (e);
  }
  e = gst_bin_get_by_name (GST_BIN (r->pipeline), "out");
  pad = gst_element_get_static_pad (e, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, kept_out_probe, k, NULL);
  gst_object_unref (pad);
  gst_object_unref (e);
  e = gst_bin_get_by_name (GST_BIN (r->pipeline), "f");
  k->fig = e;
  k->p0 = gst_bin_get_by_name (GST_BIN (r->pipeline), "p0");
  if (k->p0) {
    pad = gst_element_get_static_pad (e, "sink_0");
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, kept_p0_probe, k,
        NULL);
    gst_object_unref (pad);
  }
  for (i = 0; i < 2; i++) {
    gchar *name = g_strdup_printf ("sink_%d", i);

    pad = gst_element_get_static_pad (e, name);
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, kept_tile_probe, k,
        NULL);
    gst_object_unref (pad);
    g_free (name);
  }
  neuro_test_run_to_end (r);
  fail_if (r->error, "%s", r->error);
  neuro_test_run_free (r);
  gst_object_unref (e);
  gst_clear_object (&k->p0);
  k->fig = NULL;
  return k;
}

static void
kept_free (Kept * k)
{
  g_ptr_array_unref (k->sums);
  g_mutex_clear (&k->lock);
  g_free (k);
}

/* Panels redraw only what changed over a picture of theirs that a figure
 * frame still shows (their title with the time, the plot areas): the
 * figure looks exactly as when every panel draws afresh into buffers of
 * its own, and so does it when an element downstream draws into the
 * frames in place (they are read-only there: it gets a copy), and when
 * the suptitle's colour or a panel's background changes while playing. */
static void
check_kept (const gchar * panels)
{
  const gchar *afters[] = { "", "videoconvert ! cairooverlay name=overlay ! "
    "video/x-raw,format=BGRx !"
  };
  guint a, i;

  for (a = 0; a < G_N_ELEMENTS (afters); a++) {
    Kept *direct = run_kept (panels, "", afters[a]);
    Kept *fresh = run_kept (panels, "identity drop-allocation=true !",
        afters[a]);

    fail_unless (direct->sums->len >= 50, "%u frames", direct->sums->len);
    fail_unless_equals_int (direct->sums->len, fresh->sums->len);
    /* most panel frames drew over a picture of their own */
    fail_unless (direct->held * 10 >= direct->tiles * 8, "%u of %u held",
        direct->held, direct->tiles);
    fail_unless_equals_int (fresh->held, 0);
    for (i = 0; i < direct->sums->len; i++)
      fail_unless_equals_string (g_ptr_array_index (direct->sums, i),
          g_ptr_array_index (fresh->sums, i));
    kept_free (direct);
    kept_free (fresh);
  }
}

GST_START_TEST (test_panels_keep_pictures)
{
  /* a raster over its rate and an oscilloscope with a legend, both
   * titled with the time; the rate's y range follows the data */
  check_kept ("neurosrc pattern=poisson units=12 seed=3 num-buffers=400 ! "
      "spikeraster name=p0 window=1 x-axis=window "
      "title=\"Raster (t = {t})\" "
      "rate-panel=true ! %s f.sink_0 "
      "neurosrc pattern=sines channels=4 rate=500 num-buffers=400 ! "
      "signalscope window=1 x-axis=window legend=true "
      "title=\"Scope (t = {t})\" ! %s f.sink_1");
  /* a heatmap view and an image with its colorbar */
  check_kept ("neurosrc pattern=sines channels=6 rate=500 num-buffers=400 ! "
      "signalscope mode=heatmap window=1 x-axis=window "
      "title=\"Heat {t}\" ! %s f.sink_0 "
      "neurosrc pattern=spiral width=32 height=32 num-buffers=60 ! "
      "activitymap title=\"Map (t = {t})\" ! %s f.sink_1");
}

GST_END_TEST;

static Suite *
neurofigure_suite (void)
{
  Suite *s = suite_create ("neurofigure");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_stacked_ratios);
  tcase_add_test (tc, test_span_and_spacing);
  tcase_add_test (tc, test_suptitle);
  tcase_add_test (tc, test_lengths_and_timestamps);
  tcase_add_test (tc, test_frame_time_meta);
  tcase_add_test (tc, test_figure_query);
  tcase_add_test (tc, test_panels_take_figure_dpi);
  tcase_add_test (tc, test_refused_caps_warning);
  tcase_add_test (tc, test_layout_errors);
  tcase_add_test (tc, test_panels_draw_in_place);
  tcase_add_test (tc, test_frames_kept_downstream);
  tcase_add_test (tc, test_panels_keep_pictures);
  return s;
}

GST_CHECK_MAIN (neurofigure);
