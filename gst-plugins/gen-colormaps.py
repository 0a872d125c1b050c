#!/usr/bin/python3
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# Generate gst-plugins/neurocolormap-enum.h and neurocolormap-tables.c from
# matplotlib: every colormap matplotlib registers, "_r" included.
#
# Run with Debian's interpreter and matplotlib (apt-get install
# python3-matplotlib), from the source root:
#
#     /usr/bin/python3 gst-plugins/gen-colormaps.py
#
# (it writes both files beside itself).  The generated files are committed;
# building gst-neuroviz does not need matplotlib.
#
# Each table is exactly what matplotlib itself uses to colour 8-bit images:
#     cmap(np.arange(256), bytes=True)
# i.e. the float lookup table scaled by 255 and *truncated* to uint8
# (matplotlib's Colormap.__call__ does (lut * 255).astype(np.uint8)).
# The reversed maps are matplotlib's own "<name>_r" maps, not our reversal of
# the forward table: for LinearSegmentedColormaps matplotlib recomputes the
# reversed table from reversed segment data, which can differ by one 8-bit
# step from the mirrored forward table in a few entries.
#
# Maps with other than 256 colours (twilight and twilight_shifted: 510; the
# qualitative maps tab10, Set1, Paired, ...: 8 to 20) are stored as
# matplotlib's 256-entry resampling (cmap.resampled(256), the same as
# plt.get_cmap(name, 256)): a qualitative map's band edges then fall within
# one 256th of the range of where matplotlib's N-entry table puts them.
#
# Enum values are stable: the thirteen maps of the first release and their
# reverses keep 0..25; every other map follows as a (forward, reversed)
# pair in the order of EXTRA.  A map matplotlib adds later is appended to
# EXTRA, never inserted (the generator fails on a map it does not list).
#
#     gen-colormaps.py --check-values   prints reference entries for tests/colormap.c

import os
import sys

import matplotlib
import numpy as np

# The maps of the first release, in their enum order (values 0..12, their
# reverses 13..25): (enum suffix, matplotlib name, source and licence).
MAPS = [
    ("VIRIDIS", "viridis", "CC0"),
    ("PLASMA", "plasma", "CC0"),
    ("INFERNO", "inferno", "CC0"),
    ("MAGMA", "magma", "CC0"),
    ("HOT", "hot", "MPL"),
    ("JET", "jet", "MPL"),
    ("GRAY", "gray", "MPL"),
    ("GREYS", "Greys", "BREWER"),
    ("RDBU", "RdBu", "BREWER"),
    ("COOLWARM", "coolwarm", "MORELAND"),
    ("BWR", "bwr", "MPL"),
    ("CIVIDIS", "cividis", "CIVIDIS"),
    ("TWILIGHT", "twilight", "TWILIGHT"),
]

# Every other map of matplotlib 3.6 (registry order), appended as pairs.
EXTRA = [
    ("twilight_shifted", "TWILIGHT"), ("turbo", "TURBO"),
    ("Blues", "BREWER"), ("BrBG", "BREWER"), ("BuGn", "BREWER"),
    ("BuPu", "BREWER"), ("CMRmap", "CMRMAP"), ("GnBu", "BREWER"),
    ("Greens", "BREWER"), ("OrRd", "BREWER"), ("Oranges", "BREWER"),
    ("PRGn", "BREWER"), ("PiYG", "BREWER"), ("PuBu", "BREWER"),
    ("PuBuGn", "BREWER"), ("PuOr", "BREWER"), ("PuRd", "BREWER"),
    ("Purples", "BREWER"), ("RdGy", "BREWER"), ("RdPu", "BREWER"),
    ("RdYlBu", "BREWER"), ("RdYlGn", "BREWER"), ("Reds", "BREWER"),
    ("Spectral", "BREWER"), ("Wistia", "WISTIA"), ("YlGn", "BREWER"),
    ("YlGnBu", "BREWER"), ("YlOrBr", "BREWER"), ("YlOrRd", "BREWER"),
    ("afmhot", "MPL"), ("autumn", "MPL"), ("binary", "MPL"), ("bone", "MPL"),
    ("brg", "MPL"), ("cool", "MPL"), ("copper", "MPL"),
    ("cubehelix", "CUBEHELIX"), ("flag", "MPL"), ("gist_earth", "MPL"),
    ("gist_gray", "MPL"), ("gist_heat", "MPL"), ("gist_ncar", "MPL"),
    ("gist_rainbow", "MPL"), ("gist_stern", "MPL"), ("gist_yarg", "MPL"),
    ("gnuplot", "MPL"), ("gnuplot2", "MPL"), ("hsv", "MPL"),
    ("nipy_spectral", "MPL"), ("ocean", "MPL"), ("pink", "MPL"),
    ("prism", "MPL"), ("rainbow", "MPL"), ("seismic", "MPL"),
    ("spring", "MPL"), ("summer", "MPL"), ("terrain", "MPL"),
    ("winter", "MPL"), ("Accent", "BREWER"), ("Dark2", "BREWER"),
    ("Paired", "BREWER"), ("Pastel1", "BREWER"), ("Pastel2", "BREWER"),
    ("Set1", "BREWER"), ("Set2", "BREWER"), ("Set3", "BREWER"),
    ("tab10", "TABLEAU"), ("tab20", "TABLEAU"), ("tab20b", "TABLEAU"),
    ("tab20c", "TABLEAU"),
]

LICENCES = {
    "CC0": "viridis/plasma/inferno/magma by Nathaniel J. Smith, Stefan van der Walt\n"
    " * and (viridis) Eric Firing; released under CC0 (public domain dedication).",
    "MPL": "matplotlib's _cm.py segment data; matplotlib licence (PSF-style,\n"
    " * BSD compatible).",
    "BREWER": "ColorBrewer palette by Cynthia Brewer (colorbrewer2.org), as\n"
    " * interpolated by matplotlib; Apache 2.0 style licence (see matplotlib's\n"
    " * LICENSE_COLORBREWER).",
    "MORELAND": "Kenneth Moreland's diverging cool-warm map (\"Diverging Color Maps\n"
    " * for Scientific Visualization\", CoolWarmFloat33), as matplotlib's _cm.py\n"
    " * segment data; matplotlib licence (PSF-style, BSD compatible).",
    "CIVIDIS": "cividis by Jamie R. Nunez, Christopher R. Anderton and Ryan S.\n"
    " * Renslow (PLOS ONE 13(7): e0199239, 2018), as shipped in matplotlib's\n"
    " * _cm_listed.py; matplotlib licence (PSF-style, BSD compatible).",
    "TWILIGHT": "twilight by Bastian Bechtold, as shipped in matplotlib's\n"
    " * _cm_listed.py (510 colours, resampled to 256 by matplotlib's\n"
    " * ListedColormap.resampled); matplotlib licence (PSF-style, BSD compatible).",
    "TURBO": "turbo by Anton Mikhailov (Google), as shipped in matplotlib's\n"
    " * _cm_listed.py; Apache 2.0 licence.",
    "CMRMAP": "Carey Rappaport's CMRmap (\"A Color Map for Effective Black-and-White\n"
    " * Rendering of Color-Scale Images\"), as matplotlib's _cm.py segment data;\n"
    " * matplotlib licence (PSF-style, BSD compatible).",
    "CUBEHELIX": "D. A. Green's cubehelix (Bull. Astr. Soc. India 39, 289, 2011),\n"
    " * as computed by matplotlib's _cm.py; matplotlib licence (PSF-style, BSD\n"
    " * compatible).",
    "WISTIA": "Wistia's colour-blind friendly heatmap palette\n"
    " * (github.com/wistia/heatmap-palette), as matplotlib's _cm.py segment data;\n"
    " * MIT licence.",
    "TABLEAU": "Tableau's category palettes, as shipped in matplotlib's _cm.py\n"
    " * (resampled to 256 entries by ListedColormap.resampled); matplotlib licence\n"
    " * (PSF-style, BSD compatible).",
}

CHECK_INDICES = [0, 1, 64, 97, 127, 128, 170, 254, 255]

HERE = os.path.dirname(os.path.abspath(__file__))


def table(name):
    cmap = matplotlib.colormaps[name]
    if cmap.N != 256:
        cmap = cmap.resampled(256)
    rgba = cmap(np.arange(256), bytes=True)
    assert rgba.shape == (256, 4) and rgba.dtype == np.uint8
    assert (rgba[:, 3] == 255).all()
    return [(int(r) << 16) | (int(g) << 8) | int(b) for r, g, b, _ in rgba]


def enum_of(name):
    return name.upper()


def all_maps():
    """[(enum suffix, matplotlib name, licence, reverse index)] in enum order."""
    out = []
    n = len(MAPS)
    for rev in (False, True):
        for i, (enum, name, lic) in enumerate(MAPS):
            out.append((enum + ("_R" if rev else ""),
                        name + ("_r" if rev else ""), lic,
                        i + n if not rev else i))
    for name, lic in EXTRA:
        k = len(out)
        out.append((enum_of(name), name, lic, k + 1))
        out.append((enum_of(name) + "_R", name + "_r", lic, k))
    return out


def check_complete(maps):
    names = [m[1] for m in maps]
    assert len(set(names)) == len(names)
    assert len(set(n.lower() for n in names)) == len(names), \
        "names must differ in more than case (nicks, case-insensitive parsing)"
    missing = sorted(set(matplotlib.colormaps) - set(names))
    if missing:
        sys.exit("gen-colormaps.py: matplotlib %s has maps EXTRA does not list "
                 "(append them): %s" % (matplotlib.__version__, ", ".join(missing)))
    unknown = sorted(set(names) - set(matplotlib.colormaps))
    if unknown:
        sys.exit("gen-colormaps.py: not in matplotlib %s: %s"
                 % (matplotlib.__version__, ", ".join(unknown)))


def nick_of(name):
    return name.lower().replace("_", "-")


GENERATED = ("/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */\n"
             "/* GENERATED by gst-plugins/gen-colormaps.py from matplotlib %s\n"
             " * (numpy %s).  Do not edit; re-run the generator instead.\n")


def emit_enum(maps, w):
    w(GENERATED % (matplotlib.__version__, np.__version__))
    w(" *\n"
      " * Every matplotlib colormap, \"_r\" included; #included by\n"
      " * neurocolormap.h.  Values are stable (new maps are appended).\n"
      " */\n"
      "#pragma once\n\n"
      "typedef enum\n{\n")
    for k, (enum, name, lic, rev) in enumerate(maps):
        if k == len(MAPS):
            w("  /* reversed maps of the first thirteen, in the same order */\n")
        elif k == 2 * len(MAPS):
            w("  /* every other map of matplotlib, each followed by its reverse */\n")
        w("  NEURO_COLORMAP_%s = %d,\n" % (enum, k))
    w("} NeuroColormap;\n\n")
    w("/* Total number of maps (forward + reversed). */\n")
    w("#define NEURO_COLORMAP_N %d\n" % len(maps))


def emit_tables(maps, w):
    w(GENERATED % (matplotlib.__version__, np.__version__))
    w(" *\n"
      " * Entries are 0xAARRGGBB (AA = 0xff): cmap(np.arange(256), bytes=True).\n"
      " * This file is #included by neurocolormap.c and is not compiled alone.\n"
      " */\n\n")
    w("/* Exact matplotlib names, in enum order. */\n")
    w("static const gchar *const cmap_names[NEURO_COLORMAP_N] = {\n")
    for enum, name, lic, rev in maps:
        w("  \"%s\",\n" % name)
    w("};\n\n")
    w("/* Nicks: the names lowercased with '_' -> '-'. */\n")
    w("static const gchar *const cmap_nicks[NEURO_COLORMAP_N] = {\n")
    for enum, name, lic, rev in maps:
        w("  \"%s\",\n" % nick_of(name))
    w("};\n\n")
    w("/* The reversed counterpart of each map. */\n")
    w("static const guint8 cmap_reversed[NEURO_COLORMAP_N] = {\n")
    for enum, name, lic, rev in maps:
        w("  [NEURO_COLORMAP_%s] = NEURO_COLORMAP_%s,\n" % (enum, maps[rev][0]))
    w("};\n\n")
    cycle = matplotlib.rcParamsDefault["axes.prop_cycle"].by_key()["color"]
    w("/* matplotlib's default colour cycle (rcParams[\"axes.prop_cycle\"]:\n"
      " * C0..C%d, tab10's colours). */\n" % (len(cycle) - 1))
    w("static const guint32 neuro_color_cycle[%d] = {\n" % len(cycle))
    for i in range(0, len(cycle), 5):
        w("  " + ", ".join("0xff%s" % c.lstrip("#").lower()
                           for c in cycle[i:i + 5]) + ",\n")
    w("};\n\n")
    w("static const guint32 neuro_colormap_tables[NEURO_COLORMAP_N][256] = {\n")
    for enum, name, lic, rev in maps:
        t = table(name)
        w("  /* %s (matplotlib \"%s\").\n   * Source/licence: %s */\n"
          % (enum, name, LICENCES[lic].replace("\n * ", "\n   * ")))
        w("  [NEURO_COLORMAP_%s] = {\n" % enum)
        for i in range(0, 256, 6):
            w("    " + ", ".join("0xff%06x" % v for v in t[i:i + 6]) + ",\n")
        w("  },\n")
    w("};\n")


def emit_check_values(maps):
    w = sys.stdout.write
    w("  /* from gen-colormaps.py --check-values, matplotlib %s */\n"
      % matplotlib.__version__)
    for enum, mname, lic, rev in maps[:2 * len(MAPS)]:
        t = table(mname)
        for i in CHECK_INDICES:
            w("  {NEURO_COLORMAP_%s, %d, 0x%06x},\n" % (enum, i, t[i]))


if __name__ == "__main__":
    maps = all_maps()
    check_complete(maps)
    if sys.argv[1:] == ["--check-values"]:
        emit_check_values(maps)
    elif sys.argv[1:]:
        sys.exit("usage: gen-colormaps.py [--check-values]")
    else:
        for fname, emit in (("neurocolormap-enum.h", emit_enum),
                            ("neurocolormap-tables.c", emit_tables)):
            with open(os.path.join(HERE, fname), "w") as f:
                emit(maps, f.write)
