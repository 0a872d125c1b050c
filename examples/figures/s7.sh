#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The animation tutorial's §7, "Network Dynamics Animation": 20 nodes on a
# jittered circle whose colour is their activity (hot), edges of a
# modulated weight matrix (width 3 pt and opacity per unit weight) next to
# that matrix (RdBu_r, with its colorbar), in a 14 x 6 inch figure
# (plt.subplots(1, 2)); an edge is red where the product of its nodes'
# activity is above 0.5, else blue; the tutorial's own data (tutorial_data.py) at its
# 100 ms interval, written as it writes it: network_dynamics.mp4
# (FFMpegWriter, 10 fps, 1800 kb/s) and its to_jshtml() page.
# usage: examples/figures/s7.sh OUTDIR
#   -> OUTDIR/network_dynamics.mp4, OUTDIR/network_dynamics.html
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
tutorial_data s7

SINK=(tee name=out
      out. ! queue ! videoconvert ! video/x-raw,format=I420 !
        x264enc bitrate=1800 speed-preset=fast tune=zerolatency ! mp4mux !
        filesink location="$OUT/network_dynamics.mp4"
      out. ! queue ! videoconvert ! pngenc !
        htmlplayersink location="$OUT/network_dynamics.html" title="Network Dynamics Animation")
bench_sink SINK

render "$OUT/network_dynamics.mp4" "§7 network graph beside its weight matrix: MP4 and HTML player" \
  neurofigure name=f width=1400 height=600 cols=2 \
      suptitle="Network Dynamics Animation" suptitle-size=14 suptitle-weight=bold ! \
    video/x-raw,framerate=10/1 ! "${SINK[@]}" \
  neurofilesrc location="$DATA/s7-weights.npy" kind=connectivity rate=10 ! tee name=w \
  w. ! queue ! netgraph name=g positions-location="$DATA/s7-pos.npy" axes=false \
      threshold=0 edge-width=4.17 edge-max-width=20 edge-alpha=1 \
      edge-color-mode=activity edge-activity-threshold=0.5 \
      colormap=hot vmin=0 vmax=1 node-size=20 node-outline=black \
      title="Network Structure (t = {frame})" ! f. \
  w. ! queue ! activitymap colormap=RdBu_r scale=fixed vmin=-1 vmax=1 \
      colorbar-label=Weight title="Connectivity Matrix" ! f. \
  neurofilesrc location="$DATA/s7-activity.npy" kind=signal rate=10 ! g.activity
