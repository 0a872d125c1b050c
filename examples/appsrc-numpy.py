#!/usr/bin/python3
"""Push numpy arrays into a gst-neuroviz pipeline through appsrc.

Spikes: a sorted structured array with the NeuroSpike layout (int64 t in
ns, uint32 unit, float32 value) cut into 10 ms slices, one buffer each, with
PTS = slice start and DURATION = 10 ms (empty slices are empty buffers).
Signal: a [T, C] float32 array, C-order, so each row is one interleaved
sample frame; 100 frames per buffer, PTS from the sample counter.

    /usr/bin/python3 examples/appsrc-numpy.py spikes out.mp4
    /usr/bin/python3 examples/appsrc-numpy.py signal out.mp4

Needs python3-gi, gir1.2-gstreamer-1.0 and gir1.2-gst-plugins-base-1.0;
the plugin is found through GST_PLUGIN_PATH.
"""
import os
import sys
import threading

import numpy as np

# render.py beside this file: the one-line report with progress (and it
# must come before GStreamer starts, for its log)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render  # noqa: E402
from render import Gst  # noqa: E402

SPIKE = np.dtype([('t', '<i8'), ('unit', '<u4'), ('value', '<f4')])
DURATION = 5.0          # seconds of data
SLICE = 10_000_000      # ns per spike buffer


def poisson_spikes(units=200, seed=0):
    """Poisson trains, rates rising with the unit index, sorted by time."""
    rng = np.random.default_rng(seed)
    rates = np.linspace(2.0, 30.0, units)
    counts = rng.poisson(rates * DURATION)
    unit = np.repeat(np.arange(units, dtype=np.uint32), counts)
    t = rng.uniform(0.0, DURATION, unit.size)
    rec = np.empty(unit.size, SPIKE)
    rec['t'] = np.round(t * 1e9).astype(np.int64)
    rec['unit'] = unit
    rec['value'] = 1.0
    return np.sort(rec, order='t')


def spike_buffers(rec):
    edges = np.arange(0, int(DURATION * 1e9) + SLICE, SLICE)
    idx = np.searchsorted(rec['t'], edges)
    for k in range(len(edges) - 1):
        buf = Gst.Buffer.new_wrapped(rec[idx[k]:idx[k + 1]].tobytes())
        buf.pts = int(edges[k])
        buf.duration = SLICE
        yield buf


def signal_buffers(x, rate, frames=100):
    for k in range(0, x.shape[0], frames):
        block = np.ascontiguousarray(x[k:k + frames], dtype='<f4')
        buf = Gst.Buffer.new_wrapped(block.tobytes())
        # from the sample counter, so durations add up without drift
        buf.pts = Gst.util_uint64_scale(k, Gst.SECOND, rate)
        buf.duration = Gst.util_uint64_scale(k + block.shape[0], Gst.SECOND,
                                              rate) - buf.pts
        yield buf


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ('spikes', 'signal'):
        sys.exit('usage: appsrc-numpy.py spikes|signal OUT.mp4')
    kind, out = sys.argv[1], sys.argv[2]
    Gst.init(None)

    if kind == 'spikes':
        rec = poisson_spikes()
        caps = 'application/x-neuro-spikes,units=200'
        draw = 'spikeraster window=2 title="appsrc: numpy spikes (t = {t})"'
        buffers = spike_buffers(rec)
        what = f'numpy through appsrc: {rec.size} Poisson spikes, 200 units'
    else:
        rate, channels = 1000, 8
        t = np.arange(int(DURATION * rate)) / rate
        f = 0.5 + 0.5 * np.arange(channels)
        rng = np.random.default_rng(1)
        x = (np.sin(2 * np.pi * f[None, :] * t[:, None])
             + 0.1 * rng.standard_normal((t.size, channels))).astype('<f4')
        caps = (f'application/x-neuro-signal,format=F32LE,'
                f'channels={channels},rate=(double){rate}')
        draw = 'signalscope mode=stacked window=2'
        buffers = signal_buffers(x, rate)
        what = f'numpy through appsrc: {channels} signals, {x.shape[0]} samples'

    pipeline = Gst.parse_launch(
        f'appsrc name=src format=time caps="{caps}" ! {draw} ! '
        'video/x-raw,width=800,height=400,framerate=25/1 ! videoconvert ! '
        f'x264enc speed-preset=veryfast ! mp4mux ! filesink location="{out}"')
    src = pipeline.get_by_name('src')
    # appsrc queues up to max-bytes and then blocks (block=true) until the
    # pipeline has taken the data: push from a thread once it plays
    src.set_property('block', True)
    # the stream length, for the progress report
    src.set_property('duration', int(DURATION * Gst.SECOND))

    def feed():
        for buf in buffers:
            if src.emit('push-buffer', buf) != Gst.FlowReturn.OK:
                break
        src.emit('end-of-stream')

    ok = render.run(pipeline, out, what, started=lambda: threading.Thread(
        target=feed, daemon=True).start())
    sys.exit(0 if ok else 1)

if __name__ == '__main__':
    main()
