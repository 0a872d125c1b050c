#!/usr/bin/env bash
# One PNG file per frame (frame-0000.png ...), like saving each figure with
# savefig in a loop; the files can be joined later by any tool.
# usage: examples/png-frames.sh OUTDIR   (plugin from ${NEUROVIZ_BUILD:-build})
set -euo pipefail
OUT=${1:?usage: $0 OUTDIR}
mkdir -p "$OUT/frames"
export GST_PLUGIN_PATH=${NEUROVIZ_BUILD:-build}
gst-launch-1.0 -q neurosrc pattern=poisson units=30 duration=3000000000 ! \
  spikeraster window=2 title="Sliding Window Spike Raster (t = {t})" ! \
  video/x-raw,width=640,height=360,framerate=20/1 ! videoconvert ! pngenc ! \
  multifilesink location="$OUT/frames/frame-%04d.png"
echo "wrote $(ls "$OUT/frames" | wc -l) PNG files in $OUT/frames"
