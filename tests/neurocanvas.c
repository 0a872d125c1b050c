/* gst-neuroviz — tests of the canvas room: pixel blending, fills and
 * rectangles on a padded stride.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include "neurocanvas.h"
#include "neurocolormap.h"

GST_START_TEST (test_pixel_over)
{
  guint32 p = 0xffffffff;

  /* 50% black over white -> mid grey */
  neuro_pixel_over (&p, 0x80000000);
  fail_unless ((p & 0xff) >= 0x7e && (p & 0xff) <= 0x80, "%08x", p);
  fail_unless_equals_int (p >> 24, 0xff);
  p = 0x00000000;
  neuro_pixel_over (&p, 0xff123456);
  fail_unless_equals_int (p, 0xff123456);
}

GST_END_TEST;

#define PAD 0x12345678u

/* a 5x4 canvas whose rows are 7 pixels apart: the two padding pixels of
 * every row must never change */
static guint32 *
padded_canvas (NeuroCanvas * c)
{
  guint32 *mem = g_new (guint32, 7 * 4);
  gint i;

  for (i = 0; i < 7 * 4; i++)
    mem[i] = PAD;
  c->data = (guint8 *) mem;
  c->stride = 7 * 4;
  c->width = 5;
  c->height = 4;
  return mem;
}

static void
check_padding (const guint32 * mem)
{
  gint y;

  for (y = 0; y < 4; y++) {
    fail_unless_equals_int (mem[y * 7 + 5], PAD);
    fail_unless_equals_int (mem[y * 7 + 6], PAD);
  }
}

GST_START_TEST (test_canvas_rects)
{
  NeuroCanvas c;
  guint32 *mem = padded_canvas (&c);
  guint32 grey = 0xffffffff, tint = 0xff336699;
  gint x, y;

  /* the memset path (white) and the pixel loop (any other colour) */
  neuro_canvas_fill (&c, 0xffffffff);
  check_padding (mem);
  for (y = 0; y < 4; y++)
    for (x = 0; x < 5; x++)
      fail_unless_equals_int (neuro_canvas_row (&c, y)[x], 0xffffffff);
  neuro_canvas_fill (&c, tint);
  check_padding (mem);
  fail_unless_equals_int (neuro_canvas_row (&c, 3)[4], tint);
  neuro_canvas_fill (&c, 0xffffffff);

  /* translucent: source-over, clipped at the top-left corner */
  neuro_pixel_over (&grey, neuro_argb_premultiply (0x80000000));
  neuro_canvas_fill_rect (&c, -2, -2, 2, 2, 0x80000000);
  for (y = 0; y < 4; y++)
    for (x = 0; x < 5; x++)
      fail_unless_equals_int (neuro_canvas_row (&c, y)[x],
          x < 2 && y < 2 ? grey : 0xffffffff);
  /* opaque: a plain set; clipped at the right edge */
  neuro_canvas_fill_rect (&c, 3, 2, 100, 3, 0xff00ff00);
  fail_unless_equals_int (neuro_canvas_row (&c, 2)[2], 0xffffffff);
  fail_unless_equals_int (neuro_canvas_row (&c, 2)[3], 0xff00ff00);
  fail_unless_equals_int (neuro_canvas_row (&c, 2)[4], 0xff00ff00);
  fail_unless_equals_int (neuro_canvas_row (&c, 3)[4], 0xffffffff);
  /* a transparent fill draws nothing, a transparent set clears */
  neuro_canvas_fill_rect (&c, 0, 3, 5, 4, 0x00ff0000);
  fail_unless_equals_int (neuro_canvas_row (&c, 3)[0], 0xffffffff);
  neuro_canvas_set_rect (&c, 1, 3, 5, 9, 0x00ff0000);
  fail_unless_equals_int (neuro_canvas_row (&c, 3)[0], 0xffffffff);
  for (x = 1; x < 5; x++)
    fail_unless_equals_int (neuro_canvas_row (&c, 3)[x], 0);
  /* set_rect stores premultiplied pixels */
  neuro_canvas_set_rect (&c, 0, 0, 1, 1, 0x80ff0000);
  fail_unless_equals_int (neuro_canvas_row (&c, 0)[0],
      neuro_argb_premultiply (0x80ff0000));
  /* empty and fully outside rectangles change nothing */
  neuro_canvas_fill_rect (&c, 2, 2, 2, 3, 0xff000000);
  neuro_canvas_set_rect (&c, 6, 0, 9, 4, 0xff000000);
  neuro_canvas_fill_rect (&c, 0, -5, 5, 0, 0x80000000);
  fail_unless_equals_int (neuro_canvas_row (&c, 2)[2], 0xffffffff);
  check_padding (mem);
  g_free (mem);
}

GST_END_TEST;

static Suite *
neurocanvas_suite (void)
{
  Suite *s = suite_create ("neurocanvas");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_pixel_over);
  tcase_add_test (tc, test_canvas_rects);
  return s;
}

GST_CHECK_MAIN (neurocanvas);
