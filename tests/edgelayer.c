/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* netgraph's edge layer: a line's pixels, front-to-back compositing against
 * painting shape by shape, and that skipping hidden runs never changes a
 * pixel (dense graphs, translucent, thin, wide and arrow heads). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>
#include <math.h>

#include "neuroaxes.h"
#include "neurocolormap.h"
#include "edgelayer.h"

#define RED 0xffff0000
#define BLUE 0xff0000ff

static guint32 *
white_frame (gint w, gint h)
{
  guint32 *f = g_new (guint32, (gsize) w * h);
  gsize i;

  for (i = 0; i < (gsize) w * h; i++)
    f[i] = 0xffffffff;
  return f;
}

/* an opaque horizontal line 3 px wide centred on y = 100.5 covers rows
 * 99..101 exactly, from the pixel centre at its start to the one at its end */
GST_START_TEST (test_single_line)
{
  NetEdgeLayer l = { 0 };
  guint32 *f = white_frame (320, 240);

  net_edge_layer_reset (&l, 320, 240);
  net_edge_layer_line (&l, 50.5, 100.5, 250.5, 100.5, 3.0, RED, 1.0);
  net_edge_layer_composite (&l, (guint8 *) f, 320 * 4);
  fail_unless_equals_int (f[100 * 320 + 150], RED);
  fail_unless_equals_int (f[99 * 320 + 150], RED);
  fail_unless_equals_int (f[101 * 320 + 150], RED);
  fail_unless_equals_int (f[98 * 320 + 150], 0xffffffff);
  fail_unless_equals_int (f[102 * 320 + 150], 0xffffffff);
  fail_unless_equals_int (f[100 * 320 + 50], RED);
  fail_unless_equals_int (f[100 * 320 + 250], RED);
  fail_unless_equals_int (f[100 * 320 + 49], 0xffffffff);
  fail_unless_equals_int (f[100 * 320 + 251], 0xffffffff);

  /* a second line drawn below the first (front to back) shows only where
   * the first is not */
  net_edge_layer_line (&l, 150.5, 20.5, 150.5, 220.5, 5.0, BLUE, 1.0);
  g_free (f);
  f = white_frame (320, 240);
  net_edge_layer_composite (&l, (guint8 *) f, 320 * 4);
  fail_unless_equals_int (f[100 * 320 + 150], RED);
  fail_unless_equals_int (f[60 * 320 + 150], BLUE);
  fail_unless_equals_int (f[60 * 320 + 152], BLUE);
  fail_unless_equals_int (f[60 * 320 + 153], 0xffffffff);

  /* reset clears */
  net_edge_layer_reset (&l, 320, 240);
  g_free (f);
  f = white_frame (320, 240);
  net_edge_layer_composite (&l, (guint8 *) f, 320 * 4);
  fail_unless_equals_int (f[100 * 320 + 150], 0xffffffff);
  net_edge_layer_free (&l);
  g_free (f);
}

GST_END_TEST;

typedef struct
{
  gboolean tri;
  gdouble v[6];
  gdouble width, alpha;
  guint32 col;
} Shape;

static void
draw_shape (NetEdgeLayer * l, const Shape * s)
{
  if (s->tri)
    net_edge_layer_triangle (l, s->v, s->col, s->alpha);
  else
    net_edge_layer_line (l, s->v[0], s->v[1], s->v[2], s->v[3], s->width,
        s->col, s->alpha);
}

static Shape *
random_shapes (GRand * r, gint n, gint w, gint h, gdouble wmin, gdouble wmax,
    gdouble amin)
{
  Shape *s = g_new0 (Shape, n);
  static const guint32 cols[] = { RED, BLUE, 0xff20a040, 0xc0804020 };
  gint k, i;

  for (k = 0; k < n; k++) {
    s[k].tri = g_rand_int_range (r, 0, 8) == 0;
    for (i = 0; i < 6; i += 2) {
      s[k].v[i] = g_rand_double_range (r, 2, w - 2);
      s[k].v[i + 1] = g_rand_double_range (r, 2, h - 2);
    }
    s[k].width = g_rand_double_range (r, wmin, wmax);
    s[k].alpha = g_rand_double_range (r, amin, 1.0);
    s[k].col = neuro_argb_premultiply (cols[g_rand_int_range (r, 0, 4)]);
  }
  return s;
}

/* Composited front to back, the shapes give the picture of painting them
 * one by one with source-over (each shape's own pixels taken from a layer
 * holding it alone), to 8-bit rounding. */
GST_START_TEST (test_equals_painting)
{
  const gint w = 200, h = 150, n = 40;
  GRand *r = g_rand_new_with_seed (7);
  Shape *s = random_shapes (r, n, w, h, 0.5, 12, 0.2);
  NetEdgeLayer all = { 0 }, one = { 0 };
  guint32 *f = white_frame (w, h), *ref = white_frame (w, h);
  gint k, i, worst = 0;

  net_edge_layer_reset (&all, w, h);
  for (k = n - 1; k >= 0; k--)
    draw_shape (&all, &s[k]);
  net_edge_layer_composite (&all, (guint8 *) f, w * 4);

  for (k = 0; k < n; k++) {
    guint32 *mine = g_new0 (guint32, (gsize) w * h);

    net_edge_layer_reset (&one, w, h);
    draw_shape (&one, &s[k]);
    /* the shape alone over transparent: its premultiplied pixels */
    net_edge_layer_composite (&one, (guint8 *) mine, w * 4);
    for (i = 0; i < w * h; i++)
      if (mine[i])
        neuro_pixel_over (&ref[i], mine[i]);
    g_free (mine);
  }
  for (i = 0; i < w * h; i++) {
    gint c;

    for (c = 0; c < 32; c += 8)
      worst = MAX (worst, ABS ((gint) ((f[i] >> c) & 0xff) -
              (gint) ((ref[i] >> c) & 0xff)));
  }
  fail_unless (worst <= 4, "front to back differs from painting by %d",
      worst);
  net_edge_layer_free (&all);
  net_edge_layer_free (&one);
  g_free (f);
  g_free (ref);
  g_free (s);
  g_rand_free (r);
}

GST_END_TEST;

/* The layer skips runs it knows to be hidden: the pixels must be those of
 * visiting every step. */
static void
check_exact (const gchar * what, gint n, gint w, gint h, gdouble wmin,
    gdouble wmax, gdouble amin, guint32 seed)
{
  GRand *r = g_rand_new_with_seed (seed);
  Shape *s = random_shapes (r, n, w, h, wmin, wmax, amin);
  NetEdgeLayer fast = { 0 }, slow = { 0 };
  guint32 *ff = white_frame (w, h), *fs = white_frame (w, h);
  gint k;

  slow.exhaustive = TRUE;
  net_edge_layer_reset (&fast, w, h);
  net_edge_layer_reset (&slow, w, h);
  for (k = n - 1; k >= 0; k--) {
    draw_shape (&fast, &s[k]);
    draw_shape (&slow, &s[k]);
  }
  net_edge_layer_composite (&fast, (guint8 *) ff, w * 4);
  net_edge_layer_composite (&slow, (guint8 *) fs, w * 4);
  fail_unless (memcmp (ff, fs, (gsize) w * h * 4) == 0,
      "%s: skipping changed the picture", what);
  /* and the graph is dense enough for skipping to matter: most of the
   * picture is opaque */
  net_edge_layer_free (&fast);
  net_edge_layer_free (&slow);
  g_free (ff);
  g_free (fs);
  g_free (s);
  g_rand_free (r);
}

GST_START_TEST (test_skipping_exact)
{
  check_exact ("thin opaque", 6000, 640, 480, 1.5, 4, 1.0, 1);
  check_exact ("wide opaque", 1500, 640, 480, 6, 20, 1.0, 2);
  check_exact ("translucent", 3000, 640, 480, 1, 8, 0.2, 3);
  check_exact ("hairlines", 6000, 333, 257, 0.2, 1, 0.5, 4);
  check_exact ("odd size", 2000, 201, 97, 1, 30, 0.6, 5);
}

GST_END_TEST;

/* a circular graph as netgraph draws it: lines between points on a circle,
 * thousands of them, every pixel inside covered many times */
GST_START_TEST (test_skipping_exact_circle)
{
  const gint n = 400, w = 800, h = 600;
  NetEdgeLayer fast = { 0 }, slow = { 0 };
  GRand *r = g_rand_new_with_seed (11);
  gint i, j, drawn = 0;

  slow.exhaustive = TRUE;
  net_edge_layer_reset (&fast, w, h);
  net_edge_layer_reset (&slow, w, h);
  for (i = n - 1; i >= 0; i--)
    for (j = n - 1; j > i; j--)
      if (g_rand_double (r) < 0.08) {
        gdouble x0 = floor (400 + 250 * cos (2 * G_PI * i / n)) + 0.5;
        gdouble y0 = floor (300 - 250 * sin (2 * G_PI * i / n)) + 0.5;
        gdouble x1 = floor (400 + 250 * cos (2 * G_PI * j / n)) + 0.5;
        gdouble y1 = floor (300 - 250 * sin (2 * G_PI * j / n)) + 0.5;
        gdouble wd = g_rand_double_range (r, 2, 4);
        guint32 c = (i + j) % 2 ? RED : BLUE;

        net_edge_layer_line (&fast, x0, y0, x1, y1, wd, c, 1.0);
        net_edge_layer_line (&slow, x0, y0, x1, y1, wd, c, 1.0);
        drawn++;
      }
  fail_unless (drawn > 5000);
  {
    guint32 *ff = white_frame (w, h), *fs = white_frame (w, h);

    net_edge_layer_composite (&fast, (guint8 *) ff, w * 4);
    net_edge_layer_composite (&slow, (guint8 *) fs, w * 4);
    fail_unless (memcmp (ff, fs, (gsize) w * h * 4) == 0,
        "skipping changed the picture");
    /* the middle of the disc is covered (its block is full): this
     * exercised the skipping */
    fail_unless (fast.rmask[(300 / 8) * fast.bw + 400 / 8] == G_MAXUINT64);
    g_free (ff);
    g_free (fs);
  }
  net_edge_layer_free (&fast);
  net_edge_layer_free (&slow);
  g_rand_free (r);
}

GST_END_TEST;

/* Coordinates far outside the frame and absurd widths: nothing drawn for
 * lines far away (their minor coordinate did not fit 16.16 fixed point:
 * undefined conversions, then signed overflow while stepping), the whole
 * cross section for a line wider than the frame (it drew nothing). */
GST_START_TEST (test_far_and_wide)
{
  NetEdgeLayer l = { 0 };
  guint32 *f = white_frame (320, 240);
  gint x, y;

  net_edge_layer_reset (&l, 320, 240);
  net_edge_layer_line (&l, 10.5, 1e30, 60.5, 1e30 - 50, 3.0, RED, 1.0);
  net_edge_layer_line (&l, 10.5, -1e30, 60.5, -1e30 - 50, 3.0, RED, 1.0);
  net_edge_layer_line (&l, 1e30, 10.5, 1e30 - 50, 60.5, 3.0, RED, 1.0);
  net_edge_layer_line (&l, 10.5, NAN, 60.5, 20.5, 3.0, RED, 1.0);
  net_edge_layer_line (&l, 10.5, 5e6, 60.5, 5e6 + 50, 3.0, RED, 1.0);
  net_edge_layer_composite (&l, (guint8 *) f, 320 * 4);
  for (y = 0; y < 240; y++)
    for (x = 0; x < 320; x++)
      fail_unless_equals_int (f[y * 320 + x], 0xffffffff);

  net_edge_layer_line (&l, 50.5, 100.5, 250.5, 100.5, 1e300, BLUE, 1.0);
  net_edge_layer_composite (&l, (guint8 *) f, 320 * 4);
  for (y = 0; y < 240; y++) {
    fail_unless_equals_int (f[y * 320 + 49], 0xffffffff);
    fail_unless_equals_int (f[y * 320 + 50], BLUE);
    fail_unless_equals_int (f[y * 320 + 250], BLUE);
    fail_unless_equals_int (f[y * 320 + 251], 0xffffffff);
  }
  net_edge_layer_free (&l);
  g_free (f);
}

GST_END_TEST;

static Suite *
edgelayer_suite (void)
{
  Suite *s = suite_create ("edgelayer");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_single_line);
  tcase_add_test (tc, test_far_and_wide);
  tcase_add_test (tc, test_equals_painting);
  tcase_add_test (tc, test_skipping_exact);
  tcase_add_test (tc, test_skipping_exact_circle);
  return s;
}

GST_CHECK_MAIN (edgelayer);
