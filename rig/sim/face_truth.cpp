#include "rig/sim/face_truth.h"

namespace lockrig::sim {

vision::LedColor SeenAs(lockfw::hal::Color color) {
  switch (color) {
    case lockfw::hal::Color::kOff:
      return vision::LedColor::kOff;
    case lockfw::hal::Color::kRed:
      return vision::LedColor::kRed;
    case lockfw::hal::Color::kGreen:
      return vision::LedColor::kGreen;
    case lockfw::hal::Color::kAmber:
      return vision::LedColor::kAmber;
    case lockfw::hal::Color::kBlue:
      return vision::LedColor::kBlue;
    case lockfw::hal::Color::kWhite:
      return vision::LedColor::kWhite;
  }
  return vision::LedColor::kOff;
}

void FillTruth(const VirtualBoard& board, VirtualMicros at, FaceTruth& truth) {
  const auto& colors = board.led_colors();
  truth.leds.resize(colors.size());
  for (std::size_t i = 0; i < colors.size(); ++i) truth.leds[i] = SeenAs(colors[i]);
  truth.bolt_position = board.BoltPositionAt(at);
  truth.bolt_velocity = board.BoltVelocityAt(at);
}

FaceTruth TruthAt(const VirtualBoard& board, VirtualMicros at) {
  FaceTruth truth;
  FillTruth(board, at, truth);
  return truth;
}

}  // namespace lockrig::sim
