#include "rig/sim/bolt_mechanism.h"

#include <gtest/gtest.h>

namespace lockrig::sim {
namespace {

using lockfw::hal::MotorDrive;

constexpr VirtualMicros kMs = 1000;

// Runs the mechanism from one predicted transition to the next until it
// stops moving; returns the time it stopped.
VirtualMicros RunToRest(BoltMechanism& bolt) {
  VirtualMicros at = 0;
  while (auto next = bolt.NextTransition()) {
    at = *next;
    bolt.AdvanceTo(at);
  }
  return at;
}

TEST(BoltMechanism, FreeTravelTakes800msAt6V) {
  BoltMechanism bolt{MechanismParams{}};
  bolt.SetSource(0, 6.0, 0.0);
  bolt.SetDrive(0, MotorDrive::kPolarityA);
  EXPECT_NEAR(static_cast<double>(RunToRest(bolt)), 800 * kMs, 2);
  EXPECT_EQ(bolt.Position(), 1.0);
  EXPECT_EQ(bolt.Load(), MotorLoad::kStalled);
}

TEST(BoltMechanism, TravelIsSlowerInProportionToLowerVoltage) {
  BoltMechanism bolt{MechanismParams{}};
  bolt.SetSource(0, 4.8, 0.0);
  bolt.SetDrive(0, MotorDrive::kPolarityA);
  EXPECT_NEAR(static_cast<double>(RunToRest(bolt)), 1000 * kMs, 2);  // 0.8 s * 6.0 / 4.8
}

TEST(BoltMechanism, SagAcrossThePackResistanceSlowsTheBolt) {
  MechanismParams params;
  BoltMechanism bolt{params};
  bolt.SetSource(0, 6.0, 0.3);
  bolt.SetDrive(0, MotorDrive::kPolarityA);
  const double motor_volts = 6.0 - params.running_amps * 0.3;
  EXPECT_NEAR(static_cast<double>(RunToRest(bolt)), 800 * kMs * 6.0 / motor_volts, 2);
}

TEST(BoltMechanism, ReferenceMechanismTravelsWithin1200msAtCriticalVoltage) {
  BoltMechanism bolt{MechanismParams{}};
  bolt.SetSource(0, 4.4, 0.3);  // v_crit, with the default pack's resistance
  bolt.SetDrive(0, MotorDrive::kPolarityA);
  EXPECT_LE(RunToRest(bolt), 1200 * kMs);
}

TEST(BoltMechanism, PositionBetweenEventsIsLinear) {
  BoltMechanism bolt{MechanismParams{}};
  bolt.SetSource(0, 6.0, 0.0);
  bolt.SetDrive(0, MotorDrive::kPolarityA);
  EXPECT_NEAR(bolt.PositionAt(400 * kMs), 0.5, 1e-9);
  EXPECT_NEAR(bolt.PositionAt(200 * kMs), 0.25, 1e-9);
}

TEST(BoltMechanism, LimitSwitchesReadNearTheirEnds) {
  BoltMechanism bolt{MechanismParams{}};
  EXPECT_TRUE(bolt.AtRetractedLimit());
  EXPECT_FALSE(bolt.AtExtendedLimit());
  bolt.SetPosition(0, 0.5);
  EXPECT_FALSE(bolt.AtRetractedLimit());
  EXPECT_FALSE(bolt.AtExtendedLimit());
  bolt.SetPosition(0, 0.995);
  EXPECT_TRUE(bolt.AtExtendedLimit());
}

TEST(BoltMechanism, PushingAgainstAnEndStopTripsOverCurrent) {
  BoltMechanism bolt{MechanismParams{}};
  bolt.SetSource(0, 6.4, 0.3);
  bolt.SetDrive(0, MotorDrive::kPolarityB);  // retract while retracted
  EXPECT_EQ(bolt.Load(), MotorLoad::kStalled);
  EXPECT_TRUE(bolt.OverCurrent());
  bolt.SetDrive(0, MotorDrive::kOff);
  EXPECT_FALSE(bolt.OverCurrent());
}

TEST(BoltMechanism, JamStopsTheExtendingBoltPartWay) {
  BoltMechanism bolt{MechanismParams{}};
  bolt.SetSource(0, 6.0, 0.0);
  bolt.SetJam(0, true);
  bolt.SetDrive(0, MotorDrive::kPolarityA);
  const double jam = MechanismParams{}.jam_position;
  EXPECT_NEAR(static_cast<double>(RunToRest(bolt)), jam * 800 * kMs, 2);
  EXPECT_EQ(bolt.Position(), jam);
  EXPECT_TRUE(bolt.OverCurrent());
  EXPECT_FALSE(bolt.AtExtendedLimit());
  EXPECT_FALSE(bolt.AtRetractedLimit());
}

TEST(BoltMechanism, DisengagedClutchNeverMovesTheBoltNorTripsOverCurrent) {
  BoltMechanism bolt{MechanismParams{}};
  bolt.SetSource(0, 6.4, 0.3);
  bolt.SetClutchEngaged(0, false);
  bolt.SetDrive(0, MotorDrive::kPolarityA);
  EXPECT_FALSE(bolt.NextTransition().has_value());
  EXPECT_EQ(bolt.PositionAt(10'000 * kMs), 0.0);
  EXPECT_EQ(bolt.Load(), MotorLoad::kRunning);
  EXPECT_FALSE(bolt.OverCurrent());
}

TEST(BoltMechanism, FrictionSlowsTheBoltWithoutStalling) {
  BoltMechanism bolt{MechanismParams{}};
  bolt.SetSource(0, 6.0, 0.0);
  bolt.SetFriction(0, 2.0);
  bolt.SetDrive(0, MotorDrive::kPolarityA);
  EXPECT_FALSE(bolt.OverCurrent());
  EXPECT_NEAR(static_cast<double>(RunToRest(bolt)), 1600 * kMs, 2);
}

TEST(BoltMechanism, HeavyFrictionTripsOverCurrentWhileMoving) {
  BoltMechanism bolt{MechanismParams{}};
  bolt.SetSource(0, 6.4, 0.3);
  bolt.SetFriction(0, 3.0);  // 1.05 A running: above the 1.0 A comparator
  bolt.SetDrive(0, MotorDrive::kPolarityA);
  EXPECT_TRUE(bolt.OverCurrent());
}

TEST(BoltMechanism, OtherPolarityExtendsOnAnOppositelyHandedDoor) {
  BoltMechanism bolt{MechanismParams{}};
  bolt.SetSource(0, 6.0, 0.0);
  bolt.SetExtendPolarity(0, MotorDrive::kPolarityB);
  bolt.SetDrive(0, MotorDrive::kPolarityB);
  RunToRest(bolt);
  EXPECT_EQ(bolt.Position(), 1.0);
}

}  // namespace
}  // namespace lockrig::sim
