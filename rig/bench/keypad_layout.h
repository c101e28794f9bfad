// Which relay carries which key. A scenario names keys ("3", "lock",
// "program"); the layout turns them into relay names, so a digit on a
// five-button paired keypad presses the button that carries it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lockrig {

enum class KeypadKind { kPaired5, kTen };

class KeypadLayout {
 public:
  explicit KeypadLayout(KeypadKind kind) : kind_(kind) {}

  KeypadKind kind() const { return kind_; }

  // "0".."9", "lock" or "program" to its relay name; nullopt for anything
  // else. paired5: "3" and "4" -> "key_3_4"; ten: "3" -> "key_3".
  std::optional<std::string> RelayFor(std::string_view key) const;

 private:
  KeypadKind kind_;
};

// The relay that cuts the battery (normally closed).
inline constexpr std::string_view kBatteryRelay = "battery";

}  // namespace lockrig
