#include "rig/engine/bench_session.h"

#include <filesystem>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>

namespace lockrig {

namespace sc = scenario;
using namespace std::chrono_literals;

namespace {

// How often an expectation re-checks the timeline while waiting: finer
// than a camera frame, so a deadline is judged within a millisecond or two
// of the frame that settles it.
constexpr Duration kPollStep = 10ms;

// An expect_not has nothing to find early but a violation: it can look in
// coarser slices.
constexpr Duration kAbsencePollStep = 100ms;

// How much bench time passes between checks for a stop request.
constexpr Duration kStopCheckSlice = 1s;

}  // namespace

BenchSession::BenchSession(Bench& bench, reports::ResultSink& sink, const std::atomic<bool>* stop)
    : bench_(bench),
      sink_(sink),
      stop_(stop),
      observer_(bench.Face(), timeline_, sink),
      judge_(timeline_) {
  bench_.RequestRegions(observer_.RegionsRead());
}

void BenchSession::Emit(std::string type, nlohmann::json fields) {
  sink_.EventOccurred({bench_.Now(), std::move(type), std::move(fields)});
}

// Bench time passes in slices, so that Ctrl-C stops even a `wait: 1h`
// within a second of virtual time.
void BenchSession::AdvanceTo(Timestamp t) {
  while (t > bench_.Now()) {
    if (stop_ && stop_->load()) throw StopRequested{};
    bench_.AdvanceTo(std::min(t, bench_.Now() + kStopCheckSlice), observer_);
  }
}

void BenchSession::PassBeyond(Timestamp seen_at) {
  if (bench_.Now() <= seen_at) AdvanceTo(seen_at + 1us);
}

std::string BenchSession::RelayFor(const std::string& key) {
  auto relay = bench_.Keypad().RelayFor(key);
  if (!relay) throw std::invalid_argument("this bench's keypad has no key '" + key + "'");
  return *relay;
}

Timestamp BenchSession::SetRelay(const std::string& relay, bool energised, const StepInfo& step) {
  const Timestamp edge = bench_.SetRelay(relay, energised);
  Emit("action", {{"relay", relay},
                  {"energised", energised},
                  {"edge_us", edge.count()},
                  {"step", step.text},
                  {"where", step.where}});
  return edge;
}

Timestamp BenchSession::PressOnce(const std::string& key, Duration closed_for,
                                  const StepInfo& step) {
  const std::string relay = RelayFor(key);
  const Timestamp edge = SetRelay(relay, true, step);
  AdvanceBy(closed_for);
  SetRelay(relay, false, step);
  AdvanceBy(bench_.Timing().gap);
  return edge;
}

Timestamp BenchSession::Press(const std::vector<std::string>& keys,
                              std::optional<Duration> closed_for, const StepInfo& step) {
  for (const auto& key : keys) RelayFor(key);  // all keys valid before any is pressed
  const Duration closed = closed_for.value_or(bench_.Timing().press);
  Timestamp edge = bench_.Now();
  for (const auto& key : keys) edge = PressOnce(key, closed, step);
  trigger_ = edge;
  return edge;
}

Timestamp BenchSession::Enter(const std::string& code, const StepInfo& step) {
  std::vector<std::string> keys;
  for (char digit : code) keys.emplace_back(1, digit);
  return Press(keys, std::nullopt, step);
}

Timestamp BenchSession::Hold(const std::string& key, const StepInfo& step) {
  trigger_ = SetRelay(RelayFor(key), true, step);
  AdvanceTo(*trigger_);
  return *trigger_;
}

Timestamp BenchSession::Release(const std::string& key, const StepInfo& step) {
  trigger_ = SetRelay(RelayFor(key), false, step);
  AdvanceTo(*trigger_);
  return *trigger_;
}

Timestamp BenchSession::Power(bool on, const StepInfo& step) {
  // The battery relay is normally closed: energising it cuts the power.
  trigger_ = SetRelay(std::string(kBatteryRelay), !on, step);
  AdvanceTo(on ? *trigger_ : *trigger_ + bench_.Timing().power_off);
  return *trigger_;
}

void BenchSession::Wait(Duration d) {
  AdvanceBy(d);
  trigger_.reset();
}

void BenchSession::Sim(const SimSettings& settings, const StepInfo& step) {
  trigger_.reset();
  if (!bench_.Has("sim")) {
    throw std::invalid_argument(
        "'sim:' needs a bench with capability 'sim' (add `requires: [sim]` so other benches "
        "skip it)");
  }
  bench_.ApplySimSettings(settings);
  for (const auto& [key, value] : settings) {
    Emit("sim", {{"key", key}, {"value", value}, {"where", step.where}});
  }
}

void BenchSession::Log(const std::string& text, const StepInfo& step) {
  trigger_.reset();
  Emit("log", {{"text", text}, {"where", step.where}});
}

std::string BenchSession::Snapshot(const std::string& name, const std::string& dir,
                                   const StepInfo& step) {
  trigger_.reset();
  std::string file;
  const cv::Mat image = bench_.LatestFullFrame();
  if (!dir.empty() && !image.empty()) {
    std::filesystem::create_directories(dir);
    file = dir + "/" + name + ".png";
    cv::imwrite(file, image);
  }
  Emit("snapshot", {{"name", name}, {"file", file}, {"where", step.where}});
  return file;
}

std::vector<reports::KeptFrame> BenchSession::RecentFrames(std::size_t count,
                                                           const std::string& label) {
  std::vector<reports::KeptFrame> kept;
  for (auto& frame : bench_.RecentFullFrames(count)) {
    reports::KeptFrame k;
    k.at = frame.captured;
    k.index = frame.index;
    k.label = label;
    cv::imencode(".png", frame.image, k.png);
    kept.push_back(std::move(k));
  }
  return kept;
}

void BenchSession::Judged(const StepInfo& step, bool passed, nlohmann::json fields) {
  fields["step"] = step.text;
  fields["where"] = step.where;
  fields["result"] = passed ? "passed" : "failed";
  Emit("verdict", std::move(fields));
}

std::optional<Timestamp> BenchSession::AwaitCondition(const sc::Condition& condition, Timestamp ws,
                                                      Timestamp deadline) {
  Timestamp checked = ws;
  for (;;) {
    const Timestamp upto = std::min(bench_.Now(), deadline);
    if (upto >= checked) {
      if (auto at = judge_.FirstHolding(condition, ws, checked, upto)) return at;
      checked = upto;
    }
    if (bench_.Now() >= deadline) return std::nullopt;
    AdvanceTo(std::min(bench_.Now() + kPollStep, deadline));
  }
}

ExpectationOutcome BenchSession::Expect(const sc::Condition& condition, Duration within,
                                        const StepInfo& step) {
  ExpectationOutcome out;
  out.window_start = WindowStart();
  trigger_.reset();
  out.expected = Describe(condition) + " within " + sc::FormatDuration(within);
  Timestamp deadline = out.window_start + within;
  out.seen_at = AwaitCondition(condition, out.window_start, deadline);
  if (!out.seen_at && condition.beep_long) {
    if (auto onset = timeline_.ToneSounding(deadline); onset && *onset >= out.window_start) {
      deadline = *onset + kLongBeep;
      out.seen_at = AwaitCondition(condition, out.window_start, deadline);
    }
  }
  out.passed = out.seen_at.has_value();
  if (out.seen_at) PassBeyond(*out.seen_at);
  const Timestamp until = out.seen_at.value_or(std::min(bench_.Now(), deadline));
  out.seen = judge_.DescribeSeen(out.window_start, until);
  if (!out.passed) out.failure = step.text + ": expected " + out.expected + "; seen: " + out.seen;
  Judged(step, out.passed,
         {{"window_start_us", out.window_start.count()},
          {"seen_at_us", out.seen_at ? out.seen_at->count() : -1}});
  return out;
}

ExpectationOutcome BenchSession::ExpectNot(const sc::Condition& condition, Duration for_duration,
                                           const StepInfo& step) {
  ExpectationOutcome out;
  out.window_start = WindowStart();
  trigger_.reset();
  out.expected = "no " + Describe(condition) + " for " + sc::FormatDuration(for_duration);
  const Timestamp end = out.window_start + for_duration;
  Timestamp checked = out.window_start;
  for (;;) {
    const Timestamp upto = std::min(bench_.Now(), end);
    if (auto at = judge_.FirstHolding(condition, out.window_start, checked, upto)) {
      out.seen_at = at;
      break;
    }
    checked = upto;
    if (bench_.Now() >= end) break;
    AdvanceTo(std::min(bench_.Now() + kAbsencePollStep, end));
  }
  out.passed = !out.seen_at;
  out.seen = judge_.DescribeSeen(out.window_start, out.seen_at.value_or(end));
  if (!out.passed) {
    out.failure = step.text + ": expected " + out.expected + ", but it was seen " +
                  sc::FormatDuration(*out.seen_at - out.window_start) +
                  " after the window start; seen: " + out.seen;
  }
  Judged(step, out.passed,
         {{"window_start_us", out.window_start.count()},
          {"seen_at_us", out.seen_at ? out.seen_at->count() : -1}});
  return out;
}

MeasureOutcome BenchSession::Measure(const MeasureSpec& spec, const StepInfo& step) {
  MeasureOutcome out;
  ExpectationOutcome& e = out.expectation;
  e.window_start = WindowStart();
  trigger_.reset();
  e.expected = Describe(spec.until) + " within " + sc::FormatDuration(spec.within);
  e.seen_at = AwaitCondition(spec.until, e.window_start, e.window_start + spec.within);
  if (e.seen_at) PassBeyond(*e.seen_at);
  const Timestamp until = e.seen_at.value_or(std::min(bench_.Now(), e.window_start + spec.within));
  e.seen = judge_.DescribeSeen(e.window_start, until);

  reports::Measurement& m = out.measurement;
  m.name = spec.name;
  m.where = step.where;
  m.min = spec.min;
  m.max = spec.max;
  m.marginal_min = spec.marginal_min;
  m.marginal_max = spec.marginal_max;
  if (!e.seen_at) {
    m.passed = false;
    m.value = spec.within;
    m.note = "not seen within " + sc::FormatDuration(spec.within);
    e.failure = step.text + ": expected " + e.expected + "; seen: " + e.seen;
  } else {
    m.value = *e.seen_at - e.window_start;
    m.passed = (!spec.min || m.value >= *spec.min) && (!spec.max || m.value <= *spec.max);
    m.marginal = m.passed && ((spec.marginal_min && m.value < *spec.marginal_min) ||
                              (spec.marginal_max && m.value > *spec.marginal_max));
    if (!m.passed) {
      std::string limits;
      if (spec.min) limits += "min " + sc::FormatDuration(*spec.min);
      if (spec.max)
        limits +=
            (limits.empty() ? "" : ", ") + std::string("max ") + sc::FormatDuration(*spec.max);
      e.failure = step.text + ": measured " + spec.name + " = " + sc::FormatDuration(m.value) +
                  ", outside " + limits;
    }
  }
  e.passed = m.passed;
  nlohmann::json fields{{"measurement", spec.name}, {"marginal", m.marginal}};
  if (e.seen_at) fields["value_us"] = m.value.count();
  Judged(step, m.passed, std::move(fields));
  return out;
}

}  // namespace lockrig
