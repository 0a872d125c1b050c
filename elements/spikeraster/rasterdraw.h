/* gst-neuroviz — spikeraster's drawing kernels: marks, density, rate panel
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every layer of the figure is a RasterLayerFunc on a RasterFrame (the
 * mapped canvas, a settings snapshot, the layout and the window's data);
 * raster_plan_setup () picks the layers of a frame once, from the settings
 * and the layout, as compositor's set_functions picks its blend functions,
 * so that no kernel tests the mode, the marker or the colour mode per spike
 * or per pixel.  Nothing here touches the GObject. */
#pragma once

#include <glib.h>
#include <cairo.h>
#include "gstspikeraster.h"
#include "neuroaxes.h"
#include "neurocolormap.h"
#include "neurodeco.h"
#include "neurotrace.h"
#include "rasterstore.h"

G_BEGIN_DECLS

/* The properties, as read under the object lock for one frame. */
typedef struct
{
  gdouble window;
  GstSpikeRasterMode mode;
  GstSpikeRasterMarker marker;
  gdouble marker_size;
  guint32 color;
  GstSpikeRasterColorMode color_mode;
  NeuroColormap colormap;
  GstSpikeRasterDensity density;
  gdouble density_max;
  gboolean rate_panel;
  gdouble rate_bin;
  gdouble rate_smooth;
  gdouble rate_max;
  guint32 rate_color;
  guint32 rate_fill;            /* the area's colour, alpha included */
  gdouble rate_line_width;      /* points */
  gchar *rate_title;            /* NULL or "": none */
  gchar *rate_y_label;          /* NULL: none */
  GstSpikeRasterXAxis x_axis;
  GArray *groups;               /* NeuroColorGroup, a copy */
} RasterSettings;

/* Where things go in one frame. */
typedef struct
{
  gdouble fs;                   /* font size */
  NeuroMargins m;
  /* the raster panel, x in stream seconds when axes are drawn (else, and
   * with x-axis=window, 0 to window), unit u at y = u */
  NeuroAxes ax;
  /* the raster's plot area on the canvas; spikes are drawn only when it is
   * not empty */
  gint px0, py0, pw, ph;
  guint32 first, last, n_units; /* units shown */
  gint64 t_lo, t_end, win_ns;   /* the window (t_lo, t_end], buffer time */
  gint64 stream_offset;
  /* column 0 is at time origin (t_lo, or the start of the sweep); a spike
   * at t is in column floor ((t - origin) mod win_ns * pw / win_ns) */
  gint64 origin;
  gint64 sweep_start, sweep_index;      /* sweep: start, and start / win_ns
                                         * in stream time */
  gint cursor_x, gap_px;        /* sweep: cursor column, blanked columns
                                 * after it (-1, 0 when scrolling) */
  gboolean density;             /* counts per pixel instead of marks */
  NeuroAxes ra;                 /* the rate panel (without its y range) */
} RasterLayout;

/* The marks one frame drew ([x0, x1) x [y0, y1) in plot pixels each), so
 * that a later frame over that picture (GstNeuroFrame.held) erases them
 * instead of clearing the whole raster. */
#define RASTER_MARK_LOGS 8
#define RASTER_MARK_LOG_MAX 16384

typedef struct
{
  guint64 stamp;                /* of the picture; 0: none */
  gint plot[4];                 /* px0, py0, pw, ph it was drawn in */
  guint32 bg;                   /* on this background */
  gint16 *r;                    /* 4 per mark */
  gsize n, cap;
  gboolean full;                /* more than RASTER_MARK_LOG_MAX */
} RasterMarkLog;

/* Scratch memory kept between frames (owned by the element). */
typedef struct
{
  RasterMarkLog mark_logs[RASTER_MARK_LOGS];
  RasterMarkLog *mark_log;      /* this frame's, or NULL */
  guint mark_next;
  guint16 *counts;              /* density grid, column-major */
  gsize counts_len;
  guint32 *cell_of_spike;       /* density: x << 16 | y of each spike */
  gsize cell_of_spike_len;
  guint16 *row_of_unit;         /* density: pixel row of each shown unit */
  gsize row_of_unit_len;
  guint32 row_key[3];           /* (first, n_units, ph) of row_of_unit */
  guint32 *unit_lut;            /* colour per shown unit or per row */
  gsize unit_lut_len;
  /* density: the premultiplied colour at every opacity, a table of 256 per
   * run of rows of one colour, made when first drawn and kept while the
   * rows' colours stay (at most 1 KiB per pixel row) */
  guint32 *row_color;           /* the ph colours the tables are for */
  guint32 *run_of_row;          /* table of each row */
  guint32 *premul;              /* 256 per run */
  guint8 *premul_done;          /* per run */
  gsize rows_len, runs_len;
  gint premul_ph;               /* rows described, 0: none */
  /* the rate panel's curve and area (neurotrace) */
  NeuroTrace *trace;
  gdouble *rate_x, *rate_y;
  gsize rate_len;
  /* the axes around both panels, and this frame's key for them (kept:
   * restored from the cache) */
  NeuroDecoCache *deco;
  gchar *deco_key;
  gboolean deco_kept;
  gint title_rect[4];           /* this frame's title, drawn over them */
  /* this frame: the raster's marks were erased from a held picture, whose
   * lines around the plot area (outside it: the spines) are still there */
  gboolean marks_erased;
} RasterScratch;

void raster_scratch_free (RasterScratch * sc);

/* One frame, as the layers see it. */
typedef struct
{
  NeuroCanvas *cv;
  cairo_t *cr;
  NeuroText *text;
  const RasterSettings *s;
  const RasterLayout *lay;
  const NeuroSpike *spikes;     /* the window's spikes, in time order */
  gsize n_spikes;
  const RasterRate *rate;       /* rate panel: its bins */
  const gchar *title;           /* NULL: none */
  guint32 fg;                   /* straight ARGB */
  /* the background the frame was cleared to, straight ARGB, opaque when
   * the output has no alpha */
  guint32 bg;
  gboolean show_axes;
  gboolean overlay;             /* drawn over incoming video */
  guint64 held;                 /* GstNeuroFrame.held, plot areas cleared */
} RasterFrame;

typedef void (*RasterLayerFunc) (const RasterFrame * f, RasterScratch * sc);

#define RASTER_MAX_LAYERS 8

typedef struct
{
  RasterLayerFunc layers[RASTER_MAX_LAYERS];
  guint n_layers;
} RasterPlan;

/* Lays out the frame: margins, panels, the sweep's start and cursor, and
 * whether the raster is drawn as density. */
void raster_layout (RasterLayout * lay, const RasterSettings * s,
    NeuroText * text, gint width, gint height, gboolean show_axes,
    gboolean with_title, guint32 first, guint32 last, gint64 t_end,
    gint64 stream_offset);

/* The plot areas the data is drawn in (what the decorations are kept
 * around): @rects gets one or two; returns how many. */
guint raster_plot_rects (const RasterLayout * lay, const RasterSettings * s,
    gint rects[2][4]);

/* With GstNeuroFrame.held: TRUE when the plan draws the decorations
 * through the cache (which knows what the held picture shows around the
 * plot areas); else the frame must be cleared. */
gboolean raster_plan_keeps (const RasterPlan * plan);

/* After raster_plan_draw (): the stamp of the picture (GstNeuroFrame). */
guint64 raster_plan_done (const RasterPlan * plan, RasterScratch * sc);

/* Before raster_plan_draw (): the marks it draws are logged (for
 * raster_plan_erase_marks () over this picture later). */
void raster_plan_log_marks (const RasterLayout * lay, RasterScratch * sc,
    guint32 bg);

/* With GstNeuroFrame.held, before raster_plan_draw (): the raster's plot
 * area back to the background (colour @bg, opaque) by erasing the marks
 * of the held picture, when that picture is known; FALSE: clear the area
 * (its reach).  The spines, outside the marks, stay when the decorations
 * do (else the reach around the plot area is cleared then). */
gboolean raster_plan_erase_marks (const RasterPlan * plan,
    const RasterLayout * lay, RasterScratch * sc, NeuroCanvas * cv,
    guint64 held, guint32 bg);

/* TRUE when the rate panel is to be drawn (and its rate computed). */
gboolean raster_layout_has_rate (const RasterLayout * lay,
    const RasterSettings * s);

/* The layers of a frame, in drawing order. */
void raster_plan_setup (RasterPlan * plan, const RasterSettings * s,
    const RasterLayout * lay, gboolean show_axes, gboolean with_title);

static inline void
raster_plan_draw (const RasterPlan * plan, const RasterFrame * f,
    RasterScratch * sc)
{
  guint i;

  for (i = 0; i < plan->n_layers; i++)
    plan->layers[i] (f, sc);
}

/* The colour of unit @u in color-mode single, groups or colormap (the
 * groups colouring), straight ARGB. */
guint32 raster_unit_color (const RasterSettings * s, guint32 u,
    guint32 first, guint32 n_units);

G_END_DECLS
