// `lockrig selftest`: bring-up of a rig, with a person at the bench. It
// requests the lines (every relay safe), clicks each relay in turn and asks
// what happened, shows which sense lines moved after each click, captures a
// frame and checks that the calibration finds the LEDs and the bolt, and
// prints a wiring table. With `assume_yes` nothing is asked: the key relays
// are clicked and judged by the sense lines alone (a key press makes the
// lock beep), and the relays that change the lock's state (program,
// key_lock, battery) are left alone.
#pragma once

#include <iosfwd>
#include <string>

#include "rig/hardware/frame_source.h"
#include "rig/hardware/gpio_lines.h"
#include "rig/hardware/rig_file.h"

namespace lockrig::hardware {

struct SelftestOptions {
  bool assume_yes = false;
  // How long to watch the sense lines after each click.
  Duration listen = std::chrono::milliseconds(1000);
  // Where to write the captured frame (PNG); nowhere when empty.
  std::string frame_out;
};

// Returns 0 if every check passed, 1 otherwise (a line that cannot be
// requested, a relay the person says did nothing, no camera frame, a
// calibration that does not find the face).
int RunSelftest(const RigConfig& rig, GpioBackend& gpio, FrameSource& camera, std::istream& in,
                std::ostream& out, const SelftestOptions& options);

}  // namespace lockrig::hardware
