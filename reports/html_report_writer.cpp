#include "reports/html_report_writer.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "reports/junit_writer.h"  // XmlEscape: HTML needs the same five escapes

namespace lockrig::reports {

namespace {

std::string Esc(std::string_view text) {
  return XmlEscape(text);
}

std::string Percent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * fraction);
  return buf;
}

std::string WallSeconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", s);
  return buf;
}

std::string VerdictBadge(Verdict v) {
  const std::string name(ToString(v));
  return "<span class=\"verdict " + name + "\">" + name + "</span>";
}

// Several scenarios usually share one value; list the distinct ones.
std::string Joined(const std::set<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out.empty() ? "-" : out;
}

std::string Limits(const Measurement& m) {
  std::string out;
  if (m.min && m.max) {
    out = HumanDuration(*m.min) + " .. " + HumanDuration(*m.max);
  } else if (m.min) {
    out = "&ge; " + HumanDuration(*m.min);
  } else if (m.max) {
    out = "&le; " + HumanDuration(*m.max);
  }
  // The marginal band lies inside the limits: a value outside it passes,
  // but is reported (as OpenHTF does).
  std::string band;
  if (m.marginal_min && m.marginal_max) {
    band = "marginal outside " + HumanDuration(*m.marginal_min) + " .. " +
           HumanDuration(*m.marginal_max);
  } else if (m.marginal_min) {
    band = "marginal below " + HumanDuration(*m.marginal_min);
  } else if (m.marginal_max) {
    band = "marginal above " + HumanDuration(*m.marginal_max);
  }
  if (!band.empty()) out += (out.empty() ? "" : "; ") + band;
  return out;
}

std::string MeasurementsCell(const std::vector<Measurement>& measurements) {
  if (measurements.empty()) return "";
  std::ostringstream h;
  h << "<ul class=\"measurements\">";
  for (const auto& m : measurements) {
    const char* cls = !m.passed ? "out" : m.marginal ? "marginal" : "ok";
    h << "<li class=\"" << cls << "\"><span class=\"mname\">" << Esc(m.name) << "</span> = <b>"
      << HumanDuration(m.value) << "</b>";
    const std::string limits = Limits(m);
    if (!limits.empty()) h << " <span class=\"limits\">[" << limits << "]</span>";
    if (!m.passed) h << " <span class=\"flag out\">out of limits</span>";
    if (m.passed && m.marginal) h << " <span class=\"flag marginal\">marginal</span>";
    if (!m.note.empty()) h << " <span class=\"note\">" << Esc(m.note) << "</span>";
    h << "</li>";
  }
  h << "</ul>";
  return h.str();
}

std::string EnduranceCell(const std::vector<EnduranceStats>& endurance) {
  std::ostringstream h;
  for (const auto& e : endurance) {
    h << "<div class=\"endurance\"><div><span class=\"where\">" << Esc(e.where)
      << "</span>: " << (e.cycles_run - e.cycles_failed) << "/" << e.cycles_run
      << " cycles passed (<b>" << Percent(e.pass_rate()) << "</b>)";
    if (e.cycles_run < e.cycles_planned) h << ", " << e.cycles_planned << " planned";
    h << "</div>";
    if (e.first_failure_cycle) {
      h << "<div class=\"first-failure\">first failure: cycle " << *e.first_failure_cycle << ": "
        << Esc(e.first_failure_message) << "</div>";
    }
    if (!e.measurements.empty()) {
      h << "<table class=\"stats\"><tr><th>measurement</th><th>n</th><th>min</th><th>p50</th>"
           "<th>p95</th><th>p99</th><th>max</th><th>out of limits</th><th>marginal</th></tr>";
      for (const auto& m : e.measurements) {
        h << "<tr><td>" << Esc(m.name) << "</td><td>" << m.count << "</td><td>"
          << HumanDuration(m.min) << "</td><td>" << HumanDuration(m.p50) << "</td><td>"
          << HumanDuration(m.p95) << "</td><td>" << HumanDuration(m.p99) << "</td><td>"
          << HumanDuration(m.max) << "</td><td>" << m.out_of_limits << "</td><td>" << m.marginal
          << "</td></tr>";
      }
      h << "</table>";
    }
    h << "</div>";
  }
  return h.str();
}

// The engine words a failure "<step>: expected <what>; seen: <what>".
struct FailureParts {
  std::string step, expected, seen;
};
std::optional<FailureParts> SplitFailure(const std::string& message) {
  const auto e = message.find(": expected ");
  if (e == std::string::npos) return std::nullopt;
  const auto s = message.find("; seen: ", e);
  if (s == std::string::npos) return std::nullopt;
  return FailureParts{message.substr(0, e), message.substr(e + 11, s - e - 11),
                      message.substr(s + 8)};
}

constexpr const char* kStyle = R"css(
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1f2328;max-width:1200px}
h1{font-size:22px;margin:0 0 12px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}
h3{font-size:16px;margin:0 0 4px}h4{margin:12px 0 4px;font-size:14px}
table{border-collapse:collapse}table.scenarios{width:100%}th,td{border:1px solid #d0d7de;padding:4px 8px;vertical-align:top;text-align:left}
th{background:#f6f8fa}
.verdict{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-weight:600;font-size:12px}
.verdict.passed{background:#2e7d32}.verdict.failed{background:#c62828}
.verdict.error{background:#6a1b9a}.verdict.skipped{background:#757575}
.counts{display:flex;gap:10px;margin:8px 0 12px}
.count{padding:6px 14px;border-radius:6px;font-size:16px;font-weight:600;background:#eee}
.count.passed{background:#e8f5e9;color:#1b5e20}.count.failed{background:#ffebee;color:#b71c1c}
.count.error{background:#f3e5f5;color:#4a148c}.count.skipped{background:#eeeeee;color:#424242}
.overall{font-size:16px;margin:4px 0}
ul.measurements{margin:0;padding-left:16px}.limits,.note,.where{color:#57606a}
.flag{font-size:11px;padding:0 5px;border-radius:4px;font-weight:600}
.flag.out{background:#c62828;color:#fff}.flag.marginal{background:#ffb300;color:#000}
li.out b{color:#c62828}li.marginal b{color:#a66f00}
table.stats{margin-top:4px;font-size:12px}table.stats td,table.stats th{padding:1px 6px}
.first-failure{color:#b71c1c}tr.endurance-row td{border-top:none}
td.nowrap,table.scenarios td:nth-child(5),table.scenarios td:nth-child(6){white-space:nowrap}
section.scenario{border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;margin:16px 0}
section.scenario.failed{border-left:6px solid #c62828}section.scenario.error{border-left:6px solid #6a1b9a}
section.scenario.passed{border-left:6px solid #2e7d32}section.scenario.skipped{border-left:6px solid #757575}
.meta-line{color:#57606a;margin:0 0 8px}
.failure{background:#fff5f5;border:1px solid #f5c2c2;border-radius:6px;padding:8px 12px;margin:8px 0}
.failure dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
.failure dt{font-weight:600}.failure dd{margin:0}
pre{white-space:pre-wrap;margin:6px 0;font-size:12px}
svg.timeline{max-width:100%;height:auto;display:block}
.legend{font-size:12px;color:#57606a}.legend i{display:inline-block;width:12px;height:10px;margin:0 3px 0 10px;vertical-align:middle}
.frames{display:flex;flex-wrap:wrap;gap:12px}.frames figure{margin:0}
.frames img{max-width:360px;border:1px solid #999;image-rendering:pixelated}
figcaption{font-size:12px;color:#57606a}
)css";

constexpr const char* kLegend =
    "<div class=\"legend\">relays<i style=\"background:#5c6bc0\"></i>energised"
    "<i style=\"background:#e53935\"></i>red<i style=\"background:#43a047\"></i>green"
    "<i style=\"background:#ffb300\"></i>amber<i style=\"background:#1e88e5\"></i>blue"
    "<i style=\"background:#fff;border:1px solid #999\"></i>white LED"
    "<i style=\"background:#8e24aa\"></i>buzzer<i style=\"background:#00897b;height:2px\"></i>"
    "bolt position<i style=\"background:#2e7d32;border-radius:6px\"></i>step passed"
    "<i style=\"background:#c62828;border-radius:6px\"></i>step failed (hover a marker for the "
    "step)</div>";

}  // namespace

std::string Base64(const std::vector<unsigned char>& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = bytes[i] << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const unsigned v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string HumanDuration(std::chrono::microseconds d) {
  const long long us = d.count();
  const long long mag = us < 0 ? -us : us;
  char buf[48];
  if (mag >= 1'000'000) {
    std::snprintf(buf, sizeof buf, "%.3f s", us / 1e6);
  } else if (mag >= 1'000) {
    std::snprintf(buf, sizeof buf, "%.1f ms", us / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%lld us", us);
  }
  return buf;
}

HtmlReportWriter::HtmlReportWriter(std::string path, std::size_t max_points_per_lane)
    : path_(std::move(path)),
      part_path_(path_ + ".part"),
      max_points_(max_points_per_lane),
      sections_(part_path_) {
  if (!sections_) throw std::runtime_error("cannot create " + part_path_);
}

HtmlReportWriter::~HtmlReportWriter() {
  // A run that ended by an exception still leaves a readable report.
  try {
    Finish();
  } catch (...) {
  }
}

void HtmlReportWriter::ScenarioStarted(const ScenarioStart&) {
  plot_.emplace(max_points_);
  failed_step_.reset();
  leds_.clear();
  bolt_position_ = -1.0;
}

void HtmlReportWriter::EventOccurred(const Event& e) {
  if (!plot_) return;
  const std::int64_t at = e.at.count();
  const nlohmann::json& f = e.fields;
  try {
    if (e.type == "action" && f.contains("relay")) {
      plot_->Relay(f["relay"].get<std::string>(), f.value("edge_us", at),
                   f.value("energised", false));
    } else if (e.type == "safe_state" && f.contains("relays") && f["relays"].is_object()) {
      for (const auto& [relay, state] : f["relays"].items()) {
        plot_->Relay(relay, at, state == "energised");
      }
    } else if (e.type == "observation" && f.value("what", "") == "buzzer") {
      plot_->Buzzer(at, f.value("active", false));
    } else if (e.type == "verdict") {
      const bool passed = f.value("result", "") == "passed";
      const std::string step = f.value("step", ""), where = f.value("where", "");
      plot_->Verdict(at, passed, step, where);
      if (!passed && !failed_step_) failed_step_ = FailedStep{at, step, where};
    } else {
      plot_->Extend(at);
    }
  } catch (const nlohmann::json::exception&) {
    // An event of an unexpected shape is left out of the plot; a report
    // must never stop the run it reports on.
  }
}

void HtmlReportWriter::FrameSampled(const FrameSample& s) {
  if (!plot_) return;
  const std::int64_t at = s.at.count();
  const bool first = leds_.size() != s.leds.size();
  if (first) leds_ = s.leds;
  for (std::size_t i = 0; i < s.leds.size(); ++i) {
    // The plot drops repeats too; skipping them here saves the calls.
    if (first || s.leds[i] != leds_[i]) plot_->Led(i, at, s.leds[i]);
    leds_[i] = s.leds[i];
  }
  if (s.bolt_position != bolt_position_) {
    plot_->BoltPosition(at, s.bolt_position);
    bolt_position_ = s.bolt_position;
  }
}

void HtmlReportWriter::ScenarioFinished(const ScenarioResult& r) {
  const int n = ++scenarios_;
  const std::string anchor = "s" + std::to_string(n);
  const std::string verdict(ToString(r.verdict));
  ++counts_[r.verdict];
  overall_ = n == 1 ? r.verdict : Worse(overall_, r.verdict);
  seeds_.insert(std::to_string(r.seed));
  if (!r.profile.empty()) profiles_.insert(r.profile);
  if (!r.firmware.empty()) firmwares_.insert(r.firmware);
  if (!r.bench.empty()) benches_.insert(r.bench);
  virtual_us_ += r.virtual_time.count();
  wall_seconds_ += r.wall_seconds;

  std::string requirements;
  for (const auto& id : r.requirements) requirements += (requirements.empty() ? "" : " ") + id;

  std::ostringstream row;
  row << "<tr class=\"" << verdict << "\"><td><a href=\"#" << anchor << "\">"
      << VerdictBadge(r.verdict) << "</a></td><td>" << Esc(r.file) << "</td><td><a href=\"#"
      << anchor << "\">" << Esc(r.name) << "</a></td><td>" << Esc(requirements) << "</td><td>"
      << HumanDuration(r.virtual_time) << "</td><td>" << WallSeconds(r.wall_seconds) << "</td><td>"
      << MeasurementsCell(r.measurements) << "</td></tr>\n";
  // Endurance statistics are wide (a column per percentile): a row of their own.
  if (!r.endurance.empty()) {
    row << "<tr class=\"endurance-row " << verdict << "\"><td></td><td colspan=\"6\">"
        << EnduranceCell(r.endurance) << "</td></tr>\n";
  }
  rows_.push_back(row.str());

  std::ostringstream s;
  s << "<section class=\"scenario " << verdict << "\" id=\"" << anchor << "\">\n<h3>"
    << VerdictBadge(r.verdict) << " " << Esc(r.name) << "</h3>\n<p class=\"meta-line\">"
    << Esc(r.file) << " &middot; profile " << Esc(r.profile.empty() ? "-" : r.profile)
    << " &middot; seed " << r.seed << " &middot; " << HumanDuration(r.virtual_time) << " virtual, "
    << WallSeconds(r.wall_seconds) << " wall</p>\n";

  if (r.verdict == Verdict::kFailed || r.verdict == Verdict::kError) {
    const auto parts = SplitFailure(r.message);
    const std::string where = !r.failed_step_where.empty() ? r.failed_step_where
                              : failed_step_               ? failed_step_->where
                                                           : r.file;
    s << "<div class=\"failure\"><h4>" << (r.verdict == Verdict::kFailed ? "Failure" : "Error")
      << "</h4><dl>";
    if (parts)
      s << "<dt>Step</dt><dd class=\"step\">" << Esc(parts->step) << "</dd>";
    else if (failed_step_)
      s << "<dt>Step</dt><dd class=\"step\">" << Esc(failed_step_->step) << "</dd>";
    s << "<dt>Where</dt><dd class=\"where\">" << Esc(where) << "</dd>";
    if (failed_step_) {
      s << "<dt>At</dt><dd>" << HumanDuration(std::chrono::microseconds(failed_step_->at_us))
        << " bench time</dd>";
    }
    if (parts) {
      s << "<dt>Expected</dt><dd class=\"expected\">" << Esc(parts->expected) << "</dd>"
        << "<dt>Seen</dt><dd class=\"seen\">" << Esc(parts->seen) << "</dd>";
    }
    s << "</dl><pre class=\"message\">" << Esc(where + ": " + r.message) << "</pre></div>\n";
  } else if (r.verdict == Verdict::kSkipped && !r.message.empty()) {
    s << "<p class=\"skip-reason\">Skipped: " << Esc(r.message) << "</p>\n";
  }

  if (plot_ && !plot_->empty()) {
    plot_->Extend(r.virtual_time.count());
    s << "<h4>Timeline</h4>\n" << plot_->Svg() << '\n' << kLegend << '\n';
  }

  if (!r.failure_frames.empty()) {
    s << "<h4>Camera frames around the failure</h4>\n<div class=\"frames\">\n";
    for (const auto& frame : r.failure_frames) {
      const std::string caption = frame.label + " - frame " + std::to_string(frame.index) + " at " +
                                  HumanDuration(frame.at);
      s << "<figure><img src=\"data:image/png;base64," << Base64(frame.png) << "\" alt=\""
        << Esc(caption) << "\"><figcaption>" << Esc(caption) << "</figcaption></figure>\n";
    }
    s << "</div>\n";
  }
  s << "</section>\n";
  sections_ << s.str();
  sections_.flush();

  plot_.reset();
  failed_step_.reset();
}

void HtmlReportWriter::RunFinished() {
  Finish();
}

void HtmlReportWriter::Finish() {
  if (finished_) return;
  finished_ = true;
  sections_.close();

  std::ofstream out(path_);
  if (!out) throw std::runtime_error("cannot create " + path_);
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>lockrig report: " << scenarios_ << " scenario(s), "
      << (scenarios_ ? ToString(overall_) : "nothing run") << "</title>\n<style>" << kStyle
      << "</style>\n</head>\n<body>\n<h1>lockrig run report</h1>\n";

  out << "<section id=\"summary\">\n<h2>Summary</h2>\n<p class=\"overall\">Overall: "
      << (scenarios_ ? VerdictBadge(overall_) : std::string("nothing run")) << " &middot; "
      << scenarios_ << " scenario(s)</p>\n<div class=\"counts\">";
  for (Verdict v : {Verdict::kPassed, Verdict::kFailed, Verdict::kError, Verdict::kSkipped}) {
    const std::string name(ToString(v));
    out << "<span class=\"count " << name << "\" id=\"count-" << name << "\">"
        << (counts_.count(v) ? counts_.at(v) : 0) << " " << name << "</span>";
  }
  out << "</div>\n<table class=\"meta\">"
      << "<tr><th>seed</th><td id=\"seed\">" << Esc(Joined(seeds_)) << "</td></tr>"
      << "<tr><th>profile</th><td id=\"profile\">" << Esc(Joined(profiles_)) << "</td></tr>"
      << "<tr><th>firmware build</th><td id=\"firmware\">" << Esc(Joined(firmwares_))
      << "</td></tr>"
      << "<tr><th>bench</th><td id=\"bench\">" << Esc(Joined(benches_)) << "</td></tr>"
      << "<tr><th>virtual time</th><td>" << HumanDuration(std::chrono::microseconds(virtual_us_))
      << "</td></tr><tr><th>wall time</th><td>" << WallSeconds(wall_seconds_)
      << "</td></tr></table>\n</section>\n";

  out << "<section id=\"scenarios\">\n<h2>Scenarios</h2>\n<table class=\"scenarios\">\n"
      << "<tr><th>verdict</th><th>file</th><th>scenario</th><th>requirements</th>"
      << "<th>virtual time</th><th>wall time</th><th>measurements</th></tr>\n";
  for (const auto& row : rows_) out << row;
  out << "</table>\n</section>\n<section id=\"details\">\n<h2>Details</h2>\n";
  {
    std::ifstream sections(part_path_);
    if (sections.peek() != std::ifstream::traits_type::eof()) out << sections.rdbuf();
  }
  out << "</section>\n</body>\n</html>\n";
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path_);
  std::error_code ignored;
  std::filesystem::remove(part_path_, ignored);
}

}  // namespace lockrig::reports
