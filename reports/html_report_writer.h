// report.html: the run for people, in one self-contained file to open from a
// CI artifact or attach to a bug report: inline CSS, inline SVG, camera
// frames as data: URIs; no scripts and nothing fetched.
//
// It shows a summary (scenarios per verdict, seed, profile, firmware build,
// bench, time), a table of scenarios (verdict, file, name, requirements,
// virtual and wall time, measurements with their limits and marginal flags,
// endurance statistics), and per scenario a timeline plot (TimelinePlot),
// the failure (step, file:line, expected, seen) and the camera frames kept
// around it.
//
// Memory stays bounded on long runs: the timeline keeps a bounded number of
// points per lane, and each scenario's section is written to "<path>.part"
// when it finishes; RunFinished() writes the summary and table (a line per
// scenario, kept in memory) followed by those sections.
#pragma once

#include <cstddef>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "reports/result_sink.h"
#include "reports/timeline_plot.h"

namespace lockrig::reports {

class HtmlReportWriter : public ResultSink {
 public:
  // Throws std::runtime_error if "<path>.part" cannot be created.
  explicit HtmlReportWriter(std::string path, std::size_t max_points_per_lane = 2000);
  // Writes the file if RunFinished() was not called (e.g. on an exception).
  ~HtmlReportWriter() override;

  void ScenarioStarted(const ScenarioStart& start) override;
  void EventOccurred(const Event& event) override;
  void FrameSampled(const FrameSample& sample) override;
  void ScenarioFinished(const ScenarioResult& result) override;
  // Writes report.html. Throws std::runtime_error if it cannot be created.
  void RunFinished() override;

 private:
  // The failing verdict as the engine reported it.
  struct FailedStep {
    std::int64_t at_us = 0;
    std::string step, where;
  };

  void Finish();

  std::string path_;
  std::string part_path_;
  std::size_t max_points_;
  std::ofstream sections_;
  bool finished_ = false;

  // The scenario running now.
  std::optional<TimelinePlot> plot_;
  std::optional<FailedStep> failed_step_;
  std::vector<vision::LedColor> leds_;  // last colours plotted
  double bolt_position_ = -1.0;

  // The whole run.
  std::vector<std::string> rows_;  // one <tr> per scenario
  std::map<Verdict, int> counts_;
  std::set<std::string> seeds_, profiles_, firmwares_, benches_;
  std::int64_t virtual_us_ = 0;
  double wall_seconds_ = 0.0;
  Verdict overall_ = Verdict::kSkipped;
  int scenarios_ = 0;
};

// Standard base64 (RFC 4648), for data: URIs.
std::string Base64(const std::vector<unsigned char>& bytes);

// A duration as a person reads it: "850 us", "12.5 ms", "1.250 s".
std::string HumanDuration(std::chrono::microseconds d);

}  // namespace lockrig::reports
