/* gst-neuroviz — netgraph's node layouts (see netlayoutalgo.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "netlayoutalgo.h"

#include <math.h>
#include <string.h>

void
net_layout_circle (gint n, gdouble * pos)
{
  gint i;

  for (i = 0; i < n; i++) {
    pos[2 * i] = cos (2 * G_PI * i / n);
    pos[2 * i + 1] = sin (2 * G_PI * i / n);
  }
}

void
net_layout_grid (gint n, gdouble * pos)
{
  gint cols = (gint) ceil (sqrt ((gdouble) n)), i;

  for (i = 0; i < n; i++) {
    pos[2 * i] = i % cols;
    pos[2 * i + 1] = -(i / cols);
  }
}

/* |w|, 0 for NaN and infinite weights (absent edges) */
static inline gdouble
finite_abs (gfloat w)
{
  return isfinite (w) ? fabsf (w) : 0.0;
}

/* One iteration's displacements: repulsion k²/d between every pair,
 * attraction A d²/k along the edges, both along the unit vector. */
static void
spring_forces (const gfloat * w, gint n, gdouble threshold, gdouble wmax,
    gdouble k, const gdouble * pos, gdouble * disp)
{
  gint i, j;

  memset (disp, 0, 2 * (gsize) n * sizeof (gdouble));
  for (i = 0; i < n; i++) {
    for (j = i + 1; j < n; j++) {
      gdouble dx = pos[2 * i] - pos[2 * j], dy = pos[2 * i + 1] -
          pos[2 * j + 1];
      gdouble d2 = MAX (dx * dx + dy * dy, 1e-4), d = sqrt (d2);
      gdouble a = finite_abs (w[(gsize) i * n + j]) +
          finite_abs (w[(gsize) j * n + i]);
      gdouble f = k * k / d2;

      if (a > 2 * threshold && a > 0)
        f -= (a / (2 * wmax)) * d / k;
      disp[2 * i] += dx * f;
      disp[2 * i + 1] += dy * f;
      disp[2 * j] -= dx * f;
      disp[2 * j + 1] -= dy * f;
    }
  }
}

/* centre at 0, largest coordinate 1 */
static void
normalize (gint n, gdouble * pos)
{
  gdouble cx = 0, cy = 0, ext = 0;
  gint i;

  for (i = 0; i < n; i++) {
    cx += pos[2 * i];
    cy += pos[2 * i + 1];
  }
  cx /= n;
  cy /= n;
  for (i = 0; i < n; i++) {
    pos[2 * i] -= cx;
    pos[2 * i + 1] -= cy;
    ext = MAX (ext, MAX (fabs (pos[2 * i]), fabs (pos[2 * i + 1])));
  }
  if (ext > 0)
    for (i = 0; i < 2 * n; i++)
      pos[i] /= ext;
}

void
net_layout_spring (const gfloat * w, gint n, gdouble threshold,
    gdouble * pos)
{
  GRand *rand = g_rand_new_with_seed (NET_SPRING_SEED);
  gdouble *disp = g_new0 (gdouble, 2 * (gsize) n);
  gdouble k = sqrt (1.0 / n), t = 0.1, dt = t / (NET_SPRING_ITERATIONS + 1);
  gdouble wmax = 0;
  gsize e;
  gint it, i;

  for (i = 0; i < n; i++) {
    pos[2 * i] = g_rand_double (rand);
    pos[2 * i + 1] = g_rand_double (rand);
  }
  for (e = 0; e < (gsize) n * n; e++)
    wmax = MAX (wmax, finite_abs (w[e]));
  if (wmax <= 0)
    wmax = 1;
  for (it = 0; it < NET_SPRING_ITERATIONS; it++) {
    spring_forces (w, n, threshold, wmax, k, pos, disp);
    /* each node moves at most the temperature t, which falls linearly */
    for (i = 0; i < n; i++) {
      gdouble l = hypot (disp[2 * i], disp[2 * i + 1]);

      if (l > 0) {
        gdouble m = MIN (l, t) / l;

        pos[2 * i] += disp[2 * i] * m;
        pos[2 * i + 1] += disp[2 * i + 1] * m;
      }
    }
    t -= dt;
  }
  normalize (n, pos);
  g_free (disp);
  g_rand_free (rand);
}

void
net_layout_fit (const gdouble * pos, gint n, gdouble ax, gdouble ay,
    gdouble aw, gdouble ah, gfloat * xy)
{
  gdouble x0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y0 = G_MAXDOUBLE,
      y1 = -G_MAXDOUBLE, R, sc, cx, cy;
  gint i;

  for (i = 0; i < n; i++) {
    x0 = MIN (x0, pos[2 * i]);
    x1 = MAX (x1, pos[2 * i]);
    y0 = MIN (y0, pos[2 * i + 1]);
    y1 = MAX (y1, pos[2 * i + 1]);
  }
  /* Halves first: x1 - x0 overflows for positions near ±DBL_MAX.  A range
   * below DBL_MIN has no meaningful shape: every node goes to the centre.
   * Otherwise (p - c) / R is in [-1, 1] and cannot overflow; the plot
   * radius is 1.5 R. */
  R = MAX (x1 / 2 - x0 / 2, y1 / 2 - y0 / 2);
  cx = x0 / 2 + x1 / 2;
  cy = y0 / 2 + y1 / 2;
  sc = MIN (aw, ah) / 2 / 1.5;
  for (i = 0; i < n; i++) {
    gdouble u = 0, v = 0;

    if (R >= G_MINDOUBLE && R <= G_MAXDOUBLE) {
      u = (pos[2 * i] - cx) / R;
      v = (pos[2 * i + 1] - cy) / R;
    }
    xy[2 * i] = floor (ax + aw / 2 + u * sc) + 0.5;
    xy[2 * i + 1] = floor (ay + ah / 2 - v * sc) + 0.5;
  }
}

gint
net_layout_pixels (const gdouble * pos, gint n, gint width, gint height,
    gfloat * xy)
{
  gint i;

  for (i = 0; i < n; i++) {
    gdouble x = pos[2 * i], y = pos[2 * i + 1];

    if (!(x >= 0 && x < width && y >= 0 && y < height))
      return i;
    xy[2 * i] = floor (x) + 0.5;
    xy[2 * i + 1] = floor (y) + 0.5;
  }
  return -1;
}

gdouble
net_layout_auto_node_size (gint n, gdouble aw, gdouble ah, gint height)
{
  gdouble spacing = n > 1 ? MIN (aw, ah) * G_PI / (1.5 * n) : height;

  return MAX (2.0, MIN (height / 30.0, spacing * 0.8));
}
