/* gst-neuroviz — npyparse: .npy streams in, signals or frames out.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * SECTION:element-npyparse
 * @title: npyparse
 *
 * Reads a NumPy `.npy` stream (`application/x-npy`, found by the plugin's
 * `npy` typefinder) and outputs it in the project's media types,
 * so that `decodebin` can read `.npy` files:
 *
 * - `[T]` and `[T, C]` numeric arrays: `application/x-neuro-signal`
 *   (F32LE, channels = C, rate = #GstNpyParse:rate), about 10 ms of samples
 *   per buffer;
 * - `[T, H, W]` arrays: `application/x-neuro-frame` (H x W, framerate =
 *   #GstNpyParse:rate), one matrix per buffer.
 *
 * Every dtype that neurofilesrc reads (bool, integers, float16/32/64, either
 * byte order) is converted to little-endian float32 on any host.  Data is streamed in bounded chunks,
 * so memory does not depend on the file size.  Only C-ordered arrays are
 * read: a Fortran-ordered array cannot be streamed row by row (use
 * neurofilesrc, which maps the file).  Bool or 0/1 `[T, N]` rasters come out
 * as signals; neurofilesrc `kind=spikes` turns them into spikes.
 *
 * npyparse streams the array once, from its start: seeks, and so reverse
 * playback, are refused (the seek answers FALSE; the reason is logged at
 * debug level).  neurofilesrc reads the same files with seeks at any rate
 * and in reverse.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 filesrc location=v.npy ! decodebin ! signalscope ! autovideosink
 * gst-launch-1.0 filesrc location=v.npy ! npyparse rate=10000 ! signalscope ! autovideosink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstnpyparse.h"
#include "neurotypes.h"

GST_DEBUG_CATEGORY_STATIC (gst_npy_parse_debug);
#define GST_CAT_DEFAULT gst_npy_parse_debug

#define DEFAULT_RATE 1000.0
/* a signal buffer holds about this much time ... */
#define SIGNAL_BUFFER_TIME (10 * GST_MSECOND)
/* ... but never more than this many output bytes (at least one row) */
#define MAX_BUFFER_BYTES (4 << 20)

enum
{
  PROP_0,
  PROP_RATE,
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("application/x-npy"));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (NEURO_SIGNAL_CAPS "; " NEURO_FRAME_CAPS));

#define gst_npy_parse_parent_class parent_class
G_DEFINE_TYPE (GstNpyParse, gst_npy_parse, GST_TYPE_ELEMENT);

GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (npyparse, "npyparse",
    GST_RANK_SECONDARY, GST_TYPE_NPY_PARSE,
    GST_DEBUG_CATEGORY_INIT (gst_npy_parse_debug, "npyparse", 0,
        "NumPy .npy stream parser"));

static void gst_npy_parse_finalize (GObject * object);
static void gst_npy_parse_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_npy_parse_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static GstStateChangeReturn gst_npy_parse_change_state (GstElement * element,
    GstStateChange transition);
static GstFlowReturn gst_npy_parse_chain (GstPad * pad, GstObject * parent,
    GstBuffer * buf);
static gboolean gst_npy_parse_sink_event (GstPad * pad, GstObject * parent,
    GstEvent * event);
static gboolean gst_npy_parse_src_query (GstPad * pad, GstObject * parent,
    GstQuery * query);
static gboolean gst_npy_parse_src_event (GstPad * pad, GstObject * parent,
    GstEvent * event);

static void
gst_npy_parse_class_init (GstNpyParseClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->finalize = gst_npy_parse_finalize;
  gobject_class->set_property = gst_npy_parse_set_property;
  gobject_class->get_property = gst_npy_parse_get_property;

  g_object_class_install_property (gobject_class, PROP_RATE,
      g_param_spec_double ("rate", "Rate",
          "Rows per second: sample rate of [T] / [T, C] signals (at most "
          "10 MHz), frame rate of [T, H, W] frames (.npy files do not store "
          "their time step)",
          0.001, 1e9, DEFAULT_RATE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  /* "Demuxer" puts it in decodebin's list of decodable factories */
  gst_element_class_set_static_metadata (element_class,
      "NumPy .npy parser", "Codec/Demuxer",
      "Streams a NumPy .npy array as a neural signal ([T], [T, C]) or as "
      "frames ([T, H, W])", "gst-neuroviz");

  element_class->change_state = GST_DEBUG_FUNCPTR (gst_npy_parse_change_state);
}

static void
gst_npy_parse_reset (GstNpyParse * self)
{
  gst_adapter_clear (self->adapter);
  self->have_header = FALSE;
  self->failed = FALSE;
  memset (&self->hdr, 0, sizeof (self->hdr));
  self->row = 0;
  self->need_segment = TRUE;
  self->seqnum = GST_SEQNUM_INVALID;
}

static void
gst_npy_parse_init (GstNpyParse * self)
{
  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_npy_parse_chain));
  gst_pad_set_event_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_npy_parse_sink_event));
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);

  self->srcpad = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_set_query_function (self->srcpad,
      GST_DEBUG_FUNCPTR (gst_npy_parse_src_query));
  gst_pad_set_event_function (self->srcpad,
      GST_DEBUG_FUNCPTR (gst_npy_parse_src_event));
  gst_pad_use_fixed_caps (self->srcpad);
  gst_element_add_pad (GST_ELEMENT (self), self->srcpad);

  self->adapter = gst_adapter_new ();
  self->rate = DEFAULT_RATE;
  gst_npy_parse_reset (self);
}

static void
gst_npy_parse_finalize (GObject * object)
{
  GstNpyParse *self = GST_NPY_PARSE (object);

  g_object_unref (self->adapter);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_npy_parse_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstNpyParse *self = GST_NPY_PARSE (object);

  switch (prop_id) {
    case PROP_RATE:
      GST_OBJECT_LOCK (self);
      self->rate = g_value_get_double (value);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_npy_parse_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstNpyParse *self = GST_NPY_PARSE (object);

  switch (prop_id) {
    case PROP_RATE:
      GST_OBJECT_LOCK (self);
      g_value_set_double (value, self->rate);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static GstStateChangeReturn
gst_npy_parse_change_state (GstElement * element, GstStateChange transition)
{
  GstNpyParse *self = GST_NPY_PARSE (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED)
    gst_npy_parse_reset (self);
  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY)
    gst_npy_parse_reset (self);
  return ret;
}

/* Name of the stream for error messages: the upstream file if known. */
static gchar *
gst_npy_parse_stream_name (GstNpyParse * self)
{
  GstQuery *q = gst_query_new_uri ();
  gchar *uri = NULL, *name = NULL;

  if (gst_pad_peer_query (self->sinkpad, q))
    gst_query_parse_uri (q, &uri);
  gst_query_unref (q);
  if (uri != NULL) {
    name = g_filename_from_uri (uri, NULL, NULL);
    if (name == NULL)
      name = g_strdup (uri);
    g_free (uri);
  }
  return name ? name : g_strdup (".npy stream");
}

#define NPY_ERROR(self, ...) G_STMT_START {                                  \
  gchar *_name = gst_npy_parse_stream_name (self);                           \
  gchar *_msg = g_strdup_printf (__VA_ARGS__);                               \
  GST_ELEMENT_ERROR (self, STREAM, DECODE, ("%s: %s", _name, _msg), (NULL)); \
  g_free (_msg);                                                             \
  g_free (_name);                                                            \
  (self)->failed = TRUE;                                                     \
} G_STMT_END

static GstClockTime
gst_npy_parse_row_time (GstNpyParse * self, guint64 row)
{
  return gst_util_uint64_scale (row, GST_SECOND * (guint64) self->rate_d,
      self->rate_n);
}

/* Checks the parsed header and sends caps and segment.  FALSE: error
 * posted. */
static gboolean
gst_npy_parse_setup (GstNpyParse * self)
{
  NpyHeader *h = &self->hdr;
  gchar shape[128];
  GstCaps *caps;
  GstSegment seg;
  GstEvent *ev;
  gdouble rate;
  gint i, big_dims = 0;

  npy_shape_string (h, shape, sizeof (shape));
  if (h->ndim < 1 || h->ndim > 3) {
    NPY_ERROR (self, "unsupported rank %d (shape %s): npyparse reads [T] or "
        "[T, C] signals and [T, H, W] frames", h->ndim, shape);
    return FALSE;
  }
  for (i = 0; i < h->ndim; i++)
    big_dims += h->shape[i] > 1;
  if (h->fortran_order && big_dims > 1) {
    NPY_ERROR (self, "shape %s is stored in Fortran order, which cannot be "
        "streamed row by row; read the file with neurofilesrc, which handles "
        "it (or save it with np.ascontiguousarray)", shape);
    return FALSE;
  }
  if (h->count == 0) {
    NPY_ERROR (self, "the array is empty (shape %s)", shape);
    return FALSE;
  }

  GST_OBJECT_LOCK (self);
  rate = self->rate;
  GST_OBJECT_UNLOCK (self);
  gst_util_double_to_fraction (rate, &self->rate_n, &self->rate_d);
  if (self->rate_n <= 0 || self->rate_d <= 0) {
    NPY_ERROR (self, "rate %g cannot be used as a fraction", rate);
    return FALSE;
  }

  self->rows = h->shape[0];
  self->frames = h->ndim == 3;
  if (self->frames) {
    NeuroFrameInfo fi;

    if (h->shape[1] > NEURO_MAX_DIM || h->shape[2] > NEURO_MAX_DIM) {
      NPY_ERROR (self, "frames of shape %s are larger than %d x %d", shape,
          NEURO_MAX_DIM, NEURO_MAX_DIM);
      return FALSE;
    }
    fi.height = (gint) h->shape[1];
    fi.width = (gint) h->shape[2];
    fi.fps_n = self->rate_n;
    fi.fps_d = self->rate_d;
    self->row_elems = h->shape[1] * h->shape[2];
    self->rows_per_buf = 1;
    caps = neuro_frame_info_to_caps (&fi);
  } else {
    NeuroSignalInfo si;
    guint64 n;

    self->row_elems = h->ndim == 2 ? h->shape[1] : 1;
    if (self->row_elems > NEURO_MAX_CHANNELS) {
      NPY_ERROR (self, "%" G_GUINT64_FORMAT " channels (shape %s) are more "
          "than the %d a signal may have", self->row_elems, shape,
          NEURO_MAX_CHANNELS);
      return FALSE;
    }
    if (rate > NEURO_MAX_RATE) {
      NPY_ERROR (self, "rate=%g Hz is above the %.0f Hz a signal may have "
          "(shape %s); frames ([T, H, W]) may have any rate", rate,
          NEURO_MAX_RATE, shape);
      return FALSE;
    }
    si.channels = (gint) self->row_elems;
    si.rate = rate;
    /* about SIGNAL_BUFFER_TIME of rows, bounded in bytes, at least one */
    n = gst_util_uint64_scale_ceil (SIGNAL_BUFFER_TIME, self->rate_n,
        GST_SECOND * (guint64) self->rate_d);
    n = MIN (n, MAX_BUFFER_BYTES / (self->row_elems * 4));
    self->rows_per_buf = MAX (n, 1);
    caps = neuro_signal_info_to_caps (&si);
  }
  self->row_bytes = self->row_elems * (guint64) h->itemsize;
  if (caps == NULL) {
    NPY_ERROR (self, "shape %s does not fit the output media type", shape);
    return FALSE;
  }
  GST_INFO_OBJECT (self, "%s %s -> %" GST_PTR_FORMAT, h->descr, shape, caps);
  gst_pad_push_event (self->srcpad, gst_event_new_caps (caps));
  gst_caps_unref (caps);

  gst_segment_init (&seg, GST_FORMAT_TIME);
  seg.duration = gst_npy_parse_row_time (self, self->rows);
  ev = gst_event_new_segment (&seg);
  if (self->seqnum != GST_SEQNUM_INVALID)
    gst_event_set_seqnum (ev, self->seqnum);
  gst_pad_push_event (self->srcpad, ev);
  self->need_segment = FALSE;
  return TRUE;
}

/* Collects the header.  Returns FALSE on error (posted). */
static gboolean
gst_npy_parse_header (GstNpyParse * self)
{
  gsize avail = gst_adapter_available (self->adapter);
  gsize len = MIN (avail, (gsize) NPY_MAX_HEADER_LEN + 12);
  const guint8 *data;
  char err[256] = "";
  NpyResult res;

  if (avail < 10)
    return TRUE;                /* not even the magic and length */
  data = gst_adapter_map (self->adapter, len);
  res = npy_parse_header (data, len, &self->hdr, err, sizeof (err));
  gst_adapter_unmap (self->adapter);
  if (res == NPY_NEED_MORE)
    return TRUE;
  if (res == NPY_ERROR) {
    NPY_ERROR (self, "%s", err);
    return FALSE;
  }
  gst_adapter_flush (self->adapter, self->hdr.header_size);
  self->have_header = TRUE;
  return gst_npy_parse_setup (self);
}

static GstFlowReturn
gst_npy_parse_push_rows (GstNpyParse * self, guint64 n)
{
  const NpyHeader *h = &self->hdr;
  gsize in_size = n * self->row_bytes;
  guint64 elems = n * self->row_elems;
  GstBuffer *out;
  GstMapInfo map;

  out = gst_buffer_new_allocate (NULL, elems * sizeof (gfloat), NULL);
  gst_buffer_map (out, &map, GST_MAP_WRITE);
  if (h->kind == NPY_KIND_FLOAT && h->itemsize == 4 && !h->big_endian) {
    /* '<f4' is F32LE already, on any host: no temporary copy */
    gst_adapter_copy (self->adapter, map.data, 0, in_size);
  } else {
    npy_to_f32le (h, gst_adapter_map (self->adapter, in_size), 0, elems,
        map.data);
    gst_adapter_unmap (self->adapter);
  }
  gst_buffer_unmap (out, &map);
  gst_adapter_flush (self->adapter, in_size);

  GST_BUFFER_PTS (out) = gst_npy_parse_row_time (self, self->row);
  GST_BUFFER_DURATION (out) =
      gst_npy_parse_row_time (self, self->row + n) - GST_BUFFER_PTS (out);
  GST_BUFFER_OFFSET (out) = self->row;
  GST_BUFFER_OFFSET_END (out) = self->row + n;
  if (self->row == 0)
    GST_BUFFER_FLAG_SET (out, GST_BUFFER_FLAG_DISCONT);
  self->row += n;
  return gst_pad_push (self->srcpad, out);
}

static GstFlowReturn
gst_npy_parse_chain (GstPad * pad, GstObject * parent, GstBuffer * buf)
{
  GstNpyParse *self = GST_NPY_PARSE (parent);
  GstFlowReturn ret = GST_FLOW_OK;

  if (self->failed) {
    gst_buffer_unref (buf);
    return GST_FLOW_ERROR;
  }
  gst_adapter_push (self->adapter, buf);

  if (!self->have_header) {
    if (!gst_npy_parse_header (self))
      return GST_FLOW_ERROR;
    if (!self->have_header)
      return GST_FLOW_OK;
  }

  while (ret == GST_FLOW_OK && self->row < self->rows) {
    guint64 n = MIN (self->rows_per_buf, self->rows - self->row);

    if (gst_adapter_available (self->adapter) < n * self->row_bytes)
      break;
    ret = gst_npy_parse_push_rows (self, n);
  }
  if (ret == GST_FLOW_OK && self->row == self->rows
      && gst_adapter_available (self->adapter) > 0) {
    gchar shape[128];

    npy_shape_string (&self->hdr, shape, sizeof (shape));
    NPY_ERROR (self, "%" G_GSIZE_FORMAT " bytes follow the data of shape %s "
        "(numpy writes nothing after the array: not a .npy file?)",
        gst_adapter_available (self->adapter), shape);
    gst_adapter_clear (self->adapter);
    return GST_FLOW_ERROR;
  }
  return ret;
}

/* At EOS everything must have arrived.  Returns FALSE on error (posted). */
static gboolean
gst_npy_parse_check_eos (GstNpyParse * self)
{
  gsize avail = gst_adapter_available (self->adapter);
  gchar shape[128];

  if (self->failed)
    return FALSE;
  if (!self->have_header) {
    if (avail == 0)
      NPY_ERROR (self, "the stream is empty (no .npy header)");
    else
      NPY_ERROR (self, "the stream ends inside the .npy header after %"
          G_GSIZE_FORMAT " bytes (truncated file?)", avail);
    return FALSE;
  }
  if (self->row < self->rows) {
    guint64 got = self->row * self->row_bytes + avail;

    npy_shape_string (&self->hdr, shape, sizeof (shape));
    NPY_ERROR (self, "shape %s of %s needs %" G_GUINT64_FORMAT " bytes of "
        "data but %" G_GUINT64_FORMAT " follow the header (truncated file?)",
        shape, self->hdr.descr, (guint64) self->hdr.data_size, got);
    return FALSE;
  }
  return TRUE;
}

static gboolean
gst_npy_parse_sink_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  GstNpyParse *self = GST_NPY_PARSE (parent);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_CAPS:
      /* application/x-npy: ours are sent once the header is parsed */
      gst_event_unref (event);
      return TRUE;
    case GST_EVENT_SEGMENT:
      /* upstream's is in BYTES; ours (TIME) follows the header */
      self->seqnum = gst_event_get_seqnum (event);
      gst_event_unref (event);
      return TRUE;
    case GST_EVENT_FLUSH_STOP:
      gst_adapter_clear (self->adapter);
      break;
    case GST_EVENT_EOS:
      if (!gst_npy_parse_check_eos (self)) {
        /* the error is on the bus; nothing valid to end downstream */
        gst_event_unref (event);
        return TRUE;
      }
      break;
    default:
      break;
  }
  return gst_pad_event_default (pad, parent, event);
}

static gboolean
gst_npy_parse_src_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_SEEK:{
      gdouble rate;

      /* not seekable in push mode: upstream only knows bytes, and a
       * stream read once from its start cannot be sent backwards */
      gst_event_parse_seek (event, &rate, NULL, NULL, NULL, NULL, NULL,
          NULL);
      GST_DEBUG_OBJECT (parent, "refusing %s seek at rate %g: npyparse "
          "streams the array once, from its start (neurofilesrc reads .npy "
          "files with seeks and reverse playback)",
          rate < 0 ? "a reverse" : "a", rate);
      gst_event_unref (event);
      return FALSE;
    }
    default:
      break;
  }
  return gst_pad_event_default (pad, parent, event);
}

static gboolean
gst_npy_parse_src_query (GstPad * pad, GstObject * parent, GstQuery * query)
{
  GstNpyParse *self = GST_NPY_PARSE (parent);

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_DURATION:{
      GstFormat fmt;

      gst_query_parse_duration (query, &fmt, NULL);
      if (fmt != GST_FORMAT_TIME || !self->have_header || self->failed)
        return FALSE;
      gst_query_set_duration (query, GST_FORMAT_TIME,
          gst_npy_parse_row_time (self, self->rows));
      return TRUE;
    }
    case GST_QUERY_SEEKING:{
      GstFormat fmt;

      gst_query_parse_seeking (query, &fmt, NULL, NULL, NULL);
      gst_query_set_seeking (query, fmt, FALSE, 0, -1);
      return TRUE;
    }
    default:
      break;
  }
  return gst_pad_query_default (pad, parent, query);
}
