// expect, expect_not and measure, and the conditions they look for.
#include <gtest/gtest.h>

#include "tests/rig/scenario/test_files.h"

namespace lockrig::scenario {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::LoadError;
using testing::StepsOf;
using vision::BoltState;
using vision::LedColor;

Condition ExpectedCondition(const std::string& step_yaml,
                            const std::string& profile = "smartcode") {
  return std::get<Expect>(StepsOf("  - " + step_yaml + "\n", profile)[0].kind).condition;
}

TEST(ExpectStep, DefaultsWithinToTwoSeconds) {
  auto steps = StepsOf("  - expect: {bolt: retracted}\n  - expect: {bolt: extended, within: 4s}\n");
  EXPECT_EQ(std::get<Expect>(steps[0].kind).within, seconds(2));
  EXPECT_EQ(std::get<Expect>(steps[1].kind).within, seconds(4));
}

TEST(Conditions, ReadEveryBoltState) {
  EXPECT_EQ(ExpectedCondition("expect: {bolt: extended}").bolt, BoltState::kExtended);
  EXPECT_EQ(ExpectedCondition("expect: {bolt: retracted}").bolt, BoltState::kRetracted);
  EXPECT_EQ(ExpectedCondition("expect: {bolt: moving}").bolt, BoltState::kMoving);
  EXPECT_EQ(ExpectedCondition("expect: {bolt: stalled}").bolt, BoltState::kStalled);
}

TEST(Conditions, ReadEveryLedColour) {
  std::vector<std::pair<std::string, LedColor>> colours = {
      {"off", LedColor::kOff},     {"red", LedColor::kRed},   {"green", LedColor::kGreen},
      {"amber", LedColor::kAmber}, {"blue", LedColor::kBlue}, {"white", LedColor::kWhite}};
  for (const auto& [name, colour] : colours) {
    Condition c = ExpectedCondition("expect: {led: " + name + "}");
    ASSERT_TRUE(c.led);
    EXPECT_EQ(c.led->color, colour) << name;
    EXPECT_FALSE(c.led->blinks);
  }
}

TEST(Conditions, ReadColourNamesInAnyCaseAsVisionDoes) {
  EXPECT_EQ(ExpectedCondition("expect: {led: Amber}").led->color, LedColor::kAmber);
}

TEST(Conditions, ReadALedWithABlinkCount) {
  Condition c = ExpectedCondition("expect: {led: {color: green, blinks: 2}}");
  ASSERT_TRUE(c.led && c.led->blinks);
  EXPECT_EQ(c.led->color, LedColor::kGreen);
  EXPECT_EQ(c.led->blinks->op, Count::Op::kEqual);
  EXPECT_EQ(c.led->blinks->value, 2);
}

TEST(Conditions, ReadCountComparisons) {
  Condition c = ExpectedCondition("expect: {beeps: \">=1\", led: {color: blue, blinks: \"<=2\"}}");
  ASSERT_TRUE(c.beeps);
  EXPECT_EQ(c.beeps->op, Count::Op::kAtLeast);
  EXPECT_EQ(c.beeps->value, 1);
  EXPECT_EQ(c.led->blinks->op, Count::Op::kAtMost);
  EXPECT_EQ(c.led->blinks->value, 2);
  c = ExpectedCondition("expect: {beeps: \"3\"}");
  EXPECT_EQ(c.beeps->op, Count::Op::kEqual);
  EXPECT_EQ(c.beeps->value, 3);
}

TEST(Count, MatchesByItsComparison) {
  EXPECT_TRUE((Count{Count::Op::kEqual, 3}).Matches(3));
  EXPECT_FALSE((Count{Count::Op::kEqual, 3}).Matches(4));
  EXPECT_TRUE((Count{Count::Op::kAtLeast, 1}).Matches(5));
  EXPECT_FALSE((Count{Count::Op::kAtLeast, 1}).Matches(0));
  EXPECT_TRUE((Count{Count::Op::kAtMost, 2}).Matches(0));
  EXPECT_FALSE((Count{Count::Op::kAtMost, 2}).Matches(3));
}

TEST(Conditions, ReadLedsAsAListPerLedOrRandom) {
  Condition c = ExpectedCondition("expect: {leds: [green, green, amber, amber]}", "fourled");
  ASSERT_TRUE(c.leds);
  EXPECT_FALSE(c.leds->random);
  EXPECT_EQ(c.leds->colors, (std::vector<LedColor>{LedColor::kGreen, LedColor::kGreen,
                                                   LedColor::kAmber, LedColor::kAmber}));
  c = ExpectedCondition("expect: {leds: random}", "fourled");
  ASSERT_TRUE(c.leds);
  EXPECT_TRUE(c.leds->random);
  EXPECT_TRUE(c.leds->colors.empty());
}

TEST(Conditions, RefuseALedsListThatDoesNotMatchTheProfile) {
  EXPECT_EQ(LoadError("scenario: t\nsteps:\n  - expect: {leds: [green, green]}\n"),
            "3:20: 'leds' lists 2 LEDs, but profile smartcode has 1");
}

TEST(Conditions, ReadLongBeepAndQuiet) {
  Condition c = ExpectedCondition("expect: {beep: long, within: 2s}");
  EXPECT_TRUE(c.beep_long);
  EXPECT_FALSE(c.quiet);
  c = ExpectedCondition("expect: {quiet: true}");
  EXPECT_TRUE(c.quiet);
}

TEST(Conditions, CombineSeveralKeys) {
  Condition c =
      ExpectedCondition("expect: {beeps: 2, led: {color: green, blinks: 2}, bolt: retracted}");
  EXPECT_EQ(c.beeps->value, 2);
  EXPECT_EQ(c.led->blinks->value, 2);
  EXPECT_EQ(c.bolt, BoltState::kRetracted);
}

TEST(ExpectNotStep, NeedsForAndReadsIt) {
  auto steps = StepsOf("  - expect_not: {bolt: moving, for: 10s}\n");
  const auto& e = std::get<ExpectNot>(steps[0].kind);
  EXPECT_EQ(e.condition.bolt, BoltState::kMoving);
  EXPECT_EQ(e.for_duration, seconds(10));
  EXPECT_EQ(LoadError("scenario: t\nsteps:\n  - expect_not: {bolt: moving}\n"),
            "3:17: 'expect_not' needs 'for'");
}

TEST(MeasureStep, ReadsEveryLimit) {
  auto steps =
      StepsOf(R"(  - measure: {name: unlock, until: {bolt: retracted}, within: 3s, min: 200ms,
               max: 1.5s, marginal_min: 300ms, marginal_max: 1.2s}
)");
  const auto& m = std::get<Measure>(steps[0].kind);
  EXPECT_EQ(m.name, "unlock");
  EXPECT_EQ(m.until.bolt, BoltState::kRetracted);
  EXPECT_EQ(m.within, seconds(3));
  EXPECT_EQ(m.min, milliseconds(200));
  EXPECT_EQ(m.max, milliseconds(1500));
  EXPECT_EQ(m.marginal_min, milliseconds(300));
  EXPECT_EQ(m.marginal_max, milliseconds(1200));
}

TEST(MeasureStep, WaitsAtLeastAsLongAsMaxWhenWithinIsNotGiven) {
  auto steps = StepsOf(R"(  - measure: {name: lock, until: {bolt: extended}, max: 1.5s}
  - measure: {name: handing, until: {bolt: retracted}, max: 5s}
)");
  EXPECT_EQ(std::get<Measure>(steps[0].kind).within, seconds(2));
  EXPECT_FALSE(std::get<Measure>(steps[0].kind).min);
  EXPECT_EQ(std::get<Measure>(steps[1].kind).within, seconds(5));
}

TEST(MeasureStep, RefusesLimitsOutOfOrder) {
  EXPECT_EQ(LoadError("scenario: t\nsteps:\n  - measure: {name: a, until: {bolt: moving}, "
                      "min: 2s, max: 1s}\n"),
            "3:52: 'min' (2s) must not exceed 'max' (1s)");
  EXPECT_EQ(LoadError("scenario: t\nsteps:\n  - measure: {name: a, until: {bolt: moving}, "
                      "max: 3s, within: 2s}\n"),
            "3:52: 'max' (3s) must not exceed 'within' (2s)");
}

}  // namespace
}  // namespace lockrig::scenario
