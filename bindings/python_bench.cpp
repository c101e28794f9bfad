#include "bindings/python_bench.h"

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <type_traits>
#include <variant>

#include "reports/html_report_writer.h"
#include "reports/json_lines_writer.h"
#include "reports/junit_writer.h"
#include "reports/vcd_writer.h"
#include "rig/scenario/macros.h"

namespace lockrig::python {

namespace sc = scenario;
using namespace std::chrono_literals;

namespace {

double Seconds(Timestamp t) {
  return static_cast<double>(t.count()) / 1e6;
}

// Frames kept with the first failure for report.html, as the runner does.
constexpr std::size_t kFramesKeptAtFailure = 6;

// Observations older than this before the next window start are dropped.
constexpr Duration kTimelineKept = 60s;

std::optional<reports::Verdict> VerdictNamed(const std::string& name) {
  using reports::Verdict;
  for (Verdict v : {Verdict::kPassed, Verdict::kFailed, Verdict::kError, Verdict::kSkipped}) {
    if (reports::ToString(v) == name) return v;
  }
  return std::nullopt;
}

bool IsControlBlock(const sc::Step& step) {
  return std::holds_alternative<sc::Repeat>(step.kind) ||
         std::holds_alternative<sc::Sweep>(step.kind) ||
         std::holds_alternative<sc::Threshold>(step.kind);
}

void RefuseControlBlocks(const std::vector<sc::Step>& steps) {
  for (const auto& step : steps) {
    if (IsControlBlock(step)) {
      throw std::invalid_argument(step.where.file + ":" + std::to_string(step.where.line) +
                                  ": repeat, sweep and threshold cannot run from Python; write "
                                  "the loop in Python, or run the file with run_scenario()");
    }
    if (const auto* group = std::get_if<sc::Group>(&step.kind)) RefuseControlBlocks(group->steps);
  }
}

}  // namespace

PythonBench::PythonBench(std::unique_ptr<Bench> bench, BenchSetup setup)
    : bench_(std::move(bench)),
      setup_(std::move(setup)),
      macros_(std::make_shared<sc::MacroLibrary>(setup_.macro_dir)),
      wall_start_(std::chrono::steady_clock::now()) {
  if (setup_.out_dir) {
    const std::string& dir = *setup_.out_dir;
    std::filesystem::create_directories(dir);
    sinks_.Add(std::make_unique<reports::JunitWriter>(dir + "/junit.xml"));
    sinks_.Add(std::make_unique<reports::JsonLinesWriter>(dir + "/events.jsonl"));
    sinks_.Add(std::make_unique<reports::VcdWriter>(dir + "/trace.vcd"));
    sinks_.Add(std::make_unique<reports::HtmlReportWriter>(dir + "/report.html"));
  }
  sinks_.ScenarioStarted({setup_.file, setup_.name, setup_.profile, bench_->Seed(), bench_->Kind(),
                          bench_->FirmwareBuild()});
  session_ = std::make_unique<BenchSession>(*bench_, sinks_);
}

PythonBench::~PythonBench() {
  // On garbage collection (or interpreter exit) without close(): the relays
  // still go to their safe state and the result files are still written.
  try {
    Close("", "");
  } catch (...) {
    bench_->EnterSafeState();  // a result file could not be written; the relays come first
  }
}

void PythonBench::CheckOpen() const {
  if (closed_) throw std::runtime_error("this bench is closed; make a new one");
}

double PythonBench::Now() const {
  std::lock_guard lock(mutex_);
  return Seconds(bench_->Now());
}

std::vector<reports::Measurement> PythonBench::measurements() const {
  std::lock_guard lock(mutex_);
  return measurements_;
}

std::vector<std::pair<std::string, bool>> PythonBench::RelayStates() const {
  std::lock_guard lock(mutex_);
  return bench_->RelayStates();
}

double PythonBench::Press(const std::vector<std::string>& keys, std::optional<Duration> closed_for,
                          const StepInfo& step) {
  std::lock_guard lock(mutex_);
  CheckOpen();
  trigger_ = session_->Press(keys, closed_for, step);
  return Seconds(*trigger_);
}

double PythonBench::Enter(const std::string& code, const StepInfo& step) {
  std::lock_guard lock(mutex_);
  CheckOpen();
  trigger_ = session_->Enter(code, step);
  return Seconds(*trigger_);
}

double PythonBench::Hold(const std::string& key, const StepInfo& step) {
  std::lock_guard lock(mutex_);
  CheckOpen();
  trigger_ = session_->Hold(key, step);
  return Seconds(*trigger_);
}

double PythonBench::Release(const std::string& key, const StepInfo& step) {
  std::lock_guard lock(mutex_);
  CheckOpen();
  trigger_ = session_->Release(key, step);
  return Seconds(*trigger_);
}

double PythonBench::Power(bool on, const StepInfo& step) {
  std::lock_guard lock(mutex_);
  CheckOpen();
  trigger_ = session_->Power(on, step);
  return Seconds(*trigger_);
}

void PythonBench::Wait(Duration d) {
  std::lock_guard lock(mutex_);
  CheckOpen();
  trigger_.reset();
  session_->Wait(d);
}

void PythonBench::Sim(const SimSettings& settings, const StepInfo& step) {
  std::lock_guard lock(mutex_);
  CheckOpen();
  trigger_.reset();
  session_->Sim(settings, step);
}

void PythonBench::Log(const std::string& text, const StepInfo& step) {
  std::lock_guard lock(mutex_);
  CheckOpen();
  trigger_.reset();
  session_->Log(text, step);
}

std::string PythonBench::Snapshot(const std::string& name, const std::string& dir,
                                  const StepInfo& step) {
  std::lock_guard lock(mutex_);
  CheckOpen();
  trigger_.reset();
  return session_->Snapshot(name, dir, step);
}

void PythonBench::Forget() {
  const Timestamp window_start = trigger_.value_or(bench_->Now());
  if (window_start > kTimelineKept) session_->ForgetBefore(window_start - kTimelineKept);
  trigger_.reset();  // the expectation about to run consumes it, as the session does
}

ExpectationResult PythonBench::ResultOf(const ExpectationOutcome& outcome,
                                        const StepInfo& step) const {
  ExpectationResult r;
  r.passed = outcome.passed;
  r.step = step.text;
  r.where = step.where;
  r.expected = outcome.expected;
  r.seen = outcome.seen;
  if (outcome.seen_at) r.seen_at = Seconds(*outcome.seen_at);
  r.window_start = Seconds(outcome.window_start);
  if (!outcome.passed) r.failure = step.where + ": " + outcome.failure;
  return r;
}

std::optional<Failure> PythonBench::Failed(const ExpectationOutcome& outcome, const StepInfo& step,
                                           bool check) {
  if (outcome.passed || !check) return std::nullopt;
  Failure f;
  f.result = ResultOf(outcome, step);
  // The CLI's failure line, then what replays it.
  char context[256];
  std::snprintf(context, sizeof context, "\n  [seed %llu, profile %s, %s bench at %.3f s]",
                static_cast<unsigned long long>(bench_->Seed()), setup_.profile.c_str(),
                bench_->Kind().c_str(), Seconds(bench_->Now()));
  f.message = f.result.failure + context;
  if (!first_failure_) {
    first_failure_ = f;
    failure_frames_ = session_->RecentFrames(kFramesKeptAtFailure, "at failure");
  }
  return f;
}

std::pair<ExpectationResult, std::optional<Failure>> PythonBench::Expect(
    const sc::Condition& condition, Duration within, const StepInfo& step, bool check) {
  std::lock_guard lock(mutex_);
  CheckOpen();
  Forget();
  const auto outcome = session_->Expect(condition, within, step);
  return {ResultOf(outcome, step), Failed(outcome, step, check)};
}

std::pair<ExpectationResult, std::optional<Failure>> PythonBench::ExpectNot(
    const sc::Condition& condition, Duration for_duration, const StepInfo& step, bool check) {
  std::lock_guard lock(mutex_);
  CheckOpen();
  Forget();
  const auto outcome = session_->ExpectNot(condition, for_duration, step);
  return {ResultOf(outcome, step), Failed(outcome, step, check)};
}

std::pair<reports::Measurement, std::optional<Failure>> PythonBench::Measure(
    const MeasureSpec& spec, const StepInfo& step, bool check) {
  std::lock_guard lock(mutex_);
  CheckOpen();
  Forget();
  const auto outcome = session_->Measure(spec, step);
  measurements_.push_back(outcome.measurement);
  auto failure = Failed(outcome.expectation, step, check);
  if (failure) failure->measurement = outcome.measurement;
  return {outcome.measurement, failure};
}

std::optional<Failure> PythonBench::RunSteps(const std::vector<sc::Step>& steps,
                                             const std::string& caller) {
  RefuseControlBlocks(steps);
  std::lock_guard lock(mutex_);
  CheckOpen();
  std::optional<Failure> failure;
  auto run = [&](auto&& self, const std::vector<sc::Step>& list) -> void {
    for (const auto& step : list) {
      if (failure) return;
      // The place is the macro file's line, reached from the Python line.
      const StepInfo info{
          step.text, caller + " -> " + step.where.file + ":" + std::to_string(step.where.line)};
      std::visit(
          [&](const auto& kind) {
            using K = std::decay_t<decltype(kind)>;
            if constexpr (std::is_same_v<K, sc::Press>) {
              trigger_ = session_->Press(kind.keys, kind.hold_for, info);
            } else if constexpr (std::is_same_v<K, sc::Enter>) {
              trigger_ = session_->Enter(kind.code, info);
            } else if constexpr (std::is_same_v<K, sc::Hold>) {
              trigger_ = session_->Hold(kind.key, info);
            } else if constexpr (std::is_same_v<K, sc::Release>) {
              trigger_ = session_->Release(kind.key, info);
            } else if constexpr (std::is_same_v<K, sc::Power>) {
              trigger_ = session_->Power(kind.on, info);
            } else if constexpr (std::is_same_v<K, sc::Wait>) {
              trigger_.reset();
              session_->Wait(kind.duration);
            } else if constexpr (std::is_same_v<K, sc::Log>) {
              trigger_.reset();
              session_->Log(kind.text, info);
            } else if constexpr (std::is_same_v<K, sc::Snapshot>) {
              trigger_.reset();
              session_->Snapshot(
                  kind.name, setup_.out_dir ? *setup_.out_dir + "/snapshots" : std::string(), info);
            } else if constexpr (std::is_same_v<K, sc::SimSetting>) {
              trigger_.reset();
              session_->Sim(kind.settings, info);
            } else if constexpr (std::is_same_v<K, sc::Expect>) {
              Forget();
              failure = Failed(session_->Expect(kind.condition, kind.within, info), info, true);
            } else if constexpr (std::is_same_v<K, sc::ExpectNot>) {
              Forget();
              failure =
                  Failed(session_->ExpectNot(kind.condition, kind.for_duration, info), info, true);
            } else if constexpr (std::is_same_v<K, sc::Measure>) {
              Forget();
              auto out = session_->Measure({kind.name, kind.until, kind.within, kind.min, kind.max,
                                            kind.marginal_min, kind.marginal_max},
                                           info);
              measurements_.push_back(out.measurement);
              failure = Failed(out.expectation, info, true);
              if (failure) failure->measurement = out.measurement;
            } else if constexpr (std::is_same_v<K, sc::Group>) {
              // A macro is transparent to the window rule, as in a scenario.
              self(self, kind.steps);
            } else {
              // Repeat, sweep, threshold: refused above.
              throw std::logic_error("control block reached RunSteps");
            }
          },
          step.kind);
    }
  };
  run(run, steps);
  return failure;
}

void PythonBench::RecordSafeState() {
  nlohmann::json relays = nlohmann::json::object();
  bool all_safe = true;
  for (const auto& [relay, energised] : bench_->RelayStates()) {
    relays[relay] = energised ? "energised" : "released";
    all_safe = all_safe && !energised;
  }
  session_->Emit("safe_state", {{"relays", relays}, {"all_released", all_safe}});
}

void PythonBench::SafeState() {
  std::lock_guard lock(mutex_);
  bench_->EnterSafeState();
  if (!closed_) RecordSafeState();
}

reports::ScenarioResult PythonBench::Close(const std::string& verdict, const std::string& message) {
  const auto named = VerdictNamed(verdict);
  if (!named && !verdict.empty()) {
    throw std::invalid_argument("verdict must be passed, failed, error or skipped, got '" +
                                verdict + "'");
  }
  std::lock_guard lock(mutex_);
  if (closed_) return closing_result_;
  closed_ = true;
  // The relays first: whatever else fails, the lock is left safe.
  bench_->EnterSafeState();
  RecordSafeState();

  reports::ScenarioResult& r = closing_result_;
  r.file = setup_.file;
  r.name = setup_.name;
  r.profile = setup_.profile;
  r.seed = bench_->Seed();
  r.bench = bench_->Kind();
  r.firmware = bench_->FirmwareBuild();
  r.measurements = measurements_;
  r.virtual_time = bench_->Now();
  r.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();
  if (named) {
    r.verdict = *named;
  } else {
    r.verdict = first_failure_ ? reports::Verdict::kFailed : reports::Verdict::kPassed;
  }
  if (!message.empty()) {
    r.message = message;
  } else if (first_failure_ && r.verdict != reports::Verdict::kPassed) {
    r.message = first_failure_->result.failure;
  }
  if (first_failure_ && r.verdict == reports::Verdict::kFailed) {
    r.failed_step_where = first_failure_->result.where;
    r.failure_frames = failure_frames_;
  }
  session_->Emit(
      "scenario_verdict",
      {{"verdict", reports::ToString(r.verdict)}, {"message", r.message}, {"seed", r.seed}});
  sinks_.ScenarioFinished(r);
  sinks_.RunFinished();
  return r;
}

}  // namespace lockrig::python
