#!/usr/bin/env bash
# The hardware bench run whole on gpio-sim, in the VM (lockrig_vm_test
# lock_double_on_gpio_sim_vm): the lock is the lock double, on the far side
# of a gpio-sim chip named as rig/lockdouble/gpio-sim-rig.yaml wants and of
# the frame pipe. `lockrig run --rig` must pass the Lock-button scenario,
# and fail one that expects the wrong thing, on what the double shows.
#
#   lock-double-on-gpio-sim.sh LOCKRIG LOCK_DOUBLE SOURCE_DIR
set -euo pipefail

lockrig=$1
double=$2
src=$3
frames=/tmp/lockrig-face # the rig file's camera pipe
work=$(mktemp -d)
# The double renders a frame in ~45 ms on the VM's emulated CPU: at the rig
# file's 30 fps it falls behind and the bench declares the camera lost. The
# same rig at 10 fps (its lost-camera watchdog then waits 1 s).
rig=$work/gpio-sim-rig.yaml
sed 's/^  fps: 30 *$/  fps: 10/' "$src/rig/lockdouble/gpio-sim-rig.yaml" >"$rig"
grep -q '^  fps: 10$' "$rig" || { echo "$src/rig/lockdouble/gpio-sim-rig.yaml: no 'fps: 30' to lower"; exit 125; }
chip=/sys/kernel/config/gpio-sim/lockrig-double
double_pid=

cleanup() {
  if [ -n "$double_pid" ]; then kill "$double_pid" 2>/dev/null || true; wait "$double_pid" 2>/dev/null || true; fi
  if [ -d "$chip" ]; then
    echo 0 >"$chip/live" 2>/dev/null || true
    rmdir "$chip"/bank0/line* "$chip/bank0" "$chip" 2>/dev/null || true
  fi
}
trap cleanup EXIT

mkdir "$chip" "$chip/bank0"
names=(RELAY_KEY_1_2 RELAY_KEY_3_4 RELAY_KEY_5_6 RELAY_KEY_7_8 RELAY_KEY_9_0
       RELAY_KEY_LOCK RELAY_PROGRAM RELAY_BATTERY SENSE_BUZZER SENSE_BOLT_SWITCH)
echo "${#names[@]}" >"$chip/bank0/num_lines"
for i in "${!names[@]}"; do
  mkdir "$chip/bank0/line$i"
  echo "${names[i]}" >"$chip/bank0/line$i/name"
done
echo 1 >"$chip/live"
echo "gpio-sim: $(cat "$chip/bank0/chip_name") with ${names[*]}"

# One double per run: it powers a new board when the bench claims the lines.
run() {
  local scenario=$1 out=$2
  # shellcheck disable=SC2086 # extra options are words
  "$double" --rig "$rig" --frames "$frames" --seed 1 ${LOCKRIG_DOUBLE_OPTIONS:-} >"$work/double.log" 2>&1 &
  double_pid=$!
  for _ in $(seq 600); do
    grep -q 'lock double: ready' "$work/double.log" && break
    kill -0 "$double_pid" 2>/dev/null || { cat "$work/double.log"; echo "the lock double ended"; return 125; }
    sleep 0.1
  done
  grep -q 'lock double: ready' "$work/double.log" || { cat "$work/double.log"; echo "the lock double never got ready"; return 125; }
  local status=0
  "$lockrig" run "$scenario" --rig "$rig" --out "$out" || status=$?
  kill "$double_pid"
  wait "$double_pid" || true
  double_pid=
  cat "$work/double.log"
  return "$status"
}

start=$(date +%s)
status=0
run "$src/tests/vm/power_cycle_then_lock.yaml" "$work/pass" || status=$?
if [ "$status" -ne 0 ]; then
  echo "-- the bench's record (events.jsonl), first 40 lines:"
  head -40 "$work/pass/events.jsonl" 2>/dev/null | cut -c1-200 || true
  echo "FAIL: the power-cycle-and-Lock scenario did not pass on gpio-sim (exit $status)"
  exit 1
fi

# The bolt is out at the end; expecting it back in must fail (exit 1), on
# what the double's camera shows.
cp "$src/tests/vm/power_cycle_then_lock.yaml" "$work/wrong.yaml"
printf '  - expect: {bolt: retracted, within: 2s}   # wrong: nothing retracts it\n' >>"$work/wrong.yaml"
sed -i 's/^scenario: .*/scenario: the Lock button (wrongly) expected to leave the bolt retracted/' "$work/wrong.yaml"
status=0
run "$work/wrong.yaml" "$work/wrong" || status=$?
if [ "$status" -ne 1 ]; then
  echo "FAIL: a scenario expecting the wrong bolt position gave exit $status, not 1 (failed)"
  exit 1
fi
echo "lock double on gpio-sim: passed and failed as it should, in $(($(date +%s) - start)) s"
