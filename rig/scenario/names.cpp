#include "rig/scenario/names.h"

#include <algorithm>

namespace lockrig::scenario {

bool IsProfile(std::string_view name) {
  return std::find(kProfiles.begin(), kProfiles.end(), name) != kProfiles.end();
}

int LedCountOf(std::string_view profile) {
  return profile == "fourled" ? 4 : 1;
}

bool IsKey(std::string_view name) {
  if (name.size() == 1 && name[0] >= '0' && name[0] <= '9') return true;
  return name == "lock" || name == "program";
}

bool IsIdentifier(std::string_view name) {
  if (name.empty()) return false;
  auto is_alpha = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  if (!is_alpha(name[0])) return false;
  return std::all_of(name.begin() + 1, name.end(),
                     [&](char c) { return is_alpha(c) || (c >= '0' && c <= '9'); });
}

}  // namespace lockrig::scenario
