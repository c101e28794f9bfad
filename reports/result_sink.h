// The seam between the engine and the formats a run is written in. The
// engine reports to one ResultSink (a Fanout when several are wanted); each
// format is a sink of its own.
#pragma once

#include <memory>
#include <vector>

#include "reports/result.h"

namespace lockrig::reports {

struct ScenarioStart {
  std::string file;
  std::string name;
  std::string profile;
  std::uint64_t seed = 0;
  std::string bench;
  std::string firmware;
};

class ResultSink {
 public:
  virtual ~ResultSink() = default;
  virtual void ScenarioStarted(const ScenarioStart& /*start*/) {}
  virtual void EventOccurred(const Event& /*event*/) {}
  // Every camera frame's reading, in time order.
  virtual void FrameSampled(const FrameSample& /*sample*/) {}
  virtual void ScenarioFinished(const ScenarioResult& /*result*/) {}
  // The run is over (also after Ctrl-C): flush and close files.
  virtual void RunFinished() {}
};

// Hands everything to several sinks in order.
class Fanout : public ResultSink {
 public:
  void Add(std::unique_ptr<ResultSink> sink) { sinks_.push_back(std::move(sink)); }
  void ScenarioStarted(const ScenarioStart& start) override {
    for (auto& s : sinks_) s->ScenarioStarted(start);
  }
  void EventOccurred(const Event& event) override {
    for (auto& s : sinks_) s->EventOccurred(event);
  }
  void FrameSampled(const FrameSample& sample) override {
    for (auto& s : sinks_) s->FrameSampled(sample);
  }
  void ScenarioFinished(const ScenarioResult& result) override {
    for (auto& s : sinks_) s->ScenarioFinished(result);
  }
  void RunFinished() override {
    for (auto& s : sinks_) s->RunFinished();
  }

 private:
  std::vector<std::unique_ptr<ResultSink>> sinks_;
};

}  // namespace lockrig::reports
