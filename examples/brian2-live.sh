#!/bin/bash
# A Brian2 simulation streaming its spikes live into a pipeline that draws
# them (spikeraster) and writes OUTDIR/brian2-live.mp4.  The pipeline ends
# with EOS when the simulation closes its connection.
# usage: examples/brian2-live.sh OUTDIR
#   NEUROVIZ_BUILD: build folder holding libgstneuroviz.so (default build)
set -euo pipefail
OUT=${1:?usage: $0 OUTDIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${NEUROVIZ_BUILD:-build}
case $build in /*) ;; *) build=$here/../$build ;; esac
export GST_PLUGIN_PATH=$build GST_PLUGIN_PATH_1_0=$build
mkdir -p "$OUT"
# Debian's python with python3-brian, not a pyenv one from PATH
PY=/usr/bin/python3
# a free TCP port on the loopback interface
PORT=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

gst-launch-1.0 -q -e neurolivesrc port="$PORT" timestamp-mode=sender \
    latency=200000000 ! \
  spikeraster window=2 title="Brian2 CUBA, live (t = {t})" ! \
  video/x-raw,width=800,height=400,framerate=25/1 ! videoconvert ! \
  x264enc tune=zerolatency speed-preset=veryfast ! mp4mux ! \
  filesink location="$OUT/brian2-live.mp4" &
gst=$!
trap 'kill $gst 2>/dev/null || true' EXIT
$PY "$here/brian2-live.py" --port "$PORT" --duration "${DURATION:-6}"
wait $gst
trap - EXIT
ls -l "$OUT/brian2-live.mp4"
