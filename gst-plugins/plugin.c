/* gst-neuroviz: GStreamer elements that turn neural data into video.
 *
 * This file only registers the elements; the list comes from
 * elements/meson.build through the generated neuroviz-elements.h.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>
#include "neurotypes.h"
#include "neuroviz-elements.h"

static gboolean
plugin_init (GstPlugin * plugin)
{
  neuro_types_init ();
  return neuroviz_register_elements (plugin);
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, neuroviz,
    "Neural data (spikes, signals, grids, networks) rendered as video",
    plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
