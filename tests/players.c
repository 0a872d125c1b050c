/* gst-neuroviz — the project's files in standard players: playbin (and so
 * gst-play-1.0) through decodebin and neurodecodebin, frame by frame
 * against neurofilesrc ! <renderer> at the same stream time.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Real Brian2 output ($NEUROVIZ_BRUNEL_DATA/brunel.npz, made by meson), a
 * NEST recorder file and a bare .npy signal written here.  gst-play-1.0
 * and gst-discoverer-1.0 themselves are run by pipeline-players.sh. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <glib/gstdio.h>
#include <string.h>

#include "neurotest.h"

/* Small frames at a rate whose frames fall on the seek times (0.5 s). */
#define CAPS "video/x-raw,format=BGRx,width=320,height=240,framerate=20/1"
#define FPS 20

/* GstPlayFlags: video only, and no converters before the sink (so the
 * renderer negotiates CAPS itself and frames are its own pixels). */
#define PLAY_FLAGS (0x1 | 0x40)

typedef struct
{
  GstElement *pipeline;
  GstElement *sink;
  GstBus *bus;
  GMutex lock;
  GPtrArray *buffers;
  GString *warnings;            /* the texts of the warnings seen */
} Player;

static void
on_handoff (GstElement * sink, GstBuffer * buf, GstPad * pad, Player * p)
{
  g_mutex_lock (&p->lock);
  g_ptr_array_add (p->buffers, gst_buffer_ref (buf));
  g_mutex_unlock (&p->lock);
}

static gchar *
data_path (const gchar * name)
{
  const gchar *root = g_getenv ("NEUROVIZ_SOURCE_ROOT");

  return g_build_filename (root ? root : "..", "tests", "data",
      "neurofilesrc", name, NULL);
}

static gchar *
brunel_path (void)
{
  const gchar *dir = g_getenv ("NEUROVIZ_BRUNEL_DATA");

  fail_unless (dir != NULL && *dir,
      "NEUROVIZ_BRUNEL_DATA is not set: run the tests with meson test");
  return g_build_filename (dir, "brunel.npz", NULL);
}

/* A fakesink behind a capsfilter of CAPS, collecting what it renders. */
static GstElement *
collecting_sink (Player * p)
{
  GError *err = NULL;
  GstElement *bin = gst_parse_bin_from_description ("capsfilter caps=" CAPS
      " ! fakesink name=sink sync=false signal-handoffs=true", TRUE, &err);

  fail_unless (bin != NULL, "%s", err ? err->message : "?");
  p->sink = gst_bin_get_by_name (GST_BIN (bin), "sink");
  g_signal_connect (p->sink, "handoff", G_CALLBACK (on_handoff), p);
  return bin;
}

static Player *
player_new (const gchar * path)
{
  Player *p = g_new0 (Player, 1);
  gchar *uri = gst_filename_to_uri (path, NULL);

  fail_unless (uri != NULL);
  g_mutex_init (&p->lock);
  p->warnings = g_string_new (NULL);
  p->buffers = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_buffer_unref);
  p->pipeline = gst_element_factory_make ("playbin", NULL);
  fail_unless (p->pipeline != NULL, "no playbin (gst-plugins-base)");
  g_object_set (p->pipeline, "uri", uri, "flags", PLAY_FLAGS, "video-sink",
      collecting_sink (p), NULL);
  p->bus = gst_element_get_bus (p->pipeline);
  g_free (uri);
  return p;
}

/* neurofilesrc ! @renderer, the reference. */
static Player *
reference_new (const gchar * path, const gchar * extra,
    const gchar * renderer)
{
  Player *p = g_new0 (Player, 1);
  GError *err = NULL;
  gchar *launch = g_strdup_printf ("neurofilesrc location=\"%s\" %s ! %s ! "
      CAPS " ! fakesink name=sink sync=false signal-handoffs=true", path,
      extra, renderer);

  g_mutex_init (&p->lock);
  p->warnings = g_string_new (NULL);
  p->buffers = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_buffer_unref);
  p->pipeline = gst_parse_launch (launch, &err);
  fail_unless (p->pipeline != NULL, "%s: %s", launch, err ? err->message :
      "?");
  p->sink = gst_bin_get_by_name (GST_BIN (p->pipeline), "sink");
  g_signal_connect (p->sink, "handoff", G_CALLBACK (on_handoff), p);
  p->bus = gst_element_get_bus (p->pipeline);
  g_free (launch);
  return p;
}

static void
player_free (Player * p)
{
  gst_element_set_state (p->pipeline, GST_STATE_NULL);
  gst_object_unref (p->sink);
  gst_object_unref (p->bus);
  gst_object_unref (p->pipeline);
  g_ptr_array_unref (p->buffers);
  g_mutex_clear (&p->lock);
  g_string_free (p->warnings, TRUE);
  g_free (p);
}

/* Waits for @type (ASYNC_DONE or EOS), keeping the warnings' texts; an
 * error fails the test. */
static void
player_wait (Player * p, GstMessageType type)
{
  for (;;) {
    GstMessage *m = gst_bus_timed_pop_filtered (p->bus, NEURO_TEST_TIMEOUT,
        type | GST_MESSAGE_ERROR | GST_MESSAGE_WARNING);
    GstMessageType got;
    gchar *text;

    fail_unless (m != NULL, "no %s within the timeout",
        gst_message_type_get_name (type));
    got = GST_MESSAGE_TYPE (m);
    if (got == GST_MESSAGE_ERROR || got == GST_MESSAGE_WARNING) {
      text = neuro_test_message_text (m);
      fail_if (got == GST_MESSAGE_ERROR, "error: %s", text);
      g_string_append_printf (p->warnings, "%s\n", text);
      g_free (text);
    }
    gst_message_unref (m);
    if (got == type)
      return;
  }
}

static void
player_pause (Player * p)
{
  fail_unless (gst_element_set_state (p->pipeline, GST_STATE_PAUSED) !=
      GST_STATE_CHANGE_FAILURE);
  player_wait (p, GST_MESSAGE_ASYNC_DONE);
}

static void
player_run (Player * p)
{
  fail_unless (gst_element_set_state (p->pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  player_wait (p, GST_MESSAGE_EOS);
}

static void
player_seek (Player * p, gdouble rate, GstClockTime pos)
{
  fail_unless (gst_element_seek (p->pipeline, rate, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, GST_SEEK_TYPE_SET,
          pos, GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE), "seek refused");
  player_wait (p, GST_MESSAGE_ASYNC_DONE);
}

/* The reference frame with @pts, or NULL. */
static GstBuffer *
frame_at (Player * ref, GstClockTime pts)
{
  guint i;

  for (i = 0; i < ref->buffers->len; i++) {
    GstBuffer *b = g_ptr_array_index (ref->buffers, i);

    if (GST_BUFFER_PTS (b) == pts)
      return b;
  }
  return NULL;
}

/* Every frame of @p from @first on equals the reference frame of its
 * stream time (segment start 0: PTS); returns how many there were. */
static guint
check_frames (Player * p, guint first, Player * ref)
{
  guint i;

  fail_unless (p->buffers->len > first, "no frames");
  for (i = first; i < p->buffers->len; i++) {
    GstBuffer *b = g_ptr_array_index (p->buffers, i);
    GstBuffer *r = frame_at (ref, GST_BUFFER_PTS (b));

    fail_unless (r != NULL, "frame %u at %" GST_TIME_FORMAT ": no reference "
        "frame of that time", i, GST_TIME_ARGS (GST_BUFFER_PTS (b)));
    fail_unless (neuro_test_buffers_equal (b, r),
        "frame %u at %" GST_TIME_FORMAT
        " differs from neurofilesrc's", i,
        GST_TIME_ARGS (GST_BUFFER_PTS (b)));
  }
  return p->buffers->len - first;
}

/* Pixels of @buf (320x240 BGRx) that are not the top-left one (the figure
 * background). */
static guint
marked_pixels (GstBuffer * buf)
{
  GstMapInfo m;
  const guint32 *px;
  guint i, n = 0;

  fail_unless (gst_buffer_map (buf, &m, GST_MAP_READ));
  px = (const guint32 *) m.data;
  for (i = 0; i < m.size / 4; i++)
    n += (px[i] & 0xffffff) != (px[0] & 0xffffff);
  gst_buffer_unmap (buf, &m);
  return n;
}

static Player *
reference_run (const gchar * path, const gchar * extra, const gchar * r)
{
  Player *ref = reference_new (path, extra, r);

  player_run (ref);
  fail_unless (ref->buffers->len > 0);
  return ref;
}

/* playbin plays brunel.npz: decodebin picked neurodecodebin, spikes are
 * drawn by spikeraster, and every frame is neurofilesrc ! spikeraster's. */
GST_START_TEST (test_playbin_brunel)
{
  gchar *path = brunel_path ();
  Player *ref = reference_run (path, "", "spikeraster");
  Player *p = player_new (path);
  GstElement *dec;
  gint64 dur = -1, ref_dur = -1;
  guint n;

  player_pause (p);
  fail_unless (gst_element_query_duration (p->pipeline, GST_FORMAT_TIME,
          &dur));
  player_run (p);
  n = check_frames (p, 0, ref);
  fail_unless_equals_int (n, ref->buffers->len);
  /* the spikes are drawn: a frame of the middle has raster marks */
  fail_unless (marked_pixels (g_ptr_array_index (p->buffers, n / 2)) >
      320 * 240 / 20);
  fail_unless (gst_element_query_duration (ref->pipeline, GST_FORMAT_TIME,
          &ref_dur));
  fail_unless_equals_int64 (dur, ref_dur);
  dec = gst_bin_get_by_name (GST_BIN (p->pipeline), "renderer");
  fail_unless (dec != NULL);
  fail_unless_equals_string (G_OBJECT_TYPE_NAME (dec), "GstSpikeRaster");
  gst_object_unref (dec);
  player_free (p);
  player_free (ref);
  g_free (path);
}

GST_END_TEST;

/* A flushing seek to 0.5 s: the position answers 0.5 s and the first frame
 * after it is the uninterrupted run's frame of 0.5 s (a full window). */
GST_START_TEST (test_playbin_seek)
{
  gchar *path = brunel_path ();
  Player *ref = reference_run (path, "", "spikeraster");
  Player *p = player_new (path);
  GstBuffer *b0;
  gint64 pos = -1;

  player_pause (p);
  player_seek (p, 1.0, GST_SECOND / 2);
  fail_unless (gst_element_query_position (p->pipeline, GST_FORMAT_TIME,
          &pos));
  fail_unless_equals_int64 (pos, GST_SECOND / 2);
  player_run (p);
  b0 = g_ptr_array_index (p->buffers, 0);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (b0), GST_SECOND / 2);
  check_frames (p, 0, ref);
  player_free (p);
  player_free (ref);
  g_free (path);
}

GST_END_TEST;

/* A rate-2 seek goes to the renderer as neurofilesrc ! spikeraster gets
 * it: the same frames, stamped 2 / fps apart (the sink shows them at the
 * negotiated framerate), half as many as at rate 1. */
GST_START_TEST (test_playbin_rate2)
{
  gchar *path = brunel_path ();
  Player *ref1 = reference_run (path, "", "spikeraster");
  Player *ref = reference_new (path, "", "spikeraster");
  Player *p = player_new (path);
  guint i, n;

  player_pause (ref);
  player_seek (ref, 2.0, 0);
  player_run (ref);
  player_pause (p);
  player_seek (p, 2.0, 0);
  player_run (p);
  n = check_frames (p, 0, ref);
  fail_unless_equals_int (n, ref->buffers->len);
  for (i = 0; i < n; i++)
    fail_unless_equals_uint64 (GST_BUFFER_PTS (g_ptr_array_index
            (p->buffers, i)), gst_util_uint64_scale (2 * i, GST_SECOND, FPS));
  /* half the frames of the rate-1 run, give or take the last */
  fail_unless (n * 2 >= ref1->buffers->len - 1
      && n * 2 <= ref1->buffers->len + 2, "%u frames at rate 2, %u at 1", n,
      ref1->buffers->len);
  player_free (p);
  player_free (ref);
  player_free (ref1);
  g_free (path);
}

GST_END_TEST;

/* Reverse through playbin (gst-play-1.0's 'd' key): a rate -1 seek over
 * the whole file gives every frame of the forward run, in descending
 * stream time, each the forward frame of its time. */
GST_START_TEST (test_playbin_reverse)
{
  gchar *path = brunel_path ();
  Player *ref = reference_run (path, "", "spikeraster");
  Player *p = player_new (path);
  gint64 dur = -1;
  guint i, n;

  player_pause (p);
  fail_unless (gst_element_query_duration (p->pipeline, GST_FORMAT_TIME,
          &dur));
  fail_unless (gst_element_seek (p->pipeline, -1.0, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, GST_SEEK_TYPE_SET, 0,
          GST_SEEK_TYPE_SET, dur), "reverse seek refused");
  player_wait (p, GST_MESSAGE_ASYNC_DONE);
  g_mutex_lock (&p->lock);
  g_ptr_array_set_size (p->buffers, 0);       /* the preroll frame */
  g_mutex_unlock (&p->lock);
  player_run (p);
  n = check_frames (p, 0, ref);
  fail_unless_equals_int (n, ref->buffers->len);
  for (i = 0; i < n; i++)
    fail_unless_equals_uint64 (GST_BUFFER_PTS (g_ptr_array_index
            (p->buffers, i)), GST_BUFFER_PTS (g_ptr_array_index (ref->buffers,
                n - 1 - i)));
  player_free (p);
  player_free (ref);
  g_free (path);
}

GST_END_TEST;

/* A NEST recorder file: typefound, played as spikes. */
GST_START_TEST (test_playbin_nest)
{
  gchar *path = data_path ("nest-spike_recorder-12-0.dat");
  Player *ref = reference_run (path, "", "spikeraster");
  Player *p = player_new (path);

  player_run (p);
  fail_unless_equals_int (check_frames (p, 0, ref), ref->buffers->len);
  player_free (p);
  player_free (ref);
  g_free (path);
}

GST_END_TEST;

/* Played again after READY: the bin is rebuilt and plays the same frames
 * (and the NEST file through a second playbin run). */
GST_START_TEST (test_playbin_restart)
{
  gchar *path = data_path ("nest-spike_recorder-12-0.dat");
  Player *ref = reference_run (path, "", "spikeraster");
  Player *p = player_new (path);
  guint n;

  player_run (p);
  n = p->buffers->len;
  fail_unless_equals_int (gst_element_set_state (p->pipeline,
          GST_STATE_READY), GST_STATE_CHANGE_SUCCESS);
  player_run (p);
  fail_unless_equals_int (p->buffers->len, 2 * n);
  check_frames (p, n, ref);
  player_free (p);
  player_free (ref);
  g_free (path);
}

GST_END_TEST;

/* Writes a float32 .npy vector of @n samples of a 5 Hz sine. */
static void
write_signal_npy (const gchar * path, guint n)
{
  GString *s = g_string_new ("\x93NUMPY\x01");
  gchar *hdr = g_strdup_printf ("{'descr': '<f4', 'fortran_order': False, "
      "'shape': (%u,), }", n);
  gsize len = strlen (hdr), pad = 64 - (10 + len + 1) % 64;
  guint i;

  g_string_append_c (s, '\0');
  g_string_append_c (s, (gchar) ((len + pad + 1) & 0xff));
  g_string_append_c (s, (gchar) ((len + pad + 1) >> 8));
  g_string_append (s, hdr);
  for (i = 0; i < pad; i++)
    g_string_append_c (s, ' ');
  g_string_append_c (s, '\n');
  for (i = 0; i < n; i++) {
    gfloat v = sinf (2 * G_PI * 5 * i / 1000.0f);
    guint32 bits, le;

    memcpy (&bits, &v, 4);
    le = GUINT32_TO_LE (bits);
    g_string_append_len (s, (const gchar *) &le, 4);
  }
  fail_unless (g_file_set_contents (path, s->str, s->len, NULL));
  g_string_free (s, TRUE);
  g_free (hdr);
}

/* A bare .npy signal: played by signalscope at the default rate (1000 Hz),
 * with a warning and a comment tag saying the rate was assumed. */
GST_START_TEST (test_playbin_npy_signal)
{
  gchar *dir = g_dir_make_tmp ("players-XXXXXX", NULL);
  gchar *path = g_build_filename (dir, "sine.npy", NULL);
  Player *ref, *p;
  GstTagList *tags = NULL;
  GstElement *r;
  gchar *s = NULL;

  write_signal_npy (path, 1500);
  ref = reference_run (path, "rate=1000", "signalscope");
  p = player_new (path);
  player_run (p);
  fail_unless (strstr (p->warnings->str, "holds no sampling rate: playing "
          "it at 1000 Hz") != NULL, "no warning about the assumed rate: %s",
      p->warnings->str);
  fail_unless_equals_int (check_frames (p, 0, ref), ref->buffers->len);
  g_signal_emit_by_name (p->pipeline, "get-video-tags", 0, &tags);
  fail_unless (tags != NULL);
  fail_unless (gst_tag_list_get_string (tags, GST_TAG_DESCRIPTION, &s));
  fail_unless_equals_string (s, "signal, 1 channel at 1000 Hz");
  g_free (s);
  fail_unless (gst_tag_list_get_string (tags, GST_TAG_COMMENT, &s));
  fail_unless (strstr (s, "assumed") != NULL, "%s", s);
  g_free (s);
  gst_tag_list_unref (tags);
  r = gst_bin_get_by_name (GST_BIN (p->pipeline), "renderer");
  fail_unless_equals_string (G_OBJECT_TYPE_NAME (r), "GstSignalScope");
  gst_object_unref (r);
  player_free (p);
  player_free (ref);
  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
}

GST_END_TEST;

/* ------------------------------------------------------------------------
 * The sink pad's pull path: an upstream that is not a local file (a pad
 * serving bytes from memory, answering no URI) is read through
 * gst_pad_pull_range; the pictures are the same. */

typedef struct
{
  gchar *data;
  gsize len;
  guint pulls;
  guint64 pulled;
} MemSource;

static GstFlowReturn
mem_getrange (GstPad * pad, GstObject * parent, guint64 offset, guint len,
    GstBuffer ** buf)
{
  MemSource *m = g_object_get_data (G_OBJECT (pad), "mem");

  if (offset >= m->len)
    return GST_FLOW_EOS;
  len = MIN (len, m->len - offset);
  *buf = gst_buffer_new_memdup (m->data + offset, len);
  m->pulls++;
  m->pulled += len;
  return GST_FLOW_OK;
}

static gboolean
mem_query (GstPad * pad, GstObject * parent, GstQuery * query)
{
  MemSource *m = g_object_get_data (G_OBJECT (pad), "mem");

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_SCHEDULING:
      gst_query_set_scheduling (query, GST_SCHEDULING_FLAG_SEEKABLE, 1, -1,
          0);
      gst_query_add_scheduling_mode (query, GST_PAD_MODE_PULL);
      return TRUE;
    case GST_QUERY_DURATION:{
      GstFormat f;

      gst_query_parse_duration (query, &f, NULL);
      if (f != GST_FORMAT_BYTES)
        return FALSE;
      gst_query_set_duration (query, f, m->len);
      return TRUE;
    }
    default:
      return FALSE;
  }
}

static void
on_pad_added (GstElement * dec, GstPad * pad, GstElement * sink)
{
  GstPad *sp = gst_element_get_static_pad (sink, "sink");

  fail_unless_equals_int (gst_pad_link (pad, sp), GST_PAD_LINK_OK);
  gst_object_unref (sp);
}

GST_START_TEST (test_pull_path)
{
  gchar *path = brunel_path ();
  Player *ref = reference_run (path, "", "spikeraster");
  Player *p = g_new0 (Player, 1);
  MemSource mem = { NULL, };
  GstElement *dec, *sinkbin;
  GstPad *src, *decsink;

  fail_unless (g_file_get_contents (path, &mem.data, &mem.len, NULL));
  g_mutex_init (&p->lock);
  p->warnings = g_string_new (NULL);
  p->buffers = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_buffer_unref);
  p->pipeline = gst_pipeline_new (NULL);
  p->bus = gst_element_get_bus (p->pipeline);
  dec = gst_element_factory_make ("neurodecodebin", NULL);
  sinkbin = collecting_sink (p);
  gst_bin_add_many (GST_BIN (p->pipeline), dec, sinkbin, NULL);
  g_signal_connect (dec, "pad-added", G_CALLBACK (on_pad_added), sinkbin);
  src = gst_pad_new ("memsrc", GST_PAD_SRC);
  g_object_set_data (G_OBJECT (src), "mem", &mem);
  gst_pad_set_getrange_function (src, mem_getrange);
  gst_pad_set_query_function (src, mem_query);
  decsink = gst_element_get_static_pad (dec, "sink");
  fail_unless_equals_int (gst_pad_link (src, decsink), GST_PAD_LINK_OK);
  gst_object_unref (decsink);
  player_run (p);
  fail_unless_equals_int (check_frames (p, 0, ref), ref->buffers->len);
  /* all of it came through the pad, in blocks */
  fail_unless_equals_uint64 (mem.pulled, mem.len);
  fail_unless (mem.pulls > 1);
  player_free (p);
  gst_object_unref (src);
  player_free (ref);
  g_free (mem.data);
  g_free (path);
}

GST_END_TEST;

/* An upstream that can only push gets a clear error, no hang. */
GST_START_TEST (test_push_only_upstream)
{
  gchar *path = data_path ("spikes.csv");
  NeuroTestRun *r = neuro_test_run_new ("appsrc name=src ! "
      "neurodecodebin ! fakesink name=sink");
  GstStateChangeReturn ret;
  GstMessage *m;
  gchar *text;

  ret = gst_element_set_state (r->pipeline, GST_STATE_PAUSED);
  if (ret == GST_STATE_CHANGE_ASYNC)
    ret = gst_element_get_state (r->pipeline, NULL, NULL, NEURO_TEST_TIMEOUT);
  fail_unless_equals_int (ret, GST_STATE_CHANGE_FAILURE);
  m = gst_bus_pop_filtered (r->bus, GST_MESSAGE_ERROR);
  fail_unless (m != NULL);
  text = neuro_test_message_text (m);
  fail_unless (strstr (text, "pull mode") != NULL, "%s", text);
  g_free (text);
  gst_message_unref (m);
  gst_element_set_state (r->pipeline, GST_STATE_NULL);
  neuro_test_run_free (r);
  g_free (path);
}

GST_END_TEST;

/* Data the opener refuses: neurofilesrc's message, through decodebin. */
GST_START_TEST (test_playbin_bad_file)
{
  gchar *path = data_path ("bad_keys.npz");
  Player *p = player_new (path);
  GstMessage *m;
  gchar *text;

  gst_element_set_state (p->pipeline, GST_STATE_PAUSED);
  m = gst_bus_timed_pop_filtered (p->bus, NEURO_TEST_TIMEOUT,
      GST_MESSAGE_ERROR);
  fail_unless (m != NULL);
  text = neuro_test_message_text (m);
  fail_unless (strstr (text, "bad_keys.npz: cannot tell which arrays")
      != NULL, "%s", text);
  g_free (text);
  gst_message_unref (m);
  player_free (p);
  g_free (path);
}

GST_END_TEST;

static Suite *
players_suite (void)
{
  Suite *s = suite_create ("players");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_playbin_brunel);
  tcase_add_test (tc, test_playbin_seek);
  tcase_add_test (tc, test_playbin_rate2);
  tcase_add_test (tc, test_playbin_reverse);
  tcase_add_test (tc, test_playbin_nest);
  tcase_add_test (tc, test_playbin_restart);
  tcase_add_test (tc, test_playbin_npy_signal);
  tcase_add_test (tc, test_pull_path);
  tcase_add_test (tc, test_push_only_upstream);
  tcase_add_test (tc, test_playbin_bad_file);
  return s;
}

GST_CHECK_MAIN (players);
