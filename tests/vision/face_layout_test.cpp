#include "vision/face_layout.h"

#include <stdexcept>

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

namespace lockrig::vision {
namespace {

bool Inside(const cv::Rect& r, cv::Size size) {
  return (r & cv::Rect({0, 0}, size)) == r;
}

TEST(DefaultFaceLayout, OneLedCentredAboveTheTrack) {
  const FaceLayout layout = DefaultFaceLayout(1);
  EXPECT_EQ(layout.image_size, cv::Size(320, 240));
  ASSERT_EQ(layout.led_regions.size(), 1u);
  const cv::Rect led = layout.led_regions[0];
  EXPECT_NEAR(led.x + led.width / 2.0, 160.0, 1.0);
  EXPECT_EQ(led.width, led.height);
  EXPECT_LT(led.br().y, layout.bolt_track.y);
  EXPECT_GT(layout.bolt_track.width, 4 * layout.bolt_track.height);
}

TEST(DefaultFaceLayout, FourLedsSitInARowLeftToRightWithoutOverlap) {
  const FaceLayout layout = DefaultFaceLayout(4);
  ASSERT_EQ(layout.led_regions.size(), 4u);
  for (std::size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(layout.led_regions[i].y, layout.led_regions[0].y);
    EXPECT_GT(layout.led_regions[i].x, layout.led_regions[i - 1].br().x);
  }
}

TEST(DefaultFaceLayout, ScalesWithImageSize) {
  const FaceLayout small = DefaultFaceLayout(4);
  const FaceLayout big = DefaultFaceLayout(4, {640, 480});
  EXPECT_EQ(big.image_size, cv::Size(640, 480));
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(big.led_regions[i].width, 2 * small.led_regions[i].width);
    EXPECT_NEAR(big.led_regions[i].x, 2 * small.led_regions[i].x, 1);
  }
  EXPECT_EQ(big.bolt_track.width, 2 * small.bolt_track.width);
}

TEST(DefaultFaceLayout, EveryRegionIsInsideTheImage) {
  for (cv::Size size : {cv::Size(160, 120), cv::Size(320, 240), cv::Size(640, 360),
                        cv::Size(1280, 720), cv::Size(240, 320)}) {
    for (int leds : {1, 4}) {
      const FaceLayout layout = DefaultFaceLayout(leds, size);
      for (const cv::Rect& r : layout.led_regions) EXPECT_TRUE(Inside(r, size)) << size;
      EXPECT_TRUE(Inside(layout.bolt_track, size)) << size;
    }
  }
}

TEST(DefaultFaceLayout, RejectsUnsupportedLedCounts) {
  EXPECT_THROW(DefaultFaceLayout(0), std::invalid_argument);
  EXPECT_THROW(DefaultFaceLayout(7), std::invalid_argument);
}

TEST(DefaultFaceLayout, LensIsCentredInItsRegion) {
  const cv::Rect region(10, 20, 30, 30);
  EXPECT_EQ(LedCentre(region), cv::Point2d(25, 35));
  EXPECT_DOUBLE_EQ(LedLensRadius(region), 9.0);
}

}  // namespace
}  // namespace lockrig::vision
