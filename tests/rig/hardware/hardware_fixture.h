// What the hardware bench's tests share: rig files wired to the fake lines,
// a recording of the simulated bench's camera for the replay camera, and
// grabbers that play a camera that works, stalls or fails.
#pragma once

#include <time.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>

#include "rig/hardware/bench_clock.h"
#include "rig/hardware/frame_source.h"
#include "rig/hardware/recording.h"
#include "rig/hardware/rig_file.h"
#include "rig/sim/sim_bench.h"

namespace lockrig::hardware::testing {

namespace fs = std::filesystem;

// Relays on gpiochip0 lines 0..7 (paired5), buzzer on 8, bolt switch on 9.
// Relays active-low except battery (active-high), so both polarities are
// exercised.
inline std::string RigYaml(const std::string& camera, const std::string& calibration,
                           bool bolt_switch = true) {
  std::string yaml =
      "rig: test-rig\n"
      "keypad: paired5\n"
      "wiring:\n"
      "  active_low: true\n"
      "  press: 50ms\n"
      "  gap: 50ms\n"
      "  operate_delay: 4ms\n"
      "  relays:\n"
      "    key_1_2: 0\n"
      "    key_3_4: 1\n"
      "    key_5_6: 2\n"
      "    key_7_8: 3\n"
      "    key_9_0: 4\n"
      "    key_lock: 5\n"
      "    program: 6\n"
      "    battery: {offset: 7, active_low: false}\n"
      "sense:\n"
      "  buzzer: {offset: 8, bias: pull-down}\n";
  if (bolt_switch) yaml += "  bolt_switch: {offset: 9, active_low: true, bias: pull-up}\n";
  yaml += "camera:\n" + camera + "calibration:\n" + calibration;
  return yaml;
}

inline std::string RegionsCalibration() {
  return "  leds: 1\n"
         "  regions:\n"
         "    leds: [[150, 60, 20, 20]]\n"
         "    bolt_track: [100, 150, 120, 20]\n";
}

inline std::string ReplayCamera(const std::string& path) {
  return "  replay: " + path + "\n  width: 320\n  height: 240\n  fps: 30\n  lost_after: 5\n";
}

// A few seconds of the simulated bench's camera (smartcode, seed 1),
// recorded once per test program.
inline const std::string& SimRecording() {
  static const std::string path = [] {
    const fs::path dir =
        fs::temp_directory_path() / ("lockrig-hw-test-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const std::string video = (dir / "sim.avi").string();
    sim::SimBench bench;
    RecordFromBench(bench, video, std::chrono::seconds(4), 30.0);
    return video;
  }();
  return path;
}

// Frames at a steady rate on the monotonic clock; after `fail_after`
// frames it fails (read error) or stalls (no frame, but the read returns
// now and then, as V4L2's select timeout does), if asked to.
class TestGrabber final : public Grabber {
 public:
  enum class After { kKeepGoing, kFail, kStall };
  TestGrabber(cv::Mat image, double fps, After after = After::kKeepGoing, int fail_after = 0)
      : image_(std::move(image)),
        period_ns_(static_cast<std::int64_t>(1e9 / fps)),
        after_(after),
        fail_after_(fail_after) {}
  void Open() override { next_ns_ = MonotonicNowNs(); }
  bool Read(cv::Mat& bgr, std::int64_t& arrived_ns) override {
    if (after_ != After::kKeepGoing && count_ >= fail_after_) {
      if (after_ == After::kFail) return false;
      // Stalled: nothing for a second, then the driver's timeout fails
      // the read (V4L2's select timeout does the same, after longer).
      std::this_thread::sleep_for(std::chrono::seconds(1));
      return false;
    }
    next_ns_ += period_ns_;
    timespec ts{static_cast<time_t>(next_ns_ / 1'000'000'000),
                static_cast<long>(next_ns_ % 1'000'000'000)};
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr);
    arrived_ns = MonotonicNowNs();
    bgr = image_.clone();
    ++count_;
    return true;
  }
  void Close() noexcept override {}
  std::string Describe() const override { return "test camera"; }

 private:
  cv::Mat image_;
  std::int64_t period_ns_;
  After after_;
  int fail_after_;
  int count_ = 0;
  std::int64_t next_ns_ = 0;
};

}  // namespace lockrig::hardware::testing
