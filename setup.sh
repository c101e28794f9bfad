#!/usr/bin/env bash
# lockrig set-up: installs what is missing (Debian 12 packages), builds, and
# then either runs the default scenario suite on the simulated bench (`run`)
# or every test (`test`). Works as root or as a user with sudo.
#
#   ./setup.sh run     install, build, run scenarios/ on the simulated bench
#   ./setup.sh test    install, build, run every test (CTest, pytest, scenarios)
#   ./setup.sh build   install and build only
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$(pwd)
BUILD=${LOCKRIG_BUILD_DIR:-$ROOT/build}
ASAN_BUILD=${LOCKRIG_ASAN_BUILD_DIR:-$ROOT/build-asan}
PYTHON=/usr/bin/python3 # Debian's interpreter: it sees python3-pytest and the module we build
JOBS=${LOCKRIG_JOBS:-$(nproc)}

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libgpiod-dev libopencv-dev libopencv-contrib-dev libyaml-cpp-dev
  pybind11-dev python3-dev python3-pytest
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev
  gcc-arm-none-eabi libstdc++-arm-none-eabi-newlib libnewlib-arm-none-eabi
  binutils-arm-none-eabi qemu-system-arm
  gdb-multiarch # lockrig flash: programs the lock's MCU through a GDB server (tested against QEMU's)
  sigrok-cli gtkwave chromium # results: trace.vcd opened by sigrok and GTKWave, report.html rendered
  # The hardware bench on gpio-sim (ctest -L vm): Debian's kernel under QEMU,
  # gpio-sim built out of tree from its source against its headers.
  linux-image-amd64 linux-headers-amd64 linux-source-6.1 busybox-static qemu-system-x86 cpio
)

log() { printf '\n== %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "setup.sh: need root or sudo to install: $*" >&2
    exit 1
  fi
}

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "packages: all ${#PACKAGES[@]} present"
    return
  fi
  log "packages: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

configure_and_build() {
  local dir=$1
  shift
  log "build: $dir"
  cmake -G Ninja -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPython3_EXECUTABLE="$PYTHON" "$@" >/dev/null
  ninja -C "$dir" -j "$JOBS"
}

run_scenarios() {
  log "scenarios: default suite on the simulated bench"
  "$BUILD/rig/cli/lockrig" run "$ROOT/scenarios" -j "$JOBS" --out "$BUILD/results/default-suite" "$@"
}

run_tests() {
  log "tests: CTest (GoogleTest suites, firmware on QEMU, ...)"
  ctest --test-dir "$BUILD" --output-on-failure -j "$JOBS"

  log "tests: pytest"
  LOCKRIG_BUILD_DIR="$BUILD" PYTHONPATH="$BUILD/bindings" \
    "$PYTHON" -m pytest -q "$ROOT/tests/python"

  log "tests: sanitizers (address, undefined) on the unit tests"
  # The Python module is left out: an ASan runtime cannot be preloaded into
  # Debian's interpreter from here.
  configure_and_build "$ASAN_BUILD" -DLOCKRIG_SANITIZE=ON -DLOCKRIG_ARM=OFF -DLOCKRIG_VM=OFF \
    -DLOCKRIG_PARTS="firmware;vision;rig/bench;rig/sim;rig/hardware;rig/scenario;rig/engine;reports;rig/cli"
  ctest --test-dir "$ASAN_BUILD" --output-on-failure -j "$JOBS" -LE "slow|qemu"

  run_scenarios
}

command=${1:-}
shift || true
case "$command" in
  run)
    install_missing
    configure_and_build "$BUILD"
    run_scenarios "$@"
    ;;
  test)
    install_missing
    configure_and_build "$BUILD"
    run_tests
    ;;
  build)
    install_missing
    configure_and_build "$BUILD"
    ;;
  *)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
