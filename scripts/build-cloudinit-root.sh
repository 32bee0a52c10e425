#!/usr/bin/env bash
# Builds the cloud-init guest root of issue 19: Debian 12's own arm64 python3 and cloud-init (with the Python
# libraries it imports) fetched with `apt-get download`, unpacked with `dpkg -x` (no maintainer scripts run, so what
# they would create is made here by hand: /etc/passwd, /etc/group, the python3 links, byte-compiled modules) into an
# uncompressed newc cpio. Appended to the guest kit's initramfs (Linux unpacks concatenated archives,
# Documentation/driver-api/early-userspace/buffer-format.rst) it adds /usr with python3 and cloud-init and the kit
# script /etc/armvisor/scripts/cloudinit that runs cloud-init's four boot stages.
# Output: ~/.cache/armvisor/cloudinit/<hash of the package list and this script>/root.cpio (reused when present).
# Prints ROOT_CPIO=PATH. Nothing here is committed: the packages come from the Debian mirror apt is configured with.
set -euo pipefail
cache=${ARMVISOR_CACHE:-$HOME/.cache/armvisor}/cloudinit
# Arch-specific packages (arm64) and arch-independent ones. libpython3.11-stdlib's optional C libraries for
# dbm/nis/readline-less use (libdb5.3, libnsl2, libtirpc3) are left out: cloud-init imports none of those modules.
arm64=(libc6 libgcc-s1 libcrypt1 zlib1g libexpat1 libffi8 libssl3 libbz2-1.0 liblzma5 libsqlite3-0 libuuid1
  libtinfo6 libncursesw6 libreadline8 libyaml-0-2 libpython3.11-minimal python3.11-minimal libpython3.11-stdlib
  python3.11 python3-minimal python3 python3-yaml python3-markupsafe python3-netifaces python3-pyrsistent base-files libblkid1)
all=(cloud-init python3-jinja2 python3-requests python3-urllib3 python3-idna python3-certifi python3-charset-normalizer
  python3-chardet python3-pkg-resources python3-jsonschema python3-attr python3-configobj python3-six python3-jsonpatch
  python3-json-pointer python3-serial)
key=$( (printf '%s\n' "${arm64[@]}" "${all[@]}"; cat "$0") | sha256sum | cut -c1-16)
out=$cache/$key
if [ -f "$out/root.cpio" ]; then echo "ROOT_CPIO=$out/root.cpio"; exit 0; fi

mkdir -p "$cache/debs"
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$cache/debs" && apt-get download -q "${arm64[@]/%/:arm64}" util-linux:arm64 "${all[@]}" >&2)
root=$work/root
mkdir -p "$root"
for p in "${arm64[@]/%/_}" "${all[@]/%/_}"; do
  deb=$(ls -t "$cache/debs/${p}"*.deb | head -n 1)
  dpkg -x "$deb" "$root"
done
# NoCloud looks for a cidata file system with blkid (busybox-static has no blkid applet): util-linux's blkid only,
# since its other programs would shadow the busybox applets the kit relies on.
dpkg -x "$(ls -t "$cache/debs/util-linux_"*.deb | head -n 1)" "$work/util-linux"
install -m 755 "$work/util-linux/sbin/blkid" "$root/sbin/blkid"

# What the maintainer scripts and other packages would have made.
ln -sf python3.11 "$root/usr/bin/python3"
mkdir -p "$root/etc" "$root/root" "$root/var/lib/cloud" "$root/var/log" "$root/run" "$root/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$root/etc/passwd"
printf 'root:x:0:\nadm:x:4:\nnogroup:x:65534:\n' > "$root/etc/group"
printf 'root:*:19000:0:99999:7:::\n' > "$root/etc/shadow"
printf '127.0.0.1\tlocalhost\n' > "$root/etc/hosts"
echo localhost > "$root/etc/hostname"
[ -e "$root/etc/os-release" ] || ln -sf ../usr/lib/os-release "$root/etc/os-release"
# The image's datasource and module lists (what a cloud image's cloud.cfg.d would set). Debian's 05_logging.cfg
# stays: cloud-init logs to /var/log/cloud-init.log, the console gets its stage banners and the modules' output.
cat > "$root/etc/cloud/cloud.cfg.d/90-armvisor.cfg" <<'CFG'
# Armvisor's cloud-init guest (scripts/build-cloudinit-root.sh): NoCloud over the network (ds=nocloud-net;s=URL on
# the kernel command line), eth0 configured by udhcpc before cloud-init starts (no ifupdown/netplan renderer here).
datasource_list: [ NoCloud, None ]
network: { config: disabled }
def_log_file: /var/log/cloud-init.log
output: { all: "| tee -a /var/log/cloud-init-output.log" }
preserve_hostname: false
cloud_init_modules: [ bootcmd, write_files, set_hostname, update_hostname, update_etc_hosts ]
cloud_config_modules: [ runcmd ]
cloud_final_modules: [ scripts_per_once, scripts_per_boot, scripts_per_instance, scripts_user, final_message ]
CFG
# Trim what a boot never reads: documentation, locales, tests, the test suite and tools of the standard library.
rm -rf "$root"/usr/share/{doc,man,info,locale,lintian,bash-completion} "$root"/usr/lib/aarch64-linux-gnu/gconv "$root"/usr/lib/python3.11/{test,idlelib,tkinter,turtledemo,ensurepip,lib2to3,pydoc_data} \
  "$root"/usr/lib/python3/dist-packages/cloudinit/tests
# Byte-compile with the host's CPython 3.11 (same bytecode magic as Debian's 3.11.2), as py3compile would at install:
# the guest then never compiles a module under emulation. unchecked-hash pycs do not depend on file times.
python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { echo "build-cloudinit-root: the host needs python3.11 to byte-compile" >&2; exit 2; }
python3 -m compileall -q -j 0 --invalidation-mode unchecked-hash -s "$root" -p / \
  "$root/usr/lib/python3.11" "$root/usr/lib/python3/dist-packages" >/dev/null

mkdir -p "$root/etc/armvisor/scripts"
cat > "$root/etc/armvisor/scripts/cloudinit" <<'SH'
# Runs stock cloud-init's four boot stages, as its systemd units would, and prints what the tests compare.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
echo "crng=$(dmesg | grep -q "random: crng init done" && echo ready || echo not-ready)"
echo "cloud-init-cmdline=$(tr ' ' '\n' < /proc/cmdline | grep '^ds=' )"
for stage in "init --local" "init" "modules --mode=config" "modules --mode=final"; do
    start=$(cut -d' ' -f1 /proc/uptime)
    /usr/bin/cloud-init $stage
    status=$?
    echo "cloud-init-stage=$(echo "$stage" | tr -d '-' | tr ' =' '__') status=$status seconds=$(awk -v s="$start" '{ printf "%.1f", $1 - s }' /proc/uptime)"
done
echo "hostname=$(hostname)"
echo "etc-hostname=$(cat /etc/hostname)"
echo "instance-id=$(cat /var/lib/cloud/data/instance-id 2>/dev/null)"
echo "datasource=$(sed -n 's/.*"datasource": *"\([^"]*\)".*/\1/p' /run/cloud-init/result.json 2>/dev/null | cut -d' ' -f1)"
echo "errors=$(tr -d '\n ' < /run/cloud-init/result.json 2>/dev/null | sed -n 's/.*"errors":\[\([^]]*\)\].*/\1/p')"
grep -E 'WARNING|ERROR|Traceback' /var/log/cloud-init.log 2>/dev/null | head -n 20 | sed 's/^/cloud-init-log: /'
SH

(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) > "$work/root.cpio"
mkdir -p "$out"
mv "$work/root.cpio" "$out/root.cpio"
echo "ROOT_CPIO=$out/root.cpio"
