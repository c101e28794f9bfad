// Helpers for the scenario loader tests: write a scenario's text to a fresh
// temporary file and load it, with macros from tests/rig/scenario/testlib
// unless a test names another directory.
#pragma once

#include <optional>
#include <string>

#include "rig/scenario/scenario.h"

namespace lockrig::scenario::testing {

std::string TestDir();           // tests/rig/scenario
std::string TestMacroDir();      // tests/rig/scenario/testlib
std::string StandardMacroDir();  // scenarios/lib

// Writes `text` to a new file and returns its path.
std::string WriteScenario(const std::string& text);

Scenario LoadText(const std::string& text, const std::string& macro_dir = TestMacroDir(),
                  const std::optional<std::string>& profile = std::nullopt);

// Loads `text` expecting a ScenarioError; returns "line:col: message", or
// "no error" if it loaded.
std::string LoadError(const std::string& text, const std::string& macro_dir = TestMacroDir());

// The steps of a scenario whose `steps:` are `steps_yaml` (a block list).
std::vector<Step> StepsOf(const std::string& steps_yaml, const std::string& profile = "smartcode");

}  // namespace lockrig::scenario::testing
