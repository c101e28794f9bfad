// A malformed scenario is rejected before anything is actuated: for every
// file of the malformed corpus, `lockrig run` reports the error with its
// file:line:col and the bench records zero actions.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "rig/cli/commands.h"

namespace lockrig::cli {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(LOCKRIG_SOURCE_DIR) / "tests/rig/scenario/malformed";

std::vector<std::string> CorpusFiles() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(kCorpus)) {
    if (e.path().extension() == ".yaml") files.push_back(e.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class MalformedScenario : public testing::TestWithParam<std::string> {};

TEST_P(MalformedScenario, IsAnErrorAndActuatesNothing) {
  const fs::path file = kCorpus / GetParam();
  // The corpus states each file's expected error on its first line.
  std::string first_line;
  std::getline(std::ifstream(file) >> std::ws, first_line);
  const std::string prefix = "# error: ";
  ASSERT_EQ(first_line.rfind(prefix, 0), 0u) << file;
  const std::string expected = first_line.substr(prefix.size());

  const fs::path out = fs::temp_directory_path() / ("lockrig-malformed-" + GetParam());
  fs::remove_all(out);
  // The corpus's macro cases call the scenario tests' own macro library.
  std::vector<std::string> args{"lockrig",
                                "run",
                                file.string(),
                                "--out",
                                out.string(),
                                "--lib",
                                (kCorpus.parent_path() / "testlib").string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  testing::internal::CaptureStdout();
  const int code = RealMain(static_cast<int>(argv.size()), argv.data());
  const std::string printed = testing::internal::GetCapturedStdout();
  EXPECT_EQ(code, kExitError);
  EXPECT_NE(printed.find(expected), std::string::npos) << printed;
  const std::string events = Slurp(out / "events.jsonl");
  EXPECT_EQ(events.find("\"type\":\"action\""), std::string::npos) << events;
  EXPECT_EQ(events.find("\"type\":\"scenario_start\""), std::string::npos) << events;
}

INSTANTIATE_TEST_SUITE_P(Corpus, MalformedScenario, testing::ValuesIn(CorpusFiles()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.size() - 5);
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace lockrig::cli
