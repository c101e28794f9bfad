#include "reports/console_writer.h"

#include <string>

namespace lockrig::reports {

namespace {
const char* Label(Verdict v) {
  switch (v) {
    case Verdict::kPassed:
      return "PASS ";
    case Verdict::kFailed:
      return "FAIL ";
    case Verdict::kError:
      return "ERROR";
    case Verdict::kSkipped:
      return "SKIP ";
  }
  return "ERROR";
}
}  // namespace

void ConsoleWriter::ScenarioFinished(const ScenarioResult& r) {
  switch (r.verdict) {
    case Verdict::kPassed:
      ++tally_.passed;
      break;
    case Verdict::kFailed:
      ++tally_.failed;
      break;
    case Verdict::kError:
      ++tally_.errors;
      break;
    case Verdict::kSkipped:
      ++tally_.skipped;
      break;
  }
  std::fprintf(out_, "%s %s: %s  [seed %llu, profile %s, %.1f s virtual, %.2f s wall]\n",
               Label(r.verdict), r.file.c_str(), r.name.c_str(),
               static_cast<unsigned long long>(r.seed), r.profile.c_str(),
               static_cast<double>(r.virtual_time.count()) / 1e6, r.wall_seconds);
  for (const auto& m : r.measurements) {
    std::fprintf(out_, "      measurement %s = %.3f s%s%s\n", m.name.c_str(),
                 static_cast<double>(m.value.count()) / 1e6, m.marginal ? " (marginal)" : "",
                 m.passed ? "" : " (out of limits)");
  }
  for (const auto& e : r.endurance) {
    std::fprintf(
        out_, "      repeat %s: %d of %d cycles run, pass rate %.2f%% (%d failed), %.1f cycles/s\n",
        e.where.c_str(), e.cycles_run, e.cycles_planned, 100.0 * e.pass_rate(), e.cycles_failed,
        e.wall_seconds > 0 ? e.cycles_run / e.wall_seconds : 0.0);
    for (const auto& m : e.measurements) {
      auto sec = [](std::chrono::microseconds d) { return static_cast<double>(d.count()) / 1e6; };
      std::fprintf(out_, "        %s: n %zu, p50 %.3f s, p95 %.3f s, p99 %.3f s, max %.3f s%s\n",
                   m.name.c_str(), m.count, sec(m.p50), sec(m.p95), sec(m.p99), sec(m.max),
                   m.out_of_limits
                       ? (", " + std::to_string(m.out_of_limits) + " out of limits").c_str()
                       : "");
    }
    if (e.first_failure_cycle) {
      std::fprintf(out_, "        first failure at cycle %d: %s\n", *e.first_failure_cycle,
                   e.first_failure_message.c_str());
    }
  }
  if (r.verdict != Verdict::kPassed) {
    const std::string where = r.failed_step_where.empty() ? "" : r.failed_step_where + ": ";
    std::fprintf(out_, "      %s%s\n", where.c_str(), r.message.c_str());
  }
  std::fflush(out_);
}

void ConsoleWriter::RunFinished() {
  // The closing line is the plain "N passed, N failed, N skipped" that CI
  // tools read; errors count as failures there and are broken out above it.
  if (tally_.errors) std::fprintf(out_, "(%d of the failures are errors)\n", tally_.errors);
  std::fprintf(out_, "lockrig: %d passed, %d failed, %d skipped\n", tally_.passed,
               tally_.failed + tally_.errors, tally_.skipped);
  std::fflush(out_);
}

}  // namespace lockrig::reports
