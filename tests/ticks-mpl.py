#!/usr/bin/python3
# gst-neuroviz — matplotlib's own ticks for a spread of axes, as a table
# for tests/neuroticks.c (test_ticks_as_matplotlib).
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# One line per axis:
#   x|y <vmin> <vmax> <length px> <dpi> ; <locs...> ; <labels, tab-separated> ; <offset text>
# The axes fill a figure of that many pixels at that dpi (default rcParams:
# 10 pt tick labels), limits set with set_xlim/set_ylim (no margins), the
# locations from Axis.get_majorticklocs (), the labels from the axis's
# ScalarFormatter.
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

RANGES = [
    (0, 1), (0, 1e-3), (0, 1e5), (-1, 1), (-2.5, 7.3), (0, 10), (0, 100),
    (-5e4, -3), (1e-3, 2e-3), (0.001, 0.0035), (-1e-3, 1e-3), (0, 2.5e-3),
    (1000, 1000.001), (1e5, 1e5 + 1), (123456, 123457), (3.14159, 3.1416),
    (-100.5, -99.5), (1e-6, 5e-6), (0, 2e6), (0, 9.99), (-0.5, 9.5),
    (0, 1.2), (-80, 40), (0.3, 0.30001), (-1e5, 1e5), (2, 3),
    (0, 5), (0, 0.2), (-70.2, -50.1), (0, 37), (1e-3, 1e5),
]
LENGTHS = [100, 150, 237, 300, 400, 640, 999, 1200, 1500]
DPIS = [100, 200, 72]


def line(axis_name, axis, vmin, vmax, length, dpi):
    locs = axis.get_majorticklocs()
    fmt = axis.get_major_formatter()
    labels = fmt.format_ticks(locs)
    offset = fmt.get_offset()
    return "%s %r %r %d %r ; %s ; %s ; %s" % (
        axis_name, float(vmin), float(vmax), length, float(dpi),
        " ".join(repr(float(v)) for v in locs), "\t".join(labels), offset)


def main():
    out = []
    for dpi in DPIS:
        for length in LENGTHS:
            # x and y of different lengths in one figure
            ylength = LENGTHS[(LENGTHS.index(length) + 3) % len(LENGTHS)]
            fig = plt.figure(figsize=(length / dpi, ylength / dpi), dpi=dpi)
            ax = fig.add_axes([0, 0, 1, 1])
            for vmin, vmax in RANGES:
                ax.set_xlim(vmin, vmax)
                ax.set_ylim(vmin, vmax)
                out.append(line("x", ax.xaxis, vmin, vmax, length, dpi))
                out.append(line("y", ax.yaxis, vmin, vmax, ylength, dpi))
            plt.close(fig)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
