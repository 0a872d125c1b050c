/* gst-neuroviz — neurofilesrc: neural data files as streams.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Properties, caps, seeking and create; opening a location (mapping,
 * .npz members, Phy folders, text lists, per-kind checks) is
 * gst-plugins/neurofileopen.c and neurofilesetup.c (shared with
 * neurodecodebin). */
/**
 * SECTION:element-neurofilesrc
 * @title: neurofilesrc
 *
 * Reads neural data files and outputs them as gst-neuroviz streams:
 * spike trains (application/x-neuro-spikes), signals
 * (application/x-neuro-signal) or matrices (application/x-neuro-frame).
 *
 * Understood inputs: NumPy .npy and .npz (Brian2 SpikeMonitor i/t,
 * pynapple t/index, dense [T, N] rasters, [T, C] signals, [T, H, W] grids,
 * [T, N, N] or [N, N] connectivity), Kilosort/Phy output folders, CSV/TSV
 * spike tables and NEST ASCII spike recorder files.  See
 * docs/neurofilesrc.md.
 *
 * Every kind seeks at any rate, reverse too: there the data come in chunks
 * of 0.5 s (at most 16 MiB of samples or matrices, on the buffer grid of a
 * run from 0) from the segment's stop down, each forward in time as one
 * buffer list whose first buffer is DISCONT and each reaching back by the
 * "neuroviz-history" of the seek (what the renderer downstream asks for).
 * A reverse seek past the end of the file is refused.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 -m neurofilesrc location=brunel.npz ! fakesink
 * gst-launch-1.0 neurofilesrc location=brunel.npz key=v dt=0.0001 ! fakesink
 * gst-launch-1.0 neurofilesrc location=kilosort_out/ ! fakesink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstneurofilesrc.h"
#include "lebytes.h"
#include "neurotypes.h"

#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

GST_DEBUG_CATEGORY_STATIC (gst_neuro_file_src_debug);
#define GST_CAT_DEFAULT gst_neuro_file_src_debug

#define DEFAULT_LOCATION NULL
#define DEFAULT_TIMES_LOCATION NULL
#define DEFAULT_KEY NULL
#define DEFAULT_KIND GST_NEURO_FILE_KIND_AUTO
#define DEFAULT_RATE 0.0
#define DEFAULT_DT 0.0
#define DEFAULT_TIME_UNIT GST_NEURO_FILE_TIME_UNIT_AUTO
#define DEFAULT_COLUMNS GST_NEURO_FILE_COLUMNS_AUTO
#define DEFAULT_SLICE_DURATION 0
#define DEFAULT_UNITS 0
#define DEFAULT_MAX_INFLATED_SIZE (G_GUINT64_CONSTANT (4) << 30)
#define DEFAULT_MAX_SPIKES_PER_BUFFER (1000 * 1000)
/* 1.6 GB of records; spikeraster keeps at most this many per window */
#define MAX_SPIKES_PER_BUFFER_MAX (100 * 1000 * 1000)

enum
{
  PROP_0,
  PROP_LOCATION,
  PROP_TIMES_LOCATION,
  PROP_KEY,
  PROP_KIND,
  PROP_RATE,
  PROP_DT,
  PROP_TIME_UNIT,
  PROP_COLUMNS,
  PROP_SLICE_DURATION,
  PROP_UNITS,
  PROP_MAX_INFLATED_SIZE,
  PROP_MAX_SPIKES_PER_BUFFER
};

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (NEURO_SPIKES_CAPS "; " NEURO_SIGNAL_CAPS "; "
        NEURO_FRAME_CAPS));

#define GST_TYPE_NEURO_FILE_KIND (gst_neuro_file_kind_get_type ())
static GType
gst_neuro_file_kind_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_NEURO_FILE_KIND_AUTO, "Detect from keys, dtype and shape", "auto"},
    {GST_NEURO_FILE_KIND_SPIKES, "Spikes (id/time lists or a [T, N] raster)",
        "spikes"},
    {GST_NEURO_FILE_KIND_SIGNAL, "Signal [T] or [T, C]", "signal"},
    {GST_NEURO_FILE_KIND_FRAMES, "Frames [T, H, W] or one [H, W]", "frames"},
    {GST_NEURO_FILE_KIND_CONNECTIVITY,
        "Connectivity [T, N, N] or one static [N, N]", "connectivity"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstNeuroFileKind", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

#define GST_TYPE_NEURO_FILE_TIME_UNIT (gst_neuro_file_time_unit_get_type ())
static GType
gst_neuro_file_time_unit_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_NEURO_FILE_TIME_UNIT_AUTO,
        "From the format (pynapple: s, Kilosort: samples, NEST: ms), a "
          "column or key name (time_ms, t_s), else s or ms from the values "
          "(an error if they fit both); integer times: samples", "auto"},
    {GST_NEURO_FILE_TIME_UNIT_S, "Seconds", "s"},
    {GST_NEURO_FILE_TIME_UNIT_MS, "Milliseconds", "ms"},
    {GST_NEURO_FILE_TIME_UNIT_SAMPLES, "Samples at 'rate' (or 1/'dt')",
        "samples"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstNeuroFileTimeUnit", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

#define GST_TYPE_NEURO_FILE_COLUMNS (gst_neuro_file_columns_get_type ())
static GType
gst_neuro_file_columns_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_NEURO_FILE_COLUMNS_AUTO,
        "Detect (the id column holds whole numbers >= 0, the time column is "
          "sorted)", "auto"},
    {GST_NEURO_FILE_COLUMNS_ID_TIME, "Unit id, then time", "id-time"},
    {GST_NEURO_FILE_COLUMNS_TIME_ID, "Time, then unit id", "time-id"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstNeuroFileColumns", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

#define gst_neuro_file_src_parent_class parent_class
G_DEFINE_TYPE (GstNeuroFileSrc, gst_neuro_file_src, GST_TYPE_PUSH_SRC);

GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (neurofilesrc, "neurofilesrc",
    GST_RANK_NONE, GST_TYPE_NEURO_FILE_SRC,
    GST_DEBUG_CATEGORY_INIT (gst_neuro_file_src_debug, "neurofilesrc", 0,
        "neural data file source"));

static void gst_neuro_file_src_finalize (GObject * object);
static void gst_neuro_file_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_neuro_file_src_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static gboolean gst_neuro_file_src_start (GstBaseSrc * bsrc);
static gboolean gst_neuro_file_src_stop (GstBaseSrc * bsrc);
static GstCaps *gst_neuro_file_src_get_caps (GstBaseSrc * bsrc,
    GstCaps * filter);
static gboolean gst_neuro_file_src_is_seekable (GstBaseSrc * bsrc);
static gboolean gst_neuro_file_src_do_seek (GstBaseSrc * bsrc,
    GstSegment * segment);
static gboolean gst_neuro_file_src_query (GstBaseSrc * bsrc,
    GstQuery * query);
static gboolean gst_neuro_file_src_event (GstBaseSrc * bsrc,
    GstEvent * event);
static GstFlowReturn gst_neuro_file_src_create (GstPushSrc * psrc,
    GstBuffer ** outbuf);

static void
gst_neuro_file_src_class_init (GstNeuroFileSrcClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *basesrc_class = GST_BASE_SRC_CLASS (klass);
  GstPushSrcClass *pushsrc_class = GST_PUSH_SRC_CLASS (klass);

  gobject_class->finalize = gst_neuro_file_src_finalize;
  gobject_class->set_property = gst_neuro_file_src_set_property;
  gobject_class->get_property = gst_neuro_file_src_get_property;

  g_object_class_install_property (gobject_class, PROP_LOCATION,
      g_param_spec_string ("location", "Location",
          "File to read (.npy, .npz, .csv/.tsv/.txt, NEST .dat/.gdf) or a "
          "Kilosort/Phy output folder; text files hold at most 100000000 "
          "spikes, read from their first 64 columns", DEFAULT_LOCATION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_TIMES_LOCATION,
      g_param_spec_string ("times-location", "Times location",
          "Spike times .npy when 'location' holds only the unit ids "
          "(Brian2 SpikeMonitor saved as two files: i and t)",
          DEFAULT_TIMES_LOCATION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_KEY,
      g_param_spec_string ("key", "Key",
          "Array of a .npz archive to read as a dense signal, raster or "
          "matrix (e.g. 'v'); NULL to detect spikes (i/t, t/index)",
          DEFAULT_KEY, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_KIND,
      g_param_spec_enum ("kind", "Kind",
          "How to read the data where its shape is ambiguous (signals of "
          "at most 1048576 channels, matrices of at most 16384 x 16384, "
          "rasters of at most 16777216 units)",
          GST_TYPE_NEURO_FILE_KIND, DEFAULT_KIND,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_RATE,
      g_param_spec_double ("rate", "Rate",
          "Samples, raster rows or frames per second of dense data (at "
          "most 10 MHz, and at most 292 years of rows), and the sample rate "
          "for time-unit=samples (0 = from 'dt' or the file)",
          0.0, G_MAXDOUBLE, DEFAULT_RATE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_DT,
      g_param_spec_double ("dt", "Time step",
          "Time step in seconds of dense data (1/rate; 0 = use 'rate')",
          0.0, G_MAXDOUBLE, DEFAULT_DT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_TIME_UNIT,
      g_param_spec_enum ("time-unit", "Time unit",
          "Unit of spike times in the file",
          GST_TYPE_NEURO_FILE_TIME_UNIT, DEFAULT_TIME_UNIT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_COLUMNS,
      g_param_spec_enum ("columns", "Columns",
          "Column order of one [N, 2] (or [2, N]) array of unit id / spike "
          "time pairs", GST_TYPE_NEURO_FILE_COLUMNS, DEFAULT_COLUMNS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_SLICE_DURATION,
      g_param_spec_uint64 ("slice-duration", "Slice duration",
          "Time covered by each output buffer of spikes or signal samples, "
          "in nanoseconds (a signal buffer holds at most 64 MB, a spike "
          "buffer at most max-spikes-per-buffer spikes); 0 = auto: 10 ms, "
          "signal buffers lengthened to 64 KiB but at most 1 s; otherwise "
          "1 us to 1 h", 0,
          3600 * GST_SECOND, DEFAULT_SLICE_DURATION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_UNITS,
      g_param_spec_int ("units", "Units",
          "Number of units (neurons) in the spike caps; 0 = largest id + 1. "
          "An id >= units is an error", 0, NEURO_MAX_UNITS, DEFAULT_UNITS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_MAX_INFLATED_SIZE,
      g_param_spec_uint64 ("max-inflated-size", "Maximum inflated size",
          "Largest deflated .npz member to inflate, in bytes: at most this "
          "many bytes (as the member declares) are inflated into memory "
          "or, above 64 MiB, into a temporary file in $TMPDIR, which must "
          "also have that much free space (no 'unlimited': use the maximum)",
          1, G_MAXUINT64, DEFAULT_MAX_INFLATED_SIZE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_MAX_SPIKES_PER_BUFFER,
      g_param_spec_uint ("max-spikes-per-buffer", "Max spikes per buffer",
          "At most this many spikes (16 bytes each) per output buffer: a "
          "slice with more is sent as several buffers of the same slice",
          1, MAX_SPIKES_PER_BUFFER_MAX, DEFAULT_MAX_SPIKES_PER_BUFFER,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Neural data file source", "Source/File",
      "Reads NumPy (.npy/.npz), Kilosort/Phy, NEST and CSV spike and signal "
      "files as neural spikes, signals or matrices",
      "gst-neuroviz developers");

  basesrc_class->start = GST_DEBUG_FUNCPTR (gst_neuro_file_src_start);
  basesrc_class->stop = GST_DEBUG_FUNCPTR (gst_neuro_file_src_stop);
  basesrc_class->get_caps = GST_DEBUG_FUNCPTR (gst_neuro_file_src_get_caps);
  basesrc_class->is_seekable =
      GST_DEBUG_FUNCPTR (gst_neuro_file_src_is_seekable);
  basesrc_class->do_seek = GST_DEBUG_FUNCPTR (gst_neuro_file_src_do_seek);
  basesrc_class->event = GST_DEBUG_FUNCPTR (gst_neuro_file_src_event);
  basesrc_class->query = GST_DEBUG_FUNCPTR (gst_neuro_file_src_query);
  pushsrc_class->create = GST_DEBUG_FUNCPTR (gst_neuro_file_src_create);

  gst_type_mark_as_plugin_api (GST_TYPE_NEURO_FILE_KIND, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_NEURO_FILE_TIME_UNIT, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_NEURO_FILE_COLUMNS, 0);
}

static void
gst_neuro_file_src_init (GstNeuroFileSrc * self)
{
  self->kind = DEFAULT_KIND;
  self->rate = DEFAULT_RATE;
  self->dt = DEFAULT_DT;
  self->time_unit = DEFAULT_TIME_UNIT;
  self->columns = DEFAULT_COLUMNS;
  self->slice_duration = DEFAULT_SLICE_DURATION;
  self->units = DEFAULT_UNITS;
  self->max_inflated_size = DEFAULT_MAX_INFLATED_SIZE;
  self->max_spikes_per_buffer = DEFAULT_MAX_SPIKES_PER_BUFFER;
  neuro_file_clear (&self->file);
  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_TIME);
}

static void
gst_neuro_file_src_finalize (GObject * object)
{
  GstNeuroFileSrc *self = GST_NEURO_FILE_SRC (object);

  g_free (self->location);
  g_free (self->times_location);
  g_free (self->key);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_neuro_file_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstNeuroFileSrc *self = GST_NEURO_FILE_SRC (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LOCATION:
      g_free (self->location);
      self->location = g_value_dup_string (value);
      break;
    case PROP_TIMES_LOCATION:
      g_free (self->times_location);
      self->times_location = g_value_dup_string (value);
      break;
    case PROP_KEY:
      g_free (self->key);
      self->key = g_value_dup_string (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_RATE:
      self->rate = g_value_get_double (value);
      break;
    case PROP_DT:
      self->dt = g_value_get_double (value);
      break;
    case PROP_TIME_UNIT:
      self->time_unit = g_value_get_enum (value);
      break;
    case PROP_COLUMNS:
      self->columns = g_value_get_enum (value);
      break;
    case PROP_SLICE_DURATION:{
      guint64 v = g_value_get_uint64 (value);

      /* 0 is auto; below 1 µs a slice is not a buffer anyone wants */
      if (v > 0 && v < GST_USECOND) {
        GST_WARNING_OBJECT (self, "slice-duration %" G_GUINT64_FORMAT " ns "
            "is below 1 us (0 = auto); using 1 us", v);
        v = GST_USECOND;
      }
      self->slice_duration = v;
      break;
    }
    case PROP_UNITS:
      self->units = g_value_get_int (value);
      break;
    case PROP_MAX_INFLATED_SIZE:
      self->max_inflated_size = g_value_get_uint64 (value);
      break;
    case PROP_MAX_SPIKES_PER_BUFFER:
      self->max_spikes_per_buffer = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_neuro_file_src_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstNeuroFileSrc *self = GST_NEURO_FILE_SRC (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_TIMES_LOCATION:
      g_value_set_string (value, self->times_location);
      break;
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_DT:
      g_value_set_double (value, self->dt);
      break;
    case PROP_TIME_UNIT:
      g_value_set_enum (value, self->time_unit);
      break;
    case PROP_COLUMNS:
      g_value_set_enum (value, self->columns);
      break;
    case PROP_SLICE_DURATION:
      g_value_set_uint64 (value, self->slice_duration);
      break;
    case PROP_UNITS:
      g_value_set_int (value, self->units);
      break;
    case PROP_MAX_INFLATED_SIZE:
      g_value_set_uint64 (value, self->max_inflated_size);
      break;
    case PROP_MAX_SPIKES_PER_BUFFER:
      g_value_set_uint (value, self->max_spikes_per_buffer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* ------------------------------------------------------------------------ */
/* Start and stop                                                           */

static void
gst_neuro_file_src_reset (GstNeuroFileSrc * self)
{
  neuro_file_clear (&self->file);
  GST_OBJECT_LOCK (self);
  gst_clear_caps (&self->caps);
  GST_OBJECT_UNLOCK (self);
  self->cur_slice = self->cur_spike = self->cur_row = 0;
  self->part_cont = FALSE;
  self->part_pos = 0;
  self->still_done = FALSE;
  self->reverse = FALSE;
}

/* The properties opening depends on, and the streaming ones, copied under
 * the object lock. */
static void
gst_neuro_file_src_snapshot (GstNeuroFileSrc * self, NeuroFileSettings * st)
{
  GST_OBJECT_LOCK (self);
  st->location = g_strdup (self->location);
  st->times_location = g_strdup (self->times_location);
  st->key = (self->key && *self->key) ? g_strdup (self->key) : NULL;
  st->kind = self->kind;
  st->rate = self->rate > 0 ? self->rate : (self->dt > 0 ? 1.0 / self->dt :
      0.0);
  st->time_unit = self->time_unit;
  st->columns = self->columns;
  st->units = self->units;
  neuro_file_settings_set_slice (st, self->slice_duration);
  self->slice = st->slice;
  self->slice_auto = st->slice_auto;
  st->inflate_limit = self->max_inflated_size;
  self->spike_cap = self->max_spikes_per_buffer;
  GST_OBJECT_UNLOCK (self);
}

/* The caps of what was opened. */
static GstCaps *
gst_neuro_file_src_file_caps (const NeuroFile * f)
{
  switch (f->mode) {
    case NEURO_FILE_OUT_SPIKE_LIST:
    case NEURO_FILE_OUT_SPIKE_DENSE:{
      NeuroSpikesInfo info = { f->out_units };
      return neuro_spikes_info_to_caps (&info);
    }
    case NEURO_FILE_OUT_SIGNAL:{
      NeuroSignalInfo info = { (gint) f->channels, f->eff_rate };
      return neuro_signal_info_to_caps (&info);
    }
    case NEURO_FILE_OUT_FRAMES:{
      NeuroFrameInfo info = { f->width, f->height, 0, 1 };
      if (f->eff_rate > 0)
        gst_util_double_to_fraction (f->eff_rate, &info.fps_n, &info.fps_d);
      return neuro_frame_info_to_caps (&info);
    }
    default:
      g_assert_not_reached ();
  }
  return NULL;
}

static gboolean
gst_neuro_file_src_start (GstBaseSrc * bsrc)
{
  GstNeuroFileSrc *self = GST_NEURO_FILE_SRC (bsrc);
  NeuroFileSettings st = { 0, };
  GError *error = NULL;
  GstCaps *caps;
  gint64 t0 = g_get_monotonic_time ();

  gst_neuro_file_src_reset (self);
  gst_neuro_file_src_snapshot (self, &st);
  if (st.location == NULL || *st.location == '\0') {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
        ("No file name specified for reading: set 'location'."), (NULL));
    neuro_file_settings_clear (&st);
    return FALSE;
  }
  if (!neuro_file_open (&self->file, &st, GST_OBJECT (self), &error)) {
    /* GST_ELEMENT_ERROR with a run-time domain and code */
    gst_element_message_full (GST_ELEMENT (self), GST_MESSAGE_ERROR,
        error->domain, error->code, g_strdup (error->message), NULL,
        __FILE__, GST_FUNCTION, __LINE__);
    g_clear_error (&error);
    gst_neuro_file_src_reset (self);
    neuro_file_settings_clear (&st);
    return FALSE;
  }

  caps = gst_neuro_file_src_file_caps (&self->file);
  GST_OBJECT_LOCK (self);
  gst_caps_replace (&self->caps, caps);
  /* basesrc answers the SEEKING query and fills the segment from this */
  bsrc->segment.duration = self->file.duration;
  GST_OBJECT_UNLOCK (self);
  GST_INFO_OBJECT (self, "opened %s in %.1f ms: %" GST_PTR_FORMAT
      ", duration %" GST_TIME_FORMAT ", %" G_GUINT64_FORMAT " spikes",
      st.location, (g_get_monotonic_time () - t0) / 1000.0, caps,
      GST_TIME_ARGS (self->file.duration), self->file.n_spikes);
  gst_caps_unref (caps);
  neuro_file_settings_clear (&st);
  return TRUE;
}

static gboolean
gst_neuro_file_src_stop (GstBaseSrc * bsrc)
{
  gst_neuro_file_src_reset (GST_NEURO_FILE_SRC (bsrc));
  return TRUE;
}

static GstCaps *
gst_neuro_file_src_get_caps (GstBaseSrc * bsrc, GstCaps * filter)
{
  GstNeuroFileSrc *self = GST_NEURO_FILE_SRC (bsrc);
  GstCaps *caps = NULL, *tmp;

  GST_OBJECT_LOCK (self);
  if (self->caps)
    caps = gst_caps_ref (self->caps);
  GST_OBJECT_UNLOCK (self);
  if (caps == NULL)
    caps = gst_pad_get_pad_template_caps (GST_BASE_SRC_PAD (bsrc));
  if (filter) {
    tmp = gst_caps_intersect_full (filter, caps, GST_CAPS_INTERSECT_FIRST);
    gst_caps_unref (caps);
    caps = tmp;
  }
  return caps;
}

static gboolean
gst_neuro_file_src_is_seekable (GstBaseSrc * bsrc)
{
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Streaming                                                                */

static inline GstClockTime
row_pts (GstNeuroFileSrc * self, guint64 row)
{
  return (GstClockTime) llround (row * 1e9 / self->file.eff_rate);
}

/* First row whose timestamp is at or after @t. */
static guint64
row_at (GstNeuroFileSrc * self, GstClockTime t)
{
  guint64 r = (guint64) floor (t * self->file.eff_rate / 1e9);

  while (row_pts (self, r) < t)
    r++;
  while (r > 0 && row_pts (self, r - 1) >= t)
    r--;
  return r;
}

static inline gint64
spike_time (GstNeuroFileSrc * self, guint64 k)
{
  if (self->file.from_text)
    return neuro_file_to_ns (self->file.text.rec[k].t, self->file.time_scale);
  return neuro_file_to_ns (neuro_file_array_double (&self->file.times, k),
      self->file.time_scale);
}

static inline guint32
spike_unit (GstNeuroFileSrc * self, guint64 k)
{
  if (self->file.from_text)
    return (guint32) self->file.text.rec[k].unit;
  return (guint32) neuro_file_array_int64 (&self->file.ids, k);
}

/* First spike at or after @t (times are sorted). */
static guint64
spike_at (GstNeuroFileSrc * self, GstClockTime t)
{
  guint64 lo = 0, hi = self->file.n_spikes;

  while (lo < hi) {
    guint64 mid = lo + (hi - lo) / 2;

    if (spike_time (self, mid) < (gint64) t)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

void
gst_neuro_file_src_seek_to (GstNeuroFileSrc * self, GstClockTime pos)
{
  if (!GST_CLOCK_TIME_IS_VALID (pos))
    pos = 0;
  neuro_file_array_rewind (&self->file.times, 0);
  neuro_file_array_rewind (&self->file.ids, 0);
  neuro_file_array_rewind (&self->file.values, 0);
  neuro_file_array_rewind (&self->file.dense, 0);
  self->part_cont = FALSE;
  switch (self->file.mode) {
    case NEURO_FILE_OUT_SPIKE_LIST:
      self->cur_slice = pos / self->slice;
      self->cur_spike = spike_at (self, self->cur_slice * self->slice);
      break;
    case NEURO_FILE_OUT_SPIKE_DENSE:
      self->cur_slice = pos / self->slice;
      break;
    case NEURO_FILE_OUT_SIGNAL:
      /* the sample that covers pos */
      self->cur_row = (guint64) floor (pos * self->file.eff_rate / 1e9);
      if (row_pts (self, self->cur_row + 1) <= pos)
        self->cur_row++;
      break;
    case NEURO_FILE_OUT_FRAMES:
      if (self->file.eff_rate > 0) {
        self->cur_row = (guint64) floor (pos * self->file.eff_rate / 1e9);
        if (row_pts (self, self->cur_row + 1) <= pos)
          self->cur_row++;
      } else {
        self->still_done = FALSE;
      }
      break;
    default:
      break;
  }
}

static gboolean
gst_neuro_file_src_do_seek (GstBaseSrc * bsrc, GstSegment * segment)
{
  GstNeuroFileSrc *self = GST_NEURO_FILE_SRC (bsrc);

  self->reverse = FALSE;
  if (segment->rate < 0) {
    GstClockTime stop = self->file.duration;

    /* chunks go down from the stop, which must be known */
    if (GST_CLOCK_TIME_IS_VALID (segment->stop))
      stop = GST_CLOCK_TIME_IS_VALID (stop) ? MIN (stop, segment->stop) :
          segment->stop;
    if (!GST_CLOCK_TIME_IS_VALID (stop)) {
      GST_DEBUG_OBJECT (self, "refusing reverse playback: it starts at the "
          "segment's stop, and there is no stop nor a duration");
      return FALSE;
    }
    if (segment->start >= stop) {
      GST_DEBUG_OBJECT (self, "refusing reverse playback from %"
          GST_TIME_FORMAT ": past the end (%" GST_TIME_FORMAT ")",
          GST_TIME_ARGS (segment->start), GST_TIME_ARGS (stop));
      return FALSE;
    }
    segment->stop = segment->position = stop;
    segment->time = segment->start;
    self->reverse = TRUE;
    self->rev_start = segment->start;
    self->rev_end = stop;
    return TRUE;
  }
  gst_neuro_file_src_seek_to (self, segment->position);
  segment->time = segment->start;
  return TRUE;
}

/* a reverse seek from a renderer says how far each chunk must reach back
 * (its history and a frame) */
static gboolean
gst_neuro_file_src_event (GstBaseSrc * bsrc, GstEvent * event)
{
  if (GST_EVENT_TYPE (event) == GST_EVENT_SEEK) {
    /* (before the seek is done, in this thread) */
    GST_NEURO_FILE_SRC (bsrc)->rev_history = neuro_seek_get_history (event);
  }
  return GST_BASE_SRC_CLASS (parent_class)->event (bsrc, event);
}

static gboolean
gst_neuro_file_src_query (GstBaseSrc * bsrc, GstQuery * query)
{
  GstNeuroFileSrc *self = GST_NEURO_FILE_SRC (bsrc);

  if (GST_QUERY_TYPE (query) == GST_QUERY_DURATION) {
    GstFormat format;

    gst_query_parse_duration (query, &format, NULL);
    if (format == GST_FORMAT_TIME
        && GST_CLOCK_TIME_IS_VALID (self->file.duration)) {
      gst_query_set_duration (query, GST_FORMAT_TIME, self->file.duration);
      return TRUE;
    }
    return FALSE;
  }
  return GST_BASE_SRC_CLASS (parent_class)->query (bsrc, query);
}

static inline void
store_spike (guint8 * p, gint64 t, guint32 unit, gfloat value)
{
  le_write64 (p, (guint64) t);
  le_write32 (p + 8, unit);
  le_write_f32 (p + 12, value);
}

static gboolean
past_end (GstNeuroFileSrc * self, GstClockTime pts)
{
  GstSegment *seg = &GST_BASE_SRC (self)->segment;

  /* reverse: the end of the chunk being made */
  if (self->reverse)
    return pts >= self->rev_limit;

  if (GST_CLOCK_TIME_IS_VALID (self->file.duration)
      && pts >= self->file.duration)
    return TRUE;
  return GST_CLOCK_TIME_IS_VALID (seg->stop) && pts >= seg->stop;
}

/* Stamps a spike buffer of the current slice.  A slice with more than
 * max-spikes-per-buffer spikes is sent in parts: the first starts at the
 * slice start, the others at their first spike; all end at the slice end,
 * so every record lies in its buffer's [PTS, PTS + DURATION). */
static void
stamp_spike_part (GstNeuroFileSrc * self, GstBuffer * buf, GstClockTime pts,
    gboolean more, guint64 slices)
{
  GstClockTime start = self->cur_slice * self->slice;

  pts = MAX (pts, start);
  GST_BUFFER_PTS (buf) = pts;
  GST_BUFFER_DURATION (buf) = start + slices * self->slice - pts;
  GST_BUFFER_OFFSET (buf) = self->cur_slice;
  GST_BUFFER_OFFSET_END (buf) = self->cur_slice + slices;
  self->part_cont = more;
  if (!more)
    self->cur_slice += slices;
}

/* slice-duration = 0 (auto): sparse slices go out together, a buffer of
 * NEURO_FILE_SIGNAL_BUFFER bytes of records at most, over at most
 * NEURO_FILE_AUTO_SLICE_MAX (each buffer costs every element downstream a
 * thread wake-up; a slice is a buffer's time grid, not its size) */
#define BATCH_SPIKES (NEURO_FILE_SIGNAL_BUFFER / sizeof (NeuroSpike))

/* After the spikes [k0, k1) of the current slice, which ends at @end and
 * was not split: how many slices the buffer covers, @k1 moved past the
 * spikes of the ones added. */
static guint64
batch_slices (GstNeuroFileSrc * self, guint64 k0, guint64 * k1,
    GstClockTime end)
{
  guint64 n = 1, max = MAX (NEURO_FILE_AUTO_SLICE_MAX / self->slice, 1);
  guint64 k = *k1;

  if (!self->slice_auto || self->reverse)
    return 1;
  while (n < max && !past_end (self, end)) {
    GstClockTime next = end + self->slice;

    while (k < self->file.n_spikes && k - k0 <= BATCH_SPIKES
        && spike_time (self, k) < (gint64) next)
      k++;
    if (k - k0 > BATCH_SPIKES || k - k0 > self->spike_cap)
      break;
    *k1 = k;
    end = next;
    n++;
  }
  return n;
}

static GstFlowReturn
create_spike_list (GstNeuroFileSrc * self, GstBuffer ** outbuf)
{
  GstClockTime start = self->cur_slice * self->slice;
  GstClockTime end = start + self->slice;
  guint64 k0 = self->cur_spike, k1 = k0, k, slices = 1;
  GstClockTime pts = start;
  gboolean more;
  GstBuffer *buf;
  GstMapInfo map;

  if (past_end (self, start))
    return GST_FLOW_EOS;
  if (self->part_cont && k0 < self->file.n_spikes)
    pts = spike_time (self, k0);
  while (k1 < self->file.n_spikes && k1 - k0 < self->spike_cap
      && spike_time (self, k1) < (gint64) end)
    k1++;
  more = k1 < self->file.n_spikes && spike_time (self, k1) < (gint64) end;
  if (!more && !self->part_cont)
    slices = batch_slices (self, k0, &k1, end);
  buf = gst_buffer_new_allocate (NULL, (k1 - k0) * sizeof (NeuroSpike),
      NULL);
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (k = k0; k < k1; k++) {
    gfloat v = 1.0f;

    if (self->file.have_values)
      v = npy_get_double (&self->file.values.h, self->file.values.data, k);
    store_spike (map.data + (k - k0) * sizeof (NeuroSpike),
        spike_time (self, k), spike_unit (self, k), v);
  }
  gst_buffer_unmap (buf, &map);
  stamp_spike_part (self, buf, pts, more, slices);
  self->cur_spike = k1;
  if (!self->file.from_text) {
    neuro_file_array_release (&self->file.times, k0);
    neuro_file_array_release (&self->file.ids, k0);
    if (self->file.have_values)
      neuro_file_array_release (&self->file.values, k0);
  }
  *outbuf = buf;
  return GST_FLOW_OK;
}

static inline gboolean
dense_spike_at (GstNeuroFileSrc * self, guint64 pos, gdouble * value)
{
  const NpyHeader *h = &self->file.dense.h;
  gdouble v = npy_get_double (h, self->file.dense.data,
      npy_index2 (h, pos / self->file.channels, pos % self->file.channels));

  *value = v;
  /* NaN counts as no spike */
  return v != 0 && !isnan (v);
}

static GstFlowReturn
create_spike_dense (GstNeuroFileSrc * self, GstBuffer ** outbuf)
{
  GstClockTime start = self->cur_slice * self->slice;
  GstClockTime end = start + self->slice;
  guint64 C = self->file.channels, p0, p1, p, stop, n = 0;
  gdouble v;
  gboolean more;
  GstBuffer *buf;
  GstMapInfo map;
  guint8 *out;

  if (past_end (self, start))
    return GST_FLOW_EOS;
  /* positions r * C + c of the raster; a part ends after spike_cap spikes */
  p0 = self->part_cont ? self->part_pos :
      MIN (row_at (self, start), self->file.n_rows) * C;
  p1 = MIN (row_at (self, end), self->file.n_rows) * C;
  for (p = p0; p < p1 && n < self->spike_cap; p++)
    if (dense_spike_at (self, p, &v))
      n++;
  stop = p;
  /* the next part starts at the next spike, if the slice has one */
  while (p < p1 && !dense_spike_at (self, p, &v))
    p++;
  more = p < p1;
  self->part_pos = p;

  buf = gst_buffer_new_allocate (NULL, n * sizeof (NeuroSpike), NULL);
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  out = map.data;
  for (p = p0; p < stop; p++) {
    if (dense_spike_at (self, p, &v)) {
      store_spike (out, row_pts (self, p / C), (guint32) (p % C), (gfloat) v);
      out += sizeof (NeuroSpike);
    }
  }
  gst_buffer_unmap (buf, &map);
  stamp_spike_part (self, buf, self->part_cont ? row_pts (self, p0 / C) :
      start, more, 1);
  neuro_file_array_release (&self->file.dense, p0);
  *outbuf = buf;
  return GST_FLOW_OK;
}

static GstFlowReturn
create_signal (GstNeuroFileSrc * self, GstBuffer ** outbuf)
{
  const NpyHeader *h = &self->file.dense.h;
  guint64 r0 = self->cur_row, n, r, c, C = self->file.channels;
  GstClockTime pts;
  GstBuffer *buf;
  GstMapInfo map;

  if (r0 >= self->file.n_rows)
    return GST_FLOW_EOS;
  pts = row_pts (self, r0);
  if (past_end (self, pts))
    return GST_FLOW_EOS;
  n = MIN (self->file.samples_per_buffer, self->file.n_rows - r0);
  buf = gst_buffer_new_allocate (NULL, n * C * 4, NULL);
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  if (!h->fortran_order || C == 1) {
    /* rows r0 .. r0 + n - 1 are consecutive in memory */
    npy_to_f32le (h, self->file.dense.data, r0 * C, n * C, map.data);
  } else {
    for (r = 0; r < n; r++)
      for (c = 0; c < C; c++)
        le_write_f32 (map.data + (r * C + c) * 4, npy_get_double (h,
                self->file.dense.data, npy_index2 (h, r0 + r, c)));
  }
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = pts;
  GST_BUFFER_DURATION (buf) = row_pts (self, r0 + n) - pts;
  GST_BUFFER_OFFSET (buf) = r0;
  GST_BUFFER_OFFSET_END (buf) = r0 + n;
  self->cur_row = r0 + n;
  neuro_file_array_release (&self->file.dense, r0 * C);
  *outbuf = buf;
  return GST_FLOW_OK;
}

static GstFlowReturn
create_frame (GstNeuroFileSrc * self, GstBuffer ** outbuf)
{
  const NpyHeader *h = &self->file.dense.h;
  guint64 f = self->cur_row, W = self->file.width, H = self->file.height, x, y;
  gsize size = W * H * 4;
  GstClockTime pts = 0;
  GstBuffer *buf;
  GstMapInfo map;

  if (self->file.eff_rate > 0) {
    if (f >= self->file.n_rows)
      return GST_FLOW_EOS;
    pts = row_pts (self, f);
    if (past_end (self, pts))
      return GST_FLOW_EOS;
  } else {
    if (self->still_done)
      return GST_FLOW_EOS;
    f = 0;
  }
  buf = gst_buffer_new_allocate (NULL, size, NULL);
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  if (!h->fortran_order) {
    npy_to_f32le (h, self->file.dense.data, f * W * H, W * H, map.data);
  } else {
    for (y = 0; y < H; y++)
      for (x = 0; x < W; x++) {
        guint64 idx[3];
        guint64 mi;

        if (h->ndim == 3) {
          idx[0] = f;
          idx[1] = y;
          idx[2] = x;
        } else {
          idx[0] = y;
          idx[1] = x;
        }
        mi = npy_memory_index (h, idx);
        le_write_f32 (map.data + (y * W + x) * 4,
            npy_get_double (h, self->file.dense.data, mi));
      }
  }
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = pts;
  if (self->file.eff_rate > 0) {
    GST_BUFFER_DURATION (buf) = row_pts (self, f + 1) - pts;
    GST_BUFFER_OFFSET (buf) = f;
    GST_BUFFER_OFFSET_END (buf) = f + 1;
    self->cur_row = f + 1;
    neuro_file_array_release (&self->file.dense, f * W * H);
  } else {
    self->still_done = TRUE;
  }
  *outbuf = buf;
  return GST_FLOW_OK;
}

/* Reverse: a chunk's frames take REVERSE_CHUNK of data, or
 * REVERSE_CHUNK_BYTES of samples or matrices (at least one row); the last
 * chunk goes down to the segment's start. */
#define REVERSE_CHUNK (500 * GST_MSECOND)
#define REVERSE_CHUNK_BYTES (16 << 20)

/* The [start, end) of the next reverse chunk's frames (on the slice or row
 * grid, at least one slice or row), and the time its data starts. */
static void
reverse_chunk (GstNeuroFileSrc * self, GstClockTime * cs, GstClockTime * from)
{
  GstClockTime ce = self->rev_end, span = REVERSE_CHUNK, unit, c;
  gboolean rows = self->file.mode == NEURO_FILE_OUT_SIGNAL ||
      self->file.mode == NEURO_FILE_OUT_FRAMES;

  if (rows && self->file.eff_rate > 0) {
    guint64 row_bytes = (guint64) MAX (self->file.channels, 1) * 4, r;

    if (self->file.mode == NEURO_FILE_OUT_FRAMES)
      row_bytes = (guint64) self->file.width * self->file.height * 4;
    /* signals: on the buffer grid of a run from 0, so that a window
     * ending on a buffer's edge gets the same samples as there */
    guint64 g = self->file.mode == NEURO_FILE_OUT_SIGNAL ?
        MAX (self->file.samples_per_buffer, 1) : 1;

    unit = row_pts (self, g);
    span = MIN (span, (GstClockTime) (MAX (REVERSE_CHUNK_BYTES / row_bytes,
                g) * 1e9 / self->file.eff_rate));
    r = row_at (self, ce > span ? ce - span : 0) / g * g;
    if (r > 0 && row_pts (self, r) >= ce)
      r -= g;
    c = row_pts (self, r);
  } else {
    unit = self->slice;
    c = ce > span ? (ce - span) / self->slice * self->slice : 0;
    if (c >= ce)
      c = ce > self->slice ? (ce - 1) / self->slice * self->slice : 0;
  }
  /* a chunk whose history reaches the start is the last */
  if (c <= self->rev_start || c - self->rev_start <= self->rev_history + unit)
    c = self->rev_start;
  *cs = c;
  *from = c > self->rev_start + self->rev_history ? c - self->rev_history :
      self->rev_start;
}

/* Hands the pages of entries [@from, @to) of a mapped array back to the
 * kernel: going backwards, what a chunk read above the next one's end is
 * not read again, so resident memory follows the chunk, as it follows the
 * read position forwards (neuro_file_array_release). */
static void
release_entries (const NeuroFileArray * a, guint64 from, guint64 to)
{
  static gsize page = 0;
  guint64 total = a->h.count * (guint64) a->h.itemsize, b0, b1;
  guintptr start, end;

  if (!a->mapped || a->data == NULL || to <= from)
    return;
  if (a->h.fortran_order && a->h.ndim > 1 && a->h.shape[0] != a->h.count)
    return;
  b0 = MIN (from * MAX (a->step, 1) * (guint64) a->h.itemsize, total);
  b1 = MIN (to * MAX (a->step, 1) * (guint64) a->h.itemsize, total);
  if (page == 0)
    page = sysconf (_SC_PAGESIZE);
  start = ((guintptr) a->data + b0 + page - 1) / page * page;
  end = ((guintptr) a->data + b1) / page * page;
  if (end > start)
    madvise ((void *) start, end - start, MADV_DONTNEED);
}

/* after a reverse chunk [cs, ce): the data at and after cs */
static void
release_after (GstNeuroFileSrc * self, GstClockTime cs, GstClockTime ce)
{
  NeuroFile *f = &self->file;

  switch (f->mode) {
    case NEURO_FILE_OUT_SPIKE_LIST:{
      guint64 k0 = spike_at (self, cs), k1 = spike_at (self, ce);

      if (f->from_text)
        break;
      /* up to the next spike: a slice may end after ce */
      k1 = MIN (k1 + 1, f->n_spikes);
      release_entries (&f->times, k0, k1);
      release_entries (&f->ids, k0, k1);
      if (f->have_values)
        release_entries (&f->values, k0, k1);
      break;
    }
    case NEURO_FILE_OUT_SPIKE_DENSE:
    case NEURO_FILE_OUT_SIGNAL:
    case NEURO_FILE_OUT_FRAMES:{
      guint64 per = f->mode == NEURO_FILE_OUT_FRAMES ?
          (guint64) f->width * f->height : MAX (f->channels, 1);

      if (f->eff_rate <= 0)
        break;
      /* a signal buffer may end after ce */
      release_entries (&f->dense, row_at (self, cs) * per,
          MIN (row_at (self, ce) + f->samples_per_buffer + 1, f->n_rows) *
          per);
      break;
    }
    default:
      break;
  }
}

/* Reverse: the next chunk, [cs - history, ce) as one buffer list, forward
 * in time (GstBaseSrc marks its first buffer DISCONT). */
static GstFlowReturn
create_reverse (GstNeuroFileSrc * self)
{
  GstClockTime cs, from;
  GstBufferList *list;
  GstFlowReturn ret = GST_FLOW_OK;

  if (self->rev_end <= self->rev_start)
    return GST_FLOW_EOS;
  reverse_chunk (self, &cs, &from);
  gst_neuro_file_src_seek_to (self, from);
  if (self->file.mode == NEURO_FILE_OUT_SIGNAL)
    self->cur_row = self->cur_row / MAX (self->file.samples_per_buffer, 1) *
        MAX (self->file.samples_per_buffer, 1);
  self->rev_limit = self->rev_end;
  list = gst_buffer_list_new ();
  while (ret == GST_FLOW_OK) {
    GstBuffer *buf = NULL;

    ret = gst_neuro_file_src_create_one (self, &buf);
    if (ret == GST_FLOW_OK)
      gst_buffer_list_add (list, buf);
  }
  if (ret != GST_FLOW_EOS || gst_buffer_list_length (list) == 0) {
    gst_buffer_list_unref (list);
    return ret;
  }
  GST_DEBUG_OBJECT (self, "reverse chunk %" GST_TIME_FORMAT " - %"
      GST_TIME_FORMAT " (data from %" GST_TIME_FORMAT "), %u buffers",
      GST_TIME_ARGS (cs), GST_TIME_ARGS (self->rev_end),
      GST_TIME_ARGS (from), gst_buffer_list_length (list));
  release_after (self, cs, self->rev_end);
  self->rev_end = cs;
  /* a still matrix has no time to go back in: it is sent once */
  if (self->file.mode == NEURO_FILE_OUT_FRAMES && self->file.eff_rate <= 0)
    self->rev_end = self->rev_start;
  gst_base_src_submit_buffer_list (GST_BASE_SRC (self), list);
  return GST_FLOW_OK;
}

static GstFlowReturn
gst_neuro_file_src_create (GstPushSrc * psrc, GstBuffer ** outbuf)
{
  GstNeuroFileSrc *self = GST_NEURO_FILE_SRC (psrc);

  if (self->reverse) {
    *outbuf = NULL;
    return create_reverse (self);
  }
  return gst_neuro_file_src_create_one (self, outbuf);
}

GstFlowReturn
gst_neuro_file_src_create_one (GstNeuroFileSrc * self, GstBuffer ** outbuf)
{
  switch (self->file.mode) {
    case NEURO_FILE_OUT_SPIKE_LIST:
      return create_spike_list (self, outbuf);
    case NEURO_FILE_OUT_SPIKE_DENSE:
      return create_spike_dense (self, outbuf);
    case NEURO_FILE_OUT_SIGNAL:
      return create_signal (self, outbuf);
    case NEURO_FILE_OUT_FRAMES:
      return create_frame (self, outbuf);
    default:
      return GST_FLOW_NOT_NEGOTIATED;
  }
}
