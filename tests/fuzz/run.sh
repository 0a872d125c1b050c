#!/bin/bash
# gst-neuroviz — builds the libFuzzer targets of tests/fuzz/ with meson
# (clang, -Dfuzzing=true: libFuzzer, ASan, UBSan) and runs each for the given
# number of seconds (default 20).
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   tests/fuzz/run.sh            # 20 s per target
#   tests/fuzz/run.sh 3600       # an hour per target
#   FUZZ_JOBS=2 tests/fuzz/run.sh 600   # parallel jobs per target
#   FUZZ_OUT=/tmp/f tests/fuzz/run.sh   # keep corpora, logs and crashes
#   FUZZ_BUILD=build-fuzz tests/fuzz/run.sh  # the meson build to use
#
# The targets and what they link are in tests/fuzz/meson.build; this script
# only configures that build (once: `CC=clang meson setup <dir>
# -Dfuzzing=true -Db_lundef=false`, later runs rebuild what changed) and
# runs the targets.  Needs clang and libclang-rt-14-dev (.ci/packages.txt).
# Exits 77 (meson's "skipped") when clang cannot build libFuzzer targets,
# non-zero when a target crashes; the crashing input is left in $FUZZ_OUT.
# See docs/fuzzing.md.
set -u
# Under meson (tests/meson.build sets NEUROVIZ_SOURCE_ROOT) the default is
# 10 s so that the whole test suite stays quick.
if [ -n "${NEUROVIZ_SOURCE_ROOT:-}" ]; then
  secs=${1:-${FUZZ_SECONDS:-10}}
else
  secs=${1:-${FUZZ_SECONDS:-20}}
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# meson's 'fuzz' test keeps its build inside the main build folder
bdir=${FUZZ_BUILD:-${NEUROVIZ_FUZZ_BUILD:-$root/build-fuzz}}
# the targets run from $out
case $bdir in /*) ;; *) bdir=$PWD/$bdir ;; esac
if [ -n "${FUZZ_OUT:-}" ]; then
  out=$FUZZ_OUT
  keep=1
else
  out=$(mktemp -d "${TMPDIR:-/tmp}/neuroviz-fuzz.XXXXXX")
  keep=0
fi
jobs=${FUZZ_JOBS:-1}
cc=${CC_FUZZ:-clang}
targets=(npy_header npz_directory spikelist liveproto netlayout neuroparse
  spiketypefind)
mkdir -p "$out"

cleanup () {
  [ $keep -eq 1 ] || rm -rf "$out"
}

if ! command -v "$cc" >/dev/null; then
  echo "fuzz: $cc not found (apt-get install clang libclang-rt-14-dev)"
  cleanup
  exit 77
fi

if [ ! -f "$bdir/build.ninja" ]; then
  # a half-made build from an interrupted setup is started again
  [ -d "$bdir/meson-private" ] && rm -rf "$bdir"
  fresh=0
  [ -e "$bdir" ] || fresh=1
  if ! CC=$cc meson setup "$bdir" "$root" -Dfuzzing=true -Db_lundef=false \
      >"$out/setup.log" 2>&1; then
    cat "$out/setup.log"
    if grep -q -e "libFuzzer" -e "needs clang" "$out/setup.log"; then
      echo "fuzz: $cc cannot build libFuzzer targets (apt-get install clang" \
        "libclang-rt-14-dev)"
      [ $fresh -eq 0 ] || rm -rf "$bdir"
      cleanup
      exit 77
    fi
    exit 1
  fi
fi
if ! ninja -C "$bdir" -j "${FUZZ_BUILD_JOBS:-2}" \
    "${targets[@]/#/tests/fuzz/fuzz_}" >"$out/build.log" 2>&1; then
  cat "$out/build.log"
  exit 1
fi

status=0
for t in "${targets[@]}"; do
  exe=$bdir/tests/fuzz/fuzz_$t
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
    echo "fuzz: no crashes (logs and corpora in $out, targets in" \
      "$bdir/tests/fuzz)"
  else
    echo "fuzz: no crashes (set FUZZ_OUT to keep corpora and logs)"
    rm -rf "$out"
  fi
fi
exit $status
