#include "vision/random_pattern.h"

#include <algorithm>

namespace lockrig::vision {

void RandomPatternDetector::Add(std::int64_t captured_us, const std::vector<LedColor>& leds) {
  samples_.push_back({captured_us, leds});
  // Keep one sample at or before the window's start, so the window is full.
  while (samples_.size() > 2 && samples_[1].at_us <= captured_us - tuning_.window_us) {
    samples_.pop_front();
  }
}

bool RandomPatternDetector::IsRandom() const {
  if (samples_.size() < 3) return false;
  if (samples_.back().at_us - samples_.front().at_us < tuning_.window_us) return false;
  const std::size_t leds = samples_.front().leds.size();
  if (leds < 2) return false;
  std::vector<int> changes(leds, 0);
  int frames_with_change = 0;
  int frames_all_changed = 0;
  int frames_all_same = 0;
  for (std::size_t i = 0; i < samples_.size(); ++i) {
    const std::vector<LedColor>& now = samples_[i].leds;
    if (now.size() != leds) return false;
    if (std::all_of(now.begin(), now.end(), [&](LedColor c) { return c == now[0]; })) {
      ++frames_all_same;
    }
    if (i == 0) continue;
    const std::vector<LedColor>& before = samples_[i - 1].leds;
    std::size_t changed = 0;
    for (std::size_t k = 0; k < leds; ++k) {
      if (now[k] != before[k]) {
        ++changes[k];
        ++changed;
      }
    }
    if (changed > 0) ++frames_with_change;
    if (changed == leds) ++frames_all_changed;
  }
  if (*std::min_element(changes.begin(), changes.end()) < tuning_.min_changes_per_led) return false;
  if (frames_all_changed > tuning_.max_common_change_fraction * frames_with_change) return false;
  return frames_all_same <= tuning_.max_all_same_fraction * static_cast<double>(samples_.size());
}

}  // namespace lockrig::vision
