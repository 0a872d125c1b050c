#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The tutorial's six figures: gst-neuroviz against matplotlib, same run.
#
#   bash bench/figures.sh [builddir] [rounds] [figures...]
#
# For each figure (default s4 s5 s6 s7 s8 s9) and each of `rounds` rounds
# (default 3), alternating: the example's own launch line
# (examples/figures/sN.sh, NEUROVIZ_FIGURE_BENCH=1: the figure goes to a
# fakesink instead of its files) over the tutorial's data played 10 times
# in a row (tutorial_data.py --repeat 10), timed as a whole gst-launch-1.0
# process (start-up, file reading and every panel included); then the
# tutorial's matplotlib code for the same figure drawn with Agg, frames
# precomputed (bench/mpl_figures.py fps: render-only).  Both pinned to the
# same one core (taskset -c 1).  The ratio is that of the medians.  Peak
# memory: maximum RSS of the gst-launch process, last round.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
rounds=${2:-3}
shift $(( $# > 2 ? 2 : $# ))
figs=("$@")
[ ${#figs[@]} -gt 0 ] || figs=(s4 s5 s6 s7 s8 s9)
repeat=10
pin="taskset -c 1"
command -v taskset >/dev/null || pin=""
export GST_PLUGIN_PATH_1_0=$build
export GST_REGISTRY_1_0=${TMPDIR:-/tmp}/neuroviz-bench-registry.bin
data=$build/figure-bench-data
export NEUROVIZ_FIGURE_DATA=$data NEUROVIZ_FIGURE_BENCH=1
# the repeated recordings; the marker files make the examples keep them
for f in "${figs[@]}"; do
  if [ ! -e "$data/.$f" ]; then
    /usr/bin/python3 "$root/examples/figures/tutorial_data.py" \
      --repeat $repeat "$data" "$f"
    touch "$data/.$f"
  fi
done

# frames of each figure's run: the tutorial's recording at its frame rate
frames_of () {
  case $1 in
    s4) echo $((200 * repeat - 39)) ;;  # 10 s at 20 fps, full windows of 2 s
    s5) echo $((200 * repeat)) ;;    # 1000 samples at 99.9 Hz, 20 fps
    s6) echo $((100 * repeat)) ;;
    s7) echo $((100 * repeat)) ;;    # 10 fps
    s8) echo $((100 * repeat)) ;;
    s9) echo $((150 * repeat)) ;;
  esac
}

declare -A ours mpl rss size
for r in $(seq "$rounds"); do
  for f in "${figs[@]}"; do
    log=$(mktemp)
    /usr/bin/time -f "%M" -o "$log" $pin bash "$root/examples/figures/$f.sh" \
      "${TMPDIR:-/tmp}" > "$log.out"
    secs=$(tail -1 "$log.out")
    rss[$f]=$(tail -1 "$log")
    rm -f "$log" "$log.out"
    ours[$f]+="$(awk -v n="$(frames_of "$f")" -v s="$secs" \
      'BEGIN { printf "%.1f", n / s }') "
    line=$($pin /usr/bin/python3 "$root/bench/mpl_figures.py" fps "$f" --repeat 1)
    mpl[$f]+="$(awk '{ print $2 }' <<< "$line") "
    size[$f]=$(sed 's/.*(\([0-9x]*\),.*/\1/' <<< "$line")
  done
done

median () {
  tr ' ' '\n' <<< "$1" | sed '/^$/d' | sort -g |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "one core ($pin), $rounds rounds alternating, medians; gst-neuroviz: whole gst-launch process"
printf '| %-6s | %-9s | %14s | %16s | %8s | %8s | %s\n' figure size \
  "matplotlib fps" "gst-neuroviz fps" ratio "peak MB" "runs (ours; matplotlib)"
for f in "${figs[@]}"; do
  m=$(median "${mpl[$f]}")
  o=$(median "${ours[$f]}")
  awk -v f="$f" -v s="${size[$f]}" -v m="$m" -v o="$o" -v k="${rss[$f]}" \
    -v ro="${ours[$f]}" -v rm="${mpl[$f]}" 'BEGIN {
      printf "| %-6s | %-9s | %14.1f | %16.0f | %7.0fx | %8.0f | %s; %s\n",
        f, s, m, o, o / m, k / 1024, ro, rm }'
done
