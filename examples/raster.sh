#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The tutorial's "sliding window spike raster" (section 4) from synthetic
# Poisson spikes, and a 1000-unit propagating wave in sweep mode.
# usage: examples/raster.sh OUTDIR   -> OUTDIR/raster.mp4, OUTDIR/wave-sweep.mp4
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
OUT=${1:?usage: $0 OUTDIR}
mkdir -p "$OUT"
ENC="videoconvert ! video/x-raw,format=I420 ! x264enc ! mp4mux"

render "$OUT/raster.mp4" "Sliding window spike raster, 30 Poisson units, 10 s" \
  neurosrc pattern=poisson units=30 seed=42 duration=10000000000 ! \
  spikeraster window=2 title="Sliding Window Spike Raster (t = {t})" ! \
  video/x-raw,width=1200,height=800,framerate=20/1 ! \
  $ENC ! filesink location="$OUT/raster.mp4"

render "$OUT/wave-sweep.mp4" "Propagating wave, 1000 units, sweep mode, 10 s" \
  neurosrc pattern=wave units=1000 duration=10000000000 ! \
  spikeraster window=2 mode=sweep color-mode=colormap colormap=viridis \
    title="Propagating wave, 1000 units (t = {t})" ! \
  video/x-raw,width=1280,height=720,framerate=30/1 ! \
  $ENC ! filesink location="$OUT/wave-sweep.mp4"
