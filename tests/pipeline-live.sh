#!/bin/bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# neurolivesrc from gst-launch-1.0 and the live examples, the way users run
# them: a Brian2 simulation streaming over TCP into spikeraster -> MP4,
# numpy arrays through appsrc -> MP4, a sender on standard input, a
# sender of garbage, and four MPI-style ranks into one raster (senders=4).
# MP4s are checked with ffprobe.
set -euo pipefail

fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in gst-launch-1.0 ffprobe /usr/bin/python3; do
  command -v $tool >/dev/null || fail "$tool not found (Debian: gstreamer1.0-tools, ffmpeg, python3)"
done
/usr/bin/python3 -c 'import brian2' 2>/dev/null || fail "no brian2 (Debian: python3-brian)"
/usr/bin/python3 -c 'import gi; gi.require_version("Gst", "1.0"); gi.require_version("GstApp", "1.0")' \
  2>/dev/null || fail "no PyGObject for GStreamer (Debian: python3-gi gir1.2-gstreamer-1.0 gir1.2-gst-plugins-base-1.0)"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# under meson the plugin is in the build folder named by GST_PLUGIN_PATH_1_0
export NEUROVIZ_BUILD=${NEUROVIZ_BUILD:-${GST_PLUGIN_PATH_1_0:-build}}
case $NEUROVIZ_BUILD in /*) ;; *) NEUROVIZ_BUILD=$here/../$NEUROVIZ_BUILD ;; esac
export GST_PLUGIN_PATH_1_0=$NEUROVIZ_BUILD GST_PLUGIN_PATH=$NEUROVIZ_BUILD
T=$(mktemp -d /tmp/pipeline-live.XXXXXX)
trap 'rm -rf "$T"' EXIT

frames() { ffprobe -v error -count_frames -select_streams v:0 \
  -show_entries stream=nb_read_frames -of csv=p=0 "$1"; }
duration() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"; }

# 1. Brian2 streaming live over TCP; EOS when the simulation disconnects
DURATION=4 timeout 120 "$here/../examples/brian2-live.sh" "$T" >"$T/brian2.log" 2>&1 ||
  { cat "$T/brian2.log"; fail "brian2-live.sh"; }
grep -q "spikes of 1000 neurons" "$T/brian2.log" || { cat "$T/brian2.log"; fail "brian2: no spikes sent"; }
n=$(frames "$T/brian2-live.mp4")
# 4 s of simulation at 25 fps, plus the start-up before the sender connects
[ "$n" -ge 90 ] || fail "brian2-live.mp4: $n frames, expected at least 90"
echo "ok: brian2-live.mp4, $n frames ($(grep -o '[0-9]* spikes' "$T/brian2.log"))"

# 2. numpy through appsrc: 5 s at 25 fps
timeout 120 "$here/../examples/appsrc-numpy.sh" "$T" >"$T/appsrc.log" 2>&1 ||
  { cat "$T/appsrc.log"; fail "appsrc-numpy.sh"; }
for f in appsrc appsrc-signal; do
  n=$(frames "$T/$f.mp4"); [ "$n" = 125 ] || fail "$f.mp4: $n frames, expected 125"
  d=$(duration "$T/$f.mp4"); [ "${d%%.*}" = 5 ] || fail "$f.mp4: duration $d, expected 5 s"
done
echo "ok: appsrc.mp4 and appsrc-signal.mp4, 125 frames, 5 s"

# 2b. every MP4 plays everywhere: 4:2:0 (a 4:4:4 H.264 file does not play
# in browsers), and no recipe feeds x264enc without format=I420
for f in brian2-live appsrc appsrc-signal; do
  pix=$(ffprobe -v error -select_streams v:0 -show_entries stream=pix_fmt \
    -of csv=p=0 "$T/$f.mp4")
  [ "$pix" = yuv420p ] || fail "$f.mp4: pixel format $pix, expected yuv420p"
done
bad=$(grep -rn -B2 --include="*.sh" --include="*.md" 'x264enc' "$here/../README.md" "$here/../examples" "$here/../docs" |
  awk '/x264enc( [a-z-]+=| !| \\|$)/ && prev !~ /I420|[$]SRC/ && $0 !~ /I420|[$]SRC/ {print} {prev = $0}' || true)
[ -z "$bad" ] || fail "x264enc without video/x-raw,format=I420 before it: $bad"
echo "ok: MP4s are yuv420p; every x264enc recipe asks for I420"

# 3. a text sender on standard input: 300 spikes over 0.3 s, then EOF -> EOS
/usr/bin/python3 -c '
import sys, time
print("NEUROSTREAM 1 spikes units=30", flush=True)
for k in range(300):
    print(f"{k * 0.001:.3f} {k % 30}", flush=True)
    if k % 10 == 0:
        time.sleep(0.01)
' | timeout 30 gst-launch-1.0 -v neurolivesrc location=- ! \
  fakesink silent=false >"$T/stdin.log" 2>&1 || { tail "$T/stdin.log"; fail "stdin pipeline"; }
grep -q "Got EOS" "$T/stdin.log" || fail "stdin: no EOS"
bytes=$(grep -o "chain   \*\*\*\*\*\*\* (fakesink0:sink) ([0-9]* bytes" "$T/stdin.log" |
  grep -o "([0-9]* bytes" | tr -dc '0-9\n' | awk '{ s += $1 } END { print s }')
[ "$bytes" = $((300 * 16)) ] || fail "stdin: $bytes bytes of spikes, expected $((300 * 16))"
grep -q "application/x-neuro-spikes, units=(int)30" "$T/stdin.log" || fail "stdin: caps"
echo "ok: standard input, 300 spikes, EOS"

# 4. garbage: an error naming the line, a non-zero exit
if printf 'NEUROSTREAM 1 spikes units=30\n0.1 3\n0.2 three\n' |
    timeout 30 gst-launch-1.0 neurolivesrc location=- ! fakesink >"$T/bad.log" 2>&1; then
  fail "garbage: gst-launch-1.0 succeeded"
fi
grep -q "line 3 (byte offset 36)" "$T/bad.log" || { cat "$T/bad.log"; fail "garbage: no line number in the error"; }
echo "ok: garbage -> $(grep -o 'line 3 (byte offset 36)[^;]*' "$T/bad.log" | head -1)"

# 5. a silent TCP connection does not keep the real sender out: its spikes
# arrive, gst-launch-1.0 warns about the silent peer after header-timeout,
# EOS when the real sender closes; gst-inspect-1.0 states the limits
PORT=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
timeout 30 gst-launch-1.0 -v neurolivesrc port="$PORT" header-timeout=300000000 ! \
  fakesink silent=false >"$T/silent.log" 2>&1 &
gst=$!
silent=$(/usr/bin/python3 -c '
import socket, sys, time
def conn():
    for _ in range(200):
        try:
            return socket.create_connection(("127.0.0.1", '"$PORT"'))
        except OSError:
            time.sleep(0.05)
    sys.exit("cannot connect")
quiet = conn()
print("127.0.0.1:%d" % quiet.getsockname()[1])
s = conn()
s.sendall(b"NEUROSTREAM 1 spikes units=30\n" + b"".join(b"0.%03d %d\n" % (k, k) for k in range(10)))
time.sleep(0.8)
s.close()
time.sleep(0.2)
') || fail "silent connection: sender"
wait $gst || { tail "$T/silent.log"; fail "silent connection: gst-launch-1.0 failed"; }
grep -q "Dropped the TCP sender $silent: its header line was not complete 300 ms" "$T/silent.log" ||
  { cat "$T/silent.log"; fail "silent connection: no warning naming $silent"; }
grep -q "Got EOS" "$T/silent.log" || fail "silent connection: no EOS"
bytes=$(grep -o "chain   \*\*\*\*\*\*\* (fakesink0:sink) ([0-9]* bytes" "$T/silent.log" |
  grep -o "([0-9]* bytes" | tr -dc '0-9\n' | awk '{ s += $1 } END { print s }')
[ "$bytes" = 160 ] || fail "silent connection: $bytes bytes of spikes, expected 160"
gst-inspect-1.0 neurolivesrc >"$T/inspect.log" 2>&1 || fail "gst-inspect-1.0 neurolivesrc"
for s in "At most 8 connections" "at most 1024 bytes" "at most 64 MiB" "at most 4 GiB" idle-timeout; do
  grep -q "$s" "$T/inspect.log" || fail "gst-inspect-1.0 neurolivesrc: no '$s'"
done
echo "ok: a silent connection, the real sender's 10 spikes, a warning naming $silent"

# 6. an MPI-style run: four rank processes (LiveSender rank=/size=, a file
# barrier standing in for MPI_Barrier, 2 s of simulated time paced in real
# time, rank 2 without a spike but ticking) into one raster from
# gst-launch-1.0; each rank that leaves before the last is named, EOS when
# all have ended, the MP4 has the frames of the 2 s
PORT=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
timeout 60 gst-launch-1.0 -e neurolivesrc port="$PORT" senders=4 timestamp-mode=sender \
  merge-latency=500000000 ! spikeraster window=1 ! videoconvert ! \
  video/x-raw,format=I420,width=320,height=240,framerate=25/1 ! x264enc ! mp4mux ! \
  filesink location="$T/ranks.mp4" >"$T/ranks.log" 2>&1 &
gst=$!
mkdir "$T/barrier"
for r in 0 1 2 3; do
  PYTHONPATH="$here/../python" /usr/bin/python3 -c '
import os, sys, time
import numpy as np
from neuroviz import LiveSender
r, n, port, bar = int(sys.argv[1]), 4, int(sys.argv[2]), sys.argv[3]
s = LiveSender(units=400, rank=r, size=n, port=port, connect_timeout=20)
open(os.path.join(bar, str(r)), "w").close()
while len(os.listdir(bar)) < n:            # the barrier
    time.sleep(0.002)
rng = np.random.default_rng(r)
t0 = time.monotonic()
for k in range(200):                        # 10 ms steps
    m = 0 if r == 2 else 30
    t = np.sort(rng.uniform(k * 0.01, (k + 1) * 0.01, m))
    s.send_spikes(rng.integers(0, 100, m) + 100 * r, t, until=(k + 1) * 0.01)
    time.sleep(max(0.0, t0 + (k + 1) * 0.01 - time.monotonic()))
s.close()
' "$r" "$PORT" "$T/barrier" >"$T/rank$r.log" 2>&1 &
done
wait $gst || { tail "$T/ranks.log"; cat "$T"/rank*.log; fail "ranks: gst-launch-1.0 failed"; }
grep -q "Got EOS" "$T/ranks.log" || { cat "$T/ranks.log"; fail "ranks: no EOS"; }
left=$(grep -c "Rank [0-3] (127.0.0.1:[0-9]*) disconnected after [0-9]* spikes; [0-3] of 4 ranks go on" "$T/ranks.log" || true)
[ "$left" = 3 ] || { cat "$T/ranks.log"; fail "ranks: $left warnings about ranks that left, expected 3"; }
n=$(frames "$T/ranks.mp4")
[ "$n" -ge 45 ] || fail "ranks.mp4: $n frames, expected at least 45 (2 s at 25 fps)"
wait
echo "ok: four ranks into one raster, $n frames, $left warnings naming the ranks that left"
