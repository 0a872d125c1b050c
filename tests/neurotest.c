/* gst-neuroviz — the helpers the gst-check suites share
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurotest.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

/* ---------------------------------------------------------- harnesses */

static GstHarness *
with_private_bus (GstHarness * h)
{
  GstBus *bus = gst_bus_new ();

  gst_element_set_bus (h->element, bus);
  gst_object_unref (bus);
  return h;
}

GstHarness *
neuro_test_harness_new (const gchar * launch_format, ...)
{
  va_list args;
  gchar *launch;
  GstHarness *h;

  va_start (args, launch_format);
  launch = g_strdup_vprintf (launch_format, args);
  va_end (args);
  h = gst_harness_new_parse (launch);
  fail_unless (h != NULL, "cannot parse \"%s\"", launch);
  g_free (launch);
  return with_private_bus (h);
}

GstHarness *
neuro_test_harness_new_with_element (GstElement * element,
    const gchar * sinkpad, const gchar * srcpad)
{
  GstHarness *h;

  /* the bus first: the harness starts the element */
  fail_unless (element != NULL);
  if (GST_ELEMENT_BUS (element) == NULL) {
    GstBus *bus = gst_bus_new ();

    gst_element_set_bus (element, bus);
    gst_object_unref (bus);
  }
  h = gst_harness_new_with_element (element, sinkpad, srcpad);
  fail_unless (h != NULL);
  return h;
}

GstBus *
neuro_test_harness_bus (GstHarness * h)
{
  GstBus *bus = gst_element_get_bus (h->element);

  fail_unless (bus != NULL, "the harness has no bus");
  gst_object_unref (bus);
  return bus;
}

void
neuro_test_harness_teardown (GstHarness * h)
{
  GstBus *bus = gst_element_get_bus (h->element);

  gst_harness_teardown (h);
  /* what the element posted while stopping is dropped too */
  if (bus) {
    gst_bus_set_flushing (bus, TRUE);
    gst_object_unref (bus);
  }
}

void
neuro_test_harness_set_caps (GstHarness * h, GstPadDirection side,
    const gchar * format, ...)
{
  va_list args;
  gchar *caps;

  va_start (args, format);
  caps = g_strdup_vprintf (format, args);
  va_end (args);
  if (side == GST_PAD_SRC)
    gst_harness_set_src_caps_str (h, caps);
  else
    gst_harness_set_sink_caps_str (h, caps);
  g_free (caps);
}

gchar *
neuro_test_data_file (const gchar * folder, const gchar * name)
{
  const gchar *root = g_getenv ("NEUROVIZ_SOURCE_ROOT");

  return g_build_filename (root ? root : "..", "tests", "data", folder, name,
      NULL);
}

/* ----------------------------------------------------------- messages */

gchar *
neuro_test_message_text (GstMessage * msg)
{
  GError *err = NULL;
  gchar *text;

  switch (GST_MESSAGE_TYPE (msg)) {
    case GST_MESSAGE_ERROR:
      gst_message_parse_error (msg, &err, NULL);
      break;
    case GST_MESSAGE_WARNING:
      gst_message_parse_warning (msg, &err, NULL);
      break;
    case GST_MESSAGE_INFO:
      gst_message_parse_info (msg, &err, NULL);
      break;
    default:
      fail ("a %s message has no text", GST_MESSAGE_TYPE_NAME (msg));
      return NULL;
  }
  text = g_strdup (err->message);
  g_error_free (err);
  return text;
}

/* the text of the next message of @type (an error or EOS instead of it
 * fails the test), checked against the substrings in @args */
static gchar *
expect_text (GstBus * bus, GstMessageType type, va_list args)
{
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, NEURO_TEST_TIMEOUT,
      type | GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  const gchar *want;
  gchar *text;

  fail_unless (msg != NULL, "no %s message",
      gst_message_type_get_name (type));
  fail_if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS, "EOS instead of a %s "
      "message", gst_message_type_get_name (type));
  text = neuro_test_message_text (msg);
  fail_unless (GST_MESSAGE_TYPE (msg) == type, "%s instead of a %s: %s",
      GST_MESSAGE_TYPE_NAME (msg), gst_message_type_get_name (type), text);
  gst_message_unref (msg);
  GST_INFO ("%s: %s", gst_message_type_get_name (type), text);
  while ((want = va_arg (args, const gchar *)) != NULL)
    fail_unless (strstr (text, want) != NULL, "'%s' is not in the %s: %s",
        want, gst_message_type_get_name (type), text);
  return text;
}

gchar *
neuro_test_expect_message (GstBus * bus, GstMessageType type, ...)
{
  va_list args;
  gchar *text;

  va_start (args, type);
  text = expect_text (bus, type, args);
  va_end (args);
  return text;
}

void
neuro_test_expect_bad_property_start (GstHarness * h, GstElement * element,
    const gchar * property, const gchar * value, const gchar * reason)
{
  GstBus *bus = neuro_test_harness_bus (h);
  gchar *val = NULL;

  /* the harness starts filters at once: back to NULL, where there may be
   * no bus to post on */
  gst_element_set_state (h->element, GST_STATE_NULL);
  g_object_set (element, property, value, NULL);
  fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR |
          GST_MESSAGE_WARNING) == NULL);
  g_object_get (element, property, &val, NULL);
  fail_unless (val == NULL, "%s kept \"%s\"", property, val);
  fail_unless_equals_int (gst_element_set_state (h->element,
          GST_STATE_PLAYING), GST_STATE_CHANGE_FAILURE);
  g_free (neuro_test_expect_error (bus, property, value, reason, NULL));
  gst_bus_set_flushing (bus, TRUE);
}

gboolean
neuro_test_wait_warning (GstBus * bus, const gchar * what,
    const gchar * what2, GstClockTime timeout)
{
  gint64 end = g_get_monotonic_time () + timeout / GST_USECOND;

  for (;;) {
    gint64 left = end - g_get_monotonic_time ();
    GstMessage *m;
    gchar *text;
    gboolean ok;

    if (left <= 0)
      return FALSE;
    m = gst_bus_timed_pop_filtered (bus, left * GST_USECOND,
        GST_MESSAGE_WARNING | GST_MESSAGE_ERROR);
    if (m == NULL)
      return FALSE;
    text = neuro_test_message_text (m);
    fail_if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_ERROR,
        "error instead of a warning: %s", text);
    GST_INFO ("warning: %s", text);
    ok = strstr (text, what) != NULL && (what2 == NULL
        || strstr (text, what2) != NULL);
    g_free (text);
    gst_message_unref (m);
    if (ok)
      return TRUE;
  }
}

GstMessage *
neuro_test_find_message (GstBus * bus, GstMessageType type,
    const gchar * name)
{
  GstMessage *m;

  while ((m = gst_bus_pop_filtered (bus, type))) {
    const GstStructure *s = gst_message_get_structure (m);

    if (name == NULL || (s && gst_structure_has_name (s, name)))
      return m;
    gst_message_unref (m);
  }
  return NULL;
}

/* ------------------------------------------------------------ buffers */

static void
set_times (GstBuffer * buf, GstClockTime pts, GstClockTime dur)
{
  GST_BUFFER_PTS (buf) = pts;
  GST_BUFFER_DURATION (buf) = dur;
}

GstBuffer *
neuro_test_buffer_floats (const gfloat * v, gsize n, GstClockTime pts,
    GstClockTime dur)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, n * sizeof (gfloat), NULL);
  GstMapInfo map;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_WRITE));
  neuro_f32le_from_host (map.data, v, n);
  gst_buffer_unmap (buf, &map);
  set_times (buf, pts, dur);
  return buf;
}

GstBuffer *
neuro_test_buffer_spikes (const NeuroSpike * s, gsize n, GstClockTime pts,
    GstClockTime dur)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, n * sizeof (NeuroSpike),
      NULL);
  GstMapInfo map;
  gsize i;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_WRITE));
  for (i = 0; i < n; i++) {
    NeuroSpike rec = s[i];

    neuro_spike_to_le (&rec);
    memcpy (map.data + i * sizeof (rec), &rec, sizeof (rec));
  }
  gst_buffer_unmap (buf, &map);
  set_times (buf, pts, dur);
  return buf;
}

void
neuro_test_append_floats (GArray * a, GstBuffer * buf)
{
  GstMapInfo map;
  guint len = a->len;
  gsize n;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  fail_unless (map.size % sizeof (gfloat) == 0, "a float buffer of %"
      G_GSIZE_FORMAT " bytes", map.size);
  n = map.size / sizeof (gfloat);
  g_array_set_size (a, len + n);
  neuro_f32le_to_host (&g_array_index (a, gfloat, len), map.data, n);
  gst_buffer_unmap (buf, &map);
}

/* ------------------------------------------------------ harness output */

void
neuro_test_expect_frame_clock (GstHarness * h, guint n, gint fps_n,
    gint fps_d, gsize size)
{
  guint i;

  for (i = 0; i < n; i++) {
    GstBuffer *out = gst_harness_pull (h);
    GstClockTime expect = gst_util_uint64_scale (i, fps_d * GST_SECOND,
        fps_n);
    GstClockTime next = gst_util_uint64_scale (i + 1, fps_d * GST_SECOND,
        fps_n);

    fail_unless (out != NULL, "frame %u missing", i);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (out), expect);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (out), next - expect);
    fail_unless_equals_int (gst_buffer_get_size (out), size);
    gst_buffer_unref (out);
  }
}

void
neuro_test_expect_eos_last (GstHarness * h)
{
  gboolean eos = FALSE;
  GstEvent *ev;

  while (!eos && (ev = gst_harness_pull_event (h))) {
    eos = GST_EVENT_TYPE (ev) == GST_EVENT_EOS;
    gst_event_unref (ev);
  }
  fail_unless (eos, "no EOS");
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
}

/* ---------------------------------------------------------- pipelines */

static void
on_handoff (GstElement * sink, GstBuffer * buf, GstPad * pad,
    NeuroTestRun * r)
{
  g_mutex_lock (&r->lock);
  g_ptr_array_add (r->buffers, gst_buffer_ref (buf));
  if (r->caps == NULL)
    r->caps = gst_pad_get_current_caps (pad);
  g_mutex_unlock (&r->lock);
}

NeuroTestRun *
neuro_test_run_new (const gchar * launch_format, ...)
{
  NeuroTestRun *r = g_new0 (NeuroTestRun, 1);
  GError *err = NULL;
  GstElement *sink;
  va_list args;
  gchar *launch;

  va_start (args, launch_format);
  launch = g_strdup_vprintf (launch_format, args);
  va_end (args);
  r->pipeline = gst_parse_launch (launch, &err);
  fail_unless (r->pipeline != NULL, "cannot parse \"%s\": %s", launch,
      err ? err->message : "?");
  g_clear_error (&err);
  g_free (launch);
  g_mutex_init (&r->lock);
  r->buffers = g_ptr_array_new_with_free_func (
      (GDestroyNotify) gst_buffer_unref);
  sink = gst_bin_get_by_name (GST_BIN (r->pipeline), "sink");
  if (sink) {
    g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), r);
    gst_object_unref (sink);
  }
  r->bus = gst_element_get_bus (r->pipeline);
  return r;
}

void
neuro_test_run_play (NeuroTestRun * r)
{
  fail_unless (gst_element_set_state (r->pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
}

void
neuro_test_run_wait_end (NeuroTestRun * r, GstClockTime timeout)
{
  GstMessage *m = gst_bus_timed_pop_filtered (r->bus, timeout,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);

  fail_unless (m != NULL, "neither EOS nor an error");
  r->eos = GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS;
  g_clear_pointer (&r->error, g_free);
  if (!r->eos)
    r->error = neuro_test_message_text (m);
  gst_message_unref (m);
}

void
neuro_test_run_to_end (NeuroTestRun * r)
{
  gst_element_set_state (r->pipeline, GST_STATE_PLAYING);
  neuro_test_run_wait_end (r, 60 * GST_SECOND);
  gst_element_set_state (r->pipeline, GST_STATE_NULL);
}

void
neuro_test_run_expect_eos (NeuroTestRun * r)
{
  neuro_test_run_wait_end (r, NEURO_TEST_TIMEOUT);
  fail_unless (r->eos, "error instead of EOS: %s", r->error);
}

void
neuro_test_run_expect_error (NeuroTestRun * r, const gchar * what)
{
  neuro_test_run_wait_end (r, NEURO_TEST_TIMEOUT);
  fail_unless (r->error != NULL, "no error");
  GST_INFO ("error: %s", r->error);
  fail_unless (strstr (r->error, what) != NULL, "error '%s' does not "
      "contain '%s'", r->error, what);
}

void
neuro_test_run_free (NeuroTestRun * r)
{
  gst_element_set_state (r->pipeline, GST_STATE_NULL);
  /* queued messages hold references to the elements */
  gst_bus_set_flushing (r->bus, TRUE);
  gst_object_unref (r->bus);
  gst_object_unref (r->pipeline);
  g_ptr_array_unref (r->buffers);
  gst_clear_caps (&r->caps);
  g_free (r->error);
  g_mutex_clear (&r->lock);
  g_free (r);
}

/* ------------------------------------------------------------- pixels */

void
neuro_test_frame_map (NeuroTestFrame * f, GstHarness * h, GstCaps * caps,
    GstBuffer * buf)
{
  GstCaps *c = caps ? gst_caps_ref (caps) :
      gst_pad_get_current_caps (h->sinkpad);

  fail_unless (c != NULL, "no output caps");
  fail_unless (gst_video_info_from_caps (&f->info, c), "not video: %"
      GST_PTR_FORMAT, c);
  gst_caps_unref (c);
  fail_unless_equals_int (GST_VIDEO_INFO_COMP_PSTRIDE (&f->info, 0), 4);
  /* gst_video_frame_map reads the GstVideoMeta of @buf when it has one */
  fail_unless (gst_video_frame_map (&f->frame, &f->info, buf, GST_MAP_READ),
      "cannot map %" GST_PTR_FORMAT, buf);
}

void
neuro_test_frame_unmap (NeuroTestFrame * f)
{
  gst_video_frame_unmap (&f->frame);
}

guint32
neuro_test_frame_pixel (const NeuroTestFrame * f, gint x, gint y)
{
  const guint8 *row;
  guint32 v;

  fail_unless (x >= 0 && y >= 0 && x < GST_VIDEO_FRAME_WIDTH (&f->frame)
      && y < GST_VIDEO_FRAME_HEIGHT (&f->frame), "pixel (%d, %d) is outside "
      "the %dx%d frame", x, y, GST_VIDEO_FRAME_WIDTH (&f->frame),
      GST_VIDEO_FRAME_HEIGHT (&f->frame));
  row = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&f->frame, 0) +
      (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&f->frame, 0);
  memcpy (&v, row + (gsize) x * 4, 4);
  return v;
}

gint
neuro_test_frame_stride (const NeuroTestFrame * f)
{
  return GST_VIDEO_FRAME_PLANE_STRIDE (&f->frame, 0);
}

guint32
neuro_test_pixel (GstHarness * h, GstBuffer * buf, gint x, gint y)
{
  NeuroTestFrame f;
  guint32 v;

  neuro_test_frame_map (&f, h, NULL, buf);
  v = neuro_test_frame_pixel (&f, x, y);
  neuro_test_frame_unmap (&f);
  return v;
}

void
neuro_test_release_scribbled (GstBuffer * buf)
{
  GstMapInfo map;

  fail_unless (buf != NULL);
  fail_unless (gst_buffer_map (buf, &map, GST_MAP_WRITE));
  memset (map.data, 0xa5, map.size);
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);
}

gboolean
neuro_test_buffers_equal (GstBuffer * a, GstBuffer * b)
{
  GstMapInfo ma, mb;
  gboolean same;

  fail_unless (gst_buffer_map (a, &ma, GST_MAP_READ));
  fail_unless (gst_buffer_map (b, &mb, GST_MAP_READ));
  same = ma.size == mb.size && memcmp (ma.data, mb.data, ma.size) == 0;
  gst_buffer_unmap (a, &ma);
  gst_buffer_unmap (b, &mb);
  return same;
}

guint32
neuro_test_buffer_pixel (GstBuffer * buf, gint width, gint height, gint x,
    gint y)
{
  GstVideoMeta *meta = gst_buffer_get_video_meta (buf);
  gsize offset = 0, at;
  gint stride = width * 4;
  GstMapInfo map;
  guint32 v;

  /* cheap enough for loops over every pixel: no caps, no frame map, and
   * no fail_unless when all is well (each passed check costs a message to
   * the check runner) */
  if (meta) {
    if (meta->width != (guint) width || meta->height != (guint) height)
      fail ("a %ux%u frame, not %dx%d", meta->width, meta->height, width,
          height);
    offset = meta->offset[0];
    stride = meta->stride[0];
  }
  if (x < 0 || y < 0 || x >= width || y >= height)
    fail ("pixel (%d, %d) is outside the %dx%d frame", x, y, width, height);
  if (!gst_buffer_map (buf, &map, GST_MAP_READ))
    fail ("cannot map %" GST_PTR_FORMAT, buf);
  at = offset + (gsize) y * stride + (gsize) x * 4;
  if (at + 4 > map.size)
    fail ("pixel (%d, %d) is beyond the %" G_GSIZE_FORMAT " bytes of the "
        "buffer", x, y, map.size);
  memcpy (&v, map.data + at, 4);
  gst_buffer_unmap (buf, &map);
  return v;
}

/* @launch (ending in a fakesink named "sink") to its end (@rate 0), or
 * first seeked (flushing, accurate, in PAUSED) at @rate to [@start, @stop] */
NeuroTestRun *
neuro_test_run_seeked (const gchar * launch, gdouble rate, GstClockTime start,
    GstClockTime stop)
{
  NeuroTestRun *r = neuro_test_run_new ("%s", launch);

  if (rate != 0) {
    fail_unless (gst_element_set_state (r->pipeline, GST_STATE_PAUSED) !=
        GST_STATE_CHANGE_FAILURE);
    fail_unless (gst_element_get_state (r->pipeline, NULL, NULL,
            GST_CLOCK_TIME_NONE) != GST_STATE_CHANGE_FAILURE);
    fail_unless (gst_element_seek (r->pipeline, rate, GST_FORMAT_TIME,
            GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, GST_SEEK_TYPE_SET,
            start, GST_SEEK_TYPE_SET, stop), "the seek at rate %g was refused",
        rate);
    fail_unless (gst_element_get_state (r->pipeline, NULL, NULL,
            GST_CLOCK_TIME_NONE) != GST_STATE_CHANGE_FAILURE);
    g_mutex_lock (&r->lock);
    g_ptr_array_set_size (r->buffers, 0);
    g_mutex_unlock (&r->lock);
  }
  neuro_test_run_play (r);
  neuro_test_run_expect_eos (r);
  return r;
}

/* Played at @rate < 0 over [@start, @stop], @launch gives its frames in
 * descending time, (stop - start) fps / |rate| of them, each equal pixel
 * for pixel to the forward frame that ends at the same time (every other
 * one at -0.5).  Returns how many were compared. */
guint
neuro_test_reverse_matches_forward (const gchar * launch, gint fps, gdouble rate,
    GstClockTime start, GstClockTime stop)
{
  NeuroTestRun *ref = neuro_test_run_seeked (launch, 0, 0, 0);
  NeuroTestRun *r = neuro_test_run_seeked (launch, rate, start, stop);
  GstClockTime prev = GST_CLOCK_TIME_NONE;
  guint k, j, compared = 0;

  fail_unless_equals_int (r->buffers->len, (guint) llround ((stop - start) /
          (gdouble) GST_SECOND * fps / fabs (rate)));
  for (k = 0; k < r->buffers->len; k++) {
    GstBuffer *b = g_ptr_array_index (r->buffers, k);
    GstClockTime end = GST_BUFFER_PTS (b) + GST_BUFFER_DURATION (b);

    fail_unless (!GST_CLOCK_TIME_IS_VALID (prev) || GST_BUFFER_PTS (b) < prev,
        "frame %u is not earlier than the one before", k);
    prev = GST_BUFFER_PTS (b);
    for (j = 0; j < ref->buffers->len; j++) {
      GstBuffer *a = g_ptr_array_index (ref->buffers, j);

      if (GST_BUFFER_PTS (a) + GST_BUFFER_DURATION (a) != end)
        continue;
      fail_unless (neuro_test_buffers_equal (a, b), "rate %g: the frame ending at %" GST_TIME_FORMAT
          " differs from the forward run's", rate, GST_TIME_ARGS (end));
      compared++;
    }
  }
  fail_unless_equals_uint64 (prev, start);
  neuro_test_run_free (r);
  neuro_test_run_free (ref);
  return compared;
}
