// The short accuracy run: vision against the virtual camera's truth at the
// default camera settings must meet every bar. The full sweep over settings
// is lockrig-vision-accuracy (not run by ctest).
#include "vision/accuracy.h"

#include <cstdio>

#include <gtest/gtest.h>

namespace lockrig::vision {
namespace {

TEST(VisionAccuracy, MeetsEveryBarAtDefaultCameraSettings) {
  AccuracyConfig config;  // default camera
  config.sequence_frames = 4'000;
  config.blink_trials = 1'000;
  const AccuracyResult r = MeasureAccuracy(config);
  std::printf("%s\n%s\n", AccuracyTableHeader().c_str(), AccuracyTableRow("default", r).c_str());
  EXPECT_TRUE(r.calibrated);
  EXPECT_GE(r.LedAccuracy(), 0.999) << r.frames_right << " of " << r.frames;
  EXPECT_GE(r.BlinkExactness(), 0.999) << r.blink_trials_exact << " of " << r.blink_trials;
  EXPECT_LE(r.bolt_error_p99, 0.03);
  EXPECT_LE(r.latency_p99, 2.0);
  EXPECT_TRUE(r.random_detected);
  EXPECT_FALSE(r.random_false_alarm);
  EXPECT_GT(r.led_changes, 1000);
}

TEST(VisionAccuracy, SaysWhereASettingBreaksVision) {
  AccuracyConfig config;
  config.camera.noise_sigma = 60.0;  // far beyond any rig camera
  config.sequence_frames = 600;
  config.blink_trials = 20;
  const AccuracyResult r = MeasureAccuracy(config);
  EXPECT_FALSE(r.Shortfalls().empty());
  EXPECT_NE(AccuracyTableRow("noise 60", r).find("BREAKS"), std::string::npos);
}

}  // namespace
}  // namespace lockrig::vision
