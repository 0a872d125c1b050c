#!/usr/bin/python3
"""A Brian2 network that streams its spikes live to neurolivesrc.

The CUBA network of the Brian2 examples (1000 leaky integrate-and-fire
neurons, 80 % excitatory), run with numpy code generation (no compiler).
A NetworkOperation every 10 ms of simulated time sends the spikes of the
last 10 ms over TCP in the NEUROSTREAM protocol (docs/live-protocol.md),
binary records by default, and paces the simulation to the wall clock so
that simulated time and pipeline time advance together.

    gst-launch-1.0 -e neurolivesrc port=4953 timestamp-mode=sender \\
        latency=200000000 ! spikeraster ! videoconvert ! autovideosink &
    /usr/bin/python3 examples/brian2-live.py --port 4953 --duration 6

Run it with Debian's /usr/bin/python3 (python3-brian).
"""
import argparse
import socket
import sys
import time

import numpy as np

SPIKE = np.dtype([('t', '<i8'), ('unit', '<u4'), ('value', '<f4')])


def connect(host, port, timeout=20.0):
    """The pipeline may still be starting: retry for a while."""
    end = time.time() + timeout
    while True:
        try:
            return socket.create_connection((host, port))
        except OSError:
            if time.time() > end:
                raise
            time.sleep(0.1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--host', default='127.0.0.1')
    ap.add_argument('--port', type=int, default=4953)
    ap.add_argument('--duration', type=float, default=6.0,
                    help='simulated seconds')
    ap.add_argument('--format', choices=['binary', 'text'], default='binary')
    ap.add_argument('--no-pace', action='store_true',
                    help='run as fast as possible instead of in real time')
    args = ap.parse_args()

    from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network,
                        NetworkOperation, defaultclock, prefs, ms, mV,
                        second, seed)
    prefs.codegen.target = 'numpy'
    defaultclock.dt = 0.5 * ms
    seed(1)

    eqs = '''
    dv/dt  = (ge+gi-(v+49*mV))/(20*ms) : volt (unless refractory)
    dge/dt = -ge/(5*ms) : volt
    dgi/dt = -gi/(10*ms) : volt
    '''
    n = 1000
    P = NeuronGroup(n, eqs, threshold='v>-50*mV', reset='v = -60*mV',
                    refractory=5 * ms, method='exact')
    P.v = '-60*mV + 10*mV*rand()'
    Ce = Synapses(P[:800], P, on_pre='ge += 1.62*mV')
    Ce.connect(p=0.02)
    Ci = Synapses(P[800:], P, on_pre='gi -= 9*mV')
    Ci.connect(p=0.02)
    mon = SpikeMonitor(P)

    sock = connect(args.host, args.port)
    sock.sendall(f'NEUROSTREAM 1 spikes units={n} '
                 f'format={args.format}\n'.encode())
    state = {'sent': 0, 'wall0': None}

    def send(t):
        i = np.asarray(mon.i[:])
        ts = np.asarray(mon.t_[:])
        k = state['sent']
        if len(i) > k:
            if args.format == 'binary':
                rec = np.empty(len(i) - k, SPIKE)
                rec['t'] = np.round(ts[k:] * 1e9)
                rec['unit'] = i[k:]
                rec['value'] = 1.0
                sock.sendall(rec.tobytes())
            else:
                sock.sendall(''.join(f'{a:.6f} {b}\n' for a, b in
                                     zip(ts[k:], i[k:])).encode())
            state['sent'] = len(i)
        if not args.no_pace:
            # simulated time follows the wall clock
            if state['wall0'] is None:
                state['wall0'] = time.monotonic() - float(t / second)
            ahead = state['wall0'] + float(t / second) - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)

    net = Network(P, Ce, Ci, mon,
                  NetworkOperation(send, dt=10 * ms, when='end'))
    net.run(args.duration * second)
    send(args.duration * second)
    sock.close()
    print(f'brian2-live: {state["sent"]} spikes of {n} neurons in '
          f'{args.duration:g} s sent to {args.host}:{args.port}',
          file=sys.stderr)


if __name__ == '__main__':
    main()
