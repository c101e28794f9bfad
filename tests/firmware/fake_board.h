// A fake lock board for host tests of the firmware core: a clock the test
// advances, contacts it presses (with optional bounce), a bolt that moves
// with time and trips its limits and the over-current comparator, LEDs and a
// buzzer that log timestamped changes, a battery, and RAM non-volatile
// memory that can cut power part-way through a write.
//
// `Rig` wires one to a LockController and runs virtual time: it jumps from
// event to event (contact edges, controller wakeups) and steps 1 ms at a
// time only while the motor runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "firmware/core/lock_controller.h"
#include "firmware/core/profile.h"
#include "firmware/hal/lock_board.h"

namespace lockfw::testing {

using hal::Color;
using hal::Contact;
using hal::Millis;

struct FakeClock final : hal::Clock {
  Millis NowMs() override { return now; }
  Millis now = 0;
};

struct FakeContacts final : hal::Contacts {
  bool IsClosed(Contact c) override { return closed[static_cast<uint8_t>(c)]; }
  bool closed[hal::kContactCount] = {};
};

struct LedChange {
  Millis at;
  uint8_t led;
  Color color;
};
struct FakeLeds final : hal::StatusLeds {
  explicit FakeLeds(const Millis& clock, uint8_t n) : now(clock), count(n) {}
  uint8_t Count() override { return count; }
  void Show(uint8_t led, Color color) override {
    if (shown[led] != color) log.push_back({now, led, color});
    shown[led] = color;
  }
  const Millis& now;
  uint8_t count;
  Color shown[4] = {};
  std::vector<LedChange> log;
};

struct BuzzerEdge {
  Millis at;
  bool on;
};
struct FakeBuzzer final : hal::Buzzer {
  explicit FakeBuzzer(const Millis& clock) : now(clock) {}
  void Sound(bool on) override {
    if (on != sounding) log.push_back({now, on});
    sounding = on;
  }
  const Millis& now;
  bool sounding = false;
  std::vector<BuzzerEdge> log;
};

struct MotorRun {
  Millis at;
  hal::MotorDrive drive;
};

// Position 0 = retracted, kTravel = extended. `extend_polarity` is the door's
// handing. A jam stops the bolt at `jam_at`; a disengaged clutch never moves it.
struct FakeBolt final : hal::Motor, hal::BoltSensors {
  static constexpr int kTravel = 800;  // ms of free travel (reference mechanism)
  explicit FakeBolt(const Millis& clock) : now(clock) {}
  void Drive(hal::MotorDrive d) override {
    if (d != drive) log.push_back({now, d});
    drive = d;
  }
  bool AtExtendedLimit() override { return position >= kTravel; }
  bool AtRetractedLimit() override { return position <= 0; }
  bool MotorOverCurrent() override { return stalled_ms >= 5; }
  // One millisecond of motion; true if a sensor changed.
  bool Step();
  int Direction() const;  // +1 extending, -1 retracting, 0 off

  const Millis& now;
  hal::MotorDrive drive = hal::MotorDrive::kOff;
  hal::MotorDrive extend_polarity = hal::MotorDrive::kPolarityA;
  int position = 0;
  int slowdown = 1;  // friction: ms per unit of travel
  int step_phase = 0;
  bool jam = false;
  int jam_at = 400;
  bool clutch_disengaged = false;
  int stalled_ms = 0;
  std::vector<MotorRun> log;
};

struct FakeBattery final : hal::BatteryMonitor {
  uint16_t RestMillivolts() override { return millivolts; }
  uint16_t millivolts = 6000;
};

// RAM NVM, blank (0xFF) at first. `cut_after_bytes` >= 0 makes the next
// writes stop after that many bytes (the byte in flight torn) and report a
// power cut to the rig.
struct RamNvm final : hal::NonVolatileMemory {
  explicit RamNvm(uint32_t size = 1024) : bytes(size, 0xFF) {}
  uint32_t Size() override { return static_cast<uint32_t>(bytes.size()); }
  hal::NvmStatus Read(uint32_t address, uint8_t* data, uint32_t length) override;
  hal::NvmStatus Write(uint32_t address, const uint8_t* data, uint32_t length) override;
  std::vector<uint8_t> bytes;
  long cut_after_bytes = -1;
  bool cut_happened = false;
  int writes = 0;
};

class Rig {
 public:
  explicit Rig(const char* profile_name, uint32_t nvm_size = 1024);
  explicit Rig(const Profile& profile, uint32_t nvm_size = 1024);

  const Profile& profile() const { return profile_; }

  void PowerOn();
  void PowerOff();
  bool powered() const { return controller_.has_value(); }
  // Power on and wait until a blank store's handing cycle has finished.
  void BootAndHand();

  void Advance(Millis ms);
  void AdvanceTo(Millis at) { Advance(at - clock.now); }

  // Contact level changes at the current instant (no time passes).
  void Close(Contact c);
  void Open(Contact c);
  // Press: close for `hold`, then open and wait `gap` (bench default 150/250).
  void Press(Contact c, Millis hold = 150, Millis gap = 250);
  void PressDigit(char digit, Millis hold = 150, Millis gap = 250);
  // Digits, 'P' (Program) and 'L' (Lock); spaces ignored.
  void Enter(const std::string& keys, Millis hold = 150, Millis gap = 250);
  Contact DigitContact(char digit) const;

  // Observations.
  int BeepsBetween(Millis from, Millis to) const;  // buzzer on-edges in [from, to)
  Millis FirstBeepAfter(Millis from) const;        // 0xFFFFFFFF if none
  Color LedAt(Millis at, uint8_t led = 0) const;
  Millis FirstLedAfter(Millis from, Color color, uint8_t led = 0) const;
  int BlinksBetween(Millis from, Millis to, Color color, uint8_t led = 0) const;
  bool MotorRanBetween(Millis from, Millis to) const;
  Millis FirstMotorAfter(Millis from) const;
  bool BoltExtended() const { return bolt.position >= FakeBolt::kTravel; }
  bool BoltRetracted() const { return bolt.position <= 0; }
  bool Quiet(Millis from, Millis to) const;  // no beep, no LED on

  LockController& controller() { return *controller_; }

  FakeClock clock;
  FakeContacts contacts;
  FakeLeds leds;
  FakeBuzzer buzzer;
  FakeBolt bolt;
  FakeBattery battery;
  RamNvm nvm;
  // Bounce injected on each following contact edge: extra toggles, 1 ms apart.
  int bounce_toggles = 0;

 private:
  void Edge(Contact c, bool closed);
  void RunDue();
  const Profile& profile_;
  hal::LockBoard board_;
  std::optional<LockController> controller_;
};

}  // namespace lockfw::testing
