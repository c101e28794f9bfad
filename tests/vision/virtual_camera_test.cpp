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

TEST(VirtualCamera, RegionRenderStaysByteIdenticalWithEveryEffectOn) {
  // Blur on a moving bolt, strong bloom, drift, a rotated and shifted pose.
  std::mt19937_64 rng(6);
  for (int trial = 0; trial < 24; ++trial) {
    const int leds = trial % 2 == 0 ? 1 : 4;
    const Face face(leds, rng(), vision::testing::EveryEffect());
    FaceTruth truth = vision::testing::RandomTruth(rng, leds);
    truth.bolt_velocity = trial % 3 == 0 ? 0.0 : (trial % 3 == 1 ? 1.25 : -1.25);
    const std::uint64_t index = rng() % 100000;
    const cv::Mat full = face.camera.Render(truth, index);
    for (int r = 0; r < 12; ++r) {
      const int x = std::uniform_int_distribution<int>(0, 319)(rng);
      const int y = std::uniform_int_distribution<int>(0, 239)(rng);
      const int w = std::uniform_int_distribution<int>(1, 320 - x)(rng);
      const int h = std::uniform_int_distribution<int>(1, 240 - y)(rng);
      const cv::Rect roi(x, y, w, h);
      ASSERT_TRUE(SameBytes(face.camera.RenderRegion(truth, index, roi), full(roi)))
          << "trial " << trial << " roi " << roi;
    }
    for (const cv::Rect& roi : face.reader.RegionsRead()) {
      ASSERT_TRUE(SameBytes(face.camera.RenderRegion(truth, index, roi), full(roi)));
    }
  }
}

TEST(VirtualCamera, RegionRenderWithJpegIsTheCropOfTheCompressedFrame) {
  CameraSettings settings = vision::testing::EveryEffect();
  settings.jpeg_quality = 40;
  const Face face(4, 3, settings);
  const FaceTruth truth{{LedColor::kRed, LedColor::kGreen, LedColor::kOff, LedColor::kBlue}, 0.3};
  const cv::Mat full = face.camera.Render(truth, 11);
  for (const cv::Rect& roi : {cv::Rect(3, 5, 17, 9), cv::Rect(100, 60, 40, 40)}) {
    EXPECT_TRUE(SameBytes(face.camera.RenderRegion(truth, 11, roi), full(roi))) << roi;
  }
  // And the artefacts are there: the frame differs from the uncompressed one.
  settings.jpeg_quality = 0;
  EXPECT_FALSE(SameBytes(Face(4, 3, settings).camera.Render(truth, 11), full));
}

TEST(VirtualCamera, MovingBoltIsBlurredOverTheExposureAndCentredOnItsPosition) {
  CameraSettings settings = vision::testing::PlainCamera(0.0);
  settings.exposure_us = 32'000.0;  // the bolt moves 4 % of its travel: 8 px
  const Face face(1, 1, settings);
  const cv::Rect track = face.camera.layout().bolt_track;
  const cv::Rect middle_row(track.x, track.y + track.height / 2, track.width, 1);
  auto edge_width = [&](double velocity) {
    const cv::Mat row = face.camera.RenderRegion({{LedColor::kOff}, 0.5, velocity}, 0, middle_row);
    int partial = 0;  // columns neither bar nor track
    for (int x = 0; x < row.cols; ++x) {
      const int g = row.at<cv::Vec3b>(0, x)[1];
      if (g > 30 && g < 200) ++partial;
    }
    return partial;
  };
  EXPECT_LE(edge_width(0.0), 1);
  EXPECT_GE(edge_width(1.25), 6);
  // The blur is symmetric about the true end: vision reads it right.
  const double read =
      face.reader.Read(face.camera.Render({{LedColor::kOff}, 0.5, 1.25}, 0)).bolt_position;
  EXPECT_NEAR(read, 0.5, 0.005);
}

TEST(VirtualCamera, BloomSpreadsALitLedsGlowOntoThePlateAroundIt) {
  auto glow_at_rim = [](double bloom) {
    CameraSettings settings = vision::testing::PlainCamera(0.0);
    settings.bloom = bloom;
    const Face face(1, 1, settings);
    const cv::Rect region = face.camera.layout().led_regions[0];
    const cv::Point2d c = vision::LedCentre(region);
    const int x = static_cast<int>(c.x + vision::LedLensRadius(region) + 3);
    return face.camera.Render({{LedColor::kRed}, 0.0}, 0)
        .at<cv::Vec3b>(static_cast<int>(c.y), x)[2];
  };
  EXPECT_LT(glow_at_rim(0.0), 60);
  EXPECT_GT(glow_at_rim(1.0), glow_at_rim(0.0) + 30);
  EXPECT_GT(glow_at_rim(2.0), glow_at_rim(1.0) + 30);
}

TEST(VirtualCamera, ExposureAndWhiteBalanceDriftSlowlyAndSmoothly) {
  CameraSettings settings;
  settings.exposure_drift = 0.1;
  settings.white_balance_drift = 0.05;
  settings.drift_period_s = 10.0;
  const VirtualCamera camera(settings, vision::DefaultFaceLayout(1), 7);
  double lo = 10, hi = 0;
  for (std::uint64_t i = 0; i < 30 * 60; ++i) {
    const cv::Vec3f g = camera.Gain(i);
    const cv::Vec3f next = camera.Gain(i + 1);
    for (int c = 0; c < 3; ++c) {
      EXPECT_LT(std::abs(next[c] - g[c]), 0.005) << "frame " << i;  // smooth
      lo = std::min(lo, static_cast<double>(g[c]));
      hi = std::max(hi, static_cast<double>(g[c]));
    }
  }
  EXPECT_GT(hi - lo, 0.1);                       // it does drift...
  EXPECT_GT(lo, (1 - 0.1) * (1 - 0.05) - 1e-6);  // ...within the set bounds
  EXPECT_LT(hi, (1 + 0.1) * (1 + 0.05) + 1e-6);
}

TEST(VirtualCamera, DropsFramesAtTheSetRateDeterministically) {
  CameraSettings settings;
  settings.drop_probability = 0.2;
  const VirtualCamera a(settings, vision::DefaultFaceLayout(1), 1);
  const VirtualCamera b(settings, vision::DefaultFaceLayout(1), 1);
  const VirtualCamera other(settings, vision::DefaultFaceLayout(1), 2);
  int dropped = 0, differs = 0;
  for (std::uint64_t i = 0; i < 20000; ++i) {
    dropped += a.Dropped(i) ? 1 : 0;
    ASSERT_EQ(a.Dropped(i), b.Dropped(i));
    differs += a.Dropped(i) != other.Dropped(i) ? 1 : 0;
  }
  EXPECT_NEAR(dropped / 20000.0, 0.2, 0.01);
  EXPECT_GT(differs, 1000);
  EXPECT_FALSE(VirtualCamera(CameraSettings{}, vision::DefaultFaceLayout(1), 1).Dropped(3));
}

TEST(VirtualCamera, JittersTimestampsWithTheSetSigmaWithinThreeSigma) {
  CameraSettings settings;
  settings.jitter_sigma_us = 500.0;
  const VirtualCamera camera(settings, vision::DefaultFaceLayout(1), 1);
  double sum = 0, sum2 = 0;
  for (std::uint64_t i = 0; i < 20000; ++i) {
    const auto j = static_cast<double>(camera.JitterUs(i));
    ASSERT_LE(std::abs(j), 1500.0);
    ASSERT_EQ(camera.JitterUs(i), camera.JitterUs(i));
    sum += j;
    sum2 += j * j;
  }
  EXPECT_NEAR(sum / 20000, 0.0, 15.0);
  EXPECT_NEAR(std::sqrt(sum2 / 20000), 500.0, 25.0);
  settings.jitter_sigma_us = 0.0;
  EXPECT_EQ(VirtualCamera(settings, vision::DefaultFaceLayout(1), 1).JitterUs(5), 0);
}

TEST(VirtualCamera, APoseShiftMovesTheImageByThatManyPixels) {
  CameraSettings shifted = vision::testing::PlainCamera(0.0);
  shifted.pose = {5.0, -3.0, 0.0};
  const FaceTruth truth{{LedColor::kGreen, LedColor::kOff, LedColor::kRed, LedColor::kWhite}, 0.4};
  const cv::Mat nominal = Face(4, 1, vision::testing::PlainCamera(0.0)).camera.Render(truth, 0);
  const cv::Mat moved = Face(4, 1, shifted).camera.Render(truth, 0);
  EXPECT_TRUE(SameBytes(moved(cv::Rect(5, 0, 315, 237)), nominal(cv::Rect(0, 3, 315, 237))));
}

TEST(VirtualCamera, RejectsSettingsOutOfRange) {
  auto make = [](auto change) {
    CameraSettings settings;
    change(settings);
    return VirtualCamera(settings, vision::DefaultFaceLayout(1), 1);
  };
  EXPECT_THROW(make([](CameraSettings& s) { s.jpeg_quality = 101; }), std::invalid_argument);
  EXPECT_THROW(make([](CameraSettings& s) { s.drop_probability = 1.0; }), std::invalid_argument);
  EXPECT_THROW(make([](CameraSettings& s) { s.bloom = -1.0; }), std::invalid_argument);
  EXPECT_THROW(make([](CameraSettings& s) { s.exposure_us = -1.0; }), std::invalid_argument);
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
  // No drift, so the gain is the same in every frame.
  const cv::Mat clean = Face(4, 3, vision::testing::PlainCamera(0.0)).camera.Render(truth, 0);
  double sum = 0;
  double sum2 = 0;
  double sum4 = 0;
  long n = 0;
  for (std::uint64_t frame = 0; frame < 8; ++frame) {
    const cv::Mat noisy = Face(4, 3, vision::testing::PlainCamera(3.0)).camera.Render(truth, frame);
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
