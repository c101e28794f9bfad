// Behaviour tests of the LockController against the fake board; each test
// name carries the requirement it checks.
#include <gtest/gtest.h>

#include "tests/firmware/fake_board.h"

namespace lockfw::testing {
namespace {

constexpr Millis kNever = 0xFFFFFFFFu;

// A smartcode lock, handed, with user code 1357 (added with `P C L`).
class Smartcode : public ::testing::Test {
 protected:
  void SetUp() override {
    rig.BootAndHand();
    rig.Enter("P1357L");
    rig.Advance(2000);
  }
  Rig rig{"smartcode"};
};

// ---------------------------------------------------------------- POWER

TEST(Power, LB_POWER_1_BootSignalOneBeepRedGreenAmber) {
  Rig rig("smartcode");
  rig.PowerOn();
  rig.Advance(700);
  EXPECT_EQ(rig.BeepsBetween(0, 700), 1);
  EXPECT_LE(rig.FirstBeepAfter(0), 300u);
  EXPECT_EQ(rig.LedAt(100), Color::kRed);
  EXPECT_EQ(rig.LedAt(300), Color::kGreen);
  EXPECT_EQ(rig.LedAt(500), Color::kAmber);
  EXPECT_EQ(rig.LedAt(650), Color::kOff);
}

TEST(Power, LB_POWER_1_HaloBootAddsBlue) {
  Rig rig("halo");
  rig.PowerOn();
  rig.Advance(900);
  EXPECT_EQ(rig.LedAt(700), Color::kBlue);
  EXPECT_EQ(rig.LedAt(850), Color::kOff);
}

TEST(Power, LB_POWER_2_KeysBeforeReadyIgnoredUntilReleased) {
  Rig rig("smartcode");
  rig.BootAndHand();
  rig.Enter("P1357L");
  rig.Advance(2000);
  rig.Enter("L");
  rig.Advance(2000);
  rig.PowerOff();
  rig.Advance(500);
  rig.PowerOn();
  rig.Advance(200);
  rig.Enter("1357");  // digits at 200 and 600 ms are ignored; "57" is discarded
  rig.Advance(6000);
  EXPECT_TRUE(rig.BoltExtended());
  const Millis t = rig.clock.now;
  rig.Enter("1357");
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltRetracted());
  EXPECT_EQ(rig.BeepsBetween(t, t + 1500), 1);
}

TEST(Power, LB_POWER_2_KeyHeldAtPowerOnIgnoredUntilReleased) {
  Rig rig("smartcode");
  rig.BootAndHand();
  rig.Advance(2000);
  rig.PowerOff();
  rig.Close(Contact::kLock);
  const Millis t = rig.clock.now;
  rig.PowerOn();
  rig.Advance(2000);
  rig.Open(Contact::kLock);
  rig.Advance(2000);
  EXPECT_TRUE(rig.BoltRetracted());
  EXPECT_FALSE(rig.MotorRanBetween(t, rig.clock.now));
  EXPECT_EQ(rig.BeepsBetween(t + 700, rig.clock.now), 0);
}

TEST(Power, LB_POWER_3_PowerUpWithHandingLearnedDoesNotMoveBolt) {
  Rig rig("smartcode");
  rig.BootAndHand();
  rig.bolt.position = 300;  // between ends
  rig.PowerOff();
  const Millis t = rig.clock.now;
  rig.PowerOn();
  rig.Advance(10000);
  EXPECT_FALSE(rig.MotorRanBetween(t, rig.clock.now));
}

TEST(Power, LB_POWER_4_LowBatteryAfterBoot) {
  Rig rig("smartcode");
  rig.battery.millivolts = 4700;
  rig.PowerOn();
  rig.Advance(3000);
  EXPECT_EQ(rig.BeepsBetween(0, 600), 1);
  EXPECT_EQ(rig.BlinksBetween(600, 2600, Color::kRed), 3);
  EXPECT_EQ(rig.BeepsBetween(600, 2600), 3);
}

// ---------------------------------------------------------------- HANDING

TEST(Handing, LB_HANDING_2_BlankStoreRunsCycleOneSecondAfterBoot) {
  Rig rig("smartcode");
  rig.PowerOn();
  rig.Advance(8000);
  const Millis first = rig.FirstMotorAfter(0);
  EXPECT_NEAR(static_cast<double>(first), 1600.0, 50.0);
  EXPECT_TRUE(rig.BoltRetracted());
  EXPECT_TRUE(rig.controller().persistent_state().handing_learned);
}

TEST(Handing, LB_HANDING_3_ExtendDwellRetractThenHandingOk) {
  for (auto polarity : {hal::MotorDrive::kPolarityA, hal::MotorDrive::kPolarityB}) {
    Rig rig("smartcode");
    rig.bolt.extend_polarity = polarity;
    rig.PowerOn();
    Millis extended_at = kNever, retracted_at = kNever;
    for (Millis t = 0; t < 8000; ++t) {
      rig.Advance(1);
      if (extended_at == kNever && rig.BoltExtended()) extended_at = rig.clock.now;
      if (extended_at != kNever && retracted_at == kNever && rig.BoltRetracted()) {
        retracted_at = rig.clock.now;
      }
    }
    ASSERT_NE(extended_at, kNever);
    ASSERT_NE(retracted_at, kNever);
    // Cycle starts at 1600; retracted within 5.0 s of it.
    EXPECT_LE(retracted_at, 1600u + 5000u);
    // Dwell 500 ms +- 50 at extended (the retract leg leaves the limit at once).
    const Millis leave = rig.FirstMotorAfter(extended_at + 1);
    EXPECT_NEAR(static_cast<double>(leave - extended_at), 500.0, 50.0);
    const Millis ok = rig.FirstBeepAfter(retracted_at);
    EXPECT_LE(ok - retracted_at, 300u);
    EXPECT_EQ(rig.BeepsBetween(retracted_at, retracted_at + 1500), 2);
    EXPECT_EQ(rig.BlinksBetween(retracted_at, retracted_at + 1500, Color::kGreen), 2);
    EXPECT_EQ(rig.controller().persistent_state().extend_polarity, polarity);
  }
}

TEST(Handing, LB_HANDING_3_FirstMotionWithin600ms) {
  Rig rig("smartcode");
  rig.bolt.extend_polarity = hal::MotorDrive::kPolarityB;  // the probe must reverse
  rig.PowerOn();
  Millis moved = kNever;
  for (Millis t = 0; t < 3000 && moved == kNever; ++t) {
    rig.Advance(1);
    if (rig.bolt.position > 0) moved = rig.clock.now;
  }
  EXPECT_LE(moved, 1600u + 600u);
}

TEST(Handing, LB_HANDING_4_BothHandingsUnlockAndLock) {
  for (auto polarity : {hal::MotorDrive::kPolarityA, hal::MotorDrive::kPolarityB}) {
    Rig rig("smartcode");
    rig.bolt.extend_polarity = polarity;
    rig.BootAndHand();
    rig.Enter("P1357L");
    rig.Advance(1500);
    rig.Enter("L");
    rig.Advance(1500);
    EXPECT_TRUE(rig.BoltExtended());
    rig.Enter("1357");
    rig.Advance(1500);
    EXPECT_TRUE(rig.BoltRetracted());
  }
}

// ---------------------------------------------------------------- KEYPAD

TEST_F(Smartcode, LB_KEYPAD_1_PairedButtonsCompareAsButtons) {
  rig.Enter("L");
  rig.Advance(1500);
  ASSERT_TRUE(rig.BoltExtended());
  rig.Enter("2468");
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltRetracted());
}

TEST_F(Smartcode, LB_KEYPAD_2_ShortClosureDoesNotRegister) {
  rig.Enter("L");
  rig.Advance(1500);
  const Millis t = rig.clock.now;
  for (char d : std::string("1357")) rig.PressDigit(d, 15, 250);
  rig.Advance(6000);
  EXPECT_TRUE(rig.BoltExtended());
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 0);  // nothing buffered, nothing rejected
}

TEST_F(Smartcode, LB_KEYPAD_2_FortyMsPressesWithBounceRegisterOnce) {
  rig.Enter("L");
  rig.Advance(1500);
  rig.bounce_toggles = 5;
  rig.Enter("1357", 40, 100);
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltRetracted());
}

TEST_F(Smartcode, LB_KEYPAD_2_RegistersWithin30msOfPressEdge) {
  // The last digit's registration is seen through the ACCEPT beep, which the
  // controller starts in the same call.
  rig.Enter("L");
  rig.Advance(1500);
  rig.bounce_toggles = 9;  // chatter for 10 ms
  rig.Enter("135");
  const Millis edge = rig.clock.now;
  rig.PressDigit('7', 40, 200);
  EXPECT_LE(rig.FirstBeepAfter(edge) - edge, 30u);
}

TEST_F(Smartcode, LB_KEYPAD_3_HeldKeyRegistersOnce) {
  rig.Enter("L");
  rig.Advance(1500);
  const Millis t = rig.clock.now;
  rig.PressDigit('1', 3000);  // counts as one digit
  rig.Enter("357");
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltRetracted());
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 1);
}

TEST_F(Smartcode, LB_KEYPAD_3_OtherKeysIgnoredWhileOneHeld) {
  rig.Enter("L");
  rig.Advance(1500);
  rig.Close(rig.DigitContact('1'));
  rig.Advance(100);
  rig.Enter("3");  // ignored
  rig.Open(rig.DigitContact('1'));
  rig.Advance(200);
  rig.Enter("357");
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltRetracted());
}

TEST_F(Smartcode, LB_KEYPAD_4_KeyPressGivesNoFeedback) {
  const Millis t = rig.clock.now;
  rig.PressDigit('9');
  rig.Advance(1000);
  EXPECT_TRUE(rig.Quiet(t, rig.clock.now));
}

TEST_F(Smartcode, LB_KEYPAD_5_MatchOnLastDigitWithoutTerminator) {
  rig.Enter("L");
  rig.Advance(1500);
  rig.Enter("1357");
  rig.Advance(1200);
  EXPECT_TRUE(rig.BoltRetracted());
}

TEST_F(Smartcode, LB_KEYPAD_6_CodeMaxDigitsWithoutMatchIsFailure) {
  const Millis t = rig.clock.now;
  rig.Enter("9999999");
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 0);
  const Millis edge = rig.clock.now;
  rig.PressDigit('9');
  EXPECT_LE(rig.FirstBeepAfter(edge) - edge, 150u);
  rig.Advance(1000);
  EXPECT_EQ(rig.BeepsBetween(edge, rig.clock.now), 3);
}

TEST_F(Smartcode, LB_KEYPAD_6_LockWithCodeMinDigitsRejectsWithoutMotion) {
  rig.Enter("9999");
  const Millis edge = rig.clock.now;
  rig.Enter("L");
  rig.Advance(1000);
  EXPECT_LE(rig.FirstBeepAfter(edge) - edge, 150u);
  EXPECT_EQ(rig.BeepsBetween(edge, rig.clock.now), 3);
  EXPECT_EQ(rig.LedAt(edge + 500), Color::kRed);
  EXPECT_FALSE(rig.MotorRanBetween(edge, rig.clock.now));
}

TEST_F(Smartcode, LB_KEYPAD_7_ShortEntryDiscardedByLock) {
  rig.Enter("99");
  const Millis edge = rig.clock.now;
  rig.Enter("L");
  rig.Advance(1500);
  EXPECT_EQ(rig.BeepsBetween(edge, rig.clock.now), 1);
  EXPECT_TRUE(rig.BoltExtended());
}

TEST_F(Smartcode, LB_KEYPAD_7_ShortEntryDiscardedSilentlyOnTimeout) {
  const Millis t = rig.clock.now;
  rig.Enter("99");
  rig.Advance(6000);
  EXPECT_TRUE(rig.Quiet(t, rig.clock.now));
  rig.Enter("1357");  // not combined with the discarded digits
  rig.Advance(1500);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 1);
}

TEST_F(Smartcode, LB_KEYPAD_8_EntryTimeoutFromLastPressEdge) {
  rig.Enter("999");
  const Millis edge = rig.clock.now;
  rig.PressDigit('9');
  rig.Advance(6000);
  const Millis reject = rig.FirstBeepAfter(edge);
  EXPECT_NEAR(static_cast<double>(reject - edge), 5000.0, 50.0);
}

TEST_F(Smartcode, LB_KEYPAD_8_DigitRestartsTimeout) {
  rig.Enter("L");
  rig.Advance(1500);
  rig.Enter("135", 150, 250);
  rig.Advance(4900 - 400);
  const Millis t = rig.clock.now;
  rig.PressDigit('7');
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltRetracted());
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 1);
}

TEST_F(Smartcode, LB_KEYPAD_9_KeysWhileBoltMovesIgnored) {
  rig.Enter("L");
  rig.Advance(1500);
  rig.Enter("1357", 40, 40);  // bolt starts moving on the 4th digit
  const Millis t = rig.clock.now;
  rig.Enter("1357", 40, 40);  // pressed while the bolt moves
  rig.Advance(2000);
  EXPECT_EQ(rig.BeepsBetween(t - 100, rig.clock.now), 1);
}

TEST_F(Smartcode, LB_KEYPAD_9_CodeDuringRejectIsProcessed) {
  rig.Enter("L");
  rig.Advance(1500);
  rig.Enter("9999L", 150, 100);  // REJECT plays for 1 s
  rig.Enter("1357", 100, 50);
  rig.Advance(2500);
  EXPECT_TRUE(rig.BoltRetracted());
}

// ---------------------------------------------------------------- UNLOCK / LOCK

TEST_F(Smartcode, LB_UNLOCK_1_AcceptWithin150msAndRetractWithin250ms) {
  rig.Enter("L");
  rig.Advance(1500);
  rig.Enter("135");
  const Millis edge = rig.clock.now;
  rig.PressDigit('7');
  rig.Advance(1500);
  EXPECT_LE(rig.FirstBeepAfter(edge) - edge, 150u);
  EXPECT_LE(rig.FirstLedAfter(edge, Color::kGreen) - edge, 150u);
  EXPECT_LE(rig.FirstMotorAfter(edge) - edge, 250u);
  EXPECT_EQ(rig.BeepsBetween(edge, rig.clock.now), 1);
  // Green for 1000 ms.
  const Millis green = rig.FirstLedAfter(edge, Color::kGreen);
  EXPECT_EQ(rig.LedAt(green + 980), Color::kGreen);
  EXPECT_EQ(rig.LedAt(green + 1020), Color::kOff);
}

TEST_F(Smartcode, LB_UNLOCK_2_RetractedWithin1500ms) {
  rig.Enter("L");
  rig.Advance(1500);
  rig.Enter("135");
  const Millis edge = rig.clock.now;
  rig.PressDigit('7', 150, 0);
  Millis done = kNever;
  for (int i = 0; i < 2000 && done == kNever; ++i) {
    rig.Advance(1);
    if (rig.BoltRetracted()) done = rig.clock.now;
  }
  EXPECT_LE(done - edge, 1500u);
  rig.Advance(100);
  EXPECT_EQ(rig.bolt.drive, hal::MotorDrive::kOff);
}

TEST_F(Smartcode, LB_UNLOCK_3_AlreadyRetractedAcceptWithoutMotor) {
  const Millis t = rig.clock.now;
  rig.Enter("1357");
  rig.Advance(2000);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 1);
  EXPECT_FALSE(rig.MotorRanBetween(t, rig.clock.now));
}

TEST_F(Smartcode, LB_LOCK_1_LockExtendsWithin1500ms) {
  const Millis edge = rig.clock.now;
  rig.Press(Contact::kLock, 150, 0);
  Millis done = kNever;
  for (int i = 0; i < 2000 && done == kNever; ++i) {
    rig.Advance(1);
    if (rig.BoltExtended()) done = rig.clock.now;
  }
  EXPECT_LE(rig.FirstBeepAfter(edge) - edge, 150u);
  EXPECT_LE(rig.FirstMotorAfter(edge) - edge, 250u);
  EXPECT_LE(done - edge, 1500u);
}

TEST_F(Smartcode, LB_LOCK_2_AlreadyExtendedAcceptWithoutMotor) {
  rig.Enter("L");
  rig.Advance(1500);
  const Millis t = rig.clock.now;
  rig.Enter("L");
  rig.Advance(2000);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 1);
  EXPECT_FALSE(rig.MotorRanBetween(t, rig.clock.now));
}

// ---------------------------------------------------------------- SIGNALS

TEST_F(Smartcode, LB_SIG_1_RejectBeepsAt0_200_400AndRedOneSecond) {
  rig.Enter("9999");
  const Millis edge = rig.clock.now;
  rig.Enter("L");
  rig.Advance(1500);
  std::vector<Millis> on;
  for (const auto& e : rig.buzzer.log) {
    if (e.on && e.at >= edge) on.push_back(e.at);
  }
  ASSERT_EQ(on.size(), 3u);
  EXPECT_EQ(on[1] - on[0], 200u);
  EXPECT_EQ(on[2] - on[0], 400u);
  const Millis red = rig.FirstLedAfter(edge, Color::kRed);
  EXPECT_EQ(rig.LedAt(red + 990), Color::kRed);
  EXPECT_EQ(rig.LedAt(red + 1010), Color::kOff);
}

TEST_F(Smartcode, LB_SIG_2_QueuedSignalStarts300msAfterPrevious) {
  rig.Enter("L");
  rig.Advance(1500);
  rig.Enter("9999L", 150, 100);  // REJECT from the L edge
  const Millis reject = rig.FirstBeepAfter(rig.clock.now - 300);
  rig.Enter("1357", 100, 50);  // ACCEPT queued behind REJECT
  rig.Advance(2500);
  const Millis accept = rig.FirstLedAfter(reject, Color::kGreen);
  EXPECT_NEAR(static_cast<double>(accept - (reject + 1000)), 300.0, 50.0);
  EXPECT_TRUE(rig.BoltRetracted());  // the motion was not delayed
}

TEST_F(Smartcode, LB_SIG_2_AcceptThenLowBattery) {
  rig.Enter("L");
  rig.Advance(1500);
  rig.battery.millivolts = 4700;
  const Millis t = rig.clock.now;
  rig.Enter("1357");
  rig.Advance(4000);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 4);
  const Millis green = rig.FirstLedAfter(t, Color::kGreen);
  const Millis red = rig.FirstLedAfter(t, Color::kRed);
  EXPECT_GE(red - (green + 1000), 250u);
}

TEST_F(Smartcode, LB_SIG_3_LedOffWhenIdleAfterSignal) {
  rig.Enter("L");
  rig.Advance(1500);
  EXPECT_EQ(rig.LedAt(rig.clock.now), Color::kOff);
  EXPECT_FALSE(rig.buzzer.sounding);
}

// ---------------------------------------------------------------- PROG / USER

TEST(Prog, LB_PROG_1_ProgramShowsSessionWithin150ms) {
  Rig rig("smartcode");
  rig.BootAndHand();
  const Millis edge = rig.clock.now;
  rig.Enter("P");
  EXPECT_LE(rig.FirstLedAfter(edge, Color::kAmber) - edge, 150u);
  EXPECT_EQ(rig.LedAt(rig.clock.now), Color::kAmber);
}

TEST(User, LB_USER_1_AddFirstUserCodeWithoutMaster) {
  Rig rig("smartcode");
  rig.BootAndHand();
  rig.Enter("P1357");
  const Millis edge = rig.clock.now;
  rig.Enter("L");
  EXPECT_LE(rig.FirstBeepAfter(edge) - edge, 300u);
  rig.Advance(1500);
  EXPECT_EQ(rig.BeepsBetween(edge, rig.clock.now), 1);
  EXPECT_EQ(rig.LedAt(rig.clock.now), Color::kOff);  // LB-PROG-4: session closed
  rig.Enter("L");
  rig.Advance(1500);
  rig.Enter("1357");
  rig.Advance(1500);
  EXPECT_TRUE(rig.BoltRetracted());
}

TEST_F(Smartcode, LB_PROG_3_EmptyEntryInSessionRejects) {
  rig.Enter("L");
  rig.Advance(1500);
  const Millis t = rig.clock.now;
  rig.Enter("PL");
  rig.Advance(1500);
  EXPECT_EQ(rig.BeepsBetween(t, rig.clock.now), 3);
  EXPECT_FALSE(rig.MotorRanBetween(t, rig.clock.now));
}

TEST_F(Smartcode, LB_PROG_4_SessionClosesAfterOperation) {
  rig.Enter("P2222L");
  rig.Advance(1200);
  EXPECT_EQ(rig.LedAt(rig.clock.now), Color::kOff);
}

TEST_F(Smartcode, LB_PROG_5_SessionTimesOutSilently) {
  rig.Enter("L");
  rig.Advance(1500);
  const Millis edge = rig.clock.now;
  rig.Enter("P");
  rig.Enter("9999");
  const Millis last = edge + 4 * 400;
  rig.AdvanceTo(last + 10000 - 60);
  EXPECT_EQ(rig.LedAt(rig.clock.now), Color::kAmber);
  rig.AdvanceTo(last + 10000 + 150);
  EXPECT_EQ(rig.LedAt(rig.clock.now), Color::kOff);
  EXPECT_EQ(rig.BeepsBetween(edge, rig.clock.now), 0);
  rig.Enter("9999");  // the partial entry was discarded: a fresh 4-digit entry
  rig.Advance(6000);
  EXPECT_EQ(rig.BeepsBetween(edge, rig.clock.now), 3);
}

}  // namespace
}  // namespace lockfw::testing
