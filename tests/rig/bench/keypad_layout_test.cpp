#include "rig/bench/keypad_layout.h"

#include <gtest/gtest.h>

namespace lockrig {
namespace {

TEST(KeypadLayout, PairedKeypadPressesTheButtonCarryingTheDigit) {
  KeypadLayout paired(KeypadKind::kPaired5);
  EXPECT_EQ(paired.RelayFor("3"), "key_3_4");
  EXPECT_EQ(paired.RelayFor("4"), "key_3_4");
  EXPECT_EQ(paired.RelayFor("0"), "key_9_0");
  EXPECT_EQ(paired.RelayFor("9"), "key_9_0");
  EXPECT_EQ(paired.RelayFor("lock"), "key_lock");
  EXPECT_EQ(paired.RelayFor("program"), "program");
}

TEST(KeypadLayout, TenKeyKeypadHasARelayPerDigit) {
  KeypadLayout ten(KeypadKind::kTen);
  EXPECT_EQ(ten.RelayFor("0"), "key_0");
  EXPECT_EQ(ten.RelayFor("7"), "key_7");
}

TEST(KeypadLayout, UnknownKeysHaveNoRelay) {
  KeypadLayout ten(KeypadKind::kTen);
  EXPECT_FALSE(ten.RelayFor("10"));
  EXPECT_FALSE(ten.RelayFor("unlock"));
  EXPECT_FALSE(ten.RelayFor(""));
}

}  // namespace
}  // namespace lockrig
