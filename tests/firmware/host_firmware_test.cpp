// Tests of the host adapter: virtual microseconds to the MCU clock, power
// cycles. Supply interruptions and brown-out (LB-POWER-6, -7, LB-BATTERY-6)
// are the board's to detect; what reaches the firmware is the MCU stopping
// (PowerOff) and leaving reset (PowerOn) with the memory kept, so those
// requirements are tested here at that level.
#include <gtest/gtest.h>

#include <string>

#include "firmware/targets/sim/host_firmware.h"
#include "tests/firmware/fake_board.h"

namespace lockfw::testing {
namespace {

TEST(HostFirmware, BuildIdNamesVersionAndHash) {
  const std::string_view id = sim::HostFirmware::BuildId();
  EXPECT_EQ(id.substr(0, 7), "lockfw ");
  EXPECT_GT(id.size(), 10u);
}

TEST(HostFirmware, LB_POWER_1_BootsOnPowerOnAndDropsStateOnPowerOff) {
  Rig rig("smartcode");  // only for its fake parts
  sim::HostFirmware fw(rig.profile(),
                       sim::HostBoardParts{rig.contacts, rig.leds, rig.buzzer, rig.bolt, rig.bolt,
                                           rig.battery, rig.nvm});
  EXPECT_FALSE(fw.powered());
  EXPECT_FALSE(fw.NextWakeupUs().has_value());
  const std::int64_t t0 = 5'000'123;  // power-on at an odd virtual instant
  fw.PowerOn(t0);
  EXPECT_TRUE(fw.powered());
  EXPECT_TRUE(rig.buzzer.sounding);  // BOOT's beep starts at once
  auto next = fw.NextWakeupUs();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, t0 + 100'000);  // the beep ends 100 ms after power-on
  fw.Service(*next);
  EXPECT_FALSE(rig.buzzer.sounding);
  fw.PowerOff();
  EXPECT_FALSE(fw.powered());
  EXPECT_FALSE(fw.NextWakeupUs().has_value());
  fw.Service(t0 + 200'000);  // ignored while off
}

TEST(HostFirmware, LB_HANDING_2_RunsHandingCycleInVirtualTime) {
  Rig rig("smartcode");
  sim::HostFirmware fw(rig.profile(),
                       sim::HostBoardParts{rig.contacts, rig.leds, rig.buzzer, rig.bolt, rig.bolt,
                                           rig.battery, rig.nvm});
  std::int64_t now = 1'000'000;
  fw.PowerOn(now);
  const std::int64_t end = now + 8'000'000;
  while (now < end) {
    // Step 1 ms while the motor runs; otherwise jump to the next wakeup.
    std::int64_t step = 1000;
    if (rig.bolt.drive == hal::MotorDrive::kOff) {
      auto next = fw.NextWakeupUs();
      step = next ? std::max<std::int64_t>(*next - now, 1) : end - now;
    }
    now += step;
    rig.clock.now = static_cast<Millis>((now - 1'000'000) / 1000);
    if (rig.bolt.drive != hal::MotorDrive::kOff && rig.bolt.Step()) fw.OnBoltSensorsChanged(now);
    fw.Service(now);
  }
  EXPECT_TRUE(rig.BoltRetracted());
  EXPECT_GE(rig.BeepsBetween(0, 8000), 3);  // BOOT + HANDING_OK
}

// The host firmware on the fake board's parts, run in virtual microseconds
// as the simulated bench runs it.
class HostBench {
 public:
  explicit HostBench(Rig& rig)
      : rig_(rig),
        fw_(rig.profile(), sim::HostBoardParts{rig.contacts, rig.leds, rig.buzzer, rig.bolt,
                                               rig.bolt, rig.battery, rig.nvm}) {}

  sim::HostFirmware& fw() { return fw_; }
  Millis now() const { return rig_.clock.now; }

  void PowerOn() { fw_.PowerOn(now_us_); }
  // The supply is gone: the MCU stops and its outputs fall with it.
  void PowerOff() {
    fw_.PowerOff();
    rig_.bolt.Drive(hal::MotorDrive::kOff);
    for (uint8_t i = 0; i < rig_.leds.count; ++i) rig_.leds.Show(i, Color::kOff);
    rig_.buzzer.Sound(false);
  }

  void Advance(Millis ms) {
    const std::int64_t end = now_us_ + static_cast<std::int64_t>(ms) * 1000;
    while (now_us_ < end) {
      std::int64_t step = 1000;  // 1 ms while the motor runs
      if (rig_.bolt.drive == hal::MotorDrive::kOff) {
        const auto next = fw_.NextWakeupUs();
        step = next ? std::max<std::int64_t>(*next - now_us_, 1) : end - now_us_;
        step = std::min(step, end - now_us_);
      }
      SetNow(now_us_ + step);
      if (rig_.bolt.drive != hal::MotorDrive::kOff && rig_.bolt.Step()) {
        fw_.OnBoltSensorsChanged(now_us_);
      }
      fw_.Service(now_us_);
    }
  }

  void Press(Contact c, Millis hold = 150, Millis gap = 250) {
    Edge(c, true);
    Advance(hold);
    Edge(c, false);
    Advance(gap);
  }
  void Enter(const std::string& keys) {
    for (char k : keys) {
      Press(k == 'P' ? Contact::kProgram : k == 'L' ? Contact::kLock : rig_.DigitContact(k));
    }
  }

 private:
  void SetNow(std::int64_t us) {
    now_us_ = us;
    rig_.clock.now = static_cast<Millis>(us / 1000);  // the fakes' log clock
  }
  void Edge(Contact c, bool closed) {
    rig_.contacts.closed[static_cast<uint8_t>(c)] = closed;
    fw_.OnContactEdge(now_us_, c);
  }

  Rig& rig_;
  sim::HostFirmware fw_;
  std::int64_t now_us_ = 0;
};

// A handed smartcode lock with user code 1357, on the host firmware.
void Prepare(HostBench& bench) {
  bench.PowerOn();
  bench.Advance(6000);  // automatic handing cycle
  bench.Enter("P1357L");
  bench.Advance(1500);
}

bool Unlocks(Rig& rig, HostBench& bench) {
  bench.Enter("L");
  bench.Advance(1500);
  if (!rig.BoltExtended()) return false;
  bench.Enter("1357");
  bench.Advance(1500);
  return rig.BoltRetracted();
}

// BOOT from `t`: one beep within 300 ms, then red, green, amber.
void ExpectCompleteBoot(const Rig& rig, Millis t) {
  EXPECT_LE(rig.FirstBeepAfter(t) - t, 300u);
  const Millis red = rig.FirstLedAfter(t, Color::kRed);
  EXPECT_LE(red - t, 300u);
  EXPECT_EQ(rig.LedAt(red + 300), Color::kGreen);
  EXPECT_EQ(rig.LedAt(red + 500), Color::kAmber);
  EXPECT_EQ(rig.LedAt(red + 700), Color::kOff);
}

TEST(HostFirmware, LB_POWER_6_InterruptionOf200msOrMoreBootsWithStateIntact) {
  Rig rig("smartcode");
  HostBench bench(rig);
  Prepare(bench);
  for (Millis off : {200u, 1000u, 30000u}) {
    bench.PowerOff();
    bench.Advance(off);
    const Millis t = bench.now();
    bench.PowerOn();
    bench.Advance(1000);
    ExpectCompleteBoot(rig, t);
    EXPECT_TRUE(Unlocks(rig, bench)) << off;
  }
}

TEST(HostFirmware, LB_POWER_6_ShorterInterruptionsAlsoEndInACompleteBoot) {
  // No minimum off-time: a reset MCU boots completely, whatever the gap.
  Rig rig("smartcode");
  HostBench bench(rig);
  Prepare(bench);
  const std::vector<uint8_t> store = rig.nvm.bytes;
  for (Millis off : {0u, 1u, 20u, 199u}) {
    bench.PowerOff();
    bench.Advance(off);
    const Millis t = bench.now();
    bench.PowerOn();
    bench.Advance(1000);
    ExpectCompleteBoot(rig, t);
  }
  EXPECT_EQ(rig.nvm.bytes, store);
  EXPECT_TRUE(Unlocks(rig, bench));
}

TEST(HostFirmware, LB_POWER_7_InertBelowBrownOutAndBootsWhenSupplyReturns) {
  Rig rig("smartcode");
  HostBench bench(rig);
  Prepare(bench);
  bench.Enter("L");
  bench.Advance(1500);
  // Below v_bor_off the board holds the MCU in reset: nothing answers.
  bench.PowerOff();
  const Millis t = bench.now();
  EXPECT_FALSE(bench.fw().NextWakeupUs().has_value());
  bench.Enter("1357");
  bench.Enter("P");
  bench.Advance(5000);
  EXPECT_TRUE(rig.Quiet(t, bench.now()));
  EXPECT_FALSE(rig.MotorRanBetween(t, bench.now()));
  EXPECT_TRUE(rig.BoltExtended());
  // Back above v_bor_on: a normal boot (LB-POWER-1), state kept.
  const Millis on = bench.now();
  bench.PowerOn();
  bench.Advance(1000);
  ExpectCompleteBoot(rig, on);
  bench.Enter("1357");
  bench.Advance(1500);
  EXPECT_TRUE(rig.BoltRetracted());
}

TEST(HostFirmware, LB_BATTERY_6_BrownOutUnderMotorLoadRebootsWithoutMotion) {
  Rig rig("smartcode");
  HostBench bench(rig);
  Prepare(bench);
  bench.Enter("L");
  bench.Advance(1500);
  const std::vector<uint8_t> store = rig.nvm.bytes;
  // The unlock starts the motor; the sagging pack browns the MCU out.
  bench.Enter("135");
  bench.Press(rig.DigitContact('7'), 150, 0);
  bench.Advance(200);
  ASSERT_NE(rig.bolt.drive, hal::MotorDrive::kOff);
  bench.PowerOff();
  const int stalled_at = rig.bolt.position;
  EXPECT_GT(stalled_at, 0);
  EXPECT_LT(stalled_at, FakeBolt::kTravel);
  bench.Advance(50);
  const Millis on = bench.now();
  bench.PowerOn();
  bench.Advance(10000);
  ExpectCompleteBoot(rig, on);
  EXPECT_FALSE(rig.MotorRanBetween(on, bench.now()));  // no motion at that boot
  EXPECT_EQ(rig.bolt.position, stalled_at);
  EXPECT_EQ(rig.nvm.bytes, store);
  EXPECT_TRUE(Unlocks(rig, bench));  // codes still work at 6.0 V
}

}  // namespace
}  // namespace lockfw::testing
