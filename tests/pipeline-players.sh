#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The project's files in the standard tools, as a user runs them:
# gst-discoverer-1.0 (duration and kind), gst-play-1.0 (to the end, its
# keys driven through a pseudo-terminal, its pictures against
# neurofilesrc ! spikeraster), gst-launch-1.0 playbin.  Needs Debian's
# gstreamer1.0-plugins-base-apps (gst-play-1.0, gst-discoverer-1.0).
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail () { echo "FAIL: $*" >&2; exit 1; }
py=/usr/bin/python3

for tool in gst-play-1.0 gst-discoverer-1.0; do
  command -v "$tool" >/dev/null ||
    fail "$tool is missing (Debian: gstreamer1.0-plugins-base-apps)"
done
[ -n "${NEUROVIZ_BRUNEL_DATA:-}" ] || fail "NEUROVIZ_BRUNEL_DATA is not set"
root=${NEUROVIZ_SOURCE_ROOT:-$(dirname "$0")/..}
brunel=$NEUROVIZ_BRUNEL_DATA/brunel.npz
[ -f "$brunel" ] || fail "$brunel is missing"
units=$(sed -n 's/^units=//p' "$NEUROVIZ_BRUNEL_DATA/brunel.ini")
spikes=$(sed -n 's/^spikes=//p' "$NEUROVIZ_BRUNEL_DATA/brunel.ini")
files=("$brunel")
shared=${NEUROVIZ_SHARED_DATA:-$root/../shared/data}
[ -f "$shared/brunel.npz" ] && files+=("$shared/brunel.npz")

# 1. gst-discoverer-1.0: duration and what the file holds
for f in "${files[@]}"; do
  out=$(gst-discoverer-1.0 -v "$f" 2>&1) || fail "discoverer on $f: $out"
  grep -q "Duration: 0:00:01.000000000" <<<"$out" ||
    fail "discoverer on $f: no 1 s duration: $out"
  grep -q "description: spikes, $units units, $spikes spikes" <<<"$out" ||
    fail "discoverer on $f: no 'spikes, $units units' description: $out"
  grep -q "video #1: video/x-raw" <<<"$out" ||
    fail "discoverer on $f: no raw video stream: $out"
done
# a bare .npy signal: the rate is assumed, and said so
$py -c "import numpy as np; np.save('$tmp/sig.npy',
  np.sin(np.arange(2500) / 50.0).astype('<f4')[:, None].repeat(3, 1))"
out=$(gst-discoverer-1.0 -v "$tmp/sig.npy" 2>&1) || fail "discoverer: $out"
grep -q "Duration: 0:00:02.500000000" <<<"$out" ||
  fail "sig.npy: no 2.5 s duration (2500 samples at 1000 Hz): $out"
grep -q "description: signal, 3 channels at 1000 Hz" <<<"$out" ||
  fail "sig.npy: no signal description: $out"
grep -q "comment: sampling rate assumed: 1000 Hz" <<<"$out" ||
  fail "sig.npy: the assumed rate is not said: $out"
# a NEST recorder file and a CSV table
out=$(gst-discoverer-1.0 -v \
  "$root/tests/data/neurofilesrc/nest-spike_recorder-12-0.dat" 2>&1)
grep -q "description: spikes, 8 units, 40 spikes" <<<"$out" ||
  fail "NEST file: $out"
grep -q "Duration: 0:00:00.100000000" <<<"$out" || fail "NEST file: $out"
out=$(gst-discoverer-1.0 -v "$root/tests/data/neurofilesrc/spikes.csv" 2>&1)
grep -q "description: spikes, " <<<"$out" || fail "spikes.csv: $out"
# a zip of text is no .npz: not ours
printf 'PK\003\004' > "$tmp/x.zip"
head -c 200 /dev/urandom >> "$tmp/x.zip"
out=$(gst-discoverer-1.0 -v "$tmp/x.zip" 2>&1 || true)
grep -q "description: " <<<"$out" && fail "a random zip was decoded: $out"

# 2. gst-launch-1.0 playbin
gst-launch-1.0 -q playbin uri="file://$brunel" video-sink=fakesink \
  audio-sink=fakesink || fail "playbin on $brunel"

# 3. gst-play-1.0 to the end, exit 0, and its pictures are neurofilesrc !
#    spikeraster's (1280x720 at 30 fps, the renderer's defaults)
out=$(gst-play-1.0 --videosink="videoconvert ! video/x-raw,format=RGB ! \
  pngenc ! multifilesink location=$tmp/p%04d.png" "$brunel" </dev/null 2>&1) ||
  fail "gst-play-1.0 exit $?: $out"
grep -q "Reached end of play list" <<<"$out" || fail "gst-play-1.0: $out"
grep -qi "error" <<<"$out" && fail "gst-play-1.0: $out"
gst-launch-1.0 -q neurofilesrc location="$brunel" ! spikeraster ! \
  videoconvert ! video/x-raw,format=RGB ! pngenc ! \
  multifilesink location="$tmp/r%04d.png"
np=$(ls "$tmp"/p*.png | wc -l)
nr=$(ls "$tmp"/r*.png | wc -l)
[ "$np" -eq "$nr" ] || fail "gst-play-1.0 drew $np frames, neurofilesrc $nr"
for i in 0000 0015 $(printf %04d $((nr - 1))); do
  cmp -s "$tmp/p$i.png" "$tmp/r$i.png" ||
    fail "gst-play-1.0 frame $i differs from neurofilesrc ! spikeraster's"
done
cmp -s "$tmp/p0014.png" "$tmp/p0015.png" && fail "the picture does not move"

# 4. gst-play-1.0's keys through a pseudo-terminal, playing in real time:
#    space (pause), space (play), '+' (faster), space (pause), 'd'
#    (reverse, a flushing seek back to 0 while paused), space (play
#    backwards to the start, EOS), then the play list ends
cat > "$tmp/keys.py" <<'EOF'
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
out = b''
def pump(t):
    global out
    end = time.time() + t
    while time.time() < end:
        if select.select([fd], [], [], 0.05)[0]:
            try:
                d = os.read(fd, 4096)
            except OSError:
                return
            if not d:
                return
            out += d
pump(0.4)
for key, t in [(b' ', 0.3), (b' ', 0.2), (b'+', 0.2), (b' ', 0.2),
               (b'd', 0.3), (b' ', 0.2)]:
    os.write(fd, key)
    pump(t)
pump(20)
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors='replace').replace('\r', '\n'))
sys.exit(os.waitstatus_to_exitcode(st))
EOF
out=$(timeout 60 $py "$tmp/keys.py" gst-play-1.0 \
  --videosink="fakesink sync=true" "$brunel" 2>&1) ||
  fail "gst-play-1.0 with keys, exit $?: $out"
grep -q "Paused" <<<"$out" || fail "space did not pause: $out"
grep -q "Playback rate: 1.10" <<<"$out" || fail "'+' did not speed up: $out"
grep -q "Playback rate: -1.10" <<<"$out" || fail "'d' did not reverse: $out"
grep -q "Could not" <<<"$out" && fail "gst-play-1.0 refused a key: $out"
grep -q "Reached end of play list" <<<"$out" || fail "no end: $out"
grep -qi "error" <<<"$out" && fail "gst-play-1.0: $out"
echo "pipeline-players: OK"
