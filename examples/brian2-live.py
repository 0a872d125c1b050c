#!/usr/bin/python3
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
"""A Brian2 network that streams its spikes live to neurolivesrc.

The CUBA network of the Brian2 examples (1000 leaky integrate-and-fire
neurons, 80 % excitatory), with numpy code generation.  The neuroviz
package sends the new SpikeMonitor entries every 10 ms of simulated time
(binary NEUROSTREAM records, docs/live-protocol.md) and paces the
simulation to the wall clock.

    gst-launch-1.0 -e neurolivesrc port=4953 timestamp-mode=sender \\
        latency=200000000 ! spikeraster ! videoconvert ! autovideosink &
    /usr/bin/python3 examples/brian2-live.py --port 4953 --duration 6
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'python'))
from neuroviz import LiveSender  # noqa: E402
from neuroviz.simulators import brian2_operation  # noqa: E402

ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
ap.add_argument('--host', default='127.0.0.1')
ap.add_argument('--port', type=int, default=4953)
ap.add_argument('--duration', type=float, default=6.0, help='simulated s')
ap.add_argument('--no-pace', action='store_true', help='as fast as possible')
args = ap.parse_args()

from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network,  # noqa: E402
                    defaultclock, prefs, ms, mV, second, seed)
prefs.codegen.target = 'numpy'
defaultclock.dt = 0.5 * ms
seed(1)
P = NeuronGroup(1000, '''dv/dt  = (ge+gi-(v+49*mV))/(20*ms) : volt (unless refractory)
                         dge/dt = -ge/(5*ms) : volt
                         dgi/dt = -gi/(10*ms) : volt''',
                threshold='v>-50*mV', reset='v = -60*mV', refractory=5 * ms,
                method='exact')
P.v = '-60*mV + 10*mV*rand()'
Ce = Synapses(P[:800], P, on_pre='ge += 1.62*mV')
Ce.connect(p=0.02)
Ci = Synapses(P[800:], P, on_pre='gi -= 9*mV')
Ci.connect(p=0.02)
mon = SpikeMonitor(P)

# the viewer may still be starting: wait up to 20 s for it
spikes = LiveSender(units=1000, host=args.host, port=args.port,
                    connect_timeout=20, reconnect=False)
stream = brian2_operation(spikes, mon, pace=not args.no_pace)
Network(P, Ce, Ci, mon, stream).run(args.duration * second)
stream.send_rest()
spikes.close()
print(f'brian2-live: {spikes.sent} spikes of 1000 neurons in '
      f'{args.duration:g} s sent to {args.host}:{args.port}'
      f' ({spikes.dropped} dropped)', file=sys.stderr)
