#!/bin/bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# activitymap render speed and memory.
# Usage: bash bench/activitymap.sh BUILD_DIR
#
# "render-only" runs hold each source frame for many output frames (the
# source makes 2 frames per second, activitymap draws OUT_FPS frames per
# second of data), so generating the data costs almost nothing and every
# output frame is still fully drawn (image, colorbar, title).  "fresh data"
# runs give activitymap a new frame for every output frame and subtract the
# time of the source alone (neurosrc ! fakesink) from the pipeline's.
set -euo pipefail
BUILD=$(realpath "${1:-build}")
WORK=$(mktemp -d /tmp/activitymap-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export GST_PLUGIN_PATH_1_0="$BUILD" GST_REGISTRY_1_0="$WORK/registry.bin"
TIME=/usr/bin/time
[ -x $TIME ] || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')"
gst-inspect-1.0 activitymap > /dev/null

# run DESCRIPTION... -> prints "cpu_seconds maxrss_kB wall_seconds".
# CPU time (user + sys) is what one core spends; it stays meaningful when
# other jobs share the machine, wall time does not.
run() {
  $TIME -f '%U %S %M %e' -o "$WORK/t" gst-launch-1.0 -q "$@" > /dev/null
  awk '{ printf "%.3f %d %.3f\n", $1 + $2, $3, $4 }' "$WORK/t"
}

# case: name grid outW outH frames props
bench() {
  local name=$1 g=$2 ow=$3 oh=$4 n=$5 props=$6
  local secs=$((n / 300 > 0 ? n / 300 : 1))
  # render-only: 2 source frames/s, 300 output frames/s of data
  local d=$((secs * 1000000000))
  read -r t1 m1 w1 < <(run neurosrc pattern=spiral width=$g height=$g rate=2 \
    duration=$d ! activitymap $props ! \
    video/x-raw,width=$ow,height=$oh,framerate=300/1 ! fakesink sync=false)
  local n1=$((secs * 300))
  # fresh data: one source frame per output frame
  local d2=$((n * 1000000000 / 30))
  read -r ts ms ws < <(run neurosrc pattern=spiral width=$g height=$g rate=30 \
    duration=$d2 ! fakesink sync=false)
  read -r t2 m2 w2 < <(run neurosrc pattern=spiral width=$g height=$g rate=30 \
    duration=$d2 ! activitymap $props ! \
    video/x-raw,width=$ow,height=$oh,framerate=30/1 ! fakesink sync=false)
  printf '%-34s render-only %6.0f fps (%d frames, %.2f s CPU, %.2f s wall, peak RSS %d MB) | fresh data %6.0f fps (CPU %.2f s minus source %.2f s; peak RSS %d MB)\n' \
    "$name" "$(echo "$n1 / $t1" | bc -l)" "$n1" "$t1" "$w1" $((m1 / 1024)) \
    "$(echo "$n / ($t2 - $ts)" | bc -l)" "$t2" "$ts" $((m2 / 1024))
}

bench "512x512 -> 1920x1080 viridis+cbar" 512 1920 1080 600 ""
bench "50x50 -> 1280x720 viridis+cbar" 50 1280 720 3000 ""
bench "50x50 -> 1280x720 scale=frame" 50 1280 720 3000 "scale=frame"
bench "512x512 -> 1920x1080 bilinear" 512 1920 1080 300 "interpolation=bilinear"
bench "20x20 -> 1280x720 values+grid" 20 1280 720 600 \
  "show-values=true grid-lines=true colormap=RdBu_r scale=symmetric"
bench "50x50 -> 1280x720 histogram" 50 1280 720 600 "view=histogram"
# the tutorial's 2x2 figure: four 640x360 maps through compositor
t0=$(date +%s.%N)
gst-launch-1.0 -q compositor name=mix sink_1::xpos=640 sink_2::ypos=360 \
  sink_3::xpos=640 sink_3::ypos=360 ! video/x-raw,width=1280,height=720 ! \
  fakesink sync=false \
  neurosrc pattern=traveling-wave rate=30 duration=10000000000 ! activitymap ! video/x-raw,width=640,height=360,framerate=30/1 ! mix.sink_0 \
  neurosrc pattern=spiral rate=30 duration=10000000000 ! activitymap colormap=plasma ! video/x-raw,width=640,height=360,framerate=30/1 ! mix.sink_1 \
  neurosrc pattern=spreading rate=30 duration=10000000000 ! activitymap colormap=hot ! video/x-raw,width=640,height=360,framerate=30/1 ! mix.sink_2 \
  neurosrc pattern=hotspots rate=30 duration=10000000000 ! activitymap colormap=jet ! video/x-raw,width=640,height=360,framerate=30/1 ! mix.sink_3
t1=$(date +%s.%N)
printf '%-34s %.0f composed 1280x720 frames per second (300 frames, whole pipeline incl. sources and compositor)\n' \
  "2x2 figure via compositor" "$(echo "300 / ($t1 - $t0)" | bc -l)"
