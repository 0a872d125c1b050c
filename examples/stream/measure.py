#!/usr/bin/python3
# gst-neuroviz — stream a live raster and receive it with a real client.
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Streams a live spike raster over one transport and receives it with a
real client, on 127.0.0.1 only; prints one JSON line with what arrived.

    measure.py TRANSPORT CLIENT [--seconds S]
    measure.py webrtc none --seconds 0     # serve; open the printed page

TRANSPORT  udp (RTP/H.264 over UDP), mkv (Matroska over TCP), rtsp
           (gst-rtsp-server), hls (hlssink2 + an HTTP server), webrtc
           (webrtcbin + a WebSocket signalling server)
CLIENT     gst (a GStreamer receiver in this process), ffmpeg, chromium
           (headless, driven over the DevTools protocol), none (serve only)

Glass-to-glass latency is measured from the renderer's output to the
decoded frame: every frame leaving spikeraster gets a frame number,
written into its bottom-left corner by `simplevideomark` (4 marker squares
and 24 bit squares) and noted with the wall-clock time; the client reads
the number back from the decoded picture's pixels (in Python, or in
JavaScript from a canvas) and notes its own time.  ffmpeg writes PNG frames
only, so it gets no latency figure.  Every client checks the picture: the
raster's dark marks must be there (`dark`, the share of dark pixels in the
plot area); the GStreamer client also compares decoded frames with the
renderer's frames of the same number (`diff`, mean absolute grey
difference, 0 … 255, at quarter size, the mark rows left out).

The sender is the pipeline users write (docs/streaming.md); only the mark
and the probe are added for the measurement.
"""
import argparse
import asyncio
import http.server
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import gi
gi.require_version('Gst', '1.0')
gi.require_version('GstApp', '1.0')
from gi.repository import GLib, Gst  # noqa: E402

W, H, FPS = 640, 360, 25
MARK = ('simplevideomark name=mark pattern-width=8 pattern-height=8 '
        'pattern-count=4 pattern-data-count=24')


def free_port(kind=socket.SOCK_STREAM):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def source(encoder='h264'):
    """The live raster, marked, encoded."""
    enc = ('x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 '
           'bitrate=4000' if encoder == 'h264' else
           'vp8enc deadline=1 keyframe-max-dist=25 target-bitrate=4000000')
    return ('neurosrc pattern=poisson units=200 is-live=true ! '
            'spikeraster name=render window=2 '
            'title="live raster (t = {t})" ! '
            f'video/x-raw,width={W},height={H},framerate={FPS}/1 ! '
            'videoconvert ! video/x-raw,format=I420 ! '
            f'{MARK} ! {enc}')


class Marks:
    """Frame numbers, the wall time each left the renderer, and (for the
    picture check) a quarter-size grey copy of the recent ones."""

    def __init__(self):
        self.sent = {}
        self.frames = {}
        self.n = 0

    def attach(self, pipeline):
        mark = pipeline.get_by_name('mark')
        pad = pipeline.get_by_name('render').get_static_pad('src')

        def probe(pad, info):
            import numpy as np
            self.n += 1
            mark.set_property('pattern-data', self.n)
            self.sent[self.n] = time.time()
            buf = info.get_buffer()
            ok, m = buf.map(Gst.MapFlags.READ)
            if ok:
                a = np.frombuffer(m.data, np.uint8, count=W * H * 4)
                self.frames[self.n] = quarter_grey(a.reshape(H, W, 4)[..., :3])
                buf.unmap(m)
                self.frames.pop(self.n - 100, None)
            return Gst.PadProbeReturn.OK
        pad.add_probe(Gst.PadProbeType.BUFFER, probe)


def quarter_grey(rgb):
    """Mean of 4x4 blocks of the channel mean (colour order does not
    matter for grey), as float."""
    g = rgb.astype('f4').mean(axis=2)
    h, w = g.shape[0] // 4 * 4, g.shape[1] // 4 * 4
    return g[:h, :w].reshape(h // 4, 4, w // 4, 4).mean(axis=(1, 3))


def read_mark(rgb):
    """The frame number simplevideomark wrote (4 markers, 24 bits), or -1."""
    h = rgb.shape[0]
    bit = [int(rgb[h - 4, 8 * k + 4, 1] > 128) for k in range(28)]
    if bit[:4] != [0, 1, 0, 1]:
        return -1
    n = 0
    for b in bit[4:]:
        n = n * 2 + b
    return n


def dark_fraction(rgb_rows):
    """Share of dark pixels in the plot area (raster marks are dark)."""
    import numpy as np
    a = np.asarray(rgb_rows, dtype=np.uint8)
    h, w = a.shape[:2]
    plot = a[h // 6: h - h // 6, w // 8: w - w // 8, :3]
    return float((plot.max(axis=2) < 100).mean())


# ---- clients -------------------------------------------------------------

def gst_client(desc, seconds, marks):
    """A GStreamer receiver: each decoded frame's number is read from its
    pixels; every 10th frame is compared with the renderer's own frame of
    that number (mean absolute grey difference at quarter size)."""
    import numpy as np
    p = Gst.parse_launch(
        f'{desc} ! videoconvert ! video/x-raw,format=RGB,width={W},'
        f'height={H} ! appsink name=out sync=false max-buffers=2 drop=true '
        'emit-signals=true')
    got = {'frames': 0, 'lat': [], 'dark': 0.0, 'diff': [], 'other': []}

    def on_sample(sink):
        s = sink.emit('pull-sample')
        now = time.time()
        buf = s.get_buffer()
        ok, info = buf.map(Gst.MapFlags.READ)
        stride = ((W * 3) + 3) & ~3
        rows = np.frombuffer(info.data, np.uint8, count=stride * H)
        rgb = rows.reshape(H, stride)[:, :W * 3].reshape(H, W, 3).copy()
        buf.unmap(info)
        got['frames'] += 1
        n = read_mark(rgb)
        if n in marks.sent:
            got['lat'].append(now - marks.sent[n])
        if got['frames'] % 10 == 0:
            got['dark'] = max(got['dark'], dark_fraction(rgb))
            ref, other = marks.frames.get(n), marks.frames.get(n - 12)
            if ref is not None and other is not None:
                q = quarter_grey(rgb)[:-3]
                got['diff'].append(float(np.abs(q - ref[:-3]).mean()))
                got['other'].append(float(np.abs(q - other[:-3]).mean()))
        return Gst.FlowReturn.OK
    p.get_by_name('out').connect('new-sample', on_sample)
    bus = p.get_bus()
    p.set_state(Gst.State.PLAYING)
    msg = bus.timed_pop_filtered(int(seconds * Gst.SECOND),
                                 Gst.MessageType.ERROR)
    p.set_state(Gst.State.NULL)
    return got, msg.parse_error()[0].message if msg else None


def ffmpeg_client(url, seconds, extra=()):
    """ffmpeg decodes frames to PNG; the last one is checked."""
    from PIL import Image
    tmp = tempfile.mkdtemp()
    try:
        cmd = ['ffmpeg', '-v', 'error', *extra, '-i', url, '-t',
               str(seconds), '-vf', 'fps=5', os.path.join(tmp, 'f%04d.png')]
        r = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=seconds + 30)
        files = sorted(os.listdir(tmp))
        got = {'frames': len(files), 'lat': [], 'dark': 0.0}
        for f in files[-3:]:
            got['dark'] = max(got['dark'], dark_fraction(
                Image.open(os.path.join(tmp, f)).convert('RGB')))
        err = None if files else (r.stderr.strip() or 'no frames')
        return got, err
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


PAGE_JS = r"""
window.nv = {frames: 0, lat: [], dark: 0, t0: null, error: null};
function readMark(ctx, h) {
  // 4 markers (black, white, ...) then 24 bits, MSB first, 8 px squares
  var px = function (k) {
    return ctx.getImageData(8 * k + 4, h - 4, 1, 1).data[1] > 128 ? 1 : 0; };
  if (px(0) || !px(1) || px(2) || !px(3)) return -1;
  var n = 0;
  for (var k = 0; k < 24; k++) n = n * 2 + px(4 + k);
  return n;
}
function watch(video) {
  var c = document.createElement('canvas');
  var ctx = c.getContext('2d', {willReadFrequently: true});
  var step = function () {
    if (video.videoWidth) {
      c.width = video.videoWidth; c.height = video.videoHeight;
      ctx.drawImage(video, 0, 0);
      nv.frames++;
      var n = readMark(ctx, c.height);
      if (n > 0) nv.lat.push([n, Date.now()]);
      if (nv.frames % 10 == 0) {
        var w = c.width, h = c.height;
        var d = ctx.getImageData(w / 8, h / 6, w * 3 / 4, h * 2 / 3).data, k = 0;
        for (var i = 0; i < d.length; i += 4)
          if (Math.max(d[i], d[i + 1], d[i + 2]) < 100) k++;
        nv.dark = Math.max(nv.dark, k / (d.length / 4));
      }
    }
    video.requestVideoFrameCallback(step);
  };
  video.requestVideoFrameCallback(step);
}
"""

HLS_PAGE = """<!doctype html><html><body>
<video id=v muted autoplay playsinline src="live.m3u8"></video>
<script>%s
var v = document.getElementById('v');
// Chromium's native HLS now and then fails on a live playlist
// (DEMUXER_ERROR_COULD_NOT_PARSE): reload the source, as a web player does;
// three failures in a row are an error
v.addEventListener('error', function () {
  var why = 'video error ' + (v.error && v.error.code) + ' ' +
    (v.error && v.error.message);
  nv.reloads = (nv.reloads || 0) + 1;
  if (nv.reloads > 3) { nv.error = why; return; }
  setTimeout(function () { v.src = 'live.m3u8?' + nv.reloads; v.play(); }, 300);
});
v.addEventListener('playing', function () { if (nv.frames > 50) nv.reloads = 0; });
watch(v); v.play();
</script></body></html>""" % PAGE_JS

WEBRTC_PAGE = """<!doctype html><html><body>
<video id=v muted autoplay playsinline></video>
<script>%s
var v = document.getElementById('v');
var ws = new WebSocket('ws://127.0.0.1:' + location.hash.slice(1));
var pc = new RTCPeerConnection({iceServers: []});
pc.ontrack = function (e) { v.srcObject = e.streams[0]; v.play(); watch(v); };
pc.onicecandidate = function (e) {
  if (e.candidate) ws.send(JSON.stringify({ice: e.candidate.toJSON()})); };
ws.onmessage = async function (m) {
  var msg = JSON.parse(m.data);
  if (msg.sdp) {
    await pc.setRemoteDescription(msg.sdp);
    var a = await pc.createAnswer();
    await pc.setLocalDescription(a);
    ws.send(JSON.stringify({sdp: {type: 'answer', sdp: a.sdp}}));
  } else if (msg.ice) {
    await pc.addIceCandidate(msg.ice);
  }
};
ws.onerror = function () { nv.error = 'signalling failed'; };
</script></body></html>""" % PAGE_JS


class Chromium:
    """Headless Chromium on a DevTools port, driven with python3-websocket."""

    def __init__(self):
        import websocket
        exe = shutil.which('chromium') or shutil.which('chromium-browser')
        if not exe:
            raise RuntimeError('chromium is not installed (Debian: chromium)')
        self.dir = tempfile.mkdtemp()
        port = free_port()
        self.proc = subprocess.Popen(
            [exe, '--headless=new', '--no-sandbox', '--disable-gpu',
             '--autoplay-policy=no-user-gesture-required',
             # loopback ICE candidates as addresses, not mDNS names
             '--disable-features=WebRtcHideLocalIpsWithMdns',
             f'--remote-debugging-port={port}',
             '--remote-debugging-address=127.0.0.1',
             f'--user-data-dir={self.dir}', 'about:blank'],
            stdout=subprocess.DEVNULL,
            stderr=open(os.environ['NV_CHROMIUM_LOG'], 'w')
            if os.environ.get('NV_CHROMIUM_LOG') else subprocess.DEVNULL)
        end = time.time() + 30
        while True:
            try:
                pages = json.load(urllib.request.urlopen(
                    f'http://127.0.0.1:{port}/json', timeout=2))
                page = [p for p in pages if p['type'] == 'page'][0]
                break
            except (OSError, IndexError, ValueError):
                if time.time() > end:
                    self.close()
                    raise RuntimeError('chromium did not start')
                time.sleep(0.2)
        self.ws = websocket.create_connection(page['webSocketDebuggerUrl'],
                                              timeout=30,
                                              suppress_origin=True)
        self.id = 0

    def call(self, method, **params):
        self.id += 1
        self.ws.send(json.dumps({'id': self.id, 'method': method,
                                 'params': params}))
        while True:
            r = json.loads(self.ws.recv())
            if r.get('id') == self.id:
                return r.get('result', {})

    def eval(self, expr):
        r = self.call('Runtime.evaluate', expression=expr,
                      returnByValue=True)
        return r.get('result', {}).get('value')

    def close(self):
        try:
            self.proc.kill()
            self.proc.wait(10)
        except OSError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


def serve(url, seconds):
    """No client here: say where to connect and stream for a while."""
    print(f'streaming on {url} (Ctrl-C stops)', flush=True)
    try:
        time.sleep(seconds if seconds > 0 else 1e9)
    except KeyboardInterrupt:
        pass
    return {'frames': 1, 'lat': [], 'dark': 0.0}, None


def chromium_client(url, seconds, marks):
    c = Chromium()
    try:
        c.call('Page.enable')
        c.call('Page.navigate', url=url)
        time.sleep(seconds)
        nv = c.eval('JSON.stringify(window.nv || null)')
        nv = json.loads(nv) if nv else None
        if not nv:
            return {'frames': 0, 'lat': [], 'dark': 0.0}, 'page not loaded'
        lat = [t / 1000.0 - marks.sent[n] for n, t in nv['lat']
               if n in marks.sent]
        return ({'frames': nv['frames'], 'lat': lat, 'dark': nv['dark']},
                nv['error'])
    finally:
        c.close()


# ---- transports ------------------------------------------------------------

def start(desc):
    p = Gst.parse_launch(desc)
    marks = Marks()
    marks.attach(p)
    p.set_state(Gst.State.PLAYING)
    return p, marks


def check_bus(p):
    msg = p.get_bus().pop_filtered(Gst.MessageType.ERROR)
    return msg.parse_error()[0].message if msg else None


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def http_server(root):
    handler = lambda *a, **k: QuietHandler(*a, directory=root, **k)  # noqa
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def run_udp(client, seconds):
    port = free_port(socket.SOCK_DGRAM)
    p, marks = start(f'{source()} ! rtph264pay config-interval=-1 pt=96 ! '
                     f'udpsink host=127.0.0.1 port={port} sync=false')
    caps = ('application/x-rtp,media=video,encoding-name=H264,'
            'clock-rate=90000,payload=96')
    try:
        if client == 'none':
            return serve(f'udp://127.0.0.1:{port} (RTP, {caps})', seconds)
        if client == 'gst':
            return gst_client(f'udpsrc address=127.0.0.1 port={port} '
                              f'caps="{caps}" ! rtpjitterbuffer latency=20 ! '
                              'rtph264depay ! avdec_h264', seconds, marks)
        raise SystemExit('udp: clients are gst')
    finally:
        p.set_state(Gst.State.NULL)


def run_mkv(client, seconds):
    port = free_port()
    p, marks = start(f'{source()} ! h264parse ! matroskamux streamable=true '
                     f'! tcpserversink host=127.0.0.1 port={port} '
                     'sync=false')
    p.get_state(5 * Gst.SECOND)
    try:
        if client == 'none':
            return serve(f'tcp://127.0.0.1:{port} (Matroska)', seconds)
        if client == 'gst':
            return gst_client(f'tcpclientsrc host=127.0.0.1 port={port} ! '
                              'matroskademux ! h264parse ! avdec_h264',
                              seconds, marks)
        if client == 'ffmpeg':
            return ffmpeg_client(f'tcp://127.0.0.1:{port}', seconds)
        raise SystemExit('mkv: clients are gst, ffmpeg')
    finally:
        p.set_state(Gst.State.NULL)


def run_rtsp(client, seconds):
    gi.require_version('GstRtspServer', '1.0')
    from gi.repository import GstRtspServer
    port = free_port()
    server = GstRtspServer.RTSPServer.new()
    server.set_address('127.0.0.1')
    server.set_service(str(port))
    factory = GstRtspServer.RTSPMediaFactory.new()
    factory.set_launch(f'( {source()} ! rtph264pay name=pay0 pt=96 '
                       'config-interval=-1 )')
    factory.set_shared(True)
    marks = Marks()
    factory.connect('media-configure',
                    lambda f, media: marks.attach(media.get_element()))
    server.get_mount_points().add_factory('/raster', factory)
    loop = GLib.MainLoop()
    server.attach(None)
    threading.Thread(target=loop.run, daemon=True).start()
    url = f'rtsp://127.0.0.1:{port}/raster'
    try:
        if client == 'none':
            return serve(url, seconds)
        if client == 'gst':
            return gst_client(f'rtspsrc location={url} latency=200 ! '
                              'rtph264depay ! avdec_h264', seconds, marks)
        if client == 'ffmpeg':
            return ffmpeg_client(url, seconds, ('-rtsp_transport', 'tcp'))
        raise SystemExit('rtsp: clients are gst, ffmpeg')
    finally:
        loop.quit()


def run_hls(client, seconds):
    root = tempfile.mkdtemp()
    with open(os.path.join(root, 'index.html'), 'w') as f:
        f.write(HLS_PAGE)
    p, marks = start(f'{source()} ! h264parse config-interval=-1 ! hlssink2 '
                     f'location={root}/seg%05d.ts '
                     f'playlist-location={root}/live.m3u8 '
                     'target-duration=1 playlist-length=4 max-files=8')
    srv = http_server(root)
    url = f'http://127.0.0.1:{srv.server_address[1]}'
    try:
        # the playlist needs a few segments first
        end = time.time() + 20
        while time.time() < end:
            try:
                if open(f'{root}/live.m3u8').read().count('#EXTINF') >= 2:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        if client == 'none':
            return serve(f'{url}/index.html (playlist {url}/live.m3u8)',
                         seconds)
        if client == 'ffmpeg':
            return ffmpeg_client(f'{url}/live.m3u8', seconds)
        if client == 'chromium':
            return chromium_client(f'{url}/index.html', seconds, marks)
        if client == 'gst':
            return gst_client(f'souphttpsrc location={url}/live.m3u8 ! '
                              'hlsdemux ! tsdemux ! h264parse ! avdec_h264',
                              seconds, marks)
        raise SystemExit('hls: clients are gst, ffmpeg, chromium')
    finally:
        p.set_state(Gst.State.NULL)
        srv.shutdown()
        shutil.rmtree(root, ignore_errors=True)


def run_webrtc(client, seconds):
    """webrtcbin sends VP8 to each browser that connects to the signalling
    WebSocket; the page answers the offer (docs/streaming.md)."""
    import websockets
    gi.require_version('GstWebRTC', '1.0')
    gi.require_version('GstSdp', '1.0')
    from gi.repository import GstWebRTC, GstSdp
    if client not in ('chromium', 'none'):
        raise SystemExit('webrtc: the client is chromium (or none)')
    root = tempfile.mkdtemp()
    with open(os.path.join(root, 'index.html'), 'w') as f:
        f.write(WEBRTC_PAGE)
    state = {}
    marks = Marks()

    async def peer(ws):
        loop = asyncio.get_running_loop()
        send = lambda m: asyncio.run_coroutine_threadsafe(  # noqa: E731
            ws.send(json.dumps(m)), loop)
        p = Gst.parse_launch(
            f'{source("vp8")} ! rtpvp8pay picture-id-mode=15-bit ! '
            'application/x-rtp,media=video,encoding-name=VP8,payload=96 ! '
            'webrtcbin name=rtc bundle-policy=max-bundle')
        marks.attach(p)
        state['pipeline'] = p
        rtc = p.get_by_name('rtc')

        def on_offer(promise, _):
            reply = promise.get_reply()
            offer = reply.get_value('offer') if reply else None
            if offer is None:
                state['error'] = f'webrtcbin made no offer: {reply}'
                return
            rtc.emit('set-local-description', offer, None)
            send({'sdp': {'type': 'offer', 'sdp': offer.sdp.as_text()}})

        def on_negotiation(el):
            el.emit('create-offer', None,
                    Gst.Promise.new_with_change_func(on_offer, None))
        rtc.connect('on-negotiation-needed', on_negotiation)
        rtc.connect('on-ice-candidate', lambda el, idx, cand: send(
            {'ice': {'candidate': cand, 'sdpMLineIndex': idx}}))
        p.set_state(Gst.State.PLAYING)
        async for m in ws:
            msg = json.loads(m)
            if 'sdp' in msg:
                _, sdp = GstSdp.SDPMessage.new_from_text(msg['sdp']['sdp'])
                answer = GstWebRTC.WebRTCSessionDescription.new(
                    GstWebRTC.WebRTCSDPType.ANSWER, sdp)
                rtc.emit('set-remote-description', answer, None)
            elif 'ice' in msg and msg['ice'].get('candidate'):
                rtc.emit('add-ice-candidate', msg['ice']['sdpMLineIndex'],
                         msg['ice']['candidate'])

    ready = threading.Event()

    def signalling():
        async def main():
            async with websockets.serve(peer, '127.0.0.1', 0) as server:
                state['port'] = server.sockets[0].getsockname()[1]
                ready.set()
                await asyncio.Future()
        try:
            asyncio.run(main())
        except Exception as e:  # reported through the result
            state['error'] = str(e)
            ready.set()
    threading.Thread(target=signalling, daemon=True).start()
    ready.wait(10)
    srv = http_server(root)
    url = (f'http://127.0.0.1:{srv.server_address[1]}/index.html'
           f'#{state.get("port")}')
    try:
        if client == 'none':
            return serve(url, seconds)
        got, err = chromium_client(url, seconds, marks)
        return got, err or state.get('error')
    finally:
        if 'pipeline' in state:
            state['pipeline'].set_state(Gst.State.NULL)
        srv.shutdown()
        shutil.rmtree(root, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('transport',
                    choices=['udp', 'mkv', 'rtsp', 'hls', 'webrtc'])
    ap.add_argument('client', choices=['gst', 'ffmpeg', 'chromium', 'none'],
                    help='none: only serve, for a client of your own')
    ap.add_argument('--seconds', type=float, default=6.0,
                    help='how long to receive (serve: 0 = until Ctrl-C)')
    args = ap.parse_args()
    Gst.init(None)
    if not Gst.ElementFactory.find('spikeraster'):
        sys.exit('measure.py: the neuroviz plugin is not found '
                 '(GST_PLUGIN_PATH)')
    run = globals()['run_' + args.transport]
    got, err = run(args.client, args.seconds)
    lat = sorted(got['lat'])
    out = {'transport': args.transport, 'client': args.client,
           'frames': got['frames'], 'dark': round(got['dark'], 4),
           'latency_ms': (round(statistics.median(lat) * 1000, 1)
                          if lat else None),
           'latency_p90_ms': (round(lat[int(0.9 * (len(lat) - 1))] * 1000, 1)
                              if lat else None),
           'marks': len(lat), 'error': err,
           'diff': (round(max(got['diff']), 2) if got.get('diff')
                    else None),
           # the same against the frame 12 numbers earlier: what a wrong
           # or stale frame would give
           'diff_other': (round(min(got['other']), 2) if got.get('other')
                          else None)}
    print(json.dumps(out))
    sys.exit(0 if got['frames'] and not err else 1)


if __name__ == '__main__':
    main()
