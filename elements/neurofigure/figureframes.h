/* gst-neuroviz — neurofigure's shared frames: panels draw straight into
 * the figure's output frames instead of into frames of their own that the
 * figure then copies.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each sink pad offers its panel a buffer pool (figure_tile_pool_new)
 * whose buffers are the pad's tile inside a figure frame: a wrapped memory
 * at the tile's origin with the figure's stride (GstVideoMeta), holding a
 * reference on the frame's memory.  Tiles of the same time (the running
 * time the renderer passes in its acquire params) share one frame, so when
 * the figure aggregates that time its panels are already in place.
 *
 * Whether a frame may go downstream as it is, is decided exactly, not
 * assumed: figure_frames_claim () takes it only if every held buffer with
 * pixels in it sits at its own tile and nobody else holds a tile of it
 * (the frame's memory is referenced by the table and by those buffers
 * alone: no panel is still drawing into it), and marks it sealed so that no
 * tile of it is handed out again.  Anything else (a panel behind a
 * converter, a dropped frame, a changed layout, too many frames in flight)
 * takes the copying path, with the same pixels.
 */
#pragma once

#include <gst/gst.h>
#include <gst/video/video.h>

#include "figurelayout.h"

G_BEGIN_DECLS

typedef struct _FigureFrames FigureFrames;

FigureFrames *figure_frames_new (void);
FigureFrames *figure_frames_ref (FigureFrames * frames);
void figure_frames_unref (FigureFrames * frames);

/* The frames are @width x @height BGRx pixels, rows packed, for the tile
 * layout numbered @layout: on a change every frame is dropped from the
 * table (buffers still out keep theirs) and pools of other layouts hand out
 * plain buffers.  With @width 0, only drops the frames (stop). */
void figure_frames_configure (FigureFrames * frames, gint width, gint height,
    guint layout);

/* A pool whose buffers are @rect of the frames of @layout, @info the
 * tile's video info (BGRx, rect's size). */
GstBufferPool *figure_tile_pool_new (FigureFrames * frames, guint layout,
    const FigureRect * rect);

typedef struct
{
  GstBuffer *buffer;            /* a pad's current or kept picture */
  FigureRect rect;              /* its tile in the current layout */
} FigureHeld;

/* The output buffer for @held (distinct buffers), or NULL to take the
 * copying path.  See the top of this file. */
GstBuffer *figure_frames_claim (FigureFrames * frames, const FigureHeld * held,
    gint n);

/* Each tile remembers what its panel drew in each frame (NeuroTileMeta):
 * the pool tells the panel, with the buffer, the stamp of what @rect of
 * the frame shows, and forgets it (the panel is drawing there).  After
 * aggregating, the figure gives it back: the stamp the panel set on @tile,
 * in place at @rect (tile_drawn), or 0 where it copied a picture or the
 * background into @out at @rect (tile_copied).  @out: the output frame,
 * mapped for writing (until figure_frames_seal (), which may come after
 * the unmap: only its plane address and buffer are read). */
void figure_frames_tile_drawn (FigureFrames * frames, GstBuffer * tile,
    const FigureRect * rect);
void figure_frames_tile_copied (FigureFrames * frames,
    const GstVideoFrame * out, const FigureRect * rect);
/* TRUE when the frame @out already shows @what around its tiles
 * (background, suptitle), else remembers that it will (@what NULL: that
 * it shows nothing to keep). */
gboolean figure_frames_shows (FigureFrames * frames,
    const GstVideoFrame * out, const gchar * what);
/* @out goes downstream: its memory is read-only there (a writer gets a
 * copy), so that the frame still shows what it remembers when it comes
 * back. */
void figure_frames_seal (FigureFrames * frames, const GstVideoFrame * out);

/* TRUE when @in (a mapped panel frame) already is @rect of @out. */
gboolean figure_frames_in_place (const GstVideoFrame * out,
    const GstVideoFrame * in, const FigureRect * rect);

G_END_DECLS
