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
# figure, frame shown, the example's page
while read -r fig frame page; do
  bash "$root/examples/figures/$fig.sh" "$tmp"
  /usr/bin/python3 "$root/docs/figures/compare.py" "$fig" "$frame" \
    "$tmp/$page" "$root/docs/figures/$fig.png"
done <<'LIST'
s4 60 neural_activity.html
s5 100 signals_1d.html
s6 50 spatial_activity.html
s7 20 network_dynamics.html
s8 50 learning_process.html
s9 100 dynamic_connectivity.html
LIST
