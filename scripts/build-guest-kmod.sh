#!/usr/bin/env bash
# Builds the guest kernel helper guests/armvisor-guest/kmod (armvisor_wdt.ko) for Debian's own arm64 kernel, on any
# Debian host, from Debian packages only (docs/guest-kit.md, "Building armvisor_wdt"):
#   * linux-headers-RELEASE (arm64) and linux-headers-ABI-common (all), the same version as the kernel, fetched with
#     apt-get download into the cache (${XDG_CACHE_HOME:-~/.cache}/armvisor/kmod) and unpacked there once;
#   * the HOST's kbuild tools (linux-kbuild-X.Y for the host architecture: fixdep, modpost, ... run on the host):
#     the headers' scripts/ and tools/ symlinks point at the arm64 kbuild package, so they are repointed to
#     /usr/lib/linux-kbuild-X.Y, and the arm64 Makefile's include of /usr/src/...-common is repointed into the cache;
#   * make -C HEADERS M=BUILD ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- modules (the headers use gcc-12, as the
#     kernel was built with it), then the module's vermagic is checked against the kernel's.
#
# usage: scripts/build-guest-kmod.sh [--kit DIR | --release RELEASE --version VERSION] [--out DIR]
#   --kit DIR       a Linux-kit directory (kit.json): build for its kernel and compare vermagic with its modules
#   --release R     uname -r of the kernel, e.g. 6.1.0-56-arm64     } default: apt's candidate of linux-image-arm64,
#   --version V     the kernel package's version, e.g. 6.1.192-2    } the kernel the Linux kit picks
#   --out DIR       where armvisor_wdt.ko goes (default guests/build/kmod/RELEASE)
# Prints the module's path on the last line of stdout.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
kit="" release="" version="" out=""
die() { echo "build-guest-kmod: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --kit) kit=${2:?--kit needs a directory}; shift 2 ;;
    --release) release=${2:?--release needs a value}; shift 2 ;;
    --version) version=${2:?--version needs a value}; shift 2 ;;
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) die "unknown argument $1 (--help)" ;;
  esac
done

if [ -n "$kit" ]; then
  [ -f "$kit/kit.json" ] || die "$kit has no kit.json"
  release=$(sed -n 's/^ *"KernelRelease": *"\([^"]*\)".*/\1/p' "$kit/kit.json")
  version=$(sed -n 's/^ *"KernelVersion": *"\([^"]*\)".*/\1/p' "$kit/kit.json")
  [ -n "$release" ] && [ -n "$version" ] || die "$kit/kit.json names no KernelRelease/KernelVersion"
elif [ -z "$release" ] || [ -z "$version" ]; then
  [ -z "$release$version" ] || die "--release and --version go together"
  # The same choice as the Linux kit (AptPackageSource.ResolveKernel): the linux-image package linux-image-arm64 depends on.
  image=$(apt-cache show --no-all-versions linux-image-arm64:arm64 2>/dev/null | sed -n 's/^Depends: //p' | tr ',' '\n' \
    | grep -o 'linux-image-[^ ]*' | head -n 1) || true
  [ -n "$image" ] || die "apt has no arm64 linux-image-arm64 (run scripts/install-deps.sh: dpkg --add-architecture arm64, apt-get update)"
  release=${image#linux-image-}
  version=$(apt-cache show --no-all-versions "$image:arm64" | sed -n 's/^Version: //p' | head -n 1)
fi
case "$release" in *-arm64) ;; *) die "release $release is not an arm64 flavour" ;; esac
abi=${release%-arm64}                       # 6.1.0-56
out=${out:-$repo/guests/build/kmod/$release}

cache_root=${XDG_CACHE_HOME:-}
case "$cache_root" in /*) ;; *) cache_root=$HOME/.cache ;; esac
cache=$cache_root/armvisor
tree=$cache/kmod/headers/$release+${version//:/_}
headers=$tree/usr/src/linux-headers-$release
mkdir -p "$cache/kmod" "$cache/debs"

# One build at a time per cache (parallel test runs share it).
exec 9>"$cache/kmod/.lock"
flock -w 600 9 || die "timed out waiting for $cache/kmod/.lock"

for tool in aarch64-linux-gnu-gcc-12 make dpkg-deb apt-get; do
  command -v "$tool" >/dev/null || die "$tool is not installed (scripts/install-deps.sh)"
done

if [ ! -e "$tree/.complete" ]; then
  echo "build-guest-kmod: fetching linux-headers-$release and linux-headers-$abi-common $version" >&2
  partial=$tree.partial-$$
  rm -rf "$partial"
  mkdir -p "$partial"
  debs=("$cache/debs/linux-headers-${release}_${version#*:}_arm64.deb" "$cache/debs/linux-headers-$abi-common_${version#*:}_all.deb")
  (cd "$cache/debs" && apt-get download -q "linux-headers-$release:arm64=$version" "linux-headers-$abi-common=$version") >&2 \
    || die "apt-get download linux-headers-$release $version failed (is that version still in the archive? run apt-get update)"
  for deb in "${debs[@]}"; do
    [ -f "$deb" ] || die "apt-get download left no $deb"
    dpkg-deb -x "$deb" "$partial"
  done
  # The arm64 headers' scripts/ and tools/ are symlinks to ../../lib/linux-kbuild-X.Y, the arm64 kbuild package:
  # repoint them (and the common tree's) to the host's own kbuild, which runs here.
  target=$(readlink "$partial/usr/src/linux-headers-$release/scripts") || die "linux-headers-$release has no scripts symlink"
  kbuild=$(basename "$(dirname "$target")")  # linux-kbuild-6.1
  for dir in "$partial/usr/src/linux-headers-$release" "$partial/usr/src/linux-headers-$abi-common"; do
    for link in scripts tools; do
      ln -sfn "/usr/lib/$kbuild/$link" "$dir/$link"
    done
  done
  # The flavour Makefile includes the common tree by its installed path.
  makefile=$partial/usr/src/linux-headers-$release/Makefile
  grep -q "^include /usr/src/linux-headers-$abi-common/Makefile" "$makefile" || die "unexpected $makefile: $(head -n 1 "$makefile")"
  sed -i "s|^include /usr/src/|include $tree/usr/src/|" "$makefile"
  echo "$kbuild" > "$partial/.kbuild"
  rm -rf "$tree"
  mv "$partial" "$tree"
  touch "$tree/.complete"
  rm -f "${debs[@]}"
fi

kbuild=$(cat "$tree/.kbuild")
[ -d "/usr/lib/$kbuild/scripts" ] || die "the host's $kbuild is not installed (apt-get install $kbuild; scripts/install-deps.sh)"
host_kbuild=$(dpkg-query -W -f='${Version}' "$kbuild" 2>/dev/null) || host_kbuild=""
# linux-headers-RELEASE depends on linux-kbuild-X.Y (>= VERSION): the same rule for the host's kbuild.
if [ -n "$host_kbuild" ] && ! dpkg --compare-versions "$host_kbuild" ge "$version"; then
  die "host $kbuild $host_kbuild is older than the headers $version (apt-get install --only-upgrade $kbuild)"
fi

# Kbuild writes its objects next to the sources (M=), so the sources are copied into the cache and built there.
build=$cache/kmod/build/$release+${version//:/_}
rm -rf "$build"
mkdir -p "$build"
cp "$repo/guests/armvisor-guest/kmod/Kbuild" "$repo"/guests/armvisor-guest/kmod/*.c "$build/"
make -s -C "$headers" M="$build" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
  ARMVISOR_GUESTKIT_INCLUDE="$repo/guestkit/include" KCFLAGS=-Werror modules >&2

# .modinfo holds NUL-separated key=value strings; vermagic must be the kernel's (module loading rejects any other).
vermagic_of() { tr '\0' '\n' < "$1" | sed -n 's/^vermagic=//p' | head -n 1; }
vermagic=$(vermagic_of "$build/armvisor_wdt.ko")
case "$vermagic" in "$release "*aarch64*) ;; *) die "armvisor_wdt.ko has vermagic '$vermagic', not for $release" ;; esac
if [ -n "$kit" ]; then
  reference=$(find "$kit/modules" -name '*.ko' | head -n 1)
  [ -z "$reference" ] || [ "$(vermagic_of "$reference")" = "$vermagic" ] \
    || die "vermagic '$vermagic' differs from the kit's $(basename "$reference"): '$(vermagic_of "$reference")'"
fi
mkdir -p "$out"
cp "$build/armvisor_wdt.ko" "$out/armvisor_wdt.ko"
echo "build-guest-kmod: armvisor_wdt.ko for $release ($version, host $kbuild $host_kbuild): vermagic=$vermagic" >&2
echo "$out/armvisor_wdt.ko"
