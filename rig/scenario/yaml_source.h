// Reading YAML with the source positions kept: every error in a scenario or
// macro file points at a line and column, so the helpers here turn
// yaml-cpp's 0-based marks into 1-based SourceLocations, translate syntax
// errors, describe what a node holds ("got ...") and walk a mapping while
// refusing unknown and repeated keys.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "rig/scenario/scenario.h"

namespace lockrig::scenario {

// Parses one YAML document from `path`. Throws ScenarioError "path: cannot
// open ..." or "path:line:col: YAML syntax error: ..." (with a hint when an
// unquoted ${variable} inside {...} or [...] is the likely cause).
YAML::Node LoadYamlFile(const std::string& path);

// Where `node` starts in `file` (1-based; 1:1 for a node with no mark).
SourceLocation Where(const YAML::Node& node, const std::string& file);

// What a node holds, for "got ..." in messages: "\"2\"" for a scalar, "a
// map", "a list", "nothing".
std::string Describe(const YAML::Node& node);

[[noreturn]] void Fail(const YAML::Node& at, const std::string& file, const std::string& message);

// One `key: value` of a mapping.
struct Entry {
  std::string name;
  YAML::Node key;
  YAML::Node value;
  // Where to point for a bad value: the value, or the key when the value is
  // empty (`within:` has no mark of its own on the key's line).
  SourceLocation ValueWhere(const std::string& file) const;
};

// The entries of a mapping, checked: `map` must be a map (else "'what' needs
// a map with ..., got ..."), every key must be in `allowed` (else "unknown
// key 'k' in what; expected one of: ...", at the key) and none may repeat.
class Fields {
 public:
  Fields(const YAML::Node& map, const std::string& file, std::string_view what,
         const std::vector<std::string_view>& allowed);

  const Entry* Find(std::string_view name) const;
  // The entry, or "'what' needs 'name'" at the map.
  const Entry& Need(std::string_view name) const;
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  YAML::Node map_;
  std::string file_;
  std::string what_;
  std::vector<Entry> entries_;
};

// "a, b, c" for a message.
std::string JoinNames(const std::vector<std::string_view>& names);

}  // namespace lockrig::scenario
