#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The test command of README.md: installs what a fresh Debian 12 machine
# lacks, builds, and runs every test:
#   1. the whole suite (gst-check unit tests, gst-launch pipeline tests,
#      fuzz targets briefly) on a normal build;
#   2. the gst-check suite again on an AddressSanitizer build, under
#      GStreamer's leaks tracer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup.sh

if [ -d build ]; then meson setup --reconfigure build >/dev/null; else meson setup build >/dev/null; fi
ninja -C build
log=$(mktemp)
trap 'rm -f "$log"' EXIT
meson test -C build --print-errorlogs --num-processes 2 | tee "$log"

if [ "${NEUROVIZ_SKIP_ASAN:-0}" != 1 ]; then
  if [ -d build-asan ]; then meson setup --reconfigure build-asan >/dev/null
  else meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false >/dev/null; fi
  ninja -C build-asan
  # the registry is scanned in-process so the instrumented plugin loads
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  GST_REGISTRY_FORK=no \
    meson test -C build-asan --suite check --print-errorlogs --num-processes 2 \
      --wrap="$PWD/tests/leakcheck.sh" --timeout-multiplier 3 | tee -a "$log"
fi
# one closing line for both runs (set -o pipefail stopped us on a failure)
ok=$(awk '/^Ok:/ {n += $2} END {print n + 0}' "$log")
failed=$(awk '/^Fail:/ {n += $2} /^Timeout:/ {n += $2} END {print n + 0}' "$log")
skipped=$(awk '/^Skipped:/ {n += $2} END {print n + 0}' "$log")
echo "$ok passed, $failed failed, $skipped skipped"
