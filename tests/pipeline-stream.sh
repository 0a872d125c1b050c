#!/bin/bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# gst-neuroviz — a live raster streamed over each transport of
# docs/streaming.md and received by a real client, all on 127.0.0.1:
# RTP/UDP and Matroska/TCP (GStreamer, ffmpeg), RTSP with gst-rtsp-server
# (rtspsrc, ffmpeg), HLS with hlssink2 (ffmpeg, headless Chromium), WebRTC
# with webrtcbin (headless Chromium).  examples/stream/measure.py does each
# run and prints what arrived; this script checks it.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export NEUROVIZ_BUILD=${NEUROVIZ_BUILD:-${GST_PLUGIN_PATH_1_0:-build}}
case $NEUROVIZ_BUILD in /*) ;; *) NEUROVIZ_BUILD=$here/../$NEUROVIZ_BUILD ;; esac
export GST_PLUGIN_PATH_1_0=$NEUROVIZ_BUILD GST_PLUGIN_PATH=$NEUROVIZ_BUILD
for tool in ffmpeg chromium; do
  command -v $tool >/dev/null || fail "$tool not found (.ci/packages.txt)"
done
/usr/bin/python3 -c 'import gi, websockets, websocket, PIL
gi.require_version("GstRtspServer", "1.0"); gi.require_version("GstWebRTC", "1.0")' ||
  fail "python3-gi, gir1.2-gst-rtsp-server-1.0, python3-websockets, python3-websocket, python3-pil are needed"

# one run; browsers get a second chance when the first failed
# (a headless Chromium on a loaded 2-core machine sometimes stalls its
# first page load); everything else must work the first time
run() {
  local out tries=1
  [ "$2" = chromium ] && tries=2
  for k in $(seq $tries); do
    out=$(timeout 120 /usr/bin/python3 "$here/../examples/stream/measure.py" \
      "$1" "$2" --seconds "$3" 2>/dev/null | grep '^{' || true)
    if [ -n "$out" ] && /usr/bin/python3 -c "import json,sys; r = json.loads(sys.argv[1]); sys.exit(r['frames'] == 0 or bool(r['error']))" "$out"; then
      break
    fi
    echo "retry: $1 $2: ${out:-no output}" >&2
  done
  echo "$out"
}

check() {  # transport client seconds min_frames
  local out
  out=$(run "$1" "$2" "$3")
  [ -n "$out" ] || fail "$1 $2: no result"
  /usr/bin/python3 - "$out" "$4" <<'PY' || fail "$1 $2: $out"
import json, sys
r, need = json.loads(sys.argv[1]), int(sys.argv[2])
problems = []
if r['error']:
    problems.append('error: ' + r['error'])
if r['frames'] < need:
    problems.append(f"{r['frames']} frames, expected at least {need}")
if r['dark'] < 0.01:
    problems.append(f"no raster in the picture (dark share {r['dark']})")
if r['client'] != 'ffmpeg':
    if not r['marks']:
        problems.append('no frame number read back')
if r['diff'] is not None and not r['diff'] < r['diff_other']:
    problems.append(f"decoded frames differ from their own ({r['diff']}) "
                    f"as much as from others ({r['diff_other']})")
if problems:
    print('; '.join(problems), file=sys.stderr)
    sys.exit(1)
lat = f", {r['latency_ms']} ms median latency" if r['latency_ms'] else ''
print(f"ok: {r['transport']} -> {r['client']}: {r['frames']} frames{lat}")
PY
}

check udp gst 5 20
check mkv gst 5 20
check mkv ffmpeg 5 10
check rtsp gst 5 20
check rtsp ffmpeg 5 10
check hls ffmpeg 6 10
check hls chromium 8 20
check webrtc chromium 8 20
