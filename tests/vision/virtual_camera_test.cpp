#include "rig/sim/virtual_camera.h"

#include <cmath>
#include <random>
#include <stdexcept>

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

#include "tests/vision/face_fixture.h"

namespace lockrig::sim {
namespace {

using vision::LedColor;
using vision::testing::Face;

bool SameBytes(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0.0;
}

TEST(VirtualCamera, RendersAnEightBitBgrFrameOfTheSetSize) {
  const Face face(4, 1, 3.0, {640, 360});
  const cv::Mat frame = face.camera.Render({}, 0);
  EXPECT_EQ(frame.size(), cv::Size(640, 360));
  EXPECT_EQ(frame.type(), CV_8UC3);
}

TEST(VirtualCamera, RegionRenderIsByteIdenticalToTheCropOfTheFullFrame) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 60; ++trial) {
    const int leds = trial % 2 == 0 ? 1 : 4;
    const Face face(leds, rng());
    const FaceTruth truth = vision::testing::RandomTruth(rng, leds);
    const std::uint64_t index = rng() % 100000;
    const cv::Mat full = face.camera.Render(truth, index);
    for (int r = 0; r < 10; ++r) {
      const int x = std::uniform_int_distribution<int>(0, 319)(rng);
      const int y = std::uniform_int_distribution<int>(0, 239)(rng);
      const int w = std::uniform_int_distribution<int>(1, 320 - x)(rng);
      const int h = std::uniform_int_distribution<int>(1, 240 - y)(rng);
      const cv::Rect roi(x, y, w, h);
      ASSERT_TRUE(SameBytes(face.camera.RenderRegion(truth, index, roi), full(roi)))
          << "trial " << trial << " roi " << roi;
    }
    // And the regions vision reads, which cut through lenses and the bar.
    for (const cv::Rect& roi : face.reader.RegionsRead()) {
      ASSERT_TRUE(SameBytes(face.camera.RenderRegion(truth, index, roi), full(roi)));
    }
  }
}

TEST(VirtualCamera, SameSeedAndFrameGiveIdenticalBytes) {
  const FaceTruth truth{{LedColor::kAmber, LedColor::kOff, LedColor::kBlue, LedColor::kRed}, 0.4};
  const Face a(4, 42);
  const Face b(4, 42);
  EXPECT_TRUE(SameBytes(a.camera.Render(truth, 7), b.camera.Render(truth, 7)));
}

TEST(VirtualCamera, DifferentSeedGivesDifferentBytes) {
  const FaceTruth truth{{LedColor::kGreen}, 0.7};
  EXPECT_FALSE(SameBytes(Face(1, 1).camera.Render(truth, 7), Face(1, 2).camera.Render(truth, 7)));
}

TEST(VirtualCamera, DifferentFrameGivesDifferentNoise) {
  const Face face(1, 1);
  const FaceTruth truth{{LedColor::kGreen}, 0.7};
  EXPECT_FALSE(SameBytes(face.camera.Render(truth, 1), face.camera.Render(truth, 2)));
}

TEST(VirtualCamera, NoiseIsGaussianWithTheSetSigma) {
  // Noise = noisy frame minus the noiseless one, wherever the scene is not
  // near the ends of the 8-bit range (where quantising clips it).
  const FaceTruth truth{{LedColor::kRed, LedColor::kOff, LedColor::kGreen, LedColor::kWhite}, 0.5};
  const cv::Mat clean = Face(4, 3, 0.0).camera.Render(truth, 0);
  double sum = 0;
  double sum2 = 0;
  double sum4 = 0;
  long n = 0;
  for (std::uint64_t frame = 0; frame < 8; ++frame) {
    const cv::Mat noisy = Face(4, 3, 3.0).camera.Render(truth, frame);
    for (int y = 0; y < clean.rows; ++y) {
      for (int x = 0; x < clean.cols; ++x) {
        for (int c = 0; c < 3; ++c) {
          const int base = clean.at<cv::Vec3b>(y, x)[c];
          if (base < 20 || base > 235) continue;
          const double d = noisy.at<cv::Vec3b>(y, x)[c] - base;
          sum += d;
          sum2 += d * d;
          sum4 += d * d * d * d;
          ++n;
        }
      }
    }
  }
  const double mean = sum / n;
  const double var = sum2 / n - mean * mean;
  EXPECT_NEAR(mean, 0.0, 0.02);
  // Quantising adds 1/12 of a level squared to the variance.
  EXPECT_NEAR(std::sqrt(var - 1.0 / 12.0), 3.0, 0.05);
  // A Gaussian's kurtosis is 3 (a uniform's 1.8).
  EXPECT_NEAR((sum4 / n) / (var * var), 3.0, 0.15);
}

TEST(VirtualCamera, NoiseIsUncorrelatedBetweenNeighbouringPixelsAndChannels) {
  const Face noisy(1, 9, 3.0);
  const Face clean(1, 9, 0.0);
  const FaceTruth truth{{LedColor::kOff}, 0.0};
  cv::Mat noise;
  cv::subtract(noisy.camera.Render(truth, 0), clean.camera.Render(truth, 0), noise, cv::noArray(),
               CV_32FC3);
  std::vector<cv::Mat> ch;
  cv::split(noise, ch);
  auto correlation = [](const cv::Mat& a, const cv::Mat& b) {
    cv::Scalar ma, sa, mb, sb;
    cv::meanStdDev(a, ma, sa);
    cv::meanStdDev(b, mb, sb);
    return (cv::mean(a.mul(b))[0] - ma[0] * mb[0]) / (sa[0] * sb[0]);
  };
  const cv::Rect left(0, 0, 319, 240);
  const cv::Rect right(1, 0, 319, 240);
  const cv::Rect up(0, 0, 320, 239);
  const cv::Rect down(0, 1, 320, 239);
  EXPECT_LT(std::abs(correlation(ch[0](left), ch[0](right))), 0.02);
  EXPECT_LT(std::abs(correlation(ch[1](up), ch[1](down))), 0.02);
  EXPECT_LT(std::abs(correlation(ch[0], ch[1])), 0.02);
  EXPECT_LT(std::abs(correlation(ch[1], ch[2])), 0.02);
}

TEST(VirtualCamera, UnlitLensIsDimGreyAndLitLensIsItsColour) {
  const Face face(4, 1, 0.0);
  const FaceTruth truth{{LedColor::kOff, LedColor::kRed, LedColor::kGreen, LedColor::kBlue}, 0.0};
  const cv::Mat frame = face.camera.Render(truth, 0);
  auto at_centre = [&](int i) {
    const cv::Point2d c = vision::LedCentre(face.camera.layout().led_regions[i]);
    // The pixel just off-centre: away from the lit lens's hot spot.
    return frame.at<cv::Vec3b>(static_cast<int>(c.y), static_cast<int>(c.x) + 5);
  };
  const cv::Vec3b off = at_centre(0);
  EXPECT_LT(std::max({off[0], off[1], off[2]}), 100);
  EXPECT_GT(at_centre(1)[2], 200);  // red
  EXPECT_GT(at_centre(2)[1], 200);  // green
  EXPECT_GT(at_centre(3)[0], 200);  // blue
}

TEST(VirtualCamera, MissingTruthLedsAreDrawnOff) {
  const Face face(4, 1, 0.0);
  EXPECT_TRUE(SameBytes(
      face.camera.Render({{LedColor::kRed}, 0.0}, 0),
      face.camera.Render(
          {{LedColor::kRed, LedColor::kOff, LedColor::kOff, LedColor::kOff, LedColor::kGreen}, 0.0},
          0)));
}

TEST(VirtualCamera, RejectsARegionOutsideTheFrame) {
  const Face face(1, 1);
  EXPECT_THROW(face.camera.RenderRegion({}, 0, cv::Rect(300, 0, 40, 10)), std::out_of_range);
  EXPECT_THROW(face.camera.RenderRegion({}, 0, cv::Rect(-1, 0, 4, 4)), std::out_of_range);
  EXPECT_THROW(face.camera.RenderRegion({}, 0, cv::Rect(0, 0, 0, 4)), std::out_of_range);
}

TEST(VirtualCamera, RejectsALayoutForAnotherImageSize) {
  EXPECT_THROW(VirtualCamera(CameraSettings{}, vision::DefaultFaceLayout(1, {640, 480}), 1),
               std::invalid_argument);
}

}  // namespace
}  // namespace lockrig::sim
