/* Caps <-> info helpers for the gst-neuroviz media types. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurotypes.h"

#include <math.h>
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

gboolean
neuro_spikes_info_from_caps (NeuroSpikesInfo * info, const GstCaps * caps)
{
  const GstStructure *s;
  gint units;

  g_return_val_if_fail (info != NULL, FALSE);
  if (caps == NULL || !gst_caps_is_fixed (caps))
    return FALSE;
  s = gst_caps_get_structure (caps, 0);
  if (!gst_structure_has_name (s, NEURO_SPIKES_MEDIA_TYPE))
    return FALSE;
  if (!gst_structure_get_int (s, "units", &units))
    return FALSE;
  if (units < 1 || units > NEURO_MAX_UNITS)
    return FALSE;
  info->units = units;
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
  const gchar *format;
  gint channels = 0;
  gdouble rate = 0;

  g_return_val_if_fail (info != NULL, FALSE);
  if (caps == NULL || !gst_caps_is_fixed (caps))
    return FALSE;
  s = gst_caps_get_structure (caps, 0);
  format = gst_structure_get_string (s, "format");
  if (gst_structure_has_name (s, NEURO_SIGNAL_MEDIA_TYPE)) {
    if (!gst_structure_get_double (s, "rate", &rate))
      return FALSE;
  } else if (gst_structure_has_name (s, "audio/x-raw")) {
    gint irate;
    const gchar *layout = gst_structure_get_string (s, "layout");

    if (layout && strcmp (layout, "interleaved") != 0)
      return FALSE;
    if (!gst_structure_get_int (s, "rate", &irate))
      return FALSE;
    rate = irate;
  } else {
    return FALSE;
  }
  if (format == NULL || strcmp (format, "F32LE") != 0)
    return FALSE;
  if (!gst_structure_get_int (s, "channels", &channels))
    return FALSE;
  if (channels < 1 || channels > NEURO_MAX_CHANNELS)
    return FALSE;
  if (!(rate > 0) || !isfinite (rate))
    return FALSE;
  info->channels = channels;
  info->rate = rate;
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
  const gchar *format;
  gint w, h, fn = 0, fd = 1;

  g_return_val_if_fail (info != NULL, FALSE);
  if (caps == NULL || !gst_caps_is_fixed (caps))
    return FALSE;
  s = gst_caps_get_structure (caps, 0);
  if (!gst_structure_has_name (s, NEURO_FRAME_MEDIA_TYPE))
    return FALSE;
  format = gst_structure_get_string (s, "format");
  if (format == NULL || strcmp (format, "F32LE") != 0)
    return FALSE;
  if (!gst_structure_get_int (s, "width", &w)
      || !gst_structure_get_int (s, "height", &h))
    return FALSE;
  if (w < 1 || h < 1 || w > NEURO_MAX_DIM || h > NEURO_MAX_DIM)
    return FALSE;
  if (gst_structure_has_field (s, "framerate")
      && !gst_structure_get_fraction (s, "framerate", &fn, &fd))
    return FALSE;
  if (fn < 0 || fd <= 0)
    return FALSE;
  info->width = w;
  info->height = h;
  info->fps_n = fn;
  info->fps_d = fd;
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
