#!/bin/bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# Every example script that examples/demo.sh runs (the figures have their
# own test, pipeline-figures.sh) renders into a fresh folder and writes a
# non-empty file: an example that no longer runs fails here, not on a
# user's first try.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d /tmp/pipeline-examples.XXXXXX)
trap 'rm -rf "$T"' EXIT
export NEUROVIZ_SHARED_DATA=${NEUROVIZ_BRUNEL_DATA:?NEUROVIZ_BRUNEL_DATA is not set}
examples=$(sed -n '/^for ex in \${DEMO_ONLY:-/,/; do$/p' "$root/examples/demo.sh" |
  sed 's/.*DEMO_ONLY:-//; s/}; do$//; s/\\$//' | tr '\n' ' ')
[ -n "$examples" ] || { echo "FAIL: no example list in examples/demo.sh"; exit 1; }
failed=0
for ex in $examples; do
  case $ex in figures/*) continue ;; esac
  mkdir -p "$T/$ex"
  if ! bash "$root/examples/$ex.sh" "$T/$ex" > "$T/$ex.log" 2>&1; then
    echo "FAIL: examples/$ex.sh"; sed 's/^/  | /' "$T/$ex.log"; failed=1; continue
  fi
  n=$(find "$T/$ex" -type f -size +1k | wc -l)
  if [ "$n" -eq 0 ]; then
    echo "FAIL: examples/$ex.sh wrote nothing"; failed=1
  else
    echo "ok   examples/$ex.sh: $n file(s)"
  fi
done
exit $failed
