// What a run produces, independent of how it is written out: per scenario a
// verdict, the failure (step, file:line, expected, seen), measurements with
// their limits, and the stream of timestamped events (actions, observations,
// verdicts) that led there. Result sinks (junit.xml, events.jsonl, ...)
// render these.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "vision/bolt_motion.h"
#include "vision/led_color.h"

namespace lockrig::reports {

enum class Verdict { kPassed, kFailed, kError, kSkipped };

std::string_view ToString(Verdict verdict);

// Worst of two verdicts for aggregating (error > failed > passed > skipped).
Verdict Worse(Verdict a, Verdict b);

struct Measurement {
  std::string name;
  std::string where;  // file:line of the step
  std::chrono::microseconds value{0};
  std::optional<std::chrono::microseconds> min, max, marginal_min, marginal_max;
  bool passed = true;
  bool marginal = false;  // passing, but outside the marginal band
  std::string note;       // e.g. "threshold after 11 trials"
};

// Statistics of one `repeat` block (endurance): how many cycles passed, the
// spread of every measurement taken inside it, and the first failure.
struct MeasurementStats {
  std::string name;
  std::size_t count = 0;
  std::chrono::microseconds p50{0}, p95{0}, p99{0}, max{0}, min{0};
  std::size_t out_of_limits = 0;
  std::size_t marginal = 0;
};

struct EnduranceStats {
  std::string where;  // file:line of the repeat
  int cycles_planned = 0;
  int cycles_run = 0;
  int cycles_failed = 0;
  std::optional<int> first_failure_cycle;
  std::string first_failure_message;
  std::vector<MeasurementStats> measurements;
  double wall_seconds = 0.0;
  double pass_rate() const {
    return cycles_run ? static_cast<double>(cycles_run - cycles_failed) / cycles_run : 0.0;
  }
};

// A camera frame kept with a result (around a failure), PNG-encoded.
struct KeptFrame {
  std::chrono::microseconds at{0};
  std::uint64_t index = 0;
  std::string label;  // e.g. "at failure", "window start"
  std::vector<unsigned char> png;
};

struct ScenarioResult {
  std::string file;
  std::string name;
  std::string profile;
  std::vector<std::string> requirements;
  std::vector<std::string> tags;
  std::uint64_t seed = 0;
  std::string bench;     // "sim" or "hardware"
  std::string firmware;  // build id of the firmware judged
  Verdict verdict = Verdict::kPassed;
  // For failed/error/skipped: what happened, one paragraph. For failures it
  // names the step, its file:line, what was expected and what was seen.
  std::string message;
  std::string failed_step_where;  // file:line
  std::vector<Measurement> measurements;
  std::vector<EnduranceStats> endurance;
  // Camera frames around the failure (failed scenarios only).
  std::vector<KeptFrame> failure_frames;
  std::chrono::microseconds virtual_time{0};
  double wall_seconds = 0.0;
};

// What vision read from one camera frame: the per-frame signal that VCD
// traces and timeline plots are drawn from (too dense for events.jsonl).
struct FrameSample {
  std::chrono::microseconds at{0};
  std::uint64_t index = 0;
  std::vector<vision::LedColor> leds;
  double bolt_position = 0.0;
  vision::BoltState bolt = vision::BoltState::kRetracted;
};

// One timestamped thing that happened during a scenario.
struct Event {
  std::chrono::microseconds at{0};  // bench time
  std::string type;                 // "action", "observation", "verdict", "log", ...
  nlohmann::json fields;            // the rest, flat where possible
};

}  // namespace lockrig::reports
