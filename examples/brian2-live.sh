#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# A Brian2 simulation streaming its spikes live into a pipeline that draws
# them (spikeraster) and writes OUTDIR/brian2-live.mp4.  The pipeline ends
# with EOS when the simulation closes its connection.
# usage: examples/brian2-live.sh OUTDIR   (DURATION: simulated s, default 6)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
OUT=${1:?usage: $0 OUTDIR}
mkdir -p "$OUT"
DURATION=${DURATION:-6}
# a free TCP port on the loopback interface
PORT=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)

render "$OUT/brian2-live.mp4" \
  "Brian2 CUBA network, 1000 neurons, streamed live over TCP" \
  neurolivesrc port="$PORT" timestamp-mode=sender latency=200000000 ! \
  spikeraster window=2 title="Brian2 CUBA, live (t = {t})" ! \
  video/x-raw,width=800,height=400,framerate=25/1 ! videoconvert ! \
    video/x-raw,format=I420 ! \
  x264enc tune=zerolatency speed-preset=veryfast ! mp4mux ! \
  filesink location="$OUT/brian2-live.mp4" &
gst=$!
trap 'kill $gst 2>/dev/null || true; rm -f "$log"' EXIT
if ! "$PY" "$examples/brian2-live.py" --port "$PORT" --duration "$DURATION" \
    >"$log" 2>&1; then
  echo "brian2-live.sh: the simulation (brian2-live.py) failed:" >&2
  cat "$log" >&2
  exit 1
fi
wait $gst
# what the simulation sent, on stderr (demo.sh keeps it in its log)
tail -n 1 "$log" >&2
