#!/bin/bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# netgraph render speed and memory at 1920x1080.
# Usage: bash bench/netgraph.sh BUILD_DIR
#
# Each figure is the best of 5 runs (REPEAT=n to change).
# "fresh" runs give netgraph a new weight matrix for every output frame
# (neurosrc pattern=modulated-connectivity: B·(1 + 0.5 sin 2πt/T)) and
# subtract the time of the source alone.  T is 1000 runs long, so the gain
# stays within 1..1.003 and every frame has the nominal edge count (3 982 for
# 200 nodes, ~50 800 for 2000; with one period per run the count swept up to
# ~2.5x resp. ~7x the nominal one at gain 1.5).  The matrix is still a new
# buffer every frame: the renderer redraws every edge.  "held" runs keep
# each matrix for 15 output frames (source at 2 matrices/s, output at
# 30 frames per data second... drawn as fast as possible), where the edge
# layer is drawn once and composited.  Activity from neurosrc sines colours
# the nodes in both.  fakesink sync=false: render-only.
set -euo pipefail
BUILD=$(realpath "${1:-build}")
WORK=$(mktemp -d /tmp/netgraph-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export GST_PLUGIN_PATH_1_0="$BUILD" GST_REGISTRY_1_0="$WORK/registry.bin"
TIME=/usr/bin/time
[ -x $TIME ] || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')"
gst-inspect-1.0 netgraph > /dev/null

# best of $REPEAT runs (least CPU time): this machine is a shared VM whose
# run-to-run noise is +-15 %; the least time is what the code costs
REPEAT=${REPEAT:-5}
run() {
  local i
  : > "$WORK/all"
  for i in $(seq "$REPEAT"); do
    $TIME -f '%U %S %M %e' -o "$WORK/t" gst-launch-1.0 -q "$@" > /dev/null
    awk '{ printf "%.3f %d %.3f\n", $1 + $2, $3, $4 }' "$WORK/t" >> "$WORK/all"
  done
  sort -n "$WORK/all" | head -1
}

# bench name nodes threshold frames props
bench() {
  local name=$1 n=$2 thr=$3 frames=$4 props=$5
  local d=$((frames * 1000000000 / 30)) p=$((frames * 1000000000 / 30 * 1000))
  local src="neurosrc pattern=modulated-connectivity units=$n rate=30 period=$p duration=$d"
  local act="neurosrc pattern=sines channels=$n rate=30 duration=$d"
  read -r ts ms ws < <(run $src ! fakesink sync=false $act ! fakesink sync=false)
  read -r t1 m1 w1 < <(run $src ! netgraph name=g threshold=$thr $props ! \
    video/x-raw,width=1920,height=1080,framerate=30/1 ! fakesink sync=false \
    $act ! g.activity)
  local hsrc="neurosrc pattern=modulated-connectivity units=$n rate=2 period=$p duration=$d"
  read -r th mh wh < <(run $hsrc ! netgraph name=g threshold=$thr $props ! \
    video/x-raw,width=1920,height=1080,framerate=30/1 ! fakesink sync=false \
    $act ! g.activity)
  printf '%-40s fresh %6.1f fps (%d frames, CPU %.2f s minus sources %.2f s, peak RSS %d MB) | held %6.1f fps (CPU %.2f s, peak RSS %d MB)\n' \
    "$name" "$(echo "$frames / ($t1 - $ts)" | bc -l)" "$frames" "$t1" "$ts" \
    $((m1 / 1024)) "$(echo "$frames / ($th - $ts)" | bc -l)" "$th" \
    $((mh / 1024))
}

# thresholds: at gain 1 the pair (i, j) is drawn when
# max(|B_ij|, |B_ji|) > t; 200 nodes: P = 0.20 of 19 900 pairs = 4 000 edges
# (t = 1.62); 2000 nodes: P = 0.025 of 1 999 000 pairs = 50 000 (t = 2.49)
bench "200 nodes ~4000 edges, circular" 200 1.62 300 ""
bench "200 nodes ~4000 edges, edge-width=1" 200 1.62 300 "edge-width=1"
bench "2000 nodes ~50000 edges, circular" 2000 2.49 60 "edge-width=1"
bench "2000 nodes ~50000 edges, grid" 2000 2.49 60 "edge-width=1 layout=grid"
bench "20 nodes tutorial (1400x600 layout)" 20 1.2 300 ""

# The tutorial's network figure (examples/netgraph.sh) rendered to fakesink:
# netgraph (20 nodes, 700x600) and activitymap of the same matrices side by
# side through compositor at 1400x600, 300 frames; matplotlib saves this
# figure at 7 frames per second here.
D=$((300 * 1000000000 / 30))
read -r tf mf wf < <(run compositor name=mix background=white \
  sink_1::xpos=700 ! video/x-raw,width=1400,height=600,framerate=30/1 ! \
  fakesink sync=false \
  neurosrc pattern=modulated-connectivity units=20 duration=$D ! tee name=w \
  w. ! queue ! netgraph name=g threshold=1.2 edge-width=1.2 edge-alpha=0.5 \
    colormap=hot vmin=-2.5 vmax=2.5 colorbar=true ! \
    video/x-raw,width=700,height=600,framerate=30/1 ! queue ! mix.sink_0 \
  w. ! queue ! activitymap colormap=RdBu_r scale=fixed vmin=-3 vmax=3 \
    colorbar-label=Weight title="Connectivity Matrix" ! \
    video/x-raw,width=700,height=600,framerate=30/1 ! queue ! mix.sink_1 \
  neurosrc pattern=sines channels=20 rate=100 duration=$D ! g.activity)
printf '%-40s %6.0f fps (300 frames, CPU %.2f s, peak RSS %d MB), %.0fx matplotlib (7 fps)\n' \
  "tutorial figure 1400x600 (+activitymap)" "$(echo "300 / $tf" | bc -l)" \
  "$tf" $((mf / 1024)) "$(echo "300 / $tf / 7" | bc -l)"
