#!/usr/bin/python3
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
"""Helpers for bench/gifenc.sh: make test clips, encode with Pillow, score.

Usage:
  gifenc.py make CLIP OUT.rgb          synthetic clip, 100 frames 1200x800 RGB
  gifenc.py pillow IN.rgb OUT.gif      encode with Pillow, prints seconds
  gifenc.py score IN.rgb A.gif [B.gif ...]   frames, duration, PSNR (ffmpeg decode)
"""
import subprocess
import sys
import time

import numpy as np
from PIL import Image

W, H, N, FPS = 1200, 800, 100, 30


def make_heatmap(out):
    """A figure-like clip: white page, a heatmap with a smoothly interpolated
    colormap (thousands of colours) that drifts, and an antialiased trace."""
    yy, xx = np.mgrid[0:600, 0:900].astype(np.float32)
    # viridis-like control points, linearly interpolated -> many colours
    cp = np.array([[68, 1, 84], [59, 82, 139], [33, 145, 140],
                   [94, 201, 98], [253, 231, 37]], np.float32)
    tx = np.linspace(0, 1, 200, dtype=np.float32)
    with open(out, "wb") as f:
        for i in range(N):
            t = i / FPS
            v = (np.sin(xx / 60.0 + t * 2.0) * np.cos(yy / 45.0 - t * 1.3)
                 + 0.5 * np.sin((xx + yy) / 90.0 + t)) / 1.5
            v = np.clip((v + 1) / 2, 0, 1) * (len(cp) - 1)
            k = np.minimum(v.astype(np.int32), len(cp) - 2)
            fr = v - k
            rgb = cp[k] * (1 - fr)[..., None] + cp[k + 1] * fr[..., None]
            img = np.full((H, W, 3), 255, np.float32)
            img[60:660, 80:980] = rgb
            # colorbar
            img[60:660, 1020:1050] = cp[np.minimum(
                ((1 - np.linspace(0, 1, 600)) * 3.999).astype(int), 3)][:, None, :]
            # antialiased trace below the heatmap
            xs = np.arange(80, 980)
            ys = 730 + 40 * np.sin(xs / 50.0 + t * 4)
            for dy in range(-3, 4):
                yi = np.floor(ys).astype(int) + dy
                a = np.clip(1.5 - np.abs(yi - ys), 0, 1)[:, None]
                img[yi, xs] = img[yi, xs] * (1 - a) + np.array([31, 119, 180]) * a
            f.write(np.clip(img + 0.5, 0, 255).astype(np.uint8).tobytes())


def make_cmap256(out):
    """A full-frame heatmap through a 256-entry colormap, no text: at most
    256 colours per frame, which gifenc stores exactly."""
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    cp = np.array([[68, 1, 84], [59, 82, 139], [33, 145, 140],
                   [94, 201, 98], [253, 231, 37]], np.float32)
    pos = np.linspace(0, len(cp) - 1, 256)
    k = np.minimum(pos.astype(int), len(cp) - 2)
    lut = (cp[k] * (1 - (pos - k))[:, None] + cp[k + 1] * (pos - k)[:, None])
    lut = (lut + 0.5).astype(np.uint8)
    with open(out, "wb") as f:
        for i in range(N):
            t = i / FPS
            v = (np.sin(xx / 80.0 + t * 2.0) * np.cos(yy / 60.0 - t * 1.3)
                 + 0.5 * np.sin((xx + yy) / 120.0 + t)) / 1.5
            idx = np.clip((v + 1) / 2 * 255 + 0.5, 0, 255).astype(np.uint8)
            f.write(lut[idx].tobytes())


def make_colours(out):
    """A smooth field through the whole RGB cube (photo-like, hardest for a
    256-colour palette), drifting."""
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    with open(out, "wb") as f:
        for i in range(N):
            t = i / FPS
            r = 127.5 + 127.5 * np.sin(xx / 170.0 + t)
            g = 127.5 + 127.5 * np.sin(yy / 130.0 - 0.7 * t)
            b = 127.5 + 127.5 * np.sin((xx - yy) / 230.0 + 0.4 * t)
            f.write(np.dstack([r, g, b]).astype(np.uint8).tobytes())


def load(path):
    a = np.fromfile(path, np.uint8)
    return a.reshape(-1, H, W, 3)


def pillow(src, out):
    frames = [Image.fromarray(f) for f in load(src)]
    t0, c0 = time.perf_counter(), time.process_time()
    frames[0].save(out, save_all=True, append_images=frames[1:],
                   duration=1000 // FPS, loop=0)
    print("%.3f %.3f" % (time.perf_counter() - t0, time.process_time() - c0))


def decode(gif):
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", gif, "-fps_mode",
                          "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24",
                          "-"], check=True, capture_output=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, H, W, 3)


def duration(gif):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries",
                          "format=duration", "-of", "csv=p=0", gif],
                         check=True, capture_output=True, text=True).stdout
    return float(out.strip())


def score(src, gifs):
    ref = load(src).astype(np.float32)
    for g in gifs:
        dec = decode(g)
        if dec.shape != ref.shape:
            print("%s: %d frames decoded, %d expected" % (g, len(dec), len(ref)))
            continue
        mse = np.mean((dec.astype(np.float32) - ref) ** 2)
        psnr = 99.0 if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)
        print("%s frames=%d duration=%.2fs psnr=%.2fdB" % (g, len(dec),
                                                         duration(g), psnr))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "make" and sys.argv[2] == "heatmap":
        make_heatmap(sys.argv[3])
    elif cmd == "make" and sys.argv[2] == "cmap256":
        make_cmap256(sys.argv[3])
    elif cmd == "make" and sys.argv[2] == "colours":
        make_colours(sys.argv[3])
    elif cmd == "pillow":
        pillow(sys.argv[2], sys.argv[3])
    elif cmd == "score":
        score(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
