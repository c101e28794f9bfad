// A result sink that records every callback it receives as one JSON line,
// and the replay that feeds such a journal to other sinks. `lockrig run -j N`
// runs each scenario in a child process that journals; the parent replays
// the journals in scenario order, so every result format (and events.jsonl,
// byte for byte) is the same as a serial run's.
#pragma once

#include <fstream>
#include <string>

#include "reports/result_sink.h"

namespace lockrig::cli {

class JournalWriter : public reports::ResultSink {
 public:
  // Throws std::runtime_error if the file cannot be created.
  explicit JournalWriter(const std::string& path);
  void ScenarioStarted(const reports::ScenarioStart& start) override;
  void EventOccurred(const reports::Event& event) override;
  void FrameSampled(const reports::FrameSample& sample) override;
  void ScenarioFinished(const reports::ScenarioResult& result) override;
  void RunFinished() override;

 private:
  std::ofstream out_;
};

// Feeds every recorded callback to `sink` (RunFinished excepted: the caller
// finishes its own run). Returns how many scenarios finished in it. Throws
// std::runtime_error for an unreadable or corrupt journal.
int ReplayJournal(const std::string& path, reports::ResultSink& sink);

}  // namespace lockrig::cli
