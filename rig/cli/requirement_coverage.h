// Traceability of scenarios to the lock behaviour spec: which requirement
// ids (LB-AREA-N) the spec states, and which of them no scenario names in
// its `requirements:`.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace lockrig::cli {

// Every requirement id stated in the spec's text, in order of first
// appearance, leaving out ids marked withdrawn. Throws std::runtime_error if
// the file cannot be read or states no id.
std::vector<std::string> RequirementIdsInSpec(const std::string& spec_path);

struct Coverage {
  std::vector<std::string> ids;                                     // from the spec
  std::map<std::string, std::vector<std::string>> scenarios_by_id;  // id -> files
  std::vector<std::string> uncovered;
  std::vector<std::string> unknown;  // named by a scenario, absent from the spec
};

// `scenario_requirements`: file -> the ids its `requirements:` lists.
Coverage ComputeCoverage(
    const std::vector<std::string>& spec_ids,
    const std::map<std::string, std::vector<std::string>>& scenario_requirements);

}  // namespace lockrig::cli
