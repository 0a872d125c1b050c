#!/usr/bin/python3
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
"""Decodes MP4 files and compares them frame by frame.

    chunks-check.py FPS_N/FPS_D FRAMES REFERENCE.mp4 OTHER.mp4...

Every file must hold FRAMES frames with the timestamps of an uninterrupted
run at that rate (frame k at k / fps, to the nanosecond), and decode to the
same pictures as REFERENCE.
"""
import hashlib
import sys

import gi

gi.require_version('Gst', '1.0')
from gi.repository import Gst  # noqa: E402


def frames(path):
    p = Gst.parse_launchv([
        'filesrc', f'location={path}', '!', 'qtdemux', '!', 'h264parse', '!',
        'avdec_h264', '!', 'videoconvert', '!', 'video/x-raw,format=RGB', '!',
        'appsink', 'name=out', 'sync=false'])
    sink = p.get_by_name('out')
    p.set_state(Gst.State.PLAYING)
    out = []
    while True:
        s = sink.emit('try-pull-sample', 30 * Gst.SECOND)
        if s is None:
            break
        b = s.get_buffer()
        ok, m = b.map(Gst.MapFlags.READ)
        out.append((b.pts, hashlib.sha1(bytes(m.data)).hexdigest()))
        b.unmap(m)
    msg = p.get_bus().pop_filtered(Gst.MessageType.ERROR)
    p.set_state(Gst.State.NULL)
    if msg:
        sys.exit(f'{path}: {msg.parse_error()[0].message}')
    return out


def main():
    Gst.init(None)
    n, d = (int(x) for x in sys.argv[1].split('/'))
    count = int(sys.argv[2])
    ref = frames(sys.argv[3])
    bad = 0
    for path in sys.argv[3:]:
        fr = ref if path == sys.argv[3] else frames(path)
        if len(fr) != count:
            print(f'FAIL {path}: {len(fr)} frames, {count} expected')
            bad += 1
            continue
        off = [k for k, (t, _) in enumerate(fr)
               if t != Gst.util_uint64_scale(k, Gst.SECOND * d, n)]
        if off:
            print(f'FAIL {path}: frame {off[0]} at {fr[off[0]][0]} ns, '
                  f'{len(off)} off the frame times')
            bad += 1
        diff = [k for k in range(count) if fr[k][1] != ref[k][1]]
        if diff:
            print(f'FAIL {path}: {len(diff)} frames differ from '
                  f'{sys.argv[3]}, the first {diff[0]}')
            bad += 1
        if not off and not diff:
            print(f'ok   {path}: {count} frames, continuous, equal')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
