// `lockrig run --rig` on the fake lines and the replay camera: what its
// results say about the firmware when the run did not flash the lock, and
// the command line's rules for --flash. Flashing for real, into QEMU, is
// flash_qemu_test.cpp.
#ifdef LOCKRIG_HAVE_CLI
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "rig/cli/commands.h"
#include "rig/cli/hardware_commands.h"
#include "rig/hardware/firmware_image.h"
#include "tests/reports/firmware_in_results.h"
#include "tests/rig/hardware/hardware_fixture.h"
#include "tests/rig/hardware/temp_dir.h"

namespace lockrig::cli {
namespace {

namespace fs = std::filesystem;

int Lockrig(std::vector<std::string> args) {
  args.insert(args.begin(), "lockrig");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return RealMain(static_cast<int>(argv.size()), argv.data());
}

// Each test's own folder.
class TempDir : public hardware::testing::TempDir {
 public:
  explicit TempDir(const std::string& name) : hardware::testing::TempDir("lockrig-hw-run", name) {}
};

std::string ReplayRig(const fs::path& dir, const std::string& extra = "") {
  const fs::path rig = dir / "rig.yaml";
  std::ofstream(rig) << hardware::testing::RigYaml(
                            hardware::testing::ReplayCamera(hardware::testing::SimRecording()),
                            hardware::testing::RegionsCalibration())
                     << extra;
  return rig.string();
}

std::string ShortScenario(const fs::path& dir) {
  const fs::path file = dir / "short_wait.yaml";
  std::ofstream(file) << "scenario: a short wait on the lock\nprofile: smartcode\n"
                         "steps:\n  - wait: 300ms\n";
  return file.string();
}

TEST(HardwareRunResults, WithoutFlashingTheyNameTheFirmwareAsUnknown) {
  const TempDir temp("unflashed");
  const fs::path& dir = temp.path();
  const fs::path out = dir / "out";
  ASSERT_EQ(Lockrig({"run", ShortScenario(dir), "--rig", ReplayRig(dir), "--fake-gpio", "--out",
                     out.string()}),
            kExitPassed);
  std::string expected = "unknown (not flashed by this run)";
  if (!DefaultFirmwareImage().empty()) {
    expected = "unknown (not flashed by this run; lockrig run --flash would load " +
               hardware::ReadFirmwareImage(DefaultFirmwareImage()).build_id + ")";
  }
  const auto firmware = reports::testing::ReadFirmwareInResults(out);
  EXPECT_EQ(firmware.junit, std::vector<std::string>{expected});
  EXPECT_EQ(firmware.events, std::vector<std::string>{expected});
  EXPECT_EQ(firmware.html, expected);
}

TEST(HardwareRunResults, FlashWithoutARigIsAUsageError) {
  EXPECT_EQ(Lockrig({"run", "--flash", "--out", TempDir("no-rig").path().string()}), kExitUsage);
}

TEST(LockrigFlash, RigFileWithoutFlashSectionIsAnErrorNamingIt) {
  const TempDir temp("no-flash-section");
  const fs::path& dir = temp.path();
  FlashArgs args;
  args.rig_file = ReplayRig(dir);
  args.image = "/proc/self/exe";
  std::ostringstream out, err;
  EXPECT_EQ(FlashCommand(args, out, err), kExitError);
  EXPECT_EQ(err.str(), "lockrig flash: " + args.rig_file +
                           ": no flash: section, so lockrig cannot program the lock's MCU (see "
                           "rig/hardware/example-rig.yaml)\n");
}

TEST(LockrigFlash, DryRunPrintsTheGdbScriptForTheProbe) {
  const TempDir temp("dry-run");
  const fs::path& dir = temp.path();
  FlashArgs args;
  args.rig_file = ReplayRig(dir, "flash:\n  probe: openocd\n  server: bench-pi:3333\n");
  args.image = "/proc/self/exe";
  args.dry_run = true;
  std::ostringstream out, err;
  ASSERT_EQ(FlashCommand(args, out, err), kExitPassed) << err.str();
  EXPECT_NE(out.str().find("target extended-remote bench-pi:3333"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("monitor reset halt"), std::string::npos);
  EXPECT_NE(out.str().find("gdb-multiarch -nx -q -batch -x SCRIPT"), std::string::npos);
}

}  // namespace
}  // namespace lockrig::cli
#endif  // LOCKRIG_HAVE_CLI
