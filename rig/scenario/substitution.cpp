#include "rig/scenario/substitution.h"

#include "rig/scenario/names.h"

namespace lockrig::scenario {
namespace {

std::string Defined(const Bindings& bindings) {
  if (bindings.empty()) return "no variables are defined here";
  std::string names;
  for (const auto& [name, value] : bindings) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  return "defined: " + names;
}

}  // namespace

Substitution Substitute(std::string_view text, const Bindings& bindings) {
  Substitution result;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "$${") == 0) {
      result.text += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      result.text += text[i++];
      continue;
    }
    std::size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      result.error = "'${' without a closing '}'";
      return result;
    }
    std::string name(text.substr(i + 2, close - i - 2));
    if (!IsIdentifier(name)) {
      result.error = "'${" + name + "}' is not a variable name (letters, digits and '_')";
      return result;
    }
    auto found = bindings.find(name);
    if (found == bindings.end()) {
      result.error = "unknown variable '" + name + "' (" + Defined(bindings) + ")";
      return result;
    }
    result.text += found->second;
    i = close + 1;
  }
  return result;
}

}  // namespace lockrig::scenario
