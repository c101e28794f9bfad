// Step::text renders a step on one line as it was written.
#include <gtest/gtest.h>

#include "tests/rig/scenario/test_files.h"

namespace lockrig::scenario {
namespace {

std::string TextOf(const std::string& step_yaml) {
  return testing::LoadText("scenario: t\nvars: {user: \"1\"}\nsteps:\n" + step_yaml).steps[0].text;
}

TEST(StepText, RendersAFlowMapOnOneLine) {
  EXPECT_EQ(TextOf("  - expect: {bolt: retracted, within: 2s}\n"),
            "expect: {bolt: retracted, within: 2s}");
}

TEST(StepText, RendersABlockMapInFlowStyle) {
  EXPECT_EQ(TextOf("  - expect:\n      beeps: 2\n      led: {color: green, blinks: 2}\n"),
            "expect: {beeps: 2, led: {color: green, blinks: 2}}");
}

TEST(StepText, KeepsVariablesAsWritten) {
  EXPECT_EQ(TextOf("  - enter: ${user}\n"), "enter: ${user}");
}

TEST(StepText, KeepsQuotedScalarsQuoted) {
  EXPECT_EQ(TextOf("  - press: [program, \"9\", lock]\n"), "press: [program, \"9\", lock]");
  EXPECT_EQ(TextOf("  - expect: {beeps: \">=1\"}\n"), "expect: {beeps: \">=1\"}");
}

TEST(StepText, ShowsACallWithItsArguments) {
  EXPECT_EQ(TextOf("  - call: press_code\n    with: {code: \"${user}\"}\n"),
            "call: press_code, with: {code: \"${user}\"}");
}

TEST(StepText, ElidesTheStepsOfControlBlocks) {
  EXPECT_EQ(TextOf("  - repeat:\n      times: 3\n      steps:\n        - wait: 1s\n"),
            "repeat: {times: 3, steps: [...]}");
  EXPECT_EQ(TextOf("  - sweep: {var: v, values: [1s, 2s], steps: [{wait: \"${v}\"}]}\n"),
            "sweep: {var: v, values: [1s, 2s], steps: [...]}");
}

}  // namespace
}  // namespace lockrig::scenario
