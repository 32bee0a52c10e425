#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine with the .NET 10 SDK: dependencies, guests, build, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
make -C guests
dotnet restore Armvisor.slnx
dotnet build Armvisor.slnx -c Release --no-restore
dotnet test Armvisor.slnx -c Release --no-build "$@"
