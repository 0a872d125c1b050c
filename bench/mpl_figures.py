#!/usr/bin/python3
# gst-neuroviz — the tutorial's matplotlib figures, for comparisons.
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The matplotlib animation tutorial's figures (../shared/seed), built as
the tutorial builds them, drawn with Agg.

    mpl_figures.py fps FIG [--frames N] [--repeat R]   # render-only fps
    mpl_figures.py png FIG FRAME OUT.png               # one frame

FIG is s4 (raster + rate), s5 (oscilloscope, waterfall, heatmap), s6
(four heatmaps), s7 (network + matrix), s8 (learning, gridspec 3x3) or s9
(dynamic connectivity).  `fps` is matplotlib's render-only speed: the data
of every frame is computed before timing starts; each timed frame is the
tutorial's update function for that frame, `fig.canvas.draw()` and reading
the RGBA buffer (what a movie writer needs), nothing else.  The median of
`--repeat` runs is printed as `FIG fps`.

The code of each figure follows the tutorial line by line; its data
comes from examples/figures/tutorial_data.py (the tutorial's code with
seed 42, the arrays the examples read); §6 uses `imshow` + `set_array`
where the tutorial calls braintools' animator (which does the same).  Run it pinned to one core
(`taskset -c 0`), as bench/figures.sh and the renderer benchmarks do.
"""
import argparse
import os
import statistics
import sys
import time

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from scipy.ndimage import gaussian_filter1d  # noqa: E402

# the tutorial's data, as its code computes it, shared with the examples
# (examples/figures/tutorial_data.py writes the same arrays to files)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'examples', 'figures'))
import tutorial_data  # noqa: E402


def s4():
    trains = tutorial_data.data_s4()
    fig, axes = plt.subplots(2, 1, figsize=(12, 8))
    fig.suptitle('Neural Activity Animation', fontsize=14, fontweight='bold')
    window_size, n_neurons, total_duration = 2.0, 30, 10.0
    ax1, ax2 = axes
    ax1.set_xlim(0, window_size)
    ax1.set_ylim(0, n_neurons)
    ax1.set_xlabel('Time (s)')
    ax1.set_ylabel('Neuron ID')
    ax1.set_title('Sliding Window Spike Raster')
    scatter = ax1.scatter([], [], c='black', s=2, marker='|')
    ax2.set_xlim(0, window_size)
    ax2.set_ylim(0, 30)
    ax2.set_xlabel('Time (s)')
    ax2.set_ylabel('Population Rate (Hz)')
    ax2.set_title('Population Firing Rate')
    ax2.grid(True, alpha=0.3)
    bins = np.linspace(0, window_size, 100)
    line, = ax2.plot([], [], 'b-', linewidth=2)
    n_frames = int((total_duration - window_size) / 0.05)
    # every frame's data, before timing
    pre = []
    for frame in range(n_frames):
        start = frame * 0.05
        xs, ys = [], []
        for k, tr in enumerate(trains):
            w = tr[(tr >= start) & (tr < start + window_size)] - start
            xs.extend(w)
            ys.extend([k] * len(w))
        counts, _ = np.histogram(xs, bins=bins)
        rate = gaussian_filter1d(counts / (bins[1] - bins[0]) / n_neurons, 2)
        pre.append((np.c_[xs, ys], rate, start))
    state = {'fill': None}

    def update(frame):
        off, rate, start = pre[frame]
        scatter.set_offsets(off)
        line.set_data(bins[:-1], rate)
        if state['fill'] is not None:
            state['fill'].remove()
        state['fill'] = ax2.fill_between(bins[:-1], 0, rate, alpha=0.3)
        ax1.set_title(f'Sliding Window Spike Raster (t = {start:.1f}s)')
    fig.tight_layout()
    return fig, update, n_frames


def s5():
    n_channels, signal_length = 5, 1000
    t, signals = tutorial_data.data_s5()
    fig, axes = plt.subplots(3, 1, figsize=(12, 10))
    fig.suptitle('1D Signal Animation', fontsize=14, fontweight='bold')
    ax1, ax2, ax3 = axes
    ax1.set_xlim(0, 2)
    ax1.set_ylim(-3, 3)
    ax1.set_xlabel('Time (s)')
    ax1.set_ylabel('Amplitude')
    ax1.set_title('Oscilloscope View')
    ax1.grid(True, alpha=0.3)
    colors = plt.cm.viridis(np.linspace(0, 1, n_channels))
    osc = [ax1.plot([], [], color=colors[i], linewidth=1.5,
                    label=f'Ch {i + 1}')[0] for i in range(n_channels)]
    ax1.legend(loc='upper right')
    ax2.set_xlim(0, 2)
    ax2.set_ylim(-1, n_channels * 2)
    ax2.set_xlabel('Time (s)')
    ax2.set_ylabel('Channel')
    ax2.set_title('Waterfall Display')
    wf = [ax2.plot([], [], color=colors[i], linewidth=1.5)[0]
          for i in range(n_channels)]
    ax3.set_xlabel('Time (s)')
    ax3.set_ylabel('Channel')
    ax3.set_title('Signal Intensity Heatmap')
    im = ax3.imshow(np.zeros((n_channels, 100)), aspect='auto', cmap='hot',
                    extent=[0, 2, 0, n_channels], vmin=-2, vmax=2)
    plt.colorbar(im, ax=ax3, label='Amplitude')
    n_frames = (signal_length - 200) // 5

    def update(frame):
        s, e = frame * 5, frame * 5 + 200
        tw = t[s:e] - t[s]
        for i, ln in enumerate(osc):
            ln.set_data(tw, signals[i, s:e])
        for i, ln in enumerate(wf):
            ln.set_data(tw, signals[i, s:e] + i * 2)
        im.set_array(signals[:, s:e:2])
        ax1.set_title(f'Oscilloscope View (t = {t[s]:.1f}s)')
    fig.tight_layout()
    return fig, update, n_frames


def s6():
    n_frames = 100
    wave, spiral, spread, hot = tutorial_data.data_s6()
    fig, axes = plt.subplots(2, 2, figsize=(12, 10))
    fig.suptitle('2D Spatial Activity Animation', fontsize=14,
                 fontweight='bold')
    ims = []
    for ax, data, title, cmap in (
            (axes[0, 0], wave, 'Traveling Wave', 'viridis'),
            (axes[0, 1], spiral, 'Rotating Spiral', 'plasma'),
            (axes[1, 0], spread, 'Spreading Activation', 'hot'),
            (axes[1, 1], hot, 'Dynamic Hotspots', 'jet')):
        ax.set_title(title)
        ims.append((ax.imshow(data[0], cmap=cmap), data))

    def update(frame):
        for im, data in ims:
            im.set_array(data[frame])
    fig.tight_layout()
    return fig, update, n_frames


def s7():
    n_nodes, n_frames = 20, 100
    pos, base, act = tutorial_data.data_s7()
    fig, axes = plt.subplots(1, 2, figsize=(14, 6))
    fig.suptitle('Network Dynamics Animation', fontsize=14, fontweight='bold')
    ax1, ax2 = axes
    ax1.set_xlim(-3, 3)
    ax1.set_ylim(-3, 3)
    ax1.set_aspect('equal')
    ax1.set_title('Network Structure')
    ax1.axis('off')
    ax2.set_title('Connectivity Matrix')
    im = ax2.imshow(base, cmap='RdBu_r', vmin=-1, vmax=1)
    plt.colorbar(im, ax=ax2, label='Weight')
    nodes = ax1.scatter(pos[:, 0], pos[:, 1], s=200, c=act[0], cmap='hot',
                        vmin=0, vmax=1, edgecolors='black', linewidths=1)
    edges = []
    for i in range(n_nodes):
        for j in range(i + 1, n_nodes):
            if base[i, j] > 0:
                ln, = ax1.plot([pos[i, 0], pos[j, 0]], [pos[i, 1], pos[j, 1]],
                               'k-', alpha=0.3, linewidth=1)
                edges.append((ln, i, j))

    def update(frame):
        nodes.set_array(act[frame])
        c = base * (1 + 0.5 * np.sin(2 * np.pi * frame / 50))
        for ln, i, j in edges:
            s = abs(c[i, j])
            ln.set_alpha(min(s, 1.0))
            ln.set_linewidth(s * 3)
            ln.set_color('red' if act[frame, i] * act[frame, j] > 0.5
                         else 'blue')
        im.set_array(c)
        ax1.set_title(f'Network Structure (t = {frame:.0f})')
    fig.tight_layout()
    return fig, update, n_frames


def s8():
    n_epochs, n = 100, 10
    acc, loss, w, bins, bars0, fi = tutorial_data.data_s8()
    fig = plt.figure(figsize=(15, 10))
    gs = fig.add_gridspec(3, 3, hspace=0.3, wspace=0.3)
    ax1 = fig.add_subplot(gs[0, :])
    ax2, ax3, ax4 = (fig.add_subplot(gs[1, k]) for k in range(3))
    ax5 = fig.add_subplot(gs[2, :])
    fig.suptitle('Learning Process Animation', fontsize=14, fontweight='bold')
    ax1.set_xlim(0, n_epochs)
    ax1.set_ylim(0, 1.2)
    ax1.set_xlabel('Epoch')
    ax1.set_ylabel('Performance')
    ax1.set_title('Learning Curves')
    ax1.grid(True, alpha=0.3)
    acc_line, = ax1.plot([], [], 'g-', linewidth=2, label='Accuracy')
    loss_line, = ax1.plot([], [], 'r-', linewidth=2, label='Loss (scaled)')
    ax1.legend(loc='right')
    imw = ax2.imshow(w[0], cmap='RdBu_r', vmin=-1, vmax=1)
    ax2.set_title('Weight Matrix')
    ax2.set_xlabel('Post')
    ax2.set_ylabel('Pre')
    ax3.set_xlim(-2, 2)
    ax3.set_ylim(0, 30)
    ax3.set_xlabel('Weight Value')
    ax3.set_ylabel('Count')
    ax3.set_title('Weight Distribution')
    counts, _ = np.histogram(w[0].flatten(), bins=bins)
    hist = ax3.bar(bins[:-1], counts, width=bins[1] - bins[0], color='blue',
                   alpha=0.7)
    bars = ax4.bar(range(n), bars0, color='orange')
    ax4.set_xlim(-0.5, n - 0.5)
    ax4.set_ylim(0, 1)
    ax4.set_xlabel('Neuron')
    ax4.set_ylabel('Activity')
    ax4.set_title('Neural Activity')
    ax5.set_xlim(0, n_epochs)
    ax5.set_ylim(0, 1)
    ax5.set_xlabel('Epoch')
    ax5.set_ylabel('Importance')
    ax5.set_title('Feature Importance Evolution')
    flines = [ax5.plot([], [], linewidth=2, label=f'Feature {i + 1}')[0]
              for i in range(5)]
    ax5.legend(loc='right')
    pre = []
    for f in range(n_epochs):
        c, _ = np.histogram(w[f].flatten(), bins=bins)
        a = np.abs(np.sum(w[f], axis=0))
        pre.append((c, a / np.max(a) if np.max(a) > 0 else a))

    def update(frame):
        ep = np.arange(frame + 1)
        acc_line.set_data(ep, acc[:frame + 1])
        loss_line.set_data(ep, loss[:frame + 1] / 2)
        imw.set_array(w[frame])
        c, a = pre[frame]
        for b, v in zip(hist, c):
            b.set_height(v)
        for b, v in zip(bars, a):
            b.set_height(v)
        for i, ln in enumerate(flines):
            ln.set_data(ep, fi[:frame + 1, i])
        fig.suptitle(f'Learning Process Animation (Epoch {frame})',
                     fontsize=14, fontweight='bold')
    fig.tight_layout()
    return fig, update, n_epochs


def s9():
    n, n_frames = 15, 150
    c = tutorial_data.data_s9()
    fig, axes = plt.subplots(2, 2, figsize=(12, 10))
    fig.suptitle('Dynamic Connectivity Patterns', fontsize=14,
                 fontweight='bold')
    ax1, ax2, ax3, ax4 = axes.flat
    im1 = ax1.imshow(c[0], cmap='RdBu_r', vmin=-0.5, vmax=0.5)
    ax1.set_title('Connectivity Matrix')
    ax1.set_xlabel('Post-synaptic')
    ax1.set_ylabel('Pre-synaptic')
    plt.colorbar(im1, ax=ax1, label='Weight')
    ax2.set_xlim(-0.5, 0.5)
    ax2.set_ylim(0, 50)
    ax2.set_xlabel('Connection Strength')
    ax2.set_ylabel('Count')
    ax2.set_title('Weight Distribution')
    bins = np.linspace(-0.5, 0.5, 30)
    counts, _ = np.histogram(c[0].flatten(), bins=bins)
    bars = ax2.bar(bins[:-1], counts, width=bins[1] - bins[0], alpha=0.7)
    ax3.set_xlim(-2, 2)
    ax3.set_ylim(-2, 2)
    ax3.set_aspect('equal')
    ax3.set_title('Network Graph')
    ax3.axis('off')
    theta = np.linspace(0, 2 * np.pi, n, endpoint=False)
    nx, ny = 1.5 * np.cos(theta), 1.5 * np.sin(theta)
    ax3.scatter(nx, ny, s=200, c='lightblue', edgecolors='black',
                linewidths=1, zorder=3)
    edges = []
    for i in range(n):
        for j in range(i + 1, n):
            ln, = ax3.plot([nx[i], nx[j]], [ny[i], ny[j]], 'k-', alpha=0,
                           linewidth=1, zorder=1)
            edges.append((ln, i, j))
    ax4.set_xlim(0, n_frames)
    ax4.set_ylim(-0.1, 0.5)
    ax4.set_xlabel('Time')
    ax4.set_ylabel('Metric Value')
    ax4.set_title('Network Metrics')
    ax4.grid(True, alpha=0.3)
    mean_s = np.mean(np.abs(c), axis=(1, 2))
    sparsity = np.mean(np.abs(c) > 0.1, axis=(1, 2))
    mean_line, = ax4.plot([], [], 'b-', label='Mean Strength')
    sp_line, = ax4.plot([], [], 'r-', label='Sparsity')
    ax4.legend()
    hists = [np.histogram(c[f].flatten(), bins=bins)[0]
             for f in range(n_frames)]

    def update(frame):
        im1.set_array(c[frame])
        for b, v in zip(bars, hists[frame]):
            b.set_height(v)
        for ln, i, j in edges:
            wgt = c[frame, i, j]
            if abs(wgt) > 0.1:
                ln.set_alpha(min(abs(wgt) * 2, 1.0))
                ln.set_linewidth(abs(wgt) * 5)
                ln.set_color('red' if wgt > 0 else 'blue')
            else:
                ln.set_alpha(0)
        fs = np.arange(frame + 1)
        mean_line.set_data(fs, mean_s[:frame + 1])
        sp_line.set_data(fs, sparsity[:frame + 1])
        fig.suptitle(f'Dynamic Connectivity Patterns (t = {frame})',
                     fontsize=14, fontweight='bold')
    fig.tight_layout()
    return fig, update, n_frames


FIGURES = {'s4': s4, 's5': s5, 's6': s6, 's7': s7, 's8': s8, 's9': s9}


def render_fps(name, frames=None, repeat=3):
    fig, update, n = FIGURES[name]()
    frames = min(frames or n, n)
    fig.canvas.draw()              # first draw: fonts, caches
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for f in range(frames):
            update(f)
            fig.canvas.draw()
            fig.canvas.buffer_rgba()
        runs.append(frames / (time.perf_counter() - t0))
    plt.close(fig)
    return statistics.median(runs), fig.get_size_inches() * fig.dpi


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    f = sub.add_parser('fps')
    f.add_argument('fig', choices=sorted(FIGURES))
    f.add_argument('--frames', type=int)
    f.add_argument('--repeat', type=int, default=3)
    p = sub.add_parser('png')
    p.add_argument('fig', choices=sorted(FIGURES))
    p.add_argument('frame', type=int)
    p.add_argument('out')
    a = ap.parse_args()
    if a.cmd == 'fps':
        fps, size = render_fps(a.fig, a.frames, a.repeat)
        print(f'{a.fig} {fps:.2f} fps ({int(size[0])}x{int(size[1])}, '
              'matplotlib Agg, render only)')
    else:
        fig, update, n = FIGURES[a.fig]()
        update(min(a.frame, n - 1))
        fig.savefig(a.out, dpi=fig.dpi)
    return 0


if __name__ == '__main__':
    sys.exit(main())
