// Step::text: a step rendered on one line as it was written, in YAML flow
// style, for failure messages: `expect: {bolt: retracted, within: 2s}`,
// `enter: ${user}`, `press: [program, "9", lock]`. Variables are shown as
// written (not substituted); scalars that were quoted stay quoted; the
// nested `steps` of repeat, sweep and threshold are shown as `[...]`.
#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

namespace lockrig::scenario {

// `step` is the step's mapping ({expect: {...}} or {call: x, with: {...}}).
std::string RenderStep(const YAML::Node& step);

// One node in flow style.
std::string RenderFlow(const YAML::Node& node);

}  // namespace lockrig::scenario
