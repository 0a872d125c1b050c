/* gst-neuroviz — what a figure's tile already shows (see neurotilemeta.h)
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurotilemeta.h"

GType
neuro_tile_meta_api_get_type (void)
{
  static GType type = 0;
  static const gchar *tags[] = { NULL };

  if (g_once_init_enter (&type)) {
    /* the plugin and a test linking the core library each have a copy of
     * this code: the first registers, the other finds it */
    GType t = g_type_from_name ("NeuroTileMetaAPI");

    if (t == 0)
      t = gst_meta_api_type_register ("NeuroTileMetaAPI", tags);

    g_once_init_leave (&type, t);
  }
  return type;
}

static gboolean
tile_meta_init (GstMeta * meta, gpointer params, GstBuffer * buffer)
{
  NeuroTileMeta *m = (NeuroTileMeta *) meta;

  m->held = m->drew = 0;
  return TRUE;
}

/* no transform function: a copy of the buffer is not the tile (the meta
 * speaks of these pixels in this frame) */
const GstMetaInfo *
neuro_tile_meta_get_info (void)
{
  static const GstMetaInfo *info = NULL;

  if (g_once_init_enter ((GstMetaInfo **) & info)) {
    const GstMetaInfo *mi = gst_meta_get_info ("NeuroTileMeta");

    if (mi == NULL)
      mi = gst_meta_register (neuro_tile_meta_api_get_type (),
          "NeuroTileMeta", sizeof (NeuroTileMeta), tile_meta_init, NULL,
          NULL);

    g_once_init_leave ((GstMetaInfo **) & info, (GstMetaInfo *) mi);
  }
  return info;
}

NeuroTileMeta *
neuro_buffer_add_tile_meta (GstBuffer * buffer, guint64 held)
{
  NeuroTileMeta *m = (NeuroTileMeta *) gst_buffer_add_meta (buffer,
      neuro_tile_meta_get_info (), NULL);

  if (m)
    m->held = held;
  return m;
}

guint64
neuro_tile_stamp_new (void)
{
  static guint64 next = 0;
  static GMutex lock;
  guint64 s;

  g_mutex_lock (&lock);
  s = ++next;
  g_mutex_unlock (&lock);
  return s;
}
