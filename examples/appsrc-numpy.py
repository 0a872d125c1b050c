#!/usr/bin/python3
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
"""Push numpy arrays into a gst-neuroviz pipeline through appsrc.

The neuroviz package (python/neuroviz) does the media types: unit ids and
spike times become 10 ms slices (PTS = slice start, DURATION = 10 ms, empty
slices as GAP buffers); a [T, C] signal becomes buffers of 100 sample frames
timed by the sample counter.

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
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'python'))
from neuroviz import spikes_caps, signal_caps  # noqa: E402
from neuroviz import gst as nvg  # noqa: E402

DURATION = 5.0          # seconds of data
SLICE = 10_000_000      # ns per spike buffer


def poisson_spikes(units=200, seed=0):
    """Poisson trains, rates rising with the unit index: (ids, times in s)."""
    rng = np.random.default_rng(seed)
    counts = rng.poisson(np.linspace(2.0, 30.0, units) * DURATION)
    return (np.repeat(np.arange(units), counts),
            rng.uniform(0.0, DURATION, counts.sum()))


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ('spikes', 'signal'):
        sys.exit('usage: appsrc-numpy.py spikes|signal OUT.mp4')
    kind, out = sys.argv[1], sys.argv[2]
    Gst.init(None)

    if kind == 'spikes':
        ids, times = poisson_spikes()
        caps = spikes_caps(200)
        draw = 'spikeraster window=2 title="appsrc: numpy spikes (t = {t})"'
        # 10 ms slices from 0 to the end, empty ones included
        push = lambda src: nvg.push_spikes(  # noqa: E731
            src, ids, times, units=200, end=int(DURATION * 1e9))
        what = f'numpy through appsrc: {ids.size} Poisson spikes, 200 units'
    else:
        rate, channels = 1000, 8
        t = np.arange(int(DURATION * rate)) / rate
        f = 0.5 + 0.5 * np.arange(channels)
        rng = np.random.default_rng(1)
        x = (np.sin(2 * np.pi * f[None, :] * t[:, None])
             + 0.1 * rng.standard_normal((t.size, channels))).astype('<f4')
        caps = signal_caps(channels, rate)
        draw = 'signalscope mode=stacked window=2'
        push = lambda src: nvg.push_signal(src, x, rate, 100)  # noqa: E731
        what = f'numpy through appsrc: {channels} signals, {x.shape[0]} samples'

    pipeline = Gst.parse_launch(
        f'appsrc name=src format=time caps="{caps}" ! {draw} ! '
        'video/x-raw,width=800,height=400,framerate=25/1 ! videoconvert ! '
        'video/x-raw,format=I420 ! '
        f'x264enc speed-preset=veryfast ! mp4mux ! filesink location="{out}"')
    src = pipeline.get_by_name('src')
    # appsrc queues up to max-bytes and then blocks (block=true) until the
    # pipeline has taken the data: push from a thread once it plays
    src.set_property('block', True)
    # the stream length, for the progress report
    src.set_property('duration', int(DURATION * Gst.SECOND))

    def feed():
        push(src)          # timed buffers, then end-of-stream

    ok = render.run(pipeline, out, what, started=lambda: threading.Thread(
        target=feed, daemon=True).start())
    sys.exit(0 if ok else 1)

if __name__ == '__main__':
    main()
