// The standard macro library (scenarios/lib): every macro expands on every
// profile, or is refused there with its reason.
#include <gtest/gtest.h>

#include <map>

#include "tests/rig/scenario/test_files.h"

namespace lockrig::scenario {
namespace {

using testing::LoadText;
using testing::StandardMacroDir;

// Each standard macro with arguments for it.
const std::map<std::string, std::string> kCalls = {
    {"factory_reset", ""},
    {"set_master", "{code: \"13579\"}"},
    {"add_user", "{master: \"13579\", code: \"5791\"}"},
    {"add_user_no_master", "{code: \"5791\"}"},
    {"delete_user", "{master: \"13579\", code: \"5791\"}"},
    {"unlock", "{code: \"5791\"}"},
    {"lock", ""},
    {"door_handing", "{master: \"13579\"}"},
};

const std::vector<std::string> kProfiles = {
    "smartcode", "halo", "powerbolt250", "contemporary275", "legacy2code", "fourled", "generic"};

std::string CallScenario(const std::string& macro, const std::string& profile) {
  std::string with = kCalls.at(macro).empty() ? "" : "\n    with: " + kCalls.at(macro);
  return "scenario: t\nprofile: " + profile + "\nsteps:\n  - call: " + macro + with + "\n";
}

TEST(StandardMacros, ExpandOnEveryProfileOrSayWhyNot) {
  int expanded = 0;
  for (const auto& [macro, args] : kCalls) {
    for (const std::string& profile : kProfiles) {
      SCOPED_TRACE(macro + " on " + profile);
      try {
        Scenario s = LoadText(CallScenario(macro, profile), StandardMacroDir());
        EXPECT_FALSE(std::get<Group>(s.steps[0].kind).steps.empty());
        ++expanded;
      } catch (const ScenarioError& e) {
        EXPECT_NE(e.message().find("is not available on profile " + profile), std::string::npos)
            << e.what();
      }
    }
  }
  EXPECT_GE(expanded, 45);
}

TEST(StandardMacros, FactoryResetEndsAfterTheHandingCycle) {
  Scenario s = LoadText(CallScenario("factory_reset", "smartcode"), StandardMacroDir());
  const auto& steps = std::get<Group>(s.steps[0].kind).steps;
  ASSERT_GE(steps.size(), 2u);
  const auto& handing_ok = std::get<Expect>(steps[steps.size() - 2].kind).condition;
  ASSERT_TRUE(handing_ok.beeps && handing_ok.led && handing_ok.led->blinks);
  EXPECT_EQ(handing_ok.beeps->value, 2);
  EXPECT_EQ(handing_ok.led->color, vision::LedColor::kGreen);
}

TEST(StandardMacros, FactoryResetHoldsProgramAndLockOnFourled) {
  Scenario s = LoadText(CallScenario("factory_reset", "fourled"), StandardMacroDir());
  const auto& steps = std::get<Group>(s.steps[0].kind).steps;
  EXPECT_EQ(std::get<Hold>(steps[1].kind).key, "program");
  EXPECT_EQ(std::get<Hold>(steps[2].kind).key, "lock");
}

TEST(StandardMacros, SetMasterIsRefusedOnLegacy2code) {
  EXPECT_THROW(LoadText(CallScenario("set_master", "legacy2code"), StandardMacroDir()),
               ScenarioError);
}

}  // namespace
}  // namespace lockrig::scenario
