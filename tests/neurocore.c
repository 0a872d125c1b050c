/* gst-neuroviz — the core chores: caps checks, counters, payloads, errors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Unit tests of what neurotypes.h and neuroinput.h write once for every
 * element: the caps check and its reasons, counter-to-time exactness, the
 * little-endian float and spike payloads, and the error each input helper
 * posts (with the caller's location).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "neurotest.h"
#include "neuroinput.h"

static gchar *
check (const gchar * caps_str, NeuroKind kind, NeuroInfo * info)
{
  GstCaps *caps = gst_caps_from_string (caps_str);
  gchar *why;

  fail_unless (caps != NULL, "%s", caps_str);
  why = neuro_caps_check (caps, kind, info);
  gst_caps_unref (caps);
  return why;
}

#define CHECK_REFUSED(caps, kind, want) G_STMT_START { \
  gchar *_why = check (caps, kind, NULL); \
  fail_unless (_why != NULL, "%s accepted", caps); \
  fail_unless (strstr (_why, want) != NULL, "%s: '%s' not in '%s'", caps, \
      want, _why); \
  g_free (_why); \
} G_STMT_END

GST_START_TEST (test_caps_check)
{
  NeuroInfo info;
  NeuroFrameInfo fi;
  GstCaps *caps;

  fail_unless (check ("application/x-neuro-spikes, units=(int)7",
          NEURO_KIND_ANY, &info) == NULL);
  fail_unless_equals_int (info.kind, NEURO_KIND_SPIKES);
  fail_unless_equals_int (info.spikes.units, 7);
  fail_unless (check ("audio/x-raw, format=F32LE, channels=(int)2, "
          "rate=(int)48000, layout=interleaved", NEURO_KIND_SIGNAL,
          &info) == NULL);
  fail_unless_equals_int (info.signal.channels, 2);
  fail_unless_equals_float (info.signal.rate, 48000.0);
  fail_unless (check ("application/x-neuro-frame, format=F32LE, "
          "width=(int)5, height=(int)3, framerate=(fraction)25/2",
          NEURO_KIND_FRAME, &info) == NULL);
  fail_unless_equals_int (info.frame.width, 5);
  fail_unless_equals_int (info.frame.fps_d, 2);

  CHECK_REFUSED ("application/x-neuro-spikes, units=(int)0", NEURO_KIND_ANY,
      "units=0 is out of range (1 to 16777216)");
  CHECK_REFUSED ("application/x-neuro-signal, format=F32LE, "
      "channels=(int)1, rate=(double)5e18", NEURO_KIND_SIGNAL,
      "rate=5e+18 Hz is out of range");
  CHECK_REFUSED ("application/x-neuro-frame, format=F64LE, width=(int)2, "
      "height=(int)2", NEURO_KIND_FRAME, "format=F64LE is not supported");
  /* the kind that was expected, and the one that came */
  CHECK_REFUSED ("application/x-neuro-spikes, units=(int)3",
      NEURO_KIND_FRAME, "application/x-neuro-spikes where "
      "application/x-neuro-frame was expected");
  CHECK_REFUSED ("video/x-raw", NEURO_KIND_ANY,
      "video/x-raw is not a neural data type");
  CHECK_REFUSED ("application/x-neuro-spikes, units=(int)[1, 4]",
      NEURO_KIND_ANY, "not fixed");

  /* the *_info_from_caps wrappers and neuro_caps_problem agree */
  caps = gst_caps_from_string ("application/x-neuro-frame, format=F32LE, "
      "width=(int)0, height=(int)3");
  fail_if (neuro_frame_info_from_caps (&fi, caps));
  {
    gchar *why = neuro_caps_problem (caps);

    fail_unless (strstr (why, "width=0 is out of range") != NULL, "%s", why);
    g_free (why);
  }
  gst_caps_unref (caps);
}

GST_END_TEST;

GST_START_TEST (test_counter_time)
{
  gint n = 0, d = 0;
  guint64 i;

  /* NTSC: exact for every frame */
  for (i = 0; i < 100000; i += 997)
    fail_unless_equals_uint64 (neuro_count_to_time (i, 30000, 1001),
        i * 1001 * GST_SECOND / 30000);
  fail_unless_equals_uint64 (neuro_count_to_time (1, 0, 1),
      GST_CLOCK_TIME_NONE);
  /* floor and ceil of the counter of a time */
  fail_unless_equals_uint64 (neuro_time_to_count (GST_SECOND / 3, 1000, 1,
          FALSE), 333);
  fail_unless_equals_uint64 (neuro_time_to_count (GST_SECOND / 3, 1000, 1,
          TRUE), 334);
  fail_unless_equals_uint64 (neuro_time_to_count (GST_SECOND, 1000, 1,
          TRUE), 1000);
  /* a round trip for every sample of 10 s at 30 kHz would be slow: a few */
  for (i = 0; i < 300000; i += 7919)
    fail_unless_equals_uint64 (neuro_time_to_count (neuro_count_to_time (i,
                30000, 1), 30000, 1, TRUE), i);

  fail_unless (neuro_rate_to_fraction (2.5, &n, &d));
  fail_unless (n == 5 && d == 2);
  fail_unless (neuro_rate_to_fraction (30000, &n, &d));
  fail_unless (n == 30000 && d == 1);
  fail_if (neuro_rate_to_fraction (0, &n, &d));
  fail_if (neuro_rate_to_fraction (-1, &n, &d));
  fail_if (neuro_rate_to_fraction (NAN, &n, &d));
  fail_if (neuro_rate_to_fraction (1e12, &n, &d));
}

GST_END_TEST;

GST_START_TEST (test_payloads)
{
  /* 1.5f and -2.0f as little-endian bytes, one byte into aligned words */
  static const guint8 bytes[9] = { 0xee, 0x00, 0x00, 0xc0, 0x3f,
    0x00, 0x00, 0x00, 0xc0
  };
  guint32 words[3];
  const guint8 *le = (const guint8 *) words;
  guint8 out[8];
  gfloat host[2], *copy = NULL;
  const gfloat *view;
  NeuroSpike s = { 123456789012345, 42, 0.25f }, w;
  gfloat *aligned = g_new (gfloat, 2);

  memcpy (words, bytes, sizeof (bytes));
  fail_unless_equals_float (neuro_f32le_read (le + 1), 1.5f);
  fail_unless_equals_float (neuro_f32le_read (le + 5), -2.0f);
  neuro_f32le_write (out, 1.5f);
  neuro_f32le_write (out + 4, -2.0f);
  fail_unless (memcmp (out, le + 1, 8) == 0);
  neuro_f32le_to_host (host, le + 1, 2);
  fail_unless (host[0] == 1.5f && host[1] == -2.0f);
  memset (out, 0, sizeof (out));
  neuro_f32le_from_host (out, host, 2);
  fail_unless (memcmp (out, le + 1, 8) == 0);

  /* unaligned: a copy; aligned on a little-endian host: the data itself */
  view = neuro_f32le_view (le + 1, 2, &copy);
  fail_unless (copy != NULL && view == copy);
  fail_unless (view[0] == 1.5f && view[1] == -2.0f);
  g_free (copy);
  neuro_f32le_from_host (aligned, host, 2);
  view = neuro_f32le_view (aligned, 2, &copy);
  fail_unless (view[0] == 1.5f && view[1] == -2.0f);
  if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
    fail_unless (copy == NULL && view == aligned);
  g_free (copy);
  g_free (aligned);

  /* spikes: little-endian bytes, both ways */
  w = s;
  neuro_spike_to_le (&w);
  fail_unless_equals_int (((guint8 *) & w.unit)[0], 42);
  fail_unless_equals_int (((guint8 *) & w.t)[0], 123456789012345 & 0xff);
  neuro_spike_from_le (&w);
  fail_unless (w.t == s.t && w.unit == s.unit && w.value == s.value);
}

GST_END_TEST;

/* an element to post from: a bin with a bus of its own */
static GstElement *
poster (GstBus ** bus)
{
  GstElement *e = gst_bin_new ("poster");

  *bus = gst_bus_new ();
  gst_element_set_bus (e, *bus);
  return e;
}

static void
poster_free (GstElement * e, GstBus * bus)
{
  gst_bus_set_flushing (bus, TRUE);
  gst_element_set_bus (e, NULL);
  gst_object_unref (bus);
  gst_object_unref (e);
}

/* the next error: its code, and its debug naming this file (the helpers
 * locate the error at their caller, as GST_ELEMENT_ERROR does) */
static gchar *
next_error (GstBus * bus, GQuark domain, gint code)
{
  GstMessage *m = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  GError *err = NULL;
  gchar *debug = NULL, *text;

  fail_unless (m != NULL, "no error");
  gst_message_parse_error (m, &err, &debug);
  fail_unless (g_error_matches (err, domain, code), "%s: %s",
      g_quark_to_string (err->domain), err->message);
  fail_unless (debug && strstr (debug, "neurocore.c") != NULL, "%s", debug);
  text = g_strdup (err->message);
  g_error_free (err);
  g_free (debug);
  gst_message_unref (m);
  return text;
}

GST_START_TEST (test_input_errors)
{
  GstBus *bus;
  GstElement *e = poster (&bus);
  GstCaps *caps = gst_caps_from_string ("application/x-neuro-frame, "
      "format=F32LE, width=(int)3, height=(int)2");
  GstPad *pad = gst_pad_new ("weights", GST_PAD_SINK);
  NeuroInfo info;
  gchar *text;

  fail_unless (neuro_element_parse_caps (e, caps, NEURO_KIND_FRAME, &info,
          "weight caps", NULL));
  fail_unless_equals_int (info.frame.height, 2);
  fail_if (neuro_element_parse_caps (e, caps, NEURO_KIND_SIGNAL, NULL,
          "activity caps", "expected a signal with one channel per node"));
  text = next_error (bus, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT);
  fail_unless_equals_string (text, "Invalid activity caps: "
      "application/x-neuro-frame where application/x-neuro-signal was "
      "expected; expected a signal with one channel per node");
  g_free (text);

  fail_unless_equals_int (neuro_element_data_before_caps (e, pad,
          "Spike data"), GST_FLOW_NOT_NEGOTIATED);
  text = next_error (bus, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION);
  fail_unless_equals_string (text, "Spike data arrived on pad weights before "
      "its caps: the element upstream must send caps first");
  g_free (text);

  gst_object_unref (pad);
  gst_caps_unref (caps);
  poster_free (e, bus);
}

GST_END_TEST;

GST_START_TEST (test_f32_buffer)
{
  GstBus *bus;
  GstElement *e = poster (&bus);
  gfloat v[4] = { 1, 2, 3, 4 };
  GstBuffer *buf = neuro_test_buffer_floats (v, 4, 7, 3), *whole, *odd, *res;
  GstMapInfo map;
  GArray *a;
  gchar *text;

  /* aligned: kept as it is on a little-endian host */
  res = neuro_element_f32_buffer (e, buf, 4, "Matrix");
  fail_unless (res != NULL);
  if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
    fail_unless (res == buf);
  gst_buffer_unref (res);

  /* one byte in: an aligned host-order copy with the same timestamps */
  whole = gst_buffer_new_allocate (NULL, 17, NULL);
  fail_unless (gst_buffer_map (whole, &map, GST_MAP_WRITE));
  gst_buffer_extract (buf, 0, map.data + 1, 16);
  gst_buffer_unmap (whole, &map);
  odd = gst_buffer_copy_region (whole, GST_BUFFER_COPY_MEMORY, 1, 16);
  GST_BUFFER_PTS (odd) = 7;
  fail_unless (gst_buffer_map (odd, &map, GST_MAP_READ));
  fail_if (neuro_f32le_is_host (map.data), "the region is aligned");
  gst_buffer_unmap (odd, &map);
  res = neuro_element_f32_buffer (e, odd, 4, "Matrix");
  fail_unless (res != NULL && res != odd);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (res), 7);
  fail_unless (gst_buffer_map (res, &map, GST_MAP_READ));
  fail_unless (neuro_f32le_is_host (map.data) || G_BYTE_ORDER ==
      G_BIG_ENDIAN);
  fail_unless (((const gfloat *) map.data)[3] == 4.0f);
  gst_buffer_unmap (res, &map);
  a = g_array_new (FALSE, FALSE, sizeof (gfloat));
  neuro_test_append_floats (a, odd);
  fail_unless_equals_float (g_array_index (a, gfloat, 2), 3.0f);
  g_array_unref (a);
  gst_buffer_unref (res);

  /* shorter than announced: an error naming both sizes */
  fail_unless (neuro_element_f32_buffer (e, buf, 5, "Matrix") == NULL);
  text = next_error (bus, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT);
  fail_unless (strstr (text, "Matrix buffer of 16 bytes is shorter than the "
          "5 floats (20 bytes)") != NULL, "%s", text);
  g_free (text);

  gst_buffer_unref (odd);
  gst_buffer_unref (whole);
  gst_buffer_unref (buf);
  poster_free (e, bus);
}

GST_END_TEST;

static Suite *
neurocore_suite (void)
{
  Suite *s = suite_create ("neurocore");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_caps_check);
  tcase_add_test (tc, test_counter_time);
  tcase_add_test (tc, test_payloads);
  tcase_add_test (tc, test_input_errors);
  tcase_add_test (tc, test_f32_buffer);
  return s;
}

GST_CHECK_MAIN (neurocore);
