// The conditions of `expect`, `expect_not` and `measure: until`: bolt, led,
// leds, beeps, beep, quiet, and the counts they use (3, ">=1", "<=2").
#pragma once

#include <string_view>
#include <vector>

#include "rig/scenario/parse_context.h"
#include "rig/scenario/values.h"
#include "rig/scenario/yaml_source.h"

namespace lockrig::scenario {

// The keys a condition may have, for building a step's allowed keys.
inline const std::vector<std::string_view> kConditionKeys = {"bolt",  "led",  "leds",
                                                             "beeps", "beep", "quiet"};

// Reads the condition keys present in `fields` (other keys are the caller's).
// Fails at the step if there is none.
Condition ReadCondition(const Fields& fields, const YAML::Node& step_value, std::string_view what,
                        const ParseContext& ctx);

// 3, ">=1" or "<=2".
Count ReadCount(const Value& v, const ParseContext& ctx);

}  // namespace lockrig::scenario
