/* gst-neuroviz — signalscope's drawing: one kernel per view.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A frame is drawn from a ScopeFrame (a snapshot of the properties plus
 * the geometry worked out for this frame) and the store.  The element
 * picks the view's kernel once, with the mode (as videotestsrc picks its
 * pattern); the frame helpers around it are shared by every view:
 *
 *   scope_frame_layout ()     plot area inside the margins
 *   scope_frame_timeline ()   which columns, sweep cursor
 *   (the element updates the store: column cache or history summary)
 *   scope_frame_history_extent ()  history: x extent
 *   scope_frame_values ()     y range, row of a value per channel
 *   kernel                    the data pixels
 *   scope_draw_cursor (), scope_draw_decorations ()
 */
#pragma once

#include <cairo.h>

#include "gstsignalscope.h"
#include "neuroaxes.h"
#include "neurocolormap.h"
#include "neurodeco.h"
#include "neurotrace.h"
#include "scopestore.h"

G_BEGIN_DECLS

typedef struct _ScopeFrame ScopeFrame;

/* A view's kernel: the data of one frame, inside the plot area. */
typedef void (*ScopeDrawFunc) (const ScopeFrame * f, ScopeStore * st,
    NeuroCanvas * cv, cairo_t * cr);

/* channels overlaid (oscilloscope) or offset (stacked) */
void scope_draw_traces (const ScopeFrame * f, ScopeStore * st,
    NeuroCanvas * cv, cairo_t * cr);
/* channel x time image through the colormap */
void scope_draw_heatmap (const ScopeFrame * f, ScopeStore * st,
    NeuroCanvas * cv, cairo_t * cr);
/* the whole stream from its start */
void scope_draw_history (const ScopeFrame * f, ScopeStore * st,
    NeuroCanvas * cv, cairo_t * cr);
/* (bars: scopebars.h) */
/* TRUE when the view's kernel will paint every pixel of the plot area
 * opaquely this frame (the trace layer or the heatmap over an opaque
 * background), whatever the frame held: gst_neuro_renderer_claim_opaque */
gboolean scope_draw_covers_plot (const ScopeFrame * f, const ScopeStore * st);

/* The properties, read under the object lock once per frame. */
typedef struct
{
  GstSignalScopeMode mode;
  ScopeDrawFunc draw;           /* the mode's kernel */
  gdouble window;
  gboolean sweep;
  GstSignalScopeYScale y_scale;
  gdouble ymin, ymax;
  gboolean y_per_channel;
  NeuroColormap cmap;
  gboolean cmap_set;            /* colormap set: traces take its colours */
  gdouble ch_height;
  guint ch_spacing;
  gchar *y_label, *x_label, *names;
  GArray *colors;               /* guint32 ARGB */
  GstSignalScopeXUnit x_unit;
  GstSignalScopeXAxis x_axis;
  gboolean legend, antialias;
  NeuroLegendLoc legend_loc;
  gdouble line_width;
  GstSignalScopeOrigin origin;  /* heatmap */
} ScopeSettings;

/* What the data layer was drawn with: any change redraws all of it. */
typedef struct
{
  gint pw, ph, style;
  GstSignalScopeMode mode;
  gboolean sweep;
  gdouble lw;
  guint n, serial;
  gdouble colns;
  gint64 offset;
  guint32 clear;                /* what it was cleared to */
} ScopeLayerKey;

/* Per-channel arrays kept from frame to frame, and the antialiased data
 * layer of the traces: pw x ph premultiplied pixels over the background
 * (opaque, copied into the frame) or over nothing (composited), column c of the plot at x = c mod pw (so that scrolling
 * turns the layer round instead of moving it, and only the columns whose
 * data changed are drawn again). */
typedef struct
{
  gdouble *ya, *yb;
  guint32 *chcol;
  gsize len;

  NeuroTrace *nt;
  guint32 *layer;
  gsize layer_cap;
  gboolean lvalid;
  ScopeLayerKey key;
  gdouble *kya, *kyb;           /* the rows and colours it was drawn with */
  guint32 *kcol;
  gsize klen;
  gint64 lc_end, lc0;
  gint lcursor;
  /* drawing scratch */
  gdouble *px, *py;
  gsize pcap;
  gfloat *elo, *ehi;
  gsize ecap;
  NeuroTraceChannel *chan;
  gsize chan_cap;
  guint32 *tmp;                 /* the columns being drawn */
  gsize tmp_cap;
} ScopeScratch;

void scope_scratch_free (ScopeScratch * sc);

struct _ScopeFrame
{
  ScopeSettings s;

  /* from the renderer */
  guint32 fg;                   /* axes colour (straight ARGB) */
  guint32 bgp;                  /* background, premultiplied (heatmap NaN) */
  guint32 gap_bg;               /* sweep gap: background, opaque unless the
                                 * output has alpha */
  gboolean show_axes;
  gboolean overlay;             /* drawn over incoming video, not cleared */
  guint64 held;                 /* GstNeuroFrame.held (plot area redrawn) */
  guint64 stamp;                /* set by scope_draw_decorations */
  gchar *title;                 /* NULL: none */
  gdouble fs, lw;               /* font size, line width */

  /* plot area [px0, px0 + pw) x [py0, py0 + ph) of a frame @width wide */
  gint width;
  NeuroAxes ax;
  gint px0, py0, pw, ph;

  /* time: the window ends at stream time t_end (seconds, set by the
   * element for every frame), at column x_end (fractional); columns
   * (c_end - pw, c_end] = c0..c_end are shown */
  ScopeTimeline tl;
  gdouble t_end, x_end;
  gint64 c_end, c0;
  gint cursor, gap;             /* sweep: cursor column (-1: scroll) */
  guint rows;                   /* rows of the column cache */
  /* history: x from hxmin over hspan units of hur samples */
  gdouble hspan, hxmin, hur;
  /* bars: the sample shown, the last one before t_end (-1: none), and
   * the element's trace context */
  gint64 jbar;
  NeuroTrace *trace;

  /* values: row of v is ya[k] - yb[k] * v */
  gdouble ylo, yhi;
  gdouble *ya, *yb;
  guint n;                      /* shown channels (0: nothing plotted) */
  guint32 *chcol;               /* channel colours (straight ARGB) */
  gchar **labels;               /* channel names */
  ScopeScratch *sc;             /* the element's, kept between frames */
};

/* A frame with nothing computed yet (owns nothing). */
void scope_frame_init (ScopeFrame * f);
/* Frees the settings' strings, the title and the labels. */
void scope_frame_clear (ScopeFrame * f);

/* Margins (axes, colorbar, title) and the plot area. */
void scope_frame_layout (ScopeFrame * f, NeuroCanvas * cv, NeuroText * text);
/* FALSE when there is nothing to plot (no area, channels or rate). */
gboolean scope_frame_has_data (const ScopeFrame * f, const ScopeStore * st);
/* Channel labels and colours, the columns shown for window end @t_end
 * (buffer time; @offset to stream time), the sweep cursor. */
void scope_frame_timeline (ScopeFrame * f, const ScopeStore * st,
    ScopeScratch * sc, gint64 t_end, gint64 offset);
/* History: the x extent, once the summary is fed. */
void scope_frame_history_extent (ScopeFrame * f, const ScopeStore * st);
/* The y range and each channel's row mapping, once the store is updated. */
void scope_frame_values (ScopeFrame * f, const ScopeStore * st);

/* Sweep cursor and the gap after it. */
void scope_draw_cursor (const ScopeFrame * f, NeuroCanvas * cv);
/* Axes, channel ticks, colorbar, title, legend; what is around the plot
 * area is restored from @deco (NULL: none) while its key holds. */
/* TRUE when scope_draw_decorations keeps the decorations in @deco (with
 * GstNeuroFrame.held the canvas is otherwise cleared). */
gboolean scope_draw_keeps (const ScopeFrame * f);

void scope_draw_decorations (ScopeFrame * f, NeuroCanvas * cv, cairo_t * cr,
    NeuroText * text, NeuroDecoCache * deco);

G_END_DECLS
