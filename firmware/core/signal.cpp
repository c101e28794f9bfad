#include "firmware/core/signal.h"

namespace lockfw {
namespace {

using hal::Color;

// Section 3: blink = 250 ms on, 250 ms off; short beep 100 ms; long beep 1500 ms.
constexpr uint16_t kShortBeep = 100;
constexpr uint16_t kLongBeep = 1500;
constexpr uint16_t kBlinkOn = 250;
constexpr uint16_t kBlinkPeriod = 500;

// A signal of N blinks in one colour with one short beep on each blink's on-edge.
constexpr SignalShape Blinks(uint8_t n, Color color) {
  return SignalShape{static_cast<uint16_t>(n * kBlinkPeriod),
                     n,
                     kShortBeep,
                     kBlinkPeriod,
                     n,
                     kBlinkOn,
                     kBlinkPeriod,
                     {color, color, color, color},
                     1,
                     false};
}

}  // namespace

SignalShape ShapeOf(Signal signal, const Profile& profile) {
  switch (signal) {
    case Signal::kBoot: {
      // Red, green, amber (halo: then blue), 200 ms each, one beep at start.
      const uint8_t steps = profile.has_blue ? 4 : 3;
      return SignalShape{static_cast<uint16_t>(steps * 200U),
                         1,
                         kShortBeep,
                         0,
                         steps,
                         200,
                         200,
                         {Color::kRed, Color::kGreen, Color::kAmber, Color::kBlue},
                         4,
                         false};
    }
    case Signal::kAccept:
      return SignalShape{1000, 1, kShortBeep, 0, 1, 1000, 1000, {Color::kGreen}, 1, false};
    case Signal::kReject:
      return SignalShape{1000, 3, kShortBeep, 200, 1, 1000, 1000, {Color::kRed}, 1, false};
    case Signal::kLowBattery:
      return Blinks(3, Color::kRed);
    case Signal::kCriticalBattery:
      return Blinks(5, Color::kRed);
    case Signal::kHandingOk:
      return Blinks(2, Color::kGreen);
    case Signal::kHandingRequired:
      return Blinks(2, Color::kAmber);
    case Signal::kJam:
      return Blinks(4, Color::kAmber);
    case Signal::kStoreFault:
      return Blinks(5, Color::kAmber);
    case Signal::kResetOk:
      if (profile.led_count == 4) {
        // fourled: [green, green, amber, amber] steady 2.0 s, long beep with it.
        return SignalShape{
            2000, 1,    kLongBeep, 0,
            1,    2000, 2000,      {Color::kGreen, Color::kGreen, Color::kAmber, Color::kAmber},
            4,    true};
      }
      // One long beep with three red blinks during it.
      return SignalShape{1500, 1, kLongBeep, 0, 3, kBlinkOn, kBlinkPeriod, {Color::kRed}, 1, false};
  }
  return SignalShape{0, 0, 0, 0, 0, 0, 0, {Color::kOff}, 1, false};
}

}  // namespace lockfw
