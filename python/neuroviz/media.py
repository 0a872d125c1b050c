# gst-neuroviz — numpy arrays as the project's media types.
# SPDX-License-Identifier: LGPL-2.1-or-later
"""numpy arrays as gst-neuroviz media types (docs/media-types.md).

Nothing here needs GStreamer: it computes caps strings, record arrays and
the timed slices that ``appsrc`` (see :mod:`neuroviz.gst`) or a file
expects.  Times are GStreamer nanoseconds on integer arithmetic, so
durations add up without drift.
"""
import numpy as np

#: one spike record: int64 t (ns), uint32 unit, float32 value, little-endian
SPIKE_DTYPE = np.dtype([('t', '<i8'), ('unit', '<u4'), ('value', '<f4')])

SECOND = 1_000_000_000
MAX_UNITS = 1 << 24
MAX_CHANNELS = 1 << 20
MAX_RATE = 10_000_000.0
MAX_DIM = 16384

_TIME_UNITS = {'s': SECOND, 'ms': 1_000_000, 'us': 1_000, 'ns': 1}


def _check_range(name, value, lo, hi):
    if not lo <= value <= hi:
        raise ValueError(f'{name}={value!r} is outside {lo} … {hi}')


def spikes_caps(units):
    """Caps of a spike stream of ``units`` neurons."""
    units = int(units)
    _check_range('units', units, 1, MAX_UNITS)
    return f'application/x-neuro-spikes,units=(int){units}'


def signal_caps(channels, rate):
    """Caps of a ``channels``-channel float32 signal at ``rate`` Hz."""
    channels, rate = int(channels), float(rate)
    _check_range('channels', channels, 1, MAX_CHANNELS)
    if not (rate > 0 and rate <= MAX_RATE):
        raise ValueError(f'rate={rate!r} must be above 0 and at most '
                         f'{MAX_RATE:g} Hz')
    return (f'application/x-neuro-signal,format=F32LE,'
            f'channels=(int){channels},rate=(double){rate!r}')


def frame_caps(width, height, fps=(0, 1)):
    """Caps of 2D float32 frames; ``fps`` a number or (num, den); 0 = still."""
    width, height = int(width), int(height)
    _check_range('width', width, 1, MAX_DIM)
    _check_range('height', height, 1, MAX_DIM)
    num, den = _fraction(fps)
    return (f'application/x-neuro-frame,format=F32LE,width=(int){width},'
            f'height=(int){height},framerate=(fraction){num}/{den}')


def _fraction(fps):
    if isinstance(fps, tuple):
        num, den = int(fps[0]), int(fps[1])
    else:
        from fractions import Fraction
        f = Fraction(fps).limit_denominator(1001)
        num, den = f.numerator, f.denominator
    if num < 0 or den <= 0:
        raise ValueError(f'framerate {fps!r} must be >= 0 with a positive '
                         'denominator')
    return num, den


def to_ns(times, time_unit='s'):
    """Times (seconds by default, or 'ms', 'us', 'ns') as int64 ns."""
    try:
        scale = _TIME_UNITS[time_unit]
    except KeyError:
        raise ValueError(f'time_unit={time_unit!r}: use one of '
                         f'{", ".join(_TIME_UNITS)}') from None
    t = np.asarray(times)
    if t.dtype.kind in 'iu':
        return t.astype(np.int64) * scale
    t = t.astype(np.float64)
    if not np.all(np.isfinite(t)):
        bad = t[~np.isfinite(t)][0]
        raise ValueError(f'spike time {bad!r} is not a finite number')
    ns = np.round(t * scale)
    if ns.size and (ns.min() < -2 ** 62 or ns.max() > 2 ** 62):
        raise ValueError('spike times beyond ±146 years cannot be stamped')
    return ns.astype(np.int64)


def spike_records(ids, times, values=None, units=None, time_unit='s'):
    """Spike records (:data:`SPIKE_DTYPE`) from unit ids and times.

    ``ids`` integers in 0 … units−1 (checked when ``units`` is given),
    ``times`` in ``time_unit``; ``values`` default to 1.0.  The records keep
    the given order (a buffer must be sorted by time: see
    :func:`spike_slices`, which sorts).
    """
    ids = np.asarray(ids)
    t = to_ns(times, time_unit)
    if ids.shape != t.shape or ids.ndim != 1:
        raise ValueError(f'ids {ids.shape} and times {t.shape} must be two '
                         '1-D arrays of the same length')
    if ids.size:
        if ids.dtype.kind not in 'iu':
            if not np.all(np.equal(np.mod(ids, 1), 0)):
                raise ValueError('unit ids must be integers')
        lo, hi = ids.min(), ids.max()
        if lo < 0 or (units is not None and hi >= units) or hi >= MAX_UNITS:
            bad = lo if lo < 0 else hi
            lim = units if units is not None else MAX_UNITS
            raise ValueError(f'unit id {int(bad)} is outside 0 … {lim - 1}')
    rec = np.empty(ids.size, SPIKE_DTYPE)
    rec['t'] = t
    rec['unit'] = ids
    rec['value'] = 1.0 if values is None else np.asarray(values, '<f4')
    return rec


def spike_slices(records, slice_ns=10_000_000, start=None, end=None):
    """Cut records into the project's spike slices.

    Yields ``(pts, duration, records)`` for every slice from ``start`` (the
    first spike's slice by default) to ``end`` (past the last spike), empty
    slices included, each sorted by time, as neurosrc and neurofilesrc send
    them.
    """
    rec = np.sort(np.asarray(records, SPIKE_DTYPE), order='t', kind='stable')
    slice_ns = int(slice_ns)
    if slice_ns <= 0:
        raise ValueError(f'slice_ns={slice_ns} must be positive')
    if start is None:
        start = (int(rec['t'][0]) // slice_ns) * slice_ns if rec.size else 0
    if end is None:
        end = int(rec['t'][-1]) + 1 if rec.size else start
    edges = np.arange(int(start), int(end) + slice_ns, slice_ns,
                      dtype=np.int64)
    if edges[-1] < end:
        edges = np.append(edges, edges[-1] + slice_ns)
    idx = np.searchsorted(rec['t'], edges)
    if idx[0] > 0:
        raise ValueError(f'{idx[0]} spikes lie before start={start} ns')
    for k in range(len(edges) - 1):
        yield int(edges[k]), slice_ns, rec[idx[k]:idx[k + 1]]


def signal_chunks(samples, rate, frames=None, first_frame=0):
    """Cut a [T, C] signal into timed chunks ``(pts, duration, block)``.

    PTS and DURATION come from the sample counter (``first_frame`` is the
    counter of row 0), so they add up exactly; ``frames`` rows per chunk
    (default: 10 ms worth, at least 1).
    """
    x = np.asarray(samples)
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2:
        raise ValueError(f'a signal is a [T, C] array, not {x.shape}')
    signal_caps(x.shape[1], rate)           # checks the figures
    if frames is None:
        frames = max(1, int(rate // 100))
    for k in range(0, x.shape[0], frames):
        block = np.ascontiguousarray(x[k:k + frames], dtype='<f4')
        n0, n1 = first_frame + k, first_frame + k + block.shape[0]
        pts, nxt = _frame_time(n0, rate), _frame_time(n1, rate)
        yield int(pts), int(nxt - pts), block


def _frame_time(n, rate):
    """floor(n / rate) in ns, exact for integer rates (gst_util_uint64_scale)."""
    rate = float(rate)
    if rate.is_integer():
        return n * SECOND // int(rate)
    from fractions import Fraction
    return int(Fraction(n * SECOND) / Fraction(rate))


def frames_chunks(frames, fps):
    """A [N, H, W] stack as timed frames ``(pts, duration, frame)``."""
    arr = np.asarray(frames)
    if arr.ndim == 2:
        arr = arr[None]
    if arr.ndim != 3:
        raise ValueError(f'frames are a [N, H, W] array, not {arr.shape}')
    num, den = _fraction(fps)
    for k in range(arr.shape[0]):
        if num == 0:
            pts, dur = 0, -1
        else:
            pts = k * SECOND * den // num
            dur = (k + 1) * SECOND * den // num - pts
        yield pts, dur, np.ascontiguousarray(arr[k], dtype='<f4')


def array_from_bytes(kind, data, channels=None, width=None, height=None):
    """The numpy view of a buffer's bytes of one of the media types."""
    if kind == 'spikes':
        if len(data) % SPIKE_DTYPE.itemsize:
            raise ValueError(f'{len(data)} bytes is not a whole number of '
                             '16-byte spike records')
        return np.frombuffer(data, SPIKE_DTYPE)
    if kind == 'signal':
        x = np.frombuffer(data, '<f4')
        if x.size % channels:
            raise ValueError(f'{len(data)} bytes is not a whole number of '
                             f'{channels}-channel frames')
        return x.reshape(-1, channels)
    if kind == 'frame':
        return np.frombuffer(data, '<f4').reshape(height, width)
    raise ValueError(f'unknown kind {kind!r}')
