#!/bin/bash
# Builds the parser fuzz targets of neurofilesrc and neurolivesrc with clang
# (libFuzzer, ASan, UBSan) and runs each for the given number of seconds
# (default 20).
#
#   tests/fuzz/run.sh            # 20 s per target
#   tests/fuzz/run.sh 3600       # an hour per target
#   FUZZ_JOBS=2 tests/fuzz/run.sh 600   # parallel jobs per target
#   FUZZ_OUT=/tmp/f tests/fuzz/run.sh   # keep binaries, corpora, crashes
#
# Needs clang and libclang-rt-14-dev (.ci/packages.txt).  Exits 77 (meson's
# "skipped") when clang cannot build libFuzzer targets, non-zero when a
# target crashes; the crashing input is left in $FUZZ_OUT.  See
# docs/fuzzing.md.
set -u
# Under meson (tests/meson.build sets NEUROVIZ_SOURCE_ROOT) the default is
# 10 s so that the whole test suite stays quick.
if [ -n "${NEUROVIZ_SOURCE_ROOT:-}" ]; then
  secs=${1:-${FUZZ_SECONDS:-10}}
else
  secs=${1:-${FUZZ_SECONDS:-20}}
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$here/../../gst-plugins/formats
live=$here/../../elements/neurolivesrc
net=$here/../../elements/netgraph
plug=$here/../../gst-plugins
if [ -n "${FUZZ_OUT:-}" ]; then
  out=$FUZZ_OUT
  keep=1
else
  out=$(mktemp -d "${TMPDIR:-/tmp}/neuroviz-fuzz.XXXXXX")
  keep=0
fi
jobs=${FUZZ_JOBS:-1}
cc=${CC_FUZZ:-clang}
mkdir -p "$out"

if ! command -v "$cc" >/dev/null; then
  echo "fuzz: $cc not found (apt-get install clang libclang-rt-14-dev)"
  [ $keep -eq 1 ] || rm -rf "$out"
  exit 77
fi

flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
declare -A parsers=(
  [npy_header]="$src/npyformat.c"
  [npz_directory]="$src/zipdir.c $src/npyformat.c"
  [spikelist]="$src/spikelist.c"
  [liveproto]="$live/liveproto.c"
  [netlayout]="$net/netlayout.c $src/npyformat.c"
  [neuroparse]="$plug/neuroaxes.c $plug/neurocolormap.c"
)
# targets whose parser uses GLib
declare -A extra=(
  [netlayout]="-I$net $(pkg-config --cflags --libs glib-2.0 2>/dev/null)"
  [neuroparse]="-I$plug -I$out/stub $(pkg-config --cflags --libs \
      gstreamer-1.0 pangocairo 2>/dev/null)"
)
# neuroaxes.c and neurocolormap.c include meson's config.h: none is needed
mkdir -p "$out/stub" && : >"$out/stub/config.h"

status=0
for t in npy_header npz_directory spikelist liveproto netlayout neuroparse; do
  exe=$out/fuzz_$t
  # shellcheck disable=SC2086
  if ! $cc $flags -I"$src" -I"$live" -o "$exe" "$here/fuzz_$t.c" ${parsers[$t]} \
      ${extra[$t]:-} -lz -lm 2>"$out/build_$t.log"; then
    if grep -q -e "fuzzer" "$out/build_$t.log"; then
      cat "$out/build_$t.log"
      echo "fuzz: cannot link libFuzzer (apt-get install libclang-rt-14-dev)"
      [ $keep -eq 1 ] || rm -rf "$out"
      exit 77
    fi
    cat "$out/build_$t.log"
    exit 1
  fi
  work=$out/corpus_$t
  mkdir -p "$work"
  echo "fuzz: $t for ${secs}s"
  par=()
  if [ "$jobs" -gt 1 ]; then
    par=(-jobs="$jobs" -workers="$jobs")
  fi
  # libFuzzer writes fuzz-<n>.log into the current folder with -jobs
  if ! (cd "$out" && "$exe" -max_total_time="$secs" -max_len=65536 \
      -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${par[@]}" \
      -artifact_prefix="$out/crash_${t}_" \
      "$work" "$here/corpus/$t") >"$out/run_$t.log" 2>&1; then
    tail -n 60 "$out/run_$t.log"
    echo "fuzz: $t FAILED; reproduce with $exe $out/crash_${t}_*"
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" \
      "$out/run_$t.log" | sed "s/^/fuzz: $t /"
  fi
done
if [ $status -eq 0 ]; then
  if [ $keep -eq 1 ]; then
    echo "fuzz: no crashes (binaries, logs and corpora in $out)"
  else
    echo "fuzz: no crashes (set FUZZ_OUT to keep binaries and corpora)"
    rm -rf "$out"
  fi
fi
exit $status
