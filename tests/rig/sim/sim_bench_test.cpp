#include "rig/sim/sim_bench.h"

#include <chrono>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

#include "rig/sim/sim_oracle.h"
#include "tests/rig/sim/recording_sink.h"
#include "vision/face_reader.h"

namespace lockrig::sim {
namespace {

using std::chrono::milliseconds;
using testing::RecordingSink;

SimBenchOptions WithProfile(const std::string& profile) {
  SimBenchOptions options;
  options.profile = profile;
  return options;
}

SimBenchOptions WithSeed(std::uint64_t seed) {
  SimBenchOptions options;
  options.seed = seed;
  return options;
}

// Steps the bench in small increments, calling `check` after each, until it
// returns true or `deadline` passes. Returns the bench time it held at.
template <typename Check>
Timestamp AdvanceUntil(SimBench& bench, RecordingSink& sink, Timestamp deadline, Check check) {
  while (bench.Now() < deadline) {
    bench.AdvanceTo(std::min(deadline, bench.Now() + milliseconds(5)), sink);
    if (check()) return bench.Now();
  }
  return Timestamp::max();
}

// Presses a key relay for the bench's press time; returns the press edge.
Timestamp Press(SimBench& bench, RecordingSink& sink, const std::string& relay) {
  const Timestamp edge = bench.SetRelay(relay, true);
  bench.AdvanceTo(bench.Now() + bench.Timing().press, sink);
  bench.SetRelay(relay, false);
  return edge;
}

// After the first power-up's BOOT and automatic handing cycle.
void RunPastFirstPowerUp(SimBench& bench, RecordingSink& sink) {
  bench.AdvanceTo(Timestamp(std::chrono::seconds(8)), sink);
}

TEST(SimBench, DescribesItselfAsASimulatedBench) {
  SimBench bench;
  EXPECT_EQ(bench.Kind(), "sim");
  EXPECT_TRUE(bench.Has("sim"));
  EXPECT_FALSE(bench.Has("hardware"));
  EXPECT_EQ(bench.Keypad().kind(), KeypadKind::kPaired5);
  EXPECT_EQ(bench.Timing().press, milliseconds(150));
  EXPECT_EQ(bench.Timing().gap, milliseconds(250));
  EXPECT_EQ(bench.Face().led_regions.size(), 1u);
  EXPECT_EQ(bench.Seed(), 1u);
  EXPECT_FALSE(bench.FirmwareBuild().empty());
  EXPECT_EQ(bench.Now(), Timestamp(0));
}

TEST(SimBench, ProfileChoosesKeypadAndLeds) {
  SimBench fourled(WithProfile("fourled"));
  EXPECT_EQ(fourled.Keypad().kind(), KeypadKind::kTen);
  EXPECT_EQ(fourled.Face().led_regions.size(), 4u);
  EXPECT_THROW(SimBench(WithProfile("no_such_lock")), std::invalid_argument);
}

TEST(SimBench, UnknownRelayIsRefused) {
  SimBench bench;
  EXPECT_THROW(bench.SetRelay("key_1", true), std::invalid_argument);  // paired keypad
  EXPECT_THROW(bench.SetRelay("door", true), std::invalid_argument);
  EXPECT_NO_THROW(bench.SetRelay(*bench.Keypad().RelayFor("3"), true));
  EXPECT_NO_THROW(bench.SetRelay(kBatteryRelay, true));
}

TEST(SimBench, UnknownOrMalformedSimSettingIsRefusedNamingTheKey) {
  SimBench bench;
  auto message = [&](const std::string& key, const std::string& value) {
    try {
      bench.ApplySimSetting(key, value);
    } catch (const std::invalid_argument& error) {
      return std::string(error.what());
    }
    return std::string("no exception");
  };
  EXPECT_NE(message("warp_drive", "on").find("warp_drive"), std::string::npos);
  EXPECT_NE(message("battery_volts", "lots").find("battery_volts"), std::string::npos);
  EXPECT_NE(message("battery_volts", "4.3V").find("battery_volts"), std::string::npos);
  EXPECT_NE(message("battery_volts", "-1").find("battery_volts"), std::string::npos);
  EXPECT_NE(message("jam", "yes").find("jam"), std::string::npos);
  EXPECT_NE(message("clutch", "loose").find("clutch"), std::string::npos);
  EXPECT_NE(message("friction", "0").find("friction"), std::string::npos);
  EXPECT_NE(message("door", "up").find("door"), std::string::npos);
  EXPECT_EQ(message("battery_volts", "4.3"), "no exception");
  EXPECT_EQ(message("jam", "true"), "no exception");
  EXPECT_EQ(message("clutch", "disengaged"), "no exception");
  EXPECT_EQ(message("friction", "2.0"), "no exception");
  EXPECT_EQ(message("door", "left"), "no exception");
  EXPECT_EQ(message("battery_ohms", "3.0"), "no exception");
  EXPECT_NE(message("handing_done", "true").find("handing_done"), std::string::npos);
  EXPECT_EQ(message("handing_done", "false"), "no exception");
  EXPECT_NE(message("key_contact", "5").find("key_contact"), std::string::npos);
}

TEST(SimBench, FaultGroupsAreCheckedWholeNamingTheMissingOrBadField) {
  SimBench bench;
  auto message = [&](const SimSettings& settings) {
    try {
      bench.ApplySimSettings(settings);
    } catch (const std::invalid_argument& error) {
      return std::string(error.what());
    }
    return std::string("no exception");
  };
  EXPECT_EQ(message({{"key_contact.key", "5"}, {"key_contact.fail_rate", "0.3"}}), "no exception");
  EXPECT_EQ(message({{"key_contact.key", "lock"}, {"key_contact.fail_rate", "1"}}), "no exception");
  EXPECT_NE(message({{"key_contact.key", "5"}}).find("key_contact.fail_rate"), std::string::npos);
  EXPECT_NE(message({{"key_contact.fail_rate", "0.3"}}).find("key_contact.key"), std::string::npos);
  EXPECT_NE(
      message({{"key_contact.key", "x"}, {"key_contact.fail_rate", "0.3"}}).find("key_contact.key"),
      std::string::npos);
  EXPECT_NE(message({{"key_contact.key", "battery"}, {"key_contact.fail_rate", "0.3"}})
                .find("key_contact.key"),
            std::string::npos);
  EXPECT_NE(message({{"key_contact.key", "5"}, {"key_contact.fail_rate", "1.3"}})
                .find("key_contact.fail_rate"),
            std::string::npos);
  EXPECT_EQ(message({{"power_cut.during", "store_write"}, {"power_cut.after", "0..2ms"}}),
            "no exception");
  EXPECT_EQ(message({{"power_cut.during", "store_write"}, {"power_cut.after", "500us..1.5ms"}}),
            "no exception");
  EXPECT_EQ(message({{"power_cut.during", "store_write"}}), "no exception");
  EXPECT_NE(message({{"power_cut.during", "unlock"}}).find("power_cut.during"), std::string::npos);
  EXPECT_NE(message({{"power_cut.during", "store_write"}, {"power_cut.after", "2..1ms"}})
                .find("power_cut.after"),
            std::string::npos);
  EXPECT_NE(message({{"power_cut.during", "store_write"}, {"power_cut.after", "2"}})
                .find("power_cut.after"),
            std::string::npos);
  EXPECT_NE(message({{"power_cut.after", "1ms"}}).find("power_cut.during"), std::string::npos);
}

TEST(SimBench, ABadSettingInAGroupAppliesNoneOfIt) {
  SimBench bench;
  SimOracle oracle(bench);
  EXPECT_THROW(bench.ApplySimSettings({{"battery_volts", "4.3"}, {"jam", "maybe"}}),
               std::invalid_argument);
  EXPECT_DOUBLE_EQ(oracle.BatteryRestVolts(), 6.4);
  EXPECT_FALSE(oracle.Board().mechanism().jammed());
  bench.ApplySimSettings({{"battery_volts", "4.3"}, {"jam", "true"}});
  EXPECT_DOUBLE_EQ(oracle.BatteryRestVolts(), 4.3);
  EXPECT_TRUE(oracle.Board().mechanism().jammed());
}

TEST(SimBench, FramesComeAtTheCameraRateInTimeOrder) {
  SimBench bench;
  RecordingSink sink;
  bench.AdvanceTo(Timestamp(std::chrono::seconds(1)), sink);
  ASSERT_EQ(sink.frames.size(), 31u);  // frames 0..30 at n/30 s
  for (std::size_t n = 0; n < sink.frames.size(); ++n) {
    EXPECT_EQ(sink.frames[n].index, n);
    // At n / 30 s, give or take the camera's timestamp jitter (3 sigma).
    EXPECT_NEAR(static_cast<double>(sink.frames[n].captured.count()), n * 1e6 / 30.0,
                3 * CameraSettings{}.jitter_sigma_us + 1);
  }
  bench.AdvanceTo(Timestamp(std::chrono::seconds(2)), sink);
  EXPECT_EQ(sink.frames.size(), 61u);
  EXPECT_EQ(sink.frames[31].index, 31u);
  EXPECT_FALSE(sink.out_of_order);
  EXPECT_EQ(bench.Now(), Timestamp(std::chrono::seconds(2)));
}

TEST(SimBench, PowerUpBeepsOnceWithin300ms) {
  SimBench bench;
  RecordingSink sink;
  bench.AdvanceTo(Timestamp(milliseconds(1000)), sink);
  EXPECT_EQ(sink.BeepsBetween(Timestamp(0), Timestamp(milliseconds(300))), 1);
  // BOOT is one beep: nothing more until it ends.
  EXPECT_EQ(sink.BeepsBetween(Timestamp(0), Timestamp(milliseconds(1000))), 1);
}

TEST(SimBench, FirstPowerUpRunsTheHandingCycleOutAndBack) {
  SimBench bench;
  RecordingSink sink;
  SimOracle oracle(bench);
  const Timestamp out = AdvanceUntil(bench, sink, Timestamp(std::chrono::seconds(5)),
                                     [&] { return oracle.BoltPosition() >= 0.99; });
  ASSERT_NE(out, Timestamp::max()) << "the bolt never extended";
  const Timestamp back = AdvanceUntil(bench, sink, out + std::chrono::seconds(3),
                                      [&] { return oracle.BoltPosition() <= 0.01; });
  ASSERT_NE(back, Timestamp::max()) << "the bolt never came back";
  // HANDING_OK: two beeps, the first as the bolt arrives.
  bench.AdvanceTo(back + milliseconds(1500), sink);
  EXPECT_EQ(sink.BeepsBetween(out, back + milliseconds(1500)), 2);
}

TEST(SimBench, LockButtonExtendsTheBoltWithin1500ms) {
  SimBench bench;
  RecordingSink sink;
  SimOracle oracle(bench);
  RunPastFirstPowerUp(bench, sink);
  ASSERT_LE(oracle.BoltPosition(), 0.01);
  const Timestamp press = Press(bench, sink, "key_lock");
  const Timestamp extended = AdvanceUntil(bench, sink, press + milliseconds(3000),
                                          [&] { return oracle.BoltPosition() >= 0.99; });
  ASSERT_NE(extended, Timestamp::max());
  EXPECT_LE(extended - press, milliseconds(1500));
  EXPECT_EQ(sink.BeepsBetween(press, press + milliseconds(1000)), 1);  // ACCEPT
}

TEST(SimBench, BatteryRelayCutsPowerAndTheLockRebootsOnReconnect) {
  SimBench bench;
  RecordingSink sink;
  SimOracle oracle(bench);
  RunPastFirstPowerUp(bench, sink);
  const Timestamp cut = bench.SetRelay(kBatteryRelay, true);
  bench.AdvanceTo(cut + milliseconds(50), sink);
  EXPECT_FALSE(oracle.LockPowered());
  EXPECT_TRUE(oracle.RelayEnergised(kBatteryRelay));
  EXPECT_FALSE(oracle.RelayContactClosed(kBatteryRelay));
  bench.AdvanceTo(cut + milliseconds(500), sink);
  const Timestamp power_on = bench.SetRelay(kBatteryRelay, false);
  bench.AdvanceTo(power_on + milliseconds(1000), sink);
  EXPECT_TRUE(oracle.LockPowered());
  EXPECT_EQ(sink.BeepsBetween(power_on, power_on + milliseconds(300)), 1);  // BOOT again
  // Handing was learned before the cut: no second handing cycle.
  bench.AdvanceTo(power_on + milliseconds(5000), sink);
  EXPECT_LE(oracle.BoltPosition(), 0.01);
}

TEST(SimBench, BrownOutMakesTheLockInertUntilTheVoltageRecovers) {
  SimBench bench;
  RecordingSink sink;
  SimOracle oracle(bench);
  RunPastFirstPowerUp(bench, sink);
  bench.ApplySimSetting("battery_volts", "3.5");
  bench.AdvanceTo(bench.Now() + milliseconds(100), sink);
  EXPECT_FALSE(oracle.LockPowered());
  const Timestamp press = Press(bench, sink, "key_lock");
  bench.AdvanceTo(press + milliseconds(2000), sink);
  EXPECT_EQ(sink.BeepsBetween(press, bench.Now()), 0);
  EXPECT_LE(oracle.BoltPosition(), 0.01);
  const Timestamp recover = bench.Now();
  bench.ApplySimSetting("battery_volts", "6.0");
  bench.AdvanceTo(recover + milliseconds(500), sink);
  EXPECT_TRUE(oracle.LockPowered());
  EXPECT_EQ(sink.BeepsBetween(recover, recover + milliseconds(300)), 1);
}

TEST(SimBench, RelayContactChangesAfterItsOperateDelay) {
  SimBench bench;
  RecordingSink sink;
  SimOracle oracle(bench);
  bench.AdvanceTo(Timestamp(milliseconds(100)), sink);
  const Timestamp edge = bench.SetRelay("program", true);
  EXPECT_GE(edge - bench.Now(), milliseconds(3));
  EXPECT_LE(edge - bench.Now(), milliseconds(7));
  bench.AdvanceTo(edge - std::chrono::microseconds(1), sink);
  EXPECT_FALSE(oracle.RelayContactClosed("program"));
  bench.AdvanceTo(edge, sink);
  EXPECT_TRUE(oracle.RelayContactClosed("program"));
}

TEST(SimBench, EnterSafeStateReleasesEveryRelay) {
  SimBench bench;
  RecordingSink sink;
  SimOracle oracle(bench);
  bench.SetRelay("key_lock", true);
  bench.SetRelay("program", true);
  bench.SetRelay(kBatteryRelay, true);
  bench.AdvanceTo(Timestamp(milliseconds(100)), sink);
  bench.EnterSafeState();
  bench.AdvanceTo(Timestamp(milliseconds(200)), sink);
  for (const char* relay : {"key_lock", "program", "battery", "key_1_2"}) {
    EXPECT_FALSE(oracle.RelayEnergised(relay)) << relay;
  }
  EXPECT_TRUE(oracle.RelayContactClosed(kBatteryRelay));  // battery connected
  EXPECT_FALSE(oracle.RelayContactClosed("key_lock"));
}

// One scripted run: boot, handing, a Lock press, a power cut.
RecordingSink ScriptedRun(std::uint64_t seed) {
  SimBench bench(WithSeed(seed));
  RecordingSink sink;
  RunPastFirstPowerUp(bench, sink);
  Press(bench, sink, "key_lock");
  bench.AdvanceTo(bench.Now() + milliseconds(2000), sink);
  bench.SetRelay(kBatteryRelay, true);
  bench.AdvanceTo(bench.Now() + milliseconds(300), sink);
  bench.SetRelay(kBatteryRelay, false);
  bench.AdvanceTo(bench.Now() + milliseconds(1000), sink);
  return sink;
}

TEST(SimBench, SameSeedGivesIdenticalFramesAndEdges) {
  const RecordingSink first = ScriptedRun(11);
  const RecordingSink second = ScriptedRun(11);
  ASSERT_EQ(first.frames.size(), second.frames.size());
  for (std::size_t n = 0; n < first.frames.size(); ++n) {
    ASSERT_EQ(first.frames[n].fingerprint, second.frames[n].fingerprint) << "frame " << n;
    ASSERT_EQ(first.frames[n].captured, second.frames[n].captured);
  }
  ASSERT_EQ(first.edges.size(), second.edges.size());
  for (std::size_t n = 0; n < first.edges.size(); ++n) {
    EXPECT_EQ(first.edges[n].at, second.edges[n].at) << "edge " << n;
    EXPECT_EQ(first.edges[n].active, second.edges[n].active);
  }
  const RecordingSink other = ScriptedRun(12);
  EXPECT_NE(first.frames.back().fingerprint, other.frames.back().fingerprint);
}

TEST(SimBench, JamStopsTheBoltPartWayAndTheLockDrivesItBack) {
  SimBench bench;
  RecordingSink sink;
  SimOracle oracle(bench);
  RunPastFirstPowerUp(bench, sink);
  bench.ApplySimSetting("jam", "true");
  const Timestamp press = Press(bench, sink, "key_lock");
  double furthest = 0.0;
  AdvanceUntil(bench, sink, press + milliseconds(4000), [&] {
    furthest = std::max(furthest, oracle.BoltPosition());
    return false;
  });
  EXPECT_NEAR(furthest, MechanismParams{}.jam_position, 0.01);
  EXPECT_LE(oracle.BoltPosition(), 0.01);  // driven back to where it came from
}

TEST(SimBench, DisengagedClutchLeavesTheBoltWhereItIs) {
  SimBench bench;
  RecordingSink sink;
  SimOracle oracle(bench);
  RunPastFirstPowerUp(bench, sink);
  bench.ApplySimSetting("clutch", "disengaged");
  const Timestamp press = Press(bench, sink, "key_lock");
  // The firmware stopped the handing cycle's retraction at the limit switch,
  // so "where it is" is just inside the retracted switch's zone.
  const double rest = oracle.BoltPosition();
  bool moved = false;
  AdvanceUntil(bench, sink, press + milliseconds(5000), [&] {
    moved = moved || oracle.BoltPosition() != rest;
    return false;
  });
  EXPECT_FALSE(moved);
  // JAM (four beeps) after the motor timeout, with the ACCEPT beep before it.
  EXPECT_EQ(sink.BeepsBetween(press, press + milliseconds(5000)), 5);
}

TEST(SimBench, RegionFramesHoldExactlyTheCropsOfWholeFrames) {
  SimBench whole(WithSeed(21));
  SimBench regions(WithSeed(21));
  const vision::FaceReader reader(whole.Face());
  regions.RequestRegions(reader.RegionsRead());
  RecordingSink whole_sink(/*keep_images=*/true);
  // Through the handing cycle, so that the bolt moves and the LEDs change.
  struct RegionSink final : ObservationSink {
    void OnFrame(const Frame& frame) override {
      EXPECT_TRUE(frame.image.empty());
      std::vector<cv::Mat> copies;
      for (const auto& [rect, pixels] : frame.regions) copies.push_back(pixels.clone());
      frames.push_back(std::move(copies));
    }
    void OnSenseEdge(const SenseEdge&) override {}
    std::vector<std::vector<cv::Mat>> frames;
  } region_sink;
  whole.AdvanceTo(Timestamp(std::chrono::seconds(6)), whole_sink);
  regions.AdvanceTo(Timestamp(std::chrono::seconds(6)), region_sink);
  ASSERT_EQ(whole_sink.images.size(), region_sink.frames.size());
  const auto& rects = reader.RegionsRead();
  for (std::size_t n = 0; n < whole_sink.images.size(); n += 7) {
    ASSERT_EQ(region_sink.frames[n].size(), rects.size());
    for (std::size_t r = 0; r < rects.size(); ++r) {
      const cv::Mat crop = whole_sink.images[n](rects[r]);
      ASSERT_EQ(cv::norm(crop, region_sink.frames[n][r], cv::NORM_INF), 0.0)
          << "frame " << n << " region " << r;
    }
  }
  // The whole image is still there for snapshots: the latest frame's.
  EXPECT_EQ(cv::norm(regions.LatestFullFrame(), whole_sink.images.back(), cv::NORM_INF), 0.0);
  EXPECT_THROW(regions.RequestRegions({cv::Rect(310, 230, 20, 20)}), std::invalid_argument);
  regions.RequestRegions({});
  RecordingSink again(true);
  regions.AdvanceTo(regions.Now() + milliseconds(100), again);
  ASSERT_FALSE(again.images.empty());
  EXPECT_FALSE(again.images[0].empty());
}

TEST(SimBench, DroppedFramesAreNeverDelivered) {
  SimBenchOptions options;
  options.camera.drop_probability = 0.2;
  SimBench bench(options);
  RecordingSink sink;
  bench.AdvanceTo(Timestamp(std::chrono::seconds(10)), sink);
  EXPECT_GT(sink.frames.size(), 200u);
  EXPECT_LT(sink.frames.size(), 280u);
  for (std::size_t n = 1; n < sink.frames.size(); ++n) {
    EXPECT_GT(sink.frames[n].index, sink.frames[n - 1].index);
  }
  EXPECT_FALSE(sink.out_of_order);
}

TEST(SimBench, HandingNeverDoneMakesTheLockRunItsHandingCycleAtTheNextPowerUp) {
  SimBench bench;
  RecordingSink sink;
  SimOracle oracle(bench);
  RunPastFirstPowerUp(bench, sink);
  const std::uint64_t writes = oracle.Board().eeprom().write_count();
  bench.ApplySimSetting("handing_done", "false");
  // The bench's edit is not a firmware write, and the running lock ignores it.
  EXPECT_EQ(oracle.Board().eeprom().write_count(), writes);
  bool moved = false;
  AdvanceUntil(bench, sink, bench.Now() + milliseconds(3000), [&] {
    moved = moved || oracle.BoltPosition() > 0.05;
    return false;
  });
  EXPECT_FALSE(moved);
  bench.SetRelay(kBatteryRelay, true);
  bench.AdvanceTo(bench.Now() + milliseconds(500), sink);
  bench.SetRelay(kBatteryRelay, false);
  AdvanceUntil(bench, sink, bench.Now() + milliseconds(6000), [&] {
    moved = moved || oracle.BoltPosition() > 0.95;
    return false;
  });
  EXPECT_TRUE(moved);  // the automatic cycle ran again
}

TEST(SimBench, PowerCutDuringAStoreWriteRebootsTheLockWithoutAcknowledging) {
  SimBench bench(WithSeed(4));
  RecordingSink sink;
  SimOracle oracle(bench);
  RunPastFirstPowerUp(bench, sink);
  bench.ApplySimSettings({{"power_cut.during", "store_write"}, {"power_cut.after", "0..2ms"}});
  // P 1357 L: adds a user code, the one store write.
  Press(bench, sink, "program");
  bench.AdvanceTo(bench.Now() + milliseconds(250), sink);
  for (const char* relay : {"key_1_2", "key_3_4", "key_5_6", "key_7_8"}) {
    Press(bench, sink, relay);
    bench.AdvanceTo(bench.Now() + milliseconds(250), sink);
  }
  const Timestamp lock = Press(bench, sink, "key_lock");
  bool green = false;
  AdvanceUntil(bench, sink, lock + milliseconds(400), [&] {
    green = green || oracle.Leds()[0] == vision::LedColor::kGreen;
    return false;
  });
  EXPECT_FALSE(green);  // no ACCEPT: the write it would acknowledge was cut
  EXPECT_EQ(oracle.Board().eeprom().torn_writes(), 1u);
  EXPECT_FALSE(oracle.LockPowered());
  bench.AdvanceTo(lock + milliseconds(1000), sink);
  EXPECT_TRUE(oracle.LockPowered());  // back after 500 ms
}

TEST(SimBench, DyingBatteryRebootsTheLockAtMotorStartWithoutMovingTheBolt) {
  SimBench bench;
  RecordingSink sink;
  SimOracle oracle(bench);
  RunPastFirstPowerUp(bench, sink);
  bench.ApplySimSetting("battery_ohms", "12");
  const std::uint64_t writes = oracle.Board().eeprom().write_count();
  const Timestamp press = Press(bench, sink, "key_lock");
  double furthest = 0.0;
  AdvanceUntil(bench, sink, press + milliseconds(3000), [&] {
    furthest = std::max(furthest, oracle.BoltPosition());
    return false;
  });
  // The motor's first current pulled the rail into brown-out: the MCU reset
  // and booted again (LB-BATTERY-6), and the bolt did not get anywhere.
  int resets = 0;
  for (const TruthEvent& event : oracle.Board().log()) {
    resets += event.at >= press.count() && event.what.rfind("MCU held in reset", 0) == 0;
  }
  EXPECT_GE(resets, 1);
  EXPECT_TRUE(oracle.LockPowered());
  EXPECT_LT(furthest, 0.05);
  EXPECT_EQ(oracle.Board().eeprom().write_count(), writes);
}

TEST(SimBench, CompletedPairingEndsTheUnpairedBlink) {
  SimBench bench(WithProfile("halo"));
  RecordingSink sink;
  SimOracle oracle(bench);
  auto blue_seen_for = [&](milliseconds span) {
    bool blue = false;
    AdvanceUntil(bench, sink, bench.Now() + span, [&] {
      blue = blue || oracle.Leds()[0] == vision::LedColor::kBlue;
      return false;
    });
    return blue;
  };
  RunPastFirstPowerUp(bench, sink);
  EXPECT_TRUE(blue_seen_for(milliseconds(6000)));
  bench.ApplySimSetting("pairing", "complete");
  bench.AdvanceTo(bench.Now() + milliseconds(300), sink);
  EXPECT_FALSE(blue_seen_for(milliseconds(11000)));
  EXPECT_THROW(bench.ApplySimSetting("pairing", "maybe"), std::invalid_argument);
}

}  // namespace
}  // namespace lockrig::sim
