// Durations as scenarios write them: a number with a unit (`150ms`, `2s`,
// `1.5s`, `5min`, `1h`). ParseDuration and FormatDuration are declared in
// scenario.h; this header adds ranges (`after: 0..2ms` in `sim: power_cut`),
// which the simulated bench parses from the flattened sim settings.
#pragma once

#include <optional>
#include <string>

#include "rig/scenario/scenario.h"

namespace lockrig::scenario {

// `low..high`, both ends included.
struct DurationRange {
  Duration low{0};
  Duration high{0};
};

// "0..2ms" (a bare number on the left takes the right's unit), "1ms..2ms",
// or a single duration "1ms" (low == high). nullopt if malformed or low > high.
std::optional<DurationRange> ParseDurationRange(const std::string& text);

}  // namespace lockrig::scenario
