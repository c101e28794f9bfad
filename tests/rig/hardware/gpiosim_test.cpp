// The hardware bench on a real kernel GPIO driver: gpio-sim lines requested
// through the libgpiod adapter, as on the rig's Raspberry Pi. Relays are
// requested at their safe level with no other level driven first, take the
// commanded levels (active-low inverted on the pin), pulls on the sense
// lines arrive as edges stamped when they were made, and `lockrig run
// --rig` killed with SIGTERM leaves every relay line at its safe level.
//
// Debian's kernels lack gpio-sim: `ctest -L vm` runs these in a VM
// (tests/vm). Elsewhere they skip.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "rig/hardware/gpiod_bench.h"
#include "rig/hardware/gpiod_lines.h"
#include "tests/rig/hardware/gpio_sim_chip.h"
#include "tests/rig/hardware/hardware_fixture.h"
#include "tests/rig/sim/recording_sink.h"

namespace lockrig::hardware {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::GpioSimChip;
using testing::GpioValueTrace;

// The rig's wiring by line name, both polarities among the relays.
struct Wire {
  const char* relay;
  const char* line;
  bool active_low;
};
constexpr Wire kRelays[] = {
    {"key_1_2", "RELAY_KEY_1_2", true}, {"key_3_4", "RELAY_KEY_3_4", true},
    {"key_5_6", "RELAY_KEY_5_6", true}, {"key_7_8", "RELAY_KEY_7_8", true},
    {"key_9_0", "RELAY_KEY_9_0", true}, {"key_lock", "RELAY_KEY_LOCK", true},
    {"program", "RELAY_PROGRAM", true}, {"battery", "RELAY_BATTERY", false},
};
constexpr const char* kBuzzer = "SENSE_BUZZER";  // active high, pulled down
constexpr const char* kBolt = "SENSE_BOLT";      // active low (switch to ground), pulled up

std::vector<std::string> LineNames() {
  std::vector<std::string> names;
  for (const Wire& w : kRelays) names.push_back(w.line);
  names.push_back(kBuzzer);
  names.push_back(kBolt);
  return names;
}

std::string RigYaml(const std::string& camera) {
  std::string yaml =
      "rig: gpio-sim\nkeypad: paired5\nwiring:\n  active_low: true\n  press: 50ms\n"
      "  gap: 50ms\n  operate_delay: 4ms\n  relays:\n";
  for (const Wire& w : kRelays) {
    yaml += std::string("    ") + w.relay + ": {line: " + w.line +
            ", active_low: " + (w.active_low ? "true" : "false") + "}\n";
  }
  yaml += std::string("sense:\n  buzzer: {line: ") + kBuzzer +
          ", bias: pull-down}\n  bolt_switch: {line: " + kBolt +
          ", active_low: true, bias: pull-up}\n";
  return yaml + "camera:\n" + camera + "calibration:\n" + testing::RegionsCalibration();
}

bool SafeLevel(const Wire& w) {
  return RelayDrive::SafeLevel(w.active_low);
}

class GpioSim : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!GpioSimChip::Available()) {
      if (GpioSimChip::Expected()) {
        FAIL() << "LOCKRIG_EXPECT_GPIO_SIM is set but /sys/kernel/config/gpio-sim is missing";
      }
      GTEST_SKIP() << "no gpio-sim on this kernel; `ctest -L vm` runs this in a VM";
    }
    static int count = 0;
    chip_.emplace("lockrig-" + std::to_string(getpid()) + "-" + std::to_string(++count),
                  LineNames());
    // The sense lines at rest before they are requested: no edge at request.
    chip_->Pull(chip_->Offset(kBuzzer), false);
    chip_->Pull(chip_->Offset(kBolt), true);
  }

  unsigned Offset(const Wire& w) const { return chip_->Offset(w.line); }

  // A bench on the gpio-sim lines through the real libgpiod adapter, with a
  // steady test camera on the monotonic clock.
  std::unique_ptr<GpiodBench> MakeBench() {
    const RigConfig rig = ParseRigText(
        RigYaml("  device: test\n  width: 320\n  height: 240\n  lost_after: 30\n"), "rig.yaml");
    auto camera = std::make_unique<CaptureThreadCamera>(
        std::make_unique<testing::TestGrabber>(cv::Mat(240, 320, CV_8UC3, cv::Scalar::all(40)),
                                               30.0),
        CaptureSettings{30.0, 30, 64});
    return std::make_unique<GpiodBench>(rig, std::make_shared<GpiodBackend>(), std::move(camera));
  }

  std::optional<GpioSimChip> chip_;
};

using GpioSimRelays = GpioSim;
using GpioSimSense = GpioSim;
using GpioSimSigterm = GpioSim;

TEST_F(GpioSimRelays, AreRequestedAtTheirSafeLevelWithNoOtherLevelFirst) {
  ASSERT_TRUE(GpioValueTrace::Available()) << "tracefs with the gpio events is needed";
  // Each relay line pulled towards energised: a safe level on the pin can
  // only come from the driver.
  for (const Wire& w : kRelays) {
    chip_->Pull(Offset(w), !SafeLevel(w));
    ASSERT_EQ(chip_->Level(Offset(w)), !SafeLevel(w)) << w.line;
  }
  GpioValueTrace trace;
  auto bench = MakeBench();
  bench->Activate();
  for (const Wire& w : kRelays) {
    EXPECT_TRUE(chip_->Used(Offset(w))) << w.line;
    EXPECT_EQ(chip_->Consumer(Offset(w)), "lockrig") << w.line;
    EXPECT_EQ(chip_->Level(Offset(w)), SafeLevel(w)) << w.line << " after the request";
  }
  // The kernel's record: the request drove the safe level, and nothing else
  // was driven on any relay line before or with it.
  const auto driven = trace.Driven();
  for (const Wire& w : kRelays) {
    int seen = 0;
    for (const auto& d : driven) {
      if (d.gpio != chip_->GlobalNumber(Offset(w))) continue;
      ++seen;
      EXPECT_EQ(d.high, SafeLevel(w)) << w.line << " was driven to its energised level";
    }
    EXPECT_GE(seen, 1) << w.line << ": the request left no trace";
  }
  bench->Deactivate();
  for (const Wire& w : kRelays) EXPECT_FALSE(chip_->Used(Offset(w))) << w.line;
  EXPECT_FALSE(chip_->Used(chip_->Offset(kBuzzer)));
  EXPECT_FALSE(chip_->Used(chip_->Offset(kBolt)));
}

TEST_F(GpioSimRelays, TakeTheCommandedLevelWithActiveLowInvertedOnThePin) {
  auto bench = MakeBench();
  bench->Activate();
  for (const Wire& energised : kRelays) {
    bench->SetRelay(energised.relay, true);
    for (const Wire& w : kRelays) {
      const bool expected = &w == &energised ? !SafeLevel(w) : SafeLevel(w);
      EXPECT_EQ(chip_->Level(Offset(w)), expected)
          << energised.relay << " energised: " << w.line << " ("
          << (w.active_low ? "active-low" : "active-high") << ")";
    }
    // Active-low: energised is a low pin; active-high: a high one.
    EXPECT_EQ(chip_->Level(Offset(energised)), !energised.active_low) << energised.line;
    bench->SetRelay(energised.relay, false);
    EXPECT_EQ(chip_->Level(Offset(energised)), SafeLevel(energised)) << energised.line;
  }
}

TEST_F(GpioSimSense, PullsArriveAsEdgesStampedWhenTheyWereMade) {
  auto bench = MakeBench();
  bench->Activate();
  struct Pull {
    const char* line;
    bool up;
    SenseLine sense;
    bool active;
  };
  const Pull pulls[] = {
      {kBuzzer, true, SenseLine::kBuzzer, true},
      {kBuzzer, false, SenseLine::kBuzzer, false},
      {kBolt, false, SenseLine::kBoltSwitch, true},  // switch closes to ground
      {kBolt, true, SenseLine::kBoltSwitch, false},
  };
  sim::testing::RecordingSink sink;
  std::vector<std::pair<Timestamp, Timestamp>> windows;
  for (const Pull& p : pulls) {
    bench->AdvanceTo(bench->Now() + 30ms, sink);
    const Timestamp before = bench->Now();
    chip_->Pull(chip_->Offset(p.line), p.up);
    const Timestamp after = bench->Now();
    windows.emplace_back(before, after);
  }
  bench->AdvanceTo(bench->Now() + 100ms, sink);
  EXPECT_FALSE(sink.out_of_order);
  ASSERT_EQ(sink.edges.size(), std::size(pulls));
  for (std::size_t i = 0; i < std::size(pulls); ++i) {
    const SenseEdge& e = sink.edges[i];
    EXPECT_EQ(e.line, pulls[i].sense) << "edge " << i;
    EXPECT_EQ(e.active, pulls[i].active) << "edge " << i;
    // The kernel stamps the edge in the interrupt the pull raises, before
    // the write returns; a little slack for the interrupt work running just
    // after it on an emulated CPU.
    EXPECT_GE(e.at, windows[i].first) << "edge " << i << " stamped before the pull was made";
    EXPECT_LE(e.at, windows[i].second + Duration(5ms))
        << "edge " << i << " stamped " << (e.at - windows[i].second).count()
        << " us after the pull was made";
  }
}

#ifdef LOCKRIG_EXE
std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_F(GpioSimSigterm, LockrigRunLeavesEveryRelayLineSafe) {
  // A live camera the kernel provides (vivid, loaded by the VM's init):
  // with the replay camera a run outpaces the clock and ends by itself.
  if (!fs::exists("/dev/video0")) {
    if (GpioSimChip::Expected()) FAIL() << "no /dev/video0 (vivid) next to gpio-sim";
    GTEST_SKIP() << "no /dev/video0";
  }
  ASSERT_TRUE(GpioValueTrace::Available()) << "tracefs with the gpio events is needed";
  const fs::path dir = fs::temp_directory_path() / ("lockrig-gpiosim-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "rig.yaml") << RigYaml(
      "  device: /dev/video0\n  width: 640\n  height: 480\n  fps: 30\n  lost_after: 60\n");
  std::ofstream(dir / "hold.yaml") << "scenario: holds Program with the battery cut, for days\n"
                                      "steps:\n  - hold: program\n  - power: off\n"
                                      "  - wait: 100h\n";
  const fs::path out = dir / "out";
  const fs::path log = dir / "lockrig.log";
  const Wire& program = kRelays[6];
  const Wire& battery = kRelays[7];
  ASSERT_STREQ(program.relay, "program");
  ASSERT_STREQ(battery.relay, "battery");

  GpioValueTrace trace;
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    execl(LOCKRIG_EXE, LOCKRIG_EXE, "run", (dir / "hold.yaml").c_str(), "--rig",
          (dir / "rig.yaml").c_str(), "--out", out.c_str(), nullptr);
    _exit(127);
  }
  // Wait until the pins say Program is held and the battery cut.
  int status = 0;
  bool exited = false;
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(child, &status, WNOHANG) == child) {
      exited = true;
      break;
    }
    if (chip_->Used(Offset(program)) && chip_->Level(Offset(program)) == !SafeLevel(program) &&
        chip_->Level(Offset(battery)) == !SafeLevel(battery)) {
      break;
    }
    std::this_thread::sleep_for(20ms);
  }
  if (!exited && chip_->Level(Offset(battery)) != !SafeLevel(battery)) kill(child, SIGKILL);
  ASSERT_FALSE(exited) << "lockrig ended before it was signalled:\n" << Slurp(log);
  ASSERT_EQ(chip_->Level(Offset(battery)), !SafeLevel(battery))
      << "lockrig never held Program with the battery cut:\n"
      << Slurp(log);
  std::this_thread::sleep_for(300ms);

  ASSERT_EQ(kill(child, SIGTERM), 0);
  const auto stop_deadline = std::chrono::steady_clock::now() + 60s;
  while (!exited && std::chrono::steady_clock::now() < stop_deadline) {
    if (waitpid(child, &status, WNOHANG) == child) exited = true;
    std::this_thread::sleep_for(20ms);
  }
  if (!exited) {
    kill(child, SIGKILL);
    waitpid(child, &status, 0);
    FAIL() << "lockrig did not end within 60 s of SIGTERM:\n" << Slurp(log);
  }
  ASSERT_TRUE(WIFEXITED(status)) << "lockrig did not exit by itself:\n" << Slurp(log);
  EXPECT_EQ(WEXITSTATUS(status), 2) << "an interrupted run is an error\n" << Slurp(log);

  // Every line released, and the last level lockrig drove on each relay
  // line before releasing it (the kernel's record: after the release the
  // pin shows gpio-sim's pull) was the safe one.
  const auto driven = trace.Driven();
  for (const Wire& w : kRelays) {
    EXPECT_FALSE(chip_->Used(Offset(w))) << w.line << " still held";
    std::optional<bool> last;
    bool energised = false;
    for (const auto& d : driven) {
      if (d.gpio != chip_->GlobalNumber(Offset(w))) continue;
      last = d.high;
      energised = energised || d.high != SafeLevel(w);
    }
    ASSERT_TRUE(last) << w.line << ": nothing driven on it";
    EXPECT_EQ(*last, SafeLevel(w)) << w.line << " left energised";
    if (&w == &program || &w == &battery) {
      EXPECT_TRUE(energised) << w.line << " never energised";
    }
  }
  EXPECT_FALSE(chip_->Used(chip_->Offset(kBuzzer)));
  EXPECT_FALSE(chip_->Used(chip_->Offset(kBolt)));
  fs::remove_all(dir);
}
#endif

}  // namespace
}  // namespace lockrig::hardware
