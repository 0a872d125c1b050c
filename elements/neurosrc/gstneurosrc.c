/* gst-neuroviz — neurosrc: synthetic spikes, signals and activity grids.
 * Copyright (C) 2024 gst-neuroviz contributors
 * SPDX-License-Identifier: LGPL-2.1-or-later
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
 * Seeks work at any rate, reverse too (not with is-live=true, and with a
 * stop or a finite #GstNeuroSrc:duration): in reverse the data come in
 * chunks of 0.5 s (at most 16 MiB of samples or matrices) from the stop
 * down, each forward in time as one buffer list whose first buffer is
 * DISCONT, each reaching back by the "neuroviz-history" of the seek (what
 * the renderer downstream asks for).
 *
 * The element negotiates and keeps time; the data come from one generator
 * per pattern (neurosrcgen.h), chosen when the caps are set.
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
static gboolean gst_neuro_src_event (GstBaseSrc * bsrc,
    GstEvent * event);
static void gst_neuro_src_get_times (GstBaseSrc * bsrc, GstBuffer * buffer,
    GstClockTime * start, GstClockTime * end);
static GstPadProbeReturn gst_neuro_src_live_probe (GstPad * pad,
    GstPadProbeInfo * info, gpointer user_data);
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
  basesrc_class->event = GST_DEBUG_FUNCPTR (gst_neuro_src_event);
  basesrc_class->query = GST_DEBUG_FUNCPTR (gst_neuro_src_query);
  basesrc_class->get_times = GST_DEBUG_FUNCPTR (gst_neuro_src_get_times);
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

  gst_base_src_set_format (GST_BASE_SRC (src), GST_FORMAT_TIME);
  gst_base_src_set_live (GST_BASE_SRC (src), DEFAULT_IS_LIVE);
  gst_pad_add_probe (GST_BASE_SRC_PAD (src), GST_PAD_PROBE_TYPE_BUFFER,
      gst_neuro_src_live_probe, src, NULL);
}

static void
gst_neuro_src_free_format (GstNeuroSrc * src)
{
  neuro_src_gen_clear (&src->gen);
  src->have_caps = FALSE;
  if (src->frame_pool) {
    gst_buffer_pool_set_active (src->frame_pool, FALSE);
    gst_clear_object (&src->frame_pool);
  }
}

static void
gst_neuro_src_finalize (GObject * object)
{
  gst_neuro_src_free_format (GST_NEURO_SRC (object));

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

/* Patterns: one generator each; its kind selects the media type. */

static const NeuroSrcGenerator *const generators[] = {
  [GST_NEURO_SRC_PATTERN_POISSON] = &neuro_src_gen_poisson,
  [GST_NEURO_SRC_PATTERN_WAVE] = &neuro_src_gen_wave,
  [GST_NEURO_SRC_PATTERN_MEMBRANE] = &neuro_src_gen_membrane,
  [GST_NEURO_SRC_PATTERN_SINES] = &neuro_src_gen_sines,
  [GST_NEURO_SRC_PATTERN_LEARNING] = &neuro_src_gen_learning,
  [GST_NEURO_SRC_PATTERN_TRAVELING_WAVE] = &neuro_src_gen_traveling_wave,
  [GST_NEURO_SRC_PATTERN_SPIRAL] = &neuro_src_gen_spiral,
  [GST_NEURO_SRC_PATTERN_SPREADING] = &neuro_src_gen_spreading,
  [GST_NEURO_SRC_PATTERN_HOTSPOTS] = &neuro_src_gen_hotspots,
  [GST_NEURO_SRC_PATTERN_CONNECTIVITY] = &neuro_src_gen_connectivity,
  [GST_NEURO_SRC_PATTERN_MODULATED_CONNECTIVITY] =
      &neuro_src_gen_modulated_connectivity,
};

static NeuroSrcKind
gst_neuro_src_pattern_kind (GstNeuroSrcPattern pattern)
{
  return generators[pattern]->kind;
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
    case NEURO_SRC_KIND_SPIKES:
      caps = gst_caps_from_string (NEURO_SPIKES_CAPS);
      break;
    case NEURO_SRC_KIND_SIGNAL:
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
/* Negotiation: the caps give the format, the format and the properties the
 * generator's parameters. */

/* each format helper posts its own error */
static gboolean
gst_neuro_src_caps_mismatch (GstNeuroSrc * src, GstCaps * caps)
{
  GST_ELEMENT_ERROR (src, CORE, NEGOTIATION,
      ("Caps %" GST_PTR_FORMAT " do not fit pattern %d.", caps,
          src->cfg.pattern), (NULL));
  return FALSE;
}

static gboolean
gst_neuro_src_spikes_format (GstNeuroSrc * src, GstCaps * caps,
    NeuroSrcParams * f)
{
  NeuroSpikesInfo info;

  if (!neuro_spikes_info_from_caps (&info, caps))
    return gst_neuro_src_caps_mismatch (src, caps);
  f->units = info.units;
  return TRUE;
}

static gboolean
gst_neuro_src_signal_format (GstNeuroSrc * src, GstCaps * caps,
    NeuroSrcParams * f)
{
  const GstNeuroSrcConfig *c = &src->cfg;
  NeuroSignalInfo info;
  guint64 bytes;

  if (!neuro_signal_info_from_caps (&info, caps) ||
      (c->pattern == GST_NEURO_SRC_PATTERN_LEARNING && info.channels != 2))
    return gst_neuro_src_caps_mismatch (src, caps);
  f->channels = info.channels;
  gst_util_double_to_fraction (info.rate, &f->rate_n, &f->rate_d);
  if (f->rate_n <= 0 || f->rate_d <= 0)
    return gst_neuro_src_caps_mismatch (src, caps);
  if (c->samples_per_buffer > 0)
    src->spb = c->samples_per_buffer;
  else
    src->spb = MAX (1, (gint) (info.rate / 100.0 + 0.5));
  bytes = (guint64) src->spb * f->channels * sizeof (gfloat);
  if (bytes > G_MAXINT32) {
    GST_ELEMENT_ERROR (src, RESOURCE, SETTINGS,
        ("Buffers of %d samples x %d channels are too large "
            "(%" G_GUINT64_FORMAT " bytes).", src->spb, f->channels,
            bytes), ("Reduce samples-per-buffer or channels"));
    return FALSE;
  }
  return TRUE;
}

static gboolean
gst_neuro_src_frame_format (GstNeuroSrc * src, GstCaps * caps,
    NeuroSrcParams * f)
{
  NeuroFrameInfo info;

  if (!neuro_frame_info_from_caps (&info, caps))
    return gst_neuro_src_caps_mismatch (src, caps);
  if (is_connectivity (src->cfg.pattern) && info.width != info.height) {
    GST_ELEMENT_ERROR (src, CORE, NEGOTIATION,
        ("Connectivity matrices are square, but width=%d and height=%d "
            "were negotiated.", info.width, info.height), (NULL));
    return FALSE;
  }
  f->width = info.width;
  f->height = info.height;
  f->units = info.width;
  f->rate_n = info.fps_n;
  f->rate_d = info.fps_d;
  if (f->rate_d <= 0)
    return gst_neuro_src_caps_mismatch (src, caps);
  return TRUE;
}

static gboolean
gst_neuro_src_set_caps (GstBaseSrc * bsrc, GstCaps * caps)
{
  GstNeuroSrc *src = GST_NEURO_SRC (bsrc);
  const GstNeuroSrcConfig *c = &src->cfg;
  const NeuroSrcGenerator *gen = generators[c->pattern];
  gboolean had_caps = src->have_caps, ok = FALSE;
  NeuroSrcParams f = { 0, };
  GError *err = NULL;

  GST_DEBUG_OBJECT (src, "caps %" GST_PTR_FORMAT, caps);

  f.seed = c->seed;
  f.slice_duration = c->slice_duration;
  f.period = c->period;
  f.rate_min = c->rate_min;
  f.rate_max = c->rate_max;
  switch (gen->kind) {
    case NEURO_SRC_KIND_SPIKES:
      ok = gst_neuro_src_spikes_format (src, caps, &f);
      break;
    case NEURO_SRC_KIND_SIGNAL:
      ok = gst_neuro_src_signal_format (src, caps, &f);
      break;
    case NEURO_SRC_KIND_FRAME:
      ok = gst_neuro_src_frame_format (src, caps, &f);
      break;
  }
  if (!ok)
    return FALSE;

  /* the pattern's generator, with the tables it derives from the seed */
  gst_neuro_src_free_format (src);
  if (!neuro_src_gen_init (&src->gen, gen, &f, &err)) {
    GST_ELEMENT_ERROR (src, RESOURCE, SETTINGS, ("%s", err->message), (NULL));
    g_error_free (err);
    return FALSE;
  }
  src->format = f;
  src->kind = gen->kind;
  src->have_caps = TRUE;

  /* a new rate renumbers the counter: continue after the last buffer */
  if (had_caps) {
    src->counter_valid = FALSE;
    src->remap_ceil = TRUE;
  }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Timing: the counter numbers slices (spikes), sample frames (signals) or
 * frames; times are always computed from it, never accumulated. */

static GstClockTime
gst_neuro_src_unit_time (GstNeuroSrc * src, guint64 u)
{
  const NeuroSrcParams *f = &src->format;

  if (src->kind == NEURO_SRC_KIND_SPIKES)
    return gst_util_uint64_scale (u, src->cfg.slice_duration, 1);
  /* samples or frames; a frame rate of 0 has one frame, at 0 */
  if (f->rate_n == 0)
    return 0;
  return gst_util_uint64_scale (u, GST_SECOND * (guint64) f->rate_d,
      f->rate_n);
}

static guint64
gst_neuro_src_time_to_unit (GstNeuroSrc * src, GstClockTime t, gboolean ceil)
{
  const NeuroSrcParams *f = &src->format;
  guint64 num, den;

  if (src->kind == NEURO_SRC_KIND_SPIKES) {
    num = 1;
    den = src->cfg.slice_duration;
  } else if (f->rate_n == 0) {
    return t > 0 ? 1 : 0;
  } else {
    num = f->rate_n;
    den = GST_SECOND * (guint64) f->rate_d;
  }
  return ceil ? gst_util_uint64_scale_ceil (t, num, den) :
      gst_util_uint64_scale (t, num, den);
}

/* the length of one buffer, for latency */
static GstClockTime
gst_neuro_src_buffer_duration (GstNeuroSrc * src)
{
  switch (src->kind) {
    case NEURO_SRC_KIND_SIGNAL:
      return gst_neuro_src_unit_time (src, src->spb);
    case NEURO_SRC_KIND_SPIKES:
      return src->cfg.slice_duration;
    default:
      return src->format.rate_n ? gst_neuro_src_unit_time (src, 1) : 0;
  }
}

static gboolean
gst_neuro_src_check_config (GstNeuroSrc * src)
{
  const GstNeuroSrcConfig *c = &src->cfg;
  NeuroSrcKind kind = gst_neuro_src_pattern_kind (c->pattern);
  gint units = config_units (c);

  if (kind == NEURO_SRC_KIND_SPIKES && units > NEURO_MAX_UNITS) {
    GST_ELEMENT_ERROR (src, RESOURCE, SETTINGS,
        ("units=%d is too large; at most %d units are supported.", units,
            NEURO_MAX_UNITS), (NULL));
    return FALSE;
  }
  if (kind == NEURO_SRC_KIND_SPIKES && c->rate_min > c->rate_max) {
    GST_ELEMENT_ERROR (src, RESOURCE, SETTINGS,
        ("rate-min (%g Hz) is above rate-max (%g Hz).", c->rate_min,
            c->rate_max), (NULL));
    return FALSE;
  }
  if (kind == NEURO_SRC_KIND_SIGNAL && c->channels > NEURO_MAX_CHANNELS) {
    GST_ELEMENT_ERROR (src, RESOURCE, SETTINGS,
        ("channels=%d is too large; at most %d channels are supported.",
            c->channels, NEURO_MAX_CHANNELS), (NULL));
    return FALSE;
  }
  if (kind == NEURO_SRC_KIND_FRAME) {
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
  src->reverse = FALSE;
  return TRUE;
}

static gboolean
gst_neuro_src_stop (GstBaseSrc * bsrc)
{
  GstNeuroSrc *src = GST_NEURO_SRC (bsrc);

  gst_neuro_src_free_format (src);
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

  src->reverse = FALSE;
  if (segment->rate < 0.0) {
    /* chunks go down from the stop, which must be known */
    if (GST_CLOCK_TIME_IS_VALID (segment->stop))
      stop = GST_CLOCK_TIME_IS_VALID (stop) ? MIN (stop, segment->stop) :
          segment->stop;
    if (gst_base_src_is_live (bsrc)) {
      GST_DEBUG_OBJECT (src, "refusing reverse playback: the source is live");
      return FALSE;
    }
    if (!GST_CLOCK_TIME_IS_VALID (stop)) {
      GST_DEBUG_OBJECT (src, "refusing reverse playback: it starts at the "
          "segment's stop, and there is no stop nor a duration");
      return FALSE;
    }
    if (segment->start >= stop) {
      GST_DEBUG_OBJECT (src, "refusing reverse playback from %"
          GST_TIME_FORMAT ": past the end (%" GST_TIME_FORMAT ")",
          GST_TIME_ARGS (segment->start), GST_TIME_ARGS (stop));
      return FALSE;
    }
    segment->stop = segment->position = stop;
    src->reverse = TRUE;
    src->rev_start = segment->start;
    src->rev_end = stop;
    src->counter_valid = FALSE;
    src->remap_ceil = FALSE;
    src->stop_time = stop;
    return TRUE;
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

/* a reverse seek from a renderer says how far each chunk must reach back
 * (its history and a frame) */
static gboolean
gst_neuro_src_event (GstBaseSrc * bsrc, GstEvent * event)
{
  if (GST_EVENT_TYPE (event) == GST_EVENT_SEEK) {
    /* (before the seek is done, in this thread) */
    GST_NEURO_SRC (bsrc)->rev_history = neuro_seek_get_history (event);
  }
  return GST_BASE_SRC_CLASS (parent_class)->event (bsrc, event);
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

  if (src->kind == NEURO_SRC_KIND_SIGNAL)
    bpu = (guint64) src->format.channels * sizeof (gfloat);
  else if (src->kind == NEURO_SRC_KIND_FRAME)
    bpu = (guint64) src->format.width * src->format.height * sizeof (gfloat);

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

/* ------------------------------------------------------------------------ */
/* Streaming */

/* The next buffer's counter range and stream times; FALSE at the end. */
static gboolean
gst_neuro_src_next_chunk (GstNeuroSrc * src, NeuroSrcChunk * chunk)
{
  GstClockTime stop = src->stop_time;
  guint64 n = 1;

  if (!src->counter_valid) {
    src->counter = gst_neuro_src_time_to_unit (src, src->next_time,
        src->remap_ceil);
    src->counter_valid = TRUE;
    GST_DEBUG_OBJECT (src, "counter %" G_GUINT64_FORMAT " for %"
        GST_TIME_FORMAT, src->counter, GST_TIME_ARGS (src->next_time));
  }

  chunk->index = src->counter;
  chunk->start = gst_neuro_src_unit_time (src, src->counter);
  if (GST_CLOCK_TIME_IS_VALID (stop) && chunk->start >= stop)
    return FALSE;
  /* a frame rate of 0: one frame */
  if (src->kind == NEURO_SRC_KIND_FRAME && src->format.rate_n == 0 &&
      src->counter > 0)
    return FALSE;

  if (src->kind == NEURO_SRC_KIND_SIGNAL) {
    n = src->spb;
    if (GST_CLOCK_TIME_IS_VALID (stop))
      n = MIN (n, gst_neuro_src_time_to_unit (src, stop, TRUE) - src->counter);
  }
  chunk->n = n;

  if (src->kind == NEURO_SRC_KIND_FRAME && src->format.rate_n == 0)
    chunk->end = GST_CLOCK_TIME_NONE;
  else
    chunk->end = gst_neuro_src_unit_time (src, src->counter + n);
  if (GST_CLOCK_TIME_IS_VALID (stop) && GST_CLOCK_TIME_IS_VALID (chunk->end))
    chunk->end = MIN (chunk->end, stop);
  return TRUE;
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

/* the data of @chunk, from the pattern's generator */
static GstBuffer *
gst_neuro_src_generate (GstNeuroSrc * src, const NeuroSrcChunk * chunk)
{
  gsize size = neuro_src_gen_size (&src->gen, chunk), written;
  GstBuffer *buf;
  GstMapInfo map;

  if (src->kind == NEURO_SRC_KIND_FRAME)
    buf = gst_neuro_src_frame_buffer (src, size);
  else
    buf = gst_buffer_new_allocate (NULL, size, NULL);
  if (buf == NULL || !gst_buffer_map (buf, &map, GST_MAP_WRITE)) {
    GST_ELEMENT_ERROR (src, RESOURCE, NO_SPACE_LEFT,
        ("Could not allocate and map a buffer of %" G_GSIZE_FORMAT " bytes.",
            size), (NULL));
    if (buf)
      gst_buffer_unref (buf);
    return NULL;
  }
  written = neuro_src_gen_fill (&src->gen, chunk, map.data);
  gst_buffer_unmap (buf, &map);
  if (written < size)
    gst_buffer_resize (buf, 0, written);
  return buf;
}

static GstFlowReturn gst_neuro_src_create_one (GstNeuroSrc * src,
    GstBuffer ** buffer);

/* Reverse: the next chunk, [cs - history, ce) as one buffer list, forward
 * in time (GstBaseSrc marks its first buffer DISCONT).  A chunk's frames
 * take REVERSE_CHUNK of data (or REVERSE_CHUNK_BYTES of signal samples
 * or matrices, at least one counter unit); the last one goes down to the
 * segment's start. */
#define REVERSE_CHUNK (500 * GST_MSECOND)
#define REVERSE_CHUNK_BYTES (16 << 20)
static GstFlowReturn
gst_neuro_src_create_reverse (GstNeuroSrc * src)
{
  GstClockTime ce = src->rev_end, cs, from, unit_dur, span = REVERSE_CHUNK;
  guint64 bpu = 0, u, g;
  GstBufferList *list;
  GstFlowReturn ret = GST_FLOW_OK;

  if (ce <= src->rev_start)
    return GST_FLOW_EOS;
  unit_dur = gst_neuro_src_buffer_duration (src);
  if (src->kind == NEURO_SRC_KIND_SIGNAL)
    bpu = (guint64) src->format.channels * sizeof (gfloat);
  else if (src->kind == NEURO_SRC_KIND_FRAME)
    bpu = (guint64) src->format.width * src->format.height * sizeof (gfloat);
  if (bpu > 0 && src->kind != NEURO_SRC_KIND_SPIKES)
    span = MIN (span, gst_neuro_src_unit_time (src,
            MAX (REVERSE_CHUNK_BYTES / bpu, 1)));
  /* on the buffer grid of a run from 0 (signals: spb samples), so that a
   * window ending on a buffer's edge gets the same data as there; at least
   * one buffer */
  g = src->kind == NEURO_SRC_KIND_SIGNAL ? MAX (src->spb, 1) : 1;
  cs = ce > span ? ce - span : 0;
  u = gst_neuro_src_time_to_unit (src, cs, FALSE) / g * g;
  cs = gst_neuro_src_unit_time (src, u);
  if (cs >= ce && u >= g)
    cs = gst_neuro_src_unit_time (src, u - g);
  /* a chunk whose history reaches the start is the last */
  if (cs <= src->rev_start || cs - src->rev_start <= src->rev_history +
      unit_dur)
    cs = src->rev_start;
  from = cs > src->rev_start + src->rev_history ? cs - src->rev_history :
      src->rev_start;

  src->counter = gst_neuro_src_time_to_unit (src, from, FALSE) / g * g;
  src->counter_valid = TRUE;
  src->remap_ceil = FALSE;
  src->stop_time = ce;
  list = gst_buffer_list_new ();
  while (ret == GST_FLOW_OK) {
    GstBuffer *buf = NULL;

    ret = gst_neuro_src_create_one (src, &buf);
    if (ret == GST_FLOW_OK)
      gst_buffer_list_add (list, buf);
  }
  if (ret != GST_FLOW_EOS || gst_buffer_list_length (list) == 0) {
    gst_buffer_list_unref (list);
    return ret;
  }
  GST_DEBUG_OBJECT (src, "reverse chunk %" GST_TIME_FORMAT " - %"
      GST_TIME_FORMAT " (data from %" GST_TIME_FORMAT "), %u buffers",
      GST_TIME_ARGS (cs), GST_TIME_ARGS (ce), GST_TIME_ARGS (from),
      gst_buffer_list_length (list));
  src->rev_end = cs;
  gst_base_src_submit_buffer_list (GST_BASE_SRC (src), list);
  return GST_FLOW_OK;
}

static GstFlowReturn
gst_neuro_src_create (GstPushSrc * psrc, GstBuffer ** buffer)
{
  GstNeuroSrc *src = GST_NEURO_SRC (psrc);

  if (!src->have_caps) {
    GST_ELEMENT_ERROR (src, CORE, NEGOTIATION, (NULL),
        ("no format negotiated before the first buffer"));
    return GST_FLOW_NOT_NEGOTIATED;
  }
  if (src->reverse) {
    *buffer = NULL;
    return gst_neuro_src_create_reverse (src);
  }
  return gst_neuro_src_create_one (src, buffer);
}

static GstFlowReturn
gst_neuro_src_create_one (GstNeuroSrc * src, GstBuffer ** buffer)
{
  NeuroSrcChunk chunk;
  GstBuffer *buf;

  if (!gst_neuro_src_next_chunk (src, &chunk))
    return GST_FLOW_EOS;

  buf = gst_neuro_src_generate (src, &chunk);
  if (buf == NULL)
    return GST_FLOW_ERROR;

  /* stream time; GstBaseSrc adds the live offset */
  GST_BUFFER_PTS (buf) = chunk.start;
  GST_BUFFER_DTS (buf) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DURATION (buf) = GST_CLOCK_TIME_IS_VALID (chunk.end) ?
      chunk.end - chunk.start : GST_CLOCK_TIME_NONE;
  GST_BUFFER_OFFSET (buf) = chunk.index;
  GST_BUFFER_OFFSET_END (buf) = chunk.index + chunk.n;
  if (src->kind == NEURO_SRC_KIND_SPIKES && gst_buffer_get_size (buf) == 0)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_GAP);
  GST_LOG_OBJECT (src, "buffer %" G_GUINT64_FORMAT ", %" G_GSIZE_FORMAT
      " bytes", chunk.index, gst_buffer_get_size (buf));

  src->counter += chunk.n;
  src->next_time = GST_CLOCK_TIME_IS_VALID (chunk.end) ? chunk.end :
      chunk.start;
  *buffer = buf;
  return GST_FLOW_OK;
}

/* Live: GstBaseSrc holds each buffer until the clock reaches the end of the
 * data it carries, as a capture device delivers it, and stamps the stream
 * with the running time at which the first buffer was made. */
static void
gst_neuro_src_get_times (GstBaseSrc * bsrc, GstBuffer * buffer,
    GstClockTime * start, GstClockTime * end)
{
  GstClockTime pts = GST_BUFFER_PTS (buffer);
  GstClockTime duration = GST_BUFFER_DURATION (buffer);

  *start = *end = GST_CLOCK_TIME_NONE;
  if (!gst_base_src_is_live (bsrc) || !GST_CLOCK_TIME_IS_VALID (pts))
    return;
  *start = GST_CLOCK_TIME_IS_VALID (duration) ? pts + duration : pts;
  *end = *start;
}

/* GstBaseSrc moves the PTS of a live stream by its offset after create ();
 * spike records carry times on the PTS timeline, so they move by the same
 * amount here, on their way out. */
static GstPadProbeReturn
gst_neuro_src_live_probe (GstPad * pad, GstPadProbeInfo * info,
    gpointer user_data)
{
  GstNeuroSrc *src = GST_NEURO_SRC (user_data);
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  GstMapInfo map;
  gint64 shift;

  if (src->kind != NEURO_SRC_KIND_SPIKES || !GST_BUFFER_PTS_IS_VALID (buf) ||
      !GST_BUFFER_OFFSET_IS_VALID (buf) || gst_buffer_get_size (buf) == 0)
    return GST_PAD_PROBE_OK;
  shift = GST_CLOCK_DIFF (gst_neuro_src_unit_time (src,
          GST_BUFFER_OFFSET (buf)), GST_BUFFER_PTS (buf));
  if (shift == 0)
    return GST_PAD_PROBE_OK;

  buf = gst_buffer_make_writable (buf);
  GST_PAD_PROBE_INFO_DATA (info) = buf;
  if (!gst_buffer_map (buf, &map, GST_MAP_READWRITE)) {
    GST_ELEMENT_ERROR (src, RESOURCE, FAILED,
        ("Could not map a buffer of spikes to stamp it."), (NULL));
    return GST_PAD_PROBE_DROP;
  }
  neuro_src_spikes_shift ((NeuroSpike *) map.data,
      map.size / sizeof (NeuroSpike), shift);
  gst_buffer_unmap (buf, &map);
  return GST_PAD_PROBE_OK;
}
