// `call:` expands a macro from the library into a Group step.
#include <gtest/gtest.h>

#include "tests/rig/scenario/test_files.h"

namespace lockrig::scenario {
namespace {

using testing::LoadError;
using testing::LoadText;
using testing::TestMacroDir;

TEST(CallStep, ExpandsIntoAGroupNamedAfterTheMacro) {
  Scenario s = LoadText(R"(scenario: t
vars: {user: "5791"}
steps:
  - call: press_code
    with: {code: "${user}"}
)");
  ASSERT_EQ(s.steps.size(), 1u);
  const auto& group = std::get<Group>(s.steps[0].kind);
  EXPECT_EQ(group.macro, "press_code");
  ASSERT_EQ(group.steps.size(), 2u);
  EXPECT_EQ(std::get<Enter>(group.steps[0].kind).code, "5791");
}

TEST(CallStep, KeepsTheCallSiteOnTheGroupAndTheMacroFileOnItsSteps) {
  Scenario s = LoadText("scenario: t\nsteps:\n  - call: press_code\n    with: {code: \"1\"}\n");
  EXPECT_EQ(s.steps[0].where.file, s.file);
  EXPECT_EQ(s.steps[0].where.line, 3);
  const auto& group = std::get<Group>(s.steps[0].kind);
  EXPECT_EQ(group.steps[0].where.file, TestMacroDir() + "/press_code.yaml");
  EXPECT_EQ(group.steps[0].where.line, 5);
  EXPECT_EQ(group.steps[0].where.column, 5);
}

TEST(CallStep, ExpandsMacrosCalledFromMacros) {
  Scenario s = LoadText("scenario: t\nsteps:\n  - call: press_code\n    with: {code: \"12\"}\n");
  const auto& inner = std::get<Group>(std::get<Group>(s.steps[0].kind).steps[1].kind);
  EXPECT_EQ(inner.macro, "end_entry");
  EXPECT_EQ(std::get<Press>(inner.steps[0].kind).keys, std::vector<std::string>{"lock"});
  EXPECT_EQ(inner.steps[0].where.file, TestMacroDir() + "/end_entry.yaml");
}

TEST(CallStep, SelectsTheStepsOfTheScenarioProfile) {
  const std::string text = "scenario: t\nsteps:\n  - call: per_profile\n    with: {code: \"1\"}\n";
  auto group_of = [](const Scenario& s) { return std::get<Group>(s.steps[0].kind); };
  Group plain = group_of(LoadText(text));
  ASSERT_EQ(plain.steps.size(), 1u);
  EXPECT_EQ(std::get<Log>(plain.steps[0].kind).text, "default 1");
  Group variant = group_of(LoadText(text, TestMacroDir(), "powerbolt250"));
  ASSERT_EQ(variant.steps.size(), 2u);
  EXPECT_EQ(std::get<Log>(variant.steps[0].kind).text, "powerbolt250 1");
}

TEST(CallStep, HonoursTheProfileOverride) {
  Scenario s = LoadText("scenario: t\nprofile: halo\nsteps:\n  - call: only_fourled\n",
                        TestMacroDir(), "fourled");
  EXPECT_EQ(s.profile, "fourled");
  EXPECT_EQ(std::get<Group>(s.steps[0].kind).steps.size(), 1u);
}

TEST(CallStep, RefusesAProfileTheMacroDoesNotSupport) {
  EXPECT_EQ(LoadError("scenario: t\nprofile: legacy2code\nsteps:\n  - call: per_profile\n"
                      "    with: {code: \"1\"}\n"),
            "4:11: macro 'per_profile' is not available on profile legacy2code: legacy2code has "
            "no such thing");
  EXPECT_EQ(LoadError("scenario: t\nsteps:\n  - call: only_fourled\n"),
            "3:11: macro 'only_fourled' has no steps for profile smartcode");
}

TEST(CallStep, NeedsEveryParameterAndNoOther) {
  EXPECT_EQ(LoadError("scenario: t\nsteps:\n  - call: press_code\n"),
            "3:11: macro 'press_code' needs parameter 'code' (with: {code: ...})");
  EXPECT_EQ(
      LoadError("scenario: t\nsteps:\n  - call: press_code\n    with: {code: \"1\", cod: \"2\"}\n"),
      "4:23: macro 'press_code' has no parameter 'cod' (its parameters: code)");
  EXPECT_EQ(LoadError("scenario: t\nsteps:\n  - call: end_entry\n    with: {code: \"1\"}\n"),
            "4:12: macro 'end_entry' has no parameter 'code' (it takes none)");
}

TEST(CallStep, GivesTheMacroOnlyItsParameters) {
  EXPECT_EQ(LoadError("scenario: t\nvars: {user: \"1\"}\nsteps:\n  - call: uses_caller_var\n"),
            "4:12: unknown variable 'user' (no variables are defined here)");
}

TEST(CallStep, ReportsErrorsInsideTheMacroAtTheMacroFile) {
  try {
    LoadText("scenario: t\nsteps:\n  - call: bad_step\n    with: {code: \"1\"}\n");
    FAIL() << "loaded";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().file, TestMacroDir() + "/bad_step.yaml");
    EXPECT_EQ(e.where().line, 5);
    EXPECT_EQ(e.where().column, 11);
  }
}

TEST(CallStep, RefusesRecursionNamingTheChain) {
  try {
    LoadText("scenario: t\nsteps:\n  - call: rec_a\n");
    FAIL() << "loaded";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.message(), "macro recursion: rec_a -> rec_b -> rec_a");
    EXPECT_EQ(e.where().file, TestMacroDir() + "/rec_b.yaml");
  }
}

TEST(CallStep, WorksInsideRepeatWithTheCycle) {
  Scenario s = LoadText(R"(scenario: t
steps:
  - repeat:
      times: 3
      steps:
        - call: press_code
          with: {code: "99${cycle}"}
)");
  auto body = std::get<Repeat>(s.steps[0].kind).body->Resolve({{"cycle", "2"}});
  const auto& group = std::get<Group>(body[0].kind);
  EXPECT_EQ(std::get<Enter>(group.steps[0].kind).code, "992");
}

}  // namespace
}  // namespace lockrig::scenario
