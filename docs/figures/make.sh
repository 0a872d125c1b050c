#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# Makes docs/figures/sN.png: one frame of each examples/figures/sN.sh
# beside matplotlib's frame of the tutorial's code (compare.py).
#   bash docs/figures/make.sh [builddir]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export NEUROVIZ_BUILD=${1:-build}
tmp=$(mktemp -d /tmp/neuroviz-figures.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export NEUROVIZ_FIGURE_DATA=$tmp/data
# figure, matplotlib's frame, the example's page, our frame of the same
# data (§5: signalscope's window does not start full, 39 frames later)
while read -r fig frame page ours; do
  bash "$root/examples/figures/$fig.sh" "$tmp"
  /usr/bin/python3 "$root/docs/figures/compare.py" "$fig" "$frame" \
    "$tmp/$page" "$root/docs/figures/$fig.png" --ours "$ours"
done <<'LIST'
s4 60 neural_activity.html 60
s5 100 signals_1d.html 139
s6 50 spatial_activity.html 50
s7 20 network_dynamics.html 20
s8 50 learning_process.html 50
s9 100 dynamic_connectivity.html 100
LIST
