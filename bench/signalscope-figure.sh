#!/bin/bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The tutorial's section 5 figure (oscilloscope, waterfall and heatmap of 5
# channels at 100 Hz, 2 s window, 1200x1000, 20 frames per second of data)
# drawn by matplotlib (bench/mpl_figures.py, Agg, render only) and by three
# signalscope elements composited, in the same run, each on one core
# (taskset -c 1).  The project's figure is the CPU time of the whole
# pipeline (bench/signalscope-bench.c: pre-generated data through appsrc,
# tee, three signalscopes, compositor, fakesink).
# usage: bench/signalscope-figure.sh BUILDDIR [SECONDS]
set -e
BUILD=$(realpath "${1:?usage: $0 BUILDDIR [SECONDS]}")
SECS=${2:-60}
HERE=$(dirname "$(realpath "$0")")
export GST_PLUGIN_PATH_1_0="$BUILD" GST_REGISTRY_1_0="$BUILD/bench-registry.bin"
BIN="$BUILD/signalscope-bench"
cc -O2 -o "$BIN" "$HERE/signalscope-bench.c" \
  $(pkg-config --cflags --libs gstreamer-1.0 gstreamer-app-1.0) -lm
pin="taskset -c 1"
command -v taskset >/dev/null || pin=""
common="window=2 legend=true"
fig="! tee name=t \
 t. ! queue ! signalscope $common y-scale=fixed ymin=-3 ymax=3 \
   title=\"Oscilloscope View (t = {t})\" ! \
   video/x-raw,width=1200,height=333,framerate=20/1 ! c.sink_0 \
 t. ! queue ! signalscope $common mode=stacked y-scale=fixed ymin=-3 ymax=3 \
   title=\"Waterfall Display\" ! \
   video/x-raw,width=1200,height=333,framerate=20/1 ! c.sink_1 \
 t. ! queue ! signalscope $common mode=heatmap colormap=hot y-scale=fixed \
   ymin=-2 ymax=2 title=\"Signal Intensity Heatmap\" ! \
   video/x-raw,width=1200,height=334,framerate=20/1 ! c.sink_2 \
 compositor name=c sink_1::ypos=333 sink_2::ypos=666 ! \
   video/x-raw,width=1200,height=1000,framerate=20/1 ! fakesink sync=false"
echo "== project: section 5 figure, 3 x signalscope + compositor, 1200x1000"
$pin "$BIN" 5 100 "$SECS" "$fig" 1200 1000 20
echo "== project: the oscilloscope panel alone, 1200x333"
$pin "$BIN" 5 100 "$SECS" "$common y-scale=fixed ymin=-3 ymax=3" 1200 333 20
echo "== matplotlib: section 5 figure (render only)"
$pin /usr/bin/python3 "$HERE/mpl_figures.py" fps s5 --frames 60 --repeat 3
