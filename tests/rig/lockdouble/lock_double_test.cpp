// The hardware path whole, in real time and without a lock: GpiodBench on
// the fake lines and the pipe camera, the lock double on the other end of
// both (the simulated board running the host-built firmware, paced to
// CLOCK_MONOTONIC, its frames rendered into a real FIFO). A scenario of
// the default suite passes through it, and a scenario that expects the
// wrong thing fails, for the reason the double's lock gives.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <gtest/gtest.h>

#include "reports/result_sink.h"
#include "rig/engine/scenario_runner.h"
#include "rig/hardware/fake_gpio.h"
#include "rig/hardware/gpiod_bench.h"
#include "rig/lockdouble/lock_double.h"
#include "rig/scenario/scenario.h"
#include "tests/rig/hardware/hardware_fixture.h"

namespace lockrig::lockdouble {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class NoResults final : public reports::ResultSink {};

// A temporary folder for the FIFO, removed at the end.
struct TempDir {
  fs::path path = fs::temp_directory_path() /
                  ("lockrig-double-" + std::to_string(getpid()) + "-" +
                   std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

// A second without frames before the camera counts as lost (10 periods
// would do on a quiet machine; the tests may share theirs with a build).
hardware::RigConfig PipeRig(const std::string& fifo) {
  return hardware::ParseRigText(
      hardware::testing::RigYaml(
          "  pipe: " + fifo + "\n  width: 320\n  height: 240\n  fps: 30\n  lost_after: 30\n",
          "  leds: 1\n  markers: true\n"),
      "rig.yaml");
}

// The double on its own thread for as long as the test holds it.
class PlayedLock {
 public:
  PlayedLock(const hardware::RigConfig& rig, hardware::FakeGpio& gpio, const std::string& fifo)
      : wire_(MakeFakeGpioWire(rig, gpio)),
        writer_(fifo, FrameWriter::Kind::kFifo),
        lock_(rig, *wire_, writer_, Options()),
        thread_([this] { lock_.Run(stop_); }) {}
  ~PlayedLock() {
    stop_ = true;
    thread_.join();
  }
  LockDoubleStats Stats() const { return lock_.Stats(); }
  static LockDoubleOptions Options() {
    LockDoubleOptions o;
    o.realtime_priority = 30;  // as the program's default; below the bench's 40
    if (std::getenv("LOCKRIG_DOUBLE_LOG")) o.log = &std::cerr;  // to see what the lock did
    return o;
  }
  FrameWriterStats FrameStats() const { return writer_.Stats(); }

 private:
  std::unique_ptr<LockWire> wire_;
  FrameWriter writer_;
  LockDouble lock_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(LockDouble, ScenarioPassesThroughTheHardwareBenchAndAWrongExpectationFails) {
  const auto wall_start = std::chrono::steady_clock::now();
  TempDir dir;
  const std::string fifo = (dir.path / "face").string();
  const hardware::RigConfig rig = PipeRig(fifo);
  auto gpio = std::make_shared<hardware::FakeGpio>();
  PlayedLock lock(rig, *gpio, fifo);

  // SCHED_FIFO for the bench's thread (its default) and the double's, when
  // allowed: the machine running the tests may be busy with other work.
  hardware::GpiodBench bench(rig, gpio, hardware::MakeFrameSource(rig));
  bench.Activate();  // the first frame from the pipe calibrates by the face's markers
  EXPECT_FALSE(lock.Stats().powered) << "the lock powers up a moment after the bench claims its "
                                        "lines, once the bench is ready for its BOOT beep";

  NoResults results;
  const auto scenario =
      scenario::LoadScenario(LOCKRIG_SOURCE_DIR "/scenarios/lock_button_extends_bolt.yaml",
                             LOCKRIG_SOURCE_DIR "/scenarios/lib");
  const auto passed = ScenarioRunner(bench, results).Run(scenario);
  EXPECT_EQ(passed.verdict, reports::Verdict::kPassed) << passed.message;

  // The bolt is out now; the Lock button leaves it there (ACCEPT, no
  // motion), so a scenario expecting it to retract must fail on what the
  // double's camera shows.
  const auto path = dir.path / "wrong.yaml";
  std::ofstream(path) << "scenario: the Lock button (wrongly) expected to retract the bolt\n"
                         "steps:\n"
                         "  - press: lock\n"
                         "  - expect: {bolt: retracted, within: 2s}\n";
  const auto failed =
      ScenarioRunner(bench, results)
          .Run(scenario::LoadScenario(path.string(), LOCKRIG_SOURCE_DIR "/scenarios/lib"));
  EXPECT_EQ(failed.verdict, reports::Verdict::kFailed) << failed.message;
  EXPECT_NE(failed.message.find("bolt stayed extended"), std::string::npos) << failed.message;

  const auto bench_stats = bench.stats();
  bench.Deactivate();
  const LockDoubleStats s = lock.Stats();
  const FrameWriterStats f = lock.FrameStats();
  // Lock pressed three times: energised and released.
  EXPECT_GE(s.relay_changes, 6u);
  EXPECT_GE(s.sense_edges, 8u);  // BOOT, HANDING_OK's two beeps, ACCEPT x2, each on and off
  EXPECT_GT(f.written, 300u);
  EXPECT_GT(bench_stats.frames_delivered, 300u);
  EXPECT_EQ(bench_stats.frames_dropped, 0u);
  std::printf(
      "lock double: %.1f s, %llu relay changes, %llu edges, %llu frames written "
      "(%llu dropped), worst lateness %.2f ms; bench: %llu frames, %llu late; wall %.1f s\n",
      s.elapsed_s, static_cast<unsigned long long>(s.relay_changes),
      static_cast<unsigned long long>(s.sense_edges), static_cast<unsigned long long>(f.written),
      static_cast<unsigned long long>(f.dropped), s.worst_lateness.count() / 1000.0,
      static_cast<unsigned long long>(bench_stats.frames_delivered),
      static_cast<unsigned long long>(bench_stats.frames_late),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count());
}

}  // namespace
}  // namespace lockrig::lockdouble
