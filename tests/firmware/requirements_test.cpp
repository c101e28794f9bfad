// Requirement tests across the profiles each requirement names: what a test
// engineer observes (LEDs, buzzer, motor and bolt) on the fake board, for
// the requirements the area tests in controller_test.cpp and
// profiles_test.cpp do not cover, or cover for one profile only. Each test
// name carries its requirement id; parameterised tests run once per profile.
//
// Portable: also built for the Cortex-M target and run under QEMU.
#include <gtest/gtest.h>

#include "tests/firmware/lock_steps.h"

namespace lockfw::testing {
namespace {

std::vector<const char*> ProfilesWhere(bool (*pred)(const Profile&)) {
  std::vector<const char*> out;
  for (const char* name : kAllProfiles) {
    if (pred(*FindProfile(name))) out.push_back(name);
  }
  return out;
}
bool WithAutoLock(const Profile& p) {
  return p.autolock;
}
bool WithMaster(const Profile& p) {
  return p.master_mode != MasterMode::kNone;
}
bool PowerOnProgramReset(const Profile& p) {
  return p.reset_method == ResetMethod::kProgramHeldAtPowerOn;
}

std::string ProfileName(const ::testing::TestParamInfo<const char*>& info) {
  return info.param;
}

class AllProfiles : public ::testing::TestWithParam<const char*> {
 protected:
  Rig rig{GetParam()};
  const Profile& p = rig.profile();
};
INSTANTIATE_TEST_SUITE_P(Profiles, AllProfiles, ::testing::ValuesIn(kAllProfiles), ProfileName);

class AutoLockProfiles : public AllProfiles {};
INSTANTIATE_TEST_SUITE_P(Profiles, AutoLockProfiles,
                         ::testing::ValuesIn(ProfilesWhere(&WithAutoLock)), ProfileName);

class MasterProfiles : public AllProfiles {};
INSTANTIATE_TEST_SUITE_P(Profiles, MasterProfiles, ::testing::ValuesIn(ProfilesWhere(&WithMaster)),
                         ProfileName);

class PowerOnResetProfiles : public AllProfiles {};
INSTANTIATE_TEST_SUITE_P(Profiles, PowerOnResetProfiles,
                         ::testing::ValuesIn(ProfilesWhere(&PowerOnProgramReset)), ProfileName);

class OptionalMasterProfiles : public AllProfiles {};
INSTANTIATE_TEST_SUITE_P(Profiles, OptionalMasterProfiles,
                         ::testing::Values("smartcode", "powerbolt250", "fourled"), ProfileName);

// Enables auto-lock, locks, unlocks with kUser; returns the instant the
// motor stopped at retracted.
Millis UnlockWithAutoLock(Rig& rig) {
  EXPECT_EQ(Beeps(rig, Session(rig) + "3L"), HasMaster(rig) ? 2 : 1);
  rig.Enter("L");
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltExtended());
  const Millis t = rig.clock.now;
  rig.Enter(kUser);
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltRetracted());
  return LastMotorOff(rig, t);
}

// N - 1 failures: one short of a lockout.
void FailuresShortOfLockout(Rig& rig) {
  for (int i = 0; i + 1 < rig.profile().lockout_failures; ++i) {
    EXPECT_EQ(Beeps(rig, kWrong + "L"), 3);
  }
}

// ---------------------------------------------------------------- POWER

TEST_P(AllProfiles, LB_POWER_5_PowerUpClearsPartialEntrySessionFailuresAndAutoLock) {
  Ready(rig);
  rig.Enter("L");
  rig.Advance(1500);
  // A partial entry before the cut does not combine with digits after it.
  rig.Enter(kUser.substr(0, 2));
  PowerCycle(rig);
  const Millis t = rig.clock.now;
  rig.Enter(kUser.substr(2));
  rig.Advance(6000);
  EXPECT_TRUE(rig.BoltExtended());
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 0);
  // A session open at the cut is gone: no SESSION after the boot.
  rig.Enter("P");
  PowerCycle(rig);
  EXPECT_EQ(rig.LedAt(rig.clock.now), Color::kOff);
  // The failure count restarts: N - 1 failures, a cut, one failure: no lockout.
  FailuresShortOfLockout(rig);
  PowerCycle(rig);
  EXPECT_EQ(Beeps(rig, kWrong + "L"), 3);
  EXPECT_FALSE(InLockout(rig));
  EXPECT_TRUE(Unlocks(rig, kUser));
}

TEST(Power, LB_POWER_5_PowerUpCancelsPendingAutoLock) {
  Rig rig("smartcode");
  Ready(rig);
  UnlockWithAutoLock(rig);
  rig.Advance(20000);
  PowerCycle(rig);
  const Millis t = rig.clock.now;
  rig.Advance(30000);
  EXPECT_FALSE(rig.MotorRanBetween(t, rig.clock.now));
}

TEST(Power, LB_POWER_2_ReadinessJudgedAtThePressEdgeNotAtRegistration) {
  Rig rig("smartcode");
  Ready(rig);
  rig.Enter("L");
  rig.Advance(1500);
  // Edge at 990 ms: registers after 1.0 s, but its edge was early: ignored.
  rig.PowerOff();
  Millis on = rig.clock.now;
  rig.PowerOn();
  rig.AdvanceTo(on + 990);
  rig.Enter(kUser);
  rig.Advance(6000);
  EXPECT_TRUE(rig.BoltExtended());
  // Edge at 1000 ms: processed.
  rig.PowerOff();
  on = rig.clock.now;
  rig.PowerOn();
  rig.AdvanceTo(on + 1000);
  rig.Enter(kUser);
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltRetracted());
}

TEST_P(AllProfiles, LB_POWER_8_FirstKeyAfterAnHourIdleIsProcessed) {
  Ready(rig);
  rig.Enter("L");
  rig.Advance(1500);
  rig.Advance(3600u * 1000u);
  const Millis edge = rig.clock.now;
  rig.Enter(kUser);
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltRetracted());
  EXPECT_EQ(rig.BeepsBetween(edge, rig.clock.now), 1);
}

TEST(Power, LB_POWER_8_KeysStillProcessedAfterFiftyDaysIdle) {
  // Longer than the 32-bit millisecond clock's range (49.7 days) and its
  // wrap-safe half (24.9 days): nothing may compare against a stale instant.
  Rig rig("smartcode");
  Ready(rig);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Beeps(rig, kWrong + "L"), 3);  // a lockout, ended later
  rig.Advance(300000);
  // 30 days: past the wrap-safe half; 50 days: past a whole wrap.
  for (uint32_t days : {30u, 20u}) {
    rig.Advance(days * 86400u * 1000u);
    const Millis t = rig.clock.now;
    rig.Enter("L");
    rig.Advance(1500);
    EXPECT_TRUE(rig.BoltExtended()) << days;
    rig.Enter(kUser);
    rig.Advance(1500);
    EXPECT_TRUE(rig.BoltRetracted()) << days;
    EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 2) << days;
  }
}

TEST(Power, LB_POWER_8_KeysProcessedAfterThirtyDaysWithoutAnyEarlierEvent) {
  // Power-on, then nothing at all for 30 days: the boot period must not be
  // judged against a power-on instant the clock has since lapped.
  Rig rig("smartcode");
  Ready(rig);
  PowerCycle(rig);
  rig.Advance(30u * 86400u * 1000u);
  EXPECT_TRUE(Unlocks(rig, kUser));
}

// ---------------------------------------------------------------- KEYPAD

TEST(Keypad, LB_KEYPAD_9_KeyWhosePressEdgeFellWhileBusyStaysIgnoredAfterBusyEnds) {
  // A dry run finds the instant the unlock motion ends; an identical lock
  // then gets a key pressed 10 ms before it, which registers after it.
  Millis motion_end = 0;
  for (int run = 0; run < 2; ++run) {
    Rig rig("smartcode");
    Ready(rig);
    rig.Enter("L");
    rig.Advance(1500);
    const Millis t = rig.clock.now;
    rig.Enter(kUser, 150, 0);
    if (run == 0) {
      rig.Advance(3000);
      motion_end = LastMotorOff(rig, t);
      ASSERT_NE(motion_end, kNever);
      continue;
    }
    rig.AdvanceTo(motion_end - 10);
    ASSERT_NE(rig.bolt.drive, hal::MotorDrive::kOff);  // still busy at the press edge
    rig.Press(rig.DigitContact('9'), 150, 250);        // registers 15 ms after busy ended
    ASSERT_EQ(rig.bolt.drive, hal::MotorDrive::kOff);
    rig.Advance(2000);
    // Had the 9 been buffered, "9" + kUser would not match and would be
    // rejected at the entry timeout; ignored, kUser matches (ACCEPT, no motion).
    const Millis e = rig.clock.now;
    rig.Enter(kUser);
    rig.Advance(7000);
    EXPECT_EQ(rig.BeepsBetween(e, rig.clock.now), 1);
    EXPECT_EQ(rig.BlinksBetween(e, rig.clock.now, Color::kRed), 0);
  }
}

TEST_P(AllProfiles, LB_KEYPAD_9_KeysDuringBoltMotionIgnoredAndProgramOpensNoSession) {
  Ready(rig);
  const Millis t = rig.clock.now;
  rig.Enter("L", 150, 0);
  rig.Advance(100);
  ASSERT_NE(rig.bolt.drive, hal::MotorDrive::kOff);
  rig.Enter("P", 100, 50);  // while the bolt moves
  rig.Advance(2000);
  EXPECT_TRUE(rig.BoltExtended());
  EXPECT_EQ(rig.BlinksBetween(t, rig.clock.now, Color::kAmber), 0);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 1);
}

TEST(Keypad, LB_KEYPAD_3_KeyPressedRightAfterAnotherIsReleasedCounts) {
  // The previous key's release bounces, so its release registers after the
  // next key's press does; but the next key's edge came after the release
  // edge, so it was not pressed while another was held.
  Rig rig("halo");
  Ready(rig);
  rig.Enter("L");
  rig.Advance(1500);
  rig.Enter(kUser.substr(0, 2));
  const Contact third = rig.DigitContact(kUser[2]);
  const Contact fourth = rig.DigitContact(kUser[3]);
  rig.Close(third);
  rig.Advance(100);
  rig.Open(third);  // release edge
  rig.Advance(5);
  rig.Close(fourth);  // 5 ms after the release edge
  rig.Advance(3);
  rig.Close(third);  // release bounce, within 10 ms of the release edge
  rig.Advance(2);
  rig.Open(third);
  rig.Advance(95);
  rig.Open(fourth);
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltRetracted());
}

// ---------------------------------------------------------------- UNLOCK / LOCK

TEST_P(AllProfiles, LB_UNLOCK_4_MatchWithoutHandingGivesHandingRequiredAndClearsFailures) {
  Unhanded(rig);
  const int added = AddUser(rig, kUser);  // LB-HANDING-9
  ASSERT_EQ(added, HasMaster(rig) ? 2 : 1);
  FailuresShortOfLockout(rig);
  const Millis t = rig.clock.now;
  rig.Enter(kUser);
  rig.Advance(1500);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 2);
  EXPECT_EQ(rig.BlinksBetween(t, rig.clock.now, Color::kAmber), 2);
  EXPECT_FALSE(rig.MotorRanBetween(t, rig.clock.now));
  // Still a match: the count is cleared, so N - 1 more failures lock nothing out.
  FailuresShortOfLockout(rig);
  EXPECT_FALSE(InLockout(rig));
}

TEST_P(AllProfiles, LB_UNLOCK_4_MatchBelowVCritGivesCriticalBattery) {
  Ready(rig);
  rig.Enter("L");
  rig.Advance(1500);
  FailuresShortOfLockout(rig);
  rig.battery.millivolts = 4300;
  const Millis t = rig.clock.now;
  rig.Enter(kUser);
  rig.Advance(3000);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 5);
  EXPECT_EQ(rig.BlinksBetween(t, rig.clock.now, Color::kRed), 5);
  EXPECT_EQ(rig.BlinksBetween(t, rig.clock.now, Color::kGreen), 0);
  EXPECT_TRUE(rig.BoltExtended());
  rig.battery.millivolts = 6000;
  FailuresShortOfLockout(rig);
  EXPECT_FALSE(InLockout(rig));
}

TEST_P(AllProfiles, LB_LOCK_3_LockWithoutHandingGivesHandingRequired) {
  Unhanded(rig);
  AddUser(rig, kUser);  // legacy2code needs a code before Lock acts (LB-LOCK-5)
  const Millis t = rig.clock.now;
  rig.Enter("L");
  rig.Advance(1500);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 2);
  EXPECT_EQ(rig.BlinksBetween(t, rig.clock.now, Color::kAmber), 2);
  EXPECT_FALSE(rig.MotorRanBetween(t, rig.clock.now));
}

TEST_P(AllProfiles, LB_LOCK_3_LockBelowVCritGivesCriticalBattery) {
  Ready(rig);
  rig.battery.millivolts = 4300;
  const Millis t = rig.clock.now;
  rig.Enter("L");
  rig.Advance(3000);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 5);
  EXPECT_EQ(rig.BlinksBetween(t, rig.clock.now, Color::kRed), 5);
  EXPECT_FALSE(rig.MotorRanBetween(t, rig.clock.now));
  EXPECT_TRUE(rig.BoltRetracted());
}

TEST_P(AllProfiles, LB_LOCK_4_LockInsideSessionOnlyEndsTheEntry) {
  Ready(rig);
  const Millis t = rig.clock.now;
  EXPECT_EQ(Beeps(rig, "PL"), 3);  // empty entry: REJECT
  EXPECT_FALSE(rig.MotorRanBetween(t, rig.clock.now));
  EXPECT_TRUE(rig.BoltRetracted());
}

TEST_P(AutoLockProfiles, LB_LOCK_4_LockCancelsPendingAutoLock) {
  Ready(rig);
  const Millis retracted = UnlockWithAutoLock(rig);
  rig.AdvanceTo(retracted + 10000);
  rig.Enter("L");
  rig.Advance(1500);
  ASSERT_TRUE(rig.BoltExtended());
  // Turned back by hand (thumb-turn): a still-pending auto-lock would now
  // extend it at the original 30 s instant. It must not.
  rig.bolt.position = 0;
  const Millis t = rig.clock.now;
  rig.AdvanceTo(retracted + 35000);
  EXPECT_FALSE(rig.MotorRanBetween(t, rig.clock.now));
}

// ---------------------------------------------------------------- MASTER

TEST_P(OptionalMasterProfiles, LB_MASTER_5_NoMasterSessionsNeedNoneUntilP1LNL) {
  Hand(rig);
  EXPECT_EQ(Beeps(rig, "P" + kUser + "L"), 1);  // P C L adds a user code
  EXPECT_EQ(Beeps(rig, "P1L" + kMaster + "L"), 1);
  EXPECT_EQ(Beeps(rig, "P" + kUser2 + "L"), 3);  // now a wrong master
  EXPECT_EQ(Beeps(rig, "P" + kMaster + "LP" + kUser2 + "L", 2500), 2);
  EXPECT_TRUE(Unlocks(rig, kUser));
  EXPECT_TRUE(Unlocks(rig, kUser2));
}

TEST_P(MasterProfiles, LB_MASTER_9_MasterCannotBeRemovedByAnySequence) {
  Ready(rig);
  if (!HasMaster(rig)) {
    ASSERT_EQ(Beeps(rig, "P1L" + kMaster + "L"), 1);
  }
  const std::string m = DigitsOf(p, rig.controller().persistent_state().master);
  const std::string s = "P" + m + "LP";
  EXPECT_EQ(Beeps(rig, s + "1LL", 2500), 1 + 3);           // empty new master
  EXPECT_EQ(Beeps(rig, s + "1L12L", 2500), 1 + 3);         // too short
  EXPECT_EQ(Beeps(rig, s + "7L" + m + "L", 2500), 1 + 3);  // the master is no user code
  EXPECT_EQ(Beeps(rig, s + "5L", 2500), p.autolock ? 2 : 4);
  EXPECT_EQ(Beeps(rig, "PP" + m + "L"), 1);  // extra P ignored: authenticates
  rig.Advance(11000);
  // `P C L` still needs the master.
  EXPECT_EQ(Beeps(rig, "P" + kUser2 + "L"), 3);
  EXPECT_FALSE(Unlocks(rig, kUser2));
  EXPECT_EQ(Beeps(rig, "P" + m + "L"), 1);
}

// ---------------------------------------------------------------- USER

TEST_P(AllProfiles, LB_USER_7_AddOrDeleteChangesOnlyItsOwnCode) {
  Ready(rig);
  const int added = AddUser(rig, kUser2);
  ASSERT_EQ(added, HasMaster(rig) ? 2 : 1);
  const Code master = rig.controller().persistent_state().master;
  if (p.two_slots) {
    // Replacing the primary leaves the secondary.
    EXPECT_EQ(Beeps(rig, "P7531L"), 1);
    EXPECT_FALSE(Unlocks(rig, kUser));
    rig.Advance(6000);
    EXPECT_TRUE(Unlocks(rig, kUser2));
    EXPECT_TRUE(Unlocks(rig, "7531"));
  } else {
    // Add a third code and delete it: the others are untouched.
    const int third = AddUser(rig, "2486");
    ASSERT_EQ(third, HasMaster(rig) ? 2 : 1);
    EXPECT_EQ(Beeps(rig, Session(rig) + "7L2486L", 2500), HasMaster(rig) ? 2 : 1);
    EXPECT_TRUE(Unlocks(rig, kUser));
    EXPECT_TRUE(Unlocks(rig, kUser2));
    EXPECT_FALSE(Unlocks(rig, "2486"));
    rig.Advance(6000);
  }
  EXPECT_TRUE(rig.controller().persistent_state().master == master);
}

TEST_P(AllProfiles, LB_USER_7_TenRefusedAddsAreNoFailures) {
  Ready(rig);
  for (int i = 0; i < 10; ++i) {
    const std::string code = i % 2 == 0 ? "123" : kUser;  // too short, or a duplicate
    EXPECT_EQ(Beeps(rig, Session(rig) + code + "L", 2500), HasMaster(rig) ? 1 + 3 : 3) << i;
  }
  EXPECT_FALSE(InLockout(rig));
  EXPECT_TRUE(Unlocks(rig, kUser));
}

// ---------------------------------------------------------------- PROG

// Walks every cell of the table of spec 4.7 that the profile has, for each
// master state it can be in, and the cells it lacks (REJECT).
TEST_P(AllProfiles, LB_PROG_2_AcceptsExactlyTheTableSequences) {
  Hand(rig);
  const bool autolock = p.autolock;
  const bool handing_cmd = p.handing == HandingMode::kAutomaticAndCommand;
  switch (p.master_mode) {
    case MasterMode::kOptional:
      EXPECT_EQ(Beeps(rig, "P" + kUser + "L"), 1);     // add
      EXPECT_EQ(Beeps(rig, "P7L" + kUser + "L"), 1);   // delete
      EXPECT_EQ(Beeps(rig, "P3L"), autolock ? 1 : 3);  // auto-lock on
      EXPECT_EQ(Beeps(rig, "P5L"), autolock ? 1 : 3);  // auto-lock off
      EXPECT_EQ(Beeps(rig, "P9L", 6000), handing_cmd ? 2 : 3);
      if (p.keypad == KeypadKind::kTen) {
        EXPECT_EQ(Beeps(rig, "P0L"), 3);  // no keypad reset
      }
      EXPECT_EQ(Beeps(rig, "P1L" + kMaster + "L"), 1);  // set master
      break;
    case MasterMode::kMandatory:
      EXPECT_EQ(Beeps(rig, "P3L"), 3);
      EXPECT_EQ(Beeps(rig, "P7L"), 3);
      EXPECT_EQ(Beeps(rig, "P1L"), 3);
      EXPECT_EQ(Beeps(rig, "P9L", 6000), 2);          // handing needs no master
      EXPECT_EQ(Beeps(rig, "P" + kMaster + "L"), 1);  // P N L sets the master
      EXPECT_FALSE(Unlocks(rig, kMaster));            // ... not a user code
      rig.Advance(6000);
      break;
    case MasterMode::kPreset:
      break;
    case MasterMode::kNone:
      EXPECT_EQ(Beeps(rig, "P" + kUser + "L"), 1);    // primary
      EXPECT_EQ(Beeps(rig, "PP" + kUser2 + "L"), 1);  // secondary
      EXPECT_EQ(Beeps(rig, "PPL"), 1);                // clear secondary
      EXPECT_EQ(Beeps(rig, "P7L"), 3);                // no delete command
      EXPECT_EQ(Beeps(rig, "P1L"), 3);                // no master
      EXPECT_EQ(Beeps(rig, "P3L"), 1);
      EXPECT_EQ(Beeps(rig, "P5L"), 1);
      EXPECT_EQ(Beeps(rig, "P9L", 6000), 2);
      EXPECT_TRUE(Unlocks(rig, kUser));
      return;
  }
  // Master set.
  const std::string m = DigitsOf(p, rig.controller().persistent_state().master);
  const std::string s = "P" + m + "LP";
  rig.Enter("P" + m + "L");  // authenticate: ACCEPT, then SESSION
  rig.Advance(1200);
  EXPECT_EQ(rig.LedAt(rig.clock.now), Color::kAmber);
  rig.Advance(11000);
  EXPECT_EQ(Beeps(rig, s + kUser + "L", 2500), 2);  // add
  EXPECT_EQ(Beeps(rig, s + kUser2 + "L", 2500), 2);
  EXPECT_EQ(Beeps(rig, s + "7L" + kUser2 + "L", 2500), 2);  // delete
  EXPECT_EQ(Beeps(rig, s + "3L", 2500), autolock ? 2 : 4);
  EXPECT_EQ(Beeps(rig, s + "5L", 2500), autolock ? 2 : 4);
  EXPECT_EQ(Beeps(rig, s + "9L", 7000), handing_cmd ? 1 + 2 : 1 + 3);
  EXPECT_EQ(Beeps(rig, "P" + kUser2 + "L"), 3);               // no add without M
  EXPECT_EQ(Beeps(rig, s + "1L" + kMaster2 + "L", 2500), 2);  // change master
  const std::string n = "P" + kMaster2 + "LP";
  EXPECT_TRUE(Unlocks(rig, kUser));
  if (p.keypad_deletion) {
    rig.Enter(kMaster2 + "L");  // exterior M L: ACCEPT, SESSION
    rig.Advance(1200);
    EXPECT_EQ(rig.LedAt(rig.clock.now), Color::kAmber);
    EXPECT_EQ(Beeps(rig, kUser + "L"), 1);
    EXPECT_FALSE(Unlocks(rig, kUser));
  } else {
    rig.Enter(kMaster2 + "L");
    rig.Advance(1200);
    EXPECT_NE(rig.LedAt(rig.clock.now), Color::kAmber);
  }
  if (p.keypad == KeypadKind::kPaired5) {
    // On paired5 `0` is the 9|0 button: command 9, already walked.
  } else if (p.keypad_reset) {
    const Millis t = rig.clock.now;
    rig.Enter(n + "0L" + kMaster2 + "L");
    rig.Advance(2500);
    EXPECT_NE(LongBeepAfter(rig, t), kNever);
  } else {
    EXPECT_EQ(Beeps(rig, n + "0L", 2500), 1 + 3);
  }
}

// ---------------------------------------------------------------- LOCKOUT

TEST_P(AllProfiles, LB_LOCKOUT_2_FailureKindsCountAndDoNotDecay) {
  Ready(rig);
  // Not failures: short entries (discarded), programming refusals.
  for (int i = 0; i < 3; ++i) {
    rig.Enter("12");
    rig.Advance(6000);
  }
  for (int i = 0; i < 3; ++i) Beeps(rig, Session(rig) + "123L", 2500);
  // N - 1 failures, one of them an entry timeout; an hour; one more: lockout.
  rig.Enter(kWrong);
  rig.Advance(6000);  // entry_timeout with code_min digits: a failure
  for (int i = 0; i + 2 < p.lockout_failures; ++i) Beeps(rig, kWrong + "L");
  rig.Advance(3600u * 1000u);
  EXPECT_FALSE(InLockout(rig));
  EXPECT_EQ(Beeps(rig, kWrong + "L"), 3);
  EXPECT_TRUE(InLockout(rig));
}

TEST(Lockout, LB_LOCKOUT_2_WrongMasterAndGenericResetConfirmationAreFailures) {
  Rig rig("generic");
  Ready(rig);
  // A wrong code at the keypad-reset confirmation, then wrong masters.
  EXPECT_EQ(Beeps(rig, "P" + kMaster + "LP0L" + kWrong + "L", 2500), 1 + 3);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Beeps(rig, "P" + kWrong + "L"), 3);
  EXPECT_FALSE(InLockout(rig));
  EXPECT_EQ(Beeps(rig, "P" + kWrong + "L"), 3);
  EXPECT_TRUE(InLockout(rig));
}

TEST(Lockout, LB_LOCKOUT_2_Powerbolt250WrongMasterLockIsAFailure) {
  Rig rig("powerbolt250");
  Ready(rig);
  Beeps(rig, "P1L" + kMaster + "L");
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Beeps(rig, kMaster2 + "L"), 3);
  EXPECT_EQ(Beeps(rig, kMaster + "L"), 1);  // M L clears the count ...
  rig.Advance(11000);                       // ... its session times out
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Beeps(rig, kMaster2 + "L"), 3);
  EXPECT_FALSE(InLockout(rig));
  EXPECT_EQ(Beeps(rig, kMaster2 + "L"), 3);
  EXPECT_TRUE(InLockout(rig));
}

TEST_P(AllProfiles, LB_LOCKOUT_4_QuietAndKeysIgnoredUntilTheEnd) {
  Ready(rig);
  rig.Enter("L");
  rig.Advance(1500);
  for (int i = 0; i + 1 < p.lockout_failures; ++i) Beeps(rig, kWrong + "L");
  rig.Enter(kWrong);
  const Millis t_f = rig.clock.now;
  rig.Enter("L");
  rig.AdvanceTo(t_f + 1100);  // the N-th REJECT has ended
  const Millis quiet_from = rig.clock.now;
  rig.Enter(kUser);
  rig.Enter("P");
  rig.Enter("L");
  rig.Advance(3000);
  rig.AdvanceTo(t_f + p.lockout_ms - 2000);
  rig.Enter(kUser);  // keys near the end do not extend the lockout
  rig.AdvanceTo(t_f + p.lockout_ms - 10);
  EXPECT_TRUE(rig.Quiet(quiet_from, rig.clock.now));
  EXPECT_TRUE(rig.BoltExtended());
  EXPECT_FALSE(rig.MotorRanBetween(t_f, rig.clock.now));
  rig.AdvanceTo(t_f + p.lockout_ms + 100);
  rig.Enter(kUser);
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltRetracted());
}

TEST_P(AutoLockProfiles, LB_LOCKOUT_7_AutoLockRunsSilentlyDuringLockout) {
  Ready(rig);
  const Millis retracted = UnlockWithAutoLock(rig);
  for (int i = 0; i < p.lockout_failures; ++i) Beeps(rig, kWrong + "L", 1100);
  ASSERT_LT(rig.clock.now - retracted, 29000u);
  const Millis t = rig.clock.now;
  rig.AdvanceTo(retracted + 33000);
  EXPECT_TRUE(rig.BoltExtended());
  EXPECT_TRUE(rig.Quiet(t, rig.clock.now));
}

TEST_P(AutoLockProfiles, LB_LOCKOUT_7_JamDuringLockoutHandledSilently) {
  Ready(rig);
  const Millis retracted = UnlockWithAutoLock(rig);
  for (int i = 0; i < p.lockout_failures; ++i) Beeps(rig, kWrong + "L", 1100);
  rig.bolt.jam = true;
  const Millis t = rig.clock.now;
  rig.AdvanceTo(retracted + 36000);
  EXPECT_TRUE(rig.MotorRanBetween(t, rig.clock.now));
  EXPECT_TRUE(rig.BoltRetracted());  // driven back after the jam
  EXPECT_EQ(rig.bolt.drive, hal::MotorDrive::kOff);
  EXPECT_TRUE(rig.Quiet(t, rig.clock.now));
}

// ---------------------------------------------------------------- RESET

TEST_P(PowerOnResetProfiles, LB_RESET_2_ReleaseAfterArmingGivesResetOkWithin300ms) {
  Ready(rig);
  const Millis release = ResetProcedure(rig, 30500);
  rig.Advance(2500);
  const Millis beep = LongBeepAfter(rig, release);
  ASSERT_NE(beep, kNever);
  EXPECT_LE(beep - release, 300u);
  EXPECT_EQ(rig.BlinksBetween(release, release + 2000, Color::kRed), 3);
}

TEST_P(PowerOnResetProfiles, LB_RESET_2_HoldThresholdIsThirtySeconds) {
  for (Millis hold : {25000u, 29940u, 30060u, 35000u}) {
    Rig r(GetParam());
    Ready(r);
    const Millis release = ResetProcedure(r, hold);
    r.Advance(3000);
    EXPECT_EQ(LongBeepAfter(r, release) != kNever, hold > 30000) << hold;
  }
}

// Sets every persistent item away from its factory value where the profile has it.
void DirtyEverything(Rig& rig) {
  const Profile& p = rig.profile();
  AddUser(rig, kUser2);
  if (p.autolock) Beeps(rig, Session(rig) + "3L", 2500);
  if (p.master_mode != MasterMode::kNone) {
    Beeps(rig, Session(rig) + "1L" + kMaster2 + "L", 2500);
  }
  if (p.pairing) rig.controller().OnPairingCompleted();
}

TEST_P(AllProfiles, LB_RESET_5_ResetErasesEveryPersistentItem) {
  Ready(rig);
  DirtyEverything(rig);
  const Millis release = ResetProcedure(rig);
  rig.Advance(p.reset_random_ms + 3000);
  ASSERT_NE(LongBeepAfter(rig, release), kNever);
  rig.Advance(6000);  // the automatic handing cycle (all but fourled)
  const Millis t = rig.clock.now;
  if (p.handing == HandingMode::kProgramHoldOnly) {
    // Handing not learned: Lock gives HANDING_REQUIRED.
    EXPECT_EQ(Beeps(rig, "L"), 2);
    EXPECT_FALSE(rig.MotorRanBetween(t, rig.clock.now));
    rig.Press(Contact::kProgram, 3200);
    rig.Advance(6000);
    EXPECT_TRUE(Unlocks(rig, "1234"));  // LB-USER-8
  }
  // Former codes fail.
  for (const std::string& code : {kUser, kUser2}) {
    rig.Enter("L");
    rig.Advance(1500);
    if (p.two_slots) {
      EXPECT_EQ(Beeps(rig, "L"), 3);  // no code: Lock rejects (LB-LOCK-5)
    } else {
      EXPECT_TRUE(rig.BoltExtended());
    }
    EXPECT_EQ(Beeps(rig, code + "L"), 3) << code;
  }
  // LB-MASTER-1: the default master (or none).
  switch (p.master_mode) {
    case MasterMode::kOptional:
    case MasterMode::kNone:
      EXPECT_EQ(Beeps(rig, "P" + kUser + "L"), 1);  // no master needed
      break;
    case MasterMode::kMandatory:
      EXPECT_EQ(Beeps(rig, "P" + kUser + "L"), 1);  // becomes the master
      EXPECT_EQ(Beeps(rig, "P" + kMaster2 + "L"), 3);
      break;
    case MasterMode::kPreset:
      EXPECT_EQ(Beeps(rig, "P" + kMaster2 + "L"), 3);
      EXPECT_EQ(Beeps(rig, "P0000L"), 1);
      rig.Advance(11000);
      break;
  }
  // Auto-lock back to its default (off): an unlock stays unlocked.
  if (p.master_mode != MasterMode::kMandatory) {
    rig.Enter("L");
    rig.Advance(1500);
    if (p.master_mode == MasterMode::kPreset) AddUser(rig, kUser);
    const Millis u = rig.clock.now;
    rig.Enter(kUser);
    rig.Advance(40000);
    EXPECT_EQ(rig.FirstMotorAfter(u + 2000), kNever);
  }
  // Halo: the pairing flag is cleared (UNPAIRED blinks again).
  if (p.pairing) {
    const Millis b = rig.clock.now;
    rig.Advance(11000);
    EXPECT_GE(rig.BlinksBetween(b, rig.clock.now, Color::kBlue), 2);
  }
}

TEST_P(AllProfiles, LB_RESET_6_AutomaticHandingFollowsResetOkExceptFourled) {
  Ready(rig);
  const Millis release = ResetProcedure(rig);
  rig.Advance(p.reset_random_ms + 2500);
  const Millis beep = LongBeepAfter(rig, release);
  ASSERT_NE(beep, kNever);
  Millis extended = kNever;
  for (int i = 0; i < 8000 && extended == kNever; ++i) {
    rig.Advance(1);
    if (rig.BoltExtended()) extended = rig.clock.now;
  }
  if (p.handing == HandingMode::kAutomaticAndCommand) {
    ASSERT_NE(extended, kNever);
    EXPECT_LE(extended - beep, 4000u);
    rig.Advance(4000);
    EXPECT_TRUE(rig.BoltRetracted());
    EXPECT_EQ(rig.BlinksBetween(extended, rig.clock.now, Color::kGreen), 2);  // HANDING_OK
  } else {
    EXPECT_EQ(extended, kNever);
    EXPECT_FALSE(rig.MotorRanBetween(beep, rig.clock.now));
    EXPECT_EQ(Beeps(rig, "L"), 2);  // HANDING_REQUIRED
  }
}

TEST_P(AllProfiles, LB_RESET_12_ExteriorKeyFuzzingNeverResets) {
  Ready(rig);
  Prng prng(0xC0FFEEu + static_cast<uint32_t>(p.name[0]));
  const Millis t = rig.clock.now;
  for (int i = 0; i < 400; ++i) {
    const uint32_t k = prng.Next() % 12;
    const Millis hold = 30 + prng.Next() % 400;
    const Millis gap = 20 + prng.Next() % 600;
    if (k >= 10) {
      rig.Press(Contact::kLock, hold, gap);
    } else {
      rig.PressDigit(static_cast<char>('0' + k), hold, gap);
    }
  }
  rig.Advance(3000);
  EXPECT_EQ(LongBeepAfter(rig, t), kNever);
  PowerCycle(rig);  // ends any lockout the fuzzing caused
  EXPECT_TRUE(Unlocks(rig, kUser));
  EXPECT_TRUE(rig.controller().persistent_state().handing_learned);
}

// ---------------------------------------------------------------- AUTOLOCK

TEST_P(AutoLockProfiles, LB_AUTOLOCK_2_ExtendsDelayAfterRetractedOrAfterAccept) {
  Ready(rig);
  const Millis retracted = UnlockWithAutoLock(rig);
  rig.AdvanceTo(retracted + 31000);
  EXPECT_NEAR(static_cast<double>(rig.FirstMotorAfter(retracted + 1) - retracted), 30000.0, 50.0);
  rig.Advance(2000);
  EXPECT_TRUE(rig.BoltExtended());
  // Bolt already retracted: counted from ACCEPT's start.
  rig.Enter(kUser);
  rig.Advance(1500);
  const Millis t = rig.clock.now;
  rig.Enter(kUser);
  const Millis accept = rig.FirstBeepAfter(t);
  rig.AdvanceTo(accept + 31000);
  EXPECT_NEAR(static_cast<double>(rig.FirstMotorAfter(accept) - accept), 30000.0, 50.0);
}

TEST_P(AutoLockProfiles, LB_AUTOLOCK_5_AutoLockIsSilentButFollowsBatteryAndJam) {
  Ready(rig);
  Millis retracted = UnlockWithAutoLock(rig);
  rig.AdvanceTo(retracted + 29000);
  Millis t = rig.clock.now;
  rig.Advance(5000);
  EXPECT_TRUE(rig.BoltExtended());
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 0);  // no ACCEPT
  // Below v_warn: LOW_BATTERY follows the motion, no ACCEPT.
  rig.Enter(kUser);
  rig.Advance(1500);
  retracted = LastMotorOff(rig, rig.clock.now - 1500);
  rig.battery.millivolts = 4600;
  rig.AdvanceTo(retracted + 29000);
  t = rig.clock.now;
  rig.Advance(5000);
  EXPECT_TRUE(rig.BoltExtended());
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 3);
  EXPECT_EQ(rig.BlinksBetween(t, rig.clock.now, Color::kRed), 3);
  // Below v_crit: CRITICAL_BATTERY, no motion.
  rig.battery.millivolts = 6000;
  rig.Enter(kUser);
  rig.Advance(1500);
  retracted = LastMotorOff(rig, rig.clock.now - 1500);
  rig.battery.millivolts = 4300;
  rig.AdvanceTo(retracted + 29000);
  t = rig.clock.now;
  rig.Advance(5000);
  EXPECT_TRUE(rig.BoltRetracted());
  EXPECT_FALSE(rig.MotorRanBetween(t, rig.clock.now));
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 5);
  // A jam: JAM only.
  rig.battery.millivolts = 6000;
  rig.Enter(kUser);
  rig.Advance(1500);
  retracted = rig.clock.now - 1500;
  rig.bolt.jam = true;
  t = rig.clock.now;
  rig.AdvanceTo(retracted + 36000);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 4);
  EXPECT_EQ(rig.BlinksBetween(t, rig.clock.now, Color::kAmber), 4);
}

// ---------------------------------------------------------------- BATTERY

TEST_P(AllProfiles, LB_BATTERY_1_ThresholdsHold50mVEitherSide) {
  Ready(rig);
  struct Case {
    uint16_t mv;
    int lock_beeps;  // Lock from retracted: ACCEPT [+ LOW_BATTERY] or CRITICAL
  };
  const uint16_t crit = p.v_crit_mv, warn = p.v_warn_mv;
  const Case cases[] = {{static_cast<uint16_t>(crit - 50), 5},
                        {static_cast<uint16_t>(crit + 50), 1 + 3},
                        {static_cast<uint16_t>(warn - 50), 1 + 3},
                        {static_cast<uint16_t>(warn + 50), 1}};
  for (const Case& c : cases) {
    rig.battery.millivolts = c.mv;
    EXPECT_EQ(Beeps(rig, "L", 4000), c.lock_beeps) << c.mv << " mV";
    rig.battery.millivolts = 6000;
    rig.Enter(kUser);
    rig.Advance(1500);
    // At power-up: LOW_BATTERY after BOOT only below v_warn.
    rig.battery.millivolts = c.mv;
    rig.PowerOff();
    const Millis t = rig.clock.now;
    rig.PowerOn();
    rig.Advance(4000);
    EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 1 + (c.lock_beeps == 1   ? 0
                                                       : c.lock_beeps == 5 ? 5
                                                                           : 3))
        << c.mv << " mV at power-up";
    rig.battery.millivolts = 6000;
  }
}

TEST_P(AllProfiles, LB_BATTERY_2_LowBattery300msAfterAcceptAndMotionEnd) {
  Ready(rig);
  rig.battery.millivolts = 4600;  // v_crit <= V < v_warn on every profile
  for (const std::string& keys : {std::string("L"), kUser}) {
    const Millis t = rig.clock.now;
    rig.Enter(keys);
    rig.Advance(4000);
    const Millis accept = rig.FirstLedAfter(t, Color::kGreen);
    const Millis stop = LastMotorOff(rig, t);
    ASSERT_NE(accept, kNever);
    ASSERT_NE(stop, kNever);
    const Millis both = hal::TimeReached(stop, accept + 1000) ? stop : accept + 1000;
    const Millis low = rig.FirstLedAfter(accept + 1000, Color::kRed);
    EXPECT_NEAR(static_cast<double>(low - both), 300.0, 50.0) << keys;
    EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 1 + 3) << keys;
    EXPECT_EQ(rig.BlinksBetween(t, rig.clock.now, Color::kRed), 3) << keys;
  }
  // No periodic warning while idle.
  const Millis idle = rig.clock.now;
  rig.Advance(120000);
  EXPECT_EQ(rig.BeepsBetween(idle, rig.clock.now), 0);
}

TEST_P(AutoLockProfiles, LB_BATTERY_2_LowBatteryAfterAutoLock) {
  Ready(rig);
  const Millis retracted = UnlockWithAutoLock(rig);
  rig.battery.millivolts = 4600;
  rig.AdvanceTo(retracted + 35000);
  const Millis stop = LastMotorOff(rig, retracted + 1);
  ASSERT_NE(stop, kNever);
  const Millis low = rig.FirstLedAfter(retracted + 1, Color::kRed);
  EXPECT_NEAR(static_cast<double>(low - stop), 300.0, 50.0);
  EXPECT_EQ(rig.BeepsBetween(retracted + 1, rig.clock.now), 3);
}

TEST_P(AllProfiles, LB_BATTERY_5_ResetRefusedBelowVResetMin) {
  Ready(rig);
  rig.battery.millivolts = 4500;  // above v_crit, below v_reset_min
  const Millis t = rig.clock.now;
  const Millis release = ResetProcedure(rig);
  rig.Advance(p.reset_random_ms + 8000);
  EXPECT_EQ(LongBeepAfter(rig, t), kNever);
  EXPECT_GE(rig.BlinksBetween(t, rig.clock.now, Color::kRed), 3);  // LOW_BATTERY
  (void)release;
  rig.battery.millivolts = 6000;
  PowerCycle(rig);
  EXPECT_TRUE(Unlocks(rig, kUser));
}

TEST_P(AllProfiles, LB_BATTERY_5_ResetRefusedWhenBatteryDropsBeforePerforming) {
  Ready(rig);
  const Profile& prof = p;
  // Armed at a good voltage; the voltage falls before the release.
  switch (prof.reset_method) {
    case ResetMethod::kProgramHeldAtPowerOn:
    case ResetMethod::kProgramAndLockHeldAtPowerOn:
      rig.PowerOff();
      rig.Close(Contact::kProgram);
      if (prof.reset_method == ResetMethod::kProgramAndLockHeldAtPowerOn) rig.Close(Contact::kLock);
      rig.PowerOn();
      break;
    case ResetMethod::kProgramHeldWhilePowered:
      rig.Close(Contact::kProgram);
      break;
  }
  const Millis t = rig.clock.now;
  rig.Advance(prof.reset_hold_ms + 300);
  rig.battery.millivolts = 4500;
  rig.Open(Contact::kProgram);
  rig.Open(Contact::kLock);
  rig.Advance(prof.reset_random_ms + 8000);
  EXPECT_EQ(LongBeepAfter(rig, t), kNever);
  rig.battery.millivolts = 6000;
  PowerCycle(rig);
  EXPECT_TRUE(Unlocks(rig, kUser));
}

// ---------------------------------------------------------------- HANDING

TEST_P(AllProfiles, LB_HANDING_9_SessionsWorkWithoutHanding) {
  Unhanded(rig);
  const int added = AddUser(rig, kUser);
  EXPECT_EQ(added, HasMaster(rig) ? 2 : 1);
  EXPECT_FALSE(rig.controller().persistent_state().handing_learned);
  EXPECT_EQ(Beeps(rig, Session(rig) + kUser2 + "L", 2500), HasMaster(rig) ? 2 : 1);
}

// ---------------------------------------------------------------- JAM

TEST_P(AllProfiles, LB_JAM_1_StallDetectedAfter100msOverCurrent) {
  Ready(rig);
  rig.bolt.jam = true;
  rig.Enter("L", 150, 0);
  Millis over = kNever, stop = kNever;
  for (int i = 0; i < 3000 && stop == kNever; ++i) {
    rig.Advance(1);
    if (over == kNever && rig.bolt.MotorOverCurrent()) over = rig.clock.now;
    if (over != kNever && rig.bolt.drive == hal::MotorDrive::kOff) stop = rig.clock.now;
  }
  ASSERT_NE(over, kNever);
  ASSERT_NE(stop, kNever);
  EXPECT_NEAR(static_cast<double>(stop - over), 100.0, 20.0);
}

TEST_P(AllProfiles, LB_JAM_1_NoArrivalWithinMotorTimeoutIsAJam) {
  Ready(rig);
  rig.bolt.clutch_disengaged = true;
  const Millis t = rig.clock.now;
  rig.Enter("L", 150, 0);
  rig.Advance(5000);
  const Millis start = rig.FirstMotorAfter(t);
  Millis first_stop = kNever;
  for (const auto& e : rig.bolt.log) {
    if (e.at > start && e.drive == hal::MotorDrive::kOff) {
      first_stop = e.at;
      break;
    }
  }
  EXPECT_NEAR(static_cast<double>(first_stop - start), 3000.0, 50.0);
  EXPECT_EQ(rig.BlinksBetween(t, rig.clock.now, Color::kAmber), 4);
}

TEST_P(AllProfiles, LB_JAM_2_MotorStopsRests300msThenReturns) {
  Ready(rig);
  rig.bolt.jam = true;
  const Millis t = rig.clock.now;
  rig.Enter("L", 150, 0);
  Millis over = kNever;
  for (int i = 0; i < 4000; ++i) {
    rig.Advance(1);
    if (over == kNever && rig.bolt.MotorOverCurrent()) over = rig.clock.now;
  }
  // Motor log: run, stop (jam), run back, stop (retracted).
  std::vector<MotorRun> runs;
  for (const auto& e : rig.bolt.log) {
    if (hal::TimeReached(e.at, t)) runs.push_back(e);
  }
  ASSERT_EQ(runs.size(), 4u);
  EXPECT_LE(runs[1].at - (over + p.stall_ms), 20u);  // stopped within 20 ms of detection
  EXPECT_NEAR(static_cast<double>(runs[2].at - runs[1].at), 300.0, 50.0);
  EXPECT_NE(runs[2].drive, runs[0].drive);  // back towards where it came from
  EXPECT_TRUE(rig.BoltRetracted());
  const Millis jam = rig.FirstLedAfter(runs[3].at, Color::kAmber);
  EXPECT_LE(jam - runs[3].at, 300u);
}

TEST_P(AllProfiles, LB_JAM_3_NoRetryNoStoreChangeNoFailureCountChange) {
  Ready(rig);
  FailuresShortOfLockout(rig);
  const std::vector<uint8_t> before = rig.nvm.bytes;
  rig.bolt.jam = true;
  const Millis t = rig.clock.now;
  rig.Enter("L");
  rig.Advance(4000);
  const Millis after_jam = rig.clock.now;
  rig.Advance(10000);
  EXPECT_FALSE(rig.MotorRanBetween(after_jam, rig.clock.now));  // no retry
  EXPECT_TRUE(rig.MotorRanBetween(t, after_jam));
  EXPECT_EQ(rig.nvm.bytes, before);
  rig.bolt.jam = false;
  // The failure count is where it was: one more failure locks out.
  EXPECT_EQ(Beeps(rig, kWrong + "L"), 3);
  EXPECT_TRUE(InLockout(rig));
}

// ---------------------------------------------------------------- STORE

TEST_P(AllProfiles, LB_STORE_4_StoreWritingOperationsAcknowledgedWithin300ms) {
  Hand(rig);
  EnsureMasterIfNeeded(rig);
  auto ack = [&](const std::string& prefix) {
    rig.Enter(prefix);
    const Millis edge = rig.clock.now;
    rig.Enter("L");
    rig.Advance(2500);
    const Millis beep = rig.FirstBeepAfter(edge);
    EXPECT_LE(beep - edge, 300u) << prefix;
    EXPECT_EQ(rig.BlinksBetween(edge, edge + 1100, Color::kGreen), 1) << prefix;
  };
  ack(Session(rig) + kUser);  // add
  if (p.two_slots) {
    ack("PP" + kUser2);  // secondary
    ack("PP");           // clear secondary
  } else {
    ack(Session(rig) + kUser2);
    ack(Session(rig) + "7L" + kUser2);  // delete
  }
  if (p.autolock) ack(Session(rig) + "3");
  if (p.master_mode == MasterMode::kOptional) ack("P1L" + kMaster);
  if (p.master_mode != MasterMode::kNone) ack(Session(rig) + "1L" + kMaster2);
  // A reset: RESET_OK within 300 ms of the release (fourled: at RANDOM's end).
  const Millis release = ResetProcedure(rig);
  rig.Advance(p.reset_random_ms + 2500);
  const Millis beep = LongBeepAfter(rig, release);
  ASSERT_NE(beep, kNever);
  EXPECT_LE(beep - release - p.reset_random_ms, 300u);
}

TEST_P(AllProfiles, LB_STORE_7_CutWithNoWriteInProgressLeavesStoreUnchanged) {
  Ready(rig);
  const std::vector<uint8_t> before = rig.nvm.bytes;
  const int writes = rig.nvm.writes;
  // Idle.
  PowerCycle(rig);
  // During a lock and an unlock motion.
  rig.Enter("L", 150, 0);
  rig.Advance(300);
  ASSERT_NE(rig.bolt.drive, hal::MotorDrive::kOff);
  PowerCycle(rig);
  rig.Enter(kUser, 150, 250);
  rig.Advance(100);
  PowerCycle(rig);
  // During a lockout.
  for (int i = 0; i < p.lockout_failures; ++i) Beeps(rig, kWrong + "L");
  PowerCycle(rig);
  EXPECT_EQ(rig.nvm.writes, writes);
  EXPECT_EQ(rig.nvm.bytes, before);
  EXPECT_TRUE(Unlocks(rig, kUser));
}

// ---------------------------------------------------------------- SIGNALS

// Every LED phase (time between changes of one LED) from `from` on, outside
// the [skip_from, skip_to) window, is at least 200 ms long.
void ExpectNoShortLedPhase(const Rig& rig, Millis from, Millis skip_from = kNever,
                           Millis skip_to = kNever) {
  for (uint8_t led = 0; led < rig.leds.count; ++led) {
    Millis last = kNever;
    for (const auto& e : rig.leds.log) {
      if (e.led != led || !hal::TimeReached(e.at, from)) continue;
      const bool skipped = skip_from != kNever && hal::TimeReached(e.at, skip_from) &&
                           !hal::TimeReached(e.at, skip_to);
      if (last != kNever && !skipped) {
        EXPECT_GE(e.at - last, 200u) << "LED " << int{led} << " phase ending at " << e.at;
      }
      last = skipped ? kNever : e.at;
    }
  }
}

TEST_P(AllProfiles, LB_SIG_5_NoLedPhaseShorterThan200ms) {
  rig.battery.millivolts = 4600;  // BOOT, then LOW_BATTERY
  Ready(rig);
  if (p.pairing) rig.controller().OnPairingCompleted();  // UNPAIRED: its own test
  rig.battery.millivolts = 6000;
  Beeps(rig, kWrong + "L");              // REJECT
  Beeps(rig, "L");                       // ACCEPT + motion
  Beeps(rig, Session(rig) + "L", 2500);  // SESSION, REJECT
  rig.battery.millivolts = 4300;
  Beeps(rig, kUser, 3000);  // CRITICAL_BATTERY
  rig.battery.millivolts = 6000;
  rig.bolt.jam = true;
  Beeps(rig, kUser, 100);
  Beeps(rig, "L", 5000);  // ACCEPT, JAM
  rig.bolt.jam = false;
  const Millis random_from = rig.clock.now;
  ResetProcedure(rig);  // RESET_ARMED / RANDOM, RESET_OK
  const Millis random_to = rig.clock.now + p.reset_random_ms + 1;
  rig.Advance(p.reset_random_ms + 9000);  // handing, HANDING_OK
  if (p.reset_random_ms != 0) {
    ExpectNoShortLedPhase(rig, 0, random_from, random_to);
  } else {
    ExpectNoShortLedPhase(rig, 0);
  }
}

TEST(Signals, LB_SIG_5_UnpairedAndPromptPhasesAtLeast200ms) {
  Rig rig("halo");
  Ready(rig);
  const Millis t = rig.clock.now;
  rig.Advance(20000);  // UNPAIRED: 200 ms on, 4.8 s off
  ExpectNoShortLedPhase(rig, t);
  Rig gen("generic");
  Ready(gen);
  const Millis g = gen.clock.now;
  gen.Enter("P" + kMaster + "LP0L");  // PROMPT: 250 / 250
  gen.Advance(12000);
  ExpectNoShortLedPhase(gen, g);
}

// ---------------------------------------------------------------- PAIR

TEST(Pair, LB_PAIR_2_ResetClearsPairingUnpairedWithin5500msOfHandingOk) {
  Rig rig("halo");
  Ready(rig);
  rig.controller().OnPairingCompleted();
  rig.Advance(11000);
  const Millis t = rig.clock.now;
  rig.Advance(11000);
  ASSERT_EQ(rig.BlinksBetween(t, rig.clock.now, Color::kBlue), 0);
  const Millis release = ResetProcedure(rig);
  rig.Advance(12000);
  // HANDING_OK: the green blinks after the reset's long beep.
  const Millis ok = rig.FirstLedAfter(release + 2000, Color::kGreen);
  ASSERT_NE(ok, kNever);
  EXPECT_LE(rig.FirstLedAfter(ok, Color::kBlue) - ok, 5500u);
}

TEST(Pair, LB_PAIR_2_StoreFallbackClearsPairing) {
  Rig rig("halo");
  Ready(rig);
  rig.controller().OnPairingCompleted();
  for (auto& b : rig.nvm.bytes) b = static_cast<uint8_t>(b ^ 0x3C);
  const Millis cut = rig.clock.now;
  PowerCycle(rig);
  rig.Advance(12000);  // STORE_FAULT, handing, HANDING_OK
  // HANDING_OK: the first green after BOOT's (which ends 800 ms after power-on).
  const Millis ok = rig.FirstLedAfter(cut + 3000, Color::kGreen);
  ASSERT_NE(ok, kNever);
  EXPECT_LE(rig.FirstLedAfter(ok, Color::kBlue) - ok, 5500u);
}

TEST(Pair, LB_PAIR_3_OnlyTheRadioSetsPairingAndItPersists) {
  Rig rig("halo");
  Ready(rig);
  // No key sequence stops UNPAIRED.
  Beeps(rig, "P" + kMaster + "LP" + kUser2 + "L", 2500);
  Beeps(rig, "P" + kMaster + "LP9L", 7000);
  Beeps(rig, kWrong + "L");
  Beeps(rig, "L");
  Beeps(rig, kUser);
  Millis t = rig.clock.now;
  rig.Advance(11000);
  EXPECT_GE(rig.BlinksBetween(t, rig.clock.now, Color::kBlue), 2);
  // The radio's report sets it; it survives power cuts.
  rig.controller().OnPairingCompleted();
  PowerCycle(rig);
  PowerCycle(rig);
  Beeps(rig, "P" + kMaster + "LP3L", 2500);
  t = rig.clock.now;
  rig.Advance(20000);
  EXPECT_EQ(rig.BlinksBetween(t, rig.clock.now, Color::kBlue), 0);
}

}  // namespace
}  // namespace lockfw::testing
