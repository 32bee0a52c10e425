#!/usr/bin/env bash
# Linux boot benchmark (issue 4; not a test): Debian's arm64 kernel + the kit's initramfs on Armvisor and on
# qemu-system-aarch64 (-M virt,gic-version=3 -cpu cortex-a72, TCG), side by side on this machine.
# For each back end and vCPU count, several runs of: boot time from process start to the ARMVISOR-INITRAMFS-READY
# marker, the time of the CPU-bound "bench" script inside the guest (between its marker lines), and the peak RSS of
# the process (/usr/bin/time -v) for a 512 MiB guest. Prints medians and the Armvisor/QEMU ratio as a Markdown table.
#
#   scripts/bench-linux.sh [--runs N] [--cpus "1 4"] [--backends "qemu armvisor"] [--timeout SECONDS] [--no-build]
#                          [--arch arm64|armhf] [--marker TEXT] [--script NAME]
#
# --arch armhf (issue 15): Debian's armhf kernel (linux-image-armmp, a zImage) on an AArch32 Cortex-A15, against
# qemu-system-arm -M virt,gic-version=3 -cpu cortex-a15. --marker times the boot to another console line instead of
# the initramfs marker, e.g. --marker "Run /init as init process" (the kernel's own boot, without userland).
#
# --script times another kit script than "bench" between its markers, e.g. --script commands (issue 15's armhf job).
# Besides the wall times, the table gives the CPU time of the whole process (user + system, /usr/bin/time), the
# figure that the load of a shared machine disturbs least.
#
# A back end that does not reach the marker within the timeout is reported as "did not boot".
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5
cpus_list="1 4"
backends="qemu armvisor"
timeout_s=600
build=1
arch=arm64
marker=ARMVISOR-INITRAMFS-READY
script=bench
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --cpus) cpus_list=$2; shift 2 ;;
    --backends) backends=$2; shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --arch) arch=$2; shift 2 ;;
    --marker) marker=$2; shift 2 ;;
    --script) script=$2; shift 2 ;;
    *) echo "bench-linux.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

[ -x /usr/bin/time ] || { echo "bench-linux.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
if [ "$build" = 1 ]; then
  dotnet build src/Armvisor.Cli -c Release -v quiet -nologo >&2
fi
armvisor=(dotnet src/Armvisor.Cli/bin/Release/net10.0/armvisor.dll)

# The kit (fetched once, cached) and an initramfs whose /init runs the bench script and powers off.
prepared=$("${armvisor[@]}" demo --arch "$arch" --prepare-only --run "$script" --poweroff 2>/dev/null)
KERNEL=$(sed -n 's/^KERNEL=//p' <<<"$prepared")
INITRD=$(sed -n 's/^INITRD=//p' <<<"$prepared")
APPEND=$(sed -n 's/^APPEND=//p' <<<"$prepared")
[ -n "$KERNEL" ] && [ -n "$INITRD" ] || { echo "bench-linux.sh: 'armvisor demo --prepare-only' failed" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

case "$arch" in
  armhf) qemu_system=qemu-system-arm; qemu_cpu=cortex-a15 ;;
  *) qemu_system=qemu-system-aarch64; qemu_cpu=cortex-a72 ;;
esac

command_for() { # backend cpus
  case "$1" in
    qemu) echo "$qemu_system" -M virt,gic-version=3 -cpu "$qemu_cpu" -smp "$2" -m 512M -nic none -display none -monitor none \
            -serial stdio -no-reboot -kernel "$KERNEL" -initrd "$INITRD" -append "'$APPEND'" ;;
    armvisor) echo "${armvisor[@]}" run --cpus "$2" --memory 512M --no-reboot --timeout "$timeout_s" \
            --kernel "$KERNEL" --initrd "$INITRD" --append "'$APPEND'" ;;
  esac
}

# One run: prints "boot_seconds script_seconds rss_kib cpu_seconds" (or "- - rss cpu" when the marker never came).
one_run() { # backend cpus index
  local log=$work/$1-$2-$3.log rss=$work/$1-$2-$3.rss
  local t0=$EPOCHREALTIME
  eval "timeout $((timeout_s + 30)) /usr/bin/time -v -o '$rss' $(command_for "$1" "$2")" </dev/null 2>/dev/null \
    | while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done >"$log" || true
  local cpu
  cpu=$(awk -F': ' '/User time|System time/ { t += $2 } END { if (NR) printf "%.2f", t; else print "-" }' "$rss" 2>/dev/null)
  awk -v t0="$t0" -v marker="$marker" -v script="$script" -v cpu="${cpu:--}" \
      -v rss="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$rss" 2>/dev/null)" '
    index($0, marker) && !ready { ready = $1 - t0 }
    index($0, "ARMVISOR-SCRIPT-BEGIN " script) { begin = $1 }
    index($0, "ARMVISOR-SCRIPT-END " script " status=0") { end = $1 }
    END { printf "%s %s %s %s\n", ready ? sprintf("%.2f", ready) : "-", (begin && end) ? sprintf("%.2f", end - begin) : "-", rss ? rss : "-", cpu }' "$log"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A boot bench rss cpu
# The back ends take turns run by run (interleaved), so a change of the machine's load falls on both.
declare -A results failed
for cpus in $cpus_list; do
  for i in $(seq 1 "$runs"); do
    for backend in $backends; do
      # A back end that cannot boot once will not boot on the next runs either.
      [ -n "${failed[$backend,$cpus]:-}" ] && continue
      r=$(one_run "$backend" "$cpus" "$i")
      echo "  $backend cpus=$cpus run $i: boot/$script/rss-KiB/cpu = $r (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
      results[$backend,$cpus]+="$r"$'\n'
      [ "${r%% *}" = "-" ] && failed[$backend,$cpus]=1
    done
  done
  for backend in $backends; do
    column() { printf '%s' "${results[$backend,$cpus]:-}" | awk -v c="$1" 'NF && $c != "-" { print $c }' | median; }
    boot[$backend,$cpus]=$(column 1)
    bench[$backend,$cpus]=$(column 2)
    rss[$backend,$cpus]=$(column 3)
    cpu[$backend,$cpus]=$(column 4)
  done
done

ratio() { awk -v a="$1" -v q="$2" 'BEGIN { if (a == "-" || q == "-" || q == 0) print "-"; else printf "%.2fx\n", a / q }'; }
show() { [ "$1" = "-" ] && echo "did not boot" || echo "$1"; }

echo "| vCPUs | metric ($arch, median of $runs) | QEMU $("$qemu_system" --version | head -n 1 | awk '{ print $4 }') | Armvisor | Armvisor / QEMU |"
echo "|---|---|---|---|---|"
for cpus in $cpus_list; do
  echo "| $cpus | boot to marker (s) | $(show "${boot[qemu,$cpus]:--}") | $(show "${boot[armvisor,$cpus]:--}") | $(ratio "${boot[armvisor,$cpus]:--}" "${boot[qemu,$cpus]:--}") |"
  echo "| $cpus | $script script in guest (s) | ${bench[qemu,$cpus]:--} | ${bench[armvisor,$cpus]:--} | $(ratio "${bench[armvisor,$cpus]:--}" "${bench[qemu,$cpus]:--}") |"
  echo "| $cpus | CPU time of the run, user + system (s) | ${cpu[qemu,$cpus]:--} | ${cpu[armvisor,$cpus]:--} | $(ratio "${cpu[armvisor,$cpus]:--}" "${cpu[qemu,$cpus]:--}") |"
  echo "| $cpus | peak RSS, 512 MiB guest (MiB) | $(awk -v k="${rss[qemu,$cpus]:--}" 'BEGIN { print (k == "-") ? "-" : int(k / 1024) }') | $(awk -v k="${rss[armvisor,$cpus]:--}" 'BEGIN { print (k == "-") ? "-" : int(k / 1024) }') | |"
done
