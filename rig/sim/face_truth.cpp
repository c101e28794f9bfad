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

FaceTruth TruthAt(const VirtualBoard& board, VirtualMicros at) {
  FaceTruth truth;
  truth.leds.reserve(board.led_colors().size());
  for (lockfw::hal::Color color : board.led_colors()) truth.leds.push_back(SeenAs(color));
  truth.bolt_position = board.BoltPositionAt(at);
  return truth;
}

}  // namespace lockrig::sim
