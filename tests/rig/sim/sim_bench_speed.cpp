// How fast the simulated bench runs, in virtual seconds per wall second, for
// the cycle endurance scenarios repeat most: unlock with a user code, then
// Lock, with every camera frame rendered. Not a test: run it by hand
// (build-*/tests/rig/sim/sim_bench_speed) and read the `virtual_s/s` rate.
#include <chrono>
#include <string>

#include <benchmark/benchmark.h>

#include "rig/sim/host_firmware_mcu.h"
#include "rig/sim/sim_bench.h"
#include "rig/sim/virtual_board.h"

namespace lockrig::sim {
namespace {

using std::chrono::milliseconds;

// Frames are rendered (that is the cost being measured) and dropped.
class DiscardingSink final : public ObservationSink {
 public:
  void OnFrame(const Frame& frame) override { benchmark::DoNotOptimize(frame.image.data); }
  void OnSenseEdge(const SenseEdge& edge) override { benchmark::DoNotOptimize(edge.at); }
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

void UnlockLockCycle(benchmark::State& state) {
  SimBenchOptions options;
  options.camera.frames_per_second = static_cast<double>(state.range(0));
  SimBench bench(options);
  DiscardingSink sink;
  // First power-up (BOOT, handing), then add user code 1357 (smartcode with
  // no master: P C L).
  bench.AdvanceTo(Timestamp(std::chrono::seconds(8)), sink);
  Press(bench, sink, "program");
  Enter(bench, sink, "1357");
  Press(bench, sink, "lock");
  bench.AdvanceTo(bench.Now() + milliseconds(3000), sink);

  const Timestamp start = bench.Now();
  for (auto _ : state) {
    Enter(bench, sink, "1357");  // unlock
    bench.AdvanceTo(bench.Now() + milliseconds(2500), sink);
    Press(bench, sink, "lock");
    bench.AdvanceTo(bench.Now() + milliseconds(2500), sink);
  }
  const double virtual_seconds = std::chrono::duration<double>(bench.Now() - start).count();
  state.counters["virtual_s/s"] = benchmark::Counter(virtual_seconds, benchmark::Counter::kIsRate);
  state.counters["frames/s"] = benchmark::Counter(
      virtual_seconds * options.camera.frames_per_second, benchmark::Counter::kIsRate);
}
BENCHMARK(UnlockLockCycle)->Arg(30)->Arg(15)->Unit(benchmark::kMillisecond);

// The board and firmware alone, no camera: the cost of the simulation itself.
void UnlockLockCycleWithoutCamera(benchmark::State& state) {
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
  for (auto _ : state) {
    for (const char* relay : {"key_1_2", "key_3_4", "key_5_6", "key_7_8"}) press(relay);
    scheduler.RunUntil(scheduler.Now() + 2'500'000);
    press("key_lock");
    scheduler.RunUntil(scheduler.Now() + 2'500'000);
  }
  const double virtual_seconds = static_cast<double>(scheduler.Now() - start) / 1e6;
  state.counters["virtual_s/s"] = benchmark::Counter(virtual_seconds, benchmark::Counter::kIsRate);
}
BENCHMARK(UnlockLockCycleWithoutCamera)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace lockrig::sim

BENCHMARK_MAIN();
