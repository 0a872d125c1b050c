/* gst-neuroviz — the decorations cache: what a renderer drew around its
 * plot area (axes, ticks, labels, colorbar), kept as the exact pixels and
 * copied back while nothing they show changes.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The pixels are kept per row as the spans that are not background: left
 * and right of a plot area on its rows, the whole row elsewhere.  A
 * restored frame is byte-identical to one drawn afresh as long as the
 * pixels outside the plot area depend only on the key (and were drawn on
 * the background the frame is cleared to).  Keys that change every frame
 * (scrolling time ticks) are not kept: a store is made only when the
 * same key missed twice in a row, so such frames cost one string compare.
 */
#pragma once

#include <glib.h>

#include "neurocanvas.h"

G_BEGIN_DECLS

typedef struct _NeuroDecoCache NeuroDecoCache;

NeuroDecoCache *neuro_deco_cache_new (void);
void neuro_deco_cache_free (NeuroDecoCache * c);

/* TRUE when the decorations stored for @key were copied into @cv (a canvas
 * of the stored size, cleared to the stored background outside the plot
 * area): the caller draws only what is inside the plot area.  FALSE: the
 * caller draws them all, then calls neuro_deco_cache_store(). */
gboolean neuro_deco_cache_restore (NeuroDecoCache * c, NeuroCanvas * cv,
    const gchar * key);

/* The same for a canvas that may still show one of the renderer's own
 * pictures: @held, the stamp neuro_deco_cache_done () gave that picture
 * (a figure's tile, NeuroTileMeta; 0: the canvas was cleared).  The
 * caller has cleared or painted the @n plot areas @rects (as for
 * neuro_deco_cache_store ()) before drawing the data.  When the held
 * picture shows the decorations of @key, only its extras (titles) go back
 * to them and the call returns TRUE without copying a thing; else the
 * canvas around the plot areas is cleared to @bg (premultiplied) and the
 * call goes on as neuro_deco_cache_restore ().  Held pictures are of
 * opaque canvases (BGRx): @bg is opaque. */
gboolean neuro_deco_cache_restore_held (NeuroDecoCache * c, NeuroCanvas * cv,
    const gchar * key, guint64 held, guint32 bg, const gint (*rects)[4],
    guint n);

/* TRUE when the last neuro_deco_cache_restore_held () found the held
 * picture showing the decorations of its key: everything that picture
 * shows around the plot areas, but its extras, is as this frame draws it. */
gboolean neuro_deco_cache_held_kept (const NeuroDecoCache * c);

/* After a miss of neuro_deco_cache_restore() for the same @cv: the
 * decorations are drawn on @cv (background @bg, premultiplied) around the
 * @n plot areas @rects ([x0, y0, x1, y1) each, no two sharing a row: the
 * pixels data may reach); they are kept if their key missed in the
 * previous frame too. */
void neuro_deco_cache_store (NeuroDecoCache * c, const NeuroCanvas * cv,
    guint32 bg, const gint (*rects)[4], guint n);

/* The frame is drawn: the stamp of the picture (for NeuroTileMeta's drew)
 * when it shows the kept decorations, with the @n (at most 4) rectangles
 * [x0, y0, x1, y1) drawn over them around the plot areas (titles that
 * change from frame to frame); else 0. */
guint64 neuro_deco_cache_done (NeuroDecoCache * c, const gint (*extras)[4],
    guint n);

G_END_DECLS
