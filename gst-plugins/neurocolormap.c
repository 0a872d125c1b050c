/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* gst-neuroviz colormaps: matplotlib's 256-entry lookup tables.
 *
 * The tables live in neurocolormap-tables.c, generated once from matplotlib
 * by gen-colormaps.py (sources and licences are noted per table there and in
 * docs/colormaps.md).  This file adds the value -> index rule of matplotlib's
 * Normalize and Colormap.__call__, the GEnum and name parsing.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include "neurocolormap.h"

#include "neurocolormap-tables.c"

/* the values of the first release stay where they were */
G_STATIC_ASSERT (NEURO_COLORMAP_TWILIGHT == 12);
G_STATIC_ASSERT (NEURO_COLORMAP_TWILIGHT_R == 25);
G_STATIC_ASSERT (NEURO_COLORMAP_N <= G_MAXUINT8 + 1);

GType
neuro_colormap_get_type (void)
{
  static gsize type_id = 0;
  static GEnumValue values[NEURO_COLORMAP_N + 1];

  if (g_once_init_enter (&type_id)) {
    GType t;
    gint i;

    for (i = 0; i < NEURO_COLORMAP_N; i++) {
      values[i].value = i;
      values[i].value_name = cmap_names[i];
      values[i].value_nick = cmap_nicks[i];
    }
    values[NEURO_COLORMAP_N].value = 0;
    values[NEURO_COLORMAP_N].value_name = NULL;
    values[NEURO_COLORMAP_N].value_nick = NULL;

    t = g_enum_register_static ("NeuroColormap", values);
    g_once_init_leave (&type_id, t);
  }
  return (GType) type_id;
}

static inline gboolean
cmap_valid (NeuroColormap cmap)
{
  return (guint) cmap < (guint) NEURO_COLORMAP_N;
}

const guint32 *
neuro_colormap_lut (NeuroColormap cmap)
{
  g_return_val_if_fail (cmap_valid (cmap),
      neuro_colormap_tables[NEURO_COLORMAP_VIRIDIS]);
  return neuro_colormap_tables[cmap];
}

/* The one implementation of the index rule, shared by the scalar and the
 * row functions so that both give bit-identical results.
 *
 * matplotlib (3.6, Normalize.__call__ then Colormap.__call__ with N = 256):
 *   x = (v - vmin) / (vmax - vmin), or 0 for every value when vmin == vmax
 *   NaN (masked in imshow/pcolormesh)  -> bad
 *   x *= N; x < 0 -> -1 (under: lut[0] unless set_under)
 *   x == N -> N - 1 (x == 1.0 is in range)
 *   clip to [-1, N]; truncate to int; > N - 1 -> over (lut[N-1] unless
 *   set_over)
 * x * 256 is exact in binary floating point, so (gint) (x * 256.0) equals
 * numpy's astype(int) on the same double. */
static inline gint
index_rule (gdouble v, gdouble vmin, gdouble vmax)
{
  gdouble x;

  if (isnan (v))
    return -1;
  if (vmin == vmax)
    return 0;
  x = (v - vmin) / (vmax - vmin);
  if (isnan (x))                /* e.g. infinite vmin/vmax */
    return -1;
  x *= (gdouble) NEURO_COLORMAP_LUT_SIZE;
  if (x < 0.0)
    return 0;
  if (x >= (gdouble) NEURO_COLORMAP_LUT_SIZE)
    return NEURO_COLORMAP_LUT_SIZE - 1;
  return (gint) x;
}

gint
neuro_colormap_index (gdouble v, gdouble vmin, gdouble vmax)
{
  return index_rule (v, vmin, vmax);
}

guint32
neuro_colormap_map (NeuroColormap cmap, gdouble v, gdouble vmin,
    gdouble vmax, guint32 bad_argb)
{
  const guint32 *lut = neuro_colormap_lut (cmap);
  gint i = index_rule (v, vmin, vmax);

  return i < 0 ? bad_argb : lut[i];
}

void
neuro_colormap_map_row (NeuroColormap cmap, const gfloat * values, guint n,
    gdouble vmin, gdouble vmax, guint32 bad_argb, guint32 * out)
{
  const guint32 *lut = neuro_colormap_lut (cmap);
  guint k;

  g_return_if_fail (n == 0 || (values != NULL && out != NULL));

  if (vmin == vmax) {
    for (k = 0; k < n; k++)
      out[k] = isnan (values[k]) ? bad_argb : lut[0];
    return;
  }
  for (k = 0; k < n; k++) {
    gint i = index_rule ((gdouble) values[k], vmin, vmax);
    out[k] = i < 0 ? bad_argb : lut[i];
  }
}

/* round (c * a / 255), exact for 8-bit operands (as pixman does) */
static inline guint32
mul_un8 (guint32 c, guint32 a)
{
  guint32 t = c * a + 0x80;
  return ((t >> 8) + t) >> 8;
}

guint32
neuro_argb_premultiply (guint32 argb)
{
  guint32 a = argb >> 24;
  guint32 r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff, b = argb & 0xff;

  if (a == 0xff)
    return argb;
  if (a == 0)
    return 0;
  r = mul_un8 (r, a);
  g = mul_un8 (g, a);
  b = mul_un8 (b, a);
  return (a << 24) | (r << 16) | (g << 8) | b;
}

NeuroColormap
neuro_colormap_from_string (const gchar * name, gboolean * ok)
{
  gchar *s;
  gint i;
  NeuroColormap result = NEURO_COLORMAP_VIRIDIS;
  gboolean found = FALSE;

  if (ok)
    *ok = FALSE;
  g_return_val_if_fail (name != NULL, NEURO_COLORMAP_VIRIDIS);

  /* lowercase, '-' -> '_': "RdBu_r", "rdbu-r", "RDBU_R" all become "rdbu_r" */
  s = g_ascii_strdown (name, -1);
  g_strstrip (s);
  g_strdelimit (s, "-", '_');

  for (i = 0; i < NEURO_COLORMAP_N; i++) {
    if (g_ascii_strcasecmp (s, cmap_names[i]) == 0) {
      result = (NeuroColormap) i;
      found = TRUE;
      break;
    }
  }
  /* matplotlib registers "grey" as an alias of "gray" */
  if (!found && strcmp (s, "grey") == 0) {
    result = NEURO_COLORMAP_GRAY;
    found = TRUE;
  } else if (!found && strcmp (s, "grey_r") == 0) {
    result = NEURO_COLORMAP_GRAY_R;
    found = TRUE;
  }
  g_free (s);

  if (ok)
    *ok = found;
  return result;
}

const gchar *
neuro_colormap_get_name (NeuroColormap cmap)
{
  return cmap_valid (cmap) ? cmap_names[cmap] : NULL;
}

const gchar *
neuro_colormap_get_nick (NeuroColormap cmap)
{
  return cmap_valid (cmap) ? cmap_nicks[cmap] : NULL;
}

NeuroColormap
neuro_colormap_reversed (NeuroColormap cmap)
{
  g_return_val_if_fail (cmap_valid (cmap), NEURO_COLORMAP_VIRIDIS_R);
  return (NeuroColormap) cmap_reversed[cmap];
}

guint32
neuro_color_cycle_get (guint k)
{
  return neuro_color_cycle[k % G_N_ELEMENTS (neuro_color_cycle)];
}
