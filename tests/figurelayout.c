/* gst-neuroviz — tests of neurofigure's grid on plain numbers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Cell strings as numpy subscripts (indices, negative indices, slices,
 * flat indices), ratios, the grid's resolution (automatic placement, spans,
 * errors that name the pad and the value) and the tiles' pixel rectangles
 * against matplotlib's GridSpec arithmetic. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>

#include "figurelayout.h"

static void
check_cell (const gchar * s, gint rows, gint cols, gint r0, gint r1, gint c0,
    gint c1)
{
  FigureCell c;
  GError *err = NULL;

  fail_unless (figure_cell_parse (s, rows, cols, &c, &err), "\"%s\": %s", s,
      err ? err->message : "");
  fail_unless (c.row0 == r0 && c.row1 == r1 && c.col0 == c0 && c.col1 == c1,
      "\"%s\" in %dx%d: rows [%d,%d) cols [%d,%d), expected [%d,%d) [%d,%d)",
      s, rows, cols, c.row0, c.row1, c.col0, c.col1, r0, r1, c0, c1);
}

static void
check_cell_error (const gchar * s, gint rows, gint cols, const gchar * what)
{
  FigureCell c;
  GError *err = NULL;

  fail_if (figure_cell_parse (s, rows, cols, &c, &err), "\"%s\" accepted", s);
  fail_unless (err != NULL);
  fail_unless (strstr (err->message, what) != NULL, "\"%s\": %s", s,
      err->message);
  /* the message names the value */
  fail_unless (strstr (err->message, s) != NULL, "%s", err->message);
  g_error_free (err);
}

GST_START_TEST (test_cell_parse)
{
  check_cell ("0,0", 2, 3, 0, 1, 0, 1);
  check_cell ("1,2", 2, 3, 1, 2, 2, 3);
  check_cell ("-1,-1", 2, 3, 1, 2, 2, 3);
  check_cell ("0,:", 2, 3, 0, 1, 0, 3);
  check_cell (":,1", 2, 3, 0, 2, 1, 2);
  check_cell ("0:2,1:", 2, 3, 0, 2, 1, 3);
  check_cell ("1, :-1", 2, 3, 1, 2, 0, 2);
  check_cell (" 0 , 0:2 ", 2, 3, 0, 1, 0, 2);
  /* a flat index, row-major as subplot(2, 3, k + 1) */
  check_cell ("0", 2, 3, 0, 1, 0, 1);
  check_cell ("4", 2, 3, 1, 2, 1, 2);
  check_cell ("-1", 2, 3, 1, 2, 2, 3);

  check_cell_error ("2,0", 2, 3, "outside the 2 x 3 grid");
  check_cell_error ("0,3", 2, 3, "outside");
  check_cell_error ("0,1:1", 2, 3, "empty span");
  check_cell_error ("0,0:4", 2, 3, "outside");
  check_cell_error ("6", 2, 3, "outside");
  check_cell_error ("-7", 2, 3, "outside");
  check_cell_error ("a,b", 2, 3, "not a grid index");
  check_cell_error ("0,0,0", 2, 3, "not a grid index");
  check_cell_error ("0;1", 2, 3, "not a grid index");
  check_cell_error ("", 2, 3, "not a grid index");
}

GST_END_TEST;

GST_START_TEST (test_ratios_parse)
{
  gdouble r[FIGURE_MAX_GRID];
  GError *err = NULL;

  fail_unless_equals_int (figure_ratios_parse (NULL, r, 4, NULL), 0);
  fail_unless_equals_int (figure_ratios_parse ("", r, 4, NULL), 0);
  fail_unless_equals_int (figure_ratios_parse ("3, 1", r, 4, &err), 2);
  fail_unless_equals_float (r[0], 3.0);
  fail_unless_equals_float (r[1], 1.0);
  fail_unless_equals_int (figure_ratios_parse ("0.5,2.5,1", r, 4, &err), 3);
  fail_unless_equals_float (r[2], 1.0);

  fail_unless_equals_int (figure_ratios_parse ("3,0", r, 4, &err), -1);
  fail_unless (strstr (err->message, "\"3,0\"") != NULL);
  g_clear_error (&err);
  fail_unless_equals_int (figure_ratios_parse ("1,nan", r, 4, &err), -1);
  g_clear_error (&err);
  fail_unless_equals_int (figure_ratios_parse ("1,,2", r, 4, &err), -1);
  g_clear_error (&err);
  fail_unless_equals_int (figure_ratios_parse ("1,2,3", r, 2, &err), -1);
  g_clear_error (&err);
}

GST_END_TEST;

static gboolean
resolve (gint rows, gint cols, const gchar * const *cells, gint n,
    const gdouble * wr, gint nwr, const gdouble * hr, gint nhr,
    FigureGrid * grid, GError ** err)
{
  static const gchar *names[] =
      { "sink_0", "sink_1", "sink_2", "sink_3", "sink_4", "sink_5" };
  FigureGridSpec spec = { 0, };

  spec.rows = rows;
  spec.cols = cols;
  spec.width_ratios = wr;
  spec.n_width_ratios = nwr;
  spec.height_ratios = hr;
  spec.n_height_ratios = nhr;
  spec.n_pads = n;
  spec.cells = cells;
  spec.names = names;
  return figure_grid_resolve (&spec, grid, err);
}

GST_START_TEST (test_grid_resolve)
{
  FigureGrid g;
  GError *err = NULL;
  const gchar *spans[] = { "0,:", NULL, NULL };
  const gchar *clash[] = { "0,0:2", "0,1" };
  const gdouble hr[] = { 3, 1 };

  /* nothing set: one column, a row per pad */
  fail_unless (resolve (0, 0, NULL, 3, NULL, 0, NULL, 0, &g, &err));
  fail_unless_equals_int (g.rows, 3);
  fail_unless_equals_int (g.cols, 1);
  fail_unless_equals_int (g.cells[2].row0, 2);
  figure_grid_clear (&g);

  /* columns given: as many rows as needed, placed row-major */
  fail_unless (resolve (0, 2, NULL, 3, NULL, 0, NULL, 0, &g, &err));
  fail_unless_equals_int (g.rows, 2);
  fail_unless_equals_int (g.cells[1].row0, 0);
  fail_unless_equals_int (g.cells[1].col0, 1);
  fail_unless_equals_int (g.cells[2].row0, 1);
  fail_unless_equals_int (g.cells[2].col0, 0);
  figure_grid_clear (&g);

  /* the grid from the ratios' count; the spanning pad first, the others
   * into the free cells (§4 of the tutorial: a wide panel over two) */
  fail_unless (resolve (0, 2, spans, 3, NULL, 0, hr, 2, &g, &err));
  fail_unless_equals_int (g.rows, 2);
  fail_unless_equals_int (g.cells[0].col1, 2);
  fail_unless_equals_int (g.cells[1].row0, 1);
  fail_unless_equals_int (g.cells[1].col0, 0);
  fail_unless_equals_int (g.cells[2].row0, 1);
  fail_unless_equals_int (g.cells[2].col0, 1);
  fail_unless_equals_float (g.height_ratios[0], 3.0);
  figure_grid_clear (&g);

  /* no rows given: enough rows for the span and the others */
  fail_unless (resolve (0, 2, spans, 3, NULL, 0, NULL, 0, &g, &err));
  fail_unless_equals_int (g.rows, 2);
  fail_unless_equals_int (g.cells[2].row0, 1);
  fail_unless_equals_int (g.cells[2].col0, 1);
  figure_grid_clear (&g);

  /* errors name the pad, the property and the value */
  fail_if (resolve (1, 2, clash, 2, NULL, 0, NULL, 0, &g, &err));
  fail_unless (strstr (err->message, "sink_1::cell=\"0,1\" overlaps "
          "sink_0::cell=\"0,0:2\"") != NULL, "%s", err->message);
  g_clear_error (&err);

  fail_if (resolve (1, 2, NULL, 3, NULL, 0, NULL, 0, &g, &err));
  fail_unless (strstr (err->message, "3 pads do not fit in the 1 x 2 grid")
      != NULL, "%s", err->message);
  fail_unless (strstr (err->message, "sink_2") != NULL);
  g_clear_error (&err);

  fail_if (resolve (3, 1, NULL, 2, NULL, 0, hr, 2, &g, &err));
  fail_unless (strstr (err->message, "height-ratios has 2 values for a grid "
          "of 3 rows") != NULL, "%s", err->message);
  g_clear_error (&err);

  spans[0] = "2,0";
  fail_if (resolve (2, 2, spans, 1, NULL, 0, NULL, 0, &g, &err));
  fail_unless (strstr (err->message, "sink_0::cell: cell \"2,0\" is outside")
      != NULL, "%s", err->message);
  g_clear_error (&err);

  fail_if (resolve (65, 1, NULL, 1, NULL, 0, NULL, 0, &g, &err));
  fail_unless (strstr (err->message, "65 x 1") != NULL, "%s", err->message);
  g_clear_error (&err);
}

GST_END_TEST;

/* matplotlib's GridSpec.get_grid_positions with left = bottom = 0,
 * right = top = 1: cell = len / (n + space (n - 1)), separation space x
 * cell, cell sizes cell x n x ratio / sum (ratios) */
GST_START_TEST (test_cell_rects)
{
  FigureGrid g;
  FigureRect r;
  FigureCell c;
  const gdouble hr[] = { 3, 1 };
  const gdouble wr[] = { 1, 2, 1 };

  fail_unless (resolve (2, 1, NULL, 2, NULL, 0, hr, 2, &g, NULL));
  figure_grid_cell_rect (&g, &g.cells[0], 0, 0, 1200, 800, 0, 0, &r);
  fail_unless (r.x == 0 && r.y == 0 && r.width == 1200 && r.height == 600);
  figure_grid_cell_rect (&g, &g.cells[1], 0, 0, 1200, 800, 0, 0, &r);
  fail_unless (r.y == 600 && r.height == 200);

  /* hspace 0.2: cell 800 / 2.2 = 363.64 x (2 x 3/4) = 545.45, gap 72.73 */
  figure_grid_cell_rect (&g, &g.cells[0], 0, 0, 1200, 800, 0, 0.2, &r);
  fail_unless_equals_int (r.height, 545);
  figure_grid_cell_rect (&g, &g.cells[1], 0, 0, 1200, 800, 0, 0.2, &r);
  fail_unless_equals_int (r.y, 618);
  fail_unless_equals_int (r.y + r.height, 800);
  figure_grid_clear (&g);

  /* width ratios 1:2:1 across 1000 px from x0 = 100, no gaps: neighbours
   * meet without a gap or an overlap */
  fail_unless (resolve (1, 3, NULL, 3, wr, 3, NULL, 0, &g, NULL));
  figure_grid_cell_rect (&g, &g.cells[0], 100, 10, 1000, 500, 0, 0, &r);
  fail_unless (r.x == 100 && r.width == 250 && r.y == 10 && r.height == 500);
  figure_grid_cell_rect (&g, &g.cells[1], 100, 10, 1000, 500, 0, 0, &r);
  fail_unless (r.x == 350 && r.width == 500);
  figure_grid_cell_rect (&g, &g.cells[2], 100, 10, 1000, 500, 0, 0, &r);
  fail_unless (r.x == 850 && r.x + r.width == 1100);

  /* a span covers its cells and the gaps between them */
  c.row0 = 0;
  c.row1 = 1;
  c.col0 = 1;
  c.col1 = 3;
  figure_grid_cell_rect (&g, &c, 0, 0, 1000, 500, 0.5, 0, &r);
  /* cell = 1000 / 4 = 250, gap 125, widths 187.5, 375, 187.5 */
  fail_unless_equals_int (r.x, 313);
  fail_unless_equals_int (r.x + r.width, 1000);
  figure_grid_clear (&g);

  /* odd sizes: the tiles of a 3-row grid of 100 px tile it exactly */
  fail_unless (resolve (3, 1, NULL, 3, NULL, 0, NULL, 0, &g, NULL));
  {
    gint i, end = 0;

    for (i = 0; i < 3; i++) {
      figure_grid_cell_rect (&g, &g.cells[i], 0, 0, 7, 100, 0, 0, &r);
      fail_unless_equals_int (r.y, end);
      end = r.y + r.height;
    }
    fail_unless_equals_int (end, 100);
  }
  figure_grid_clear (&g);
}

GST_END_TEST;

static Suite *
figurelayout_suite (void)
{
  Suite *s = suite_create ("figurelayout");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_cell_parse);
  tcase_add_test (tc, test_ratios_parse);
  tcase_add_test (tc, test_grid_resolve);
  tcase_add_test (tc, test_cell_rects);
  return s;
}

GST_CHECK_MAIN (figurelayout);
