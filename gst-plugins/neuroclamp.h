/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* Float to integer conversions for coordinates that come from data.
 *
 * Converting a double that is NaN or outside the range of the integer type
 * is undefined behaviour in C (on x86 it gives INT_MIN, which then wraps
 * when negated or offset).  Pixel coordinates computed from outside data
 * (positions, times, values, limits) go through these before they can index
 * a row or a pixel.  Header only, GLib only (also used by the fuzz
 * targets). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @v clamped to [@lo, @hi] and truncated toward zero like a cast; NaN gives
 * @lo.  Needs @lo <= @hi. */
static inline gint
neuro_clamp_to_int (gdouble v, gint lo, gint hi)
{
  if (v >= (gdouble) hi)
    return hi;
  if (v >= (gdouble) lo)
    return (gint) v;
  return lo;
}

/* The same for 64-bit values: [G_MININT64, G_MAXINT64] as far as doubles
 * reach (2^63 itself is not a gint64), NaN gives @lo. */
static inline gint64
neuro_clamp_to_int64 (gdouble v, gint64 lo, gint64 hi)
{
  /* 2^63 is exact in double; every double below it converts */
  if (v >= 9223372036854775808.0 || v >= (gdouble) hi)
    return hi;
  if (v >= (gdouble) lo && v >= -9223372036854775808.0)
    return (gint64) v;
  return lo;
}

G_END_DECLS
