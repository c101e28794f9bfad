// One conformance suite for every Bench (style.md point 11): the simulated
// bench and the hardware bench (on the fake lines and the replay camera)
// must both pass it unchanged.
#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "rig/hardware/fake_gpio.h"
#include "rig/hardware/gpiod_bench.h"
#include "rig/sim/sim_bench.h"
#include "tests/rig/hardware/hardware_fixture.h"
#include "tests/rig/sim/recording_sink.h"

namespace lockrig {
namespace {

using lockrig::sim::testing::RecordingSink;

struct BenchMaker {
  std::string name;
  std::function<std::unique_ptr<Bench>()> make;
};

void PrintTo(const BenchMaker& m, std::ostream* os) {
  *os << m.name;
}

class BenchConformance : public ::testing::TestWithParam<BenchMaker> {
 protected:
  void SetUp() override { bench_ = GetParam().make(); }
  std::unique_ptr<Bench> bench_;
};

TEST_P(BenchConformance, HasTheKeypadsRelays) {
  std::set<std::string> names;
  for (const auto& [relay, energised] : bench_->RelayStates()) names.insert(relay);
  for (const char* key : {"1", "3", "5", "7", "9", "0", "lock", "program"}) {
    const auto relay = bench_->Keypad().RelayFor(key);
    ASSERT_TRUE(relay);
    EXPECT_TRUE(names.count(*relay)) << *relay;
  }
  EXPECT_TRUE(names.count(std::string(kBatteryRelay)));
}

TEST_P(BenchConformance, StartsAndEndsSafe) {
  for (const auto& [relay, energised] : bench_->RelayStates()) EXPECT_FALSE(energised) << relay;
  for (const auto& [relay, energised] : bench_->RelayStates()) bench_->SetRelay(relay, true);
  for (const auto& [relay, energised] : bench_->RelayStates()) EXPECT_TRUE(energised) << relay;
  bench_->EnterSafeState();
  for (const auto& [relay, energised] : bench_->RelayStates()) EXPECT_FALSE(energised) << relay;
}

TEST_P(BenchConformance, UnknownRelayThrowsInvalidArgument) {
  EXPECT_THROW(bench_->SetRelay("key_11", true), std::invalid_argument);
}

TEST_P(BenchConformance, ContactEdgeIsNotBeforeTheCommand) {
  const Timestamp before = bench_->Now();
  EXPECT_GE(bench_->SetRelay("program", true), before);
  bench_->SetRelay("program", false);
}

TEST_P(BenchConformance, TimeIsMonotonicAndObservationsInOrder) {
  RecordingSink sink;
  Timestamp last = bench_->Now();
  for (int i = 0; i < 5; ++i) {
    const Timestamp until = bench_->Now() + std::chrono::milliseconds(100);
    bench_->AdvanceTo(until, sink);
    EXPECT_GE(bench_->Now(), until);
    EXPECT_GE(bench_->Now(), last);
    last = bench_->Now();
  }
  EXPECT_FALSE(sink.out_of_order);
  EXPECT_GE(sink.frames.size(), 10u);
  for (const auto& f : sink.frames) EXPECT_LE(f.captured, bench_->Now());
  EXPECT_FALSE(bench_->LatestFullFrame().empty());
}

TEST_P(BenchConformance, SimSettingsOnlyWithTheSimCapability) {
  EXPECT_EQ(bench_->Has("sim"), bench_->Kind() == "sim");
  if (bench_->Has("sim")) {
    EXPECT_NO_THROW(bench_->ApplySimSetting("battery_volts", "6.0"));
  } else {
    EXPECT_THROW(bench_->ApplySimSetting("battery_volts", "6.0"), std::invalid_argument);
  }
}

TEST_P(BenchConformance, FaceFitsTheImage) {
  RecordingSink sink;
  bench_->AdvanceTo(bench_->Now() + std::chrono::milliseconds(100), sink);
  const cv::Mat frame = bench_->LatestFullFrame();
  const cv::Rect image({0, 0}, frame.size());
  EXPECT_EQ((bench_->Face().bolt_track & image), bench_->Face().bolt_track);
}

INSTANTIATE_TEST_SUITE_P(
    Benches, BenchConformance,
    ::testing::Values(BenchMaker{"SimBench", [] { return std::make_unique<sim::SimBench>(); }},
                      BenchMaker{"GpiodBenchOnFakeLines",
                                 [] {
                                   const auto rig = hardware::ParseRigText(
                                       hardware::testing::RigYaml(
                                           hardware::testing::ReplayCamera(
                                               hardware::testing::SimRecording()),
                                           "  leds: 1\n  markers: true\n"),
                                       "rig.yaml");
                                   return std::unique_ptr<Bench>(hardware::MakeHardwareBench(
                                       rig, std::make_shared<hardware::FakeGpio>()));
                                 }}),
    [](const ::testing::TestParamInfo<BenchMaker>& info) { return info.param.name; });

}  // namespace
}  // namespace lockrig
