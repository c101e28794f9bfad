// Determinism of whole runs, end to end through `lockrig run` (the CLI
// library, as tests/rig/cli does): the same seed gives byte-identical
// events.jsonl; another seed gives other camera frames (noise, relay timing,
// fault draws) but the same verdict for every scenario of a passing suite.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "rig/cli/commands.h"

namespace lockrig::sim {
namespace {

namespace fs = std::filesystem;

const std::string kRoot = LOCKRIG_SOURCE_DIR;
const std::string kScenario = kRoot + "/tests/rig/sim/scenarios/seeded_noise_and_faults.yaml";

int Lockrig(std::vector<std::string> args) {
  args.insert(args.begin(), "lockrig");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return cli::RealMain(static_cast<int>(argv.size()), argv.data());
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path FreshDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("lockrig-sim-determinism-" + name);
  fs::remove_all(dir);
  return dir;
}

// Runs `what` into a scratch folder, then moves the results to `name`:
// every run of a test writes to the same path, so that paths recorded in
// events.jsonl (snapshot files) are the same from run to run. The scratch
// folder is the test's own: CTest runs these tests in parallel processes.
fs::path RunOnce(const std::string& what, const std::string& seed, const std::string& name) {
  const fs::path scratch = FreshDir(std::string("scratch-") +
                                    testing::UnitTest::GetInstance()->current_test_info()->name());
  const fs::path out = FreshDir(name);
  EXPECT_EQ(Lockrig({"run", what, "--seed", seed, "--out", scratch.string()}), cli::kExitPassed)
      << Slurp(scratch / "junit.xml");
  fs::rename(scratch, out);
  return out;
}

// Scenario file -> verdict, from events.jsonl.
std::map<std::string, std::string> Verdicts(const fs::path& out) {
  std::map<std::string, std::string> verdicts;
  std::istringstream lines(Slurp(out / "events.jsonl"));
  for (std::string line; std::getline(lines, line);) {
    const auto event = nlohmann::json::parse(line);
    if (event.value("type", "") == "scenario_end") {
      verdicts[event.at("file").get<std::string>()] = event.at("verdict").get<std::string>();
    }
  }
  return verdicts;
}

TEST(Determinism, SameSeedGivesByteIdenticalEventsAndFrames) {
  const fs::path a = RunOnce(kScenario, "3", "a");
  const fs::path b = RunOnce(kScenario, "3", "b");
  const std::string events = Slurp(a / "events.jsonl");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events, Slurp(b / "events.jsonl"));
  const fs::path snapshots = "snapshots/seeded_noise_and_faults";
  for (const char* snapshot : {"after_handing.png", "stalled.png"}) {
    const std::string frame = Slurp(a / snapshots / snapshot);
    ASSERT_FALSE(frame.empty()) << snapshot;
    EXPECT_EQ(frame, Slurp(b / snapshots / snapshot)) << snapshot;
  }
}

TEST(Determinism, AnotherSeedChangesTheFramesButNotTheVerdicts) {
  const fs::path a = RunOnce(kScenario, "3", "seed3");
  const fs::path b = RunOnce(kScenario, "4", "seed4");
  const fs::path snapshots = "snapshots/seeded_noise_and_faults";
  for (const char* snapshot : {"after_handing.png", "stalled.png"}) {
    EXPECT_NE(Slurp(a / snapshots / snapshot), Slurp(b / snapshots / snapshot)) << snapshot;
  }
  EXPECT_NE(Slurp(a / "events.jsonl"), Slurp(b / "events.jsonl"));
  EXPECT_EQ(Verdicts(a), Verdicts(b));
}

TEST(Determinism, FaultSuiteVerdictsDoNotDependOnTheSeed) {
  const std::string suite = kRoot + "/scenarios/faults";
  const auto first = Verdicts(RunOnce(suite, "1", "suite1"));
  const auto second = Verdicts(RunOnce(suite, "2", "suite2"));
  ASSERT_FALSE(first.empty());
  for (const auto& [file, verdict] : first) EXPECT_EQ(verdict, "passed") << file;
  EXPECT_EQ(first, second);
}

}  // namespace
}  // namespace lockrig::sim
