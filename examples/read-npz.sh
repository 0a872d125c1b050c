#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# Reads Brian2 output (brunel.npz and brunel_rate.npy) with neurofilesrc and
# prints what comes out: caps, buffer timestamps and the stream's duration.
# Rendering is left to the renderers (see examples/brunel-raster.sh).
#
#   examples/read-npz.sh [path/to/brunel.npz]
#
# Without an argument: the data brunel-raster.sh uses (see common.sh's
# brunel_data: $NEUROVIZ_SHARED_DATA, ../shared/data or the build's own).
set -eo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [ -n "${1:-}" ]; then data=$(dirname "$1"); else data=$(brunel_data); fi
npz=${1:-$data/brunel.npz}

echo "== spikes (Brian2 SpikeMonitor i/t): caps, first slices, duration"
gst-launch-1.0 -m -v neurofilesrc location="$npz" num-buffers=3 \
  ! fakesink silent=false 2>&1 \
  | grep -E "src: caps|last-message = chain|EOS" | cut -c1-180

echo "== membrane potentials, key=v, [T, 8] at dt = 0.1 ms"
gst-launch-1.0 -v neurofilesrc location="$npz" key=v dt=0.0001 num-buffers=2 \
  ! fakesink silent=false 2>&1 \
  | grep -E "src: caps|last-message = chain" | cut -c1-180

echo "== population rate, [T] float32 at dt = 0.1 ms"
gst-launch-1.0 -v neurofilesrc location="$data/brunel_rate.npy" dt=0.0001 \
  num-buffers=1 ! fakesink silent=false 2>&1 \
  | grep -E "src: caps|last-message = chain" | cut -c1-180

echo "== whole file, timed"
time gst-launch-1.0 -q neurofilesrc location="$npz" ! fakesink sync=false

# With the spike raster renderer (written alongside):
#   gst-launch-1.0 neurofilesrc location=brunel.npz ! spikeraster \
#     ! videoconvert ! autovideosink
