#!/bin/bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The tutorial's six figures as a user renders them: every
# examples/figures/sN.sh into a fresh folder, then tests/figures-check.py
# reads what they wrote (frames and times of the HTML pages, the GIFs'
# frames, the MP4's length, and the pixels of a frame of each figure:
# suptitle centred and bold-dark, nothing drawn on the figure's edge, the
# panels' axes where the grid puts them).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d /tmp/pipeline-figures.XXXXXX)
trap 'rm -rf "$T"' EXIT
export NEUROVIZ_FIGURE_DATA=$T/data
for f in s4 s5 s6 s7 s8 s9; do
  bash "$root/examples/figures/$f.sh" "$T/out" ||
    { echo "FAIL: examples/figures/$f.sh"; exit 1; }
done
/usr/bin/python3 "$root/tests/figures-check.py" "$T/out"
