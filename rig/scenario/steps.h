// Steps: one YAML mapping per step, each with exactly one action
// (`press`, `enter`, `hold`, `release`, `power`, `wait`, `call` (+ `with`),
// `log`, `snapshot`, `sim`), expectation (`expect`, `expect_not`,
// `measure`) or control block (`repeat`, `sweep`, `threshold`), turned into
// a typed Step with its location and its text as written.
#pragma once

#include <vector>

#include <yaml-cpp/yaml.h>

#include "rig/scenario/parse_context.h"
#include "rig/scenario/values.h"

namespace lockrig::scenario {

// The steps of a list (`setup`, `steps`, a macro's or a control block's).
std::vector<Step> ReadSteps(const Value& list, const ParseContext& ctx);

Step ReadStep(const YAML::Node& step, const ParseContext& ctx);

}  // namespace lockrig::scenario
