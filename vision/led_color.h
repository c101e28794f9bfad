// The colours a status LED can show, as the camera classifies them.
#pragma once

#include <optional>
#include <string_view>

namespace lockrig::vision {

enum class LedColor { kOff, kRed, kGreen, kAmber, kBlue, kWhite };

std::string_view ToString(LedColor color);
std::optional<LedColor> ParseLedColor(std::string_view text);

}  // namespace lockrig::vision
