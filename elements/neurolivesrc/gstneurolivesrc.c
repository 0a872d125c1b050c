/* gst-neuroviz — neurolivesrc: spikes and signals from a running program
 * SPDX-License-Identifier: LGPL-2.1-or-later
 * Copyright (C) 2024 gst-neuroviz contributors */
/**
 * SECTION:element-neurolivesrc
 * @title: neurolivesrc
 *
 * Receives spikes or signal samples from a running simulation or
 * acquisition program in the NEUROSTREAM protocol (docs/live-protocol.md)
 * over TCP (its own server socket) or from a file descriptor (standard
 * input with location=-), and outputs them live as
 * application/x-neuro-spikes in slices of #GstNeuroLiveSrc:slice-duration
 * (empty slices too, so that renderers keep moving while the sender is
 * silent) or as application/x-neuro-signal.
 *
 * With #GstNeuroLiveSrc:senders > 1 it takes that many TCP senders at once,
 * the ranks of one parallel simulation (rank=R size=N in their headers),
 * and merges their spikes into one time-ordered stream: a slice leaves
 * when every rank has delivered past its end (a spike or a tick), or after
 * #GstNeuroLiveSrc:merge-latency; a late rank is named in a warning and
 * its late spikes are counted in #GstNeuroLiveSrc:late.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 -e neurolivesrc port=4953 ! spikeraster ! videoconvert ! autovideosink
 * python3 sim.py | gst-launch-1.0 -e neurolivesrc location=- ! spikeraster ! videoconvert ! autovideosink
 * gst-launch-1.0 neurolivesrc port=4953 reconnect=true timestamp-mode=sender latency=50000000 ! signalscope ! videoconvert ! autovideosink
 * gst-launch-1.0 -e neurolivesrc port=4953 senders=16 timestamp-mode=sender ! spikeraster ! videoconvert ! autovideosink
 * ]|
 */
/* accept4 */
#define _GNU_SOURCE
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstneurolivesrc.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

GST_DEBUG_CATEGORY_STATIC (gst_neuro_live_src_debug);
#define GST_CAT_DEFAULT gst_neuro_live_src_debug

#define DEFAULT_HOST            "127.0.0.1"
#define DEFAULT_PORT            4953
#define DEFAULT_LOCATION        NULL
#define DEFAULT_FD              -1
#define DEFAULT_RECONNECT       FALSE
#define DEFAULT_TIMESTAMP_MODE  GST_NEURO_LIVE_SRC_TIMESTAMP_ARRIVAL
#define DEFAULT_SLICE_DURATION  (10 * GST_MSECOND)
#define DEFAULT_LATENCY         0
#define DEFAULT_ON_ERROR        GST_NEURO_LIVE_SRC_ON_ERROR_ERROR
#define DEFAULT_MAX_LINE_LENGTH LIVEPROTO_DEFAULT_MAX_LINE
#define DEFAULT_MAX_QUEUE_BYTES (64 * 1024 * 1024)
#define DEFAULT_HEADER_TIMEOUT  (5 * GST_SECOND)
/* off: a simulation may be silent for minutes (Brian2 compiling after its
 * header), and a silent sender gives way to a new one anyway */
#define DEFAULT_IDLE_TIMEOUT    0
#define MAX_TIMEOUT             (24 * 3600 * GST_SECOND)
#define DEFAULT_SENDERS         1
#define DEFAULT_MERGE_LATENCY   (100 * GST_MSECOND)

#define READ_SIZE               (64 * 1024)
/* Warnings per connection about dropped records before only counting. */
#define MAX_WARNINGS            10
/* The poll never sleeps longer, so that a clock that is not the system
 * clock is looked at again. */
#define MAX_POLL_MS             100

G_STATIC_ASSERT (LIVEPROTO_MAX_UNITS == NEURO_MAX_UNITS);
G_STATIC_ASSERT (LIVEPROTO_MAX_CHANNELS == NEURO_MAX_CHANNELS);

enum
{
  PROP_0,
  PROP_HOST,
  PROP_PORT,
  PROP_BOUND_PORT,
  PROP_LOCATION,
  PROP_FD,
  PROP_RECONNECT,
  PROP_TIMESTAMP_MODE,
  PROP_SLICE_DURATION,
  PROP_LATENCY,
  PROP_ON_ERROR,
  PROP_MAX_LINE_LENGTH,
  PROP_MAX_QUEUE_BYTES,
  PROP_HEADER_TIMEOUT,
  PROP_IDLE_TIMEOUT,
  PROP_RECEIVED,
  PROP_DROPPED,
  PROP_SENDERS,
  PROP_MERGE_LATENCY,
  PROP_LATE,
  PROP_STATS,
};

static GstStaticPadTemplate gst_neuro_live_src_src_template =
GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (NEURO_SPIKES_CAPS "; " NEURO_SIGNAL_CAPS));

GType
gst_neuro_live_src_timestamp_mode_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_NEURO_LIVE_SRC_TIMESTAMP_ARRIVAL,
        "Running time at which a record arrives", "arrival"},
    {GST_NEURO_LIVE_SRC_TIMESTAMP_SENDER,
          "Sender's times, the first record of a connection placed at its "
        "arrival", "sender"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstNeuroLiveSrcTimestampMode", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

GType
gst_neuro_live_src_on_error_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_NEURO_LIVE_SRC_ON_ERROR_ERROR,
        "Stop with an error naming the line or byte offset", "error"},
    {GST_NEURO_LIVE_SRC_ON_ERROR_DROP,
        "Drop the bad record with a warning", "drop"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstNeuroLiveSrcOnError", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

#define gst_neuro_live_src_parent_class parent_class
G_DEFINE_TYPE (GstNeuroLiveSrc, gst_neuro_live_src, GST_TYPE_PUSH_SRC);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (neurolivesrc, "neurolivesrc",
    GST_RANK_NONE, GST_TYPE_NEURO_LIVE_SRC,
    GST_DEBUG_CATEGORY_INIT (gst_neuro_live_src_debug, "neurolivesrc", 0,
        "live neural data source"));

static void gst_neuro_live_src_finalize (GObject * object);
static void gst_neuro_live_src_set_property (GObject * object,
    guint prop_id, const GValue * value, GParamSpec * pspec);
static void gst_neuro_live_src_get_property (GObject * object,
    guint prop_id, GValue * value, GParamSpec * pspec);

static GstCaps *gst_neuro_live_src_get_caps (GstBaseSrc * bsrc,
    GstCaps * filter);
static gboolean gst_neuro_live_src_negotiate (GstBaseSrc * bsrc);
static gboolean gst_neuro_live_src_start (GstBaseSrc * bsrc);
static gboolean gst_neuro_live_src_stop (GstBaseSrc * bsrc);
static gboolean gst_neuro_live_src_query (GstBaseSrc * bsrc,
    GstQuery * query);
static gboolean gst_neuro_live_src_unlock (GstBaseSrc * bsrc);
static gboolean gst_neuro_live_src_unlock_stop (GstBaseSrc * bsrc);
static GstFlowReturn gst_neuro_live_src_create (GstPushSrc * psrc,
    GstBuffer ** buffer);
static gboolean gst_neuro_live_src_ranks_init (GstNeuroLiveSrc * src);
static GstStructure *gst_neuro_live_src_stats (GstNeuroLiveSrc * src);
static void gst_neuro_live_src_ranks_free (GstNeuroLiveSrc * src);

static void
gst_neuro_live_src_class_init (GstNeuroLiveSrcClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *basesrc_class = GST_BASE_SRC_CLASS (klass);
  GstPushSrcClass *pushsrc_class = GST_PUSH_SRC_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
      GST_PARAM_MUTABLE_READY;

  gobject_class->set_property = gst_neuro_live_src_set_property;
  gobject_class->get_property = gst_neuro_live_src_get_property;
  gobject_class->finalize = gst_neuro_live_src_finalize;

  g_object_class_install_property (gobject_class, PROP_HOST,
      g_param_spec_string ("host", "Host",
          "Address to listen on (127.0.0.1: this machine only; 0.0.0.0 or "
          ":: for every interface)", DEFAULT_HOST, flags));
  g_object_class_install_property (gobject_class, PROP_PORT,
      g_param_spec_int ("port", "Port",
          "TCP port to listen on; 0 lets the system choose one (read it "
          "from bound-port)", 0, 65535, DEFAULT_PORT, flags));
  g_object_class_install_property (gobject_class, PROP_BOUND_PORT,
      g_param_spec_int ("bound-port", "Bound port",
          "TCP port actually listened on, known once the element is in "
          "PAUSED; 0 when reading a file descriptor", 0, 65535, 0,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_LOCATION,
      g_param_spec_string ("location", "Location",
          "Read from this file or named pipe instead of TCP; \"-\" is "
          "standard input", DEFAULT_LOCATION, flags));
  g_object_class_install_property (gobject_class, PROP_FD,
      g_param_spec_int ("fd", "File descriptor",
          "Read from this open file descriptor instead of TCP (0 = "
          "standard input); -1 = not used", -1, G_MAXINT, DEFAULT_FD, flags));
  g_object_class_install_property (gobject_class, PROP_RECONNECT,
      g_param_spec_boolean ("reconnect", "Reconnect",
          "When the TCP sender disconnects, wait for the next one (slices "
          "continue empty) instead of ending the stream with EOS",
          DEFAULT_RECONNECT, flags));
  g_object_class_install_property (gobject_class, PROP_TIMESTAMP_MODE,
      g_param_spec_enum ("timestamp-mode", "Timestamp mode",
          "Which times the records get: their arrival, or the sender's "
          "own times mapped onto the pipeline clock",
          GST_TYPE_NEURO_LIVE_SRC_TIMESTAMP_MODE, DEFAULT_TIMESTAMP_MODE,
          flags));
  g_object_class_install_property (gobject_class, PROP_SLICE_DURATION,
      g_param_spec_uint64 ("slice-duration", "Slice duration",
          "Time in nanoseconds covered by one output buffer of spikes (and "
          "the interval at which signal samples are pushed)",
          GST_USECOND * 100, 10 * GST_SECOND, DEFAULT_SLICE_DURATION, flags));
  g_object_class_install_property (gobject_class, PROP_LATENCY,
      g_param_spec_uint64 ("latency", "Latency",
          "Extra time in nanoseconds to wait for records of a slice after "
          "its end (network jitter in timestamp-mode=sender); the reported "
          "latency is slice-duration plus this (plus merge-latency with "
          "senders > 1 in timestamp-mode=sender)", 0, 60 * GST_SECOND,
          DEFAULT_LATENCY, flags));
  g_object_class_install_property (gobject_class, PROP_ON_ERROR,
      g_param_spec_enum ("on-error", "On error",
          "What a malformed record does (a bad header is always an error)",
          GST_TYPE_NEURO_LIVE_SRC_ON_ERROR, DEFAULT_ON_ERROR, flags));
  g_object_class_install_property (gobject_class, PROP_MAX_LINE_LENGTH,
      g_param_spec_uint ("max-line-length", "Maximum line length",
          "Longest text line in bytes (at most 64 MiB); a longer one is an "
          "error", 256,
          64 * 1024 * 1024, DEFAULT_MAX_LINE_LENGTH, flags));
  g_object_class_install_property (gobject_class, PROP_MAX_QUEUE_BYTES,
      g_param_spec_uint64 ("max-queue-bytes", "Maximum queue bytes",
          "Records waiting for their slice are kept up to this many bytes; "
          "beyond it the sender is no longer read (TCP flow control slows "
          "it down); at most 4 GiB", 64 * 1024, G_MAXUINT32,
          DEFAULT_MAX_QUEUE_BYTES, flags));
  g_object_class_install_property (gobject_class, PROP_HEADER_TIMEOUT,
      g_param_spec_uint64 ("header-timeout", "Header timeout",
          "Time in nanoseconds a TCP sender has from connecting to the end "
          "of its header line (at most 1024 bytes), however it trickles in; "
          "slower ones are dropped with a warning.  At most 8 connections "
          "wait for their header at once, more are refused.  A sender with "
          "a complete header takes over from a current sender that has sent "
          "nothing for this long.  0 = no limit (and no take-over)",
          0, MAX_TIMEOUT, DEFAULT_HEADER_TIMEOUT, flags));
  g_object_class_install_property (gobject_class, PROP_IDLE_TIMEOUT,
      g_param_spec_uint64 ("idle-timeout", "Idle timeout",
          "Time in nanoseconds the current TCP sender may send nothing "
          "before it is dropped with a warning (then as a disconnect); a "
          "sender with a complete header waits at most this long for its "
          "turn.  0 = no limit (the default; a silent sender still gives "
          "way to a new one after header-timeout)", 0, MAX_TIMEOUT,
          DEFAULT_IDLE_TIMEOUT,
          flags));
  g_object_class_install_property (gobject_class, PROP_RECEIVED,
      g_param_spec_uint64 ("received", "Received",
          "Records received (spikes or sample frames)", 0, G_MAXUINT64, 0,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_DROPPED,
      g_param_spec_uint64 ("dropped", "Dropped",
          "Records dropped: malformed with on-error=drop, or too late for "
          "their slice in timestamp-mode=sender", 0, G_MAXUINT64, 0,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_SENDERS,
      g_param_spec_uint ("senders", "Senders",
          "Number of TCP senders (the ranks of one parallel simulation, "
          "each announcing rank=R size=N in its header) merged into one "
          "time-ordered spike stream; 1 = one sender at a time",
          1, LIVEPROTO_MAX_RANKS, DEFAULT_SENDERS, flags));
  g_object_class_install_property (gobject_class, PROP_MERGE_LATENCY,
      g_param_spec_uint64 ("merge-latency", "Merge latency",
          "senders > 1, timestamp-mode=sender: how long in nanoseconds a "
          "slice waits after its end (plus latency) for a rank that has not "
          "delivered past it; then it leaves, the rank is named in a "
          "warning and its spikes for that slice are counted in late",
          0, 60 * GST_SECOND, DEFAULT_MERGE_LATENCY, flags));
  g_object_class_install_property (gobject_class, PROP_LATE,
      g_param_spec_uint64 ("late", "Late",
          "senders > 1: spikes of a rank that came after their slice had "
          "left (also counted in dropped)", 0, G_MAXUINT64, 0,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "received, dropped and late, and with senders > 1 a ranks array: "
          "for each rank its state (waiting, live, ended), peer, received "
          "and late spikes", GST_TYPE_STRUCTURE,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_set_static_metadata (element_class,
      "Live neural data source", "Source/Network",
      "Receives spikes or signals from a running simulation over TCP or a "
      "pipe (NEUROSTREAM protocol) and outputs them live",
      "gst-neuroviz contributors");
  gst_element_class_add_static_pad_template (element_class,
      &gst_neuro_live_src_src_template);

  basesrc_class->get_caps = GST_DEBUG_FUNCPTR (gst_neuro_live_src_get_caps);
  basesrc_class->negotiate = GST_DEBUG_FUNCPTR (gst_neuro_live_src_negotiate);
  basesrc_class->start = GST_DEBUG_FUNCPTR (gst_neuro_live_src_start);
  basesrc_class->stop = GST_DEBUG_FUNCPTR (gst_neuro_live_src_stop);
  basesrc_class->query = GST_DEBUG_FUNCPTR (gst_neuro_live_src_query);
  basesrc_class->unlock = GST_DEBUG_FUNCPTR (gst_neuro_live_src_unlock);
  basesrc_class->unlock_stop =
      GST_DEBUG_FUNCPTR (gst_neuro_live_src_unlock_stop);
  pushsrc_class->create = GST_DEBUG_FUNCPTR (gst_neuro_live_src_create);

  gst_type_mark_as_plugin_api (GST_TYPE_NEURO_LIVE_SRC_TIMESTAMP_MODE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_NEURO_LIVE_SRC_ON_ERROR, 0);
}

static void
gst_neuro_live_src_init (GstNeuroLiveSrc * src)
{
  src->host = g_strdup (DEFAULT_HOST);
  src->port = DEFAULT_PORT;
  src->location = g_strdup (DEFAULT_LOCATION);
  src->fd = DEFAULT_FD;
  src->reconnect = DEFAULT_RECONNECT;
  src->timestamp_mode = DEFAULT_TIMESTAMP_MODE;
  src->slice_duration = DEFAULT_SLICE_DURATION;
  src->latency = DEFAULT_LATENCY;
  src->on_error = DEFAULT_ON_ERROR;
  src->max_line_length = DEFAULT_MAX_LINE_LENGTH;
  src->max_queue_bytes = DEFAULT_MAX_QUEUE_BYTES;
  src->header_timeout = DEFAULT_HEADER_TIMEOUT;
  src->idle_timeout = DEFAULT_IDLE_TIMEOUT;
  src->senders = DEFAULT_SENDERS;
  src->merge_latency = DEFAULT_MERGE_LATENCY;
  src->listen_fd = -1;
  src->in_fd = -1;
  src->cancellable = g_cancellable_new ();
  src->spend = g_byte_array_new ();
  liveproto_init (&src->parser, DEFAULT_MAX_LINE_LENGTH, FALSE);

  gst_base_src_set_live (GST_BASE_SRC (src), TRUE);
  gst_base_src_set_format (GST_BASE_SRC (src), GST_FORMAT_TIME);
}

static void
gst_neuro_live_src_finalize (GObject * object)
{
  GstNeuroLiveSrc *src = GST_NEURO_LIVE_SRC (object);

  g_free (src->host);
  g_free (src->location);
  g_object_unref (src->cancellable);
  g_byte_array_unref (src->spend);
  g_free (src->pend);
  g_free (src->rbuf);
  g_free (src->pending);
  g_free (src->pfds);
  g_free (src->pfd_owner);
  gst_neuro_live_src_ranks_free (src);
  liveproto_clear (&src->parser);
  if (src->own_clock)
    gst_object_unref (src->own_clock);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_neuro_live_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstNeuroLiveSrc *src = GST_NEURO_LIVE_SRC (object);

  GST_OBJECT_LOCK (src);
  switch (prop_id) {
    case PROP_HOST:
      g_free (src->host);
      src->host = g_value_dup_string (value);
      if (src->host == NULL)
        src->host = g_strdup (DEFAULT_HOST);
      break;
    case PROP_PORT:
      src->port = g_value_get_int (value);
      break;
    case PROP_LOCATION:
      g_free (src->location);
      src->location = g_value_dup_string (value);
      break;
    case PROP_FD:
      src->fd = g_value_get_int (value);
      break;
    case PROP_RECONNECT:
      src->reconnect = g_value_get_boolean (value);
      break;
    case PROP_TIMESTAMP_MODE:
      src->timestamp_mode = g_value_get_enum (value);
      break;
    case PROP_SLICE_DURATION:
      src->slice_duration = g_value_get_uint64 (value);
      break;
    case PROP_LATENCY:
      src->latency = g_value_get_uint64 (value);
      break;
    case PROP_ON_ERROR:
      src->on_error = g_value_get_enum (value);
      break;
    case PROP_MAX_LINE_LENGTH:
      src->max_line_length = g_value_get_uint (value);
      break;
    case PROP_MAX_QUEUE_BYTES:
      src->max_queue_bytes = g_value_get_uint64 (value);
      break;
    case PROP_HEADER_TIMEOUT:
      src->header_timeout = g_value_get_uint64 (value);
      break;
    case PROP_IDLE_TIMEOUT:
      src->idle_timeout = g_value_get_uint64 (value);
      break;
    case PROP_SENDERS:
      src->senders = g_value_get_uint (value);
      break;
    case PROP_MERGE_LATENCY:
      src->merge_latency = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (src);
}

static void
gst_neuro_live_src_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstNeuroLiveSrc *src = GST_NEURO_LIVE_SRC (object);

  GST_OBJECT_LOCK (src);
  switch (prop_id) {
    case PROP_HOST:
      g_value_set_string (value, src->host);
      break;
    case PROP_PORT:
      g_value_set_int (value, src->port);
      break;
    case PROP_BOUND_PORT:
      g_value_set_int (value, src->bound_port);
      break;
    case PROP_LOCATION:
      g_value_set_string (value, src->location);
      break;
    case PROP_FD:
      g_value_set_int (value, src->fd);
      break;
    case PROP_RECONNECT:
      g_value_set_boolean (value, src->reconnect);
      break;
    case PROP_TIMESTAMP_MODE:
      g_value_set_enum (value, src->timestamp_mode);
      break;
    case PROP_SLICE_DURATION:
      g_value_set_uint64 (value, src->slice_duration);
      break;
    case PROP_LATENCY:
      g_value_set_uint64 (value, src->latency);
      break;
    case PROP_ON_ERROR:
      g_value_set_enum (value, src->on_error);
      break;
    case PROP_MAX_LINE_LENGTH:
      g_value_set_uint (value, src->max_line_length);
      break;
    case PROP_MAX_QUEUE_BYTES:
      g_value_set_uint64 (value, src->max_queue_bytes);
      break;
    case PROP_HEADER_TIMEOUT:
      g_value_set_uint64 (value, src->header_timeout);
      break;
    case PROP_IDLE_TIMEOUT:
      g_value_set_uint64 (value, src->idle_timeout);
      break;
    case PROP_RECEIVED:
      g_value_set_uint64 (value, src->received);
      break;
    case PROP_DROPPED:
      g_value_set_uint64 (value, src->dropped);
      break;
    case PROP_SENDERS:
      g_value_set_uint (value, src->senders);
      break;
    case PROP_MERGE_LATENCY:
      g_value_set_uint64 (value, src->merge_latency);
      break;
    case PROP_LATE:
      g_value_set_uint64 (value, src->late);
      break;
    case PROP_STATS:
      g_value_take_boxed (value, gst_neuro_live_src_stats (src));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (src);
}

/* ------------------------------------------------------------------------ */

static GstCaps *
gst_neuro_live_src_header_caps (const LiveProtoHeader * h)
{
  if (h->kind == LIVEPROTO_KIND_SPIKES) {
    NeuroSpikesInfo info = { (gint) h->units };

    return neuro_spikes_info_to_caps (&info);
  } else {
    NeuroSignalInfo info = { (gint) h->channels, h->rate };

    return neuro_signal_info_to_caps (&info);
  }
}

static GstCaps *
gst_neuro_live_src_get_caps (GstBaseSrc * bsrc, GstCaps * filter)
{
  GstNeuroLiveSrc *src = GST_NEURO_LIVE_SRC (bsrc);
  GstCaps *caps;

  /* the format is only known once a sender has sent its header */
  GST_OBJECT_LOCK (src);
  if (src->caps_set)
    caps = gst_neuro_live_src_header_caps (&src->hdr);
  else
    caps = gst_pad_get_pad_template_caps (GST_BASE_SRC_PAD (bsrc));
  GST_OBJECT_UNLOCK (src);

  if (filter) {
    GstCaps *tmp = gst_caps_intersect_full (filter, caps,
        GST_CAPS_INTERSECT_FIRST);

    gst_caps_unref (caps);
    caps = tmp;
  }
  return caps;
}

static gboolean
gst_neuro_live_src_negotiate (GstBaseSrc * bsrc)
{
  GstNeuroLiveSrc *src = GST_NEURO_LIVE_SRC (bsrc);
  GstCaps *caps;
  gboolean ret;

  /* nothing to negotiate before the header; create() sets the caps */
  if (!src->caps_set)
    return TRUE;
  caps = gst_neuro_live_src_header_caps (&src->hdr);
  ret = gst_base_src_set_caps (bsrc, caps);
  gst_caps_unref (caps);
  return ret;
}

static gboolean
gst_neuro_live_src_listen (GstNeuroLiveSrc * src, const gchar * host,
    gint port)
{
  struct addrinfo hints, *res = NULL, *ai;
  gchar portstr[16];
  int err, fd = -1, one = 1, saved = 0;
  struct sockaddr_storage ss;
  socklen_t sl = sizeof (ss);

  memset (&hints, 0, sizeof (hints));
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  g_snprintf (portstr, sizeof (portstr), "%d", port);
  err = getaddrinfo (host, portstr, &hints, &res);
  if (err != 0) {
    GST_ELEMENT_ERROR (src, RESOURCE, SETTINGS,
        ("Cannot resolve host \"%s\": %s", host, gai_strerror (err)),
        ("set host to an address of this machine, e.g. 127.0.0.1"));
    return FALSE;
  }
  for (ai = res; ai; ai = ai->ai_next) {
    fd = socket (ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
        ai->ai_protocol);
    if (fd < 0) {
      saved = errno;
      continue;
    }
    setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof (one));
    if (bind (fd, ai->ai_addr, ai->ai_addrlen) == 0
        && listen (fd, (int) src->max_pending) == 0)
      break;
    saved = errno;
    close (fd);
    fd = -1;
  }
  freeaddrinfo (res);
  if (fd < 0) {
    GST_ELEMENT_ERROR (src, RESOURCE, OPEN_READ,
        ("Cannot listen on %s port %d: %s", host, port, g_strerror (saved)),
        ("is another program using the port? port=0 picks a free one"));
    return FALSE;
  }
  if (getsockname (fd, (struct sockaddr *) &ss, &sl) == 0) {
    gint bound = 0;

    if (ss.ss_family == AF_INET)
      bound = ntohs (((struct sockaddr_in *) &ss)->sin_port);
    else if (ss.ss_family == AF_INET6)
      bound = ntohs (((struct sockaddr_in6 *) &ss)->sin6_port);
    GST_OBJECT_LOCK (src);
    src->bound_port = bound;
    GST_OBJECT_UNLOCK (src);
  }
  src->listen_fd = fd;
  GST_INFO_OBJECT (src, "listening on %s port %d", host, src->bound_port);
  return TRUE;
}

static void
gst_neuro_live_src_reset_stream (GstNeuroLiveSrc * src)
{
  src->pend_head = src->pend_len = 0;
  g_byte_array_set_size (src->spend, 0);
  src->spend_head = 0;
  src->sig_anchored = FALSE;
  src->sig_first = 0;
  src->have_hdr = FALSE;
  src->conn_anchored = FALSE;
  src->caps_set = FALSE;
  src->slice_valid = FALSE;
  src->last_end = 0;
  src->discont = TRUE;
  src->eof = FALSE;
  src->warnings = 0;
  src->cb_flow = GST_FLOW_OK;
  liveproto_reset (&src->parser);
}

static gboolean
gst_neuro_live_src_start (GstBaseSrc * bsrc)
{
  GstNeuroLiveSrc *src = GST_NEURO_LIVE_SRC (bsrc);
  gchar *host, *location;
  gint port, fd;
  gboolean ok = TRUE;

  GST_OBJECT_LOCK (src);
  host = g_strdup (src->host);
  location = g_strdup (src->location);
  port = src->port;
  fd = src->fd;
  src->mode = src->timestamp_mode;
  src->slice = src->slice_duration;
  src->lat = src->latency;
  src->queue_limit = (gsize) src->max_queue_bytes;
  src->do_reconnect = src->reconnect;
  src->header_to_us = (gint64) (src->header_timeout / GST_USECOND);
  src->idle_to_us = (gint64) (src->idle_timeout / GST_USECOND);
  src->n_ranks = src->senders;
  src->mlat = src->mode == GST_NEURO_LIVE_SRC_TIMESTAMP_SENDER ?
      src->merge_latency : 0;
  src->received = src->dropped = src->late = 0;
  src->bound_port = 0;
  liveproto_clear (&src->parser);
  liveproto_init (&src->parser, src->max_line_length,
      src->on_error == GST_NEURO_LIVE_SRC_ON_ERROR_DROP);
  GST_OBJECT_UNLOCK (src);

  gst_neuro_live_src_reset_stream (src);
  if (src->rbuf == NULL)
    src->rbuf = g_malloc (READ_SIZE);
  /* every rank may be connecting at once */
  src->max_pending = NEURO_LIVE_SRC_MAX_PENDING + src->n_ranks - 1;
  src->pending = g_new0 (GstNeuroLiveSrcPending, src->max_pending);
  src->pfds = g_new0 (GPollFD, 3 + src->max_pending + src->n_ranks);
  src->pfd_owner = g_new0 (gint, 3 + src->max_pending + src->n_ranks);
  if (src->n_ranks > 1 && !gst_neuro_live_src_ranks_init (src)) {
    g_free (host);
    g_free (location);
    return FALSE;
  }
  g_cancellable_reset (src->cancellable);
  if (!src->have_cancel_pfd)
    src->have_cancel_pfd = g_cancellable_make_pollfd (src->cancellable,
        &src->cancel_pfd);

  if (src->n_ranks > 1 && ((location && *location) || fd >= 0)) {
    GST_ELEMENT_ERROR (src, RESOURCE, SETTINGS,
        ("senders=%u needs TCP: location and fd carry one stream",
            src->n_ranks), ("unset location and fd"));
    ok = FALSE;
  } else if (location && strcmp (location, "-") == 0) {
    src->in_fd = 0;
    src->own_in_fd = FALSE;
  } else if (location && *location) {
    src->in_fd = open (location, O_RDONLY | O_CLOEXEC);
    if (src->in_fd < 0) {
      GST_ELEMENT_ERROR (src, RESOURCE, OPEN_READ,
          ("Cannot open \"%s\" for reading: %s", location,
              g_strerror (errno)), (NULL));
      ok = FALSE;
    }
    src->own_in_fd = TRUE;
  } else if (fd >= 0) {
    src->in_fd = fd;
    src->own_in_fd = FALSE;
  } else {
    ok = gst_neuro_live_src_listen (src, host, port);
  }
  g_free (host);
  g_free (location);
  if (ok)
    g_object_notify (G_OBJECT (src), "bound-port");
  return ok;
}

static void
gst_neuro_live_src_close_input (GstNeuroLiveSrc * src)
{
  if (src->in_fd >= 0 && src->own_in_fd)
    close (src->in_fd);
  src->in_fd = -1;
  src->own_in_fd = FALSE;
  g_clear_pointer (&src->in_peer, g_free);
}

/* Forgets waiting connection @i, keeping the others in the order they
 * connected; its socket is closed unless @keep_fd. */
static void
gst_neuro_live_src_remove_pending (GstNeuroLiveSrc * src, guint i,
    gboolean keep_fd)
{
  GstNeuroLiveSrcPending *p = &src->pending[i];

  if (!keep_fd)
    close (p->fd);
  g_free (p->peer);
  memmove (p, p + 1, (src->n_pending - i - 1) * sizeof (*p));
  src->n_pending--;
}

static void
gst_neuro_live_src_close_pending (GstNeuroLiveSrc * src)
{
  while (src->n_pending > 0)
    gst_neuro_live_src_remove_pending (src, src->n_pending - 1, FALSE);
}

static gboolean
gst_neuro_live_src_stop (GstBaseSrc * bsrc)
{
  GstNeuroLiveSrc *src = GST_NEURO_LIVE_SRC (bsrc);

  gst_neuro_live_src_close_input (src);
  gst_neuro_live_src_close_pending (src);
  gst_neuro_live_src_ranks_free (src);
  g_clear_pointer (&src->pending, g_free);
  g_clear_pointer (&src->pfds, g_free);
  g_clear_pointer (&src->pfd_owner, g_free);
  src->max_pending = 0;
  src->refused_warned = FALSE;
  if (src->listen_fd >= 0)
    close (src->listen_fd);
  src->listen_fd = -1;
  gst_neuro_live_src_reset_stream (src);
  if (src->own_clock)
    gst_object_unref (src->own_clock);
  src->own_clock = NULL;
  if (src->have_cancel_pfd)
    g_cancellable_release_fd (src->cancellable);
  src->have_cancel_pfd = FALSE;
  return TRUE;
}

static gboolean
gst_neuro_live_src_query (GstBaseSrc * bsrc, GstQuery * query)
{
  GstNeuroLiveSrc *src = GST_NEURO_LIVE_SRC (bsrc);

  if (GST_QUERY_TYPE (query) == GST_QUERY_LATENCY) {
    GstClockTime lat;

    /* a slice leaves once the clock has passed its end (plus latency, and
     * with several ranks at most merge-latency more) */
    GST_OBJECT_LOCK (src);
    lat = src->slice_duration + src->latency;
    if (src->senders > 1
        && src->timestamp_mode == GST_NEURO_LIVE_SRC_TIMESTAMP_SENDER)
      lat += src->merge_latency;
    GST_OBJECT_UNLOCK (src);
    gst_query_set_latency (query, TRUE, lat, lat);
    return TRUE;
  }
  return GST_BASE_SRC_CLASS (parent_class)->query (bsrc, query);
}

static gboolean
gst_neuro_live_src_unlock (GstBaseSrc * bsrc)
{
  GstNeuroLiveSrc *src = GST_NEURO_LIVE_SRC (bsrc);

  g_cancellable_cancel (src->cancellable);
  return TRUE;
}

static gboolean
gst_neuro_live_src_unlock_stop (GstBaseSrc * bsrc)
{
  GstNeuroLiveSrc *src = GST_NEURO_LIVE_SRC (bsrc);

  g_cancellable_reset (src->cancellable);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Parser callbacks: they run inside create(), on the streaming thread. */

static void
gst_neuro_live_src_count_dropped (GstNeuroLiveSrc * src, guint64 n)
{
  GST_OBJECT_LOCK (src);
  src->dropped += n;
  GST_OBJECT_UNLOCK (src);
}

static int
on_header (void *user_data, const LiveProtoHeader * h)
{
  GstNeuroLiveSrc *src = user_data;
  gboolean same = src->caps_set && src->hdr.kind == h->kind &&
      src->hdr.units == h->units && src->hdr.channels == h->channels &&
      src->hdr.rate == h->rate;

  GST_INFO_OBJECT (src, "header: %s, %u units, %u channels, %g Hz, %s",
      h->kind == LIVEPROTO_KIND_SPIKES ? "spikes" : "signal", h->units,
      h->channels, h->rate,
      h->format == LIVEPROTO_FORMAT_BINARY ? "binary" : "text");
  if (src->n_ranks == 1 && h->size > 1) {
    GST_ELEMENT_ERROR (src, STREAM, WRONG_TYPE,
        ("The live sender %s is rank %u of size=%u, but senders=1",
            GST_STR_NULL (src->in_peer), h->rank, h->size),
        ("set senders=%u to merge the ranks", h->size));
    src->cb_flow = GST_FLOW_ERROR;
    return 1;
  }
  src->have_hdr = TRUE;
  src->conn_anchored = FALSE;
  if (h->kind == LIVEPROTO_KIND_SIGNAL) {
    /* a new connection starts its own sample count */
    src->sig_anchored = FALSE;
  }
  if (same)
    return 0;

  /* another format: what the last sender left cannot go out any more */
  if (src->caps_set) {
    gsize left = src->pend_len - src->pend_head;

    if (src->hdr.kind == LIVEPROTO_KIND_SIGNAL)
      left += (src->spend->len - src->spend_head) / (src->hdr.channels * 4);
    if (left > 0) {
      GST_WARNING_OBJECT (src, "format changed, dropping %" G_GSIZE_FORMAT
          " pending records", left);
      gst_neuro_live_src_count_dropped (src, left);
    }
  }
  src->pend_head = src->pend_len = 0;
  g_byte_array_set_size (src->spend, 0);
  src->spend_head = 0;
  src->sig_first = 0;
  /* the header parser checked 0 < rate <= 1e9: a fraction always */
  if (h->kind == LIVEPROTO_KIND_SIGNAL)
    (void) neuro_rate_to_fraction (h->rate, &src->rate_n, &src->rate_d);

  GST_OBJECT_LOCK (src);
  src->hdr = *h;
  src->caps_set = TRUE;
  GST_OBJECT_UNLOCK (src);
  {
    GstCaps *caps = gst_neuro_live_src_header_caps (h);
    gboolean ok = gst_base_src_set_caps (GST_BASE_SRC (src), caps);

    gst_caps_unref (caps);
    if (!ok) {
      GST_ELEMENT_ERROR (src, CORE, NEGOTIATION,
          ("Downstream does not accept the sender's format"),
          ("header: %s", h->kind == LIVEPROTO_KIND_SPIKES ? "spikes" :
              "signal"));
      src->cb_flow = GST_FLOW_NOT_NEGOTIATED;
      return 1;
    }
  }
  return 0;
}

static int
on_spikes (void *user_data, const LiveProtoSpike * s, gsize n)
{
  GstNeuroLiveSrc *src = user_data;
  gsize i;
  NeuroSpike *out;

  if (src->pend_head > 0 && src->pend_head >= src->pend_len) {
    src->pend_head = src->pend_len = 0;
  }
  if (src->pend_len + n > src->pend_cap) {
    /* compact before growing */
    if (src->pend_head > 0) {
      memmove (src->pend, src->pend + src->pend_head,
          (src->pend_len - src->pend_head) * sizeof (NeuroSpike));
      src->pend_len -= src->pend_head;
      src->pend_head = 0;
    }
    if (src->pend_len + n > src->pend_cap) {
      src->pend_cap = MAX (src->pend_len + n, 2 * src->pend_cap);
      src->pend = g_renew (NeuroSpike, src->pend, src->pend_cap);
    }
  }
  if (src->mode == GST_NEURO_LIVE_SRC_TIMESTAMP_SENDER && !src->conn_anchored
      && n > 0) {
    src->sender_offset = (gint64) src->arrival - s[0].t_ns;
    src->conn_anchored = TRUE;
    GST_DEBUG_OBJECT (src, "sender time %" G_GINT64_FORMAT " ns is running "
        "time %" GST_TIME_FORMAT, s[0].t_ns, GST_TIME_ARGS (src->arrival));
  }
  out = src->pend + src->pend_len;
  for (i = 0; i < n; i++) {
    gint64 t = src->mode == GST_NEURO_LIVE_SRC_TIMESTAMP_SENDER ?
        s[i].t_ns + src->sender_offset : (gint64) src->arrival;

    out[i].t = MAX (t, -1);     /* negative: before the stream, late */
    out[i].unit = s[i].unit;
    out[i].value = s[i].value;
  }
  src->pend_len += n;
  GST_OBJECT_LOCK (src);
  src->received += n;
  GST_OBJECT_UNLOCK (src);
  return 0;
}

static GstClockTime
frame_time (GstNeuroLiveSrc * src, guint64 index)
{
  return neuro_count_to_time (index, src->rate_n, src->rate_d);
}

static int
on_samples (void *user_data, const guint8 * f32le, gsize n)
{
  GstNeuroLiveSrc *src = user_data;
  gsize fsize = (gsize) src->hdr.channels * 4;
  guint64 pending = (src->spend->len - src->spend_head) / fsize;
  gboolean anchor = !src->sig_anchored;

  /* arrival mode: the sample counter gives the times as long as it stays
   * within a slice of the arrivals; re-anchored when it drifts away */
  if (!anchor && src->mode == GST_NEURO_LIVE_SRC_TIMESTAMP_ARRIVAL) {
    GstClockTime expect = src->sig_anchor +
        frame_time (src, src->sig_first + pending);
    GstClockTimeDiff d = GST_CLOCK_DIFF (src->arrival, expect);
    GstClockTimeDiff tol = (GstClockTimeDiff) (src->slice + src->lat);

    anchor = d < -tol || d > tol;
  }
  if (anchor) {
    /* renumber what is pending from 0 and place the new frames at their
     * arrival, never before what was already pushed */
    GstClockTime span = frame_time (src, pending);

    src->sig_first = 0;
    src->sig_anchor = src->arrival > span ? src->arrival - span : 0;
    src->sig_anchor = MAX (src->sig_anchor, src->last_end);
    src->sig_anchored = TRUE;
    src->discont = TRUE;
    GST_DEBUG_OBJECT (src, "signal anchored at %" GST_TIME_FORMAT,
        GST_TIME_ARGS (src->sig_anchor));
  }
  g_byte_array_append (src->spend, f32le, n * fsize);
  GST_OBJECT_LOCK (src);
  src->received += n;
  GST_OBJECT_UNLOCK (src);
  return 0;
}

static void
on_warning (void *user_data, const gchar * msg)
{
  GstNeuroLiveSrc *src = user_data;

  gst_neuro_live_src_count_dropped (src, 1);
  if (src->warnings < MAX_WARNINGS) {
    GST_ELEMENT_WARNING (src, STREAM, DECODE,
        ("Dropped a bad record: %s", msg),
        ("on-error=drop; after %d warnings they are only counted in the "
            "dropped property", MAX_WARNINGS));
  } else {
    GST_WARNING_OBJECT (src, "dropped a bad record: %s", msg);
  }
  src->warnings++;
}

/* ------------------------------------------------------------------------ */

static GstClockTime
gst_neuro_live_src_now (GstNeuroLiveSrc * src)
{
  GstClock *clock;
  GstClockTime now, base;

  GST_OBJECT_LOCK (src);
  clock = GST_ELEMENT_CLOCK (src);
  if (clock) {
    gst_object_ref (clock);
    base = GST_ELEMENT_CAST (src)->base_time;
  }
  GST_OBJECT_UNLOCK (src);
  if (clock == NULL) {
    /* no pipeline clock: run on the system clock from the first call */
    if (src->own_clock == NULL) {
      src->own_clock = gst_system_clock_obtain ();
      src->own_base = gst_clock_get_time (src->own_clock);
    }
    clock = gst_object_ref (src->own_clock);
    base = src->own_base;
  }
  now = gst_clock_get_time (clock);
  gst_object_unref (clock);
  return now > base ? now - base : 0;
}

static gsize
gst_neuro_live_src_queued_bytes (GstNeuroLiveSrc * src)
{
  gsize n = (src->pend_len - src->pend_head) * sizeof (NeuroSpike) +
      (src->spend->len - src->spend_head);

  if (src->n_ranks > 1 && src->ranks)
    n += livemerge_queued (&src->merge) * sizeof (NeuroSpike);
  return n;
}

static GstFlowReturn
gst_neuro_live_src_parse_error (GstNeuroLiveSrc * src)
{
  if (src->cb_flow != GST_FLOW_OK)
    return src->cb_flow;
  GST_ELEMENT_ERROR (src, STREAM, DECODE,
      ("Bad data from the live sender: %s", src->parser.err),
      ("see docs/live-protocol.md; on-error=drop skips bad records"));
  return GST_FLOW_ERROR;
}

/* "address:port" of a connected socket, for the messages */
static gchar *
gst_neuro_live_src_peer_name (gint fd)
{
  struct sockaddr_storage ss;
  socklen_t sl = sizeof (ss);
  GSocketAddress *sa = NULL;
  gchar *ret = NULL;

  if (getpeername (fd, (struct sockaddr *) &ss, &sl) == 0)
    sa = g_socket_address_new_from_native (&ss, sl);
  if (sa && G_IS_INET_SOCKET_ADDRESS (sa)) {
    GInetSocketAddress *isa = G_INET_SOCKET_ADDRESS (sa);
    GInetAddress *ia = g_inet_socket_address_get_address (isa);
    gchar *a = g_inet_address_to_string (ia);

    if (g_inet_address_get_family (ia) == G_SOCKET_FAMILY_IPV6)
      ret = g_strdup_printf ("[%s]:%u", a,
          g_inet_socket_address_get_port (isa));
    else
      ret = g_strdup_printf ("%s:%u", a,
          g_inet_socket_address_get_port (isa));
    g_free (a);
  }
  if (sa)
    g_object_unref (sa);
  return ret ? ret : g_strdup ("(unknown address)");
}

/* takes @reason */
static void
gst_neuro_live_src_warn_dropped (GstNeuroLiveSrc * src, const gchar * peer,
    gchar * reason)
{
  GST_ELEMENT_WARNING (src, RESOURCE, READ,
      ("Dropped the TCP sender %s: %s", peer, reason),
      ("header-timeout %" G_GINT64_FORMAT " ms, idle-timeout %"
          G_GINT64_FORMAT " ms, at most %d waiting connections; see "
          "docs/live-protocol.md", src->header_to_us / 1000,
          src->idle_to_us / 1000, src->max_pending));
  g_free (reason);
}

/* the current connection is gone; what it sent stays queued */
static void
gst_neuro_live_src_drop_current (GstNeuroLiveSrc * src)
{
  gst_neuro_live_src_close_input (src);
  liveproto_reset (&src->parser);
  src->have_hdr = FALSE;
  src->warnings = 0;
  if (src->listen_fd < 0 || !src->do_reconnect) {
    src->eof = TRUE;
    gst_neuro_live_src_close_pending (src);
  }
}

/* end of the input: EOS, or wait for the next TCP sender */
static GstFlowReturn
gst_neuro_live_src_input_ended (GstNeuroLiveSrc * src)
{
  LiveProtoSink sink = { src, on_header, on_spikes, on_samples, on_warning };

  src->arrival = gst_neuro_live_src_now (src);
  if (liveproto_finish (&src->parser, &sink) != LIVEPROTO_OK)
    return gst_neuro_live_src_parse_error (src);
  GST_INFO_OBJECT (src, "sender %s disconnected after %" G_GUINT64_FORMAT
      " bytes", GST_STR_NULL (src->in_peer), src->parser.offset);
  gst_neuro_live_src_drop_current (src);
  return GST_FLOW_OK;
}

static GstFlowReturn
gst_neuro_live_src_read (GstNeuroLiveSrc * src)
{
  LiveProtoSink sink = { src, on_header, on_spikes, on_samples, on_warning };
  gssize n;

  do {
    n = read (src->in_fd, src->rbuf, READ_SIZE);
  } while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    return GST_FLOW_OK;
  if (n < 0 && errno != ECONNRESET) {
    GST_ELEMENT_ERROR (src, RESOURCE, READ, ("Cannot read from the sender"),
        ("read: %s", g_strerror (errno)));
    return GST_FLOW_ERROR;
  }
  if (n <= 0)
    return gst_neuro_live_src_input_ended (src);

  src->in_last = g_get_monotonic_time ();
  src->arrival = gst_neuro_live_src_now (src);
  if (liveproto_feed (&src->parser, src->rbuf, n, &sink) != LIVEPROTO_OK)
    return gst_neuro_live_src_parse_error (src);
  return GST_FLOW_OK;
}

/* Reads the start of a waiting connection, never past its first
 * NEURO_LIVE_SRC_MAX_HEADER bytes. */
static void
gst_neuro_live_src_read_pending (GstNeuroLiveSrc * src,
    GstNeuroLiveSrcPending * p, gint64 mono)
{
  gssize n;

  do {
    n = read (p->fd, p->buf + p->len, sizeof (p->buf) - p->len);
  } while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    return;
  if (n <= 0) {
    p->eof = TRUE;
    return;
  }
  if (memchr (p->buf + p->len, '\n', n)) {
    /* from now on it waits for its turn, at most idle-timeout */
    p->ready = TRUE;
    p->deadline = src->idle_to_us > 0 ? mono + src->idle_to_us : 0;
  }
  p->len += n;
}

static gboolean
gst_neuro_live_src_pending_bad_start (const GstNeuroLiveSrcPending * p)
{
  static const gchar magic[] = "NEUROSTREAM";
  gsize i;

  for (i = 0; i < p->len && i < sizeof (magic) - 1; i++)
    if (g_ascii_toupper (p->buf[i]) != magic[i])
      return TRUE;
  return FALSE;
}

/* Why waiting connection @p cannot be a sender, or NULL. */
static gchar *
gst_neuro_live_src_pending_problem (const GstNeuroLiveSrcPending * p)
{
  const guint8 *nl;
  gsize len;
  LiveProtoHeader h;
  gchar err[256];

  if (gst_neuro_live_src_pending_bad_start (p)) {
    gchar *raw = g_strndup ((const gchar *) p->buf, MIN (p->len, 16));
    gchar *esc = g_strescape (raw, NULL);
    gchar *ret = g_strdup_printf ("it is not a NEUROSTREAM stream (it "
        "starts with '%s')", esc);

    g_free (raw);
    g_free (esc);
    return ret;
  }
  if (!p->ready && p->len == sizeof (p->buf))
    return g_strdup_printf ("its header line is longer than %d bytes",
        NEURO_LIVE_SRC_MAX_HEADER);
  if (!p->ready)
    return g_strdup ("it disconnected before its header line was complete");
  nl = memchr (p->buf, '\n', p->len);
  len = nl - p->buf;
  if (len > 0 && p->buf[len - 1] == '\r')
    len--;
  if (liveproto_parse_header ((const gchar *) p->buf, len, &h, err,
          sizeof (err)) != 0)
    return g_strdup (err);
  return NULL;
}

/* Waiting connection @i becomes the sender; its first bytes are parsed. */
static GstFlowReturn
gst_neuro_live_src_promote (GstNeuroLiveSrc * src, guint i, gint64 mono)
{
  LiveProtoSink sink = { src, on_header, on_spikes, on_samples, on_warning };
  GstNeuroLiveSrcPending *p = &src->pending[i];
  gsize len = p->len;
  gboolean eof = p->eof;

  G_STATIC_ASSERT (READ_SIZE >= NEURO_LIVE_SRC_MAX_HEADER);
  memcpy (src->rbuf, p->buf, len);
  src->in_fd = p->fd;
  src->own_in_fd = TRUE;
  src->in_peer = p->peer;
  p->peer = NULL;
  gst_neuro_live_src_remove_pending (src, i, TRUE);
  src->in_last = mono;
  liveproto_reset (&src->parser);
  src->have_hdr = FALSE;
  src->warnings = 0;
  GST_INFO_OBJECT (src, "sender %s", src->in_peer);

  if (len > 0) {
    src->arrival = gst_neuro_live_src_now (src);
    if (liveproto_feed (&src->parser, src->rbuf, len, &sink) != LIVEPROTO_OK)
      return gst_neuro_live_src_parse_error (src);
  }
  if (eof)
    return gst_neuro_live_src_input_ended (src);
  return GST_FLOW_OK;
}

/* Waiting connections whose header is complete (or that cannot be senders
 * any more): without a current sender the first becomes it (a bad header
 * is then an error, as for a single sender, but a header line longer than
 * NEURO_LIVE_SRC_MAX_HEADER is dropped); with one, bad ones are dropped
 * with a warning, good ones wait, and the first takes over when the current
 * sender has sent nothing for header-timeout. */
static GstFlowReturn
gst_neuro_live_src_dispatch (GstNeuroLiveSrc * src, gint64 mono)
{
  guint i = 0;

  while (i < src->n_pending && !src->eof) {
    GstNeuroLiveSrcPending *p = &src->pending[i];
    gboolean bad = gst_neuro_live_src_pending_bad_start (p);
    gchar *why;

    if (!p->ready && !p->eof && p->len < sizeof (p->buf) && !bad) {
      i++;
      continue;
    }
    if (p->eof && p->len == 0) {
      /* a port probe is not a sender */
      GST_INFO_OBJECT (src, "%s disconnected without a byte", p->peer);
      gst_neuro_live_src_remove_pending (src, i, FALSE);
      continue;
    }
    /* never one without its whole header line: it could hold the place
     * with a byte now and then */
    if (src->in_fd < 0 && (p->ready || p->eof || bad))
      return gst_neuro_live_src_promote (src, i, mono);
    why = gst_neuro_live_src_pending_problem (p);
    if (why) {
      gst_neuro_live_src_warn_dropped (src, p->peer, why);
      gst_neuro_live_src_remove_pending (src, i, FALSE);
      continue;
    }
    if (src->header_to_us > 0 && mono - src->in_last >= src->header_to_us) {
      gst_neuro_live_src_warn_dropped (src, src->in_peer,
          g_strdup_printf ("it sent nothing for %" G_GINT64_FORMAT " ms and "
              "%s, whose header was complete, took over (header-timeout)",
              (mono - src->in_last) / 1000, p->peer));
      /* a take-over continues the stream, also without reconnect */
      gst_neuro_live_src_close_input (src);
      return gst_neuro_live_src_promote (src, i, mono);
    }
    i++;
  }
  return GST_FLOW_OK;
}

static void
gst_neuro_live_src_check_timeouts (GstNeuroLiveSrc * src, gint64 mono)
{
  guint i = 0;

  while (i < src->n_pending) {
    GstNeuroLiveSrcPending *p = &src->pending[i];

    if (p->deadline == 0 || mono < p->deadline) {
      i++;
      continue;
    }
    if (p->ready)
      gst_neuro_live_src_warn_dropped (src, p->peer,
          g_strdup_printf ("it waited %" G_GINT64_FORMAT " ms for its turn "
              "while %s was sending (idle-timeout)", src->idle_to_us / 1000,
              GST_STR_NULL (src->in_peer)));
    else
      gst_neuro_live_src_warn_dropped (src, p->peer,
          g_strdup_printf ("its header line was not complete %"
              G_GINT64_FORMAT " ms after it connected (header-timeout; %"
              G_GSIZE_FORMAT " bytes received)", src->header_to_us / 1000,
              p->len));
    gst_neuro_live_src_remove_pending (src, i, FALSE);
  }
  if (src->in_peer && src->idle_to_us > 0
      && mono - src->in_last >= src->idle_to_us) {
    gst_neuro_live_src_warn_dropped (src, src->in_peer,
        g_strdup_printf ("it sent nothing for %" G_GINT64_FORMAT " ms "
            "(idle-timeout)", (mono - src->in_last) / 1000));
    /* as a disconnect, without the incomplete last record */
    gst_neuro_live_src_drop_current (src);
  }
}

/* monotonic µs of the next timeout, 0 = none */
static gint64
gst_neuro_live_src_next_timeout (GstNeuroLiveSrc * src)
{
  gint64 next = 0;
  gboolean any_ready = FALSE;
  guint i;

#define EARLIER(t) G_STMT_START { gint64 t_ = (t); \
    if (next == 0 || t_ < next) next = t_; } G_STMT_END
  for (i = 0; i < src->n_pending; i++) {
    if (src->pending[i].deadline > 0)
      EARLIER (src->pending[i].deadline);
    any_ready |= src->pending[i].ready;
  }
  if (src->in_peer && src->idle_to_us > 0)
    EARLIER (src->in_last + src->idle_to_us);
  if (src->in_peer && src->header_to_us > 0 && any_ready)
    EARLIER (src->in_last + src->header_to_us);
  for (i = 0; src->ranks && src->idle_to_us > 0 && i < src->n_ranks; i++)
    if (src->ranks[i].fd >= 0)
      EARLIER (src->ranks[i].last + src->idle_to_us);
#undef EARLIER
  return next;
}

static void
gst_neuro_live_src_accept (GstNeuroLiveSrc * src)
{
  gint c = accept4 (src->listen_fd, NULL, NULL, SOCK_CLOEXEC);
  GstNeuroLiveSrcPending *p;
  gchar *peer;

  if (c < 0) {
    GST_WARNING_OBJECT (src, "accept: %s", g_strerror (errno));
    return;
  }
  peer = gst_neuro_live_src_peer_name (c);
  if (src->n_pending >= src->max_pending) {
    /* a flood: one message per episode, not one per connection */
    if (!src->refused_warned)
      GST_ELEMENT_WARNING (src, RESOURCE, READ,
          ("Refused the TCP connection from %s: %d connections are already "
              "waiting for their header or their turn (the limit)", peer,
              src->max_pending),
          ("further refusals are only logged until one of them is gone"));
    else
      GST_WARNING_OBJECT (src, "refused %s: too many waiting connections",
          peer);
    src->refused_warned = TRUE;
    close (c);
    g_free (peer);
    return;
  }
  src->refused_warned = FALSE;
  GST_INFO_OBJECT (src, "%s connected", peer);
  p = &src->pending[src->n_pending++];
  p->fd = c;
  p->peer = peer;
  p->len = 0;
  p->ready = p->eof = FALSE;
  p->deadline = src->header_to_us > 0 ?
      g_get_monotonic_time () + src->header_to_us : 0;
}

/* ------------------------------------------------------------------------ */
/* senders > 1: the ranks of one simulation, merged (livemerge.c) */

G_STATIC_ASSERT (sizeof (LiveProtoSpike) == sizeof (NeuroSpike));
G_STATIC_ASSERT (G_STRUCT_OFFSET (LiveProtoSpike, unit) ==
    G_STRUCT_OFFSET (NeuroSpike, unit));
G_STATIC_ASSERT (G_STRUCT_OFFSET (LiveProtoSpike, value) ==
    G_STRUCT_OFFSET (NeuroSpike, value));

static gboolean
gst_neuro_live_src_ranks_init (GstNeuroLiveSrc * src)
{
  GstNeuroLiveSrcRank *ranks = g_new0 (GstNeuroLiveSrcRank, src->n_ranks);
  gboolean ok;
  guint i;

  for (i = 0; i < src->n_ranks; i++) {
    GstNeuroLiveSrcRank *r = &ranks[i];

    r->src = src;
    r->index = i;
    r->fd = -1;
    liveproto_init (&r->parser, src->parser.max_line, src->parser.skip_bad);
  }
  GST_OBJECT_LOCK (src);
  src->ranks = ranks;
  ok = livemerge_init (&src->merge, src->n_ranks) == 0;
  GST_OBJECT_UNLOCK (src);
  if (!ok) {
    GST_ELEMENT_ERROR (src, RESOURCE, NO_SPACE_LEFT,
        ("Out of memory for %u ranks", src->n_ranks), (NULL));
    return FALSE;
  }
  return TRUE;
}

static void
gst_neuro_live_src_ranks_free (GstNeuroLiveSrc * src)
{
  GstNeuroLiveSrcRank *ranks;
  guint i;

  GST_OBJECT_LOCK (src);
  ranks = src->ranks;
  src->ranks = NULL;
  livemerge_clear (&src->merge);
  GST_OBJECT_UNLOCK (src);
  if (ranks == NULL)
    return;
  for (i = 0; i < src->n_ranks; i++) {
    GstNeuroLiveSrcRank *r = &ranks[i];

    if (r->fd >= 0)
      close (r->fd);
    g_free (r->peer);
    liveproto_clear (&r->parser);
  }
  g_free (ranks);
}

/* the rank's state in the merge, which the stats property reads */
static void
gst_neuro_live_src_rank_set_state (GstNeuroLiveSrc * src, guint i,
    LiveMergeState state)
{
  GST_OBJECT_LOCK (src);
  src->merge.r[i].state = state;
  GST_OBJECT_UNLOCK (src);
}

/* with the object lock (get_property) */
static GstStructure *
gst_neuro_live_src_stats (GstNeuroLiveSrc * src)
{
  static const gchar *const names[] = { "waiting", "live", "ended" };
  GstStructure *st;
  guint i;

  st = gst_structure_new ("application/x-neurolivesrc-stats",
      "received", G_TYPE_UINT64, src->received,
      "dropped", G_TYPE_UINT64, src->dropped,
      "late", G_TYPE_UINT64, src->late, NULL);
  if (src->ranks) {
    GValue arr = G_VALUE_INIT;

    g_value_init (&arr, GST_TYPE_ARRAY);
    for (i = 0; i < src->n_ranks; i++) {
      GstNeuroLiveSrcRank *r = &src->ranks[i];
      GValue v = G_VALUE_INIT;

      g_value_init (&v, GST_TYPE_STRUCTURE);
      g_value_take_boxed (&v, gst_structure_new ("rank",
              "rank", G_TYPE_UINT, i,
              "state", G_TYPE_STRING, names[src->merge.r[i].state],
              "peer", G_TYPE_STRING, r->peer,
              "received", G_TYPE_UINT64, r->received_total,
              "late", G_TYPE_UINT64, r->late_total, NULL));
      gst_value_array_append_and_take_value (&arr, &v);
    }
    gst_structure_take_value (st, "ranks", &arr);
  }
  return st;
}

static guint
gst_neuro_live_src_ranks_in (GstNeuroLiveSrc * src, LiveMergeState state)
{
  guint i, n = 0;

  for (i = 0; i < src->n_ranks; i++)
    n += src->merge.r[i].state == state;
  return n;
}

static int
rank_on_header (void *user_data, const LiveProtoHeader * h)
{
  GstNeuroLiveSrcRank *r = user_data;
  GstNeuroLiveSrc *src = r->src;

  /* the header was checked against the stream's before the connection
   * became this rank; the first one sets the caps */
  if (src->caps_set && src->hdr.kind == h->kind && src->hdr.units == h->units)
    return 0;
  return on_header (src, h);
}

static void
gst_neuro_live_src_count_late (GstNeuroLiveSrc * src, GstNeuroLiveSrcRank * r,
    gsize n)
{
  GST_OBJECT_LOCK (src);
  src->late += n;
  src->dropped += n;
  r->late_total += n;
  GST_OBJECT_UNLOCK (src);
  if (!r->late_warned) {
    GST_ELEMENT_WARNING (src, CORE, CLOCK,
        ("Rank %u (%s): %" G_GSIZE_FORMAT " spikes came after their slice "
            "had left; they are not drawn, and counted in the late "
            "property", r->index, GST_STR_NULL (r->peer), n),
        ("merge-latency %" G_GUINT64_FORMAT " ms; further late spikes of "
            "this rank are counted without a message until it keeps up",
            src->mlat / GST_MSECOND));
    r->late_warned = TRUE;
  } else {
    GST_DEBUG_OBJECT (src, "rank %u: %" G_GSIZE_FORMAT " late spikes",
        r->index, n);
  }
}

/* The first record (or tick) of a run places sender time on the clock,
 * for every rank: one slice after its arrival, as the other ranks' first
 * records may be a little earlier in sender time, and the slices before
 * the anchor have left without waiting for anyone. */
static void
gst_neuro_live_src_anchor (GstNeuroLiveSrc * src, gint64 t)
{
  if (src->conn_anchored)
    return;
  src->sender_offset = (gint64) (src->arrival + src->slice) - t;
  src->conn_anchored = TRUE;
  GST_DEBUG_OBJECT (src, "sender time %" G_GINT64_FORMAT " ns is running "
      "time %" GST_TIME_FORMAT " for all ranks", t,
      GST_TIME_ARGS (src->arrival));
}

static int
rank_on_spikes (void *user_data, const LiveProtoSpike * s, gsize n)
{
  GstNeuroLiveSrcRank *r = user_data;
  GstNeuroLiveSrc *src = r->src;
  LiveProtoSpike *dst;
  gsize i, late;

  if (n == 0)
    return 0;
  dst = livemerge_reserve (&src->merge, r->index, n);
  if (dst == NULL) {
    GST_ELEMENT_ERROR (src, RESOURCE, NO_SPACE_LEFT,
        ("Out of memory for the spikes of rank %u", r->index), (NULL));
    src->cb_flow = GST_FLOW_ERROR;
    return 1;
  }
  if (src->mode == GST_NEURO_LIVE_SRC_TIMESTAMP_SENDER) {
    gint64 off;

    gst_neuro_live_src_anchor (src, s[0].t_ns);
    off = src->sender_offset;
    for (i = 0; i < n; i++) {
      dst[i].t_ns = MAX (s[i].t_ns + off, -1);
      dst[i].unit = s[i].unit;
      dst[i].value = s[i].value;
    }
  } else {
    for (i = 0; i < n; i++) {
      dst[i].t_ns = (gint64) src->arrival;
      dst[i].unit = s[i].unit;
      dst[i].value = s[i].value;
    }
  }
  late = livemerge_commit (&src->merge, r->index, n);
  r->spikes += n;
  GST_OBJECT_LOCK (src);
  src->received += n;
  r->received_total += n;
  GST_OBJECT_UNLOCK (src);
  if (late > 0)
    gst_neuro_live_src_count_late (src, r, late);
  return 0;
}

static int
rank_on_tick (void *user_data, int64_t t)
{
  GstNeuroLiveSrcRank *r = user_data;
  GstNeuroLiveSrc *src = r->src;

  /* arrival times need no ticks: nothing waits for a rank */
  if (src->mode != GST_NEURO_LIVE_SRC_TIMESTAMP_SENDER)
    return 0;
  gst_neuro_live_src_anchor (src, t);
  livemerge_advance (&src->merge, r->index, t + src->sender_offset);
  return 0;
}

static void
rank_on_warning (void *user_data, const gchar * msg)
{
  GstNeuroLiveSrcRank *r = user_data;
  GstNeuroLiveSrc *src = r->src;

  gst_neuro_live_src_count_dropped (src, 1);
  if (r->warnings < MAX_WARNINGS) {
    GST_ELEMENT_WARNING (src, STREAM, DECODE,
        ("Dropped a bad record from rank %u (%s): %s", r->index,
            GST_STR_NULL (r->peer), msg),
        ("on-error=drop; after %d warnings per rank they are only counted "
            "in the dropped property", MAX_WARNINGS));
  } else {
    GST_WARNING_OBJECT (src, "rank %u: dropped a bad record: %s", r->index,
        msg);
  }
  r->warnings++;
}

static GstFlowReturn
gst_neuro_live_src_rank_parse_error (GstNeuroLiveSrc * src,
    GstNeuroLiveSrcRank * r)
{
  if (src->cb_flow != GST_FLOW_OK)
    return src->cb_flow;
  GST_ELEMENT_ERROR (src, STREAM, DECODE,
      ("Bad data from rank %u (%s): %s", r->index, GST_STR_NULL (r->peer),
          r->parser.err),
      ("see docs/live-protocol.md; on-error=drop skips bad records"));
  return GST_FLOW_ERROR;
}

#define RANK_SINK(r) { (r), rank_on_header, rank_on_spikes, NULL, \
    rank_on_warning, rank_on_tick }

/* Rank @r's connection is gone (@finish: it closed, its last line is
 * parsed; otherwise it was dropped, @why says why).  What it sent stays
 * queued; the stream ends when every rank has ended. */
static GstFlowReturn
gst_neuro_live_src_rank_end (GstNeuroLiveSrc * src, GstNeuroLiveSrcRank * r,
    gboolean finish, gchar * why)
{
  guint live;

  if (finish) {
    LiveProtoSink sink = RANK_SINK (r);

    src->arrival = gst_neuro_live_src_now (src);
    if (liveproto_finish (&r->parser, &sink) != LIVEPROTO_OK) {
      g_free (why);
      return gst_neuro_live_src_rank_parse_error (src, r);
    }
  }
  close (r->fd);
  r->fd = -1;
  liveproto_reset (&r->parser);
  gst_neuro_live_src_rank_set_state (src, r->index, LIVEMERGE_ENDED);
  live = gst_neuro_live_src_ranks_in (src, LIVEMERGE_LIVE);
  if (why == NULL)
    why = g_strdup_printf ("disconnected after %" G_GUINT64_FORMAT
        " spikes", r->spikes);
  if (live > 0 || !finish)
    GST_ELEMENT_WARNING (src, RESOURCE, READ,
        ("Rank %u (%s) %s; %u of %u ranks go on", r->index,
            GST_STR_NULL (r->peer), why, live, src->n_ranks),
        ("senders=%u; the stream ends when every rank has ended",
            src->n_ranks));
  else
    GST_INFO_OBJECT (src, "rank %u (%s) %s, the last one", r->index,
        GST_STR_NULL (r->peer), why);
  g_free (why);
  if (gst_neuro_live_src_ranks_in (src, LIVEMERGE_ENDED) == src->n_ranks
      && !src->do_reconnect) {
    src->eof = TRUE;
    gst_neuro_live_src_close_pending (src);
  }
  return GST_FLOW_OK;
}

static GstFlowReturn
gst_neuro_live_src_read_rank (GstNeuroLiveSrc * src, GstNeuroLiveSrcRank * r)
{
  LiveProtoSink sink = RANK_SINK (r);
  gssize n;

  do {
    n = read (r->fd, src->rbuf, READ_SIZE);
  } while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    return GST_FLOW_OK;
  if (n < 0)
    /* one rank's broken connection is not the stream's end */
    return gst_neuro_live_src_rank_end (src, r, FALSE,
        g_strdup_printf ("could not be read (%s) after %" G_GUINT64_FORMAT
            " spikes", g_strerror (errno), r->spikes));
  if (n == 0)
    return gst_neuro_live_src_rank_end (src, r, TRUE, NULL);

  r->last = g_get_monotonic_time ();
  src->arrival = gst_neuro_live_src_now (src);
  if (liveproto_feed (&r->parser, src->rbuf, n, &sink) != LIVEPROTO_OK)
    return gst_neuro_live_src_rank_parse_error (src, r);
  return GST_FLOW_OK;
}

/* A complete header from a waiting connection: does it belong to this
 * stream?  Configuration mistakes are errors. */
static gboolean
gst_neuro_live_src_check_rank_header (GstNeuroLiveSrc * src,
    const gchar * peer, const LiveProtoHeader * h, gboolean new_run)
{
  if (h->kind != LIVEPROTO_KIND_SPIKES || !h->has_rank) {
    GST_ELEMENT_ERROR (src, STREAM, WRONG_TYPE,
        ("The live sender %s did not announce a rank: senders=%u needs "
            "'NEUROSTREAM 1 spikes units=N rank=R size=%u' from every "
            "sender", peer, src->n_ranks, src->n_ranks),
        ("a signal cannot be merged; senders=1 takes one sender"));
    return FALSE;
  }
  if (h->size != src->n_ranks) {
    GST_ELEMENT_ERROR (src, STREAM, WRONG_TYPE,
        ("Rank %u (%s) announces size=%u, but senders=%u", h->rank, peer,
            h->size, src->n_ranks), ("every rank gives the same size"));
    return FALSE;
  }
  if (src->caps_set && !new_run && h->units != src->hdr.units) {
    GST_ELEMENT_ERROR (src, STREAM, WRONG_TYPE,
        ("Rank %u (%s) announces units=%u, but the other ranks units=%u",
            h->rank, peer, h->units, src->hdr.units),
        ("units is the number of neurons of the whole simulation; a rank "
            "that numbers its share from 0 gives offset=O"));
    return FALSE;
  }
  return TRUE;
}

/* Waiting connection @i becomes rank @r; its first bytes are parsed. */
static GstFlowReturn
gst_neuro_live_src_promote_rank (GstNeuroLiveSrc * src, guint i,
    GstNeuroLiveSrcRank * r, gint64 mono)
{
  LiveProtoSink sink = RANK_SINK (r);
  GstNeuroLiveSrcPending *p = &src->pending[i];
  gsize len = p->len;
  gboolean eof = p->eof;

  memcpy (src->rbuf, p->buf, len);
  r->fd = p->fd;
  GST_OBJECT_LOCK (src);
  g_free (r->peer);
  r->peer = p->peer;
  GST_OBJECT_UNLOCK (src);
  p->peer = NULL;
  gst_neuro_live_src_remove_pending (src, i, TRUE);
  r->last = mono;
  r->warnings = 0;
  r->spikes = 0;
  r->behind_warned = r->late_warned = FALSE;
  liveproto_reset (&r->parser);
  gst_neuro_live_src_rank_set_state (src, r->index, LIVEMERGE_LIVE);
  GST_INFO_OBJECT (src, "rank %u is %s", r->index, r->peer);

  src->arrival = gst_neuro_live_src_now (src);
  if (liveproto_feed (&r->parser, src->rbuf, len, &sink) != LIVEPROTO_OK)
    return gst_neuro_live_src_rank_parse_error (src, r);
  if (eof)
    return gst_neuro_live_src_rank_end (src, r, TRUE, NULL);
  return GST_FLOW_OK;
}

/* Waiting connections whose header is complete become ranks; strangers
 * (not NEUROSTREAM, no header in time) are dropped with a warning, a
 * header that does not fit the stream is an error, a rank already
 * connected is refused unless it has been silent for header-timeout
 * (then the new connection takes over: a restarted rank). */
static GstFlowReturn
gst_neuro_live_src_dispatch_ranks (GstNeuroLiveSrc * src, gint64 mono)
{
  guint i = 0;

  while (i < src->n_pending && !src->eof) {
    GstNeuroLiveSrcPending *p = &src->pending[i];
    gboolean bad = gst_neuro_live_src_pending_bad_start (p), new_run;
    GstNeuroLiveSrcRank *r;
    LiveProtoHeader h;
    const guint8 *nl;
    gchar err[256];
    gsize len;

    if (!p->ready && !p->eof && p->len < sizeof (p->buf) && !bad) {
      i++;
      continue;
    }
    if (p->eof && p->len == 0) {
      GST_INFO_OBJECT (src, "%s disconnected without a byte", p->peer);
      gst_neuro_live_src_remove_pending (src, i, FALSE);
      continue;
    }
    if (bad || !p->ready) {
      gst_neuro_live_src_warn_dropped (src, p->peer,
          gst_neuro_live_src_pending_problem (p));
      gst_neuro_live_src_remove_pending (src, i, FALSE);
      continue;
    }
    nl = memchr (p->buf, '\n', p->len);
    len = nl - p->buf;
    if (len > 0 && p->buf[len - 1] == '\r')
      len--;
    if (liveproto_parse_header ((const gchar *) p->buf, len, &h, err,
            sizeof (err)) != 0) {
      GST_ELEMENT_ERROR (src, STREAM, DECODE,
          ("Bad data from the live sender %s: %s", p->peer, err),
          ("see docs/live-protocol.md"));
      return GST_FLOW_ERROR;
    }
    new_run = gst_neuro_live_src_ranks_in (src, LIVEMERGE_ENDED) ==
        src->n_ranks;
    if (!gst_neuro_live_src_check_rank_header (src, p->peer, &h, new_run))
      return GST_FLOW_ERROR;
    r = &src->ranks[h.rank];
    if (r->fd >= 0) {
      if (src->header_to_us == 0 || mono - r->last < src->header_to_us) {
        gst_neuro_live_src_warn_dropped (src, p->peer,
            g_strdup_printf ("rank %u is already connected from %s",
                h.rank, GST_STR_NULL (r->peer)));
        gst_neuro_live_src_remove_pending (src, i, FALSE);
        continue;
      }
      gst_neuro_live_src_warn_dropped (src, r->peer,
          g_strdup_printf ("rank %u sent nothing for %" G_GINT64_FORMAT
              " ms and %s, whose header was complete, took over "
              "(header-timeout)", h.rank, (mono - r->last) / 1000, p->peer));
      close (r->fd);
      r->fd = -1;
    } else if (src->merge.r[h.rank].state == LIVEMERGE_ENDED && !new_run
        && !src->do_reconnect) {
      gst_neuro_live_src_warn_dropped (src, p->peer,
          g_strdup_printf ("rank %u has already ended (reconnect=false)",
              h.rank));
      gst_neuro_live_src_remove_pending (src, i, FALSE);
      continue;
    }
    if (new_run) {
      /* every rank had ended (reconnect=true): a new run, a new offset;
       * another format drops what is left */
      if (src->caps_set && h.units != src->hdr.units) {
        gsize left = livemerge_queued (&src->merge);

        if (left > 0)
          gst_neuro_live_src_count_dropped (src, left);
        GST_OBJECT_LOCK (src);
        livemerge_reset (&src->merge);
        GST_OBJECT_UNLOCK (src);
      } else {
        guint k;

        for (k = 0; k < src->n_ranks; k++) {
          gst_neuro_live_src_rank_set_state (src, k, LIVEMERGE_WAITING);
          src->merge.r[k].mark = LIVEMERGE_NEVER;
        }
      }
      src->conn_anchored = FALSE;
    }
    {
      GstFlowReturn ret = gst_neuro_live_src_promote_rank (src, i, r, mono);

      if (ret != GST_FLOW_OK)
        return ret;
    }
  }
  return GST_FLOW_OK;
}

static GstFlowReturn
gst_neuro_live_src_check_rank_timeouts (GstNeuroLiveSrc * src, gint64 mono)
{
  guint i;

  for (i = 0; i < src->n_ranks && src->idle_to_us > 0 && !src->eof; i++) {
    GstNeuroLiveSrcRank *r = &src->ranks[i];

    if (r->fd >= 0 && mono - r->last >= src->idle_to_us) {
      GstFlowReturn ret = gst_neuro_live_src_rank_end (src, r, FALSE,
          g_strdup_printf ("was dropped: it sent nothing for %"
              G_GINT64_FORMAT " ms (idle-timeout)", (mono - r->last) / 1000));

      if (ret != GST_FLOW_OK)
        return ret;
    }
  }
  return GST_FLOW_OK;
}

/* The slice ending at @end leaves after merge-latency: the ranks it did
 * not wait for are named, once until they keep up again. */
static void
gst_neuro_live_src_warn_behind (GstNeuroLiveSrc * src, GstClockTime end)
{
  gboolean started = gst_neuro_live_src_ranks_in (src, LIVEMERGE_WAITING) <
      src->n_ranks;
  guint i;

  for (i = 0; i < src->n_ranks; i++) {
    GstNeuroLiveSrcRank *r = &src->ranks[i];
    LiveMergeRank *m = &src->merge.r[i];
    gboolean waiting = m->state == LIVEMERGE_WAITING && started;

    if (!waiting && !(m->state == LIVEMERGE_LIVE && m->mark < (gint64) end)) {
      r->behind_warned = r->late_warned = FALSE;
      continue;
    }
    if (r->behind_warned)
      continue;
    r->behind_warned = TRUE;
    if (waiting) {
      GST_ELEMENT_WARNING (src, CORE, CLOCK,
          ("Rank %u has not connected: the slice ending at %" GST_TIME_FORMAT
              " left without it after merge-latency (%" G_GUINT64_FORMAT
              " ms)", i, GST_TIME_ARGS (end), src->mlat / GST_MSECOND),
          ("its spikes for slices that have left will be counted in the "
              "late property"));
    } else if (m->mark == LIVEMERGE_NEVER) {
      GST_ELEMENT_WARNING (src, CORE, CLOCK,
          ("Rank %u (%s) is late: it has sent no spike or tick yet, and the "
              "slice ending at %" GST_TIME_FORMAT " left without it after "
              "merge-latency (%" G_GUINT64_FORMAT " ms)", i,
              GST_STR_NULL (r->peer), GST_TIME_ARGS (end),
              src->mlat / GST_MSECOND),
          ("its spikes for slices that have left are counted in the late "
              "property; a rank without spikes sends ticks"));
    } else {
      GST_ELEMENT_WARNING (src, CORE, CLOCK,
          ("Rank %u (%s) is late: it has delivered up to %" GST_TIME_FORMAT
              ", and the slice ending at %" GST_TIME_FORMAT " left without "
              "it after merge-latency (%" G_GUINT64_FORMAT " ms)", i,
              GST_STR_NULL (r->peer), GST_TIME_ARGS (MAX (m->mark, 0)),
              GST_TIME_ARGS (end), src->mlat / GST_MSECOND),
          ("its spikes for slices that have left are counted in the late "
              "property; a rank without spikes sends ticks"));
    }
  }
}

/* The merged spikes of slice [start, end): in time order over all ranks. */
static GstBuffer *
gst_neuro_live_src_take_merged (GstNeuroLiveSrc * src, GstClockTime start,
    GstClockTime end)
{
  LiveMerge *m = &src->merge;
  gsize early = livemerge_count_before (m, (gint64) start), n, k, i;
  GstBuffer *buf;
  GstMapInfo map;
  NeuroSpike *out;

  if (early > 0) {
    /* before the first slice (sender times before the anchor) */
    LiveProtoSpike *tmp = g_new (LiveProtoSpike, early);

    livemerge_take (m, (gint64) start, tmp, early);
    g_free (tmp);
    GST_WARNING_OBJECT (src, "%" G_GSIZE_FORMAT " spikes before the first "
        "slice", early);
    gst_neuro_live_src_count_dropped (src, early);
  }
  n = livemerge_count_before (m, (gint64) end);
  buf = gst_buffer_new_allocate (NULL, n * sizeof (NeuroSpike), NULL);
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  out = (NeuroSpike *) map.data;
  k = livemerge_take (m, (gint64) end, (LiveProtoSpike *) out, n);
  for (i = 0; i < k; i++)
    neuro_spike_to_le (&out[i]);
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = start;
  GST_BUFFER_DURATION (buf) = end - start;
  if (k == 0)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_GAP);
  return buf;
}

/* Reads and accepts until the running time reaches @deadline (or the input
 * ends); with several ranks until it reaches @deadline and every rank has
 * delivered up to @merge_end, or at the latest @max_deadline.  Returns
 * FLUSHING when unlocked. */
static GstFlowReturn
gst_neuro_live_src_service (GstNeuroLiveSrc * src, GstClockTime deadline,
    GstClockTime merge_end, GstClockTime max_deadline)
{
  const gboolean multi = src->n_ranks > 1;
  guint drain = 0;
  gboolean read_any = FALSE;

  for (;;) {
    GPollFD *fds = src->pfds;
    gint *owner = src->pfd_owner;
    guint nfds = 0, i;
    GstClockTime now, wait, until;
    gint64 mono, next;
    struct timespec ts;
    GstFlowReturn ret;

    if (g_cancellable_is_cancelled (src->cancellable))
      return GST_FLOW_FLUSHING;
    if (src->eof)
      return GST_FLOW_OK;
    mono = g_get_monotonic_time ();
    if (multi) {
      ret = gst_neuro_live_src_dispatch_ranks (src, mono);
      if (ret != GST_FLOW_OK)
        return ret;
      gst_neuro_live_src_check_timeouts (src, mono);
      ret = gst_neuro_live_src_check_rank_timeouts (src, mono);
      if (ret != GST_FLOW_OK)
        return ret;
    } else {
      ret = gst_neuro_live_src_dispatch (src, mono);
      if (ret != GST_FLOW_OK)
        return ret;
      gst_neuro_live_src_check_timeouts (src, mono);
    }
    if (src->eof)
      return GST_FLOW_OK;
    now = gst_neuro_live_src_now (src);
    until = deadline;
    if (multi && now >= deadline) {
      /* before the first record of a run nothing can be late */
      if (!src->conn_anchored
          || livemerge_first_behind (&src->merge, (gint64) merge_end) < 0)
        return GST_FLOW_OK;
      until = max_deadline;
      if (now >= max_deadline) {
        /* what the ranks have sent may be waiting in the sockets (this
         * thread was not scheduled, or was merging): read it first, a
         * few rounds at most, then the slice leaves without them */
        if (drain >= 8 || (drain > 0 && !read_any))
          return GST_FLOW_OK;
        drain++;
        until = now;
      }
    } else if (now >= deadline) {
      return GST_FLOW_OK;
    }
    /* nanosecond timeout: a slice must leave right at its deadline, as
     * downstream live aggregators time out there */
    wait = MIN (until - now, MAX_POLL_MS * GST_MSECOND);
    next = gst_neuro_live_src_next_timeout (src);
    if (next > 0)
      wait = MIN (wait, (GstClockTime) MAX (next - mono, 1000) * GST_USECOND);
    ts.tv_sec = wait / GST_SECOND;
    ts.tv_nsec = wait % GST_SECOND;

#define ADD_FD(fd_, who_) G_STMT_START { \
    fds[nfds].fd = (fd_); fds[nfds].events = G_IO_IN | G_IO_HUP | G_IO_ERR; \
    fds[nfds].revents = 0; owner[nfds++] = (who_); } G_STMT_END
    /* owner: -1 the cancel fd, -2 the sender, -3 the listening socket,
     * 0 … waiting connections, 0x10000 + r rank r */
    if (src->have_cancel_pfd) {
      fds[nfds] = src->cancel_pfd;
      owner[nfds++] = -1;
    }
    if (src->in_fd >= 0
        && gst_neuro_live_src_queued_bytes (src) < src->queue_limit) {
      ADD_FD (src->in_fd, -2);
    } else if (src->in_fd >= 0) {
      /* not read because the queue is full: not the sender's silence */
      src->in_last = mono;
    }
    for (i = 0; multi && i < src->n_ranks; i++) {
      GstNeuroLiveSrcRank *r = &src->ranks[i];
      LiveMergeRank *mr = &src->merge.r[i];

      if (r->fd < 0)
        continue;
      /* each rank has the queue bound of a single sender */
      if ((mr->len - mr->head) * sizeof (NeuroSpike) < src->queue_limit)
        ADD_FD (r->fd, 0x10000 + (gint) i);
      else
        r->last = mono;
    }
    if (src->listen_fd >= 0) {
      fds[nfds].fd = src->listen_fd;
      fds[nfds].events = G_IO_IN;
      fds[nfds].revents = 0;
      owner[nfds++] = -3;
    }
    for (i = 0; i < src->n_pending; i++) {
      if (src->pending[i].ready || src->pending[i].eof)
        continue;
      ADD_FD (src->pending[i].fd, (gint) i);
    }
#undef ADD_FD
    G_STATIC_ASSERT (sizeof (GPollFD) == sizeof (struct pollfd));
    ppoll ((struct pollfd *) fds, nfds, &ts, NULL);

    if (g_cancellable_is_cancelled (src->cancellable))
      return GST_FLOW_FLUSHING;
    mono = g_get_monotonic_time ();
    /* waiting connections before the current sender, whose end may close
     * them; the pending array does not change until accept */
    for (i = 0; i < nfds; i++)
      if (owner[i] >= 0 && owner[i] < 0x10000 && fds[i].revents)
        gst_neuro_live_src_read_pending (src, &src->pending[owner[i]], mono);
    read_any = FALSE;
    for (i = 0; i < nfds; i++) {
      if (!fds[i].revents)
        continue;
      if (owner[i] == -2) {
        ret = gst_neuro_live_src_read (src);
        if (ret != GST_FLOW_OK)
          return ret;
      } else if (owner[i] >= 0x10000 && !src->eof) {
        read_any = TRUE;
        ret = gst_neuro_live_src_read_rank (src,
            &src->ranks[owner[i] - 0x10000]);
        if (ret != GST_FLOW_OK)
          return ret;
      }
    }
    for (i = 0; i < nfds; i++)
      if (owner[i] == -3 && fds[i].revents && !src->eof)
        gst_neuro_live_src_accept (src);
  }
}

static gint
compare_spikes (gconstpointer a, gconstpointer b)
{
  const NeuroSpike *x = a, *y = b;

  if (x->t != y->t)
    return x->t < y->t ? -1 : 1;
  return x->unit < y->unit ? -1 : x->unit > y->unit;
}

/* The spikes of slice [start, end) in a buffer; records before @start are
 * late (sender mode) and dropped. */
static GstBuffer *
gst_neuro_live_src_take_spikes (GstNeuroLiveSrc * src, GstClockTime start,
    GstClockTime end)
{
  gsize i = src->pend_head, first = src->pend_head, j, k = 0, late = 0;
  GstBuffer *buf;
  GstMapInfo map;
  NeuroSpike *out;
  gboolean sorted = TRUE;

  while (i < src->pend_len && src->pend[i].t < (gint64) end)
    i++;
  buf = gst_buffer_new_allocate (NULL, (i - first) * sizeof (NeuroSpike),
      NULL);
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  out = (NeuroSpike *) map.data;
  for (j = first; j < i; j++) {
    if (src->pend[j].t < (gint64) start) {
      late++;
      continue;
    }
    if (k > 0 && src->pend[j].t < out[k - 1].t)
      sorted = FALSE;
    out[k++] = src->pend[j];
  }
  /* senders should send in time order; a few out of order are fixed */
  if (!sorted)
    qsort (out, k, sizeof (NeuroSpike), compare_spikes);
  for (j = 0; j < k; j++)
    neuro_spike_to_le (&out[j]);
  gst_buffer_unmap (buf, &map);
  gst_buffer_resize (buf, 0, k * sizeof (NeuroSpike));

  src->pend_head = i;
  if (src->pend_head == src->pend_len)
    src->pend_head = src->pend_len = 0;
  if (late > 0) {
    GST_WARNING_OBJECT (src, "%" G_GSIZE_FORMAT " spikes arrived after their "
        "slice had left (raise latency)", late);
    gst_neuro_live_src_count_dropped (src, late);
  }

  GST_BUFFER_PTS (buf) = start;
  GST_BUFFER_DURATION (buf) = end - start;
  if (k == 0)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_GAP);
  return buf;
}

/* The sample frames whose time is before @end, or a GAP buffer up to @end
 * when there are none; NULL when the data already cover the slice. */
static GstBuffer *
gst_neuro_live_src_take_signal (GstNeuroLiveSrc * src, GstClockTime start,
    GstClockTime end)
{
  gsize fsize = (gsize) src->hdr.channels * 4;
  guint64 pending = (src->spend->len - src->spend_head) / fsize, n = 0;
  GstBuffer *buf;
  GstClockTime gs;

  if (pending > 0 && end > src->sig_anchor) {
    guint64 lim = neuro_time_to_count (end - src->sig_anchor, src->rate_n,
        src->rate_d, TRUE);

    if (lim > src->sig_first)
      n = MIN (pending, lim - src->sig_first);
  }
  if (n > 0) {
    GstClockTime pts = src->sig_anchor + frame_time (src, src->sig_first);
    GstClockTime stop = src->sig_anchor +
        frame_time (src, src->sig_first + n);

    buf = gst_buffer_new_memdup (src->spend->data + src->spend_head,
        n * fsize);
    /* a read offset, compacted now and then: no memmove of the whole
     * queue per slice */
    src->spend_head += n * fsize;
    if (src->spend_head == src->spend->len) {
      g_byte_array_set_size (src->spend, 0);
      src->spend_head = 0;
    } else if (src->spend_head >= 1024 * 1024
        && src->spend_head >= src->spend->len / 2) {
      g_byte_array_remove_range (src->spend, 0, src->spend_head);
      src->spend_head = 0;
    }
    GST_BUFFER_PTS (buf) = pts;
    GST_BUFFER_DURATION (buf) = stop - pts;
    GST_BUFFER_OFFSET (buf) = src->sig_first;
    GST_BUFFER_OFFSET_END (buf) = src->sig_first + n;
    src->sig_first += n;
    src->last_end = MAX (src->last_end, stop);
    return buf;
  }
  gs = MAX (start, src->last_end);
  if (gs >= end)
    return NULL;
  buf = gst_buffer_new ();
  GST_BUFFER_PTS (buf) = gs;
  GST_BUFFER_DURATION (buf) = end - gs;
  GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_GAP);
  src->last_end = end;
  return buf;
}

static GstFlowReturn
gst_neuro_live_src_create (GstPushSrc * psrc, GstBuffer ** buffer)
{
  GstNeuroLiveSrc *src = GST_NEURO_LIVE_SRC (psrc);

  for (;;) {
    GstClockTime start, end;
    GstBuffer *buf;
    GstFlowReturn ret;

    if (!src->slice_valid) {
      /* slices are aligned to multiples of slice-duration in running
       * time, starting with the one we are in */
      src->slice_index = gst_neuro_live_src_now (src) / src->slice;
      src->slice_valid = TRUE;
    }
    start = src->slice_index * src->slice;
    end = start + src->slice;

    /* a slice leaves when the clock has passed its end (plus latency);
     * after the input ended, what is left goes out without waiting */
    ret = gst_neuro_live_src_service (src, end + src->lat, end,
        end + src->lat + src->mlat);
    if (ret != GST_FLOW_OK)
      return ret;
    if (src->eof && gst_neuro_live_src_queued_bytes (src) == 0) {
      GST_INFO_OBJECT (src, "input ended, EOS");
      return GST_FLOW_EOS;
    }
    src->slice_index++;
    if (!src->caps_set)
      continue;

    if (src->n_ranks > 1) {
      if (src->mlat > 0 && src->conn_anchored && !src->eof)
        gst_neuro_live_src_warn_behind (src, end);
      buf = gst_neuro_live_src_take_merged (src, start, end);
    } else if (src->hdr.kind == LIVEPROTO_KIND_SPIKES)
      buf = gst_neuro_live_src_take_spikes (src, start, end);
    else
      buf = gst_neuro_live_src_take_signal (src, start, end);
    if (buf == NULL)
      continue;

    GST_BUFFER_DTS (buf) = GST_CLOCK_TIME_NONE;
    if (src->discont) {
      GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
      src->discont = FALSE;
    }
    GST_LOG_OBJECT (src, "slice %" GST_TIME_FORMAT ", %" G_GSIZE_FORMAT
        " bytes", GST_TIME_ARGS (GST_BUFFER_PTS (buf)),
        gst_buffer_get_size (buf));
    *buffer = buf;
    return GST_FLOW_OK;
  }
}
