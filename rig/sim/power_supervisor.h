// The lock board's supply rail and the MCU's brown-out supervisor: decides,
// from the battery connection and the pack's terminal voltage, when the MCU
// is held in reset and when it runs (lock-behavior.md LB-POWER-7: inert below
// v_bor_off 3.6 V, boots on rising to v_bor_on 3.9 V, keeps its state in
// between).
//
// Two real-board details keep relay contact bounce from turning into bursts
// of reboots: the rail's bulk capacitor holds the supply up for a short
// hold-up time after the battery contact opens (longer than any bounce), and
// the supervisor can release reset a short delay after the supply is good.
#pragma once

#include <functional>

#include "rig/sim/scheduler.h"

namespace lockrig::sim {

struct PowerSupervisorParams {
  double off_volts = 3.6;  // v_bor_off: below it the MCU is held in reset
  double on_volts = 3.9;   // v_bor_on: at or above it reset is released
  // Supply good -> MCU out of reset. Zero by default so that the firmware's
  // power-on is the battery contact's closing edge, the instant the spec's
  // timings (BOOT within 300 ms, keys processed from 1.0 s) count from; a
  // real supervisor's delay (a few ms) can be set to test the margin.
  VirtualMicros reset_release_us = 0;
  VirtualMicros holdup_us = 2000;  // battery contact open -> rail collapses
};

class PowerSupervisor {
 public:
  // `release_reset` is called when the MCU starts running, `assert_reset`
  // when it stops. Both are called from Update() or from events of
  // `scheduler`, never re-entrantly.
  PowerSupervisor(Scheduler& scheduler, PowerSupervisorParams params,
                  std::function<void()> release_reset, std::function<void()> assert_reset);
  ~PowerSupervisor();
  PowerSupervisor(const PowerSupervisor&) = delete;
  PowerSupervisor& operator=(const PowerSupervisor&) = delete;

  // The rail as of now: is the battery contact closed, and what is the pack's
  // terminal voltage under the present load. Call after every change.
  void Update(bool battery_connected, double terminal_volts);

  // The rail collapses now, without the hold-up: a cut that reaches the MCU
  // at a chosen instant (the power_cut fault places it inside a store
  // write). Until the next Update(true, ...) the rail stays at 0 V.
  void Collapse();

  bool mcu_running() const { return running_; }
  // The voltage the supervisor sees now (held up briefly after a disconnect).
  double rail_volts() const { return rail_volts_; }
  const PowerSupervisorParams& params() const { return params_; }

 private:
  void Evaluate();

  Scheduler& scheduler_;
  PowerSupervisorParams params_;
  std::function<void()> release_reset_;
  std::function<void()> assert_reset_;
  bool connected_ = false;
  bool running_ = false;
  double rail_volts_ = 0.0;
  EventHandle holdup_end_;
  EventHandle release_;
};

}  // namespace lockrig::sim
