/* gst-neuroviz — htmlplayersink unit tests
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The page is read back and taken apart: every frame element's base64 is
 * decoded and compared with the buffer that was pushed, its data-t with the
 * buffer's stream time, and the document must end with the player script
 * and closing tags.  The player itself is tested in a browser by
 * tests/pipeline-htmlplayer.sh.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gstdio.h>

#include "neurotest.h"

#define FRAME_OPEN "<script type=\"text/x-nvhp\""

typedef struct
{
  gchar *mime;
  gchar *t;                     /* data-t as written ("" = none) */
  gchar *d;
  GBytes *data;                 /* decoded */
} Frame;

typedef struct
{
  gchar *text;
  gsize len;
  GPtrArray *frames;
  gchar *id;
  gchar *video_mime;
  GBytes *video;                /* decoded <video> data URI */
  gboolean complete;            /* player script and closing tags */
} Page;

static void
frame_free (Frame * f)
{
  g_free (f->mime);
  g_free (f->t);
  g_free (f->d);
  g_bytes_unref (f->data);
  g_free (f);
}

static gchar *
attr (const gchar * tag, const gchar * tag_end, const gchar * name)
{
  gchar *key = g_strdup_printf (" %s=\"", name);
  const gchar *p = g_strstr_len (tag, tag_end - tag, key);
  const gchar *e;
  gchar *v = NULL;

  if (p) {
    p += strlen (key);
    e = strchr (p, '"');
    if (e && e < tag_end)
      v = g_strndup (p, e - p);
  }
  g_free (key);
  return v;
}

static GBytes *
decode_b64 (const gchar * p, gsize n)
{
  gchar *s = g_strndup (p, n);
  gsize len = 0;
  guchar *d;

  /* only the base64 alphabet, no line breaks or spaces */
  fail_unless_equals_int (strspn (s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
          "abcdefghijklmnopqrstuvwxyz0123456789+/="), n);
  fail_unless (n % 4 == 0, "base64 of length %" G_GSIZE_FORMAT, n);
  d = g_base64_decode (n ? s : "", &len);
  g_free (s);
  return g_bytes_new_take (d, len);
}

static Page *
page_read (const gchar * path)
{
  Page *pg = g_new0 (Page, 1);
  const gchar *p, *end;
  gchar *trailer;

  fail_unless (g_file_get_contents (path, &pg->text, &pg->len, NULL));
  pg->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) frame_free);
  fail_unless (g_str_has_prefix (pg->text, "<!DOCTYPE html>\n"));
  p = strstr (pg->text, "<div class=\"nvhp\" id=\"");
  fail_unless (p != NULL);
  p += strlen ("<div class=\"nvhp\" id=\"");
  pg->id = g_strndup (p, strchr (p, '"') - p);

  end = pg->text + pg->len;
  for (p = strstr (pg->text, FRAME_OPEN); p; p = strstr (p, FRAME_OPEN)) {
    const gchar *tag_end = strchr (p, '>'), *close;
    Frame *f = g_new0 (Frame, 1);

    fail_unless (tag_end != NULL);
    close = g_strstr_len (tag_end, end - tag_end, "</script>\n");
    fail_unless (close != NULL, "frame %u not closed", pg->frames->len);
    f->mime = attr (p, tag_end, "data-m");
    f->t = attr (p, tag_end, "data-t");
    f->d = attr (p, tag_end, "data-d");
    f->data = decode_b64 (tag_end + 1, close - tag_end - 1);
    g_ptr_array_add (pg->frames, f);
    p = close;
  }

  p = strstr (pg->text, "<video class=\"nvhp-video\"");
  if (p) {
    const gchar *b = strstr (p, ";base64,"), *q;

    fail_unless (b != NULL);
    pg->video_mime = g_strndup (strstr (p, "data:") + 5,
        b - (strstr (p, "data:") + 5));
    b += strlen (";base64,");
    q = strstr (b, "\"></video>\n");
    fail_unless (q != NULL, "video data URI not closed");
    pg->video = decode_b64 (b, q - b);
  }

  trailer = g_strdup_printf ("(\"%s\");\n</script>\n</div>\n</body>\n"
      "</html>\n", pg->id);
  pg->complete = g_str_has_suffix (pg->text, trailer)
      && strstr (pg->text, "<div class=\"nvhp-frames\">\n") != NULL
      && strstr (pg->text, "root.setAttribute(\"data-ready\", \"1\")") != NULL;
  g_free (trailer);
  return pg;
}

static void
page_free (Page * pg)
{
  g_ptr_array_unref (pg->frames);
  g_free (pg->text);
  g_free (pg->id);
  g_free (pg->video_mime);
  if (pg->video)
    g_bytes_unref (pg->video);
  g_free (pg);
}

/* ---- helpers ---- */

static gchar *
temp_path (const gchar * name)
{
  gchar *dir = g_dir_make_tmp ("htmlplayersink-XXXXXX", NULL);
  gchar *path;

  fail_unless (dir != NULL);
  path = g_build_filename (dir, name, NULL);
  g_free (dir);
  return path;
}

static void
remove_path (gchar * path)
{
  gchar *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
  g_free (dir);
  g_free (path);
}

/* @caps NULL: none are sent */
static GstHarness *
sink_harness (const gchar * path, const gchar * caps, GstBus ** bus)
{
  GstElement *sink = gst_element_factory_make ("htmlplayersink", NULL);
  GstHarness *h;

  fail_unless (sink != NULL);
  g_object_set (sink, "location", path, NULL);
  h = neuro_test_harness_new_with_element (sink, "sink", NULL);
  gst_object_unref (sink);
  *bus = neuro_test_harness_bus (h);
  if (caps)
    gst_harness_set_src_caps_str (h, caps);
  return h;
}

static void
harness_done (GstHarness * h, GstBus * bus)
{
  neuro_test_harness_teardown (h);
}

static GstBuffer *
bytes_buffer (gsize n, guint seed, GstClockTime pts, GstClockTime dur)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, n, NULL);
  GstMapInfo map;
  gsize i;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (i = 0; i < n; i++)
    map.data[i] = (guint8) ((i * 131 + seed * 17 + (i >> 7)) & 0xff);
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = pts;
  GST_BUFFER_DURATION (buf) = dur;
  return buf;
}

static gboolean
buffer_equals_bytes (GstBuffer * buf, GBytes * b)
{
  GstMapInfo map;
  gboolean eq;

  gst_buffer_map (buf, &map, GST_MAP_READ);
  /* empty buffers map to NULL: memcmp must not see them */
  eq = map.size == g_bytes_get_size (b)
      && (map.size == 0
      || memcmp (map.data, g_bytes_get_data (b, NULL), map.size) == 0);
  gst_buffer_unmap (buf, &map);
  return eq;
}

/* real PNG frames from pngenc */
static GPtrArray *
make_pngs (guint n)
{
  gchar *desc = g_strdup_printf ("videotestsrc pattern=ball num-buffers=%u "
      "! video/x-raw,format=RGB,width=96,height=64,framerate=25/1 ! pngenc",
      n);
  GstHarness *src = gst_harness_new_parse (desc);
  GPtrArray *bufs = g_ptr_array_new_with_free_func (
      (GDestroyNotify) gst_buffer_unref);
  guint i;

  gst_harness_play (src);
  for (i = 0; i < n; i++)
    g_ptr_array_add (bufs, gst_harness_pull (src));
  gst_harness_teardown (src);
  g_free (desc);
  return bufs;
}

#define find_message neuro_test_find_message

/* size of a finished page with n frames of 3000 bytes, one per second */
static guint64
page_size_for (guint n)
{
  gchar *path = temp_path ("ref.html");
  GstBus *bus;
  GstHarness *h = sink_harness (path, "image/png", &bus);
  GStatBuf st;
  guint i;

  for (i = 0; i < n; i++)
    fail_unless_equals_int (gst_harness_push (h, bytes_buffer (3000, i,
                i * GST_SECOND, GST_CLOCK_TIME_NONE)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  fail_unless (g_stat (path, &st) == 0);
  harness_done (h, bus);
  remove_path (path);
  return st.st_size;
}

/* ---- tests ---- */

GST_START_TEST (test_png_frames_round_trip)
{
  gchar *path = temp_path ("pngs.html");
  GPtrArray *pngs = make_pngs (12);
  GstBus *bus;
  GstHarness *h = sink_harness (path, "image/png,width=96,height=64,"
      "framerate=25/1", &bus);
  Page *pg;
  guint i;

  for (i = 0; i < pngs->len; i++)
    fail_unless_equals_int (gst_harness_push (h,
            gst_buffer_ref (g_ptr_array_index (pngs, i))), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));

  pg = page_read (path);
  fail_unless (pg->complete, "page not finished at EOS");
  fail_unless_equals_int (pg->frames->len, 12);
  for (i = 0; i < pngs->len; i++) {
    Frame *f = g_ptr_array_index (pg->frames, i);
    GstBuffer *b = g_ptr_array_index (pngs, i);
    gchar *t = g_strdup_printf ("%" G_GUINT64_FORMAT, GST_BUFFER_PTS (b));

    fail_unless (buffer_equals_bytes (b, f->data), "frame %u differs", i);
    fail_unless (memcmp (g_bytes_get_data (f->data, NULL),
            "\x89PNG\r\n\x1a\n", 8) == 0);
    fail_unless_equals_string (f->mime, "image/png");
    fail_unless_equals_string (f->t, t);
    fail_unless_equals_string (f->d, "40000000");
    g_free (t);
  }
  page_free (pg);
  g_ptr_array_unref (pngs);
  harness_done (h, bus);
  remove_path (path);
}

GST_END_TEST;

/* all three base64 tails, empty, and more than one encoder chunk */
GST_START_TEST (test_sizes_and_chunks)
{
  static const gsize sizes[] = { 1, 2, 3, 4, 5, 0, 49151, 49152, 49153,
    300001
  };
  gchar *path = temp_path ("sizes.html");
  GstBus *bus;
  GstHarness *h = sink_harness (path, "image/jpeg", &bus);
  GPtrArray *bufs = g_ptr_array_new_with_free_func (
      (GDestroyNotify) gst_buffer_unref);
  Page *pg;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (sizes); i++) {
    GstBuffer *b = bytes_buffer (sizes[i], i, i * GST_SECOND / 10,
        GST_CLOCK_TIME_NONE);

    g_ptr_array_add (bufs, gst_buffer_ref (b));
    fail_unless_equals_int (gst_harness_push (h, b), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  pg = page_read (path);
  fail_unless (pg->complete);
  fail_unless_equals_int (pg->frames->len, G_N_ELEMENTS (sizes));
  for (i = 0; i < G_N_ELEMENTS (sizes); i++) {
    Frame *f = g_ptr_array_index (pg->frames, i);

    fail_unless (buffer_equals_bytes (g_ptr_array_index (bufs, i), f->data),
        "frame %u (%" G_GSIZE_FORMAT " bytes) differs", i, sizes[i]);
    fail_unless_equals_string (f->mime, "image/jpeg");
    /* no duration and no framerate: left for the player (100 ms) */
    fail_unless_equals_string (f->d, "");
  }
  page_free (pg);
  g_ptr_array_unref (bufs);
  harness_done (h, bus);
  remove_path (path);
}

GST_END_TEST;

/* data-t is the stream time; no PTS gives an empty data-t; the duration
 * comes from the framerate when buffers carry none */
GST_START_TEST (test_pts_shown)
{
  gchar *path = temp_path ("pts.html");
  GstBus *bus;
  GstHarness *h = sink_harness (path, "image/png,framerate=30/1", &bus);
  GstSegment seg;
  Page *pg;
  Frame *f;

  fail_unless_equals_int (gst_harness_push (h, bytes_buffer (10, 0,
              3 * GST_SECOND, GST_CLOCK_TIME_NONE)), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_push (h, bytes_buffer (10, 1,
              GST_CLOCK_TIME_NONE, 5 * GST_MSECOND)), GST_FLOW_OK);
  /* a segment that starts at 10 s in running time but shows 2 s */
  gst_segment_init (&seg, GST_FORMAT_TIME);
  seg.start = 10 * GST_SECOND;
  seg.time = 2 * GST_SECOND;
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
  fail_unless_equals_int (gst_harness_push (h, bytes_buffer (10, 2,
              10 * GST_SECOND + 250 * GST_MSECOND, GST_CLOCK_TIME_NONE)),
      GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));

  pg = page_read (path);
  fail_unless_equals_int (pg->frames->len, 3);
  f = g_ptr_array_index (pg->frames, 0);
  fail_unless_equals_string (f->t, "3000000000");
  fail_unless_equals_string (f->d, "33333333");
  f = g_ptr_array_index (pg->frames, 1);
  fail_unless_equals_string (f->t, "");
  fail_unless_equals_string (f->d, "5000000");
  f = g_ptr_array_index (pg->frames, 2);
  fail_unless_equals_string (f->t, "2250000000");
  page_free (pg);
  harness_done (h, bus);
  remove_path (path);
}

GST_END_TEST;

/* a renderer's frames are shown with the time their title shows (the
 * window's end, PTS + duration), not their PTS: the frame-time meta */
GST_START_TEST (test_renderer_frame_time)
{
  gchar *path = temp_path ("frametime.html");
  GstBus *bus;
  GstHarness *h = sink_harness (path, "image/png,framerate=10/1", &bus);
  GstBuffer *b = bytes_buffer (10, 0, 0, 100 * GST_MSECOND);
  GstCaps *caps = gst_caps_from_string (NEURO_FRAME_TIME_CAPS);
  NeuroTestRun *r;
  Page *pg;

  gst_buffer_add_reference_timestamp_meta (b, caps, 100 * GST_MSECOND,
      GST_CLOCK_TIME_NONE);
  gst_caps_unref (caps);
  fail_unless_equals_int (gst_harness_push (h, b), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  pg = page_read (path);
  fail_unless_equals_int (pg->frames->len, 1);
  fail_unless_equals_string (((Frame *) g_ptr_array_index (pg->frames,
              0))->t, "100000000");
  page_free (pg);
  harness_done (h, bus);
  remove_path (path);

  /* through a real renderer, videoconvert and pngenc: frame k shows
   * (k + 1) / 10 s, as its title "t = 0.10 s" ... */
  path = temp_path ("frametime2.html");
  r = neuro_test_run_new ("neurosrc pattern=poisson units=5 "
      "duration=300000000 ! spikeraster title=\"t = {t}\" ! "
      "video/x-raw,width=64,height=48,framerate=10/1 ! videoconvert ! "
      "pngenc ! htmlplayersink location=\"%s\"", path);
  neuro_test_run_to_end (r);
  neuro_test_run_free (r);
  pg = page_read (path);
  fail_unless_equals_int (pg->frames->len, 3);
  fail_unless_equals_string (((Frame *) g_ptr_array_index (pg->frames,
              0))->t, "100000000");
  fail_unless_equals_string (((Frame *) g_ptr_array_index (pg->frames,
              2))->t, "300000000");
  page_free (pg);
  remove_path (path);
}

GST_END_TEST;

/* EOS: complete page, element message with size and count, bytes-written
 * equal to the file size; bytes-written grows with each frame (streaming) */
GST_START_TEST (test_eos_message_and_size)
{
  gchar *path = temp_path ("eos.html");
  GstBus *bus;
  GstHarness *h = sink_harness (path, "image/png,framerate=10/1", &bus);
  const GstStructure *s;
  guint64 before, after, bytes, written, duration;
  guint frames, dropped, i, n;
  GstMessage *m;
  GStatBuf st;
  Page *pg;

  g_object_get (h->element, "bytes-written", &before, NULL);
  fail_unless (before > 1000, "header not written at start");
  for (i = 0; i < 7; i++) {
    fail_unless_equals_int (gst_harness_push (h, bytes_buffer (3000, i,
                i * GST_SECOND / 10, GST_SECOND / 10)), GST_FLOW_OK);
    g_object_get (h->element, "bytes-written", &after, "frames-written", &n,
        NULL);
    /* the frame is in the file already: 4000 chars of base64 and a tag */
    fail_unless (after - before > 4000 && after - before < 4150,
        "frame %u took %" G_GUINT64_FORMAT " bytes", i, after - before);
    fail_unless_equals_int (n, i + 1);
    before = after;
  }
  fail_unless (find_message (bus, GST_MESSAGE_ELEMENT, "htmlplayersink") ==
      NULL, "message before EOS");
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));

  m = find_message (bus, GST_MESSAGE_ELEMENT, "htmlplayersink");
  fail_unless (m != NULL, "no htmlplayersink message at EOS");
  s = gst_message_get_structure (m);
  fail_unless (gst_structure_get (s, "bytes", G_TYPE_UINT64, &bytes,
          "frames", G_TYPE_UINT, &frames, "dropped", G_TYPE_UINT, &dropped,
          "duration", G_TYPE_UINT64, &duration, NULL));
  fail_unless_equals_string (gst_structure_get_string (s, "location"), path);
  gst_message_unref (m);
  fail_unless_equals_int (frames, 7);
  fail_unless_equals_int (dropped, 0);
  fail_unless_equals_uint64 (duration, 700 * GST_MSECOND);
  g_object_get (h->element, "bytes-written", &written, NULL);
  fail_unless_equals_uint64 (written, bytes);
  fail_unless (g_stat (path, &st) == 0);
  fail_unless_equals_uint64 ((guint64) st.st_size, bytes);

  pg = page_read (path);
  fail_unless (pg->complete);
  fail_unless_equals_int (pg->frames->len, 7);
  /* one root, the script called with its id, nothing external */
  fail_unless (strstr (pg->text, "src=\"http") == NULL);
  fail_unless (strstr (pg->text, "<link") == NULL);
  fail_unless (strstr (pg->text, "<script src") == NULL);
  page_free (pg);
  harness_done (h, bus);
  remove_path (path);
}

GST_END_TEST;

/* max-size: the frame that does not fit is an error; the file stays below
 * the limit and is still a complete page with the frames before it */
GST_START_TEST (test_size_limit_error)
{
  gchar *path = temp_path ("limit.html");
  GstBus *bus;
  GstHarness *h = sink_harness (path, "image/png", &bus);
  guint64 max_size;
  GError *err = NULL;
  GstMessage *m;
  GStatBuf st;
  Page *pg;

  /* room for the player and two frames of 3000 bytes (4000 in base64) */
  max_size = page_size_for (2) + 1000;
  g_object_set (h->element, "max-size", max_size, NULL);
  fail_unless_equals_int (gst_harness_push (h, bytes_buffer (3000, 0, 0,
              GST_CLOCK_TIME_NONE)), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_push (h, bytes_buffer (3000, 1,
              GST_SECOND, GST_CLOCK_TIME_NONE)), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_push (h, bytes_buffer (9000, 2,
              2 * GST_SECOND, GST_CLOCK_TIME_NONE)), GST_FLOW_ERROR);

  m = find_message (bus, GST_MESSAGE_ERROR, NULL);
  fail_unless (m != NULL, "no error message");
  gst_message_parse_error (m, &err, NULL);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_NO_SPACE_LEFT));
  fail_unless (strstr (err->message, "max-size") != NULL, "%s", err->message);
  fail_unless (strstr (err->message, path) != NULL, "%s", err->message);
  g_error_free (err);
  gst_message_unref (m);

  /* stopping finishes the page */
  gst_element_set_state (h->element, GST_STATE_NULL);
  fail_unless (g_stat (path, &st) == 0);
  fail_unless ((guint64) st.st_size <= max_size);
  pg = page_read (path);
  fail_unless (pg->complete, "page not finished after the error");
  fail_unless_equals_int (pg->frames->len, 2);
  page_free (pg);
  harness_done (h, bus);
  remove_path (path);
}

GST_END_TEST;

/* on-limit=stop: a warning, later frames dropped and counted */
GST_START_TEST (test_size_limit_stop)
{
  gchar *path = temp_path ("stop.html");
  GstBus *bus;
  GstHarness *h = sink_harness (path, "image/png", &bus);
  guint64 max_size, bytes;
  guint frames, dropped, i;
  GstMessage *m;
  GStatBuf st;
  Page *pg;

  /* exactly three frames */
  max_size = page_size_for (3);
  g_object_set (h->element, "max-size", max_size, "on-limit", 1, NULL);
  for (i = 0; i < 10; i++)
    fail_unless_equals_int (gst_harness_push (h, bytes_buffer (3000, i,
                i * GST_SECOND, GST_CLOCK_TIME_NONE)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));

  /* the warning comes first; popping a type drops what lies before it */
  m = find_message (bus, GST_MESSAGE_WARNING, NULL);
  fail_unless (m != NULL, "no warning");
  gst_message_unref (m);
  m = find_message (bus, GST_MESSAGE_ELEMENT, "htmlplayersink");
  fail_unless (m != NULL, "no element message");
  fail_unless (gst_structure_get (gst_message_get_structure (m), "bytes",
          G_TYPE_UINT64, &bytes, "frames", G_TYPE_UINT, &frames, "dropped",
          G_TYPE_UINT, &dropped, NULL));
  gst_message_unref (m);
  fail_unless (find_message (bus, GST_MESSAGE_WARNING, NULL) == NULL,
      "more than one warning");
  fail_unless_equals_int (frames, 3);
  fail_unless_equals_int (dropped, 7);
  fail_unless_equals_uint64 (bytes, max_size);
  fail_unless (g_stat (path, &st) == 0);
  fail_unless_equals_uint64 ((guint64) st.st_size, bytes);
  pg = page_read (path);
  fail_unless (pg->complete);
  fail_unless_equals_int (pg->frames->len, 3);
  page_free (pg);
  harness_done (h, bus);
  remove_path (path);
}

GST_END_TEST;

/* a limit smaller than the player itself fails at start, clearly */
GST_START_TEST (test_limit_below_player)
{
  GstElement *sink = gst_element_factory_make ("htmlplayersink", NULL);
  gchar *path = temp_path ("tiny.html");
  GstBus *bus = gst_bus_new ();
  GError *err = NULL;
  GstMessage *m;

  g_object_set (sink, "location", path, "max-size", (guint64) 1000, NULL);
  gst_element_set_bus (sink, bus);
  fail_unless_equals_int (gst_element_set_state (sink, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  m = find_message (bus, GST_MESSAGE_ERROR, NULL);
  fail_unless (m != NULL);
  gst_message_parse_error (m, &err, NULL);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_SETTINGS));
  fail_unless (strstr (err->message, "max-size") != NULL);
  g_error_free (err);
  gst_message_unref (m);
  fail_if (g_file_test (path, G_FILE_TEST_EXISTS), "file created anyway");
  gst_element_set_state (sink, GST_STATE_NULL);
  gst_element_set_bus (sink, NULL);
  gst_bus_set_flushing (bus, TRUE);
  gst_object_unref (bus);
  gst_object_unref (sink);
  remove_path (path);
}

GST_END_TEST;

/* no location, a folder that does not exist: errors naming the problem */
GST_START_TEST (test_bad_location)
{
  GstElement *sink = gst_element_factory_make ("htmlplayersink", NULL);
  GstBus *bus = gst_bus_new ();
  GError *err = NULL;
  GstMessage *m;

  gst_element_set_bus (sink, bus);
  fail_unless_equals_int (gst_element_set_state (sink, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  m = find_message (bus, GST_MESSAGE_ERROR, NULL);
  fail_unless (m != NULL);
  gst_message_parse_error (m, &err, NULL);
  fail_unless (strstr (err->message, "location") != NULL, "%s",
      err->message);
  g_clear_error (&err);
  gst_message_unref (m);
  gst_element_set_state (sink, GST_STATE_NULL);
  /* GstBaseSink adds a generic error of its own */
  gst_bus_set_flushing (bus, TRUE);
  gst_bus_set_flushing (bus, FALSE);

  g_object_set (sink, "location", "/nonexistent-folder/x.html", NULL);
  fail_unless_equals_int (gst_element_set_state (sink, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  m = find_message (bus, GST_MESSAGE_ERROR, NULL);
  fail_unless (m != NULL);
  gst_message_parse_error (m, &err, NULL);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_OPEN_WRITE), "%s", err->message);
  fail_unless (strstr (err->message, "/nonexistent-folder/x.html") != NULL);
  g_clear_error (&err);
  gst_message_unref (m);
  gst_element_set_state (sink, GST_STATE_NULL);
  gst_element_set_bus (sink, NULL);
  gst_bus_set_flushing (bus, TRUE);
  gst_object_unref (bus);
  gst_object_unref (sink);
}

GST_END_TEST;

/* an encoded movie in pieces: one data URI that decodes to all the bytes;
 * the muxer is told downstream cannot seek */
GST_START_TEST (test_video_data_uri)
{
  static const gsize sizes[] = { 1, 4000, 2, 100000, 7, 0, 5 };
  gchar *path = temp_path ("video.html");
  GstBus *bus;
  GstHarness *h = sink_harness (path, "video/webm", &bus);
  GByteArray *all = g_byte_array_new ();
  gboolean seekable = TRUE;
  GstQuery *q;
  Page *pg;
  guint i;

  q = gst_query_new_seeking (GST_FORMAT_BYTES);
  fail_unless (gst_pad_peer_query (h->srcpad, q));
  gst_query_parse_seeking (q, NULL, &seekable, NULL, NULL);
  fail_if (seekable);
  gst_query_unref (q);

  for (i = 0; i < G_N_ELEMENTS (sizes); i++) {
    GstBuffer *b = bytes_buffer (sizes[i], i, GST_CLOCK_TIME_NONE,
        GST_CLOCK_TIME_NONE);
    GstMapInfo map;

    gst_buffer_map (b, &map, GST_MAP_READ);
    g_byte_array_append (all, map.data, map.size);
    gst_buffer_unmap (b, &map);
    fail_unless_equals_int (gst_harness_push (h, b), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  pg = page_read (path);
  fail_unless (pg->complete);
  fail_unless_equals_int (pg->frames->len, 0);
  fail_unless (pg->video != NULL);
  fail_unless_equals_string (pg->video_mime, "video/webm");
  fail_unless_equals_int (g_bytes_get_size (pg->video), all->len);
  fail_unless (memcmp (g_bytes_get_data (pg->video, NULL), all->data,
          all->len) == 0);
  page_free (pg);
  g_byte_array_unref (all);
  harness_done (h, bus);
  remove_path (path);
}

GST_END_TEST;

/* mp4mux's caps become a video/mp4 data URI */
GST_START_TEST (test_quicktime_is_mp4)
{
  gchar *path = temp_path ("mp4.html");
  GstBus *bus;
  GstHarness *h = sink_harness (path, "video/quicktime, variant=iso", &bus);
  Page *pg;

  fail_unless_equals_int (gst_harness_push (h, bytes_buffer (100, 0,
              GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  pg = page_read (path);
  fail_unless (pg->complete);
  fail_unless_equals_string (pg->video_mime, "video/mp4");
  fail_unless_equals_int (g_bytes_get_size (pg->video), 100);
  page_free (pg);
  harness_done (h, bus);
  remove_path (path);
}

GST_END_TEST;

/* PNG and JPEG frames may alternate; the title is escaped */
GST_START_TEST (test_caps_change_and_title)
{
  gchar *path = temp_path ("mixed.html");
  GstBus *bus;
  GstHarness *h;
  Page *pg;

  h = sink_harness (path, "image/png", &bus);
  gst_element_set_state (h->element, GST_STATE_NULL);
  g_object_set (h->element, "title", "<b>rates & \"spikes\"</b>", NULL);
  gst_harness_play (h);
  gst_harness_set_src_caps_str (h, "image/png");
  fail_unless_equals_int (gst_harness_push (h, bytes_buffer (5, 0, 0,
              GST_CLOCK_TIME_NONE)), GST_FLOW_OK);
  gst_harness_set_src_caps_str (h, "image/jpeg");
  fail_unless_equals_int (gst_harness_push (h, bytes_buffer (5, 1,
              GST_SECOND, GST_CLOCK_TIME_NONE)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  pg = page_read (path);
  fail_unless (pg->complete);
  fail_unless_equals_int (pg->frames->len, 2);
  fail_unless_equals_string (((Frame *) g_ptr_array_index (pg->frames,
              0))->mime, "image/png");
  fail_unless_equals_string (((Frame *) g_ptr_array_index (pg->frames,
              1))->mime, "image/jpeg");
  fail_unless (strstr (pg->text, "<title>&lt;b&gt;rates &amp; "
          "&quot;spikes&quot;&lt;/b&gt;</title>") != NULL);
  page_free (pg);
  harness_done (h, bus);
  remove_path (path);
}

GST_END_TEST;

/* a frame without caps: an error saying so, and nothing written */
GST_START_TEST (test_frame_before_caps)
{
  gchar *path = temp_path ("nocaps.html");
  GstBus *bus;
  GstHarness *h = sink_harness (path, NULL, &bus);
  GstSegment seg;

  gst_segment_init (&seg, GST_FORMAT_TIME);
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
  fail_unless_equals_int (gst_harness_push (h, bytes_buffer (10, 0, 0,
              GST_CLOCK_TIME_NONE)), GST_FLOW_NOT_NEGOTIATED);
  g_free (neuro_test_expect_error (bus, "A frame arrived on pad sink before "
          "its caps", NULL));
  harness_done (h, bus);
  remove_path (path);
}

GST_END_TEST;

static Suite *
htmlplayersink_suite (void)
{
  Suite *s = suite_create ("htmlplayersink");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_png_frames_round_trip);
  tcase_add_test (tc, test_sizes_and_chunks);
  tcase_add_test (tc, test_pts_shown);
  tcase_add_test (tc, test_eos_message_and_size);
  tcase_add_test (tc, test_size_limit_error);
  tcase_add_test (tc, test_size_limit_stop);
  tcase_add_test (tc, test_limit_below_player);
  tcase_add_test (tc, test_bad_location);
  tcase_add_test (tc, test_video_data_uri);
  tcase_add_test (tc, test_quicktime_is_mp4);
  tcase_add_test (tc, test_caps_change_and_title);
  tcase_add_test (tc, test_frame_before_caps);
  tcase_add_test (tc, test_renderer_frame_time);
  return s;
}

GST_CHECK_MAIN (htmlplayersink);
