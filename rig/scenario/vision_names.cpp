#include "rig/scenario/vision_names.h"

namespace lockrig::scenario {

std::optional<vision::LedColor> ParseLedColorName(std::string_view text) {
  return vision::ParseLedColor(text);
}

std::optional<vision::BoltState> ParseBoltStateName(std::string_view text) {
  using vision::BoltState;
  for (BoltState state :
       {BoltState::kExtended, BoltState::kRetracted, BoltState::kMoving, BoltState::kStalled}) {
    if (vision::ToString(state) == text) return state;
  }
  return std::nullopt;
}

}  // namespace lockrig::scenario
