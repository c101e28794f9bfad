// Tests of the host adapter: virtual microseconds to the MCU clock, power cycles.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace lockfw::testing
