// The malformed corpus: each file in malformed/ starts with a comment
// `# error: LINE:COL: MESSAGE` giving the exact error it must be rejected
// with (macros from testlib/). An error inside a macro file names that file:
// `# error: rec_b.yaml:4:11: MESSAGE`.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

#include "tests/rig/scenario/test_files.h"

namespace lockrig::scenario {
namespace {

std::vector<std::string> MalformedFiles() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(testing::TestDir() + "/malformed")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ExpectedError(const std::string& path) {
  std::ifstream in(path);
  std::string first;
  std::getline(in, first);
  const std::string prefix = "# error: ";
  return first.rfind(prefix, 0) == 0 ? first.substr(prefix.size()) : "(no '# error:' line)";
}

class MalformedScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(MalformedScenario, IsRejectedWithItsExpectedError) {
  const std::string& path = GetParam();
  try {
    LoadScenario(path, testing::TestMacroDir());
    FAIL() << path << " loaded";
  } catch (const ScenarioError& e) {
    std::string got = std::to_string(e.where().line) + ":" + std::to_string(e.where().column) +
                      ": " + e.message();
    EXPECT_EQ(std::string(e.what()), e.where().file + ":" + got);
    if (e.where().file != path) {
      got = std::filesystem::path(e.where().file).filename().string() + ":" + got;
    }
    EXPECT_EQ(got, ExpectedError(path));
  }
}

TEST(MalformedCorpus, HasAtLeastThirtyFiles) {
  EXPECT_GE(MalformedFiles().size(), 30u);
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = std::filesystem::path(info.param).stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, MalformedScenario, ::testing::ValuesIn(MalformedFiles()),
                         TestName);

}  // namespace
}  // namespace lockrig::scenario
