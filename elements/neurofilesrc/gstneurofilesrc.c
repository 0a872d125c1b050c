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
#include "neurotypes.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <glib/gstdio.h>

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
#define DEFAULT_SLICE_DURATION (10 * GST_MSECOND)
#define DEFAULT_UNITS 0
#define DEFAULT_MAX_INFLATED_SIZE (G_GUINT64_CONSTANT (4) << 30)
/* a Phy params.py holds a few lines */
#define MAX_PARAMS_SIZE (64 * 1024)
#define DEFAULT_MAX_SPIKES_PER_BUFFER (1000 * 1000)
/* 1.6 GB of records; spikeraster keeps at most this many per window */
#define MAX_SPIKES_PER_BUFFER_MAX (100 * 1000 * 1000)

/* Deflated .npz members up to this size are inflated into memory, larger
 * ones into an unlinked temporary file that is then memory-mapped. */
#define INFLATE_IN_MEMORY_MAX (64 * 1024 * 1024)

/* Largest signal buffer, whatever slice-duration says. */
#define MAX_SIGNAL_BUFFER (64 * 1024 * 1024)

/* Pages of a mapped file that were read are handed back to the kernel in
 * steps of this size, so that resident memory follows the read position
 * and not the file size. */
#define RELEASE_STEP (32 * 1024 * 1024)

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
          "buffer at most max-spikes-per-buffer spikes)", GST_USECOND, 3600 * GST_SECOND,
          DEFAULT_SLICE_DURATION,
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
  self->duration = GST_CLOCK_TIME_NONE;
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
    case PROP_SLICE_DURATION:
      self->slice_duration = g_value_get_uint64 (value);
      break;
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
/* Loading                                                                  */

/* Settings copied under the object lock at start. */
typedef struct
{
  gchar *location;
  gchar *times_location;
  gchar *key;
  GstNeuroFileKind kind;
  gdouble rate;
  GstNeuroFileTimeUnit time_unit;
  GstNeuroFileColumns columns;
  gint units;
} Settings;

#define FORMAT_ERROR(err, ...) \
  g_set_error (err, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE, __VA_ARGS__)
#define SETTINGS_ERROR(err, ...) \
  g_set_error (err, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS, \
      __VA_ARGS__)

static void
array_clear (GstNeuroArray * a)
{
  g_free (a->name);
  memset (a, 0, sizeof (*a));
}

/* Hands pages of @a below element @upto back to the kernel (they are read
 * again from the file if needed).  Only for read-only file mappings, and
 * only where memory order follows the read order. */
static void
array_release (GstNeuroArray * a, guint64 upto)
{
  static gsize page = 0;
  guint64 bytes, start, end;

  if (!a->mapped || a->data == NULL)
    return;
  if (a->h.fortran_order && a->h.ndim > 1 && a->h.shape[0] != a->h.count)
    return;
  bytes = MIN (upto * MAX (a->step, 1), a->h.count) * (guint64) a->h.itemsize;
  if (bytes < a->released + RELEASE_STEP)
    return;
  if (page == 0)
    page = sysconf (_SC_PAGESIZE);
  start = ((guintptr) a->data + a->released + page - 1) / page * page;
  end = ((guintptr) a->data + bytes) / page * page;
  if (end > start)
    madvise ((void *) (guintptr) start, end - start, MADV_DONTNEED);
  a->released = bytes;
}

/* Entry @k of a spike list array (a vector, or one column of pairs). */
static inline gdouble
array_double (const GstNeuroArray * a, guint64 k)
{
  return npy_get_double (&a->h, a->data, k * a->step);
}

static inline gint64
array_int64 (const GstNeuroArray * a, guint64 k)
{
  return npy_get_int64 (&a->h, a->data, k * a->step);
}

static void
array_rewind (GstNeuroArray * a, guint64 pos)
{
  a->released = MIN (a->released, pos * MAX (a->step, 1) *
      (guint64) a->h.itemsize);
}

static gboolean
map_file (GstNeuroFileSrc * self, const gchar * path, const guint8 ** buf,
    gsize * len, GError ** error)
{
  GError *e = NULL;
  GMappedFile *m;

  m = g_mapped_file_new (path, FALSE, &e);
  if (m == NULL) {
    g_set_error (error, GST_RESOURCE_ERROR,
        g_error_matches (e, G_FILE_ERROR, G_FILE_ERROR_NOENT) ?
        GST_RESOURCE_ERROR_NOT_FOUND : GST_RESOURCE_ERROR_OPEN_READ,
        "Could not open '%s': %s", path, e->message);
    g_clear_error (&e);
    return FALSE;
  }
  g_ptr_array_add (self->maps, m);
  *buf = (const guint8 *) g_mapped_file_get_contents (m);
  *len = g_mapped_file_get_length (m);
  if (*len == 0) {
    FORMAT_ERROR (error, "%s: the file is empty", path);
    return FALSE;
  }
  return TRUE;
}

static gboolean
array_from_npy (const guint8 * buf, guint64 len, const gchar * name,
    GstNeuroArray * arr, GError ** error)
{
  /* Everything but an inflated in-memory copy is a file mapping. */
  arr->mapped = TRUE;
  char err[256] = "";
  NpyResult r;

  r = npy_parse_header (buf, len, &arr->h, err, sizeof (err));
  if (r == NPY_NEED_MORE) {
    FORMAT_ERROR (error, "%s: the file ends inside the .npy header "
        "(truncated file, or a header length larger than the header)", name);
    return FALSE;
  }
  if (r != NPY_OK) {
    FORMAT_ERROR (error, "%s: %s", name, err);
    return FALSE;
  }
  if (npy_check_size (&arr->h, len, err, sizeof (err)) != 0) {
    FORMAT_ERROR (error, "%s: %s", name, err);
    return FALSE;
  }
  if (arr->h.count == 0) {
    char shape[64];

    npy_shape_string (&arr->h, shape, sizeof (shape));
    FORMAT_ERROR (error, "%s: the array is empty (shape %s)", name, shape);
    return FALSE;
  }
  arr->data = buf + arr->h.header_size;
  arr->step = 1;
  arr->pair = FALSE;
  g_free (arr->name);
  arr->name = g_strdup (name);
  return TRUE;
}

typedef struct
{
  gchar *path;
  const guint8 *buf;
  guint64 len;
  ZipEntry *ents;
  gsize n;
} Npz;

static void
npz_clear (Npz * z)
{
  free (z->ents);
  memset (z, 0, sizeof (*z));
}

static gchar *
npz_keys (const Npz * z)
{
  GString *s = g_string_new (NULL);
  gsize i;

  for (i = 0; i < z->n; i++) {
    const gchar *nm = z->ents[i].name;
    gsize l = strlen (nm);

    if (s->len)
      g_string_append (s, ", ");
    if (l > 4 && strcmp (nm + l - 4, ".npy") == 0)
      g_string_append_len (s, nm, l - 4);
    else
      g_string_append (s, nm);
  }
  return g_string_free (s, FALSE);
}

static gboolean
npz_has (const Npz * z, const gchar * key)
{
  gchar *nm = g_strconcat (key, ".npy", NULL);
  gboolean ret = zip_find (z->ents, z->n, nm) != NULL;

  g_free (nm);
  return ret;
}

/* Key @i of @z without its .npy suffix (free it). */
static gchar *
npz_key (const Npz * z, gsize i)
{
  const gchar *nm = z->ents[i].name;

  return g_str_has_suffix (nm, ".npy") ? g_strndup (nm, strlen (nm) - 4) :
      g_strdup (nm);
}

/* The keys of @z that are not in @known, comma-separated, or NULL. */
static gchar *
npz_other_keys (const Npz * z, const gchar * const *known)
{
  GString *s = g_string_new (NULL);
  gsize i;

  for (i = 0; i < z->n; i++) {
    gchar *k = npz_key (z, i);

    if (!g_strv_contains (known, k))
      g_string_append_printf (s, "%s%s", s->len ? ", " : "", k);
    g_free (k);
  }
  if (s->len == 0) {
    g_string_free (s, TRUE);
    return NULL;
  }
  return g_string_free (s, FALSE);
}

/* A unit id key and a time key by their names (the CSV column names:
 * id, ids, neuron, ... and time_ms, times, t_s, ...). */
static gboolean
npz_find_spike_keys (const Npz * z, gchar ** ukey, gchar ** tkey)
{
  gsize i;

  *ukey = *tkey = NULL;
  for (i = 0; i < z->n; i++) {
    gchar *k = npz_key (z, i);

    if (*ukey == NULL && spikelist_is_unit_name (k))
      *ukey = k;
    else if (*tkey == NULL && spikelist_is_time_name (k))
      *tkey = k;
    else
      g_free (k);
  }
  if (*ukey && *tkey)
    return TRUE;
  g_clear_pointer (ukey, g_free);
  g_clear_pointer (tkey, g_free);
  return FALSE;
}

typedef struct
{
  guint8 *mem;
  gsize pos;
  int fd;
  guint64 limit;                /* the declared size: never write more */
  int write_errno;              /* set when write() failed */
} InflateSink;

static int
inflate_sink (void *user_data, const uint8_t * data, size_t len)
{
  InflateSink *s = user_data;

  if (len > s->limit - s->pos)
    return -1;
  if (s->mem) {
    memcpy (s->mem + s->pos, data, len);
    s->pos += len;
    return 0;
  }
  while (len > 0) {
    ssize_t w = write (s->fd, data, len);

    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0) {
      s->write_errno = w < 0 ? errno : ENOSPC;
      return -1;
    }
    data += w;
    len -= w;
    s->pos += w;
  }
  return 0;
}

/* Free bytes for unprivileged users in @dir, or G_MAXUINT64 if unknown. */
static guint64
dir_free_space (const gchar * dir)
{
  struct statvfs v;
  guint64 unit;

  if (statvfs (dir, &v) != 0)
    return G_MAXUINT64;
  unit = v.f_frsize ? v.f_frsize : v.f_bsize;
  if (unit == 0 || v.f_bavail > G_MAXUINT64 / unit)
    return G_MAXUINT64;
  return (guint64) v.f_bavail * unit;
}

static gboolean
npz_array (GstNeuroFileSrc * self, Npz * z, const gchar * key,
    GstNeuroArray * arr, GError ** error)
{
  gchar *member = g_str_has_suffix (key, ".npy") ? g_strdup (key) :
      g_strconcat (key, ".npy", NULL);
  gchar *name = g_strdup_printf ("%s:%s", z->path, member);
  const ZipEntry *e = zip_find (z->ents, z->n, member);
  char err[256] = "";
  gboolean ret = FALSE;

  if (e == NULL) {
    gchar *keys = npz_keys (z);

    SETTINGS_ERROR (error, "%s: no array '%s' in the archive (its keys: %s)",
        z->path, key, keys);
    g_free (keys);
    goto done;
  }
  if (e->method == ZIP_METHOD_STORED) {
    ret = array_from_npy (z->buf + e->data_offset, e->comp_size, name, arr,
        error);
  } else if (e->uncomp_size > self->inflate_limit) {
    /* checked before inflating: a zip bomb declares its size honestly */
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT,
        "%s: member '%s' inflates to %" G_GUINT64_FORMAT " bytes, more "
        "than max-inflated-size=%" G_GUINT64_FORMAT " bytes", z->path,
        member, (guint64) e->uncomp_size, self->inflate_limit);
    goto done;
  } else if (e->uncomp_size <= INFLATE_IN_MEMORY_MAX) {
    InflateSink s = { NULL, 0, -1, e->uncomp_size, 0 };

    s.mem = g_try_malloc (MAX (e->uncomp_size, 1));
    if (s.mem == NULL) {
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT,
          "%s: out of memory inflating %" G_GUINT64_FORMAT " bytes", name,
          (guint64) e->uncomp_size);
      goto done;
    }
    g_ptr_array_add (self->owned, s.mem);
    if (zip_extract (z->buf, z->len, e, inflate_sink, &s, err,
            sizeof (err)) != 0) {
      FORMAT_ERROR (error, "%s: %s", z->path, err);
      goto done;
    }
    ret = array_from_npy (s.mem, e->uncomp_size, name, arr, error);
    arr->mapped = FALSE;
  } else {
    /* Too large for memory: inflate into an unlinked temporary file and map
     * it, so that memory use depends on what is read, not on the size. */
    InflateSink s = { NULL, 0, -1, e->uncomp_size, 0 };
    const gchar *tmpdir = g_get_tmp_dir ();
    guint64 avail = dir_free_space (tmpdir);
    gchar *tmp = NULL;
    GError *fe = NULL;
    GMappedFile *m;

    if (e->uncomp_size > avail) {
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT,
          "%s: member '%s' inflates to %" G_GUINT64_FORMAT " bytes, but "
          "the temporary directory %s has only %" G_GUINT64_FORMAT " bytes "
          "free (set TMPDIR to a larger disk)", z->path, member,
          (guint64) e->uncomp_size, tmpdir, avail);
      goto done;
    }
    s.fd = g_file_open_tmp ("neurofilesrc-XXXXXX.npy", &tmp, &fe);
    if (s.fd < 0) {
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_WRITE,
          "%s: cannot create a temporary file to inflate into: %s", name,
          fe->message);
      g_clear_error (&fe);
      goto done;
    }
    g_unlink (tmp);
    g_free (tmp);
    if (zip_extract (z->buf, z->len, e, inflate_sink, &s, err,
            sizeof (err)) != 0) {
      if (s.write_errno != 0)
        g_set_error (error, GST_RESOURCE_ERROR,
            s.write_errno == ENOSPC || s.write_errno == EFBIG ||
            s.write_errno == EDQUOT ? GST_RESOURCE_ERROR_NO_SPACE_LEFT :
            GST_RESOURCE_ERROR_WRITE, "%s: member '%s': writing its %"
            G_GUINT64_FORMAT " inflated bytes to a temporary file in %s "
            "failed after %" G_GSIZE_FORMAT " bytes: %s", z->path, member,
            (guint64) e->uncomp_size, tmpdir, s.pos,
            g_strerror (s.write_errno));
      else
        FORMAT_ERROR (error, "%s: %s", z->path, err);
      close (s.fd);
      goto done;
    }
    m = g_mapped_file_new_from_fd (s.fd, FALSE, &fe);
    close (s.fd);
    if (m == NULL) {
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
          "%s: cannot map the inflated data: %s", name, fe->message);
      g_clear_error (&fe);
      goto done;
    }
    g_ptr_array_add (self->maps, m);
    ret = array_from_npy ((const guint8 *) g_mapped_file_get_contents (m),
        g_mapped_file_get_length (m), name, arr, error);
  }
done:
  g_free (member);
  g_free (name);
  return ret;
}

/* Effective sample/row/frame rate from the rate or dt property. */
static gboolean
need_rate (GstNeuroFileSrc * self, const Settings * st, const gchar * what,
    GError ** error)
{
  if (st->rate > 0 && isfinite (st->rate)) {
    self->eff_rate = st->rate;
    return TRUE;
  }
  SETTINGS_ERROR (error, "%s: needs a sampling rate: set 'rate' (Hz) or "
      "'dt' (seconds per sample)", what);
  return FALSE;
}

/* A spike list array may be [N] or [N, 1] / [1, N]. */
static gboolean
vector_length (const GstNeuroArray * a, guint64 * n, GError ** error)
{
  const NpyHeader *h = &a->h;

  if (a->pair)
    *n = h->count / 2;
  else if (h->ndim == 1)
    *n = h->shape[0];
  else if (h->ndim == 2 && (h->shape[0] == 1 || h->shape[1] == 1))
    *n = h->count;
  else {
    char shape[64];

    npy_shape_string (h, shape, sizeof (shape));
    FORMAT_ERROR (error, "%s: expected a 1-d array, got shape %s", a->name,
        shape);
    return FALSE;
  }
  return TRUE;
}

static inline gint64
to_ns (gdouble v, gdouble scale)
{
  return (gint64) llround (v * scale);
}

/* Distinct unit ids (below the media type's limit; larger ids are an error
 * later), for the rate rule of the time unit guess. */
typedef struct
{
  guint8 *bits;
  guint64 n;
} UnitSet;

static void
unit_set_add (UnitSet * u, gint64 id)
{
  if (u->bits == NULL || id < 0 || id >= NEURO_MAX_UNITS)
    return;
  if (!(u->bits[id >> 3] & (1 << (id & 7)))) {
    u->bits[id >> 3] |= 1 << (id & 7);
    u->n++;
  }
}

/* Relative precision of a stored time, so that float32 times are not
 * taken as off a grid they were rounded from. */
static gdouble
type_eps (const NpyHeader * h)
{
  if (h->kind != NPY_KIND_FLOAT)
    return 0;
  return h->itemsize == 2 ? 1e-3 : h->itemsize == 4 ? 1.2e-7 : 2.3e-16;
}

/* Sets time_scale from the time-unit property, else the format's
 * @auto_unit, else (auto_unit AUTO) from the values in @stats. */
static gboolean
settle_time_unit (GstNeuroFileSrc * self, const Settings * st,
    GstNeuroFileTimeUnit auto_unit, const SpikeTimeStats * stats,
    guint64 units, const gchar * what, GError ** error)
{
  GstNeuroFileTimeUnit u = st->time_unit;

  if (u == GST_NEURO_FILE_TIME_UNIT_AUTO)
    u = auto_unit;
  if (u == GST_NEURO_FILE_TIME_UNIT_AUTO) {
    char why[256] = "";

    switch (spike_times_guess_unit (stats, units, why, sizeof (why))) {
      case SPIKELIST_UNIT_S:
        u = GST_NEURO_FILE_TIME_UNIT_S;
        break;
      case SPIKELIST_UNIT_MS:
        u = GST_NEURO_FILE_TIME_UNIT_MS;
        break;
      default:
        SETTINGS_ERROR (error, "%s: cannot tell whether the spike times are "
            "in seconds or milliseconds (%" G_GUINT64_FORMAT " spikes of %"
            G_GUINT64_FORMAT " units, times %g to %g: %s): set time-unit=s "
            "or time-unit=ms", what, stats->n, units, stats->tmin,
            stats->tmax, why);
        return FALSE;
    }
    GST_INFO_OBJECT (self, "%s: spike times in %s: %s", what,
        u == GST_NEURO_FILE_TIME_UNIT_MS ? "ms" : "s", why);
  }
  switch (u) {
    case GST_NEURO_FILE_TIME_UNIT_MS:
      self->time_scale = 1e6;
      break;
    case GST_NEURO_FILE_TIME_UNIT_SAMPLES:
      if (st->rate > 0 && isfinite (st->rate)) {
        self->eff_rate = st->rate;
      } else {
        SETTINGS_ERROR (error, "%s: spike times in samples (integers) need "
            "a sampling rate: set 'rate' (Hz) or 'dt' (seconds per sample), "
            "or time-unit=s or time-unit=ms", what);
        return FALSE;
      }
      self->time_scale = 1e9 / self->eff_rate;
      break;
    default:
      self->time_scale = 1e9;
      break;
  }
  return TRUE;
}

static gboolean
check_units (GstNeuroFileSrc * self, const Settings * st, gint64 max_id,
    guint64 max_index, const gchar * file, GError ** error)
{
  if (st->units > 0) {
    if (max_id >= st->units) {
      FORMAT_ERROR (error, "%s: unit id %" G_GINT64_FORMAT " (at index %"
          G_GUINT64_FORMAT ") is not below units=%d", file, max_id,
          max_index, st->units);
      return FALSE;
    }
    self->out_units = st->units;
    return TRUE;
  }
  if (max_id >= NEURO_MAX_UNITS) {
    FORMAT_ERROR (error, "%s: unit id %" G_GINT64_FORMAT " (at index %"
        G_GUINT64_FORMAT ") is too large (at most %d units)", file, max_id,
        max_index, NEURO_MAX_UNITS);
    return FALSE;
  }
  self->out_units = (gint) max_id + 1;
  return TRUE;
}

/* Validates a spike list given as two arrays (times, ids) in one pass:
 * finite, non-negative, sorted times; non-negative integer ids.
 * @auto_unit is the format's time unit; AUTO: float times are s or ms by
 * their values, integer times are samples. */
static gboolean
setup_spike_arrays (GstNeuroFileSrc * self, const Settings * st,
    GstNeuroFileTimeUnit auto_unit, GError ** error)
{
  guint64 nt, ni, k, max_index = 0;
  gint64 max_id = -1;
  gdouble prev = -G_MAXDOUBLE, tmax, eps;
  const NpyHeader *th = &self->times.h, *ih = &self->ids.h;
  SpikeTimeStats stats;
  UnitSet units = { NULL, 0 };
  gboolean guess, ret = FALSE;

  if (!vector_length (&self->times, &nt, error)
      || !vector_length (&self->ids, &ni, error))
    return FALSE;
  if (nt != ni) {
    FORMAT_ERROR (error, "%s has %" G_GUINT64_FORMAT " entries but %s has %"
        G_GUINT64_FORMAT ": unit ids and times must pair up", self->ids.name,
        ni, self->times.name, nt);
    return FALSE;
  }
  if (self->have_values) {
    guint64 nv;

    if (!vector_length (&self->values, &nv, error))
      return FALSE;
    if (nv != nt)
      self->have_values = FALSE;
  }
  if (auto_unit == GST_NEURO_FILE_TIME_UNIT_AUTO && th->kind != NPY_KIND_FLOAT)
    auto_unit = GST_NEURO_FILE_TIME_UNIT_SAMPLES;
  guess = st->time_unit == GST_NEURO_FILE_TIME_UNIT_AUTO
      && auto_unit == GST_NEURO_FILE_TIME_UNIT_AUTO;
  spike_times_init (&stats);
  if (guess)
    units.bits = g_malloc0 (NEURO_MAX_UNITS / 8 + 1);
  eps = type_eps (th);

  for (k = 0; k < nt; k++) {
    gdouble t = array_double (&self->times, k);
    gint64 id;

    if (isnan (t)) {
      FORMAT_ERROR (error, "%s: spike time at index %" G_GUINT64_FORMAT
          " is NaN", self->times.name, k);
      goto done;
    }
    if (t < 0 || isinf (t)) {
      FORMAT_ERROR (error, "%s: spike time at index %" G_GUINT64_FORMAT
          " is %g; times must be finite and not negative", self->times.name,
          k, t);
      goto done;
    }
    if (t < prev) {
      FORMAT_ERROR (error, "%s: spike times are not sorted (index %"
          G_GUINT64_FORMAT ": %.17g after %.17g); sort both arrays by time "
          "(np.argsort(t, kind='stable'))", self->times.name, k, t, prev);
      goto done;
    }
    prev = t;
    if (ih->kind == NPY_KIND_FLOAT) {
      gdouble d = array_double (&self->ids, k);

      if (!isfinite (d) || d != floor (d)) {
        FORMAT_ERROR (error, "%s: unit id at index %" G_GUINT64_FORMAT
            " is %g, not an integer", self->ids.name, k, d);
        goto done;
      }
      if (d >= 9.2e18) {
        FORMAT_ERROR (error, "%s: unit id %g at index %" G_GUINT64_FORMAT
            " is too large", self->ids.name, d, k);
        goto done;
      }
    }
    id = array_int64 (&self->ids, k);
    if (id < 0) {
      FORMAT_ERROR (error, "%s: negative unit id %" G_GINT64_FORMAT
          " at index %" G_GUINT64_FORMAT, self->ids.name, id, k);
      goto done;
    }
    if (id > max_id) {
      max_id = id;
      max_index = k;
    }
    if (guess) {
      spike_times_add (&stats, t, eps);
      unit_set_add (&units, id);
    }
    if ((k & 0xfffff) == 0xfffff) {
      array_release (&self->times, k);
      array_release (&self->ids, k);
    }
  }
  /* streaming starts from the beginning again */
  array_release (&self->times, nt);
  array_release (&self->ids, nt);
  array_rewind (&self->times, 0);
  array_rewind (&self->ids, 0);
  if (!settle_time_unit (self, st, auto_unit, &stats, units.n,
          self->times.name, error))
    goto done;
  tmax = prev * self->time_scale;
  if (tmax > 9.0e18) {
    FORMAT_ERROR (error, "%s: last spike time %g is too large for a "
        "nanosecond timeline (wrong time-unit?)", self->times.name, prev);
    goto done;
  }
  if (!check_units (self, st, max_id, max_index, self->ids.name, error))
    goto done;
  self->n_spikes = nt;
  self->mode = GST_NEURO_OUT_SPIKE_LIST;
  self->duration = ((guint64) to_ns (prev, self->time_scale) / self->slice
      + 1) * self->slice;
  ret = TRUE;
done:
  g_free (units.bits);
  return ret;
}

/* What one pass over an [N, 2] or [2, N] array says about its two parts
 * (columns of [N, 2], rows of [2, N]) as unit ids and spike times. */
typedef struct
{
  guint axis;                   /* 1: [N, 2]; 0: [2, N] */
  guint64 n;
  gboolean whole[2];            /* all whole numbers >= 0 */
  gboolean sorted[2];           /* finite, >= 0, non-decreasing */
  gboolean regular[2];          /* rising by one constant step */
  gboolean only01;              /* every entry 0 or 1: a raster */
  guint64 not_whole_at[2], unsorted_at[2];
  gdouble not_whole[2];
} PairScan;

static gboolean
is_pair_shape (const NpyHeader * h, guint * axis)
{
  if (h->ndim != 2 || h->kind == NPY_KIND_BOOL)
    return FALSE;
  if (h->shape[1] == 2) {
    *axis = 1;
    return TRUE;
  }
  if (h->shape[0] == 2 && h->shape[1] > 2) {
    *axis = 0;
    return TRUE;
  }
  return FALSE;
}

static inline guint64
pair_index (const NpyHeader * h, guint axis, guint64 k, guint c)
{
  return axis == 1 ? npy_index2 (h, k, c) : npy_index2 (h, c, k);
}

static void
pair_scan (const GstNeuroArray * a, guint axis, PairScan * ps)
{
  const NpyHeader *h = &a->h;
  gdouble prev[2] = { 0, 0 }, step[2] = { 0, 0 };
  guint64 k;
  guint c;

  memset (ps, 0, sizeof (*ps));
  ps->axis = axis;
  ps->n = h->shape[axis == 1 ? 0 : 1];
  ps->only01 = TRUE;
  for (c = 0; c < 2; c++) {
    ps->whole[c] = ps->sorted[c] = TRUE;
    ps->regular[c] = ps->n >= 3;
  }
  for (k = 0; k < ps->n; k++)
    for (c = 0; c < 2; c++) {
      gdouble v = npy_get_double (h, a->data, pair_index (h, axis, k, c));

      if (ps->whole[c] && !(isfinite (v) && v >= 0 && v == floor (v))) {
        ps->whole[c] = FALSE;
        ps->not_whole_at[c] = k;
        ps->not_whole[c] = v;
      }
      if (v != 0 && v != 1)
        ps->only01 = FALSE;
      if (ps->sorted[c] && (!isfinite (v) || v < 0 || (k > 0
                  && v < prev[c]))) {
        ps->sorted[c] = FALSE;
        ps->unsorted_at[c] = k;
      }
      if (ps->regular[c] && k > 0) {
        gdouble d = v - prev[c];

        if (k == 1)
          step[c] = d;
        if (!(d > 0) || fabs (d - step[c]) > 1e-6 * step[c])
          ps->regular[c] = FALSE;
      }
      prev[c] = v;
    }
}

/* "column 0: 0.5 at row 3 is not a whole number >= 0; column 1: not
 * sorted (row 2)" */
static gchar *
pair_describe (const PairScan * ps)
{
  const gchar *part = ps->axis == 1 ? "column" : "row";
  const gchar *pos = ps->axis == 1 ? "row" : "column";
  GString *s = g_string_new (NULL);
  guint c;

  for (c = 0; c < 2; c++) {
    g_string_append_printf (s, "%s%s %u: ", c ? "; " : "", part, c);
    if (ps->whole[c])
      g_string_append (s, "whole numbers >= 0");
    else
      g_string_append_printf (s, "%g at %s %" G_GUINT64_FORMAT " is not a "
          "whole number >= 0", ps->not_whole[c], pos, ps->not_whole_at[c]);
    if (ps->sorted[c])
      g_string_append (s, ps->regular[c] ? ", evenly spaced (a time axis "
          "of samples)" : ", sorted");
    else
      g_string_append_printf (s, ", not sorted (%s %" G_GUINT64_FORMAT ")",
          pos, ps->unsorted_at[c]);
  }
  return g_string_free (s, FALSE);
}

/* Reads the dense [N, 2] / [2, N] array as spikes: part @id_c holds the
 * unit ids, the other one the times. */
static gboolean
setup_pairs (GstNeuroFileSrc * self, const Settings * st, guint axis,
    guint id_c, GError ** error)
{
  GstNeuroArray *d = &self->dense;
  const NpyHeader *h = &d->h;
  guint c;

  for (c = 0; c < 2; c++) {
    GstNeuroArray *a = c == id_c ? &self->ids : &self->times;
    guint64 i0 = pair_index (h, axis, 0, c), i1 = pair_index (h, axis, 1, c);

    array_clear (a);
    a->h = *h;
    a->data = d->data + i0 * h->itemsize;
    a->step = i1 - i0;
    a->pair = TRUE;
    a->mapped = d->mapped;
    a->name = g_strdup_printf ("%s %s %u (%s)", d->name,
        axis == 1 ? "column" : "row", c, c == id_c ? "unit ids" : "times");
  }
  GST_INFO_OBJECT (self, "%s: unit id / time pairs, ids in %s %u", d->name,
      axis == 1 ? "column" : "row", id_c);
  array_clear (d);
  return setup_spike_arrays (self, st, GST_NEURO_FILE_TIME_UNIT_AUTO, error);
}

static const gchar *
columns_nick (GstNeuroFileColumns c)
{
  return c == GST_NEURO_FILE_COLUMNS_ID_TIME ? "id-time" : "time-id";
}

/* An [N, 2] or [2, N] array that may hold unit id / time pairs.  Returns
 * TRUE with *@handled when it was read (or failed) as pairs; else the
 * caller reads it as a raster or signal, and *@hint says why it is not
 * pairs. */
static gboolean
try_pairs (GstNeuroFileSrc * self, const Settings * st, GstNeuroFileKind kind,
    gboolean * handled, gchar ** hint, GError ** error)
{
  const NpyHeader *h = &self->dense.h;
  const gchar *name = self->dense.name;
  gboolean it, ti;
  PairScan ps;
  guint axis;
  char shape[64];

  *handled = FALSE;
  *hint = NULL;
  npy_shape_string (h, shape, sizeof (shape));
  if (st->columns != GST_NEURO_FILE_COLUMNS_AUTO) {
    guint id_c = st->columns == GST_NEURO_FILE_COLUMNS_ID_TIME ? 0 : 1;

    *handled = TRUE;
    if (kind != GST_NEURO_FILE_KIND_AUTO
        && kind != GST_NEURO_FILE_KIND_SPIKES) {
      SETTINGS_ERROR (error, "%s: columns=%s reads unit id / time pairs, "
          "which are spikes: it does not go with this kind", name,
          columns_nick (st->columns));
      return FALSE;
    }
    if (!is_pair_shape (h, &axis)) {
      FORMAT_ERROR (error, "%s: columns=%s needs an [N, 2] or [2, N] array "
          "of unit ids and times, got shape %s of %s", name,
          columns_nick (st->columns), shape, h->descr);
      return FALSE;
    }
    pair_scan (&self->dense, axis, &ps);
    if (!ps.whole[id_c]) {
      gchar *desc = pair_describe (&ps);

      FORMAT_ERROR (error, "%s: columns=%s, but %s %u cannot be unit ids "
          "(%s)%s", name, columns_nick (st->columns),
          axis == 1 ? "column" : "row", id_c, desc,
          ps.whole[1 - id_c] && ps.sorted[id_c] ? "; the order looks "
          "swapped: try the other columns value" : "");
      g_free (desc);
      return FALSE;
    }
    return setup_pairs (self, st, axis, id_c, error);
  }

  if ((kind != GST_NEURO_FILE_KIND_AUTO && kind != GST_NEURO_FILE_KIND_SPIKES)
      || !is_pair_shape (h, &axis))
    return TRUE;
  pair_scan (&self->dense, axis, &ps);
  /* with kind=spikes whole numbers are the documented count raster; in
   * auto an evenly spaced column is a sampled signal's time axis */
  if (kind == GST_NEURO_FILE_KIND_SPIKES && ps.whole[0] && ps.whole[1])
    return TRUE;
  it = ps.whole[0] && ps.sorted[1] && !ps.only01
      && (kind == GST_NEURO_FILE_KIND_SPIKES || !ps.regular[1]);
  ti = ps.whole[1] && ps.sorted[0] && !ps.only01
      && (kind == GST_NEURO_FILE_KIND_SPIKES || !ps.regular[0]);
  if (it && ti) {
    *handled = TRUE;
    SETTINGS_ERROR (error, "%s: shape %s could be (unit id, time) or (time, "
        "unit id) pairs (both are whole numbers and sorted): set "
        "columns=id-time or columns=time-id (or kind=signal)", name, shape);
    return FALSE;
  }
  if (it || ti) {
    *handled = TRUE;
    return setup_pairs (self, st, axis, it ? 0 : 1, error);
  }
  *hint = pair_describe (&ps);
  if (kind == GST_NEURO_FILE_KIND_SPIKES) {
    *handled = TRUE;
    FORMAT_ERROR (error, "%s: shape %s with kind=spikes is neither a raster "
        "of counts (whole numbers >= 0) nor unit id / time pairs (%s)",
        name, shape, *hint);
    return FALSE;
  }
  return TRUE;
}

/* The rate of dense output is that of its caps (at most NEURO_MAX_RATE),
 * and n_rows / rate must fit GStreamer's clock (2^63 ns, 292 years). */
static gboolean
set_dense_duration (GstNeuroFileSrc * self, const gchar * name,
    GError ** error)
{
  gdouble ns;

  if (self->eff_rate > NEURO_MAX_RATE) {
    SETTINGS_ERROR (error, "%s: a rate of %g Hz is above the %.0f Hz "
        "supported (check 'rate' or 'dt')", name, self->eff_rate,
        NEURO_MAX_RATE);
    return FALSE;
  }
  ns = self->n_rows * 1e9 / self->eff_rate;
  if (!(ns < 9.2e18)) {
    SETTINGS_ERROR (error, "%s: %" G_GUINT64_FORMAT " rows at %g Hz last "
        "%g s, more than the 292 years GStreamer's clock counts (check "
        "'rate' or 'dt')", name, self->n_rows, self->eff_rate, ns / 1e9);
    return FALSE;
  }
  self->duration = (GstClockTime) llround (ns);
  return TRUE;
}

/* Dense array read by shape (and the kind property where shapes do not
 * decide). */
static gboolean
setup_dense_kind (GstNeuroFileSrc * self, const Settings * st,
    GstNeuroFileKind kind, GError ** error)
{
  const NpyHeader *h = &self->dense.h;
  const gchar *name = self->dense.name;
  char shape[64];

  npy_shape_string (h, shape, sizeof (shape));
  if (kind == GST_NEURO_FILE_KIND_AUTO) {
    if (h->ndim == 1)
      kind = GST_NEURO_FILE_KIND_SIGNAL;
    else if (h->ndim == 2)
      kind = h->kind == NPY_KIND_BOOL ? GST_NEURO_FILE_KIND_SPIKES :
          GST_NEURO_FILE_KIND_SIGNAL;
    else if (h->ndim == 3)
      kind = GST_NEURO_FILE_KIND_FRAMES;
    else {
      FORMAT_ERROR (error, "%s: cannot read an array of shape %s: expected "
          "[T], [T, C], [T, N] bool, [T, H, W] or [N, N]", name, shape);
      return FALSE;
    }
  }

  switch (kind) {
    case GST_NEURO_FILE_KIND_SPIKES:
      if (h->ndim != 2) {
        FORMAT_ERROR (error, "%s: a spike raster must be [T, N], got shape "
            "%s", name, shape);
        return FALSE;
      }
      if (!need_rate (self, st, name, error))
        return FALSE;
      self->n_rows = h->shape[0];
      if (h->shape[1] > NEURO_MAX_UNITS) {
        FORMAT_ERROR (error, "%s: %" G_GUINT64_FORMAT " units is more than "
            "the %d supported", name, h->shape[1], NEURO_MAX_UNITS);
        return FALSE;
      }
      self->channels = h->shape[1];
      if (st->units > 0 && (guint64) st->units < h->shape[1]) {
        FORMAT_ERROR (error, "%s: the raster has %" G_GUINT64_FORMAT
            " units (columns) but units=%d", name, h->shape[1], st->units);
        return FALSE;
      }
      self->out_units = st->units > 0 ? st->units : (gint) h->shape[1];
      self->mode = GST_NEURO_OUT_SPIKE_DENSE;
      return set_dense_duration (self, name, error);
    case GST_NEURO_FILE_KIND_SIGNAL:
      if (h->ndim != 1 && h->ndim != 2) {
        FORMAT_ERROR (error, "%s: a signal must be [T] or [T, C], got shape "
            "%s", name, shape);
        return FALSE;
      }
      self->n_rows = h->shape[0];
      if (!need_rate (self, st, name, error)
          || !set_dense_duration (self, name, error))
        return FALSE;
      if (h->ndim == 2 && h->shape[1] > NEURO_MAX_CHANNELS) {
        FORMAT_ERROR (error, "%s: %" G_GUINT64_FORMAT " channels is more "
            "than the %d supported (is the array transposed?)", name,
            h->shape[1], NEURO_MAX_CHANNELS);
        return FALSE;
      }
      self->channels = h->ndim == 2 ? h->shape[1] : 1;
      self->mode = GST_NEURO_OUT_SIGNAL;
      /* a slice of samples, but no buffer above MAX_SIGNAL_BUFFER bytes */
      self->samples_per_buffer = MAX (1, (guint) MIN (MIN (G_MAXINT,
                  llround (self->slice * self->eff_rate / 1e9)),
              MAX_SIGNAL_BUFFER / (self->channels * 4)));
      return TRUE;
    case GST_NEURO_FILE_KIND_FRAMES:
    case GST_NEURO_FILE_KIND_CONNECTIVITY:
      if (h->ndim != 2 && h->ndim != 3) {
        FORMAT_ERROR (error, "%s: matrices must be [T, H, W] or one [H, W], "
            "got shape %s", name, shape);
        return FALSE;
      }
      if (kind == GST_NEURO_FILE_KIND_CONNECTIVITY
          && h->shape[h->ndim - 1] != h->shape[h->ndim - 2]) {
        FORMAT_ERROR (error, "%s: connectivity must be [T, N, N] or [N, N], "
            "got shape %s", name, shape);
        return FALSE;
      }
      if (h->shape[h->ndim - 1] > NEURO_MAX_DIM
          || h->shape[h->ndim - 2] > NEURO_MAX_DIM) {
        FORMAT_ERROR (error, "%s: matrices of shape %s are larger than "
            "%d x %d", name, shape, NEURO_MAX_DIM, NEURO_MAX_DIM);
        return FALSE;
      }
      self->height = h->shape[h->ndim - 2];
      self->width = h->shape[h->ndim - 1];
      self->mode = GST_NEURO_OUT_FRAMES;
      if (h->ndim == 2) {
        self->n_rows = 1;
        self->eff_rate = 0;
        self->duration = GST_CLOCK_TIME_NONE;
      } else {
        if (!need_rate (self, st, name, error))
          return FALSE;
        self->n_rows = h->shape[0];
        if (!set_dense_duration (self, name, error))
          return FALSE;
      }
      return TRUE;
    default:
      break;
  }
  return FALSE;
}

/* Dense array: unit id / time pairs (unless the format says it is
 * sampled data: !@pairs), or by shape and kind. */
static gboolean
setup_dense (GstNeuroFileSrc * self, const Settings * st, gboolean pairs,
    GError ** error)
{
  GstNeuroFileKind kind = st->kind;
  gchar *pairs_hint = NULL;
  gboolean handled, ret;

  if (pairs) {
    ret = try_pairs (self, st, kind, &handled, &pairs_hint, error);
    if (handled)
      return ret;
  }
  ret = setup_dense_kind (self, st, kind, error);
  if (!ret && pairs_hint && error && *error
      && g_error_matches (*error, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_SETTINGS)) {
    /* "needs a sampling rate": it may be pairs that did not look like it */
    gchar *m = g_strdup_printf ("%s; for unit id / time pairs set "
        "columns=id-time or columns=time-id (%s)", (*error)->message,
        pairs_hint);

    g_free ((*error)->message);
    (*error)->message = m;
  }
  g_free (pairs_hint);
  return ret;
}

/* First entry of @a that is not a whole number (G_MAXUINT64: none). */
static guint64
first_fraction (const GstNeuroArray * a)
{
  guint64 k;

  if (a->h.kind != NPY_KIND_FLOAT)
    return G_MAXUINT64;
  for (k = 0; k < a->h.count; k++) {
    gdouble v = npy_get_double (&a->h, a->data, k);

    if (!isfinite (v) || v != floor (v))
      return k;
  }
  return G_MAXUINT64;
}

/* Brian2's i and t given the wrong way round: fractional "ids" next to
 * whole "times" (which would otherwise ask for a sampling rate). */
static gboolean
check_not_swapped (GstNeuroFileSrc * self, GError ** error)
{
  guint64 k = first_fraction (&self->ids);

  if (k != G_MAXUINT64 && first_fraction (&self->times) == G_MAXUINT64) {
    SETTINGS_ERROR (error, "%s holds %g at index %" G_GUINT64_FORMAT ", not "
        "a unit id, and %s holds whole numbers: the files look swapped "
        "('location' takes the unit ids, Brian2's i; 'times-location' the "
        "spike times, t)", self->ids.name,
        npy_get_double (&self->ids.h, self->ids.data, k), k,
        self->times.name);
    return FALSE;
  }
  return TRUE;
}

static gboolean
open_npy (GstNeuroFileSrc * self, Settings * st, const guint8 * buf,
    gsize len, GError ** error)
{
  if (st->times_location) {
    const guint8 *tbuf;
    gsize tlen;

    if (!array_from_npy (buf, len, st->location, &self->ids, error))
      return FALSE;
    if (!map_file (self, st->times_location, &tbuf, &tlen, error))
      return FALSE;
    if (!array_from_npy (tbuf, tlen, st->times_location, &self->times, error))
      return FALSE;
    if (!check_not_swapped (self, error))
      return FALSE;
    return setup_spike_arrays (self, st, GST_NEURO_FILE_TIME_UNIT_AUTO,
        error);
  }
  if (!array_from_npy (buf, len, st->location, &self->dense, error))
    return FALSE;
  return setup_dense (self, st, TRUE, error);
}

/* Brian2 StateMonitor archives (np.savez(f, t=mon.t/second, v=mon.v.T))
 * carry their time base: one t per row of the array.  Uses it when neither
 * rate nor dt is set. */
static void
rate_from_times (GstNeuroFileSrc * self, Npz * z, Settings * st)
{
  GstNeuroArray t = { 0, };
  GError *ignore = NULL;
  guint64 n;

  if (npz_array (self, z, "t", &t, &ignore)
      && t.h.kind == NPY_KIND_FLOAT && vector_length (&t, &n, &ignore)
      && n >= 2 && n == self->dense.h.shape[0]) {
    gdouble t0 = npy_get_double (&t.h, t.data, 0);
    gdouble t1 = npy_get_double (&t.h, t.data, n - 1);
    gdouble rate = (n - 1) / (t1 - t0);

    if (st->time_unit == GST_NEURO_FILE_TIME_UNIT_MS)
      rate *= 1000.0;
    if (isfinite (rate) && rate > 0) {
      /* 1e-4 s steps add up to 9999.99999 Hz: snap to the integer */
      if (fabs (rate - round (rate)) < 1e-6 * rate)
        rate = round (rate);
      GST_INFO_OBJECT (self, "rate %g Hz from the archive's t", rate);
      st->rate = rate;
    }
  }
  g_clear_error (&ignore);
  array_clear (&t);
}

static gboolean
open_npz (GstNeuroFileSrc * self, Settings * st, const guint8 * buf,
    gsize len, GError ** error)
{
  Npz z = { 0, };
  char err[256] = "";
  gchar *ukey = NULL, *tkey = NULL;
  gboolean ret = FALSE;

  z.path = st->location;
  z.buf = buf;
  z.len = len;
  if (zip_read_directory (buf, len, &z.ents, &z.n, err, sizeof (err)) != 0) {
    FORMAT_ERROR (error, "%s: %s", st->location, err);
    return FALSE;
  }
  if (st->key) {
    if (npz_array (self, &z, st->key, &self->dense, error)) {
      if (st->rate <= 0 && strcmp (st->key, "t") != 0 && npz_has (&z, "t"))
        rate_from_times (self, &z, st);
      ret = setup_dense (self, st, TRUE, error);
    }
  } else if (npz_has (&z, "i") && npz_has (&z, "t")) {
    /* Brian2 SpikeMonitor: np.savez(f, i=mon.i, t=mon.t / second), or
     * t=mon.t / ms: the values tell */
    ret = npz_array (self, &z, "i", &self->ids, error)
        && npz_array (self, &z, "t", &self->times, error)
        && setup_spike_arrays (self, st, GST_NEURO_FILE_TIME_UNIT_AUTO,
        error);
  } else if (npz_has (&z, "t") && npz_has (&z, "index")) {
    /* pynapple TsGroup.save(): t in seconds, index = unit of each spike,
     * optional d = a value per spike */
    if (npz_has (&z, "d")) {
      GError *ignore = NULL;

      self->have_values = npz_array (self, &z, "d", &self->values, &ignore);
      g_clear_error (&ignore);
    }
    ret = npz_array (self, &z, "index", &self->ids, error)
        && npz_array (self, &z, "t", &self->times, error)
        && setup_spike_arrays (self, st, GST_NEURO_FILE_TIME_UNIT_S, error);
  } else if (npz_has (&z, "t") && npz_has (&z, "d")) {
    /* pynapple Tsd / TsdFrame / TsdTensor.save(): samples d at times t */
    if (npz_array (self, &z, "d", &self->dense, error)) {
      if (st->rate <= 0)
        rate_from_times (self, &z, st);
      ret = setup_dense (self, st, FALSE, error);
    }
  } else if (npz_has (&z, "senders") && npz_has (&z, "times")) {
    /* NEST: np.savez(f, **spike_recorder.events): node ids (from 1) and
     * times in ms */
    static const gchar *const nest_keys[] = { "senders", "times", NULL };
    gchar *other = npz_other_keys (&z, nest_keys);

    if (npz_has (&z, "offsets")) {
      SETTINGS_ERROR (error, "%s: NEST events recorded with "
          "time_in_steps=True (times in steps, and offsets), which is not "
          "supported: record with time_in_steps=False (times in ms)",
          st->location);
    } else if (other && st->kind != GST_NEURO_FILE_KIND_SPIKES) {
      SETTINGS_ERROR (error, "%s: NEST events with senders, times and also "
          "%s: a multimeter or voltmeter recording, not spikes (set "
          "kind=spikes to read senders and times as spikes anyway)",
          st->location, other);
    } else {
      ret = npz_array (self, &z, "senders", &self->ids, error)
          && npz_array (self, &z, "times", &self->times, error)
          && setup_spike_arrays (self, st, GST_NEURO_FILE_TIME_UNIT_MS,
          error);
    }
    g_free (other);
  } else if (npz_find_spike_keys (&z, &ukey, &tkey)) {
    /* named like the CSV columns: the time key may state its unit */
    SpikeListTimeUnit u = spikelist_unit_from_name (tkey);

    ret = npz_array (self, &z, ukey, &self->ids, error)
        && npz_array (self, &z, tkey, &self->times, error)
        && setup_spike_arrays (self, st, u == SPIKELIST_UNIT_MS ?
        GST_NEURO_FILE_TIME_UNIT_MS : u == SPIKELIST_UNIT_S ?
        GST_NEURO_FILE_TIME_UNIT_S : GST_NEURO_FILE_TIME_UNIT_AUTO, error);
  } else if (z.n == 1) {
    gchar *k = g_strndup (z.ents[0].name, MAX (strlen (z.ents[0].name), 4)
        - 4);

    if (npz_array (self, &z, k, &self->dense, error))
      ret = setup_dense (self, st, TRUE, error);
    g_free (k);
  } else {
    gchar *keys = npz_keys (&z);

    SETTINGS_ERROR (error, "%s: cannot tell which arrays to read (keys: "
        "%s); set 'key', or save spikes as i and t (Brian2), t and index "
        "(pynapple) or senders and times (NEST)", st->location, keys);
    g_free (keys);
  }
  g_free (ukey);
  g_free (tkey);
  npz_clear (&z);
  return ret;
}

static gboolean
read_sample_rate (const gchar * params, gdouble * rate, GError ** error)
{
  GMappedFile *m;
  gchar *text = NULL;
  gchar **lines, **l;
  gboolean ret = FALSE;
  gsize len;

  /* Phy writes a few lines: a much larger file is not a params.py, and
   * would be read whole and split into one allocation per line */
  m = g_mapped_file_new (params, FALSE, NULL);
  if (m == NULL)
    goto no_rate;
  len = g_mapped_file_get_length (m);
  if (len == 0) {
    g_mapped_file_unref (m);
    goto no_rate;
  }
  if (len > MAX_PARAMS_SIZE) {
    FORMAT_ERROR (error, "%s: %" G_GSIZE_FORMAT " bytes, more than the %d "
        "read from a params.py", params, len, MAX_PARAMS_SIZE);
    g_mapped_file_unref (m);
    return FALSE;
  }
  text = g_strndup (g_mapped_file_get_contents (m), len);
  g_mapped_file_unref (m);
  lines = g_strsplit (text, "\n", -1);
  for (l = lines; *l; l++) {
    gchar *s = g_strstrip (*l);
    gchar *end;

    if (!g_str_has_prefix (s, "sample_rate"))
      continue;
    s += strlen ("sample_rate");
    while (*s == ' ' || *s == '\t')
      s++;
    if (*s != '=')
      continue;
    *rate = g_ascii_strtod (s + 1, &end);
    if (end != s + 1 && *rate > 0 && isfinite (*rate)) {
      ret = TRUE;
      break;
    }
  }
  g_strfreev (lines);
  g_free (text);
  if (ret)
    return TRUE;
no_rate:
  FORMAT_ERROR (error, "%s: no 'sample_rate = <Hz>' line", params);
  return FALSE;
}

static gboolean
open_phy (GstNeuroFileSrc * self, Settings * st, GError ** error)
{
  gchar *times = g_build_filename (st->location, "spike_times.npy", NULL);
  gchar *clusters = g_build_filename (st->location, "spike_clusters.npy",
      NULL);
  gchar *params = g_build_filename (st->location, "params.py", NULL);
  gchar *amps = g_build_filename (st->location, "amplitudes.npy", NULL);
  const guint8 *buf;
  gsize len;
  gboolean ret = FALSE;

  if (!g_file_test (times, G_FILE_TEST_IS_REGULAR)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
        "%s: not a Kilosort/Phy folder (no spike_times.npy)", st->location);
    goto done;
  }
  if (!g_file_test (clusters, G_FILE_TEST_IS_REGULAR)) {
    g_free (clusters);
    clusters = g_build_filename (st->location, "spike_templates.npy", NULL);
    if (!g_file_test (clusters, G_FILE_TEST_IS_REGULAR)) {
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
          "%s: Kilosort/Phy folder without spike_clusters.npy or "
          "spike_templates.npy", st->location);
      goto done;
    }
  }
  if (st->rate <= 0) {
    if (!g_file_test (params, G_FILE_TEST_IS_REGULAR)) {
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
          "%s: Kilosort/Phy folder without params.py, which gives "
          "sample_rate; set 'rate' to read it anyway", st->location);
      goto done;
    }
    if (!read_sample_rate (params, &st->rate, error))
      goto done;
  }
  if (!map_file (self, times, &buf, &len, error)
      || !array_from_npy (buf, len, times, &self->times, error))
    goto done;
  if (!map_file (self, clusters, &buf, &len, error)
      || !array_from_npy (buf, len, clusters, &self->ids, error))
    goto done;
  if (g_file_test (amps, G_FILE_TEST_IS_REGULAR)) {
    GError *ignore = NULL;

    /* optional: spike amplitudes become the record's value */
    if (map_file (self, amps, &buf, &len, &ignore)
        && array_from_npy (buf, len, amps, &self->values, &ignore))
      self->have_values = TRUE;
    g_clear_error (&ignore);
  }
  ret = setup_spike_arrays (self, st, GST_NEURO_FILE_TIME_UNIT_SAMPLES,
      error);
done:
  g_free (times);
  g_free (clusters);
  g_free (params);
  g_free (amps);
  return ret;
}

/* NEST names its files <label>-<node id>-<vp>.<ext>: .gdf (NEST 2 spike
 * detectors) or, without a label, spike_recorder-... / spike_detector-...
 * Headerless NEST files say nothing else about themselves. */
static gboolean
is_nest_file_name (const gchar * location)
{
  gchar *base = g_path_get_basename (location);
  gchar *lower = g_ascii_strdown (base, -1);
  gboolean ret = g_str_has_suffix (lower, ".gdf")
      || g_str_has_prefix (lower, "spike_recorder-")
      || g_str_has_prefix (lower, "spike_detector-");

  g_free (lower);
  g_free (base);
  return ret;
}

static gboolean
open_text (GstNeuroFileSrc * self, const Settings * st, const guint8 * buf,
    gsize len, GError ** error)
{
  char err[256] = "";
  GstNeuroFileTimeUnit auto_unit;
  SpikeTimeStats stats;
  UnitSet units = { NULL, 0 };
  gdouble tmax;
  gsize k;
  gboolean ok;

  if (spikelist_parse ((const char *) buf, len, &self->text, err,
          sizeof (err)) != 0) {
    FORMAT_ERROR (error, "%s: %s", st->location, err);
    return FALSE;
  }
  /* the column name, else NEST's ms, else the values decide */
  if (self->text.time_unit == SPIKELIST_UNIT_MS)
    auto_unit = GST_NEURO_FILE_TIME_UNIT_MS;
  else if (self->text.time_unit == SPIKELIST_UNIT_S)
    auto_unit = GST_NEURO_FILE_TIME_UNIT_S;
  else if (self->text.is_nest || is_nest_file_name (st->location))
    auto_unit = GST_NEURO_FILE_TIME_UNIT_MS;
  else
    auto_unit = GST_NEURO_FILE_TIME_UNIT_AUTO;
  /* Text lists are in memory anyway: sort rather than refuse. */
  spikelist_sort (&self->text);
  if (self->text.rec[0].t < 0) {
    FORMAT_ERROR (error, "%s: negative spike time %g", st->location,
        self->text.rec[0].t);
    return FALSE;
  }
  if (st->units > 0 && self->text.max_unit >= st->units) {
    for (k = 0; k < self->text.n; k++)
      if (self->text.rec[k].unit >= st->units)
        break;
    FORMAT_ERROR (error, "%s: unit id %" G_GINT64_FORMAT " is not below "
        "units=%d", st->location, self->text.rec[k].unit, st->units);
    return FALSE;
  }
  if (!check_units (self, st, self->text.max_unit, 0, st->location, error))
    return FALSE;
  spike_times_init (&stats);
  if (st->time_unit == GST_NEURO_FILE_TIME_UNIT_AUTO
      && auto_unit == GST_NEURO_FILE_TIME_UNIT_AUTO) {
    /* ids are below NEURO_MAX_UNITS here */
    units.bits = g_malloc0 (self->text.max_unit / 8 + 1);
    for (k = 0; k < self->text.n; k++) {
      /* decimal text: parsed as exactly as a double allows */
      spike_times_add (&stats, self->text.rec[k].t, 2.3e-16);
      unit_set_add (&units, self->text.rec[k].unit);
    }
  }
  ok = settle_time_unit (self, st, auto_unit, &stats, units.n, st->location,
      error);
  g_free (units.bits);
  if (!ok)
    return FALSE;
  tmax = self->text.rec[self->text.n - 1].t;
  if (tmax * self->time_scale > 9.0e18) {
    FORMAT_ERROR (error, "%s: last spike time %g is too large for a "
        "nanosecond timeline (wrong time-unit?)", st->location, tmax);
    return FALSE;
  }
  self->from_text = TRUE;
  self->n_spikes = self->text.n;
  self->mode = GST_NEURO_OUT_SPIKE_LIST;
  self->duration = ((guint64) to_ns (tmax, self->time_scale) / self->slice
      + 1) * self->slice;
  return TRUE;
}

static gboolean
open_source (GstNeuroFileSrc * self, Settings * st, GError ** error)
{
  const guint8 *buf;
  gsize len;

  if (g_file_test (st->location, G_FILE_TEST_IS_DIR))
    return open_phy (self, st, error);
  if (!map_file (self, st->location, &buf, &len, error))
    return FALSE;
  if (len >= NPY_MAGIC_LEN && memcmp (buf, NPY_MAGIC, NPY_MAGIC_LEN) == 0)
    return open_npy (self, st, buf, len, error);
  if (len >= 4 && buf[0] == 'P' && buf[1] == 'K'
      && ((buf[2] == 3 && buf[3] == 4) || (buf[2] == 5 && buf[3] == 6)))
    return open_npz (self, st, buf, len, error);
  if (len >= 1 && buf[0] == 0x93) {
    FORMAT_ERROR (error, "%s: truncated .npy file (incomplete magic)",
        st->location);
    return FALSE;
  }
  if (spikelist_looks_like_text (buf, MIN (len, 65536)))
    return open_text (self, st, buf, len, error);
  g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE,
      "%s: unrecognised format (expected .npy, .npz, a Kilosort/Phy folder, "
      "CSV/TSV or NEST text)", st->location);
  return FALSE;
}

static void
gst_neuro_file_src_reset (GstNeuroFileSrc * self)
{
  g_clear_pointer (&self->maps, g_ptr_array_unref);
  g_clear_pointer (&self->owned, g_ptr_array_unref);
  array_clear (&self->times);
  array_clear (&self->ids);
  array_clear (&self->values);
  array_clear (&self->dense);
  spikelist_clear (&self->text);
  GST_OBJECT_LOCK (self);
  gst_clear_caps (&self->caps);
  GST_OBJECT_UNLOCK (self);
  self->mode = GST_NEURO_OUT_NONE;
  self->have_values = FALSE;
  self->from_text = FALSE;
  self->duration = GST_CLOCK_TIME_NONE;
  self->n_spikes = self->n_rows = 0;
  self->cur_slice = self->cur_spike = self->cur_row = 0;
  self->part_cont = FALSE;
  self->part_pos = 0;
  self->still_done = FALSE;
  self->eff_rate = 0;
}

static gboolean
gst_neuro_file_src_start (GstBaseSrc * bsrc)
{
  GstNeuroFileSrc *self = GST_NEURO_FILE_SRC (bsrc);
  Settings st;
  GError *error = NULL;
  GstCaps *caps = NULL;
  gboolean ok;
  gint64 t0 = g_get_monotonic_time ();

  gst_neuro_file_src_reset (self);
  self->maps = g_ptr_array_new_with_free_func (
      (GDestroyNotify) g_mapped_file_unref);
  self->owned = g_ptr_array_new_with_free_func (g_free);

  GST_OBJECT_LOCK (self);
  st.location = g_strdup (self->location);
  st.times_location = g_strdup (self->times_location);
  st.key = (self->key && *self->key) ? g_strdup (self->key) : NULL;
  st.kind = self->kind;
  st.rate = self->rate > 0 ? self->rate : (self->dt > 0 ? 1.0 / self->dt :
      0.0);
  st.time_unit = self->time_unit;
  st.columns = self->columns;
  st.units = self->units;
  self->slice = self->slice_duration;
  self->inflate_limit = self->max_inflated_size;
  self->spike_cap = self->max_spikes_per_buffer;
  GST_OBJECT_UNLOCK (self);

  if (st.location == NULL || *st.location == '\0') {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
        ("No file name specified for reading: set 'location'."), (NULL));
    ok = FALSE;
    goto done;
  }

  ok = open_source (self, &st, &error);
  if (!ok) {
    /* GST_ELEMENT_ERROR with a run-time domain and code */
    gst_element_message_full (GST_ELEMENT (self), GST_MESSAGE_ERROR,
        error->domain, error->code, g_strdup (error->message), NULL,
        __FILE__, GST_FUNCTION, __LINE__);
    g_clear_error (&error);
    gst_neuro_file_src_reset (self);
    goto done;
  }

  switch (self->mode) {
    case GST_NEURO_OUT_SPIKE_LIST:
    case GST_NEURO_OUT_SPIKE_DENSE:{
      NeuroSpikesInfo info = { self->out_units };
      caps = neuro_spikes_info_to_caps (&info);
      break;
    }
    case GST_NEURO_OUT_SIGNAL:{
      NeuroSignalInfo info = { (gint) self->channels, self->eff_rate };
      caps = neuro_signal_info_to_caps (&info);
      break;
    }
    case GST_NEURO_OUT_FRAMES:{
      NeuroFrameInfo info = { self->width, self->height, 0, 1 };
      if (self->eff_rate > 0)
        gst_util_double_to_fraction (self->eff_rate, &info.fps_n,
            &info.fps_d);
      caps = neuro_frame_info_to_caps (&info);
      break;
    }
    default:
      g_assert_not_reached ();
  }
  GST_OBJECT_LOCK (self);
  gst_caps_replace (&self->caps, caps);
  /* basesrc answers the SEEKING query and fills the segment from this */
  bsrc->segment.duration = self->duration;
  GST_OBJECT_UNLOCK (self);
  GST_INFO_OBJECT (self, "opened %s in %.1f ms: %" GST_PTR_FORMAT
      ", duration %" GST_TIME_FORMAT ", %" G_GUINT64_FORMAT " spikes",
      st.location, (g_get_monotonic_time () - t0) / 1000.0, caps,
      GST_TIME_ARGS (self->duration), self->n_spikes);
  gst_caps_unref (caps);

done:
  g_free (st.location);
  g_free (st.times_location);
  g_free (st.key);
  return ok;
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
  return (GstClockTime) llround (row * 1e9 / self->eff_rate);
}

/* First row whose timestamp is at or after @t. */
static guint64
row_at (GstNeuroFileSrc * self, GstClockTime t)
{
  guint64 r = (guint64) floor (t * self->eff_rate / 1e9);

  while (row_pts (self, r) < t)
    r++;
  while (r > 0 && row_pts (self, r - 1) >= t)
    r--;
  return r;
}

static inline gint64
spike_time (GstNeuroFileSrc * self, guint64 k)
{
  if (self->from_text)
    return to_ns (self->text.rec[k].t, self->time_scale);
  return to_ns (array_double (&self->times, k), self->time_scale);
}

static inline guint32
spike_unit (GstNeuroFileSrc * self, guint64 k)
{
  if (self->from_text)
    return (guint32) self->text.rec[k].unit;
  return (guint32) array_int64 (&self->ids, k);
}

/* First spike at or after @t (times are sorted). */
static guint64
spike_at (GstNeuroFileSrc * self, GstClockTime t)
{
  guint64 lo = 0, hi = self->n_spikes;

  while (lo < hi) {
    guint64 mid = lo + (hi - lo) / 2;

    if (spike_time (self, mid) < (gint64) t)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static gboolean
gst_neuro_file_src_do_seek (GstBaseSrc * bsrc, GstSegment * segment)
{
  GstNeuroFileSrc *self = GST_NEURO_FILE_SRC (bsrc);
  GstClockTime pos = segment->position;

  if (segment->rate < 0) {
    GST_WARNING_OBJECT (self, "reverse playback is not supported");
    return FALSE;
  }
  if (!GST_CLOCK_TIME_IS_VALID (pos))
    pos = 0;
  array_rewind (&self->times, 0);
  array_rewind (&self->ids, 0);
  array_rewind (&self->values, 0);
  array_rewind (&self->dense, 0);
  self->part_cont = FALSE;
  switch (self->mode) {
    case GST_NEURO_OUT_SPIKE_LIST:
      self->cur_slice = pos / self->slice;
      self->cur_spike = spike_at (self, self->cur_slice * self->slice);
      break;
    case GST_NEURO_OUT_SPIKE_DENSE:
      self->cur_slice = pos / self->slice;
      break;
    case GST_NEURO_OUT_SIGNAL:
      /* the sample that covers pos */
      self->cur_row = (guint64) floor (pos * self->eff_rate / 1e9);
      if (row_pts (self, self->cur_row + 1) <= pos)
        self->cur_row++;
      break;
    case GST_NEURO_OUT_FRAMES:
      if (self->eff_rate > 0) {
        self->cur_row = (guint64) floor (pos * self->eff_rate / 1e9);
        if (row_pts (self, self->cur_row + 1) <= pos)
          self->cur_row++;
      } else {
        self->still_done = FALSE;
      }
      break;
    default:
      break;
  }
  segment->time = segment->start;
  return TRUE;
}

static gboolean
gst_neuro_file_src_query (GstBaseSrc * bsrc, GstQuery * query)
{
  GstNeuroFileSrc *self = GST_NEURO_FILE_SRC (bsrc);

  if (GST_QUERY_TYPE (query) == GST_QUERY_DURATION) {
    GstFormat format;

    gst_query_parse_duration (query, &format, NULL);
    if (format == GST_FORMAT_TIME
        && GST_CLOCK_TIME_IS_VALID (self->duration)) {
      gst_query_set_duration (query, GST_FORMAT_TIME, self->duration);
      return TRUE;
    }
    return FALSE;
  }
  return GST_BASE_SRC_CLASS (parent_class)->query (bsrc, query);
}

static inline void
store_f32le (guint8 * p, gfloat f)
{
  guint32 u;

  memcpy (&u, &f, 4);
  GST_WRITE_UINT32_LE (p, u);
}

static inline void
store_spike (guint8 * p, gint64 t, guint32 unit, gfloat value)
{
  GST_WRITE_UINT64_LE (p, (guint64) t);
  GST_WRITE_UINT32_LE (p + 8, unit);
  store_f32le (p + 12, value);
}

static gboolean
past_end (GstNeuroFileSrc * self, GstClockTime pts)
{
  GstSegment *seg = &GST_BASE_SRC (self)->segment;

  if (GST_CLOCK_TIME_IS_VALID (self->duration) && pts >= self->duration)
    return TRUE;
  return GST_CLOCK_TIME_IS_VALID (seg->stop) && pts >= seg->stop;
}

/* Stamps a spike buffer of the current slice.  A slice with more than
 * max-spikes-per-buffer spikes is sent in parts: the first starts at the
 * slice start, the others at their first spike; all end at the slice end,
 * so every record lies in its buffer's [PTS, PTS + DURATION). */
static void
stamp_spike_part (GstNeuroFileSrc * self, GstBuffer * buf, GstClockTime pts,
    gboolean more)
{
  GstClockTime start = self->cur_slice * self->slice;

  pts = MAX (pts, start);
  GST_BUFFER_PTS (buf) = pts;
  GST_BUFFER_DURATION (buf) = start + self->slice - pts;
  GST_BUFFER_OFFSET (buf) = self->cur_slice;
  GST_BUFFER_OFFSET_END (buf) = self->cur_slice + 1;
  self->part_cont = more;
  if (!more)
    self->cur_slice++;
}

static GstFlowReturn
create_spike_list (GstNeuroFileSrc * self, GstBuffer ** outbuf)
{
  GstClockTime start = self->cur_slice * self->slice;
  GstClockTime end = start + self->slice;
  guint64 k0 = self->cur_spike, k1 = k0, k;
  GstClockTime pts = start;
  gboolean more;
  GstBuffer *buf;
  GstMapInfo map;

  if (past_end (self, start))
    return GST_FLOW_EOS;
  if (self->part_cont && k0 < self->n_spikes)
    pts = spike_time (self, k0);
  while (k1 < self->n_spikes && k1 - k0 < self->spike_cap
      && spike_time (self, k1) < (gint64) end)
    k1++;
  more = k1 < self->n_spikes && spike_time (self, k1) < (gint64) end;
  buf = gst_buffer_new_allocate (NULL, (k1 - k0) * sizeof (NeuroSpike),
      NULL);
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (k = k0; k < k1; k++) {
    gfloat v = 1.0f;

    if (self->have_values)
      v = npy_get_double (&self->values.h, self->values.data, k);
    store_spike (map.data + (k - k0) * sizeof (NeuroSpike),
        spike_time (self, k), spike_unit (self, k), v);
  }
  gst_buffer_unmap (buf, &map);
  stamp_spike_part (self, buf, pts, more);
  self->cur_spike = k1;
  if (!self->from_text) {
    array_release (&self->times, k0);
    array_release (&self->ids, k0);
    if (self->have_values)
      array_release (&self->values, k0);
  }
  *outbuf = buf;
  return GST_FLOW_OK;
}

static inline gboolean
dense_spike_at (GstNeuroFileSrc * self, guint64 pos, gdouble * value)
{
  const NpyHeader *h = &self->dense.h;
  gdouble v = npy_get_double (h, self->dense.data,
      npy_index2 (h, pos / self->channels, pos % self->channels));

  *value = v;
  /* NaN counts as no spike */
  return v != 0 && !isnan (v);
}

static GstFlowReturn
create_spike_dense (GstNeuroFileSrc * self, GstBuffer ** outbuf)
{
  GstClockTime start = self->cur_slice * self->slice;
  GstClockTime end = start + self->slice;
  guint64 C = self->channels, p0, p1, p, stop, n = 0;
  gdouble v;
  gboolean more;
  GstBuffer *buf;
  GstMapInfo map;
  guint8 *out;

  if (past_end (self, start))
    return GST_FLOW_EOS;
  /* positions r * C + c of the raster; a part ends after spike_cap spikes */
  p0 = self->part_cont ? self->part_pos :
      MIN (row_at (self, start), self->n_rows) * C;
  p1 = MIN (row_at (self, end), self->n_rows) * C;
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
      start, more);
  array_release (&self->dense, p0);
  *outbuf = buf;
  return GST_FLOW_OK;
}

static gboolean
is_f32le (const NpyHeader * h)
{
  return h->kind == NPY_KIND_FLOAT && h->itemsize == 4 && !h->big_endian
      && G_BYTE_ORDER == G_LITTLE_ENDIAN;
}

static GstFlowReturn
create_signal (GstNeuroFileSrc * self, GstBuffer ** outbuf)
{
  const NpyHeader *h = &self->dense.h;
  guint64 r0 = self->cur_row, n, r, c, C = self->channels;
  GstClockTime pts;
  GstBuffer *buf;
  GstMapInfo map;

  if (r0 >= self->n_rows)
    return GST_FLOW_EOS;
  pts = row_pts (self, r0);
  if (past_end (self, pts))
    return GST_FLOW_EOS;
  n = MIN (self->samples_per_buffer, self->n_rows - r0);
  buf = gst_buffer_new_allocate (NULL, n * C * 4, NULL);
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  if (is_f32le (h) && (!h->fortran_order || C == 1)) {
    memcpy (map.data, self->dense.data + r0 * C * 4, n * C * 4);
  } else {
    for (r = 0; r < n; r++)
      for (c = 0; c < C; c++)
        store_f32le (map.data + (r * C + c) * 4,
            npy_get_double (h, self->dense.data, npy_index2 (h, r0 + r, c)));
  }
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = pts;
  GST_BUFFER_DURATION (buf) = row_pts (self, r0 + n) - pts;
  GST_BUFFER_OFFSET (buf) = r0;
  GST_BUFFER_OFFSET_END (buf) = r0 + n;
  self->cur_row = r0 + n;
  array_release (&self->dense, r0 * C);
  *outbuf = buf;
  return GST_FLOW_OK;
}

static GstFlowReturn
create_frame (GstNeuroFileSrc * self, GstBuffer ** outbuf)
{
  const NpyHeader *h = &self->dense.h;
  guint64 f = self->cur_row, W = self->width, H = self->height, x, y;
  gsize size = W * H * 4;
  GstClockTime pts = 0;
  GstBuffer *buf;
  GstMapInfo map;

  if (self->eff_rate > 0) {
    if (f >= self->n_rows)
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
  if (is_f32le (h) && !h->fortran_order) {
    memcpy (map.data, self->dense.data + f * size, size);
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
        store_f32le (map.data + (y * W + x) * 4,
            npy_get_double (h, self->dense.data, mi));
      }
  }
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = pts;
  if (self->eff_rate > 0) {
    GST_BUFFER_DURATION (buf) = row_pts (self, f + 1) - pts;
    GST_BUFFER_OFFSET (buf) = f;
    GST_BUFFER_OFFSET_END (buf) = f + 1;
    self->cur_row = f + 1;
    array_release (&self->dense, f * W * H);
  } else {
    self->still_done = TRUE;
  }
  *outbuf = buf;
  return GST_FLOW_OK;
}

static GstFlowReturn
gst_neuro_file_src_create (GstPushSrc * psrc, GstBuffer ** outbuf)
{
  GstNeuroFileSrc *self = GST_NEURO_FILE_SRC (psrc);

  switch (self->mode) {
    case GST_NEURO_OUT_SPIKE_LIST:
      return create_spike_list (self, outbuf);
    case GST_NEURO_OUT_SPIKE_DENSE:
      return create_spike_dense (self, outbuf);
    case GST_NEURO_OUT_SIGNAL:
      return create_signal (self, outbuf);
    case GST_NEURO_OUT_FRAMES:
      return create_frame (self, outbuf);
    default:
      return GST_FLOW_NOT_NEGOTIATED;
  }
}
