#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The tutorial shows its animations with to_jshtml(); htmlplayersink writes
# the same kind of page (play, step, slider, speed, loop/once/reflect) from
# a pipeline: one self-contained file, frames embedded as PNG.
# usage: examples/html.sh OUTDIR   -> OUTDIR/raster.html (open in a browser)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
OUT=${1:?usage: $0 OUTDIR}
mkdir -p "$OUT"
render "$OUT/raster.html" "HTML player page, PNG frames inside (htmlplayersink)" \
  neurosrc pattern=poisson units=30 duration=3000000000 ! \
  spikeraster window=2 title="Sliding Window Spike Raster (t = {t})" ! \
  video/x-raw,width=640,height=360,framerate=20/1 ! videoconvert ! pngenc ! \
  htmlplayersink location="$OUT/raster.html" title="Spike raster"
