/* gst-neuroviz — what a figure's tile already shows.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * neurofigure's panels draw straight into the figure's frames, and a
 * frame comes back to the same panels once it has gone downstream (as
 * read-only memory there: a writer downstream gets a copy).  So a tile
 * often still holds what its panel drew the last time it used that frame.
 * The tile pool says so with this meta on the buffers it hands out:
 * @held is the stamp the panel gave those pixels (0: not known, draw
 * afresh); the panel sets @drew to the stamp of what it drew now (0:
 * nothing worth keeping).  Stamps are the panel's own (a process-wide
 * counter: neuro_tile_stamp_new ()).
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct
{
  GstMeta meta;
  guint64 held;
  guint64 drew;
} NeuroTileMeta;

GType neuro_tile_meta_api_get_type (void);
const GstMetaInfo *neuro_tile_meta_get_info (void);

NeuroTileMeta *neuro_buffer_add_tile_meta (GstBuffer * buffer,
    guint64 held);

static inline NeuroTileMeta *
neuro_buffer_get_tile_meta (GstBuffer * buffer)
{
  return (NeuroTileMeta *) gst_buffer_get_meta (buffer,
      neuro_tile_meta_api_get_type ());
}

/* a stamp no other call returns (never 0) */
guint64 neuro_tile_stamp_new (void);

G_END_DECLS
