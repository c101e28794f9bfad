#include "rig/sim/power_supervisor.h"

#include <utility>

namespace lockrig::sim {

PowerSupervisor::PowerSupervisor(Scheduler& scheduler, PowerSupervisorParams params,
                                 std::function<void()> release_reset,
                                 std::function<void()> assert_reset)
    : scheduler_(scheduler),
      params_(params),
      release_reset_(std::move(release_reset)),
      assert_reset_(std::move(assert_reset)) {}

PowerSupervisor::~PowerSupervisor() {
  scheduler_.Cancel(holdup_end_);
  scheduler_.Cancel(release_);
}

void PowerSupervisor::Update(bool battery_connected, double terminal_volts) {
  if (battery_connected) {
    scheduler_.Cancel(holdup_end_);
    rail_volts_ = terminal_volts;
  } else if (connected_) {
    // Just disconnected: the bulk capacitor keeps the last voltage for the
    // hold-up time, so a contact bounce shorter than that goes unnoticed.
    holdup_end_ = scheduler_.After(params_.holdup_us, [this] {
      holdup_end_ = EventHandle{};
      rail_volts_ = 0.0;
      Evaluate();
    });
  }
  connected_ = battery_connected;
  Evaluate();
}

void PowerSupervisor::Collapse() {
  scheduler_.Cancel(holdup_end_);
  connected_ = false;
  rail_volts_ = 0.0;
  Evaluate();
}

void PowerSupervisor::Evaluate() {
  if (running_) {
    if (rail_volts_ < params_.off_volts) {
      running_ = false;
      assert_reset_();
    }
    return;
  }
  if (rail_volts_ < params_.on_volts) {
    // Between the levels (or below) a stopped MCU stays stopped.
    scheduler_.Cancel(release_);
    return;
  }
  if (release_) return;  // already counting down
  release_ = scheduler_.After(params_.reset_release_us, [this] {
    release_ = EventHandle{};
    if (running_ || rail_volts_ < params_.on_volts) return;
    running_ = true;
    release_reset_();
  });
}

}  // namespace lockrig::sim
