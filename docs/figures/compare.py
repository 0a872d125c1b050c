#!/usr/bin/python3
# gst-neuroviz — docs/figures.md's pictures: one frame of each figure
# example beside matplotlib's frame of the tutorial's code.
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Side-by-side frames of the tutorial's figures.

    compare.py FIG FRAME PAGE.html OUT.png [--scale S] [--ours K]

Takes frame FRAME of an example's HTML player page (examples/figures/,
written by htmlplayersink: the PNG frames are inside the page), draws
frame FRAME of the same figure with matplotlib (bench/mpl_figures.py, the
tutorial's code drawn with Agg) and writes both side by side, gst-neuroviz
on the left, scaled by S (default 0.5).
"""
import argparse
import base64
import io
import os
import re
import sys
import tempfile

from PIL import Image, ImageDraw

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, '..', '..', 'bench'))
import mpl_figures  # noqa: E402


def page_frame(page, index):
    with open(page) as f:
        text = f.read()
    frames = re.findall(r'<script type="text/x-nvhp" class="nvhp-f"'
                        r' data-m="image/png"[^>]*>([^<]+)</script>', text)
    if not frames:
        sys.exit(f'{page}: no PNG frames (not an htmlplayersink page?)')
    if index >= len(frames):
        sys.exit(f'{page}: frame {index} asked, the page has {len(frames)}')
    return Image.open(io.BytesIO(base64.b64decode(frames[index])))


def mpl_frame(fig_name, index):
    fig, update, n = mpl_figures.FIGURES[fig_name]()
    update(min(index, n - 1))
    with tempfile.NamedTemporaryFile(suffix='.png') as tmp:
        fig.savefig(tmp.name, dpi=fig.dpi)
        return Image.open(tmp.name).copy()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('fig', choices=sorted(mpl_figures.FIGURES))
    ap.add_argument('frame', type=int)
    ap.add_argument('page')
    ap.add_argument('out')
    ap.add_argument('--scale', type=float, default=0.5)
    ap.add_argument('--ours', type=int, metavar='K',
                    help='frame K of the page (default FRAME): where a '
                    'window that does not start full puts it later')
    a = ap.parse_args()
    k = a.frame if a.ours is None else a.ours
    ours = page_frame(a.page, k).convert('RGB')
    theirs = mpl_frame(a.fig, a.frame).convert('RGB')
    gap, label = 16, 28
    w = ours.width + gap + theirs.width
    h = label + max(ours.height, theirs.height)
    img = Image.new('RGB', (w, h), 'white')
    img.paste(ours, (0, label))
    img.paste(theirs, (ours.width + gap, label))
    d = ImageDraw.Draw(img)
    d.text((8, 6), f'gst-neuroviz, frame {k}', fill='black')
    d.text((ours.width + gap + 8, 6), f'matplotlib, frame {a.frame}',
           fill='black')
    if a.scale != 1:
        img = img.resize((int(w * a.scale), int(h * a.scale)),
                         Image.LANCZOS)
    img.save(a.out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
