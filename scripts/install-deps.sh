#!/usr/bin/env bash
# Installs the Debian packages Armvisor's build, guests and tests need. Idempotent; needs root (or sudo).
set -euo pipefail
packages=(
  make gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu   # bare-metal test guests and guest kit
  libc6-dev-arm64-cross                                   # the static Linux program armvisor-guest
  linux-kbuild-6.1                                        # host kbuild tools for armvisor_wdt.ko (scripts/build-guest-kmod.sh; bookworm's kernel series)
  gcc-arm-linux-gnueabihf                                 # the AArch32 guests (WFE client, systest32, difftest32)
  qemu-system-arm qemu-user                               # the reference emulators (qemu-system-aarch64; qemu-aarch64 for armvisor-guest)
  gdb-multiarch                                           # the real gdb client the GDB stub tests drive in batch mode
  ipxe-qemu                                               # a Recommends of qemu-system-arm: the NIC option ROMs QEMU loads when a user gives it a network
  device-tree-compiler acpica-tools                       # dtc and iasl check the generated DTB and ACPI tables
  cpio gzip e2fsprogs time                                # initramfs, ext2 images for virtio-blk tests, /usr/bin/time for benchmarks
  etcd-server cloud-init                                  # fleet: multi-daemon store and the real metadata client
  u-boot-qemu qemu-efi-aarch64                            # the firmware QEMU users boot on virt (--bios tests against QEMU -bios)
  grub-common grub-efi-arm64-bin:arm64                    # grub-mkstandalone -O arm64-efi: the GRUB that EDK2 boots from a disk (scripts/make-grub-disk.sh)
  dosfstools mtools fdisk                                 # the EFI system partition (mkfs.vfat, mcopy) in a GPT disk (sfdisk) for that boot
  chromium tmux                                           # fleet status page tested in headless Chromium; the terminal path of tables tested on a tmux pty
  socat                                                   # a second real QMP client: scripts/bench-snapshot.sh, docs/control-api.md
  passt                                                   # --netdev user: the user-mode network stack armvisor supervises
  qemu-utils curl                                         # qemu-img/qemu-io check and compare qcow2 images; curl reaches guests through hostfwd
)
# Debian's arm64 packages (the guest kernel, its linux-headers and busybox-static) are fetched with apt-get download.
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd dpkg --add-architecture arm64
  need_update=1
fi
# Debian's armhf kernel (linux-image-armmp) and busybox-static:armhf for `armvisor demo --arch armhf` (issue 15).
if ! dpkg --print-foreign-architectures | grep -qx armhf; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd dpkg --add-architecture armhf
  need_update=1
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Kept at apt's candidate, not just installed: the host kbuild must be at least the version of the arm64 kernel
# headers it builds against (the guest kit always takes the candidate kernel).
for p in linux-kbuild-6.1; do
  installed=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || true)
  candidate=$(apt-cache policy "$p" 2>/dev/null | sed -n 's/^ *Candidate: //p')
  if [ -n "$installed" ] && [ -n "$candidate" ] && [ "$installed" != "$candidate" ]; then missing+=("$p"); fi
done
if [ ${#missing[@]} -gt 0 ] || [ -n "${need_update:-}" ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
fi
if [ ${#missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
