#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# Real simulator output: the Brian2 Brunel network (5000 units, ~290 000
# spikes in 1 s, brunel.npz) as a raster movie, excitatory units blue and
# inhibitory red, slowed down 4x; and the membrane potentials of its first
# 8 neurons (key v, dt = 0.1 ms) as stacked traces.
# usage: examples/brunel-raster.sh OUTDIR [brunel.npz]
#   without brunel.npz: $NEUROVIZ_SHARED_DATA/brunel.npz, ../shared/data
#   beside the clone, or the build's own simulation (see common.sh)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
OUT=${1:?usage: $0 OUTDIR [brunel.npz]}
NPZ=${2:-$(brunel_data)/brunel.npz}
mkdir -p "$OUT"
ENC="videoconvert ! video/x-raw,format=I420 ! x264enc ! mp4mux"

render "$OUT/brunel-raster.mp4" "Brunel network (Brian2), 5000 units, 4x slow motion" \
  neurofilesrc location="$NPZ" ! \
  spikeraster window=0.2 time-scale=0.25 color-mode=groups \
    groups="0-3999:0xff1f77b4,4000-4999:0xffd62728" \
    rate-bin=0.002 rate-smooth=1 title="Brunel network, Brian2 (t = {t})" ! \
  video/x-raw,width=1280,height=720,framerate=30/1 ! \
  $ENC ! filesink location="$OUT/brunel-raster.mp4"

render "$OUT/brunel-vm.mp4" "Brunel network, membrane potentials of 8 neurons" \
  neurofilesrc location="$NPZ" key=v dt=0.0001 ! \
  signalscope mode=stacked window=0.2 y-label="v (mV)" \
    title="Brunel network: membrane potentials (t = {t})" ! \
  video/x-raw,width=1280,height=720,framerate=30/1 ! \
  $ENC ! filesink location="$OUT/brunel-vm.mp4"
