#!/usr/bin/env bash
# Fleet benchmarks (not tests): hosts provisioned per minute for 100 hosts (instances are processes) and 1,000 hosts
# (in-process instances), and metadata requests/s with p99 latency. Everything listens and sends on loopback only.
# Usage: scripts/fleet-bench.sh [ARMVISOR_COMMAND...]   (default: the fleet test assembly, which runs FleetCommands)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then
  armvisor=("$@")
else
  dotnet build tests/Armvisor.Fleet.Tests -c Release -v q >/dev/null
  bin=tests/Armvisor.Fleet.Tests/bin/Release/net10.0
  armvisor=(dotnet "$bin/Armvisor.Fleet.Tests.dll")
fi
work=$(mktemp -d /tmp/armvisor-fleet-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

# A small payload keeps the every-boot image hash proportionate on a 2-core machine: the agent and its libraries.
payload="$work/payload"
mkdir -p "$payload"
src=${bin:-$(dirname "$(command -v "${armvisor[0]}")")}
for f in "$src"/*.dll "$src"/*.json; do
  case "$(basename "$f")" in Microsoft.TestPlatform*|Microsoft.VisualStudio*|xunit*|testhost*|Newtonsoft*|SQLitePCLRaw*) ;; *) cp "$f" "$payload/";; esac
done
vm=(/bin/sh -c 'echo "vm {name} kernel {kernel}" > {run}/vm-{name}.out')

run_fleet() { # hosts provider subnet
  local data="$work/fleet-$1-$2"
  image=$("${armvisor[@]}" image build --data "$data" --payload "$payload" --version bench -o json --vm-command "${vm[@]}" \
    | sed -n 's/^  "directory": "\(.*\)",$/\1/p')
  "${armvisor[@]}" fleet up --hosts "$1" --provider "$2" --subnet "$3" --data "$data" --image "$image" --no-ui \
    --vm-command "${vm[@]}" | tail -1
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== 100 hosts, local provider (each instance a process tree, 2 agent processes per host)"
run_fleet 100 local 110
echo "== 1000 hosts, in-process instances"
run_fleet 1000 in-process 111
echo "== metadata service: 100 instances, 32 concurrent clients, 10 s, IMDSv2 token GETs"
"${armvisor[@]}" fleet bench-metadata --instances 100 --concurrency 32 --seconds 10
