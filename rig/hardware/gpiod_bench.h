// The hardware bench: the Bench the scenario engine drives on a real rig (a
// Raspberry Pi with a relay board across the lock's keys, Program button and
// battery lead, a camera facing the lock, the buzzer and an optional bolt
// limit switch on GPIO inputs). The engine cannot tell it from SimBench.
//
// Constructing it opens nothing (style.md point 9): Activate() requests the
// lines (every relay at its safe level), starts the camera and, with
// `calibration: markers`, finds the face in the first frame. Calls that need
// hardware throw std::logic_error while it is inactive. Deactivation (also
// by the destructor) drives every relay safe, stops the camera and releases
// the lines, on every path; what cannot be done after the process dies is
// the wiring's job (README, "Hardware bench").
//
// Time: microseconds since activation on CLOCK_MONOTONIC, or the
// recording's time with the replay camera (then AdvanceTo runs as fast as
// frames can be read). AdvanceTo sleeps to absolute instants in slices of at
// most 20 ms, and hands frames and sense edges to the sink in time order
// (edges first at equal times, as on SimBench): everything captured up to
// `until` is delivered before it returns. A frame or edge that arrives after
// a later one was delivered (a thread scheduled late) is delivered with the
// later time and counted as late.
//
// Capabilities: "hardware", "camera", and "bolt_switch" when wired; never
// "sim" (ApplySimSettings throws std::invalid_argument).
#pragma once

#include <atomic>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "rig/bench/bench.h"
#include "rig/hardware/bench_clock.h"
#include "rig/hardware/frame_source.h"
#include "rig/hardware/gpio_lines.h"
#include "rig/hardware/rig_file.h"
#include "rig/hardware/rig_lines.h"

namespace lockrig::hardware {

struct GpiodBenchOptions {
  // When set, AdvanceTo returns early (Now() < until) within a slice, so the
  // caller's own stop check runs (BenchSession throws StopRequested).
  const std::atomic<bool>* stop = nullptr;
  std::string firmware_build = "unknown (not flashed by lockrig)";
  std::size_t kept_frames = 16;  // for RecentFullFrames
  Duration slice = std::chrono::milliseconds(20);
  // The last slice before `until` starts this long before it, so that the
  // sink's work on the frames before it is done before the wake-up that the
  // next relay action waits for.
  Duration guard = std::chrono::milliseconds(3);
  // While active on a live clock, the activating thread runs SCHED_FIFO at
  // this priority (0: leave it) with a 1 ns timer slack, so that a wake-up
  // for a relay action does not queue behind other work on the machine.
  // Without the privilege (CAP_SYS_NICE or an rtprio limit) it carries on
  // at normal priority, with a note on stderr.
  int realtime_priority = 40;
  std::string consumer = "lockrig";
};

struct GpiodBenchStats {
  std::uint64_t frames_delivered = 0;
  std::uint64_t frames_dropped = 0;  // by the capture queue
  std::uint64_t frames_late = 0;
  std::uint64_t edges_delivered = 0;
  std::uint64_t edges_late = 0;
};

class GpiodBench final : public Bench {
 public:
  // `camera` must not be null. Opens nothing.
  GpiodBench(RigConfig rig, std::shared_ptr<GpioBackend> gpio, std::unique_ptr<FrameSource> camera,
             GpiodBenchOptions options = {});
  ~GpiodBench() override;
  GpiodBench(const GpiodBench&) = delete;
  GpiodBench& operator=(const GpiodBench&) = delete;

  // Requests the lines, starts the camera, calibrates. Throws
  // std::runtime_error (nothing is left held); a second call does nothing.
  void Activate();
  // Safe state, camera stopped, lines released. Reports dropped and late
  // frames on stderr if there were any.
  void Deactivate() noexcept;
  bool active() const { return lines_ != nullptr; }

  std::string Kind() const override { return "hardware"; }
  bool Has(std::string_view capability) const override;
  const KeypadLayout& Keypad() const override { return keypad_; }
  PressTiming Timing() const override { return rig_.timing; }
  // With `calibration: markers`, only once active.
  const vision::FaceLayout& Face() const override;
  std::uint64_t Seed() const override { return 0; }
  std::string FirmwareBuild() const override { return options_.firmware_build; }

  Timestamp Now() const override;
  Timestamp SetRelay(std::string_view relay, bool energised) override;
  void AdvanceTo(Timestamp until, ObservationSink& sink) override;
  cv::Mat LatestFullFrame() override;
  std::vector<Frame> RecentFullFrames(std::size_t count) override;
  std::vector<std::pair<std::string, bool>> RelayStates() const override;
  void ApplySimSettings(const SimSettings& settings) override;
  void EnterSafeState() noexcept override;

  const RigConfig& rig() const { return rig_; }
  GpiodBenchStats stats() const;
  // The bench's clock (while active), e.g. to stamp a fake line's edges.
  const BenchClock& clock() const;

 private:
  void RequireActive(const char* what) const;
  void Collect(Timestamp horizon, ObservationSink& sink);

  RigConfig rig_;
  std::shared_ptr<GpioBackend> gpio_;
  std::unique_ptr<FrameSource> camera_;
  GpiodBenchOptions options_;
  KeypadLayout keypad_;
  std::optional<vision::FaceLayout> face_;
  std::unique_ptr<BenchClock> clock_;
  std::unique_ptr<RigLines> lines_;
  bool camera_running_ = false;
  // The activating thread's scheduling before Activate, to restore.
  std::optional<std::pair<int, int>> saved_policy_;  // policy, priority
  int saved_timer_slack_ = -1;

  std::deque<Frame> pending_frames_;
  std::deque<SenseEdge> pending_edges_;
  Timestamp last_delivered_{0};
  std::deque<Frame> recent_;
  GpiodBenchStats stats_;
};

// The camera the rig file describes: the replay camera, the frame pipe or
// the V4L2 camera.
std::unique_ptr<FrameSource> MakeFrameSource(const RigConfig& rig);

// A hardware bench for a rig file: loads and validates it (RigFileError),
// then activates a bench on libgpiod and the rig's camera
// (std::runtime_error if the lines or the camera cannot be opened).
std::unique_ptr<GpiodBench> MakeHardwareBench(const std::string& rig_file,
                                              GpiodBenchOptions options = {});
// The same with another GPIO backend (the fake, in tests).
std::unique_ptr<GpiodBench> MakeHardwareBench(const RigConfig& rig,
                                              std::shared_ptr<GpioBackend> gpio,
                                              GpiodBenchOptions options = {});

}  // namespace lockrig::hardware
