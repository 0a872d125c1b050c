#!/usr/bin/python3
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
"""Tiny test files for tests/neurofilesrc.c, written by Debian's numpy.

Run with the system python (it has numpy):  /usr/bin/python3 gen_neurofilesrc.py
The values follow simple formulas that the C test recomputes:
  signal  v[r, c] = 4 r + c              (T=30, C=3)
  frames  m[t, y, x] = 100 t + 10 y + x  (T=4, H=3, W=5)
  raster  spike where (7 r + c) % 5 == 0 (T=20, N=6)
  spikes  unit k % 7, time 2.5 ms * k    (k < 40)
"""
import io
import os
import struct
import zipfile
import zlib

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'neurofilesrc')
os.makedirs(OUT, exist_ok=True)


def path(name):
    return os.path.join(OUT, name)


def raw_npy(name, header, data=b'', version=1, pad=64, hlen=None):
    """A .npy with a hand-written header (npy-matlab style or malformed)."""
    h = header.encode('latin1')
    pre = 10 if version == 1 else 12
    total = pre + len(h) + 1
    h += b' ' * ((-total) % pad) + b'\n'
    n = len(h) if hlen is None else hlen
    lenfield = struct.pack('<H', n) if version == 1 else struct.pack('<I', n)
    with open(path(name), 'wb') as f:
        f.write(b'\x93NUMPY' + bytes([version, 0]) + lenfield + h + data)


T, C = 30, 3
sig = (4 * np.arange(T)[:, None] + np.arange(C)[None, :]).astype(np.float64)
for dt in ['<f4', '<f8', '<f2', '>f8', '>f4', '|i1', '|u1', '<i2', '>i2',
           '<u2', '<i4', '<u4', '<i8', '>u8']:
    tag = dt.replace('<', 'le').replace('>', 'be').replace('|', '')
    np.save(path('sig_%s.npy' % tag), sig.astype(dt))
np.save(path('sig_fortran.npy'), np.asfortranarray(sig.astype('<f4')))
with open(path('sig_v2.npy'), 'wb') as f:
    np.lib.format.write_array(f, sig.astype('<f4'), version=(2, 0))
with open(path('sig_v3.npy'), 'wb') as f:
    np.lib.format.write_array(f, sig.astype('<f4'), version=(3, 0))
# npy-matlab: Fortran order, 16-byte padding
raw_npy('sig_npymatlab.npy',
        "{'descr': '<f8', 'fortran_order': True, 'shape': (30, 3), }",
        sig.astype('<f8').tobytes(order='F'), pad=16)
np.save(path('sig_1d.npy'), sig[:, 0].astype('<f4'))

fr = (100 * np.arange(4)[:, None, None] + 10 * np.arange(3)[None, :, None]
      + np.arange(5)[None, None, :]).astype(np.float32)
np.save(path('frames.npy'), fr)
np.save(path('frames_fortran_f2.npy'), np.asfortranarray(fr.astype('<f2')))
conn = (10 * np.arange(4)[:, None] + np.arange(4)[None, :]).astype(np.float32)
np.save(path('conn_static.npy'), conn)
np.save(path('conn_t.npy'), np.stack([conn, conn + 100, conn + 200]))

r = np.arange(20)[:, None]
c = np.arange(6)[None, :]
raster = ((7 * r + c) % 5 == 0)
np.save(path('raster_bool.npy'), raster)
np.save(path('raster_u1.npy'), raster.astype(np.uint8))

k = np.arange(40)
i = (k % 7).astype(np.int32)
t = k * 0.0025
np.savez(path('brian_stored.npz'), i=i, t=t)
np.savez_compressed(path('brian_deflate.npz'), i=i, t=t, v=sig.astype('<f4'))
np.save(path('brian_i.npy'), i)
np.save(path('brian_t.npy'), t)
np.savez(path('brian_gap.npz'), i=np.array([3, 1], np.int32),
         t=np.array([0.001, 0.055]))
np.savez(path('pynapple.npz'), t=k * 0.003, index=(k * 3) % 5,
         start=np.array([0.0]), end=np.array([0.2]),
         type=np.array(['TsGroup']))
np.savez(path('pynapple_d.npz'), t=k * 0.003, index=(k * 3) % 5,
         d=k * 0.5, keys=np.arange(5), start=np.array([0.0]),
         end=np.array([0.2]), type=np.array(['TsGroup']))
np.savez(path('pynapple_tsdframe.npz'), t=np.arange(T) * 0.001 + 5.0,
         d=sig, start=np.array([5.0]), end=np.array([5.03]),
         columns=np.arange(C), type=np.array(['TsdFrame']))
np.savez(path('single.npz'), fr)
# Brian2 StateMonitor: t (s) and v [T, C]; the rate comes from t
np.savez(path('brian_state.npz'), t=np.arange(T) * 0.001,
         v=sig.astype(np.float32))

# NEST users save np.savez(f, **spike_recorder.events): node ids from 1,
# times in ms
np.savez(path('nest_events.npz'), senders=(k % 7 + 1).astype(np.int64),
         times=k * 2.5)
np.savez(path('nest_events_steps.npz'), senders=(k % 7 + 1).astype(np.int64),
         times=(k * 25).astype(np.int64), offsets=np.zeros(40))
np.savez(path('nest_multimeter.npz'), senders=(k % 7 + 1).astype(np.int64),
         times=k * 2.5, V_m=-70.0 + k * 0.1)
# keys named like CSV columns, the unit in the time key's name
np.savez(path('spikes_named.npz'), ids=i, t_ms=k * 2.5)

# One array of (unit id, time) pairs: unit k % 7 at 2.5 ms * k + 0.5 ms *
# (k % 2) (not evenly spaced, as real spike times)
tp = k * 0.0025 + 0.0005 * (k % 2)
np.save(path('pairs_id_time.npy'), np.column_stack([i, tp]))
np.save(path('pairs_time_id.npy'), np.column_stack([tp, i]))
np.save(path('pairs_rows.npy'), np.array([i, tp]))
np.save(path('pairs_fortran.npy'), np.asfortranarray(np.column_stack([tp, i])))
# whole and sorted in both columns: the order cannot be told
np.save(path('pairs_ambiguous.npy'),
        np.column_stack([k // 3, k + k // 5]).astype(np.int64))
# (time, count) samples: an evenly spaced time axis is not spike times
np.save(path('pairs_regular.npy'),
        np.column_stack([np.arange(30) * 0.001, (np.arange(30) * 7) % 5]))
# neither pairs nor a count raster
np.save(path('pairs_bad.npy'), np.column_stack([tp[::-1], tp * 0.5 + 0.25]))
# a 2-unit raster stays a raster with kind=spikes
np.save(path('raster2_u1.npy'), raster[:, :2].astype(np.uint8))


def zip64(name, members):
    """Every size and offset in ZIP64 extra fields, with ZIP64 end records
    (as written for archives above 4 GiB), deflated members."""
    out = io.BytesIO()
    cdir = b''
    for m in members:
        mname, arr = m[0], m[1]
        b = io.BytesIO()
        np.lib.format.write_array(b, arr)
        data = b.getvalue()
        co = zlib.compressobj(9 if len(data) > 1 << 20 else 6, zlib.DEFLATED,
                              -15)
        comp = co.compress(data) + co.flush()
        crc = zlib.crc32(data)
        # a third item: the uncompressed size the headers declare (a lie)
        usize = m[2] if len(m) > 2 else len(data)
        off = out.tell()
        nm = mname.encode()
        extra = struct.pack('<HHQQ', 1, 16, usize, len(comp))
        out.write(struct.pack('<IHHHHHIIIHH', 0x04034b50, 45, 0, 8, 0, 0, crc,
                              0xffffffff, 0xffffffff, len(nm), len(extra)))
        out.write(nm + extra + comp)
        cextra = struct.pack('<HHQQQ', 1, 24, usize, len(comp), off)
        cdir += struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 45, 45, 0, 8, 0,
                            0, crc, 0xffffffff, 0xffffffff, len(nm),
                            len(cextra), 0, 0, 0, 0, 0xffffffff)
        cdir += nm + cextra
    cd_off = out.tell()
    out.write(cdir)
    z64 = out.tell()
    n = len(members)
    out.write(struct.pack('<IQHHIIQQQQ', 0x06064b50, 44, 45, 45, 0, 0, n, n,
                          len(cdir), cd_off))
    out.write(struct.pack('<IIQI', 0x07064b50, 0, z64, 1))
    out.write(struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, 0xffff, 0xffff,
                          0xffffffff, 0xffffffff, 0))
    with open(path(name), 'wb') as f:
        f.write(out.getvalue())


zip64('brian_zip64.npz', [('i.npy', i), ('t.npy', t)])
# zip bombs: a member declaring 1 PiB (more than any limit or disk), and one
# declaring 68 MB (so it goes to a temporary file) that inflates to 72 MB
zip64('bad_zip_huge.npz', [('v.npy', sig, 1 << 50)])
zip64('bad_zip_liar.npz', [('v.npy', np.zeros(9000000, '<i8'), 68000000)])

# Kilosort / Phy output folder
ks = path('kilosort')
os.makedirs(ks, exist_ok=True)
np.save(os.path.join(ks, 'spike_times.npy'),
        (k * 150).astype(np.uint64)[:, None])
np.save(os.path.join(ks, 'spike_clusters.npy'), (k % 4).astype(np.int32))
np.save(os.path.join(ks, 'amplitudes.npy'), (k + 0.5).astype(np.float32))
with open(os.path.join(ks, 'params.py'), 'w') as f:
    f.write("dat_path = 'rec.bin'\nn_channels_dat = 4\ndtype = 'int16'\n"
            "offset = 0\nsample_rate = 30000.0\nhp_filtered = True\n")
nop = path('phy_noparams')
os.makedirs(nop, exist_ok=True)
np.save(os.path.join(nop, 'spike_times.npy'), (k * 150).astype(np.int64))
np.save(os.path.join(nop, 'spike_clusters.npy'), (k % 4).astype(np.int32))

# Text spike lists
with open(path('spikes.csv'), 'w') as f:
    f.write('unit,time\n')
    for kk in range(40):
        f.write('%d,%r\n' % (kk % 7, kk * 0.0025))
with open(path('spikes_unsorted.csv'), 'w') as f:
    f.write('time,neuron\n')
    for kk in reversed(range(40)):
        f.write('%r,%d\n' % (kk * 0.0025, kk % 7))
with open(path('spikes.tsv'), 'w') as f:
    f.write('neuron_id\ttime_ms\n')
    for kk in range(40):
        f.write('%d\t%.1f\n' % (kk % 7, kk * 2.5))
with open(path('nest-spike_recorder-12-0.dat'), 'w') as f:
    f.write('# NEST version: 3.3\n# RecordingBackendASCII version: 2\n'
            'sender\ttime_ms\n')
    for kk in range(40):
        f.write('%d\t%.3f\n' % (kk % 7 + 1, kk * 2.5))
with open(path('nest2.gdf'), 'w') as f:
    # NEST 2 ends each line with a tab
    for kk in range(40):
        f.write('%d\t%.3f\t\n' % (kk % 7 + 1, kk * 2.5))
# Times in ms that say nothing of their unit: auto must read them as ms
with open(path('spikes_ms.csv'), 'w') as f:
    f.write('unit,time\n')
    for kk in range(40):
        f.write('%d,%.1f\n' % (kk % 7, kk * 2.5))
# Off any grid, 1.2 .. 191 in both units believable: auto refuses
with open(path('spikes_ambiguous.csv'), 'w') as f:
    f.write('unit,time\n')
    for kk in range(30):
        f.write('%d,%.6f\n' % (kk % 3, 1.234567 + 6.54321 * kk))
# NEST 3 spike_recorder with time_in_steps=True: steps and offsets
with open(path('nest-spike_recorder-steps-13-0.dat'), 'w') as f:
    f.write('# NEST version: 3.3\n# RecordingBackendASCII version: 2\n'
            'sender\ttime_step\ttime_offset\n')
    for kk in range(40):
        f.write('%d\t%d\t%.3f\n' % (kk % 7 + 1, kk * 25, 0.0))
with open(path('spikes_excel.csv'), 'w', newline='') as f:
    f.write('\ufeff"Neuron";"Time (ms)"\r\n')
    for kk in range(40):
        f.write('%d;%s\r\n' % (kk % 7, kk * 2.5))

# Malformed inputs
good = open(path('sig_lef4.npy'), 'rb').read()
open(path('bad_truncated.npy'), 'wb').write(good[:len(good) - 10])
open(path('bad_magic_only.npy'), 'wb').write(good[:7])
raw_npy('bad_header_short.npy',
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
        hlen=4000)
raw_npy('bad_header_unclosed.npy',
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), ",
        np.zeros(3, '<f4').tobytes())
raw_npy('bad_overflow.npy',
        "{'descr': '<f8', 'fortran_order': False, "
        "'shape': (4294967296, 4294967296, 4294967296), }", b'\0' * 64)
raw_npy('bad_size.npy',
        "{'descr': '<f4', 'fortran_order': False, 'shape': (10, 3), }",
        np.zeros(40, '<f4').tobytes())
raw_npy('bad_dtype.npy',
        "{'descr': '<q9', 'fortran_order': False, 'shape': (3,), }",
        b'\0' * 27)
raw_npy('bad_complex.npy',
        "{'descr': '<c8', 'fortran_order': False, 'shape': (3,), }",
        b'\0' * 24)
np.save(path('bad_object.npy'), np.array([{'a': 1}, None], dtype=object),
        allow_pickle=True)
np.save(path('bad_structured.npy'),
        np.zeros(3, dtype=[('i', '<i4'), ('t', '<f8')]))
np.save(path('bad_empty.npy'), np.zeros((0, 3), np.float32))
tn = t.copy()
tn[5] = np.nan
np.savez(path('bad_nan.npz'), i=i, t=tn)
ineg = i.copy()
ineg[3] = -2
np.savez(path('bad_negative.npz'), i=ineg, t=t)
np.savez(path('bad_bigid.npz'), i=np.array([1, 20000000], np.int64),
         t=np.array([0.0, 0.1]))
np.savez(path('bad_unsorted.npz'), i=i, t=t[::-1].copy())
np.savez(path('bad_mismatch.npz'), i=i[:30], t=t)
np.savez(path('bad_empty.npz'), i=np.zeros(0, np.int32), t=np.zeros(0))
np.savez(path('bad_keys.npz'), a=sig, b=sig)
zb = open(path('brian_stored.npz'), 'rb').read()
open(path('bad_truncated.npz'), 'wb').write(zb[:len(zb) // 2])
with open(path('bad_nan.csv'), 'w') as f:
    f.write('unit,time\n0,0.1\n1,nan\n')
with open(path('bad_negative.csv'), 'w') as f:
    f.write('unit,time\n0,0.1\n-1,0.2\n')
with open(path('bad_header.csv'), 'w') as f:
    f.write('foo,bar\n0,0.1\n')
open(path('bad_binary.bin'), 'wb').write(bytes(range(256)) * 4)


def brian2_files():
    """A real Brian2 SpikeMonitor saved as Brian2 users do, once with
    t/second and once with t/ms (the same spikes)."""
    try:
        from brian2 import (NeuronGroup, SpikeMonitor, run, ms, second, seed,
                            prefs)
    except ImportError:
        print('brian2 missing: brian2_s.npz, brian2_ms.npz not rewritten')
        return
    prefs.codegen.target = 'numpy'
    seed(7)
    G = NeuronGroup(40, 'dv/dt = (I - v) / (10*ms) + 0.3*xi/sqrt(10*ms) : 1\n'
                    'I : 1', threshold='v > 1', reset='v = 0',
                    refractory=2 * ms, method='euler')
    G.I = '1.05 + 0.5 * rand()'
    G.v = 'rand()'
    M = SpikeMonitor(G)
    run(300 * ms)
    i = np.asarray(M.i[:], dtype=np.int32)
    np.savez(path('brian2_s.npz'), i=i, t=np.asarray(M.t / second))
    np.savez(path('brian2_ms.npz'), i=i, t=np.asarray(M.t / ms))


brian2_files()
