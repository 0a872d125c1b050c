# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# Sourced by the example scripts: the plugin from the build folder, the
# render command (one line per movie, progress on a terminal; see
# render.py) and the Brunel data.
#   NEUROVIZ_BUILD: build folder holding libgstneuroviz.so (default build)
examples=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$examples")
build=${NEUROVIZ_BUILD:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
# an explicit GST_PLUGIN_PATH_1_0 or GST_PLUGIN_PATH wins (an installed
# plugin, another build); else this tree's build, if built
if [ -z "${GST_PLUGIN_PATH_1_0:-}${GST_PLUGIN_PATH:-}" ] && [ -e "$build/libgstneuroviz.so" ]; then
  export GST_PLUGIN_PATH_1_0=$build
  export GST_REGISTRY_1_0=$build/example-registry.bin
fi
# Debian's python, with python3-gi and python3-brian
PY=/usr/bin/python3

# render OUT WHAT PIPELINE...: gst-launch-1.0's arguments, reported as
#   "  4.2 s  OUT  WHAT"
render () {
  "$PY" "$examples/render.py" "$@"
}

# The folder holding brunel.npz (Brian2's Brunel network):
# $NEUROVIZ_SHARED_DATA, else the project's shared data beside the clone
# (../shared/data), else the build's own simulation, build/tests, which
# examples/brunel.py makes once (ninja -C build tests/brunel.npz).
brunel_data () {
  if [ -n "${NEUROVIZ_SHARED_DATA:-}" ]; then
    echo "$NEUROVIZ_SHARED_DATA"
  elif [ -f "$root/../shared/data/brunel.npz" ]; then
    (cd "$root/../shared/data" && pwd)
  elif [ -f "$build/tests/brunel.npz" ]; then
    echo "$build/tests"
  elif [ -f "$build/build.ninja" ]; then
    echo "simulating the Brunel network with Brian2 (once)..." >&2
    ninja -C "$build" tests/brunel.npz >&2 && echo "$build/tests"
  else
    echo "no brunel.npz: build first (meson setup build && ninja -C build)," \
      "or set NEUROVIZ_SHARED_DATA to a folder with one" >&2
    return 1
  fi
}
