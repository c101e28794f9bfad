#include "vision/blink_counter.h"

#include <gtest/gtest.h>

namespace lockrig::vision {
namespace {

constexpr std::int64_t kFrameUs = 33'333;

// Feeds `pattern` (one colour per 250 ms phase) sampled at 30 frames/s.
BlinkCounter Sampled(const std::vector<LedColor>& phases, std::int64_t phase_us = 250'000,
                     std::int64_t offset_us = 0) {
  BlinkCounter counter;
  const auto end = static_cast<std::int64_t>(phases.size()) * phase_us;
  for (std::int64_t t = offset_us; t < end; t += kFrameUs) {
    counter.Add(t, phases[static_cast<std::size_t>(t / phase_us)]);
  }
  return counter;
}

constexpr LedColor kOff = LedColor::kOff;
constexpr LedColor kRed = LedColor::kRed;

TEST(BlinkCounter, CountsThreeRedBlinksOfLowBattery) {
  const BlinkCounter c = Sampled({kOff, kRed, kOff, kRed, kOff, kRed, kOff, kOff});
  EXPECT_EQ(c.count(), 3);
  EXPECT_EQ(c.Count(kRed), 3);
  EXPECT_EQ(c.Count(LedColor::kGreen), 0);
}

TEST(BlinkCounter, MeasuresPeriodAndOnTimeToAFrame) {
  const BlinkCounter c =
      Sampled({kOff, kRed, kOff, kRed, kOff, kRed, kOff, kRed, kOff}, 250'000, 1234);
  ASSERT_TRUE(c.PeriodUs());
  EXPECT_NEAR(*c.PeriodUs(), 500'000, kFrameUs);
  ASSERT_TRUE(c.MeanOnUs());
  EXPECT_NEAR(*c.MeanOnUs(), 250'000, kFrameUs);
}

TEST(BlinkCounter, OneMisreadFrameNeitherAddsNorSplitsABlink) {
  BlinkCounter c;
  std::int64_t t = 0;
  auto feed = [&](LedColor color, int frames) {
    for (int i = 0; i < frames; ++i, t += kFrameUs) c.Add(t, color);
  };
  feed(kOff, 10);
  feed(kRed, 4);
  feed(kOff, 1);  // a misread inside the blink
  feed(kRed, 3);
  feed(kOff, 6);
  feed(LedColor::kAmber, 1);  // a misread between blinks
  feed(kOff, 6);
  EXPECT_EQ(c.count(), 1);
  EXPECT_EQ(c.blinks()[0].color, kRed);
}

TEST(BlinkCounter, BootsRedGreenAmberAreThreeBlinks) {
  const BlinkCounter c = Sampled({kOff, kRed, LedColor::kGreen, LedColor::kAmber, kOff}, 200'000);
  EXPECT_EQ(c.count(), 3);
  EXPECT_EQ(c.Count(LedColor::kGreen), 1);
}

TEST(BlinkCounter, CountsThroughDroppedFrames) {
  BlinkCounter c;
  for (std::int64_t t = 0; t < 3'000'000; t += kFrameUs) {
    if ((t / kFrameUs) % 4 == 1) continue;  // a quarter of the frames lost
    c.Add(t, (t / 250'000) % 2 == 1 ? kRed : kOff);
  }
  EXPECT_EQ(c.count(), 6);
}

TEST(BlinkCounter, ATrailingRunTooShortToJudgeIsNotCountedYet) {
  BlinkCounter c;
  c.Add(0, kOff);
  c.Add(300'000, kRed);
  c.Add(333'333, kRed);
  EXPECT_EQ(c.count(), 0);
  c.Add(450'000, kRed);
  EXPECT_EQ(c.count(), 1);
  EXPECT_EQ(c.blinks()[0].off_us, -1);  // still on
}

}  // namespace
}  // namespace lockrig::vision
