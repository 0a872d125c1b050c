#!/bin/bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# gifenc from gst-launch-1.0, checked with FFmpeg's tools (ffprobe, ffmpeg):
# frame count, total duration, pixels, loop count, any sink, a client that
# joins a tcpserversink late (decoded with Debian's python3-pil).  PSNR is
# computed with Debian's python3-numpy.
set -euo pipefail

fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in gst-launch-1.0 ffprobe ffmpeg cmp od /usr/bin/python3; do
  command -v $tool >/dev/null || fail "$tool not found (Debian: ffmpeg, gstreamer1.0-tools)"
done

T=$(mktemp -d /tmp/pipeline-gifenc.XXXXXX)
trap 'rm -rf "$T"' EXIT
W=320 H=240

frames() { ffprobe -v error -count_frames -select_streams v:0 \
  -show_entries stream=nb_read_frames -of csv=p=0 "$1"; }
duration() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"; }
decode() { ffmpeg -v error -i "$1" -fps_mode passthrough -f rawvideo -pix_fmt rgb24 -y "$2"; }

# 1. a few colours (exact palette): 90 frames at 30 fps = 3.00 s, pixel exact
gst-launch-1.0 -q videotestsrc pattern=ball num-buffers=90 ! \
  video/x-raw,width=$W,height=$H,framerate=30/1 ! videoconvert ! \
  video/x-raw,format=BGRx ! tee name=t \
  t. ! queue ! gifenc ! filesink location="$T/ball.gif" \
  t. ! queue ! videoconvert ! video/x-raw,format=RGB ! filesink location="$T/ball.rgb"
n=$(frames "$T/ball.gif"); [ "$n" = 90 ] || fail "ball: $n frames, expected 90"
d=$(duration "$T/ball.gif"); [ "$d" = 3.000000 ] || fail "ball: duration $d, expected 3.000000"
decode "$T/ball.gif" "$T/ball.dec"
cmp -s "$T/ball.rgb" "$T/ball.dec" || fail "ball: decoded pixels differ from the input"
echo "ok: ball, 90 frames, 3.00 s, pixel exact"

# 2. more than 256 colours (smpte has snow): 30 fps, 100 frames = 3.33 s
gst-launch-1.0 -q videotestsrc pattern=smpte num-buffers=100 ! \
  video/x-raw,width=$W,height=$H,framerate=30/1,format=RGB ! tee name=t \
  t. ! queue ! gifenc loop=7 ! filesink location="$T/smpte.gif" \
  t. ! queue ! filesink location="$T/smpte.rgb"
n=$(frames "$T/smpte.gif"); [ "$n" = 100 ] || fail "smpte: $n frames, expected 100"
d=$(duration "$T/smpte.gif"); [ "$d" = 3.330000 ] || fail "smpte: duration $d, expected 3.330000"
decode "$T/smpte.gif" "$T/smpte.dec"
psnr=$(/usr/bin/python3 -c '
import sys, numpy as np
a = np.fromfile(sys.argv[1], np.uint8).astype(np.float64)
b = np.fromfile(sys.argv[2], np.uint8).astype(np.float64)
assert a.shape == b.shape, "decoded size differs"
mse = np.mean((a - b) ** 2)
print("inf" if mse == 0 else "%.2f" % (10 * np.log10(255 ** 2 / mse)))
' "$T/smpte.rgb" "$T/smpte.dec")
[ -n "$psnr" ] || fail "smpte: no PSNR from ffmpeg"
awk -v p="$psnr" 'BEGIN { exit !(p == "inf" || p > 35) }' || fail "smpte: PSNR $psnr dB"
# loop count: NETSCAPE2.0, sub-block 03 01, then 7 as 16-bit little endian
# (into a variable first: with pipefail, grep -q exiting early fails the pipe)
hex=$(od -A n -t x1 -v "$T/smpte.gif" | tr -d '\n')
grep -q "4e 45 54 53 43 41 50 45 32 2e 30 03 01 07 00 00" <<<"$hex" ||
  fail "smpte: loop count 7 not written"
[ "$(tail -c 1 "$T/smpte.gif" | od -A n -t x1 | tr -d ' ')" = 3b ] || fail "smpte: no trailer"
echo "ok: smpte, 100 frames, 3.33 s, PSNR $psnr dB, loop=7"

# 3. any sink: one file per GIF frame, joined again, is the same GIF
gst-launch-1.0 -q videotestsrc pattern=ball num-buffers=20 ! \
  video/x-raw,width=$W,height=$H,framerate=10/1 ! videoconvert ! \
  gifenc ! multifilesink location="$T/part-%03d.bin"
# the header (flagged HEADER, also the caps' streamheader) is its own part
[ "$(ls "$T"/part-*.bin | wc -l)" = 21 ] || fail "multifilesink: expected 21 parts"
[ "$(head -c 6 "$T/part-000.bin")" = GIF89a ] || fail "multifilesink: part 0 is not the header"
cat "$T"/part-*.bin > "$T/joined.gif"
n=$(frames "$T/joined.gif"); [ "$n" = 20 ] || fail "joined: $n frames, expected 20"
d=$(duration "$T/joined.gif"); [ "$d" = 2.000000 ] || fail "joined: duration $d"
echo "ok: multifilesink, header + 20 parts"

# 4. a pipe (fdsink) works as well as a file: same bytes as filesink
gst-launch-1.0 -q videotestsrc pattern=ball num-buffers=20 ! \
  video/x-raw,width=$W,height=$H,framerate=10/1 ! videoconvert ! \
  gifenc ! fdsink fd=1 | cat > "$T/piped.gif"
cmp -s "$T/piped.gif" "$T/joined.gif" || fail "fdsink output differs from filesink output"
echo "ok: fdsink"

# 5. loop=-1 writes no NETSCAPE extension
gst-launch-1.0 -q videotestsrc num-buffers=3 ! video/x-raw,width=64,height=48 ! \
  videoconvert ! gifenc loop=-1 ! filesink location="$T/once.gif"
! grep -q NETSCAPE "$T/once.gif" || fail "loop=-1 still wrote a NETSCAPE extension"
[ "$(frames "$T/once.gif")" = 3 ] || fail "once: wrong frame count"
echo "ok: loop=-1"

# 6. tcpserversink: a client that joins late gets the header from the caps'
#    streamheader, then a GIF that Pillow decodes.  With key-int-max and
#    sync-method=next-keyframe it starts at a whole frame and ends on the
#    same picture as the file; with the defaults it starts at a frame that
#    only holds what changed (partial pictures until something redraws).
/usr/bin/python3 -c 'import PIL' 2>/dev/null || fail "python3-pil not installed"
cat > "$T/late.py" <<'PY'
import socket, sys, threading, time
import gi
gi.require_version('Gst', '1.0')
from gi.repository import Gst
from PIL import Image

Gst.init(None)
props, method, full, got = sys.argv[1:5]
JOIN = 12               # the client connects before the 12th buffer
p = Gst.parse_launch(
    'videotestsrc pattern=ball num-buffers=40 ! '
    'video/x-raw,width=64,height=48,framerate=10/1 ! videoconvert ! '
    'gifenc %s ! tee name=t ! queue ! '
    'tcpserversink name=s host=127.0.0.1 port=0 sync=false sync-method=%s '
    't. ! queue ! filesink location=%s' % (props, method, full))
sink = p.get_by_name('s')
data = bytearray()
reader = None
count = 0


def read_all(sock):
    while True:
        b = sock.recv(65536)
        if not b:
            break
        data.extend(b)


def probe(pad, info):
    # the buffers before JOIN went out (to no client); the stream waits
    # here until the late client is in
    global reader, count
    count += 1
    if count == JOIN:
        sock = socket.create_connection(
            ('127.0.0.1', sink.get_property('current-port')), timeout=60)
        reader = threading.Thread(target=read_all, args=(sock,))
        reader.start()
        for _ in range(1200):
            if sink.get_property('num-handles') > 0:
                break
            time.sleep(0.05)
    return Gst.PadProbeReturn.OK


sink.get_static_pad('sink').add_probe(Gst.PadProbeType.BUFFER, probe)
p.set_state(Gst.State.PLAYING)
msg = p.get_bus().timed_pop_filtered(120 * Gst.SECOND,
                                     Gst.MessageType.EOS | Gst.MessageType.ERROR)
assert msg and msg.type == Gst.MessageType.EOS, msg and msg.parse_error()
# the sink sends from its own thread: on a busy machine the client's
# buffers may still be queued at EOS, and NULL would drop them
for _ in range(400):
    if reader is not None and len(data) >= sink.get_property('bytes-served'):
        break
    time.sleep(0.05)
p.set_state(Gst.State.NULL)
assert reader is not None, 'the client never connected'
reader.join(60)
open(got, 'wb').write(data)
assert data[:6] == b'GIF89a', \
    'the late client got no GIF header: %r' % bytes(data[:16])
im, ref = Image.open(got), Image.open(full)
n = im.n_frames
assert 0 < n < ref.n_frames, 'late client: %d frames of %d' % (n, ref.n_frames)
# the first image descriptor: a whole frame or a changed rectangle
start = 13 + (3 * (2 << (data[10] & 7)) if data[10] & 0x80 else 0)
i = data.index(b'\x2c', start)
whole = data[i + 1:i + 9] == bytes([0, 0, 0, 0, 64, 0, 48, 0])
im.seek(n - 1)
ref.seek(ref.n_frames - 1)
same = im.convert('RGB').tobytes() == ref.convert('RGB').tobytes()
print(n, 'whole' if whole else 'partial', 'same' if same else 'differs')
PY
r=$(cd "$T" && /usr/bin/python3 late.py "key-int-max=5" next-keyframe full.gif got.gif) ||
  fail "tcpserversink, key-int-max=5: late client"
[ "$r" = "30 whole same" ] || fail "tcpserversink, key-int-max=5: got '$r', expected '30 whole same'"
r=$(cd "$T" && /usr/bin/python3 late.py "" latest full.gif got.gif) ||
  fail "tcpserversink, defaults: late client"
case "$r" in "30 partial "*) ;; *) fail "tcpserversink, defaults: got '$r', expected '30 partial ...'";; esac
echo "ok: tcpserversink, a late client decodes 30 frames (key-int-max=5: from a whole frame)"

echo "ok: all gifenc pipeline checks"
