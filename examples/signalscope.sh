#!/bin/bash
# The tutorial's "1D signal animation" panels and a learning curve, as MP4.
# usage: examples/signalscope.sh OUTDIR   (plugin found via GST_PLUGIN_PATH_1_0)
set -e
OUT=${1:?usage: $0 OUTDIR}
mkdir -p "$OUT"
SRC="neurosrc pattern=sines channels=5 duration=5000000000"
ENC="videoconvert ! x264enc ! mp4mux"
gst-launch-1.0 -q $SRC ! signalscope mode=oscilloscope window=2 \
  y-scale=fixed ymin=-3 ymax=3 ! video/x-raw,width=1200,height=400 ! \
  $ENC ! filesink location="$OUT/oscilloscope.mp4"
gst-launch-1.0 -q $SRC ! signalscope mode=stacked window=2 channel-height=0.4 \
  ! video/x-raw,width=1200,height=400 ! $ENC ! filesink location="$OUT/waterfall.mp4"
gst-launch-1.0 -q $SRC ! signalscope mode=heatmap window=2 colormap=hot \
  y-scale=fixed ymin=-2 ymax=2 ! video/x-raw,width=1200,height=400 ! \
  $ENC ! filesink location="$OUT/heatmap.mp4"
gst-launch-1.0 -q neurosrc pattern=learning duration=5000000000 rate=20 ! \
  signalscope mode=history x-unit=samples x-label=Epoch window=5 \
  channel-names="Accuracy,Loss" colors="0xff2ca02c,0xffd62728" \
  y-label=Performance title="Learning Curves (t = {t})" ! \
  video/x-raw,width=1200,height=400 ! $ENC ! filesink location="$OUT/learning.mp4"
ls -l "$OUT"
