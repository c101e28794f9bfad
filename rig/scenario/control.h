// Control blocks: `repeat` (binds ${cycle}, 0-based), `sweep` (binds its
// var to each value) and `threshold` (binds its var to a duration for each
// bisection trial). Their steps are kept as a StepBody, resolved by the
// engine once per cycle, value or trial; reading a block resolves the body
// for every value it can take here (cycle 0, every sweep value, the
// threshold's low and high) so that errors inside are found at load time.
#pragma once

#include "rig/scenario/parse_context.h"
#include "rig/scenario/values.h"

namespace lockrig::scenario {

Repeat ReadRepeat(const Value& v, const ParseContext& ctx);
Sweep ReadSweep(const Value& v, const ParseContext& ctx);
Threshold ReadThreshold(const Value& v, const ParseContext& ctx);

}  // namespace lockrig::scenario
