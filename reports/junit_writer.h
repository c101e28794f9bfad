// junit.xml for CI: one <testsuite> per scenario file, one <testcase> per
// scenario, failures with the step's file:line and what was seen, and
// properties naming the seed, profile, bench and firmware build. Written
// whole at RunFinished() (and so also after Ctrl-C).
#pragma once

#include <string>
#include <vector>

#include "reports/result_sink.h"

namespace lockrig::reports {

class JunitWriter : public ResultSink {
 public:
  explicit JunitWriter(std::string path) : path_(std::move(path)) {}
  void ScenarioFinished(const ScenarioResult& result) override;
  void RunFinished() override;

  // The document for `results` (exposed for tests).
  static std::string Render(const std::vector<ScenarioResult>& results);

 private:
  std::string path_;
  std::vector<ScenarioResult> results_;
};

std::string XmlEscape(std::string_view text);

}  // namespace lockrig::reports
