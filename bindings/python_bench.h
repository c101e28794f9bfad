// The bench as Python tests drive it: one BenchSession (the engine's
// actions, expectations and window-start rule, shared with the scenario
// runner) on one Bench, plus what a Python test needs around it: result
// files written on close, the safe state guaranteed on close, on leaving a
// `with` block and on garbage collection, the failures turned into
// ExpectationFailed (raised by the module, once the GIL is held again), and
// macros run by name on the same board (`call("unlock", code="1234")`).
//
// Every call that lets bench time pass releases the GIL; a mutex keeps two
// Python threads from driving one bench at once.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "reports/result.h"
#include "reports/result_sink.h"
#include "rig/bench/bench.h"
#include "rig/engine/bench_session.h"
#include "rig/scenario/scenario.h"

namespace lockrig::scenario {
class MacroLibrary;
}

namespace lockrig::python {

// What one expectation found, as Python sees it (times in seconds of bench
// time).
struct ExpectationResult {
  bool passed = false;
  std::string step;   // expect(bolt='retracted', within='2s')
  std::string where;  // the Python line, or a macro file's line
  std::string expected;
  std::string seen;
  std::optional<double> seen_at;
  double window_start = 0.0;
  std::string failure;  // "<where>: <step>: expected ...; seen: ..." (empty when passed)
};

// A step that did not hold: what to raise ExpectationFailed with.
struct Failure {
  std::string message;  // the CLI's failure line plus seed, profile and bench time
  ExpectationResult result;
  std::optional<reports::Measurement> measurement;
};

struct BenchSetup {
  std::string profile;
  std::optional<std::string> out_dir;  // junit.xml, events.jsonl, trace.vcd, report.html
  std::string name;                    // the test's name in those files
  std::string file;                    // the test file
  std::string macro_dir;               // scenarios/lib for call()
};

class PythonBench {
 public:
  PythonBench(std::unique_ptr<Bench> bench, BenchSetup setup);
  ~PythonBench();  // closes (safe state, result files) if not closed yet
  PythonBench(const PythonBench&) = delete;
  PythonBench& operator=(const PythonBench&) = delete;

  // Actions: each returns its trigger edge in seconds. Callers hold no GIL.
  double Press(const std::vector<std::string>& keys, std::optional<Duration> closed_for,
               const StepInfo& step);
  double Enter(const std::string& code, const StepInfo& step);
  double Hold(const std::string& key, const StepInfo& step);
  double Release(const std::string& key, const StepInfo& step);
  double Power(bool on, const StepInfo& step);
  void Wait(Duration d);
  void Sim(const SimSettings& settings, const StepInfo& step);
  void Log(const std::string& text, const StepInfo& step);
  std::string Snapshot(const std::string& name, const std::string& dir, const StepInfo& step);

  // Expectations. The result is returned whether or not it passed; when it
  // did not and `check` is set, the failure is recorded for the verdict on
  // close and returned for the caller to raise.
  std::pair<ExpectationResult, std::optional<Failure>> Expect(const scenario::Condition& condition,
                                                              Duration within, const StepInfo& step,
                                                              bool check);
  std::pair<ExpectationResult, std::optional<Failure>> ExpectNot(
      const scenario::Condition& condition, Duration for_duration, const StepInfo& step,
      bool check);
  std::pair<reports::Measurement, std::optional<Failure>> Measure(const MeasureSpec& spec,
                                                                  const StepInfo& step, bool check);

  // Runs parsed steps (a macro's) on this bench; the first expectation that
  // does not hold ends them. `caller` prefixes the failure's place. Control
  // blocks (repeat, sweep, threshold) are refused: a Python loop does that.
  std::optional<Failure> RunSteps(const std::vector<scenario::Step>& steps,
                                  const std::string& caller);
  std::shared_ptr<scenario::MacroLibrary> macros() const { return macros_; }

  // De-energises every relay (and records it); the bench stays usable.
  void SafeState();
  // Safe state, then the verdict to the result files, which are closed.
  // Verdict "passed"/"failed"/"error"/"skipped", or "" for: failed if an
  // expectation raised, else passed. Idempotent: later calls return the
  // first result.
  reports::ScenarioResult Close(const std::string& verdict, const std::string& message);
  bool closed() const { return closed_; }

  const Bench& bench() const { return *bench_; }
  double Now() const;
  const std::string& profile() const { return setup_.profile; }
  const std::optional<std::string>& out_dir() const { return setup_.out_dir; }
  const std::string& name() const { return setup_.name; }
  std::vector<reports::Measurement> measurements() const;
  std::vector<std::pair<std::string, bool>> RelayStates() const;

 private:
  // Refuses use after Close(). Caller holds mutex_.
  void CheckOpen() const;
  // Keeps observations bounded over long Python loops: nothing older than a
  // minute before the next window start can be judged again.
  void Forget();
  std::optional<Failure> Failed(const ExpectationOutcome& outcome, const StepInfo& step,
                                bool check);
  ExpectationResult ResultOf(const ExpectationOutcome& outcome, const StepInfo& step) const;
  void RecordSafeState();

  mutable std::mutex mutex_;
  std::unique_ptr<Bench> bench_;
  BenchSetup setup_;
  reports::Fanout sinks_;
  std::unique_ptr<BenchSession> session_;
  std::shared_ptr<scenario::MacroLibrary> macros_;
  std::optional<Timestamp> trigger_;  // mirrors the session's, for Forget()
  std::vector<reports::Measurement> measurements_;
  std::optional<Failure> first_failure_;
  std::vector<reports::KeptFrame> failure_frames_;
  std::chrono::steady_clock::time_point wall_start_;
  bool closed_ = false;
  reports::ScenarioResult closing_result_;
};

}  // namespace lockrig::python
