#!/usr/bin/python3
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
"""Renders one movie with a gst-launch-1.0 pipeline and reports it on one
line: how long it took, where it went, what it is.  On a terminal the line
shows percent done and time left while it runs (position and duration
queries, as a long ffmpeg run does); elsewhere only the final line appears.

    examples/render.py OUT WHAT PIPELINE...

PIPELINE is gst-launch-1.0's arguments, quoted the same way, so every
pipeline of examples/ also runs as is with gst-launch-1.0.  OUT is the file
or folder it writes; a pipeline of unknown length (live) shows how far it
is instead.  Ctrl-C finishes the movie (EOS, like
gst-launch-1.0 -e); a second Ctrl-C aborts.  On an error: a FAILED line,
then on stderr the error and the GStreamer warnings logged meanwhile, and
exit status 1.

As a module, run (pipeline, out, what) does the same for a pipeline built
in Python (examples/appsrc-numpy.py).
"""
import os
import re
import shlex
import shutil
import sys
import tempfile
import time

# GStreamer's own warnings go to a log shown only when a movie fails; set
# before Gst.init, so import this module before initialising GStreamer
_log_fd, LOG = tempfile.mkstemp(prefix='neuroviz-render-', suffix='.log')
os.close(_log_fd)
if 'GST_DEBUG' not in os.environ:
    os.environ.update(GST_DEBUG='*:2', GST_DEBUG_FILE=LOG,
                      GST_DEBUG_NO_COLOR='1')

import gi  # noqa: E402

gi.require_version('Gst', '1.0')
gi.require_version('GstBase', '1.0')
from gi.repository import Gst, GstBase  # noqa: E402

TICK = 250 * Gst.MSECOND


def _shown(path):
    """OUT as the user named it, relative to here when it lies below."""
    rel = os.path.relpath(os.path.abspath(path))
    return path if rel.startswith('..') else rel


def _quote(word):
    # as a shell would need it, but leave gst-launch's ! and = alone
    return shlex.quote(word) if re.search(r'[^\w@%+=:,./!-]', word) else word


def _clock(seconds):
    seconds = int(seconds + 0.5)
    return f'{seconds // 60}:{seconds % 60:02d}'


def _status(text):
    width = shutil.get_terminal_size((100, 24)).columns - 1
    sys.stdout.write('\r\x1b[K' + text[:width])
    sys.stdout.flush()


def _fail(out, what, reason, warnings, desc):
    print(f'  FAILED  {_shown(out)}  {what}', flush=True)
    err = sys.stderr
    print(f'render.py: {_shown(out)}: {reason}', file=err)
    for w in warnings:
        print(f'  warning: {w}', file=err)
    try:
        with open(LOG, errors='replace') as f:
            lines = f.read().splitlines()
    except OSError:
        lines = []
    if lines:
        print(f'  GStreamer log (last {min(len(lines), 40)} of '
              f'{len(lines)} lines):', file=err)
        for line in lines[-40:]:
            print('    ' + line, file=err)
    if desc:
        print(f'  pipeline: gst-launch-1.0 {desc}', file=err)
    err.flush()
    return False


def _position(pipeline):
    """How far the video is: the slowest renderer or compositor, whose
    output is the video's time (after a muxer there are only bytes)."""
    found = []
    it = pipeline.iterate_recurse()
    while True:
        res, e = it.next()
        if res == Gst.IteratorResult.RESYNC:
            it.resync()
            found = []
            continue
        if res != Gst.IteratorResult.OK:
            break
        pad = e.get_static_pad('src')
        caps = pad.get_current_caps() if pad is not None else None
        if (isinstance(e, GstBase.Aggregator) and caps is not None and
                caps.get_structure(0).get_name() == 'video/x-raw'):
            ok, p = pad.query_position(Gst.Format.TIME)
            if ok and p >= 0:
                found.append(p)
    if found:
        return min(found)
    ok, p = pipeline.query_position(Gst.Format.TIME)
    return p if ok and p >= 0 else None


def _error_text(msg):
    e, dbg = msg.parse_error()
    text = f'{msg.src.get_name()}: {e.message}'
    return text + f'\n  ({dbg})' if dbg else text


def run(pipeline, out, what, desc=None, started=None):
    """Plays PIPELINE to its end; True when it wrote OUT without error.
    STARTED is called once it plays (to start feeding an appsrc)."""
    tty = sys.stdout.isatty()
    start = time.monotonic()
    warnings = []
    bus = pipeline.get_bus()
    pos = 0
    eos_sent = False
    ok = True
    reason = None

    if pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
        reason = 'the pipeline would not start'
        msg = bus.pop_filtered(Gst.MessageType.ERROR)
        if msg is not None:
            reason = _error_text(msg)
    elif started is not None:
        started()
    while reason is None:
        try:
            msg = bus.timed_pop_filtered(
                TICK, Gst.MessageType.EOS | Gst.MessageType.ERROR |
                Gst.MessageType.WARNING)
        except KeyboardInterrupt:
            if eos_sent:
                reason = 'interrupted'
                break
            # finish the file properly, as gst-launch-1.0 -e does
            pipeline.send_event(Gst.Event.new_eos())
            eos_sent = True
            continue
        if msg is not None and msg.type == Gst.MessageType.EOS:
            break
        if msg is not None and msg.type == Gst.MessageType.ERROR:
            reason = _error_text(msg)
            break
        if msg is not None and msg.type == Gst.MessageType.WARNING:
            w, _ = msg.parse_warning()
            warnings.append(f'{msg.src.get_name()}: {w.message}')
        if not tty:
            continue
        p = _position(pipeline)
        if p is not None and p > pos:
            pos = p
        have_dur, dur = pipeline.query_duration(Gst.Format.TIME)
        elapsed = time.monotonic() - start
        if have_dur and dur > 0:
            frac = min(pos / dur, 1.0)
            left = (f'{_clock(elapsed * (1 - frac) / frac)} left'
                    if frac > 0.02 and elapsed > 1 else 'estimating')
            _status(f'  {frac * 100:5.1f} %  {left}  {_shown(out)}  {what}')
        else:
            # live or unknown length: how far it is
            _status(f'  {pos / Gst.SECOND:6.1f} s made  {_shown(out)}  '
                    f'{what}')
    pipeline.set_state(Gst.State.NULL)
    if tty:
        _status('')
    if reason is None and not os.path.exists(out):
        reason = 'the pipeline ended without writing it'
    if reason is not None:
        # no half-written movie left behind to be taken for a result
        if os.path.isfile(out):
            os.unlink(out)
        ok = _fail(out, what, reason, warnings, desc)
    else:
        print(f'{time.monotonic() - start:6.1f} s  {_shown(out)}  {what}',
              flush=True)
    os.unlink(LOG)
    return ok


def main(argv):
    if len(argv) < 4:
        sys.exit('usage: render.py OUT WHAT PIPELINE...')
    out, what, words = argv[1], argv[2], argv[3:]
    Gst.init(None)
    desc = ' '.join(_quote(w) for w in words)
    try:
        pipeline = Gst.parse_launchv(words)
    except Exception as e:  # GLib.Error: a bad pipeline description
        _fail(out, what, f'bad pipeline: {e}', [], desc)
        os.unlink(LOG)
        return 1
    return 0 if run(pipeline, out, what, desc) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
