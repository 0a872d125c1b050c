#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# numpy arrays pushed through appsrc from Python (PyGObject) into spikeraster
# (OUTDIR/appsrc.mp4) and signalscope (OUTDIR/appsrc-signal.mp4).
# usage: examples/appsrc-numpy.sh OUTDIR
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
OUT=${1:?usage: $0 OUTDIR}
mkdir -p "$OUT"
"$PY" "$examples/appsrc-numpy.py" spikes "$OUT/appsrc.mp4"
"$PY" "$examples/appsrc-numpy.py" signal "$OUT/appsrc-signal.mp4"
