#!/usr/bin/env bash
# DACR virtualization benchmark (issue 16, BENCHMARKS.md "DACR virtualization"): guests/build/dacr-bench.elf runs a
# CONFIG_CPU_SW_DOMAIN_PAN-like uaccess loop (200000 iterations, each a DACR write opening the user domain, a load,
# a DACR write closing it: 400000 DACR writes) on qemu-system-arm -M virt -cpu cortex-a15 and on Armvisor with every
# --dacr-virtualization mode, side by side. Prints wall time, DACR writes per second and the shadow pager's counters.
set -euo pipefail
cd "$(dirname "$0")/.."
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
