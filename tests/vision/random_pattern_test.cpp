#include "vision/random_pattern.h"

#include <random>

#include <gtest/gtest.h>

namespace lockrig::vision {
namespace {

constexpr std::int64_t kFrameUs = 33'333;

// Four LEDs each switching among red, green, amber and off every 80-300 ms.
RandomPatternDetector FeedRandom(std::uint64_t seed, std::int64_t length_us) {
  std::mt19937_64 rng(seed);
  const LedColor colours[] = {LedColor::kRed, LedColor::kGreen, LedColor::kAmber, LedColor::kOff};
  std::vector<LedColor> leds(4, LedColor::kOff);
  std::vector<std::int64_t> next(4, 0);
  RandomPatternDetector detector;
  for (std::int64_t t = 0; t < length_us; t += kFrameUs) {
    for (std::size_t k = 0; k < 4; ++k) {
      while (next[k] <= t) {
        leds[k] = colours[std::uniform_int_distribution<int>(0, 3)(rng)];
        next[k] += std::uniform_int_distribution<std::int64_t>(80'000, 300'000)(rng);
      }
    }
    detector.Add(t, leds);
  }
  return detector;
}

TEST(RandomPatternDetector, RecognisesLedsSwitchingIndependently) {
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    EXPECT_TRUE(FeedRandom(seed, 2'000'000).IsRandom()) << "seed " << seed;
  }
}

TEST(RandomPatternDetector, NeedsAWholeWindowFirst) {
  EXPECT_FALSE(FeedRandom(1, 1'000'000).IsRandom());
}

TEST(RandomPatternDetector, ACommonBlinkOnAllFourIsNotRandom) {
  RandomPatternDetector detector;
  for (std::int64_t t = 0; t < 3'000'000; t += kFrameUs) {
    detector.Add(t,
                 std::vector<LedColor>(4, (t / 250'000) % 2 ? LedColor::kAmber : LedColor::kOff));
  }
  EXPECT_FALSE(detector.IsRandom());
}

TEST(RandomPatternDetector, ASteadyMixedPatternIsNotRandom) {
  RandomPatternDetector detector;
  for (std::int64_t t = 0; t < 3'000'000; t += kFrameUs) {
    detector.Add(t, {LedColor::kGreen, LedColor::kGreen, LedColor::kAmber, LedColor::kAmber});
  }
  EXPECT_FALSE(detector.IsRandom());
}

TEST(RandomPatternDetector, PairsBlinkingInStepAreNotRandom) {
  // Different colours, but one common period: every change is on all four.
  RandomPatternDetector detector;
  for (std::int64_t t = 0; t < 3'000'000; t += kFrameUs) {
    const bool on = (t / 250'000) % 2 == 1;
    detector.Add(t,
                 {on ? LedColor::kRed : LedColor::kOff, on ? LedColor::kRed : LedColor::kOff,
                  on ? LedColor::kGreen : LedColor::kOff, on ? LedColor::kGreen : LedColor::kOff});
  }
  EXPECT_FALSE(detector.IsRandom());
}

}  // namespace
}  // namespace lockrig::vision
