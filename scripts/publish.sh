#!/usr/bin/env bash
# Publishes the armvisor CLI ReadyToRun-compiled (every assembly precompiled to x86-64, Iced included), framework-
# dependent, into ~/.cache/armvisor/publish (or $1), and prints the path of armvisor.dll. Start-up CPU time of
# `armvisor run --kernel guests/build/hello.elf` drops from about 0.27 s to 0.15 s (BENCHMARKS.md §1b); the benchmark
# scripts use this build when it exists. Run it again after changing the code.
#   scripts/publish.sh [OUTPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-$HOME/.cache/armvisor/publish}"
dotnet publish src/Armvisor.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$out" -v quiet -nologo >&2
echo "$out/armvisor.dll"
