// Behaviour tests of the whole spec across the seven profiles: master modes,
// user codes, lockout, reset methods, handing variants, auto-lock, battery,
// jam, store fault and pairing. Each test name carries its requirement id.
#include <gtest/gtest.h>

#include "tests/firmware/fake_board.h"

namespace lockfw::testing {
namespace {

constexpr Millis kNever = 0xFFFFFFFFu;

// Runs `keys` and returns the beeps from its start until `settle` ms after.
int Beeps(Rig& rig, const std::string& keys, Millis settle = 1500) {
  const Millis t = rig.clock.now;
  rig.Enter(keys);
  rig.Advance(settle);
  return rig.BeepsBetween(t, rig.clock.now);
}

// Locks the bolt (Lock) and reports whether `code` then retracts it.
bool Unlocks(Rig& rig, const std::string& code) {
  rig.Enter("L");
  rig.Advance(1500);
  if (!rig.BoltExtended()) return false;
  rig.Enter(code);
  rig.Advance(1500);
  return rig.BoltRetracted();
}

// ---------------------------------------------------------------- MASTER

TEST(Master, LB_MASTER_1_Contemporary275PresetMaster0000) {
  Rig rig("contemporary275");
  rig.BootAndHand();
  EXPECT_EQ(Beeps(rig, "P0000L"), 1);
  EXPECT_EQ(Beeps(rig, "P2468L"), 1);
  EXPECT_TRUE(Unlocks(rig, "2468"));
}

TEST(Master, LB_MASTER_2_SessionBeginsWithMaster) {
  Rig rig("smartcode");
  rig.BootAndHand();
  EXPECT_EQ(Beeps(rig, "P1L97531L"), 1);  // set master (LB-MASTER-5)
  rig.Enter("P97531L");
  EXPECT_EQ(rig.LedAt(rig.clock.now), Color::kGreen);
  rig.Advance(1200);
  EXPECT_EQ(rig.LedAt(rig.clock.now), Color::kAmber);  // the session stays open
  EXPECT_EQ(Beeps(rig, "P2222L"), 1);
  EXPECT_TRUE(Unlocks(rig, "2222"));
}

TEST(Master, LB_MASTER_3_WrongMasterRejectsAndCounts) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P1L97531L");
  EXPECT_EQ(Beeps(rig, "P1111L"), 3);
  EXPECT_FALSE(Unlocks(rig, "1111"));
}

TEST(Master, LB_MASTER_4_HaloFirstCodeIsMaster) {
  Rig rig("halo");
  rig.BootAndHand();
  EXPECT_EQ(Beeps(rig, "P13579L"), 1);
  EXPECT_EQ(Beeps(rig, "P2468L"), 3);  // wrong master now
  EXPECT_EQ(Beeps(rig, "P13579LP2468L", 1500), 2);
  EXPECT_TRUE(Unlocks(rig, "2468"));
}

TEST(Master, LB_MASTER_4_GenericNoUserBeforeMaster) {
  Rig rig("generic");
  rig.BootAndHand();
  EXPECT_EQ(Beeps(rig, "P3L"), 3);  // auto-lock needs a master first
  EXPECT_EQ(Beeps(rig, "P7L"), 3);
}

TEST(Master, LB_MASTER_6_ChangeMaster) {
  Rig rig("powerbolt250");
  rig.BootAndHand();
  Beeps(rig, "P1L97531L");
  EXPECT_EQ(Beeps(rig, "P97531LP1L86420L", 2500), 2);
  EXPECT_EQ(Beeps(rig, "P86420L"), 1);
  rig.Advance(11000);  // let the session time out
  EXPECT_EQ(Beeps(rig, "P97531L"), 3);
}

TEST(Master, LB_MASTER_7_MasterPrefixOfUserRefused) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P2468L");
  EXPECT_EQ(Beeps(rig, "P1L1357L"), 3);  // same buttons as 2468
  EXPECT_EQ(Beeps(rig, "P9753L"), 1);    // still no master
}

TEST(Master, LB_MASTER_8_MasterAtIdleIsFailure) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P1L97531L");
  rig.Enter("L");
  rig.Advance(1500);
  EXPECT_EQ(Beeps(rig, "97531L"), 3);
  EXPECT_TRUE(rig.BoltExtended());
}

TEST(Master, LB_MASTER_10_Legacy2codeNoMaster) {
  Rig rig("legacy2code");
  rig.BootAndHand();
  EXPECT_EQ(Beeps(rig, "P1357L"), 1);
  EXPECT_EQ(Beeps(rig, "P9753L"), 1);  // replaces the primary
  EXPECT_FALSE(Unlocks(rig, "1357"));
}

// ---------------------------------------------------------------- USER

TEST(User, LB_USER_2_LengthRefused) {
  Rig rig("smartcode");
  rig.BootAndHand();
  EXPECT_EQ(Beeps(rig, "P123L"), 3);
  const Millis t = rig.clock.now;
  rig.Enter("P12345678");
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 0);
  rig.PressDigit('9');  // the 9th digit rejects at once
  rig.Advance(1000);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 3);
}

TEST(User, LB_USER_3_DuplicateAsButtonsRefused) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  EXPECT_EQ(Beeps(rig, "P2468L"), 3);
}

TEST(User, LB_USER_4_PrefixRefused) {
  Rig rig("contemporary275");
  rig.BootAndHand();
  EXPECT_EQ(Beeps(rig, "P0000LP00001L", 2500), 1 + 3);  // ACCEPT, then REJECT
}

TEST(User, LB_USER_5_CapacityFull) {
  Rig rig("powerbolt250");  // 16 codes
  rig.BootAndHand();
  for (int i = 0; i < 16; ++i) {
    const std::string code = "5" + std::to_string(100 + i);
    ASSERT_EQ(Beeps(rig, "P" + code + "L"), 1) << code;
  }
  EXPECT_EQ(Beeps(rig, "P9999L"), 3);
  EXPECT_TRUE(Unlocks(rig, "5100"));
  EXPECT_TRUE(Unlocks(rig, "5115"));
}

TEST(User, LB_USER_6_DeleteUserCode) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  Beeps(rig, "P9999L");
  const Millis t = rig.clock.now;
  rig.Enter("P7L");
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 0);  // no signal, session open
  EXPECT_EQ(Beeps(rig, "1357L"), 1);
  EXPECT_FALSE(Unlocks(rig, "1357"));
  EXPECT_TRUE(Unlocks(rig, "9999"));  // LB-USER-7
  EXPECT_EQ(Beeps(rig, "P7L1111L"), 3);
}

TEST(User, LB_USER_8_FourledFactoryCode1234) {
  Rig rig("fourled");
  rig.PowerOn();
  rig.Advance(3000);
  // LB-UNLOCK-4 / LB-HANDING-1: not handed yet.
  const Millis t = rig.clock.now;
  rig.Enter("1234");
  rig.Advance(1500);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 2);
  EXPECT_EQ(rig.BlinksBetween(t, rig.clock.now, Color::kAmber, 3), 2);
  EXPECT_FALSE(rig.MotorRanBetween(t, rig.clock.now));
}

TEST(User, LB_USER_9_Legacy2codeTwoSlots) {
  Rig rig("legacy2code");
  rig.BootAndHand();
  EXPECT_EQ(Beeps(rig, "P1357L"), 1);
  EXPECT_EQ(Beeps(rig, "PP5791L"), 1);
  EXPECT_EQ(Beeps(rig, "P3579L"), 1);
  EXPECT_FALSE(Unlocks(rig, "1357"));
  EXPECT_TRUE(Unlocks(rig, "5791"));
  EXPECT_TRUE(Unlocks(rig, "3579"));
  EXPECT_EQ(Beeps(rig, "PP3579L"), 3);  // equal to the other slot
}

TEST(User, LB_USER_10_Legacy2codeClearSecondary) {
  Rig rig("legacy2code");
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  EXPECT_EQ(Beeps(rig, "PPL"), 3);  // empty
  Beeps(rig, "PP5791L");
  EXPECT_EQ(Beeps(rig, "PPL"), 1);
  EXPECT_FALSE(Unlocks(rig, "5791"));
  EXPECT_TRUE(Unlocks(rig, "1357"));
}

TEST(User, LB_USER_11_Powerbolt250KeypadDeletion) {
  Rig rig("powerbolt250");
  rig.BootAndHand();
  Beeps(rig, "P1L97531L");
  Beeps(rig, "P97531LP2468L", 2500);
  rig.Enter("L");
  rig.Advance(1500);
  rig.Enter("97531L");
  rig.Advance(1200);
  EXPECT_EQ(rig.LedAt(rig.clock.now), Color::kAmber);
  EXPECT_EQ(Beeps(rig, "2468L"), 1);
  EXPECT_EQ(Beeps(rig, "2468L"), 3);
}

TEST(Lock, LB_LOCK_5_Legacy2codeNoCodeRejects) {
  Rig rig("legacy2code");
  rig.BootAndHand();
  const Millis t = rig.clock.now;
  EXPECT_EQ(Beeps(rig, "L"), 3);
  EXPECT_FALSE(rig.MotorRanBetween(t, rig.clock.now));
  for (int i = 0; i < 4; ++i) Beeps(rig, "9999L");  // not failures: no lockout
  EXPECT_EQ(Beeps(rig, "P1357L"), 1);
}

// ---------------------------------------------------------------- PROG

TEST(Prog, LB_PROG_6_ExtraProgramIgnored) {
  Rig rig("smartcode");
  rig.BootAndHand();
  EXPECT_EQ(Beeps(rig, "PP1357L"), 1);
  EXPECT_EQ(Beeps(rig, "P12P"), 3);
}

TEST(Prog, LB_PROG_7_UnofferedCommandRejected) {
  Rig pb("powerbolt250");
  pb.BootAndHand();
  EXPECT_EQ(Beeps(pb, "P3L"), 3);
  Rig fl("fourled");
  fl.PowerOn();
  fl.Advance(3000);
  const Millis t = fl.clock.now;
  EXPECT_EQ(Beeps(fl, "P9L"), 3);
  EXPECT_FALSE(fl.MotorRanBetween(t, fl.clock.now));
}

TEST(Prog, LB_PROG_8_ProgramIgnoredInLockout) {
  Rig rig("legacy2code");
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  for (int i = 0; i < 3; ++i) Beeps(rig, "9999L");
  const Millis t = rig.clock.now;
  rig.Enter("P");
  rig.Advance(500);
  EXPECT_TRUE(rig.Quiet(t, rig.clock.now));
}

// ---------------------------------------------------------------- LOCKOUT

TEST(Lockout, LB_LOCKOUT_1_And_4_NFailuresThenQuiet) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  rig.Enter("L");
  rig.Advance(1500);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Beeps(rig, "9999L"), 3);
  const Millis t = rig.clock.now;
  rig.Enter("1357");
  rig.Advance(3000);
  EXPECT_TRUE(rig.Quiet(t, rig.clock.now));
  EXPECT_TRUE(rig.BoltExtended());
}

TEST(Lockout, LB_LOCKOUT_5_EndsAfterLockoutTime) {
  Rig rig("legacy2code");  // 3 failures, 60 s
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  rig.Enter("L");
  rig.Advance(1500);
  Beeps(rig, "9999L", 0);
  Beeps(rig, "9999L", 0);
  rig.Enter("9999");
  const Millis t_f = rig.clock.now;
  rig.Enter("L");
  rig.AdvanceTo(t_f + 60000 - 100);
  rig.Enter("1357");  // first edge before the end: ignored
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltExtended());
  rig.AdvanceTo(t_f + 60100);
  rig.Enter("1357");
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltRetracted());
}

TEST(Lockout, LB_LOCKOUT_3_MatchClearsCount) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  for (int i = 0; i < 4; ++i) Beeps(rig, "9999L");
  rig.Enter("1357");
  rig.Advance(1500);
  for (int i = 0; i < 4; ++i) Beeps(rig, "9999L");
  EXPECT_TRUE(Unlocks(rig, "1357"));
}

TEST(Lockout, LB_LOCKOUT_6_PowerUpEndsLockout) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  rig.Enter("L");
  rig.Advance(1500);
  for (int i = 0; i < 5; ++i) Beeps(rig, "9999L");
  rig.PowerOff();
  rig.PowerOn();
  rig.Advance(1000);
  rig.Enter("1357");
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltRetracted());
}

TEST(Lockout, LB_LOCKOUT_8_FourledEscalatesTo24h) {
  Rig rig("fourled");
  rig.PowerOn();
  rig.Advance(2000);
  rig.Press(Contact::kProgram, 3200);  // hand it (LB-HANDING-6)
  rig.Advance(6000);
  rig.Enter("L");
  rig.Advance(1500);
  for (int i = 0; i < 3; ++i) Beeps(rig, "9999L");
  rig.Advance(1800 * 1000);
  for (int i = 0; i < 3; ++i) Beeps(rig, "9999L");
  rig.Advance(1800 * 1000 + 5000);
  rig.Enter("1234");
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltExtended());
  rig.Advance(86400u * 1000u);
  rig.Enter("1234");
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltRetracted());
}

// ---------------------------------------------------------------- RESET

// Stores a code, then power-cycles with Program held for `hold` ms.
void PowerUpHold(Rig& rig, Millis hold) {
  rig.PowerOff();
  rig.Close(Contact::kProgram);
  rig.PowerOn();
  rig.Advance(hold);
  rig.Open(Contact::kProgram);
}

TEST(Reset, LB_RESET_1_And_2_PowerUpHold30s) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  rig.PowerOff();
  rig.Close(Contact::kProgram);
  rig.PowerOn();
  const Millis on = rig.clock.now;
  rig.Advance(29900);
  EXPECT_NE(rig.LedAt(rig.clock.now), Color::kRed);
  rig.AdvanceTo(on + 30100);
  EXPECT_EQ(rig.LedAt(rig.clock.now), Color::kRed);  // RESET_ARMED
  EXPECT_EQ(rig.BeepsBetween(on + 1000, rig.clock.now), 0);
  const Millis release = rig.clock.now;
  rig.Open(Contact::kProgram);
  rig.Advance(2000);
  const Millis beep = rig.FirstBeepAfter(release);
  EXPECT_LE(beep - release, 300u);
  // Long beep of 1500 ms with red x3 during it.
  EXPECT_EQ(rig.BlinksBetween(release, release + 2000, Color::kRed), 3);
  rig.Advance(6000);  // LB-RESET-6: handing cycle follows
  EXPECT_TRUE(rig.controller().persistent_state().handing_learned);
  EXPECT_FALSE(Unlocks(rig, "1357"));  // LB-RESET-5
}

TEST(Reset, LB_RESET_3_EarlyReleaseAbandons) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  const Millis t = rig.clock.now;
  PowerUpHold(rig, 29900);
  rig.Advance(5000);
  // No long beep: every buzzer on-phase since is a short one.
  Millis on_at = kNever;
  for (const auto& e : rig.buzzer.log) {
    if (e.at < t) continue;
    if (e.on) on_at = e.at;
    if (!e.on && on_at != kNever) {
      EXPECT_LT(e.at - on_at, 1000u);
    }
  }
  EXPECT_TRUE(Unlocks(rig, "1357"));
}

TEST(Reset, LB_RESET_4_ProgramAfterPowerOnNeverResets) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  rig.Advance(2000);
  rig.Press(Contact::kProgram, 40000);
  rig.Advance(2000);
  EXPECT_TRUE(Unlocks(rig, "1357"));
}

TEST(Reset, LB_RESET_7_LowBatteryRefusesReset) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  rig.battery.millivolts = 4500;
  PowerUpHold(rig, 31000);
  rig.Advance(3000);
  rig.battery.millivolts = 6000;
  EXPECT_TRUE(Unlocks(rig, "1357"));
}

TEST(Reset, LB_RESET_8_FourledTwoButtonReset) {
  Rig rig("fourled");
  rig.PowerOn();
  rig.Advance(2000);
  rig.Press(Contact::kProgram, 3200);
  rig.Advance(6000);
  Beeps(rig, "P5678L");
  rig.PowerOff();
  rig.Close(Contact::kProgram);
  rig.Close(Contact::kLock);
  rig.PowerOn();
  const Millis on = rig.clock.now;
  rig.Advance(10100);
  // RANDOM: the LEDs change irregularly, not in step.
  const size_t before = rig.leds.log.size();
  rig.Advance(1000);
  EXPECT_GT(rig.leds.log.size() - before, 8u);
  rig.Open(Contact::kProgram);
  rig.Advance(500);
  const Millis release = rig.clock.now;
  rig.Open(Contact::kLock);
  rig.Advance(4900);
  EXPECT_EQ(rig.BeepsBetween(on + 1000, rig.clock.now), 0);
  rig.Advance(300);
  EXPECT_EQ(rig.LedAt(rig.clock.now, 0), Color::kGreen);
  EXPECT_EQ(rig.LedAt(rig.clock.now, 1), Color::kGreen);
  EXPECT_EQ(rig.LedAt(rig.clock.now, 2), Color::kAmber);
  EXPECT_EQ(rig.LedAt(rig.clock.now, 3), Color::kAmber);
  EXPECT_NEAR(static_cast<double>(rig.FirstBeepAfter(release) - release), 5000.0, 50.0);
  rig.Advance(2500);
  for (uint8_t i = 0; i < 4; ++i) EXPECT_EQ(rig.LedAt(rig.clock.now, i), Color::kOff);
  EXPECT_FALSE(rig.controller().persistent_state().handing_learned);  // LB-RESET-6
  EXPECT_FALSE(rig.controller().persistent_state().users[1].length != 0);
}

TEST(Reset, LB_RESET_9_CutDuringRandomKeepsCodes) {
  Rig rig("fourled");
  rig.PowerOn();
  rig.Advance(2000);
  rig.Press(Contact::kProgram, 3200);
  rig.Advance(6000);
  Beeps(rig, "P5678L");
  rig.PowerOff();
  rig.Close(Contact::kProgram);
  rig.Close(Contact::kLock);
  rig.PowerOn();
  rig.Advance(10100);
  rig.Open(Contact::kProgram);
  rig.Open(Contact::kLock);
  rig.Advance(4000);
  rig.PowerOff();
  rig.PowerOn();
  rig.Advance(2000);
  EXPECT_TRUE(rig.controller().persistent_state().handing_learned);
  EXPECT_TRUE(Unlocks(rig, "5678"));
}

TEST(Reset, LB_RESET_10_GenericProgramHold10s) {
  Rig rig("generic");
  rig.BootAndHand();
  Beeps(rig, "P13579L");
  const Millis t = rig.clock.now;
  rig.Press(Contact::kProgram, 9900, 0);
  rig.Advance(40);  // the release registers; the session stays open
  EXPECT_EQ(rig.LedAt(rig.clock.now), Color::kAmber);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 0);
  rig.Advance(11000);
  const Millis press = rig.clock.now;
  rig.Close(Contact::kProgram);
  rig.Advance(10500);
  EXPECT_EQ(rig.LedAt(rig.clock.now), Color::kRed);
  const Millis release = rig.clock.now;
  rig.Open(Contact::kProgram);
  rig.Advance(1000);
  EXPECT_LE(rig.FirstBeepAfter(release) - release, 300u);
  EXPECT_GT(press, t);
  rig.Advance(6000);
  EXPECT_EQ(Beeps(rig, "P2468L"), 1);  // master erased: first code is master again
}

TEST(Reset, LB_RESET_11_GenericKeypadReset) {
  Rig rig("generic");
  rig.BootAndHand();
  Beeps(rig, "P13579L");
  Beeps(rig, "P13579LP2468L", 2500);
  rig.Enter("P13579LP0L");
  rig.Advance(300);
  EXPECT_EQ(
      rig.LedAt(rig.clock.now) == Color::kAmber || rig.LedAt(rig.clock.now + 250) == Color::kAmber,
      true);
  const Millis t = rig.clock.now;
  rig.Enter("13579L");
  rig.Advance(2000);
  EXPECT_EQ(rig.BlinksBetween(t, rig.clock.now, Color::kRed), 3);
  rig.Advance(6000);
  EXPECT_FALSE(Unlocks(rig, "2468"));
}

// ---------------------------------------------------------------- HANDING

TEST(Handing, LB_HANDING_1_NotLearnedGivesHandingRequired) {
  Rig rig("fourled");
  rig.PowerOn();
  rig.Advance(3000);
  const Millis t = rig.clock.now;
  rig.Enter("L");
  rig.Advance(1500);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 2);
  EXPECT_FALSE(rig.MotorRanBetween(t, rig.clock.now));
}

TEST(Handing, LB_HANDING_5_ManualP9L) {
  Rig rig("smartcode");
  rig.BootAndHand();
  const Millis t = rig.clock.now;
  rig.Enter("P9");
  const Millis edge = rig.clock.now;
  rig.Enter("L");
  rig.Advance(6000);
  EXPECT_LE(rig.FirstMotorAfter(edge) - edge, 500u);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 2);
  EXPECT_TRUE(rig.controller().persistent_state().handing_learned);
}

TEST(Handing, LB_HANDING_6_FourledProgramHold3s) {
  Rig rig("fourled");
  rig.PowerOn();
  rig.Advance(3000);
  rig.Press(Contact::kProgram, 2900);
  rig.Advance(2000);
  EXPECT_FALSE(rig.controller().persistent_state().handing_learned);
  rig.Advance(10000);
  const Millis t = rig.clock.now;
  rig.Press(Contact::kProgram, 3200);
  rig.Advance(6000);
  EXPECT_LE(rig.FirstMotorAfter(t) - (t + 3000), 500u);
  EXPECT_TRUE(rig.controller().persistent_state().handing_learned);
}

TEST(Handing, LB_HANDING_7_JamDuringCycleUnlearns) {
  Rig rig("smartcode");
  rig.BootAndHand();
  rig.bolt.jam = true;
  const Millis t = rig.clock.now;
  rig.Enter("P9L");
  rig.Advance(8000);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 4);
  EXPECT_FALSE(rig.controller().persistent_state().handing_learned);
}

TEST(Handing, LB_HANDING_8_CutDuringCycleRerunsCycle) {
  Rig rig("smartcode");
  rig.BootAndHand();
  rig.Enter("P9L");
  rig.Advance(300);
  rig.PowerOff();
  rig.PowerOn();
  EXPECT_FALSE(rig.controller().persistent_state().handing_learned);
  rig.Advance(8000);
  EXPECT_TRUE(rig.controller().persistent_state().handing_learned);
}

// ---------------------------------------------------------------- AUTOLOCK

TEST(AutoLock, LB_AUTOLOCK_1_And_2_ExtendsAfterDelay) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  EXPECT_EQ(Beeps(rig, "P3L"), 1);
  rig.PowerOff();
  rig.PowerOn();
  rig.Advance(2000);
  ASSERT_TRUE(Unlocks(rig, "1357"));
  Millis retracted = kNever;
  for (const auto& e : rig.bolt.log) {
    if (e.drive == hal::MotorDrive::kOff) retracted = e.at;
  }
  rig.Advance(30000);
  const Millis moved = rig.FirstMotorAfter(retracted + 1);
  EXPECT_NEAR(static_cast<double>(moved - retracted), 30000.0, 50.0);
  rig.Advance(2000);
  EXPECT_TRUE(rig.BoltExtended());
  EXPECT_EQ(rig.BeepsBetween(moved - 100, moved + 3000), 0);  // LB-AUTOLOCK-5
}

TEST(AutoLock, LB_AUTOLOCK_3_LockCancels) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  Beeps(rig, "P3L");
  ASSERT_TRUE(Unlocks(rig, "1357"));
  rig.Advance(10000);
  rig.Enter("L");
  rig.Advance(1500);
  rig.Enter("1357");
  rig.Advance(1500);
  const Millis t = rig.clock.now;
  rig.Advance(25000);
  EXPECT_FALSE(rig.MotorRanBetween(t, rig.clock.now));
}

TEST(AutoLock, LB_AUTOLOCK_4_WaitsForSession) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  Beeps(rig, "P3L");
  ASSERT_TRUE(Unlocks(rig, "1357"));
  rig.Advance(25000 - 1500);
  const Millis press = rig.clock.now;
  rig.Enter("P");
  rig.Advance(12000);
  const Millis moved = rig.FirstMotorAfter(press);
  EXPECT_GE(moved - press, 10000u);
  EXPECT_LE(moved - press, 10500u);
}

TEST(AutoLock, LB_AUTOLOCK_6_DisabledStaysRetracted) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  ASSERT_TRUE(Unlocks(rig, "1357"));
  const Millis t = rig.clock.now;
  rig.Advance(60000);
  EXPECT_FALSE(rig.MotorRanBetween(t, rig.clock.now));
}

// ---------------------------------------------------------------- BATTERY

TEST(Battery, LB_BATTERY_3_CriticalRefusesMotor) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  rig.Enter("L");
  rig.Advance(1500);
  rig.battery.millivolts = 4300;
  const Millis t = rig.clock.now;
  rig.Enter("1357");
  rig.Advance(3000);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 5);
  EXPECT_EQ(rig.BlinksBetween(t, rig.clock.now, Color::kRed), 5);
  EXPECT_TRUE(rig.BoltExtended());
}

TEST(Battery, LB_BATTERY_4_CriticalRefusesStoreWrite) {
  Rig rig("smartcode");
  rig.BootAndHand();
  rig.battery.millivolts = 4300;
  EXPECT_EQ(Beeps(rig, "P1357L", 3000), 5);
  rig.battery.millivolts = 6000;
  EXPECT_FALSE(Unlocks(rig, "1357"));
}

TEST(Battery, LB_BATTERY_7_FreshPackNoWarning) {
  Rig rig("smartcode");
  rig.BootAndHand();
  rig.PowerOff();
  rig.battery.millivolts = 6400;
  const Millis t = rig.clock.now;
  rig.PowerOn();
  rig.Advance(5000);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 1);
}

// ---------------------------------------------------------------- JAM

TEST(Jam, LB_JAM_2_StallRestReturnThenJam) {
  Rig rig("smartcode");
  rig.BootAndHand();
  rig.bolt.jam = true;
  const Millis t = rig.clock.now;
  rig.Enter("L");
  rig.Advance(4000);
  EXPECT_TRUE(rig.BoltRetracted());
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 5);  // ACCEPT + JAM x4
  EXPECT_EQ(rig.BlinksBetween(t, rig.clock.now, Color::kAmber), 4);
  rig.bolt.jam = false;  // LB-JAM-3: next command is a fresh attempt
  rig.Enter("L");
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltExtended());
}

TEST(Jam, LB_JAM_4_DisengagedClutchJamWithin4s) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  rig.Enter("L");
  rig.Advance(1500);
  rig.bolt.clutch_disengaged = true;
  rig.Enter("135");
  const Millis edge = rig.clock.now;
  rig.PressDigit('7');
  rig.Advance(5000);
  EXPECT_TRUE(rig.BoltExtended());
  Millis jam = kNever;
  for (const auto& e : rig.leds.log) {
    if (e.at > edge && e.color == Color::kAmber) {
      jam = e.at;
      break;
    }
  }
  EXPECT_LE(jam - edge, 4000u);
}

TEST(Jam, LB_JAM_5_FrictionWithinTimeoutIsNoJam) {
  Rig rig("smartcode");
  rig.BootAndHand();
  rig.bolt.slowdown = 2;  // 1.6 s travel
  const Millis t = rig.clock.now;
  rig.Enter("L");
  rig.Advance(3000);
  EXPECT_TRUE(rig.BoltExtended());
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 1);
}

// ---------------------------------------------------------------- STORE

TEST(Store, LB_STORE_2_AcknowledgedChangeSurvivesCutAtBeep) {
  Rig rig("smartcode");
  rig.BootAndHand();
  rig.Enter("P1357");
  rig.Press(Contact::kLock, 150, 0);
  // The ACCEPT beep has started by now; cut power at once.
  ASSERT_NE(rig.FirstBeepAfter(rig.clock.now - 150), kNever);
  rig.PowerOff();
  rig.PowerOn();
  rig.Advance(2000);
  EXPECT_TRUE(Unlocks(rig, "1357"));
}

TEST(Store, LB_STORE_3_CutDuringWriteLeavesOldOrNew) {
  for (long cut : {0L, 1L, 10L, 100L, 200L, 290L}) {
    Rig rig("smartcode");
    rig.BootAndHand();
    Beeps(rig, "P2222L");
    rig.nvm.cut_after_bytes = cut;
    rig.Enter("P1357L");
    ASSERT_TRUE(rig.nvm.cut_happened);
    rig.PowerOff();
    rig.PowerOn();
    rig.Advance(2000);
    EXPECT_TRUE(Unlocks(rig, "2222")) << cut;
    EXPECT_EQ(rig.controller().persistent_state().users[1].length, 0) << cut;
  }
}

TEST(Store, LB_STORE_5_CorruptStoreGivesStoreFaultThenHanding) {
  Rig rig("smartcode");
  rig.BootAndHand();
  Beeps(rig, "P1357L");
  for (auto& b : rig.nvm.bytes) b = static_cast<uint8_t>(b ^ 0xA5);
  rig.PowerOff();
  const Millis t = rig.clock.now;
  rig.PowerOn();
  rig.Advance(3500);
  EXPECT_EQ(rig.BlinksBetween(t, t + 3500, Color::kAmber), 6);  // BOOT's amber + x5
  rig.Advance(6000);
  EXPECT_TRUE(rig.controller().persistent_state().handing_learned);
  EXPECT_FALSE(Unlocks(rig, "1357"));
}

TEST(Store, LB_STORE_6_BlankStoreNoStoreFault) {
  Rig rig("smartcode");
  rig.PowerOn();
  rig.Advance(1500);
  EXPECT_EQ(rig.BlinksBetween(0, 1500, Color::kAmber), 1);  // BOOT only
}

// ---------------------------------------------------------------- PAIR

TEST(Pair, LB_PAIR_1_HaloUnpairedBlinksBlue) {
  Rig rig("halo");
  rig.BootAndHand();
  const Millis t = rig.clock.now;
  rig.Advance(11000);
  EXPECT_GE(rig.BlinksBetween(t, rig.clock.now, Color::kBlue), 2);
  rig.controller().OnPairingCompleted();
  const Millis p = rig.clock.now;
  rig.Advance(11000);
  EXPECT_EQ(rig.BlinksBetween(p, rig.clock.now, Color::kBlue), 0);
}

TEST(Pair, LB_PAIR_4_NoBlueOnOtherProfiles) {
  Rig rig("smartcode");
  rig.BootAndHand();
  rig.Advance(11000);
  EXPECT_EQ(rig.BlinksBetween(0, rig.clock.now, Color::kBlue), 0);
}

// ---------------------------------------------------------------- SIGNALS

TEST(Signals, LB_SIG_4_FourledColoursOnAllLeds) {
  Rig rig("fourled");
  rig.PowerOn();
  rig.Advance(3000);
  const Millis t = rig.clock.now;
  rig.Enter("P5678L");
  rig.Advance(300);
  for (uint8_t i = 0; i < 4; ++i) EXPECT_EQ(rig.LedAt(rig.clock.now, i), Color::kGreen);
  EXPECT_GT(rig.clock.now, t);
}

TEST(Profiles, EveryProfileBootsHandsAndProgramsAsData) {
  uint8_t n = 0;
  const Profile* all = AllProfiles(&n);
  ASSERT_EQ(n, 7);
  for (uint8_t i = 0; i < n; ++i) {
    Rig rig(all[i]);
    rig.BootAndHand();
    EXPECT_EQ(rig.controller().persistent_state().handing_learned,
              all[i].handing == HandingMode::kAutomaticAndCommand)
        << all[i].name;
  }
  EXPECT_EQ(FindProfile("nope"), nullptr);
}

}  // namespace
}  // namespace lockfw::testing
