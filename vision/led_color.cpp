#include "vision/led_color.h"

#include <array>
#include <cctype>
#include <utility>

namespace lockrig::vision {
namespace {

constexpr std::array<std::pair<LedColor, std::string_view>, 6> kNames{{
    {LedColor::kOff, "off"},
    {LedColor::kRed, "red"},
    {LedColor::kGreen, "green"},
    {LedColor::kAmber, "amber"},
    {LedColor::kBlue, "blue"},
    {LedColor::kWhite, "white"},
}};

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string_view ToString(LedColor color) {
  for (const auto& [value, name] : kNames) {
    if (value == color) return name;
  }
  return "unknown";
}

std::optional<LedColor> ParseLedColor(std::string_view text) {
  // Scenario authors write `Amber` as often as `amber`; both mean the same.
  for (const auto& [value, name] : kNames) {
    if (EqualsIgnoringCase(text, name)) return value;
  }
  return std::nullopt;
}

}  // namespace lockrig::vision
