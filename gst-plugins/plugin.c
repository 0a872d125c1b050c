/* gst-neuroviz: GStreamer elements that turn neural data into video.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * This file only registers the plugin's features: the elements (the list
 * comes from elements/meson.build through the generated
 * neuroviz-elements.h) and the typefinders (neurotypefind.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>
#include "neurotypes.h"
#include "neurotypefind.h"
#include "neuroviz-elements.h"

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ret;

  neuro_types_init ();
  ret = neuroviz_register_elements (plugin);
  ret |= GST_TYPE_FIND_REGISTER (npy, plugin);
  ret |= GST_TYPE_FIND_REGISTER (npz, plugin);
  ret |= GST_TYPE_FIND_REGISTER (nestspikes, plugin);
  ret |= GST_TYPE_FIND_REGISTER (csvspikes, plugin);
  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, neuroviz,
    "Neural data (spikes, signals, grids, networks) rendered as video",
    plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
