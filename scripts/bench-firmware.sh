#!/usr/bin/env bash
# Firmware-to-kernel benchmark (issue 18; not a test): Debian's firmware on Armvisor and on qemu-system-aarch64
# (-M virt,gic-version=3 -cpu cortex-a72, TCG), interleaved run by run on this machine, 512 MiB, 1 vCPU.
#   uboot      U-Boot (u-boot-qemu) with -kernel/-initrd through fw_cfg: qfw load + booti
#   edk2       EDK2 QEMU_EFI.fd with -kernel/-initrd through fw_cfg (the kernel's EFI stub; ACPI from fw_cfg)
#   edk2-grub  EDK2 QEMU_EFI.fd booting GRUB from a virtio-blk EFI system partition (scripts/make-grub-disk.sh),
#              GRUB loading the kernel and initramfs from it
# Times from process start to the firmware's first line, to the kernel's first line ("Booting Linux on physical CPU",
# printed by earlycon) and to the kit's ARMVISOR-INITRAMFS-READY marker; medians and Armvisor/QEMU ratios as Markdown.
#
#   scripts/bench-firmware.sh [--runs N] [--scenarios "uboot edk2 edk2-grub"] [--timeout SECONDS] [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
scenarios="uboot edk2 edk2-grub"
timeout_s=400
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --scenarios) scenarios=$2; shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "bench-firmware.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

uboot=/usr/lib/u-boot/qemu_arm64/u-boot.bin
edk2=/usr/share/qemu-efi-aarch64/QEMU_EFI.fd
for f in "$uboot" "$edk2"; do [ -r "$f" ] || { echo "bench-firmware.sh: $f missing (scripts/install-deps.sh)" >&2; exit 2; }; done
if [ "$build" = 1 ]; then
  dotnet build src/Armvisor.Cli -c Release -v quiet -nologo >&2
fi
armvisor=(dotnet src/Armvisor.Cli/bin/Release/net10.0/armvisor.dll)

prepared=$("${armvisor[@]}" demo --prepare-only 2>/dev/null)
KERNEL=$(sed -n 's/^KERNEL=//p' <<<"$prepared")
INITRD=$(sed -n 's/^INITRD=//p' <<<"$prepared")
[ -n "$KERNEL" ] && [ -n "$INITRD" ] || { echo "bench-firmware.sh: 'armvisor demo --prepare-only' failed" >&2; exit 1; }
# earlycon without options takes the DT's stdout-path or ACPI's SPCR, so the kernel's first line is printed at once.
APPEND="console=ttyAMA0 earlycon armvisor.then=poweroff"

work=$(mktemp -d "${TMPDIR:-/tmp}/armvisor-bench-firmware.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [[ " $scenarios " == *" edk2-grub "* ]]; then
  scripts/make-grub-disk.sh "$work/esp.img" "$KERNEL" "$INITRD" "$APPEND"
fi

# The emulator's command line for a scenario; the GRUB disk is a fresh copy per run (both may write to it).
command_for() { # backend scenario disk
  local q=(qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a72 -m 512M -nic none -display none -monitor none -serial stdio -no-reboot)
  local a=("${armvisor[@]}" run --memory 512M --no-reboot --timeout "$timeout_s")
  local kernel_q=(-kernel "$KERNEL" -initrd "$INITRD" -append "'$APPEND'") kernel_a=(--kernel "$KERNEL" --initrd "$INITRD" --append "'$APPEND'")
  case "$1,$2" in
    qemu,uboot) echo "${q[@]}" -bios "$uboot" "${kernel_q[@]}" ;;
    armvisor,uboot) echo "${a[@]}" --bios "$uboot" "${kernel_a[@]}" ;;
    qemu,edk2) echo "${q[@]}" -bios "$edk2" "${kernel_q[@]}" ;;
    armvisor,edk2) echo "${a[@]}" --bios "$edk2" "${kernel_a[@]}" ;;
    qemu,edk2-grub) echo "${q[@]}" -bios "$edk2" -drive "if=none,id=d,format=raw,file=$3" -device virtio-blk-device,drive=d ;;
    armvisor,edk2-grub) echo "${a[@]}" --bios "$edk2" --drive "file=$3" ;;
  esac
}

# One run: prints "firmware_s kernel_s marker_s" ("-" for a milestone that never came).
one_run() { # backend scenario index
  local log=$work/$1-$2-$3.log disk=$work/$1-$2-$3.img
  [ "$2" = edk2-grub ] && cp "$work/esp.img" "$disk"
  local t0=$EPOCHREALTIME
  eval "timeout $((timeout_s + 30)) $(command_for "$1" "$2" "$disk")" </dev/null 2>/dev/null \
    | while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "${line//$'\r'/}"; done >"$log" || true
  rm -f "$disk"
  awk -v t0="$t0" '
    NF > 1 && !first { first = $1 - t0 }
    /Booting Linux on physical CPU/ && !kernel { kernel = $1 - t0 }
    /ARMVISOR-INITRAMFS-READY/ && !ready { ready = $1 - t0 }
    function f(v) { return v ? sprintf("%.2f", v) : "-" }
    END { printf "%s %s %s\n", f(first), f(kernel), f(ready) }' "$log"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A results
for i in $(seq 1 "$runs"); do
  for scenario in $scenarios; do
    # Interleaved: QEMU and Armvisor alternate, so a change in the machine's load hits both alike.
    for backend in qemu armvisor; do
      r=$(one_run "$backend" "$scenario" "$i")
      echo "  $scenario $backend run $i: first line / kernel / marker (s) = $r" >&2
      results[$backend,$scenario]+="$r"$'\n'
    done
  done
done

ratio() { awk -v a="$1" -v q="$2" 'BEGIN { if (a == "-" || q == "-" || q == 0) print "-"; else printf "%.2fx\n", a / q }'; }
column_median() { printf '%s' "${results[$1,$2]}" | awk -v c="$3" '$c != "-" && NF { print $c }' | median; }

echo "| firmware | milestone (median of $runs, s from process start) | QEMU $(qemu-system-aarch64 --version | head -n 1 | awk '{ print $4 }') | Armvisor | Armvisor / QEMU |"
echo "|---|---|---|---|---|"
for scenario in $scenarios; do
  c=1
  for milestone in "firmware's first line" "kernel's first line" "initramfs marker"; do
    q=$(column_median qemu "$scenario" $c) a=$(column_median armvisor "$scenario" $c)
    echo "| $scenario | $milestone | $q | $a | $(ratio "$a" "$q") |"
    c=$((c + 1))
  done
done
