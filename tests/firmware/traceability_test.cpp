// Requirement traceability, checked rather than hoped for: every requirement
// id of shared/spec/lock-behavior.md (LB-AREA-N, less the ones marked
// withdrawn) must name at least one firmware test. Test names carry ids with
// underscores (TEST(Lockout, LB_LOCKOUT_7_...) traces LB-LOCKOUT-7).
//
// Host-only: it reads the spec and the test sources from the paths CMake
// passes in. A missing spec is a failure, not a skip: without it nothing
// is traced.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

bool ReadFile(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream out;
  out << in.rdbuf();
  *text = out.str();
  return true;
}

std::vector<std::string> Split(const std::string& joined, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(joined);
  while (std::getline(in, part, sep)) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

// Every id the spec mentions, less those whose definition marks them
// withdrawn: `- **LB-X-N** *(withdrawn)*`, `*withdrawn*`, or struck through.
struct SpecIds {
  std::set<std::string> all;
  std::set<std::string> withdrawn;
};

SpecIds IdsOfSpec(const std::string& spec) {
  SpecIds ids;
  const std::regex id_re("LB-[A-Z]+-[0-9]+");
  for (auto it = std::sregex_iterator(spec.begin(), spec.end(), id_re);
       it != std::sregex_iterator(); ++it) {
    ids.all.insert(it->str());
  }
  // The marker must follow the definition directly (the text of a live
  // requirement may say "not withdrawn").
  const std::regex withdrawn_re(
      R"((?:\*\*(LB-[A-Z]+-[0-9]+)\*\*\s*\*\(?[^*)]*withdrawn[^*)]*\)?\*)|(?:~~\s*\*\*(LB-[A-Z]+-[0-9]+)\*\*))",
      std::regex::icase);
  for (auto it = std::sregex_iterator(spec.begin(), spec.end(), withdrawn_re);
       it != std::sregex_iterator(); ++it) {
    ids.withdrawn.insert((*it)[1].matched ? (*it)[1].str() : (*it)[2].str());
  }
  return ids;
}

// Ids named by tests: LB_AREA_N in the sources, as LB-AREA-N.
std::set<std::string> IdsOfTests(const std::string& source) {
  std::set<std::string> ids;
  const std::regex id_re("LB_([A-Z]+)_([0-9]+)");
  for (auto it = std::sregex_iterator(source.begin(), source.end(), id_re);
       it != std::sregex_iterator(); ++it) {
    ids.insert("LB-" + (*it)[1].str() + "-" + (*it)[2].str());
  }
  return ids;
}

TEST(Traceability, ParsesIdsAndWithdrawnMarkers) {
  const SpecIds ids = IdsOfSpec(
      "- **LB-A-1** *(all)* shall.\n- **LB-A-2** *(withdrawn)* was.\n"
      "- **LB-B-3** *(all)* is not withdrawn.\n~~**LB-C-4**~~ dropped\n");
  EXPECT_EQ(ids.all, (std::set<std::string>{"LB-A-1", "LB-A-2", "LB-B-3", "LB-C-4"}));
  EXPECT_EQ(ids.withdrawn, (std::set<std::string>{"LB-A-2", "LB-C-4"}));
  EXPECT_EQ(IdsOfTests("TEST(X, LB_RESET_12_Foo) LB_POWER_1"),
            (std::set<std::string>{"LB-RESET-12", "LB-POWER-1"}));
}

TEST(Traceability, EveryRequirementIdHasAFirmwareTest) {
  std::string spec;
  ASSERT_TRUE(ReadFile(LOCKFW_SPEC_PATH, &spec))
      << "cannot read the lock behaviour spec at " << LOCKFW_SPEC_PATH
      << ": traceability cannot be checked without it";
  const SpecIds ids = IdsOfSpec(spec);
  ASSERT_FALSE(ids.all.empty()) << "no requirement ids (LB-AREA-N) found in " << LOCKFW_SPEC_PATH;

  std::set<std::string> tested;
  const std::vector<std::string> sources = Split(LOCKFW_TEST_SOURCES, '|');
  ASSERT_FALSE(sources.empty()) << "no firmware test sources passed in";
  for (const std::string& path : sources) {
    if (path.find("traceability_test.cpp") != std::string::npos) continue;  // its own examples
    std::string text;
    ASSERT_TRUE(ReadFile(path, &text)) << "cannot read test source " << path;
    for (const std::string& id : IdsOfTests(text)) tested.insert(id);
  }

  std::vector<std::string> missing;
  size_t live = 0;
  for (const std::string& id : ids.all) {
    if (ids.withdrawn.count(id) != 0) continue;
    ++live;
    if (tested.count(id) == 0) missing.push_back(id);
  }
  std::ostringstream list;
  for (const std::string& id : missing) list << ' ' << id;
  std::cout << "[ coverage ] requirement ids with a firmware test: " << (live - missing.size())
            << " / " << live << " (" << ids.withdrawn.size() << " withdrawn, not counted)\n";
  RecordProperty("requirement_coverage",
                 std::to_string(live - missing.size()) + "/" + std::to_string(live));
  EXPECT_TRUE(missing.empty()) << missing.size()
                               << " requirement id(s) with no test:" << list.str();

  // The other way round: a test naming an id the spec does not have is a typo.
  std::vector<std::string> unknown;
  for (const std::string& id : tested) {
    if (ids.all.count(id) == 0) unknown.push_back(id);
  }
  std::ostringstream ulist;
  for (const std::string& id : unknown) ulist << ' ' << id;
  EXPECT_TRUE(unknown.empty()) << "tests name id(s) the spec does not define:" << ulist.str();
}

}  // namespace
