#!/usr/bin/env bash
# Runs a command on Debian's kernel with gpio-sim loaded, in a QEMU VM (TCG:
# no KVM needed), and exits with the command's status. The VM sees this
# machine's root read-only (virtio-9p) and chroots into it, so any program
# built here runs there unchanged, in the current directory, with its
# libraries; /tmp is the VM's own (a checkout under this machine's /tmp is
# shared into it at its path). gpio-sim is loaded, configfs and tracefs
# are mounted (the command creates the chips it needs), and vivid gives a
# V4L2 camera at /dev/video0.
#
#   run-in-vm.sh --kernel KERNEL --initrd INITRD [options] -- COMMAND [ARG...]
#
#   KERNEL is a vmlinuz, or the ELF vmlinux in it (build/tests/vm/vmlinux,
#   booted faster); INITRD is build/tests/vm/initramfs.cpio.gz.
#
#   --timeout SECONDS   kill the VM after this long (default 600): status 124
#   --share DIR         also share DIR writable, at the same path (repeatable):
#                       how results come back
#   --memory MB         (default 2048)    --cpus N   (default 2)
#   --env NAME          pass this environment variable through (repeatable;
#                       PATH, LANG and every LOCKRIG_* and GTEST_* are passed)
#
# The command's output goes to the console, which is this script's stdout.
# Exit status: the command's, 124 on timeout, 125 if the VM failed before
# or around the command (no status came back).
set -euo pipefail

kernel=
initrd=
timeout=600
memory=2048
cpus=2
shares=()
envs=(PATH LANG)
while [ $# -gt 0 ]; do
  case "$1" in
    --kernel) kernel=$2; shift 2 ;;
    --initrd) initrd=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --share) shares+=("$(realpath "$2")"); shift 2 ;;
    --memory) memory=$2; shift 2 ;;
    --cpus) cpus=$2; shift 2 ;;
    --env) envs+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) echo "run-in-vm.sh: unknown option $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "run-in-vm.sh: no command (… -- COMMAND [ARG...])" >&2; exit 2; }
[ -r "$kernel" ] || { echo "run-in-vm.sh: kernel '$kernel' not readable" >&2; exit 2; }
[ -r "$initrd" ] || { echo "run-in-vm.sh: initramfs '$initrd' not readable" >&2; exit 2; }
command -v qemu-system-x86_64 >/dev/null || { echo "run-in-vm.sh: qemu-system-x86_64 missing (qemu-system-x86)" >&2; exit 2; }

# The VM's /tmp is its own, which would hide a checkout (or a build) that
# lives under this machine's /tmp, as a CI clone may: share the top folder
# under /tmp of the current directory and of every path argument.
tmp_top() {
  case "$1" in
    /tmp/?*) local rest=${1#/tmp/}; echo "/tmp/${rest%%/*}" ;;
  esac
}
for path in "$PWD" "$@"; do
  case "$path" in /*) ;; *) continue ;; esac
  [ -e "$path" ] || continue
  top=$(tmp_top "$(realpath "$path")")
  [ -n "$top" ] || continue
  case " ${shares[*]:-} " in *" $top "*) ;; *) shares+=("$top") ;; esac
done

ctl=$(mktemp -d "${TMPDIR:-/tmp}/lockrig-vm.XXXXXX")
qemu_pid=
cleanup() {
  if [ -n "$qemu_pid" ]; then kill -KILL "$qemu_pid" 2>/dev/null || true; fi
  rm -rf "$ctl"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

{
  echo "cd $(printf '%q' "$PWD") || exit 125"
  for name in "${envs[@]}"; do
    [ -n "${!name+x}" ] && echo "export $name=$(printf '%q' "${!name}")"
  done
  while IFS= read -r name; do
    echo "export $name=$(printf '%q' "${!name}")"
  done < <(compgen -e | grep -E '^(LOCKRIG|GTEST)_' || true)
  echo "export HOME=/tmp"
  printf 'exec'
  printf ' %q' "$@"
  echo
} >"$ctl/command"
echo "$ctl" >"$ctl/path"
: >"$ctl/shares"
virtfs=(-virtfs "local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap"
        -virtfs "local,path=$ctl,mount_tag=ctl,security_model=none")
for i in "${!shares[@]}"; do
  echo "share$i ${shares[i]}" >>"$ctl/shares"
  virtfs+=(-virtfs "local,path=${shares[i]},mount_tag=share$i,security_model=none")
done

start_ms=$((${EPOCHREALTIME/./} / 1000))
# Not `exec timeout qemu`: this shell stays to read the status back, and
# kills QEMU itself when the time is up.
qemu-system-x86_64 -accel tcg -machine q35 -cpu max -smp "$cpus" -m "$memory" \
  -kernel "$kernel" -initrd "$initrd" \
  -append "console=ttyS0 quiet loglevel=3 panic=-1 rdinit=/init" \
  -display none -serial stdio -monitor none -no-reboot \
  "${virtfs[@]}" </dev/null &
qemu_pid=$!
deadline=$(($(date +%s) + timeout))
while kill -0 "$qemu_pid" 2>/dev/null; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    kill -KILL "$qemu_pid" 2>/dev/null || true
    wait "$qemu_pid" 2>/dev/null || true
    qemu_pid=
    echo "run-in-vm.sh: the VM did not finish within ${timeout} s; killed" >&2
    exit 124
  fi
  sleep 0.2
done
wait "$qemu_pid" || true
qemu_pid=
elapsed_ms=$((${EPOCHREALTIME/./} / 1000 - start_ms))
if [ ! -s "$ctl/status" ]; then
  echo "run-in-vm.sh: the VM stopped without the command's exit status (boot failed or the kernel panicked; see above)" >&2
  exit 125
fi
status=$(cat "$ctl/status")
printf 'run-in-vm.sh: exit status %s after %d.%d s (boot, command, power-off)\n' \
  "$status" $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100))
exit "$status"
