#!/bin/bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# Micro-benchmark of the trace rasterizer (gst-plugins/neurotrace.[ch]);
# see bench/RESULTS.md.
# usage: bench/neurotrace.sh BUILDDIR [-t SECONDS] [-png DIR] [CASE...]
# Cases: panel, rate, np-overlaid, np-stacked, 10k-stacked (all by default).
# Render only (data generated first), one core (taskset -c 1), CPU time of
# the drawing thread; compares neurotrace with clearing the same frame and
# with cairo stroking the same lines.
set -euo pipefail
BUILD=$(realpath "${1:?usage: $0 BUILDDIR [-t SECONDS] [-png DIR] [CASE...]}")
shift
HERE=$(dirname "$(realpath "$0")")
BIN="$BUILD/neurotrace-bench"
ninja -C "$BUILD" gst-plugins/libneurovizcore.a >/dev/null
cc -O2 -o "$BIN" "$HERE/neurotrace-bench.c" -I"$HERE/../gst-plugins" \
  "$BUILD/gst-plugins/libneurovizcore.a" \
  $(pkg-config --cflags --libs gstreamer-1.0 gstreamer-base-1.0 \
    gstreamer-video-1.0 gstreamer-audio-1.0 pangocairo cairo zlib) -lm
pin="taskset -c 1"
command -v taskset >/dev/null || pin=""
/usr/bin/time -f "peak RSS %M kB" $pin "$BIN" "$@"
