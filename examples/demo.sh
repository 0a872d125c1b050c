#!/usr/bin/env bash
# The main job of README.md: installs what a fresh Debian 12 machine lacks,
# builds the plugin and renders the demo movies into out/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash .ci/setup.sh
if [ -d build ]; then meson setup --reconfigure build >/dev/null; else meson setup build >/dev/null; fi
ninja -C build >/dev/null

export GST_PLUGIN_PATH_1_0="$root/build"
export GST_REGISTRY_1_0="$root/build/demo-registry.bin"
export NEUROVIZ_BUILD="$root/build"
# the project's shared simulator output: next to the clone, or the workplace's
if [ -z "${NEUROVIZ_SHARED_DATA:-}" ]; then
  for d in "$root/../shared/data" /work/shared/data; do
    [ -f "$d/brunel.npz" ] && { NEUROVIZ_SHARED_DATA=$(cd "$d" && pwd); break; }
  done
fi
export NEUROVIZ_SHARED_DATA="${NEUROVIZ_SHARED_DATA:-}"
out="$root/out"
mkdir -p "$out"

# each example takes the output folder; the list grows with the renderers
for ex in raster brunel-raster signalscope activitymap-2x2 connectivity \
          netgraph gif html png-frames webm appsrc-numpy brian2-live; do
  script="$root/examples/$ex.sh"
  [ -f "$script" ] || continue
  if [ "$ex" = brunel-raster ] && [ ! -f "$NEUROVIZ_SHARED_DATA/brunel.npz" ]; then
    echo "== $ex: skipped, brunel.npz not found (set NEUROVIZ_SHARED_DATA)"
    continue
  fi
  echo "== $ex"
  bash "$script" "$out"
done
echo
echo "Demo movies in $out:"
ls -l "$out"
