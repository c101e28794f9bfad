// The terminal view of a run: one line per scenario with its verdict, seed
// and time, the failure text under a failed one, and a closing tally.
#pragma once

#include <cstdio>

#include "reports/result_sink.h"

namespace lockrig::reports {

struct Tally {
  int passed = 0, failed = 0, errors = 0, skipped = 0;
  int total() const { return passed + failed + errors + skipped; }
};

class ConsoleWriter : public ResultSink {
 public:
  explicit ConsoleWriter(std::FILE* out = stdout) : out_(out) {}
  void ScenarioFinished(const ScenarioResult& result) override;
  void RunFinished() override;
  const Tally& tally() const { return tally_; }

 private:
  std::FILE* out_;
  Tally tally_;
};

}  // namespace lockrig::reports
