#include "rig/scenario/values.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "rig/scenario/names.h"
#include "rig/scenario/substitution.h"

namespace lockrig::scenario {
namespace {

// "got ..." for a scalar: what it became, and what was written when a
// variable made the difference.
std::string GotScalar(const Value& v, const std::string& text) {
  std::string got = "\"" + text + "\"";
  if (v.node.IsScalar() && v.node.Scalar() != text) got += " (from \"" + v.node.Scalar() + "\")";
  return got;
}

}  // namespace

Value ValueOf(const Entry& entry, const ParseContext& ctx) {
  return {entry.value, entry.ValueWhere(ctx.file), entry.name};
}

Value ItemOf(const YAML::Node& item, std::string_view what, const ParseContext& ctx) {
  return {item, Where(item, ctx.file), std::string(what)};
}

void FailAt(const Value& value, const std::string& message) {
  throw ScenarioError(value.where, message);
}

void FailExpected(const Value& v, const std::string& text, std::string_view expected) {
  FailAt(v, "'" + v.what + "' needs " + std::string(expected) + ", got " + GotScalar(v, text));
}

std::string ReadText(const Value& v, const ParseContext& ctx) {
  if (!v.node.IsScalar()) {
    FailAt(v, "'" + v.what + "' needs a single value, got " + Describe(v.node));
  }
  Substitution s = Substitute(v.node.Scalar(), ctx.bindings);
  if (!s.error.empty()) FailAt(v, s.error);
  return s.text;
}

Duration ReadDuration(const Value& v, const ParseContext& ctx) {
  if (!v.node.IsScalar())
    FailAt(v, "'" + v.what + "' needs a duration like 2s, got " + Describe(v.node));
  std::string text = ReadText(v, ctx);
  auto d = ParseDuration(text);
  if (!d) FailExpected(v, text, "a duration like 2s");
  return *d;
}

bool ReadBool(const Value& v, const ParseContext& ctx) {
  if (!v.node.IsScalar())
    FailAt(v, "'" + v.what + "' needs true or false, got " + Describe(v.node));
  std::string text = ReadText(v, ctx);
  // YAML 1.2 core booleans only: "yes"/"on" are words, not truth values.
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  FailExpected(v, text, "true or false");
}

int ReadInt(const Value& v, const ParseContext& ctx, int min) {
  std::string expected = "a whole number of at least " + std::to_string(min);
  if (!v.node.IsScalar())
    FailAt(v, "'" + v.what + "' needs " + expected + ", got " + Describe(v.node));
  std::string text = ReadText(v, ctx);
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < min) {
    FailExpected(v, text, expected);
  }
  return n;
}

double ReadNumber(const Value& v, const ParseContext& ctx) {
  if (!v.node.IsScalar())
    FailAt(v, "'" + v.what + "' needs a number like 4.3, got " + Describe(v.node));
  std::string text = ReadText(v, ctx);
  bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '-';
  });
  char* end = nullptr;
  double value = plain ? std::strtod(text.c_str(), &end) : 0.0;
  if (!plain || end != text.c_str() + text.size()) FailExpected(v, text, "a number like 4.3");
  return value;
}

std::string ReadCode(const Value& v, const ParseContext& ctx) {
  constexpr std::string_view kExpected = "a code of digits like \"1234\"";
  if (!v.node.IsScalar())
    FailAt(v, "'" + v.what + "' needs " + std::string(kExpected) + ", got " + Describe(v.node));
  std::string text = ReadText(v, ctx);
  bool digits = !text.empty() &&
                std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) FailExpected(v, text, kExpected);
  return text;
}

std::string ReadKey(const Value& v, const ParseContext& ctx) {
  std::string expected = "a key (" + std::string(kKeyNames) + ")";
  if (!v.node.IsScalar())
    FailAt(v, "'" + v.what + "' needs " + expected + ", got " + Describe(v.node));
  std::string text = ReadText(v, ctx);
  if (!IsKey(text)) FailExpected(v, text, expected);
  return text;
}

std::vector<Value> ReadList(const Value& v, std::string_view item_what, const ParseContext& ctx) {
  if (!v.node.IsSequence()) FailAt(v, "'" + v.what + "' needs a list, got " + Describe(v.node));
  std::vector<Value> items;
  for (const YAML::Node& item : v.node) items.push_back(ItemOf(item, item_what, ctx));
  return items;
}

std::vector<std::string> ReadTextList(const Value& v, const ParseContext& ctx) {
  std::vector<std::string> texts;
  for (const Value& item : ReadList(v, v.what, ctx)) texts.push_back(ReadText(item, ctx));
  return texts;
}

}  // namespace lockrig::scenario
