#!/usr/bin/env bash
# Random-instruction differential test of the Armvisor engine against qemu-system-aarch64.
#   scripts/difftest.sh --count 5000000 --seed 0x1234     a long run (millions of instructions)
#   scripts/difftest.sh --seed 0x1234 --first 8123 --count 1   replay one case of a run
# Other options: --batch N (cases per QEMU launch), --classes LoadStore,DataProcessingRegister, --no-mmu,
# --reference-only (QEMU alone), --report N (mismatches printed in detail). See docs/testing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
make -s -C guests
dotnet build tools/Armvisor.Bench -c Release -v quiet -nologo >/dev/null
exec dotnet tools/Armvisor.Bench/bin/Release/net10.0/Armvisor.Bench.dll difftest "$@"
