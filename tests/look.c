/* gst-neuroviz — matplotlib's look in every renderer: text sized in points
 * at the renderer's dpi, the same in every frame size, and never cut at
 * the frame's edge.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/video/video.h>
#include <math.h>

#include "neurotest.h"

/* each renderer with data from neurosrc; "%s" takes the renderer's
 * properties */
static const struct
{
  const gchar *name;
  const gchar *launch;
} renderers[] = {
  {"spikeraster", "neurosrc pattern=poisson units=20 duration=500000000 ! "
        "spikeraster window=0.5 %s"},
  {"signalscope", "neurosrc pattern=sines channels=3 duration=500000000 ! "
        "signalscope window=0.5 y-label=\"v (mV)\" %s"},
  {"activitymap", "neurosrc pattern=hotspots width=20 height=20 "
        "duration=500000000 ! activitymap %s"},
  {"netgraph", "neurosrc pattern=connectivity units=8 duration=500000000 ! "
        "netgraph %s"},
  /* the other views and decorations: colorbars, channel labels */
  {"signalscope heatmap", "neurosrc pattern=membrane channels=4 "
        "duration=500000000 ! signalscope mode=heatmap window=0.5 %s"},
  {"signalscope stacked", "neurosrc pattern=membrane channels=4 "
        "duration=500000000 ! signalscope mode=stacked window=0.5 %s"},
  {"activitymap histogram", "neurosrc pattern=hotspots width=20 height=20 "
        "duration=500000000 ! activitymap view=histogram %s"},
  {"netgraph colorbar", "neurosrc pattern=connectivity units=8 "
        "duration=500000000 ! netgraph colorbar=true %s"},
};

typedef struct
{
  GstVideoInfo info;
  GstMapInfo map;
  GstBuffer *buf;
} Picture;

/* The last frame of renderer @r at @w x @h and @dpi, titled "HH". */
static void
picture_render (Picture * p, guint r, gint w, gint h, gdouble dpi)
{
  gchar dpis[G_ASCII_DTOSTR_BUF_SIZE];
  gchar *props = g_strdup_printf ("title=HH dpi=%s",
      g_ascii_dtostr (dpis, sizeof dpis, dpi));
  gchar *launch = g_strdup_printf (renderers[r].launch, props);
  NeuroTestRun *run = neuro_test_run_new ("%s ! video/x-raw,format=BGRx,"
      "width=%d,height=%d,framerate=10/1 ! fakesink name=sink "
      "signal-handoffs=true", launch, w, h);

  neuro_test_run_to_end (run);
  fail_unless (run->buffers->len > 0, "%s: no frame", renderers[r].name);
  fail_unless (gst_video_info_from_caps (&p->info, run->caps));
  p->buf = gst_buffer_ref (g_ptr_array_index (run->buffers,
          run->buffers->len - 1));
  fail_unless (gst_buffer_map (p->buf, &p->map, GST_MAP_READ));
  neuro_test_run_free (run);
  g_free (launch);
  g_free (props);
}

static void
picture_clear (Picture * p)
{
  gst_buffer_unmap (p->buf, &p->map);
  gst_buffer_unref (p->buf);
}

static guint32
pixel (const Picture * p, gint x, gint y)
{
  const guint8 *row = p->map.data + (gsize) y * GST_VIDEO_INFO_PLANE_STRIDE
      (&p->info, 0);

  return ((const guint32 *) row)[x] & 0xffffff;
}

/* the core of black antialiased text */
static gboolean
is_ink (guint32 px)
{
  return ((px >> 16) & 0xff) < 96 && ((px >> 8) & 0xff) < 96
      && (px & 0xff) < 96;
}

static gboolean
row_has_ink (const Picture * p, gint y)
{
  gint x;

  for (x = 0; x < GST_VIDEO_INFO_WIDTH (&p->info); x++)
    if (is_ink (pixel (p, x, y)))
      return TRUE;
  return FALSE;
}

/* The title is the topmost ink: its rows from the first one with ink to
 * the next one without. */
static gint
title_height (const Picture * p)
{
  gint y = 0, top, hgt = GST_VIDEO_INFO_HEIGHT (&p->info);

  while (y < hgt && !row_has_ink (p, y))
    y++;
  top = y;
  while (y < hgt && row_has_ink (p, y))
    y++;
  return y - top;
}

/* The same dpi draws the same text in a 400x300 and a 1200x800 frame
 * (matplotlib's sizes are in points, not in frame heights); twice the dpi
 * draws it twice as tall. */
GST_START_TEST (test_text_height_from_dpi)
{
  guint r;

  for (r = 0; r < G_N_ELEMENTS (renderers); r++) {
    Picture small, large, twice;
    gint hs, hl, h2;

    picture_render (&small, r, 400, 300, 100);
    picture_render (&large, r, 1200, 800, 100);
    picture_render (&twice, r, 1200, 800, 200);
    hs = title_height (&small);
    hl = title_height (&large);
    h2 = title_height (&twice);
    /* "HH" at 12 pt and 100 dpi: a cap height of 12 px */
    fail_unless (hs >= 10 && hs <= 14, "%s: title %d px tall at 400x300",
        renderers[r].name, hs);
    fail_unless_equals_int (hl, hs);
    fail_unless (abs (h2 - 2 * hs) <= 1, "%s: title %d px at 200 dpi, %d at "
        "100", renderers[r].name, h2, hs);
    picture_clear (&small);
    picture_clear (&large);
    picture_clear (&twice);
  }
}

GST_END_TEST;

/* No text reaches the frame's edge, for a spread of frame sizes and dpis:
 * the margins leave tight_layout's pad around every label, so the outer
 * two pixels of every side are background. */
GST_START_TEST (test_no_text_at_the_edge)
{
  static const struct
  {
    gint w, h;
    gdouble dpi;
  } sizes[] = {
    {320, 240, 100}, {400, 300, 100}, {640, 480, 100}, {1200, 800, 100},
    {1920, 1080, 100}, {800, 600, 200}, {1200, 800, 200}, {1280, 720, 150},
  };
  guint r, k;

  for (r = 0; r < G_N_ELEMENTS (renderers); r++)
    for (k = 0; k < G_N_ELEMENTS (sizes); k++) {
      Picture p;
      gint w = sizes[k].w, h = sizes[k].h, x, y;

      picture_render (&p, r, w, h, sizes[k].dpi);
      for (y = 0; y < h; y++)
        for (x = 0; x < w; x++) {
          if (x >= 2 && x < w - 2 && y >= 2 && y < h - 2)
            continue;
          fail_unless (pixel (&p, x, y) == 0xffffff, "%s at %dx%d, %g dpi: "
              "pixel (%d, %d) is %06x", renderers[r].name, w, h,
              sizes[k].dpi, x, y, pixel (&p, x, y));
        }
      picture_clear (&p);
    }
}

GST_END_TEST;

/* The plot area: the columns and rows where the axes frame's lines are
 * (the longest runs of ink). */
static void
find_frame (const Picture * p, gint * l, gint * r, gint * t, gint * b)
{
  gint w = GST_VIDEO_INFO_WIDTH (&p->info), h = GST_VIDEO_INFO_HEIGHT
      (&p->info), x, y;

  *l = *t = G_MAXINT;
  *r = *b = -1;
  for (x = 0; x < w; x++) {
    gint n = 0;

    for (y = 0; y < h; y++)
      n += is_ink (pixel (p, x, y));
    if (n > h / 3) {
      *l = MIN (*l, x);
      *r = MAX (*r, x);
    }
  }
  for (y = 0; y < h; y++) {
    gint n = 0;

    for (x = 0; x < w; x++)
      n += is_ink (pixel (p, x, y));
    if (n > w / 3) {
      *t = MIN (*t, y);
      *b = MAX (*b, y);
    }
  }
  fail_unless (*r > *l && *b > *t, "no axes frame");
}

/* signalscope's legend-loc: matplotlib's loc names put the legend (its
 * labels and handles, the only ink inside an axes whose traces are out of
 * the y range) at that side or corner, borderaxespad (0.5 x 10 pt) plus
 * borderpad (0.4 x 10 pt) = 12.5 px at 100 dpi from the frame; the
 * centred ones centred; "best" and "right" as "upper right" and "center
 * right". */
GST_START_TEST (test_legend_loc)
{
  static const struct
  {
    const gchar *loc;
    gint hx, vy;                /* 0 left/top, 1 centre, 2 right/bottom */
    const gchar *ymin;          /* NULL: 10, the traces below the axes */
  } locs[] = {
    {"upper right", 2, 0}, {"upper left", 0, 0}, {"lower left", 0, 2},
    {"lower right", 2, 2}, {"right", 2, 1}, {"center left", 0, 1},
    {"center right", 2, 1}, {"lower center", 1, 2}, {"upper center", 1, 0},
    {"center", 1, 1}, {"best", 2, 0}, {"lower-left", 0, 2},
    /* the traces (-1.5 ... 1.5) along the top of -20 ... 2: the first loc
     * that covers none of them is lower left */
    {"best", 0, 2, "-20"},
  };
  guint k;

  for (k = 0; k < G_N_ELEMENTS (locs); k++) {
    gboolean traces = locs[k].ymin != NULL;
    gchar *launch = g_strdup_printf ("neurosrc pattern=sines channels=3 "
        "duration=500000000 ! signalscope window=0.5 y-scale=fixed "
        "colors=black ymin=%s ymax=%s title=\"\" legend-loc=\"%s\"",
        traces ? locs[k].ymin : "10", traces ? "2" : "20", locs[k].loc);
    NeuroTestRun *run = neuro_test_run_new ("%s ! video/x-raw,format=BGRx,"
        "width=640,height=480,framerate=10/1 ! fakesink name=sink "
        "signal-handoffs=true", launch);
    Picture p;
    gint l, r, t, b, x, y, il = G_MAXINT, ir = -1, it = G_MAXINT, ib = -1;
    gdouble want, got, gap = 0.9 * 1000 / 72.0;

    neuro_test_run_to_end (run);
    fail_unless (run->buffers->len > 0);
    fail_unless (gst_video_info_from_caps (&p.info, run->caps));
    p.buf = gst_buffer_ref (g_ptr_array_index (run->buffers,
            run->buffers->len - 1));
    fail_unless (gst_buffer_map (p.buf, &p.map, GST_MAP_READ));
    neuro_test_run_free (run);

    find_frame (&p, &l, &r, &t, &b);
    /* the ink inside, away from the frame and the clipped traces (with
     * traces: below them, in the lower half) */
    for (y = traces ? (t + b) / 2 : t + 5; y < b - 5; y++)
      for (x = l + 5; x < r - 5; x++)
        if (is_ink (pixel (&p, x, y))) {
          il = MIN (il, x);
          ir = MAX (ir, x);
          it = MIN (it, y);
          ib = MAX (ib, y);
        }
    fail_unless (ir > il, "%s: no legend", locs[k].loc);
    /* the handles start at the box's padding; the text ink ends a pixel
     * or two inside the text's box, so allow 3 px */
    if (locs[k].hx == 1) {
      want = (l + r) / 2.0;
      got = (il + ir) / 2.0;
    } else {
      want = locs[k].hx == 0 ? l + gap : r - gap;
      got = locs[k].hx == 0 ? il : ir;
    }
    fail_unless (fabs (got - want) <= 3.5, "%s: legend ink x %g, expected %g "
        "(frame %d-%d, ink %d-%d)", locs[k].loc, got, want, l, r, il, ir);
    if (locs[k].vy == 1) {
      want = (t + b) / 2.0;
      got = (it + ib) / 2.0;
    } else {
      want = locs[k].vy == 0 ? t + gap : b - gap;
      got = locs[k].vy == 0 ? it : ib;
    }
    fail_unless (fabs (got - want) <= 3.5, "%s: legend ink y %g, expected %g "
        "(frame %d-%d, ink %d-%d)", locs[k].loc, got, want, t, b, it, ib);
    picture_clear (&p);
    g_free (launch);
  }
}

GST_END_TEST;

static Suite *
look_suite (void)
{
  Suite *s = suite_create ("look");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_text_height_from_dpi);
  tcase_add_test (tc, test_no_text_at_the_edge);
  tcase_add_test (tc, test_legend_loc);
  return s;
}

GST_CHECK_MAIN (look);
