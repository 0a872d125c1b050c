/* gst-neuroviz media types for neural data.
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
 * the caps are valid.  Free with g_free. */
gchar *neuro_caps_problem (const GstCaps * caps);

/* Spike records are little-endian on the wire; on a big-endian host they are
 * swapped in place by this helper. */
static inline void
neuro_spike_from_le (NeuroSpike * s)
{
#if G_BYTE_ORDER == G_BIG_ENDIAN
  s->t = GINT64_FROM_LE (s->t);
  s->unit = GUINT32_FROM_LE (s->unit);
  {
    union { gfloat f; guint32 u; } v;
    v.f = s->value;
    v.u = GUINT32_FROM_LE (v.u);
    s->value = v.f;
  }
#else
  (void) s;
#endif
}

G_END_DECLS
