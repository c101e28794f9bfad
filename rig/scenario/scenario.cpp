// The small pieces of scenario.h that are not parsing: the error type and
// count matching.
#include "rig/scenario/scenario.h"

namespace lockrig::scenario {
namespace {

// "file:line:col: message"; a problem with the file as a whole (it cannot be
// opened, or a --profile override is wrong) has no line: "file: message".
std::string Render(const SourceLocation& where, const std::string& message) {
  if (where.line <= 0) return where.file + ": " + message;
  return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) + ": " +
         message;
}

}  // namespace

ScenarioError::ScenarioError(SourceLocation where, const std::string& message)
    : std::runtime_error(Render(where, message)), where_(std::move(where)), message_(message) {}

bool Count::Matches(int n) const {
  switch (op) {
    case Op::kEqual:
      return n == value;
    case Op::kAtLeast:
      return n >= value;
    case Op::kAtMost:
      return n <= value;
  }
  return false;
}

}  // namespace lockrig::scenario
