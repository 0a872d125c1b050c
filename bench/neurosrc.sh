#!/usr/bin/env bash
# gst-neuroviz — neurosrc benchmark: CPU time of each generator into fakesink.
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   bash bench/neurosrc.sh [builddir...]      (default: build)
#
# Every case runs pinned to one core (taskset -c 0); the figure is the least
# user+sys CPU time of $REPS runs (default 5), which is steadier than wall
# time on a shared machine.  With several build folders (e.g. the build of
# another commit), the runs of the folders alternate, so that they see the
# same machine state: an A/B comparison.
set -euo pipefail
reps="${REPS:-5}"
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=(build)
pin="taskset -c 0"
command -v taskset >/dev/null || pin=""

# cpu seconds (user+sys) of one gst-launch with the plugin from folder $1
measure () {
  local dir="$1" i="$2"
  shift 2
  { GST_PLUGIN_PATH="$(cd "$dir" && pwd)" \
      GST_REGISTRY="${TMPDIR:-/tmp}/neuroviz-bench-neurosrc-$i.bin" \
      /usr/bin/time -f "%U %S" $pin gst-launch-1.0 -q "$@" >/dev/null; } 2>&1 |
    tail -1 | awk '{printf "%.3f\n", $1 + $2}'
}

printf "%-46s" case
for d in "${dirs[@]}"; do printf " %14s" "$(basename "$d")"; done
printf "   (cpu s, least of %d)\n" "$reps"

run () {
  local name="$1"
  shift
  local best=() r i
  for i in "${!dirs[@]}"; do best[$i]=999999; done
  for ((r = 0; r < reps; r++)); do
    for i in "${!dirs[@]}"; do
      local t
      t=$(measure "${dirs[$i]}" "$i" neurosrc "$@" ! fakesink)
      best[$i]=$(awk -v a="${best[$i]}" -v b="$t" 'BEGIN { print (b < a) ? b : a }')
    done
  done
  printf "%-46s" "$name"
  for i in "${!dirs[@]}"; do printf " %14.3f" "${best[$i]}"; done
  printf "\n"
}

s10=duration=10000000000
run "poisson, 100 000 units at 5 Hz, 10 s" \
  pattern=poisson units=100000 rate-min=5 rate-max=5 $s10
run "poisson, 100 000 units, 5..20 Hz, 10 s" pattern=poisson units=100000 $s10
run "wave, 100 000 units, 10 s" pattern=wave units=100000 $s10
run "membrane, 64 channels at 30 kHz, 10 s" \
  pattern=membrane channels=64 rate=30000 $s10
run "sines, 64 channels at 30 kHz, 10 s" pattern=sines channels=64 rate=30000 $s10
run "learning, 100 000 epochs/s, 100 s" pattern=learning rate=100000 \
  duration=100000000000
run "traveling-wave, 512x512 at 20 fps, 100 s" \
  pattern=traveling-wave width=512 height=512 duration=100000000000
run "spiral, 512x512 at 20 fps, 10 s" pattern=spiral width=512 height=512 $s10
run "spreading, 512x512 at 20 fps, 100 s" \
  pattern=spreading width=512 height=512 duration=100000000000
run "hotspots, 512x512 at 20 fps, 10 s" pattern=hotspots width=512 height=512 $s10
run "connectivity, 1000 units at 20 fps, 10 s" \
  pattern=connectivity units=1000 $s10
run "modulated-connectivity, 2000 units, 10 s" \
  pattern=modulated-connectivity units=2000 $s10
