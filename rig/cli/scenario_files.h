// Finding scenario files: the CLI's PATHS may name files or folders; folders
// are searched recursively for *.yaml, skipping macro libraries (`lib/`).
#pragma once

#include <string>
#include <vector>

namespace lockrig::cli {

// Sorted, de-duplicated. Throws std::runtime_error for a path that does not
// exist.
std::vector<std::string> FindScenarioFiles(const std::vector<std::string>& paths);

// The macro folder for a scenario file: the nearest `lib/` folder beside the
// file or beside one of its parent folders, else `fallback`.
std::string MacroDirFor(const std::string& scenario_file, const std::string& fallback);

}  // namespace lockrig::cli
