// hardware_timing_bench: how precisely the hardware bench times relay
// actions on this machine. A press is SetRelay(on), AdvanceTo(on + press),
// SetRelay(off): the off action's error is how late the line changed after
// the instant AdvanceTo slept to. The run uses the fake GPIO lines (the
// path from the clock to the line is the same as on libgpiod, minus one
// ioctl of a few microseconds), a camera thread delivering a rendered lock
// face at 30 fps and the engine's own vision on every frame, so the
// scheduling competes with the work a real run does.
//
//   hardware_timing_bench [cycles]      (default 500; exit 1 if p99 > 1 ms)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "reports/result_sink.h"
#include "rig/engine/bench_observer.h"
#include "rig/engine/timeline.h"
#include "rig/hardware/fake_gpio.h"
#include "rig/hardware/gpiod_bench.h"
#include "rig/sim/sim_bench.h"

namespace {

using namespace lockrig;
using namespace lockrig::hardware;
using namespace std::chrono_literals;

// A camera that delivers one image at a steady rate, paced on the
// monotonic clock like a real one.
class PacedGrabber final : public Grabber {
 public:
  PacedGrabber(cv::Mat image, double fps) : image_(std::move(image)), period_ns_(1e9 / fps) {}
  void Open() override { next_ns_ = MonotonicNowNs(); }
  bool Read(cv::Mat& bgr, std::int64_t& arrived_ns) override {
    next_ns_ += period_ns_;
    timespec ts{static_cast<time_t>(next_ns_ / 1'000'000'000),
                static_cast<long>(next_ns_ % 1'000'000'000)};
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr);
    arrived_ns = MonotonicNowNs();
    bgr = image_.clone();  // a camera delivers a new buffer every frame
    return true;
  }
  void Close() noexcept override {}
  std::string Describe() const override { return "paced test camera"; }

 private:
  cv::Mat image_;
  std::int64_t period_ns_;
  std::int64_t next_ns_ = 0;
};

class NoResults final : public reports::ResultSink {};

}  // namespace

int main(int argc, char** argv) {
  const int cycles = argc > 1 ? std::atoi(argv[1]) : 500;
  // A lock face as the camera would see it.
  sim::SimBench sim;
  struct Keep : ObservationSink {
    void OnFrame(const Frame&) override {}
    void OnSenseEdge(const SenseEdge&) override {}
  } ignore;
  sim.AdvanceTo(Timestamp(200'000), ignore);
  const cv::Mat face_image = sim.LatestFullFrame().clone();

  RigConfig rig;
  rig.name = "timing";
  rig.keypad = KeypadKind::kPaired5;
  unsigned offset = 0;
  for (const std::string& relay : RequiredRelays(rig.keypad)) {
    rig.relays.push_back({relay, LineAddress{"", "gpiochip0", offset++}, true});
  }
  rig.buzzer = {SenseLine::kBuzzer, LineAddress{"", "gpiochip0", offset++}, false, Bias::kAsIs};
  rig.camera.width = face_image.cols;
  rig.camera.height = face_image.rows;
  rig.calibration.face = sim.Face();

  auto gpio = std::make_shared<FakeGpio>();
  GpiodBench bench(
      rig, gpio,
      std::make_unique<CaptureThreadCamera>(std::make_unique<PacedGrabber>(face_image, 30.0),
                                            CaptureSettings{30.0, 10, 64}));
  bench.Activate();
  Timeline timeline;
  NoResults results;
  BenchObserver observer(bench.Face(), timeline, results);

  const Duration press = 10ms, gap = 10ms;
  std::vector<std::int64_t> targets_ns;
  std::size_t sets_before = 0;
  for (const auto& e : gpio->Log()) sets_before += e.kind == FakeGpioEvent::Kind::kSet;
  for (int i = 0; i < cycles; ++i) {
    bench.SetRelay("key_1_2", true);
    const Timestamp off_at = bench.Now() + press;
    bench.AdvanceTo(off_at, observer);
    bench.SetRelay("key_1_2", false);
    targets_ns.push_back(bench.clock().ToMonotonicNs(off_at));
    bench.AdvanceTo(bench.Now() + gap, observer);
    if (i % 100 == 99) timeline.ForgetBefore(bench.Now() - 1s);
  }
  // Every other set after the first is an "off" that followed a sleep.
  std::vector<double> errors_us;
  std::size_t n = 0, k = 0;
  for (const auto& e : gpio->Log()) {
    if (e.kind != FakeGpioEvent::Kind::kSet) continue;
    if (n++ < sets_before) continue;
    if ((n - sets_before) % 2 == 0 && k < targets_ns.size()) {
      errors_us.push_back((e.monotonic_ns - targets_ns[k++]) / 1000.0);
    }
  }
  const GpiodBenchStats stats = bench.stats();
  bench.Deactivate();
  std::sort(errors_us.begin(), errors_us.end());
  auto pct = [&](double p) {
    return errors_us[std::min(errors_us.size() - 1,
                              static_cast<std::size_t>(p * errors_us.size()))];
  };
  std::printf(
      "relay action scheduling error over %zu actions (fake lines, 30 fps camera, vision "
      "on every frame): p50 %.0f us, p99 %.0f us, max %.0f us; frames %llu (dropped %llu)\n",
      errors_us.size(), pct(0.50), pct(0.99), errors_us.back(),
      static_cast<unsigned long long>(stats.frames_delivered),
      static_cast<unsigned long long>(stats.frames_dropped));
  if (pct(0.99) > 1000.0) {
    std::printf("FAIL: p99 above the 1 ms bar\n");
    return 1;
  }
  return 0;
}
