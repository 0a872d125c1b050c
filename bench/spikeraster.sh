#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# spikeraster benchmark: render-only frames per second and peak memory.
#
#   bash bench/spikeraster.sh [builddir]
#
# Every case runs pinned to one core (taskset -c 0), so the source thread
# and the renderer share it.  "render fps" = frames / (CPU time of the whole
# pipeline - CPU time of the same neurosrc alone into fakesink), i.e. the
# cost of spikeraster itself.  Peak memory is the maximum RSS of the whole
# gst-launch process (/usr/bin/time).
set -euo pipefail
build="${1:-build}"
export GST_PLUGIN_PATH="$(cd "$build" && pwd)"
export GST_REGISTRY="${TMPDIR:-/tmp}/neuroviz-bench-registry.bin"
pin="taskset -c 0"
command -v taskset >/dev/null || pin=""

# cpu seconds (user+sys) and max RSS (kB) of one command
measure () {
  local out
  out=$( { /usr/bin/time -f "%U %S %M" $pin gst-launch-1.0 -q "$@" >/dev/null; } 2>&1 | tail -1)
  echo "$out" | awk '{printf "%.3f %d\n", $1 + $2, $3}'
}

printf "%-44s %6s %9s %9s %9s\n" case frames "cpu s" "fps" "peak MB"
run () {
  local name="$1" units="$2" rate="$3" w="$4" h="$5" dur="$6" extra="${7:-}"
  local frames=$(( dur * 60 ))
  local src="neurosrc pattern=poisson units=$units rate-min=$rate rate-max=$rate duration=${dur}000000000"
  read -r src_cpu _ < <(measure $src ! fakesink)
  read -r cpu rss < <(measure $src ! spikeraster window=2 $extra ! \
      video/x-raw,width=$w,height=$h,framerate=60/1 ! fakesink)
  awk -v n="$name" -v f="$frames" -v c="$cpu" -v s="$src_cpu" -v r="$rss" \
    'BEGIN { d = c - s; if (d <= 0) d = 0.001;
             printf "%-44s %6d %9.2f %9.0f %9.1f\n", n, f, d, f / d, r / 1024 }'
}

run_tutorial () {
  # the tutorial's section 4 figure: 30 units at 5-20 Hz, 2 s window,
  # raster above a smoothed population rate, 1200x800
  local src="neurosrc pattern=poisson units=30 duration=10000000000"
  read -r src_cpu _ < <(measure $src ! fakesink)
  read -r cpu rss < <(measure $src ! spikeraster window=2 ! \
      video/x-raw,width=1200,height=800,framerate=60/1 ! fakesink)
  awk -v c="$cpu" -v s="$src_cpu" -v r="$rss" \
    'BEGIN { d = c - s; if (d <= 0) d = 0.001;
             printf "%-44s %6d %9.2f %9.0f %9.1f\n", "tutorial section 4 figure, 1200x800", 600, d, 600 / d, r / 1024 }'
}

run_tutorial
run "30 units 20 Hz, 1280x720"        30 20 1280 720 10
run "30 units 20 Hz, 1920x1080"       30 20 1920 1080 10
run "1000 units 20 Hz, 1280x720"      1000 20 1280 720 10
run "1000 units 20 Hz, 1920x1080"     1000 20 1920 1080 10
run "100000 units 5 Hz, 1280x720"     100000 5 1280 720 10
run "100000 units 5 Hz, 1920x1080"    100000 5 1920 1080 10
run "1000 units 20 Hz, 1280x720, no rate panel" 1000 20 1280 720 10 "rate-panel=false"

# Memory over a long stream: one hour of 10 000 units (5-20 Hz), shown as a
# 60x time-lapse (one minute of video, 1800 frames at 30 fps).
echo
echo "one-hour stream, 10000 units, time-scale=60, 1280x720@30:"
/usr/bin/time -f "  wall %e s, cpu %U+%S s, peak RSS %M kB" $pin gst-launch-1.0 -q \
  neurosrc pattern=poisson units=10000 duration=3600000000000 ! \
  spikeraster time-scale=60 ! video/x-raw,width=1280,height=720,framerate=30/1 ! \
  fakesink
