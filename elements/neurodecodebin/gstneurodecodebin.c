/* gst-neuroviz — neurodecodebin: the project's files as raw video.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A bin that decodebin (and so playbin, gst-play-1.0 and
 * gst-discoverer-1.0) autoplugs for .npy, .npz and text spike lists.  It
 * holds a neurofilesrc that reads the sink pad (in pull mode, through
 * neurofileopen's byte source) and the renderer that fits the data; the
 * renderer's src pad is its ghost src pad.  So the data path is
 * neurofilesrc's (openers, per-kind setup, create, seek) and seeks,
 * rates and queries are the renderer's. */
/**
 * SECTION:element-neurodecodebin
 * @title: neurodecodebin
 *
 * Plays a neural data file as video: spikes are drawn by spikeraster,
 * signals by signalscope, frames and matrices by activitymap, each with
 * its defaults (1280x720, 30 fps).  What the file holds is read as
 * neurofilesrc reads it (docs/neurofilesrc.md), with its sampling rate
 * where the file has one (a Brian2 or pynapple `t` array); a file
 * without one (a bare .npy signal or frames) is played at
 * #GstNeuroDecodeBin:default-rate, with a warning and a comment tag that
 * say so.  The stream carries a description tag naming the kind
 * ("spikes, 12500 units").
 *
 * The sink pad works in pull mode (filesrc, as decodebin and playbin give
 * it); a local file is memory-mapped as neurofilesrc maps it, any other
 * upstream is read block by block into a temporary file.  An upstream
 * that can only push gets a clear error.
 *
 * ## Example launch lines
 * |[
 * gst-play-1.0 brunel.npz
 * gst-launch-1.0 playbin uri=file:///data/brunel.npz
 * gst-launch-1.0 filesrc location=brunel.npz ! neurodecodebin ! videoconvert ! autovideosink
 * gst-discoverer-1.0 brunel.npz
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstneurodecodebin.h"
#include "neurofileopen.h"
#include "neurotypefind.h"

#include <glib/gstdio.h>
#include <string.h>

GST_DEBUG_CATEGORY_STATIC (gst_neuro_decode_bin_debug);
#define GST_CAT_DEFAULT gst_neuro_decode_bin_debug

/* npyparse's default: .npy files do not store their time step */
#define DEFAULT_DEFAULT_RATE 1000.0

enum
{
  PROP_0,
  PROP_DEFAULT_RATE
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("application/x-npy; application/x-npz; "
        NEURO_TYPEFIND_NEST_SPIKES "; " NEURO_TYPEFIND_CSV_SPIKES));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_SOMETIMES,
    GST_STATIC_CAPS ("video/x-raw"));

#define gst_neuro_decode_bin_parent_class parent_class
G_DEFINE_TYPE (GstNeuroDecodeBin, gst_neuro_decode_bin, GST_TYPE_BIN);

/* Above npyparse (secondary), so that decodebin plays a .npy as video. */
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (neurodecodebin, "neurodecodebin",
    GST_RANK_PRIMARY, GST_TYPE_NEURO_DECODE_BIN,
    GST_DEBUG_CATEGORY_INIT (gst_neuro_decode_bin_debug, "neurodecodebin", 0,
        "neural data files as video"));

static void gst_neuro_decode_bin_dispose (GObject * object);
static void gst_neuro_decode_bin_set_property (GObject * object,
    guint prop_id, const GValue * value, GParamSpec * pspec);
static void gst_neuro_decode_bin_get_property (GObject * object,
    guint prop_id, GValue * value, GParamSpec * pspec);
static GstStateChangeReturn gst_neuro_decode_bin_change_state (GstElement *
    element, GstStateChange transition);
static gboolean gst_neuro_decode_bin_sink_activate (GstPad * pad,
    GstObject * parent);
static gboolean gst_neuro_decode_bin_sink_activate_mode (GstPad * pad,
    GstObject * parent, GstPadMode mode, gboolean active);

static void
gst_neuro_decode_bin_class_init (GstNeuroDecodeBinClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->dispose = gst_neuro_decode_bin_dispose;
  gobject_class->set_property = gst_neuro_decode_bin_set_property;
  gobject_class->get_property = gst_neuro_decode_bin_get_property;

  g_object_class_install_property (gobject_class, PROP_DEFAULT_RATE,
      g_param_spec_double ("default-rate", "Default rate",
          "Samples or frames per second assumed for a file that does not "
          "store its rate (a bare .npy signal or frames); a warning and a "
          "comment tag say it was assumed", 0.001, 1e9, DEFAULT_DEFAULT_RATE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  /* "Decoder" puts it in decodebin's list of decodable factories; raw
   * video out ends autoplugging there */
  gst_element_class_set_static_metadata (element_class,
      "Neural data file decoder", "Codec/Decoder/Video",
      "Plays NumPy (.npy/.npz), NEST and CSV spike and signal files as "
      "video: spikes as a raster, signals as traces, frames and matrices "
      "as a heatmap", "gst-neuroviz");

  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_neuro_decode_bin_change_state);
}

static void
gst_neuro_decode_bin_init (GstNeuroDecodeBin * self)
{
  self->default_rate = DEFAULT_DEFAULT_RATE;
  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_activate_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_neuro_decode_bin_sink_activate));
  gst_pad_set_activatemode_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_neuro_decode_bin_sink_activate_mode));
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);
}

static void
gst_neuro_decode_bin_dispose (GObject * object)
{
  GstNeuroDecodeBin *self = GST_NEURO_DECODE_BIN (object);

  /* the bin itself unrefs its children */
  gst_clear_object (&self->srcpad);
  gst_clear_object (&self->renderer);
  gst_clear_object (&self->source);
  G_OBJECT_CLASS (parent_class)->dispose (object);
}

static void
gst_neuro_decode_bin_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstNeuroDecodeBin *self = GST_NEURO_DECODE_BIN (object);

  switch (prop_id) {
    case PROP_DEFAULT_RATE:
      GST_OBJECT_LOCK (self);
      self->default_rate = g_value_get_double (value);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_neuro_decode_bin_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstNeuroDecodeBin *self = GST_NEURO_DECODE_BIN (object);

  switch (prop_id) {
    case PROP_DEFAULT_RATE:
      GST_OBJECT_LOCK (self);
      g_value_set_double (value, self->default_rate);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

/* ------------------------------------------------------------------------ */
/* Reading upstream                                                         */

typedef struct
{
  GstNeuroDecodeBin *self;      /* not a reference: the bin owns the source */
  GstPad *pad;
} PullReader;

static void
pull_reader_free (PullReader * r)
{
  gst_object_unref (r->pad);
  g_free (r);
}

/* The byte source's read function: gst_pad_pull_range on the sink pad. */
static gboolean
pull_read (gpointer user_data, guint64 offset, guint8 * dest, gsize len,
    gsize * got, GError ** error)
{
  PullReader *r = user_data;
  GstBuffer *buf = NULL;
  GstFlowReturn ret;

  *got = 0;
  if (g_atomic_int_get (&r->self->stopping)) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
        "stopped while reading");
    return FALSE;
  }
  ret = gst_pad_pull_range (r->pad, offset, len, &buf);
  if (ret == GST_FLOW_EOS)
    return TRUE;
  if (ret != GST_FLOW_OK) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
        "reading %" G_GSIZE_FORMAT " bytes at offset %" G_GUINT64_FORMAT
        " from upstream failed: %s", len, offset, gst_flow_get_name (ret));
    return FALSE;
  }
  *got = gst_buffer_extract (buf, 0, dest, len);
  gst_buffer_unref (buf);
  return TRUE;
}

/* The upstream location (for messages, tags and the rules that look at
 * file names: NEST's), and in @local the file itself if upstream reads a
 * local file of @size bytes. */
static gchar *
upstream_name (GstNeuroDecodeBin * self, gint64 size, gchar ** local)
{
  GstQuery *q = gst_query_new_uri ();
  gchar *uri = NULL, *name = NULL;
  GStatBuf st;

  *local = NULL;
  if (gst_pad_peer_query (self->sinkpad, q))
    gst_query_parse_uri (q, &uri);
  gst_query_unref (q);
  if (uri && g_str_has_prefix (uri, "file:"))
    name = g_filename_from_uri (uri, NULL, NULL);
  if (name && size > 0 && g_stat (name, &st) == 0 && S_ISREG (st.st_mode)
      && st.st_size == size)
    *local = g_strdup (name);
  if (name == NULL)
    name = uri ? g_strdup (uri) : g_strdup ("stream");
  g_free (uri);
  return name;
}

/* ------------------------------------------------------------------------ */
/* Opening and exposing                                                     */

/* neurofilesrc's settings as its properties have them, so that the bin's
 * first look at the file is the one the source will take. */
static void
source_settings (GstElement * src, const gchar * location,
    NeuroFileSettings * st)
{
  guint64 slice, limit;
  gint kind, unit, columns, units;
  gdouble rate, dt;

  g_object_get (src, "slice-duration", &slice, "max-inflated-size", &limit,
      "kind", &kind, "time-unit", &unit, "columns", &columns, "units",
      &units, "rate", &rate, "dt", &dt, NULL);
  memset (st, 0, sizeof (*st));
  st->location = g_strdup (location);
  st->kind = kind;
  st->rate = rate > 0 ? rate : (dt > 0 ? 1.0 / dt : 0.0);
  st->time_unit = unit;
  st->columns = columns;
  st->units = units;
  neuro_file_settings_set_slice (st, slice);
  st->inflate_limit = limit;
}

/* What @f holds, for the description tag, and the renderer drawing it. */
static gchar *
describe (const NeuroFile * f, const gchar ** renderer)
{
  switch (f->mode) {
    case NEURO_FILE_OUT_SPIKE_LIST:
      *renderer = "spikeraster";
      return g_strdup_printf ("spikes, %d units, %" G_GUINT64_FORMAT
          " spikes", f->out_units, f->n_spikes);
    case NEURO_FILE_OUT_SPIKE_DENSE:
      *renderer = "spikeraster";
      return g_strdup_printf ("spikes, %d units (a raster at %g Hz)",
          f->out_units, f->eff_rate);
    case NEURO_FILE_OUT_SIGNAL:
      *renderer = "signalscope";
      return g_strdup_printf ("signal, %u channel%s at %g Hz", f->channels,
          f->channels == 1 ? "" : "s", f->eff_rate);
    case NEURO_FILE_OUT_FRAMES:
      *renderer = "activitymap";
      if (f->eff_rate > 0)
        return g_strdup_printf ("frames, %d x %d at %g per second", f->width,
            f->height, f->eff_rate);
      return g_strdup_printf ("matrix, %d x %d", f->width, f->height);
    default:
      break;
  }
  *renderer = NULL;
  return NULL;
}

static void
post_error (GstNeuroDecodeBin * self, GError * error)
{
  /* GST_ELEMENT_ERROR with the opener's domain and code */
  gst_element_message_full (GST_ELEMENT (self), GST_MESSAGE_ERROR,
      error->domain, error->code, g_strdup (error->message), NULL, __FILE__,
      GST_FUNCTION, __LINE__);
}

static GstPadProbeReturn
push_tags (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  gst_pad_push_event (pad, gst_event_new_tag (gst_tag_list_ref (user_data)));
  return GST_PAD_PROBE_REMOVE;
}

/* Opens what upstream holds, builds neurofilesrc ! renderer and exposes
 * the renderer's src pad.  FALSE: an error was posted. */
static gboolean
gst_neuro_decode_bin_open (GstNeuroDecodeBin * self)
{
  NeuroFileSettings st;
  NeuroByteSource *bytes;
  NeuroFile f;
  GError *error = NULL;
  GstElement *src = NULL, *renderer = NULL;
  GstPad *rpad, *ghost;
  GstTagList *tags;
  gchar *name, *local, *desc = NULL, *base, *comment = NULL;
  const gchar *rname = NULL;
  gint64 size = -1;
  gdouble default_rate;
  gboolean ret = FALSE;

  GST_OBJECT_LOCK (self);
  default_rate = self->default_rate;
  GST_OBJECT_UNLOCK (self);
  if (!gst_pad_peer_query_duration (self->sinkpad, GST_FORMAT_BYTES, &size))
    size = -1;
  name = upstream_name (self, size, &local);
  if (local) {
    bytes = neuro_byte_source_new_file (local);
  } else {
    PullReader *r = g_new0 (PullReader, 1);

    r->self = self;
    r->pad = gst_object_ref (self->sinkpad);
    bytes = neuro_byte_source_new (size, pull_read, r,
        (GDestroyNotify) pull_reader_free);
  }
  GST_INFO_OBJECT (self, "reading %s (%" G_GINT64_FORMAT " bytes) %s", name,
      size, local ? "as a mapped local file" : "through the sink pad");

  src = gst_element_factory_make ("neurofilesrc", "source");
  if (src == NULL) {
    GST_ELEMENT_ERROR (self, CORE, MISSING_PLUGIN,
        ("neurodecodebin needs neurofilesrc (same plugin), not found"),
        (NULL));
    neuro_byte_source_unref (bytes);
    goto done;
  }
  gst_object_ref_sink (src);
  g_object_set (src, "location", name, NULL);
  neuro_file_set_byte_source (GST_OBJECT (src), bytes);
  neuro_byte_source_unref (bytes);

  /* a first look decides the renderer; neurofilesrc opens it again from
   * the same bytes (read once) when it starts */
  memset (&f, 0, sizeof (f));
  source_settings (src, name, &st);
  if (!neuro_file_open (&f, &st, GST_OBJECT (src), &error)) {
    GError *again = NULL;

    /* neurofilesrc's rules ask for a rate the file does not have */
    if (g_error_matches (error, GST_RESOURCE_ERROR,
            GST_RESOURCE_ERROR_SETTINGS) && st.rate <= 0) {
      st.rate = default_rate;
      if (neuro_file_open (&f, &st, GST_OBJECT (src), &again)) {
        GST_ELEMENT_WARNING (self, STREAM, FORMAT,
            ("%s holds no sampling rate: playing it at %g Hz", name,
                default_rate), ("%s (neurodecodebin's default-rate; "
                "neurofilesrc reads the rate of a Brian2/pynapple t array "
                "in an .npz)", error->message));
        comment = g_strdup_printf ("sampling rate assumed: %g Hz (the file "
            "holds none)", default_rate);
        g_object_set (src, "rate", default_rate, NULL);
        g_clear_error (&error);
      }
      g_clear_error (&again);
    }
    if (error) {
      if (!g_atomic_int_get (&self->stopping))
        post_error (self, error);
      g_clear_error (&error);
      neuro_file_settings_clear (&st);
      goto done;
    }
  }
  neuro_file_settings_clear (&st);
  desc = describe (&f, &rname);
  tags = gst_tag_list_new (GST_TAG_DESCRIPTION, desc, NULL);
  base = g_path_get_basename (name);
  gst_tag_list_add (tags, GST_TAG_MERGE_REPLACE, GST_TAG_TITLE, base, NULL);
  g_free (base);
  if (GST_CLOCK_TIME_IS_VALID (f.duration))
    gst_tag_list_add (tags, GST_TAG_MERGE_REPLACE, GST_TAG_DURATION,
        f.duration, NULL);
  if (comment)
    gst_tag_list_add (tags, GST_TAG_MERGE_REPLACE, GST_TAG_COMMENT, comment,
        NULL);
  gst_tag_list_set_scope (tags, GST_TAG_SCOPE_STREAM);
  GST_INFO_OBJECT (self, "%s: %s, drawn by %s", name, desc, rname);
  neuro_file_clear (&f);

  renderer = rname ? gst_element_factory_make (rname, "renderer") : NULL;
  if (renderer == NULL) {
    GST_ELEMENT_ERROR (self, CORE, MISSING_PLUGIN,
        ("%s: %s, but no renderer for it (%s) was found", name, desc,
            GST_STR_NULL (rname)), (NULL));
    gst_tag_list_unref (tags);
    goto done;
  }
  gst_object_ref_sink (renderer);

  gst_bin_add_many (GST_BIN (self), src, renderer, NULL);
  if (!gst_element_link (src, renderer)) {
    gst_tag_list_unref (tags);
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION,
        ("%s: %s, but %s does not take neurofilesrc's output", name, desc,
            rname), (NULL));
    goto done;
  }
  rpad = gst_element_get_static_pad (renderer, "src");
  ghost = gst_ghost_pad_new_from_template ("src", rpad,
      gst_static_pad_template_get (&src_template));
  /* renderers do not pass tags on (GstAggregator eats them): pushed
   * before the first frame, after its caps and segment */
  gst_pad_add_probe (rpad, GST_PAD_PROBE_TYPE_BUFFER, push_tags, tags,
      (GDestroyNotify) gst_tag_list_unref);
  gst_object_unref (rpad);
  gst_pad_set_active (ghost, TRUE);
  self->source = gst_object_ref (src);
  self->renderer = gst_object_ref (renderer);
  self->srcpad = gst_object_ref (ghost);
  /* decodebin links (and blocks) the pad before data flows */
  gst_element_add_pad (GST_ELEMENT (self), ghost);
  gst_element_no_more_pads (GST_ELEMENT (self));
  gst_element_sync_state_with_parent (renderer);
  gst_element_sync_state_with_parent (src);
  ret = TRUE;
done:
  g_free (desc);
  g_free (comment);
  g_free (name);
  g_free (local);
  gst_clear_object (&src);
  gst_clear_object (&renderer);
  return ret;
}

/* The sink pad's task: opens once, then pauses (neurofilesrc streams). */
static void
gst_neuro_decode_bin_task (gpointer user_data)
{
  GstNeuroDecodeBin *self = user_data;

  if (self->srcpad == NULL && !g_atomic_int_get (&self->stopping))
    gst_neuro_decode_bin_open (self);
  gst_pad_pause_task (self->sinkpad);
}

/* Removes what gst_neuro_decode_bin_open added (children at READY). */
static void
gst_neuro_decode_bin_teardown (GstNeuroDecodeBin * self)
{
  if (self->srcpad) {
    gst_pad_set_active (self->srcpad, FALSE);
    gst_element_remove_pad (GST_ELEMENT (self), self->srcpad);
    gst_clear_object (&self->srcpad);
  }
  if (self->renderer) {
    gst_element_set_state (self->renderer, GST_STATE_NULL);
    gst_bin_remove (GST_BIN (self), self->renderer);
    gst_clear_object (&self->renderer);
  }
  if (self->source) {
    gst_element_set_state (self->source, GST_STATE_NULL);
    gst_bin_remove (GST_BIN (self), self->source);
    gst_clear_object (&self->source);
  }
}

static gboolean
gst_neuro_decode_bin_sink_activate (GstPad * pad, GstObject * parent)
{
  GstQuery *q = gst_query_new_scheduling ();
  gboolean pull;

  pull = gst_pad_peer_query (pad, q)
      && gst_query_has_scheduling_mode_with_flags (q, GST_PAD_MODE_PULL,
      GST_SCHEDULING_FLAG_SEEKABLE);
  gst_query_unref (q);
  if (!pull) {
    GST_ELEMENT_ERROR (parent, STREAM, NOT_IMPLEMENTED,
        ("neurodecodebin reads its file at random offsets and needs an "
            "upstream element that supports pull mode (such as filesrc); "
            "this one can only push data"),
        ("use neurofilesrc location=... (or filesrc ! neurodecodebin) "
            "for a file; streamed .npy data can be read by npyparse"));
    return FALSE;
  }
  return gst_pad_activate_mode (pad, GST_PAD_MODE_PULL, TRUE);
}

static gboolean
gst_neuro_decode_bin_sink_activate_mode (GstPad * pad, GstObject * parent,
    GstPadMode mode, gboolean active)
{
  GstNeuroDecodeBin *self = GST_NEURO_DECODE_BIN (parent);

  if (mode != GST_PAD_MODE_PULL)
    return FALSE;
  if (active) {
    g_atomic_int_set (&self->stopping, 0);
    return gst_pad_start_task (pad, gst_neuro_decode_bin_task, self, NULL);
  }
  g_atomic_int_set (&self->stopping, 1);
  return gst_pad_stop_task (pad);
}

/* A decodebin asked for other caps than video (caps="application/x-neuro-
 * signal", to get npyparse's data) gets none from here: decodebin tries
 * the next factory when an element cannot go to READY. */
static gboolean
parent_takes_video (GstNeuroDecodeBin * self)
{
  GstObject *parent = gst_object_get_parent (GST_OBJECT (self));
  GstElementFactory *f = parent && GST_IS_ELEMENT (parent) ?
      gst_element_get_factory (GST_ELEMENT (parent)) : NULL;
  const gchar *name = f ? GST_OBJECT_NAME (f) : NULL;
  GstCaps *want = NULL, *video;
  gboolean ret = TRUE;

  if (name && (strcmp (name, "decodebin") == 0
          || strcmp (name, "decodebin3") == 0))
    g_object_get (parent, "caps", &want, NULL);
  if (want) {
    video = gst_caps_new_empty_simple ("video/x-raw");
    ret = gst_caps_can_intersect (want, video);
    if (!ret)
      GST_INFO_OBJECT (self, "%s wants %" GST_PTR_FORMAT ", not video: "
          "leaving the stream to the next factory", name, want);
    gst_caps_unref (video);
    gst_caps_unref (want);
  }
  gst_clear_object (&parent);
  return ret;
}

static GstStateChangeReturn
gst_neuro_decode_bin_change_state (GstElement * element,
    GstStateChange transition)
{
  GstNeuroDecodeBin *self = GST_NEURO_DECODE_BIN (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_NULL_TO_READY
      && !parent_takes_video (self))
    return GST_STATE_CHANGE_FAILURE;

  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY)
    g_atomic_int_set (&self->stopping, 1);
  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY)
    gst_neuro_decode_bin_teardown (self);
  return ret;
}
