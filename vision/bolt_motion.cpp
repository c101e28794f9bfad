#include "vision/bolt_motion.h"

#include <algorithm>
#include <cmath>

namespace lockrig::vision {

std::string_view ToString(BoltState state) {
  switch (state) {
    case BoltState::kRetracted:
      return "retracted";
    case BoltState::kExtended:
      return "extended";
    case BoltState::kMoving:
      return "moving";
    case BoltState::kStalled:
      return "stalled";
  }
  return "unknown";
}

BoltState BoltMotion::Update(std::int64_t captured_us, double position) {
  if (!std::isfinite(position)) return state_;
  position = std::clamp(position, 0.0, 1.0);

  const bool left_spot =
      started_ && std::abs(position - settle_sum_ / settle_count_) > tuning_.still_tolerance;
  if (!started_ || left_spot) {
    // A new spot: the frame that moved is its first sample. The spot's mean,
    // not the last sample, is the reference, so noise does not add up.
    moved_ = started_;
    started_ = true;
    settle_sum_ = position;
    settle_count_ = 1;
    settled_us_ = captured_us;
  } else {
    settle_sum_ += position;
    ++settle_count_;
  }

  const int still_frames = settle_count_ - 1;
  const bool settled =
      still_frames >= tuning_.stall_frames && captured_us - settled_us_ >= tuning_.stall_min_us;
  if (position <= tuning_.end_tolerance) {
    state_ = BoltState::kRetracted;
  } else if (position >= 1.0 - tuning_.end_tolerance) {
    state_ = BoltState::kExtended;
  } else if (!moved_ || settled) {
    state_ = BoltState::kStalled;
  } else {
    state_ = BoltState::kMoving;
  }
  return state_;
}

}  // namespace lockrig::vision
