#include "tests/rig/scenario/test_files.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace lockrig::scenario::testing {

std::string TestDir() {
  return LOCKRIG_SCENARIO_TEST_DIR;
}
std::string TestMacroDir() {
  return TestDir() + "/testlib";
}
std::string StandardMacroDir() {
  return std::string(LOCKRIG_SOURCE_ROOT) + "/scenarios/lib";
}

namespace {

// One directory per test process, removed when the process ends.
struct ScratchDir {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("lockrig_scenario_test_" + std::to_string(::getpid()));
  ScratchDir() { std::filesystem::create_directories(path); }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace

std::string WriteScenario(const std::string& text) {
  static ScratchDir dir;
  static int counter = 0;
  auto path = dir.path / ("scenario_" + std::to_string(counter++) + ".yaml");
  std::ofstream(path) << text;
  return path.string();
}

Scenario LoadText(const std::string& text, const std::string& macro_dir,
                  const std::optional<std::string>& profile) {
  return LoadScenario(WriteScenario(text), macro_dir, profile);
}

std::string LoadError(const std::string& text, const std::string& macro_dir) {
  try {
    LoadText(text, macro_dir);
  } catch (const ScenarioError& e) {
    return std::to_string(e.where().line) + ":" + std::to_string(e.where().column) + ": " +
           e.message();
  }
  return "no error";
}

std::vector<Step> StepsOf(const std::string& steps_yaml, const std::string& profile) {
  return LoadText("scenario: t\nprofile: " + profile + "\nsteps:\n" + steps_yaml).steps;
}

}  // namespace lockrig::scenario::testing
