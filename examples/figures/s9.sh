#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The animation tutorial's §9, "Dynamic Connectivity Patterns": a 15 x 15
# matrix under STDP-like plasticity as an image with its colorbar, the
# histogram of its weights, the network it draws (edges above |w| = 0.1,
# red excitatory, blue inhibitory, 5 pt wide and opacity 2 per unit
# weight) and two of its metrics growing over time (netmetrics: mean
# strength, sparsity), in a 12 x 10 inch figure (plt.subplots(2, 2)) at its
# 50 ms interval.  The tutorial's own matrices (tutorial_data.py), written
# as its to_jshtml() page.
# usage: examples/figures/s9.sh OUTDIR -> OUTDIR/dynamic_connectivity.html
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
tutorial_data s9

SINK=(videoconvert ! pngenc !
        htmlplayersink location="$OUT/dynamic_connectivity.html"
          title="Dynamic Connectivity Patterns")
bench_sink SINK

render "$OUT/dynamic_connectivity.html" "§9 dynamic connectivity, 2 x 2: HTML player" \
  neurofigure name=f width=1200 height=1000 rows=2 cols=2 \
      suptitle="Dynamic Connectivity Patterns (t = {frame})" suptitle-size=14 \
      suptitle-weight=bold ! \
    video/x-raw,framerate=20/1 ! "${SINK[@]}" \
  neurofilesrc location="$DATA/s9.npy" kind=connectivity rate=20 ! tee name=c \
  c. ! queue ! activitymap colormap=RdBu_r scale=fixed vmin=-0.5 vmax=0.5 \
      colorbar-label=Weight x-label=Post-synaptic y-label=Pre-synaptic \
      title="Connectivity Matrix" ! f. \
  c. ! queue ! activitymap view=histogram bins=29 range-min=-0.5 range-max=0.5 \
      count-max=50 bar-color="#b31f77b4" x-label="Connection Strength" \
      y-label=Count title="Weight Distribution" ! f. \
  c. ! queue ! netgraph layout=circular axes=false node-color=lightblue \
      node-outline=black threshold=0.1 edge-color-mode=sign \
      positive-color=red negative-color=blue edge-width=6.94 edge-alpha=2 \
      title="Network Graph" ! f. \
  c. ! queue ! netmetrics threshold=0.1 ! \
    signalscope mode=history window=7.5 x-unit=samples channel-range=0-1 \
      channel-names="Mean Strength,Sparsity" colors=b,r legend=true legend-loc=best \
      y-scale=fixed ymin=-0.1 ymax=0.5 x-label=Time y-label="Metric Value" \
      title="Network Metrics" ! f.
