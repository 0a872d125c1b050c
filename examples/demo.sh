#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# The main job of README.md: installs what a fresh Debian 12 machine lacks,
# builds the plugin and renders the demo movies into out/, one line each:
# how long it took, the file, what it shows (a terminal also sees percent
# done and time left).  Ends with the list of files.  A movie that fails is
# named and its log shown, the others still run, and the exit status is 1.
# The Brunel movie reads $NEUROVIZ_SHARED_DATA/brunel.npz, else
# ../shared/data/brunel.npz beside the clone, else the build's own Brian2
# simulation (examples/brunel.py, made once into build/tests).
# DEMO_ONLY="raster gif figures/s4" renders only those examples.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
start=$EPOCHREALTIME

# seconds since $1 (an $EPOCHREALTIME)
since () {
  awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'
}
# one report line, as examples/render.py prints them
line () {
  printf '%6s s  %s  %s\n' "$(since "$1")" "$2" "$3"
}
# quiet on success; on failure what failed and its log
quietly () {
  local what=$1 log=$2
  shift 2
  if ! "$@" >"$log" 2>&1; then
    echo "demo: $what failed; its log ($log):"
    sed 's/^/  | /' "$log"
    exit 1
  fi
}

bash .ci/setup.sh
t=$EPOCHREALTIME
mkdir -p build/demo-logs
logs=$root/build/demo-logs
if [ -f build/build.ninja ]; then
  quietly "meson setup" "$logs/setup.log" meson setup --reconfigure build
else
  quietly "meson setup" "$logs/setup.log" meson setup build
fi
quietly "building the plugin" "$logs/build.log" ninja -C build libgstneuroviz.so
line "$t" build/libgstneuroviz.so "the plugin, built"

export GST_PLUGIN_PATH_1_0="$root/build"
export GST_REGISTRY_1_0="$root/build/demo-registry.bin"
export NEUROVIZ_BUILD="$root/build"

# real simulator output for the Brunel movie
t=$EPOCHREALTIME
if [ -n "${NEUROVIZ_SHARED_DATA:-}" ]; then
  [ -f "$NEUROVIZ_SHARED_DATA/brunel.npz" ] ||
    { echo "demo: NEUROVIZ_SHARED_DATA=$NEUROVIZ_SHARED_DATA has no brunel.npz"; exit 1; }
  line "$t" "$NEUROVIZ_SHARED_DATA/brunel.npz" "Brian2 output, from \$NEUROVIZ_SHARED_DATA"
elif [ -f ../shared/data/brunel.npz ]; then
  NEUROVIZ_SHARED_DATA=$(cd ../shared/data && pwd)
  line "$t" ../shared/data/brunel.npz "Brian2 output, the project's shared file"
else
  NEUROVIZ_SHARED_DATA=$root/build/tests
  made=$([ -f build/tests/brunel.npz ] && echo "cached" || echo "made once")
  quietly "the Brian2 simulation (examples/brunel.py)" "$logs/brunel.log" \
    ninja -C build tests/brunel.npz
  line "$t" build/tests/brunel.npz \
    "Brunel network simulated with Brian2 ($made, $(sed -n 's/^spikes=//p' build/tests/brunel.ini) spikes)"
fi
export NEUROVIZ_SHARED_DATA

out=out
mkdir -p "$out"
failed=()
# each example takes the output folder and prints one line per movie
# the tutorial's figures (examples/figures/) keep their data in the build
export NEUROVIZ_FIGURE_DATA=$root/build/figure-data
for ex in ${DEMO_ONLY:-figures/s4 figures/s5 figures/s6 figures/s7 figures/s8 \
          figures/s9 raster brunel-raster signalscope connectivity \
          netgraph gif html png-frames webm appsrc-numpy brian2-live}; do
  log=$logs/${ex//\//-}.log
  if ! bash "examples/$ex.sh" "$out" 2>"$log"; then
    echo "demo: examples/$ex.sh failed; its log ($log):"
    sed 's/^/  | /' "$log"
    failed+=("$ex")
  fi
done

echo
n=0
for f in "$out"/*; do
  n=$((n + 1))
  if [ -d "$f" ]; then
    printf '  %-24s %s files\n' "$(basename "$f")/" "$(ls "$f" | wc -l)"
  else
    printf '  %-24s %6s\n' "$(basename "$f")" \
      "$(numfmt --to=iec --suffix=B "$(stat -c %s "$f")")"
  fi
done > "$logs/files.txt"
secs=$(since "$start")
secs=${secs%.*}
printf 'Done in %d:%02d; %d entries in %s/:\n' $((secs / 60)) $((secs % 60)) \
  "$n" "$out"
cat "$logs/files.txt"
if [ ${#failed[@]} -gt 0 ]; then
  echo "demo: ${#failed[@]} example(s) failed: ${failed[*]} (logs above)"
  exit 1
fi
