#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# A WebM movie (VP8), like anim.save('raster.webm'); the same stream also
# goes into an HTML page as one <video> (htmlplayersink takes video/webm).
# usage: examples/webm.sh OUTDIR   -> OUTDIR/raster.webm, OUTDIR/raster-webm.html
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
OUT=${1:?usage: $0 OUTDIR}
mkdir -p "$OUT"
render "$OUT/raster.webm" "WebM (VP8) movie, also as raster-webm.html" \
  neurosrc pattern=poisson units=30 duration=3000000000 ! \
  spikeraster window=2 title="Sliding Window Spike Raster (t = {t})" ! \
  video/x-raw,width=640,height=360,framerate=20/1 ! videoconvert ! \
  vp8enc deadline=1 target-bitrate=1000000 ! webmmux ! tee name=t \
  t. ! queue ! filesink location="$OUT/raster.webm" \
  t. ! queue ! htmlplayersink location="$OUT/raster-webm.html"
