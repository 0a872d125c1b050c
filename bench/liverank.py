#!/usr/bin/python3
# gst-neuroviz — bench: many simulation ranks into one neurolivesrc.
# SPDX-License-Identifier: LGPL-2.1-or-later
"""N ranks each stream R spikes/s for D s of sender time, paced in real
time (one batch and a tick per rank every 10 ms, as an MPI simulation's
NetworkOperation would), into ``neurolivesrc senders=N
timestamp-mode=sender``; the pipeline runs in this process (GI), the ranks
in a child process (one socket each).

Prints what reached the sink (spikes, slices, in time order or not), the
element's received/late/dropped counters, the CPU time of the pipeline
process and of the senders, and how far behind real time the senders were
at the end (0 when the pipeline kept up: TCP flow control slows a sender
down when neurolivesrc does not read).

    bench/liverank.py [--ranks 16] [--rate 1e6] [--duration 10]
                      [--merge-latency 0.5] [--sink fakesink | raster]
"""
import argparse
import os
import resource
import socket
import subprocess
import sys
import time

import numpy as np

STEP = 0.01                       # s of sender time per batch
DTYPE = np.dtype([('t', '<i8'), ('unit', '<u4'), ('value', '<f4')])
UNITS_PER_RANK = 1000


def send(port, ranks, rate, duration):
    """The ranks: one socket each, paced by the wall clock."""
    n = int(round(rate * STEP))
    rng = np.random.default_rng(7)
    socks, tmpl = [], []
    for r in range(ranks):
        s = socket.create_connection(('127.0.0.1', port))
        s.sendall(f'NEUROSTREAM 1 spikes units={UNITS_PER_RANK * ranks} '
                  f'format=binary rank={r} size={ranks}\n'.encode())
        socks.append(s)
        rec = np.zeros(n + 1, DTYPE)
        rec['t'][:n] = np.sort(rng.integers(0, int(STEP * 1e9), n))
        rec['t'][n] = int(STEP * 1e9)        # the tick at the batch's end
        rec['unit'][:n] = rng.integers(0, UNITS_PER_RANK, n) + \
            UNITS_PER_RANK * r
        rec['unit'][n] = 0xffffffff
        rec['value'] = 1.0
        tmpl.append(rec)
    steps = int(round(duration / STEP))
    tick = np.zeros(1, DTYPE)
    tick['unit'] = 0xffffffff
    for s in socks:
        s.sendall(tick.tobytes())            # every rank starts at t = 0
    start = time.monotonic()
    buf = np.empty(n + 1, DTYPE)
    for k in range(steps):
        # batch k holds sender time [k STEP, (k + 1) STEP): sent once that
        # time has passed, as a simulation running in real time does
        wait = start + (k + 1) * STEP - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        off = int(round(k * STEP * 1e9))
        for r in range(ranks):
            buf[:] = tmpl[r]
            buf['t'] += off
            socks[r].sendall(buf.data)
    behind = time.monotonic() - (start + steps * STEP)
    for s in socks:
        s.close()
    print(f'behind {behind:.3f}', flush=True)


def thread_cpu(name):
    """CPU seconds of this process's thread called @name (Linux)."""
    tck = os.sysconf('SC_CLK_TCK')
    total = 0.0
    for tid in os.listdir('/proc/self/task'):
        try:
            with open(f'/proc/self/task/{tid}/comm') as f:
                if f.read().strip() != name:
                    continue
            with open(f'/proc/self/task/{tid}/stat') as f:
                st = f.read().rsplit(')', 1)[1].split()
            total += (int(st[11]) + int(st[12])) / tck
        except OSError:
            pass
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ranks', type=int, default=16)
    ap.add_argument('--rate', type=float, default=1e6,
                    help='spikes per second per rank')
    ap.add_argument('--duration', type=float, default=10.0)
    ap.add_argument('--merge-latency', type=float, default=0.5,
                    help='s a slice waits for a rank that is behind: the '
                    "jitter the ranks' scheduling may have")
    ap.add_argument('--sink', default='fakesink',
                    help="'fakesink' or 'raster' (spikeraster ! fakesink)")
    ap.add_argument('--no-check', action='store_true',
                    help='count the spikes out without checking their order '
                    '(the check costs the pipeline process ~10 %% of a core)')
    ap.add_argument('--send', type=int, metavar='PORT', help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.send:
        send(a.send, a.ranks, a.rate, a.duration)
        return

    import gi
    gi.require_version('Gst', '1.0')
    from gi.repository import Gst
    Gst.init(None)
    tail = 'fakesink name=out sync=false'
    if a.sink == 'raster':
        tail = ('spikeraster window=1 ! video/x-raw,width=1280,'
                'height=720,framerate=30/1 ! fakesink name=out sync=false')
    p = Gst.parse_launch(
        f'neurolivesrc name=src port=0 senders={a.ranks} '
        f'merge-latency={int(a.merge_latency * 1e9)} '
        f'timestamp-mode=sender ! queue name=q max-size-buffers=0 max-size-time=0 '
        f'max-size-bytes=0 ! {tail}')
    src = p.get_by_name('src')
    stats = {'spikes': 0, 'slices': 0, 'last': -1, 'disorder': 0}

    def probe(pad, info):
        b = info.get_buffer()
        if a.no_check:
            stats['spikes'] += b.get_size() // DTYPE.itemsize
            stats['slices'] += 1
            return Gst.PadProbeReturn.OK
        t = np.frombuffer(b.extract_dup(0, b.get_size()), DTYPE)['t']
        if t.size:
            stats['disorder'] += int(np.count_nonzero(np.diff(t) < 0))
            stats['disorder'] += int(t[0] < stats['last'])
            stats['last'] = int(t[-1])
        stats['spikes'] += t.size
        stats['slices'] += 1
        return Gst.PadProbeReturn.OK

    # on the queue's thread, not neurolivesrc's
    p.get_by_name('q').get_static_pad('src').add_probe(
        Gst.PadProbeType.BUFFER, probe)
    p.set_state(Gst.State.PLAYING)
    p.get_state(5 * Gst.SECOND)
    port = src.get_property('bound-port')
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), '--send', str(port),
         '--ranks', str(a.ranks), '--rate', str(a.rate),
         '--duration', str(a.duration)], stdout=subprocess.PIPE, text=True)
    msg = p.get_bus().timed_pop_filtered(
        int((a.duration + 60) * Gst.SECOND),
        Gst.MessageType.EOS | Gst.MessageType.ERROR)
    wall = time.monotonic() - t0
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    out = child.communicate()[0]
    rc = resource.getrusage(resource.RUSAGE_CHILDREN)
    src_cpu = thread_cpu('src:src')       # neurolivesrc's streaming thread
    received = src.get_property('received')
    late = src.get_property('late')
    dropped = src.get_property('dropped')
    p.set_state(Gst.State.NULL)
    if msg is None or msg.type != Gst.MessageType.EOS:
        print('no EOS:', msg and msg.parse_error())
        sys.exit(1)
    sent = a.ranks * int(round(a.rate * STEP)) * int(round(a.duration / STEP))
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    print(f'{a.ranks} ranks x {a.rate:g} spikes/s, {a.duration:g} s, '
          f'merge-latency {a.merge_latency:g} s, sink {a.sink}')
    print(f'sent {sent}  received {received}  out {stats["spikes"]}  '
          f'late {late}  dropped {dropped}  out of order '
          f'{stats["disorder"]}  slices {stats["slices"]}')
    print(f'wall {wall:.2f} s  pipeline CPU {cpu:.2f} s '
          f'({100 * cpu / a.duration:.0f} % of one core)  senders CPU '
          f'{rc.ru_utime + rc.ru_stime:.2f} s  senders {out.strip()} s '
          'behind real time at the end')
    print(f'neurolivesrc thread CPU {src_cpu:.2f} s = '
          f'{1e9 * src_cpu / max(received, 1):.1f} ns/spike: one core would '
          f'merge {received / max(src_cpu, 1e-9) / 1e6:.0f} M spikes/s '
          f'({100 * src_cpu / a.duration:.0f} % of a core here)')
    behind = float(out.split()[1]) if out.startswith('behind') else 1e9
    complete = (stats['spikes'] == sent and late == 0 and dropped == 0
                and stats['disorder'] == 0)
    if a.no_check:
        print('(order not checked: --no-check)')
    # the senders are paced by the clock; TCP slows them down when the
    # pipeline does not read in time
    realtime = behind < a.merge_latency
    print(('complete, ordered' if complete else 'NOT complete') + ', ' +
          ('real time' if realtime else 'NOT real time'))
    sys.exit(0 if complete and realtime else 2)


if __name__ == '__main__':
    main()
