#include "vision/blink_counter.h"

namespace lockrig::vision {

void BlinkCounter::Add(std::int64_t captured_us, LedColor color) {
  last_us_ = captured_us;
  if (runs_.empty()) {
    runs_.push_back({color, captured_us});
    return;
  }
  if (runs_.back().color == color) return;
  // The current run ends here. Too short to be the lock: drop it, and the
  // run before it carries on (if this sample continues it) or ends now.
  if (runs_.size() >= 2 && captured_us - runs_.back().start_us < tuning_.min_phase_us) {
    runs_.pop_back();
    if (runs_.back().color == color) return;
  }
  runs_.push_back({color, captured_us});
}

std::vector<Blink> BlinkCounter::blinks() const {
  std::vector<Blink> out;
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    const Run& run = runs_[i];
    const bool last = i + 1 == runs_.size();
    // A trailing run not yet long enough may still turn out a misread.
    if (last && i > 0 && last_us_ - run.start_us < tuning_.min_phase_us) break;
    if (run.color == LedColor::kOff) continue;
    out.push_back({run.color, run.start_us, last ? -1 : runs_[i + 1].start_us});
  }
  return out;
}

int BlinkCounter::count() const {
  return static_cast<int>(blinks().size());
}

int BlinkCounter::Count(LedColor color) const {
  int n = 0;
  for (const Blink& blink : blinks()) n += blink.color == color ? 1 : 0;
  return n;
}

std::optional<double> BlinkCounter::PeriodUs() const {
  const std::vector<Blink> all = blinks();
  if (all.size() < 2) return std::nullopt;
  return static_cast<double>(all.back().on_us - all.front().on_us) /
         static_cast<double>(all.size() - 1);
}

std::optional<double> BlinkCounter::MeanOnUs() const {
  double sum = 0.0;
  int n = 0;
  for (const Blink& blink : blinks()) {
    if (blink.off_us < 0) continue;
    sum += static_cast<double>(blink.off_us - blink.on_us);
    ++n;
  }
  if (n == 0) return std::nullopt;
  return sum / n;
}

}  // namespace lockrig::vision
