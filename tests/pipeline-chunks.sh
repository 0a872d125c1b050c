#!/bin/bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# tools/render-chunks: the Brunel raster as a 60 s movie (1 s of data at
# time-scale 1/60, 1800 frames at 30 fps) rendered in one process, in 4
# chunks by 2 local processes, and in 4 chunks as a Slurm job array on a
# one-node cluster started here (Debian's slurm-wlm and munge, as root);
# tests/chunks-check.py decodes each and compares: as many frames, frame k
# at k / 30 s exactly, the same pictures (lossless H.264, so that equal
# renders decode to equal pixels).  The speed-up of 2 processes over 1 is
# printed.  Exit 77 (skipped) only when the cluster cannot come up at all;
# the local paths are checked before that.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d /tmp/pipeline-chunks.XXXXXX)
SLURM_PIDS=()
cleanup () {
  local p i
  for p in "${SLURM_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${SLURM_PIDS[@]}"; do
    for i in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  done
  rm -rf "$T" || true
}
trap cleanup EXIT
data=${NEUROVIZ_BRUNEL_DATA:?NEUROVIZ_BRUNEL_DATA is not set}/brunel.npz
[ -f "$data" ] || { echo "FAIL: $data is missing"; exit 1; }
tool="/usr/bin/python3 $root/tools/render-chunks"
enc="x264enc pass=quant quantizer=0 speed-preset=ultrafast"
pipe=(neurofilesrc location="$data" ! spikeraster window=0.2 time-scale=0.0166666667
      title="Brunel t = {t}" ! video/x-raw,width=320,height=240,framerate=30/1)

t0=$EPOCHREALTIME
$tool --chunks 1 --local 1 --encoder "$enc" "$T/one.mp4" "${pipe[@]}"
t1=$EPOCHREALTIME
$tool --chunks 4 --local 2 --encoder "$enc" "$T/four.mp4" "${pipe[@]}"
t2=$EPOCHREALTIME
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
  printf "1 process %.1f s, 2 processes (4 chunks) %.1f s: %.2fx\n",
    b - a, c - b, (b - a) / (c - b) }'

/usr/bin/python3 "$root/tests/chunks-check.py" 30/1 1800 "$T/one.mp4" "$T/four.mp4"

if command -v slurmctld >/dev/null && command -v munged >/dev/null; then
  S=$T/slurm
  mkdir -p "$S/state" "$S/spool" "$S/log"
  host=$(hostname -s)
  head -c 1024 /dev/urandom > "$S/munge.key"
  chmod 400 "$S/munge.key"
  munged --key-file="$S/munge.key" --socket="$S/munge.socket" \
    --pid-file="$S/munged.pid" --log-file="$S/log/munged.log" \
    --seed-file="$S/munge.seed" --force ||
    { echo "SKIP: munged cannot start here"; exit 77; }
  SLURM_PIDS+=("$(cat "$S/munged.pid")")
  cat > "$S/slurm.conf" <<CONF
ClusterName=neuroviz-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$S/munge.socket
CredType=cred/munge
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/log/slurmctld.log
SlurmdLogFile=$S/log/slurmd.log
SlurmctldPort=26817
SlurmdPort=26818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=sched_interval=1
ReturnToService=2
MpiDefault=none
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF=$S/slurm.conf
  slurmctld -f "$SLURM_CONF" || { echo "SKIP: slurmctld cannot start here"; exit 77; }
  slurmd -f "$SLURM_CONF" || { echo "SKIP: slurmd cannot start here"; exit 77; }
  for i in $(seq 50); do
    [ -s "$S/slurmctld.pid" ] && [ -s "$S/slurmd.pid" ] && break
    sleep 0.2
  done
  SLURM_PIDS+=("$(cat "$S/slurmctld.pid")" "$(cat "$S/slurmd.pid")")
  up=no
  for i in $(seq 100); do
    state=$(sinfo -h -o %t 2>/dev/null || true)
    case $state in *idle*) up=yes; break ;; esac
    sleep 0.2
  done
  if [ $up != yes ]; then
    # the machine cannot run a cluster at all (no daemons, no name for
    # this host): skipped, like a browser test without a browser; once
    # it is up, any difference fails
    echo "SKIP: the one-node Slurm cluster did not come up (sinfo: ${state:-none})"
    tail -n 5 "$S"/log/*.log 2>/dev/null || true
    exit 77
  fi
  timeout 300 $tool --slurm --chunks 4 --workdir "$T/work" --encoder "$enc" \
    "$T/slurm.mp4" "${pipe[@]}"
  grep -q -- '--array=0-3' "$T/work/chunks.sbatch" ||
    { echo "FAIL: the job script is not an array of 4"; exit 1; }
else
  echo "FAIL: slurmctld/munged not installed (Debian: slurm-wlm, munge)"
  exit 1
fi
/usr/bin/python3 "$root/tests/chunks-check.py" 30/1 1800 "$T/one.mp4" "$T/slurm.mp4"
