/* gst-neuroviz — activitymap's store: what both views share, the latest
 * frame's value statistics and the stream's, and the colour limits they
 * give.  Plain C on arrays (tests/mapstore.c).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* value statistics (finite values only) */
typedef struct
{
  gdouble min, max;             /* +inf/-inf when no finite value */
  gdouble pos_min, pos_max;     /* over values > 0, for log scales */
  gdouble abs_max;
} MapStats;

typedef struct
{
  gint gw, gh;                  /* grid size, 0 until known */
  MapStats cur;                 /* of the latest frame */
  MapStats stream;              /* since the start, a seek or a flush */
  guint64 seq;                  /* bumped for every frame */
} MapStore;

void map_stats_init (MapStats * st);
void map_stats_compute (const gfloat * v, gsize n, MapStats * st);

/* Forgets the frames (not the grid size). */
void map_store_reset (MapStore * s);
/* A new gw × gh frame @v: its statistics, merged into the stream's. */
void map_store_add (MapStore * s, const gfloat * v);

typedef enum
{
  MAP_LIMITS_FIXED,             /* vmin, vmax */
  MAP_LIMITS_MINMAX,            /* the statistics' range */
  MAP_LIMITS_SYMMETRIC,         /* [-m, m], m the largest |value| */
} MapLimitRule;

/* Colour limits from @st by @rule (log: over the positive values, in data
 * units), widened when equal as matplotlib's colorbar widens the norm;
 * without a finite (positive) value 0..1 (log: 1..10).  FALSE when a log
 * scale has no usable (positive, finite) limits. */
gboolean map_color_limits (const MapStats * st, MapLimitRule rule,
    gboolean log, gdouble vmin, gdouble vmax, gdouble * lo, gdouble * hi);

G_END_DECLS
