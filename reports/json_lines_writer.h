// events.jsonl: one JSON object per line, for tools. Every action,
// observation and verdict with its bench timestamp in microseconds. It holds
// no wall-clock time, so two simulated runs with the same seed produce the
// same bytes.
#pragma once

#include <fstream>
#include <string>

#include "reports/result_sink.h"

namespace lockrig::reports {

class JsonLinesWriter : public ResultSink {
 public:
  // Throws std::runtime_error if the file cannot be created.
  explicit JsonLinesWriter(const std::string& path);

  void ScenarioStarted(const ScenarioStart& start) override;
  void EventOccurred(const Event& event) override;
  void ScenarioFinished(const ScenarioResult& result) override;
  void RunFinished() override;

 private:
  void Write(const nlohmann::json& line);
  std::ofstream out_;
};

// The JSON form of a measurement (shared by the writers and the CLI).
nlohmann::json ToJson(const Measurement& m);

}  // namespace lockrig::reports
