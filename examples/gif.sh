#!/usr/bin/env bash
# The tutorial saves its neural-activity animation as a GIF with Pillow
# (anim.save('neural_activity.gif', writer='pillow', fps=20)); gifenc does
# the same from a pipeline.
# usage: examples/gif.sh OUTDIR   (plugin found via GST_PLUGIN_PATH_1_0)
set -euo pipefail
OUT=${1:?usage: $0 OUTDIR}
mkdir -p "$OUT"
gst-launch-1.0 -q neurosrc pattern=poisson units=30 duration=4000000000 ! \
  spikeraster window=2 title="Sliding Window Spike Raster (t = {t})" ! \
  video/x-raw,width=600,height=400,framerate=20/1 ! videoconvert ! \
  gifenc loop=0 ! filesink location="$OUT/neural_activity.gif"
echo "wrote $OUT/neural_activity.gif ($(stat -c %s "$OUT/neural_activity.gif") bytes)"
