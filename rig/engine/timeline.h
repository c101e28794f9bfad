// The timeline: everything the bench showed during a scenario, merged in
// time order: one sample per camera frame (the colour of each LED, the bolt's
// position and state, as vision read them) and the buzzer sense line's
// pulses. Expectations are judged on it and nothing else; it holds no
// firmware state.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <vector>

#include "vision/bolt_motion.h"
#include "vision/led_color.h"

namespace lockrig {

using Timestamp = std::chrono::microseconds;

struct FaceSample {
  Timestamp at{0};
  std::vector<vision::LedColor> leds;
  double bolt_position = 0.0;
  vision::BoltState bolt = vision::BoltState::kRetracted;
};

// One buzzer tone: from its on-edge to its off-edge (open while sounding).
struct BuzzerPulse {
  Timestamp on{0};
  std::optional<Timestamp> off;
};

class Timeline {
 public:
  void AddSample(FaceSample sample);
  void AddBuzzerEdge(Timestamp at, bool on);

  const std::vector<FaceSample>& samples() const { return samples_; }
  const std::vector<BuzzerPulse>& pulses() const { return pulses_; }

  // The latest sample at or before `t`, if any.
  const FaceSample* SampleAt(Timestamp t) const;
  // Index of the first sample at or after `t` (samples().size() if none).
  std::size_t FirstSampleFrom(Timestamp t) const;
  // Whether the buzzer sounds at `t` as far as known at `t`.
  bool BuzzerOnAt(Timestamp t) const;
  // The on-edge of the tone sounding at `t`, if one is.
  std::optional<Timestamp> ToneSounding(Timestamp t) const;
  // The latest time anything was recorded.
  Timestamp LastObserved() const { return last_; }

  // Drops what happened before `t` (endurance runs keep memory bounded);
  // keeps the sample in force at `t`.
  void ForgetBefore(Timestamp t);

 private:
  std::vector<FaceSample> samples_;
  std::vector<BuzzerPulse> pulses_;
  Timestamp last_{0};
};

}  // namespace lockrig
