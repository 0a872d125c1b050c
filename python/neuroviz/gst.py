# gst-neuroviz — numpy arrays through appsrc and back from appsink.
# SPDX-License-Identifier: LGPL-2.1-or-later
"""appsrc/appsink helpers (needs PyGObject: python3-gi, gir1.2-gstreamer-1.0,
gir1.2-gst-plugins-base-1.0).

::

    from neuroviz import gst as nvg
    src.set_property('caps', Gst.Caps.from_string(spikes_caps(200)))
    nvg.push_spikes(src, ids, times)           # timed 10 ms slices, then EOS
    ...
    arr = nvg.sample_array(appsink.emit('pull-sample'))
"""
import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstVideo', '1.0')
from gi.repository import Gst, GstVideo  # noqa: E402

import numpy as np  # noqa: E402

from .media import (SPIKE_DTYPE, spike_records, spike_slices,  # noqa: E402
                    signal_chunks, frames_chunks, array_from_bytes)


def buffer(pts, duration, data):
    """A Gst.Buffer holding ``data`` (bytes or an array) with PTS/DURATION
    (ns; a negative duration leaves it unset); empty data makes a GAP."""
    raw = data.tobytes() if hasattr(data, 'tobytes') else bytes(data)
    buf = Gst.Buffer.new_wrapped(raw) if raw else Gst.Buffer.new()
    buf.pts = pts
    if duration >= 0:
        buf.duration = duration
    if not raw:
        buf.set_flags(Gst.BufferFlags.GAP)
    return buf


def _push_all(appsrc, items, eos):
    n = 0
    for pts, dur, data in items:
        ret = appsrc.emit('push-buffer', buffer(pts, dur, data))
        if ret != Gst.FlowReturn.OK:
            return ret
        n += 1
    if eos:
        appsrc.emit('end-of-stream')
    return Gst.FlowReturn.OK


def push_spikes(appsrc, ids, times, values=None, units=None,
                time_unit='s', slice_ns=10_000_000, start=0, end=None,
                eos=True):
    """Push spikes as the project's timed slices (empty ones included) from
    ``start`` to ``end`` ns; returns the last flow return."""
    rec = spike_records(ids, times, values, units, time_unit)
    return _push_all(appsrc, spike_slices(rec, slice_ns, start, end), eos)


def push_signal(appsrc, samples, rate, frames=None, eos=True):
    """Push a [T, C] signal in chunks timed by the sample counter."""
    return _push_all(appsrc, signal_chunks(samples, rate, frames), eos)


def push_frames(appsrc, frames, fps, eos=True):
    """Push a [N, H, W] stack (or one [H, W] still with fps=0)."""
    return _push_all(appsrc, frames_chunks(frames, fps), eos)


def sample_array(sample):
    """The numpy array of an appsink sample: spike records, a [T, C]
    signal, a [H, W] frame, or a [H, W, 4] (or 3) video frame with the
    plane stride removed.  A copy, safe after the sample is gone."""
    caps = sample.get_caps()
    st = caps.get_structure(0)
    name = st.get_name()
    buf = sample.get_buffer()
    ok, info = buf.map(Gst.MapFlags.READ)
    if not ok:
        raise RuntimeError('could not map the sample buffer')
    try:
        data = bytes(info.data)
    finally:
        buf.unmap(info)
    if name == 'application/x-neuro-spikes':
        return array_from_bytes('spikes', data).copy()
    if name == 'application/x-neuro-signal':
        return array_from_bytes('signal', data,
                                channels=st.get_int('channels')[1]).copy()
    if name == 'application/x-neuro-frame':
        return array_from_bytes('frame', data, width=st.get_int('width')[1],
                                height=st.get_int('height')[1]).copy()
    if name == 'video/x-raw':
        vinfo = GstVideo.VideoInfo.new_from_caps(caps)
        meta = GstVideo.buffer_get_video_meta(buf)
        stride = meta.stride[0] if meta else vinfo.stride[0]
        offset = meta.offset[0] if meta else vinfo.offset[0]
        bpp = vinfo.finfo.pixel_stride[0]
        rows = np.frombuffer(data, np.uint8, count=stride * vinfo.height,
                             offset=offset).reshape(vinfo.height, stride)
        return rows[:, :vinfo.width * bpp].reshape(
            vinfo.height, vinfo.width, bpp).copy()
    raise ValueError(f'sample_array: caps {name} are not a gst-neuroviz '
                     'media type or raw video')


__all__ = ['buffer', 'push_spikes', 'push_signal', 'push_frames',
           'sample_array', 'SPIKE_DTYPE', 'Gst']
