#!/usr/bin/env bash
# Issue 19's long test: stock cloud-init in a Debian arm64 guest fetches its NoCloud seed from the fleet metadata
# service over --netdev user (and over QEMU's -netdev user as the reference) and applies it. Builds the guest root
# (scripts/build-cloudinit-root.sh, cached), then runs CloudInitNetworkLinuxTests, which CI skips (minutes of
# emulated Python per boot). Usage: scripts/cloudinit-guest.sh
set -euo pipefail
cd "$(dirname "$0")/.."
filter="FullyQualifiedName~CloudInitNetworkLinuxTests"
scripts/build-cloudinit-root.sh >/dev/null
dotnet build tests/Armvisor.Integration.Tests -c Release -v q -nologo >/dev/null
ARMVISOR_LONG_TESTS=1 dotnet test tests/Armvisor.Integration.Tests -c Release --no-build --filter "$filter" --logger "console;verbosity=normal"
