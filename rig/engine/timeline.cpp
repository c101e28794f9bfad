#include "rig/engine/timeline.h"

#include <algorithm>

namespace lockrig {

void Timeline::AddSample(FaceSample sample) {
  last_ = std::max(last_, sample.at);
  samples_.push_back(std::move(sample));
}

void Timeline::AddBuzzerEdge(Timestamp at, bool on) {
  last_ = std::max(last_, at);
  const bool sounding = !pulses_.empty() && !pulses_.back().off;
  if (on && !sounding) {
    pulses_.push_back({at, std::nullopt});
  } else if (!on && sounding) {
    pulses_.back().off = at;
  }
  // A repeated edge of the same level carries no information: ignore it.
}

const FaceSample* Timeline::SampleAt(Timestamp t) const {
  auto it = std::upper_bound(samples_.begin(), samples_.end(), t,
                             [](Timestamp v, const FaceSample& s) { return v < s.at; });
  if (it == samples_.begin()) return nullptr;
  return &*std::prev(it);
}

std::size_t Timeline::FirstSampleFrom(Timestamp t) const {
  auto it = std::lower_bound(samples_.begin(), samples_.end(), t,
                             [](const FaceSample& s, Timestamp v) { return s.at < v; });
  return static_cast<std::size_t>(it - samples_.begin());
}

std::optional<Timestamp> Timeline::ToneSounding(Timestamp t) const {
  auto it = std::upper_bound(pulses_.begin(), pulses_.end(), t,
                             [](Timestamp v, const BuzzerPulse& p) { return v < p.on; });
  if (it == pulses_.begin()) return std::nullopt;
  const BuzzerPulse& p = *std::prev(it);
  if (p.off && *p.off <= t) return std::nullopt;
  return p.on;
}

bool Timeline::BuzzerOnAt(Timestamp t) const {
  return ToneSounding(t).has_value();
}

void Timeline::ForgetBefore(Timestamp t) {
  std::size_t keep = FirstSampleFrom(t);
  if (keep > 0) --keep;  // the sample in force at t
  samples_.erase(samples_.begin(), samples_.begin() + static_cast<std::ptrdiff_t>(keep));
  auto first_pulse = std::find_if(pulses_.begin(), pulses_.end(),
                                  [t](const BuzzerPulse& p) { return !p.off || *p.off >= t; });
  pulses_.erase(pulses_.begin(), first_pulse);
}

}  // namespace lockrig
