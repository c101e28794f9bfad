// `lockrig run` and `lockrig validate` end to end on the simulated bench:
// what a test engineer sees in the exit code, junit.xml and events.jsonl.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "firmware/targets/sim/host_firmware.h"
#include "rig/cli/commands.h"
#include "tests/reports/firmware_in_results.h"

namespace lockrig::cli {
namespace {

namespace fs = std::filesystem;

const std::string kRoot = LOCKRIG_SOURCE_DIR;

int Lockrig(std::vector<std::string> args) {
  args.insert(args.begin(), "lockrig");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return RealMain(static_cast<int>(argv.size()), argv.data());
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path FreshDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("lockrig-cli-test-" + name);
  fs::remove_all(dir);
  return dir;
}

TEST(LockrigRun, FailingScenarioNamesStepLineExpectedAndSeen) {
  const fs::path out = FreshDir("failing");
  const std::string file = kRoot + "/tests/scenarios/wrong_code_expected_to_unlock.yaml";
  EXPECT_EQ(Lockrig({"run", file, "--out", out.string()}), kExitFailed);
  const std::string junit = Slurp(out / "junit.xml");
  EXPECT_NE(junit.find("wrong_code_expected_to_unlock.yaml:14: expect: {bolt: retracted"),
            std::string::npos)
      << junit;
  EXPECT_NE(junit.find("expected bolt retracted within 2s"), std::string::npos) << junit;
  EXPECT_NE(junit.find("seen: bolt stayed extended"), std::string::npos) << junit;
  EXPECT_NE(junit.find("red blink"), std::string::npos) << junit;
  EXPECT_NE(junit.find("3 short beeps"), std::string::npos) << junit;
}

// The whole default suite runs in ./setup.sh; here its smoke-tagged part.
TEST(LockrigRun, SmokeSuitePassesAndRecordsTheSeed) {
  const fs::path out = FreshDir("suite");
  EXPECT_EQ(Lockrig({"run", kRoot + "/scenarios", "--tags", "smoke", "--seed", "5", "--out",
                     out.string()}),
            kExitPassed);
  const std::string junit = Slurp(out / "junit.xml");
  EXPECT_NE(junit.find("<property name=\"seed\" value=\"5\"/>"), std::string::npos);
  EXPECT_EQ(junit.find("<failure"), std::string::npos) << junit;
  const std::string events = Slurp(out / "events.jsonl");
  EXPECT_NE(events.find("\"seed\":5"), std::string::npos);
  EXPECT_NE(events.find("\"type\":\"action\""), std::string::npos);
  EXPECT_NE(events.find("\"type\":\"observation\""), std::string::npos);
  EXPECT_NE(events.find("\"type\":\"verdict\""), std::string::npos);
}

// The simulated bench judges the firmware built for the host from this
// tree; every result file says which build that was.
TEST(LockrigRun, EveryResultFileNamesTheHostFirmwareBuild) {
  const fs::path out = FreshDir("firmware");
  ASSERT_EQ(Lockrig({"run", kRoot + "/scenarios/lock_button_extends_bolt.yaml",
                     kRoot + "/scenarios/add_code_and_unlock.yaml", "--out", out.string()}),
            kExitPassed);
  const std::string build(lockfw::sim::HostFirmware::BuildId());
  ASSERT_EQ(build.rfind("lockfw ", 0), 0u) << build;
  const auto firmware = reports::testing::ReadFirmwareInResults(out);
  EXPECT_EQ(firmware.junit, (std::vector<std::string>{build, build}));
  EXPECT_EQ(firmware.events, (std::vector<std::string>{build, build}));
  EXPECT_EQ(firmware.html, build);
}

TEST(LockrigRun, SameSeedGivesByteIdenticalEvents) {
  const std::string file = kRoot + "/scenarios/add_code_and_unlock.yaml";
  const fs::path a = FreshDir("det-a"), b = FreshDir("det-b");
  ASSERT_EQ(Lockrig({"run", file, "--seed", "11", "--out", a.string()}), kExitPassed);
  ASSERT_EQ(Lockrig({"run", file, "--seed", "11", "--out", b.string()}), kExitPassed);
  EXPECT_EQ(Slurp(a / "events.jsonl"), Slurp(b / "events.jsonl"));
}

TEST(LockrigRun, ParallelRunGivesTheSerialRunsResults) {
  const fs::path serial = FreshDir("serial"), parallel = FreshDir("parallel");
  // The smoke scenarios and the deliberately failing one: enough to show the
  // journals replay in order, small enough for the sanitizer build.
  const std::string suite = kRoot + "/scenarios", failing = kRoot + "/tests/scenarios";
  testing::internal::CaptureStdout();
  EXPECT_EQ(Lockrig({"run", suite, failing, "--tags", "smoke,failing", "--out", serial.string()}),
            kExitFailed);
  EXPECT_EQ(Lockrig({"run", suite, failing, "--tags", "smoke,failing", "-j", "2", "--out",
                     parallel.string()}),
            kExitFailed);
  testing::internal::GetCapturedStdout();
  EXPECT_EQ(Slurp(serial / "events.jsonl"), Slurp(parallel / "events.jsonl"));
  // junit.xml differs only in wall times.
  auto without_times = [](std::string xml) {
    std::string out;
    std::istringstream lines(xml);
    for (std::string line; std::getline(lines, line);) {
      const auto at = line.find(" time=\"");
      if (at != std::string::npos) line.erase(at, line.find('"', at + 7) - at + 1);
      out += line + "\n";
    }
    return out;
  };
  EXPECT_EQ(without_times(Slurp(serial / "junit.xml")),
            without_times(Slurp(parallel / "junit.xml")));
  EXPECT_NE(Slurp(parallel / "junit.xml").find("seen: bolt stayed extended"), std::string::npos);
}

TEST(LockrigRun, MalformedScenarioIsAnErrorWithFileLineColumnAndNothingRuns) {
  const fs::path dir = FreshDir("malformed");
  fs::create_directories(dir);
  const fs::path file = dir / "bad.yaml";
  std::ofstream(file) << "scenario: bad\nsteps:\n  - press: lock\n  - expect: {bolt: extended, "
                         "within: 2}\n";
  testing::internal::CaptureStdout();
  const int code = Lockrig({"run", file.string(), "--out", (dir / "out").string()});
  const std::string printed = testing::internal::GetCapturedStdout();
  EXPECT_EQ(code, kExitError);
  EXPECT_NE(printed.find(file.string() + ":4:"), std::string::npos) << printed;
  EXPECT_NE(printed.find("within"), std::string::npos) << printed;
  // Nothing was actuated: no action in the events.
  EXPECT_EQ(Slurp(dir / "out" / "events.jsonl").find("\"action\""), std::string::npos);
}

TEST(LockrigValidate, ReportsEveryBadFileAndExitsNonZero) {
  const fs::path dir = FreshDir("validate");
  fs::create_directories(dir);
  std::ofstream(dir / "unknown_key.yaml") << "scenario: x\nsteps:\n  - prss: lock\n";
  std::ofstream(dir / "good.yaml") << "scenario: y\nsteps:\n  - wait: 1s\n";
  testing::internal::CaptureStdout();
  const int code = Lockrig({"validate", dir.string()});
  const std::string printed = testing::internal::GetCapturedStdout();
  EXPECT_EQ(code, kExitError);
  EXPECT_NE(printed.find((dir / "unknown_key.yaml").string() + ":3:"), std::string::npos)
      << printed;
  EXPECT_NE(printed.find("1 valid, 1 invalid"), std::string::npos) << printed;
}

TEST(LockrigRun, UnknownOptionIsAUsageError) {
  testing::internal::CaptureStderr();
  EXPECT_EQ(Lockrig({"run", "--no-such-option"}), kExitUsage);
  testing::internal::GetCapturedStderr();
}

}  // namespace
}  // namespace lockrig::cli
