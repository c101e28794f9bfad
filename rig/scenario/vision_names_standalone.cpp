// Stand-in for the two vision functions the scenario parser uses, compiled
// only when this build has no lockrig_vision (-DLOCKRIG_PARTS=rig/scenario),
// so the scenario format can be built and tested on its own. Same names and
// behaviour as vision/led_color.cpp and vision/bolt_motion.cpp.
#include <array>
#include <cctype>
#include <utility>

#include "vision/bolt_motion.h"
#include "vision/led_color.h"

namespace lockrig::vision {

std::optional<LedColor> ParseLedColor(std::string_view text) {
  static constexpr std::array<std::pair<LedColor, std::string_view>, 6> kNames{{
      {LedColor::kOff, "off"},
      {LedColor::kRed, "red"},
      {LedColor::kGreen, "green"},
      {LedColor::kAmber, "amber"},
      {LedColor::kBlue, "blue"},
      {LedColor::kWhite, "white"},
  }};
  for (const auto& [color, name] : kNames) {
    bool same = name.size() == text.size();
    for (std::size_t i = 0; same && i < name.size(); ++i) {
      same = std::tolower(static_cast<unsigned char>(text[i])) == name[i];
    }
    if (same) return color;
  }
  return std::nullopt;
}

std::string_view ToString(BoltState state) {
  switch (state) {
    case BoltState::kRetracted:
      return "retracted";
    case BoltState::kExtended:
      return "extended";
    case BoltState::kMoving:
      return "moving";
    case BoltState::kStalled:
      return "stalled";
  }
  return "unknown";
}

}  // namespace lockrig::vision
