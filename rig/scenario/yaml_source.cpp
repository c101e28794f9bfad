#include "rig/scenario/yaml_source.h"

#include <fstream>
#include <sstream>

namespace lockrig::scenario {
namespace {

std::string LineOf(const std::string& text, int line) {
  std::istringstream in(text);
  std::string current;
  for (int i = 0; i <= line && std::getline(in, current); ++i) {
  }
  return current;
}

}  // namespace

YAML::Node LoadYamlFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError({path, 0, 0}, "cannot open file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::ParserException& e) {
    std::string message = "YAML syntax error: " + e.msg;
    // yaml-cpp reports an unquoted ${var} inside a flow collection as a
    // missing end of the collection; say what the author most likely meant.
    if (LineOf(text, e.mark.line).find("${") != std::string::npos) {
      message += " (inside {...} or [...] a variable must be quoted: \"${name}\")";
    }
    throw ScenarioError({path, e.mark.line + 1, e.mark.column + 1}, message);
  }
  if (documents.size() > 1) {
    throw ScenarioError({path, 0, 0},
                        "expected one YAML document, found " + std::to_string(documents.size()));
  }
  return documents.empty() ? YAML::Node() : documents.front();
}

SourceLocation Where(const YAML::Node& node, const std::string& file) {
  YAML::Mark mark = node.Mark();
  if (mark.line < 0 || mark.column < 0) return {file, 1, 1};
  return {file, mark.line + 1, mark.column + 1};
}

std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return "\"" + node.Scalar() + "\"";
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    default:
      return "nothing";
  }
}

void Fail(const YAML::Node& at, const std::string& file, const std::string& message) {
  throw ScenarioError(Where(at, file), message);
}

SourceLocation Entry::ValueWhere(const std::string& file) const {
  if (value.IsNull() && value.Mark().line != key.Mark().line) return Where(key, file);
  return Where(value, file);
}

std::string JoinNames(const std::vector<std::string_view>& names) {
  std::string joined;
  for (std::string_view name : names) {
    if (!joined.empty()) joined += ", ";
    joined += name;
  }
  return joined;
}

Fields::Fields(const YAML::Node& map, const std::string& file, std::string_view what,
               const std::vector<std::string_view>& allowed)
    : map_(map), file_(file), what_(what) {
  if (!map.IsMap()) {
    Fail(map, file,
         "'" + what_ + "' needs a map with " + JoinNames(allowed) + ", got " + Describe(map));
  }
  for (auto it = map.begin(); it != map.end(); ++it) {
    // A copy: it-> yields a temporary, and a reference into it would dangle.
    const YAML::Node key = it->first;
    if (!key.IsScalar())
      Fail(key, file, "a key in '" + what_ + "' must be a name, got " + Describe(key));
    std::string name = key.Scalar();
    bool known = false;
    for (std::string_view a : allowed) known = known || a == name;
    if (!known) {
      Fail(key, file,
           "unknown key '" + name + "' in " + what_ + "; expected one of: " + JoinNames(allowed));
    }
    // yaml-cpp keeps both copies of a repeated key and lookups would see
    // only the first; a repeated key is almost always a mistake.
    if (Find(name)) Fail(key, file, "'" + name + "' appears twice in " + what_);
    entries_.push_back({name, key, it->second});
  }
}

const Entry* Fields::Find(std::string_view name) const {
  for (const Entry& entry : entries_) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

const Entry& Fields::Need(std::string_view name) const {
  if (const Entry* entry = Find(name)) return *entry;
  Fail(map_, file_, "'" + what_ + "' needs '" + std::string(name) + "'");
}

}  // namespace lockrig::scenario
