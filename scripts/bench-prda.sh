#!/usr/bin/env bash
# PRDA / M:N scheduler benchmark (issue 14, patents.md §3; not a test): guests/prda/spin.c, 8 vCPUs taking one
# spinlock whose holder marks itself non-preemptible in its PRDA, run as
#   armvisor  one host thread per vCPU (the default), --host-threads 2 with deferral on, --host-threads 2 with
#             --preempt-deferral off (lock holders can be descheduled holding the lock);
#   qemu      qemu-system-aarch64 -smp 8 (MTTCG: 8 host threads that the host kernel schedules on the same cores; the
#             guest finds no hypervisor and keeps its per-CPU data behind TPIDR_EL1).
# Runs alternate configuration by configuration, --runs times; the table has the medians of the guest's own figures
# (guest counter time, which is host time): elapsed ms, acquisitions per ms, mean lock-wait ms per vCPU, worst single
# wait, the hypervisor's deferrals and forced preemptions, the whole process's wall time, and the per-access cost
# of a per-CPU counter increment through the alias vs through TPIDR_EL1 (measured on vCPU 0 before the others start).
#
#   scripts/bench-prda.sh [--runs N] [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "bench-prda.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

command -v qemu-system-aarch64 >/dev/null || { echo "bench-prda.sh: qemu-system-aarch64 is missing (apt-get install qemu-system-arm)" >&2; exit 2; }
if [ "$build" = 1 ]; then
  make -C guests -s build/prda-spin.elf >&2
  dotnet build src/Armvisor.Cli -c Release -v quiet -nologo >&2
fi
elf=guests/build/prda-spin.elf
[ -f "$elf" ] || { echo "bench-prda.sh: $elf is missing (make -C guests)" >&2; exit 2; }
armvisor=(dotnet src/Armvisor.Cli/bin/Release/net10.0/armvisor.dll run --kernel "$elf" --cpus 8 --timeout 600)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

configs=("armvisor-threads-8" "armvisor-threads-2-defer" "armvisor-threads-2-nodefer" "qemu-smp-8")
run_config() { # run_config NAME OUT
  case "$1" in
    armvisor-threads-8) "${armvisor[@]}" ;;
    armvisor-threads-2-defer) "${armvisor[@]}" --host-threads 2 ;;
    armvisor-threads-2-nodefer) "${armvisor[@]}" --host-threads 2 --preempt-deferral off ;;
    qemu-smp-8) timeout 600 qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a72 -smp 8 -nographic -nic none -m 256M -kernel "$elf" ;;
  esac >"$2" 2>&1
}
field() { sed -n "s/.*[ :]$1=\([0-9.na]*\).*/\1/p" "$2" | head -1; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for run in $(seq 1 "$runs"); do
  for c in "${configs[@]}"; do
    out="$work/$c.$run"
    start=$(date +%s%N)
    run_config "$c" "$out" || { echo "bench-prda.sh: $c run $run failed:" >&2; tail -5 "$out" >&2; exit 1; }
    echo $(( ($(date +%s%N) - start) / 1000000 )) >"$out.wall"
    grep -q 'ok=1' "$out" || { echo "bench-prda.sh: $c run $run: wrong sum" >&2; grep 'spin:' "$out" >&2; exit 1; }
    echo "run $run $c: $(grep 'spin:' "$out")" >&2
  done
done

printf '| configuration | guest ms | acquisitions/ms | mean wait ms/vCPU | worst wait us | deferrals | forced | process wall s | alias ns | TPIDR ns |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for c in "${configs[@]}"; do
  col() { for run in $(seq 1 "$runs"); do field "$1" "$work/$c.$run"; done | median; }
  wall=$(for run in $(seq 1 "$runs"); do cat "$work/$c.$run.wall"; done | median)
  printf '| %s | %s | %s | %s | %s | %s | %s | %.2f | %s | %s |\n' "$c" "$(col ms)" "$(col acquisitions_per_ms)" \
    "$(col wait_ms)" "$(col max_wait_us)" "$(col deferrals)" "$(col forced)" "$(awk -v w="$wall" 'BEGIN {print w / 1000}')" \
    "$(col alias_ns)" "$(col tpidr_ns)"
done
