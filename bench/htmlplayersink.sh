#!/bin/bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# htmlplayersink: write time and file size for 100 PNG frames at 1200x800
# (a spike raster figure), against the PNGs alone.  The frames are encoded
# once to files; the timed pipelines read them back, so the sink's own cost
# (base64 into the page) is what differs.
# Usage: bash bench/htmlplayersink.sh BUILD_DIR
set -euo pipefail
BUILD=$(realpath "${1:-build}")
W=1200 H=800 N=100
WORK=$(mktemp -d /tmp/htmlplayersink-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export GST_PLUGIN_PATH_1_0="$BUILD" GST_REGISTRY_1_0="$WORK/registry.bin"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')"
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"

# 100 frames of 1200x800 at 30 fps, PNG (pngenc defaults); the whole
# render + encode + page pipeline is timed too, for scale
raster="neurosrc pattern=poisson units=${UNITS:-300} duration=3333333333 ! \
  spikeraster window=2 ! video/x-raw,width=$W,height=$H,framerate=30/1 ! \
  videoconvert ! pngenc"
gst-launch-1.0 -q $raster ! multifilesink location="$WORK/f-%03d.png"
n=$(ls "$WORK"/f-*.png | wc -l)
[ "$n" = $N ] || { echo "expected $N frames, got $n" >&2; exit 1; }
png_bytes=$(cat "$WORK"/f-*.png | wc -c)

src="multifilesrc location=$WORK/f-%03d.png stop-index=$((N - 1)) \
  caps=image/png,framerate=30/1"
best() {  # best of 5 wall times of a pipeline, seconds
  local b=999 t
  for _ in 1 2 3 4 5; do
    local s0 s1
    s0=$(date +%s.%N)
    gst-launch-1.0 -q $1 >/dev/null
    s1=$(date +%s.%N)
    t=$(awk -v a="$s0" -v b="$s1" 'BEGIN { printf "%.4f", b - a }')
    b=$(awk -v a="$b" -v c="$t" 'BEGIN { print (c < a) ? c : a }')
  done
  echo "$b"
}
t_read=$(best "$src ! fakesink")
t_html=$(best "$src ! htmlplayersink location=$WORK/movie.html")
html_bytes=$(stat -c %s "$WORK/movie.html")
empty_bytes=$(gst-launch-1.0 -q $src stop-index=-1 num-buffers=0 ! \
  htmlplayersink location="$WORK/empty.html" >/dev/null 2>&1; stat -c %s "$WORK/empty.html")

t_full=$(best "$raster ! htmlplayersink location=$WORK/full.html")
echo "PNG frames: $N, $png_bytes bytes ($((png_bytes / N)) per frame)"
echo "page: $html_bytes bytes; empty player: $empty_bytes bytes"
awk -v h="$html_bytes" -v p="$png_bytes" -v e="$empty_bytes" -v n=$N 'BEGIN {
  printf "size: %.4f x the PNGs; per frame beyond 4/3 x PNG: %.1f bytes\n",
    h / p, (h - e - p * 4 / 3) / n }'
echo "wall (best of 5): read only ${t_read} s, into the page ${t_html} s"
echo "whole pipeline (render, pngenc, page): ${t_full} s"

awk -v a="$t_read" -v b="$t_html" -v n=$N -v h="$html_bytes" 'BEGIN {
  printf "sink cost: %.2f ms per frame, %.0f MB/s of page\n",
    (b - a) * 1000 / n, (b > a) ? h / (b - a) / 1e6 : 0 }'
