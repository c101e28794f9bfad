// One-shot timers for a tickless core: a deadline is an instant of the
// board clock that is either armed or not. Modules keep their own
// deadlines; the controller folds them into one NextWakeup().
#pragma once

#include "firmware/hal/lock_board.h"

namespace lockfw {

class Deadline {
 public:
  void Set(hal::Millis at) {
    armed_ = true;
    at_ = at;
  }
  void Clear() { armed_ = false; }
  bool armed() const { return armed_; }
  hal::Millis at() const { return at_; }
  bool Due(hal::Millis now) const { return armed_ && hal::TimeReached(now, at_); }

 private:
  bool armed_ = false;
  hal::Millis at_ = 0;
};

// An instant in the recent past that keys are judged against by their press
// edge: a key registers up to KeyDebouncer::kPressDelayMs after its edge, so
// "was the lock busy / locked out / booting at the edge?" needs the instant
// that state ended. The instant is forgotten kForgetMs later, through a
// wakeup of its own, so that no stored instant outlives the clock's
// wrap-safe range however long the lock then sleeps (LB-POWER-8).
class RecentInstant {
 public:
  static constexpr hal::Millis kForgetMs = 1000;

  void Set(hal::Millis at) {
    at_ = at;
    forget_.Set(at + kForgetMs);
  }
  // True if `edge` came before the remembered instant.
  bool After(hal::Millis edge) const { return forget_.armed() && !hal::TimeReached(edge, at_); }
  void Service(hal::Millis now) {
    if (forget_.Due(now)) forget_.Clear();
  }
  void Clear() { forget_.Clear(); }
  const Deadline& wakeup() const { return forget_; }

 private:
  hal::Millis at_ = 0;
  Deadline forget_;
};

// Collects the earliest of several deadlines. `now` anchors the wrap-safe
// comparison: deadlines are never more than 2^31 ms away from now.
class Wakeup {
 public:
  explicit Wakeup(hal::Millis now) : now_(now) {}
  void Add(const Deadline& d) {
    if (d.armed()) Add(d.at());
  }
  void Add(hal::Millis at) {
    if (!any_ || static_cast<int32_t>(at - now_) < static_cast<int32_t>(earliest_ - now_)) {
      earliest_ = at;
    }
    any_ = true;
  }
  bool Get(hal::Millis* at) const {
    if (any_ && at != nullptr) *at = earliest_;
    return any_;
  }

 private:
  hal::Millis now_;
  bool any_ = false;
  hal::Millis earliest_ = 0;
};

}  // namespace lockfw
