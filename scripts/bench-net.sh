#!/usr/bin/env bash
# Guest-to-host TCP throughput and host-to-guest HTTP request latency through user-mode networking, Armvisor
# (--netdev user: passt) and QEMU (-netdev user: libslirp) side by side, same kernel and initramfs (the kit's "net"
# script). Throughput: the guest pipes MIB MiB of zeros into busybox nc towards a sink on the host's loopback
# (reached as 10.0.2.2: hostloopback=on for Armvisor, QEMU's default), which greets it with one byte; the host times
# first byte to EOF. Latency:
# the host makes REQUESTS sequential HTTP/1.0 GETs of a 21-byte page from the guest's busybox httpd through a hostfwd
# (each a new TCP connection; httpd forks per request), median and 90th percentile.
# Usage: scripts/bench-net.sh [MIB (default 64)] [REQUESTS (default 100)]
set -euo pipefail
cd "$(dirname "$0")/.."
mib=${1:-64}
requests=${2:-100}
dotnet build src/Armvisor.Cli -c Release -v q -nologo >/dev/null
armvisor=(dotnet src/Armvisor.Cli/bin/Release/net10.0/armvisor.dll)
eval "$("${armvisor[@]}" demo --prepare-only | grep -E '^(KERNEL|INITRD)=')"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/host.py" <<'PY'
import socket, subprocess, sys, threading, time, statistics, urllib.request
backend, mib, requests = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
command = sys.argv[4:]
sink = socket.socket(); sink.bind(("127.0.0.1", 0)); sink.listen(1)
probe = socket.socket(); probe.bind(("127.0.0.1", 0)); forward = probe.getsockname()[1]; probe.close()
result = {}
def receive():
    connection, _ = sink.accept()
    # One byte to the guest first: Debian 12's passt resets a guest connection 24 s after it opened when the host has
    # sent nothing on it (docs/networking.md); the guest's ACK of this byte is the progress it waits for.
    connection.sendall(b"\n")
    total, first = 0, None
    while True:
        data = connection.recv(1 << 20)
        if not data: break
        if first is None: first = time.perf_counter()
        total += len(data)
    result["bytes"], result["seconds"] = total, time.perf_counter() - first
threading.Thread(target=receive, daemon=True).start()
sinkport = sink.getsockname()[1]
command = [a.replace("@SINK@", str(sinkport)).replace("@FWD@", str(forward)) for a in command]
vm = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True)
latencies = []
for line in vm.stdout:
    if "httpd=listening" in line:
        url = f"http://127.0.0.1:{forward}/"
        urllib.request.urlopen(url, timeout=30).read()   # warm-up
        for _ in range(requests):
            start = time.perf_counter()
            urllib.request.urlopen(url, timeout=30).read()
            latencies.append(time.perf_counter() - start)
        urllib.request.urlopen(url + "cgi-bin/done", timeout=30).read()
vm.wait()
if "bytes" not in result or not latencies:
    sys.exit(f"{backend}: the guest did not finish the benchmark")
latencies.sort()
print(f"{backend}: throughput {result['bytes'] * 8 / result['seconds'] / 1e6:.1f} Mbit/s ({result['bytes'] >> 20} MiB in {result['seconds']:.2f} s);"
      f" latency median {statistics.median(latencies) * 1e3:.2f} ms, p90 {latencies[int(len(latencies) * 0.9)] * 1e3:.2f} ms ({len(latencies)} requests)")
PY

append="console=ttyAMA0 armvisor.run=net armvisor.then=poweroff armvisor.net_send=10.0.2.2:@SINK@:$mib armvisor.net_serve=600"
python3 "$work/host.py" armvisor "$mib" "$requests" "${armvisor[@]}" run --kernel "$KERNEL" --initrd "$INITRD" --append "$append" \
  --netdev "user,hostloopback=on,hostfwd=tcp:127.0.0.1:@FWD@-:80" --no-reboot --timeout 900
python3 "$work/host.py" qemu "$mib" "$requests" qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a72 -m 512M -nic none \
  -display none -monitor none -serial stdio -no-reboot -kernel "$KERNEL" -initrd "$INITRD" -append "$append" \
  -netdev "user,id=net0,hostfwd=tcp:127.0.0.1:@FWD@-:80" -device virtio-net-device,netdev=net0
