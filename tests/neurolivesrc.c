/* gst-neuroviz — neurolivesrc tests
 * SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2024 gst-neuroviz contributors
 *
 * Unit tests for neurolivesrc: the test is the sender.  It opens a TCP
 * connection to the element (port chosen by the system, read back from
 * bound-port) or writes into a pipe, and checks the buffers of a live
 * pipeline running on the system clock with short durations.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "neurotest.h"

#define SLICE (10 * GST_MSECOND)

typedef struct
{
  NeuroTestRun *run;            /* the buffers, their caps, the bus */
  GstElement *pipeline;
  GstElement *src;
  GstBus *bus;
  gint port;
} Ctx;

static Ctx *
ctx_new (const gchar * props)
{
  Ctx *c = g_new0 (Ctx, 1);

  c->run = neuro_test_run_new ("neurolivesrc name=src %s ! "
      "fakesink name=sink sync=false signal-handoffs=true", props);
  c->pipeline = c->run->pipeline;
  c->bus = c->run->bus;
  c->src = gst_bin_get_by_name (GST_BIN (c->pipeline), "src");
  neuro_test_run_play (c->run);
  g_object_get (c->src, "bound-port", &c->port, NULL);
  return c;
}

static void
ctx_free (Ctx * c)
{
  gst_object_unref (c->src);
  neuro_test_run_free (c->run);
  g_free (c);
}

static gint
connect_to (gint port)
{
  struct sockaddr_in sa;
  gint fd = socket (AF_INET, SOCK_STREAM, 0);

  fail_unless (port > 0, "no bound port");
  memset (&sa, 0, sizeof (sa));
  sa.sin_family = AF_INET;
  sa.sin_port = htons (port);
  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  fail_unless (connect (fd, (struct sockaddr *) &sa, sizeof (sa)) == 0);
  return fd;
}

/* connect () that fails instead of hanging when the element does not
 * accept (a full backlog) */
static gint
connect_nb (gint port)
{
  struct sockaddr_in sa;
  struct pollfd pfd;
  gint fd = socket (AF_INET, SOCK_STREAM, 0), err = 0, r;
  socklen_t el = sizeof (err);

  memset (&sa, 0, sizeof (sa));
  sa.sin_family = AF_INET;
  sa.sin_port = htons (port);
  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  fcntl (fd, F_SETFL, O_NONBLOCK);
  r = connect (fd, (struct sockaddr *) &sa, sizeof (sa));
  fail_unless (r == 0 || errno == EINPROGRESS);
  pfd.fd = fd;
  pfd.events = POLLOUT;
  fail_unless (poll (&pfd, 1, 5000) == 1, "connect timed out");
  getsockopt (fd, SOL_SOCKET, SO_ERROR, &err, &el);
  fail_unless (err == 0, "connect: %s", g_strerror (err));
  fcntl (fd, F_SETFL, 0);
  return fd;
}

/* "127.0.0.1:port" of our end of @fd, as the element names its peer */
static gchar *
local_name (gint fd)
{
  struct sockaddr_in sa;
  socklen_t sl = sizeof (sa);

  fail_unless (getsockname (fd, (struct sockaddr *) &sa, &sl) == 0);
  return g_strdup_printf ("127.0.0.1:%u", ntohs (sa.sin_port));
}

/* TRUE when the element has closed @fd (a read gives end of file or a
 * reset within 5 s) */
static gboolean
closed_by_peer (gint fd)
{
  struct pollfd pfd = { fd, POLLIN, 0 };
  gchar b[256];
  gssize n;

  while (poll (&pfd, 1, 5000) == 1) {
    n = read (fd, b, sizeof (b));
    if (n <= 0)
      return TRUE;
  }
  return FALSE;
}

static void
send_all (gint fd, const void *data, gsize len)
{
  const guint8 *p = data;

  while (len > 0) {
    gssize n = write (fd, p, len);

    fail_unless (n > 0, "write failed");
    p += n;
    len -= n;
  }
}

static void
send_str (gint fd, const gchar * s)
{
  send_all (fd, s, strlen (s));
}

/* all spikes of the collected buffers, checking slice invariants */
static GArray *
collect_spikes (Ctx * c, guint units, guint * n_buffers, guint * n_empty)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (NeuroSpike));
  GstClockTime prev_end = GST_CLOCK_TIME_NONE;
  guint bi;

  *n_buffers = *n_empty = 0;
  g_mutex_lock (&c->run->lock);
  for (bi = 0; bi < c->run->buffers->len; bi++) {
    GstBuffer *b = g_ptr_array_index (c->run->buffers, bi);
    GstClockTime pts = GST_BUFFER_PTS (b), dur = GST_BUFFER_DURATION (b);
    GstMapInfo map;
    gsize i, n;

    fail_unless (GST_CLOCK_TIME_IS_VALID (pts));
    fail_unless_equals_uint64 (dur, SLICE);
    fail_unless_equals_uint64 (pts % SLICE, 0);
    if (GST_CLOCK_TIME_IS_VALID (prev_end))
      fail_unless_equals_uint64 (pts, prev_end);
    prev_end = pts + dur;
    gst_buffer_map (b, &map, GST_MAP_READ);
    fail_unless_equals_int (map.size % sizeof (NeuroSpike), 0);
    n = map.size / sizeof (NeuroSpike);
    for (i = 0; i < n; i++) {
      NeuroSpike s;

      memcpy (&s, map.data + i * sizeof (s), sizeof (s));
      neuro_spike_from_le (&s);
      fail_unless (s.unit < units);
      fail_unless (s.t >= (gint64) pts && s.t < (gint64) (pts + dur),
          "spike at %" G_GINT64_FORMAT " outside its slice %" GST_TIME_FORMAT,
          s.t, GST_TIME_ARGS (pts));
      g_array_append_val (a, s);
    }
    if (n == 0) {
      fail_unless (GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_GAP));
      (*n_empty)++;
    }
    gst_buffer_unmap (b, &map);
    (*n_buffers)++;
  }
  g_mutex_unlock (&c->run->lock);
  return a;
}

GST_START_TEST (test_text_spikes)
{
  Ctx *c = ctx_new ("port=0");
  guint nb, ne, units = 0;
  GArray *a;
  gint fd;

  fd = connect_to (c->port);
  send_str (fd, "NEUROSTREAM 1 spikes units=5\n"
      "# a comment, then a blank line\n\n0.001 0\n0.002 4 2.5\n"
      "0.003,3\r\n0.004\t1");
  close (fd);
  neuro_test_run_expect_eos (c->run);

  a = collect_spikes (c, 5, &nb, &ne);
  fail_unless_equals_int (a->len, 4);
  fail_unless_equals_int (g_array_index (a, NeuroSpike, 0).unit, 0);
  fail_unless_equals_int (g_array_index (a, NeuroSpike, 1).unit, 4);
  fail_unless_equals_float (g_array_index (a, NeuroSpike, 1).value, 2.5);
  fail_unless_equals_float (g_array_index (a, NeuroSpike, 0).value, 1.0);
  fail_unless_equals_int (g_array_index (a, NeuroSpike, 3).unit, 1);
  fail_unless (c->run->caps != NULL);
  fail_unless (gst_structure_get_int (gst_caps_get_structure (c->run->caps, 0),
          "units", (gint *) & units));
  fail_unless_equals_int (units, 5);
  g_array_unref (a);
  ctx_free (c);
}

GST_END_TEST;

/* binary records keep the sender's spacing in timestamp-mode=sender */
GST_START_TEST (test_binary_sender_times)
{
  Ctx *c = ctx_new ("port=0 timestamp-mode=sender latency=200000000");
  const gchar *hdr = "NEUROSTREAM 1 spikes units=1000 format=binary\n";
  NeuroSpike recs[200];
  guint nb, ne, i;
  GArray *a;
  guint64 received = 0;
  gint fd;

  for (i = 0; i < 200; i++) {
    recs[i].t = GINT64_TO_LE ((gint64) (5 + i) * GST_MSECOND / 2);
    recs[i].unit = GUINT32_TO_LE (i * 5);
    recs[i].value = 1.0f;
  }
  fd = connect_to (c->port);
  send_all (fd, hdr, strlen (hdr));
  /* split inside a record, as a socket may */
  send_all (fd, recs, 1000);
  g_usleep (20000);
  send_all (fd, (guint8 *) recs + 1000, sizeof (recs) - 1000);
  close (fd);
  neuro_test_run_expect_eos (c->run);

  a = collect_spikes (c, 1000, &nb, &ne);
  fail_unless_equals_int (a->len, 200);
  for (i = 0; i < 200; i++) {
    NeuroSpike *s = &g_array_index (a, NeuroSpike, i);

    fail_unless_equals_int (s->unit, i * 5);
    fail_unless_equals_int64 (s->t - g_array_index (a, NeuroSpike, 0).t,
        (gint64) i * GST_MSECOND / 2);
  }
  /* 100 ms of spikes in 10 ms slices: 20 per slice */
  fail_unless (nb >= 10, "%u buffers", nb);
  g_object_get (c->src, "received", &received, NULL);
  fail_unless_equals_uint64 (received, 200);
  g_array_unref (a);
  ctx_free (c);
}

GST_END_TEST;

/* a silent sender: slices continue, empty, by the clock */
GST_START_TEST (test_stall)
{
  Ctx *c = ctx_new ("port=0");
  guint nb, ne, i, between = 0;
  GArray *a;
  gint fd;
  GstClockTime t0, t1;
  guint bi;

  fd = connect_to (c->port);
  send_str (fd, "NEUROSTREAM 1 spikes units=2\n0 0\n");
  g_usleep (300000);
  send_str (fd, "0.3 1\n");
  g_usleep (30000);
  close (fd);
  neuro_test_run_expect_eos (c->run);

  a = collect_spikes (c, 2, &nb, &ne);
  fail_unless_equals_int (a->len, 2);
  t0 = g_array_index (a, NeuroSpike, 0).t;
  t1 = g_array_index (a, NeuroSpike, 1).t;
  /* arrival times, 300 ms apart give or take the scheduler */
  fail_unless (t1 - t0 > 250 * GST_MSECOND && t1 - t0 < 600 * GST_MSECOND,
      "%" GST_TIME_FORMAT, GST_TIME_ARGS (t1 - t0));
  g_mutex_lock (&c->run->lock);
  for (bi = 0, i = 0; bi < c->run->buffers->len; bi++, i++) {
    GstBuffer *b = g_ptr_array_index (c->run->buffers, bi);
    GstClockTime pts = GST_BUFFER_PTS (b);

    if (pts > t0 && pts + SLICE <= t1 && gst_buffer_get_size (b) == 0)
      between++;
  }
  g_mutex_unlock (&c->run->lock);
  fail_unless (between >= 20, "only %u empty slices during the stall",
      between);
  g_array_unref (a);
  ctx_free (c);
}

GST_END_TEST;

/* reconnect=true: the stream survives the sender going away */
GST_START_TEST (test_reconnect)
{
  Ctx *c = ctx_new ("port=0 reconnect=true");
  guint nb, ne;
  GArray *a;
  GstMessage *m;
  gint fd;

  fd = connect_to (c->port);
  send_str (fd, "NEUROSTREAM 1 spikes units=3\n0 1\n");
  close (fd);
  g_usleep (100000);
  fd = connect_to (c->port);
  send_str (fd, "NEUROSTREAM 1 spikes units=3\n0 2\n");
  close (fd);
  g_usleep (100000);
  m = gst_bus_pop_filtered (c->bus, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (m == NULL, "EOS or error after a reconnection");

  gst_element_set_state (c->pipeline, GST_STATE_NULL);
  a = collect_spikes (c, 3, &nb, &ne);
  fail_unless_equals_int (a->len, 2);
  fail_unless_equals_int (g_array_index (a, NeuroSpike, 0).unit, 1);
  fail_unless_equals_int (g_array_index (a, NeuroSpike, 1).unit, 2);
  fail_unless (ne >= 10);
  g_array_unref (a);
  ctx_free (c);
}

GST_END_TEST;

GST_START_TEST (test_garbage_error)
{
  Ctx *c = ctx_new ("port=0");
  gint fd = connect_to (c->port);

  send_str (fd, "NEUROSTREAM 1 spikes units=5\n0.1 1\nhello world\n");
  neuro_test_run_expect_error (c->run, "line 3 (byte offset 35)");
  close (fd);
  ctx_free (c);

  c = ctx_new ("port=0");
  fd = connect_to (c->port);
  send_str (fd, "NEUROSTREAM 1 spikes units=5\n0.1 5\n");
  neuro_test_run_expect_error (c->run, "unit is not an integer from 0 to 4");
  close (fd);
  ctx_free (c);

  c = ctx_new ("port=0");
  fd = connect_to (c->port);
  send_all (fd, "\x93NUMPY\x01\x00", 8);
  neuro_test_run_expect_error (c->run, "not a NEUROSTREAM stream");
  close (fd);
  ctx_free (c);
}

GST_END_TEST;

GST_START_TEST (test_garbage_drop)
{
  Ctx *c = ctx_new ("port=0 on-error=drop");
  GstMessage *m;
  guint nb, ne;
  guint64 dropped = 0;
  GArray *a;
  GError *e = NULL;
  gint fd = connect_to (c->port);

  send_str (fd, "NEUROSTREAM 1 spikes units=5\n0.1 1\nhello world\n0.2 2\n");
  close (fd);
  m = gst_bus_timed_pop_filtered (c->bus, 5 * GST_SECOND,
      GST_MESSAGE_WARNING);
  fail_unless (m != NULL);
  gst_message_parse_warning (m, &e, NULL);
  fail_unless (strstr (e->message, "line 3") != NULL, "%s", e->message);
  g_error_free (e);
  gst_message_unref (m);
  neuro_test_run_expect_eos (c->run);

  a = collect_spikes (c, 5, &nb, &ne);
  fail_unless_equals_int (a->len, 2);
  g_object_get (c->src, "dropped", &dropped, NULL);
  fail_unless_equals_uint64 (dropped, 1);
  g_array_unref (a);
  ctx_free (c);
}

GST_END_TEST;

GST_START_TEST (test_long_line)
{
  Ctx *c = ctx_new ("port=0 max-line-length=1024");
  gchar *junk = g_strnfill (3000, '7');
  gint fd = connect_to (c->port);

  send_str (fd, "NEUROSTREAM 1 spikes units=5\n0.1 1\n");
  send_str (fd, junk);
  neuro_test_run_expect_error (c->run,
      "line 3 (byte offset 35) is longer than 1024 bytes");
  close (fd);
  g_free (junk);
  ctx_free (c);
}

GST_END_TEST;

GST_START_TEST (test_absurd_units)
{
  Ctx *c = ctx_new ("port=0");
  gint fd = connect_to (c->port);

  send_str (fd, "NEUROSTREAM 1 spikes units=4000000000\n");
  neuro_test_run_expect_error (c->run,
      "units=4000000000 is more than the limit of 16777216");
  close (fd);
  ctx_free (c);

  c = ctx_new ("port=0");
  fd = connect_to (c->port);
  send_str (fd, "NEUROSTREAM 1 signal channels=99999999 rate=1000\n");
  neuro_test_run_expect_error (c->run,
      "channels=99999999 is more than the limit");
  close (fd);
  ctx_free (c);
}

GST_END_TEST;

/* a text signal from a pipe (fd property), contiguous timestamps */
GST_START_TEST (test_signal_fd)
{
  gint p[2], i, channels = 0;
  gdouble rate = 0;
  gchar *props;
  GString *s = g_string_new ("NEUROSTREAM 1 signal channels=2 rate=1000\n");
  Ctx *c;
  guint bi;
  GstClockTime next = GST_CLOCK_TIME_NONE;
  guint frames = 0;

  fail_unless (pipe (p) == 0);
  props = g_strdup_printf ("fd=%d", p[0]);
  c = ctx_new (props);
  g_free (props);
  fail_unless_equals_int (c->port, 0);
  for (i = 0; i < 50; i++)
    g_string_append_printf (s, "%d %d.5\n", i, i);
  send_all (p[1], s->str, s->len);
  g_string_free (s, TRUE);
  close (p[1]);
  neuro_test_run_expect_eos (c->run);
  close (p[0]);

  fail_unless (c->run->caps != NULL);
  fail_unless (gst_structure_get_int (gst_caps_get_structure (c->run->caps, 0),
          "channels", &channels));
  fail_unless (gst_structure_get_double (gst_caps_get_structure (c->run->caps,
              0), "rate", &rate));
  fail_unless_equals_int (channels, 2);
  fail_unless_equals_float (rate, 1000.0);
  for (bi = 0; bi < c->run->buffers->len; bi++) {
    GstBuffer *b = g_ptr_array_index (c->run->buffers, bi);
    GstMapInfo map;
    guint k, n;

    if (GST_CLOCK_TIME_IS_VALID (next))
      fail_unless (GST_BUFFER_PTS (b) >= next);
    next = GST_BUFFER_PTS (b) + GST_BUFFER_DURATION (b);
    gst_buffer_map (b, &map, GST_MAP_READ);
    n = map.size / 8;
    if (n > 0)
      fail_unless_equals_uint64 (GST_BUFFER_DURATION (b), n * GST_MSECOND);
    for (k = 0; k < n; k++) {
      gfloat v[2];

      memcpy (v, map.data + k * 8, 8);
      fail_unless_equals_float (v[0], (gfloat) frames);
      fail_unless_equals_float (v[1], (gfloat) frames + 0.5f);
      frames++;
    }
    gst_buffer_unmap (b, &map);
  }
  fail_unless_equals_int (frames, 50);
  ctx_free (c);
}

GST_END_TEST;

/* binary signal over TCP in sender mode, split inside a frame */
GST_START_TEST (test_binary_signal)
{
  Ctx *c = ctx_new ("port=0 timestamp-mode=sender");
  const gchar *hdr = "NEUROSTREAM 1 signal channels=4 rate=1000 "
      "format=binary\n";
  gfloat x[100][4];
  GstClockTime t0 = GST_CLOCK_TIME_NONE, next = GST_CLOCK_TIME_NONE;
  guint frames = 0, i, j;
  guint bi;
  gint fd;

  for (i = 0; i < 100; i++)
    for (j = 0; j < 4; j++)
      x[i][j] = i * 10 + j;
  fd = connect_to (c->port);
  send_all (fd, hdr, strlen (hdr));
  send_all (fd, x, 50 * 16 + 6);
  g_usleep (30000);
  send_all (fd, (guint8 *) x + 50 * 16 + 6, sizeof (x) - 50 * 16 - 6);
  close (fd);
  neuro_test_run_expect_eos (c->run);

  for (bi = 0; bi < c->run->buffers->len; bi++) {
    GstBuffer *b = g_ptr_array_index (c->run->buffers, bi);
    GstMapInfo map;
    guint n;

    gst_buffer_map (b, &map, GST_MAP_READ);
    n = map.size / 16;
    if (n > 0) {
      if (!GST_CLOCK_TIME_IS_VALID (t0))
        t0 = GST_BUFFER_PTS (b);
      else
        fail_unless_equals_uint64 (GST_BUFFER_PTS (b), next);
      /* times from the sample counter: frame k at t0 + k ms */
      fail_unless_equals_uint64 (GST_BUFFER_PTS (b),
          t0 + frames * GST_MSECOND);
      next = GST_BUFFER_PTS (b) + GST_BUFFER_DURATION (b);
      for (i = 0; i < n; i++) {
        gfloat v[4];

        memcpy (v, map.data + i * 16, 16);
        fail_unless_equals_float (v[3], frames * 10 + 3);
        frames++;
      }
    } else {
      fail_unless (GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_GAP));
    }
    gst_buffer_unmap (b, &map);
  }
  fail_unless_equals_int (frames, 100);
  fail_unless_equals_uint64 (next - t0, 100 * GST_MSECOND);
  ctx_free (c);
}

GST_END_TEST;

/* a connection without a byte (a port probe) is not an error */
GST_START_TEST (test_empty_connection)
{
  Ctx *c = ctx_new ("port=0 reconnect=true");
  GstMessage *m;
  guint nb, ne;
  GArray *a;
  gint fd;

  close (connect_to (c->port));
  g_usleep (50000);
  fd = connect_to (c->port);
  send_str (fd, "NEUROSTREAM 1 spikes units=3\n0 2\n");
  g_usleep (100000);
  m = gst_bus_pop_filtered (c->bus, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (m == NULL, "EOS or error after an empty connection");
  close (fd);
  gst_element_set_state (c->pipeline, GST_STATE_NULL);
  a = collect_spikes (c, 3, &nb, &ne);
  fail_unless_equals_int (a->len, 1);
  g_array_unref (a);
  ctx_free (c);
}

GST_END_TEST;

/* A connection that sends nothing does not keep a second sender out: the
 * second one is read at once, the silent one is dropped after
 * header-timeout with a warning naming it. */
GST_START_TEST (test_idle_connection_does_not_block)
{
  Ctx *c = ctx_new ("port=0 header-timeout=200000000");
  guint nb, ne;
  GArray *a;
  gint idle, fd;
  gchar *idle_name;

  idle = connect_to (c->port);
  idle_name = local_name (idle);
  g_usleep (20000);
  fd = connect_to (c->port);
  send_str (fd, "NEUROSTREAM 1 spikes units=3\n0 1\n");
  fail_unless (neuro_test_wait_warning (c->bus, idle_name, "header-timeout",
          5 * GST_SECOND), "no warning about the silent connection %s",
      idle_name);
  fail_unless (closed_by_peer (idle), "the silent connection is still open");
  send_str (fd, "0 2\n");
  close (fd);
  neuro_test_run_expect_eos (c->run);

  a = collect_spikes (c, 3, &nb, &ne);
  fail_unless_equals_int (a->len, 2);
  fail_unless_equals_int (g_array_index (a, NeuroSpike, 0).unit, 1);
  fail_unless_equals_int (g_array_index (a, NeuroSpike, 1).unit, 2);
  g_array_unref (a);
  close (idle);
  g_free (idle_name);
  ctx_free (c);
}

GST_END_TEST;

/* A sender that went silent after its header gives way to a new sender
 * whose header is complete, after header-timeout, without EOS. */
GST_START_TEST (test_silent_sender_taken_over)
{
  Ctx *c = ctx_new ("port=0 header-timeout=200000000");
  guint nb, ne;
  GArray *a;
  gint s1, s2;
  gchar *name1;

  s1 = connect_to (c->port);
  name1 = local_name (s1);
  send_str (s1, "NEUROSTREAM 1 spikes units=3\n0 0\n");
  g_usleep (20000);
  s2 = connect_to (c->port);
  send_str (s2, "NEUROSTREAM 1 spikes units=3\n0 1\n");
  fail_unless (neuro_test_wait_warning (c->bus, name1, "took over",
          5 * GST_SECOND), "no warning about the silent sender %s", name1);
  fail_unless (closed_by_peer (s1), "the silent sender is still connected");
  send_str (s2, "0 2\n");
  close (s2);
  neuro_test_run_expect_eos (c->run);

  a = collect_spikes (c, 3, &nb, &ne);
  fail_unless_equals_int (a->len, 3);
  fail_unless_equals_int (g_array_index (a, NeuroSpike, 0).unit, 0);
  fail_unless_equals_int (g_array_index (a, NeuroSpike, 1).unit, 1);
  fail_unless_equals_int (g_array_index (a, NeuroSpike, 2).unit, 2);
  g_array_unref (a);
  close (s1);
  g_free (name1);
  ctx_free (c);
}

GST_END_TEST;

/* idle-timeout drops a sender that sends nothing, then the next one is
 * read (reconnect=true) */
GST_START_TEST (test_idle_timeout)
{
  Ctx *c = ctx_new ("port=0 reconnect=true idle-timeout=200000000");
  guint nb, ne;
  GArray *a;
  GstMessage *m;
  gint s1, s2;
  gchar *name1;

  s1 = connect_to (c->port);
  name1 = local_name (s1);
  send_str (s1, "NEUROSTREAM 1 spikes units=3\n0 0\n");
  fail_unless (neuro_test_wait_warning (c->bus, name1, "idle-timeout",
          5 * GST_SECOND), "no warning about the idle sender %s", name1);
  fail_unless (closed_by_peer (s1), "the idle sender is still connected");
  s2 = connect_to (c->port);
  send_str (s2, "NEUROSTREAM 1 spikes units=3\n0 2\n");
  close (s2);
  g_usleep (100000);
  m = gst_bus_pop_filtered (c->bus, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (m == NULL, "EOS or error after an idle sender");
  gst_element_set_state (c->pipeline, GST_STATE_NULL);

  a = collect_spikes (c, 3, &nb, &ne);
  fail_unless_equals_int (a->len, 2);
  fail_unless_equals_int (g_array_index (a, NeuroSpike, 0).unit, 0);
  fail_unless_equals_int (g_array_index (a, NeuroSpike, 1).unit, 2);
  g_array_unref (a);
  close (s1);
  g_free (name1);
  ctx_free (c);
}

GST_END_TEST;

/* A header trickled in a byte at a time is dropped header-timeout after
 * the connection, although bytes keep coming (slowloris). */
GST_START_TEST (test_trickled_header)
{
  Ctx *c = ctx_new ("port=0 reconnect=true header-timeout=300000000");
  const gchar *hdr = "NEUROSTREAM 1 spikes units=3 "
      "                                                                  "
      "                                                                  ";
  gboolean warned = FALSE;
  gsize i;
  gint fd;
  gchar *name;

  fd = connect_to (c->port);
  name = local_name (fd);
  for (i = 0; i < strlen (hdr) && !warned; i++) {
    if (send (fd, hdr + i, 1, MSG_NOSIGNAL) != 1)
      break;
    warned = neuro_test_wait_warning (c->bus, name, "header-timeout",
        50 * GST_MSECOND);
  }
  if (!warned)
    warned = neuro_test_wait_warning (c->bus, name, "header-timeout",
        5 * GST_SECOND);
  fail_unless (warned, "no warning about the trickling sender after %"
      G_GSIZE_FORMAT " bytes", i);
  fail_unless (closed_by_peer (fd), "the trickling sender is still open");
  close (fd);
  g_free (name);
  ctx_free (c);
}

GST_END_TEST;

/* At most 8 connections wait for their header; the next one is refused
 * with a warning naming it, and a freed place takes a sender again. */
GST_START_TEST (test_pending_limit)
{
  Ctx *c = ctx_new ("port=0 header-timeout=30000000000");
  gint idle[8], extra, fd, i;
  gchar *name;
  guint nb, ne;
  GArray *a;

  for (i = 0; i < 8; i++)
    idle[i] = connect_nb (c->port);
  /* all accepted before the next */
  g_usleep (100000);
  extra = connect_nb (c->port);
  name = local_name (extra);
  fail_unless (neuro_test_wait_warning (c->bus, name, "8 connections",
          5 * GST_SECOND),
      "no warning about the refused connection %s", name);
  fail_unless (closed_by_peer (extra), "the 9th connection is still open");
  close (extra);
  g_free (name);

  close (idle[0]);
  g_usleep (100000);
  fd = connect_nb (c->port);
  send_str (fd, "NEUROSTREAM 1 spikes units=3\n0 1\n");
  close (fd);
  neuro_test_run_expect_eos (c->run);
  a = collect_spikes (c, 3, &nb, &ne);
  fail_unless_equals_int (a->len, 1);
  g_array_unref (a);
  /* the waiting ones are closed with the stream */
  for (i = 1; i < 8; i++) {
    fail_unless (closed_by_peer (idle[i]));
    close (idle[i]);
  }
  ctx_free (c);
}

GST_END_TEST;

/* While a sender is current, a connection with garbage, a bad header or an
 * over-long header line is closed with a warning, and the stream goes on. */
GST_START_TEST (test_bad_waiting_connection)
{
  Ctx *c = ctx_new ("port=0 reconnect=true");
  const gchar *bad[] = {
    "GET / HTTP/1.0\r\n\r\n",
    "NEUROSTREAM 1 spikes units=0\n",
    NULL,
  };
  gchar *spaces = g_strnfill (1100, ' ');
  gchar *longhdr = g_strdup_printf ("NEUROSTREAM 1 spikes %s", spaces);
  guint nb, ne, k;
  GArray *a;
  GstMessage *m;
  gint s1;

  bad[2] = longhdr;
  /* an over-long header line does not get in without another sender
   * either (it could hold the place with a byte now and then) */
  {
    gint fd = connect_to (c->port);
    gchar *name = local_name (fd);

    send_str (fd, longhdr);
    fail_unless (neuro_test_wait_warning (c->bus, name,
            "longer than 1024 bytes", 5 * GST_SECOND),
        "no warning about the long header of %s", name);
    fail_unless (closed_by_peer (fd));
    close (fd);
    g_free (name);
  }
  s1 = connect_to (c->port);
  send_str (s1, "NEUROSTREAM 1 spikes units=3\n0 0\n");
  for (k = 0; k < G_N_ELEMENTS (bad); k++) {
    const gchar *why[] = { "not a NEUROSTREAM stream", "units",
      "longer than 1024 bytes"
    };
    gint fd = connect_to (c->port);
    gchar *name = local_name (fd);

    send_all (fd, bad[k], strlen (bad[k]));
    fail_unless (neuro_test_wait_warning (c->bus, name, why[k],
            5 * GST_SECOND), "no warning '%s' naming %s", why[k], name);
    fail_unless (closed_by_peer (fd));
    close (fd);
    g_free (name);
  }
  send_str (s1, "0 1\n");
  g_usleep (50000);
  m = gst_bus_pop_filtered (c->bus, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (m == NULL, "EOS or error after a bad second connection");
  close (s1);
  gst_element_set_state (c->pipeline, GST_STATE_NULL);
  a = collect_spikes (c, 3, &nb, &ne);
  fail_unless_equals_int (a->len, 2);
  g_array_unref (a);
  g_free (longhdr);
  g_free (spaces);
  ctx_free (c);
}

GST_END_TEST;

GST_START_TEST (test_latency)
{
  GstElement *src = gst_element_factory_make ("neurolivesrc", NULL);
  GstPad *pad;
  GstQuery *q;
  gboolean live;
  GstClockTime min, max;

  g_object_set (src, "port", 0, "latency", 5 * GST_MSECOND,
      "slice-duration", 20 * GST_MSECOND, NULL);
  fail_unless (gst_element_set_state (src, GST_STATE_PAUSED) ==
      GST_STATE_CHANGE_NO_PREROLL);
  q = gst_query_new_latency ();
  pad = gst_element_get_static_pad (src, "src");
  fail_unless (gst_pad_query (pad, q));
  gst_object_unref (pad);
  gst_query_parse_latency (q, &live, &min, &max);
  fail_unless (live);
  fail_unless_equals_uint64 (min, 25 * GST_MSECOND);
  gst_query_unref (q);
  gst_element_set_state (src, GST_STATE_NULL);
  gst_object_unref (src);
}

GST_END_TEST;

/* ---------------------------------------------------------------------- */
/* senders > 1: the ranks of one simulation, merged */

#define RANK_UNITS 100

/* appends one binary record (a spike, or a tick with unit 0xffffffff) */
static void
append_binary (GByteArray * b, gint64 t, guint32 unit, gfloat value)
{
  guint8 rec[16];
  guint64 tl = GUINT64_TO_LE ((guint64) t);
  guint32 ul = GUINT32_TO_LE (unit), vl;

  memcpy (&vl, &value, 4);
  vl = GUINT32_TO_LE (vl);
  memcpy (rec, &tl, 8);
  memcpy (rec + 8, &ul, 4);
  memcpy (rec + 12, &vl, 4);
  g_byte_array_append (b, rec, 16);
}

static void
append_text (GByteArray * b, const gchar * fmt, ...) G_GNUC_PRINTF (2, 3);

static void
append_text (GByteArray * b, const gchar * fmt, ...)
{
  va_list ap;
  gchar *s;

  va_start (ap, fmt);
  s = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_byte_array_append (b, (const guint8 *) s, strlen (s));
  g_free (s);
}

/* Rank @r of @size: units [100 r, 100 r + 100) of 100 size.  Even ranks
 * send text with global ids, odd ranks binary with offset= and local ids.
 * A tick at 0 first (every rank starts at the simulation's start), then
 * @n spikes at multiples of 100 µs in [@t0, @t0 + 300 ms) (ties between
 * ranks) in time order, a tick every 50 ms.  The spikes sent are appended
 * to @expect (sender times, global ids, value r + 0.5). */
static GByteArray *
rank_stream (guint r, guint size, guint n, gint64 t0, GArray * expect)
{
  GByteArray *b = g_byte_array_new ();
  GRand *rand = g_rand_new_with_seed (1000 + r);
  gboolean binary = r % 2 == 1;
  gint64 *t = g_new (gint64, n), next_tick = 50 * GST_MSECOND;
  guint i;

  append_text (b, "NEUROSTREAM 1 spikes units=%u rank=%u size=%u%s\n",
      RANK_UNITS * size, r, size, binary ? " format=binary offset=0" : "");
  if (binary) {
    /* offset= after format: the header's order does not matter */
    g_byte_array_set_size (b, b->len - strlen (" offset=0\n"));
    append_text (b, " offset=%u\n", RANK_UNITS * r);
    append_binary (b, 0, 0xffffffffu, 0);
  } else {
    append_text (b, "tick 0\n");
  }
  for (i = 0; i < n; i++)
    t[i] = t0 + (gint64) g_rand_int_range (rand, 0, 3000) * 100 * GST_USECOND;
  for (i = 1; i < n; i++) {
    gint64 v = t[i];
    guint j = i;

    while (j > 0 && t[j - 1] > v) {
      t[j] = t[j - 1];
      j--;
    }
    t[j] = v;
  }
  for (i = 0; i < n; i++) {
    guint local = g_rand_int_range (rand, 0, RANK_UNITS);
    NeuroSpike s = { t[i], RANK_UNITS * r + local, r + 0.5f };

    while (t[i] - t0 >= next_tick) {
      if (binary)
        append_binary (b, t0 + next_tick, 0xffffffffu, 0);
      else
        append_text (b, "tick %" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT "\n",
            (t0 + next_tick) / GST_SECOND, (t0 + next_tick) % GST_SECOND);
      next_tick += 50 * GST_MSECOND;
    }
    if (binary)
      append_binary (b, t[i], local, s.value);
    else
      append_text (b, "%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT " %u %g\n",
          t[i] / GST_SECOND, t[i] % GST_SECOND, s.unit, s.value);
    if (expect)
      g_array_append_val (expect, s);
  }
  g_free (t);
  g_rand_free (rand);
  return b;
}

static gint
compare_spike (gconstpointer a, gconstpointer b)
{
  const NeuroSpike *x = a, *y = b;

  if (x->t != y->t)
    return x->t < y->t ? -1 : 1;
  if (x->unit != y->unit)
    return x->unit < y->unit ? -1 : 1;
  return x->value < y->value ? -1 : x->value > y->value;
}

/* @out is in time order and, shifted by the sender offset, the same
 * records as @expect */
static void
check_merged (GArray * out, GArray * expect)
{
  GArray *o = g_array_sized_new (FALSE, FALSE, sizeof (NeuroSpike),
      out->len);
  gint64 off;
  guint i;

  for (i = 1; i < out->len; i++)
    fail_unless (g_array_index (out, NeuroSpike, i).t >=
        g_array_index (out, NeuroSpike, i - 1).t,
        "spike %u at %" G_GINT64_FORMAT " before the one before it", i,
        g_array_index (out, NeuroSpike, i).t);
  fail_unless_equals_int (out->len, expect->len);
  g_array_append_vals (o, out->data, out->len);
  g_array_sort (o, compare_spike);
  g_array_sort (expect, compare_spike);
  off = g_array_index (o, NeuroSpike, 0).t -
      g_array_index (expect, NeuroSpike, 0).t;
  for (i = 0; i < o->len; i++) {
    NeuroSpike *x = &g_array_index (o, NeuroSpike, i);
    NeuroSpike *y = &g_array_index (expect, NeuroSpike, i);

    fail_unless (x->t - off == y->t && x->unit == y->unit
        && x->value == y->value, "record %u: %" G_GINT64_FORMAT " %u %g, "
        "expected %" G_GINT64_FORMAT " %u %g", i, x->t - off, x->unit,
        x->value, y->t, y->unit, y->value);
  }
  g_array_unref (o);
}

typedef struct
{
  gint port;
  GByteArray *data;
} RankJob;

/* one rank: connects, sends its stream in pieces of 1 … 5000 bytes (split
 * inside records and lines), closes */
static gpointer
rank_thread (gpointer user_data)
{
  RankJob *j = user_data;
  gint fd = connect_to (j->port);
  GRand *rand = g_rand_new_with_seed (j->data->len);
  gsize off = 0;

  while (off < j->data->len) {
    gsize n = (gsize) g_rand_int_range (rand, 1, 5000);

    n = MIN (n, j->data->len - off);

    send_all (fd, j->data->data + off, n);
    off += n;
  }
  close (fd);
  g_rand_free (rand);
  return NULL;
}

/* 16 ranks sending at once into senders=16: the output is in time order
 * and holds exactly what they sent (sender times, global ids) */
GST_START_TEST (test_ranks_merge)
{
  Ctx *c = ctx_new ("port=0 senders=16 timestamp-mode=sender "
      "merge-latency=10000000000");
  GArray *expect = g_array_new (FALSE, FALSE, sizeof (NeuroSpike)), *a;
  RankJob jobs[16];
  GThread *th[16];
  guint r, nb, ne;
  guint64 late, dropped, received;

  for (r = 0; r < 16; r++) {
    jobs[r].port = c->port;
    jobs[r].data = rank_stream (r, 16, 500 + 37 * r, 0, expect);
  }
  for (r = 0; r < 16; r++)
    th[r] = g_thread_new ("rank", rank_thread, &jobs[r]);
  for (r = 0; r < 16; r++) {
    g_thread_join (th[r]);
    g_byte_array_unref (jobs[r].data);
  }
  neuro_test_run_expect_eos (c->run);
  g_object_get (c->src, "late", &late, "dropped", &dropped, "received",
      &received, NULL);
  fail_unless_equals_uint64 (late, 0);
  fail_unless_equals_uint64 (dropped, 0);
  fail_unless_equals_uint64 (received, expect->len);

  a = collect_spikes (c, 16 * RANK_UNITS, &nb, &ne);
  check_merged (a, expect);
  fail_unless (nb >= 30, "%u slices for 300 ms", nb);
  g_array_unref (a);
  g_array_unref (expect);
  ctx_free (c);
}

GST_END_TEST;

/* A rank that is behind: the slices leave after merge-latency without
 * it, a warning names it, its spikes for those slices are counted in late
 * and not drawn; the output stays in time order. */
GST_START_TEST (test_ranks_slow)
{
  Ctx *c = ctx_new ("port=0 senders=4 timestamp-mode=sender "
      "merge-latency=50000000");
  GArray *expect = g_array_new (FALSE, FALSE, sizeof (NeuroSpike)), *a;
  GByteArray *b;
  gint fd[4];
  guint r, i, nb, ne;
  guint64 late, dropped;
  gchar *name, *what;

  for (r = 0; r < 4; r++)
    fd[r] = connect_to (c->port);
  name = local_name (fd[3]);
  /* rank 3 starts the stream at sender time 0, then says nothing */
  send_str (fd[3], "NEUROSTREAM 1 spikes units=400 rank=3 size=4\n"
      "tick 0\n");
  for (r = 0; r < 3; r++) {
    /* 200 ms ahead of rank 3: never late themselves */
    b = rank_stream (r, 4, 200, 200 * GST_MSECOND, expect);
    send_all (fd[r], b->data, b->len);
    g_byte_array_unref (b);
    close (fd[r]);
  }
  what = g_strdup_printf ("Rank 3 (%s) is late", name);
  fail_unless (neuro_test_wait_warning (c->bus, what, "merge-latency",
          20 * GST_SECOND), "no warning about the slow rank");
  g_free (what);
  /* the slice of sender time 0 has left: these five are late */
  for (i = 0; i < 5; i++)
    send_str (fd[3], "0 301\n");
  what = g_strdup_printf ("Rank 3 (%s): ", name);
  fail_unless (neuro_test_wait_warning (c->bus, what, "came after their "
          "slice", 20 * GST_SECOND), "no warning about late spikes");
  g_free (what);
  /* far ahead: in time */
  send_str (fd[3], "3 302 2\n");
  {
    NeuroSpike s = { 3 * GST_SECOND, 302, 2.0f };

    g_array_append_val (expect, s);
  }
  close (fd[3]);
  neuro_test_run_expect_eos (c->run);

  g_object_get (c->src, "late", &late, "dropped", &dropped, NULL);
  fail_unless_equals_uint64 (late, 5);
  fail_unless_equals_uint64 (dropped, 5);
  {
    /* the stats name the late rank */
    GstStructure *st;
    const GValue *ranks;
    gchar *s;

    g_object_get (c->src, "stats", &st, NULL);
    s = gst_structure_to_string (st);
    ranks = gst_structure_get_value (st, "ranks");
    fail_unless (ranks && gst_value_array_get_size (ranks) == 4, "%s", s);
    for (r = 0; r < 4; r++) {
      const GstStructure *rs =
          gst_value_get_structure (gst_value_array_get_value (ranks, r));
      guint64 rl, rr;

      fail_unless (gst_structure_get_uint64 (rs, "late", &rl)
          && gst_structure_get_uint64 (rs, "received", &rr), "%s", s);
      fail_unless_equals_uint64 (rl, r == 3 ? 5 : 0);
      fail_unless_equals_uint64 (rr, r == 3 ? 6 : 200);
      fail_unless_equals_string (gst_structure_get_string (rs, "state"),
          "ended");
      if (r == 3)
        fail_unless_equals_string (gst_structure_get_string (rs, "peer"),
            name);
    }
    g_free (s);
    gst_structure_free (st);
  }
  a = collect_spikes (c, 400, &nb, &ne);
  check_merged (a, expect);
  g_array_unref (a);
  g_array_unref (expect);
  g_free (name);
  ctx_free (c);
}

GST_END_TEST;

/* A rank that disconnects mid-stream is named in a warning; the others go
 * on, and the stream ends when they have ended too. */
GST_START_TEST (test_ranks_disconnect)
{
  Ctx *c = ctx_new ("port=0 senders=3 timestamp-mode=sender "
      "merge-latency=10000000000");
  GArray *expect = g_array_new (FALSE, FALSE, sizeof (NeuroSpike)), *a;
  GByteArray *b[3];
  gint fd[3];
  guint r, nb, ne;
  gchar *name, *what;
  GstMessage *m;

  for (r = 0; r < 3; r++) {
    fd[r] = connect_to (c->port);
    b[r] = rank_stream (r, 3, 300, 0, expect);
  }
  name = local_name (fd[1]);
  /* the first half of ranks 0 and 2, all of rank 1 */
  send_all (fd[0], b[0]->data, b[0]->len / 2);
  send_all (fd[2], b[2]->data, b[2]->len / 2);
  send_all (fd[1], b[1]->data, b[1]->len);
  close (fd[1]);
  what = g_strdup_printf ("Rank 1 (%s) disconnected", name);
  fail_unless (neuro_test_wait_warning (c->bus, what, "2 of 3 ranks go on",
          20 * GST_SECOND), "no warning about the rank that left");
  g_free (what);
  m = gst_bus_pop_filtered (c->bus, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (m == NULL, "EOS or error after one rank left");
  send_all (fd[0], b[0]->data + b[0]->len / 2, b[0]->len - b[0]->len / 2);
  close (fd[0]);
  send_all (fd[2], b[2]->data + b[2]->len / 2, b[2]->len - b[2]->len / 2);
  close (fd[2]);
  neuro_test_run_expect_eos (c->run);

  a = collect_spikes (c, 3 * RANK_UNITS, &nb, &ne);
  check_merged (a, expect);
  for (r = 0; r < 3; r++)
    g_byte_array_unref (b[r]);
  g_array_unref (a);
  g_array_unref (expect);
  g_free (name);
  ctx_free (c);
}

GST_END_TEST;

/* Headers that do not fit the stream are errors naming the rank and the
 * value; a rank's header into senders=1 too. */
GST_START_TEST (test_ranks_header_mismatch)
{
  static const struct
  {
    const gchar *props;
    const gchar *first, *second;
    const gchar *error;
  } cases[] = {
    {"senders=2", "NEUROSTREAM 1 spikes units=100 rank=0 size=2\n",
        "NEUROSTREAM 1 spikes units=200 rank=1 size=2\n",
        "Rank 1 (127.0.0.1:%u) announces units=200, but the other ranks "
          "units=100"},
    {"senders=2", "NEUROSTREAM 1 spikes units=100 rank=0 size=2\n",
        "NEUROSTREAM 1 spikes units=100 rank=1 size=3\n",
        "Rank 1 (127.0.0.1:%u) announces size=3, but senders=2"},
    {"senders=2", "NEUROSTREAM 1 spikes units=100 rank=0 size=2\n",
        "NEUROSTREAM 1 spikes units=100\n",
        "The live sender 127.0.0.1:%u did not announce a rank"},
    {"senders=2", "NEUROSTREAM 1 spikes units=100 rank=0 size=2\n",
        "NEUROSTREAM 1 signal channels=2 rate=100\n",
        "The live sender 127.0.0.1:%u did not announce a rank"},
    {"senders=2", "NEUROSTREAM 1 spikes units=100 rank=0 size=2\n",
        "NEUROSTREAM 1 spikes units=100 rank=2 size=2\n",
        "rank=2 must be below size=2"},
    {"", "NEUROSTREAM 1 spikes units=100 rank=1 size=4\n", NULL,
        "The live sender 127.0.0.1:%u is rank 1 of size=4, but senders=1"},
  };
  guint k;

  for (k = 0; k < G_N_ELEMENTS (cases); k++) {
    gchar *props = g_strdup_printf ("port=0 %s", cases[k].props);
    Ctx *c = ctx_new (props);
    gint f1 = connect_to (c->port), f2 = -1;
    struct sockaddr_in sa;
    socklen_t sl = sizeof (sa);
    gchar *err;

    send_str (f1, cases[k].first);
    if (cases[k].second) {
      /* the first is a rank before the second comes */
      g_usleep (50000);
      f2 = connect_to (c->port);
      send_str (f2, cases[k].second);
    }
    getsockname (f2 >= 0 ? f2 : f1, (struct sockaddr *) &sa, &sl);
    err = g_strdup_printf (cases[k].error, ntohs (sa.sin_port));
    neuro_test_run_expect_error (c->run, err);
    g_free (err);
    close (f1);
    if (f2 >= 0)
      close (f2);
    g_free (props);
    ctx_free (c);
  }
}

GST_END_TEST;

/* senders > 1 reads TCP only; merge-latency adds to the latency */
GST_START_TEST (test_ranks_settings)
{
  GstElement *src = gst_element_factory_make ("neurolivesrc", NULL);
  GstBus *bus = gst_bus_new ();
  GstPad *pad;
  GstQuery *q;
  gboolean live;
  GstClockTime min, max;
  gchar *text;

  gst_element_set_bus (src, bus);
  g_object_set (src, "port", 0, "senders", 4, "timestamp-mode", 1,
      "latency", 5 * GST_MSECOND, "merge-latency", 30 * GST_MSECOND, NULL);
  fail_unless (gst_element_set_state (src, GST_STATE_PAUSED) ==
      GST_STATE_CHANGE_NO_PREROLL);
  q = gst_query_new_latency ();
  pad = gst_element_get_static_pad (src, "src");
  fail_unless (gst_pad_query (pad, q));
  gst_object_unref (pad);
  gst_query_parse_latency (q, &live, &min, &max);
  fail_unless_equals_uint64 (min, 45 * GST_MSECOND);
  gst_query_unref (q);
  gst_element_set_state (src, GST_STATE_NULL);

  g_object_set (src, "location", "-", NULL);
  fail_unless (gst_element_set_state (src, GST_STATE_PAUSED) ==
      GST_STATE_CHANGE_FAILURE);
  text = neuro_test_expect_error (bus, "senders=4 needs TCP", NULL);
  g_free (text);
  gst_element_set_state (src, GST_STATE_NULL);
  gst_element_set_bus (src, NULL);
  gst_object_unref (bus);
  gst_object_unref (src);
}

GST_END_TEST;

static Suite *
neurolivesrc_suite (void)
{
  Suite *s = suite_create ("neurolivesrc");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_text_spikes);
  tcase_add_test (tc, test_binary_sender_times);
  tcase_add_test (tc, test_stall);
  tcase_add_test (tc, test_reconnect);
  tcase_add_test (tc, test_garbage_error);
  tcase_add_test (tc, test_garbage_drop);
  tcase_add_test (tc, test_long_line);
  tcase_add_test (tc, test_absurd_units);
  tcase_add_test (tc, test_signal_fd);
  tcase_add_test (tc, test_binary_signal);
  tcase_add_test (tc, test_empty_connection);
  tcase_add_test (tc, test_idle_connection_does_not_block);
  tcase_add_test (tc, test_silent_sender_taken_over);
  tcase_add_test (tc, test_idle_timeout);
  tcase_add_test (tc, test_trickled_header);
  tcase_add_test (tc, test_pending_limit);
  tcase_add_test (tc, test_bad_waiting_connection);
  tcase_add_test (tc, test_latency);
  tcase_add_test (tc, test_ranks_merge);
  tcase_add_test (tc, test_ranks_slow);
  tcase_add_test (tc, test_ranks_disconnect);
  tcase_add_test (tc, test_ranks_header_mismatch);
  tcase_add_test (tc, test_ranks_settings);
  return s;
}

GST_CHECK_MAIN (neurolivesrc);
