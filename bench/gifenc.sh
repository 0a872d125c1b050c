#!/bin/bash
# gifenc against Pillow: the same 100 frames at 1200x800, time, size, PSNR.
# Usage: bash bench/gifenc.sh BUILD_DIR
set -euo pipefail
BUILD=$(realpath "${1:-build}")
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3           # Debian's python3-pil and python3-numpy
W=1200 H=800 N=100
WORK=$(mktemp -d /tmp/gifenc-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export GST_PLUGIN_PATH_1_0="$BUILD" GST_REGISTRY_1_0="$WORK/registry.bin"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')"
echo "gifenc speed=${SPEED:-default}  Pillow $($PY -c 'import PIL; print(PIL.__version__)')"

# Clips: a figure-like heatmap with thousands of colours along a colormap,
# a smooth field through the whole RGB cube (photo-like), and videotestsrc's
# ball (few colours, small moving region).  CLIPS="..." picks some.
$PY "$HERE/gifenc.py" make heatmap "$WORK/heatmap.rgb"
$PY "$HERE/gifenc.py" make colours "$WORK/colours.rgb"
gst-launch-1.0 -q videotestsrc pattern=ball num-buffers=$N ! \
  video/x-raw,format=RGB,width=$W,height=$H,framerate=30/1 ! \
  filesink location="$WORK/ball.rgb"

now() { date +%s.%N; }
for clip in ${CLIPS:-heatmap colours ball}; do
  src="$WORK/$clip.rgb"
  # warm the page cache so both encoders read from memory
  cat "$src" > /dev/null
  t0=$(now)
  gst-launch-1.0 -q filesrc location="$src" blocksize=$((W * H * 3)) ! \
    rawvideoparse format=rgb width=$W height=$H framerate=30/1 ! \
    gifenc ${SPEED:+speed=$SPEED} ! filesink location="$WORK/$clip-gifenc.gif"
  t1=$(now)
  tg=$(echo "$t1 - $t0" | bc -l)
  tp=$($PY "$HERE/gifenc.py" pillow "$src" "$WORK/$clip-pillow.gif")
  sg=$(stat -c %s "$WORK/$clip-gifenc.gif")
  sp=$(stat -c %s "$WORK/$clip-pillow.gif")
  printf '%s: gifenc %.2f s (%.1f fps, whole pipeline) %d bytes | Pillow %.2f s (%.1f fps, save() only) %d bytes\n' \
    "$clip" "$tg" "$(echo "$N / $tg" | bc -l)" "$sg" "$tp" "$(echo "$N / $tp" | bc -l)" "$sp"
  (cd "$WORK" && $PY "$HERE/gifenc.py" score "$src" "$clip-gifenc.gif" "$clip-pillow.gif")
done
