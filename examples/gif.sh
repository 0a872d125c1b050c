#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The tutorial saves its neural-activity animation as a GIF with Pillow
# (anim.save('neural_activity.gif', writer='pillow', fps=20)); gifenc does
# the same from a pipeline: here one raster panel (the whole §4 figure is
# examples/figures/s4.sh, which writes neural_activity.gif).
# usage: examples/gif.sh OUTDIR   -> OUTDIR/raster.gif
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
OUT=${1:?usage: $0 OUTDIR}
mkdir -p "$OUT"
render "$OUT/raster.gif" "Animated GIF of a spike raster (gifenc), 4 s" \
  neurosrc pattern=poisson units=30 duration=4000000000 ! \
  spikeraster window=2 title="Sliding Window Spike Raster (t = {t})" ! \
  video/x-raw,width=600,height=400,framerate=20/1 ! videoconvert ! \
  gifenc loop=0 ! filesink location="$OUT/raster.gif"
