#!/usr/bin/env bash
# Extracts the uncompressed kernel (an ELF vmlinux) from a bzImage, for QEMU
# to boot directly through its PVH entry point (the kernel's CONFIG_PVH).
# Under TCG that saves the firmware's and the kernel's own decompression of
# itself: 20-30 s of emulated CPU on every boot.
#
#   extract-vmlinux.sh VMLINUZ OUTPUT
set -euo pipefail

vmlinuz=$1
output=$2
fail() {
  echo "extract-vmlinux.sh: $*" >&2
  exit 1
}
[ -r "$vmlinuz" ] || fail "$vmlinuz not readable"

# Each compressed stream that may be the kernel: its magic and decompressor.
try() {
  local magic=$1
  shift
  local offset
  for offset in $(LC_ALL=C grep -obUaP "$magic" "$vmlinuz" | cut -d: -f1); do
    tail -c +$((offset + 1)) "$vmlinuz" | "$@" >"$output.new" 2>/dev/null || true
    if [ "$(head -c 4 "$output.new" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]; then
      mv "$output.new" "$output"
      exit 0
    fi
  done
}
try '\xFD7zXZ\x00' xz -dc --single-stream
try '\x28\xB5\x2F\xFD' zstd -dcq
try '\x1F\x8B\x08' gzip -dc
rm -f "$output.new"
fail "$vmlinuz: no compressed ELF kernel found in it (xz, zstd or gzip)"
