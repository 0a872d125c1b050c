#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The animation tutorial's §5, "1D Signal Animation": five noisy sines as
# an oscilloscope, a waterfall and a heatmap, stacked in a 12 x 10 inch
# figure (plt.subplots(3, 1)), a 2 s window sliding 50 ms per frame; the
# tutorial's own signals (tutorial_data.py, 1000 samples over 10 s), written
# as its to_jshtml() page.
# usage: examples/figures/s5.sh OUTDIR -> OUTDIR/signals_1d.html
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
tutorial_data s5

SINK=(videoconvert ! pngenc !
        htmlplayersink location="$OUT/signals_1d.html" title="1D Signal Animation")
bench_sink SINK

render "$OUT/signals_1d.html" "§5 1D signals: oscilloscope, waterfall, heatmap, HTML player" \
  neurofigure name=f width=1200 height=1000 \
      suptitle="1D Signal Animation" suptitle-size=14 suptitle-weight=bold ! \
    video/x-raw,framerate=20/1 ! "${SINK[@]}" \
  neurofilesrc location="$DATA/s5.npy" kind=signal rate=99.9 ! tee name=s \
  s. ! queue ! signalscope mode=oscilloscope window=2 x-axis=window colormap=viridis legend=true \
      y-scale=fixed ymin=-3 ymax=3 y-label=Amplitude \
      title="Oscilloscope View (t = {t})" ! f. \
  s. ! queue ! signalscope mode=stacked window=2 x-axis=window colormap=viridis \
      y-scale=fixed ymin=-1 ymax=1 y-label=Channel title="Waterfall Display" ! f. \
  s. ! queue ! signalscope mode=heatmap window=2 x-axis=window colormap=hot \
      y-scale=fixed ymin=-2 ymax=2 y-label=Amplitude \
      title="Signal Intensity Heatmap" ! f.
