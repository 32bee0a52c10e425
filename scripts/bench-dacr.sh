#!/usr/bin/env bash
# DACR virtualization benchmark (issue 16, BENCHMARKS.md "DACR virtualization"): guests/build/dacr-bench.elf runs a
# CONFIG_CPU_SW_DOMAIN_PAN-like uaccess loop (200000 iterations, each a DACR write opening the user domain, a load,
# a DACR write closing it: 400000 DACR writes) on qemu-system-arm -M virt -cpu cortex-a15 and on Armvisor with every
# --dacr-virtualization mode, side by side. Prints wall time, DACR writes per second and the shadow pager's counters.
# --armhf: the real client instead: Debian's armmp kernel with the kit's initramfs running the 'uaccess' script (small
# dd reads/writes, a tar) and powering off (panic=1 -no-reboot: a dying init ends the run too), 1 vCPU, 512 MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --armhf ]; then
    dotnet build src/Armvisor.Cli -c Release -v q -nologo >/dev/null
    armvisor=(dotnet src/Armvisor.Cli/bin/Release/net10.0/armvisor.dll)
    prepared=$("${armvisor[@]}" demo --arch armhf --prepare-only --run uaccess --poweroff 2>/dev/null)
    KERNEL=$(sed -n 's/^KERNEL=//p' <<<"$prepared")
    INITRD=$(sed -n 's/^INITRD=//p' <<<"$prepared")
    APPEND="$(sed -n 's/^APPEND=//p' <<<"$prepared") panic=1"
    # DACR_BENCH_LOGS=dir keeps each run's console and exit summary there (default: a temporary directory).
    if [ -n "${DACR_BENCH_LOGS:-}" ]; then summary=$DACR_BENCH_LOGS; mkdir -p "$summary"
    else summary=$(mktemp -d); trap 'rm -rf "$summary"' EXIT; fi
    modes=${DACR_BENCH_MODES:-off shadow swizzle domain-track flush}
    printf '%-14s %9s %8s %11s %13s %13s %12s %11s %11s %11s %11s %11s\n' mode seconds cpu-s dacr-writes dacr-writes/s shadow-faults table-writes l1-rewritten l2-dropped l2-repop l2-swizzled reflected
    start=$(date +%s.%N)
    timeout 1800 qemu-system-arm -M virt,gic-version=3 -cpu cortex-a15 -m 512M -nographic -nic none -no-reboot \
        -kernel "$KERNEL" -initrd "$INITRD" -append "$APPEND" >"$summary/qemu.log" 2>&1 </dev/null || true
    printf '%-14s %9.2f\n' qemu "$(echo "$(date +%s.%N) - $start" | bc)"
    for mode in $modes; do
        file="$summary/$mode.json"
        start=$(date +%s.%N)
        # CPU seconds (user + system) beside the wall time: on a shared, loaded host they vary less.
        /usr/bin/time -f '%U %S' -o "$summary/$mode.cpu" timeout 1800 "${armvisor[@]}" run --cpus 1 --memory 512M --no-reboot --timeout 1700 --kernel "$KERNEL" --initrd "$INITRD" \
            --append "$APPEND" --serial stdio --dacr-virtualization "$mode" --exit-summary json --exit-summary-file "$file" \
            >"$summary/$mode.log" 2>&1 </dev/null || true
        t=$(echo "$(date +%s.%N) - $start" | bc)
        counters=$(python3 -c "import json; d=json.load(open('$file'))['vcpus'][0].get('shadowPaging') or {}; print(*(d.get(k,'-') for k in ('dacrWrites','shadowFaults','tableWrites','l1EntriesRewritten','l2Dropped','l2Repopulated','l2Swizzled','reflectedFaults')))")
        # shellcheck disable=SC2086
        set -- $counters
        rate=-; [ "$1" != - ] && rate=$(echo "$1 / $t" | bc)
        cpu=$(awk 'END { printf "%.1f", $1 + $2 }' "$summary/$mode.cpu")
        printf '%-14s %9.2f %8s %11s %13s %13s %12s %11s %11s %11s %11s %11s\n' "$mode" "$t" "$cpu" "$1" "$rate" "$2" "$3" "$4" "$5" "$6" "$7" "$8"
        grep -aE "uaccess-|Oops|BUG:|WARNING:" "$summary/$mode.log" | sed "s/^/    $mode: /" || true
    done
    exit 0
fi
make -s -C guests build/dacr-bench.elf
dotnet build src/Armvisor.Cli -c Release -v q -nologo >/dev/null
armvisor=src/Armvisor.Cli/bin/Release/net10.0/armvisor.dll
elf=guests/build/dacr-bench.elf
writes=400002
summary=$(mktemp -d)
trap 'rm -rf "$summary"' EXIT

seconds() { # seconds of wall time of "$@"
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

printf '%-14s %9s %14s %12s %12s %12s %12s\n' mode seconds dacr-writes/s shadow-faults l2-dropped l2-repop l2-swizzled
qemu=$(seconds timeout 600 qemu-system-arm -M virt -cpu cortex-a15 -m 512M -nographic -nic none -kernel "$elf")
printf '%-14s %9.2f %14.0f\n' qemu "$qemu" "$(echo "$writes / $qemu" | bc -l)"
for mode in off shadow swizzle domain-track flush; do
    file="$summary/$mode.json"
    t=$(seconds timeout 600 dotnet "$armvisor" run --kernel "$elf" --memory 512M --serial stdio --timeout 580 \
        --dacr-virtualization "$mode" --exit-summary json --exit-summary-file "$file")
    counters=$(python3 -c "import json,sys; d=json.load(open('$file'))['vcpus'][0].get('shadowPaging') or {}; print(d.get('shadowFaults','-'), d.get('l2Dropped','-'), d.get('l2Repopulated','-'), d.get('l2Swizzled','-'))")
    # shellcheck disable=SC2086
    printf '%-14s %9.2f %14.0f %12s %12s %12s %12s\n' "$mode" "$t" "$(echo "$writes / $t" | bc -l)" $counters
done
