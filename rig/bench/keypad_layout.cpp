#include "rig/bench/keypad_layout.h"

namespace lockrig {

std::optional<std::string> KeypadLayout::RelayFor(std::string_view key) const {
  if (key == "lock") return std::string("key_lock");
  if (key == "program") return std::string("program");
  if (key.size() != 1 || key[0] < '0' || key[0] > '9') return std::nullopt;
  const int digit = key[0] - '0';
  if (kind_ == KeypadKind::kTen) return "key_" + std::string(key);
  // Buttons carry 1|2, 3|4, 5|6, 7|8, 9|0.
  static constexpr const char* kPairs[] = {"key_9_0", "key_1_2", "key_1_2", "key_3_4", "key_3_4",
                                           "key_5_6", "key_5_6", "key_7_8", "key_7_8", "key_9_0"};
  return std::string(kPairs[digit]);
}

}  // namespace lockrig
