#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The animation tutorial's §4, "Neural Activity Animation": a 2 s window
# sliding 50 ms per frame over 30 Poisson trains, the spike raster over the
# population rate (bins of 2/99 s smoothed with sigma = 2 bins, as its
# gaussian_filter1d), in a 12 x 8 inch figure; the window starts full and
# its x axis counts 0 ... 2 s, as the tutorial's; written as the tutorial
# writes it: neural_activity.gif (pillow, 20 fps) and its to_jshtml() page.
# usage: examples/figures/s4.sh OUTDIR
#   -> OUTDIR/neural_activity.gif, OUTDIR/neural_activity.html
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
tutorial_data s4

SINK=(tee name=out
      out. ! queue ! videoconvert ! gifenc loop=0 !
        filesink location="$OUT/neural_activity.gif"
      out. ! queue ! videoconvert ! pngenc !
        htmlplayersink location="$OUT/neural_activity.html" title="Neural Activity Animation")
bench_sink SINK

render "$OUT/neural_activity.gif" "§4 spike raster over population rate: GIF and HTML player" \
  neurofigure name=f width=1200 height=800 \
      suptitle="Neural Activity Animation" suptitle-size=14 suptitle-weight=bold ! \
    video/x-raw,framerate=20/1 ! "${SINK[@]}" \
  neurofilesrc location="$DATA/s4.npz" time-unit=s units=30 ! \
    spikeraster window=2 start-full=true x-axis=window \
      title="Sliding Window Spike Raster (t = {t})" \
      rate-panel=true rate-bin=0.020202 rate-smooth=2 rate-max=30 \
      rate-line-width=2 rate-fill-color="#4d1f77b4" \
      rate-title="Population Firing Rate" rate-y-label="Population Rate (Hz)" ! f.
