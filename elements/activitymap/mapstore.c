/* gst-neuroviz — activitymap's store (see mapstore.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "mapstore.h"
#include "neuroaxes.h"

#include <math.h>

void
map_stats_init (MapStats * st)
{
  st->min = st->pos_min = INFINITY;
  st->max = st->pos_max = -INFINITY;
  st->abs_max = 0;
}

void
map_stats_compute (const gfloat * v, gsize n, MapStats * st)
{
  gfloat mn = INFINITY, mx = -INFINITY, pmn = INFINITY, pmx = -INFINITY;
  gsize i;

  for (i = 0; i < n; i++) {
    gfloat x = v[i];

    if (!isfinite (x))
      continue;
    if (x < mn)
      mn = x;
    if (x > mx)
      mx = x;
    if (x > 0) {
      if (x < pmn)
        pmn = x;
      if (x > pmx)
        pmx = x;
    }
  }
  st->min = mn;
  st->max = mx;
  st->pos_min = pmn;
  st->pos_max = pmx;
  st->abs_max = isfinite (mn) ? MAX (fabs (mn), fabs (mx)) : 0;
}

void
map_store_reset (MapStore * s)
{
  map_stats_init (&s->cur);
  map_stats_init (&s->stream);
}

void
map_store_add (MapStore * s, const gfloat * v)
{
  MapStats *ss = &s->stream;

  map_stats_compute (v, (gsize) s->gw * s->gh, &s->cur);
  ss->min = MIN (ss->min, s->cur.min);
  ss->max = MAX (ss->max, s->cur.max);
  ss->pos_min = MIN (ss->pos_min, s->cur.pos_min);
  ss->pos_max = MAX (ss->pos_max, s->cur.pos_max);
  ss->abs_max = MAX (ss->abs_max, s->cur.abs_max);
  s->seq++;
}

gboolean
map_color_limits (const MapStats * st, MapLimitRule rule, gboolean log,
    gdouble vmin, gdouble vmax, gdouble * lo, gdouble * hi)
{
  switch (rule) {
    case MAP_LIMITS_FIXED:
      *lo = vmin;
      *hi = vmax;
      break;
    case MAP_LIMITS_MINMAX:
      *lo = log ? st->pos_min : st->min;
      *hi = log ? st->pos_max : st->max;
      if (!isfinite (*lo) || !isfinite (*hi)) {
        /* no finite (positive) value yet */
        *lo = log ? 1.0 : 0.0;
        *hi = log ? 10.0 : 1.0;
      }
      break;
    default:
      *hi = st->abs_max;
      *lo = -*hi;
      break;
  }
  /* a constant frame or vmin == vmax */
  neuro_nonsingular (lo, hi);
  if (log)
    return *lo > 0 && *hi > 0 && isfinite (*lo) && isfinite (*hi);
  return TRUE;
}
