// A scripted stand-in for the lock firmware, for testing the virtual board
// without it: records every call the board makes (with its virtual time),
// can ask for timed wake-ups, and optionally stops the motor at the limit it
// is heading for, like the real firmware would.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "firmware/hal/lock_board.h"
#include "rig/sim/mcu.h"
#include "rig/sim/scheduler.h"

namespace lockrig::sim::testing {

class FakeMcu final : public Mcu {
 public:
  struct Call {
    enum Kind { kPowerOn, kPowerOff, kContact, kSensors, kService, kPairing } kind;
    VirtualMicros at = 0;
    lockfw::hal::Contact contact = lockfw::hal::Contact::kLock;
  };

  explicit FakeMcu(Scheduler& scheduler) : scheduler_(scheduler) {}

  void PowerOn(VirtualMicros now) override {
    powered_ = true;
    calls.push_back({Call::kPowerOn, now});
    if (on_power_on) on_power_on();
  }
  void PowerOff() override {
    powered_ = false;
    wakeups.clear();
    calls.push_back({Call::kPowerOff, scheduler_.Now()});
  }
  void OnContactEdge(VirtualMicros now, lockfw::hal::Contact contact) override {
    calls.push_back({Call::kContact, now, contact});
  }
  void OnBoltSensorsChanged(VirtualMicros now) override {
    calls.push_back({Call::kSensors, now});
    if (on_sensors) on_sensors();
  }
  void OnPairingCompleted(VirtualMicros now) override { calls.push_back({Call::kPairing, now}); }
  void Service(VirtualMicros now) override {
    calls.push_back({Call::kService, now});
    while (!wakeups.empty() && wakeups.front() <= now) wakeups.erase(wakeups.begin());
  }
  std::optional<VirtualMicros> NextWakeupUs() const override {
    if (!powered_ || wakeups.empty()) return std::nullopt;
    return wakeups.front();
  }

  bool powered() const { return powered_; }

  std::vector<VirtualMicros> TimesOf(Call::Kind kind) const {
    std::vector<VirtualMicros> times;
    for (const Call& call : calls) {
      if (call.kind == kind) times.push_back(call.at);
    }
    return times;
  }

  std::vector<Call> calls;
  std::vector<VirtualMicros> wakeups;  // sorted; Service() consumes the due ones
  std::function<void()> on_power_on;
  std::function<void()> on_sensors;

 private:
  Scheduler& scheduler_;
  bool powered_ = false;
};

}  // namespace lockrig::sim::testing
