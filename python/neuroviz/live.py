# gst-neuroviz — stream a running simulation to neurolivesrc.
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Stream spikes or signals live to ``neurolivesrc`` (docs/live-protocol.md).

:class:`LiveSender` writes the NEUROSTREAM header for you, encodes numpy
arrays as binary records and hands them to a writer thread through a
bounded queue, so the simulation never waits on the network for longer
than you allow:

* ``on_full='drop'`` (default): when the viewer is slow or gone and the
  queue holds ``max_queue_bytes``, new records are dropped and counted
  (``dropped``) — the simulation never waits;
* ``on_full='block'``: the simulation waits for room, at most
  ``block_timeout`` seconds per call, then drops and counts.

Over TCP the sender connects in the background, and when the connection
breaks it reconnects (``reconnect=True``) and starts again with a new
header, as ``neurolivesrc reconnect=true`` expects; records queued while
no viewer listens are kept up to the bound.  With ``stream=`` it writes
to a binary file object instead (``sys.stdout.buffer`` for
``python sim.py | gst-launch-1.0 neurolivesrc location=- ! ...``).

A rank of an MPI-parallel simulation gives ``rank=`` and ``size=`` (one
line: ``LiveSender(units=N, rank=comm.rank, size=comm.size)``); the
viewer, ``neurolivesrc senders=SIZE timestamp-mode=sender``, merges the
ranks into one time-ordered stream.  ``send_spikes(..., until=t)`` (or
:meth:`LiveSender.tick`) says that the rank's simulation has reached ``t``
so that a rank without spikes does not hold the others back.
"""
import collections
import select
import socket
import threading
import time

import numpy as np

from .media import (SPIKE_DTYPE, MAX_UNITS, MAX_CHANNELS, MAX_RATE,
                    spike_records, to_ns)

#: binary record unit that marks a tick ("time advanced"), not a spike
TICK_UNIT = 0xffffffff
#: most ranks of one stream (neurolivesrc senders=)
MAX_RANKS = 4096


class LiveSender:
    """One NEUROSTREAM stream: spikes of ``units`` neurons, or a signal of
    ``channels`` channels at ``rate`` Hz.

    >>> s = LiveSender(units=1000, port=4953)        # doctest: +SKIP
    >>> s.send_spikes(ids, times)                    # doctest: +SKIP
    >>> s.close()                                    # doctest: +SKIP

    Parameters: ``host``, ``port`` (TCP, the default transport) or
    ``stream`` (a binary file object); ``on_full`` ``'drop'`` or
    ``'block'``; ``max_queue_bytes`` the bound of what waits to be sent;
    ``block_timeout`` seconds; ``reconnect``; ``connect_timeout`` how long
    the first connection is tried before ``send_*`` raise (``None``: keep
    trying in the background, queueing up to the bound).
    ``unit_offset`` is added to every unit id (for a rank that holds a
    share of the neurons and numbers them from 0; ``units`` is then the
    whole simulation's).  ``rank`` and ``size``: this sender is rank
    ``rank`` of ``size`` (announced in the header, for
    ``neurolivesrc senders=size``).
    """

    def __init__(self, units=None, channels=None, rate=None,
                 host='127.0.0.1', port=4953, stream=None,
                 on_full='drop', max_queue_bytes=16 << 20,
                 block_timeout=1.0, reconnect=True, connect_timeout=None,
                 unit_offset=0, rank=None, size=None):
        if (units is None) == (channels is None):
            raise ValueError('give units= (spikes) or channels= and rate= '
                             '(a signal)')
        if on_full not in ('drop', 'block'):
            raise ValueError(f"on_full={on_full!r}: use 'drop' or 'block'")
        if units is not None:
            units = int(units)
            if not 1 <= units <= MAX_UNITS:
                raise ValueError(f'units={units} is outside 1 … {MAX_UNITS}')
            self.kind = 'spikes'
            share = ''
            if (rank is None) != (size is None):
                raise ValueError('give both rank= and size= (or neither)')
            if rank is not None:
                rank, size = int(rank), int(size)
                if not 1 <= size <= MAX_RANKS or not 0 <= rank < size:
                    raise ValueError(f'rank={rank} size={size}: need 0 <= '
                                     f'rank < size <= {MAX_RANKS}')
                share = f' rank={rank} size={size}'
            self.header = (f'NEUROSTREAM 1 spikes units={units} '
                           f'format=binary{share}\n').encode()
            self.record_size = SPIKE_DTYPE.itemsize
        else:
            channels = int(channels)
            if not 1 <= channels <= MAX_CHANNELS:
                raise ValueError(f'channels={channels} is outside 1 … '
                                 f'{MAX_CHANNELS}')
            if rate is None or not 0 < float(rate) <= 1e9:
                raise ValueError(f'rate={rate!r} must be above 0 and at '
                                 'most 1e9 Hz')
            self.kind = 'signal'
            self.header = (f'NEUROSTREAM 1 signal channels={channels} '
                           f'rate={float(rate)!r} format=binary\n').encode()
            self.record_size = 4 * channels
            if rank is not None or size is not None:
                raise ValueError('rank= and size= are for spikes (the ranks '
                                 'of one simulation are merged)')
        self.units, self.channels, self.rate = units, channels, rate
        self.rank, self.size = rank, size
        self.unit_offset = int(unit_offset)
        self.host, self.port, self.stream = host, int(port), stream
        self.on_full, self.block_timeout = on_full, float(block_timeout)
        self.max_queue_bytes = max(int(max_queue_bytes), self.record_size)
        self.reconnect = reconnect
        self.sent = 0            # records written to the viewer
        self.dropped = 0         # records dropped (queue full, or lost)
        self.connections = 0     # connections made (1 + reconnects)
        self.error = None        # the last transport error, as text
        self._q = collections.deque()
        self._qbytes = 0
        self._cond = threading.Condition()
        self._closing = False
        self._connected = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True,
                                        name='neuroviz-sender')
        self._thread.start()
        if connect_timeout is not None and stream is None:
            if not self._connected.wait(connect_timeout):
                self.close(0)
                raise ConnectionError(
                    f'no neurolivesrc listening on {host}:{port} after '
                    f'{connect_timeout:g} s ({self.error})')

    # -- what the simulation calls -------------------------------------

    def send_spikes(self, ids, times, values=None, time_unit='s',
                    until=None):
        """Queue spikes: unit ids (0 … units−1 before ``unit_offset``) and
        their times (seconds by default; ``time_unit`` 'ms', 'us', 'ns').
        ``until``: the simulation has reached this time (same unit), no
        spike before it follows — a tick after the spikes, which a
        multi-rank viewer needs from a rank that is silent for a while.
        Returns how many spikes were queued (the rest were dropped)."""
        if self.kind != 'spikes':
            raise TypeError('this sender streams a signal: use send_signal')
        ids = np.asarray(ids)
        if self.unit_offset:
            ids = ids.astype(np.int64) + self.unit_offset
        rec = spike_records(ids, times, values, units=self.units,
                            time_unit=time_unit)
        if rec.size > 1 and np.any(np.diff(rec['t']) < 0):
            rec = np.sort(rec, order='t', kind='stable')
        if until is not None:
            tick = self._tick_record(until, time_unit)
            if rec.size and tick['t'][0] < rec['t'][-1]:
                raise ValueError(f'until={until} is before the last spike')
            return min(self._put(rec.tobytes() + tick.tobytes()), rec.size)
        return self._put(rec.tobytes())

    def tick(self, t, time_unit='s'):
        """Say that the simulation has reached ``t``: no spike before it
        follows (a multi-rank viewer does not wait for this rank before
        ``t``).  Returns True when it was queued."""
        if self.kind != 'spikes':
            raise TypeError('ticks are for spike streams')
        return self._put(self._tick_record(t, time_unit).tobytes()) == 1

    @staticmethod
    def _tick_record(t, time_unit):
        rec = np.zeros(1, SPIKE_DTYPE)
        rec['t'] = to_ns(np.asarray([t]), time_unit)
        if rec['t'][0] < 0:
            raise ValueError(f'tick time {t} is negative')
        rec['unit'] = TICK_UNIT
        return rec

    def send_signal(self, samples):
        """Queue sample frames: a [T, C] array (or [C] for one frame).
        Returns how many frames were queued."""
        if self.kind != 'signal':
            raise TypeError('this sender streams spikes: use send_spikes')
        x = np.asarray(samples, dtype='<f4')
        if x.ndim == 1:
            x = x[None, :]
        if x.ndim != 2 or x.shape[1] != self.channels:
            raise ValueError(f'samples of shape {x.shape}: expected '
                             f'[T, {self.channels}]')
        return self._put(np.ascontiguousarray(x).tobytes())

    def flush(self, timeout=None):
        """Wait until the queue is empty (True) or ``timeout`` passed."""
        end = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self._q and not self._closing:
                left = None if end is None else end - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._cond.wait(left)
            return not self._q

    def close(self, timeout=5.0):
        """Send what is queued (waiting at most ``timeout`` s), then close:
        the viewer sees the end of the stream (EOS without reconnect)."""
        if timeout:
            self.flush(timeout)
        with self._cond:
            self._closing = True
            left = len(self._q)
            self._cond.notify_all()
        self._thread.join(max(1.0, timeout or 0))
        with self._cond:
            if self._q:
                self.dropped += self._qbytes // self.record_size
                self._q.clear()
                self._qbytes = 0
        return left == 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- the bounded queue ---------------------------------------------

    def _put(self, data):
        n = len(data) // self.record_size
        if not n:
            return 0
        # pieces of at most a quarter of the bound, whole records each
        piece = max(self.record_size,
                    (self.max_queue_bytes // 4) // self.record_size
                    * self.record_size)
        queued = 0
        end = time.monotonic() + self.block_timeout
        with self._cond:
            for off in range(0, len(data), piece):
                chunk = data[off:off + piece]
                while (self._qbytes + len(chunk) > self.max_queue_bytes
                       and self.on_full == 'block' and not self._closing):
                    left = end - time.monotonic()
                    if left <= 0:
                        break
                    self._cond.wait(left)
                if (self._closing or
                        self._qbytes + len(chunk) > self.max_queue_bytes):
                    self.dropped += len(chunk) // self.record_size
                    continue
                self._q.append(chunk)
                self._qbytes += len(chunk)
                queued += len(chunk) // self.record_size
            self._cond.notify_all()
        return queued

    # -- the writer thread ---------------------------------------------

    def _run(self):
        backoff = 0.05
        while True:
            out = self._open()
            if out is None:
                with self._cond:
                    if self._closing:
                        return
                    self._cond.wait(backoff)
                backoff = min(backoff * 2, 1.0)
                continue
            backoff = 0.05
            self.connections += 1
            self._connected.set()
            ok = self._pump(out)
            self._shut(out)
            if ok or not self.reconnect or self.stream is not None:
                # closing, or a broken pipe we cannot reopen
                with self._cond:
                    if self._q:
                        self.dropped += self._qbytes // self.record_size
                        self._q.clear()
                        self._qbytes = 0
                    self._closing = True
                    self._cond.notify_all()
                return

    def _open(self):
        try:
            if self.stream is not None:
                self.stream.write(self.header)
                self.stream.flush()
                return self.stream
            sock = socket.create_connection((self.host, self.port),
                                            timeout=1.0)
            sock.settimeout(0.25)
            sock.sendall(self.header)
            return sock
        except OSError as e:
            self.error = str(e)
            return None

    def _shut(self, out):
        try:
            if out is self.stream:
                out.flush()
            else:
                out.close()
        except OSError:
            pass

    def _pump(self, out):
        """Write queued chunks until closing (True) or a failure (False)."""
        while True:
            with self._cond:
                while not self._q and not self._closing:
                    self._cond.wait()
                if not self._q:
                    return True
                chunk = self._q[0]
            try:
                if out is self.stream:
                    out.write(chunk)
                    out.flush()
                else:
                    self._send_all(out, chunk)
            except OSError as e:
                self.error = str(e)
                return False
            with self._cond:
                self._q.popleft()
                self._qbytes -= len(chunk)
                self.sent += len(chunk) // self.record_size
                self._cond.notify_all()

    def _send_all(self, sock, chunk):
        # neurolivesrc never writes back: a readable socket means the viewer
        # closed it, and what we would write now would be lost unseen
        r, _, _ = select.select([sock], [], [], 0)
        if r and not sock.recv(1, socket.MSG_PEEK):
            raise OSError('the viewer closed the connection')
        view = memoryview(chunk)
        while view:
            try:
                n = sock.send(view)
            except socket.timeout:
                # the viewer reads slowly: keep trying, but let close()
                # and the queue bound work meanwhile
                with self._cond:
                    if self._closing:
                        raise OSError('closed while the viewer stalled')
                continue
            view = view[n:]
