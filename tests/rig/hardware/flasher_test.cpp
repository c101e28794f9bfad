// The flasher without a board: the GDB script each probe gets, and how each
// way GDB can end becomes a FlashError naming its step. GDB itself is
// stood in for by small shell scripts that print what GDB prints at each
// outcome (the rig file's `gdb:` names any program); flashing with the real
// GDB into QEMU is flash_qemu_test.cpp. The image is this test program,
// which carries a build id section (firmware_image_test.cpp).
#include "rig/hardware/flasher.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace lockrig::hardware {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

const std::string kImage = "/proc/self/exe";  // build id "lockfw 9.9.9 testhash"

FlashConfig Config(const std::string& probe, const std::string& server,
                   const std::string& gdb = "gdb-multiarch") {
  return FlashConfig{probe, server, gdb};
}

// An executable shell script standing in for GDB.
std::string FakeGdb(const std::string& name, const std::string& body) {
  const fs::path dir =
      fs::temp_directory_path() / ("lockrig-flasher-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path path = dir / name;
  std::ofstream(path) << "#!/bin/sh\n" << body;
  chmod(path.c_str(), 0755);
  return path.string();
}

std::size_t IndexOf(const std::vector<std::string>& script, const std::string& line) {
  const auto it = std::find(script.begin(), script.end(), line);
  EXPECT_NE(it, script.end()) << "no line: " << line;
  return static_cast<std::size_t>(it - script.begin());
}

FirmwareImage Image() {
  return FirmwareImage{"/tmp/lockfw.elf", "lockfw 1.0.0 abc", 0x40};
}

TEST(FlashScript, OpenocdHaltsLoadsVerifiesReadsBackAndResetsIntoTheImage) {
  const auto s = FlashScript(Config("openocd", "bench-pi:3333"), Image());
  const auto connect = IndexOf(s, "target extended-remote bench-pi:3333");
  const auto halt = IndexOf(s, "monitor reset halt");
  const auto load = IndexOf(s, "load");
  const auto verify = IndexOf(s, "compare-sections");
  const auto read_back = IndexOf(s, "printf \"lockrig-build-id: %s\\n\", (const char *) 0x40");
  const auto reset = IndexOf(s, "monitor reset run");
  const auto detach = IndexOf(s, "detach");
  EXPECT_LT(connect, halt);
  EXPECT_LT(halt, load);
  EXPECT_LT(load, verify);
  EXPECT_LT(verify, read_back);
  EXPECT_LT(read_back, reset);
  EXPECT_LT(reset, detach);
}

TEST(FlashScript, PyocdResetsWithItsOwnMonitorCommands) {
  const auto s = FlashScript(Config("pyocd", "localhost:3333"), Image());
  EXPECT_LT(IndexOf(s, "monitor reset halt"), IndexOf(s, "load"));
  EXPECT_LT(IndexOf(s, "compare-sections"), IndexOf(s, "monitor reset"));
}

TEST(FlashScript, BlackMagicProbeScansAttachesAndKillsToReset) {
  const auto s = FlashScript(Config("blackmagic", "/dev/ttyBmpGdb"), Image());
  EXPECT_LT(IndexOf(s, "target extended-remote /dev/ttyBmpGdb"), IndexOf(s, "monitor swdp_scan"));
  EXPECT_LT(IndexOf(s, "monitor swdp_scan"), IndexOf(s, "attach 1"));
  EXPECT_LT(IndexOf(s, "attach 1"), IndexOf(s, "load"));
  EXPECT_LT(IndexOf(s, "compare-sections"), IndexOf(s, "kill"));
  EXPECT_EQ(std::count(s.begin(), s.end(), "monitor reset halt"), 0);
}

TEST(FlashScript, QemuResetsTheMachineAndDetachesToRunIt) {
  const auto s = FlashScript(Config("qemu", "127.0.0.1:1234"), Image());
  EXPECT_LT(IndexOf(s, "compare-sections"), IndexOf(s, "monitor system_reset"));
  EXPECT_LT(IndexOf(s, "monitor system_reset"), IndexOf(s, "detach"));
  EXPECT_EQ(std::count(s.begin(), s.end(), "monitor reset halt"), 0);
}

TEST(FlashScript, ServerThatIsNotListeningFailsAtOnce) {
  const auto s = FlashScript(Config("qemu", "127.0.0.1:1234"), Image(), std::chrono::seconds(3));
  EXPECT_LT(IndexOf(s, "set tcp auto-retry off"),
            IndexOf(s, "target extended-remote 127.0.0.1:1234"));
  EXPECT_LT(IndexOf(s, "set tcp connect-timeout 3"),
            IndexOf(s, "target extended-remote 127.0.0.1:1234"));
}

FlashError FlashErrorOf(const FlashConfig& config, const std::string& image = kImage,
                        milliseconds timeout = std::chrono::seconds(20)) {
  FlashOptions options;
  options.timeout = timeout;
  try {
    FlashFirmware(config, image, options);
  } catch (const FlashError& e) {
    return e;
  }
  return FlashError(FlashFailure::kGdb, "no error");
}

TEST(Flasher, MissingImageIsAnErrorBeforeGdbRuns) {
  const auto e =
      FlashErrorOf(Config("qemu", "127.0.0.1:1", "/nonexistent/gdb"), "/no/such/lockfw.elf");
  EXPECT_EQ(e.failure(), FlashFailure::kImage);
  EXPECT_STREQ(
      e.what(),
      "cannot flash: /no/such/lockfw.elf: cannot open the image: No such file or directory");
}

TEST(Flasher, MissingGdbNamesTheProgramAndThePackage) {
  const auto e = FlashErrorOf(Config("qemu", "127.0.0.1:1", "/nonexistent/gdb"));
  EXPECT_EQ(e.failure(), FlashFailure::kGdbMissing);
  EXPECT_NE(std::string(e.what()).find("cannot run /nonexistent/gdb: No such file or directory"),
            std::string::npos)
      << e.what();
  EXPECT_NE(std::string(e.what()).find("apt-get install gdb-multiarch"), std::string::npos);
}

TEST(Flasher, RefusedConnectionIsServerUnreachableWithGdbsWords) {
  const auto gdb = FakeGdb("refused", R"(echo "lockrig-step: connect"
echo "$5:6: Error in sourced command file:" >&2
echo "127.0.0.1:1: Connection refused." >&2
exit 1
)");
  const auto e = FlashErrorOf(Config("qemu", "127.0.0.1:1", gdb));
  EXPECT_EQ(e.failure(), FlashFailure::kServerUnreachable);
  const std::string what = e.what();
  EXPECT_NE(what.find("flashing lockfw 9.9.9 testhash through qemu at 127.0.0.1:1: cannot reach "
                      "the GDB server 127.0.0.1:1"),
            std::string::npos)
      << what;
  EXPECT_NE(what.find("gdb: 127.0.0.1:1: Connection refused."), std::string::npos) << what;
}

TEST(Flasher, FailedLoadSaysItConnectedButCouldNotLoad) {
  const auto gdb = FakeGdb("load-fails", R"(echo "lockrig-step: connect"
echo "lockrig-step: halt"
echo "lockrig-step: load"
echo "Error erasing flash with vFlashErase packet" >&2
exit 1
)");
  const auto e = FlashErrorOf(Config("openocd", "localhost:3333", gdb));
  EXPECT_EQ(e.failure(), FlashFailure::kLoad);
  EXPECT_NE(std::string(e.what()).find("connected, but loading the image failed"),
            std::string::npos);
  EXPECT_NE(std::string(e.what()).find("vFlashErase"), std::string::npos);
}

TEST(Flasher, MismatchedSectionIsAVerifyFailureEvenThoughGdbGoesOn) {
  const auto gdb =
      FakeGdb("mismatch", R"(for step in connect load verify; do echo "lockrig-step: $step"; done
echo "Section .text, range 0x40 -- 0x35b8: MIS-MATCHED!"
echo "warning: One or more sections of the target image do not match"
echo "lockrig-build-id: lockfw 9.9.9 testhash"
for step in reset done; do echo "lockrig-step: $step"; done
)");
  const auto e = FlashErrorOf(Config("qemu", "127.0.0.1:1234", gdb));
  EXPECT_EQ(e.failure(), FlashFailure::kVerify);
  EXPECT_NE(std::string(e.what()).find("the target's memory differs from the image"),
            std::string::npos);
  EXPECT_NE(e.gdb_output().find("MIS-MATCHED"), std::string::npos);
}

TEST(Flasher, OtherBuildIdReadBackIsAVerifyFailure) {
  const auto gdb =
      FakeGdb("other-id", R"(for step in connect load verify; do echo "lockrig-step: $step"; done
echo "Section .text, range 0x40 -- 0x35b8: matched."
echo "lockrig-build-id: lockfw 0.0.1 old"
for step in reset done; do echo "lockrig-step: $step"; done
)");
  const auto e = FlashErrorOf(Config("qemu", "127.0.0.1:1234", gdb));
  EXPECT_EQ(e.failure(), FlashFailure::kVerify);
  EXPECT_NE(std::string(e.what()).find("the target holds build id \"lockfw 0.0.1 old\""),
            std::string::npos)
      << e.what();
}

TEST(Flasher, HungGdbIsKilledAtTheDeadline) {
  // Killed with half a line written: the step is the last whole one.
  const auto gdb = FakeGdb("hangs", R"(echo "lockrig-step: connect"
echo "lockrig-step: load"
printf "lockrig-step: ver"
exec sleep 60
)");
  const auto started = std::chrono::steady_clock::now();
  const auto e = FlashErrorOf(Config("qemu", "127.0.0.1:1234", gdb), kImage, milliseconds(800));
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(e.failure(), FlashFailure::kTimeout);
  EXPECT_NE(std::string(e.what()).find("timed out after 0.8 s at step 'load'"), std::string::npos)
      << e.what();
  EXPECT_LT(took, std::chrono::seconds(3));
}

TEST(Flasher, SuccessReportsTheBuildIdReadFromTheImage) {
  const auto gdb =
      FakeGdb("works", R"(for step in connect load verify; do echo "lockrig-step: $step"; done
echo "Section .text, range 0x40 -- 0x35b8: matched."
echo "lockrig-build-id: lockfw 9.9.9 testhash"
for step in reset done; do echo "lockrig-step: $step"; done
)");
  const auto report = FlashFirmware(Config("qemu", "127.0.0.1:1234", gdb), kImage);
  EXPECT_EQ(report.image.build_id, "lockfw 9.9.9 testhash");
  EXPECT_EQ(report.target, "qemu at 127.0.0.1:1234");
}

}  // namespace
}  // namespace lockrig::hardware
