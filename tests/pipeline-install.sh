#!/bin/bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# gst-neuroviz — `meson install` into a scratch folder: the plugin loads from
# there, the Python package imports from there, and a C program builds
# against the installed pkg-config file and header and makes valid caps.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${NEUROVIZ_BUILD:-${GST_PLUGIN_PATH_1_0:-$here/../build}}
T=$(mktemp -d /tmp/neuroviz-install.XXXXXX)
trap 'rm -rf "$T"' EXIT
meson install -C "$build" --destdir "$T" --no-rebuild >"$T/install.log" 2>&1 ||
  { tail -20 "$T/install.log"; fail "meson install"; }
prefix=$(meson introspect "$build" --buildoptions |
  /usr/bin/python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"][0])')
root=$T$prefix

plugin=$(find "$root" -name libgstneuroviz.so | head -1)
[ -n "$plugin" ] || fail "no libgstneuroviz.so installed"
GST_PLUGIN_PATH_1_0=$(dirname "$plugin") GST_REGISTRY_1_0=$T/reg.bin \
  GST_PLUGIN_SYSTEM_PATH_1_0= gst-inspect-1.0 spikeraster >/dev/null ||
  fail "the installed plugin does not load"
echo "ok: plugin installed as $plugin"

pkg=$(find "$root" -name neuroviz -path '*-packages/*' -type d | head -1)
[ -n "$pkg" ] || fail "the neuroviz Python package is not installed"
PYTHONPATH=$(dirname "$pkg") /usr/bin/python3 -c 'import neuroviz, sys
assert neuroviz.__file__.startswith(sys.argv[1]), neuroviz.__file__
print("ok: neuroviz", neuroviz.__version__, "from", neuroviz.__file__)' "$T"

pc=$(find "$root" -name gst-neuroviz-1.0.pc | head -1)
[ -n "$pc" ] || fail "no gst-neuroviz-1.0.pc installed"
sed -i "s|^prefix=.*|prefix=$root|" "$pc"
cat >"$T/producer.c" <<'C'
#include <neurotypes.h>
int
main (void)
{
  NeuroSpikesInfo info = { 0 };
  GstCaps *caps;
  gchar *why;
  gst_init (NULL, NULL);
  caps = gst_caps_from_string (NEURO_SPIKES_MEDIA_TYPE ", units=(int)5000");
  if (!neuro_spikes_info_from_caps (&info, caps) || info.units != 5000)
    return 1;
  gst_caps_unref (caps);
  caps = gst_caps_from_string (NEURO_SPIKES_MEDIA_TYPE ", units=(int)0");
  why = neuro_caps_problem (caps);      /* refused, with the reason */
  if (why == NULL)
    return 2;
  g_print ("%s\n", why);
  g_free (why);
  gst_caps_unref (caps);
  return 0;
}
C
PKG_CONFIG_PATH=$(dirname "$pc") gcc -o "$T/producer" "$T/producer.c" \
  $(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --cflags --libs gst-neuroviz-1.0) ||
  fail "a C program does not build against the installed gst-neuroviz-1.0.pc"
lib=$(dirname "$(find "$root" -name 'libgstneurotypes-1.0.so*' | head -1)")
LD_LIBRARY_PATH=$lib "$T/producer" >"$T/producer.log" || fail "producer: $(cat "$T/producer.log")"
grep -q units "$T/producer.log" || fail "producer: the refusal does not name units: $(cat "$T/producer.log")"
echo "ok: C program built with pkg-config gst-neuroviz-1.0: $(cat "$T/producer.log")"
[ -f "$root/share/gst-neuroviz/examples/demo.sh" ] || fail "examples not installed"
[ -f "$root/share/doc/gst-neuroviz/docs/media-types.md" ] || fail "docs not installed"
echo "ok: examples and docs in share/"
