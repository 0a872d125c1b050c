#!/usr/bin/python3
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
"""Checks what examples/figures/ wrote into OUTDIR (tests/pipeline-figures.sh).

    figures-check.py OUTDIR
"""
import base64
import io
import re
import sys

import numpy as np
from PIL import Image, ImageSequence

failures = []


def check(ok, what):
    print(('ok   ' if ok else 'FAIL ') + what)
    if not ok:
        failures.append(what)


def page(path):
    """[(time ns, duration ns, PIL image)] of an htmlplayersink page"""
    with open(path) as f:
        text = f.read()
    frames = re.findall(r'<script type="text/x-nvhp" class="nvhp-f" '
                        r'data-m="image/png" data-t="(\d+)" data-d="(\d+)">'
                        r'([^<]+)</script>', text)
    return [(int(t), int(d), b) for t, d, b in frames]


def image(b64):
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(b64)))
                      .convert('RGB')).astype(int)


def dark(img, level=100):
    return img.max(axis=2) < level


def runs(mask_row, min_len):
    """(x0, x1) of the runs of True at least min_len long"""
    out, x, n = [], 0, len(mask_row)
    while x < n:
        if mask_row[x]:
            e = x
            while e < n and mask_row[e]:
                e += 1
            if e - x >= min_len:
                out.append((x, e))
            x = e
        else:
            x += 1
    return out


def axes_boxes(img):
    """The axes frames: a long dark horizontal line with dark vertical
    lines down from both its ends to another long line, as
    (x0, x1, top y, bottom y)"""
    d = dark(img)
    h = d.shape[0]
    boxes = set()
    for y in range(1, h - 21):
        for x0, x1 in runs(d[y], 120):
            # the spines down from its ends (a tick mark may lengthen the
            # line by a few pixels)
            xl = next((x for x in range(x0, x0 + 8)
                       if d[y + 1:y + 21, x].all()), None)
            xr = next((x for x in range(x1 - 1, x1 - 9, -1)
                       if d[y + 1:y + 21, x].all()), None)
            if xl is None or xr is None or d[y - 1, xl + 5]:
                continue
            e = y + 1
            while e < h and d[e, xl] and d[e, xr]:
                e += 1
            if d[e - 1, xl:xr + 1].mean() > 0.9:
                boxes.add((xl, xr + 1, y, e - 1))
    return sorted(boxes, key=lambda b: (b[2], b[0]))


def suptitle(img, name):
    """ink of the top band centred, and reaching the dark of bold text"""
    h, w, _ = img.shape
    band = img[: int(0.06 * h)]
    ink = np.argwhere(dark(band, 80))
    check(len(ink) > 200, f'{name}: suptitle ink in the top band')
    if len(ink):
        cx = (ink[:, 1].min() + ink[:, 1].max()) / 2
        check(abs(cx - w / 2) <= 3, f'{name}: suptitle centred ({cx:.1f} '
              f'for {w / 2})')


def edges_clear(img, name):
    """nothing drawn on the outermost two pixels of the figure"""
    bg = img[0, 0]
    border = np.concatenate([img[:2].reshape(-1, 3), img[-2:].reshape(-1, 3),
                             img[:, :2].reshape(-1, 3),
                             img[:, -2:].reshape(-1, 3)])
    check(bool((border == bg).all()), f'{name}: nothing clipped at the '
          'figure\'s edge')


def frames_and_times(path, name, n, fps):
    fr = page(path)
    check(len(fr) == n, f'{name}: {len(fr)} frames, {n} expected')
    dur = round(1e9 / fps)
    ts = [t for t, _, _ in fr]
    check(all(b > a for a, b in zip(ts, ts[1:])),
          f'{name}: frame times increase')
    check(all(abs(d - dur) <= 1 for _, d, _ in fr[:-1]),
          f'{name}: every frame lasts 1/{fps} s')
    return fr


def mp4_seconds(path):
    import gi
    gi.require_version('Gst', '1.0')
    gi.require_version('GstPbutils', '1.0')
    from gi.repository import Gst, GstPbutils
    Gst.init(None)
    info = GstPbutils.Discoverer.new(10 * Gst.SECOND).discover_uri(
        Gst.filename_to_uri(path))
    return info.get_duration() / Gst.SECOND


def gif_frames(path):
    with Image.open(path) as im:
        return sum(1 for _ in ImageSequence.Iterator(im))


def main():
    out = sys.argv[1]

    # §4: 10 s at 20 fps starting with a full 2 s window: 161 windows
    # (the tutorial's 160 and the one ending at 10 s), GIF and page
    fr = frames_and_times(f'{out}/neural_activity.html', '§4', 161, 20)
    check(gif_frames(f'{out}/neural_activity.gif') == 161, '§4: GIF of 161 '
          'frames')
    img = image(fr[60][2])
    check(img.shape[:2] == (800, 1200), '§4: 1200 x 800')
    suptitle(img, '§4')
    edges_clear(img, '§4')
    b = axes_boxes(img)
    check(len(b) >= 2 and b[0][3] < b[1][2], f'§4: raster axes above the '
          f'rate axes {b[:2]}')

    # §5: three panels stacked, equal heights; 1000 samples at 99.9 Hz
    # last 10.01 s: a last frame of 10 ms
    fr = frames_and_times(f'{out}/signals_1d.html', '§5', 201, 20)
    img = image(fr[100][2])
    check(img.shape[:2] == (1000, 1200), '§5: 1200 x 1000')
    suptitle(img, '§5')
    edges_clear(img, '§5')
    b = [x for x in axes_boxes(img) if x[1] - x[0] > 600]
    check(len(b) == 3, f'§5: three wide axes {b}')
    if len(b) == 3:
        hs = [x[3] - x[2] for x in b]
        check(max(hs) - min(hs) <= 0.15 * max(hs), f'§5: equal heights {hs}')

    # §6: 2 x 2
    fr = frames_and_times(f'{out}/spatial_activity.html', '§6', 100, 20)
    img = image(fr[50][2])
    suptitle(img, '§6')
    edges_clear(img, '§6')

    # §7: 1 x 2, MP4 of 10 s and page
    fr = frames_and_times(f'{out}/network_dynamics.html', '§7', 100, 10)
    img = image(fr[20][2])
    check(img.shape[:2] == (600, 1400), '§7: 1400 x 600')
    suptitle(img, '§7')
    edges_clear(img, '§7')
    secs = mp4_seconds(f'{out}/network_dynamics.mp4')
    check(abs(secs - 10) < 0.2, f'§7: MP4 of 10 s ({secs})')

    # §8: 3 x 3 GridSpec, top and bottom spanning, three in the middle
    fr = frames_and_times(f'{out}/learning_process.html', '§8', 100, 10)
    check(gif_frames(f'{out}/learning_process.gif') == 100, '§8: GIF of 100 '
          'frames')
    img = image(fr[50][2])
    check(img.shape[:2] == (1000, 1500), '§8: 1500 x 1000')
    suptitle(img, '§8')
    edges_clear(img, '§8')
    b = axes_boxes(img)
    wide = [x for x in b if x[1] - x[0] > 900]
    mid = [x for x in b if 150 < x[1] - x[0] < 500 and
           wide and wide[0][3] < x[2] and (len(wide) < 2 or x[3] < wide[1][2])]
    check(len(wide) == 2, f'§8: two axes across the figure {wide}')
    check(len(mid) >= 2, f'§8: axes of the middle row between them {mid}')
    if len(wide) == 2:
        check(abs(wide[0][0] - wide[1][0]) <= 3 and
              abs(wide[0][1] - wide[1][1]) <= 3,
              '§8: top and bottom spans aligned')
    # §8's suptitle says the epoch: frames 5 and 50 differ there only
    a, c = image(fr[5][2]), image(fr[50][2])
    band = int(0.06 * a.shape[0])
    check((a[:band] != c[:band]).any(), '§8: "Epoch {frame}" changes')

    # §9: 2 x 2
    fr = frames_and_times(f'{out}/dynamic_connectivity.html', '§9', 150, 20)
    img = image(fr[100][2])
    suptitle(img, '§9')
    edges_clear(img, '§9')

    if failures:
        print(f'{len(failures)} check(s) failed')
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
