#!/bin/bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# htmlplayersink in a real browser: headless Chromium (Debian `chromium`)
# opens pages written by gst-launch-1.0 and is driven over the DevTools
# protocol with Debian's python3-websocket (no npm).  The test clicks play
# and sees the frame advance, pauses, steps with buttons and keys, drags the
# slider, plays "once" to the end, and compares a screenshot of the picture
# with the PNG that was fed in.  It also plays a WebM page and checks that no
# network request is made.  Exit 77 (skipped) only when Chromium cannot
# start at all.
set -euo pipefail

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
PY=/usr/bin/python3
for tool in gst-launch-1.0 $PY; do
  command -v $tool >/dev/null || fail "$tool not found (Debian: gstreamer1.0-tools, python3)"
done
$PY -c 'import websocket, PIL' 2>/dev/null ||
  fail "python3-websocket and python3-pil are needed (Debian packages)"
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$CHROMIUM" ] || skip "chromium is not installed (Debian: chromium)"

T=$(mktemp -d /tmp/pipeline-htmlplayer.XXXXXX)
CHROME_PID=
cleanup() {
  if [ -n "$CHROME_PID" ]; then kill "$CHROME_PID" 2>/dev/null || true; wait "$CHROME_PID" 2>/dev/null || true; fi
  rm -rf "$T"
}
trap cleanup EXIT

# 20 frames of a moving ball, 10 fps, starting at 1 s: the same PNGs go
# into the page and into files to compare with
N=20
gst-launch-1.0 -q videotestsrc pattern=ball timestamp-offset=1000000000 num-buffers=$N ! \
  video/x-raw,width=320,height=240,framerate=10/1 ! videoconvert ! pngenc ! tee name=t \
  t. ! queue ! htmlplayersink location="$T/ball.html" title="ball test" \
  t. ! queue ! multifilesink location="$T/frame-%03d.png"
[ "$(ls "$T"/frame-*.png | wc -l)" = $N ] || fail "expected $N PNG files"
grep -q '</html>' "$T/ball.html" || fail "page not finished"

# an encoded movie: 3 s of VP8 in WebM
gst-launch-1.0 -q videotestsrc pattern=smpte num-buffers=30 ! \
  video/x-raw,width=320,height=240,framerate=10/1 ! vp8enc deadline=1 ! webmmux ! \
  htmlplayersink location="$T/movie.html"

# MP4 (H.264) as mp4mux writes it without seeking back
MP4=0
if gst-inspect-1.0 x264enc >/dev/null 2>&1; then
  gst-launch-1.0 -q videotestsrc pattern=smpte num-buffers=30 ! \
    video/x-raw,width=320,height=240,framerate=10/1 ! x264enc ! \
    video/x-h264,profile=main ! mp4mux faststart=true ! \
    htmlplayersink location="$T/movie-mp4.html"
  MP4=1
else
  echo "note: x264enc not found (gstreamer1.0-plugins-ugly), MP4 page not tested"
fi

# Chromium with the DevTools protocol on a port it picks itself
UDD="$T/profile"
mkdir -p "$UDD"
"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$UDD" --remote-debugging-port=0 --remote-allow-origins='*' \
  --force-color-profile=srgb --force-device-scale-factor=1 --hide-scrollbars \
  --window-size=900,800 about:blank >"$T/chromium.log" 2>&1 &
CHROME_PID=$!
for _ in $(seq 1 300); do
  [ -s "$UDD/DevToolsActivePort" ] && break
  kill -0 "$CHROME_PID" 2>/dev/null || break
  sleep 0.1
done
if [ ! -s "$UDD/DevToolsActivePort" ]; then
  tail -n 5 "$T/chromium.log" >&2 || true
  skip "chromium did not start (no DevTools port after 30 s)"
fi
PORT=$(head -n 1 "$UDD/DevToolsActivePort")

$PY - "$PORT" "$T" "$N" "$MP4" <<'EOF'
import base64, io, json, sys, time, urllib.request
import websocket
from PIL import Image, ImageChops, ImageStat

port, tmp, n, mp4 = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


targets = json.load(urllib.request.urlopen("http://127.0.0.1:%s/json/list" % port))
page = next(t for t in targets if t.get("type") == "page")
ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30,
                                 suppress_origin=True)
msg_id = 0
events = []


def cdp(method, **params):
    global msg_id
    msg_id += 1
    ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
    while True:
        m = json.loads(ws.recv())
        if m.get("id") == msg_id:
            if "error" in m:
                fail("%s: %s" % (method, m["error"]))
            return m.get("result", {})
        events.append(m)


def js(expr):
    r = cdp("Runtime.evaluate", expression=expr, returnByValue=True,
            awaitPromise=True)
    if "exceptionDetails" in r:
        fail("script error in %r: %s" % (expr, r["exceptionDetails"]))
    return r["result"].get("value")


def attr(name):
    return js("document.querySelector('.nvhp').getAttribute('%s')" % name)


def wait(cond, what, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        if js(cond):
            return
        time.sleep(0.05)
    fail("timed out waiting for " + what)


def rect(sel):
    return js("(function(){var r=document.querySelector(%s).getBoundingClientRect();"
              "return [r.left,r.top,r.width,r.height];})()" % json.dumps(sel))


def mouse(kind, x, y, buttons=1):
    cdp("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
        buttons=buttons, clickCount=1)


def click(sel):
    x, y, w, h = rect(sel)
    mouse("mouseMoved", x + w / 2, y + h / 2, 0)
    mouse("mousePressed", x + w / 2, y + h / 2)
    mouse("mouseReleased", x + w / 2, y + h / 2, 0)


KEYS = {"ArrowRight": 39, "ArrowLeft": 37, "Home": 36, "End": 35, " ": 32}


def key(k):
    code = KEYS[k]
    name = "Space" if k == " " else k
    cdp("Input.dispatchKeyEvent", type="keyDown", key=k, code=name,
        windowsVirtualKeyCode=code, text=k if k == " " else "")
    cdp("Input.dispatchKeyEvent", type="keyUp", key=k, code=name,
        windowsVirtualKeyCode=code)


def frame():
    return int(attr("data-frame"))


cdp("Runtime.enable")
cdp("Network.enable")
cdp("Page.enable")
cdp("Page.navigate", url="file://%s/ball.html" % tmp)
wait("document.readyState==='complete' && !!document.querySelector('.nvhp[data-ready]')",
     "the player")
if int(attr("data-frames")) != n:
    fail("player has %s frames, expected %d" % (attr("data-frames"), n))
if frame() != 0 or attr("data-state") != "paused":
    fail("not paused at frame 0 after loading")
if js("document.title") != "ball test":
    fail("title %r" % js("document.title"))
time_text = js("document.querySelector('.nvhp-time').textContent")
if time_text != "t = 1.000 s":
    fail("time shown for frame 0 is %r, expected 't = 1.000 s'" % time_text)
print("ok: loaded, %d frames, %s" % (n, time_text))

# play: the frame advances at about 10 fps
click("button[data-act=play]")
t0 = time.time()
time.sleep(0.8)
f1 = frame()
if attr("data-state") != "playing" or f1 < 3:
    fail("after play and 0.8 s: state %s, frame %d" % (attr("data-state"), f1))
time.sleep(0.4)
f2 = frame()
if f2 <= f1:
    fail("frame did not advance while playing (%d then %d)" % (f1, f2))
click("button[data-act=pause]")
fp = frame()
time.sleep(0.4)
if frame() != fp or attr("data-state") != "paused":
    fail("pause did not stop at frame %d (now %d)" % (fp, frame()))
t = js("document.querySelector('.nvhp-time').textContent")
if t != "t = %.3f s" % (1 + fp / 10):
    fail("frame %d shows %r" % (fp, t))
print("ok: play advanced to %d, %d; pause holds %d (%s)" % (f1, f2, fp, t))

# buttons and keys
click("button[data-act=first]")
if frame() != 0:
    fail("first -> %d" % frame())
click("button[data-act=next]")
click("button[data-act=next]")
if frame() != 2:
    fail("next twice -> %d" % frame())
click("button[data-act=prev]")
if frame() != 1:
    fail("prev -> %d" % frame())
click("button[data-act=last]")
if frame() != n - 1:
    fail("last -> %d" % frame())
click(".nvhp-img")
key("Home")
if frame() != 0:
    fail("Home -> %d" % frame())
key("ArrowRight")
key("ArrowRight")
key("ArrowRight")
key("ArrowLeft")
if frame() != 2:
    fail("arrows -> %d" % frame())
key("End")
if frame() != n - 1:
    fail("End -> %d" % frame())
key(" ")
time.sleep(0.35)
if attr("data-state") != "playing":
    fail("space did not start playing")
key(" ")
if attr("data-state") != "paused":
    fail("space did not pause")
print("ok: first/next/prev/last buttons, Home/End/arrows/space keys")

# speed: faster twice = 4x
click("button[data-act=faster]")
click("button[data-act=faster]")
if js("document.querySelector('.nvhp-speed').textContent") != "4\u00d7":
    fail("speed shows %r" % js("document.querySelector('.nvhp-speed').textContent"))

# once: plays to the last frame and stops there
click("input[value=once]")
if attr("data-mode") != "once":
    fail("mode radio did not select once")
key("Home")
click("button[data-act=play]")
wait("document.querySelector('.nvhp').getAttribute('data-state')==='paused'",
     "'once' to stop", 5)
if frame() != n - 1:
    fail("'once' stopped at %d" % frame())
# reflect: from the last frame it plays backwards
click("input[value=reflect]")
click("button[data-act=play]")
time.sleep(0.3)
if attr("data-state") != "reversing" or frame() >= n - 1:
    fail("'reflect' at the end: state %s frame %d" % (attr("data-state"), frame()))
click("button[data-act=pause]")
click("button[data-act=slower]")
click("button[data-act=slower]")
print("ok: speed 4x, once stops at %d, reflect turns back" % (n - 1))

# drag the slider from its start to three quarters of the way
key("Home")
x, y, w, h = rect(".nvhp-slider")
thumb = 8  # about half the thumb: where value 0 is
x0, x1 = x + thumb, x + thumb + (w - 2 * thumb) * 13 / (n - 1)
mouse("mouseMoved", x0, y + h / 2, 0)
mouse("mousePressed", x0, y + h / 2)
for i in range(1, 11):
    mouse("mouseMoved", x0 + (x1 - x0) * i / 10, y + h / 2)
mouse("mouseReleased", x1, y + h / 2, 0)
fs = frame()
if abs(fs - 13) > 1:
    fail("slider dragged to 13 shows frame %d" % fs)
if int(js("document.querySelector('.nvhp-slider').value")) != fs:
    fail("slider value and frame differ")
print("ok: slider drag -> frame %d" % fs)

# the picture on screen is the PNG that was fed in
wait("document.querySelector('.nvhp').getAttribute('data-shown')==='%d'" % fs,
     "frame %d to be decoded" % fs)
x, y, w, h = rect(".nvhp-img")
if (w, h) != (320, 240):
    fail("picture shown at %gx%g" % (w, h))
shot = cdp("Page.captureScreenshot", format="png",
           clip={"x": x, "y": y, "width": w, "height": h, "scale": 1})
got = Image.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("RGB")


def diff(a, b):
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


fed = [Image.open("%s/frame-%03d.png" % (tmp, i)).convert("RGB") for i in range(n)]
diffs = [diff(got, f) for f in fed]
best = min(range(n), key=lambda i: diffs[i])
if best != fs or diffs[fs] > 1.0:
    fail("screenshot matches frame %d (mean difference %.2f), not %d (%.2f)"
         % (best, diffs[best], fs, diffs[fs]))
print("ok: screenshot equals fed frame %d (mean difference %.3f, next best %.2f)"
      % (fs, diffs[fs], sorted(diffs)[1]))

# the WebM page: the movie plays from the data URI
cdp("Page.navigate", url="file://%s/movie.html" % tmp)
wait("!!document.querySelector('.nvhp[data-ready]')", "the movie page")
wait("document.querySelector('video').readyState >= 1 && "
     "isFinite(document.querySelector('video').duration)", "the movie's duration")
vw = js("document.querySelector('video').videoWidth")
dur = js("document.querySelector('video').duration")
if vw != 320 or not (2.8 < dur < 3.2):
    fail("movie: width %s, duration %s" % (vw, dur))
click("button[data-act=play]")
wait("document.querySelector('video').currentTime > 0.3", "the movie to play")
print("ok: WebM page, 320 wide, %.2f s, plays" % dur)

if mp4:
    cdp("Page.navigate", url="file://%s/movie-mp4.html" % tmp)
    wait("!!document.querySelector('.nvhp[data-ready]')", "the MP4 page")
    wait("document.querySelector('video').readyState >= 1", "the MP4 metadata")
    vw = js("document.querySelector('video').videoWidth")
    dur = js("document.querySelector('video').duration")
    if vw != 320 or not (2.8 < dur < 3.2):
        fail("MP4: width %s, duration %s" % (vw, dur))
    print("ok: MP4 page, 320 wide, %.2f s" % dur)

# no request left the machine, no script error
for e in events:
    if e.get("method") == "Network.requestWillBeSent":
        url = e["params"]["request"]["url"]
        if not (url.startswith("file:") or url.startswith("data:")):
            fail("the page requested " + url)
    if e.get("method") == "Runtime.exceptionThrown":
        fail("script error: %s" % e["params"]["exceptionDetails"])
print("ok: no network requests, no script errors")
EOF
echo "all htmlplayer browser tests passed"
