/* gst-neuroviz — neurofigure's grid (see figurelayout.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "figurelayout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK (figure-layout-error-quark, figure_layout_error);

static gboolean
parse_int (const gchar ** p, gint * v)
{
  gchar *end;
  gint64 n;

  while (**p == ' ')
    (*p)++;
  if (**p != '-' && !g_ascii_isdigit (**p))
    return FALSE;
  n = g_ascii_strtoll (*p, &end, 10);
  if (end == *p || n < -100000 || n > 100000)
    return FALSE;
  *v = (gint) n;
  *p = end;
  while (**p == ' ')
    (*p)++;
  return TRUE;
}

/* one index of a numpy subscript over @n entries into [lo, hi) */
static gboolean
parse_index (const gchar ** p, gint n, gint * lo, gint * hi,
    gboolean * in_range)
{
  gint a = 0, b = n;
  gboolean have_a;

  *in_range = TRUE;
  while (**p == ' ')
    (*p)++;
  have_a = parse_int (p, &a);
  if (**p == ':') {
    (*p)++;
    if (have_a && a < 0)
      a += n;
    if (!parse_int (p, &b))
      b = n;
    else if (b < 0)
      b += n;
    if (!have_a)
      a = 0;
    /* numpy clips a slice to the axis; a figure refuses what would fall
     * outside it, as matplotlib's GridSpec raises IndexError */
    if (a < 0 || b > n || a >= b)
      *in_range = FALSE;
  } else {
    if (!have_a)
      return FALSE;
    if (a < 0)
      a += n;
    b = a + 1;
    if (a < 0 || a >= n)
      *in_range = FALSE;
  }
  *lo = a;
  *hi = b;
  return TRUE;
}

gboolean
figure_cell_parse (const gchar * str, gint rows, gint cols, FigureCell * cell,
    GError ** error)
{
  const gchar *p = str;
  gboolean ok_r = TRUE, ok_c = TRUE;

  if (str == NULL || *str == '\0')
    goto syntax;
  if (strchr (str, ',') == NULL) {
    gint k;

    /* a flat index, row-major, as subplot(rows, cols, k + 1) */
    if (!parse_int (&p, &k) || *p != '\0')
      goto syntax;
    if (k < 0)
      k += rows * cols;
    if (k < 0 || k >= rows * cols) {
      g_set_error (error, FIGURE_LAYOUT_ERROR, 0,
          "cell \"%s\" is outside the %d x %d grid (%d cells)", str, rows,
          cols, rows * cols);
      return FALSE;
    }
    cell->row0 = k / cols;
    cell->row1 = cell->row0 + 1;
    cell->col0 = k % cols;
    cell->col1 = cell->col0 + 1;
    return TRUE;
  }
  if (!parse_index (&p, rows, &cell->row0, &cell->row1, &ok_r) || *p != ',')
    goto syntax;
  p++;
  if (!parse_index (&p, cols, &cell->col0, &cell->col1, &ok_c) || *p != '\0')
    goto syntax;
  if (!ok_r || !ok_c) {
    g_set_error (error, FIGURE_LAYOUT_ERROR, 0,
        "cell \"%s\" is outside the %d x %d grid (or an empty span)", str,
        rows, cols);
    return FALSE;
  }
  return TRUE;

syntax:
  g_set_error (error, FIGURE_LAYOUT_ERROR, 0,
      "cell \"%s\" is not a grid index: expected ROWS,COLS with each an "
      "index or a slice as numpy writes them (\"0,1\", \"0,:\", \"1:3,-1\"), "
      "or one flat index", str ? str : "");
  return FALSE;
}

gint
figure_ratios_parse (const gchar * str, gdouble * ratios, gint max,
    GError ** error)
{
  gchar **parts;
  gint n = 0, i;

  if (str == NULL || *str == '\0')
    return 0;
  parts = g_strsplit (str, ",", -1);
  for (i = 0; parts[i]; i++) {
    gchar *end, *s = g_strstrip (parts[i]);
    gdouble v = g_ascii_strtod (s, &end);

    if (*s == '\0' || *end != '\0' || !isfinite (v) || v <= 0 || n >= max) {
      g_set_error (error, FIGURE_LAYOUT_ERROR, 0,
          "\"%s\" is not a list of at most %d positive numbers (\"3,1\")",
          str, max);
      g_strfreev (parts);
      return -1;
    }
    ratios[n++] = v;
  }
  g_strfreev (parts);
  return n;
}

static gboolean
cells_overlap (const FigureCell * a, const FigureCell * b)
{
  return a->row0 < b->row1 && b->row0 < a->row1 && a->col0 < b->col1
      && b->col0 < a->col1;
}

static const gchar *
pad_name (const FigureGridSpec * spec, gint i)
{
  return spec->names && spec->names[i] ? spec->names[i] : "sink";
}

static gboolean
resolve_size (const FigureGridSpec * spec, gint rows, gint cols,
    FigureGrid * grid, GError ** error)
{
  gint n = spec->n_pads;
  gint i, j, k;
  gboolean *placed;

  memset (grid, 0, sizeof (*grid));
  if (rows > FIGURE_MAX_GRID || cols > FIGURE_MAX_GRID) {
    g_set_error (error, FIGURE_LAYOUT_ERROR, 0,
        "a %d x %d grid is larger than the %d x %d a figure has", rows, cols,
        FIGURE_MAX_GRID, FIGURE_MAX_GRID);
    return FALSE;
  }
  if (spec->n_height_ratios > 0 && spec->n_height_ratios != rows) {
    g_set_error (error, FIGURE_LAYOUT_ERROR, 0,
        "height-ratios has %d values for a grid of %d rows",
        spec->n_height_ratios, rows);
    return FALSE;
  }
  if (spec->n_width_ratios > 0 && spec->n_width_ratios != cols) {
    g_set_error (error, FIGURE_LAYOUT_ERROR, 0,
        "width-ratios has %d values for a grid of %d columns",
        spec->n_width_ratios, cols);
    return FALSE;
  }
  grid->rows = rows;
  grid->cols = cols;
  for (i = 0; i < rows; i++)
    grid->height_ratios[i] =
        spec->n_height_ratios > 0 ? spec->height_ratios[i] : 1.0;
  for (i = 0; i < cols; i++)
    grid->width_ratios[i] =
        spec->n_width_ratios > 0 ? spec->width_ratios[i] : 1.0;

  grid->n_cells = n;
  grid->cells = g_new0 (FigureCell, MAX (n, 1));
  placed = g_new0 (gboolean, MAX (n, 1));
  for (i = 0; i < n; i++) {
    GError *err = NULL;

    if (spec->cells == NULL || spec->cells[i] == NULL)
      continue;
    if (!figure_cell_parse (spec->cells[i], rows, cols, &grid->cells[i],
            &err)) {
      g_set_error (error, FIGURE_LAYOUT_ERROR, 0, "%s::cell: %s",
          pad_name (spec, i), err->message);
      g_error_free (err);
      goto fail;
    }
    for (j = 0; j < i; j++) {
      if (placed[j] && cells_overlap (&grid->cells[i], &grid->cells[j])) {
        g_set_error (error, FIGURE_LAYOUT_ERROR, 0,
            "%s::cell=\"%s\" overlaps %s::cell=\"%s\"", pad_name (spec, i),
            spec->cells[i], pad_name (spec, j), spec->cells[j]);
        goto fail;
      }
    }
    placed[i] = TRUE;
  }
  /* the others row-major into the cells left free */
  k = 0;
  for (i = 0; i < n; i++) {
    if (placed[i])
      continue;
    for (; k < rows * cols; k++) {
      FigureCell c = { k / cols, k / cols + 1, k % cols, k % cols + 1 };

      for (j = 0; j < n; j++)
        if (placed[j] && cells_overlap (&c, &grid->cells[j]))
          break;
      if (j == n) {
        grid->cells[i] = c;
        placed[i] = TRUE;
        k++;
        break;
      }
    }
    if (!placed[i]) {
      g_set_error (error, FIGURE_LAYOUT_ERROR, 0,
          "%d pads do not fit in the %d x %d grid: %s has no free cell "
          "(set rows/cols, or each pad's cell)", n, rows, cols,
          pad_name (spec, i));
      goto fail;
    }
  }
  g_free (placed);
  return TRUE;

fail:
  g_free (placed);
  figure_grid_clear (grid);
  return FALSE;
}

gboolean
figure_grid_resolve (const FigureGridSpec * spec, FigureGrid * grid,
    GError ** error)
{
  gint rows = spec->rows, cols = spec->cols, n = spec->n_pads, r;
  GError *first = NULL;

  if (rows == 0 && spec->n_height_ratios > 0)
    rows = spec->n_height_ratios;
  if (cols == 0 && spec->n_width_ratios > 0)
    cols = spec->n_width_ratios;
  if (cols == 0)
    cols = 1;
  if (rows != 0)
    return resolve_size (spec, rows, cols, grid, error);

  /* as many rows as the pads need: the fewest that hold them all, spans
   * included (a pad across every column takes a row of its own) */
  rows = MAX (1, (n + cols - 1) / cols);
  for (r = rows; r <= MAX (rows, MIN (n, FIGURE_MAX_GRID)); r++) {
    GError *err = NULL;

    if (resolve_size (spec, r, cols, grid, &err)) {
      g_clear_error (&first);
      return TRUE;
    }
    if (first == NULL)
      first = err;
    else
      g_error_free (err);
  }
  g_propagate_error (error, first);
  return FALSE;
}

void
figure_grid_clear (FigureGrid * grid)
{
  g_clear_pointer (&grid->cells, g_free);
  grid->n_cells = 0;
}

/* edges [lo_i, hi_i) of @n cells with @ratios across @len pixels */
static void
grid_edges (const gdouble * ratios, gint n, gdouble len, gdouble space,
    gdouble * lo, gdouble * hi)
{
  gdouble sum = 0, cell, sep, pos = 0;
  gint i;

  for (i = 0; i < n; i++)
    sum += ratios[i];
  /* matplotlib's GridSpec: the separation is space x the average cell */
  cell = len / (n + space * (n - 1));
  sep = space * cell;
  for (i = 0; i < n; i++) {
    gdouble w = cell * n * ratios[i] / sum;

    lo[i] = pos;
    hi[i] = pos + w;
    pos += w + sep;
  }
}

void
figure_grid_cell_rect (const FigureGrid * grid, const FigureCell * cell,
    gint x0, gint y0, gint w, gint h, gdouble wspace, gdouble hspace,
    FigureRect * rect)
{
  gdouble xl[FIGURE_MAX_GRID], xh[FIGURE_MAX_GRID];
  gdouble yl[FIGURE_MAX_GRID], yh[FIGURE_MAX_GRID];
  gint l, r, t, b;

  grid_edges (grid->width_ratios, grid->cols, w, wspace, xl, xh);
  grid_edges (grid->height_ratios, grid->rows, h, hspace, yl, yh);
  l = x0 + (gint) lround (xl[cell->col0]);
  r = x0 + (gint) lround (xh[cell->col1 - 1]);
  t = y0 + (gint) lround (yl[cell->row0]);
  b = y0 + (gint) lround (yh[cell->row1 - 1]);
  rect->x = l;
  rect->y = t;
  rect->width = MAX (1, r - l);
  rect->height = MAX (1, b - t);
}
