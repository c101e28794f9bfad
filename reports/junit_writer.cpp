#include "reports/junit_writer.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace lockrig::reports {

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 forbids most control characters; keep newlines and tabs.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

namespace {

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

void Property(std::ostringstream& x, std::string_view name, std::string_view value) {
  x << "        <property name=\"" << XmlEscape(name) << "\" value=\"" << XmlEscape(value)
    << "\"/>\n";
}

}  // namespace

std::string JunitWriter::Render(const std::vector<ScenarioResult>& results) {
  // Keep files in the order their first scenario ran.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const ScenarioResult*>> by_file;
  for (const auto& r : results) {
    if (!by_file.count(r.file)) order.push_back(r.file);
    by_file[r.file].push_back(&r);
  }
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"lockrig\">\n";
  for (const auto& file : order) {
    const auto& cases = by_file[file];
    int failures = 0, errors = 0, skipped = 0;
    double time = 0;
    for (const auto* r : cases) {
      failures += r->verdict == Verdict::kFailed;
      errors += r->verdict == Verdict::kError;
      skipped += r->verdict == Verdict::kSkipped;
      time += r->wall_seconds;
    }
    x << "  <testsuite name=\"" << XmlEscape(file) << "\" tests=\"" << cases.size()
      << "\" failures=\"" << failures << "\" errors=\"" << errors << "\" skipped=\"" << skipped
      << "\" time=\"" << Seconds(time) << "\">\n";
    for (const auto* r : cases) {
      x << "    <testcase classname=\"" << XmlEscape(file) << "\" name=\"" << XmlEscape(r->name)
        << "\" time=\"" << Seconds(r->wall_seconds) << "\">\n";
      x << "      <properties>\n";
      Property(x, "seed", std::to_string(r->seed));
      Property(x, "profile", r->profile);
      Property(x, "bench", r->bench);
      Property(x, "firmware", r->firmware);
      std::string reqs;
      for (const auto& id : r->requirements) reqs += (reqs.empty() ? "" : " ") + id;
      if (!reqs.empty()) Property(x, "requirements", reqs);
      for (const auto& m : r->measurements) {
        Property(x, "measurement." + m.name,
                 std::to_string(m.value.count()) + "us" + (m.marginal ? " marginal" : "") +
                     (m.passed ? "" : " out-of-limits"));
      }
      for (const auto& e : r->endurance) {
        char stats[128];
        std::snprintf(stats, sizeof stats, "%d/%d cycles passed (%.2f%%)",
                      e.cycles_run - e.cycles_failed, e.cycles_run, 100.0 * e.pass_rate());
        Property(x, "endurance." + e.where, stats);
        for (const auto& m : e.measurements) {
          Property(x, "endurance." + e.where + "." + m.name,
                   "p50 " + std::to_string(m.p50.count()) + "us p95 " +
                       std::to_string(m.p95.count()) + "us p99 " + std::to_string(m.p99.count()) +
                       "us max " + std::to_string(m.max.count()) + "us");
        }
      }
      x << "      </properties>\n";
      const std::string where = r->failed_step_where.empty() ? file : r->failed_step_where;
      switch (r->verdict) {
        case Verdict::kFailed:
          x << "      <failure message=\"" << XmlEscape(where + ": " + r->message)
            << "\" type=\"failed\">" << XmlEscape(r->message) << "</failure>\n";
          break;
        case Verdict::kError:
          x << "      <error message=\"" << XmlEscape(where + ": " + r->message)
            << "\" type=\"error\">" << XmlEscape(r->message) << "</error>\n";
          break;
        case Verdict::kSkipped:
          x << "      <skipped message=\"" << XmlEscape(r->message) << "\"/>\n";
          break;
        case Verdict::kPassed:
          break;
      }
      x << "      <system-out>" << XmlEscape("seed " + std::to_string(r->seed))
        << "</system-out>\n";
      x << "    </testcase>\n";
    }
    x << "  </testsuite>\n";
  }
  x << "</testsuites>\n";
  return x.str();
}

void JunitWriter::ScenarioFinished(const ScenarioResult& result) {
  results_.push_back(result);
}

void JunitWriter::RunFinished() {
  std::ofstream out(path_);
  if (!out) throw std::runtime_error("cannot create " + path_);
  out << Render(results_);
}

}  // namespace lockrig::reports
