/* gst-neuroviz — activitymap's two views (image, histogram): what they draw
 * from, their settings snapshot and the one signature both have.  Each view
 * reads only its own part of the settings.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <cairo.h>

#include "neuroaxes.h"
#include "neurocolormap.h"
#include "mapstore.h"

G_BEGIN_DECLS

/* the latest frame */
typedef struct
{
  const gfloat *data;           /* gh × gw values, row-major; NULL: none */
  gint gw, gh;
  guint64 seq;                  /* changes with every frame */
  const MapStats *stats;        /* of this frame */
} MapInput;

/* where to draw */
typedef struct
{
  NeuroCanvas *canvas;
  cairo_t *cr;                  /* on canvas */
  NeuroText *text;
  const gchar *title;           /* NULL: none */
  gboolean show_axes;
  guint32 fg;                   /* ARGB */
  guint32 bg;                   /* premultiplied: the canvas was cleared to it */
  /* GstNeuroFrame.held: not 0 when the canvas shows a picture of this
   * view's, not cleared (only for a view that keeps, MapView.keeps) */
  guint64 held;
  guint64 *stamp;               /* GstNeuroFrame.stamp */
} MapTarget;

typedef struct
{
  /* both views; NULL: none (histogram: "Value", "Count") */
  const gchar *x_label, *y_label;

  /* view=image */
  struct
  {
    NeuroColormap colormap;
    gboolean log;
    gboolean have_limits;       /* FALSE: log without positive limits */
    gdouble lo, hi;             /* colour limits in data units */
    guint32 bad_color;          /* ARGB, over the background */
    gboolean bilinear;          /* else nearest */
    gboolean equal_aspect;      /* else fill the plot */
    gboolean colorbar;
    const gchar *colorbar_label;
    gboolean grid_lines;
    guint32 grid_color;
    gboolean show_values;
  } image;

  /* view=histogram */
  struct
  {
    gint bins;
    gdouble range_min, range_max;       /* min >= max: the frame's range */
    gdouble count_max;          /* 0: scaled to the frame */
    guint32 bar_color;
  } hist;
} MapSettings;

/* A view: its state (caches, scratch) and its drawing function, chosen
 * once by the element from its view property. */
typedef struct
{
  const gchar *default_title;
  gpointer (*create) (void);
  void (*destroy) (gpointer state);
  void (*draw) (gpointer state, const MapSettings * s, const MapInput * in,
      const MapTarget * t);
  /* optional: TRUE, and the rectangle [x0, y0, x1, y1), when draw will
   * paint all of it opaquely whatever the canvas held there (then it need
   * not be cleared: gst_neuro_renderer_claim_opaque) */
  gboolean (*covers) (gpointer state, const MapSettings * s,
      const MapInput * in, const MapTarget * t, gint rect[4]);
  /* TRUE when draw handles MapTarget.held (else the element clears) */
  gboolean keeps;
} MapView;

extern const MapView map_image_view;    /* mapimage.c */
extern const MapView map_hist_view;     /* maphist.c */

G_END_DECLS
