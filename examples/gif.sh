#!/bin/bash
# Renders a short animation to out/demo.gif with gifenc.
# Usage: bash examples/gif.sh [BUILD_DIR]   (default: build)
# The source is videotestsrc for now; the project's renderers will replace it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(realpath "${1:-$ROOT/build}")
export GST_PLUGIN_PATH_1_0="$BUILD"
mkdir -p "$ROOT/out"

gst-launch-1.0 -q videotestsrc pattern=ball num-buffers=90 ! \
  video/x-raw,width=480,height=320,framerate=30/1 ! videoconvert ! \
  gifenc loop=0 ! filesink location="$ROOT/out/demo.gif"

echo "wrote $ROOT/out/demo.gif ($(stat -c %s "$ROOT/out/demo.gif") bytes)"
