#include "vision/bolt_locator.h"

#include <cmath>

#include <gtest/gtest.h>

#include "tests/vision/face_fixture.h"

namespace lockrig::vision {
namespace {

cv::Mat Track(const testing::Face& face, double position) {
  const cv::Rect track = face.camera.layout().bolt_track;
  return face.camera.RenderRegion({{LedColor::kOff}, position}, 0, track);
}

TEST(BoltLocator, EmptyTrackIsRetracted) {
  const testing::Face face(1, 1);
  EXPECT_EQ(LocateBoltEnd(Track(face, 0.0)), 0.0);
}

TEST(BoltLocator, FullTrackIsExtended) {
  const testing::Face face(1, 1);
  EXPECT_EQ(LocateBoltEnd(Track(face, 1.0)), 1.0);
}

TEST(BoltLocator, FindsTheEndToAHundredthOfAPixelWithoutNoise) {
  const testing::Face face(1, 1, 0.0);
  const int width = face.camera.layout().bolt_track.width;
  const double pixel = 1.0 / width;
  // Wherever at least one whole column of bar and of track is visible.
  for (double p = 1.0 * pixel; p <= 1.0 - 1.0 * pixel; p += 0.00377) {
    EXPECT_NEAR(LocateBoltEnd(Track(face, p)), p, 0.01 * pixel) << p;
  }
}

TEST(BoltLocator, IsWithinAPixelWhenLessThanAColumnOfBarOrTrackShows) {
  const testing::Face face(1, 1, 0.0);
  const double pixel = 1.0 / face.camera.layout().bolt_track.width;
  for (double f = 0.0; f <= 1.0; f += 0.05) {
    EXPECT_NEAR(LocateBoltEnd(Track(face, f * pixel)), f * pixel, pixel) << f;
    EXPECT_NEAR(LocateBoltEnd(Track(face, 1.0 - f * pixel)), 1.0 - f * pixel, pixel) << f;
  }
}

TEST(BoltLocator, FindsTheEndToATenthOfAPixelUnderDefaultNoise) {
  const double pixel = 1.0 / DefaultFaceLayout(1).bolt_track.width;
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    const testing::Face face(1, seed);
    // Every hundredth of the travel, ends included.
    const double p = (seed % 101) / 100.0;
    EXPECT_NEAR(LocateBoltEnd(Track(face, p)), p, 0.1 * pixel) << p << " seed " << seed;
  }
}

TEST(BoltLocator, EmptyImageIsRetracted) {
  EXPECT_EQ(LocateBoltEnd(cv::Mat()), 0.0);
}

}  // namespace
}  // namespace lockrig::vision
