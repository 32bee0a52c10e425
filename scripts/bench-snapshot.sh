#!/usr/bin/env bash
# Snapshot benchmark (issue 20; not a test): a 512 MiB Debian guest (Debian's arm64 kernel + the kit's busybox
# initramfs, booted to its shell) saved and restored on Armvisor and on qemu-system-aarch64 side by side.
#   Armvisor: QMP armvisor-snapshot-save with the vCPUs paused; armvisor run --restore FILE.
#   QEMU:     QMP stop + migrate "exec:cat > FILE" (QEMU's way to write a VM's state to a file); -incoming "exec:cat FILE",
#             then cont once the incoming migration is complete (a VM saved paused is restored paused).
# Reported per back end (medians of --runs): save time (the QMP command until the file is complete), file size, and
# restore-to-running: from launching the restoring process until QMP query-status says "running" (this includes the
# process start: the .NET runtime for Armvisor). For Armvisor also its own log line: file opened -> vCPUs starting.
#
# Armvisor runs from the ReadyToRun build of scripts/publish.sh when ~/.cache/armvisor/publish has one (--jit: the
# plain Release build; ARMVISOR_DLL=PATH another build), so restore-to-running is not spent JIT-compiling the restore path.
#   scripts/bench-snapshot.sh [--runs N] [--backends "qemu armvisor"] [--no-build] [--jit]
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
backends="qemu armvisor"
build=1
jit=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --backends) backends=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --jit) jit=1; shift ;;
    *) echo "bench-snapshot.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

command -v socat >/dev/null || { echo "bench-snapshot.sh: socat is missing (apt-get install socat)" >&2; exit 2; }
dll="${ARMVISOR_DLL:-$HOME/.cache/armvisor/publish/armvisor.dll}"
if [ "$jit" = 1 ] || [ ! -f "$dll" ]; then
  [ "$build" = 1 ] && dotnet build src/Armvisor.Cli -c Release -v quiet -nologo >&2
  dll=src/Armvisor.Cli/bin/Release/net10.0/armvisor.dll
fi
echo "armvisor: $dll; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
armvisor=(dotnet "$dll")
prepared=$("${armvisor[@]}" demo --prepare-only 2>/dev/null)
KERNEL=$(sed -n 's/^KERNEL=//p' <<<"$prepared")
INITRD=$(sed -n 's/^INITRD=//p' <<<"$prepared")
APPEND=$(sed -n 's/^APPEND=//p' <<<"$prepared")
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# qmp SOCKET COMMAND-JSON: negotiates and runs one command, prints the reply lines.
qmp() { printf '{"execute":"qmp_capabilities"}\n%s\n' "$2" | socat -t 30 - "UNIX-CONNECT:$1" 2>/dev/null; }
wait_file() { for _ in $(seq 1 3000); do [ -e "$1" ] && return 0; sleep 0.01; done; echo "timeout waiting for $1" >&2; exit 1; }
wait_text() { for _ in $(seq 1 60000); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.01; done; echo "timeout waiting for $2" >&2; exit 1; }
# wait_running SOCKET: until query-status says running. QEMU keeps an incoming VM paused when the source was paused
# (its global_state section): once the incoming migration has completed ("paused"), send cont, as a user would.
wait_running() {
  for _ in $(seq 1 60000); do
    status=$(qmp "$1" '{"execute":"query-status"}')
    grep -q '"running": *true' <<<"$status" && return 0
    grep -q '"status": *"paused"' <<<"$status" && qmp "$1" '{"execute":"cont"}' >/dev/null
    sleep 0.005
  done
  echo "never running" >&2; exit 1
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

boot() { # boot BACKEND SOCKET CONSOLE: starts the guest in the background, waits for its shell
  case "$1" in
    armvisor) "${armvisor[@]}" run --kernel "$KERNEL" --initrd "$INITRD" --append "$APPEND" --memory 512M \
                --serial "file:$3" --qmp "unix:$2,server,wait=off" >/dev/null 2>&1 & ;;
    qemu) qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a72 -m 512M -display none -nic none \
                -kernel "$KERNEL" -initrd "$INITRD" -append "$APPEND" -serial "file:$3" -qmp "unix:$2,server,wait=off" >/dev/null 2>&1 & ;;
  esac
  wait_text "$3" ARMVISOR-INITRAMFS-READY
  sleep 2
}

for backend in $backends; do
  : >"$work/$backend.save"; : >"$work/$backend.size"; : >"$work/$backend.restore"; : >"$work/$backend.inproc"
  for run in $(seq 1 "$runs"); do
    sock="$work/$backend-$run.sock"; snap="$work/$backend-$run.snap"
    boot "$backend" "$sock" "$work/$backend-$run.console"
    start=$(now_ms)
    if [ "$backend" = armvisor ]; then
      qmp "$sock" "{\"execute\":\"armvisor-snapshot-save\",\"arguments\":{\"filename\":\"$snap\"}}" >/dev/null
    else
      qmp "$sock" '{"execute":"stop"}' >/dev/null
      qmp "$sock" "{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"exec:cat > $snap\"}}" >/dev/null
      until qmp "$sock" '{"execute":"query-migrate"}' | grep -q '"status": *"completed"'; do sleep 0.005; done
    fi
    echo $(( $(now_ms) - start )) >>"$work/$backend.save"
    stat -c %s "$snap" >>"$work/$backend.size"
    qmp "$sock" '{"execute":"quit"}' >/dev/null; wait
    rsock="$work/$backend-$run-restore.sock"
    start=$(now_ms)
    if [ "$backend" = armvisor ]; then
      "${armvisor[@]}" run --restore "$snap" --serial none --qmp "unix:$rsock,server,wait=off" --log-level info \
        >/dev/null 2>"$work/$backend-$run.log" &
    else
      qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a72 -m 512M -display none -nic none -serial none \
        -kernel "$KERNEL" -initrd "$INITRD" -append "$APPEND" -qmp "unix:$rsock,server,wait=off" -incoming "exec:cat $snap" >/dev/null 2>&1 &
    fi
    wait_file "$rsock"; wait_running "$rsock"
    echo $(( $(now_ms) - start )) >>"$work/$backend.restore"
    if [ "$backend" = armvisor ]; then
      sed -n 's/.*Restored machine running \([0-9.]*\) ms.*/\1/p' "$work/$backend-$run.log" >>"$work/$backend.inproc"
      grep -h 'Restore phases' "$work/$backend-$run.log" >&2 || true
    fi
    qmp "$rsock" '{"execute":"quit"}' >/dev/null; wait
    rm -f "$snap"
  done
done

echo "| back end | save (ms) | file size (MiB) | restore-to-running, process launch to QMP running (ms) | in-process restore to vCPUs running (ms) |"
echo "|---|---|---|---|---|"
for backend in $backends; do
  inproc=$( [ -s "$work/$backend.inproc" ] && median <"$work/$backend.inproc" || echo "n/a")
  printf '| %s | %s | %s | %s | %s |\n' "$backend" "$(median <"$work/$backend.save")" \
    "$(median <"$work/$backend.size" | awk '{printf "%.1f", $1/1048576}')" "$(median <"$work/$backend.restore")" "$inproc"
done
