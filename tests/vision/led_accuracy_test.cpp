// Frame-level LED accuracy: the fraction of frames in which every LED reads
// as its true colour, measured the way the simulated bench's oracle would.
#include <cstdio>
#include <random>

#include <gtest/gtest.h>

#include "tests/vision/face_fixture.h"

namespace lockrig::vision {
namespace {

double FrameAccuracy(int leds, double noise_sigma, int frames) {
  std::mt19937_64 rng(2024 + static_cast<std::uint64_t>(leds));
  const testing::Face face(leds, 99, noise_sigma);
  int right = 0;
  for (int i = 0; i < frames; ++i) {
    const sim::FaceTruth truth = testing::RandomTruth(rng, leds);
    if (face.ReadRegions(truth, static_cast<std::uint64_t>(i)).leds == truth.leds) ++right;
  }
  return static_cast<double>(right) / frames;
}

TEST(LedAccuracy, FourLedFramesReadRightAtLeast999PerMilleAtDefaultNoise) {
  const double accuracy = FrameAccuracy(4, 3.0, 4000);
  std::printf("four-LED frame accuracy at sigma 3: %.5f over 4000 frames\n", accuracy);
  RecordProperty("accuracy", std::to_string(accuracy));
  EXPECT_GE(accuracy, 0.999);
}

TEST(LedAccuracy, OneLedFramesReadRightAtLeast999PerMilleAtDefaultNoise) {
  const double accuracy = FrameAccuracy(1, 3.0, 4000);
  std::printf("one-LED frame accuracy at sigma 3: %.5f over 4000 frames\n", accuracy);
  EXPECT_GE(accuracy, 0.999);
}

TEST(LedAccuracy, StaysAbove999PerMilleAtFourTimesDefaultNoise) {
  const double accuracy = FrameAccuracy(4, 12.0, 2000);
  std::printf("four-LED frame accuracy at sigma 12: %.5f over 2000 frames\n", accuracy);
  EXPECT_GE(accuracy, 0.999);
}

}  // namespace
}  // namespace lockrig::vision
