// Recognises the four-LED RANDOM pattern (spec §3): each LED switching
// independently among red, green, amber and off at irregular 80-300 ms
// intervals, with no common period. Every other signal shows one colour on
// all four LEDs at once (LB-SIG-4) or a steady pattern (fourled RESET_OK), so
// over a window of a second or two RANDOM is told apart by three things at
// once: every LED keeps changing; the LEDs rarely change together; and they
// rarely all show the same colour.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "vision/led_color.h"

namespace lockrig::vision {

struct RandomPatternTuning {
  // The window judged, ending at the latest sample.
  std::int64_t window_us = 1'500'000;
  // Each LED changes at least this often in the window (RANDOM: every 80-300
  // ms with a new colour 3 times in 4: about 4 to 14 times in 1.5 s).
  int min_changes_per_led = 2;
  // Of the frames where some LED changed, at most this fraction had every
  // LED change at once (a common blink has all of them).
  double max_common_change_fraction = 0.5;
  // Of the frames, at most this fraction show one colour on every LED.
  double max_all_same_fraction = 0.6;
};

class RandomPatternDetector {
 public:
  RandomPatternDetector() = default;
  explicit RandomPatternDetector(RandomPatternTuning tuning) : tuning_(tuning) {}

  // Feed one frame's LED colours (LED1 first), in capture-time order.
  void Add(std::int64_t captured_us, const std::vector<LedColor>& leds);
  // Whether the window ending at the last sample shows RANDOM. False until
  // the samples span the whole window.
  bool IsRandom() const;
  void Reset() { samples_.clear(); }

 private:
  struct Sample {
    std::int64_t at_us;
    std::vector<LedColor> leds;
  };
  RandomPatternTuning tuning_;
  std::deque<Sample> samples_;
};

}  // namespace lockrig::vision
