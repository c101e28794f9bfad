#!/usr/bin/env bash
# Packs the VM's initramfs: busybox (static), the init script, and the
# modules init loads, in load order: Debian's virtio, 9p and configfs
# modules of kernel KVER (with their dependencies from modules.dep), vivid
# (a V4L2 camera in software: one webcam-like capture device), then the
# extra modules given (gpio-sim and what it needs, already in order).
#
#   make-initramfs.sh KVER INIT_SCRIPT OUTPUT.cpio.gz [EXTRA.ko...]
set -euo pipefail

kver=$1
init=$2
output=$3
shift 3
moddir=/lib/modules/$kver

fail() {
  echo "make-initramfs.sh: $*" >&2
  exit 1
}
[ -f "$moddir/modules.dep" ] || fail "$moddir/modules.dep missing: install linux-image-$kver"
[ -x /bin/busybox ] || fail "/bin/busybox missing: install busybox-static"
# Nothing else is in the initramfs: busybox must be static (ldd fails on it).
if ldd /bin/busybox >/dev/null 2>&1; then fail "/bin/busybox is not static: install busybox-static"; fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,dev,proc,sys,host,ctl,modules}
cp /bin/busybox "$stage/bin/busybox"
cp "$init" "$stage/init"
chmod 755 "$stage/init"

# Debian's modules: each after its dependencies (modules.dep lists a
# module's dependencies so that loading them in reverse order works).
declare -A loaded=()
order=()
add() {
  local path=$1 params=${2:-} base
  base=$(basename "$path")
  [ -n "${loaded[$base]:-}" ] && return
  case "$base" in
    *.ko) ;;
    *) fail "$path: compressed modules are not supported (busybox insmod loads plain .ko)" ;;
  esac
  [ -f "$path" ] || fail "$path missing"
  cp "$path" "$stage/modules/$base"
  loaded[$base]=1
  order+=("$base${params:+ $params}")
}
declare -A params=([vivid]="n_devs=1 node_types=0x1")
for name in virtio_pci 9pnet_virtio 9p configfs vivid; do
  line=$(grep -E "(^|/)$name\.ko[^:]*:" "$moddir/modules.dep") || fail "$name not in $moddir/modules.dep"
  module=${line%%:*}
  read -r -a deps <<<"${line#*:}"
  for ((i = ${#deps[@]} - 1; i >= 0; i--)); do add "$moddir/${deps[i]}"; done
  add "$moddir/$module" "${params[$name]:-}"
done
for extra in "$@"; do add "$extra"; done
printf '%s\n' "${order[@]}" >"$stage/modules/order"

(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$output.new"
mv "$output.new" "$output"
