/* gst-neuroviz — the input chores every element shares, written once
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neuroinput.h"

/* An error message from @element, located at the caller of the helper (as
 * GST_ELEMENT_ERROR locates it); takes @text and @debug. */
static void
post_error (GstElement * element, GQuark domain, gint code, gchar * text,
    gchar * debug, const gchar * file, const gchar * function, gint line)
{
  gst_element_message_full (element, GST_MESSAGE_ERROR, domain, code, text,
      debug, file, function, line);
}

gboolean
neuro_element_parse_caps_full (GstElement * element, const GstCaps * caps,
    NeuroKind kind, NeuroInfo * info, const gchar * what,
    const gchar * expects, const gchar * file, const gchar * function,
    gint line)
{
  gchar *why = neuro_caps_check (caps, kind, info);

  if (why == NULL)
    return TRUE;
  post_error (element, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT,
      g_strdup_printf ("Invalid %s: %s%s%s", what, why,
          expects ? "; " : "", expects ? expects : ""),
      g_strdup_printf ("caps %" GST_PTR_FORMAT, caps), file, function, line);
  g_free (why);
  return FALSE;
}

GstFlowReturn
neuro_element_data_before_caps_full (GstElement * element, GstPad * pad,
    const gchar * what, const gchar * file, const gchar * function,
    gint line)
{
  gchar *text;

  if (pad)
    text = g_strdup_printf ("%s arrived on pad %s before its caps: the "
        "element upstream must send caps first", what, GST_PAD_NAME (pad));
  else
    text = g_strdup_printf ("%s arrived before its caps: the element "
        "upstream must send caps first", what);
  post_error (element, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION, text,
      NULL, file, function, line);
  return GST_FLOW_NOT_NEGOTIATED;
}

gboolean
neuro_element_map_full (GstElement * element, GstBuffer * buffer,
    GstMapInfo * map, GstMapFlags flags, const gchar * what,
    const gchar * file, const gchar * function, gint line)
{
  gboolean write = (flags & GST_MAP_WRITE) != 0;

  if (gst_buffer_map (buffer, map, flags))
    return TRUE;
  post_error (element, GST_RESOURCE_ERROR,
      write ? GST_RESOURCE_ERROR_WRITE : GST_RESOURCE_ERROR_READ,
      g_strdup_printf ("Could not map a %s buffer of %" G_GSIZE_FORMAT
          " bytes for %s", what, gst_buffer_get_size (buffer),
          write ? "writing" : "reading"),
      g_strdup_printf ("gst_buffer_map failed on %" GST_PTR_FORMAT, buffer),
      file, function, line);
  return FALSE;
}

GstBuffer *
neuro_element_f32_buffer_full (GstElement * element, GstBuffer * buffer,
    gsize n, const gchar * what, const gchar * file, const gchar * function,
    gint line)
{
  GstBuffer *copy;
  GstMapInfo map, cm;
  gboolean direct;

  if (!neuro_element_map_full (element, buffer, &map, GST_MAP_READ, what,
          file, function, line))
    return NULL;
  if (map.size / sizeof (gfloat) < n) {
    post_error (element, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT,
        g_strdup_printf ("%s buffer of %" G_GSIZE_FORMAT " bytes is shorter "
            "than the %" G_GSIZE_FORMAT " floats (%" G_GSIZE_FORMAT " bytes) "
            "its caps announce", what, map.size, n, n * sizeof (gfloat)),
        NULL, file, function, line);
    gst_buffer_unmap (buffer, &map);
    return NULL;
  }
  direct = neuro_f32le_is_host (map.data);
  if (direct) {
    gst_buffer_unmap (buffer, &map);
    return gst_buffer_ref (buffer);
  }
  copy = gst_buffer_new_allocate (NULL, n * sizeof (gfloat), NULL);
  if (copy == NULL || !neuro_element_map_full (element, copy, &cm,
          GST_MAP_WRITE, what, file, function, line)) {
    gst_buffer_unmap (buffer, &map);
    if (copy)
      gst_buffer_unref (copy);
    return NULL;
  }
  neuro_f32le_to_host ((gfloat *) cm.data, map.data, n);
  gst_buffer_unmap (copy, &cm);
  gst_buffer_unmap (buffer, &map);
  gst_buffer_copy_into (copy, buffer, GST_BUFFER_COPY_METADATA, 0, -1);
  return copy;
}
