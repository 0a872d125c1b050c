#!/usr/bin/python3
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
"""Real simulator output for the demo and the tests: the Brunel (2000)
sparse E/I network (4000 excitatory + 1000 inhibitory leaky integrate-and-
fire neurons, 1 s) simulated by Brian2 and saved as a Brian2 user would:

  brunel.npz       i: int32 unit ids, t: float64 spike times in seconds
                   (SpikeMonitor), v: float32 membrane potentials in mV of
                   neurons 0-7, shape (10000, 8), dt = 0.1 ms (StateMonitor)
  brunel_rate.npy  float32 population rate in Hz, shape (10000,)
  brunel.ini       exact figures of brunel.npz computed here with numpy, for
                   the tests (GKeyFile / INI syntax)

The network and seed are those of the project's shared brunel.npz, so with
Debian 12's Brian2 (2.5.1) the arrays are the same; another Brian2 may give
other spikes, which is why the tests read the figures from brunel.ini.

    /usr/bin/python3 examples/brunel.py OUTDIR      (about 10-40 s)

The build runs it once into build/tests (ninja -C build tests/brunel.npz).
Needs Debian's python3-brian (in .ci/packages.txt) with /usr/bin/python3.
"""
import os
import sys
import warnings

import numpy as np

# pythran (imported by Brian2) warns about numpy aliases on every run
warnings.simplefilter('ignore', FutureWarning)
try:
    from brian2 import (NeuronGroup, PoissonInput, PopulationRateMonitor,
                        SpikeMonitor, StateMonitor, Synapses, Hz, mV, ms,
                        prefs, run, second, seed)
except ImportError as e:
    sys.exit(f'brunel.py: Brian2 is missing ({e}); install Debian\'s '
             'python3-brian (bash .ci/setup.sh does) and run /usr/bin/python3')

N_E, N_I = 4000, 1000
SEED = 2000
SLICE_NS = 10_000_000   # neurofilesrc's default slice-duration


def simulate():
    # numpy code generation: no compiler, and the same numbers every run
    prefs.codegen.target = 'numpy'
    seed(SEED)
    tau, theta, Vr, tau_rp, D = 20 * ms, 20 * mV, 10 * mV, 2 * ms, 1.5 * ms
    J, g, eta = 0.1 * mV, 5.0, 2.0
    nu_thr = theta / (J * 400 * tau)
    ns = {'tau': tau, 'theta': theta, 'Vr': Vr, 'J': J, 'g': g,
          'N_E': N_E}
    P = NeuronGroup(N_E + N_I, 'dv/dt = -v/tau : volt (unless refractory)',
                    threshold='v > theta', reset='v = Vr',
                    refractory=tau_rp, method='exact', namespace=ns)
    P.v = 'Vr * rand()'
    E = Synapses(P, P, on_pre='v += J', delay=D, namespace=ns)
    E.connect('i < N_E', p=0.1)
    I = Synapses(P, P, on_pre='v += -g*J', delay=D, namespace=ns)
    I.connect('i >= N_E', p=0.1)
    # named, as all of them: run() collects the objects of this frame
    ext = PoissonInput(P, 'v', 400, eta * nu_thr, weight=J)  # noqa: F841
    s = SpikeMonitor(P)
    m = StateMonitor(P, 'v', record=range(8))
    r = PopulationRateMonitor(P)
    run(1 * second, namespace=ns)
    i = np.asarray(s.i, dtype=np.int32)
    t = np.asarray(s.t / second, dtype=np.float64)
    v = np.ascontiguousarray(np.asarray(m.v / mV, dtype=np.float32).T)
    rate = np.asarray(r.rate / Hz, dtype=np.float32)
    return i, t, v, rate


def figures(i, t, v):
    """What a reader of brunel.npz must find, exactly."""
    # neurofilesrc rounds seconds to nanoseconds (llround); no time here
    # lies on a half nanosecond, so floor (x + 0.5) is the same
    t_ns = np.floor(t * 1e9 + 0.5).astype(np.int64)
    assert np.all(np.diff(t_ns) >= 0), 'SpikeMonitor times are sorted'
    return {
        'spikes': int(i.size),
        'units': int(i.max()) + 1,
        'active-units': int(np.unique(i).size),
        'excitatory-spikes': int(np.count_nonzero(i < N_E)),
        'unit-sum': int(i.astype(np.int64).sum()),
        'first-ns': int(t_ns[0]),
        'last-ns': int(t_ns[-1]),
        'time-ns-sum': int(t_ns.sum()),
        'slices': int(t_ns[-1] // SLICE_NS + 1),
        'v-rows': int(v.shape[0]),
        'v-channels': int(v.shape[1]),
        # exact: a float32 is a double without rounding
        'v-first': ';'.join(repr(float(x)) for x in v[0]),
        'v-last': ';'.join(repr(float(x)) for x in v[-1]),
    }


def write(path, save):
    # through a temporary name: an interrupted run leaves no half file
    tmp = path + '.part'
    with open(tmp, 'wb') as f:
        save(f)
    os.replace(tmp, path)


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: brunel.py OUTDIR')
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    i, t, v, rate = simulate()
    fig = figures(i, t, v)
    write(os.path.join(out, 'brunel.npz'),
          lambda f: np.savez(f, i=i, t=t, v=v))
    write(os.path.join(out, 'brunel_rate.npy'), lambda f: np.save(f, rate))
    import brian2
    lines = ['# Exact figures of brunel.npz, computed with numpy by '
             'examples/brunel.py', '[brunel.npz]']
    lines += [f'{k}={val}' for k, val in fig.items()]
    lines += [f'seed={SEED}', f'brian2={brian2.__version__}', '']
    write(os.path.join(out, 'brunel.ini'),
          lambda f: f.write('\n'.join(lines).encode()))
    print(f'brunel.py: {fig["spikes"]} spikes of {fig["active-units"]} '
          f'units in 1 s -> {out}/brunel.npz')


if __name__ == '__main__':
    main()
