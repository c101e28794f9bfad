// The feedback signals of spec section 3 as data: each signal is a shape
// (length, a train of beeps, a train of LED blinks with their colours) so
// that one renderer plays them all, and a profile changes a shape only
// through its parameters (halo's blue BOOT step, fourled's RESET_OK).
#pragma once

#include <stdint.h>

#include "firmware/core/profile.h"
#include "firmware/hal/lock_board.h"

namespace lockfw {

enum class Signal : uint8_t {
  kBoot,
  kAccept,
  kReject,
  kLowBattery,
  kCriticalBattery,
  kHandingOk,
  kHandingRequired,
  kJam,
  kStoreFault,
  kResetOk,
};

struct SignalShape {
  uint16_t length_ms;
  // Beep i sounds from i * beep_period_ms for beep_ms.
  uint8_t beeps;
  uint16_t beep_ms;
  uint16_t beep_period_ms;
  // Blink i shows colors[i % color_count] from i * blink_period_ms for
  // blink_on_ms (on every LED), unless per_led: then LED n shows colors[n]
  // during the blink (fourled RESET_OK).
  uint8_t blinks;
  uint16_t blink_on_ms;
  uint16_t blink_period_ms;
  hal::Color colors[4];
  uint8_t color_count;
  bool per_led;
};

SignalShape ShapeOf(Signal signal, const Profile& profile);

}  // namespace lockfw
