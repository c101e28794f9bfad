// repeat, sweep and threshold: their fields, and bodies resolved per cycle,
// value or trial, with errors inside found at load time.
#include <gtest/gtest.h>

#include "tests/rig/scenario/test_files.h"

namespace lockrig::scenario {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::LoadError;
using testing::StepsOf;

TEST(RepeatStep, ReadsTimesAndStopOnFailure) {
  auto steps = StepsOf(R"(  - repeat:
      times: 10000
      stop_on_failure: false
      steps:
        - press: lock
  - repeat: {times: 3, steps: [{wait: 1s}]}
)");
  const auto& endurance = std::get<Repeat>(steps[0].kind);
  EXPECT_EQ(endurance.times, 10000);
  EXPECT_FALSE(endurance.stop_on_failure);
  EXPECT_TRUE(std::get<Repeat>(steps[1].kind).stop_on_failure);
}

TEST(RepeatStep, BindsCycleInItsBody) {
  auto steps = StepsOf(R"(  - repeat:
      times: 5
      steps:
        - log: cycle ${cycle}
        - enter: "100${cycle}"
)");
  const auto& repeat = std::get<Repeat>(steps[0].kind);
  auto body = repeat.body->Resolve({{"cycle", "4"}});
  ASSERT_EQ(body.size(), 2u);
  EXPECT_EQ(std::get<Log>(body[0].kind).text, "cycle 4");
  EXPECT_EQ(std::get<Enter>(body[1].kind).code, "1004");
  EXPECT_EQ(body[1].where.line, 8);  // after the 3 header lines StepsOf adds
}

TEST(RepeatStep, BodySeesTheScenarioVariables) {
  auto s = testing::LoadText(R"(scenario: t
vars: {user: "5791"}
steps:
  - repeat: {times: 2, steps: [{enter: "${user}"}]}
)");
  auto body = std::get<Repeat>(s.steps[0].kind).body->Resolve({{"cycle", "1"}});
  EXPECT_EQ(std::get<Enter>(body[0].kind).code, "5791");
}

TEST(RepeatStep, ReportsErrorsInsideItsBodyAtLoad) {
  EXPECT_EQ(LoadError(R"(scenario: t
steps:
  - repeat:
      times: 2
      steps:
        - wait: 2
)"),
            "6:17: 'wait' needs a duration like 2s, got \"2\"");
}

TEST(SweepStep, BindsItsVariableToEachValue) {
  auto steps = StepsOf(R"(  - sweep:
      var: hold
      values: [29s, 29.5s, 30s, 30.5s]
      steps:
        - wait: ${hold}
)");
  const auto& sweep = std::get<Sweep>(steps[0].kind);
  EXPECT_EQ(sweep.var, "hold");
  EXPECT_EQ(sweep.values, (std::vector<std::string>{"29s", "29.5s", "30s", "30.5s"}));
  auto body = sweep.body->Resolve({{"hold", "29.5s"}});
  EXPECT_EQ(std::get<Wait>(body[0].kind).duration, milliseconds(29500));
}

TEST(SweepStep, ChecksEveryValueAtLoad) {
  EXPECT_EQ(LoadError(R"(scenario: t
steps:
  - sweep:
      var: hold
      values: [29s, 29.5, 30s]
      steps:
        - wait: ${hold}
)"),
            "7:17: 'wait' needs a duration like 2s, got \"29.5\" (from \"${hold}\")");
}

TEST(ThresholdStep, ReadsBoundsResolutionAndLimits) {
  auto steps = StepsOf(R"(  - threshold:
      var: hold
      low: 25s
      high: 35s
      resolution: 10ms
      min: 29.9s
      max: 30.1s
      steps:
        - hold: program
        - wait: ${hold}
        - release: program
)");
  const auto& t = std::get<Threshold>(steps[0].kind);
  EXPECT_EQ(t.var, "hold");
  EXPECT_EQ(t.low, seconds(25));
  EXPECT_EQ(t.high, seconds(35));
  EXPECT_EQ(t.resolution, milliseconds(10));
  EXPECT_EQ(t.min, milliseconds(29900));
  EXPECT_EQ(t.max, milliseconds(30100));
  auto body = t.body->Resolve({{"hold", "29.95s"}});
  EXPECT_EQ(std::get<Wait>(body[1].kind).duration, milliseconds(29950));
}

TEST(ThresholdStep, LeavesMinAndMaxOptional) {
  auto steps = StepsOf(
      "  - threshold: {var: t, low: 1s, high: 2s, resolution: 10ms, steps: [{wait: \"${t}\"}]}\n");
  const auto& t = std::get<Threshold>(steps[0].kind);
  EXPECT_FALSE(t.min);
  EXPECT_FALSE(t.max);
}

TEST(ControlBlocks, NestAndShadowOuterVariables) {
  auto steps = StepsOf(R"(  - repeat:
      times: 2
      steps:
        - sweep:
            var: volts
            values: ["4.5", "6.0"]
            steps:
              - sim: {battery_volts: "${volts}"}
              - log: ${cycle}/${volts}
)");
  auto outer = std::get<Repeat>(steps[0].kind).body->Resolve({{"cycle", "1"}});
  const auto& sweep = std::get<Sweep>(outer[0].kind);
  auto inner = sweep.body->Resolve({{"volts", "6.0"}});
  EXPECT_EQ(std::get<Log>(inner[1].kind).text, "1/6.0");
}

}  // namespace
}  // namespace lockrig::scenario
