#!/usr/bin/env bash
# The fresh-machine check: proves that the README's test command passes on a new Debian 12 machine that has nothing
# but the .NET SDK, so a package this machine happens to have (a Recommends, something installed by hand) cannot hide
# a missing install step.
#
#   1. debootstrap builds a clean Debian 12 (bookworm) root from Debian's packages: minbase plus what a new machine with
#      the .NET SDK has (git, ca-certificates and the SDK's own runtime libraries: libicu, libssl, zlib);
#   2. this host's TLS trust store is copied in (a new machine here has the same one), its .NET SDK is bind-mounted read-only at the same path, and shared/ (the conformance suites) beside
#      the clone, read-only, as CI lays it out;
#   3. the repository is cloned into the root (a commit, HEAD by default: only what is committed is tested);
#   4. the README's test command (scripts/test.sh, which installs its own packages) runs there, as root, CI=true,
#      with the root pivoted to "/" in a mount namespace of its own (a chroot alone forbids user namespaces).
#
# Usage (as root): scripts/check-fresh-machine.sh [--commit REV] [--root DIR] [--keep] [--log FILE] [-- TEST-ARGS...]
# It is not part of .ci/run (it takes 20-40 minutes); docs/testing.md records its last result.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
commit=HEAD
root=""
keep=0
log=""
while [ $# -gt 0 ]; do
  case "$1" in
    --commit) commit=$2; shift 2 ;;
    --root) root=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --log) log=$2; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "check-fresh-machine.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "check-fresh-machine.sh: needs root (debootstrap, chroot, bind mounts)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "check-fresh-machine.sh: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 2; }
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
[ -x "$dotnet_root/dotnet" ] || { echo "check-fresh-machine.sh: no .NET SDK on PATH" >&2; exit 2; }
shared=$(cd "$repo/.." && pwd)/shared
rev=$(git rev-parse --verify "$commit^{commit}")
root=${root:-/var/tmp/armvisor-fresh-root.$$}
log=${log:-/var/tmp/armvisor-fresh-check.$(date -u +%Y%m%dT%H%M%SZ).log}

mounts=()
cleanup() {
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[$i]}" 2>/dev/null || true; done
  if [ "$keep" -eq 0 ] && [ -d "$root" ]; then rm -rf --one-file-system "$root"; fi
}
trap cleanup EXIT
bind() { # source target [ro]
  mkdir -p "$2"
  mount --bind "$1" "$2"; mounts+=("$2")
  if [ "${3:-}" = ro ]; then mount -o remount,bind,ro "$2"; fi
}

echo "fresh root: $root (commit $rev); log: $log"
start=$(date +%s)
if [ ! -x "$root/bin/bash" ]; then
  debootstrap --variant=minbase --include=ca-certificates,git,libicu72,libssl3,zlib1g \
    bookworm "$root" http://deb.debian.org/debian >"$log.debootstrap" 2>&1 \
    || { echo "check-fresh-machine.sh: debootstrap failed (see $log.debootstrap)" >&2; exit 1; }
fi
# A new machine's apt sources: bookworm with its updates and security suites (what the host, a Debian 12 machine, has).
rm -f "$root/etc/apt/sources.list"
cat >"$root/etc/apt/sources.list.d/debian.sources" <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
# The root is a mount point of its own, as / is on a machine: unshare(1) --mount (the cloud-init tests) makes "/"
# private and fails with EINVAL on a chroot whose root is a plain directory.
bind "$root" "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The host's TLS trust store, as every machine of this workplace has it (package registries are reached through it).
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
mount -t proc proc "$root/proc"; mounts+=("$root/proc")
bind /sys "$root/sys"
bind /dev "$root/dev"
bind /dev/pts "$root/dev/pts"
mount -t tmpfs tmpfs "$root/tmp"; mounts+=("$root/tmp")
bind "$dotnet_root" "$root$dotnet_root" ro
ln -sf "$dotnet_root/dotnet" "$root/usr/bin/dotnet"
[ -d "$shared" ] && bind "$shared" "$root/root/shared" ro
bind "$repo" "$root/mnt/source" ro

rm -rf "$root/root/armvisor"
chroot "$root" git -c safe.directory='*' clone -q --no-local /mnt/source /root/armvisor
chroot "$root" git -C /root/armvisor -c advice.detachedHead=false checkout -q "$rev"

echo "running scripts/test.sh in the fresh root..."
set +e
# In a mount namespace of its own the root becomes "/" by pivot_root, not by chroot alone: the kernel refuses
# CLONE_NEWUSER to a chrooted process (user_namespaces(7), EPERM "in a chroot environment"), and passt (--netdev user)
# sandboxes itself in a user namespace, as it does on a real machine.
mkdir -p "$root/.oldroot"
unshare --mount --propagation private --fork -- /bin/sh -c 'cd "$1" && pivot_root . .oldroot && shift && exec /usr/sbin/chroot . "$@"' \
  pivot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  LANG=C.UTF-8 CI=true DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 \
  bash -c 'umount -l /.oldroot && cd /root/armvisor && scripts/test.sh "$@"' test.sh "$@" </dev/null >"$log" 2>&1
status=$?
set -e
elapsed=$(( $(date +%s) - start ))

# dotnet test prints one summary line per test assembly: "Passed!  - Failed: 0, Passed: N, Skipped: S, Total: T, ...".
summary=$(grep -E '^(Passed|Failed)! +- Failed:' "$log" || true)
sum() { sed -n "s/.*$1: *\([0-9]*\).*/\1/p" <<<"$summary" | awk '{ s += $1 } END { print s + 0 }'; }
echo "$summary"
echo "fresh-machine check: exit $status after $((elapsed / 60)) min $((elapsed % 60)) s;" \
  "$(sum Total) tests: $(sum Passed) passed, $(sum Failed) failed, $(sum Skipped) skipped (commit ${rev:0:12}; log $log)"
exit "$status"
