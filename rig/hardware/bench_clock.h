// The hardware bench's time. Bench time is microseconds since the start of
// the run (Bench's epoch). On a live rig it is CLOCK_MONOTONIC shifted to
// that epoch, and relay actions are scheduled by sleeping to an absolute
// instant on it (clock_nanosleep TIMER_ABSTIME), so an action's error is
// the wake-up latency alone, not an accumulation of relative sleeps. With
// the replay camera the recording sets the pace instead: time only moves
// when the bench advances it, as fast as the frames can be read.
#pragma once

#include <cstdint>

#include "rig/bench/bench.h"

namespace lockrig::hardware {

class BenchClock {
 public:
  virtual ~BenchClock() = default;
  virtual Timestamp Now() const = 0;
  // Returns once Now() >= t (at once if it already is).
  virtual void SleepUntil(Timestamp t) = 0;
  // A kernel timestamp (CLOCK_MONOTONIC, ns) in bench time.
  virtual Timestamp FromMonotonicNs(std::int64_t ns) const = 0;
  // CLOCK_MONOTONIC ns of a bench time (what a fake line stamps an edge with).
  virtual std::int64_t ToMonotonicNs(Timestamp t) const = 0;
  // False for the replay clock: time passes only through SleepUntil.
  virtual bool PassesByItself() const = 0;
};

// CLOCK_MONOTONIC, epoch at construction.
class MonotonicBenchClock final : public BenchClock {
 public:
  MonotonicBenchClock();
  Timestamp Now() const override;
  void SleepUntil(Timestamp t) override;
  Timestamp FromMonotonicNs(std::int64_t ns) const override;
  std::int64_t ToMonotonicNs(Timestamp t) const override;
  bool PassesByItself() const override { return true; }
  std::int64_t epoch_ns() const { return epoch_ns_; }

 private:
  std::int64_t epoch_ns_;
};

// Time that moves only when advanced: the replay camera's. Kernel
// timestamps map 1:1 (ns / 1000) so a fake line's scripted edges are in
// bench time.
class ReplayBenchClock final : public BenchClock {
 public:
  Timestamp Now() const override { return now_; }
  void SleepUntil(Timestamp t) override {
    if (t > now_) now_ = t;
  }
  Timestamp FromMonotonicNs(std::int64_t ns) const override { return Timestamp(ns / 1000); }
  std::int64_t ToMonotonicNs(Timestamp t) const override { return t.count() * 1000; }
  bool PassesByItself() const override { return false; }

 private:
  Timestamp now_{0};
};

std::int64_t MonotonicNowNs();

}  // namespace lockrig::hardware
