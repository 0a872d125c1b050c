#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The tutorial's "1D signal animation" panels and a learning curve, as MP4.
# usage: examples/signalscope.sh OUTDIR
#   -> OUTDIR/oscilloscope.mp4, waterfall.mp4, heatmap.mp4, learning.mp4
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
OUT=${1:?usage: $0 OUTDIR}
mkdir -p "$OUT"
SRC="neurosrc pattern=sines channels=5 duration=5000000000"
ENC="videoconvert ! video/x-raw,format=I420 ! x264enc ! mp4mux"
render "$OUT/oscilloscope.mp4" "Oscilloscope, 5 noisy sines, 5 s" \
  $SRC ! signalscope mode=oscilloscope window=2 \
  y-scale=fixed ymin=-3 ymax=3 ! video/x-raw,width=1200,height=400 ! \
  $ENC ! filesink location="$OUT/oscilloscope.mp4"
render "$OUT/waterfall.mp4" "Stacked traces (waterfall), 5 channels" \
  $SRC ! signalscope mode=stacked window=2 channel-height=0.4 \
  ! video/x-raw,width=1200,height=400 ! $ENC ! filesink location="$OUT/waterfall.mp4"
render "$OUT/heatmap.mp4" "Signals as a heatmap (hot), 5 channels" \
  $SRC ! signalscope mode=heatmap window=2 colormap=hot \
  y-scale=fixed ymin=-2 ymax=2 ! video/x-raw,width=1200,height=400 ! \
  $ENC ! filesink location="$OUT/heatmap.mp4"
render "$OUT/learning.mp4" "Learning curves: accuracy and loss per epoch" \
  neurosrc pattern=learning duration=5000000000 rate=20 ! \
  signalscope mode=history x-unit=samples x-label=Epoch window=5 \
  channel-names="Accuracy,Loss" colors="0xff2ca02c,0xffd62728" \
  y-label=Performance title="Learning Curves (t = {t})" ! \
  video/x-raw,width=1200,height=400 ! $ENC ! filesink location="$OUT/learning.mp4"
