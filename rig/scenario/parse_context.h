// What parsing a list of steps needs to know besides the YAML: which file it
// is in (for locations), the variables bound there, the profile (macro
// variants, LED count), the macro library and the chain of macro calls that
// led here (to refuse recursion). A StepBody keeps a copy, so that the
// engine can resolve a `repeat`, `sweep` or `threshold` body later exactly
// as it was validated.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "rig/scenario/scenario.h"

namespace lockrig::scenario {

class MacroLibrary;

struct ParseContext {
  std::string file;
  Bindings bindings;
  std::string profile = "smartcode";
  std::shared_ptr<MacroLibrary> macros;
  std::vector<std::string> call_chain;  // macro names, outermost first
  // Set when a `sim:` step is parsed, so the loader can add capability
  // "sim" to the scenario's `requires`. May be null.
  std::shared_ptr<bool> uses_sim;
};

}  // namespace lockrig::scenario
