// Counts blinks and measures their timing from what vision saw of one LED: a
// sequence of (capture time, colour) samples, one per frame. A blink is a
// run of one lit colour; a run of another lit colour right after it is the
// next blink (BOOT's red, green, amber are three). Runs shorter than a
// phase the lock can show (LB-SIG-5: no on- or off-phase under 200 ms outside
// RANDOM) are a misread frame or two, not the lock, and are merged into the
// run they interrupt, so a single wrong frame never adds or splits a blink.
// Samples need not be evenly spaced: a dropped frame is simply missing.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "vision/led_color.h"

namespace lockrig::vision {

struct Blink {
  LedColor color = LedColor::kOff;
  std::int64_t on_us = 0;    // capture time of the first sample showing it
  std::int64_t off_us = -1;  // first sample after it; -1 while it still shows
};

struct BlinkCounterTuning {
  // Runs shorter than this are misreads. Half the shortest phase the spec
  // allows: a camera at 15 frames/s and up sees a real phase for at least
  // three frames, so no real phase is ever this short.
  std::int64_t min_phase_us = 100'000;
};

class BlinkCounter {
 public:
  BlinkCounter() = default;
  explicit BlinkCounter(BlinkCounterTuning tuning) : tuning_(tuning) {}

  // Feed samples in capture-time order.
  void Add(std::int64_t captured_us, LedColor color);

  // The blinks seen so far. A run still shorter than min_phase_us at the
  // last sample is not counted yet (it may be a misread).
  std::vector<Blink> blinks() const;
  int count() const;
  int Count(LedColor color) const;
  // Mean time from one blink's on-edge to the next's, microseconds; none
  // with fewer than two blinks.
  std::optional<double> PeriodUs() const;
  // Mean on-time of the blinks that have ended; none before one has.
  std::optional<double> MeanOnUs() const;

  void Reset() {
    runs_.clear();
    last_us_ = 0;
  }

 private:
  struct Run {
    LedColor color;
    std::int64_t start_us;
  };
  BlinkCounterTuning tuning_;
  std::vector<Run> runs_;
  std::int64_t last_us_ = 0;
};

}  // namespace lockrig::vision
