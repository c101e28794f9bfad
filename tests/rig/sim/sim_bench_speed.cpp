// How fast the simulated bench runs, in virtual seconds per wall second, for
// the cycle endurance scenarios repeat most: unlock with a user code, then
// Lock, with the camera at 30 fps and vision reading every frame through the
// engine's own observer (rig/engine BenchObserver: FaceReader on the frames'
// regions, bolt motion, the timeline). The bar (issue 5) is >= 1000x real
// time on one core for this whole pipeline.
//
// Prints, for each configuration, the median of several runs: the ratio,
// and where the wall time went per frame (board + firmware, rendering,
// vision). Not a test: run it by hand on a quiet machine,
//   build-*/tests/rig/sim/sim_bench_speed [runs] [cycles]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "reports/result_sink.h"
#include "rig/engine/bench_observer.h"
#include "rig/engine/timeline.h"
#include "rig/sim/host_firmware_mcu.h"
#include "rig/sim/sim_bench.h"
#include "rig/sim/virtual_board.h"

namespace lockrig::sim {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// The results go nowhere: the cost measured is producing them.
class NullResults final : public reports::ResultSink {};

// The engine's observer, with the timeline trimmed now and then as the
// engine does between steps, so a long run does not grow without bound.
class EngineObserver final : public ObservationSink {
 public:
  explicit EngineObserver(const vision::FaceLayout& layout)
      : observer_(layout, timeline_, results_) {}
  void OnFrame(const Frame& frame) override {
    observer_.OnFrame(frame);
    if (++frames_ % 300 == 0) timeline_.ForgetBefore(frame.captured - std::chrono::seconds(5));
  }
  void OnSenseEdge(const SenseEdge& edge) override { observer_.OnSenseEdge(edge); }
  std::vector<cv::Rect> RegionsRead() const { return observer_.RegionsRead(); }

 private:
  NullResults results_;
  Timeline timeline_;
  BenchObserver observer_;
  std::uint64_t frames_ = 0;
};

void Press(SimBench& bench, ObservationSink& sink, const std::string& key) {
  const std::string relay = *bench.Keypad().RelayFor(key);
  bench.SetRelay(relay, true);
  bench.AdvanceTo(bench.Now() + bench.Timing().press, sink);
  bench.SetRelay(relay, false);
  bench.AdvanceTo(bench.Now() + bench.Timing().gap, sink);
}

void Enter(SimBench& bench, ObservationSink& sink, const std::string& code) {
  for (char digit : code) Press(bench, sink, std::string(1, digit));
}

// The engine advances in small polls while it waits on an expectation.
void Wait(SimBench& bench, ObservationSink& sink, milliseconds span) {
  const Timestamp end = bench.Now() + span;
  while (bench.Now() < end) bench.AdvanceTo(std::min(end, bench.Now() + milliseconds(10)), sink);
}

struct RunResult {
  double ratio = 0.0;                                       // virtual seconds per wall second
  double board_us = 0.0, render_us = 0.0, vision_us = 0.0;  // wall time per frame
  std::uint64_t frames = 0;
};

enum class Delivery { kRegions, kWholeFrames };

RunResult OneRun(Delivery delivery, int cycles, std::uint64_t seed) {
  SimBenchOptions options;
  options.seed = seed;
  SimBench bench(options);
  EngineObserver observer(bench.Face());
  if (delivery == Delivery::kRegions) bench.RequestRegions(observer.RegionsRead());
  // First power-up (BOOT, handing), then add user code 1357 (smartcode with
  // no master: P C L) and lock.
  Wait(bench, observer, milliseconds(8000));
  Press(bench, observer, "program");
  Enter(bench, observer, "1357");
  Press(bench, observer, "lock");
  Wait(bench, observer, milliseconds(3000));
  Press(bench, observer, "lock");
  Wait(bench, observer, milliseconds(2500));

  const SimBench::WallTime before = bench.wall_time();
  const Timestamp virtual_start = bench.Now();
  const Clock::time_point wall_start = Clock::now();
  for (int cycle = 0; cycle < cycles; ++cycle) {
    Enter(bench, observer, "1357");  // unlock
    Wait(bench, observer, milliseconds(2500));
    Press(bench, observer, "lock");
    Wait(bench, observer, milliseconds(2500));
  }
  const double wall = std::chrono::duration<double>(Clock::now() - wall_start).count();
  const double virtual_seconds = std::chrono::duration<double>(bench.Now() - virtual_start).count();
  const SimBench::WallTime& after = bench.wall_time();

  RunResult result;
  result.frames = after.frames - before.frames;
  result.ratio = virtual_seconds / wall;
  const double per_frame = 1e6 / static_cast<double>(result.frames);
  const double render = std::chrono::duration<double>(after.render - before.render).count();
  const double vision = std::chrono::duration<double>(after.sink - before.sink).count();
  result.render_us = render * per_frame;
  result.vision_us = vision * per_frame;
  result.board_us = (wall - render - vision) * per_frame;
  return result;
}

// The board and firmware alone, no camera: the cost of the simulation itself.
double BoardOnlyRatio(int cycles) {
  Scheduler scheduler;
  const lockfw::Profile& profile = *lockfw::FindProfile("smartcode");
  VirtualBoard board(scheduler, KeypadKind::kPaired5, profile.led_count, 1);
  HostFirmwareMcu mcu(profile, board);
  board.Attach(mcu);
  board.Start();
  auto press = [&](const char* relay) {
    board.SetRelay(relay, true);
    scheduler.RunUntil(scheduler.Now() + 150'000);
    board.SetRelay(relay, false);
    scheduler.RunUntil(scheduler.Now() + 250'000);
  };
  scheduler.RunUntil(8'000'000);
  press("program");
  for (const char* relay : {"key_1_2", "key_3_4", "key_5_6", "key_7_8"}) press(relay);
  press("key_lock");
  scheduler.RunUntil(scheduler.Now() + 3'000'000);

  const VirtualMicros start = scheduler.Now();
  const Clock::time_point wall_start = Clock::now();
  for (int cycle = 0; cycle < cycles; ++cycle) {
    for (const char* relay : {"key_1_2", "key_3_4", "key_5_6", "key_7_8"}) press(relay);
    scheduler.RunUntil(scheduler.Now() + 2'500'000);
    press("key_lock");
    scheduler.RunUntil(scheduler.Now() + 2'500'000);
  }
  const double wall = std::chrono::duration<double>(Clock::now() - wall_start).count();
  return static_cast<double>(scheduler.Now() - start) / 1e6 / wall;
}

template <typename T, typename Get>
double Median(const std::vector<T>& runs, Get get) {
  std::vector<double> values;
  for (const T& run : runs) values.push_back(get(run));
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

void Report(const char* name, Delivery delivery, int runs, int cycles) {
  std::vector<RunResult> results;
  for (int run = 0; run < runs; ++run) {
    results.push_back(OneRun(delivery, cycles, 1 + static_cast<std::uint64_t>(run)));
  }
  const double ratio = Median(results, [](const RunResult& r) { return r.ratio; });
  const double board = Median(results, [](const RunResult& r) { return r.board_us; });
  const double render = Median(results, [](const RunResult& r) { return r.render_us; });
  const double vision = Median(results, [](const RunResult& r) { return r.vision_us; });
  std::printf(
      "%-34s %8.0fx real time   per frame: board+firmware %6.1f us, render %6.1f us, "
      "vision %6.1f us  (%llu frames/run, median of %d)\n",
      name, ratio, board, render, vision, static_cast<unsigned long long>(results.front().frames),
      runs);
}

}  // namespace
}  // namespace lockrig::sim

int main(int argc, char** argv) {
  using namespace lockrig::sim;
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  const int cycles = argc > 2 ? std::max(1, std::atoi(argv[2])) : 20;
  std::printf(
      "unlock/lock cycles (%d per run, %.0f virtual s), smartcode, camera 320x240 at 30 fps, "
      "vision on every frame\n",
      cycles, cycles * 7.1);
  Report("regions only (RequestRegions)", Delivery::kRegions, runs, cycles);
  Report("whole frames", Delivery::kWholeFrames, runs, std::max(1, cycles / 4));
  std::vector<double> board;
  for (int run = 0; run < runs; ++run) board.push_back(BoardOnlyRatio(cycles * 5));
  std::sort(board.begin(), board.end());
  std::printf("%-34s %8.0fx real time   (no camera, no vision)\n", "board + firmware only",
              board[board.size() / 2]);
  return 0;
}
