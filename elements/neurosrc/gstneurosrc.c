/* gst-neuroviz
 * Copyright (C) 2024 gst-neuroviz contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */
/**
 * SECTION:element-neurosrc
 * @title: neurosrc
 *
 * Generates synthetic neural data: spike trains
 * (application/x-neuro-spikes), multi-channel signals
 * (application/x-neuro-signal) or 2D matrices (application/x-neuro-frame),
 * depending on #GstNeuroSrc:pattern.  The output is a pure function of
 * #GstNeuroSrc:seed and the position: the same buffer is produced whether
 * it is reached by playing or by seeking.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 neurosrc pattern=poisson units=1000 ! fakesink
 * gst-launch-1.0 neurosrc pattern=membrane channels=8 is-live=true ! fakesink
 * gst-launch-1.0 neurosrc pattern=spiral width=128 height=128 ! fakesink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstneurosrc.h"

#include <math.h>
#include <string.h>

GST_DEBUG_CATEGORY_STATIC (gst_neuro_src_debug);
#define GST_CAT_DEFAULT gst_neuro_src_debug

#define DEFAULT_PATTERN            GST_NEURO_SRC_PATTERN_POISSON
#define DEFAULT_UNITS              30
#define DEFAULT_CONNECTIVITY_UNITS 20
#define DEFAULT_CHANNELS           5
#define DEFAULT_WIDTH              50
#define DEFAULT_HEIGHT             50
#define DEFAULT_RATE               0.0
#define DEFAULT_SIGNAL_RATE        1000.0
#define DEFAULT_FRAME_RATE         20.0
#define DEFAULT_LEARNING_RATE      10.0
#define DEFAULT_PERIOD             (10 * GST_SECOND)
#define DEFAULT_RATE_MIN           5.0
#define DEFAULT_RATE_MAX           20.0
#define DEFAULT_SLICE_DURATION     (10 * GST_MSECOND)
#define DEFAULT_SAMPLES_PER_BUFFER 0
#define DEFAULT_SEED               42
#define DEFAULT_IS_LIVE            FALSE
#define DEFAULT_DURATION           (10 * GST_SECOND)

#define MAX_RATE                   1e9
#define MAX_SPIKE_RATE             1e6
/* Larger slices than this many expected spikes would allocate gigabytes. */
#define MAX_SPIKES_PER_SLICE       (64 * 1024 * 1024)
#define WAVE_MAX_RATE              20.0
#define N_HOTSPOTS                 5
/* STDP-like plasticity of the connectivity pattern */
#define CONN_POTENTIATION          0.01
#define CONN_DEPRESSION            0.005
/* Turns of the spiral per period: 3 turns in 10 s is ~1.9 rad/s, close to
 * the tutorial's 0.2 rad per frame at 10 frames per second. */
#define SPIRAL_TURNS_PER_PERIOD    3.0

/* Random streams: each use of randomness has its own, so that adding one
 * never changes the numbers another one sees. */
enum
{
  STREAM_RATES = 1,
  STREAM_SPIKES,
  STREAM_NOISE,
  STREAM_PHASES,
  STREAM_HOTSPOTS,
  STREAM_CONN_BASE,
  STREAM_CONN_ACTIVITY,
  STREAM_MODULATED_BASE,
};

enum
{
  PROP_0,
  PROP_PATTERN,
  PROP_UNITS,
  PROP_CHANNELS,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_RATE,
  PROP_PERIOD,
  PROP_RATE_MIN,
  PROP_RATE_MAX,
  PROP_SLICE_DURATION,
  PROP_SAMPLES_PER_BUFFER,
  PROP_SEED,
  PROP_IS_LIVE,
  PROP_DURATION,
};

static GstStaticPadTemplate gst_neuro_src_src_template =
GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (NEURO_SPIKES_CAPS "; " NEURO_SIGNAL_CAPS "; "
        NEURO_FRAME_CAPS));

GType
gst_neuro_src_pattern_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_NEURO_SRC_PATTERN_POISSON,
        "Spikes: homogeneous Poisson trains, rates in [rate-min, rate-max]",
        "poisson"},
    {GST_NEURO_SRC_PATTERN_WAVE,
        "Spikes: wave of activity travelling over the units", "wave"},
    {GST_NEURO_SRC_PATTERN_MEMBRANE,
        "Signal: oscillating membrane potentials in mV", "membrane"},
    {GST_NEURO_SRC_PATTERN_SINES,
        "Signal: noisy sines of 0.5, 1, 1.5 ... Hz", "sines"},
    {GST_NEURO_SRC_PATTERN_LEARNING,
        "Signal: accuracy and loss, one sample per epoch", "learning"},
    {GST_NEURO_SRC_PATTERN_TRAVELING_WAVE,
        "Frame: Gaussian blob travelling left to right", "traveling-wave"},
    {GST_NEURO_SRC_PATTERN_SPIRAL,
        "Frame: rotating three-armed spiral", "spiral"},
    {GST_NEURO_SRC_PATTERN_SPREADING,
        "Frame: spreading disc of fading activation", "spreading"},
    {GST_NEURO_SRC_PATTERN_HOTSPOTS,
        "Frame: five pulsing Gaussian hotspots", "hotspots"},
    {GST_NEURO_SRC_PATTERN_CONNECTIVITY,
        "Frame: units x units matrix under STDP-like plasticity",
        "connectivity"},
    {GST_NEURO_SRC_PATTERN_MODULATED_CONNECTIVITY,
          "Frame: units x units random matrix with a slow gain modulation",
        "modulated-connectivity"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstNeuroSrcPattern", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

#define gst_neuro_src_parent_class parent_class
G_DEFINE_TYPE (GstNeuroSrc, gst_neuro_src, GST_TYPE_PUSH_SRC);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (neurosrc, "neurosrc", GST_RANK_NONE,
    GST_TYPE_NEURO_SRC,
    GST_DEBUG_CATEGORY_INIT (gst_neuro_src_debug, "neurosrc", 0,
        "synthetic neural data source"));

static void gst_neuro_src_finalize (GObject * object);
static void gst_neuro_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_neuro_src_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);

static GstCaps *gst_neuro_src_get_caps (GstBaseSrc * bsrc, GstCaps * filter);
static GstCaps *gst_neuro_src_fixate (GstBaseSrc * bsrc, GstCaps * caps);
static gboolean gst_neuro_src_set_caps (GstBaseSrc * bsrc, GstCaps * caps);
static gboolean gst_neuro_src_start (GstBaseSrc * bsrc);
static gboolean gst_neuro_src_stop (GstBaseSrc * bsrc);
static gboolean gst_neuro_src_is_seekable (GstBaseSrc * bsrc);
static gboolean gst_neuro_src_do_seek (GstBaseSrc * bsrc,
    GstSegment * segment);
static gboolean gst_neuro_src_query (GstBaseSrc * bsrc, GstQuery * query);
static gboolean gst_neuro_src_unlock (GstBaseSrc * bsrc);
static gboolean gst_neuro_src_unlock_stop (GstBaseSrc * bsrc);
static GstFlowReturn gst_neuro_src_create (GstPushSrc * psrc,
    GstBuffer ** buffer);

static void
gst_neuro_src_class_init (GstNeuroSrcClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *basesrc_class = GST_BASE_SRC_CLASS (klass);
  GstPushSrcClass *pushsrc_class = GST_PUSH_SRC_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
      GST_PARAM_MUTABLE_READY;

  gobject_class->set_property = gst_neuro_src_set_property;
  gobject_class->get_property = gst_neuro_src_get_property;
  gobject_class->finalize = gst_neuro_src_finalize;

  g_object_class_install_property (gobject_class, PROP_PATTERN,
      g_param_spec_enum ("pattern", "Pattern",
          "What to generate; spike patterns output "
          NEURO_SPIKES_MEDIA_TYPE ", signal patterns "
          NEURO_SIGNAL_MEDIA_TYPE " and grid patterns "
          NEURO_FRAME_MEDIA_TYPE, GST_TYPE_NEURO_SRC_PATTERN,
          DEFAULT_PATTERN, flags));
  g_object_class_install_property (gobject_class, PROP_UNITS,
      g_param_spec_int ("units", "Units",
          "Number of neurons (spike patterns) or matrix size N of the N x N "
          "connectivity patterns; connectivity patterns use 20 unless this "
          "is set. At most 16777216 (16384 for connectivity)",
          1, G_MAXINT, DEFAULT_UNITS, flags));
  g_object_class_install_property (gobject_class, PROP_CHANNELS,
      g_param_spec_int ("channels", "Channels",
          "Number of channels of the membrane and sines patterns "
          "(learning always has 2). At most 1048576",
          1, G_MAXINT, DEFAULT_CHANNELS, flags));
  g_object_class_install_property (gobject_class, PROP_WIDTH,
      g_param_spec_int ("width", "Width",
          "Grid width in cells of the frame patterns (not connectivity). "
          "At most 16384", 1, G_MAXINT, DEFAULT_WIDTH, flags));
  g_object_class_install_property (gobject_class, PROP_HEIGHT,
      g_param_spec_int ("height", "Height",
          "Grid height in cells of the frame patterns (not connectivity). "
          "At most 16384", 1, G_MAXINT, DEFAULT_HEIGHT, flags));
  g_object_class_install_property (gobject_class, PROP_RATE,
      g_param_spec_double ("rate", "Rate",
          "Sample rate in Hz of signals, frames per second of grids, epochs "
          "per second of learning; 0 = the pattern's default (1000 Hz, "
          "20 fps, 10 epochs/s)", 0.0, MAX_RATE, DEFAULT_RATE, flags));
  g_object_class_install_property (gobject_class, PROP_PERIOD,
      g_param_spec_uint64 ("period", "Period",
          "Period T in nanoseconds of the slow dynamics (wave, phase drift, "
          "travelling and spreading repeat, modulation)",
          GST_MSECOND, G_MAXUINT64 / 4, DEFAULT_PERIOD, flags));
  g_object_class_install_property (gobject_class, PROP_RATE_MIN,
      g_param_spec_double ("rate-min", "Minimum rate",
          "Lowest firing rate in Hz of the poisson pattern",
          0.0, MAX_SPIKE_RATE, DEFAULT_RATE_MIN, flags));
  g_object_class_install_property (gobject_class, PROP_RATE_MAX,
      g_param_spec_double ("rate-max", "Maximum rate",
          "Highest firing rate in Hz of the poisson pattern "
          "(must not be below rate-min)",
          0.0, MAX_SPIKE_RATE, DEFAULT_RATE_MAX, flags));
  g_object_class_install_property (gobject_class, PROP_SLICE_DURATION,
      g_param_spec_uint64 ("slice-duration", "Slice duration",
          "Time in nanoseconds covered by one buffer of spikes",
          GST_USECOND, 3600 * GST_SECOND, DEFAULT_SLICE_DURATION, flags));
  g_object_class_install_property (gobject_class, PROP_SAMPLES_PER_BUFFER,
      g_param_spec_int ("samples-per-buffer", "Samples per buffer",
          "Sample frames per buffer of the signal patterns; 0 = about 10 ms "
          "(at least one)", 0, G_MAXINT, DEFAULT_SAMPLES_PER_BUFFER, flags));
  g_object_class_install_property (gobject_class, PROP_SEED,
      g_param_spec_uint64 ("seed", "Seed",
          "Seed of all random numbers; the same seed gives bit-identical "
          "output", 0, G_MAXUINT64, DEFAULT_SEED, flags));
  g_object_class_install_property (gobject_class, PROP_IS_LIVE,
      g_param_spec_boolean ("is-live", "Is live",
          "Behave like a capture device: buffers are released when the "
          "clock reaches their end and stamped with the running time",
          DEFAULT_IS_LIVE, flags));
  g_object_class_install_property (gobject_class, PROP_DURATION,
      g_param_spec_uint64 ("duration", "Duration",
          "Length of the stream in nanoseconds; 18446744073709551615 "
          "(GST_CLOCK_TIME_NONE) = endless",
          1, G_MAXUINT64, DEFAULT_DURATION, flags));

  gst_element_class_set_static_metadata (element_class,
      "Neural data test source", "Source/Generic",
      "Generates synthetic spike trains, signals and activity grids",
      "gst-neuroviz contributors");
  gst_element_class_add_static_pad_template (element_class,
      &gst_neuro_src_src_template);

  basesrc_class->get_caps = GST_DEBUG_FUNCPTR (gst_neuro_src_get_caps);
  basesrc_class->fixate = GST_DEBUG_FUNCPTR (gst_neuro_src_fixate);
  basesrc_class->set_caps = GST_DEBUG_FUNCPTR (gst_neuro_src_set_caps);
  basesrc_class->start = GST_DEBUG_FUNCPTR (gst_neuro_src_start);
  basesrc_class->stop = GST_DEBUG_FUNCPTR (gst_neuro_src_stop);
  basesrc_class->is_seekable = GST_DEBUG_FUNCPTR (gst_neuro_src_is_seekable);
  basesrc_class->do_seek = GST_DEBUG_FUNCPTR (gst_neuro_src_do_seek);
  basesrc_class->query = GST_DEBUG_FUNCPTR (gst_neuro_src_query);
  basesrc_class->unlock = GST_DEBUG_FUNCPTR (gst_neuro_src_unlock);
  basesrc_class->unlock_stop = GST_DEBUG_FUNCPTR (gst_neuro_src_unlock_stop);
  pushsrc_class->create = GST_DEBUG_FUNCPTR (gst_neuro_src_create);

  gst_type_mark_as_plugin_api (GST_TYPE_NEURO_SRC_PATTERN, 0);
}

static void
gst_neuro_src_init (GstNeuroSrc * src)
{
  GstNeuroSrcConfig *p = &src->props;

  p->pattern = DEFAULT_PATTERN;
  p->units = DEFAULT_UNITS;
  p->units_set = FALSE;
  p->channels = DEFAULT_CHANNELS;
  p->width = DEFAULT_WIDTH;
  p->height = DEFAULT_HEIGHT;
  p->rate = DEFAULT_RATE;
  p->period = DEFAULT_PERIOD;
  p->rate_min = DEFAULT_RATE_MIN;
  p->rate_max = DEFAULT_RATE_MAX;
  p->slice_duration = DEFAULT_SLICE_DURATION;
  p->samples_per_buffer = DEFAULT_SAMPLES_PER_BUFFER;
  p->seed = DEFAULT_SEED;
  p->duration = DEFAULT_DURATION;
  src->cfg = src->props;
  src->conn_frame = -1;

  gst_base_src_set_format (GST_BASE_SRC (src), GST_FORMAT_TIME);
  gst_base_src_set_live (GST_BASE_SRC (src), DEFAULT_IS_LIVE);
}

static void
gst_neuro_src_free_tables (GstNeuroSrc * src)
{
  g_clear_pointer (&src->cum_rates, g_free);
  g_clear_pointer (&src->guide, g_free);
  g_clear_pointer (&src->phases, g_free);
  g_clear_pointer (&src->phase_map, g_free);
  g_clear_pointer (&src->base_matrix, g_free);
  g_clear_pointer (&src->conn_state, g_free);
  g_clear_pointer (&src->scratch, g_free);
  src->scratch_len = 0;
  src->conn_frame = -1;
  if (src->frame_pool) {
    gst_buffer_pool_set_active (src->frame_pool, FALSE);
    gst_clear_object (&src->frame_pool);
  }
}

/* A buffer of @size bytes for a frame: from a pool of recycled buffers
 * (no allocation, page faults and zeroing per frame), or allocated when
 * the pool cannot be set up. */
static GstBuffer *
gst_neuro_src_frame_buffer (GstNeuroSrc * src, gsize size)
{
  GstBuffer *buf = NULL;

  if (src->frame_pool == NULL) {
    GstBufferPool *pool = gst_buffer_pool_new ();
    GstStructure *config = gst_buffer_pool_get_config (pool);

    /* no upper limit: downstream may hold several (netgraph keeps the
     * latest matrix, queues hold more) */
    gst_buffer_pool_config_set_params (config, NULL, size, 2, 0);
    if (gst_buffer_pool_set_config (pool, config)
        && gst_buffer_pool_set_active (pool, TRUE))
      src->frame_pool = pool;
    else
      gst_object_unref (pool);
  }
  if (src->frame_pool && gst_buffer_pool_acquire_buffer (src->frame_pool,
          &buf, NULL) == GST_FLOW_OK && gst_buffer_get_size (buf) == size)
    return buf;
  if (buf)
    gst_buffer_unref (buf);
  return gst_buffer_new_allocate (NULL, size, NULL);
}

static void
gst_neuro_src_finalize (GObject * object)
{
  gst_neuro_src_free_tables (GST_NEURO_SRC (object));

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_neuro_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstNeuroSrc *src = GST_NEURO_SRC (object);
  GstNeuroSrcConfig *p = &src->props;

  GST_OBJECT_LOCK (src);
  switch (prop_id) {
    case PROP_PATTERN:
      p->pattern = g_value_get_enum (value);
      break;
    case PROP_UNITS:
      p->units = g_value_get_int (value);
      p->units_set = TRUE;
      break;
    case PROP_CHANNELS:
      p->channels = g_value_get_int (value);
      break;
    case PROP_WIDTH:
      p->width = g_value_get_int (value);
      break;
    case PROP_HEIGHT:
      p->height = g_value_get_int (value);
      break;
    case PROP_RATE:
      p->rate = g_value_get_double (value);
      break;
    case PROP_PERIOD:
      p->period = g_value_get_uint64 (value);
      break;
    case PROP_RATE_MIN:
      p->rate_min = g_value_get_double (value);
      break;
    case PROP_RATE_MAX:
      p->rate_max = g_value_get_double (value);
      break;
    case PROP_SLICE_DURATION:
      p->slice_duration = g_value_get_uint64 (value);
      break;
    case PROP_SAMPLES_PER_BUFFER:
      p->samples_per_buffer = g_value_get_int (value);
      break;
    case PROP_SEED:
      p->seed = g_value_get_uint64 (value);
      break;
    case PROP_IS_LIVE:
      GST_OBJECT_UNLOCK (src);
      gst_base_src_set_live (GST_BASE_SRC (src), g_value_get_boolean (value));
      return;
    case PROP_DURATION:
      p->duration = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (src);
}

static void
gst_neuro_src_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstNeuroSrc *src = GST_NEURO_SRC (object);
  GstNeuroSrcConfig *p = &src->props;

  if (prop_id == PROP_IS_LIVE) {
    g_value_set_boolean (value, gst_base_src_is_live (GST_BASE_SRC (src)));
    return;
  }

  GST_OBJECT_LOCK (src);
  switch (prop_id) {
    case PROP_PATTERN:
      g_value_set_enum (value, p->pattern);
      break;
    case PROP_UNITS:
      g_value_set_int (value, p->units);
      break;
    case PROP_CHANNELS:
      g_value_set_int (value, p->channels);
      break;
    case PROP_WIDTH:
      g_value_set_int (value, p->width);
      break;
    case PROP_HEIGHT:
      g_value_set_int (value, p->height);
      break;
    case PROP_RATE:
      g_value_set_double (value, p->rate);
      break;
    case PROP_PERIOD:
      g_value_set_uint64 (value, p->period);
      break;
    case PROP_RATE_MIN:
      g_value_set_double (value, p->rate_min);
      break;
    case PROP_RATE_MAX:
      g_value_set_double (value, p->rate_max);
      break;
    case PROP_SLICE_DURATION:
      g_value_set_uint64 (value, p->slice_duration);
      break;
    case PROP_SAMPLES_PER_BUFFER:
      g_value_set_int (value, p->samples_per_buffer);
      break;
    case PROP_SEED:
      g_value_set_uint64 (value, p->seed);
      break;
    case PROP_DURATION:
      g_value_set_uint64 (value, p->duration);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (src);
}

/* ------------------------------------------------------------------------ */
/* Counter-based random numbers: a generator is seeded from a hash of
 * (seed, index, stream), so the numbers of buffer k never depend on the
 * buffers produced before it. */

typedef struct
{
  guint64 s[4];
  gboolean has_spare;
  gdouble spare;
} NeuroRng;

static inline guint64
mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline guint64
splitmix64 (guint64 * x)
{
  *x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  return mix64 (*x);
}

static inline void
rng_init (NeuroRng * r, guint64 seed, guint64 index, guint64 stream)
{
  guint64 x;

  x = mix64 (seed + G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));
  x = mix64 (x ^ (stream * G_GUINT64_CONSTANT (0xd1342543de82ef95)));
  x = mix64 (x ^ index);
  r->s[0] = splitmix64 (&x);
  r->s[1] = splitmix64 (&x);
  r->s[2] = splitmix64 (&x);
  r->s[3] = splitmix64 (&x);
  r->has_spare = FALSE;
}

static inline guint64
rotl64 (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static inline guint64
rng_next (NeuroRng * r)
{
  guint64 *s = r->s;
  guint64 result = rotl64 (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl64 (s[3], 45);
  return result;
}

/* uniform in [0, 1) */
static inline gdouble
rng_uniform (NeuroRng * r)
{
  return (rng_next (r) >> 11) * (1.0 / 9007199254740992.0);
}

/* uniform integer in [0, n) without modulo bias worth mentioning */
static inline guint32
rng_below (NeuroRng * r, guint32 n)
{
  return (guint32) (((rng_next (r) >> 32) * (guint64) n) >> 32);
}

/* standard normal, Box–Muller */
static inline gdouble
rng_gauss (NeuroRng * r)
{
  gdouble u1, u2, rad;

  if (r->has_spare) {
    r->has_spare = FALSE;
    return r->spare;
  }
  u1 = 1.0 - rng_uniform (r);
  u2 = rng_uniform (r);
  rad = sqrt (-2.0 * log (u1));
  r->spare = rad * sin (2.0 * G_PI * u2);
  r->has_spare = TRUE;
  return rad * cos (2.0 * G_PI * u2);
}

/* Poisson counts: Knuth's product of uniforms for small means, Hörmann's
 * transformed rejection (PTRS) otherwise. */
static guint64
rng_poisson (NeuroRng * r, gdouble lam)
{
  gdouble slam, loglam, a, b, invalpha, vr;

  if (!(lam > 0.0))
    return 0;

  if (lam < 10.0) {
    gdouble limit = exp (-lam), p = 1.0;
    guint64 k = 0;

    for (;;) {
      p *= rng_uniform (r);
      if (p <= limit)
        return k;
      k++;
    }
  }

  slam = sqrt (lam);
  loglam = log (lam);
  b = 0.931 + 2.53 * slam;
  a = -0.059 + 0.02483 * b;
  invalpha = 1.1239 + 1.1328 / (b - 3.4);
  vr = 0.9277 - 3.6224 / (b - 2.0);

  for (;;) {
    gdouble u = rng_uniform (r) - 0.5;
    gdouble v = rng_uniform (r);
    gdouble us = 0.5 - fabs (u);
    gdouble k = floor ((2.0 * a / us + b) * u + lam + 0.43);

    if (us >= 0.07 && v <= vr)
      return (guint64) k;
    if (k < 0.0 || (us < 0.013 && v > us))
      continue;
    if (log (v) + log (invalpha) - log (a / (us * us) + b) <=
        -lam + k * loglam - lgamma (k + 1.0))
      return (guint64) k;
  }
}

/* ------------------------------------------------------------------------ */

static GstNeuroSrcKind
gst_neuro_src_pattern_kind (GstNeuroSrcPattern pattern)
{
  switch (pattern) {
    case GST_NEURO_SRC_PATTERN_POISSON:
    case GST_NEURO_SRC_PATTERN_WAVE:
      return GST_NEURO_SRC_KIND_SPIKES;
    case GST_NEURO_SRC_PATTERN_MEMBRANE:
    case GST_NEURO_SRC_PATTERN_SINES:
    case GST_NEURO_SRC_PATTERN_LEARNING:
      return GST_NEURO_SRC_KIND_SIGNAL;
    default:
      return GST_NEURO_SRC_KIND_FRAME;
  }
}

static gboolean
is_connectivity (GstNeuroSrcPattern pattern)
{
  return pattern == GST_NEURO_SRC_PATTERN_CONNECTIVITY ||
      pattern == GST_NEURO_SRC_PATTERN_MODULATED_CONNECTIVITY;
}

static gint
config_units (const GstNeuroSrcConfig * c)
{
  if (is_connectivity (c->pattern) && !c->units_set)
    return DEFAULT_CONNECTIVITY_UNITS;
  return c->units;
}

static gdouble
config_rate (const GstNeuroSrcConfig * c)
{
  if (c->rate > 0.0)
    return c->rate;
  switch (c->pattern) {
    case GST_NEURO_SRC_PATTERN_MEMBRANE:
    case GST_NEURO_SRC_PATTERN_SINES:
      return DEFAULT_SIGNAL_RATE;
    case GST_NEURO_SRC_PATTERN_LEARNING:
      return DEFAULT_LEARNING_RATE;
    default:
      return DEFAULT_FRAME_RATE;
  }
}

static GstCaps *
gst_neuro_src_get_caps (GstBaseSrc * bsrc, GstCaps * filter)
{
  GstNeuroSrc *src = GST_NEURO_SRC (bsrc);
  GstNeuroSrcPattern pattern;
  GstCaps *caps;
  gint units;

  GST_OBJECT_LOCK (src);
  pattern = src->props.pattern;
  units = config_units (&src->props);
  GST_OBJECT_UNLOCK (src);

  /* Properties only give the values fixation aims for: a capsfilter
   * downstream may choose other sizes and rates. */
  switch (gst_neuro_src_pattern_kind (pattern)) {
    case GST_NEURO_SRC_KIND_SPIKES:
      caps = gst_caps_from_string (NEURO_SPIKES_CAPS);
      break;
    case GST_NEURO_SRC_KIND_SIGNAL:
      caps = gst_caps_from_string (NEURO_SIGNAL_CAPS);
      if (pattern == GST_NEURO_SRC_PATTERN_LEARNING)
        gst_caps_set_simple (caps, "channels", G_TYPE_INT, 2, NULL);
      break;
    default:
      caps = gst_caps_from_string (NEURO_FRAME_CAPS);
      if (is_connectivity (pattern) && units <= NEURO_MAX_DIM)
        gst_caps_set_simple (caps, "width", G_TYPE_INT, units,
            "height", G_TYPE_INT, units, NULL);
      break;
  }

  if (filter) {
    GstCaps *tmp = gst_caps_intersect_full (filter, caps,
        GST_CAPS_INTERSECT_FIRST);

    gst_caps_unref (caps);
    caps = tmp;
  }
  return caps;
}

static GstCaps *
gst_neuro_src_fixate (GstBaseSrc * bsrc, GstCaps * caps)
{
  GstNeuroSrc *src = GST_NEURO_SRC (bsrc);
  GstNeuroSrcConfig c;
  GstStructure *s;

  GST_OBJECT_LOCK (src);
  c = src->props;
  GST_OBJECT_UNLOCK (src);

  caps = gst_caps_truncate (gst_caps_make_writable (caps));
  s = gst_caps_get_structure (caps, 0);

  if (gst_structure_has_name (s, NEURO_SPIKES_MEDIA_TYPE)) {
    gst_structure_fixate_field_nearest_int (s, "units", config_units (&c));
  } else if (gst_structure_has_name (s, NEURO_SIGNAL_MEDIA_TYPE)) {
    gst_structure_fixate_field_string (s, "format", "F32LE");
    gst_structure_fixate_field_nearest_int (s, "channels", c.channels);
    gst_structure_fixate_field_nearest_double (s, "rate", config_rate (&c));
  } else if (gst_structure_has_name (s, NEURO_FRAME_MEDIA_TYPE)) {
    gint n, d;

    gst_structure_fixate_field_string (s, "format", "F32LE");
    if (is_connectivity (c.pattern)) {
      gst_structure_fixate_field_nearest_int (s, "width", config_units (&c));
      gst_structure_fixate_field_nearest_int (s, "height", config_units (&c));
    } else {
      gst_structure_fixate_field_nearest_int (s, "width", c.width);
      gst_structure_fixate_field_nearest_int (s, "height", c.height);
    }
    gst_util_double_to_fraction (config_rate (&c), &n, &d);
    gst_structure_fixate_field_nearest_fraction (s, "framerate", n, d);
  }

  GST_DEBUG_OBJECT (src, "fixated to %" GST_PTR_FORMAT, caps);
  return GST_BASE_SRC_CLASS (parent_class)->fixate (bsrc, caps);
}

/* ------------------------------------------------------------------------ */
/* Tables derived from the seed; rebuilt whenever the format changes. */

static void
gst_neuro_src_build_poisson (GstNeuroSrc * src)
{
  const GstNeuroSrcConfig *c = &src->cfg;
  gint n = src->units, i, j;
  gdouble acc = 0.0;
  NeuroRng r;

  src->cum_rates = g_new (gdouble, n);
  rng_init (&r, c->seed, 0, STREAM_RATES);
  for (i = 0; i < n; i++) {
    acc += c->rate_min + (c->rate_max - c->rate_min) * rng_uniform (&r);
    src->cum_rates[i] = acc;
  }
  src->total_rate = acc;

  /* guide[j] is the first unit whose cumulative rate passes j/n of the
   * total, so the binary search only looks at a few entries */
  src->guide = g_new (guint32, n + 1);
  i = 0;
  for (j = 0; j < n; j++) {
    gdouble x = acc * j / n;

    while (i < n - 1 && src->cum_rates[i] <= x)
      i++;
    src->guide[j] = i;
  }
  src->guide[n] = n - 1;
}

static inline guint32
gst_neuro_src_pick_unit (GstNeuroSrc * src, gdouble u)
{
  gint n = src->units;
  gdouble x = u * src->total_rate;
  gint64 j = (gint64) (u * n);
  guint32 lo, hi;

  if (j >= n)
    j = n - 1;
  lo = src->guide[j];
  hi = src->guide[j + 1];
  /* first unit with cum_rates[unit] > x, within [lo, hi] */
  while (lo < hi) {
    guint32 mid = lo + (hi - lo) / 2;

    if (src->cum_rates[mid] > x)
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

static void
gst_neuro_src_build_tables (GstNeuroSrc * src)
{
  const GstNeuroSrcConfig *c = &src->cfg;
  NeuroRng r;
  gint i, j;

  gst_neuro_src_free_tables (src);

  switch (c->pattern) {
    case GST_NEURO_SRC_PATTERN_POISSON:
      gst_neuro_src_build_poisson (src);
      break;
    case GST_NEURO_SRC_PATTERN_SINES:
      src->phases = g_new (gdouble, src->channels);
      rng_init (&r, c->seed, 0, STREAM_PHASES);
      for (i = 0; i < src->channels; i++)
        src->phases[i] = 2.0 * G_PI * rng_uniform (&r);
      break;
    case GST_NEURO_SRC_PATTERN_HOTSPOTS:
      /* the tutorial draws randint(10, 40) on a 50-cell grid */
      rng_init (&r, c->seed, 0, STREAM_HOTSPOTS);
      for (i = 0; i < N_HOTSPOTS; i++) {
        src->hotspots[i][0] = src->height * (10 + rng_below (&r, 30)) / 50.0;
        src->hotspots[i][1] = src->width * (10 + rng_below (&r, 30)) / 50.0;
      }
      break;
    case GST_NEURO_SRC_PATTERN_SPIRAL:
      src->phase_map = g_new (gfloat, (gsize) src->width * src->height);
      for (i = 0; i < src->height; i++) {
        gdouble y = src->height > 1 ? -2.0 + 4.0 * i / (src->height - 1) : -2;

        for (j = 0; j < src->width; j++) {
          gdouble x = src->width > 1 ? -2.0 + 4.0 * j / (src->width - 1) : -2;

          src->phase_map[(gsize) i * src->width + j] =
              3.0 * atan2 (y, x) - sqrt (x * x + y * y);
        }
      }
      break;
    case GST_NEURO_SRC_PATTERN_CONNECTIVITY:{
      gint n = src->width;

      src->base_matrix = g_new0 (gfloat, (gsize) n * n);
      src->conn_state = g_new0 (gfloat, (gsize) n * n);
      rng_init (&r, c->seed, 0, STREAM_CONN_BASE);
      for (i = 0; i < n; i++) {
        for (j = i + 1; j < n; j++) {
          gfloat w = (gfloat) (2.0 * rng_uniform (&r) - 1.0);

          src->base_matrix[(gsize) i * n + j] = w;
          src->base_matrix[(gsize) j * n + i] = w;
        }
      }
      src->conn_frame = -1;
      break;
    }
    case GST_NEURO_SRC_PATTERN_MODULATED_CONNECTIVITY:{
      gsize k, nn = (gsize) src->width * src->height;

      src->base_matrix = g_new (gfloat, nn);
      rng_init (&r, c->seed, 0, STREAM_MODULATED_BASE);
      for (k = 0; k < nn; k++)
        src->base_matrix[k] = (gfloat) rng_gauss (&r);
      break;
    }
    default:
      break;
  }
}

static gboolean
gst_neuro_src_set_caps (GstBaseSrc * bsrc, GstCaps * caps)
{
  GstNeuroSrc *src = GST_NEURO_SRC (bsrc);
  const GstNeuroSrcConfig *c = &src->cfg;
  GstNeuroSrcKind kind = gst_neuro_src_pattern_kind (c->pattern);
  gboolean had_caps = src->have_caps;

  GST_DEBUG_OBJECT (src, "caps %" GST_PTR_FORMAT, caps);

  switch (kind) {
    case GST_NEURO_SRC_KIND_SPIKES:{
      NeuroSpikesInfo info;
      gdouble per_slice;

      if (!neuro_spikes_info_from_caps (&info, caps))
        goto invalid_caps;
      src->units = info.units;
      per_slice = (c->pattern == GST_NEURO_SRC_PATTERN_WAVE ?
          WAVE_MAX_RATE * info.units : c->rate_max * info.units) *
          c->slice_duration / (gdouble) GST_SECOND;
      if (per_slice > MAX_SPIKES_PER_SLICE) {
        GST_ELEMENT_ERROR (src, RESOURCE, SETTINGS,
            ("Too many spikes per buffer for units=%d: about %.0f, at most %d.",
                info.units, per_slice, MAX_SPIKES_PER_SLICE),
            ("Reduce slice-duration (now %" GST_TIME_FORMAT "), units or "
                "rate-max", GST_TIME_ARGS (c->slice_duration)));
        return FALSE;
      }
      break;
    }
    case GST_NEURO_SRC_KIND_SIGNAL:{
      NeuroSignalInfo info;
      guint64 bytes;

      if (!neuro_signal_info_from_caps (&info, caps))
        goto invalid_caps;
      if (c->pattern == GST_NEURO_SRC_PATTERN_LEARNING && info.channels != 2)
        goto invalid_caps;
      src->channels = info.channels;
      gst_util_double_to_fraction (info.rate, &src->rate_n, &src->rate_d);
      if (src->rate_n <= 0 || src->rate_d <= 0)
        goto invalid_caps;
      if (c->samples_per_buffer > 0)
        src->spb = c->samples_per_buffer;
      else
        src->spb = MAX (1, (gint) (info.rate / 100.0 + 0.5));
      bytes = (guint64) src->spb * src->channels * sizeof (gfloat);
      if (bytes > G_MAXINT32) {
        GST_ELEMENT_ERROR (src, RESOURCE, SETTINGS,
            ("Buffers of %d samples x %d channels are too large "
                "(%" G_GUINT64_FORMAT " bytes).", src->spb, src->channels,
                bytes), ("Reduce samples-per-buffer or channels"));
        return FALSE;
      }
      break;
    }
    case GST_NEURO_SRC_KIND_FRAME:{
      NeuroFrameInfo info;

      if (!neuro_frame_info_from_caps (&info, caps))
        goto invalid_caps;
      if (is_connectivity (c->pattern) && info.width != info.height) {
        GST_ELEMENT_ERROR (src, CORE, NEGOTIATION,
            ("Connectivity matrices are square, but width=%d and height=%d "
                "were negotiated.", info.width, info.height), (NULL));
        return FALSE;
      }
      src->width = info.width;
      src->height = info.height;
      src->units = info.width;
      src->fps_n = info.fps_n;
      src->fps_d = info.fps_d;
      if (src->fps_d <= 0)
        goto invalid_caps;
      break;
    }
  }

  src->kind = kind;
  gst_neuro_src_build_tables (src);
  src->have_caps = TRUE;

  /* a new rate renumbers the counter: continue after the last buffer */
  if (had_caps) {
    src->counter_valid = FALSE;
    src->remap_ceil = TRUE;
  }
  return TRUE;

invalid_caps:
  GST_ELEMENT_ERROR (src, CORE, NEGOTIATION,
      ("Caps %" GST_PTR_FORMAT " do not fit pattern %d.", caps, c->pattern),
      (NULL));
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Timing: the counter numbers slices (spikes), sample frames (signals) or
 * frames; times are always computed from it, never accumulated. */

static GstClockTime
gst_neuro_src_unit_time (GstNeuroSrc * src, guint64 u)
{
  switch (src->kind) {
    case GST_NEURO_SRC_KIND_SPIKES:
      return gst_util_uint64_scale (u, src->cfg.slice_duration, 1);
    case GST_NEURO_SRC_KIND_SIGNAL:
      return gst_util_uint64_scale (u, GST_SECOND * (guint64) src->rate_d,
          src->rate_n);
    default:
      if (src->fps_n == 0)
        return 0;
      return gst_util_uint64_scale (u, GST_SECOND * (guint64) src->fps_d,
          src->fps_n);
  }
}

static guint64
gst_neuro_src_time_to_unit (GstNeuroSrc * src, GstClockTime t, gboolean ceil)
{
  guint64 num, den;

  switch (src->kind) {
    case GST_NEURO_SRC_KIND_SPIKES:
      num = 1;
      den = src->cfg.slice_duration;
      break;
    case GST_NEURO_SRC_KIND_SIGNAL:
      num = src->rate_n;
      den = GST_SECOND * (guint64) src->rate_d;
      break;
    default:
      if (src->fps_n == 0)
        return t > 0 ? 1 : 0;
      num = src->fps_n;
      den = GST_SECOND * (guint64) src->fps_d;
      break;
  }
  return ceil ? gst_util_uint64_scale_ceil (t, num, den) :
      gst_util_uint64_scale (t, num, den);
}

/* the length of one buffer, for latency */
static GstClockTime
gst_neuro_src_buffer_duration (GstNeuroSrc * src)
{
  switch (src->kind) {
    case GST_NEURO_SRC_KIND_SIGNAL:
      return gst_neuro_src_unit_time (src, src->spb);
    case GST_NEURO_SRC_KIND_SPIKES:
      return src->cfg.slice_duration;
    default:
      return src->fps_n ? gst_neuro_src_unit_time (src, 1) : 0;
  }
}

static gboolean
gst_neuro_src_check_config (GstNeuroSrc * src)
{
  const GstNeuroSrcConfig *c = &src->cfg;
  GstNeuroSrcKind kind = gst_neuro_src_pattern_kind (c->pattern);
  gint units = config_units (c);

  if (kind == GST_NEURO_SRC_KIND_SPIKES && units > NEURO_MAX_UNITS) {
    GST_ELEMENT_ERROR (src, RESOURCE, SETTINGS,
        ("units=%d is too large; at most %d units are supported.", units,
            NEURO_MAX_UNITS), (NULL));
    return FALSE;
  }
  if (kind == GST_NEURO_SRC_KIND_SPIKES && c->rate_min > c->rate_max) {
    GST_ELEMENT_ERROR (src, RESOURCE, SETTINGS,
        ("rate-min (%g Hz) is above rate-max (%g Hz).", c->rate_min,
            c->rate_max), (NULL));
    return FALSE;
  }
  if (kind == GST_NEURO_SRC_KIND_SIGNAL && c->channels > NEURO_MAX_CHANNELS) {
    GST_ELEMENT_ERROR (src, RESOURCE, SETTINGS,
        ("channels=%d is too large; at most %d channels are supported.",
            c->channels, NEURO_MAX_CHANNELS), (NULL));
    return FALSE;
  }
  if (kind == GST_NEURO_SRC_KIND_FRAME) {
    gint w = is_connectivity (c->pattern) ? units : c->width;
    gint h = is_connectivity (c->pattern) ? units : c->height;
    guint64 bytes = (guint64) w * h * sizeof (gfloat);

    if (w > NEURO_MAX_DIM || h > NEURO_MAX_DIM || bytes > G_MAXINT32) {
      GST_ELEMENT_ERROR (src, RESOURCE, SETTINGS,
          ("A %d x %d matrix is too large: width and height must be at "
              "most %d and a matrix at most 2 GiB.", w, h, NEURO_MAX_DIM),
          (is_connectivity (c->pattern) ? "the connectivity size is 'units'" :
              "set 'width' and 'height'"));
      return FALSE;
    }
  }
  return TRUE;
}

static gboolean
gst_neuro_src_start (GstBaseSrc * bsrc)
{
  GstNeuroSrc *src = GST_NEURO_SRC (bsrc);

  GST_OBJECT_LOCK (src);
  src->cfg = src->props;
  src->flushing = FALSE;
  /* GstBaseSrc leaves the duration of TIME segments to the subclass; it is
   * used by the SEEKING query and sent in the segment event */
  bsrc->segment.duration = src->cfg.duration;
  GST_OBJECT_UNLOCK (src);

  if (!gst_neuro_src_check_config (src))
    return FALSE;

  src->have_caps = FALSE;
  src->next_time = 0;
  src->counter = 0;
  src->counter_valid = FALSE;
  src->remap_ceil = FALSE;
  src->stop_time = src->cfg.duration;
  src->ts_offset = 0;
  src->ts_offset_valid = FALSE;
  return TRUE;
}

static gboolean
gst_neuro_src_stop (GstBaseSrc * bsrc)
{
  GstNeuroSrc *src = GST_NEURO_SRC (bsrc);

  gst_neuro_src_free_tables (src);
  src->have_caps = FALSE;
  return TRUE;
}

static gboolean
gst_neuro_src_is_seekable (GstBaseSrc * bsrc)
{
  /* a live source follows the clock and cannot jump */
  return !gst_base_src_is_live (bsrc);
}

static gboolean
gst_neuro_src_do_seek (GstBaseSrc * bsrc, GstSegment * segment)
{
  GstNeuroSrc *src = GST_NEURO_SRC (bsrc);
  GstClockTime stop = src->cfg.duration;

  GST_DEBUG_OBJECT (src, "seeking %" GST_SEGMENT_FORMAT, segment);

  if (segment->rate < 0.0) {
    GST_WARNING_OBJECT (src, "reverse playback is not supported");
    return FALSE;
  }

  /* may come before negotiation (a seek in READY): keep the time and
   * compute the counter when the format is known */
  src->next_time = segment->position;
  src->counter_valid = FALSE;
  src->remap_ceil = FALSE;

  if (GST_CLOCK_TIME_IS_VALID (segment->stop))
    stop = GST_CLOCK_TIME_IS_VALID (stop) ? MIN (stop, segment->stop) :
        segment->stop;
  src->stop_time = stop;
  return TRUE;
}

static gboolean
gst_neuro_src_convert (GstNeuroSrc * src, GstFormat src_fmt, gint64 src_val,
    GstFormat dest_fmt, gint64 * dest_val)
{
  guint64 bpu = 0;              /* bytes per counter unit */
  GstClockTime t;

  if (src_fmt == dest_fmt || src_val == -1) {
    *dest_val = src_val;
    return TRUE;
  }
  if (!src->have_caps)
    return FALSE;

  if (src->kind == GST_NEURO_SRC_KIND_SIGNAL)
    bpu = (guint64) src->channels * sizeof (gfloat);
  else if (src->kind == GST_NEURO_SRC_KIND_FRAME)
    bpu = (guint64) src->width * src->height * sizeof (gfloat);

  switch (src_fmt) {
    case GST_FORMAT_TIME:
      t = src_val;
      break;
    case GST_FORMAT_DEFAULT:
      t = gst_neuro_src_unit_time (src, src_val);
      break;
    case GST_FORMAT_BYTES:
      if (bpu == 0)
        return FALSE;
      t = gst_neuro_src_unit_time (src, src_val / bpu);
      break;
    default:
      return FALSE;
  }

  switch (dest_fmt) {
    case GST_FORMAT_TIME:
      *dest_val = t;
      break;
    case GST_FORMAT_DEFAULT:
      *dest_val = gst_neuro_src_time_to_unit (src, t, FALSE);
      break;
    case GST_FORMAT_BYTES:
      if (bpu == 0)
        return FALSE;
      *dest_val = gst_neuro_src_time_to_unit (src, t, FALSE) * bpu;
      break;
    default:
      return FALSE;
  }
  return TRUE;
}

static gboolean
gst_neuro_src_query (GstBaseSrc * bsrc, GstQuery * query)
{
  GstNeuroSrc *src = GST_NEURO_SRC (bsrc);

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_DURATION:{
      GstFormat format;
      GstClockTime duration;
      gint64 val;

      gst_query_parse_duration (query, &format, NULL);
      GST_OBJECT_LOCK (src);
      duration = src->props.duration;
      GST_OBJECT_UNLOCK (src);
      if (!GST_CLOCK_TIME_IS_VALID (duration))
        return FALSE;
      if (!gst_neuro_src_convert (src, GST_FORMAT_TIME, duration, format,
              &val))
        return FALSE;
      gst_query_set_duration (query, format, val);
      return TRUE;
    }
    case GST_QUERY_CONVERT:{
      GstFormat src_fmt, dest_fmt;
      gint64 src_val, dest_val;

      gst_query_parse_convert (query, &src_fmt, &src_val, &dest_fmt, NULL);
      if (!gst_neuro_src_convert (src, src_fmt, src_val, dest_fmt, &dest_val))
        return FALSE;
      gst_query_set_convert (query, src_fmt, src_val, dest_fmt, dest_val);
      return TRUE;
    }
    case GST_QUERY_LATENCY:{
      /* live: a buffer leaves once the clock has passed its end */
      if (gst_base_src_is_live (bsrc) && src->have_caps) {
        GstClockTime latency = gst_neuro_src_buffer_duration (src);

        gst_query_set_latency (query, TRUE, latency, GST_CLOCK_TIME_NONE);
        GST_DEBUG_OBJECT (src, "latency %" GST_TIME_FORMAT,
            GST_TIME_ARGS (latency));
        return TRUE;
      }
      break;
    }
    default:
      break;
  }
  return GST_BASE_SRC_CLASS (parent_class)->query (bsrc, query);
}

static gboolean
gst_neuro_src_unlock (GstBaseSrc * bsrc)
{
  GstNeuroSrc *src = GST_NEURO_SRC (bsrc);

  GST_OBJECT_LOCK (src);
  src->flushing = TRUE;
  if (src->clock_id)
    gst_clock_id_unschedule (src->clock_id);
  GST_OBJECT_UNLOCK (src);
  return TRUE;
}

static gboolean
gst_neuro_src_unlock_stop (GstBaseSrc * bsrc)
{
  GstNeuroSrc *src = GST_NEURO_SRC (bsrc);

  GST_OBJECT_LOCK (src);
  src->flushing = FALSE;
  GST_OBJECT_UNLOCK (src);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Generators.  Each fills the buffer for counter values [first, first+n);
 * times in seconds are stream times, without the live offset, so the data
 * never depend on when the pipeline started. */

static gdouble *
gst_neuro_src_scratch (GstNeuroSrc * src, gsize n)
{
  if (n > src->scratch_len) {
    g_free (src->scratch);
    src->scratch_len = MAX (n, 2 * src->scratch_len);
    src->scratch = g_new (gdouble, src->scratch_len);
  }
  return src->scratch;
}

/* Sorted uniform times for m events in a slice, from normalised sums of
 * exponential spacings: the order statistics of m uniforms without a sort.
 * Returns fractions in (0, 1). */
static gdouble *
gst_neuro_src_sorted_fractions (GstNeuroSrc * src, NeuroRng * r, guint64 m)
{
  gdouble *e = gst_neuro_src_scratch (src, m + 1);
  gdouble acc = 0.0, inv;
  guint64 i;

  for (i = 0; i <= m; i++) {
    acc += -log (1.0 - rng_uniform (r));
    e[i] = acc;
  }
  inv = 1.0 / acc;
  for (i = 0; i < m; i++)
    e[i] *= inv;
  return e;
}

static GstBuffer *
gst_neuro_src_gen_spikes (GstNeuroSrc * src, guint64 slice,
    GstClockTime start, GstClockTime end)
{
  const GstNeuroSrcConfig *c = &src->cfg;
  gboolean wave = c->pattern == GST_NEURO_SRC_PATTERN_WAVE;
  gdouble dt = c->slice_duration / (gdouble) GST_SECOND;
  gdouble period = c->period / (gdouble) GST_SECOND;
  gdouble total = wave ? WAVE_MAX_RATE * src->units : src->total_rate;
  GstBuffer *buf;
  GstMapInfo map;
  NeuroSpike *out;
  NeuroRng r;
  gdouble *frac;
  guint64 m, i, count = 0;

  rng_init (&r, c->seed, slice, STREAM_SPIKES);
  m = rng_poisson (&r, total * dt);
  frac = gst_neuro_src_sorted_fractions (src, &r, m);

  buf = gst_buffer_new_allocate (NULL, m * sizeof (NeuroSpike), NULL);
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  out = (NeuroSpike *) map.data;

  for (i = 0; i < m; i++) {
    GstClockTime t = start + (GstClockTime) (frac[i] * c->slice_duration);
    guint32 unit;

    /* beyond the stop the slice is cut, its spikes unchanged */
    if (t >= end)
      break;

    if (wave) {
      /* thinning of a 20 Hz process down to
       * 10 (1 + sin (2π t / T + 2π u / N)) */
      gdouble ts = t / (gdouble) GST_SECOND, rate;

      unit = rng_below (&r, src->units);
      rate = 10.0 * (1.0 + sin (2.0 * G_PI * ts / period +
              2.0 * G_PI * unit / src->units));
      if (rng_uniform (&r) * WAVE_MAX_RATE >= rate)
        continue;
    } else {
      unit = gst_neuro_src_pick_unit (src, rng_uniform (&r));
    }

    out[count].t = GINT64_TO_LE ((gint64) (t + src->ts_offset));
    out[count].unit = GUINT32_TO_LE (unit);
    out[count].value = 1.0f;
#if G_BYTE_ORDER == G_BIG_ENDIAN
    {
      union
      {
        gfloat f;
        guint32 u;
      } v;
      v.f = 1.0f;
      v.u = GUINT32_TO_LE (v.u);
      out[count].value = v.f;
    }
#endif
    count++;
  }
  gst_buffer_unmap (buf, &map);
  gst_buffer_resize (buf, 0, count * sizeof (NeuroSpike));

  GST_LOG_OBJECT (src, "slice %" G_GUINT64_FORMAT ": %" G_GUINT64_FORMAT
      " spikes", slice, count);
  return buf;
}

static inline void
store_f32le (gfloat * dst, gdouble v)
{
#if G_BYTE_ORDER == G_BIG_ENDIAN
  union
  {
    gfloat f;
    guint32 u;
  } x;
  x.f = (gfloat) v;
  x.u = GUINT32_TO_LE (x.u);
  *dst = x.f;
#else
  *dst = (gfloat) v;
#endif
}

static GstBuffer *
gst_neuro_src_gen_signal (GstNeuroSrc * src, guint64 first, guint n)
{
  const GstNeuroSrcConfig *c = &src->cfg;
  gint ch = src->channels, i;
  gdouble period = c->period / (gdouble) GST_SECOND;
  GstBuffer *buf;
  GstMapInfo map;
  gfloat *out;
  guint k;

  buf = gst_buffer_new_allocate (NULL, (gsize) n * ch * sizeof (gfloat),
      NULL);
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  out = (gfloat *) map.data;

  for (k = 0; k < n; k++) {
    guint64 idx = first + k;
    gdouble t = (gdouble) idx * src->rate_d / src->rate_n;
    /* 2π t reduced to one turn keeps precision over long streams */
    gdouble turn = 2.0 * G_PI * (t - floor (t));
    NeuroRng r;

    /* noise is keyed by the sample index, so any seek lands on it */
    rng_init (&r, c->seed, idx, STREAM_NOISE);

    switch (c->pattern) {
      case GST_NEURO_SRC_PATTERN_MEMBRANE:{
        gdouble drift = 2.0 * G_PI * fmod (t / period, 1.0);

        for (i = 0; i < ch; i++) {
          gdouble phi = drift + 2.0 * G_PI * i / ch;

          store_f32le (out++, -70.0 + 5.0 * sin (phi) +
              10.0 * sin (turn + phi) + 2.0 * rng_gauss (&r));
        }
        break;
      }
      case GST_NEURO_SRC_PATTERN_SINES:
        for (i = 0; i < ch; i++) {
          gdouble f = 0.5 + 0.5 * i;
          gdouble ph = 2.0 * G_PI * fmod (f * t, 1.0) + src->phases[i];

          store_f32le (out++, sin (ph) * (1.0 + 0.2 * i) +
              0.1 * rng_gauss (&r));
        }
        break;
      case GST_NEURO_SRC_PATTERN_LEARNING:{
        gdouble epoch = (gdouble) idx;

        store_f32le (out++, 1.0 - exp (-epoch / 20.0) + 0.02 * rng_gauss (&r));
        store_f32le (out++, 2.0 * exp (-epoch / 15.0) + 0.05 * rng_gauss (&r));
        break;
      }
      default:
        g_assert_not_reached ();
    }
  }
  gst_buffer_unmap (buf, &map);
  return buf;
}

/* one step of the connectivity pattern's plasticity, frame k-1 -> k */
static void
gst_neuro_src_conn_step (GstNeuroSrc * src, guint64 k, guint8 * active)
{
  const GstNeuroSrcConfig *c = &src->cfg;
  gint n = src->width, i, j;
  gdouble t = src->fps_n ? (gdouble) k * src->fps_d / src->fps_n : 0.0;
  gdouble period = c->period / (gdouble) GST_SECOND;
  gdouble drift = 2.0 * G_PI * fmod (t / period, 1.0);
  gfloat *w = src->conn_state;
  NeuroRng r;

  /* activity: a wave over the units, each unit active with probability
   * 0.5 + 0.4 sin (2π t / T + 2π i / N) */
  rng_init (&r, c->seed, k, STREAM_CONN_ACTIVITY);
  for (i = 0; i < n; i++)
    active[i] = rng_uniform (&r) < 0.5 + 0.4 * sin (drift + 2.0 * G_PI * i / n);

  for (i = 0; i < n; i++) {
    for (j = i + 1; j < n; j++) {
      gfloat v = w[(gsize) i * n + j];

      if (active[i] && active[j])
        v += CONN_POTENTIATION * (1.0f - v);
      else if (active[i] != active[j])
        v -= CONN_DEPRESSION * (1.0f + v);
      v = CLAMP (v, -1.0f, 1.0f);
      w[(gsize) i * n + j] = v;
      w[(gsize) j * n + i] = v;
    }
  }
}

static void
gst_neuro_src_gen_connectivity (GstNeuroSrc * src, guint64 k, gfloat * out)
{
  gsize nn = (gsize) src->width * src->width, i;
  guint8 *active;

  /* the matrix integrates its past: replay from frame 0 when going back */
  if (src->conn_frame < 0 || (guint64) src->conn_frame > k) {
    memcpy (src->conn_state, src->base_matrix, nn * sizeof (gfloat));
    src->conn_frame = 0;
  }
  active = g_malloc (src->width);
  while ((guint64) src->conn_frame < k) {
    src->conn_frame++;
    gst_neuro_src_conn_step (src, src->conn_frame, active);
  }
  g_free (active);

  for (i = 0; i < nn; i++)
    store_f32le (out + i, src->conn_state[i]);
}

static GstBuffer *
gst_neuro_src_gen_frame (GstNeuroSrc * src, guint64 k)
{
  const GstNeuroSrcConfig *c = &src->cfg;
  gint w = src->width, h = src->height, i, j;
  gdouble period = c->period / (gdouble) GST_SECOND;
  gdouble fps = src->fps_n ? (gdouble) src->fps_n / src->fps_d : 0.0;
  gdouble t = fps > 0 ? k / fps : 0.0;
  gdouble cycle = fmod (t / period, 1.0);       /* position in the period */
  GstBuffer *buf;
  GstMapInfo map;
  gfloat *out;
  gdouble *row, *col;

  buf = gst_neuro_src_frame_buffer (src, (gsize) w * h * sizeof (gfloat));
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  out = (gfloat *) map.data;
  row = g_new (gdouble, h);
  col = g_new (gdouble, w);

  switch (c->pattern) {
    case GST_NEURO_SRC_PATTERN_TRAVELING_WAVE:{
      gdouble p = -3.0 + 6.0 * cycle;

      /* exp (-((x - p)² + y²) / 0.8) separates into row × column */
      for (j = 0; j < w; j++) {
        gdouble x = w > 1 ? -3.0 + 6.0 * j / (w - 1) : -3.0;
        col[j] = exp (-(x - p) * (x - p) / 0.8);
      }
      for (i = 0; i < h; i++) {
        gdouble y = h > 1 ? -3.0 + 6.0 * i / (h - 1) : -3.0;
        row[i] = exp (-y * y / 0.8);
      }
      for (i = 0; i < h; i++)
        for (j = 0; j < w; j++)
          store_f32le (out + (gsize) i * w + j, row[i] * col[j]);
      break;
    }
    case GST_NEURO_SRC_PATTERN_SPIRAL:{
      gdouble rot = 2.0 * G_PI * fmod (SPIRAL_TURNS_PER_PERIOD * t / period,
          1.0);
      gsize n = (gsize) w * h, q;

      for (q = 0; q < n; q++)
        store_f32le (out + q, 0.5 * (1.0 + sin (src->phase_map[q] + rot)));
      break;
    }
    case GST_NEURO_SRC_PATTERN_SPREADING:{
      /* frames since the last restart, at the negotiated frame rate */
      gdouble f = cycle * period * fps;
      gdouble radius = 0.5 * f;
      gdouble max_r = sqrt ((gdouble) w * w + (gdouble) h * h) / 2.0 + 1.0;
      gdouble value = exp (-f / 20.0);
      gint ci = h / 2, cj = w / 2;

      radius = MIN (radius, max_r);
      for (i = 0; i < h; i++) {
        for (j = 0; j < w; j++) {
          gdouble d2 = (gdouble) (i - ci) * (i - ci) +
              (gdouble) (j - cj) * (j - cj);
          store_f32le (out + (gsize) i * w + j,
              d2 <= radius * radius ? value : 0.0);
        }
      }
      break;
    }
    case GST_NEURO_SRC_PATTERN_HOTSPOTS:{
      gdouble scale = MIN (w, h) / 50.0;
      gdouble width2 = 50.0 * scale * scale;
      gint s;

      memset (out, 0, (gsize) w * h * sizeof (gfloat));
      for (s = 0; s < N_HOTSPOTS; s++) {
        gdouble cx = src->hotspots[s][0], cy = src->hotspots[s][1];
        gdouble intensity = sin (2.0 * G_PI * t * fps / 20.0 +
            cx / scale / 10.0) * 0.5 + 0.5;

        for (i = 0; i < h; i++)
          row[i] = intensity * exp (-(i - cx) * (i - cx) / width2);
        for (j = 0; j < w; j++)
          col[j] = exp (-(j - cy) * (j - cy) / width2);
        /* accumulate in native floats, converted once below */
        for (i = 0; i < h; i++)
          for (j = 0; j < w; j++)
            out[(gsize) i * w + j] += (gfloat) (row[i] * col[j]);
      }
#if G_BYTE_ORDER == G_BIG_ENDIAN
      for (i = 0; i < w * h; i++)
        store_f32le (out + i, out[i]);
#endif
      break;
    }
    case GST_NEURO_SRC_PATTERN_CONNECTIVITY:
      gst_neuro_src_gen_connectivity (src, k, out);
      break;
    case GST_NEURO_SRC_PATTERN_MODULATED_CONNECTIVITY:{
      gdouble gain = 1.0 + 0.5 * sin (2.0 * G_PI * cycle);
      gsize n = (gsize) w * h, q;

      for (q = 0; q < n; q++)
        store_f32le (out + q, src->base_matrix[q] * gain);
      break;
    }
    default:
      g_assert_not_reached ();
  }

  g_free (row);
  g_free (col);
  gst_buffer_unmap (buf, &map);
  return buf;
}

/* ------------------------------------------------------------------------ */

/* Live: hold the buffer until the clock reaches the end of the data it
 * carries, like a capture device would. */
static GstFlowReturn
gst_neuro_src_wait (GstNeuroSrc * src, GstClockTime running_time)
{
  GstClock *clock;
  GstClockID id;
  GstClockReturn ret;
  GstClockTime base_time;

  GST_OBJECT_LOCK (src);
  if (src->flushing) {
    GST_OBJECT_UNLOCK (src);
    return GST_FLOW_FLUSHING;
  }
  clock = GST_ELEMENT_CLOCK (src);
  if (clock == NULL) {
    GST_OBJECT_UNLOCK (src);
    return GST_FLOW_OK;
  }
  base_time = GST_ELEMENT_CAST (src)->base_time;
  id = src->clock_id = gst_clock_new_single_shot_id (clock,
      base_time + running_time);
  GST_OBJECT_UNLOCK (src);

  ret = gst_clock_id_wait (id, NULL);

  GST_OBJECT_LOCK (src);
  src->clock_id = NULL;
  GST_OBJECT_UNLOCK (src);
  gst_clock_id_unref (id);

  if (ret == GST_CLOCK_UNSCHEDULED)
    return GST_FLOW_FLUSHING;
  return GST_FLOW_OK;
}

static GstFlowReturn
gst_neuro_src_create (GstPushSrc * psrc, GstBuffer ** buffer)
{
  GstNeuroSrc *src = GST_NEURO_SRC (psrc);
  gboolean live = gst_base_src_is_live (GST_BASE_SRC (psrc));
  GstClockTime start, end, stop = src->stop_time;
  guint64 n = 1;
  GstBuffer *buf;

  if (!src->have_caps) {
    GST_ELEMENT_ERROR (src, CORE, NEGOTIATION, (NULL),
        ("no format negotiated before the first buffer"));
    return GST_FLOW_NOT_NEGOTIATED;
  }

  if (!src->counter_valid) {
    src->counter = gst_neuro_src_time_to_unit (src, src->next_time,
        src->remap_ceil);
    src->counter_valid = TRUE;
    GST_DEBUG_OBJECT (src, "counter %" G_GUINT64_FORMAT " for %"
        GST_TIME_FORMAT, src->counter, GST_TIME_ARGS (src->next_time));
  }

  start = gst_neuro_src_unit_time (src, src->counter);
  if (GST_CLOCK_TIME_IS_VALID (stop) && start >= stop)
    return GST_FLOW_EOS;
  if (src->kind == GST_NEURO_SRC_KIND_FRAME && src->fps_n == 0 &&
      src->counter > 0)
    return GST_FLOW_EOS;

  if (src->kind == GST_NEURO_SRC_KIND_SIGNAL) {
    n = src->spb;
    if (GST_CLOCK_TIME_IS_VALID (stop))
      n = MIN (n, gst_neuro_src_time_to_unit (src, stop, TRUE) - src->counter);
  }

  if (src->kind == GST_NEURO_SRC_KIND_FRAME && src->fps_n == 0)
    end = GST_CLOCK_TIME_NONE;
  else
    end = gst_neuro_src_unit_time (src, src->counter + n);
  if (GST_CLOCK_TIME_IS_VALID (stop) && GST_CLOCK_TIME_IS_VALID (end))
    end = MIN (end, stop);

  /* live: stamp with the running time at which capture started */
  if (live && !src->ts_offset_valid) {
    GstClock *clock = gst_element_get_clock (GST_ELEMENT (src));

    src->ts_offset = 0;
    if (clock) {
      GstClockTime now = gst_clock_get_time (clock);
      GstClockTime base = gst_element_get_base_time (GST_ELEMENT (src));

      if (now > base + start)
        src->ts_offset = now - base - start;
      gst_object_unref (clock);
    }
    src->ts_offset_valid = TRUE;
    GST_DEBUG_OBJECT (src, "live, timestamp offset %" GST_TIME_FORMAT,
        GST_TIME_ARGS (src->ts_offset));
  }

  switch (src->kind) {
    case GST_NEURO_SRC_KIND_SPIKES:
      buf = gst_neuro_src_gen_spikes (src, src->counter, start, end);
      break;
    case GST_NEURO_SRC_KIND_SIGNAL:
      buf = gst_neuro_src_gen_signal (src, src->counter, n);
      break;
    default:
      buf = gst_neuro_src_gen_frame (src, src->counter);
      break;
  }

  GST_BUFFER_PTS (buf) = start + src->ts_offset;
  GST_BUFFER_DTS (buf) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DURATION (buf) = GST_CLOCK_TIME_IS_VALID (end) ?
      end - start : GST_CLOCK_TIME_NONE;
  GST_BUFFER_OFFSET (buf) = src->counter;
  GST_BUFFER_OFFSET_END (buf) = src->counter + n;
  if (src->kind == GST_NEURO_SRC_KIND_SPIKES &&
      gst_buffer_get_size (buf) == 0)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_GAP);

  src->counter += n;
  src->next_time = GST_CLOCK_TIME_IS_VALID (end) ? end : start;

  if (live && GST_CLOCK_TIME_IS_VALID (end)) {
    GstFlowReturn ret = gst_neuro_src_wait (src, end + src->ts_offset);

    if (ret != GST_FLOW_OK) {
      gst_buffer_unref (buf);
      return ret;
    }
  }

  *buffer = buf;
  return GST_FLOW_OK;
}
