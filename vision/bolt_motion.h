// Turns the bolt positions read from successive frames into what a test
// engineer calls the bolt's state: at an end, moving, or stalled between ends.
//
// "Moving" needs evidence: the position has left the spot where it last
// settled by more than a tolerance well above vision's noise, so a still bolt
// never reads moving. A bolt that has moved and then stays put between the
// ends for a few frames (and a minimum time, for fast cameras) is stalled.
// A bolt first seen between the ends, never seen moving, is stalled at once.
#pragma once

#include <cstdint>
#include <string_view>

namespace lockrig::vision {

enum class BoltState { kRetracted, kExtended, kMoving, kStalled };

std::string_view ToString(BoltState state);

struct BoltMotionTuning {
  // Within this of 0 or 1 the bolt is at that end.
  double end_tolerance = 0.03;
  // Moves smaller than this from where the bolt settled are noise. Vision
  // reads a still bolt to about 0.001; 0.01 is two pixels on a 200 px track.
  double still_tolerance = 0.01;
  // A bolt that moved is stalled after this many frames without moving...
  int stall_frames = 2;
  // ...spanning at least this much capture time.
  std::int64_t stall_min_us = 50'000;
};

class BoltMotion {
 public:
  BoltMotion() = default;
  explicit BoltMotion(BoltMotionTuning tuning) : tuning_(tuning) {}

  // Feed each frame's position (0..1) with its capture time in microseconds;
  // returns the state as of that frame. A position that is not a finite
  // number (a frame vision could not read) leaves the state unchanged.
  BoltState Update(std::int64_t captured_us, double position);

  // The state returned by the last Update (retracted before any).
  BoltState state() const { return state_; }
  // Forgets the history, as after a gap in the frames.
  void Reset() { *this = BoltMotion(tuning_); }

 private:
  BoltMotionTuning tuning_;
  BoltState state_ = BoltState::kRetracted;
  bool started_ = false;
  bool moved_ = false;  // the current settle spot was reached by moving
  // Where the bolt settled: the mean of the positions since it last moved.
  double settle_sum_ = 0.0;
  int settle_count_ = 0;
  std::int64_t settled_us_ = 0;
};

}  // namespace lockrig::vision
