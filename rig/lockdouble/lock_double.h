// The lock double: the simulated bench's lock, played in real time on the
// far side of a rig's wire, so that the hardware bench (GpiodBench) can be
// tested whole without a lock, a relay board or a camera. It is the
// simulated bench's own virtual board (rig/sim: relays, battery,
// supervisor, motor and bolt, LEDs, buzzer, EEPROM) running the host-built
// firmware (firmware/targets/sim), seen by the virtual camera, with virtual
// time paced to CLOCK_MONOTONIC:
//
//   - the rig's relay lines (LockWire::Energised) drive the board's relays
//     when they change, read every `poll` and whenever the board wakes;
//   - the board's buzzer and optional bolt-switch changes are written to
//     the sense lines (LockWire::SetSense) at the instant they happen, so
//     the kernel (or the fake) stamps their edges then;
//   - every camera frame is rendered at its capture instant and handed to
//     the FrameWriter stamped with that instant on CLOCK_MONOTONIC.
//
// Everything about the rig comes from its rig file, as for the bench:
// relays and sense lines with their polarity, the keypad (which must be the
// profile's), the number of LEDs, and the camera's resolution and rate.
//
// Power: the board's battery meets it shortly after the rig first claims
// its relay lines (power_when_claimed, the default; power_delay after), so
// a scenario that expects a new board at its start (BOOT, then the handing
// cycle) gets one; otherwise at once, like a lock that was on the wall
// before the bench came.
#pragma once

#include <atomic>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "rig/bench/bench.h"
#include "rig/hardware/rig_file.h"
#include "rig/lockdouble/frame_writer.h"
#include "rig/lockdouble/lock_wire.h"

namespace lockrig::lockdouble {

struct LockDoubleOptions {
  std::string profile = "smartcode";  // a lockfw profile name
  std::uint64_t seed = 1;             // board and camera, as SimBench's seed
  bool power_when_claimed = true;
  // How long after the claim: a bench takes its first frame and calibrates
  // before its scenario starts, and the lock's BOOT beep must not come
  // before that.
  Duration power_delay = std::chrono::milliseconds(250);
  Duration poll = std::chrono::milliseconds(1);  // how often the relay lines are read
  // Run's thread runs SCHED_FIFO at this priority (0: leave it), so that a
  // busy machine delays the lock's timers and edges less. Without the
  // privilege it carries on at normal priority, with a note in the log.
  int realtime_priority = 0;
  std::ostream* log = nullptr;  // one line per relay change, edge, power-up
};

struct LockDoubleStats {
  std::uint64_t relay_changes = 0;
  std::uint64_t sense_edges = 0;
  std::uint64_t frames_rendered = 0;
  // Frames not rendered because the loop was over two frame periods late
  // for them (a stalled machine): skipping them is how it catches up.
  std::uint64_t frames_skipped = 0;
  Duration render_time{0};  // wall time spent rendering
  bool powered = false;
  // How late the loop woke for what it waited for (a board event, a frame,
  // a poll): a measure of how real the double's time was.
  Duration worst_lateness{0};
  double elapsed_s = 0.0;
};

class LockDouble {
 public:
  // Throws std::invalid_argument for an unknown profile, a keypad or LED
  // count that differs from the rig file's, or a camera rate that is not
  // positive. Starts nothing.
  LockDouble(const hardware::RigConfig& rig, LockWire& wire, FrameWriter& frames,
             LockDoubleOptions options = {});
  ~LockDouble();
  LockDouble(const LockDouble&) = delete;
  LockDouble& operator=(const LockDouble&) = delete;

  // Plays the lock in real time until `stop` is set or `length` has passed
  // (none: until stopped). Call once. Throws std::runtime_error if the
  // wire fails.
  void Run(const std::atomic<bool>& stop, std::optional<Duration> length = std::nullopt);

  // Safe to call from another thread while Run runs.
  LockDoubleStats Stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lockrig::lockdouble
