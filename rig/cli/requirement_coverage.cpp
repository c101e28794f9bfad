#include "rig/cli/requirement_coverage.h"

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

namespace lockrig::cli {

std::vector<std::string> RequirementIdsInSpec(const std::string& spec_path) {
  std::ifstream in(spec_path);
  if (!in) throw std::runtime_error("cannot read the spec " + spec_path);
  // Requirements are stated as "- **LB-AREA-N** *(profiles)* ...": only
  // those lines define ids; elsewhere ids are merely referred to.
  static const std::regex kStated(R"(^\s*-\s*\*\*(LB-[A-Z]+-[0-9]+)\*\*(.*)$)");
  std::vector<std::string> ids;
  std::set<std::string> seen;
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, kStated)) continue;
    if (m[2].str().find("withdrawn") != std::string::npos) continue;
    if (seen.insert(m[1]).second) ids.push_back(m[1]);
  }
  if (ids.empty()) throw std::runtime_error(spec_path + " states no requirement id (LB-AREA-N)");
  return ids;
}

Coverage ComputeCoverage(
    const std::vector<std::string>& spec_ids,
    const std::map<std::string, std::vector<std::string>>& scenario_requirements) {
  Coverage c;
  c.ids = spec_ids;
  const std::set<std::string> known(spec_ids.begin(), spec_ids.end());
  std::set<std::string> unknown;
  for (const auto& [file, ids] : scenario_requirements) {
    for (const auto& id : ids) {
      if (known.count(id)) {
        c.scenarios_by_id[id].push_back(file);
      } else {
        unknown.insert(id);
      }
    }
  }
  for (const auto& id : spec_ids) {
    if (!c.scenarios_by_id.count(id)) c.uncovered.push_back(id);
  }
  c.unknown.assign(unknown.begin(), unknown.end());
  return c;
}

}  // namespace lockrig::cli
