// Running the viewers a test engineer opens results with (sigrok-cli,
// headless Chromium) from a test: find them on PATH, run them with a time
// limit, and capture what they print. Tests skip, naming the package, when
// a tool is not installed.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lockrig::reports::testing {

// The full path of the first of `names` found on PATH.
std::optional<std::string> FindTool(const std::vector<std::string>& names);

struct ToolRun {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs argv (no shell) under `timeout`, killing it after `seconds`.
ToolRun RunTool(const std::vector<std::string>& argv, int seconds = 120);

// A new empty directory under the system's temp directory.
std::string FreshTempDir(const std::string& prefix);

std::string Slurp(const std::string& path);

}  // namespace lockrig::reports::testing
