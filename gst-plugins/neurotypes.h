/* gst-neuroviz — the neural media types, their caps and payloads
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Three kinds of stream, each with a fixed little-endian binary layout that
 * any language can write (numpy: ndarray.astype(...).tobytes()).  See
 * docs/media-types.md for the full description with byte-level examples.
 *
 *  application/x-neuro-spikes  units=(int)N
 *      payload: NeuroSpike records (16 bytes each), sorted by time.
 *      A buffer's PTS/DURATION cover a time slice; an empty buffer (or a GAP
 *      event) announces a slice without spikes.
 *
 *  application/x-neuro-signal  format=F32LE, channels=(int)C, rate=(double)R
 *      payload: C interleaved float32 per sample frame; PTS is the time of
 *      the first sample frame.  0 < R <= NEURO_MAX_RATE (10 MHz).
 *
 *  application/x-neuro-frame   format=F32LE, width=W, height=H, framerate=F
 *      payload: one H×W float32 matrix per buffer, row-major (C order).
 *      framerate 0/1 means a single still matrix held until the next one.
 */
#pragma once

#include <gst/gst.h>
#include <string.h>

G_BEGIN_DECLS

#define NEURO_SPIKES_MEDIA_TYPE "application/x-neuro-spikes"
#define NEURO_SIGNAL_MEDIA_TYPE "application/x-neuro-signal"
#define NEURO_FRAME_MEDIA_TYPE  "application/x-neuro-frame"

/* Upper bounds that protect against absurd allocations. */
#define NEURO_MAX_UNITS     (1 << 24)   /* 16.7 million neurons */
#define NEURO_MAX_CHANNELS  (1 << 20)   /* 1 048 576 channels */
#define NEURO_MAX_DIM       16384       /* frame width or height */
/* Sample rates above this are refused: sizes and sample indices computed
 * from the rate (window x rate, time x rate) then stay far from overflow. */
#define NEURO_MAX_RATE      10000000.0  /* 10 MHz */

#define NEURO_SPIKES_CAPS \
  NEURO_SPIKES_MEDIA_TYPE ", units = (int) [ 1, 16777216 ]"
#define NEURO_SIGNAL_CAPS \
  NEURO_SIGNAL_MEDIA_TYPE ", format = (string) F32LE, " \
  "channels = (int) [ 1, 1048576 ], rate = (double) [ 0, MAX ]"
#define NEURO_FRAME_CAPS \
  NEURO_FRAME_MEDIA_TYPE ", format = (string) F32LE, " \
  "width = (int) [ 1, 16384 ], height = (int) [ 1, 16384 ], " \
  "framerate = (fraction) [ 0/1, MAX ]"

/* The data time a rendered video frame shows (the "{t}" of its title, in
 * stream time), carried by a GstReferenceTimestampMeta with these caps on
 * every frame a renderer makes.  It survives videoconvert and the video
 * encoders; htmlplayersink shows it.  For a sliding window it is the
 * window's end, PTS + duration; for a still, the still's own time. */
#define NEURO_FRAME_TIME_CAPS "timestamp/x-neuroviz-frame-time"

/* That meta on @buf (writable), for the data time @t. */
void neuro_buffer_add_frame_time (GstBuffer * buf, GstClockTime t);
/* The data time @buf's frame-time meta says, GST_CLOCK_TIME_NONE without. */
GstClockTime neuro_buffer_get_frame_time (GstBuffer * buf);

/**
 * NeuroSpike:
 * @t: spike time in nanoseconds on the stream's timeline (the same clock as
 *     buffer PTS), little-endian int64
 * @unit: neuron index, 0 <= unit < units, little-endian uint32
 * @value: free per-spike value (amplitude, weight, 1.0 by default), float32
 *
 * numpy: np.dtype([('t', '<i8'), ('unit', '<u4'), ('value', '<f4')])
 */
typedef struct
{
  gint64 t;
  guint32 unit;
  gfloat value;
} NeuroSpike;

G_STATIC_ASSERT (sizeof (NeuroSpike) == 16);

typedef struct
{
  gint units;
} NeuroSpikesInfo;

typedef struct
{
  gint channels;
  gdouble rate;
} NeuroSignalInfo;

typedef struct
{
  gint width;
  gint height;
  gint fps_n;
  gint fps_d;
} NeuroFrameInfo;

void neuro_types_init (void);

/**
 * NeuroKind:
 * @NEURO_KIND_ANY: no expectation (neuro_caps_check() takes any of them)
 * @NEURO_KIND_SPIKES: application/x-neuro-spikes
 * @NEURO_KIND_SIGNAL: application/x-neuro-signal (or audio/x-raw F32LE)
 * @NEURO_KIND_FRAME: application/x-neuro-frame
 */
typedef enum
{
  NEURO_KIND_ANY = 0,
  NEURO_KIND_SPIKES,
  NEURO_KIND_SIGNAL,
  NEURO_KIND_FRAME,
} NeuroKind;

/* The parsed caps of any kind: @kind says which member is filled. */
typedef struct
{
  NeuroKind kind;
  NeuroSpikesInfo spikes;
  NeuroSignalInfo signal;
  NeuroFrameInfo frame;
} NeuroInfo;

/* The one check of neural caps, used by everything below.  Returns NULL
 * and fills @info (may be NULL) when @caps are fixed, valid caps of
 * @expected (NEURO_KIND_ANY: of any kind); else why not, as a sentence
 * naming the field, its value and the accepted range (g_free it). */
gchar *neuro_caps_check (const GstCaps * caps, NeuroKind expected,
    NeuroInfo * info);

/* The media type a kind is carried as, "neural data" for NEURO_KIND_ANY. */
const gchar *neuro_kind_media_type (NeuroKind kind);

gboolean neuro_spikes_info_from_caps (NeuroSpikesInfo * info,
    const GstCaps * caps);
GstCaps *neuro_spikes_info_to_caps (const NeuroSpikesInfo * info);

/* Also accepts audio/x-raw F32 interleaved (channels, rate). */
gboolean neuro_signal_info_from_caps (NeuroSignalInfo * info,
    const GstCaps * caps);
GstCaps *neuro_signal_info_to_caps (const NeuroSignalInfo * info);

gboolean neuro_frame_info_from_caps (NeuroFrameInfo * info,
    const GstCaps * caps);
GstCaps *neuro_frame_info_to_caps (const NeuroFrameInfo * info);

/* Why the *_info_from_caps helper refuses @caps, as a sentence naming the
 * field, its value and the accepted range (for error messages); NULL when
 * the caps are valid.  Free with g_free.  Same as neuro_caps_check (@caps,
 * NEURO_KIND_ANY, NULL). */
gchar *neuro_caps_problem (const GstCaps * caps);

/* ------------------------------------------------------------------ time
 *
 * Counters to times: item @n of a stream at @rate_n / @rate_d items per
 * second starts at n * rate_d / rate_n seconds, computed from the counter
 * every time with gst_util_uint64_scale (exact, no accumulated drift; a
 * double rate first becomes a fraction with neuro_rate_to_fraction). */

static inline GstClockTime
neuro_count_to_time (guint64 n, gint rate_n, gint rate_d)
{
  if (rate_n <= 0 || rate_d <= 0)
    return GST_CLOCK_TIME_NONE;
  return gst_util_uint64_scale (n, GST_SECOND * (guint64) rate_d,
      (guint64) rate_n);
}

/* The counter of time @t: the last item starting at or before @t, or with
 * @ceil the first one starting at or after it. */
static inline guint64
neuro_time_to_count (GstClockTime t, gint rate_n, gint rate_d, gboolean ceil)
{
  if (rate_n <= 0 || rate_d <= 0 || !GST_CLOCK_TIME_IS_VALID (t))
    return 0;
  return ceil ? gst_util_uint64_scale_ceil (t, (guint64) rate_n,
      GST_SECOND * (guint64) rate_d) : gst_util_uint64_scale (t,
      (guint64) rate_n, GST_SECOND * (guint64) rate_d);
}

/* @rate (items per second, e.g. a sample rate) as the fraction the counter
 * helpers take; FALSE when it is not a positive finite number. */
gboolean neuro_rate_to_fraction (gdouble rate, gint * rate_n, gint * rate_d);

/* -------------------------------------------------------------- payloads
 *
 * Payloads are little-endian (float32 samples and matrix cells, the
 * fields of NeuroSpike).  Reading and writing them goes through these, in
 * place or into host-order arrays; @p may have any alignment. */

static inline gfloat
neuro_f32le_read (gconstpointer p)
{
  guint32 u;
  gfloat f;

  memcpy (&u, p, 4);
  u = GUINT32_FROM_LE (u);
  memcpy (&f, &u, 4);
  return f;
}

static inline void
neuro_f32le_write (gpointer p, gfloat f)
{
  guint32 u;

  memcpy (&u, &f, 4);
  u = GUINT32_TO_LE (u);
  memcpy (p, &u, 4);
}

/* @n little-endian floats at @src into host-order @dst (may be @src). */
static inline void
neuro_f32le_to_host (gfloat * dst, gconstpointer src, gsize n)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  if ((gconstpointer) dst != src)
    memmove (dst, src, n * sizeof (gfloat));
#else
  gsize i;

  for (i = 0; i < n; i++)
    dst[i] = neuro_f32le_read ((const guint8 *) src + 4 * i);
#endif
}

/* @n host-order floats of @src as little-endian at @dst (may be @src). */
static inline void
neuro_f32le_from_host (gpointer dst, const gfloat * src, gsize n)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  if (dst != (gconstpointer) src)
    memmove (dst, src, n * sizeof (gfloat));
#else
  gsize i;

  for (i = 0; i < n; i++)
    neuro_f32le_write ((guint8 *) dst + 4 * i, src[i]);
#endif
}

/* TRUE when little-endian floats at @data can be read as host-order
 * gfloat in place (little-endian host, 4-byte aligned). */
static inline gboolean
neuro_f32le_is_host (gconstpointer data)
{
  return G_BYTE_ORDER == G_LITTLE_ENDIAN
      && ((guintptr) data % G_ALIGNOF (gfloat)) == 0;
}

/* The @n little-endian floats at @data as an aligned host-order array:
 * @data itself when it can be read in place (*@copy = NULL), else a
 * converted copy left in *@copy for the caller to g_free. */
static inline const gfloat *
neuro_f32le_view (gconstpointer data, gsize n, gfloat ** copy)
{
  if (neuro_f32le_is_host (data)) {
    *copy = NULL;
    return (const gfloat *) data;
  }
  *copy = g_new (gfloat, MAX (n, 1));
  neuro_f32le_to_host (*copy, data, n);
  return *copy;
}

/* Spike records are little-endian on the wire: these swap a record in
 * place on a big-endian host (and do nothing on a little-endian one). */
static inline void
neuro_spike_from_le (NeuroSpike * s)
{
#if G_BYTE_ORDER == G_BIG_ENDIAN
  s->t = GINT64_FROM_LE (s->t);
  s->unit = GUINT32_FROM_LE (s->unit);
  s->value = neuro_f32le_read (&s->value);
#else
  (void) s;
#endif
}

static inline void
neuro_spike_to_le (NeuroSpike * s)
{
#if G_BYTE_ORDER == G_BIG_ENDIAN
  gfloat v = s->value;

  s->t = GINT64_TO_LE (s->t);
  s->unit = GUINT32_TO_LE (s->unit);
  neuro_f32le_write (&s->value, v);
#else
  (void) s;
#endif
}

/* A reverse seek that a renderer sends upstream says how far back (data
 * nanoseconds) each chunk a source delivers must reach: the renderer's
 * history and a frame.  A source without it sends chunks that start at
 * the chunk's own first frame. */
void neuro_seek_set_history (GstEvent * seek, GstClockTime history);
GstClockTime neuro_seek_get_history (GstEvent * seek);

G_END_DECLS
