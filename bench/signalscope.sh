#!/bin/bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# Render-only benchmark of signalscope (see bench/RESULTS.md).
# usage: bench/signalscope.sh BUILDDIR
# Data: one pre-generated second of signal pushed through appsrc again and
# again (bench/signalscope-bench.c), so generation cost is excluded.  One
# core (taskset -c 0); peak memory from /usr/bin/time -v.
set -e
BUILD=$(realpath "${1:?usage: $0 BUILDDIR}")
HERE=$(dirname "$(realpath "$0")")
export GST_PLUGIN_PATH_1_0="$BUILD" GST_REGISTRY_1_0="$BUILD/bench-registry.bin"
BIN="$BUILD/signalscope-bench"
cc -O2 -o "$BIN" "$HERE/signalscope-bench.c" \
  $(pkg-config --cflags --libs gstreamer-1.0 gstreamer-app-1.0) -lm
run () {
  echo "== $1"
  shift
  /usr/bin/time -v taskset -c 0 "$BIN" "$@" 2>/tmp/signalscope-time.txt
  grep "Maximum resident" /tmp/signalscope-time.txt
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
  5 1000 10 "window=2 y-scale=fixed ymin=-3 ymax=3" 1200 1000 30
