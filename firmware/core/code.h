// A keypad code as the lock compares it: a short sequence of *buttons*
// (contact indices), not digits. On the paired five-button keypad `1357`
// and `2468` are the same code because the firmware cannot tell the two
// digits of a button apart (LB-KEYPAD-1); on the ten-key pad a button is a
// digit. Used for the entry buffer, stored user codes and the master.
#pragma once

#include <stdint.h>

#include "firmware/core/profile.h"

namespace lockfw {

struct Code {
  uint8_t length = 0;
  uint8_t buttons[kMaxCodeDigits] = {};

  bool empty() const { return length == 0; }
  void Clear() { length = 0; }
  // False when full: the caller treats the extra digit as over-length.
  bool Append(uint8_t button) {
    if (length >= kMaxCodeDigits) return false;
    buttons[length++] = button;
    return true;
  }
  bool operator==(const Code& other) const {
    if (length != other.length) return false;
    for (uint8_t i = 0; i < length; ++i) {
      if (buttons[i] != other.buttons[i]) return false;
    }
    return true;
  }
  // True if one is a prefix of the other (equal codes included): two such
  // codes could not both be entered distinctly, since entry matches on the
  // last digit without a terminator (LB-USER-4).
  bool PrefixRelated(const Code& other) const {
    const uint8_t n = length < other.length ? length : other.length;
    for (uint8_t i = 0; i < n; ++i) {
      if (buttons[i] != other.buttons[i]) return false;
    }
    return true;
  }
};

// The button (contact index) that carries `digit` on this keypad.
inline constexpr uint8_t ButtonForDigit(KeypadKind keypad, uint8_t digit) {
  if (keypad == KeypadKind::kTen) return digit;
  return digit == 0 ? uint8_t{4} : static_cast<uint8_t>((digit - 1U) / 2U);
}

// A one-button command entry as the digit the spec names it by: on paired5
// the command digits 1, 3, 5, 7, 9 are the five buttons (so `P 2 L` is `P 1 L`).
inline constexpr uint8_t CommandDigit(KeypadKind keypad, uint8_t button) {
  if (keypad == KeypadKind::kTen) return button;
  return static_cast<uint8_t>(button * 2U + 1U);
}

// Number of digit buttons on this keypad.
inline constexpr uint8_t ButtonCount(KeypadKind keypad) {
  return keypad == KeypadKind::kTen ? uint8_t{10} : uint8_t{5};
}

// A code from a digit string of the profile table ("0000"); empty for nullptr.
inline Code CodeFromDigits(KeypadKind keypad, const char* digits) {
  Code code;
  if (digits == nullptr) return code;
  for (const char* c = digits; *c != '\0'; ++c) {
    if (*c < '0' || *c > '9') continue;
    code.Append(ButtonForDigit(keypad, static_cast<uint8_t>(*c - '0')));
  }
  return code;
}

}  // namespace lockfw
