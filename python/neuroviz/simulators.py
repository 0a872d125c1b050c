# gst-neuroviz — tie a LiveSender to a simulator's loop.
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Stream a simulation as it runs.

Brian2::

    from neuroviz import LiveSender
    from neuroviz.simulators import brian2_operation
    spikes = LiveSender(units=len(P), port=4953)
    op = brian2_operation(spikes, spike_monitor=mon)
    net.add(op)
    net.run(10 * second)
    op.send_rest()
    spikes.close()

Any other loop (NEST, NEURON, your own model)::

    from neuroviz.simulators import Pacer
    pace = Pacer()                         # simulated time follows the wall
    for step in range(n):
        t, fired = simulate_one_step()
        sender.send_spikes(fired, np.full(len(fired), t))
        pace(t)
"""
import time

import numpy as np


class Pacer:
    """Keeps simulated time from running ahead of the wall clock.

    ``pace(t)`` sleeps until ``t`` seconds of simulated time have passed
    since the first call (``speed`` simulated seconds per wall second), so
    that ``neurolivesrc timestamp-mode=sender`` sees records in real time.
    A simulation slower than real time never sleeps.
    """

    def __init__(self, speed=1.0):
        if not speed > 0:
            raise ValueError(f'speed={speed!r} must be positive')
        self.speed = float(speed)
        self._wall0 = None

    def __call__(self, t):
        now = time.monotonic()
        if self._wall0 is None:
            self._wall0 = now - t / self.speed
        ahead = self._wall0 + t / self.speed - now
        if ahead > 0:
            time.sleep(ahead)
        return max(ahead, 0.0)


def _monitor_array(monitor, name):
    # the monitor's own storage (a view of Brian2's dynamic array), not the
    # copy that monitor.i / monitor.t make of the whole recording
    return monitor.variables[name].get_value()


def brian2_operation(spikes=None, spike_monitor=None, signal=None,
                     state_monitor=None, variable='v', unit=None,
                     dt=None, pace=True, when='end'):
    """A Brian2 ``NetworkOperation`` that streams monitors incrementally.

    ``spikes``: a spikes :class:`~neuroviz.LiveSender` fed with the new
    entries of ``spike_monitor`` at each call; ``signal``: a signal sender
    fed with the new rows of ``state_monitor``'s ``variable`` (one channel
    per recorded neuron; ``unit`` a Brian2 unit to divide by, e.g. ``mV``;
    SI units otherwise).  Only what was added since the last call is read,
    never a copy of the whole monitor.  ``dt`` how often it runs (default
    10 ms of simulated time); ``pace`` makes simulated time follow the wall
    clock (a :class:`Pacer`, or ``False``).  Add the result to the network;
    after ``run``, ``op.send_rest()`` sends what the last steps added, then
    close the senders.
    """
    from brian2 import NetworkOperation, ms, second

    if spikes is None and signal is None:
        raise ValueError('give spikes= with spike_monitor=, or signal= '
                         'with state_monitor=')
    if (spikes is None) != (spike_monitor is None):
        raise ValueError('spikes= and spike_monitor= go together')
    if (signal is None) != (state_monitor is None):
        raise ValueError('signal= and state_monitor= go together')
    scale = 1.0 if unit is None else 1.0 / float(unit)
    pacer = (Pacer() if pace is True else pace) or None
    done = {'spikes': 0, 'rows': 0}

    def send(t):
        if spikes is not None:
            i = _monitor_array(spike_monitor, 'i')
            ts = _monitor_array(spike_monitor, 't')
            k0, k1 = done['spikes'], min(i.shape[0], ts.shape[0])
            if k1 > k0:
                spikes.send_spikes(i[k0:k1], np.asarray(ts[k0:k1],
                                                        np.float64))
            done['spikes'] = k1
        if signal is not None:
            v = _monitor_array(state_monitor, variable)
            k0, k1 = done['rows'], v.shape[0]
            if k1 > k0:
                signal.send_signal(np.asarray(v[k0:k1], np.float64) * scale)
            done['rows'] = k1
        if pacer is not None and t is not None:
            pacer(float(t / second))

    op = NetworkOperation(send, dt=dt if dt is not None else 10 * ms,
                          when=when)
    # what the steps after the operation's last call added
    op.send_rest = lambda: send(None)
    return op
