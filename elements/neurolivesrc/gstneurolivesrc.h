/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* gst-neuroviz
 * Copyright (C) 2024 gst-neuroviz contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */
#pragma once

#include <gst/gst.h>
#include <gst/base/gstpushsrc.h>
#include <gio/gio.h>

#include "neurotypes.h"
#include "liveproto.h"
#include "livemerge.h"

G_BEGIN_DECLS

/**
 * GstNeuroLiveSrcTimestampMode:
 * @GST_NEURO_LIVE_SRC_TIMESTAMP_ARRIVAL: records are stamped with the
 *     running time at which they arrive
 * @GST_NEURO_LIVE_SRC_TIMESTAMP_SENDER: the sender's times are kept,
 *     shifted so that the first record of a connection lands at its arrival
 */
typedef enum
{
  GST_NEURO_LIVE_SRC_TIMESTAMP_ARRIVAL,
  GST_NEURO_LIVE_SRC_TIMESTAMP_SENDER,
} GstNeuroLiveSrcTimestampMode;

/**
 * GstNeuroLiveSrcOnError:
 * @GST_NEURO_LIVE_SRC_ON_ERROR_ERROR: a bad record stops the pipeline with
 *     an error message naming its line or byte offset
 * @GST_NEURO_LIVE_SRC_ON_ERROR_DROP: a bad record is dropped with a warning
 */
typedef enum
{
  GST_NEURO_LIVE_SRC_ON_ERROR_ERROR,
  GST_NEURO_LIVE_SRC_ON_ERROR_DROP,
} GstNeuroLiveSrcOnError;

#define GST_TYPE_NEURO_LIVE_SRC_TIMESTAMP_MODE \
  (gst_neuro_live_src_timestamp_mode_get_type ())
GType gst_neuro_live_src_timestamp_mode_get_type (void);
#define GST_TYPE_NEURO_LIVE_SRC_ON_ERROR \
  (gst_neuro_live_src_on_error_get_type ())
GType gst_neuro_live_src_on_error_get_type (void);

/* TCP connections accepted while their header line is not complete, or
 * complete and waiting for the current sender to finish; more are refused. */
#define NEURO_LIVE_SRC_MAX_PENDING 8
/* Longest header line from a TCP sender (the parser's own limit is
 * max-line-length). */
#define NEURO_LIVE_SRC_MAX_HEADER 1024

typedef struct
{
  gint fd;
  gchar *peer;                  /* "address:port" */
  gint64 deadline;              /* monotonic µs; 0 = none */
  gboolean ready;               /* header line complete */
  gboolean eof;
  gsize len;
  guint8 buf[NEURO_LIVE_SRC_MAX_HEADER];
} GstNeuroLiveSrcPending;

/* senders > 1: one rank of the stream (its slot in the merge) */
typedef struct
{
  struct _GstNeuroLiveSrc *src;
  guint index;
  gint fd;                      /* -1: not connected */
  gchar *peer;                  /* the last peer, kept for messages */
  gint64 last;                  /* monotonic µs of its last byte */
  LiveProtoParser parser;
  guint warnings;
  guint64 spikes;               /* received on the current connection */
  gboolean behind_warned;       /* warned since it last kept up */
  gboolean late_warned;
  /* for the stats property, under the object lock (with peer and the
   * rank's state in the merge) */
  guint64 received_total;
  guint64 late_total;
} GstNeuroLiveSrcRank;

#define GST_TYPE_NEURO_LIVE_SRC (gst_neuro_live_src_get_type ())
G_DECLARE_FINAL_TYPE (GstNeuroLiveSrc, gst_neuro_live_src, GST,
    NEURO_LIVE_SRC, GstPushSrc)

struct _GstNeuroLiveSrc
{
  GstPushSrc parent;

  /* properties, protected by the object lock */
  gchar *host;
  gint port;
  gchar *location;
  gint fd;
  gboolean reconnect;
  GstNeuroLiveSrcTimestampMode timestamp_mode;
  GstClockTime slice_duration;
  GstClockTime latency;
  GstNeuroLiveSrcOnError on_error;
  guint max_line_length;
  guint64 max_queue_bytes;
  guint64 header_timeout;
  guint64 idle_timeout;
  gint bound_port;
  guint64 dropped;
  guint64 received;
  guint senders;
  guint64 merge_latency;
  guint64 late;

  /* snapshot of the properties used while streaming */
  GstNeuroLiveSrcTimestampMode mode;
  GstClockTime slice;
  GstClockTime lat;
  gsize queue_limit;
  gboolean do_reconnect;
  gint64 header_to_us;          /* 0 = none */
  gint64 idle_to_us;

  /* input */
  gint listen_fd;
  gint in_fd;
  gboolean own_in_fd;
  gboolean eof;
  GCancellable *cancellable;
  GPollFD cancel_pfd;
  gboolean have_cancel_pfd;
  guint8 *rbuf;
  LiveProtoParser parser;
  guint warnings;

  /* TCP: the current sender and the connections waiting behind it */
  gchar *in_peer;               /* NULL for location / fd */
  gint64 in_last;               /* monotonic µs of its last byte */
  GstNeuroLiveSrcPending *pending;
  guint n_pending;
  guint max_pending;            /* NEURO_LIVE_SRC_MAX_PENDING + ranks - 1 */
  GPollFD *pfds;                /* poll set, 2 + max_pending + ranks */
  gint *pfd_owner;              /* who each entry of pfds is */
  gboolean refused_warned;

  /* senders > 1: the ranks and their merge */
  guint n_ranks;                /* 1: the single-sender path above */
  GstClockTime mlat;
  GstNeuroLiveSrcRank *ranks;
  LiveMerge merge;

  /* current connection */
  gboolean have_hdr;
  LiveProtoHeader hdr;
  gboolean caps_set;
  gboolean conn_anchored;
  gint64 sender_offset;         /* running time minus sender time */
  GstClockTime arrival;         /* running time of the chunk being parsed */
  GstFlowReturn cb_flow;

  /* pending spikes (FIFO, host order, t in running time) */
  NeuroSpike *pend;
  gsize pend_head;
  gsize pend_len;
  gsize pend_cap;

  /* pending signal frames (f32le), numbered from the anchor */
  GByteArray *spend;
  gsize spend_head;             /* bytes of spend already sent */
  gint rate_n, rate_d;
  gboolean sig_anchored;
  GstClockTime sig_anchor;
  guint64 sig_first;

  /* output */
  guint64 slice_index;
  gboolean slice_valid;
  GstClockTime last_end;
  gboolean discont;
  GstClock *own_clock;
  GstClockTime own_base;
};

GST_ELEMENT_REGISTER_DECLARE (neurolivesrc);

G_END_DECLS
