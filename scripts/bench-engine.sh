#!/usr/bin/env bash
# Engine benchmark (not a test): the CPU-bound guest (guests/bench: CRC-32, quicksort, SHA-256) on Armvisor (Release)
# and on qemu-system-aarch64 in the same run; prints guest instructions per second for both and their ratio.
#   scripts/bench-engine.sh [--iterations 200] [--qemu-iterations 4000] [--no-mmu] [--no-qemu]
set -euo pipefail
cd "$(dirname "$0")/.."
make -s -C guests
dotnet build tools/Armvisor.Bench -c Release -v quiet -nologo >/dev/null
exec dotnet tools/Armvisor.Bench/bin/Release/net10.0/Armvisor.Bench.dll bench "$@"
