#include "rig/scenario/step_text.h"

namespace lockrig::scenario {
namespace {

bool IsControl(const std::string& name) {
  return name == "repeat" || name == "sweep" || name == "threshold";
}

std::string Quote(const std::string& text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

std::string RenderScalar(const YAML::Node& node) {
  // yaml-cpp tags a quoted scalar "!" and a plain one "?"; a scalar that was
  // quoted ("9") is shown quoted so that the text reads back as written.
  if (node.Tag() == "!") return Quote(node.Scalar());
  return node.Scalar();
}

std::string RenderMapEntries(const YAML::Node& map, bool elide_steps) {
  std::string text;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!text.empty()) text += ", ";
    std::string key = RenderFlow(it->first);
    text += key + ": ";
    if (elide_steps && key == "steps" && it->second.IsSequence()) {
      text += "[...]";
    } else if (IsControl(key) && it->second.IsMap()) {
      text += "{" + RenderMapEntries(it->second, true) + "}";
    } else {
      text += RenderFlow(it->second);
    }
  }
  return text;
}

}  // namespace

std::string RenderFlow(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return RenderScalar(node);
    case YAML::NodeType::Sequence: {
      std::string text;
      for (const YAML::Node& item : node) text += (text.empty() ? "" : ", ") + RenderFlow(item);
      return "[" + text + "]";
    }
    case YAML::NodeType::Map:
      return "{" + RenderMapEntries(node, false) + "}";
    default:
      return "~";
  }
}

std::string RenderStep(const YAML::Node& step) {
  if (!step.IsMap()) return RenderFlow(step);
  return RenderMapEntries(step, false);
}

}  // namespace lockrig::scenario
