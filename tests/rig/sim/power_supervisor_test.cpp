#include "rig/sim/power_supervisor.h"

#include <vector>

#include <gtest/gtest.h>

namespace lockrig::sim {
namespace {

// The supervisor with its reset line recorded: +t for release, -t for assert.
struct Supervised {
  explicit Supervised(PowerSupervisorParams params = {})
      : supervisor(
            scheduler, params, [this] { resets.push_back(scheduler.Now()); },
            [this] { resets.push_back(-scheduler.Now()); }) {}
  void At(VirtualMicros at, bool connected, double volts) {
    scheduler.RunUntil(at);
    supervisor.Update(connected, volts);
    scheduler.RunUntil(at);
  }
  Scheduler scheduler;
  std::vector<VirtualMicros> resets;
  PowerSupervisor supervisor;
};

TEST(PowerSupervisor, ReleasesResetWhenAGoodSupplyArrives) {
  Supervised rig;
  rig.At(100, true, 6.4);
  EXPECT_TRUE(rig.supervisor.mcu_running());
  EXPECT_EQ(rig.resets, (std::vector<VirtualMicros>{100}));
}

TEST(PowerSupervisor, ReleaseDelayPostponesTheBoot) {
  PowerSupervisorParams params;
  params.reset_release_us = 5000;
  Supervised rig(params);
  rig.At(100, true, 6.4);
  EXPECT_FALSE(rig.supervisor.mcu_running());
  rig.scheduler.RunUntil(5100);
  EXPECT_EQ(rig.resets, (std::vector<VirtualMicros>{5100}));
}

TEST(PowerSupervisor, HysteresisBetween3_6And3_9Volts) {
  Supervised rig;
  rig.At(0, true, 3.8);  // rising, not yet 3.9: stays in reset
  EXPECT_FALSE(rig.supervisor.mcu_running());
  rig.At(10, true, 3.9);
  EXPECT_TRUE(rig.supervisor.mcu_running());
  rig.At(20, true, 3.6);  // falling, not below 3.6: keeps running
  EXPECT_TRUE(rig.supervisor.mcu_running());
  rig.At(30, true, 3.59);
  EXPECT_FALSE(rig.supervisor.mcu_running());
  EXPECT_EQ(rig.resets, (std::vector<VirtualMicros>{10, -30}));
}

TEST(PowerSupervisor, DisconnectShorterThanTheHoldUpGoesUnnoticed) {
  Supervised rig;
  rig.At(0, true, 6.4);
  rig.At(1000, false, 0.0);
  rig.At(1000 + PowerSupervisorParams{}.holdup_us - 1, true, 6.4);
  rig.scheduler.RunUntil(100000);
  EXPECT_TRUE(rig.supervisor.mcu_running());
  EXPECT_EQ(rig.resets.size(), 1u);
}

TEST(PowerSupervisor, DisconnectResetsTheMcuOnceTheHoldUpEnds) {
  Supervised rig;
  rig.At(0, true, 6.4);
  rig.At(1000, false, 0.0);
  rig.scheduler.RunUntil(100000);
  EXPECT_FALSE(rig.supervisor.mcu_running());
  EXPECT_EQ(rig.resets,
            (std::vector<VirtualMicros>{0, -(1000 + PowerSupervisorParams{}.holdup_us)}));
  rig.At(200000, true, 6.4);
  EXPECT_TRUE(rig.supervisor.mcu_running());
}

}  // namespace
}  // namespace lockrig::sim
