#!/usr/bin/env bash
# Engine tiers side by side with QEMU in CPU time (user + sys of the whole process, which the load of a shared host
# disturbs far less than wall time): for each suite program, runs Armvisor with --engine-tier compiled, Armvisor with
# --engine-tier native and qemu-system-aarch64, interleaved run by run, and prints the median CPU seconds, the ratios
# to QEMU, the worst ratio and the geometric mean (BENCHMARKS.md §1b). Not a test. Uses the ReadyToRun build of
# scripts/publish.sh when it exists (--jit: the plain Release build). Outputs must match QEMU's apart from host-time lines.
#   scripts/bench-native.sh [--runs 3] [--programs suite-coremark,bench] [--jit] [--publish DIR]
# --publish DIR (or ARMVISOR_PUBLISH_DIR): the scripts/publish.sh output to use instead of ~/.cache/armvisor/publish.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
programs="bench suite-coremark suite-dhrystone suite-fp suite-div suite-mixed"
jit=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --programs) programs="${2//,/ }"; shift 2 ;;
        --jit) jit=1; shift ;;
        --publish) ARMVISOR_PUBLISH_DIR="$2"; shift 2 ;;
        *) echo "bench-native: unknown option $1" >&2; exit 2 ;;
    esac
done
make -s -C guests
dll="${ARMVISOR_PUBLISH_DIR:-$HOME/.cache/armvisor/publish}/armvisor.dll"
if [[ $jit == 1 || ! -f $dll ]]; then
    dotnet build src/Armvisor.Cli -c Release -v quiet -nologo >/dev/null
    dll=src/Armvisor.Cli/bin/Release/net10.0/armvisor.dll
fi
echo "armvisor: $dll; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); $(qemu-system-aarch64 --version | head -1)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
filter() { grep -v -i -E 'ticks|secs|second|time|Iterations/Sec|Dhrystones per|microseconds|DMIPS|Errors detected|Correct operation' "$1" || true; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '%-16s %10s %10s %10s %9s %9s %s\n' program compiled native qemu comp/qemu nat/qemu output
worst=0; worst_name=""; logsum=0; count=0
for p in $programs; do
    elf=guests/build/$p.elf
    for ((i = 0; i < runs; i++)); do
        for t in compiled native; do
            /usr/bin/time -o "$tmp/t" -f '%U %S' dotnet "$dll" run --engine-tier "$t" --kernel "$elf" >"$tmp/$t.out" 2>/dev/null || true
            awk '{print $1 + $2}' "$tmp/t" >>"$tmp/$p.$t"
        done
        /usr/bin/time -o "$tmp/t" -f '%U %S' qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a72 -nographic -nic none -m 256M \
            -kernel "$elf" >"$tmp/qemu.out" 2>/dev/null </dev/null || true
        awk '{print $1 + $2}' "$tmp/t" >>"$tmp/$p.qemu"
    done
    c=$(median <"$tmp/$p.compiled"); n=$(median <"$tmp/$p.native"); q=$(median <"$tmp/$p.qemu")
    same=same
    diff <(filter "$tmp/native.out" | tr -d '\r') <(filter "$tmp/qemu.out" | tr -d '\r') >/dev/null || same=DIFFERENT
    rc=$(awk -v a="$c" -v b="$q" 'BEGIN {printf "%.2f", a / b}')
    rn=$(awk -v a="$n" -v b="$q" 'BEGIN {printf "%.2f", a / b}')
    printf '%-16s %10.2f %10.2f %10.2f %8sx %8sx %s\n' "$p" "$c" "$n" "$q" "$rc" "$rn" "$same"
    if awk -v a="$rn" -v b="$worst" 'BEGIN {exit !(a > b)}'; then worst=$rn; worst_name=$p; fi
    logsum=$(awk -v s="$logsum" -v r="$rn" 'BEGIN {print s + log(r)}'); count=$((count + 1))
done
echo "native tier: worst ${worst}x QEMU's CPU time ($worst_name), geometric mean $(awk -v s="$logsum" -v n="$count" 'BEGIN {printf "%.2f", exp(s / n)}')x"
