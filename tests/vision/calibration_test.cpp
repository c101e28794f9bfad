#include "vision/calibration.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

#include "tests/vision/face_fixture.h"

namespace lockrig::vision {
namespace {

sim::FaceTruth Reference(int leds) {
  return {std::vector<LedColor>(static_cast<std::size_t>(leds), LedColor::kOff), 0.0};
}

TEST(Calibrate, FindsTheNominalLayoutWhenTheCameraHasNotMoved) {
  for (int leds : {1, 4}) {
    const testing::Face face(leds, 3);
    const std::optional<FaceLayout> got = Calibrate(face.camera.Render(Reference(leds), 0), leds);
    ASSERT_TRUE(got);
    const FaceLayout& want = face.camera.layout();
    ASSERT_EQ(got->led_regions.size(), want.led_regions.size());
    for (std::size_t i = 0; i < want.led_regions.size(); ++i) {
      EXPECT_NEAR(LedCentre(got->led_regions[i]).x, LedCentre(want.led_regions[i]).x, 0.6);
      EXPECT_NEAR(LedCentre(got->led_regions[i]).y, LedCentre(want.led_regions[i]).y, 0.6);
    }
    EXPECT_NEAR(got->bolt_track.x, want.bolt_track.x, 1);
    EXPECT_NEAR(got->bolt_track.width, want.bolt_track.width, 1);
    EXPECT_NEAR(got->bolt_track_angle_deg, 0.0, 0.2);
  }
}

TEST(Calibrate, AMovedAndTurnedCameraStillReadsLedsAndBolt) {
  std::mt19937_64 rng(9);
  for (const sim::CameraPose pose :
       {sim::CameraPose{6, -4, 0}, sim::CameraPose{-5, 3, 3}, sim::CameraPose{2, 5, -4}}) {
    sim::CameraSettings settings = testing::Camera();
    settings.pose = pose;
    const testing::Face face(4, 11, settings);
    const std::optional<FaceLayout> layout = Calibrate(face.camera.Render(Reference(4), 0), 4);
    ASSERT_TRUE(layout) << pose.dx_px << "," << pose.dy_px << " " << pose.rotation_deg;
    EXPECT_NEAR(layout->bolt_track_angle_deg, pose.rotation_deg, 0.3);
    const FaceReader reader(*layout);
    double worst = 0.0;
    for (std::uint64_t frame = 1; frame <= 100; ++frame) {
      const sim::FaceTruth truth = testing::RandomTruth(rng, 4);
      const FaceReading got =
          reader.Read([&](const cv::Rect& r) { return face.camera.RenderRegion(truth, frame, r); });
      ASSERT_EQ(got.leds, truth.leds) << "frame " << frame << " rotation " << pose.rotation_deg;
      worst = std::max(worst, std::abs(got.bolt_position - truth.bolt_position));
    }
    EXPECT_LT(worst, 0.015) << "rotation " << pose.rotation_deg;
  }
}

TEST(Calibrate, FindsNothingWithoutMarkers) {
  EXPECT_FALSE(Calibrate(cv::Mat(240, 320, CV_8UC3, cv::Scalar(50, 50, 50)), 1));
  EXPECT_FALSE(Calibrate(cv::Mat(), 1));
}

}  // namespace
}  // namespace lockrig::vision
