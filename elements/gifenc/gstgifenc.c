/* gst-neuroviz — gifenc, video to animated GIF89a
 * SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * SECTION:element-gifenc
 * @title: gifenc
 *
 * Encodes raw video as one animated GIF89a file.
 *
 * - A NETSCAPE2.0 application extension carries the #GstGifEnc:loop count.
 * - Frame delays come from the buffer timestamps, rounded to GIF's 10 ms
 *   unit with the rounding error carried over, so a 30 fps stream gets
 *   delays 3, 4, 3, 3, 4, ... and keeps its length.
 * - A frame (or changed region) with at most 256 colours is stored with an
 *   exact palette, pixel for pixel.  Other frames are quantised with
 *   libimagequant, optionally dithered (#GstGifEnc:dither).
 * - The first frame's palette is the global colour table; later frames use
 *   it (or the last quantised palette) when it represents them well, and
 *   carry a local table otherwise.
 * - Only the rectangle that changed since the previous frame is stored, and
 *   unchanged pixels inside it are transparent, so plots, rasters and scopes
 *   stay small.
 *
 * The header goes out as its own buffer (flagged HEADER, and the caps'
 * streamheader, so tcpserversink gives it to clients that join late) before
 * the first frame, the trailer with the last frame on EOS.  Each other
 * output buffer holds one GIF frame, so any sink works.  #GstGifEnc:key-int-max
 * makes whole frames for clients that join a stream.  Alpha is ignored:
 * frames are treated as opaque.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 videotestsrc pattern=ball num-buffers=90 ! \
 *     video/x-raw,width=320,height=240,framerate=30/1 ! videoconvert ! \
 *     gifenc loop=0 ! filesink location=ball.gif
 * ]|
 * |[
 * gst-launch-1.0 videotestsrc num-buffers=50 ! videoconvert ! \
 *     gifenc dither=true loop=3 ! filesink location=bars.gif
 * ]|
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <libimagequant.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "gstgifenc.h"
#include "neuroinput.h"
#include "giflzw.h"

GST_DEBUG_CATEGORY_STATIC (gst_gif_enc_debug);
#define GST_CAT_DEFAULT gst_gif_enc_debug

#define DEFAULT_LOOP 0
#define DEFAULT_DITHER FALSE
#define DEFAULT_SPEED 8
#define DEFAULT_THREADS 1
#define DEFAULT_KEY_INT_MAX 0
#define DEFAULT_FRAME_DELAY (100 * GST_MSECOND)

#define NEAREST_CACHE_BITS 15
#define NEAREST_CACHE_SIZE (1u << NEAREST_CACHE_BITS)

/* GIF's 16-bit fields */
#define GIF_MAX_DIM 65535
#define GIF_MAX_DELAY_CS 65535
/* gifenc keeps about 15 bytes per pixel (three RGB frames, two index
 * planes): at most 16384 x 16384 pixels, i.e. about 4 GB */
#define GIF_MAX_PIXELS (G_GUINT64_CONSTANT (1) << 28)

/* A reused palette must remap a frame with at most this much more error than
 * it had on the frame it was made for (mean squared error per channel). */
#define REUSE_MSE_FACTOR 1.5
#define REUSE_MSE_SLACK 2.0

enum
{
  PROP_0,
  PROP_LOOP,
  PROP_DITHER,
  PROP_SPEED,
  PROP_THREADS,
  PROP_KEY_INT_MAX,
};

#define FORMATS "{ RGBA, BGRA, ARGB, ABGR, RGBx, BGRx, xRGB, xBGR, RGB, BGR }"

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("video/x-raw, format = (string) " FORMATS ", "
        "width = (int) [ 1, 65535 ], height = (int) [ 1, 65535 ], "
        "framerate = (fraction) [ 0/1, MAX ]"));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("image/gif, "
        "width = (int) [ 1, 65535 ], height = (int) [ 1, 65535 ], "
        "framerate = (fraction) [ 0/1, MAX ]"));

/* colour (0x00RRGGBB) -> palette index, open addressing; key 0 = empty, so
 * keys are stored with bit 31 set. */
typedef struct
{
  guint32 *keys;
  guint8 *vals;
  guint bits;
  guint count;
} ColourMap;

typedef struct
{
  guint32 rgb[256];             /* 0x00RRGGBB */
  guint n;
} Palette;

struct _GstGifEnc
{
  GstVideoEncoder parent;

  /* properties, under the object lock */
  gint loop;
  gboolean dither;
  gint speed;
  gint threads;
  guint key_int_max;

  GstVideoCodecState *input_state;
  gint width, height;

  /* stream state */
  gboolean header_written;
  GstBuffer *header;            /* the GIF header, also in the caps */
  guint since_key;              /* frames since the last whole frame */
  guint32 *cur;                 /* this frame, 0x00RRGGBB per pixel */
  guint32 *prev;                /* previous source frame */
  gboolean have_prev;
  guint32 *canvas;              /* what a viewer shows after our frames */
  guint8 *indices;              /* the stored rectangle, row after row */
  guint8 *indices2;             /* the same with fewer transparent pixels */
  GByteArray *scratch;
  guint8 **rows;                /* row pointers for libimagequant */
  GifLzw *lzw;
  liq_attr *liq;

  Palette global;               /* n == 0: no global table */
  ColourMap global_map;

  /* last palette made by quantisation, kept for reuse */
  Palette ref;
  gboolean have_ref;
  gboolean ref_is_global;
  gdouble ref_mse;
  /* direct-mapped nearest-colour cache for ref: small enough for L2,
   * one probe; a conflict just overwrites */
  guint64 *ref_cache;
  /* ref sorted by green, for a nearest search that stops early */
  guint8 sorted_idx[256];
  guint8 sorted_r[256], sorted_g[256], sorted_b[256];
  guint8 green_start[256];      /* first sorted entry with green >= g */

  ColourMap unique;             /* per-frame colour counting */
  ColourMap frame_map;          /* colours of this frame's table */

  /* timing */
  GstClockTime first_pts;
  guint64 cs_done;              /* centiseconds written so far */

  /* one frame is held back until the next one gives its delay */
  GstVideoCodecFrame *pending;
  GByteArray *pending_data;
  guint pending_delay_off;
  GstClockTime pending_start;
  GstClockTime pending_end;     /* PTS + duration, or a guess */
};

/* ---- colour maps ---- */

static void
colour_map_init (ColourMap * map, guint bits)
{
  map->bits = bits;
  map->keys = g_new0 (guint32, 1u << bits);
  map->vals = g_new0 (guint8, 1u << bits);
  map->count = 0;
}

static void
colour_map_free (ColourMap * map)
{
  g_clear_pointer (&map->keys, g_free);
  g_clear_pointer (&map->vals, g_free);
  map->count = 0;
}

static void
colour_map_clear (ColourMap * map)
{
  if (map->count) {
    memset (map->keys, 0, sizeof (guint32) << map->bits);
    map->count = 0;
  }
}

static inline guint
colour_slot (const ColourMap * map, guint32 key)
{
  guint mask = (1u << map->bits) - 1;
  guint h = (key * 2654435761u) >> (32 - map->bits);

  while (map->keys[h] != 0 && map->keys[h] != key)
    h = (h + 1) & mask;
  return h;
}

/* Returns the index of @rgb, or -1. */
static inline gint
colour_map_lookup (const ColourMap * map, guint32 rgb)
{
  guint32 key = rgb | 0x80000000u;
  guint h = colour_slot (map, key);

  return map->keys[h] ? map->vals[h] : -1;
}

static inline void
colour_map_insert (ColourMap * map, guint32 rgb, guint8 val)
{
  guint32 key = rgb | 0x80000000u;
  guint h = colour_slot (map, key);

  if (map->keys[h] == 0) {
    map->keys[h] = key;
    map->count++;
  }
  map->vals[h] = val;
}

static void gst_gif_enc_finalize (GObject * object);
static void gst_gif_enc_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_gif_enc_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static gboolean gst_gif_enc_start (GstVideoEncoder * encoder);
static gboolean gst_gif_enc_stop (GstVideoEncoder * encoder);
static gboolean gst_gif_enc_flush (GstVideoEncoder * encoder);
static gboolean gst_gif_enc_set_format (GstVideoEncoder * encoder,
    GstVideoCodecState * state);
static GstFlowReturn gst_gif_enc_handle_frame (GstVideoEncoder * encoder,
    GstVideoCodecFrame * frame);
static GstFlowReturn gst_gif_enc_finish (GstVideoEncoder * encoder);

#define gst_gif_enc_parent_class parent_class
G_DEFINE_TYPE (GstGifEnc, gst_gif_enc, GST_TYPE_VIDEO_ENCODER);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (gifenc, "gifenc", GST_RANK_SECONDARY,
    GST_TYPE_GIF_ENC, GST_DEBUG_CATEGORY_INIT (gst_gif_enc_debug, "gifenc", 0,
        "animated GIF encoder"));

static void
gst_gif_enc_class_init (GstGifEncClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstVideoEncoderClass *venc_class = GST_VIDEO_ENCODER_CLASS (klass);

  gobject_class->finalize = gst_gif_enc_finalize;
  gobject_class->set_property = gst_gif_enc_set_property;
  gobject_class->get_property = gst_gif_enc_get_property;

  g_object_class_install_property (gobject_class, PROP_LOOP,
      g_param_spec_int ("loop", "Loop",
          "How many times viewers repeat the animation (NETSCAPE2.0 "
          "extension): 0 = forever, -1 = no extension (play once)",
          -1, 65535, DEFAULT_LOOP,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_DITHER,
      g_param_spec_boolean ("dither", "Dither",
          "Floyd-Steinberg dithering for frames with more than 256 colours "
          "(smoother gradients, larger files; frames with at most 256 colours "
          "are always exact)", DEFAULT_DITHER,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_SPEED,
      g_param_spec_int ("speed", "Speed",
          "libimagequant speed/quality trade-off for frames with more than "
          "256 colours: 1 = best palette, 10 = fastest", 1, 10, DEFAULT_SPEED,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  g_object_class_install_property (gobject_class, PROP_THREADS,
      g_param_spec_int ("threads", "Threads",
          "Threads libimagequant may use when it makes a palette (0 = one per "
          "core).  Its OpenMP threads busy-wait between steps, which costs "
          "more than it gains when other elements need the cores", 0, 256,
          DEFAULT_THREADS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstGifEnc:key-int-max:
   *
   * Store a whole frame (no differencing, no transparency) at least every
   * this many frames, so that a client that joins a stream late
   * (tcpserversink sync-method=next-keyframe) sees whole pictures.
   */
  g_object_class_install_property (gobject_class, PROP_KEY_INT_MAX,
      g_param_spec_uint ("key-int-max", "Key frame interval",
          "Store a whole frame at least every N frames, so that a client "
          "joining a stream (tcpserversink sync-method=next-keyframe) sees "
          "whole pictures; 0 = only the first frame (smallest files)",
          0, G_MAXINT, DEFAULT_KEY_INT_MAX,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "GIF encoder", "Codec/Encoder/Image",
      "Encodes video (at most 16384x16384 pixels) as an animated GIF89a "
      "image with exact or quantised palettes and frame differencing; the "
      "header is also the caps' streamheader", "gst-neuroviz developers");

  venc_class->start = GST_DEBUG_FUNCPTR (gst_gif_enc_start);
  venc_class->stop = GST_DEBUG_FUNCPTR (gst_gif_enc_stop);
  venc_class->flush = GST_DEBUG_FUNCPTR (gst_gif_enc_flush);
  venc_class->set_format = GST_DEBUG_FUNCPTR (gst_gif_enc_set_format);
  venc_class->handle_frame = GST_DEBUG_FUNCPTR (gst_gif_enc_handle_frame);
  venc_class->finish = GST_DEBUG_FUNCPTR (gst_gif_enc_finish);
}

static void
gst_gif_enc_init (GstGifEnc * self)
{
  self->loop = DEFAULT_LOOP;
  self->dither = DEFAULT_DITHER;
  self->speed = DEFAULT_SPEED;
  self->threads = DEFAULT_THREADS;
  self->key_int_max = DEFAULT_KEY_INT_MAX;
  self->lzw = gif_lzw_new ();
  colour_map_init (&self->global_map, 10);
  colour_map_init (&self->unique, 10);
  colour_map_init (&self->frame_map, 10);
  self->scratch = g_byte_array_new ();
  /* the cache holds any number of colours; it is emptied when half full */
  self->ref_cache = g_new0 (guint64, NEAREST_CACHE_SIZE);
}

static void
gst_gif_enc_free_buffers (GstGifEnc * self)
{
  g_clear_pointer (&self->cur, g_free);
  g_clear_pointer (&self->prev, g_free);
  g_clear_pointer (&self->canvas, g_free);
  g_clear_pointer (&self->indices, g_free);
  g_clear_pointer (&self->indices2, g_free);
  g_clear_pointer (&self->rows, g_free);
}

static void
gst_gif_enc_finalize (GObject * object)
{
  GstGifEnc *self = GST_GIF_ENC (object);

  gst_gif_enc_free_buffers (self);
  gst_clear_buffer (&self->header);
  gif_lzw_free (self->lzw);
  colour_map_free (&self->global_map);
  colour_map_free (&self->unique);
  colour_map_free (&self->frame_map);
  g_byte_array_unref (self->scratch);
  g_free (self->ref_cache);
  if (self->liq)
    liq_attr_destroy (self->liq);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_gif_enc_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstGifEnc *self = GST_GIF_ENC (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LOOP:
      self->loop = g_value_get_int (value);
      break;
    case PROP_DITHER:
      self->dither = g_value_get_boolean (value);
      break;
    case PROP_SPEED:
      self->speed = g_value_get_int (value);
      break;
    case PROP_THREADS:
      self->threads = g_value_get_int (value);
      break;
    case PROP_KEY_INT_MAX:
      self->key_int_max = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_gif_enc_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstGifEnc *self = GST_GIF_ENC (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LOOP:
      g_value_set_int (value, self->loop);
      break;
    case PROP_DITHER:
      g_value_set_boolean (value, self->dither);
      break;
    case PROP_SPEED:
      g_value_set_int (value, self->speed);
      break;
    case PROP_THREADS:
      g_value_set_int (value, self->threads);
      break;
    case PROP_KEY_INT_MAX:
      g_value_set_uint (value, self->key_int_max);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_gif_enc_drop_pending (GstGifEnc * self)
{
  if (self->pending) {
    gst_video_codec_frame_unref (self->pending);
    self->pending = NULL;
  }
  if (self->pending_data) {
    g_byte_array_unref (self->pending_data);
    self->pending_data = NULL;
  }
}

static void
gst_gif_enc_reset_stream (GstGifEnc * self)
{
  gst_gif_enc_drop_pending (self);
  self->header_written = FALSE;
  gst_clear_buffer (&self->header);
  self->since_key = 0;
  self->have_prev = FALSE;
  self->global.n = 0;
  colour_map_clear (&self->global_map);
  self->have_ref = FALSE;
  self->ref_is_global = FALSE;
  memset (self->ref_cache, 0, NEAREST_CACHE_SIZE * sizeof (guint64));
  self->first_pts = GST_CLOCK_TIME_NONE;
  self->cs_done = 0;
}

static gboolean
gst_gif_enc_start (GstVideoEncoder * encoder)
{
  GstGifEnc *self = GST_GIF_ENC (encoder);

  if (!self->liq)
    self->liq = liq_attr_create ();
  if (!self->liq) {
    GST_ELEMENT_ERROR (self, LIBRARY, INIT, (NULL),
        ("libimagequant could not create its attributes (out of memory?)"));
    return FALSE;
  }
  gst_gif_enc_reset_stream (self);
  return TRUE;
}

static gboolean
gst_gif_enc_stop (GstVideoEncoder * encoder)
{
  GstGifEnc *self = GST_GIF_ENC (encoder);

  gst_gif_enc_reset_stream (self);
  g_clear_pointer (&self->input_state, gst_video_codec_state_unref);
  gst_gif_enc_free_buffers (self);
  self->width = self->height = 0;
  return TRUE;
}

static gboolean
gst_gif_enc_flush (GstVideoEncoder * encoder)
{
  GstGifEnc *self = GST_GIF_ENC (encoder);

  /* The base class drops its frames; the file continues, but the next
   * frame is stored whole because the viewer's canvas is unknown to us. */
  gst_gif_enc_drop_pending (self);
  self->have_prev = FALSE;
  self->first_pts = GST_CLOCK_TIME_NONE;
  self->cs_done = 0;
  return TRUE;
}

/* image/gif caps of the input's size and rate; once the header is known
 * it is their streamheader, so multifdsink and tcpserversink give it to
 * every client that joins. */
static void
set_output_caps (GstGifEnc * self)
{
  GstVideoInfo *info = &self->input_state->info;
  GstVideoCodecState *out;
  GstCaps *caps;

  caps = gst_caps_new_simple ("image/gif",
      "width", G_TYPE_INT, self->width, "height", G_TYPE_INT, self->height,
      "framerate", GST_TYPE_FRACTION, GST_VIDEO_INFO_FPS_N (info),
      GST_VIDEO_INFO_FPS_D (info), NULL);
  if (self->header) {
    GValue array = G_VALUE_INIT, v = G_VALUE_INIT;

    g_value_init (&array, GST_TYPE_ARRAY);
    g_value_init (&v, GST_TYPE_BUFFER);
    g_value_set_boxed (&v, self->header);
    gst_value_array_append_and_take_value (&array, &v);
    gst_caps_set_value (caps, "streamheader", &array);
    g_value_unset (&array);
  }
  out = gst_video_encoder_set_output_state (GST_VIDEO_ENCODER (self), caps,
      self->input_state);
  gst_video_codec_state_unref (out);
}

/* The header goes out as its own buffer, flagged HEADER, before the first
 * frame (GstVideoEncoder pushes it after the caps that carry it). */
static void
set_stream_header (GstGifEnc * self, GByteArray * a)
{
  gsize len = a->len;

  gst_clear_buffer (&self->header);
  self->header = gst_buffer_new_wrapped (g_byte_array_free (a, FALSE), len);
  GST_BUFFER_FLAG_SET (self->header, GST_BUFFER_FLAG_HEADER);
  set_output_caps (self);
  gst_video_encoder_set_headers (GST_VIDEO_ENCODER (self),
      g_list_append (NULL, gst_buffer_ref (self->header)));
}

static gboolean
gst_gif_enc_set_format (GstVideoEncoder * encoder, GstVideoCodecState * state)
{
  GstGifEnc *self = GST_GIF_ENC (encoder);
  GstVideoInfo *info = &state->info;
  GstClockTime latency;
  gint w = GST_VIDEO_INFO_WIDTH (info), h = GST_VIDEO_INFO_HEIGHT (info);

  if (self->header_written && (w != self->width || h != self->height)) {
    /* A GIF has one logical screen size. */
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("The picture size changed from %dx%d to %dx%d in the middle of the "
            "GIF", self->width, self->height, w, h),
        ("A GIF has one size; put videoscale ! video/x-raw,width=%d,"
            "height=%d before gifenc, or start a new file", self->width,
            self->height));
    return FALSE;
  }

  if ((guint64) w * h > GIF_MAX_PIXELS) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("A %dx%d picture has %" G_GUINT64_FORMAT " pixels; gifenc takes at "
            "most %" G_GUINT64_FORMAT " (16384x16384, about 15 bytes each)",
            w, h, (guint64) w * h, GIF_MAX_PIXELS),
        ("put videoscale before gifenc"));
    return FALSE;
  }

  if (w != self->width || h != self->height) {
    gst_gif_enc_free_buffers (self);
    self->cur = g_try_new (guint32, (gsize) w * h);
    self->prev = g_try_new (guint32, (gsize) w * h);
    self->canvas = g_try_new (guint32, (gsize) w * h);
    self->indices = g_try_new (guint8, (gsize) w * h);
    self->indices2 = g_try_new (guint8, (gsize) w * h);
    self->rows = g_try_new (guint8 *, h);
    if (!self->cur || !self->prev || !self->canvas || !self->indices
        || !self->indices2 || !self->rows) {
      gst_gif_enc_free_buffers (self);
      GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
          ("Not enough memory for %dx%d GIF frames", w, h), (NULL));
      return FALSE;
    }
    self->width = w;
    self->height = h;
    self->have_prev = FALSE;
  }

  if (self->input_state)
    gst_video_codec_state_unref (self->input_state);
  self->input_state = gst_video_codec_state_ref (state);

  set_output_caps (self);

  /* A frame's delay is known only when the next one arrives. */
  latency = neuro_count_to_time (1, GST_VIDEO_INFO_FPS_N (info),
      GST_VIDEO_INFO_FPS_D (info));
  if (!GST_CLOCK_TIME_IS_VALID (latency))
    latency = 0;
  gst_video_encoder_set_latency (encoder, latency, latency);

  return gst_video_encoder_negotiate (encoder);
}

/* ---- GIF byte writing ---- */

static inline void
put_u8 (GByteArray * a, guint v)
{
  guint8 b = v;
  g_byte_array_append (a, &b, 1);
}

static inline void
put_u16 (GByteArray * a, guint v)
{
  guint8 b[2] = { v & 0xff, (v >> 8) & 0xff };
  g_byte_array_append (a, b, 2);
}

/* Smallest table size 2^(k+1) >= n; returns k (0..7). */
static guint
table_bits (guint n)
{
  guint k = 0;

  while ((2u << k) < n)
    k++;
  return k;
}

static void
put_colour_table (GByteArray * a, const Palette * pal, guint k)
{
  guint size = 2u << k, i;
  guint8 *p;
  guint off = a->len;

  g_byte_array_set_size (a, off + size * 3);
  p = a->data + off;
  memset (p, 0, size * 3);
  for (i = 0; i < pal->n; i++) {
    p[3 * i] = (pal->rgb[i] >> 16) & 0xff;
    p[3 * i + 1] = (pal->rgb[i] >> 8) & 0xff;
    p[3 * i + 2] = pal->rgb[i] & 0xff;
  }
}

static void
write_header (GstGifEnc * self, GByteArray * a, gint loop)
{
  guint packed = 0x70;          /* 8 bits per primary */
  guint k = 0;

  g_byte_array_append (a, (const guint8 *) "GIF89a", 6);
  put_u16 (a, self->width);
  put_u16 (a, self->height);
  if (self->global.n > 0) {
    /* room for one more entry, the transparent index of later frames */
    k = table_bits (MIN (self->global.n + 1, 256));
    packed |= 0x80 | k;
  }
  put_u8 (a, packed);
  put_u8 (a, 0);                /* background colour index */
  put_u8 (a, 0);                /* no pixel aspect ratio */
  if (self->global.n > 0)
    put_colour_table (a, &self->global, k);

  if (loop >= 0) {
    put_u8 (a, 0x21);
    put_u8 (a, 0xff);
    put_u8 (a, 11);
    g_byte_array_append (a, (const guint8 *) "NETSCAPE2.0", 11);
    put_u8 (a, 3);
    put_u8 (a, 1);
    put_u16 (a, loop);
    put_u8 (a, 0);
  }
}

/* ---- pixels ---- */

static void
convert_frame (GstGifEnc * self, GstVideoFrame * vframe)
{
  const GstVideoFormatInfo *finfo = vframe->info.finfo;
  guint ro = GST_VIDEO_FORMAT_INFO_POFFSET (finfo, GST_VIDEO_COMP_R);
  guint go = GST_VIDEO_FORMAT_INFO_POFFSET (finfo, GST_VIDEO_COMP_G);
  guint bo = GST_VIDEO_FORMAT_INFO_POFFSET (finfo, GST_VIDEO_COMP_B);
  guint ps = GST_VIDEO_FORMAT_INFO_PSTRIDE (finfo, 0);
  gint stride = GST_VIDEO_FRAME_PLANE_STRIDE (vframe, 0);
  const guint8 *base = GST_VIDEO_FRAME_PLANE_DATA (vframe, 0);
  gint x, y, w = self->width, h = self->height;

  for (y = 0; y < h; y++) {
    const guint8 *s = base + (gsize) y * stride;
    guint32 *d = self->cur + (gsize) y * w;

    for (x = 0; x < w; x++, s += ps)
      d[x] = ((guint32) s[ro] << 16) | ((guint32) s[go] << 8) | s[bo];
  }
}

/* Bounding box of the pixels that differ from the previous frame.  Returns
 * FALSE when nothing changed. */
static gboolean
changed_rect (GstGifEnc * self, gint * rx, gint * ry, gint * rw, gint * rh)
{
  gint w = self->width, h = self->height;
  gint y, x, y0 = -1, y1 = -1, x0 = w, x1 = -1;

  for (y = 0; y < h; y++) {
    const guint32 *c = self->cur + (gsize) y * w;
    const guint32 *p = self->prev + (gsize) y * w;

    if (memcmp (c, p, w * sizeof (guint32)) == 0)
      continue;
    if (y0 < 0)
      y0 = y;
    y1 = y;
    for (x = 0; x < x0; x++)
      if (c[x] != p[x]) {
        x0 = x;
        break;
      }
    for (x = w - 1; x > x1; x--)
      if (c[x] != p[x]) {
        x1 = x;
        break;
      }
  }
  if (y0 < 0)
    return FALSE;
  *rx = x0;
  *ry = y0;
  *rw = x1 - x0 + 1;
  *rh = y1 - y0 + 1;
  return TRUE;
}

/* Exact palette of the rectangle's pixels (only the changed ones when
 * @diff), written as indices.  Returns FALSE when there are more than
 * @max_colours. */
static gboolean
exact_palette (GstGifEnc * self, gint rx, gint ry, gint rw, gint rh,
    gboolean diff, guint max_colours, Palette * pal)
{
  ColourMap *map = &self->unique;
  gint x, y, w = self->width;
  guint8 *out = self->indices;
  guint32 last = 0xffffffffu;
  guint8 last_idx = 0;

  colour_map_clear (map);
  pal->n = 0;
  for (y = 0; y < rh; y++) {
    const guint32 *c = self->cur + (gsize) (ry + y) * w + rx;
    const guint32 *p = self->prev + (gsize) (ry + y) * w + rx;

    for (x = 0; x < rw; x++) {
      guint32 rgb = c[x];
      gint idx;

      if (diff && rgb == p[x]) {
        *out++ = 0;             /* replaced by the transparent index */
        continue;
      }
      if (rgb == last) {
        *out++ = last_idx;
        continue;
      }
      idx = colour_map_lookup (map, rgb);
      if (idx < 0) {
        if (pal->n >= max_colours)
          return FALSE;
        idx = pal->n;
        pal->rgb[pal->n++] = rgb;
        colour_map_insert (map, rgb, idx);
      }
      last = rgb;
      last_idx = idx;
      *out++ = idx;
    }
  }
  return TRUE;
}

static inline guint
colour_dist (guint32 a, guint32 b)
{
  gint dr = (gint) ((a >> 16) & 0xff) - (gint) ((b >> 16) & 0xff);
  gint dg = (gint) ((a >> 8) & 0xff) - (gint) ((b >> 8) & 0xff);
  gint db = (gint) (a & 0xff) - (gint) (b & 0xff);

  return dr * dr + dg * dg + db * db;
}

static gint
cmp_green (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const guint32 *rgb = user_data;

  return (gint) ((rgb[*(const guint8 *) a] >> 8) & 0xff) -
      (gint) ((rgb[*(const guint8 *) b] >> 8) & 0xff);
}

static void
set_ref (GstGifEnc * self, const Palette * pal)
{
  guint i, g, j = 0;

  self->ref = *pal;
  self->have_ref = TRUE;
  memset (self->ref_cache, 0, NEAREST_CACHE_SIZE * sizeof (guint64));
  for (i = 0; i < pal->n; i++)
    self->sorted_idx[i] = i;
  g_qsort_with_data (self->sorted_idx, pal->n, 1, cmp_green, self->ref.rgb);
  for (i = 0; i < pal->n; i++) {
    guint32 c = pal->rgb[self->sorted_idx[i]];
    self->sorted_r[i] = (c >> 16) & 0xff;
    self->sorted_g[i] = (c >> 8) & 0xff;
    self->sorted_b[i] = c & 0xff;
  }
  for (g = 0; g < 256; g++) {
    while (j < pal->n && self->sorted_g[j] < g)
      j++;
    self->green_start[g] = MIN (j, 255);
  }
}

/* Exact nearest palette entry (squared RGB distance): entries are visited
 * outwards from the query's green value until green alone is too far. */
static guint8
nearest_search (GstGifEnc * self, guint32 rgb, guint * dist)
{
  gint r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
  gint n = self->ref.n, hi = self->green_start[g], lo = hi - 1;
  guint best_d = G_MAXUINT, best = 0;

  while (lo >= 0 || hi < n) {
    if (hi < n) {
      gint dg = self->sorted_g[hi] - g;
      if ((guint) (dg * dg) >= best_d) {
        hi = n;
      } else {
        gint dr = self->sorted_r[hi] - r, db = self->sorted_b[hi] - b;
        guint d = dr * dr + dg * dg + db * db;
        if (d < best_d) {
          best_d = d;
          best = hi;
        }
        hi++;
      }
    }
    if (lo >= 0) {
      gint dg = g - self->sorted_g[lo];
      if ((guint) (dg * dg) >= best_d) {
        lo = -1;
      } else {
        gint dr = self->sorted_r[lo] - r, db = self->sorted_b[lo] - b;
        guint d = dr * dr + dg * dg + db * db;
        if (d < best_d) {
          best_d = d;
          best = lo;
        }
        lo--;
      }
    }
  }
  *dist = best_d;
  return self->sorted_idx[best];
}

static inline guint8
nearest_colour (GstGifEnc * self, guint32 rgb, guint * dist)
{
  /* entry: valid bit 63, distance in bits 32..49, rgb 8..31, index 0..7 */
  guint h = (rgb * 2654435761u) >> (32 - NEAREST_CACHE_BITS);
  guint64 e = self->ref_cache[h];
  guint8 best;

  if ((e >> 63) && ((e >> 8) & 0xffffff) == rgb) {
    *dist = (e >> 32) & 0x3ffff;
    return e & 0xff;
  }
  best = nearest_search (self, rgb, dist);
  self->ref_cache[h] = (1ull << 63) | ((guint64) * dist << 32) |
      ((guint64) rgb << 8) | best;
  return best;
}

/* Maps the changed pixels of the rectangle to the reference palette.
 * Returns the mean squared error per channel, or -1 once it is clear that
 * the error exceeds @max_mse. */
static gdouble
remap_to_ref (GstGifEnc * self, gint rx, gint ry, gint rw, gint rh,
    gboolean diff, gdouble max_mse)
{
  gint x, y, w = self->width;
  guint8 *out = self->indices;
  guint64 err = 0, n = 0, total = 0;
  guint64 budget;

  /* count the pixels first so that the budget check is exact */
  for (y = 0; y < rh; y++) {
    const guint32 *c = self->cur + (gsize) (ry + y) * w + rx;
    const guint32 *p = self->prev + (gsize) (ry + y) * w + rx;

    if (!diff)
      total += rw;
    else
      for (x = 0; x < rw; x++)
        total += c[x] != p[x];
  }
  budget = (guint64) (max_mse * 3.0 * total) + 1;

  for (y = 0; y < rh; y++) {
    const guint32 *c = self->cur + (gsize) (ry + y) * w + rx;
    const guint32 *p = self->prev + (gsize) (ry + y) * w + rx;
    guint32 last = 0xffffffffu;
    guint8 last_idx = 0;
    guint last_d = 0;

    for (x = 0; x < rw; x++) {
      guint d;

      if (diff && c[x] == p[x]) {
        *out++ = 0;
        continue;
      }
      if (c[x] != last) {
        last = c[x];
        last_idx = nearest_colour (self, last, &last_d);
      }
      d = last_d;
      *out++ = last_idx;
      err += d;
      n++;
    }
    if (err > budget)
      return -1.0;
  }
  return n ? (gdouble) err / (3.0 * n) : 0.0;
}

/* Mean squared error per channel of the changed pixels after mapping. */
static gdouble
rect_mse (GstGifEnc * self, const Palette * pal, gint rx, gint ry, gint rw,
    gint rh, gboolean diff)
{
  gint x, y, w = self->width;
  const guint8 *idx = self->indices;
  guint64 err = 0, n = 0;

  for (y = 0; y < rh; y++) {
    const guint32 *c = self->cur + (gsize) (ry + y) * w + rx;
    const guint32 *p = self->prev + (gsize) (ry + y) * w + rx;

    for (x = 0; x < rw; x++, idx++) {
      if (diff && c[x] == p[x])
        continue;
      err += colour_dist (c[x], pal->rgb[*idx]);
      n++;
    }
  }
  return n ? (gdouble) err / (3.0 * n) : 0.0;
}

/* libimagequant reads RGBA bytes; the frame is 0x00RRGGBB words, so the
 * rectangle is handed over row by row through a callback. */
typedef struct
{
  GstGifEnc *self;
  gint rx, ry;
} RowCtx;

static void
liq_row_cb (liq_color row_out[], int row, int width, void *user_info)
{
  RowCtx *ctx = user_info;
  const guint32 *c = ctx->self->cur + (gsize) (ctx->ry + row) *
      ctx->self->width + ctx->rx;
  gint x;

  for (x = 0; x < width; x++) {
    row_out[x].r = (c[x] >> 16) & 0xff;
    row_out[x].g = (c[x] >> 8) & 0xff;
    row_out[x].b = c[x] & 0xff;
    row_out[x].a = 255;
  }
}

static gboolean
quantize_rect (GstGifEnc * self, gint rx, gint ry, gint rw, gint rh,
    guint max_colours, gint speed, gboolean dither, gint threads,
    Palette * pal)
{
  RowCtx ctx = { self, rx, ry };
  liq_image *img;
  liq_result *res = NULL;
  const liq_palette *lp;
  liq_error err;
  guint i;
  gint y;

#ifdef _OPENMP
  /* applies to parallel regions started from this (streaming) thread */
  omp_set_num_threads (threads > 0 ? threads : omp_get_num_procs ());
#endif
  liq_set_max_colors (self->liq, max_colours);
  liq_set_speed (self->liq, speed);
  img = liq_image_create_custom (self->liq, liq_row_cb, &ctx, rw, rh, 0.0);
  if (!img)
    goto failed;
  err = liq_image_quantize (img, self->liq, &res);
  if (err != LIQ_OK) {
    liq_image_destroy (img);
    goto failed;
  }
  liq_set_dithering_level (res, dither ? 1.0f : 0.0f);
  for (y = 0; y < rh; y++)
    self->rows[y] = self->indices + (gsize) y * rw;
  err = liq_write_remapped_image_rows (res, img, self->rows);
  if (err != LIQ_OK) {
    liq_result_destroy (res);
    liq_image_destroy (img);
    goto failed;
  }
  /* read after remapping, which refines the palette */
  lp = liq_get_palette (res);
  pal->n = MIN (lp->count, 256);
  for (i = 0; i < pal->n; i++)
    pal->rgb[i] = ((guint32) lp->entries[i].r << 16) |
        ((guint32) lp->entries[i].g << 8) | lp->entries[i].b;
  liq_result_destroy (res);
  liq_image_destroy (img);
  return TRUE;

failed:
  GST_ELEMENT_ERROR (self, LIBRARY, ENCODE, (NULL),
      ("libimagequant could not quantise a %dx%d region", rw, rh));
  return FALSE;
}

static void
set_global (GstGifEnc * self, const Palette * pal)
{
  guint i;

  self->global = *pal;
  colour_map_clear (&self->global_map);
  for (i = 0; i < pal->n; i++)
    colour_map_insert (&self->global_map, pal->rgb[i], i);
}

/* Indices of an exact local palette translated to the global one, when all
 * colours are in it.  @need_transparent asks for a free slot too. */
static gboolean
exact_fits_global (GstGifEnc * self, const Palette * pal,
    gboolean need_transparent, guint8 lut[256])
{
  guint i;

  if (self->global.n == 0 || (need_transparent && self->global.n >= 256))
    return FALSE;
  for (i = 0; i < pal->n; i++) {
    gint g = colour_map_lookup (&self->global_map, pal->rgb[i]);
    if (g < 0)
      return FALSE;
    lut[i] = g;
  }
  return TRUE;
}

/* One GIF frame being made: its rectangle and its colour table */
typedef struct
{
  gint rx, ry, rw, rh;
  gboolean diff;                /* only what changed since the last frame */
  gboolean use_global;          /* the global table, else @table */
  gboolean transparent;         /* unchanged pixels may be transparent */
  guint transp_idx;
  const Palette *table;         /* a local table (may be &local) */
  Palette local;
} FrameCode;

/* The rectangle that changed since the last frame (the whole frame at a
 * keyframe); FALSE when nothing changed. */
static gboolean
frame_rect (GstGifEnc * self, gboolean keyframe, FrameCode * fc)
{
  fc->rx = fc->ry = 0;
  fc->rw = self->width;
  fc->rh = self->height;
  if (!self->have_prev || keyframe)
    return TRUE;
  if (changed_rect (self, &fc->rx, &fc->ry, &fc->rw, &fc->rh)) {
    fc->diff = TRUE;
    return TRUE;
  }
  fc->rx = fc->ry = 0;
  fc->rw = fc->rh = 1;
  return FALSE;
}

/* A new palette by libimagequant, or the last one when it still fits the
 * rectangle (remap_to_ref): indices into self->indices. */
static gboolean
quantized_palette (GstGifEnc * self, FrameCode * fc, gint speed,
    gboolean dither, gint threads)
{
  if (self->have_ref && !dither && (!fc->transparent || self->ref.n < 256)) {
    gdouble mse = remap_to_ref (self, fc->rx, fc->ry, fc->rw, fc->rh,
        fc->diff, self->ref_mse * REUSE_MSE_FACTOR + REUSE_MSE_SLACK);

    if (mse >= 0.0) {
      GST_LOG_OBJECT (self, "reusing palette (mse %.2f, made with %.2f)",
          mse, self->ref_mse);
      if (self->ref_is_global)
        fc->use_global = TRUE;
      else
        fc->table = &self->ref;
      return TRUE;
    }
  }
  if (!quantize_rect (self, fc->rx, fc->ry, fc->rw, fc->rh, 255, speed,
          dither, threads, &fc->local))
    return FALSE;
  set_ref (self, &fc->local);
  self->ref_mse = rect_mse (self, &fc->local, fc->rx, fc->ry, fc->rw,
      fc->rh, fc->diff);
  GST_LOG_OBJECT (self, "quantised %dx%d to %u colours, mse %.2f",
      fc->rw, fc->rh, fc->local.n, self->ref_mse);
  if (!self->header_written) {
    set_global (self, &fc->local);
    self->ref_is_global = TRUE;
    fc->use_global = TRUE;
  } else {
    self->ref_is_global = FALSE;
    fc->table = &fc->local;
  }
  return TRUE;
}

/* The colour table of the rectangle and its indices (self->indices): an
 * exact one when the rectangle has few enough colours (the global table
 * when it is the first frame or holds them all), else quantised. */
static gboolean
choose_palette (GstGifEnc * self, FrameCode * fc, gint speed,
    gboolean dither, gint threads)
{
  gsize n_pix = (gsize) fc->rw * fc->rh, i;
  guint8 lut[256];

  if (exact_palette (self, fc->rx, fc->ry, fc->rw, fc->rh, fc->diff,
          fc->diff ? 255 : 256, &fc->local)) {
    fc->transparent = fc->diff;
    if (!self->header_written) {
      set_global (self, &fc->local);
      fc->use_global = TRUE;
    } else if (exact_fits_global (self, &fc->local, fc->transparent, lut)) {
      for (i = 0; i < n_pix; i++)
        self->indices[i] = lut[self->indices[i]];
      fc->use_global = TRUE;
    } else {
      fc->table = &fc->local;
    }
    return TRUE;
  }
  if (fc->diff && exact_palette (self, fc->rx, fc->ry, fc->rw, fc->rh, FALSE,
          256, &fc->local)) {
    /* 256 colours: stored whole, without transparency */
    fc->table = &fc->local;
    return TRUE;
  }
  fc->transparent = fc->diff;
  return quantized_palette (self, fc, speed, dither, threads);
}

/* Unchanged pixels may be transparent, or drawn again in the colour the
 * viewer already shows when the table has it: the picture is the same,
 * but one or the other compresses better (a moving object leaves
 * background behind, which joins the unchanged background only when both
 * are opaque).  self->indices gets the transparent version,
 * self->indices2 the opaque one; TRUE when the opaque one is worth trying
 * (at least 2% of the pixels could be opaque). */
static gboolean
mark_unchanged (GstGifEnc * self, FrameCode * fc)
{
  const guint32 *c, *p, *v;
  const ColourMap *map;
  guint8 *idx = self->indices, *idx2 = self->indices2;
  gsize n_opaque = 0, i;
  gint x, y;

  /* the first index past the palette; tables always have room for it */
  fc->transp_idx = fc->use_global ? self->global.n : fc->table->n;
  if (fc->use_global) {
    map = &self->global_map;
  } else {
    colour_map_clear (&self->frame_map);
    for (i = 0; i < fc->table->n; i++)
      colour_map_insert (&self->frame_map, fc->table->rgb[i], i);
    map = &self->frame_map;
  }
  for (y = 0; y < fc->rh; y++) {
    gsize row = (gsize) (fc->ry + y) * self->width + fc->rx;

    c = self->cur + row;
    p = self->prev + row;
    v = self->canvas + row;
    for (x = 0; x < fc->rw; x++, idx++, idx2++) {
      if (c[x] == p[x]) {
        gint o = colour_map_lookup (map, v[x]);

        *idx = fc->transp_idx;
        if (o >= 0) {
          *idx2 = o;
          n_opaque++;
        } else {
          *idx2 = fc->transp_idx;
        }
      } else {
        *idx2 = *idx;
      }
    }
  }
  return n_opaque > 0 && n_opaque * 50 >= (gsize) fc->rw * fc->rh;
}

/* Graphic Control Extension (disposal "leave in place"; the delay is
 * written later at *@delay_off) and Image Descriptor with the local
 * table; returns the table's size bits. */
static guint
write_frame_headers (GstGifEnc * self, const FrameCode * fc,
    GByteArray * out, guint * delay_off)
{
  guint k;

  put_u8 (out, 0x21);
  put_u8 (out, 0xf9);
  put_u8 (out, 4);
  put_u8 (out, (1 << 2) | (fc->transparent ? 1 : 0));
  *delay_off = out->len;
  put_u16 (out, 0);
  put_u8 (out, fc->transparent ? fc->transp_idx : 0);
  put_u8 (out, 0);

  put_u8 (out, 0x2c);
  put_u16 (out, fc->rx);
  put_u16 (out, fc->ry);
  put_u16 (out, fc->rw);
  put_u16 (out, fc->rh);
  if (fc->use_global) {
    k = table_bits (MIN (self->global.n + 1, 256));
    put_u8 (out, 0);
  } else {
    k = table_bits (MAX (fc->table->n + (fc->transparent ? 1 : 0), 2));
    put_u8 (out, 0x80 | k);
    put_colour_table (out, fc->table, k);
  }
  return k;
}

/* The LZW data of self->indices, or of self->indices2 (made the indices)
 * when @try_opaque and it is shorter. */
static void
write_image_data (GstGifEnc * self, GByteArray * out, gsize n_pix, guint mcs,
    gboolean try_opaque)
{
  guint data_off = out->len;

  gif_lzw_encode (self->lzw, out, self->indices, n_pix, mcs);
  if (!try_opaque)
    return;
  g_byte_array_set_size (self->scratch, 0);
  gif_lzw_encode (self->lzw, self->scratch, self->indices2, n_pix, mcs);
  GST_LOG_OBJECT (self, "unchanged pixels transparent: %u bytes, opaque: %u",
      out->len - data_off, self->scratch->len);
  if (self->scratch->len < out->len - data_off) {
    guint8 *t = self->indices;

    g_byte_array_set_size (out, data_off);
    g_byte_array_append (out, self->scratch->data, self->scratch->len);
    self->indices = self->indices2;
    self->indices2 = t;
  }
}

/* What the viewer now shows, and the frame becomes the previous one. */
static void
update_canvas (GstGifEnc * self, const FrameCode * fc)
{
  const Palette *pal = fc->use_global ? &self->global : fc->table;
  const guint8 *idx = self->indices;
  guint32 *t;
  gint x, y;

  for (y = 0; y < fc->rh; y++) {
    guint32 *v = self->canvas + (gsize) (fc->ry + y) * self->width + fc->rx;

    for (x = 0; x < fc->rw; x++, idx++)
      if (!fc->transparent || *idx != fc->transp_idx)
        v[x] = pal->rgb[*idx];
  }
  t = self->prev;
  self->prev = self->cur;
  self->cur = t;
  self->have_prev = TRUE;
}

/* Encodes the current frame (in self->cur) as one GIF frame; makes the
 * header when needed. */
static gboolean
encode_frame (GstGifEnc * self, gboolean keyframe, GByteArray * out,
    guint * delay_off)
{
  FrameCode fc = { 0 };
  gboolean try_opaque = FALSE;
  gint loop, speed, threads;
  gboolean dither;
  guint k;

  GST_OBJECT_LOCK (self);
  loop = self->loop;
  speed = self->speed;
  dither = self->dither;
  threads = self->threads;
  GST_OBJECT_UNLOCK (self);

  if (!frame_rect (self, keyframe, &fc)) {
    /* keeps one GIF frame per video frame: a transparent pixel */
    fc.local.n = 1;
    fc.local.rgb[0] = 0;
    self->indices[0] = 0;
    fc.table = &fc.local;
    fc.transparent = TRUE;
    fc.transp_idx = 0;
  } else if (!choose_palette (self, &fc, speed, dither, threads)) {
    return FALSE;
  }
  if (fc.transparent && fc.diff)
    try_opaque = mark_unchanged (self, &fc);

  if (!self->header_written) {
    GByteArray *hdr = g_byte_array_sized_new (1024);

    write_header (self, hdr, loop);
    set_stream_header (self, hdr);
    self->header_written = TRUE;
  }
  k = write_frame_headers (self, &fc, out, delay_off);
  write_image_data (self, out, (gsize) fc.rw * fc.rh, MAX (k + 1, 2),
      try_opaque);
  update_canvas (self, &fc);
  return TRUE;
}

/* Centiseconds from the previous frame's end to @end, carrying the rounding
 * error so that the total stays right. */
static guint
delay_until (GstGifEnc * self, GstClockTime end)
{
  guint64 cs_end;
  guint64 delay;

  if (!GST_CLOCK_TIME_IS_VALID (end) || end < self->first_pts)
    return 0;
  cs_end = gst_util_uint64_scale_round (end - self->first_pts, 100,
      GST_SECOND);
  if (cs_end <= self->cs_done)
    return 0;
  delay = cs_end - self->cs_done;
  if (delay > GIF_MAX_DELAY_CS)
    delay = GIF_MAX_DELAY_CS;
  self->cs_done = cs_end;
  return delay;
}

static GstFlowReturn
push_pending (GstGifEnc * self, GstClockTime end, gboolean last)
{
  GstVideoCodecFrame *frame = self->pending;
  GByteArray *data = self->pending_data;
  guint delay;
  gsize len;

  if (!frame)
    return GST_FLOW_OK;
  self->pending = NULL;
  self->pending_data = NULL;

  delay = delay_until (self, end);
  data->data[self->pending_delay_off] = delay & 0xff;
  data->data[self->pending_delay_off + 1] = (delay >> 8) & 0xff;
  if (last)
    put_u8 (data, 0x3b);

  GST_LOG_OBJECT (self, "frame %u: delay %u cs, %u bytes%s",
      frame->system_frame_number, delay, data->len, last ? ", trailer" : "");

  len = data->len;
  frame->output_buffer =
      gst_buffer_new_wrapped (g_byte_array_free (data, FALSE), len);
  return gst_video_encoder_finish_frame (GST_VIDEO_ENCODER (self), frame);
}

static GstClockTime
frame_duration_guess (GstGifEnc * self, GstVideoCodecFrame * frame)
{
  GstVideoInfo *info = &self->input_state->info;

  if (GST_CLOCK_TIME_IS_VALID (frame->duration))
    return frame->duration;
  if (GST_VIDEO_INFO_FPS_N (info) > 0 && GST_VIDEO_INFO_FPS_D (info) > 0)
    return neuro_count_to_time (1, GST_VIDEO_INFO_FPS_N (info),
        GST_VIDEO_INFO_FPS_D (info));
  return DEFAULT_FRAME_DELAY;
}

static GstFlowReturn
gst_gif_enc_handle_frame (GstVideoEncoder * encoder, GstVideoCodecFrame * frame)
{
  GstGifEnc *self = GST_GIF_ENC (encoder);
  GstVideoFrame vframe;
  GstFlowReturn ret;
  GByteArray *out;
  gboolean keyframe;
  guint delay_off = 0, key_int_max;
  GstClockTime start;

  if (!self->input_state) {
    gst_video_codec_frame_unref (frame);
    return neuro_element_data_before_caps (self,
        GST_VIDEO_ENCODER_SINK_PAD (encoder), "A video frame");
  }

  if (GST_CLOCK_TIME_IS_VALID (frame->pts))
    start = frame->pts;
  else if (self->pending)
    start = self->pending_end;
  else if (GST_CLOCK_TIME_IS_VALID (self->first_pts))
    start = self->first_pts + self->cs_done * 10 * GST_MSECOND;
  else
    start = 0;

  /* The previous frame lasts until this one starts. */
  if (self->pending) {
    GstClockTime end = start;
    if (end < self->pending_start)
      end = self->pending_end;
    ret = push_pending (self, end, FALSE);
    if (ret != GST_FLOW_OK) {
      gst_video_codec_frame_unref (frame);
      return ret;
    }
  }
  if (!GST_CLOCK_TIME_IS_VALID (self->first_pts))
    self->first_pts = start;

  if (!gst_video_frame_map (&vframe, &self->input_state->info,
          frame->input_buffer, GST_MAP_READ)) {
    GST_ELEMENT_ERROR (self, STREAM, ENCODE, (NULL),
        ("Could not map a %dx%d input frame (buffer of %" G_GSIZE_FORMAT
            " bytes too small?)", self->width, self->height,
            gst_buffer_get_size (frame->input_buffer)));
    gst_video_codec_frame_unref (frame);
    return GST_FLOW_ERROR;
  }
  convert_frame (self, &vframe);
  gst_video_frame_unmap (&vframe);

  GST_OBJECT_LOCK (self);
  key_int_max = self->key_int_max;
  GST_OBJECT_UNLOCK (self);
  keyframe = !self->have_prev ||
      GST_VIDEO_CODEC_FRAME_IS_FORCE_KEYFRAME (frame) ||
      (key_int_max > 0 && self->since_key + 1 >= key_int_max);
  out = g_byte_array_sized_new (1024);
  if (!encode_frame (self, keyframe, out, &delay_off)) {
    g_byte_array_unref (out);
    gst_video_codec_frame_unref (frame);
    return GST_FLOW_ERROR;
  }
  if (keyframe) {
    GST_VIDEO_CODEC_FRAME_SET_SYNC_POINT (frame);
    self->since_key = 0;
  } else {
    GST_VIDEO_CODEC_FRAME_UNSET_SYNC_POINT (frame);
    self->since_key++;
  }

  self->pending = frame;
  self->pending_data = out;
  self->pending_delay_off = delay_off;
  self->pending_start = start;
  self->pending_end = start + frame_duration_guess (self, frame);
  return GST_FLOW_OK;
}

static GstFlowReturn
gst_gif_enc_finish (GstVideoEncoder * encoder)
{
  GstGifEnc *self = GST_GIF_ENC (encoder);

  if (!self->pending) {
    if (!self->header_written)
      GST_WARNING_OBJECT (self, "EOS before any frame: no GIF written");
    return GST_FLOW_OK;
  }
  return push_pending (self, self->pending_end, TRUE);
}
