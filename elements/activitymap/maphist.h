/* gst-neuroviz — activitymap's histogram view: the frame's values counted
 * in equal bins (numpy.histogram) and drawn as bars.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "mapview.h"

G_BEGIN_DECLS

/* numpy.histogram with @bins equal bins over [lo, hi]: the last bin
 * includes its right edge, values outside and NaN are not counted. */
void map_histogram (const gfloat * v, gsize n, gdouble lo, gdouble hi,
    gint bins, guint64 * counts);

/* The histogram's range: [range_min, range_max] when range_min <
 * range_max, else the frame's minimum and maximum (a constant frame
 * ± 0.5, no finite value 0..1), as numpy.histogram's default. */
void map_hist_range (gdouble range_min, gdouble range_max,
    const MapStats * st, gdouble * lo, gdouble * hi);

/* Top of the count axis: @count_max when above 0, else the first nice tick
 * at or above 1.05 × the largest count. */
gdouble map_hist_count_top (guint64 max_count, gdouble count_max);

G_END_DECLS
