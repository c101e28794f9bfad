// The rig file: the example parses; every mistake is refused with its
// file:line:col before anything is requested.
#include <gtest/gtest.h>

#include "rig/hardware/rig_file.h"
#include "tests/rig/hardware/hardware_fixture.h"

namespace lockrig::hardware {
namespace {

using testing::RigYaml;

std::string ErrorOf(const std::string& yaml) {
  try {
    ParseRigText(yaml, "rig.yaml");
  } catch (const RigFileError& e) {
    return e.what();
  }
  return "(accepted)";
}

const std::string kCamera = "  device: /dev/video0\n";

TEST(RigFile, ExampleParses) {
  const RigConfig rig = LoadRigFile(LOCKRIG_SOURCE_DIR "/rig/hardware/example-rig.yaml");
  EXPECT_EQ(rig.name, "bench-1");
  EXPECT_EQ(rig.keypad, KeypadKind::kPaired5);
  ASSERT_EQ(rig.relays.size(), 8u);
  EXPECT_EQ(rig.relays[0].relay, "key_1_2");
  EXPECT_EQ(*rig.relays[0].line.offset, 5u);
  EXPECT_EQ(rig.relays[0].line.chip, "gpiochip0");
  EXPECT_TRUE(rig.relays[0].active_low);
  EXPECT_EQ(rig.timing.press, std::chrono::milliseconds(150));
  EXPECT_EQ(rig.timing.gap, std::chrono::milliseconds(250));
  EXPECT_EQ(rig.buzzer.bias, Bias::kPullDown);
  ASSERT_TRUE(rig.bolt_switch);
  EXPECT_TRUE(rig.bolt_switch->active_low);
  EXPECT_EQ(rig.camera.device, "/dev/video0");
  EXPECT_EQ(rig.camera.white_balance, 4600);
  EXPECT_TRUE(rig.calibration.markers);
  ASSERT_TRUE(rig.flash);
  EXPECT_EQ(rig.flash->probe, "openocd");
}

TEST(RigFile, RegionsAndLineForms) {
  const RigConfig rig = ParseRigText(RigYaml(kCamera, testing::RegionsCalibration()), "rig.yaml");
  EXPECT_FALSE(rig.calibration.markers);
  ASSERT_EQ(rig.calibration.face.led_regions.size(), 1u);
  EXPECT_EQ(rig.calibration.face.bolt_track, cv::Rect(100, 150, 120, 20));
  EXPECT_EQ(rig.calibration.face.image_size, cv::Size(640, 480));
  EXPECT_FALSE(rig.relays[7].active_low);  // battery overrides the default
  const RigConfig named = ParseRigText(
      "rig: r\nkeypad: ten\nwiring:\n  relays:\n"
      "    key_0: KEY0\n    key_1: {line: KEY1, chip: gpiochip2}\n    key_2: 2\n    key_3: 3\n"
      "    key_4: 4\n    key_5: 5\n    key_6: 6\n    key_7: 7\n    key_8: 8\n    key_9: 9\n"
      "    key_lock: 10\n    program: 11\n    battery: 12\n"
      "sense:\n  buzzer: BUZZ\ncamera:\n  replay: rec/face.avi\ncalibration:\n  leds: 4\n  "
      "markers: true\n",
      "/rigs/r.yaml");
  EXPECT_EQ(named.relays[0].line.name, "KEY0");
  EXPECT_EQ(named.relays[1].line.chip, "gpiochip2");
  EXPECT_EQ(named.camera.replay, "/rigs/rec/face.avi");  // relative to the rig file
  EXPECT_FALSE(named.bolt_switch);
}

TEST(RigFile, PipeCameraRelativeToTheRigFile) {
  std::string yaml =
      RigYaml("  pipe: run/face\n  width: 320\n  height: 240\n", "  leds: 1\n  markers: true\n");
  const RigConfig rig = ParseRigText(yaml, "/rigs/r.yaml");
  EXPECT_EQ(rig.camera.pipe, "/rigs/run/face");
  EXPECT_TRUE(rig.camera.device.empty());
  EXPECT_TRUE(rig.camera.replay.empty());
  EXPECT_EQ(rig.camera.width, 320);
}

TEST(RigFile, TheLockDoublesGpioSimRigIsValid) {
  const RigConfig rig = LoadRigFile(LOCKRIG_SOURCE_DIR "/rig/lockdouble/gpio-sim-rig.yaml");
  EXPECT_EQ(rig.camera.pipe, "/tmp/lockrig-face");
  EXPECT_EQ(rig.relays.size(), 8u);
  EXPECT_EQ(rig.relays[5].line.name, "RELAY_KEY_LOCK");
  EXPECT_TRUE(rig.bolt_switch);
}

TEST(RigFile, UnknownKeyAtItsPosition) {
  std::string yaml = RigYaml(kCamera, testing::RegionsCalibration());
  yaml.replace(yaml.find("  press: 50ms"), 13, "  pres: 50ms");
  EXPECT_EQ(ErrorOf(yaml),
            "rig.yaml:5:3: unknown key 'pres' in wiring; expected one of: chip, active_low, "
            "press, gap, operate_delay, relays");
}

TEST(RigFile, MissingRelaysNamed) {
  std::string yaml = RigYaml(kCamera, testing::RegionsCalibration());
  yaml.erase(yaml.find("    key_9_0: 4\n"), 15);
  yaml.erase(yaml.find("    program: 6\n"), 15);
  EXPECT_EQ(ErrorOf(yaml), "rig.yaml:9:5: wiring.relays is missing key_9_0, program");
}

TEST(RigFile, RelayNotOnThisKeypad) {
  std::string yaml = RigYaml(kCamera, testing::RegionsCalibration());
  yaml.replace(yaml.find("key_1_2"), 7, "key_1");
  EXPECT_EQ(ErrorOf(yaml).substr(0, 60),
            "rig.yaml:9:5: unknown key 'key_1' in wiring.relays (keypad p");
}

TEST(RigFile, LineWiredTwice) {
  std::string yaml = RigYaml(kCamera, testing::RegionsCalibration());
  yaml.replace(yaml.find("key_3_4: 1"), 10, "key_3_4: 0");
  EXPECT_EQ(ErrorOf(yaml),
            "rig.yaml:10:14: relay key_3_4: gpiochip0 line 0 is already wired to relay key_1_2");
}

TEST(RigFile, BadValues) {
  std::string yaml = RigYaml(kCamera, testing::RegionsCalibration());
  yaml.replace(yaml.find("bias: pull-down"), 15, "bias: pulldown");
  EXPECT_EQ(ErrorOf(yaml),
            "rig.yaml:18:29: 'bias' needs as-is, disable, pull-up or pull-down, got \"pulldown\"");

  yaml = RigYaml(kCamera, testing::RegionsCalibration());
  yaml.replace(yaml.find("press: 50ms"), 11, "press: 50");
  EXPECT_EQ(ErrorOf(yaml),
            "rig.yaml:5:10: 'press' needs a duration such as 150ms (above zero), got \"50\"");

  yaml = RigYaml(kCamera, testing::RegionsCalibration());
  yaml.replace(yaml.find("[100, 150, 120, 20]"), 19, "[600, 150, 120, 20]");
  EXPECT_EQ(ErrorOf(yaml),
            "rig.yaml:26:17: region [600, 150, 120, 20] of 'bolt_track' is empty or outside the "
            "640x480 camera image");

  yaml = RigYaml("  device: /dev/video0\n  replay: x.avi\n", testing::RegionsCalibration());
  EXPECT_EQ(ErrorOf(yaml), "rig.yaml:22:11: camera gives both 'device' and 'replay'; one only");

  yaml = RigYaml("  pipe: /tmp/face\n  device: /dev/video0\n", testing::RegionsCalibration());
  EXPECT_EQ(ErrorOf(yaml), "rig.yaml:22:11: camera gives both 'pipe' and 'device'; one only");

  yaml = RigYaml("  width: 320\n", testing::RegionsCalibration());
  EXPECT_EQ(ErrorOf(yaml), "rig.yaml:21:3: camera needs 'device', 'replay' or 'pipe'");

  EXPECT_EQ(ErrorOf("rig: r\nkeypad: [paired5\n"),
            "rig.yaml:3:1: YAML syntax error: end of sequence flow not found");
}

TEST(RigFile, FlashValidated) {
  const std::string yaml = RigYaml(kCamera, testing::RegionsCalibration()) +
                           "flash:\n  probe: jlink\n  server: localhost:2331\n";
  EXPECT_EQ(ErrorOf(yaml),
            "rig.yaml:28:10: 'probe' needs openocd, pyocd, blackmagic or qemu, got \"jlink\"");
}

TEST(RigFile, MissingFileIsAnError) {
  EXPECT_THROW(LoadRigFile("/nonexistent/rig.yaml"), RigFileError);
}

}  // namespace
}  // namespace lockrig::hardware
