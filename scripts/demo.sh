#!/usr/bin/env bash
# The main job: build Armvisor and run its demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
make -C guests
dotnet run --project src/Armvisor.Cli -c Release -- run --kernel guests/build/hello.elf "$@"
