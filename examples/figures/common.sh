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

# NEUROVIZ_FIGURE_BENCH=1 (bench/figures.sh): the figure goes to a
# fakesink instead of its files, and render prints the seconds the whole
# gst-launch-1.0 process took.  Each script keeps its outputs in the array
# SINK; bench_sink SINK swaps them.
bench_sink () {
  local -n sink=$1
  if [ -n "${NEUROVIZ_FIGURE_BENCH:-}" ]; then
    sink=(fakesink sync=false)
  fi
}
if [ -n "${NEUROVIZ_FIGURE_BENCH:-}" ]; then
  render () {
    local t0=$EPOCHREALTIME
    shift 2
    gst-launch-1.0 -q "$@" >/dev/null
    awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f\n", b - a }'
  }
fi
