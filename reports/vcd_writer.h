// trace.vcd: the run as waveforms, for GTKWave and for PulseView/sigrok. One
// file per run; the scenarios follow one another on a single time axis
// (timescale 1 us). Scenario N's bench time 0 is placed at an offset listed
// in the file's $comment, on a whole second at least one second after the
// previous scenario ended, and the `run.scenario` signal holds N while it
// runs (0 in the gaps).
//
// Signals (scope lockrig.*):
//   relays.<relay>       wire, 1 = energised, at the contact edge (edge_us)
//   sense.buzzer         wire, 1 = sounding; sense.bolt_switch likewise
//   leds.ledN            real, colour code 0 off, 1 red, 2 green, 3 amber,
//                        4 blue, 5 white
//   leds.ledN_<colour>   wire, 1 while LED N shows that colour (one wire per
//                        colour the LED showed during the run)
//   bolt.bolt_position   real, 0 retracted .. 1 extended, to 0.001
//   bolt.bolt_state      real, 0 retracted, 1 extended, 2 moving, 3 stalled
//   bolt.bolt_<state>    wire, 1 while vision reports that state
//   power.battery_volts  real, the pack's rest voltage; only when known
//                        (6.4 V at the start of a simulated scenario, then
//                        `sim: {battery_volts}`); left out otherwise
//   run.scenario         real, index of the running scenario
//   run.step_passed/step_failed  wire, a 1 ms pulse at each verdict
//
// Why no multi-bit vectors: sigrok's VCD input (libsigrok 0.5, Debian's)
// reads only 1-bit signals and stops reading the whole file at the first
// multi-bit vector value (`b10 x`), while it skips reals harmlessly. So
// every multi-valued signal is a real (GTKWave shows the number) with 1-bit
// wire companions that logic analysers display.
//
// Values are written only when they change. Frames and events reach a sink
// slightly out of time order (a relay's contact edge is reported when it is
// commanded, a frame when it is read), so changes wait in a short reorder
// window (kReorderWindowUs) before they are written in time order; anything
// later than that is written at the latest time already written. The
// signal list is known only at the end of a run (relay names come with the
// first action), so the changes go to "<path>.part" as they happen and
// RunFinished() writes the header followed by them: memory stays bounded on
// long endurance runs.
#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reports/result_sink.h"

namespace lockrig::reports {

class VcdWriter : public ResultSink {
 public:
  // Throws std::runtime_error if "<path>.part" cannot be created.
  explicit VcdWriter(std::string path);
  // Writes the file if RunFinished() was not called (e.g. on an exception).
  ~VcdWriter() override;

  void ScenarioStarted(const ScenarioStart& start) override;
  void EventOccurred(const Event& event) override;
  void FrameSampled(const FrameSample& sample) override;
  void ScenarioFinished(const ScenarioResult& result) override;
  // Writes trace.vcd. Throws std::runtime_error if it cannot be created.
  void RunFinished() override;

  // How long a verdict pulse lasts on run.step_passed/step_failed.
  static constexpr std::int64_t kVerdictPulseUs = 1000;
  // Rest voltage of the simulated bench's fresh pack (rig/sim/sim_bench.h).
  static constexpr double kSimBatteryVoltsAtStart = 6.4;
  // How late a change may arrive and still be written at its own time.
  static constexpr std::int64_t kReorderWindowUs = 200'000;

 private:
  enum class Kind { kWire, kReal };
  struct Signal {
    std::string scope;
    std::string name;
    Kind kind = Kind::kWire;
    std::string id;
    std::string initial;   // value in $dumpvars
    std::string value;     // last value written
    bool written = false;  // set at least once (if first at #0, that is `initial`)
  };
  struct ScenarioSpan {
    int index = 0;  // 0: never ran (could not be loaded)
    std::int64_t start_us = 0;
    std::string file, name, verdict;
  };

  std::size_t SignalFor(const std::string& scope, const std::string& name, Kind kind);
  void SetWire(const std::string& scope, const std::string& name, bool on, std::int64_t bench_us);
  void SetReal(const std::string& scope, const std::string& name, double value,
               std::int64_t bench_us, const char* format = "%.6g");
  // Queues a change at absolute trace time; writes what the window released.
  void Queue(std::size_t signal, std::string value, std::int64_t abs_us);
  void Drain(std::int64_t up_to_us);
  void Write(std::int64_t abs_us, std::size_t signal, const std::string& value);
  void Pulse(const std::string& name, std::int64_t bench_us);
  void ShowLed(std::size_t led, vision::LedColor color, std::int64_t bench_us);
  void ShowBolt(std::string_view state, std::int64_t bench_us);
  void EndScenario(std::int64_t bench_end_us);
  void Finish();
  std::string path_;
  std::string part_path_;
  std::ofstream body_;
  bool finished_ = false;

  std::vector<Signal> signals_;
  std::map<std::string, std::size_t> by_key_;  // scope + '.' + name

  int scenario_index_ = 0;
  bool in_scenario_ = false;
  std::int64_t base_us_ = 0;       // where the current scenario's bench time 0 is
  std::int64_t next_base_us_ = 0;  // where the next scenario starts
  std::int64_t now_us_ = 0;        // time of the last `#` line ($dumpvars is at #0)
  std::int64_t latest_us_ = 0;     // latest change queued
  std::multimap<std::int64_t, std::pair<std::size_t, std::string>> pending_;
  std::vector<vision::LedColor> led_colors_;  // as last queued, to lower the old colour wire
  std::string bolt_state_;
  double bolt_position_ = -1.0;  // as last queued; -1: none yet
  std::vector<ScenarioSpan> spans_;
};

}  // namespace lockrig::reports
