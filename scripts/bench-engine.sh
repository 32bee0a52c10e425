#!/usr/bin/env bash
# Engine benchmark suite (not a test): every program of guests/suite plus guests/bench, as whole processes, on Armvisor
# (Release `armvisor run --kernel`) and on qemu-system-aarch64, interleaved run by run; prints each program's median
# times, the ratio Armvisor/QEMU, guest instruction rates and the worst ratio (BENCHMARKS.md §1).
#   scripts/bench-engine.sh [--runs 3] [--programs coremark,fp] [--scale 0.5] [--no-count]
#   scripts/bench-engine.sh steady [--iterations 200] [--qemu-iterations 4000] [--no-mmu]   # guests/bench, start-up subtracted
# CoreMark and Dhrystone build from public source fetched into ~/.cache/armvisor/bench-src (never committed):
#   git clone https://github.com/eembc/coremark ~/.cache/armvisor/bench-src/coremark
#   git clone https://github.com/sifive/benchmark-dhrystone ~/.cache/armvisor/bench-src/dhrystone
set -euo pipefail
cd "$(dirname "$0")/.."
make -s -C guests
for src in coremark dhrystone; do
    [[ -d ~/.cache/armvisor/bench-src/$src ]] || echo "bench-engine: $src skipped: its source is not in ~/.cache/armvisor/bench-src/$src (see the git clone lines at the top of this script)" >&2
done
dotnet build src/Armvisor.Cli -c Release -v quiet -nologo >/dev/null
dotnet build tools/Armvisor.Bench -c Release -v quiet -nologo >/dev/null
if [[ "${1:-}" == steady ]]; then
    shift
    exec dotnet tools/Armvisor.Bench/bin/Release/net10.0/Armvisor.Bench.dll bench "$@"
fi
exec dotnet tools/Armvisor.Bench/bin/Release/net10.0/Armvisor.Bench.dll suite "$@"
