// A session on one bench: the actions of the scenario format (press, enter,
// hold, release, power, wait, sim settings) and its expectations (expect,
// expect_not, measure) as calls, with the timeline of what the bench showed
// and the window-start rule kept between them. The scenario runner drives
// it step by step; Python tests drive it directly.
//
// Expectations return what happened (passed or not, when it was seen, what
// was expected and seen) rather than throwing: the caller decides whether a
// miss fails a scenario, a cycle, a threshold trial or a Python test.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "reports/result.h"
#include "reports/result_sink.h"
#include "rig/bench/bench.h"
#include "rig/engine/bench_observer.h"
#include "rig/engine/condition_judge.h"
#include "rig/engine/timeline.h"
#include "rig/scenario/scenario.h"

namespace lockrig {

// Which step an action or verdict belongs to, for the events it emits.
struct StepInfo {
  std::string text;   // the step as written, or the Python call
  std::string where;  // file:line
};

// The run was asked to stop (Ctrl-C, SIGTERM) between two slices of time.
struct StopRequested {};

struct ExpectationOutcome {
  bool passed = false;
  Timestamp window_start{0};
  std::optional<Timestamp> seen_at;  // when the condition was (first) seen
  std::string expected;              // "bolt retracted within 2s"
  std::string seen;                  // "bolt stayed extended; LED red, 1 red blink; 3 short beeps"
  // The failure in one line, "<step>: expected ...; seen: ..." (empty when passed).
  std::string failure;
};

struct MeasureOutcome {
  ExpectationOutcome expectation;  // of the `until` condition
  reports::Measurement measurement;
};

struct MeasureSpec {
  std::string name;
  scenario::Condition until;
  Duration within = std::chrono::seconds(2);
  std::optional<Duration> min, max, marginal_min, marginal_max;
};

class BenchSession {
 public:
  // `stop` (optional) is polled between slices of bench time.
  BenchSession(Bench& bench, reports::ResultSink& sink, const std::atomic<bool>* stop = nullptr);

  Bench& bench() { return bench_; }
  const Timeline& timeline() const { return timeline_; }
  Timestamp Now() const { return bench_.Now(); }

  // Actions. Each sets the trigger edge that an expectation right after it
  // counts from, and returns it. Unknown keys throw std::invalid_argument.
  // `hold`, `release` and `power` return once their relay's contact has
  // moved, so the next step acts on a lock that already feels it: in
  // `hold: program`, `power: on` Program is closed at power-on (LB-RESET-1)
  // whatever the two relays' operate times.
  Timestamp Press(const std::vector<std::string>& keys, std::optional<Duration> closed_for,
                  const StepInfo& step);
  Timestamp Enter(const std::string& code, const StepInfo& step);
  Timestamp Hold(const std::string& key, const StepInfo& step);
  Timestamp Release(const std::string& key, const StepInfo& step);
  // `power: off` returns once the battery has been disconnected for the
  // bench's PressTiming::power_off, so that the next `power: on` is a real
  // interruption whatever steps come between.
  Timestamp Power(bool on, const StepInfo& step);

  // Other steps: the next expectation's window starts when it begins.
  void Wait(Duration d);
  // Throws std::invalid_argument for a bench without capability "sim" or a
  // setting it refuses.
  void Sim(const SimSettings& settings, const StepInfo& step);
  void Log(const std::string& text, const StepInfo& step);
  // Writes the current full frame as `dir`/`name`.png (if dir is set);
  // returns the file written, or "".
  std::string Snapshot(const std::string& name, const std::string& dir, const StepInfo& step);

  // Expectations, judged on the timeline from the window start. A `beep:
  // long` is only recognised once its tone has lasted 1 s, so a tone that
  // starts inside `within` and is still sounding at the deadline is followed
  // until it proves long (or stops): "a long beep within 1s" means one that
  // starts within 1 s, as the spec's LB-RESET-10 uses it.
  ExpectationOutcome Expect(const scenario::Condition& condition, Duration within,
                            const StepInfo& step);
  ExpectationOutcome ExpectNot(const scenario::Condition& condition, Duration for_duration,
                               const StepInfo& step);
  MeasureOutcome Measure(const MeasureSpec& spec, const StepInfo& step);

  // Forgets the trigger edge: the next expectation starts its own window.
  void ResetTrigger() { trigger_.reset(); }
  // Drops observations older than `t` (bounded memory in endurance runs).
  void ForgetBefore(Timestamp t) { timeline_.ForgetBefore(t); }

  // Emits an event of the caller's own (repeat summaries, threshold trials).
  void Emit(std::string type, nlohmann::json fields);

  // The camera's recent frames, PNG-encoded, to keep with a failure.
  std::vector<reports::KeptFrame> RecentFrames(std::size_t count, const std::string& label);

 private:
  void AdvanceTo(Timestamp t);
  void AdvanceBy(Duration d) { AdvanceTo(bench_.Now() + d); }
  std::string RelayFor(const std::string& key);
  // What an expectation saw belongs to it: when it was seen at this very
  // instant (a beep starting exactly at the window start), time moves on a
  // tick, so that an expectation right after it, whose window opens at
  // now, does not count the same beep again.
  void PassBeyond(Timestamp seen_at);
  Timestamp SetRelay(const std::string& relay, bool energised, const StepInfo& step);
  Timestamp PressOnce(const std::string& key, Duration closed_for, const StepInfo& step);
  Timestamp WindowStart() const { return trigger_.value_or(bench_.Now()); }
  std::optional<Timestamp> AwaitCondition(const scenario::Condition& condition, Timestamp ws,
                                          Timestamp deadline);
  void Judged(const StepInfo& step, bool passed, nlohmann::json fields);

  Bench& bench_;
  reports::ResultSink& sink_;
  const std::atomic<bool>* stop_;
  Timeline timeline_;
  BenchObserver observer_;
  ConditionJudge judge_;
  std::optional<Timestamp> trigger_;
};

}  // namespace lockrig
