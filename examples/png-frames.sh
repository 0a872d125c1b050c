#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# One PNG file per frame (frame-0000.png ...), like saving each figure with
# savefig in a loop; the files can be joined later by any tool.
# usage: examples/png-frames.sh OUTDIR   -> OUTDIR/frames/frame-NNNN.png
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
OUT=${1:?usage: $0 OUTDIR}
mkdir -p "$OUT/frames"
render "$OUT/frames" "One PNG per frame, 60 frames (multifilesink)" \
  neurosrc pattern=poisson units=30 duration=3000000000 ! \
  spikeraster window=2 title="Sliding Window Spike Raster (t = {t})" ! \
  video/x-raw,width=640,height=360,framerate=20/1 ! videoconvert ! pngenc ! \
  multifilesink location="$OUT/frames/frame-%04d.png"
