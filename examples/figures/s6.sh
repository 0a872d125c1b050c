#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The animation tutorial's §6, "2D Spatial Activity Animation": four
# heatmaps in a 2 x 2 figure of 12 x 10 inches (plt.subplots(2, 2)), the
# tutorial's own frames (tutorial_data.py) at its 50 ms interval, written
# as its to_jshtml() page.
# usage: examples/figures/s6.sh OUTDIR -> OUTDIR/spatial_activity.html
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
tutorial_data s6

SINK=(videoconvert ! pngenc !
        htmlplayersink location="$OUT/spatial_activity.html"
          title="2D Spatial Activity Animation")
bench_sink SINK

render "$OUT/spatial_activity.html" "§6 2D spatial activity: 2 x 2 heatmaps, HTML player" \
  neurofigure name=f width=1200 height=1000 rows=2 cols=2 \
      suptitle="2D Spatial Activity Animation" suptitle-size=14 suptitle-weight=bold ! \
    video/x-raw,framerate=20/1 ! "${SINK[@]}" \
  neurofilesrc location="$DATA/s6-wave.npy" kind=frames rate=20 ! \
    activitymap colormap=viridis colorbar=false title="Traveling Wave" ! f. \
  neurofilesrc location="$DATA/s6-spiral.npy" kind=frames rate=20 ! \
    activitymap colormap=plasma colorbar=false title="Rotating Spiral" ! f. \
  neurofilesrc location="$DATA/s6-spread.npy" kind=frames rate=20 ! \
    activitymap colormap=hot colorbar=false title="Spreading Activation" ! f. \
  neurofilesrc location="$DATA/s6-hotspots.npy" kind=frames rate=20 ! \
    activitymap colormap=jet colorbar=false title="Dynamic Hotspots" ! f.
