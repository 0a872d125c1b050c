#!/usr/bin/env bash
# gst-neuroviz — neurolivesrc senders=N benchmark: N ranks × R spikes/s,
# paced in real time, merged into one stream (bench/liverank.py).
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   bash bench/liverank.sh [builddir] [liverank.py options]
#
# Default: 16 ranks × 1 M spikes/s for 10 s into fakesink, then the same
# into spikeraster (one 1280x720 raster at 30 fps).  Exit status 0 when
# every spike arrived, none late, in time order.
set -euo pipefail
dir="${1:-build}"
[ $# -gt 0 ] && shift
here="$(cd "$(dirname "$0")" && pwd)"
export GST_PLUGIN_PATH="$(cd "$dir" && pwd)"
export GST_REGISTRY="${TMPDIR:-/tmp}/neuroviz-bench-liverank.bin"
nproc_info="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "machine: $nproc_info; load: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ $# -gt 0 ]; then
  exec /usr/bin/python3 "$here/liverank.py" "$@"
fi
status=0
/usr/bin/python3 "$here/liverank.py" --ranks 16 --rate 1e6 --duration 10 || status=$?
/usr/bin/python3 "$here/liverank.py" --ranks 16 --rate 1e6 --duration 10 --sink raster || status=$?
exit $status
