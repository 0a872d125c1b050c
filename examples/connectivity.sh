#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The tutorial's connectivity matrix panel (section 7): a 20x20 weight
# matrix with a slow gain modulation, RdBu_r centred on zero, colorbar
# "Weight", pre-synaptic rows and post-synaptic columns.  A second output
# shows the weight distribution as the tutorial's section 8 does.
# usage: examples/connectivity.sh OUTDIR
#   -> OUTDIR/connectivity.mp4, OUTDIR/weight-histogram.mp4
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
OUT=${1:?usage: $0 OUTDIR}
mkdir -p "$OUT"
DUR=5000000000

render "$OUT/connectivity.mp4" "Connectivity matrix, 20x20, gain-modulated (RdBu_r)" \
  neurosrc pattern=modulated-connectivity duration=$DUR ! \
    activitymap colormap=RdBu_r scale=symmetric colorbar-label=Weight \
      x-label=Post-synaptic y-label=Pre-synaptic \
      title="Connectivity Matrix (t = {t})" ! \
    video/x-raw,width=1280,height=720,framerate=30/1 ! videoconvert ! \
    video/x-raw,format=I420 ! \
    x264enc tune=stillimage speed-preset=fast ! mp4mux ! \
    filesink location="$OUT/connectivity.mp4"

render "$OUT/weight-histogram.mp4" "Weight distribution of that matrix, histogram" \
  neurosrc pattern=modulated-connectivity duration=$DUR ! \
    activitymap view=histogram bins=30 range-min=-4 range-max=4 \
      x-label="Weight Value" title="Weight Distribution (t = {t})" ! \
    video/x-raw,width=960,height=640,framerate=30/1 ! videoconvert ! \
    video/x-raw,format=I420 ! \
    x264enc tune=stillimage speed-preset=fast ! mp4mux ! \
    filesink location="$OUT/weight-histogram.mp4"
