#!/bin/bash
# numpy arrays pushed through appsrc from Python (PyGObject) into spikeraster
# (OUTDIR/appsrc.mp4) and signalscope (OUTDIR/appsrc-signal.mp4).
# usage: examples/appsrc-numpy.sh OUTDIR
#   NEUROVIZ_BUILD: build folder holding libgstneuroviz.so (default build)
set -euo pipefail
OUT=${1:?usage: $0 OUTDIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${NEUROVIZ_BUILD:-build}
case $build in /*) ;; *) build=$here/../$build ;; esac
export GST_PLUGIN_PATH=$build GST_PLUGIN_PATH_1_0=$build
mkdir -p "$OUT"
# Debian's python with python3-gi, not a pyenv one from PATH
/usr/bin/python3 "$here/appsrc-numpy.py" spikes "$OUT/appsrc.mp4"
/usr/bin/python3 "$here/appsrc-numpy.py" signal "$OUT/appsrc-signal.mp4"
ls -l "$OUT/appsrc.mp4" "$OUT/appsrc-signal.mp4"
