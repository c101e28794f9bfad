#include "rig/engine/scenario_runner.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>

#include "rig/engine/bench_session.h"

namespace lockrig {

namespace sc = scenario;
using reports::Verdict;
using namespace std::chrono_literals;

namespace {

// An expectation did not hold: the scenario fails (or, inside a repeat that
// goes on, the cycle does).
struct StepFailed {
  std::string where;  // file:line
  std::string message;
};

// The scenario could not go on for a reason that is not the lock's fault.
struct StepError {
  std::string where;
  std::string message;
};

std::string Where(const sc::SourceLocation& at) {
  return at.file + ":" + std::to_string(at.line);
}

// Frames kept with a failure, and how often the endurance progress line
// is refreshed.
constexpr std::size_t kFramesKeptAtFailure = 6;
constexpr double kProgressEverySeconds = 0.5;

std::chrono::microseconds Percentile(std::vector<std::chrono::microseconds> sorted, double p) {
  if (sorted.empty()) return std::chrono::microseconds(0);
  const auto rank = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(rank, sorted.size() - 1)];
}

std::string Eta(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  if (s >= 3600) return std::to_string(s / 3600) + "h" + std::to_string(s % 3600 / 60) + "m";
  if (s >= 60) return std::to_string(s / 60) + "m" + std::to_string(s % 60) + "s";
  return std::to_string(s) + "s";
}

// One scenario's execution: the session on the bench (timeline, window
// rule, actions, expectations) plus the scenario's control flow and what
// makes a miss a failed scenario, cycle or trial.
class Execution {
 public:
  Execution(Bench& bench, reports::ResultSink& sink, const RunOptions& options,
            reports::ScenarioResult& result)
      : session_(bench, sink, options.stop_requested), options_(options), result_(result) {}

  void RunSteps(const std::vector<sc::Step>& steps) {
    for (const auto& step : steps) Run(step);
  }

  void ResetTrigger() { session_.ResetTrigger(); }

  // Keeps the camera's last frames with the result (the first failure's).
  void KeepFailureFrames(const std::string& label) {
    if (result_.failure_frames.empty()) {
      result_.failure_frames = session_.RecentFrames(kFramesKeptAtFailure, label);
    }
  }

 private:
  static StepInfo Info(const sc::Step& step) { return {step.text, Where(step.where)}; }

  void Emit(std::string type, nlohmann::json fields) {
    session_.Emit(std::move(type), std::move(fields));
  }

  void Run(const sc::Step& step) {
    if (options_.stop_requested && options_.stop_requested->load()) throw StopRequested{};
    try {
      std::visit([&](const auto& kind) { Do(step, kind); }, step.kind);
    } catch (const std::invalid_argument& e) {
      // A key the keypad lacks, a sim setting the bench refuses.
      throw StepError{Where(step.where), e.what()};
    }
  }

  void Do(const sc::Step& step, const sc::Press& p) {
    session_.Press(p.keys, p.hold_for, Info(step));
  }
  void Do(const sc::Step& step, const sc::Enter& e) { session_.Enter(e.code, Info(step)); }
  void Do(const sc::Step& step, const sc::Hold& h) { session_.Hold(h.key, Info(step)); }
  void Do(const sc::Step& step, const sc::Release& r) { session_.Release(r.key, Info(step)); }
  void Do(const sc::Step& step, const sc::Power& p) { session_.Power(p.on, Info(step)); }
  void Do(const sc::Step&, const sc::Wait& w) { session_.Wait(w.duration); }
  void Do(const sc::Step& step, const sc::Log& l) { session_.Log(l.text, Info(step)); }
  void Do(const sc::Step& step, const sc::Snapshot& s) {
    session_.Snapshot(s.name, options_.snapshot_dir, Info(step));
  }
  void Do(const sc::Step& step, const sc::SimSetting& s) { session_.Sim(s.settings, Info(step)); }

  void Do(const sc::Step& step, const sc::Expect& e) {
    auto out = session_.Expect(e.condition, e.within, Info(step));
    if (!out.passed) throw StepFailed{Where(step.where), out.failure};
  }
  void Do(const sc::Step& step, const sc::ExpectNot& e) {
    auto out = session_.ExpectNot(e.condition, e.for_duration, Info(step));
    if (!out.passed) throw StepFailed{Where(step.where), out.failure};
  }
  void Do(const sc::Step& step, const sc::Measure& m) {
    auto out = session_.Measure(
        {m.name, m.until, m.within, m.min, m.max, m.marginal_min, m.marginal_max}, Info(step));
    Record(out.measurement);
    if (!out.expectation.passed) throw StepFailed{Where(step.where), out.expectation.failure};
  }

  void Do(const sc::Step&, const sc::Group& g) {
    // A macro is transparent to the window rule: an expectation right after
    // `call: unlock` counts from the macro's last key press.
    RunSteps(g.steps);
  }

  // Control blocks: a fresh window rule for each pass.
  std::optional<StepFailed> TryPass(const std::vector<sc::Step>& steps) {
    session_.ResetTrigger();
    try {
      RunSteps(steps);
    } catch (const StepFailed& f) {
      return f;
    }
    return std::nullopt;
  }

  std::vector<sc::Step> ResolveBody(const sc::Step& step, const sc::StepBody& body,
                                    const sc::Bindings& bindings) {
    try {
      return body.Resolve(bindings);
    } catch (const sc::ScenarioError& e) {
      throw StepError{Where(step.where), e.what()};
    }
  }

  // Measurements inside a repeat are pooled per name into statistics
  // instead of one result line per cycle.
  void Record(const reports::Measurement& m) {
    if (pools_.empty()) {
      result_.measurements.push_back(m);
    } else {
      pools_.back()[m.name].push_back(m);
    }
  }

  static reports::MeasurementStats Summarise(const std::string& name,
                                             const std::vector<reports::Measurement>& taken) {
    reports::MeasurementStats st;
    st.name = name;
    st.count = taken.size();
    std::vector<std::chrono::microseconds> values;
    for (const auto& m : taken) {
      values.push_back(m.value);
      st.out_of_limits += !m.passed;
      st.marginal += m.marginal;
    }
    std::sort(values.begin(), values.end());
    st.min = values.front();
    st.p50 = Percentile(values, 0.50);
    st.p95 = Percentile(values, 0.95);
    st.p99 = Percentile(values, 0.99);
    st.max = values.back();
    return st;
  }

  void Progress(const reports::EnduranceStats& stats, std::chrono::steady_clock::duration spent,
                bool final) {
    if (!options_.progress) return;
    const double elapsed = std::chrono::duration<double>(spent).count();
    const double rate = elapsed > 0 ? stats.cycles_run / elapsed : 0.0;
    const int left = stats.cycles_planned - stats.cycles_run;
    char line[256];
    std::snprintf(
        line, sizeof line, "repeat %s: cycle %d/%d (%.1f%%), pass %.2f%%, %.1f cycles/s, ETA %s",
        stats.where.c_str(), stats.cycles_run, stats.cycles_planned,
        100.0 * stats.cycles_run / std::max(1, stats.cycles_planned), 100.0 * stats.pass_rate(),
        rate, final ? "done" : (rate > 0 ? Eta(left / rate).c_str() : "?"));
    options_.progress(line, final);
  }

  void Do(const sc::Step& step, const sc::Repeat& r) {
    reports::EnduranceStats stats;
    stats.where = Where(step.where);
    stats.cycles_planned = r.times;
    const auto wall_start = std::chrono::steady_clock::now();
    auto last_progress = wall_start;
    pools_.emplace_back();
    std::optional<StepFailed> first;
    auto finish = [&] {
      stats.wall_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
      for (const auto& [name, taken] : pools_.back()) {
        stats.measurements.push_back(Summarise(name, taken));
      }
      pools_.pop_back();
      result_.endurance.push_back(stats);
      nlohmann::json fields{{"where", stats.where},
                            {"cycles_planned", stats.cycles_planned},
                            {"cycles_run", stats.cycles_run},
                            {"cycles_failed", stats.cycles_failed}};
      if (stats.first_failure_cycle) fields["first_failure_cycle"] = *stats.first_failure_cycle;
      Emit("endurance", std::move(fields));
    };
    try {
      for (int cycle = 0; cycle < r.times; ++cycle) {
        // Only this cycle's observations can matter from here on: keep the
        // timeline (and memory) bounded over thousands of cycles.
        session_.ForgetBefore(session_.Now() - 1s);
        auto failed = TryPass(ResolveBody(step, *r.body, {{"cycle", std::to_string(cycle)}}));
        ++stats.cycles_run;
        if (failed) {
          ++stats.cycles_failed;
          if (!first) {
            first = failed;
            stats.first_failure_cycle = cycle;
            stats.first_failure_message = failed->message;
            KeepFailureFrames("cycle " + std::to_string(cycle));
          }
          if (r.stop_on_failure) break;
        }
        const auto now = std::chrono::steady_clock::now();
        if (std::chrono::duration<double>(now - last_progress).count() >= kProgressEverySeconds) {
          last_progress = now;
          Progress(stats, now - wall_start, false);
        }
      }
    } catch (...) {
      Progress(stats, std::chrono::steady_clock::now() - wall_start, true);
      finish();  // Ctrl-C or a bench error: keep what the cycles so far showed
      throw;
    }
    Progress(stats, std::chrono::steady_clock::now() - wall_start, true);
    finish();
    session_.ResetTrigger();
    if (first) {
      throw StepFailed{first->where,
                       std::to_string(stats.cycles_failed) + " of " +
                           std::to_string(stats.cycles_run) + " cycles failed; first at cycle " +
                           std::to_string(*stats.first_failure_cycle) + ": " + first->message};
    }
  }

  void Do(const sc::Step& step, const sc::Sweep& s) {
    std::vector<std::string> failed_values;
    std::optional<StepFailed> first;
    for (const auto& value : s.values) {
      auto failed = TryPass(ResolveBody(step, *s.body, {{s.var, value}}));
      Emit("sweep", {{"var", s.var}, {"value", value}, {"result", failed ? "failed" : "passed"}});
      if (failed) {
        failed_values.push_back(value);
        if (!first) first = failed;
      }
    }
    session_.ResetTrigger();
    if (first) {
      std::string values;
      for (const auto& v : failed_values) values += (values.empty() ? "" : ", ") + v;
      throw StepFailed{first->where, s.var + " = " + values + " failed; first: " + first->message};
    }
  }

  bool Trial(const sc::Step& step, const sc::Threshold& t, Duration value, int& trials) {
    ++trials;
    const std::string text = sc::FormatDuration(value);
    const bool passed = !TryPass(ResolveBody(step, *t.body, {{t.var, text}}));
    Emit("trial", {{"var", t.var}, {"value", text}, {"result", passed ? "passed" : "failed"}});
    return passed;
  }

  void Do(const sc::Step& step, const sc::Threshold& t) {
    int trials = 0;
    if (Trial(step, t, t.low, trials)) {
      throw StepFailed{Where(step.where),
                       step.text + ": the steps passed at low = " + sc::FormatDuration(t.low) +
                           ", so the threshold is not inside [low, high]"};
    }
    if (!Trial(step, t, t.high, trials)) {
      throw StepFailed{Where(step.where),
                       step.text + ": the steps failed at high = " + sc::FormatDuration(t.high) +
                           ", so the threshold is not inside [low, high]"};
    }
    Duration low = t.low, high = t.high;
    while (high - low > t.resolution) {
      // Midpoint on the resolution grid from `low`, strictly inside.
      const auto steps_between = (high - low) / t.resolution;
      Duration mid = low + t.resolution * std::max<std::int64_t>(1, steps_between / 2);
      if (mid >= high) break;
      (Trial(step, t, mid, trials) ? high : low) = mid;
    }
    session_.ResetTrigger();
    reports::Measurement m;
    m.name = t.var;
    m.where = Where(step.where);
    m.value = high;
    m.min = t.min;
    m.max = t.max;
    m.passed = (!t.min || high >= *t.min) && (!t.max || high <= *t.max);
    m.note = "threshold after " + std::to_string(trials) + " trials (resolution " +
             sc::FormatDuration(t.resolution) + ")";
    result_.measurements.push_back(m);
    Emit("verdict", {{"measurement", t.var},
                     {"value_us", high.count()},
                     {"trials", trials},
                     {"step", step.text},
                     {"where", Where(step.where)},
                     {"result", m.passed ? "passed" : "failed"}});
    if (!m.passed) {
      throw StepFailed{Where(step.where), step.text + ": threshold " + t.var + " = " +
                                              sc::FormatDuration(high) + " is outside its limits"};
    }
  }

  BenchSession session_;
  const RunOptions& options_;
  reports::ScenarioResult& result_;
  // One pool of measurements per enclosing repeat, innermost last.
  std::vector<std::map<std::string, std::vector<reports::Measurement>>> pools_;
};

// Puts the bench in its safe state when a scenario ends, however it ends.
class SafeStateOnExit {
 public:
  explicit SafeStateOnExit(Bench& bench) : bench_(bench) {}
  ~SafeStateOnExit() { bench_.EnterSafeState(); }
  SafeStateOnExit(const SafeStateOnExit&) = delete;
  SafeStateOnExit& operator=(const SafeStateOnExit&) = delete;

 private:
  Bench& bench_;
};

}  // namespace

ScenarioRunner::ScenarioRunner(Bench& bench, reports::ResultSink& sink, RunOptions options)
    : bench_(bench), sink_(sink), options_(std::move(options)) {}

reports::ScenarioResult ScenarioRunner::Run(const sc::Scenario& scenario) {
  const auto wall_start = std::chrono::steady_clock::now();
  reports::ScenarioResult result;
  result.file = scenario.file;
  result.name = scenario.name;
  result.profile = scenario.profile;
  result.requirements = scenario.requirements;
  result.tags = scenario.tags;
  result.seed = bench_.Seed();
  result.bench = bench_.Kind();
  result.firmware = bench_.FirmwareBuild();
  sink_.ScenarioStarted(
      {scenario.file, scenario.name, scenario.profile, result.seed, result.bench, result.firmware});

  const Timestamp started = bench_.Now();
  for (const auto& capability : scenario.requires_capabilities) {
    if (!bench_.Has(capability)) {
      result.verdict = Verdict::kSkipped;
      result.message = "needs capability '" + capability + "', which the " + bench_.Kind() +
                       " bench does not have";
    }
  }

  if (result.verdict != Verdict::kSkipped) {
    SafeStateOnExit safe(bench_);
    Execution run(bench_, sink_, options_, result);
    bool in_setup = true;
    try {
      run.RunSteps(scenario.setup);
      in_setup = false;
      run.ResetTrigger();
      run.RunSteps(scenario.steps);
    } catch (const StepFailed& f) {
      result.verdict = in_setup ? Verdict::kError : Verdict::kFailed;
      result.message = (in_setup ? "setup failed: " : "") + f.message;
      result.failed_step_where = f.where;
      run.KeepFailureFrames("at failure");
    } catch (const StepError& e) {
      result.verdict = Verdict::kError;
      result.message = e.message;
      result.failed_step_where = e.where;
    } catch (const StopRequested&) {
      result.verdict = Verdict::kError;
      result.message = "stopped by request (interrupted) before the scenario finished";
    } catch (const std::exception& e) {
      result.verdict = Verdict::kError;
      result.message = std::string("bench error: ") + e.what();
    }
  }

  // The record that the run ended safe: every relay as the bench left it.
  nlohmann::json relays = nlohmann::json::object();
  bool all_safe = true;
  for (const auto& [relay, energised] : bench_.RelayStates()) {
    relays[relay] = energised ? "energised" : "released";
    all_safe = all_safe && !energised;
  }
  sink_.EventOccurred(
      {bench_.Now(), "safe_state", {{"relays", relays}, {"all_released", all_safe}}});

  result.virtual_time = bench_.Now() - started;
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  sink_.EventOccurred({bench_.Now(),
                       "scenario_verdict",
                       {{"verdict", reports::ToString(result.verdict)},
                        {"message", result.message},
                        {"seed", result.seed}}});
  sink_.ScenarioFinished(result);
  return result;
}

reports::ScenarioResult LoadErrorResult(const std::string& file, const std::string& message) {
  reports::ScenarioResult r;
  r.file = file;
  r.name = std::filesystem::path(file).stem().string();
  r.verdict = Verdict::kError;
  r.message = message;
  return r;
}

}  // namespace lockrig
