# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# Sourced by the figure examples (examples/figures/sN.sh OUTDIR): the
# plugin and render command of examples/common.sh, and the tutorial's data
# written once into $DATA by tutorial_data.py.
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
figures=$examples/figures
OUT=${1:?usage: $0 OUTDIR}
mkdir -p "$OUT"
DATA=${NEUROVIZ_FIGURE_DATA:-$OUT/figure-data}
# tutorial_data FIG: writes FIG's arrays into $DATA unless they are there
tutorial_data () {
  mkdir -p "$DATA"
  [ -e "$DATA/.$1" ] || { "$PY" "$figures/tutorial_data.py" "$DATA" "$1" &&
    touch "$DATA/.$1"; }
}
