#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The tutorial's "Network Dynamics Movies" figure (section 7): a 20-node
# network on a circle, node colour = activity (hot, 0..1 as the tutorial's
# 0.5 + 0.5 sin), edge width and opacity = |w| of a gain-modulated weight
# matrix, next to the same matrix as an image (RdBu_r, colorbar "Weight").
# A second movie draws a graph over video (videotestsrc stands in for a
# calcium-imaging movie; positions in pixels as ROI centres would be).
# usage: examples/netgraph.sh OUTDIR
#   -> OUTDIR/network.mp4, OUTDIR/network-overlay.mp4
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
OUT=${1:?usage: $0 OUTDIR}
mkdir -p "$OUT"
DUR=5000000000

render "$OUT/network.mp4" "Network graph, 20 nodes, next to its weight matrix" \
  compositor name=mix background=white sink_1::xpos=700 ! \
    video/x-raw,width=1400,height=600,framerate=30/1 ! videoconvert ! \
    video/x-raw,format=I420 ! \
    x264enc tune=stillimage speed-preset=fast ! mp4mux ! \
    filesink location="$OUT/network.mp4" \
  neurosrc pattern=modulated-connectivity units=20 duration=$DUR ! tee name=w \
  w. ! queue ! netgraph name=g threshold=1.2 edge-width=1.2 edge-alpha=0.5 \
      colormap=hot vmin=-2.5 vmax=2.5 colorbar=true \
      title="Network Structure (t = {t})" ! \
    video/x-raw,width=700,height=600,framerate=30/1 ! queue ! mix.sink_0 \
  w. ! queue ! activitymap colormap=RdBu_r scale=fixed vmin=-3 vmax=3 \
      colorbar-label=Weight title="Connectivity Matrix" ! \
    video/x-raw,width=700,height=600,framerate=30/1 ! queue ! mix.sink_1 \
  neurosrc pattern=sines channels=20 rate=100 duration=$DUR ! g.activity

# overlay: 12 "ROIs" in pixel coordinates on a 640x480 movie
POS="120,100;260,80;400,110;520,150;140,230;300,220;460,250;560,300;"
POS+="100,360;240,390;380,370;520,410"
render "$OUT/network-overlay.mp4" "Network graph drawn over video, 12 ROIs" \
  videotestsrc pattern=smpte num-buffers=150 ! \
    video/x-raw,width=640,height=480,framerate=30/1 ! videoconvert ! \
    video/x-raw,format=BGRx ! g.video \
  neurosrc pattern=connectivity units=12 duration=$DUR ! \
    netgraph name=g positions="$POS" positions-units=pixels threshold=0.3 \
      node-size=18 edge-width=5 title="ROIs (t = {t})" \
      foreground=0xffffffff ! \
    videoconvert ! video/x-raw,format=I420 ! x264enc speed-preset=fast ! mp4mux ! \
    filesink location="$OUT/network-overlay.mp4"
