/* gst-neuroviz — tests of spikeraster's drawing kernels on a plain canvas
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The sweep cursor and gap, and the layers a plan picks (marks, sweep
 * wrap, density), on a padded stride, without the element around them. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>

#include "../elements/spikeraster/rasterdraw.h"

#define W 100
#define H 50
#define STRIDE_PX 113           /* padded rows */
#define WHITE 0xffffffff
#define BLACK 0xff000000

static NeuroCanvas *
canvas_new (guint32 fill)
{
  NeuroCanvas *cv = g_new0 (NeuroCanvas, 1);
  guint32 *px;
  gsize i;

  cv->width = W;
  cv->height = H;
  cv->stride = STRIDE_PX * 4;
  cv->data = g_malloc ((gsize) cv->stride * H);
  px = (guint32 *) cv->data;
  /* padding holds a value nothing draws */
  for (i = 0; i < (gsize) STRIDE_PX * H; i++)
    px[i] = (i % STRIDE_PX) < W ? fill : 0x12345678;
  return cv;
}

static void
canvas_free (NeuroCanvas * cv)
{
  g_free (cv->data);
  g_free (cv);
}

static guint32
px_at (const NeuroCanvas * cv, gint x, gint y)
{
  return neuro_canvas_row (cv, y)[x];
}

static void
check_padding (const NeuroCanvas * cv)
{
  gint x, y;

  for (y = 0; y < H; y++)
    for (x = W; x < STRIDE_PX; x++)
      fail_unless_equals_int (neuro_canvas_row (cv, y)[x], 0x12345678);
}

/* the gap after the cursor is replaced by the background (transparent
 * too), the cursor column gets the foreground at half opacity, nothing
 * else changes */
GST_START_TEST (test_sweep_cursor)
{
  NeuroCanvas *cv = canvas_new (BLACK);
  gint x, y;

  /* plot area [10, 90) x [5, 45), cursor at its column 30, gap 4 */
  neuro_canvas_sweep_cursor (cv, 10, 5, 80, 40, 30, 4, 0x00000000, WHITE);
  for (y = 0; y < H; y++) {
    for (x = 0; x < W; x++) {
      guint32 want = BLACK;

      if (y >= 5 && y < 45 && x == 40)
        want = 0xff808080;      /* white at 50% over black */
      else if (y >= 5 && y < 45 && x >= 41 && x <= 44)
        want = 0x00000000;
      fail_unless_equals_int (px_at (cv, x, y), want);
    }
  }
  check_padding (cv);

  /* at the right edge: the gap is cut at the plot area, the cursor
   * clamped to its last column */
  canvas_free (cv);
  cv = canvas_new (BLACK);
  neuro_canvas_sweep_cursor (cv, 10, 5, 80, 40, 79, 4, WHITE, WHITE);
  for (x = 0; x < W; x++)
    fail_unless_equals_int (px_at (cv, x, 20), x == 89 ? 0xff808080 : BLACK);
  check_padding (cv);
  canvas_free (cv);
}

GST_END_TEST;

static void
settings_init (RasterSettings * s)
{
  memset (s, 0, sizeof (*s));
  s->window = 1.0;
  s->mode = GST_SPIKE_RASTER_SCROLL;
  s->marker = GST_SPIKE_RASTER_MARKER_TICK;
  s->color = BLACK;
  s->color_mode = GST_SPIKE_RASTER_COLOR_SINGLE;
  s->density = GST_SPIKE_RASTER_DENSITY_NEVER;
  s->density_max = 40;
  s->rate_bin = 0.02;
  s->rate_color = 0xff0000ff;
  s->rate_fill = 0x4d0000ff;
  s->rate_line_width = 1.5;
  s->groups = g_array_new (FALSE, FALSE, sizeof (NeuroColorGroup));
}

/* no axes, no title, no rate panel: the raster fills the canvas; @sc keeps
 * the scratch memory from frame to frame */
static void
draw_with (NeuroCanvas * cv, const RasterSettings * s, const NeuroSpike * sp,
    gsize n, gint64 t_end, RasterScratch * sc)
{
  RasterLayout lay;
  RasterPlan plan;
  RasterFrame f = { 0 };

  raster_layout (&lay, s, NULL, cv->width, cv->height, FALSE, FALSE, 0, 9,
      t_end, 0);
  fail_unless_equals_int (lay.px0, 0);
  fail_unless_equals_int (lay.pw, W);
  fail_unless_equals_int (lay.ph, H);
  f.cv = cv;
  f.s = s;
  f.lay = &lay;
  f.spikes = sp;
  f.n_spikes = n;
  f.fg = BLACK;
  f.bg = WHITE;
  raster_plan_setup (&plan, s, &lay, FALSE, FALSE);
  raster_plan_draw (&plan, &f, sc);
}

static void
draw (NeuroCanvas * cv, const RasterSettings * s, const NeuroSpike * sp,
    gsize n, gint64 t_end)
{
  RasterScratch sc = { 0 };

  draw_with (cv, s, sp, n, t_end, &sc);
  raster_scratch_free (&sc);
}

/* 10 units on 50 rows: unit 3 is centred on row floor (50 - 3.5 * 5) = 32,
 * its tick 4 rows tall (80 % of a row) from row 30; a spike at 0.5 s of the
 * window (0, 1 s] is in column 50 */
GST_START_TEST (test_marks)
{
  NeuroCanvas *cv = canvas_new (WHITE);
  RasterSettings s;
  NeuroSpike sp[] = { {500 * GST_MSECOND, 3, 1}, {GST_SECOND, 9, 1} };
  gint y;

  settings_init (&s);
  draw (cv, &s, sp, G_N_ELEMENTS (sp), GST_SECOND);
  for (y = 0; y < H; y++) {
    fail_unless_equals_int (px_at (cv, 50, y), y >= 30 && y <= 33 ? BLACK :
        WHITE);
    fail_unless_equals_int (px_at (cv, 49, y), WHITE);
    fail_unless_equals_int (px_at (cv, 51, y), WHITE);
  }
  /* the window end is in the last column; unit 9 centred on row 2 */
  fail_unless_equals_int (px_at (cv, 99, 2), BLACK);
  fail_unless_equals_int (px_at (cv, 99, 0), BLACK);
  fail_unless_equals_int (px_at (cv, 99, 4), WHITE);
  check_padding (cv);

  /* a dot of side 5: 5 x 5 about (50, 32), coloured by its group */
  canvas_free (cv);
  cv = canvas_new (WHITE);
  s.marker = GST_SPIKE_RASTER_MARKER_DOT;
  s.marker_size = 5;
  s.color_mode = GST_SPIKE_RASTER_COLOR_GROUPS;
  {
    NeuroColorGroup g = { 2, 4, 0xffff0000 };

    g_array_append_val (s.groups, g);
  }
  draw (cv, &s, sp, 1, GST_SECOND);
  for (y = 0; y < H; y++) {
    gint x;

    for (x = 45; x < 55; x++)
      fail_unless_equals_int (px_at (cv, x, y), x >= 48 && x <= 52 &&
          y >= 30 && y <= 34 ? 0xffff0000 : WHITE);
  }
  check_padding (cv);
  g_array_free (s.groups, TRUE);
  canvas_free (cv);
}

GST_END_TEST;

/* sweep: sweeps start at multiples of the window; at t_end = 1.2 s the
 * cursor is in column 20, the spike of 1.1 s in column 10 and the one of
 * 0.5 s (the previous sweep) still in column 50, the gap after the cursor
 * (2 columns) blank */
GST_START_TEST (test_sweep_wraps)
{
  NeuroCanvas *cv = canvas_new (WHITE);
  RasterSettings s;
  NeuroSpike sp[] = { {210 * GST_MSECOND, 3, 1}, {500 * GST_MSECOND, 3, 1},
  {1100 * GST_MSECOND, 3, 1}
  };
  gint x;

  settings_init (&s);
  s.mode = GST_SPIKE_RASTER_SWEEP;
  /* the spike of 0.21 s is before the window (0.2 s, 1.2 s] ends: column
   * 21, blanked by the gap */
  draw (cv, &s, sp, G_N_ELEMENTS (sp), 1200 * GST_MSECOND);
  for (x = 0; x < W; x++) {
    guint32 want = WHITE;

    if (x == 10 || x == 50)
      want = BLACK;
    else if (x == 20)
      want = 0xff7f7f7f;        /* black at 50 % over white */
    fail_unless_equals_int (px_at (cv, x, 31), want);
  }
  check_padding (cv);
  g_array_free (s.groups, TRUE);
  canvas_free (cv);
}

GST_END_TEST;

/* density: one spike in a cell of 10 / 50 units and 1 / 100 s at 40 Hz
 * per unit full scale (0.08 spikes) is opaque, in the row of its unit's
 * centre, floor (50 - 3.5 * 5) = 32 */
GST_START_TEST (test_density)
{
  NeuroCanvas *cv = canvas_new (WHITE);
  RasterSettings s;
  NeuroSpike sp[] = { {500 * GST_MSECOND, 3, 1}
  };
  gint x, y;

  settings_init (&s);
  s.density = GST_SPIKE_RASTER_DENSITY_ALWAYS;
  s.color = 0xff0000ff;
  draw (cv, &s, sp, 1, GST_SECOND);
  for (y = 0; y < H; y++)
    for (x = 0; x < W; x++)
      fail_unless_equals_int (px_at (cv, x, y), x == 50 && y == 32 ?
          0xff0000ff : WHITE);
  check_padding (cv);
  g_array_free (s.groups, TRUE);
  canvas_free (cv);
}

GST_END_TEST;

/* density colours per row (colormap: unit 0 at the bottom, unit 9 at the
 * top), and colours that change from frame to frame while the scratch
 * memory (its colour tables) is kept */
GST_START_TEST (test_density_colours)
{
  NeuroCanvas *cv;
  RasterSettings s;
  RasterScratch sc = { 0 };
  NeuroSpike sp[] = { {300 * GST_MSECOND, 0, 1}, {500 * GST_MSECOND, 9, 1}
  };
  gint frame;

  settings_init (&s);
  s.density = GST_SPIKE_RASTER_DENSITY_ALWAYS;
  for (frame = 0; frame < 4; frame++) {
    guint32 c0, c9;

    /* colormap, single, colormap again, another colormap */
    s.color_mode = frame == 1 ? GST_SPIKE_RASTER_COLOR_SINGLE :
        GST_SPIKE_RASTER_COLOR_COLORMAP;
    s.colormap = frame == 3 ? NEURO_COLORMAP_MAGMA : NEURO_COLORMAP_VIRIDIS;
    s.color = frame == 1 ? 0xff00ff00 : BLACK;
    c0 = raster_unit_color (&s, 0, 0, 10);
    c9 = raster_unit_color (&s, 9, 0, 10);
    if (frame != 1)
      fail_if (c0 == c9);
    cv = canvas_new (WHITE);
    draw_with (cv, &s, sp, G_N_ELEMENTS (sp), GST_SECOND, &sc);
    /* unit 0 centred on row floor (50 - 0.5 * 5) = 47, unit 9 on row 2 */
    fail_unless_equals_int (px_at (cv, 30, 47), c0);
    fail_unless_equals_int (px_at (cv, 50, 2), c9);
    fail_unless_equals_int (px_at (cv, 30, 46), WHITE);
    fail_unless_equals_int (px_at (cv, 50, 3), WHITE);
    canvas_free (cv);
  }
  raster_scratch_free (&sc);
  g_array_free (s.groups, TRUE);
}

GST_END_TEST;

static Suite *
rasterdraw_suite (void)
{
  Suite *s = suite_create ("rasterdraw");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_sweep_cursor);
  tcase_add_test (tc, test_marks);
  tcase_add_test (tc, test_sweep_wraps);
  tcase_add_test (tc, test_density);
  tcase_add_test (tc, test_density_colours);
  return s;
}

GST_CHECK_MAIN (rasterdraw);
