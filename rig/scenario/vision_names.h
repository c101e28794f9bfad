// The words a scenario uses for what the camera sees: LED colours ("red")
// and bolt states ("retracted"), turned into vision's enums with vision's
// own names (vision::ParseLedColor, vision::ToString), so that the format
// and the results that print these states use one vocabulary.
#pragma once

#include <optional>
#include <string_view>

#include "vision/bolt_motion.h"
#include "vision/led_color.h"

namespace lockrig::scenario {

// "off", "red", "green", "amber", "blue", "white".
std::optional<vision::LedColor> ParseLedColorName(std::string_view text);
// "extended", "retracted", "moving", "stalled".
std::optional<vision::BoltState> ParseBoltStateName(std::string_view text);

inline constexpr std::string_view kLedColorNames = "off, red, green, amber, blue, white";
inline constexpr std::string_view kBoltStateNames = "extended, retracted, moving, stalled";

}  // namespace lockrig::scenario
