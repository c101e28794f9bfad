// Runs one scenario on one bench: turns each step into relay actions and
// waits, judges expectations on the timeline of what the bench showed, and
// reports every action, observation and verdict to a result sink. The same
// code drives the simulated and the hardware bench; it never asks which.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include "reports/result.h"
#include "reports/result_sink.h"
#include "rig/bench/bench.h"
#include "rig/scenario/scenario.h"

namespace lockrig {

struct RunOptions {
  // Where `snapshot:` frames are written (PNG); none when empty.
  std::string snapshot_dir;
  // Set (e.g. by a SIGINT handler) to stop at the next step boundary.
  const std::atomic<bool>* stop_requested = nullptr;
  // Called with a one-line progress text during long repeats; `final` is
  // true for a repeat's last line.
  std::function<void(const std::string& line, bool final)> progress;
};

class ScenarioRunner {
 public:
  ScenarioRunner(Bench& bench, reports::ResultSink& sink, RunOptions options = {});

  // Runs setup, then steps. The bench is left in its safe state whatever
  // happens. Never throws for scenario or bench problems: they become the
  // `error` verdict.
  reports::ScenarioResult Run(const scenario::Scenario& scenario);

 private:
  Bench& bench_;
  reports::ResultSink& sink_;
  RunOptions options_;
};

// The verdict for a scenario that could not be loaded (a ScenarioError).
reports::ScenarioResult LoadErrorResult(const std::string& file, const std::string& message);

}  // namespace lockrig
