/* gst-neuroviz — caps <-> info of the neural media types, one caps check
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurotypes.h"

#include <string.h>

GST_DEBUG_CATEGORY (neuroviz_debug);

static GstCaps *
frame_time_caps (void)
{
  static GstStaticCaps caps = GST_STATIC_CAPS (NEURO_FRAME_TIME_CAPS);

  return gst_static_caps_get (&caps);
}

void
neuro_buffer_add_frame_time (GstBuffer * buf, GstClockTime t)
{
  GstCaps *caps;

  g_return_if_fail (GST_IS_BUFFER (buf));
  if (!GST_CLOCK_TIME_IS_VALID (t))
    return;
  caps = frame_time_caps ();
  gst_buffer_add_reference_timestamp_meta (buf, caps, t, GST_CLOCK_TIME_NONE);
  gst_caps_unref (caps);
}

GstClockTime
neuro_buffer_get_frame_time (GstBuffer * buf)
{
  GstCaps *caps = frame_time_caps ();
  GstReferenceTimestampMeta *m =
      gst_buffer_get_reference_timestamp_meta (buf, caps);

  gst_caps_unref (caps);
  return m ? m->timestamp : GST_CLOCK_TIME_NONE;
}

void
neuro_types_init (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once)) {
    GST_DEBUG_CATEGORY_INIT (neuroviz_debug, "neuroviz", 0,
        "gst-neuroviz shared code");
    g_once_init_leave (&once, 1);
  }
}

/* The checks of the three media types.  Each fills @info and returns NULL
 * for valid caps, or returns why they are not (a sentence naming the field,
 * its value and the accepted range). */
static gchar *
spikes_check (const GstStructure * s, NeuroSpikesInfo * info)
{
  gint units;

  if (!gst_structure_get_int (s, "units", &units))
    return g_strdup ("the spike caps have no integer units field");
  if (units < 1 || units > NEURO_MAX_UNITS)
    return g_strdup_printf ("units=%d is out of range (1 to %d)", units,
        NEURO_MAX_UNITS);
  info->units = units;
  return NULL;
}

static gchar *
signal_check (const GstStructure * s, NeuroSignalInfo * info)
{
  const gchar *format = gst_structure_get_string (s, "format");
  gint channels = 0;
  gdouble rate = 0;

  if (gst_structure_has_name (s, NEURO_SIGNAL_MEDIA_TYPE)) {
    if (!gst_structure_get_double (s, "rate", &rate))
      return g_strdup ("the signal caps have no rate field of type double");
  } else {
    gint irate;
    const gchar *layout = gst_structure_get_string (s, "layout");

    if (layout && strcmp (layout, "interleaved") != 0)
      return g_strdup_printf ("layout=%s is not supported (interleaved "
          "only)", layout);
    if (!gst_structure_get_int (s, "rate", &irate))
      return g_strdup ("the audio caps have no integer rate field");
    rate = irate;
  }
  if (format == NULL || strcmp (format, "F32LE") != 0)
    return g_strdup_printf ("format=%s is not supported (F32LE only)",
        format ? format : "(none)");
  if (!gst_structure_get_int (s, "channels", &channels))
    return g_strdup ("the signal caps have no integer channels field");
  if (channels < 1 || channels > NEURO_MAX_CHANNELS)
    return g_strdup_printf ("channels=%d is out of range (1 to %d)",
        channels, NEURO_MAX_CHANNELS);
  if (!(rate > 0) || !(rate <= NEURO_MAX_RATE))
    return g_strdup_printf ("rate=%g Hz is out of range (above 0 and at "
        "most %.0f Hz)", rate, NEURO_MAX_RATE);
  info->channels = channels;
  info->rate = rate;
  return NULL;
}

static gchar *
frame_check (const GstStructure * s, NeuroFrameInfo * info)
{
  const gchar *format = gst_structure_get_string (s, "format");
  gint w, h, fn = 0, fd = 1;

  if (format == NULL || strcmp (format, "F32LE") != 0)
    return g_strdup_printf ("format=%s is not supported (F32LE only)",
        format ? format : "(none)");
  if (!gst_structure_get_int (s, "width", &w)
      || !gst_structure_get_int (s, "height", &h))
    return g_strdup ("the frame caps have no integer width and height");
  if (w < 1 || w > NEURO_MAX_DIM)
    return g_strdup_printf ("width=%d is out of range (1 to %d)", w,
        NEURO_MAX_DIM);
  if (h < 1 || h > NEURO_MAX_DIM)
    return g_strdup_printf ("height=%d is out of range (1 to %d)", h,
        NEURO_MAX_DIM);
  if (gst_structure_has_field (s, "framerate")
      && !gst_structure_get_fraction (s, "framerate", &fn, &fd))
    return g_strdup ("the frame caps have a framerate that is not a "
        "fraction");
  if (fn < 0 || fd <= 0)
    return g_strdup_printf ("framerate=%d/%d is out of range (a fraction "
        "of at least 0/1)", fn, fd);
  info->width = w;
  info->height = h;
  info->fps_n = fn;
  info->fps_d = fd;
  return NULL;
}

static const GstStructure *
fixed_structure (const GstCaps * caps)
{
  if (caps == NULL || !gst_caps_is_fixed (caps))
    return NULL;
  return gst_caps_get_structure (caps, 0);
}

static NeuroKind
structure_kind (const GstStructure * s)
{
  if (gst_structure_has_name (s, NEURO_SPIKES_MEDIA_TYPE))
    return NEURO_KIND_SPIKES;
  if (gst_structure_has_name (s, NEURO_SIGNAL_MEDIA_TYPE)
      || gst_structure_has_name (s, "audio/x-raw"))
    return NEURO_KIND_SIGNAL;
  if (gst_structure_has_name (s, NEURO_FRAME_MEDIA_TYPE))
    return NEURO_KIND_FRAME;
  return NEURO_KIND_ANY;
}

const gchar *
neuro_kind_media_type (NeuroKind kind)
{
  switch (kind) {
    case NEURO_KIND_SPIKES:
      return NEURO_SPIKES_MEDIA_TYPE;
    case NEURO_KIND_SIGNAL:
      return NEURO_SIGNAL_MEDIA_TYPE;
    case NEURO_KIND_FRAME:
      return NEURO_FRAME_MEDIA_TYPE;
    default:
      return "neural data";
  }
}

gchar *
neuro_caps_check (const GstCaps * caps, NeuroKind expected, NeuroInfo * info)
{
  const GstStructure *s;
  NeuroInfo tmp;
  NeuroKind kind;
  gchar *why;

  memset (&tmp, 0, sizeof (tmp));
  if (caps == NULL || gst_caps_is_empty (caps))
    return g_strdup ("the caps are empty");
  s = fixed_structure (caps);
  if (s == NULL)
    return g_strdup ("the caps are not fixed");
  kind = structure_kind (s);
  if (kind == NEURO_KIND_ANY)
    return g_strdup_printf ("%s is not a neural data type",
        gst_structure_get_name (s));
  if (expected != NEURO_KIND_ANY && kind != expected)
    return g_strdup_printf ("%s where %s was expected",
        gst_structure_get_name (s), neuro_kind_media_type (expected));
  switch (kind) {
    case NEURO_KIND_SPIKES:
      why = spikes_check (s, &tmp.spikes);
      break;
    case NEURO_KIND_SIGNAL:
      why = signal_check (s, &tmp.signal);
      break;
    default:
      why = frame_check (s, &tmp.frame);
      break;
  }
  if (why)
    return why;
  tmp.kind = kind;
  if (info)
    *info = tmp;
  return NULL;
}

/* the three *_info_from_caps: neuro_caps_check without the reason, into
 * the member of @kind */
static gboolean
info_from_caps (const GstCaps * caps, NeuroKind kind, gpointer out,
    gsize size)
{
  NeuroInfo all;
  gchar *why = neuro_caps_check (caps, kind, &all);

  if (why) {
    g_free (why);
    return FALSE;
  }
  memcpy (out, kind == NEURO_KIND_SPIKES ? (gpointer) & all.spikes :
      kind == NEURO_KIND_SIGNAL ? (gpointer) & all.signal :
      (gpointer) & all.frame, size);
  return TRUE;
}

gboolean
neuro_spikes_info_from_caps (NeuroSpikesInfo * info, const GstCaps * caps)
{
  g_return_val_if_fail (info != NULL, FALSE);
  return info_from_caps (caps, NEURO_KIND_SPIKES, info, sizeof (*info));
}

gboolean
neuro_signal_info_from_caps (NeuroSignalInfo * info, const GstCaps * caps)
{
  g_return_val_if_fail (info != NULL, FALSE);
  return info_from_caps (caps, NEURO_KIND_SIGNAL, info, sizeof (*info));
}

gboolean
neuro_frame_info_from_caps (NeuroFrameInfo * info, const GstCaps * caps)
{
  g_return_val_if_fail (info != NULL, FALSE);
  return info_from_caps (caps, NEURO_KIND_FRAME, info, sizeof (*info));
}

GstCaps *
neuro_spikes_info_to_caps (const NeuroSpikesInfo * info)
{
  return gst_caps_new_simple (NEURO_SPIKES_MEDIA_TYPE,
      "units", G_TYPE_INT, info->units, NULL);
}

GstCaps *
neuro_signal_info_to_caps (const NeuroSignalInfo * info)
{
  return gst_caps_new_simple (NEURO_SIGNAL_MEDIA_TYPE,
      "format", G_TYPE_STRING, "F32LE",
      "channels", G_TYPE_INT, info->channels,
      "rate", G_TYPE_DOUBLE, info->rate, NULL);
}

GstCaps *
neuro_frame_info_to_caps (const NeuroFrameInfo * info)
{
  return gst_caps_new_simple (NEURO_FRAME_MEDIA_TYPE,
      "format", G_TYPE_STRING, "F32LE",
      "width", G_TYPE_INT, info->width,
      "height", G_TYPE_INT, info->height,
      "framerate", GST_TYPE_FRACTION, info->fps_n, info->fps_d, NULL);
}

gchar *
neuro_caps_problem (const GstCaps * caps)
{
  return neuro_caps_check (caps, NEURO_KIND_ANY, NULL);
}

gboolean
neuro_rate_to_fraction (gdouble rate, gint * rate_n, gint * rate_d)
{
  gint n = 0, d = 1;

  /* G_MAXINT: the largest numerator a fraction holds */
  if (!(rate > 0) || !(rate <= G_MAXINT))
    return FALSE;
  gst_util_double_to_fraction (rate, &n, &d);
  if (n <= 0 || d <= 0)
    return FALSE;
  *rate_n = n;
  *rate_d = d;
  return TRUE;
}

#define SEEK_HISTORY_FIELD "neuroviz-history"

void
neuro_seek_set_history (GstEvent * seek, GstClockTime history)
{
  g_return_if_fail (GST_EVENT_TYPE (seek) == GST_EVENT_SEEK);
  gst_structure_set (gst_event_writable_structure (seek), SEEK_HISTORY_FIELD,
      G_TYPE_UINT64, (guint64) history, NULL);
}

GstClockTime
neuro_seek_get_history (GstEvent * seek)
{
  guint64 history = 0;

  g_return_val_if_fail (GST_EVENT_TYPE (seek) == GST_EVENT_SEEK, 0);
  if (!gst_structure_get_uint64 (gst_event_get_structure (seek),
          SEEK_HISTORY_FIELD, &history) || !GST_CLOCK_TIME_IS_VALID (history))
    return 0;
  return history;
}
