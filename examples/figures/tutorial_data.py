#!/usr/bin/python3
# gst-neuroviz — the data of the animation tutorial's figures, as files.
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Writes the data that the matplotlib animation tutorial computes for its
figures (§4 to §9) into files that neurofilesrc reads:

    tutorial_data.py [--repeat K] OUTDIR [s4 s5 ...]

The arrays are the tutorial's own, computed by its code with the seed that
bench/mpl_figures.py uses (42 per figure), so a frame of an example and
the matplotlib frame of the same index show the same data.  Time runs down
the first axis at the tutorial's frame rate.

  s4.npz         i, t: the 30 Poisson trains (s)            (§4)
  s5.npy         [1000, 5] float32 signals, 99.9 Hz         (§5)
  s6-*.npy       [100, 50, 50] float32 frames, 20 fps       (§6)
  s7-weights.npy [100, 20, 20] float32 modulated weights    (§7)
  s7-activity.npy[100, 20] float32 node activity, 10 fps
  s7-pos.npy     [20, 2] node positions
  s8-curves.npy  [100, 2] accuracy, loss / 2, one per epoch (§8)
  s8-weights.npy [100, 10, 10], s8-activity.npy [100, 10],
  s8-features.npy[100, 5], s8-bins.txt: the histogram's range
  s9.npy         [150, 15, 15] float32 connectivity, 20 fps (§9)

--repeat K plays the recording K times in a row (spike times shifted by
the recording's length), for benchmarks that need more frames than the
tutorial's; the frames look the same.
"""
import argparse
import os
import sys

import numpy as np


REPEAT = 1


def save(out, name, a):
    """np.save of @a repeated REPEAT times along time (axis 0)"""
    if REPEAT > 1:
        a = np.concatenate([a] * REPEAT)
    np.save(os.path.join(out, name), a)


def data_s4():
    """the 30 spike trains (s), as the tutorial draws them"""
    np.random.seed(42)
    n_neurons, total = 30, 10.0
    trains = []
    for _ in range(n_neurons):
        rate = np.random.uniform(5, 20)
        n = np.random.poisson(rate * total)
        trains.append(np.sort(np.random.uniform(0, total, n)))
    return trains


def s4(out):
    total = 10.0
    times = data_s4()
    ids = [np.full(len(tr), k, np.int32) for k, tr in enumerate(times)]
    i = np.concatenate(ids * REPEAT)
    t = np.concatenate([tr + k * total for k in range(REPEAT)
                        for tr in times])
    order = np.argsort(t, kind='stable')
    np.savez(os.path.join(out, 's4.npz'), i=i[order], t=t[order])


def data_s5():
    """time [1000] and signals [5, 1000]"""
    np.random.seed(42)
    n_channels, n = 5, 1000
    t = np.linspace(0, 10, n)
    sig = np.zeros((n_channels, n))
    for k in range(n_channels):
        freq = 0.5 + k * 0.5
        phase = np.random.uniform(0, 2 * np.pi)
        sig[k] = np.sin(2 * np.pi * freq * t + phase) * (1 + 0.2 * k)
        sig[k] += np.random.normal(0, 0.1, n)
    return t, sig


def s5(out):
    save(out, 's5.npy', data_s5()[1].T.astype(np.float32))


def data_s6():
    """the four [100, 50, 50] movies: wave, spiral, spread, hotspots"""
    np.random.seed(42)
    n_frames, g = 100, 50
    wave = np.zeros((n_frames, g, g))
    spiral = np.zeros((n_frames, g, g))
    spread = np.zeros((n_frames, g, g))
    hot = np.zeros((n_frames, g, g))
    for f in range(n_frames):
        X, Y = np.meshgrid(np.linspace(-3, 3, g), np.linspace(-3, 3, g))
        wave[f] = np.exp(-((X - (-3 + 6 * f / n_frames)) ** 2 + Y ** 2) / 0.8)
        X, Y = np.meshgrid(np.linspace(-2, 2, g), np.linspace(-2, 2, g))
        spiral[f] = 0.5 * (1 + np.sin(3 * np.arctan2(Y, X)
                                      - np.sqrt(X ** 2 + Y ** 2) + 0.2 * f))
        x, y = np.ogrid[:g, :g]
        spread[f][(x - g // 2) ** 2 + (y - g // 2) ** 2 <= (f * 0.5) ** 2] = \
            np.exp(-f / 20)
    centers = [(np.random.randint(10, 40), np.random.randint(10, 40))
               for _ in range(5)]
    for f in range(n_frames):
        for cx, cy in centers:
            x, y = np.ogrid[:g, :g]
            d = np.sqrt((x - cx) ** 2 + (y - cy) ** 2)
            hot[f] += (np.sin(2 * np.pi * f / 20 + cx / 10) * 0.5 + 0.5) * \
                np.exp(-d ** 2 / 50)
    return wave, spiral, spread, hot


def s6(out):
    for name, a in zip(('wave', 'spiral', 'spread', 'hotspots'), data_s6()):
        save(out, f's6-{name}.npy', a.astype(np.float32))


def data_s7():
    """positions [20, 2], the base matrix [20, 20], activity [100, 20]"""
    n_nodes, n_frames = 20, 100
    np.random.seed(42)
    theta = np.linspace(0, 2 * np.pi, n_nodes, endpoint=False)
    pos = np.column_stack([np.cos(theta), np.sin(theta)]) * 2
    pos += np.random.normal(0, 0.1, pos.shape)
    base = np.random.rand(n_nodes, n_nodes)
    base = (base + base.T) / 2
    base[base < 0.7] = 0
    np.fill_diagonal(base, 0)
    act = np.zeros((n_frames, n_nodes))
    for f in range(n_frames):
        for k in range(n_nodes):
            act[f, k] = 0.5 + 0.5 * np.sin(2 * np.pi * f / 30 + k * np.pi / 5)
    return pos, base, act


def s7(out):
    n_frames = 100
    pos, base, act = data_s7()
    w = np.stack([base * (1 + 0.5 * np.sin(2 * np.pi * f / 50))
                  for f in range(n_frames)])
    np.save(os.path.join(out, 's7-pos.npy'), pos)
    save(out, 's7-weights.npy', w.astype(np.float32))
    save(out, 's7-activity.npy', act.astype(np.float32))


def data_s8():
    """accuracy, loss [100], weights [100, 10, 10], the histogram's bins
    of the first weights, the bars' first heights [10], feature
    importances [100, 5]"""
    np.random.seed(42)
    n_epochs, n = 100, 10
    acc, loss = np.zeros(n_epochs), np.zeros(n_epochs)
    w = np.random.randn(n_epochs, n, n) * 0.1
    for e in range(n_epochs):
        acc[e] = 1 - np.exp(-e / 20) + np.random.normal(0, 0.02)
        loss[e] = 2 * np.exp(-e / 15) + np.random.normal(0, 0.05)
        if e > 0:
            w[e] = (w[e - 1] + np.random.randn(n, n) * 0.01) * 0.99
    _, bins = np.histogram(w[0].flatten(), bins=30)
    bars = np.random.rand(n)            # the bars' first heights
    fi = np.random.rand(n_epochs, 5)
    for k in range(1, n_epochs):
        fi[k] = fi[k - 1] * 0.9 + np.random.rand(5) * 0.1
    return acc, loss, w, bins, bars, fi


def s8(out):
    acc, loss, w, bins, _, fi = data_s8()
    a = np.abs(np.sum(w, axis=1))
    a = a / np.max(a, axis=1, keepdims=True)
    save(out, 's8-curves.npy', np.c_[acc, loss / 2].astype(np.float32))
    save(out, 's8-weights.npy', w.astype(np.float32))
    save(out, 's8-activity.npy', a.astype(np.float32))
    save(out, 's8-features.npy', fi.astype(np.float32))
    with open(os.path.join(out, 's8-bins.txt'), 'w') as f:
        f.write(f'{bins[0]!r} {bins[-1]!r}\n')


def data_s9():
    """the connectivity [150, 15, 15] under plasticity"""
    np.random.seed(42)
    n, n_frames = 15, 150
    c = np.random.randn(n_frames, n, n) * 0.1
    c[0] = (c[0] + c[0].T) / 2
    for t in range(1, n_frames):
        c[t] = c[t - 1].copy()
        pre_s = np.random.rand(n) < 0.1
        post_s = np.random.rand(n) < 0.1
        for i in range(n):
            for j in range(n):
                if i != j:
                    if pre_s[i] and post_s[j]:
                        c[t, i, j] += 0.01
                    elif post_s[i] and pre_s[j]:
                        c[t, i, j] -= 0.005
        c[t] += np.random.normal(0, 0.001, (n, n))
        c[t] = np.clip(c[t], -1, 1)
        c[t] = (c[t] + c[t].T) / 2
    return c


def s9(out):
    save(out, 's9.npy', data_s9().astype(np.float32))


FIGURES = {'s4': s4, 's5': s5, 's6': s6, 's7': s7, 's8': s8, 's9': s9}


def main():
    global REPEAT
    ap = argparse.ArgumentParser(
        description=__doc__.split('\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument('--repeat', type=int, default=1, metavar='K')
    ap.add_argument('out')
    ap.add_argument('figures', nargs='*', metavar='FIG',
                    help=', '.join(sorted(FIGURES)) + ' (default: all)')
    a = ap.parse_args()
    if a.repeat < 1:
        ap.error('--repeat must be at least 1')
    for name in a.figures:
        if name not in FIGURES:
            ap.error(f'no figure {name!r} (one of {", ".join(sorted(FIGURES))})')
    REPEAT = a.repeat
    os.makedirs(a.out, exist_ok=True)
    for name in a.figures or sorted(FIGURES):
        FIGURES[name](a.out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
