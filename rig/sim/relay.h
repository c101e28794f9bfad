// One rig relay as the simulated bench models it: an armature that follows
// its coil after an operate (or release) delay, and a contact that bounces
// briefly after each edge. The key relays close a lock button when energised
// (normally open); the battery relay is normally closed, so energising it
// cuts the power. Delays and bounce come from a seeded stream per relay, so
// a run is reproducible and each relay keeps its own character.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "rig/sim/scheduler.h"
#include "rig/sim/seeded_random.h"

namespace lockrig::sim {

struct RelayTiming {
  // Each relay's own nominal delays are drawn once from these ranges (parts
  // differ), and every actuation adds a small jitter.
  VirtualMicros operate_min_us = 4000;
  VirtualMicros operate_max_us = 6000;
  VirtualMicros release_min_us = 2000;
  VirtualMicros release_max_us = 4000;
  VirtualMicros jitter_us = 100;
  // Contact bounce after an edge: up to this many brief reversals, each
  // 30..300 us, all within `bounce_window_us` of the edge (the firmware must
  // tolerate bounce within 10 ms, LB-KEYPAD-2). Reversals are shorter than
  // the supply's hold-up so a bouncing battery contact does not reboot.
  bool bounce = true;
  int max_bounces = 4;
  VirtualMicros bounce_window_us = 3000;
};

class Relay {
 public:
  // `on_contact` is called from scheduler events whenever the contact level
  // changes (true = closed).
  Relay(std::string name, Scheduler& scheduler, SeededRandom random, RelayTiming timing,
        bool normally_closed, std::function<void(bool closed)> on_contact);
  ~Relay();
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  const std::string& name() const { return name_; }
  bool energised() const { return energised_; }
  bool contact_closed() const { return contact_closed_; }
  bool normally_closed() const { return normally_closed_; }

  // Drives the coil at Now(). Returns when the contact first changes (Now()
  // plus the operate or release delay). A command that undoes one still in
  // flight cancels it; a command that leaves the contact where it is changes
  // nothing.
  VirtualMicros Command(bool energised);

 private:
  void SetContact(bool closed);

  std::string name_;
  Scheduler& scheduler_;
  SeededRandom random_;
  RelayTiming timing_;
  bool normally_closed_;
  std::function<void(bool)> on_contact_;
  VirtualMicros operate_us_;
  VirtualMicros release_us_;
  bool energised_ = false;
  bool contact_closed_;
  std::vector<EventHandle> pending_;
};

}  // namespace lockrig::sim
