#!/usr/bin/python3
# gst-neuroviz — tests of the Python package (python/neuroviz).
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Run by meson (suite python) with PYTHONPATH=python and the plugin from
the build folder; or by hand:
    PYTHONPATH=python GST_PLUGIN_PATH=build /usr/bin/python3 tests/python/test_neuroviz.py
"""
import os
import socket
import sys
import threading
import time
import unittest

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, '..', '..', 'python'))
import neuroviz  # noqa: E402
from neuroviz import media, LiveSender, SPIKE_DTYPE  # noqa: E402


class Server:
    """A loopback TCP server that records what each connection sends."""

    def __init__(self, read=True, close_first_after=None):
        self.sock = socket.socket()
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.conns = []
        self.read = read
        self.close_first_after = close_first_after
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        self.sock.settimeout(10)
        try:
            while not self.done.is_set():
                c, _ = self.sock.accept()
                data = bytearray()
                self.conns.append(data)
                if not self.read:
                    self.held = c
                    self.done.wait(10)
                    return
                c.settimeout(10)
                while True:
                    b = c.recv(65536)
                    if not b:
                        break
                    data += b
                    if (self.close_first_after is not None and
                            len(self.conns) == 1 and
                            len(data) >= self.close_first_after):
                        break
                c.close()
                if len(self.conns) >= 2 or self.close_first_after is None:
                    self.done.set()
        except OSError:
            pass

    def wait(self):
        self.thread.join(15)
        self.sock.close()


def split_stream(data):
    head, _, body = bytes(data).partition(b'\n')
    return head.decode(), body


class MediaTest(unittest.TestCase):
    def test_caps(self):
        self.assertEqual(media.spikes_caps(5000),
                         'application/x-neuro-spikes,units=(int)5000')
        self.assertIn('rate=(double)30000.0', media.signal_caps(4, 30000))
        self.assertIn('framerate=(fraction)0/1', media.frame_caps(3, 2))
        with self.assertRaisesRegex(ValueError, 'units=0'):
            media.spikes_caps(0)
        with self.assertRaisesRegex(ValueError, 'rate=1e\\+20'):
            media.signal_caps(1, 1e20)

    def test_records_and_bad_values(self):
        rec = media.spike_records([3, 12], [0.00125, 0.0075])
        self.assertEqual(rec.tobytes().hex(),
                         'd012130000000000030000000000803f'
                         'e0707200000000000c0000000000803f')
        with self.assertRaisesRegex(ValueError, 'unit id 7 is outside 0 … 4'):
            media.spike_records([1, 7], [0, 1], units=5)
        with self.assertRaisesRegex(ValueError, 'unit id -1'):
            media.spike_records([-1], [0])
        with self.assertRaisesRegex(ValueError, 'nan'):
            media.spike_records([1], [float('nan')])
        with self.assertRaisesRegex(ValueError, 'time_unit'):
            media.spike_records([1], [1], time_unit='min')
        ms = media.spike_records([1], [2.5], time_unit='ms')
        self.assertEqual(int(ms['t'][0]), 2_500_000)

    def test_slices(self):
        rng = np.random.default_rng(0)
        t = rng.uniform(0, 1, 500)
        rec = media.spike_records(rng.integers(0, 10, 500), t)
        slices = list(media.spike_slices(rec, 10_000_000, start=0,
                                         end=1_000_000_000))
        self.assertEqual(len(slices), 100)
        total = 0
        for k, (pts, dur, r) in enumerate(slices):
            self.assertEqual(pts, k * 10_000_000)
            self.assertEqual(dur, 10_000_000)
            self.assertTrue(np.all((r['t'] >= pts) & (r['t'] < pts + dur)))
            self.assertTrue(np.all(np.diff(r['t']) >= 0))
            total += r.size
        self.assertEqual(total, 500)

    def test_signal_chunks_exact(self):
        for rate in (30000, 3, 2.5):
            x = np.zeros((1000, 2), np.float32)
            chunks = list(media.signal_chunks(x, rate, frames=7))
            end = 0
            for pts, dur, block in chunks:
                self.assertEqual(pts, end)
                end = pts + dur
            self.assertEqual(sum(b.shape[0] for _, _, b in chunks), 1000)
            self.assertEqual(end, int(1000 * 10 ** 9 / rate))


class SenderTest(unittest.TestCase):
    def test_spikes_over_tcp(self):
        srv = Server()
        s = LiveSender(units=100, port=srv.port, connect_timeout=5)
        ids = np.arange(50) % 100
        t = np.linspace(0, 0.49, 50)
        self.assertEqual(s.send_spikes(ids, t), 50)
        self.assertTrue(s.close())
        srv.wait()
        head, body = split_stream(srv.conns[0])
        self.assertEqual(head, 'NEUROSTREAM 1 spikes units=100 format=binary')
        rec = np.frombuffer(body, SPIKE_DTYPE)
        np.testing.assert_array_equal(rec['unit'], ids)
        np.testing.assert_array_equal(rec['t'], np.round(t * 1e9))
        self.assertEqual((s.sent, s.dropped), (50, 0))

    def test_rank_header_and_ticks(self):
        srv = Server()
        s = LiveSender(units=300, rank=2, size=3, unit_offset=200,
                       port=srv.port, connect_timeout=5)
        self.assertEqual(s.send_spikes([0, 99], [0.001, 0.002],
                                       until=0.01), 2)
        self.assertTrue(s.tick(0.02))
        with self.assertRaisesRegex(ValueError, 'before the last spike'):
            s.send_spikes([1], [0.05], until=0.04)
        s.close()
        srv.wait()
        head, body = split_stream(srv.conns[0])
        self.assertEqual(head, 'NEUROSTREAM 1 spikes units=300 '
                         'format=binary rank=2 size=3')
        rec = np.frombuffer(body, SPIKE_DTYPE)
        # the spikes (global ids), their tick, a tick
        np.testing.assert_array_equal(
            rec['unit'], [200, 299, 0xffffffff, 0xffffffff])
        np.testing.assert_array_equal(
            rec['t'], [1_000_000, 2_000_000, 10_000_000, 20_000_000])
        with self.assertRaisesRegex(ValueError, 'rank= and size='):
            LiveSender(units=10, rank=1, stream=open(os.devnull, 'wb'))
        with self.assertRaisesRegex(ValueError, 'rank=3 size=3'):
            LiveSender(units=10, rank=3, size=3,
                       stream=open(os.devnull, 'wb'))
        with self.assertRaisesRegex(ValueError, 'for spikes'):
            LiveSender(channels=2, rate=10, rank=0, size=2,
                       stream=open(os.devnull, 'wb'))

    def test_signal_and_offset_checks(self):
        srv = Server()
        s = LiveSender(channels=3, rate=1000, port=srv.port,
                       connect_timeout=5)
        x = np.arange(30, dtype=np.float32).reshape(10, 3)
        s.send_signal(x)
        with self.assertRaisesRegex(ValueError, r'\[T, 3\]'):
            s.send_signal(np.zeros((4, 2)))
        with self.assertRaises(TypeError):
            s.send_spikes([0], [0])
        s.close()
        srv.wait()
        head, body = split_stream(srv.conns[0])
        self.assertEqual(head, 'NEUROSTREAM 1 signal channels=3 rate=1000.0 '
                         'format=binary')
        np.testing.assert_array_equal(
            np.frombuffer(body, '<f4').reshape(-1, 3), x)
        with self.assertRaisesRegex(ValueError, 'unit id 10'):
            LiveSender(units=10, stream=open(os.devnull, 'wb'),
                       unit_offset=5).send_spikes([5], [0.0])

    def test_slow_viewer_never_blocks_drop(self):
        srv = Server(read=False)
        s = LiveSender(units=10, port=srv.port, max_queue_bytes=1 << 16,
                       connect_timeout=5)
        big = np.zeros(200_000, np.int64)
        t0 = time.monotonic()
        for _ in range(20):
            s.send_spikes(big % 10, np.zeros(big.size))
        waited = time.monotonic() - t0
        self.assertGreater(s.dropped, 0)
        # the simulation only paid for encoding, never for the network
        self.assertLess(waited, 5.0)
        srv.done.set()
        s.close(timeout=0.5)

    def test_slow_viewer_block_bounded(self):
        srv = Server(read=False)
        s = LiveSender(units=10, port=srv.port, max_queue_bytes=1 << 16,
                       on_full='block', block_timeout=0.2,
                       connect_timeout=5)
        t0 = time.monotonic()
        for _ in range(3):
            s.send_spikes(np.zeros(100_000, int), np.zeros(100_000))
        waited = time.monotonic() - t0
        self.assertGreater(s.dropped, 0)
        self.assertLess(waited, 3 * 0.2 + 3.0)
        srv.done.set()
        s.close(timeout=0.5)

    def test_reconnects_with_a_new_header(self):
        header = len(b'NEUROSTREAM 1 spikes units=10 format=binary\n')
        srv = Server(close_first_after=header)
        s = LiveSender(units=10, port=srv.port, connect_timeout=5)
        # the first connection is closed by the viewer after the header
        time.sleep(0.3)
        for k in range(20):
            s.send_spikes([k % 10], [k * 0.01])
            time.sleep(0.02)
        s.close()
        srv.wait()
        self.assertGreaterEqual(len(srv.conns), 2)
        head, body = split_stream(srv.conns[-1])
        self.assertEqual(head, 'NEUROSTREAM 1 spikes units=10 format=binary')
        self.assertGreaterEqual(s.connections, 2)
        rec = np.frombuffer(body, SPIKE_DTYPE)
        self.assertGreater(rec.size, 0)
        self.assertEqual(rec.size + s.dropped, 20)

    def test_no_viewer(self):
        with self.assertRaisesRegex(ConnectionError, 'no neurolivesrc'):
            sk = socket.socket()
            sk.bind(('127.0.0.1', 0))
            port = sk.getsockname()[1]
            sk.close()
            LiveSender(units=10, port=port, connect_timeout=0.3)


def have_gst():
    try:
        from neuroviz import gst as nvg  # noqa: F401
        nvg.Gst.init(None)
        return nvg.Gst.ElementFactory.find('neurolivesrc') is not None
    except (ImportError, ValueError):
        return False


@unittest.skipUnless(have_gst(), 'needs PyGObject and the built plugin')
class GstTest(unittest.TestCase):
    def run_pipeline(self, desc, feed=None, timeout=30):
        from neuroviz import gst as nvg
        Gst = nvg.Gst
        p = Gst.parse_launch(desc)
        sink = p.get_by_name('out')
        got = []
        sink.set_property('emit-signals', True)
        sink.connect('new-sample', lambda s: (got.append(
            nvg.sample_array(s.emit('pull-sample'))), Gst.FlowReturn.OK)[1])
        p.set_state(Gst.State.PLAYING)
        if feed:
            feed(p)
        msg = p.get_bus().timed_pop_filtered(
            timeout * Gst.SECOND, Gst.MessageType.EOS | Gst.MessageType.ERROR)
        p.set_state(Gst.State.NULL)
        self.assertIsNotNone(msg, 'no EOS')
        self.assertEqual(msg.type, Gst.MessageType.EOS,
                         msg.parse_error()[1] if msg.type ==
                         Gst.MessageType.ERROR else '')
        return got

    def test_live_sender_into_neurolivesrc(self):
        from neuroviz import gst as nvg
        Gst = nvg.Gst
        ids = np.arange(300) % 50
        t = np.sort(np.random.default_rng(2).uniform(0, 0.3, 300))

        def feed(p):
            p.get_state(5 * Gst.SECOND)
            port = p.get_by_name('src').get_property('bound-port')
            with LiveSender(units=50, port=port, connect_timeout=5) as s:
                s.send_spikes(ids, t)

        got = self.run_pipeline(
            'neurolivesrc name=src port=0 timestamp-mode=sender '
            'latency=500000000 ! appsink name=out sync=false', feed)
        rec = np.concatenate(got)
        self.assertEqual(rec.size, 300)
        np.testing.assert_array_equal(rec['unit'], ids)
        rel = rec['t'] - rec['t'][0]
        np.testing.assert_array_equal(rel, np.round(t * 1e9).astype(np.int64)
                                      - int(round(t[0] * 1e9)))

    def test_live_ranks_into_neurolivesrc(self):
        """Four LiveSender ranks (threads, as MPI processes would be) into
        neurolivesrc senders=4: every spike once, in time order."""
        from neuroviz import gst as nvg
        Gst = nvg.Gst
        rng = np.random.default_rng(5)
        n = 4
        sent = []

        def rank(r, port):
            # rank 3 is silent: its ticks keep the merge going
            with LiveSender(units=40, rank=r, size=n, unit_offset=10 * r,
                            port=port, connect_timeout=5) as s:
                for k in range(20):
                    t0 = k * 0.01
                    m = 0 if r == 3 else int(rng.integers(0, 8))
                    t = np.sort(rng.uniform(t0, t0 + 0.01, m))
                    ids = rng.integers(0, 10, m)
                    sent.append((np.round(t * 1e9).astype(np.int64),
                                 ids + 10 * r))
                    s.send_spikes(ids, t, until=t0 + 0.01)

        def feed(p):
            p.get_state(5 * Gst.SECOND)
            port = p.get_by_name('src').get_property('bound-port')
            th = [threading.Thread(target=rank, args=(r, port))
                  for r in range(n)]
            for x in th:
                x.start()
            for x in th:
                x.join()

        got = self.run_pipeline(
            f'neurolivesrc name=src port=0 senders={n} '
            'timestamp-mode=sender merge-latency=10000000000 ! '
            'appsink name=out sync=false', feed)
        rec = np.concatenate(got)
        self.assertTrue(np.all(np.diff(rec['t']) >= 0))
        t = np.concatenate([x[0] for x in sent])
        u = np.concatenate([x[1] for x in sent])
        self.assertEqual(rec.size, t.size)
        want = sorted(zip((t - t.min()).tolist(), u.tolist()))
        have = sorted(zip((rec['t'] - rec['t'].min()).tolist(),
                          rec['unit'].tolist()))
        self.assertEqual(have, want)

    def test_appsrc_roundtrip_and_render(self):
        from neuroviz import gst as nvg
        ids = np.array([1, 4, 4, 9])
        t = np.array([0.001, 0.015, 0.2, 0.299])
        caps = media.spikes_caps(10)

        def feed(p):
            nvg.push_spikes(p.get_by_name('src'), ids, t, units=10,
                            end=300_000_000)

        got = self.run_pipeline(f'appsrc name=src format=time caps="{caps}" '
                                '! appsink name=out sync=false', feed)
        self.assertEqual(len(got), 30)
        rec = np.concatenate(got)
        np.testing.assert_array_equal(rec['unit'], ids)
        frames = self.run_pipeline(
            f'appsrc name=src format=time caps="{caps}" ! spikeraster '
            'axes=false ! video/x-raw,format=BGRx,width=64,height=40,'
            'framerate=10/1 ! appsink name=out sync=false', feed)
        self.assertEqual(len(frames), 3)
        self.assertEqual(frames[-1].shape, (40, 64, 4))
        # the last frame's window holds spikes: some pixel is not white
        self.assertLess(int(frames[-1][..., :3].min()), 128)


def have_brian2():
    try:
        import brian2  # noqa: F401
        return True
    except ImportError:
        return False


@unittest.skipUnless(have_brian2(), 'needs brian2 (python3-brian)')
class Brian2Test(unittest.TestCase):
    def test_operation_streams_every_spike(self):
        from brian2 import (PoissonGroup, SpikeMonitor, StateMonitor,
                            NeuronGroup, Network, Hz, ms, mV, prefs, seed,
                            defaultclock)
        from neuroviz.simulators import brian2_operation
        prefs.codegen.target = 'numpy'
        defaultclock.dt = 0.5 * ms
        seed(3)
        P = PoissonGroup(40, 80 * Hz)
        G = NeuronGroup(3, 'dv/dt = -v / (10*ms) : volt')
        G.v = '(i + 1) * mV'
        mon = SpikeMonitor(P)
        vm = StateMonitor(G, 'v', record=True)
        srv, srv2 = Server(), Server()
        sp = LiveSender(units=40, port=srv.port, connect_timeout=5)
        sg = LiveSender(channels=3, rate=2000, port=srv2.port,
                        connect_timeout=5)
        op = brian2_operation(sp, mon, sg, vm, unit=mV, pace=False)
        net = Network(P, G, mon, vm, op)
        net.run(205 * ms)
        op.send_rest()
        sp.close()
        sg.close()
        srv.wait()
        srv2.wait()
        rec = np.frombuffer(split_stream(srv.conns[0])[1], SPIKE_DTYPE)
        self.assertGreater(mon.num_spikes, 100)
        np.testing.assert_array_equal(rec['unit'], np.asarray(mon.i))
        np.testing.assert_array_equal(
            rec['t'], np.round(np.asarray(mon.t_) * 1e9))
        v = np.frombuffer(split_stream(srv2.conns[0])[1], '<f4').reshape(-1, 3)
        self.assertEqual(v.shape[0], 410)
        np.testing.assert_array_equal(v, (np.asarray(vm.v_).T * 1000)
                                      .astype('<f4'))


if __name__ == '__main__':
    unittest.main(verbosity=2)
