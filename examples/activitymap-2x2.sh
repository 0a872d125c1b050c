#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The animation tutorial's 2x2 "2D Spatial Activity Animation" figure
# (section 6): traveling wave (viridis), rotating spiral (plasma), spreading
# activation (hot) and dynamic hotspots (jet), four activitymaps composed
# side by side.  They share one timeline, so the four panels stay in sync.
# usage: examples/activitymap-2x2.sh OUTDIR   -> OUTDIR/activity-2x2.mp4
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
OUT=${1:?usage: $0 OUTDIR}
mkdir -p "$OUT"
DUR=5000000000                 # 5 s of data
TILE="video/x-raw,width=640,height=360,framerate=30/1"

render "$OUT/activity-2x2.mp4" "2D activity, 2x2: wave, spiral, spreading, hotspots" \
  compositor name=mix background=white \
      sink_0::xpos=0   sink_0::ypos=0 \
      sink_1::xpos=640 sink_1::ypos=0 \
      sink_2::xpos=0   sink_2::ypos=360 \
      sink_3::xpos=640 sink_3::ypos=360 ! \
    video/x-raw,width=1280,height=720,framerate=30/1 ! videoconvert ! \
    video/x-raw,format=I420 ! \
    x264enc tune=stillimage speed-preset=fast ! video/x-h264,profile=high ! \
    mp4mux ! filesink location="$OUT/activity-2x2.mp4" \
  neurosrc pattern=traveling-wave duration=$DUR ! \
    activitymap colormap=viridis title="Traveling Wave (t = {t})" ! $TILE ! mix.sink_0 \
  neurosrc pattern=spiral duration=$DUR ! \
    activitymap colormap=plasma title="Rotating Spiral (t = {t})" ! $TILE ! mix.sink_1 \
  neurosrc pattern=spreading duration=$DUR ! \
    activitymap colormap=hot title="Spreading Activation (t = {t})" ! $TILE ! mix.sink_2 \
  neurosrc pattern=hotspots duration=$DUR ! \
    activitymap colormap=jet title="Dynamic Hotspots (t = {t})" ! $TILE ! mix.sink_3
