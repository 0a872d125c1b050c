#!/bin/bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
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
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"
echo "gifenc speed=${SPEED:-default}  Pillow $($PY -c 'import PIL; print(PIL.__version__)')"

# Clips: a figure-like heatmap with thousands of colours along a colormap
# (interpolated), a full-frame heatmap through a 256-entry colormap, a smooth
# field through the whole RGB cube (photo-like), and videotestsrc's ball
# (few colours, small moving region).  CLIPS="..." picks some.
CLIPS=${CLIPS:-heatmap cmap256 colours ball}
for c in heatmap cmap256 colours; do
  case " $CLIPS " in *" $c "*) $PY "$HERE/gifenc.py" make $c "$WORK/$c.rgb" ;; esac
done
gst-launch-1.0 -q videotestsrc pattern=ball num-buffers=$N ! \
  video/x-raw,format=RGB,width=$W,height=$H,framerate=30/1 ! \
  filesink location="$WORK/ball.rgb"

TIMEFORMAT='%R %U %S'
for clip in $CLIPS; do
  src="$WORK/$clip.rgb"
  # warm the page cache so both encoders read from memory
  cat "$src" > /dev/null
  # wall, user and system seconds of the whole pipeline (file reading included)
  read -r tg ug sg_ < <( { time gst-launch-1.0 -q filesrc location="$src" \
    blocksize=$((W * H * 3)) ! \
    rawvideoparse format=rgb width=$W height=$H framerate=30/1 ! \
    gifenc ${SPEED:+speed=$SPEED} ! \
    filesink location="$WORK/$clip-gifenc.gif" > /dev/null; } 2>&1 )
  cg=$(echo "$ug + $sg_" | bc -l)
  # wall and CPU seconds of Image.save() alone (frames already in memory)
  read -r tp cp < <($PY "$HERE/gifenc.py" pillow "$src" "$WORK/$clip-pillow.gif")
  sg=$(stat -c %s "$WORK/$clip-gifenc.gif")
  sp=$(stat -c %s "$WORK/$clip-pillow.gif")
  printf '%s: gifenc %.2f s wall (%.1f fps), %.2f s CPU, %d bytes | Pillow %.2f s wall (%.1f fps), %.2f s CPU, %d bytes\n' \
    "$clip" "$tg" "$(echo "$N / $tg" | bc -l)" "$cg" "$sg" \
    "$tp" "$(echo "$N / $tp" | bc -l)" "$cp" "$sp"
  (cd "$WORK" && $PY "$HERE/gifenc.py" score "$src" "$clip-gifenc.gif" "$clip-pillow.gif")
done
