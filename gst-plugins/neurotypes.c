/* Caps <-> info helpers for the gst-neuroviz media types. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurotypes.h"

#include <string.h>

GST_DEBUG_CATEGORY (neuroviz_debug);

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

gboolean
neuro_spikes_info_from_caps (NeuroSpikesInfo * info, const GstCaps * caps)
{
  const GstStructure *s;
  NeuroSpikesInfo tmp;
  gchar *why;

  g_return_val_if_fail (info != NULL, FALSE);
  s = fixed_structure (caps);
  if (s == NULL || !gst_structure_has_name (s, NEURO_SPIKES_MEDIA_TYPE))
    return FALSE;
  why = spikes_check (s, &tmp);
  if (why) {
    g_free (why);
    return FALSE;
  }
  *info = tmp;
  return TRUE;
}

GstCaps *
neuro_spikes_info_to_caps (const NeuroSpikesInfo * info)
{
  return gst_caps_new_simple (NEURO_SPIKES_MEDIA_TYPE,
      "units", G_TYPE_INT, info->units, NULL);
}

gboolean
neuro_signal_info_from_caps (NeuroSignalInfo * info, const GstCaps * caps)
{
  const GstStructure *s;
  NeuroSignalInfo tmp;
  gchar *why;

  g_return_val_if_fail (info != NULL, FALSE);
  s = fixed_structure (caps);
  if (s == NULL || !(gst_structure_has_name (s, NEURO_SIGNAL_MEDIA_TYPE)
          || gst_structure_has_name (s, "audio/x-raw")))
    return FALSE;
  why = signal_check (s, &tmp);
  if (why) {
    g_free (why);
    return FALSE;
  }
  *info = tmp;
  return TRUE;
}

GstCaps *
neuro_signal_info_to_caps (const NeuroSignalInfo * info)
{
  return gst_caps_new_simple (NEURO_SIGNAL_MEDIA_TYPE,
      "format", G_TYPE_STRING, "F32LE",
      "channels", G_TYPE_INT, info->channels,
      "rate", G_TYPE_DOUBLE, info->rate, NULL);
}

gboolean
neuro_frame_info_from_caps (NeuroFrameInfo * info, const GstCaps * caps)
{
  const GstStructure *s;
  NeuroFrameInfo tmp;
  gchar *why;

  g_return_val_if_fail (info != NULL, FALSE);
  s = fixed_structure (caps);
  if (s == NULL || !gst_structure_has_name (s, NEURO_FRAME_MEDIA_TYPE))
    return FALSE;
  why = frame_check (s, &tmp);
  if (why) {
    g_free (why);
    return FALSE;
  }
  *info = tmp;
  return TRUE;
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
  const GstStructure *s;

  if (caps == NULL || gst_caps_is_empty (caps))
    return g_strdup ("the caps are empty");
  s = fixed_structure (caps);
  if (s == NULL)
    return g_strdup ("the caps are not fixed");
  if (gst_structure_has_name (s, NEURO_SPIKES_MEDIA_TYPE)) {
    NeuroSpikesInfo info;

    return spikes_check (s, &info);
  }
  if (gst_structure_has_name (s, NEURO_SIGNAL_MEDIA_TYPE)
      || gst_structure_has_name (s, "audio/x-raw")) {
    NeuroSignalInfo info;

    return signal_check (s, &info);
  }
  if (gst_structure_has_name (s, NEURO_FRAME_MEDIA_TYPE)) {
    NeuroFrameInfo info;

    return frame_check (s, &info);
  }
  return g_strdup_printf ("%s is not a neural data type",
      gst_structure_get_name (s));
}
