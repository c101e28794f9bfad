#include "vision/bolt_motion.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "tests/vision/face_fixture.h"

namespace lockrig::vision {
namespace {

constexpr std::int64_t kFrameUs = 33'333;  // 30 frames/s

// Feeds `positions` one frame apart and returns the states.
std::vector<BoltState> Feed(BoltMotion& motion, const std::vector<double>& positions,
                            std::int64_t frame_us = kFrameUs, std::int64_t start_us = 0) {
  std::vector<BoltState> states;
  for (std::size_t i = 0; i < positions.size(); ++i) {
    states.push_back(
        motion.Update(start_us + static_cast<std::int64_t>(i) * frame_us, positions[i]));
  }
  return states;
}

// Linear travel from `from` to `to` over `seconds` at 30 frames/s,
// including both ends.
std::vector<double> Travel(double from, double to, double seconds) {
  const int frames = static_cast<int>(std::lround(seconds * 30.0));
  std::vector<double> positions;
  for (int i = 0; i <= frames; ++i) positions.push_back(from + (to - from) * i / frames);
  return positions;
}

std::vector<double> Hold(double at, int frames, double noise, std::mt19937_64& rng) {
  std::normal_distribution<double> n(0.0, noise);
  std::vector<double> positions;
  for (int i = 0; i < frames; ++i) positions.push_back(at + n(rng));
  return positions;
}

TEST(BoltMotion, StillBoltNeverReadsMoving) {
  // Noise twice what vision shows on a still bolt.
  std::mt19937_64 rng(1);
  for (double at : {0.0, 0.01, 0.2, 0.5, 0.8, 0.99, 1.0}) {
    BoltMotion motion;
    for (BoltState s : Feed(motion, Hold(at, 3000, 0.002, rng))) {
      ASSERT_NE(s, BoltState::kMoving) << "at " << at;
    }
  }
}

TEST(BoltMotion, TravelOverEightHundredMillisecondsReadsMovingThenExtended) {
  BoltMotion motion;
  std::vector<double> trace = Travel(0.0, 1.0, 0.8);
  const std::size_t arrive = trace.size() - 1;
  trace.insert(trace.end(), 30, 1.0);
  const std::vector<BoltState> states = Feed(motion, trace);
  EXPECT_EQ(states.front(), BoltState::kRetracted);
  for (std::size_t i = 1; i < arrive; ++i) {
    EXPECT_EQ(states[i], BoltState::kMoving) << "frame " << i << " at " << trace[i];
  }
  for (std::size_t i = arrive; i < states.size(); ++i) EXPECT_EQ(states[i], BoltState::kExtended);
}

TEST(BoltMotion, RetractionReadsMovingThenRetracted) {
  BoltMotion motion;
  std::vector<double> trace(10, 1.0);
  const std::vector<double> travel = Travel(1.0, 0.0, 0.8);
  trace.insert(trace.end(), travel.begin(), travel.end());
  trace.insert(trace.end(), 10, 0.0);
  const std::vector<BoltState> states = Feed(motion, trace);
  EXPECT_EQ(states[9], BoltState::kExtended);
  EXPECT_EQ(states[12], BoltState::kMoving);
  EXPECT_EQ(states[30], BoltState::kMoving);
  EXPECT_EQ(states.back(), BoltState::kRetracted);
}

TEST(BoltMotion, StallBetweenEndsIsDetectedWithinTwoFrames) {
  // A jammed strike: the bolt stops at 0.45 and stays.
  std::mt19937_64 rng(3);
  BoltMotion motion;
  std::vector<double> trace = Travel(0.0, 0.45, 0.36);
  const std::size_t stop = trace.size() - 1;
  const std::vector<double> stuck = Hold(0.45, 60, 0.001, rng);
  trace.insert(trace.end(), stuck.begin(), stuck.end());
  const std::vector<BoltState> states = Feed(motion, trace);
  EXPECT_EQ(states[stop - 1], BoltState::kMoving);
  EXPECT_EQ(states[stop + 1], BoltState::kMoving);  // one still frame is not yet a stall
  for (std::size_t i = stop + 2; i < states.size(); ++i) {
    ASSERT_EQ(states[i], BoltState::kStalled) << "frame " << i;
  }
}

TEST(BoltMotion, StalledBoltThatMovesAgainReadsMoving) {
  BoltMotion motion;
  std::vector<double> trace = Travel(0.0, 0.5, 0.4);
  trace.insert(trace.end(), 10, 0.5);
  const std::size_t resume = trace.size();
  const std::vector<double> rest = Travel(0.5, 1.0, 0.4);
  trace.insert(trace.end(), rest.begin() + 1, rest.end());
  const std::vector<BoltState> states = Feed(motion, trace);
  EXPECT_EQ(states[resume - 1], BoltState::kStalled);
  EXPECT_EQ(states[resume], BoltState::kMoving);
  EXPECT_EQ(states.back(), BoltState::kExtended);
}

TEST(BoltMotion, StallWaitsForMinimumTimeOnAFastCamera) {
  // At 240 frames/s two frames are 8 ms; a stall needs 50 ms of stillness.
  BoltMotion motion;
  std::vector<double> trace{0.0, 0.1, 0.2, 0.3};
  trace.insert(trace.end(), 20, 0.3);
  const std::vector<BoltState> states = Feed(motion, trace, 4'167);
  EXPECT_EQ(states[3 + 11], BoltState::kMoving);   // 46 ms still
  EXPECT_EQ(states[3 + 12], BoltState::kStalled);  // 50 ms still
}

TEST(BoltMotion, BoltFirstSeenBetweenEndsIsStalled) {
  BoltMotion motion;
  EXPECT_EQ(motion.Update(0, 0.5), BoltState::kStalled);
}

TEST(BoltMotion, EndsAreReadWithinTolerance) {
  BoltMotion motion;
  EXPECT_EQ(motion.Update(0, 0.02), BoltState::kRetracted);
  motion.Reset();
  EXPECT_EQ(motion.Update(0, 0.98), BoltState::kExtended);
}

TEST(BoltMotion, UnreadableFrameKeepsTheState) {
  BoltMotion motion;
  Feed(motion, {0.0, 0.1, 0.2});
  EXPECT_EQ(motion.Update(100'000, std::numeric_limits<double>::quiet_NaN()), BoltState::kMoving);
  EXPECT_EQ(motion.state(), BoltState::kMoving);
}

TEST(BoltMotion, RenderedTravelReadsMovingThenExtended) {
  // The whole chain: virtual camera -> FaceReader -> BoltMotion.
  const testing::Face face(1, 77);
  BoltMotion motion;
  std::vector<double> trace(5, 0.0);
  const std::vector<double> travel = Travel(0.0, 1.0, 0.8);
  trace.insert(trace.end(), travel.begin() + 1, travel.end());
  trace.insert(trace.end(), 20, 1.0);
  std::vector<BoltState> states;
  for (std::size_t i = 0; i < trace.size(); ++i) {
    const double read = face.ReadRegions({{LedColor::kOff}, trace[i]}, i).bolt_position;
    states.push_back(motion.Update(static_cast<std::int64_t>(i) * kFrameUs, read));
  }
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(states[i], BoltState::kRetracted);
  for (std::size_t i = 6; i < 5 + 23; ++i) EXPECT_EQ(states[i], BoltState::kMoving) << i;
  for (std::size_t i = 5 + 24; i < states.size(); ++i) EXPECT_EQ(states[i], BoltState::kExtended);
}

TEST(BoltState, HasEngineerNames) {
  EXPECT_EQ(ToString(BoltState::kRetracted), "retracted");
  EXPECT_EQ(ToString(BoltState::kExtended), "extended");
  EXPECT_EQ(ToString(BoltState::kMoving), "moving");
  EXPECT_EQ(ToString(BoltState::kStalled), "stalled");
}

}  // namespace
}  // namespace lockrig::vision
