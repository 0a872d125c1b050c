/* gst-neuroviz
 * Copyright (C) 2024 gst-neuroviz developers
 *
 * This library is free software; you can redistribute it and/or modify it
 * under the terms of the GNU Lesser General Public License as published by
 * the Free Software Foundation; either version 2.1 of the License, or (at
 * your option) any later version.
 */

/* Micro-benchmark of the trace rasterizer (gst-plugins/neurotrace.[ch]):
 * frames per second of drawing the data layer of issue 14's scenes, against
 * clearing the same frame and against cairo stroking the same lines.
 * Render only: the signals are generated before the clock starts (sines,
 * noise and spikes), and each frame scrolls the window by one frame's worth
 * of samples.  Times are CPU time of this thread, the best of chunks of
 * 0.1 s (the machine is shared).
 *
 *   neurotrace-bench [-t SECONDS] [-png DIR] [CASE...]
 *
 * Cases: panel (5 ch x 2 000 samples, 1200x250), np-overlaid, np-stacked
 * (384 ch x 30 kHz, 1 s window, 1920x1080, 500 new samples per channel per
 * frame), 10k-stacked (10 000 ch x 1 kHz, 1 s window, 1920x1080), rate
 * (the rate panel: a filled curve and its line, 1200x200). */
#include <glib.h>
#include <cairo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "neuroaxes.h"
#include "neurotrace.h"

static gdouble seconds = 1.0;
static const gchar *png_dir;
static gboolean only_trace;     /* -only: neurotrace alone (profiling) */
static gboolean only_cached;    /* -cached: the column cache alone */
static gboolean only_layered;   /* -layered: the layered cache alone */

static const guint32 tab10[] = {
  0xff1f77b4, 0xffff7f0e, 0xff2ca02c, 0xffd62728, 0xff9467bd, 0xff8c564b,
  0xffe377c2, 0xff7f7f7f, 0xffbcbd22, 0xff17becf
};

static gdouble
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct
{
  const gchar *name;
  gint w, h;                    /* frame */
  gint nch;
  gdouble rate;                 /* samples per second */
  gdouble window;               /* seconds shown */
  gdouble fps;                  /* frame rate of the scene (scrolling) */
  gboolean stacked;
  gint x0, y0, pw, ph;          /* plot rectangle */
  /* data: nch rows of len samples */
  gfloat *v;
  gsize len;
} Scene;

typedef struct
{
  cairo_surface_t *s;
  NeuroCanvas cv;
} Frame;

static void
frame_init (Frame * f, gint w, gint h)
{
  f->s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  f->cv.data = cairo_image_surface_get_data (f->s);
  f->cv.stride = cairo_image_surface_get_stride (f->s);
  f->cv.width = w;
  f->cv.height = h;
}

static void
frame_clear (Frame * f)
{
  gint y;

  for (y = 0; y < f->cv.height; y++)
    memset (neuro_canvas_row (&f->cv, y), 0xff, (gsize) f->cv.width * 4);
}

static void
frame_png (Frame * f, const gchar * scene, const gchar * who)
{
  gchar *p;

  if (!png_dir)
    return;
  cairo_surface_mark_dirty (f->s);
  p = g_strdup_printf ("%s/%s-%s.png", png_dir, scene, who);
  cairo_surface_write_to_png (f->s, p);
  g_free (p);
}

static void
scene_data (Scene * s)
{
  gsize i, k;
  guint32 st = 12345;

  s->len = (gsize) (s->rate * (s->window + 2.0));
  s->v = g_new (gfloat, s->len * s->nch);
  for (k = 0; k < (gsize) s->nch; k++) {
    gfloat *v = s->v + k * s->len;
    gdouble f = 1 + k % 7;

    for (i = 0; i < s->len; i++) {
      gdouble noise;

      st = st * 1664525u + 1013904223u;
      noise = (st >> 8) / 16777216.0 - 0.5;
      v[i] = (gfloat) (sin (2 * G_PI * f * i / s->rate + k) + 0.3 * noise);
      if ((i + 37 * k) % (gsize) MAX (s->rate / 3, 1) == 0)
        v[i] += 1.5f;           /* a spike now and then */
    }
  }
}

/* the vertical map of channel k */
static void
channel_map (const Scene * s, gint k, gdouble * y0, gdouble * ys)
{
  if (s->stacked) {
    gdouble bh = (gdouble) s->ph / s->nch;

    *y0 = s->y0 + s->ph - (s->nch - k - 0.5) * bh;
    *ys = -bh / 4;              /* [-2, 2] fills the band */
  } else {
    *y0 = s->y0 + s->ph / 2.0;
    *ys = -s->ph / 4.0;
  }
}

/* the samples of frame n: the window ending n frames in */
static gsize
frame_start (const Scene * s, gint n)
{
  gsize per = (gsize) (s->rate / s->fps);
  gsize win = (gsize) (s->rate * s->window);

  return (n * per) % (s->len - win);
}

typedef struct
{
  gdouble fps, cpu;
  gint frames;
} Result;

typedef void (*DrawFunc) (Scene * s, Frame * f, gint n, gpointer data);

/* Frames per second of @draw: the best of chunks of about 0.1 s of CPU
 * (or @min_frames frames) over @secs in all; the best chunk is the one
 * least disturbed by the other jobs of a shared machine. */
static Result
run (Scene * s, Frame * f, DrawFunc draw, gpointer data, gdouble secs,
    gint min_frames)
{
  Result r = { 0, 0, 0 };
  gdouble t0 = cpu_now (), best = 0;

  draw (s, f, r.frames++, data);        /* warm up */
  do {
    gdouble c0 = cpu_now (), c;
    gint k = 0;

    do {
      draw (s, f, r.frames++, data);
      k++;
      c = cpu_now () - c0;
    } while (c < 0.1 && k < 100000);
    best = MAX (best, k / c);
  } while (cpu_now () - t0 < secs || r.frames < min_frames);
  r.cpu = cpu_now () - t0;
  r.fps = best;
  return r;
}

static void
draw_clear (Scene * s, Frame * f, gint n, gpointer data)
{
  frame_clear (f);
}

/* neurotrace from the samples (the envelope computed from them) */
static void
draw_trace (Scene * s, Frame * f, gint n, gpointer data)
{
  NeuroTrace *t = data;
  gsize start = frame_start (s, n), win = (gsize) (s->rate * s->window);
  NeuroTracePen pen;
  gint k;

  frame_clear (f);
  neuro_trace_set_target (t, &f->cv, s->x0, s->y0, s->x0 + s->pw,
      s->y0 + s->ph);
  neuro_trace_pen_init (&pen, 0, NEURO_TRACE_DEFAULT_POINTS,
      NEURO_TRACE_DEFAULT_DPI);
  for (k = 0; k < s->nch; k++) {
    NeuroTraceSamples smp = neuro_trace_samples_plain (s->v + k * s->len +
        start, win);
    NeuroTraceMap m;

    channel_map (s, k, &m.y0, &m.ys);
    m.x0 = s->x0;
    m.dx = (gdouble) s->pw / win;
    pen.color = tab10[k % 10];
    neuro_trace_samples (t, &pen, &smp, &m);
  }
}

/* The column cache an element keeps: per channel and pixel column the
 * min/max of its samples, updated with each frame's new samples (the
 * columns they fall in); the frame is drawn from it. */
typedef struct
{
  NeuroTrace *t;
  gfloat *lo, *hi;
  gint built;
  gboolean layered;             /* neuro_trace_envelopes () */
  NeuroTraceChannel *ch;
} Cache;

static void
cache_column (Scene * s, Cache * c, gint k, gint col, gsize start)
{
  gsize win = (gsize) (s->rate * s->window);
  gdouble spc = (gdouble) win / s->pw;
  gsize a = start + (gsize) (col * spc), b = start + (gsize) ((col + 1) * spc);
  const gfloat *v = s->v + k * s->len;
  gfloat lo = INFINITY, hi = -INFINITY;
  gsize i;

  for (i = a; i <= b && i < s->len; i++) {
    lo = MIN (lo, v[i]);
    hi = MAX (hi, v[i]);
  }
  c->lo[(gsize) k * s->pw + col] = lo;
  c->hi[(gsize) k * s->pw + col] = hi;
}

static void
draw_cached (Scene * s, Frame * f, gint n, gpointer data)
{
  Cache *c = data;
  gsize start = frame_start (s, n);
  NeuroTracePen pen;
  gint k, col, fresh;

  /* a real cache scrolls (a ring of columns, `rot`); here the columns of
   * one frame's new samples are recomputed, the share a frame brings */
  fresh = c->built ? (gint) ceil (s->pw / (s->window * s->fps)) : s->pw;
  for (k = 0; k < s->nch; k++)
    for (col = 0; col < fresh; col++)
      cache_column (s, c, k, (col + n * fresh) % s->pw, start);
  c->built = 1;
  frame_clear (f);
  neuro_trace_set_target (c->t, &f->cv, s->x0, s->y0, s->x0 + s->pw,
      s->y0 + s->ph);
  neuro_trace_pen_init (&pen, 0, NEURO_TRACE_DEFAULT_POINTS,
      NEURO_TRACE_DEFAULT_DPI);
  if (c->layered) {
    for (k = 0; k < s->nch; k++) {
      c->ch[k].lo = c->lo + (gsize) k * s->pw;
      c->ch[k].hi = c->hi + (gsize) k * s->pw;
      c->ch[k].first = c->ch[k].last = NULL;
      channel_map (s, k, &c->ch[k].y0, &c->ch[k].ys);
      c->ch[k].color = tab10[k % 10];
    }
    neuro_trace_envelopes (c->t, &pen, s->x0, s->pw, n % s->pw, c->ch,
        s->nch);
    return;
  }
  for (k = 0; k < s->nch; k++) {
    gdouble y0, ys;

    channel_map (s, k, &y0, &ys);
    pen.color = tab10[k % 10];
    neuro_trace_envelope (c->t, &pen, s->x0, s->pw, n % s->pw,
        c->lo + (gsize) k * s->pw, c->hi + (gsize) k * s->pw, NULL, NULL, y0,
        ys);
  }
}

/* cairo stroking every sample (as signalscope's antialiased path: fast
 * antialiasing, bevel joins, tolerance 0.5) or, with @zigzag, the
 * envelope as a polyline through each column's max and min */
typedef struct
{
  gboolean zigzag;
  gboolean best;                /* default antialiasing and round joins */
} CairoMode;

static void
draw_cairo (Scene * s, Frame * f, gint n, gpointer data)
{
  CairoMode *mode = data;
  gsize start = frame_start (s, n), win = (gsize) (s->rate * s->window), i;
  cairo_t *cr;
  gint k;

  frame_clear (f);
  cairo_surface_mark_dirty (f->s);
  cr = cairo_create (f->s);
  cairo_rectangle (cr, s->x0, s->y0, s->pw, s->ph);
  cairo_clip (cr);
  cairo_set_line_width (cr, 1.5 * 100 / 72.0);
  if (mode->best) {
    cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_tolerance (cr, 0.1);
  } else {
    cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
    cairo_set_tolerance (cr, 0.5);
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  }
  for (k = 0; k < s->nch; k++) {
    const gfloat *v = s->v + k * s->len + start;
    gdouble y0, ys, dx = (gdouble) s->pw / win;

    channel_map (s, k, &y0, &ys);
    cairo_new_path (cr);
    if (mode->zigzag) {
      gint c;
      gdouble spc = (gdouble) win / s->pw;

      for (c = 0; c < s->pw; c++) {
        gfloat lo = INFINITY, hi = -INFINITY;

        for (i = (gsize) (c * spc); i <= (gsize) ((c + 1) * spc) && i < win;
            i++) {
          lo = MIN (lo, v[i]);
          hi = MAX (hi, v[i]);
        }
        cairo_line_to (cr, s->x0 + c + 0.5, y0 + ys * hi);
        cairo_line_to (cr, s->x0 + c + 0.5, y0 + ys * lo);
      }
    } else {
      for (i = 0; i < win; i++)
        cairo_line_to (cr, s->x0 + i * dx, y0 + ys * v[i]);
    }
    neuro_cairo_set_source_argb (cr, tab10[k % 10], 1.0);
    cairo_stroke (cr);
  }
  cairo_destroy (cr);
  cairo_surface_flush (f->s);
}

/* the rate panel of spikeraster: a curve of bins, the area below at 30 %
 * opacity and the line */
static void
draw_rate (Scene * s, Frame * f, gint n, gpointer data)
{
  NeuroTrace *t = data;
  gdouble x[200], y[200];
  NeuroTracePen pen;
  gint i, nb = 200;

  for (i = 0; i < nb; i++) {
    x[i] = s->x0 + (i + 0.5) * s->pw / nb;
    y[i] = s->y0 + s->ph * (0.5 - 0.4 * sin ((i + n) * 0.1) *
        s->v[(i + n) % 1000] * 0.5);
  }
  frame_clear (f);
  neuro_trace_set_target (t, &f->cv, s->x0, s->y0, s->x0 + s->pw,
      s->y0 + s->ph);
  neuro_trace_fill_between (t, 0x4d1f77b4, x, y, NULL, s->y0 + s->ph, nb);
  neuro_trace_pen_init (&pen, 0xff1f77b4, NEURO_TRACE_DEFAULT_POINTS,
      NEURO_TRACE_DEFAULT_DPI);
  neuro_trace_polyline (t, &pen, x, y, nb);
}

static void
draw_rate_cairo (Scene * s, Frame * f, gint n, gpointer data)
{
  gdouble x[200], y[200];
  cairo_t *cr;
  gint i, nb = 200;

  for (i = 0; i < nb; i++) {
    x[i] = s->x0 + (i + 0.5) * s->pw / nb;
    y[i] = s->y0 + s->ph * (0.5 - 0.4 * sin ((i + n) * 0.1) *
        s->v[(i + n) % 1000] * 0.5);
  }
  frame_clear (f);
  cairo_surface_mark_dirty (f->s);
  cr = cairo_create (f->s);
  cairo_rectangle (cr, s->x0, s->y0, s->pw, s->ph);
  cairo_clip (cr);
  cairo_move_to (cr, x[0], s->y0 + s->ph);
  for (i = 0; i < nb; i++)
    cairo_line_to (cr, x[i], y[i]);
  cairo_line_to (cr, x[nb - 1], s->y0 + s->ph);
  cairo_close_path (cr);
  neuro_cairo_set_source_argb (cr, 0x4d1f77b4, 1.0);
  cairo_fill (cr);
  cairo_set_line_width (cr, 1.5 * 100 / 72.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (i = 0; i < nb; i++)
    cairo_line_to (cr, x[i], y[i]);
  neuro_cairo_set_source_argb (cr, 0xff1f77b4, 1.0);
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_flush (f->s);
}

static void
report (const gchar * what, Result r, Result clear)
{
  g_print ("  %-46s %9.1f fps %8.3f ms  %6.2fx clear\n", what, r.fps,
      1e3 / r.fps, clear.fps / r.fps);
}

static void
bench_scene (Scene * s, gboolean with_cached, gboolean cairo_samples,
    gboolean cairo_zigzag)
{
  Frame f;
  NeuroTrace *t = neuro_trace_new ();
  Result clear, r;
  gchar *label;

  frame_init (&f, s->w, s->h);
  scene_data (s);
  g_print ("== %s: %d ch x %g Hz, %g s window, %dx%d (plot %dx%d), "
      "%g samples per column\n", s->name, s->nch, s->rate, s->window, s->w,
      s->h, s->pw, s->ph, s->rate * s->window / s->pw);
  clear = run (s, &f, draw_clear, NULL, only_trace ? 0.3 : seconds, 3);
  report ("clear the frame", clear, clear);
  if (!only_cached) {
    r = run (s, &f, draw_trace, t, seconds, 3);
    frame_png (&f, s->name, "neurotrace");
    report ("clear + neurotrace from the samples", r, clear);
  }
  if (only_trace && !with_cached) {
    neuro_trace_free (t);
    g_free (s->v);
    cairo_surface_destroy (f.s);
    return;
  }
  if (!only_trace && neuro_trace_use_simd (t, TRUE)) {
    neuro_trace_use_simd (t, FALSE);
    r = run (s, &f, draw_trace, t, seconds, 3);
    report ("  the same, plain C kernels", r, clear);
    neuro_trace_use_simd (t, TRUE);
  }
  if (with_cached) {
    Cache c = { t, NULL, NULL, 0, FALSE, NULL };

    c.lo = g_new (gfloat, (gsize) s->nch * s->pw);
    c.hi = g_new (gfloat, (gsize) s->nch * s->pw);
    c.ch = g_new (NeuroTraceChannel, s->nch);
    label = g_strdup_printf ("clear + neurotrace from a column cache");
    if (!only_layered) {
      r = run (s, &f, draw_cached, &c, seconds, 3);
      frame_png (&f, s->name, "cached");
      report (label, r, clear);
    }
    g_free (label);
    c.layered = TRUE;
    r = run (s, &f, draw_cached, &c, seconds, 3);
    frame_png (&f, s->name, "layered");
    report ("  the same, all channels layered front to back", r, clear);
    g_free (c.lo);
    g_free (c.hi);
    g_free (c.ch);
  }
  if (only_trace) {
    neuro_trace_free (t);
    g_free (s->v);
    cairo_surface_destroy (f.s);
    return;
  }
  if (cairo_samples) {
    CairoMode m = { FALSE, FALSE };

    r = run (s, &f, draw_cairo, &m, seconds, 1);
    frame_png (&f, s->name, "cairo");
    report ("clear + cairo, every sample (fast AA, bevel)", r, clear);
    m.best = TRUE;
    r = run (s, &f, draw_cairo, &m, seconds, 1);
    report ("clear + cairo, every sample (default AA, round)", r, clear);
  }
  if (cairo_zigzag) {
    CairoMode m = { TRUE, FALSE };

    r = run (s, &f, draw_cairo, &m, seconds, 1);
    frame_png (&f, s->name, "cairo-envelope");
    report ("clear + cairo, the envelope (fast AA, bevel)", r, clear);
  }
  neuro_trace_free (t);
  g_free (s->v);
  cairo_surface_destroy (f.s);
}

static void
bench_rate (void)
{
  Scene s = { "rate", 1200, 200, 1, 1000, 1, 60, FALSE, 60, 10, 1100, 170 };
  Frame f;
  NeuroTrace *t = neuro_trace_new ();
  Result clear, r;

  frame_init (&f, s.w, s.h);
  scene_data (&s);
  g_print ("== rate: spikeraster's rate panel, 200 bins, filled at 30 %% "
      "and stroked, %dx%d\n", s.w, s.h);
  clear = run (&s, &f, draw_clear, NULL, only_trace ? 0.3 : seconds, 3);
  report ("clear the frame", clear, clear);
  r = run (&s, &f, draw_rate, t, seconds, 3);
  frame_png (&f, "rate", "neurotrace");
  report ("clear + neurotrace fill and line", r, clear);
  if (!only_trace)
    r = run (&s, &f, draw_rate_cairo, NULL, seconds, 3);
  if (!only_trace) {
    frame_png (&f, "rate", "cairo");
    report ("clear + cairo fill and line", r, clear);
  }
  neuro_trace_free (t);
  g_free (s.v);
  cairo_surface_destroy (f.s);
}

static void
bench_case (const gchar * c)
{
  if (!strcmp (c, "panel")) {
    Scene s = { "panel", 1200, 250, 5, 1000, 2, 30, TRUE, 0, 0, 1200, 250 };

    bench_scene (&s, TRUE, TRUE, FALSE);
  } else if (!strcmp (c, "np-overlaid")) {
    Scene s = { "np-overlaid", 1920, 1080, 384, 30000, 1, 60, FALSE, 0, 0,
      1920, 1080
    };

    bench_scene (&s, TRUE, FALSE, TRUE);
  } else if (!strcmp (c, "np-stacked")) {
    Scene s = { "np-stacked", 1920, 1080, 384, 30000, 1, 60, TRUE, 0, 0,
      1920, 1080
    };

    bench_scene (&s, TRUE, FALSE, TRUE);
  } else if (!strcmp (c, "10k-stacked")) {
    Scene s = { "10k-stacked", 1920, 1080, 10000, 1000, 1, 60, TRUE, 0, 0,
      1920, 1080
    };

    bench_scene (&s, TRUE, FALSE, FALSE);
  } else if (!strcmp (c, "rate")) {
    bench_rate ();
  } else {
    g_printerr ("unknown case %s (panel, rate, np-overlaid, np-stacked, "
        "10k-stacked)\n", c);
    exit (2);
  }
}

int
main (int argc, char **argv)
{
  static const gchar *all[] = { "panel", "rate", "np-overlaid", "np-stacked",
    "10k-stacked"
  };
  GPtrArray *cases = g_ptr_array_new ();
  guint i;

  for (i = 1; i < (guint) argc; i++) {
    if (!strcmp (argv[i], "-t") && i + 1 < (guint) argc)
      seconds = atof (argv[++i]);
    else if (!strcmp (argv[i], "-only"))
      only_trace = TRUE;
    else if (!strcmp (argv[i], "-cached"))
      only_trace = only_cached = TRUE;
    else if (!strcmp (argv[i], "-layered"))
      only_trace = only_cached = only_layered = TRUE;
    else if (!strcmp (argv[i], "-png") && i + 1 < (guint) argc)
      png_dir = argv[++i];
    else
      g_ptr_array_add (cases, argv[i]);
  }
  if (cases->len == 0)
    for (i = 0; i < G_N_ELEMENTS (all); i++)
      g_ptr_array_add (cases, (gpointer) all[i]);
  {
    NeuroTrace *t = neuro_trace_new ();

    g_print ("neurotrace-bench: %s kernels, %.1f s of CPU per measurement\n",
        neuro_trace_use_simd (t, TRUE) ? "AVX2" : "plain C", seconds);
    neuro_trace_free (t);
  }
  for (i = 0; i < cases->len; i++)
    bench_case (g_ptr_array_index (cases, i));
  g_ptr_array_free (cases, TRUE);
  return 0;
}
