// The hardware bench on the fake lines: requested safe (no glitch),
// active-low honoured, safe on every exit path, sense edges merged with
// frames in time order, calls refused while inactive, a lost camera an
// error and not a hang.
#include <fstream>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "reports/result_sink.h"
#include "rig/engine/scenario_runner.h"
#include "rig/hardware/fake_gpio.h"
#include "rig/hardware/gpiod_bench.h"
#include "rig/scenario/scenario.h"
#include "tests/rig/hardware/hardware_fixture.h"
#include "tests/rig/sim/recording_sink.h"

namespace lockrig::hardware {
namespace {

using namespace std::chrono_literals;
using Kind = FakeGpioEvent::Kind;
using lockrig::sim::testing::RecordingSink;

std::string Line(unsigned offset) {
  return LineAddress{"", "gpiochip0", offset}.Describe();
}

RigConfig ReplayRig() {
  return ParseRigText(testing::RigYaml(testing::ReplayCamera(testing::SimRecording()),
                                       testing::RegionsCalibration()),
                      "rig.yaml");
}

RigConfig LiveRig() {
  return ParseRigText(
      testing::RigYaml("  device: test\n  width: 320\n  height: 240\n  lost_after: 5\n",
                       testing::RegionsCalibration()),
      "rig.yaml");
}

std::unique_ptr<FrameSource> LiveCamera(
    testing::TestGrabber::After after = testing::TestGrabber::After::kKeepGoing,
    int fail_after = 0) {
  return std::make_unique<CaptureThreadCamera>(
      std::make_unique<testing::TestGrabber>(cv::Mat(240, 320, CV_8UC3, cv::Scalar(40, 40, 40)),
                                             30.0, after, fail_after),
      CaptureSettings{30.0, 5, 64});
}

// Every output's last level in the log is its safe level, and every line
// was released.
void ExpectAllSafeAndReleased(const FakeGpio& gpio) {
  std::map<std::string, bool> last;
  std::set<std::string> released;
  for (const auto& e : gpio.Log()) {
    if (e.kind == Kind::kSet || e.kind == Kind::kRequestOutput) last[e.line] = e.high;
    if (e.kind == Kind::kRelease) released.insert(e.line);
  }
  for (unsigned i = 0; i < 7; ++i)
    EXPECT_TRUE(last[Line(i)]) << Line(i) << " (active-low) not safe";
  EXPECT_FALSE(last[Line(7)]) << "battery (active-high) not safe";
  for (unsigned i = 0; i < 10; ++i) EXPECT_TRUE(released.count(Line(i))) << Line(i);
}

TEST(GpiodBench, OpensNothingUntilActivated) {
  auto gpio = std::make_shared<FakeGpio>();
  GpiodBench bench(LiveRig(), gpio, LiveCamera());
  EXPECT_TRUE(gpio->Log().empty());
  EXPECT_THROW(bench.SetRelay("program", true), std::logic_error);
  EXPECT_THROW(bench.Now(), std::logic_error);
  RecordingSink sink;
  EXPECT_THROW(bench.AdvanceTo(Timestamp(1000), sink), std::logic_error);
  EXPECT_THROW(bench.SetRelay("nope", true), std::invalid_argument);
  bench.EnterSafeState();  // nothing to do, must not throw
  EXPECT_TRUE(gpio->Log().empty());
}

TEST(GpiodBench, RequestsEveryOutputAtItsSafeLevelBeforeAnyWrite) {
  auto gpio = std::make_shared<FakeGpio>();
  GpiodBench bench(LiveRig(), gpio, LiveCamera());
  bench.Activate();
  const auto log = gpio->Log();
  ASSERT_GE(log.size(), 10u);
  for (unsigned i = 0; i < 8; ++i) {
    EXPECT_EQ(log[i].kind, Kind::kRequestOutput);
    EXPECT_EQ(log[i].line, Line(i));
    // Active-low relays rest high; the battery relay (active-high) rests low.
    EXPECT_EQ(log[i].high, i != 7) << log[i].line;
  }
  EXPECT_EQ(log[8].kind, Kind::kRequestInput);
  EXPECT_EQ(log[9].kind, Kind::kRequestInput);
  for (const auto& e : log) EXPECT_NE(e.kind, Kind::kSet) << "a write before the first action";
}

TEST(GpiodBench, ActiveLowHonoured) {
  auto gpio = std::make_shared<FakeGpio>();
  GpiodBench bench(LiveRig(), gpio, LiveCamera());
  bench.Activate();
  const Timestamp before = bench.Now();
  const Timestamp edge = bench.SetRelay("key_1_2", true);
  EXPECT_GE(edge, before + 4ms);            // operate delay from the rig file
  EXPECT_FALSE(gpio->OutputHigh(Line(0)));  // energised active-low: pin low
  bench.SetRelay("battery", true);
  EXPECT_TRUE(gpio->OutputHigh(Line(7)));  // energised active-high: pin high
  bench.SetRelay("key_1_2", false);
  EXPECT_TRUE(gpio->OutputHigh(Line(0)));
  for (const auto& [relay, energised] : bench.RelayStates()) {
    EXPECT_EQ(energised, relay == "battery") << relay;
  }
  bench.EnterSafeState();
  EXPECT_FALSE(gpio->OutputHigh(Line(7)));
}

TEST(GpiodBench, SafeAndReleasedWhenDestroyed) {
  auto gpio = std::make_shared<FakeGpio>();
  {
    GpiodBench bench(LiveRig(), gpio, LiveCamera());
    bench.Activate();
    bench.SetRelay("program", true);
    bench.SetRelay("battery", true);
  }
  ExpectAllSafeAndReleased(*gpio);
  EXPECT_FALSE(gpio->IsRequested(Line(6)));
}

TEST(GpiodBench, PartialRequestFailureLeavesNothingHeld) {
  auto gpio = std::make_shared<FakeGpio>();
  std::set<std::string> lines;
  for (unsigned i = 0; i < 8; ++i) lines.insert(Line(i));  // no buzzer line
  gpio->SetExistingLines(lines);
  GpiodBench bench(LiveRig(), gpio, LiveCamera());
  EXPECT_THROW(bench.Activate(), std::runtime_error);
  EXPECT_FALSE(bench.active());
  for (unsigned i = 0; i < 8; ++i) EXPECT_FALSE(gpio->IsRequested(Line(i)));
}

TEST(GpiodBench, SenseEdgesMergedWithFramesInTimeOrder) {
  // Replay: bench time follows the recording, and the fake's edges are
  // stamped in bench time, so the interleaving is exact.
  auto gpio = std::make_shared<FakeGpio>();
  GpiodBench bench(ReplayRig(), gpio, MakeFrameSource(ReplayRig()));
  bench.Activate();
  // A long beep from 100 ms to 600 ms, a short one at 700..750 ms, the bolt
  // switch closing (active-low: pin low) at 650 ms.
  gpio->DriveInput(Line(8), true, 100'000'000);
  gpio->DriveInput(Line(8), false, 600'000'000);
  gpio->DriveInput(Line(9), true, 640'000'000);  // bias pull-up: rests high; bounce stays high
  gpio->DriveInput(Line(9), false, 650'000'000);
  gpio->DriveInput(Line(8), true, 700'000'000);
  gpio->DriveInput(Line(8), false, 750'000'000);
  RecordingSink sink;
  bench.AdvanceTo(Timestamp(500'000), sink);
  bench.AdvanceTo(Timestamp(1'000'000), sink);
  EXPECT_FALSE(sink.out_of_order);
  ASSERT_EQ(sink.edges.size(), 5u);
  EXPECT_EQ(sink.edges[0].at, Timestamp(100'000));
  EXPECT_TRUE(sink.edges[0].active);
  EXPECT_EQ(sink.edges[1].at, Timestamp(600'000));
  EXPECT_EQ(sink.edges[2].line, SenseLine::kBoltSwitch);
  EXPECT_TRUE(sink.edges[2].active);
  EXPECT_EQ(sink.edges[2].at, Timestamp(650'000));
  EXPECT_EQ(sink.BeepsBetween(Timestamp(0), Timestamp(1'000'000)), 2);
  // Frames at 30 fps from the recording, interleaved.
  EXPECT_GE(sink.frames.size(), 29u);
  EXPECT_LE(sink.frames.size(), 31u);
  EXPECT_EQ(bench.Now(), Timestamp(1'000'000));
  EXPECT_FALSE(bench.LatestFullFrame().empty());
  EXPECT_EQ(bench.RecentFullFrames(3).size(), 3u);
}

TEST(GpiodBench, LiveEdgesCarryTheirKernelTimestamps) {
  auto gpio = std::make_shared<FakeGpio>();
  GpiodBench bench(LiveRig(), gpio, LiveCamera());
  bench.Activate();
  RecordingSink sink;
  bench.AdvanceTo(bench.Now() + 50ms, sink);
  const Timestamp at = bench.Now() + 30ms;
  // An edge stamped 30 ms ahead (as the kernel would stamp it then).
  gpio->DriveInput(Line(8), true, bench.clock().ToMonotonicNs(at));
  bench.AdvanceTo(bench.Now() + 100ms, sink);
  EXPECT_FALSE(sink.out_of_order);
  ASSERT_EQ(sink.edges.size(), 1u);
  EXPECT_EQ(sink.edges[0].at, at);
  EXPECT_GE(sink.frames.size(), 3u);
}

TEST(GpiodBench, LostCameraIsAnErrorNotAHang) {
  for (auto after : {testing::TestGrabber::After::kStall, testing::TestGrabber::After::kFail}) {
    auto gpio = std::make_shared<FakeGpio>();
    GpiodBench bench(LiveRig(), gpio, LiveCamera(after, 5));
    bench.Activate();
    bench.SetRelay("program", true);
    RecordingSink sink;
    const auto start = std::chrono::steady_clock::now();
    EXPECT_THROW(bench.AdvanceTo(bench.Now() + 10s, sink), std::runtime_error);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
    bench.EnterSafeState();
    EXPECT_TRUE(gpio->OutputHigh(Line(6)));
  }
}

TEST(GpiodBench, RefusesSimSettings) {
  auto gpio = std::make_shared<FakeGpio>();
  GpiodBench bench(LiveRig(), gpio, LiveCamera());
  EXPECT_FALSE(bench.Has("sim"));
  EXPECT_TRUE(bench.Has("hardware"));
  EXPECT_TRUE(bench.Has("bolt_switch"));
  EXPECT_THROW(bench.ApplySimSetting("jam", "true"), std::invalid_argument);
}

TEST(GpiodBench, MarkersCalibrateFromTheFirstFrame) {
  auto rig = ParseRigText(testing::RigYaml(testing::ReplayCamera(testing::SimRecording()),
                                           "  leds: 1\n  markers: true\n"),
                          "rig.yaml");
  GpiodBench bench(rig, std::make_shared<FakeGpio>(), MakeFrameSource(rig));
  EXPECT_THROW(bench.Face(), std::logic_error);
  bench.Activate();
  sim::SimBench sim;
  const cv::Rect truth = sim.Face().bolt_track;
  const cv::Rect found = bench.Face().bolt_track;
  EXPECT_LE(std::abs(found.x - truth.x), 3);
  EXPECT_LE(std::abs(found.y - truth.y), 3);
}

class NoResults final : public reports::ResultSink {};

scenario::Scenario Load(const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("lockrig-hw-scenario-" + std::to_string(getpid()) + ".yaml");
  std::ofstream(path) << text;
  auto s = scenario::LoadScenario(path.string(), LOCKRIG_SOURCE_DIR "/scenarios/lib");
  std::filesystem::remove(path);
  return s;
}

TEST(GpiodBench, ScenarioExceptionMidwayLeavesEveryRelaySafe) {
  auto gpio = std::make_shared<FakeGpio>();
  // The camera fails 1 s in, while Program is held.
  auto bench = std::make_unique<GpiodBench>(LiveRig(), gpio,
                                            LiveCamera(testing::TestGrabber::After::kFail, 30));
  bench->Activate();
  NoResults results;
  const auto result = ScenarioRunner(*bench, results)
                          .Run(Load("scenario: holds program\nsteps:\n  - hold: program\n"
                                    "  - power: off\n  - wait: 5s\n"));
  EXPECT_EQ(result.verdict, reports::Verdict::kError);
  EXPECT_NE(result.message.find("camera lost"), std::string::npos) << result.message;
  for (const auto& [relay, energised] : bench->RelayStates()) EXPECT_FALSE(energised) << relay;
  EXPECT_TRUE(gpio->OutputHigh(Line(6)));
  EXPECT_FALSE(gpio->OutputHigh(Line(7)));
  bench.reset();
  ExpectAllSafeAndReleased(*gpio);
}

}  // namespace
}  // namespace lockrig::hardware
