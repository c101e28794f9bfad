// The expectation conditions of scenario-format.md judged on hand-made
// timelines: what a test engineer would call a beep, a blink, a bolt state.
#include "rig/engine/condition_judge.h"

#include <gtest/gtest.h>

namespace lockrig {
namespace {

using namespace std::chrono_literals;
using scenario::Condition;
using scenario::Count;
using vision::BoltState;
using vision::LedColor;

constexpr Timestamp kFrame = 33333us;

// A timeline with one LED, sampled at 30 fps over [0, until), where the LED
// shows `color_at(t)` and the bolt `bolt_at(t)`.
template <typename LedFn, typename BoltFn>
Timeline Sampled(Timestamp until, LedFn color_at, BoltFn bolt_at) {
  Timeline t;
  for (Timestamp at{0}; at < until; at += kFrame) {
    t.AddSample({at, {color_at(at)}, 0.0, bolt_at(at)});
  }
  return t;
}

Timeline Dark(Timestamp until) {
  return Sampled(
      until, [](Timestamp) { return LedColor::kOff; },
      [](Timestamp) { return BoltState::kExtended; });
}

void Beep(Timeline& t, Timestamp on, Timestamp length) {
  t.AddBuzzerEdge(on, true);
  t.AddBuzzerEdge(on + length, false);
}

Condition Beeps(int n, Count::Op op = Count::Op::kEqual) {
  Condition c;
  c.beeps = Count{op, n};
  return c;
}

TEST(ConditionJudge, CountsShortBeepsFromTheWindowStart) {
  Timeline t = Dark(2s);
  Beep(t, 100ms, 100ms);
  Beep(t, 300ms, 100ms);
  Beep(t, 500ms, 100ms);
  ConditionJudge judge(t);
  EXPECT_EQ(judge.ShortBeeps(0us, 2s), 3);
  EXPECT_EQ(judge.ShortBeeps(250ms, 2s), 2);  // the first beep began before the window
  EXPECT_TRUE(judge.Holds(Beeps(3), 0us, 1s));
  EXPECT_FALSE(judge.Holds(Beeps(2), 0us, 1s));
  EXPECT_TRUE(judge.Holds(Beeps(2, Count::Op::kAtLeast), 0us, 1s));
  EXPECT_FALSE(judge.Holds(Beeps(2, Count::Op::kAtMost), 0us, 1s));
}

TEST(ConditionJudge, ThirdBeepIsSeenAtItsOnEdge) {
  Timeline t = Dark(2s);
  Beep(t, 100ms, 100ms);
  Beep(t, 300ms, 100ms);
  Beep(t, 500ms, 100ms);
  ConditionJudge judge(t);
  EXPECT_EQ(judge.FirstHolding(Beeps(3), 0us, 0us, 2s), 500ms);
}

TEST(ConditionJudge, ATone1sLongIsALongBeepNotAShortOne) {
  Timeline t = Dark(3s);
  Beep(t, 200ms, 1500ms);
  ConditionJudge judge(t);
  Condition long_beep;
  long_beep.beep_long = true;
  EXPECT_FALSE(judge.Holds(long_beep, 0us, 1100ms));  // lasted 0.9 s so far
  EXPECT_EQ(judge.FirstHolding(long_beep, 0us, 0us, 3s), 1200ms);
  EXPECT_EQ(judge.ShortBeeps(0us, 3s), 0);
  EXPECT_EQ(judge.LongBeeps(0us, 3s), 1);
}

TEST(ConditionJudge, CountsBlinksAsOnPhasesOfThatColour) {
  // green x2: 250 ms on, 250 ms off, from 1 s.
  Timeline t = Sampled(
      3s,
      [](Timestamp at) {
        const bool on = (at >= 1s && at < 1250ms) || (at >= 1500ms && at < 1750ms);
        return on ? LedColor::kGreen : LedColor::kOff;
      },
      [](Timestamp) { return BoltState::kRetracted; });
  ConditionJudge judge(t);
  EXPECT_EQ(judge.Blinks(LedColor::kGreen, 0us, 3s), 2);
  EXPECT_EQ(judge.Blinks(LedColor::kGreen, 1100ms, 3s), 1);  // the first was already on
  EXPECT_EQ(judge.Blinks(LedColor::kRed, 0us, 3s), 0);
  Condition two_green;
  two_green.led = scenario::LedCondition{LedColor::kGreen, Count{Count::Op::kEqual, 2}};
  auto at = judge.FirstHolding(two_green, 0us, 0us, 3s);
  ASSERT_TRUE(at);
  EXPECT_GE(*at, 1500ms);
  EXPECT_LT(*at, 1500ms + kFrame);
}

TEST(ConditionJudge, AllKeysMustHoldAtTheSameInstant) {
  // Red LED during 0..1 s, three beeps in the first 0.6 s; the bolt extends
  // only at 2 s: "three beeps and red LED" holds, "and extended" does not.
  Timeline t = Sampled(
      3s, [](Timestamp at) { return at < 1s ? LedColor::kRed : LedColor::kOff; },
      [](Timestamp at) { return at < 2s ? BoltState::kRetracted : BoltState::kExtended; });
  Beep(t, 0us, 100ms);
  Beep(t, 200ms, 100ms);
  Beep(t, 400ms, 100ms);
  ConditionJudge judge(t);
  Condition reject = Beeps(3);
  reject.led = scenario::LedCondition{LedColor::kRed, std::nullopt};
  EXPECT_TRUE(judge.FirstHolding(reject, 0us, 0us, 3s));
  Condition impossible = reject;
  impossible.bolt = BoltState::kExtended;
  EXPECT_FALSE(judge.FirstHolding(impossible, 0us, 0us, 3s));
}

TEST(ConditionJudge, QuietMeansNoLedAndNoTone) {
  Timeline t = Dark(2s);
  Beep(t, 500ms, 100ms);
  ConditionJudge judge(t);
  Condition quiet;
  quiet.quiet = true;
  EXPECT_TRUE(judge.Holds(quiet, 0us, 400ms));
  EXPECT_FALSE(judge.Holds(quiet, 0us, 550ms));
  EXPECT_TRUE(judge.Holds(quiet, 0us, 700ms));
}

TEST(ConditionJudge, SaysWhatWasSeenInATestEngineersWords) {
  Timeline t = Sampled(
      2s, [](Timestamp at) { return at < 1s ? LedColor::kRed : LedColor::kOff; },
      [](Timestamp) { return BoltState::kExtended; });
  Beep(t, 0us, 100ms);
  Beep(t, 200ms, 100ms);
  Beep(t, 400ms, 100ms);
  ConditionJudge judge(t);
  EXPECT_EQ(judge.DescribeSeen(0us, 2s),
            "bolt stayed extended; LED off, 1 red blink; 3 short beeps");
}

TEST(ConditionJudge, DescribesTheConditionAsWritten) {
  Condition c = Beeps(3);
  c.led = scenario::LedCondition{LedColor::kRed, std::nullopt};
  c.bolt = BoltState::kExtended;
  EXPECT_EQ(Describe(c), "bolt extended, LED red, 3 short beeps");
}

}  // namespace
}  // namespace lockrig
