# gst-neuroviz — Python side: numpy data to the project's streams and back.
# SPDX-License-Identifier: LGPL-2.1-or-later
"""neuroviz: feed gst-neuroviz pipelines from Python.

Pure Python on numpy.  Three jobs:

* :class:`LiveSender` streams a running simulation to ``neurolivesrc``
  (spikes or signals, over TCP or to standard output) in the NEUROSTREAM
  protocol, without ever blocking the simulation longer than a bound;
* :mod:`neuroviz.simulators` ties a sender to a simulator's loop: a Brian2
  ``NetworkOperation`` that streams ``SpikeMonitor``/``StateMonitor``
  entries incrementally, and a wall-clock pacer for any other loop;
* :mod:`neuroviz.media` turns numpy arrays into the project's media types
  (caps strings, timed slices) and back; :mod:`neuroviz.gst` (needs
  PyGObject) pushes them through ``appsrc`` and reads ``appsink`` samples.
"""
from .media import (SPIKE_DTYPE, spikes_caps, signal_caps, frame_caps,
                    spike_records, spike_slices, signal_chunks)
from .live import LiveSender

__all__ = ['SPIKE_DTYPE', 'spikes_caps', 'signal_caps', 'frame_caps',
           'spike_records', 'spike_slices', 'signal_chunks', 'LiveSender']
__version__ = '0.1.0'
