// The top level of a scenario file: name, requirements, profile, tags,
// requires, vars, setup, steps.
#include <gtest/gtest.h>

#include "tests/rig/scenario/test_files.h"

namespace lockrig::scenario {
namespace {

using testing::LoadError;
using testing::LoadText;
using testing::StandardMacroDir;

// The example of shared/design/scenario-format.md, verbatim.
constexpr const char* kFormatExample =
    R"(scenario: factory reset erases every code     # required: a one-line name
requirements: [LB-RESET-1, LB-RESET-3]         # ids from the lock behaviour spec
profile: smartcode                             # firmware model profile (default: smartcode)
tags: [reset, timing]
requires: [sim]                                # capabilities needed; else skipped with the reason
vars:
  master: "13579"
  user: "5791"                                 # not prefix-related to the master (LB-USER-4)
setup:                                         # a failure here is an error, not a test failure
  - call: factory_reset
  - call: set_master
    with: {code: "${master}"}                   # inside {...} a variable is quoted
  - call: add_user
    with: {master: "${master}", code: "${user}"}
steps:
  - power: off
  - hold: program
  - wait: 1s
  - power: on
  - wait: 30.5s
  - release: program
  - expect: {beep: long, within: 2s}                 # RESET_OK
  - expect: {beeps: 2, led: {color: green, blinks: 2}, within: 10s}  # handing cycle done
  - enter: ${user}
  - press: lock                                      # ends the entry
  - expect: {beeps: 3, led: red}                     # REJECT: the erased code is refused
)";

TEST(ScenarioFile, LoadsTheFormatExample) {
  Scenario s = LoadText(kFormatExample, StandardMacroDir());
  EXPECT_EQ(s.name, "factory reset erases every code");
  EXPECT_EQ(s.requirements, (std::vector<std::string>{"LB-RESET-1", "LB-RESET-3"}));
  EXPECT_EQ(s.profile, "smartcode");
  EXPECT_EQ(s.tags, (std::vector<std::string>{"reset", "timing"}));
  EXPECT_EQ(s.requires_capabilities, std::vector<std::string>{"sim"});
  ASSERT_EQ(s.setup.size(), 3u);
  EXPECT_EQ(std::get<Group>(s.setup[0].kind).macro, "factory_reset");
  EXPECT_EQ(std::get<Group>(s.setup[1].kind).macro, "set_master");
  EXPECT_EQ(std::get<Group>(s.setup[2].kind).macro, "add_user");
  ASSERT_EQ(s.steps.size(), 11u);
  EXPECT_EQ(std::get<Enter>(s.steps[8].kind).code, "5791");
  EXPECT_EQ(s.steps[10].text, "expect: {beeps: 3, led: red}");
}

TEST(ScenarioFile, DefaultsToSmartcodeAndEmptyLists) {
  Scenario s = LoadText("scenario: minimal\nsteps:\n  - wait: 1s\n");
  EXPECT_EQ(s.profile, "smartcode");
  EXPECT_TRUE(s.requirements.empty());
  EXPECT_TRUE(s.tags.empty());
  EXPECT_TRUE(s.requires_capabilities.empty());
  EXPECT_TRUE(s.setup.empty());
  EXPECT_EQ(s.steps.size(), 1u);
}

TEST(ScenarioFile, AcceptsEveryProfile) {
  for (const char* profile : {"smartcode", "halo", "powerbolt250", "contemporary275", "legacy2code",
                              "fourled", "generic"}) {
    Scenario s =
        LoadText(std::string("scenario: t\nprofile: ") + profile + "\nsteps:\n  - wait: 1s\n");
    EXPECT_EQ(s.profile, profile);
  }
}

TEST(ScenarioFile, LetsTheProfileOverrideReplaceTheFilesProfile) {
  Scenario s = LoadText("scenario: t\nprofile: halo\nsteps:\n  - wait: 1s\n",
                        testing::TestMacroDir(), "generic");
  EXPECT_EQ(s.profile, "generic");
}

TEST(ScenarioFile, RefusesAnUnknownProfileOverrideWithoutALine) {
  try {
    LoadText("scenario: t\nsteps:\n  - wait: 1s\n", testing::TestMacroDir(), "smartcod");
    FAIL() << "loaded";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().line, 0);
    EXPECT_EQ(std::string(e.what()), e.where().file + ": " + e.message());
    EXPECT_NE(e.message().find("\"smartcod\""), std::string::npos);
  }
}

TEST(ScenarioFile, ReportsAMissingFile) {
  try {
    LoadScenario("/nonexistent/x.yaml", StandardMacroDir());
    FAIL() << "loaded";
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/x.yaml: cannot open file");
  }
}

TEST(ScenarioFile, ErrorTextIsFileLineColumnMessage) {
  std::string path =
      testing::WriteScenario("scenario: t\nsteps:\n  - expect: {beep: long, within: 2}\n");
  try {
    LoadScenario(path, StandardMacroDir());
    FAIL() << "loaded";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), path + ":3:34: 'within' needs a duration like 2s, got \"2\"");
  }
}

TEST(ScenarioFile, RefusesMoreThanOneDocument) {
  EXPECT_EQ(LoadError("scenario: a\nsteps: [{wait: 1s}]\n---\nscenario: b\n"),
            "0:0: expected one YAML document, found 2");
}

TEST(ScenarioFile, RefusesAnEmptyFile) {
  EXPECT_EQ(LoadError(""),
            "1:1: a scenario file needs a map starting with 'scenario: NAME', got nothing");
}

}  // namespace
}  // namespace lockrig::scenario
