#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# spikeraster the way users run it: gst-launch pipelines that encode and
# record, decoded again and counted.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail () { echo "FAIL: $*" >&2; exit 1; }

# 1. synthetic spikes -> H.264 MP4: 3 s at 20 fps = 60 frames
gst-launch-1.0 -q neurosrc pattern=poisson units=1000 duration=3000000000 ! \
  spikeraster ! video/x-raw,width=640,height=360,framerate=20/1 ! \
  videoconvert ! x264enc ! mp4mux ! filesink location="$tmp/raster.mp4"
gst-launch-1.0 -q filesrc location="$tmp/raster.mp4" ! decodebin ! \
  videoconvert ! pngenc ! multifilesink location="$tmp/r%04d.png"
n=$(ls "$tmp"/r*.png | wc -l)
[ "$n" -eq 60 ] || fail "raster.mp4 has $n frames, expected 60"

# 2. real Brian2 output through neurofilesrc at 4x slow motion and 25 fps:
#    one frame per 10 ms slice of data (100 in the project's shared file;
#    the build's own simulation, examples/brunel.py, writes its figure to
#    brunel.ini).  The build's file must be there; the shared one is
#    rendered too where there is one.
brunel () {
  local dir=$1 slices=100 n
  [ -f "$dir/brunel.npz" ] || fail "$dir/brunel.npz is missing"
  if [ -f "$dir/brunel.ini" ]; then
    slices=$(sed -n 's/^slices=//p' "$dir/brunel.ini")
    [ -n "$slices" ] || fail "$dir/brunel.ini has no slices= figure"
  fi
  rm -f "$tmp"/b*.png
  gst-launch-1.0 -q neurofilesrc location="$dir/brunel.npz" ! \
    spikeraster time-scale=0.25 window=0.2 ! \
    video/x-raw,width=320,height=240,framerate=25/1 ! \
    videoconvert ! pngenc ! multifilesink location="$tmp/b%04d.png"
  n=$(ls "$tmp"/b*.png | wc -l)
  [ "$n" -eq "$slices" ] || fail "$dir/brunel.npz: $n frames, expected $slices"
  # frames differ from each other (the window moves)
  cmp -s "$tmp/b0050.png" "$tmp/b0051.png" && fail "consecutive frames identical"
  return 0
}
made=${NEUROVIZ_BRUNEL_DATA:?run through meson test (NEUROVIZ_BRUNEL_DATA)}
for f in brunel.npz brunel.ini; do
  [ -f "$made/$f" ] || fail "$made/$f is missing"
done
brunel "$made"
shared=${NEUROVIZ_SHARED_DATA:-${NEUROVIZ_SOURCE_ROOT:-$(dirname "$0")/..}/../shared/data}
if [ -n "${NEUROVIZ_SHARED_DATA:-}" ] || [ -f "$shared/brunel.npz" ]; then
  brunel "$shared"
fi

# 3. transparent background composited over a test pattern
gst-launch-1.0 -q compositor name=mix ! video/x-raw,width=320,height=240 ! \
  videoconvert ! pngenc ! multifilesink location="$tmp/c%04d.png" \
  videotestsrc num-buffers=10 pattern=red ! \
    video/x-raw,width=320,height=240,framerate=10/1 ! mix. \
  neurosrc pattern=poisson units=30 duration=1000000000 ! \
    spikeraster background=0x00000000 foreground=0xffffffff \
      color=0xffffffff ! video/x-raw,width=320,height=240,framerate=10/1 ! mix.
n=$(ls "$tmp"/c*.png | wc -l)
[ "$n" -ge 10 ] || fail "composited stream has $n frames"
# the red video shows through the transparent background; the white axes
# and marks are drawn over it
/usr/bin/python3 - "$tmp/c0009.png" <<'PY' || fail "transparent background not composited"
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
r, g, b = im.getpixel((2, 2))
assert r > 200 and g < 60 and b < 60, ("corner", r, g, b)
white = sum(1 for p in im.getdata() if min(p) > 200)
assert white > 100, ("white pixels", white)
PY

# 4. an impossible request is a clear error, not a crash or a hang
if out=$(timeout 30 gst-launch-1.0 neurosrc pattern=poisson units=100 \
    duration=1000000000 ! spikeraster ! video/x-raw,framerate=0/1 ! \
    fakesink 2>&1); then
  fail "framerate 0/1 was accepted"
fi
# a here-string: with pipefail, "echo | grep -q" fails when grep exits first
grep -q "framerate 0/1 is not supported" <<<"$out" || fail "no clear error: $out"
echo "pipeline-spikeraster: 4 passed, 0 failed"
