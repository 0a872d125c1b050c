#!/bin/bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# Render-only benchmark of signalscope (see bench/RESULTS.md).
# usage: bench/signalscope.sh BUILDDIR
# Data: one pre-generated second of signal pushed through appsrc again and
# again (bench/signalscope-bench.c), so generation cost is excluded; the
# figure is the CPU time of the whole pipeline (appsrc, signalscope with
# its ingest, fakesink) from PLAYING to EOS.  One core (taskset -c 1); peak
# memory from /usr/bin/time -v.  "clear" is the same frame size cleared by
# videotestsrc pattern=solid-color into fakesink (issue 14's reference).
set -e
BUILD=$(realpath "${1:?usage: $0 BUILDDIR}")
HERE=$(dirname "$(realpath "$0")")
export GST_PLUGIN_PATH_1_0="$BUILD" GST_REGISTRY_1_0="$BUILD/bench-registry.bin"
BIN="$BUILD/signalscope-bench"
cc -O2 -o "$BIN" "$HERE/signalscope-bench.c" \
  $(pkg-config --cflags --libs gstreamer-1.0 gstreamer-app-1.0) -lm
pin="taskset -c 1"
command -v taskset >/dev/null || pin=""
run () {
  echo "== $1"
  shift
  /usr/bin/time -v $pin "$BIN" "$@" 2>/tmp/signalscope-time.txt
  grep "Maximum resident" /tmp/signalscope-time.txt
}
clear_ref () {
  local t
  t=$( { /usr/bin/time -f "%U %S" $pin gst-launch-1.0 -q videotestsrc \
    pattern=solid-color num-buffers=3000 ! \
    "video/x-raw,format=BGRx,width=$1,height=$2" ! fakesink ; } 2>&1 )
  echo "== clear $1x$2 (videotestsrc solid-color, 3000 frames): $t s CPU," \
    "$(echo "$t" | awk '{printf "%.0f", 3000 / ($1 + $2)}') fps"
}
run "Neuropixels 384 ch x 30 kHz, stacked, 1 s window, 1920x1080@60" \
  384 30000 10 "mode=stacked window=1 y-scale=fixed ymin=-2 ymax=2"
run "Neuropixels 384 ch x 30 kHz, oscilloscope, 1 s window, 1920x1080@60" \
  384 30000 10 "mode=oscilloscope window=1 y-scale=fixed ymin=-2 ymax=2"
run "10000 ch x 1 kHz, heatmap, 1 s window, 1920x1080@60" \
  10000 1000 10 "mode=heatmap window=1 y-scale=fixed ymin=-2 ymax=2"
run "10000 ch x 1 kHz, stacked, 1 s window, 1920x1080@60" \
  10000 1000 10 "mode=stacked window=1 y-scale=fixed ymin=-2 ymax=2"
run "tutorial: 5 ch x 1 kHz oscilloscope, 2 s window, 1200x1000@30" \
  5 1000 20 "window=2 y-scale=fixed ymin=-3 ymax=3" 1200 1000 30
run "5 ch x 1 kHz panel alone (axes=false, no title), 1200x1000@30" \
  5 1000 20 "window=2 y-scale=fixed ymin=-3 ymax=3 axes=false title=\"\" legend=false" 1200 1000 30
run "5 ch x 1 kHz panel alone, antialias=false (aliased spans)" \
  5 1000 20 "window=2 y-scale=fixed ymin=-3 ymax=3 axes=false title=\"\" legend=false antialias=false" 1200 1000 30
clear_ref 1200 1000
clear_ref 1920 1080
