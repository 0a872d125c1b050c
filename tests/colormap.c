/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit tests for the shared colormap module (gst-plugins/neurocolormap.c). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gst/check/gstcheck.h>

#include "neurocolormap.h"

typedef struct
{
  NeuroColormap cmap;
  gint index;
  guint32 rgb;
} RefEntry;

/* Reference entries read from matplotlib at generation time:
 *   cmap(np.arange(256), bytes=True)[index]
 * Note matplotlib truncates (lut * 255) to uint8, so e.g. viridis[255] is
 * #fde724 here, while matplotlib.colors.to_hex (which rounds) says #fde725. */
static const RefEntry ref_entries[] = {
  /* from gen-colormaps.py --check-values, matplotlib 3.6.3 */
  {NEURO_COLORMAP_VIRIDIS, 0, 0x440154},
  {NEURO_COLORMAP_VIRIDIS, 1, 0x440255},
  {NEURO_COLORMAP_VIRIDIS, 64, 0x3a528b},
  {NEURO_COLORMAP_VIRIDIS, 97, 0x2b738e},
  {NEURO_COLORMAP_VIRIDIS, 127, 0x208f8c},
  {NEURO_COLORMAP_VIRIDIS, 128, 0x20908c},
  {NEURO_COLORMAP_VIRIDIS, 170, 0x35b778},
  {NEURO_COLORMAP_VIRIDIS, 254, 0xfae622},
  {NEURO_COLORMAP_VIRIDIS, 255, 0xfde724},
  {NEURO_COLORMAP_PLASMA, 0, 0x0c0786},
  {NEURO_COLORMAP_PLASMA, 1, 0x100787},
  {NEURO_COLORMAP_PLASMA, 64, 0x7e03a7},
  {NEURO_COLORMAP_PLASMA, 97, 0xaa2494},
  {NEURO_COLORMAP_PLASMA, 127, 0xca4678},
  {NEURO_COLORMAP_PLASMA, 128, 0xcb4777},
  {NEURO_COLORMAP_PLASMA, 170, 0xec7853},
  {NEURO_COLORMAP_PLASMA, 254, 0xf0f623},
  {NEURO_COLORMAP_PLASMA, 255, 0xeff821},
  {NEURO_COLORMAP_INFERNO, 0, 0x000003},
  {NEURO_COLORMAP_INFERNO, 1, 0x000004},
  {NEURO_COLORMAP_INFERNO, 64, 0x570f6d},
  {NEURO_COLORMAP_INFERNO, 97, 0x8b2269},
  {NEURO_COLORMAP_INFERNO, 127, 0xba3655},
  {NEURO_COLORMAP_INFERNO, 128, 0xbb3754},
  {NEURO_COLORMAP_INFERNO, 170, 0xed6825},
  {NEURO_COLORMAP_INFERNO, 254, 0xfafda0},
  {NEURO_COLORMAP_INFERNO, 255, 0xfcfea4},
  {NEURO_COLORMAP_MAGMA, 0, 0x000003},
  {NEURO_COLORMAP_MAGMA, 1, 0x000004},
  {NEURO_COLORMAP_MAGMA, 64, 0x50127b},
  {NEURO_COLORMAP_MAGMA, 97, 0x842681},
  {NEURO_COLORMAP_MAGMA, 127, 0xb53679},
  {NEURO_COLORMAP_MAGMA, 128, 0xb63679},
  {NEURO_COLORMAP_MAGMA, 170, 0xf0605d},
  {NEURO_COLORMAP_MAGMA, 254, 0xfbfabd},
  {NEURO_COLORMAP_MAGMA, 255, 0xfbfcbf},
  {NEURO_COLORMAP_HOT, 0, 0x0a0000},
  {NEURO_COLORMAP_HOT, 1, 0x0d0000},
  {NEURO_COLORMAP_HOT, 64, 0xb20000},
  {NEURO_COLORMAP_HOT, 97, 0xff0a00},
  {NEURO_COLORMAP_HOT, 127, 0xff5900},
  {NEURO_COLORMAP_HOT, 128, 0xff5b00},
  {NEURO_COLORMAP_HOT, 170, 0xffc900},
  {NEURO_COLORMAP_HOT, 254, 0xfffffb},
  {NEURO_COLORMAP_HOT, 255, 0xffffff},
  {NEURO_COLORMAP_JET, 0, 0x00007f},
  {NEURO_COLORMAP_JET, 1, 0x000084},
  {NEURO_COLORMAP_JET, 64, 0x0080ff},
  {NEURO_COLORMAP_JET, 97, 0x18ffdd},
  {NEURO_COLORMAP_JET, 127, 0x79ff7d},
  {NEURO_COLORMAP_JET, 128, 0x7cff79},
  {NEURO_COLORMAP_JET, 170, 0xffe500},
  {NEURO_COLORMAP_JET, 254, 0x840000},
  {NEURO_COLORMAP_JET, 255, 0x7f0000},
  {NEURO_COLORMAP_GRAY, 0, 0x000000},
  {NEURO_COLORMAP_GRAY, 1, 0x010101},
  {NEURO_COLORMAP_GRAY, 64, 0x404040},
  {NEURO_COLORMAP_GRAY, 97, 0x616161},
  {NEURO_COLORMAP_GRAY, 127, 0x7f7f7f},
  {NEURO_COLORMAP_GRAY, 128, 0x808080},
  {NEURO_COLORMAP_GRAY, 170, 0xaaaaaa},
  {NEURO_COLORMAP_GRAY, 254, 0xfefefe},
  {NEURO_COLORMAP_GRAY, 255, 0xffffff},
  {NEURO_COLORMAP_GREYS, 0, 0xffffff},
  {NEURO_COLORMAP_GREYS, 1, 0xfefefe},
  {NEURO_COLORMAP_GREYS, 64, 0xd8d8d8},
  {NEURO_COLORMAP_GREYS, 97, 0xbbbbbb},
  {NEURO_COLORMAP_GREYS, 127, 0x969696},
  {NEURO_COLORMAP_GREYS, 128, 0x959595},
  {NEURO_COLORMAP_GREYS, 170, 0x686868},
  {NEURO_COLORMAP_GREYS, 254, 0x010101},
  {NEURO_COLORMAP_GREYS, 255, 0x000000},
  {NEURO_COLORMAP_RDBU, 0, 0x67001f},
  {NEURO_COLORMAP_RDBU, 1, 0x69001f},
  {NEURO_COLORMAP_RDBU, 64, 0xe58368},
  {NEURO_COLORMAP_RDBU, 97, 0xfbd0b9},
  {NEURO_COLORMAP_RDBU, 127, 0xf7f6f6},
  {NEURO_COLORMAP_RDBU, 128, 0xf6f6f6},
  {NEURO_COLORMAP_RDBU, 170, 0xa7cfe4},
  {NEURO_COLORMAP_RDBU, 254, 0x063263},
  {NEURO_COLORMAP_RDBU, 255, 0x053061},
  {NEURO_COLORMAP_COOLWARM, 0, 0x3a4cc0},
  {NEURO_COLORMAP_COOLWARM, 1, 0x3b4dc1},
  {NEURO_COLORMAP_COOLWARM, 64, 0x8daffd},
  {NEURO_COLORMAP_COOLWARM, 97, 0xb9d0f8},
  {NEURO_COLORMAP_COOLWARM, 127, 0xdcdcdd},
  {NEURO_COLORMAP_COOLWARM, 128, 0xdddcdb},
  {NEURO_COLORMAP_COOLWARM, 170, 0xf6b79c},
  {NEURO_COLORMAP_COOLWARM, 254, 0xb50827},
  {NEURO_COLORMAP_COOLWARM, 255, 0xb30326},
  {NEURO_COLORMAP_BWR, 0, 0x0000ff},
  {NEURO_COLORMAP_BWR, 1, 0x0202ff},
  {NEURO_COLORMAP_BWR, 64, 0x8080ff},
  {NEURO_COLORMAP_BWR, 97, 0xc2c2ff},
  {NEURO_COLORMAP_BWR, 127, 0xfefeff},
  {NEURO_COLORMAP_BWR, 128, 0xfffefe},
  {NEURO_COLORMAP_BWR, 170, 0xffaaaa},
  {NEURO_COLORMAP_BWR, 254, 0xff0101},
  {NEURO_COLORMAP_BWR, 255, 0xff0000},
  {NEURO_COLORMAP_CIVIDIS, 0, 0x00224d},
  {NEURO_COLORMAP_CIVIDIS, 1, 0x00234f},
  {NEURO_COLORMAP_CIVIDIS, 64, 0x434e6b},
  {NEURO_COLORMAP_CIVIDIS, 97, 0x61656f},
  {NEURO_COLORMAP_CIVIDIS, 127, 0x7b7b77},
  {NEURO_COLORMAP_CIVIDIS, 128, 0x7c7b78},
  {NEURO_COLORMAP_CIVIDIS, 170, 0xa59b73},
  {NEURO_COLORMAP_CIVIDIS, 254, 0xfde636},
  {NEURO_COLORMAP_CIVIDIS, 255, 0xfde737},
  {NEURO_COLORMAP_TWILIGHT, 0, 0xe1d8e2},
  {NEURO_COLORMAP_TWILIGHT, 1, 0xe0d9e2},
  {NEURO_COLORMAP_TWILIGHT, 64, 0x6174ba},
  {NEURO_COLORMAP_TWILIGHT, 97, 0x58278b},
  {NEURO_COLORMAP_TWILIGHT, 127, 0x2f1337},
  {NEURO_COLORMAP_TWILIGHT, 128, 0x2f1336},
  {NEURO_COLORMAP_TWILIGHT, 170, 0x8d2c50},
  {NEURO_COLORMAP_TWILIGHT, 254, 0xe1d8e1},
  {NEURO_COLORMAP_TWILIGHT, 255, 0xe1d8e1},
  {NEURO_COLORMAP_VIRIDIS_R, 0, 0xfde724},
  {NEURO_COLORMAP_VIRIDIS_R, 1, 0xfae622},
  {NEURO_COLORMAP_VIRIDIS_R, 64, 0x5bc862},
  {NEURO_COLORMAP_VIRIDIS_R, 97, 0x26ac81},
  {NEURO_COLORMAP_VIRIDIS_R, 127, 0x20908c},
  {NEURO_COLORMAP_VIRIDIS_R, 128, 0x208f8c},
  {NEURO_COLORMAP_VIRIDIS_R, 170, 0x30678d},
  {NEURO_COLORMAP_VIRIDIS_R, 254, 0x440255},
  {NEURO_COLORMAP_VIRIDIS_R, 255, 0x440154},
  {NEURO_COLORMAP_PLASMA_R, 0, 0xeff821},
  {NEURO_COLORMAP_PLASMA_R, 1, 0xf0f623},
  {NEURO_COLORMAP_PLASMA_R, 64, 0xf79341},
  {NEURO_COLORMAP_PLASMA_R, 97, 0xe46a5d},
  {NEURO_COLORMAP_PLASMA_R, 127, 0xcb4777},
  {NEURO_COLORMAP_PLASMA_R, 128, 0xca4678},
  {NEURO_COLORMAP_PLASMA_R, 170, 0x9b179e},
  {NEURO_COLORMAP_PLASMA_R, 254, 0x100787},
  {NEURO_COLORMAP_PLASMA_R, 255, 0x0c0786},
  {NEURO_COLORMAP_INFERNO_R, 0, 0xfcfea4},
  {NEURO_COLORMAP_INFERNO_R, 1, 0xfafda0},
  {NEURO_COLORMAP_INFERNO_R, 64, 0xf98c09},
  {NEURO_COLORMAP_INFERNO_R, 97, 0xe25733},
  {NEURO_COLORMAP_INFERNO_R, 127, 0xbb3754},
  {NEURO_COLORMAP_INFERNO_R, 128, 0xba3655},
  {NEURO_COLORMAP_INFERNO_R, 170, 0x781c6d},
  {NEURO_COLORMAP_INFERNO_R, 254, 0x000004},
  {NEURO_COLORMAP_INFERNO_R, 255, 0x000003},
  {NEURO_COLORMAP_MAGMA_R, 0, 0xfbfcbf},
  {NEURO_COLORMAP_MAGMA_R, 1, 0xfbfabd},
  {NEURO_COLORMAP_MAGMA_R, 64, 0xfb8660},
  {NEURO_COLORMAP_MAGMA_R, 97, 0xe44e64},
  {NEURO_COLORMAP_MAGMA_R, 127, 0xb63679},
  {NEURO_COLORMAP_MAGMA_R, 128, 0xb53679},
  {NEURO_COLORMAP_MAGMA_R, 170, 0x711f81},
  {NEURO_COLORMAP_MAGMA_R, 254, 0x000004},
  {NEURO_COLORMAP_MAGMA_R, 255, 0x000003},
  {NEURO_COLORMAP_HOT_R, 0, 0xffffff},
  {NEURO_COLORMAP_HOT_R, 1, 0xfffffb},
  {NEURO_COLORMAP_HOT_R, 64, 0xffff02},
  {NEURO_COLORMAP_HOT_R, 97, 0xffaa00},
  {NEURO_COLORMAP_HOT_R, 127, 0xff5b00},
  {NEURO_COLORMAP_HOT_R, 128, 0xff5900},
  {NEURO_COLORMAP_HOT_R, 170, 0xe90000},
  {NEURO_COLORMAP_HOT_R, 254, 0x0d0000},
  {NEURO_COLORMAP_HOT_R, 255, 0x0a0000},
  {NEURO_COLORMAP_JET_R, 0, 0x7f0000},
  {NEURO_COLORMAP_JET_R, 1, 0x840000},
  {NEURO_COLORMAP_JET_R, 64, 0xff9800},
  {NEURO_COLORMAP_JET_R, 97, 0xddff19},
  {NEURO_COLORMAP_JET_R, 127, 0x7cff79},
  {NEURO_COLORMAP_JET_R, 128, 0x79ff7d},
  {NEURO_COLORMAP_JET_R, 170, 0x00d4ff},
  {NEURO_COLORMAP_JET_R, 254, 0x000084},
  {NEURO_COLORMAP_JET_R, 255, 0x00007f},
  {NEURO_COLORMAP_GRAY_R, 0, 0xffffff},
  {NEURO_COLORMAP_GRAY_R, 1, 0xfefefe},
  {NEURO_COLORMAP_GRAY_R, 64, 0xbfbfbf},
  {NEURO_COLORMAP_GRAY_R, 97, 0x9e9e9e},
  {NEURO_COLORMAP_GRAY_R, 127, 0x808080},
  {NEURO_COLORMAP_GRAY_R, 128, 0x7f7f7f},
  {NEURO_COLORMAP_GRAY_R, 170, 0x555555},
  {NEURO_COLORMAP_GRAY_R, 254, 0x000000},
  {NEURO_COLORMAP_GRAY_R, 255, 0x000000},
  {NEURO_COLORMAP_GREYS_R, 0, 0x000000},
  {NEURO_COLORMAP_GREYS_R, 1, 0x010101},
  {NEURO_COLORMAP_GREYS_R, 64, 0x525252},
  {NEURO_COLORMAP_GREYS_R, 97, 0x747474},
  {NEURO_COLORMAP_GREYS_R, 127, 0x959595},
  {NEURO_COLORMAP_GREYS_R, 128, 0x969696},
  {NEURO_COLORMAP_GREYS_R, 170, 0xc6c6c6},
  {NEURO_COLORMAP_GREYS_R, 254, 0xfefefe},
  {NEURO_COLORMAP_GREYS_R, 255, 0xffffff},
  {NEURO_COLORMAP_RDBU_R, 0, 0x053061},
  {NEURO_COLORMAP_RDBU_R, 1, 0x063263},
  {NEURO_COLORMAP_RDBU_R, 64, 0x6bacd0},
  {NEURO_COLORMAP_RDBU_R, 97, 0xc4deec},
  {NEURO_COLORMAP_RDBU_R, 127, 0xf6f6f6},
  {NEURO_COLORMAP_RDBU_R, 128, 0xf7f6f6},
  {NEURO_COLORMAP_RDBU_R, 170, 0xf7b799},
  {NEURO_COLORMAP_RDBU_R, 254, 0x69001f},
  {NEURO_COLORMAP_RDBU_R, 255, 0x67001f},
  {NEURO_COLORMAP_COOLWARM_R, 0, 0xb30326},
  {NEURO_COLORMAP_COOLWARM_R, 1, 0xb50827},
  {NEURO_COLORMAP_COOLWARM_R, 64, 0xf49a7b},
  {NEURO_COLORMAP_COOLWARM_R, 97, 0xf3c5af},
  {NEURO_COLORMAP_COOLWARM_R, 127, 0xdddcdb},
  {NEURO_COLORMAP_COOLWARM_R, 128, 0xdcdcdd},
  {NEURO_COLORMAP_COOLWARM_R, 170, 0xaac6fd},
  {NEURO_COLORMAP_COOLWARM_R, 254, 0x3b4dc1},
  {NEURO_COLORMAP_COOLWARM_R, 255, 0x3a4cc0},
  {NEURO_COLORMAP_BWR_R, 0, 0xff0000},
  {NEURO_COLORMAP_BWR_R, 1, 0xff0202},
  {NEURO_COLORMAP_BWR_R, 64, 0xff8080},
  {NEURO_COLORMAP_BWR_R, 97, 0xffc2c2},
  {NEURO_COLORMAP_BWR_R, 127, 0xfffefe},
  {NEURO_COLORMAP_BWR_R, 128, 0xfefeff},
  {NEURO_COLORMAP_BWR_R, 170, 0xaaaaff},
  {NEURO_COLORMAP_BWR_R, 254, 0x0101ff},
  {NEURO_COLORMAP_BWR_R, 255, 0x0000ff},
  {NEURO_COLORMAP_CIVIDIS_R, 0, 0xfde737},
  {NEURO_COLORMAP_CIVIDIS_R, 1, 0xfde636},
  {NEURO_COLORMAP_CIVIDIS_R, 64, 0xbaac6c},
  {NEURO_COLORMAP_CIVIDIS_R, 97, 0x999276},
  {NEURO_COLORMAP_CIVIDIS_R, 127, 0x7c7b78},
  {NEURO_COLORMAP_CIVIDIS_R, 128, 0x7b7b77},
  {NEURO_COLORMAP_CIVIDIS_R, 170, 0x575d6d},
  {NEURO_COLORMAP_CIVIDIS_R, 254, 0x00234f},
  {NEURO_COLORMAP_CIVIDIS_R, 255, 0x00224d},
  {NEURO_COLORMAP_TWILIGHT_R, 0, 0xe1d8e1},
  {NEURO_COLORMAP_TWILIGHT_R, 1, 0xe1d8e0},
  {NEURO_COLORMAP_TWILIGHT_R, 64, 0xb15551},
  {NEURO_COLORMAP_TWILIGHT_R, 97, 0x6f1c4e},
  {NEURO_COLORMAP_TWILIGHT_R, 127, 0x2f1436},
  {NEURO_COLORMAP_TWILIGHT_R, 128, 0x301337},
  {NEURO_COLORMAP_TWILIGHT_R, 170, 0x5d44a5},
  {NEURO_COLORMAP_TWILIGHT_R, 254, 0xe1d8e2},
  {NEURO_COLORMAP_TWILIGHT_R, 255, 0xe1d8e2},
};

GST_START_TEST (test_reference_entries)
{
  guint k;

  for (k = 0; k < G_N_ELEMENTS (ref_entries); k++) {
    const RefEntry *e = &ref_entries[k];
    guint32 got = neuro_colormap_lut (e->cmap)[e->index];

    fail_unless_equals_int_hex (got, 0xff000000u | e->rgb);
  }

  /* a few spelled out */
  fail_unless_equals_int_hex (neuro_colormap_lut (NEURO_COLORMAP_VIRIDIS)[0],
      0xff440154);
  fail_unless_equals_int_hex (neuro_colormap_lut (NEURO_COLORMAP_VIRIDIS)[255],
      0xfffde724);
  fail_unless_equals_int_hex (neuro_colormap_lut (NEURO_COLORMAP_RDBU_R)[0],
      0xff053061);
  fail_unless_equals_int_hex (neuro_colormap_lut (NEURO_COLORMAP_JET)[128],
      0xff7cff79);
  fail_unless_equals_int_hex (neuro_colormap_lut (NEURO_COLORMAP_GRAY)[0],
      0xff000000);
  fail_unless_equals_int_hex (neuro_colormap_lut (NEURO_COLORMAP_GRAY)[255],
      0xffffffff);
}

GST_END_TEST;

GST_START_TEST (test_all_opaque)
{
  gint m, i;

  for (m = 0; m < NEURO_COLORMAP_N; m++) {
    const guint32 *lut = neuro_colormap_lut (m);
    for (i = 0; i < 256; i++)
      fail_unless_equals_int_hex (lut[i] >> 24, 0xff);
  }
}

GST_END_TEST;

static gint
max_channel_diff (guint32 a, guint32 b)
{
  gint d = 0, s;

  for (s = 0; s < 24; s += 8)
    d = MAX (d, ABS ((gint) ((a >> s) & 0xff) - (gint) ((b >> s) & 0xff)));
  return d;
}

/* matplotlib's qualitative maps (8 to 20 colours), stored as their
 * 256-entry resampling: a reversed map's band edges can land one entry
 * away from the mirrored forward map's */
static gboolean
is_qualitative (NeuroColormap m)
{
  static const gchar *const names[] = { "Accent", "Dark2", "Paired",
    "Pastel1", "Pastel2", "Set1", "Set2", "Set3", "tab10", "tab20", "tab20b",
    "tab20c"
  };
  gchar *base = g_strdup (neuro_colormap_get_name (m));
  gboolean found = FALSE;
  guint k;

  if (g_str_has_suffix (base, "_r"))
    base[strlen (base) - 2] = '\0';
  for (k = 0; k < G_N_ELEMENTS (names); k++)
    found |= strcmp (base, names[k]) == 0;
  g_free (base);
  return found;
}

GST_START_TEST (test_reversed)
{
  gint m, i;

  for (m = 0; m < NEURO_COLORMAP_N; m++) {
    NeuroColormap r = neuro_colormap_reversed (m);
    const guint32 *fwd = neuro_colormap_lut (m);
    const guint32 *rev = neuro_colormap_lut (r);
    const gchar *name = neuro_colormap_get_name (m);
    gint far = 0;

    fail_unless ((gint) r != m);
    fail_unless_equals_int (neuro_colormap_reversed (r), m);
    if (g_str_has_suffix (name, "_r")) {
      fail_unless (strncmp (name, neuro_colormap_get_name (r),
              strlen (name) - 2) == 0);
      fail_unless_equals_int (strlen (neuro_colormap_get_name (r)),
          strlen (name) - 2);
    } else {
      gchar *want = g_strconcat (name, "_r", NULL);

      fail_unless_equals_string (neuro_colormap_get_name (r), want);
      g_free (want);
    }
    /* the values of the first release: reverse(m) = m +- 13 */
    if (m < 26)
      fail_unless_equals_int (r, m < 13 ? m + 13 : m - 13);

    /* The tables are matplotlib's own "_r" tables.  Many are exact
     * mirrors; for segmented maps (jet, gray, RdBu, ...) matplotlib's float
     * rounding before truncation differs by one 8-bit step in a few
     * entries; twilight is a 510-colour map resampled to 256, and its
     * reverse resamples at neighbouring colours (<= 2 steps); qualitative
     * maps move a band edge by one entry (<= 4 entries). */
    for (i = 0; i < 256; i++) {
      gint d = max_channel_diff (fwd[i], rev[255 - i]);

      if (d > 2)
        far++;
      fail_unless (d <= 2 || is_qualitative (m), "%s[%d]=%08x vs %s[%d]=%08x",
          name, i, fwd[i], neuro_colormap_get_name (r), 255 - i,
          rev[255 - i]);
    }
    fail_unless (far <= 4, "%s: %d entries are not mirrored", name, far);
    /* end points of matplotlib's reversed tables are exact mirrors */
    fail_unless_equals_int_hex (fwd[0], rev[255]);
    fail_unless_equals_int_hex (fwd[255], rev[0]);
  }
}

GST_END_TEST;

/* Every table against matplotlib itself (Debian's /usr/bin/python3), at a
 * spread of entries: the generated file is what the installed matplotlib
 * says, names and "_r" maps included, and no map is missing. */
#define MPL_SCRIPT \
  "import matplotlib, numpy as np\n" \
  "for name in sorted(matplotlib.colormaps):\n" \
  "    c = matplotlib.colormaps[name]\n" \
  "    c = c if c.N == 256 else c.resampled(256)\n" \
  "    t = c(np.arange(256), bytes=True)\n" \
  "    print(name, ' '.join('%02x%02x%02x' % tuple(t[i][:3])\n" \
  "                         for i in (0, 1, 37, 100, 128, 200, 254, 255)))\n"

GST_START_TEST (test_matches_matplotlib)
{
  static const gint idx[] = { 0, 1, 37, 100, 128, 200, 254, 255 };
  const gchar *argv[] = { "/usr/bin/python3", "-c", MPL_SCRIPT, NULL };
  gchar *out = NULL, *err = NULL, **lines;
  gint status = -1, m, k, n = 0;
  GError *error = NULL;
  gboolean seen[NEURO_COLORMAP_N] = { FALSE };

  fail_unless (g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT,
          NULL, NULL, &out, &err, &status, &error), "%s",
      error ? error->message : "");
  fail_unless (g_spawn_check_wait_status (status, NULL),
      "/usr/bin/python3 with matplotlib failed: %s", err);
  lines = g_strsplit (out, "\n", -1);
  for (k = 0; lines[k] && *lines[k]; k++) {
    gchar **f = g_strsplit (lines[k], " ", -1);
    gboolean ok = FALSE;
    gint j;

    fail_unless_equals_int (g_strv_length (f), 1 + G_N_ELEMENTS (idx));
    m = neuro_colormap_from_string (f[0], &ok);
    fail_unless (ok, "matplotlib's \"%s\" is missing", f[0]);
    fail_unless_equals_string (neuro_colormap_get_name (m), f[0]);
    seen[m] = TRUE;
    for (j = 0; j < (gint) G_N_ELEMENTS (idx); j++) {
      guint32 want = 0xff000000u | (guint32) strtoul (f[1 + j], NULL, 16);

      fail_unless (neuro_colormap_lut (m)[idx[j]] == want,
          "%s[%d] = %08x, matplotlib says %08x", f[0], idx[j],
          neuro_colormap_lut (m)[idx[j]], want);
    }
    g_strfreev (f);
    n++;
  }
  /* and nothing that matplotlib does not have */
  fail_unless_equals_int (n, NEURO_COLORMAP_N);
  for (m = 0; m < NEURO_COLORMAP_N; m++)
    fail_unless (seen[m], "%s is not matplotlib's",
        neuro_colormap_get_name (m));
  g_strfreev (lines);
  g_free (out);
  g_free (err);
}

GST_END_TEST;

/* Oranges_r, spelled out (matplotlib 3.6.3: cmap(np.arange(256),
 * bytes=True)), and the named entries the tutorial's figures use */
GST_START_TEST (test_new_maps)
{
  gboolean ok = FALSE;

  fail_unless_equals_int (neuro_colormap_from_string ("Oranges_r", &ok),
      NEURO_COLORMAP_ORANGES_R);
  fail_unless (ok);
  fail_unless_equals_int (neuro_colormap_reversed (NEURO_COLORMAP_ORANGES),
      NEURO_COLORMAP_ORANGES_R);
  fail_unless_equals_int_hex (neuro_colormap_lut (NEURO_COLORMAP_ORANGES_R)[0],
      0xff7f2704);
  fail_unless_equals_int_hex (neuro_colormap_lut
      (NEURO_COLORMAP_ORANGES_R)[128], 0xfffd8d3c);
  fail_unless_equals_int_hex (neuro_colormap_lut
      (NEURO_COLORMAP_ORANGES_R)[255], 0xfffff5eb);
  /* tab10's first colour is matplotlib's C0 */
  fail_unless_equals_int_hex (neuro_colormap_lut (NEURO_COLORMAP_TAB10)[0],
      0xff1f77b4);
  /* the default cycle: C0, C3, C9, and C10 is C0 again */
  fail_unless_equals_int_hex (neuro_color_cycle_get (0), 0xff1f77b4);
  fail_unless_equals_int_hex (neuro_color_cycle_get (3), 0xffd62728);
  fail_unless_equals_int_hex (neuro_color_cycle_get (9), 0xff17becf);
  fail_unless_equals_int_hex (neuro_color_cycle_get (10), 0xff1f77b4);
  fail_unless_equals_string (neuro_colormap_get_nick
      (NEURO_COLORMAP_GIST_EARTH_R), "gist-earth-r");
  fail_unless_equals_int (neuro_colormap_from_string ("gist-earth-r", NULL),
      NEURO_COLORMAP_GIST_EARTH_R);
}

GST_END_TEST;

GST_START_TEST (test_index_rule)
{
  /* in range */
  fail_unless_equals_int (neuro_colormap_index (0.0, 0.0, 1.0), 0);
  fail_unless_equals_int (neuro_colormap_index (1.0, 0.0, 1.0), 255);
  fail_unless_equals_int (neuro_colormap_index (0.5, 0.0, 1.0), 128);
  fail_unless_equals_int (neuro_colormap_index (nextafter (1.0, 0.0), 0.0,
          1.0), 255);
  fail_unless_equals_int (neuro_colormap_index (nextafter (0.5, 0.0), 0.0,
          1.0), 127);
  fail_unless_equals_int (neuro_colormap_index (1.0 / 256, 0.0, 1.0), 1);
  fail_unless_equals_int (neuro_colormap_index (nextafter (1.0 / 256, 0.0),
          0.0, 1.0), 0);
  fail_unless_equals_int (neuro_colormap_index (255.0 / 256, 0.0, 1.0), 255);
  fail_unless_equals_int (neuro_colormap_index (nextafter (255.0 / 256, 0.0),
          0.0, 1.0), 254);
  /* arbitrary range: x = 0.25 -> 64 */
  fail_unless_equals_int (neuro_colormap_index (-5.0, -10.0, 10.0), 64);
  fail_unless_equals_int (neuro_colormap_index (10.0, -10.0, 10.0), 255);
  fail_unless_equals_int (neuro_colormap_index (-10.0, -10.0, 10.0), 0);
  /* under / over */
  fail_unless_equals_int (neuro_colormap_index (-0.001, 0.0, 1.0), 0);
  fail_unless_equals_int (neuro_colormap_index (-1e300, 0.0, 1.0), 0);
  fail_unless_equals_int (neuro_colormap_index (-INFINITY, 0.0, 1.0), 0);
  fail_unless_equals_int (neuro_colormap_index (1.001, 0.0, 1.0), 255);
  fail_unless_equals_int (neuro_colormap_index (1e300, 0.0, 1.0), 255);
  fail_unless_equals_int (neuro_colormap_index (INFINITY, 0.0, 1.0), 255);
  /* bad */
  fail_unless_equals_int (neuro_colormap_index (NAN, 0.0, 1.0), -1);
  fail_unless_equals_int (neuro_colormap_index (NAN, 3.0, 3.0), -1);
  /* vmin == vmax: Normalize returns 0 for every value */
  fail_unless_equals_int (neuro_colormap_index (3.0, 3.0, 3.0), 0);
  fail_unless_equals_int (neuro_colormap_index (100.0, 3.0, 3.0), 0);
  fail_unless_equals_int (neuro_colormap_index (-100.0, 3.0, 3.0), 0);
  fail_unless_equals_int (neuro_colormap_index (INFINITY, 0.0, 0.0), 0);

  /* map */
  fail_unless_equals_int_hex (neuro_colormap_map (NEURO_COLORMAP_VIRIDIS,
          NAN, 0.0, 1.0, 0x12345678), 0x12345678);
  fail_unless_equals_int_hex (neuro_colormap_map (NEURO_COLORMAP_VIRIDIS,
          2.0, 0.0, 1.0, 0), 0xfffde724);
  fail_unless_equals_int_hex (neuro_colormap_map (NEURO_COLORMAP_VIRIDIS,
          -2.0, 0.0, 1.0, 0), 0xff440154);
  fail_unless_equals_int_hex (neuro_colormap_map (NEURO_COLORMAP_RDBU_R,
          0.0, 0.0, 1.0, 0), 0xff053061);
}

GST_END_TEST;

GST_START_TEST (test_map_row)
{
  GRand *rand = g_rand_new_with_seed (1234);
  const guint n = 4096;
  gfloat *values = g_new (gfloat, n);
  guint32 *out = g_new (guint32, n);
  static const gdouble ranges[][2] = {
    {0.0, 1.0}, {-1.0, 1.0}, {-3.7, 12.1}, {1e-6, 3e-6}, {2.0, 2.0},
    {0.1, 0.7}, {-1e30, 1e30}
  };
  guint r, k, m;

  for (r = 0; r < G_N_ELEMENTS (ranges); r++) {
    gdouble vmin = ranges[r][0], vmax = ranges[r][1];
    gdouble span = vmax - vmin == 0 ? 1.0 : vmax - vmin;

    for (k = 0; k < n; k++) {
      switch (k % 8) {
        case 0:
          values[k] = NAN;
          break;
        case 1:                /* exact 1/256 boundaries */
          values[k] = (gfloat) (vmin + span * g_rand_int_range (rand, -2,
                  259) / 256.0);
          break;
        case 2:
          values[k] = vmin;
          break;
        case 3:
          values[k] = vmax;
          break;
        case 4:
          values[k] = (k & 16) ? INFINITY : -INFINITY;
          break;
        default:
          values[k] = (gfloat) (vmin + span * g_rand_double_range (rand, -0.2,
                  1.2));
          break;
      }
    }
    for (m = 0; m < NEURO_COLORMAP_N; m++) {
      neuro_colormap_map_row (m, values, n, vmin, vmax, 0x80402010, out);
      for (k = 0; k < n; k++)
        fail_unless_equals_int_hex (out[k], neuro_colormap_map (m, values[k],
                vmin, vmax, 0x80402010));
    }
  }
  neuro_colormap_map_row (NEURO_COLORMAP_JET, NULL, 0, 0.0, 1.0, 0, NULL);

  g_free (values);
  g_free (out);
  g_rand_free (rand);
}

GST_END_TEST;

GST_START_TEST (test_premultiply)
{
  fail_unless_equals_int_hex (neuro_argb_premultiply (0xff123456), 0xff123456);
  fail_unless_equals_int_hex (neuro_argb_premultiply (0x00ffffff), 0x00000000);
  fail_unless_equals_int_hex (neuro_argb_premultiply (0x80ffffff), 0x80808080);
  fail_unless_equals_int_hex (neuro_argb_premultiply (0x80ff0000), 0x80800000);
  /* 0x7f * 0x40 / 255 = 31.87 -> 32 */
  fail_unless_equals_int_hex (neuro_argb_premultiply (0x407f7f7f), 0x40202020);
}

GST_END_TEST;

GST_START_TEST (test_from_string)
{
  gboolean ok = FALSE;
  gint m;

  fail_unless_equals_int (neuro_colormap_from_string ("RdBu_r", &ok),
      NEURO_COLORMAP_RDBU_R);
  fail_unless (ok);
  ok = FALSE;
  fail_unless_equals_int (neuro_colormap_from_string ("rdbu-r", &ok),
      NEURO_COLORMAP_RDBU_R);
  fail_unless (ok);
  ok = FALSE;
  fail_unless_equals_int (neuro_colormap_from_string ("Viridis", &ok),
      NEURO_COLORMAP_VIRIDIS);
  fail_unless (ok);
  fail_unless_equals_int (neuro_colormap_from_string ("greys", &ok),
      NEURO_COLORMAP_GREYS);
  fail_unless (ok);
  fail_unless_equals_int (neuro_colormap_from_string ("gray", &ok),
      NEURO_COLORMAP_GRAY);
  fail_unless (ok);
  fail_unless_equals_int (neuro_colormap_from_string ("grey_r", &ok),
      NEURO_COLORMAP_GRAY_R);
  fail_unless (ok);
  fail_unless_equals_int (neuro_colormap_from_string ("TWILIGHT-R", &ok),
      NEURO_COLORMAP_TWILIGHT_R);
  fail_unless (ok);
  fail_unless_equals_int (neuro_colormap_from_string ("coolwarm", NULL),
      NEURO_COLORMAP_COOLWARM);

  neuro_colormap_from_string ("nosuchmap", &ok);
  fail_if (ok);
  ok = TRUE;
  neuro_colormap_from_string ("", &ok);
  fail_if (ok);
  ok = TRUE;
  neuro_colormap_from_string ("viridis_r_r", &ok);
  fail_if (ok);

  for (m = 0; m < NEURO_COLORMAP_N; m++) {
    ok = FALSE;
    fail_unless_equals_int (neuro_colormap_from_string
        (neuro_colormap_get_name (m), &ok), m);
    fail_unless (ok);
    ok = FALSE;
    fail_unless_equals_int (neuro_colormap_from_string
        (neuro_colormap_get_nick (m), &ok), m);
    fail_unless (ok);
  }
}

GST_END_TEST;

GST_START_TEST (test_enum)
{
  GEnumClass *klass = g_type_class_ref (NEURO_TYPE_COLORMAP);
  GEnumValue *v;
  gint m;

  fail_unless (G_TYPE_IS_ENUM (NEURO_TYPE_COLORMAP));
  fail_unless_equals_int (klass->n_values, NEURO_COLORMAP_N);

  v = g_enum_get_value (klass, NEURO_COLORMAP_RDBU_R);
  fail_unless_equals_string (v->value_name, "RdBu_r");
  fail_unless_equals_string (v->value_nick, "rdbu-r");
  v = g_enum_get_value (klass, NEURO_COLORMAP_VIRIDIS_R);
  fail_unless_equals_string (v->value_name, "viridis_r");
  fail_unless_equals_string (v->value_nick, "viridis-r");
  v = g_enum_get_value (klass, NEURO_COLORMAP_GREYS);
  fail_unless_equals_string (v->value_name, "Greys");
  fail_unless_equals_string (v->value_nick, "greys");
  v = g_enum_get_value (klass, NEURO_COLORMAP_VIRIDIS);
  fail_unless_equals_string (v->value_name, "viridis");
  fail_unless_equals_string (v->value_nick, "viridis");

  fail_unless_equals_int (g_enum_get_value_by_name (klass, "RdBu_r")->value,
      NEURO_COLORMAP_RDBU_R);
  fail_unless_equals_int (g_enum_get_value_by_nick (klass, "rdbu-r")->value,
      NEURO_COLORMAP_RDBU_R);

  for (m = 0; m < NEURO_COLORMAP_N; m++) {
    gchar *nick;

    v = g_enum_get_value (klass, m);
    fail_unless (v != NULL);
    fail_unless_equals_string (v->value_name, neuro_colormap_get_name (m));
    nick = g_ascii_strdown (v->value_name, -1);
    g_strdelimit (nick, "_", '-');
    fail_unless_equals_string (v->value_nick, nick);
    g_free (nick);
  }

  /* the way gst-launch / gst_util_set_object_arg parse enums */
  {
    GValue val = G_VALUE_INIT;

    g_value_init (&val, NEURO_TYPE_COLORMAP);
    fail_unless (gst_value_deserialize (&val, "RdBu_r"));
    fail_unless_equals_int (g_value_get_enum (&val), NEURO_COLORMAP_RDBU_R);
    fail_unless (gst_value_deserialize (&val, "coolwarm-r"));
    fail_unless_equals_int (g_value_get_enum (&val),
        NEURO_COLORMAP_COOLWARM_R);
    g_value_unset (&val);
  }

  g_type_class_unref (klass);
}

GST_END_TEST;

static Suite *
colormap_suite (void)
{
  Suite *s = suite_create ("colormap");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_reference_entries);
  tcase_add_test (tc, test_all_opaque);
  tcase_add_test (tc, test_reversed);
  tcase_add_test (tc, test_index_rule);
  tcase_add_test (tc, test_map_row);
  tcase_add_test (tc, test_premultiply);
  tcase_add_test (tc, test_from_string);
  tcase_add_test (tc, test_enum);
  tcase_add_test (tc, test_matches_matplotlib);
  tcase_add_test (tc, test_new_maps);
  return s;
}

GST_CHECK_MAIN (colormap);
