#include "rig/sim/virtual_board.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <stdexcept>

#include <gtest/gtest.h>

#include "tests/rig/sim/fake_mcu.h"

namespace lockrig::sim {
namespace {

using lockfw::hal::Contact;
using lockfw::hal::MotorDrive;
using testing::FakeMcu;
using Call = FakeMcu::Call;

constexpr VirtualMicros kMs = 1000;
constexpr VirtualMicros kSec = 1'000'000;

// A board with a scripted MCU, powered at t = 0.
struct Rig {
  explicit Rig(BoardOptions options = {}, std::uint64_t seed = 7,
               KeypadKind keypad = KeypadKind::kPaired5)
      : board(scheduler, keypad, 1, seed, options), mcu(scheduler) {
    board.Attach(mcu);
    board.Start();
  }
  // Drives the motor at `at` as the firmware would, from an event.
  void DriveAt(VirtualMicros at, MotorDrive drive) {
    scheduler.At(at, [this, drive] { board.Drive(drive); });
  }
  void Run(VirtualMicros until) { scheduler.RunUntil(until); }

  Scheduler scheduler;
  VirtualBoard board;
  FakeMcu mcu;
};

BoardOptions Ideal() {
  BoardOptions options;
  options.battery.internal_ohms = 0.0;
  options.battery.drain_volts_per_coulomb = 0.0;
  options.relays.bounce = false;
  return options;
}

// When the board's log first says `what` (-1: never).
VirtualMicros FirstLogAt(const VirtualBoard& board, const std::string& what) {
  for (const TruthEvent& event : board.log()) {
    if (event.what == what) return event.at;
  }
  return -1;
}

TEST(VirtualBoard, LockBootsShortlyAfterTheBatteryMeetsTheBoard) {
  Rig rig;
  rig.Run(10 * kMs);
  ASSERT_EQ(rig.mcu.TimesOf(Call::kPowerOn).size(), 1u);
  EXPECT_EQ(rig.mcu.TimesOf(Call::kPowerOn)[0], PowerSupervisorParams{}.reset_release_us);
  EXPECT_TRUE(rig.board.mcu_running());
  EXPECT_TRUE(rig.board.battery_connected());
  EXPECT_EQ(rig.board.BoltPositionAt(rig.scheduler.Now()), 0.0);
}

TEST(VirtualBoard, BoltTravels800msAt6Volts) {
  BoardOptions options = Ideal();
  options.battery.rest_volts = 6.0;
  Rig rig(options);
  rig.DriveAt(100 * kMs, MotorDrive::kPolarityA);
  rig.Run(2 * kSec);
  EXPECT_NEAR(static_cast<double>(FirstLogAt(rig.board, "over-current on")), 900 * kMs, 2);
  EXPECT_EQ(rig.board.BoltPositionAt(rig.scheduler.Now()), 1.0);
}

TEST(VirtualBoard, BoltTravels1000msAt4_8Volts) {
  Rig rig(Ideal());
  rig.board.SetBatteryRestVolts(4.8);
  rig.DriveAt(100 * kMs, MotorDrive::kPolarityA);
  rig.Run(2 * kSec);
  EXPECT_NEAR(static_cast<double>(FirstLogAt(rig.board, "over-current on")), 1100 * kMs, 2);
}

TEST(VirtualBoard, FirmwareHearsLimitSwitchesAndOverCurrentAtTheEndStop) {
  Rig rig(Ideal());
  rig.board.SetBatteryRestVolts(6.0);
  rig.DriveAt(100 * kMs, MotorDrive::kPolarityA);
  rig.Run(2 * kSec);
  // Retracted limit lets go after 3% of the stroke (24 ms), the extended
  // one closes 24 ms before the end stop, and the comparator trips at the
  // stop.
  const std::vector<VirtualMicros> sensors = rig.mcu.TimesOf(Call::kSensors);
  ASSERT_EQ(sensors.size(), 3u);
  EXPECT_NEAR(static_cast<double>(sensors[0]), 124 * kMs, 2);
  EXPECT_NEAR(static_cast<double>(sensors[1]), 876 * kMs, 2);
  EXPECT_NEAR(static_cast<double>(sensors[2]), 900 * kMs, 2);
  EXPECT_TRUE(rig.board.AtExtendedLimit());
  EXPECT_FALSE(rig.board.AtRetractedLimit());
  EXPECT_TRUE(rig.board.MotorOverCurrent());
  rig.DriveAt(rig.scheduler.Now(), MotorDrive::kOff);
  rig.Run(rig.scheduler.Now() + kMs);
  EXPECT_FALSE(rig.board.MotorOverCurrent());
  EXPECT_EQ(rig.mcu.TimesOf(Call::kSensors).size(), 4u);
}

TEST(VirtualBoard, FirmwareStoppingAtTheLimitSwitchLeavesTheBoltExtendedWithoutStall) {
  Rig rig(Ideal());
  rig.mcu.on_sensors = [&] {
    if (rig.board.AtExtendedLimit()) rig.board.Drive(MotorDrive::kOff);
  };
  rig.DriveAt(10 * kMs, MotorDrive::kPolarityA);
  rig.Run(2 * kSec);
  EXPECT_EQ(FirstLogAt(rig.board, "over-current on"), -1);
  EXPECT_GE(rig.board.BoltPositionAt(rig.scheduler.Now()), 0.99);
  EXPECT_EQ(rig.board.mechanism().drive(), MotorDrive::kOff);
}

TEST(VirtualBoard, JamStopsTheBoltPartWayAndTripsOverCurrent) {
  Rig rig(Ideal());
  rig.board.SetJam(true);
  rig.DriveAt(10 * kMs, MotorDrive::kPolarityA);
  rig.Run(2 * kSec);
  EXPECT_DOUBLE_EQ(rig.board.BoltPositionAt(rig.scheduler.Now()), MechanismParams{}.jam_position);
  EXPECT_TRUE(rig.board.MotorOverCurrent());
  EXPECT_FALSE(rig.board.AtExtendedLimit());
  // Driving back still works: the misaligned strike only blocks the way out.
  rig.DriveAt(rig.scheduler.Now(), MotorDrive::kPolarityB);
  rig.Run(rig.scheduler.Now() + 2 * kSec);
  EXPECT_EQ(rig.board.BoltPositionAt(rig.scheduler.Now()), 0.0);
}

TEST(VirtualBoard, DisengagedClutchNeverMovesTheBolt) {
  Rig rig(Ideal());
  rig.board.SetClutchEngaged(false);
  rig.DriveAt(10 * kMs, MotorDrive::kPolarityA);
  rig.Run(4 * kSec);
  EXPECT_EQ(rig.board.BoltPositionAt(rig.scheduler.Now()), 0.0);
  EXPECT_FALSE(rig.board.MotorOverCurrent());
  EXPECT_TRUE(rig.mcu.TimesOf(Call::kSensors).empty());
}

TEST(VirtualBoard, LeftHandedDoorExtendsWithPolarityB) {
  Rig rig(Ideal());
  rig.board.SetDoor(DoorHanding::kLeft);
  rig.DriveAt(10 * kMs, MotorDrive::kPolarityB);
  rig.Run(2 * kSec);
  EXPECT_EQ(rig.board.BoltPositionAt(rig.scheduler.Now()), 1.0);
}

TEST(VirtualBoard, KeyRelayClosesItsContactAfterTheOperateDelay) {
  Rig rig(Ideal());
  rig.Run(100 * kMs);
  const VirtualMicros edge = rig.board.SetRelay("key_lock", true);
  EXPECT_GE(edge, 100 * kMs + RelayTiming{}.operate_min_us - RelayTiming{}.jitter_us);
  EXPECT_LE(edge, 100 * kMs + RelayTiming{}.operate_max_us + RelayTiming{}.jitter_us);
  rig.Run(edge - 1);
  EXPECT_FALSE(rig.board.IsClosed(Contact::kLock));
  rig.Run(edge);
  EXPECT_TRUE(rig.board.IsClosed(Contact::kLock));
  ASSERT_EQ(rig.mcu.TimesOf(Call::kContact).size(), 1u);
  EXPECT_EQ(rig.mcu.TimesOf(Call::kContact)[0], edge);
  EXPECT_EQ(rig.mcu.calls.back().contact, Contact::kLock);
  const VirtualMicros release = rig.board.SetRelay("key_lock", false);
  EXPECT_GE(release - edge, RelayTiming{}.release_min_us - RelayTiming{}.jitter_us);
  rig.Run(release);
  EXPECT_FALSE(rig.board.IsClosed(Contact::kLock));
}

TEST(VirtualBoard, ContactBouncesOnlyWithin10msOfEachEdgeAndSettles) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Rig rig(BoardOptions{}, seed);
    rig.Run(100 * kMs);
    const VirtualMicros press = rig.board.SetRelay("key_3_4", true);
    rig.Run(press + 200 * kMs);
    const VirtualMicros release = rig.board.SetRelay("key_3_4", false);
    rig.Run(release + 200 * kMs);
    for (VirtualMicros at : rig.mcu.TimesOf(Call::kContact)) {
      const bool near_press = at >= press && at < press + 10 * kMs;
      const bool near_release = at >= release && at < release + 10 * kMs;
      EXPECT_TRUE(near_press || near_release) << "seed " << seed << " edge at " << at;
    }
    EXPECT_EQ(rig.mcu.TimesOf(Call::kContact).size() % 2, 0u);
    EXPECT_FALSE(rig.board.IsClosed(lockfw::hal::DigitContact(1)));
  }
}

TEST(VirtualBoard, SomeSeedsBounce) {
  int bounced = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Rig rig(BoardOptions{}, seed);
    rig.board.SetRelay("program", true);
    rig.Run(100 * kMs);
    if (rig.mcu.TimesOf(Call::kContact).size() > 1) ++bounced;
  }
  EXPECT_GT(bounced, 0);
}

TEST(VirtualBoard, RelayNamesFollowTheKeypad) {
  Rig paired(Ideal(), 1, KeypadKind::kPaired5);
  EXPECT_EQ(paired.board.RelayNames(),
            (std::vector<std::string>{"battery", "key_1_2", "key_3_4", "key_5_6", "key_7_8",
                                      "key_9_0", "key_lock", "program"}));
  Rig ten(Ideal(), 1, KeypadKind::kTen);
  EXPECT_EQ(ten.board.RelayNames().size(), 13u);
  ten.board.SetRelay("key_7", true);
  ten.Run(20 * kMs);
  EXPECT_TRUE(ten.board.IsClosed(lockfw::hal::DigitContact(7)));
  EXPECT_THROW(ten.board.SetRelay("key_1_2", true), std::invalid_argument);
  EXPECT_THROW(paired.board.SetRelay("door", true), std::invalid_argument);
}

TEST(VirtualBoard, BatteryRelayCutsPowerAndTheLockRebootsOnReconnect) {
  Rig rig;  // with bounce: the hold-up must hide it
  std::array<std::uint8_t, 3> stored{9, 8, 7};
  ASSERT_EQ(rig.board.eeprom().Write(10, stored.data(), 3), lockfw::hal::NvmStatus::kOk);
  rig.Run(500 * kMs);
  const VirtualMicros cut = rig.board.SetRelay("battery", true);
  rig.Run(cut + 100 * kMs);
  EXPECT_FALSE(rig.board.mcu_running());
  EXPECT_FALSE(rig.board.battery_connected());
  ASSERT_EQ(rig.mcu.TimesOf(Call::kPowerOff).size(), 1u);
  EXPECT_GE(rig.mcu.TimesOf(Call::kPowerOff)[0], cut);
  EXPECT_LE(rig.mcu.TimesOf(Call::kPowerOff)[0], cut + 10 * kMs);

  rig.Run(cut + 300 * kMs);
  const VirtualMicros reconnect = rig.board.SetRelay("battery", false);
  rig.Run(reconnect + 100 * kMs);
  EXPECT_TRUE(rig.board.mcu_running());
  const std::vector<VirtualMicros> boots = rig.mcu.TimesOf(Call::kPowerOn);
  ASSERT_EQ(boots.size(), 2u);
  EXPECT_GE(boots[1], reconnect);
  EXPECT_LE(boots[1], reconnect + 10 * kMs);
  // The store belongs to the board: it kept its bytes.
  std::array<std::uint8_t, 3> read{};
  ASSERT_EQ(rig.board.eeprom().Read(10, read.data(), 3), lockfw::hal::NvmStatus::kOk);
  EXPECT_EQ(read, stored);
}

TEST(VirtualBoard, PowerCutStopsTheMotorAndDarkensLedsAndBuzzer) {
  Rig rig(Ideal());
  rig.scheduler.At(10 * kMs, [&] {
    rig.board.Show(0, lockfw::hal::Color::kGreen);
    rig.board.Sound(true);
    rig.board.Drive(MotorDrive::kPolarityA);
  });
  rig.Run(200 * kMs);
  const double moving = rig.board.BoltPositionAt(rig.scheduler.Now());
  EXPECT_GT(moving, 0.1);
  rig.board.SetRelay("battery", true);
  rig.Run(300 * kMs);
  EXPECT_EQ(rig.board.led_colors()[0], lockfw::hal::Color::kOff);
  EXPECT_FALSE(rig.board.buzzer_on());
  EXPECT_EQ(rig.board.mechanism().drive(), MotorDrive::kOff);
  const double stopped = rig.board.BoltPositionAt(rig.scheduler.Now());
  rig.Run(2 * kSec);
  EXPECT_EQ(rig.board.BoltPositionAt(rig.scheduler.Now()), stopped);
  std::vector<LineEdge> edges;
  rig.board.TakeLineEdges(edges);
  ASSERT_EQ(edges.size(), 2u);
  EXPECT_TRUE(edges[0].on);
  EXPECT_FALSE(edges[1].on);
}

TEST(VirtualBoard, BrownOutBelow3_6VoltsAndBootAgainAt3_9) {
  Rig rig(Ideal());
  rig.Run(100 * kMs);
  rig.board.SetBatteryRestVolts(3.7);  // between the levels: keeps running
  rig.Run(200 * kMs);
  EXPECT_TRUE(rig.board.mcu_running());
  rig.board.SetBatteryRestVolts(3.5);
  rig.Run(300 * kMs);
  EXPECT_FALSE(rig.board.mcu_running());
  rig.board.SetBatteryRestVolts(3.8);  // between the levels: stays in reset
  rig.Run(400 * kMs);
  EXPECT_FALSE(rig.board.mcu_running());
  rig.board.SetBatteryRestVolts(3.9);
  rig.Run(500 * kMs);
  EXPECT_TRUE(rig.board.mcu_running());
  EXPECT_EQ(rig.mcu.TimesOf(Call::kPowerOn).size(), 2u);
  EXPECT_EQ(rig.mcu.TimesOf(Call::kPowerOff), (std::vector<VirtualMicros>{200 * kMs}));
}

TEST(VirtualBoard, InertLockIgnoresKeys) {
  Rig rig(Ideal());
  rig.board.SetBatteryRestVolts(3.0);
  rig.Run(100 * kMs);
  rig.board.SetRelay("key_lock", true);
  rig.Run(200 * kMs);
  EXPECT_TRUE(rig.board.IsClosed(Contact::kLock));
  EXPECT_TRUE(rig.mcu.TimesOf(Call::kContact).empty());
}

TEST(VirtualBoard, SagUnderAStalledMotorBrownsTheLockOut) {
  BoardOptions options = Ideal();
  options.battery.internal_ohms = 3.0;  // a dying pack
  Rig rig(options);
  rig.DriveAt(100 * kMs, MotorDrive::kPolarityA);
  rig.Run(3 * kSec);
  // Running current sags it only ~1 V; the stall at the end stop takes the
  // rail below 3.6 V, the MCU resets, the motor stops, the pack recovers and
  // the lock boots again.
  EXPECT_EQ(rig.mcu.TimesOf(Call::kPowerOff).size(), 1u);
  EXPECT_EQ(rig.mcu.TimesOf(Call::kPowerOn).size(), 2u);
  EXPECT_TRUE(rig.board.mcu_running());
  EXPECT_EQ(rig.board.mechanism().drive(), MotorDrive::kOff);
}

TEST(VirtualBoard, MotorRunsDrainThePack) {
  Rig rig;
  const double fresh = rig.board.battery().RestVolts();
  for (int run = 0; run < 10; ++run) {
    rig.DriveAt(10 * kMs + run * 2 * kSec,
                run % 2 == 0 ? MotorDrive::kPolarityA : MotorDrive::kPolarityB);
    rig.DriveAt(run * 2 * kSec + kSec, MotorDrive::kOff);
  }
  rig.Run(21 * kSec);
  const double used = fresh - rig.board.battery().RestVolts();
  EXPECT_GT(used, 0.0);
  EXPECT_LT(used, 0.01);
  EXPECT_EQ(rig.board.RestMillivolts(),
            static_cast<std::uint16_t>(std::lround(rig.board.battery().RestVolts() * 1000)));
}

TEST(VirtualBoard, ServiceRunsAtTheWakeupTheFirmwareAsksFor) {
  Rig rig(Ideal());
  rig.mcu.on_power_on = [&] { rig.mcu.wakeups = {250 * kMs, 1250 * kMs}; };
  rig.Run(2 * kSec);
  EXPECT_EQ(rig.mcu.TimesOf(Call::kService), (std::vector<VirtualMicros>{250 * kMs, 1250 * kMs}));
}

TEST(VirtualBoard, PairingReachesOnlyARunningMcu) {
  Rig rig(Ideal());
  rig.Run(10 * kMs);
  rig.board.CompletePairing();
  rig.Run(20 * kMs);
  EXPECT_EQ(rig.mcu.TimesOf(Call::kPairing), (std::vector<VirtualMicros>{10 * kMs}));
  rig.board.SetBatteryRestVolts(3.0);
  rig.Run(30 * kMs);
  rig.board.CompletePairing();
  rig.Run(40 * kMs);
  EXPECT_EQ(rig.mcu.TimesOf(Call::kPairing).size(), 1u);
}

TEST(VirtualBoard, SameSeedGivesTheSameHistory) {
  auto history = [](std::uint64_t seed) {
    Rig rig(BoardOptions{}, seed);
    for (int i = 0; i < 5; ++i) {
      rig.Run(rig.scheduler.Now() + 100 * kMs);
      rig.board.SetRelay("key_1_2", true);
      rig.Run(rig.scheduler.Now() + 150 * kMs);
      rig.board.SetRelay("key_1_2", false);
    }
    rig.Run(rig.scheduler.Now() + kSec);
    std::vector<std::pair<VirtualMicros, std::string>> lines;
    for (const TruthEvent& event : rig.board.log()) lines.emplace_back(event.at, event.what);
    return lines;
  };
  EXPECT_EQ(history(42), history(42));
  EXPECT_NE(history(42), history(43));
}

// --- intermittent key contact ------------------------------------------------

// How each press of `relay` looked to the lock: the longest closure of its
// lock contact within the press (0: it never closed).
std::vector<VirtualMicros> ClosuresPerPress(Rig& rig, const std::string& relay, int presses) {
  std::vector<VirtualMicros> longest;
  for (int i = 0; i < presses; ++i) {
    const std::size_t first = rig.board.log().size();
    rig.Run(rig.scheduler.Now() + 100 * kMs);
    rig.board.SetRelay(relay, true);
    rig.Run(rig.scheduler.Now() + 150 * kMs);
    rig.board.SetRelay(relay, false);
    rig.Run(rig.scheduler.Now() + 100 * kMs);
    VirtualMicros closed_at = -1, best = 0;
    for (std::size_t n = first; n < rig.board.log().size(); ++n) {
      const TruthEvent& event = rig.board.log()[n];
      if (event.what == "contact " + relay + " closed") closed_at = event.at;
      if (event.what == "contact " + relay + " open" && closed_at >= 0) {
        best = std::max(best, event.at - closed_at);
        closed_at = -1;
      }
    }
    longest.push_back(best);
  }
  return longest;
}

TEST(VirtualBoard, IntermittentContactLosesPressesButNeverMakesOne) {
  Rig rig(Ideal());
  rig.board.SetKeyContactFault("key_5_6", 0.4);
  const auto closures = ClosuresPerPress(rig, "key_5_6", 200);
  int lost = 0;
  for (VirtualMicros closure : closures) {
    // A press is either whole (the relay's 150 ms) or lost: nothing closes,
    // or a flicker below the 20 ms the firmware ignores.
    if (closure < 20 * kMs) {
      ++lost;
      EXPECT_LE(closure, 15 * kMs);
    } else {
      EXPECT_GE(closure, 140 * kMs);
    }
  }
  EXPECT_GT(lost, 200 * 0.25);
  EXPECT_LT(lost, 200 * 0.55);
  // Never more lock-contact closures than relay presses.
  int closes = 0;
  for (const TruthEvent& event : rig.board.log()) closes += event.what == "contact key_5_6 closed";
  EXPECT_LE(closes, 200);
}

TEST(VirtualBoard, ContactThatAlwaysFailsNeverReachesTheFirmwareForLong) {
  Rig rig(Ideal());
  rig.board.SetKeyContactFault("key_lock", 1.0);
  for (VirtualMicros closure : ClosuresPerPress(rig, "key_lock", 20)) EXPECT_LE(closure, 15 * kMs);
  rig.board.SetKeyContactFault("key_lock", 0.0);  // repaired
  for (VirtualMicros closure : ClosuresPerPress(rig, "key_lock", 5)) EXPECT_GE(closure, 140 * kMs);
}

TEST(VirtualBoard, ContactFaultIsSeeded) {
  auto pattern = [](std::uint64_t seed) {
    Rig rig(Ideal(), seed);
    rig.board.SetKeyContactFault("key_1_2", 0.5);
    return ClosuresPerPress(rig, "key_1_2", 30);
  };
  EXPECT_EQ(pattern(5), pattern(5));
  EXPECT_NE(pattern(5), pattern(6));
}

TEST(VirtualBoard, ContactFaultNeedsAKeyRelayAndARate) {
  Rig rig;
  EXPECT_THROW(rig.board.SetKeyContactFault("battery", 0.5), std::invalid_argument);
  EXPECT_THROW(rig.board.SetKeyContactFault("key_1", 0.5), std::invalid_argument);
  EXPECT_THROW(rig.board.SetKeyContactFault("key_1_2", 1.5), std::invalid_argument);
}

// --- store writes take time ---------------------------------------------------

TEST(VirtualBoard, OutputsAfterAStoreWriteHappenWhenTheWriteEnds) {
  Rig rig(Ideal());
  std::vector<std::uint8_t> record(300, 0x5A);
  const VirtualMicros write_at = 100 * kMs;
  const VirtualMicros ends = write_at + rig.board.eeprom().WriteDuration(300);
  // As the firmware does: write, then acknowledge (buzzer, LED, motor).
  rig.scheduler.At(write_at, [&] {
    ASSERT_EQ(rig.board.eeprom().Write(0, record.data(), 300), lockfw::hal::NvmStatus::kOk);
    rig.board.Sound(true);
    rig.board.Show(0, lockfw::hal::Color::kGreen);
    rig.board.Drive(MotorDrive::kPolarityA);
  });
  rig.Run(ends - 1);
  EXPECT_FALSE(rig.board.buzzer_on());
  EXPECT_EQ(rig.board.led_colors()[0], lockfw::hal::Color::kOff);
  EXPECT_EQ(rig.board.mechanism().drive(), MotorDrive::kOff);
  rig.Run(ends);
  EXPECT_TRUE(rig.board.buzzer_on());
  EXPECT_EQ(rig.board.led_colors()[0], lockfw::hal::Color::kGreen);
  EXPECT_EQ(rig.board.mechanism().drive(), MotorDrive::kPolarityA);
  std::vector<LineEdge> edges;
  rig.board.TakeLineEdges(edges);
  ASSERT_FALSE(edges.empty());
  EXPECT_EQ(edges.back().at, ends);
}

TEST(VirtualBoard, InputsDuringAStoreWriteReachTheFirmwareWhenItEnds) {
  Rig rig(Ideal());
  std::vector<std::uint8_t> record(300, 0x5A);
  rig.Run(100 * kMs);
  const VirtualMicros edge = rig.board.SetRelay("key_lock", true);
  // The write starts just before the contact closes and is still going then.
  const VirtualMicros write_at = edge - 1 * kMs;
  rig.scheduler.At(write_at, [&] {
    ASSERT_EQ(rig.board.eeprom().Write(0, record.data(), 300), lockfw::hal::NvmStatus::kOk);
  });
  rig.Run(edge + 10 * kMs);
  ASSERT_EQ(rig.mcu.TimesOf(Call::kContact).size(), 1u);
  EXPECT_EQ(rig.mcu.TimesOf(Call::kContact)[0], write_at + rig.board.eeprom().WriteDuration(300));
}

TEST(VirtualBoard, PowerCutFaultTearsTheNextStoreWriteAndTheLockReboots) {
  Rig rig(Ideal());
  rig.Run(50 * kMs);
  PowerCutPlan plan;
  plan.after_min_us = 500;
  plan.after_max_us = 2000;
  plan.off_us = 500 * kMs;
  rig.board.ArmPowerCutOnNextStoreWrite(plan);
  EXPECT_TRUE(rig.board.power_cut_armed());
  const std::vector<std::uint8_t> record(300, 0x00);
  const VirtualMicros write_at = 100 * kMs;
  rig.scheduler.At(write_at, [&] {
    ASSERT_EQ(rig.board.eeprom().Write(0, record.data(), 300), lockfw::hal::NvmStatus::kOk);
  });
  rig.Run(write_at + 10 * kMs);
  EXPECT_FALSE(rig.board.power_cut_armed());
  ASSERT_EQ(rig.mcu.TimesOf(Call::kPowerOff).size(), 1u);
  const VirtualMicros cut = rig.mcu.TimesOf(Call::kPowerOff)[0];
  EXPECT_GE(cut, write_at + 500);
  EXPECT_LE(cut, write_at + 2000);
  EXPECT_FALSE(rig.board.supply_connected());
  // Bytes programmed before the cut are written; the rest are as before.
  const auto& bytes = rig.board.eeprom().contents();
  const auto written = std::count(bytes.begin(), bytes.begin() + 300, 0x00);
  EXPECT_GT(written, 0);
  EXPECT_LT(written, 300);
  EXPECT_EQ(std::count(bytes.begin(), bytes.begin() + 300, Eeprom::kErased) + written, 299);
  EXPECT_EQ(rig.board.eeprom().torn_writes(), 1u);
  // Power comes back after the off time and the lock boots.
  rig.Run(cut + 500 * kMs);
  EXPECT_TRUE(rig.board.supply_connected());
  EXPECT_EQ(rig.mcu.TimesOf(Call::kPowerOn).size(), 2u);
  EXPECT_EQ(rig.mcu.TimesOf(Call::kPowerOn)[1], cut + 500 * kMs);
}

TEST(VirtualBoard, BatteryRelayCutDuringAWriteTearsItToo) {
  Rig rig(Ideal());
  rig.Run(50 * kMs);
  const VirtualMicros off = rig.board.SetRelay("battery", true);
  // The rail holds up for PowerSupervisorParams::holdup_us after the contact
  // opens; a write that starts just before it collapses is cut.
  const VirtualMicros collapse = off + PowerSupervisorParams{}.holdup_us;
  const std::vector<std::uint8_t> record(300, 0x00);
  rig.scheduler.At(collapse - 1 * kMs, [&] {
    ASSERT_EQ(rig.board.eeprom().Write(0, record.data(), 300), lockfw::hal::NvmStatus::kOk);
  });
  rig.Run(collapse + 10 * kMs);
  EXPECT_EQ(rig.board.eeprom().torn_writes(), 1u);
}

// --- the rig's bolt switch ------------------------------------------------------

TEST(VirtualBoard, BoltSwitchSenseLineFollowsTheThrownBolt) {
  BoardOptions options = Ideal();
  options.bolt_switch = true;
  Rig rig(options);
  rig.mcu.on_sensors = [&] {
    if (rig.board.AtExtendedLimit() || rig.board.AtRetractedLimit())
      rig.board.Drive(MotorDrive::kOff);
  };
  rig.DriveAt(100 * kMs, MotorDrive::kPolarityA);
  rig.Run(2 * kSec);
  rig.DriveAt(2 * kSec, MotorDrive::kPolarityB);
  rig.Run(4 * kSec);
  std::vector<LineEdge> edges;
  rig.board.TakeLineEdges(edges);
  std::vector<std::pair<VirtualMicros, bool>> switch_edges;
  for (const LineEdge& edge : edges) {
    if (edge.line == BoardLine::kBoltSwitch) switch_edges.emplace_back(edge.at, edge.on);
  }
  ASSERT_EQ(switch_edges.size(), 2u);
  EXPECT_TRUE(switch_edges[0].second);
  // The same instants the lock's own extended-limit sensor changes.
  EXPECT_EQ(switch_edges[0].first, FirstLogAt(rig.board, "extended limit on"));
  EXPECT_FALSE(switch_edges[1].second);
  EXPECT_EQ(switch_edges[1].first, FirstLogAt(rig.board, "extended limit off"));
}

TEST(VirtualBoard, NoBoltSwitchEdgesWithoutTheOption) {
  Rig rig(Ideal());
  rig.DriveAt(100 * kMs, MotorDrive::kPolarityA);
  rig.Run(2 * kSec);
  std::vector<LineEdge> edges;
  rig.board.TakeLineEdges(edges);
  for (const LineEdge& edge : edges) EXPECT_EQ(edge.line, BoardLine::kBuzzer);
}

}  // namespace
}  // namespace lockrig::sim
