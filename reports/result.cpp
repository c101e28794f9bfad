#include "reports/result.h"

namespace lockrig::reports {

std::string_view ToString(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPassed:
      return "passed";
    case Verdict::kFailed:
      return "failed";
    case Verdict::kError:
      return "error";
    case Verdict::kSkipped:
      return "skipped";
  }
  return "error";
}

Verdict Worse(Verdict a, Verdict b) {
  auto rank = [](Verdict v) {
    switch (v) {
      case Verdict::kSkipped:
        return 0;
      case Verdict::kPassed:
        return 1;
      case Verdict::kFailed:
        return 2;
      case Verdict::kError:
        return 3;
    }
    return 3;
  };
  return rank(a) >= rank(b) ? a : b;
}

}  // namespace lockrig::reports
