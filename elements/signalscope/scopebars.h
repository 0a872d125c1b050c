/* gst-neuroviz — signalscope's bar view: each shown channel's current
 * value as a bar, as matplotlib's ax.bar (range (n), values).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "scopedraw.h"

G_BEGIN_DECLS

/* matplotlib's Axes.bar default width, in channel units */
#define SCOPE_BAR_WIDTH 0.8

/* The value bar @k shows: shown channel @k at sample f->jbar (NaN when
 * there is none yet, or it has left the ring). */
gfloat scope_bars_value (const ScopeFrame * f, const ScopeStore * st,
    guint k);

/* The y range: y-scale=fixed as set; window: the bars' values; stream:
 * every sample so far; with 0 included and 5 % margins except at 0 (the
 * bars' base is a sticky edge, as matplotlib's autoscale keeps it). */
void scope_bars_range (ScopeFrame * f, const ScopeStore * st);

/* The kernel: bar k from 0 to its value, SCOPE_BAR_WIDTH wide centred on
 * x = k, in f->chcol[k] (antialiased edges, neuro_trace_bars). */
void scope_draw_bars (const ScopeFrame * f, ScopeStore * st,
    NeuroCanvas * cv, cairo_t * cr);

/* x ticks labelled with the channel names (one per bar, thinned to fit),
 * where neuro_axes_draw would put its own; the axes are drawn with
 * xticks = FALSE. */
void scope_bars_draw_name_ticks (const ScopeFrame * f, cairo_t * cr,
    NeuroText * text);

G_END_DECLS
