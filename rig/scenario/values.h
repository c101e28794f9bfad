// Typed values of the scenario format read from YAML scalars after `${...}`
// substitution: text, durations, whole numbers, numbers, booleans, codes,
// keys and lists. Each reader throws a ScenarioError at the value's
// location saying what was expected and what was found, in the style
// `'within' needs a duration like 2s, got "2"`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "rig/scenario/parse_context.h"
#include "rig/scenario/yaml_source.h"

namespace lockrig::scenario {

// A value to read: the node, where to point at it, and the name it goes by
// in messages (the key it belongs to: 'within').
struct Value {
  YAML::Node node;
  SourceLocation where;
  std::string what;
};

Value ValueOf(const Entry& entry, const ParseContext& ctx);
Value ItemOf(const YAML::Node& item, std::string_view what, const ParseContext& ctx);

[[noreturn]] void FailAt(const Value& value, const std::string& message);

// A scalar, substituted. Fails for a map, a list or nothing.
std::string ReadText(const Value& v, const ParseContext& ctx);
// "'what' needs EXPECTED, got ACTUAL" for a scalar read as `text`.
[[noreturn]] void FailExpected(const Value& v, const std::string& text, std::string_view expected);

Duration ReadDuration(const Value& v, const ParseContext& ctx);
bool ReadBool(const Value& v, const ParseContext& ctx);
int ReadInt(const Value& v, const ParseContext& ctx, int min);
double ReadNumber(const Value& v, const ParseContext& ctx);
// A code: one or more digits.
std::string ReadCode(const Value& v, const ParseContext& ctx);
// "0".."9", "lock", "program".
std::string ReadKey(const Value& v, const ParseContext& ctx);
// A YAML list; its items carry `item_what` as their name.
std::vector<Value> ReadList(const Value& v, std::string_view item_what, const ParseContext& ctx);
// A list of scalars (tags, requirement ids, ...).
std::vector<std::string> ReadTextList(const Value& v, const ParseContext& ctx);

}  // namespace lockrig::scenario
