// Macros: `scenarios/lib/NAME.yaml` files holding a named list of steps
// with parameters, used by `call: NAME` with `with: {PARAM: VALUE}`.
//
// A macro file has `macro: NAME` (the file's name), `params: [...]`, and
// `steps: [...]` and/or `profiles: {PROFILE: [...]}` for profiles whose
// button sequence differs; `unsupported: {PROFILE: reason}` refuses a call
// on a profile where the operation does not exist (legacy2code has no
// master); `description:` is free text. A macro body sees only its
// parameters, never the caller's variables, so a macro means the same
// wherever it is called. Expanded steps keep locations in the macro file.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "rig/scenario/parse_context.h"
#include "rig/scenario/values.h"

namespace lockrig::scenario {

struct Macro {
  std::string name;
  std::string file;
  std::vector<std::string> params;
  std::optional<Value> steps;                      // the default steps
  std::map<std::string, Value> variants;           // profile -> steps
  std::map<std::string, std::string> unsupported;  // profile -> reason
};

// Macro files of one directory, each read and checked once, on first use.
class MacroLibrary {
 public:
  explicit MacroLibrary(std::string dir) : dir_(std::move(dir)) {}

  const std::string& dir() const { return dir_; }
  std::string PathOf(const std::string& name) const { return dir_ + "/" + name + ".yaml"; }

  // The macro called `name`; nullptr if it has no file. Throws ScenarioError
  // for a malformed macro file.
  std::shared_ptr<const Macro> Find(const std::string& name);

 private:
  std::string dir_;
  std::mutex mutex_;  // a StepBody may be resolved from another thread
  std::map<std::string, std::shared_ptr<const Macro>> loaded_;
};

// Reads one macro file.
std::shared_ptr<const Macro> ReadMacroFile(const std::string& path, const std::string& name);

// The `call` step in `fields` expanded for ctx.profile.
Group ExpandCall(const Fields& fields, const ParseContext& ctx);

}  // namespace lockrig::scenario
