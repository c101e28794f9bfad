// Durations as scenarios write them, and as the engine renders them back
// (threshold trials bind their variable to a formatted duration).
#include <gtest/gtest.h>

#include "rig/scenario/duration.h"

namespace lockrig::scenario {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(ParseDuration, AcceptsEveryUnit) {
  EXPECT_EQ(ParseDuration("150ms"), milliseconds(150));
  EXPECT_EQ(ParseDuration("2s"), seconds(2));
  EXPECT_EQ(ParseDuration("5min"), seconds(300));
  EXPECT_EQ(ParseDuration("1h"), seconds(3600));
}

TEST(ParseDuration, AcceptsDecimals) {
  EXPECT_EQ(ParseDuration("1.5s"), milliseconds(1500));
  EXPECT_EQ(ParseDuration("30.5s"), milliseconds(30500));
  EXPECT_EQ(ParseDuration("29.95s"), milliseconds(29950));
  EXPECT_EQ(ParseDuration("0.25ms"), microseconds(250));
  EXPECT_EQ(ParseDuration("1.5min"), seconds(90));
}

TEST(ParseDuration, RefusesABareNumber) {
  EXPECT_EQ(ParseDuration("2"), std::nullopt);
  EXPECT_EQ(ParseDuration("0"), std::nullopt);
  EXPECT_EQ(ParseDuration("1.5"), std::nullopt);
}

TEST(ParseDuration, RefusesMalformedText) {
  for (const char* text : {"", "s", "2 s", " 2s", "2s ", "-2s", "+2s", "2sec", "2S", ".5s", "2.s",
                           "1e3ms", "2ms3", "2us", "abc", "1..2s"}) {
    EXPECT_EQ(ParseDuration(text), std::nullopt) << text;
  }
}

TEST(ParseDuration, RefusesPrecisionFinerThanAMicrosecond) {
  EXPECT_EQ(ParseDuration("0.0001ms"), std::nullopt);
  EXPECT_EQ(ParseDuration("1.0000001s"), std::nullopt);
  EXPECT_EQ(ParseDuration("1.000001s"), microseconds(1'000'001));
}

TEST(ParseDuration, RefusesNumbersTooLargeToHold) {
  EXPECT_EQ(ParseDuration("9999999999h"), std::nullopt);
  EXPECT_TRUE(ParseDuration("999999999h").has_value());
}

TEST(FormatDuration, WritesMillisecondsBelowOneSecond) {
  EXPECT_EQ(FormatDuration(milliseconds(150)), "150ms");
  EXPECT_EQ(FormatDuration(microseconds(1500)), "1.5ms");
  EXPECT_EQ(FormatDuration(microseconds(250)), "0.25ms");
}

TEST(FormatDuration, WritesSecondsFromOneSecond) {
  EXPECT_EQ(FormatDuration(seconds(2)), "2s");
  EXPECT_EQ(FormatDuration(milliseconds(1500)), "1.5s");
  EXPECT_EQ(FormatDuration(milliseconds(29950)), "29.95s");
  EXPECT_EQ(FormatDuration(seconds(3600)), "3600s");
  EXPECT_EQ(FormatDuration(microseconds(1'000'001)), "1.000001s");
}

TEST(FormatDuration, WritesZeroAndNegatives) {
  EXPECT_EQ(FormatDuration(microseconds(0)), "0s");
  EXPECT_EQ(FormatDuration(milliseconds(-150)), "-150ms");
}

TEST(FormatDuration, ReadsBackExactly) {
  for (std::int64_t us :
       {1LL, 999LL, 1000LL, 123456LL, 999999LL, 1000000LL, 29950000LL, 30012345LL, 86400000000LL}) {
    Duration d{us};
    EXPECT_EQ(ParseDuration(FormatDuration(d)), d) << FormatDuration(d);
  }
}

TEST(ParseDurationRange, TakesTheRightUnitForABareLeftNumber) {
  auto range = ParseDurationRange("0..2ms");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->low, microseconds(0));
  EXPECT_EQ(range->high, milliseconds(2));
}

TEST(ParseDurationRange, AcceptsUnitsOnBothEndsAndASingleDuration) {
  auto range = ParseDurationRange("500us..2ms");
  EXPECT_FALSE(range);  // us is not a unit of the format
  range = ParseDurationRange("1.5ms..2s");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->low, microseconds(1500));
  EXPECT_EQ(range->high, seconds(2));
  range = ParseDurationRange("3ms");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->low, range->high);
}

TEST(ParseDurationRange, RefusesReversedOrMalformedRanges) {
  EXPECT_FALSE(ParseDurationRange("2ms..1ms"));
  EXPECT_FALSE(ParseDurationRange("0..2"));
  EXPECT_FALSE(ParseDurationRange("..2ms"));
  EXPECT_FALSE(ParseDurationRange("0.."));
  EXPECT_FALSE(ParseDurationRange("a..2ms"));
}

}  // namespace
}  // namespace lockrig::scenario
