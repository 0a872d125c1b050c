/* gst-neuroviz — neurofigure's grid: cells, spans, ratios and the pixel
 * rectangles of the tiles, as matplotlib's GridSpec says them.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Plain C on numbers and strings, no GStreamer: tests/figurelayout.c.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FIGURE_LAYOUT_ERROR (figure_layout_error_quark ())
GQuark figure_layout_error_quark (void);

/* the most rows or columns a figure has */
#define FIGURE_MAX_GRID 64

/* A cell or span of the grid: rows [row0, row1), columns [col0, col1). */
typedef struct
{
  gint row0, row1, col0, col1;
} FigureCell;

/* Parses a GridSpec index as numpy writes it: "ROWS,COLS" where each is an
 * integer ("1", "-1" counts from the end), a slice ("0:2", ":", "1:",
 * ":-1") or, alone, a flat index into the grid in row-major order ("3", as
 * matplotlib's subplot(rows, cols, index + 1)).  Fails with a message that
 * names @str on a syntax error, an empty slice or a span outside the grid. */
gboolean figure_cell_parse (const gchar * str, gint rows, gint cols,
    FigureCell * cell, GError ** error);

/* "3,1" -> {3, 1}: positive finite numbers, at most FIGURE_MAX_GRID.
 * Returns the count (0 for NULL or ""), -1 with @error on bad input. */
gint figure_ratios_parse (const gchar * str, gdouble * ratios, gint max,
    GError ** error);

typedef struct
{
  /* what the element's properties say (0: automatic) */
  gint rows, cols;
  const gdouble *width_ratios;  /* cols of them, or NULL */
  gint n_width_ratios;
  const gdouble *height_ratios;
  gint n_height_ratios;
  gint n_pads;
  /* each pad's cell string or NULL (placed in the next free cell) */
  const gchar *const *cells;
  /* names for messages ("sink_0") */
  const gchar *const *names;
} FigureGridSpec;

typedef struct
{
  gint rows, cols;
  gdouble width_ratios[FIGURE_MAX_GRID];
  gdouble height_ratios[FIGURE_MAX_GRID];
  /* n_pads cells */
  FigureCell *cells;
  gint n_cells;
} FigureGrid;

/* Resolves the grid: its size (from rows/cols, else the ratios' counts,
 * else one column of n_pads rows, or as many rows as the given columns
 * need), every pad's cell (explicit ones first, the others row-major into
 * the free cells).  Errors name the pad, the property and the value: a
 * span outside the grid, two pads in one cell, more pads than cells,
 * ratios whose count differs from the grid's. */
gboolean figure_grid_resolve (const FigureGridSpec * spec, FigureGrid * grid,
    GError ** error);
void figure_grid_clear (FigureGrid * grid);

typedef struct
{
  gint x, y, width, height;
} FigureRect;

/* The pixel rectangle of @cell in the area [x0, x0+w) x [y0, y0+h): the
 * grid's lines at the ratios' cumulative fractions, rounded to whole
 * pixels so that neighbouring tiles meet without a gap or an overlap;
 * @wspace and @hspace are matplotlib's (the gap between columns, rows as a
 * fraction of the average cell width, height). */
void figure_grid_cell_rect (const FigureGrid * grid, const FigureCell * cell,
    gint x0, gint y0, gint w, gint h, gdouble wspace, gdouble hspace,
    FigureRect * rect);

G_END_DECLS
