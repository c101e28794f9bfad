#!/usr/bin/env bash
# Builds gpio-sim (and irq_sim, which it needs and Debian's kernel does not
# build in) out of tree, from Debian's linux-source package, against the
# headers of the kernel the VM boots. Debian's kernels do not ship gpio-sim.
#
#   build-gpio-sim.sh KVER LINUX_SOURCE_TARBALL OUTDIR
#
# Leaves OUTDIR/irq-sim.ko (unless the kernel has CONFIG_IRQ_SIM=y),
# OUTDIR/gpio-sim.ko and OUTDIR/load-order (the .ko files, dependencies
# first, one a line).
set -euo pipefail

kver=$1
tarball=$2
out=$3
headers=/usr/src/linux-headers-$kver
config=$headers/.config

fail() {
  echo "build-gpio-sim.sh: $*" >&2
  exit 1
}
[ -f "$config" ] || fail "$config missing: install linux-headers-$kver"
[ -f "$tarball" ] || fail "$tarball missing: install linux-source-${kver%%.0-*}"

option() { sed -n "s/^$1=//p" "$config"; }
# What the driver and the bench need of the kernel: the character device
# with the v1 uAPI (libgpiod 1.6 speaks it) and configfs to create chips.
[ "$(option CONFIG_GPIOLIB)" = y ] || fail "$config: CONFIG_GPIOLIB is not y"
[ "$(option CONFIG_GPIO_CDEV)" = y ] || fail "$config: CONFIG_GPIO_CDEV is not y"
[ "$(option CONFIG_GPIO_CDEV_V1)" = y ] || fail "$config: CONFIG_GPIO_CDEV_V1 is not y (libgpiod 1.6 needs it)"
case "$(option CONFIG_CONFIGFS_FS)" in
  y | m) ;;
  *) fail "$config: CONFIG_CONFIGFS_FS is not set" ;;
esac
case "$(option CONFIG_GPIO_SIM)" in
  y | m) fail "$config: the kernel has gpio-sim already (CONFIG_GPIO_SIM); use it" ;;
esac
irq_sim_builtin=$(option CONFIG_IRQ_SIM)

src=$out/src
rm -rf "$src"
mkdir -p "$src"
# Only the three files, but xz has to decompress the whole tarball: ~20 s.
tar -xJf "$tarball" -C "$src" --strip-components=3 --wildcards \
  '*/drivers/gpio/gpio-sim.c' '*/drivers/gpio/gpiolib.h' '*/kernel/irq/irq_sim.c'
[ -f "$src/gpio-sim.c" ] && [ -f "$src/gpiolib.h" ] && [ -f "$src/irq_sim.c" ] ||
  fail "$tarball: drivers/gpio/gpio-sim.c, drivers/gpio/gpiolib.h or kernel/irq/irq_sim.c missing"

if [ "$irq_sim_builtin" = y ]; then
  echo "obj-m := gpio-sim.o" >"$src/Kbuild"
else
  # irq_sim is meant to be built in: as a module it needs a licence, and
  # irq_to_desc() is not exported to modules. generic_handle_irq() does the
  # same for an interrupt whose flow handler is handle_simple_irq, which
  # irq_sim's domain sets on every interrupt it maps.
  grep -q 'handle_simple_irq(irq_to_desc(irqnum));' "$src/irq_sim.c" ||
    fail "$src/irq_sim.c: the handler call to patch is not there (another kernel version?)"
  sed -i 's/handle_simple_irq(irq_to_desc(irqnum));/generic_handle_irq(irqnum);/' "$src/irq_sim.c"
  cat >"$src/irq_sim_module.c" <<'C'
#include <linux/module.h>
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Interrupt simulator (kernel/irq/irq_sim.c) as a module");
C
  printf 'obj-m := irq-sim.o gpio-sim.o\nirq-sim-y := irq_sim.o irq_sim_module.o\n' >"$src/Kbuild"
fi

make -s -C "$headers" M="$src" -j "$(nproc)" modules
{
  [ "$irq_sim_builtin" = y ] || echo "$out/irq-sim.ko"
  echo "$out/gpio-sim.ko"
} >"$out/load-order.new"
[ "$irq_sim_builtin" = y ] || cp "$src/irq-sim.ko" "$out/irq-sim.ko"
cp "$src/gpio-sim.ko" "$out/gpio-sim.ko"
mv "$out/load-order.new" "$out/load-order"
