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
  std::chrono::microseconds virtual_time{0};
  double wall_seconds = 0.0;
};

// One timestamped thing that happened during a scenario.
struct Event {
  std::chrono::microseconds at{0};  // bench time
  std::string type;                 // "action", "observation", "verdict", "log", ...
  nlohmann::json fields;            // the rest, flat where possible
};

}  // namespace lockrig::reports
