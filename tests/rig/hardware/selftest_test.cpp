// `lockrig selftest` on the fake lines and the replay camera: the lock's
// stand-in beeps when a key relay closes, so the sense column fills in;
// asked questions are answered from a script.
#include <gtest/gtest.h>

#include <sstream>

#include "rig/hardware/fake_gpio.h"
#include "rig/hardware/gpiod_bench.h"
#include "rig/hardware/selftest.h"
#include "tests/rig/hardware/hardware_fixture.h"

namespace lockrig::hardware {
namespace {

std::string Line(unsigned offset) {
  return LineAddress{"", "gpiochip0", offset}.Describe();
}

// A lock that beeps (buzzer line 8) while a key relay (lines 0..4, active-
// low) is closed.
std::shared_ptr<FakeGpio> BeepingLock() {
  auto gpio = std::make_shared<FakeGpio>();
  FakeGpio* g = gpio.get();
  gpio->OnOutputSet([g](const std::string& line, bool high) {
    for (unsigned i = 0; i < 5; ++i) {
      if (line == Line(i)) g->DriveInput(Line(8), !high);
    }
  });
  return gpio;
}

RigConfig Rig(const std::string& calibration) {
  return ParseRigText(testing::RigYaml(testing::ReplayCamera(testing::SimRecording()), calibration),
                      "rig.yaml");
}

TEST(Selftest, YesClicksTheKeysAndReadsTheFace) {
  const RigConfig rig = Rig("  leds: 1\n  markers: true\n");
  auto gpio = BeepingLock();
  auto camera = MakeFrameSource(rig);
  std::istringstream in;
  std::ostringstream out;
  SelftestOptions options;
  options.assume_yes = true;
  options.listen = std::chrono::milliseconds(50);
  EXPECT_EQ(RunSelftest(rig, *gpio, *camera, in, out, options), 0) << out.str();
  const std::string text = out.str();
  EXPECT_NE(text.find("key_1_2: clicked for 50 ms; sense lines moved: buzzer x1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("calibration: face found from the markers"), std::string::npos) << text;
  EXPECT_NE(text.find("reads: LEDs amber, bolt at 0.0"), std::string::npos)
      << text;  // booting, retracted
  EXPECT_NE(text.find("wiring table"), std::string::npos);
  EXPECT_NE(text.find("skipped (needs a person"), std::string::npos);
  EXPECT_NE(text.find("selftest passed"), std::string::npos);
  // Never energised the relays that change the lock's state (program is
  // active-low, battery active-high), and left all safe.
  for (const auto& e : gpio->Log()) {
    if (e.kind == FakeGpioEvent::Kind::kSet) {
      EXPECT_FALSE(e.line == Line(6) && !e.high);
      EXPECT_FALSE(e.line == Line(7) && e.high);
    }
  }
  for (unsigned i = 0; i < 8; ++i) EXPECT_FALSE(gpio->IsRequested(Line(i)));
  EXPECT_TRUE(gpio->OutputHigh(Line(0)));
}

TEST(Selftest, AsksAPersonAndFailsOnNothing) {
  const RigConfig rig = Rig(testing::RegionsCalibration());
  FakeGpio gpio;  // nothing answers
  auto camera = MakeFrameSource(rig);
  // Click all eight; key_1_2 "the lock answered", key_3_4 "nothing", then
  // skip the rest.
  std::istringstream in("\nk\n\nn\ns\ns\ns\ns\ns\ns\n");
  std::ostringstream out;
  SelftestOptions options;
  options.listen = std::chrono::milliseconds(20);
  EXPECT_EQ(RunSelftest(rig, gpio, *camera, in, out, options), 1);
  const std::string text = out.str();
  EXPECT_NE(text.find("Click relay key_1_2 (gpiochip0 line 0)?"), std::string::npos) << text;
  EXPECT_NE(text.find("FAIL: nothing happened"), std::string::npos) << text;
  // The regions in RegionsCalibration are not where the markers put the face.
  EXPECT_NE(text.find("FAIL  calibration: the regions are off"), std::string::npos) << text;
  EXPECT_NE(text.find("selftest FAILED"), std::string::npos);
}

TEST(Selftest, LinesThatCannotBeRequestedFail) {
  const RigConfig rig = Rig(testing::RegionsCalibration());
  FakeGpio gpio;
  gpio.SetExistingLines({Line(0)});
  auto camera = MakeFrameSource(rig);
  std::istringstream in;
  std::ostringstream out;
  SelftestOptions options;
  options.assume_yes = true;
  EXPECT_EQ(RunSelftest(rig, gpio, *camera, in, out, options), 1);
  EXPECT_NE(out.str().find("FAIL  requesting the lines: gpiochip0 line 1: no such GPIO line"),
            std::string::npos)
      << out.str();
}

}  // namespace
}  // namespace lockrig::hardware
