#!/usr/bin/env bash
# The main job: fetch Debian's arm64 kernel and busybox (cached), build the initramfs, boot it to a shell on Armvisor.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
make -C guests
dotnet run --project src/Armvisor.Cli -c Release -- demo "$@"
