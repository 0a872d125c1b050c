#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The animation tutorial's §8, "Learning Process Animation": a 3 x 3
# GridSpec in a 15 x 10 inch figure (its hspace = wspace = 0.3 are undone
# by the tight_layout it calls after; each panel's own margins do that
# here): the learning curves across the top (gs[0, :]), the weight matrix,
# its histogram and the neurons' activity as bars in the middle row, the
# feature importances across the bottom (gs[2, :]); one epoch per frame at
# its 100 ms interval, "Epoch {frame}" in the suptitle.  The tutorial's own data
# (tutorial_data.py), written as it writes it: learning_process.gif
# (pillow, 10 fps) and its to_jshtml() page.
# usage: examples/figures/s8.sh OUTDIR
#   -> OUTDIR/learning_process.gif, OUTDIR/learning_process.html
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
tutorial_data s8
read -r BIN_MIN BIN_MAX < "$DATA/s8-bins.txt"

SINK=(tee name=out
      out. ! queue ! videoconvert ! gifenc loop=0 !
        filesink location="$OUT/learning_process.gif"
      out. ! queue ! videoconvert ! pngenc !
        htmlplayersink location="$OUT/learning_process.html" title="Learning Process Animation")
bench_sink SINK

render "$OUT/learning_process.gif" "§8 learning process, 3 x 3 GridSpec: GIF and HTML player" \
  neurofigure name=f width=1500 height=1000 rows=3 cols=3 \
      sink_0::cell=0,: sink_4::cell=2,: \
      suptitle="Learning Process Animation (Epoch {frame})" suptitle-size=14 \
      suptitle-weight=bold ! \
    video/x-raw,framerate=10/1 ! "${SINK[@]}" \
  neurofilesrc location="$DATA/s8-curves.npy" kind=signal rate=10 ! \
    signalscope mode=history window=10 x-unit=samples legend=true legend-loc=right \
      channel-names="Accuracy,Loss (scaled)" colors=g,r line-width=2.78 \
      y-scale=fixed ymin=0 ymax=1.2 x-label=Epoch y-label=Performance \
      title="Learning Curves" ! f.sink_0 \
  neurofilesrc location="$DATA/s8-weights.npy" kind=frames rate=10 ! tee name=w \
  w. ! queue ! activitymap colormap=RdBu_r scale=fixed vmin=-1 vmax=1 colorbar=false \
      x-label=Post y-label=Pre title="Weight Matrix" ! f.sink_1 \
  w. ! queue ! activitymap view=histogram bins=30 range-min="$BIN_MIN" range-max="$BIN_MAX" \
      count-max=30 bar-color="#b30000ff" x-label="Weight Value" y-label=Count \
      title="Weight Distribution" ! f.sink_2 \
  neurofilesrc location="$DATA/s8-activity.npy" kind=signal rate=10 ! \
    signalscope mode=bars colors=orange y-scale=fixed ymin=0 ymax=1 \
      x-label=Neuron y-label=Activity title="Neural Activity" ! f.sink_3 \
  neurofilesrc location="$DATA/s8-features.npy" kind=signal rate=10 ! \
    signalscope mode=history window=10 x-unit=samples legend=true legend-loc=right \
      channel-names="Feature 1,Feature 2,Feature 3,Feature 4,Feature 5" line-width=2.78 \
      y-scale=fixed ymin=0 ymax=1 x-label=Epoch y-label=Importance \
      title="Feature Importance Evolution" ! f.sink_4
