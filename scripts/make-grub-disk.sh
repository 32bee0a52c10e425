#!/usr/bin/env bash
# Makes a raw disk image that EDK2 boots to Debian's kernel through GRUB, with Debian's tools only:
#   GPT (sfdisk) with one EFI system partition (UEFI 2.10 §5.3.3, type C12A7328-F81F-11D2-BA4B-00A0C93EC93B),
#   FAT (mkfs.vfat) holding \EFI\BOOT\BOOTAA64.EFI (the removable-media path, UEFI 2.10 §3.5.1.1) = a
#   grub-mkstandalone -O arm64-efi image with its grub.cfg built in, and the kernel and initramfs it loads.
# Usage: scripts/make-grub-disk.sh OUT.img KERNEL INITRD "KERNEL COMMAND LINE"
# Needs: grub-common + grub-efi-arm64-bin:arm64 (/usr/lib/grub/arm64-efi), dosfstools, mtools, fdisk (install-deps.sh).
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: $0 OUT.img KERNEL INITRD CMDLINE" >&2; exit 2; }
out=$1 kernel=$2 initrd=$3 cmdline=$4
for f in "$kernel" "$initrd"; do [ -r "$f" ] || { echo "$0: cannot read $f" >&2; exit 2; }; done
[ -d /usr/lib/grub/arm64-efi ] || { echo "$0: /usr/lib/grub/arm64-efi missing (Debian grub-efi-arm64-bin:arm64)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/armvisor-grub-disk.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The menu entry's title is what the tests compare on both emulators ("Booting `...'").
cat > "$work/grub.cfg" <<CFG
set timeout=0
set default=0
search --no-floppy --file /vmlinuz --set=root
menuentry 'Debian arm64 kernel (Armvisor ESP)' {
  echo 'Loading Linux ...'
  linux /vmlinuz $cmdline
  echo 'Loading initial ramdisk ...'
  initrd /initrd.gz
}
CFG
modules="part_gpt part_msdos fat search search_fs_file linux normal echo boot configfile"
grub-mkstandalone -O arm64-efi -o "$work/BOOTAA64.EFI" --modules="part_gpt fat search search_fs_file linux normal echo" \
  --install-modules="$modules" --locales= --fonts= --themes= "boot/grub/grub.cfg=$work/grub.cfg"

# The ESP: the files plus 8 MiB of room, in 1 MiB units; the disk adds 1 MiB before it (first usable LBA 2048) and
# 1 MiB after it for the backup GPT.
payload=$(( ($(stat -c %s "$kernel") + $(stat -c %s "$initrd") + $(stat -c %s "$work/BOOTAA64.EFI")) / 1048576 + 8 ))
mkfs.vfat -C -n ARMVISORESP "$work/esp.img" $(( payload * 1024 )) >/dev/null
mmd -i "$work/esp.img" ::/EFI ::/EFI/BOOT
mcopy -i "$work/esp.img" "$work/BOOTAA64.EFI" ::/EFI/BOOT/BOOTAA64.EFI
mcopy -i "$work/esp.img" "$kernel" ::/vmlinuz
mcopy -i "$work/esp.img" "$initrd" ::/initrd.gz
rm -f "$out"
truncate -s $(( (payload + 2) * 1048576 )) "$out"
printf 'label: gpt\nstart=2048, size=%d, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name="EFI system partition"\n' \
  $(( payload * 2048 )) | sfdisk -q "$out"
dd if="$work/esp.img" of="$out" bs=1M seek=1 conv=notrunc status=none
