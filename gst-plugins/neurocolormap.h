/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* gst-neuroviz colormaps: matplotlib's 256-entry lookup tables.
 *
 * Every table is exactly matplotlib's cmap(np.arange(256), bytes=True) (see
 * gst-plugins/gen-colormaps.py and docs/colormaps.md), and values map to
 * table indices with matplotlib's Normalize + Colormap.__call__ rule, so a
 * value gets the same colour as in the user's matplotlib figure.
 *
 * Pixels are cairo CAIRO_FORMAT_ARGB32 values: native-endian guint32
 * 0xAARRGGBB, premultiplied alpha.  Table entries are opaque (AA = 0xff).
 *
 * GType note: each element that exposes a NeuroColormap property must call
 *     gst_type_mark_as_plugin_api (NEURO_TYPE_COLORMAP, 0);
 * in its class_init (it is deliberately not done in neuro_colormap_get_type).
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* NeuroColormap: NEURO_COLORMAP_<NAME> and NEURO_COLORMAP_<NAME>_R for
 * every matplotlib map (<NAME> = matplotlib's name uppercased: VIRIDIS,
 * RDBU_R, GIST_EARTH, TAB10, ...), and NEURO_COLORMAP_N, generated with the
 * tables by gen-colormaps.py.  Values never change: the first thirteen
 * maps are 0..12 and their reverses 13..25, every later map is appended
 * with its reverse right after it. */
#include "neurocolormap-enum.h"

/* Number of entries in every lookup table. */
#define NEURO_COLORMAP_LUT_SIZE 256

/* GEnum: value_nick = matplotlib name lowercased, '_' -> '-' ("viridis",
 * "rdbu-r", "greys"); value_name = exact matplotlib name ("viridis",
 * "RdBu_r", "Greys"), so gst-launch accepts either. */
#define NEURO_TYPE_COLORMAP (neuro_colormap_get_type ())
GType neuro_colormap_get_type (void);

/* The 256-entry table of @cmap (0xffRRGGBB; a map of another size, e.g.
 * tab10 or twilight, as matplotlib's resampling to 256).  Out-of-range
 * @cmap falls back to viridis (with a g_return_val_if_fail warning). */
const guint32 *neuro_colormap_lut (NeuroColormap cmap);

/* matplotlib's rule: x = (v - vmin) / (vmax - vmin) (x = 0 when
 * vmin == vmax); NaN x -> -1 (bad); x < 0 -> 0 (under); x >= 1 -> 255
 * (x == 1 is in range, x > 1 is over); else (int) (x * 256). */
gint neuro_colormap_index (gdouble v, gdouble vmin, gdouble vmax);

/* lut[index] for @v, or @bad_argb when the index is -1 (NaN).  @bad_argb
 * is returned as is: for cairo it must already be premultiplied (see
 * neuro_argb_premultiply). */
guint32 neuro_colormap_map (NeuroColormap cmap, gdouble v, gdouble vmin,
    gdouble vmax, guint32 bad_argb);

/* out[i] = neuro_colormap_map (cmap, values[i], vmin, vmax, bad_argb) for
 * i < n, bit-identical to the scalar function (arithmetic in double). */
void neuro_colormap_map_row (NeuroColormap cmap, const gfloat * values,
    guint n, gdouble vmin, gdouble vmax, guint32 bad_argb, guint32 * out);

/* Straight-alpha 0xAARRGGBB -> cairo's premultiplied ARGB32 (each colour
 * channel c becomes round (c * a / 255)). */
guint32 neuro_argb_premultiply (guint32 argb);

/* Parses a matplotlib name ("RdBu_r", "viridis", case-insensitive, "grey"
 * as an alias of "gray") or a nick ("rdbu-r").  On failure returns
 * NEURO_COLORMAP_VIRIDIS and sets *ok = FALSE; @ok may be NULL. */
NeuroColormap neuro_colormap_from_string (const gchar * name, gboolean * ok);

/* The exact matplotlib name ("RdBu_r") and the nick ("rdbu-r") of @cmap,
 * or NULL when out of range. */
const gchar *neuro_colormap_get_name (NeuroColormap cmap);
const gchar *neuro_colormap_get_nick (NeuroColormap cmap);

/* Colour @k (0xffRRGGBB) of matplotlib's default colour cycle, "C<k>"
 * (tab10: #1f77b4, #ff7f0e, ...), cycled after the tenth: the colours
 * matplotlib gives lines and bars drawn without a colour. */
guint32 neuro_color_cycle_get (guint k);

/* The reversed counterpart of @cmap (VIRIDIS <-> VIRIDIS_R). */
NeuroColormap neuro_colormap_reversed (NeuroColormap cmap);

G_END_DECLS
