#include "rig/hardware/bench_clock.h"

#include <time.h>

#include <cerrno>

namespace lockrig::hardware {

std::int64_t MonotonicNowNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

MonotonicBenchClock::MonotonicBenchClock() : epoch_ns_(MonotonicNowNs()) {}

Timestamp MonotonicBenchClock::Now() const {
  return Timestamp((MonotonicNowNs() - epoch_ns_) / 1000);
}

void MonotonicBenchClock::SleepUntil(Timestamp t) {
  const std::int64_t target = ToMonotonicNs(t);
  timespec ts{static_cast<time_t>(target / 1'000'000'000),
              static_cast<long>(target % 1'000'000'000)};
  // Absolute: a signal that interrupts the sleep resumes it to the same
  // instant, and no error accumulates across sleeps.
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
  }
}

Timestamp MonotonicBenchClock::FromMonotonicNs(std::int64_t ns) const {
  return Timestamp((ns - epoch_ns_) / 1000);
}

std::int64_t MonotonicBenchClock::ToMonotonicNs(Timestamp t) const {
  return epoch_ns_ + t.count() * 1000;
}

}  // namespace lockrig::hardware
