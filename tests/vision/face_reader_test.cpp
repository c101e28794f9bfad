#include "vision/face_reader.h"

#include <cmath>
#include <random>
#include <stdexcept>

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

#include "tests/vision/face_fixture.h"

namespace lockrig::vision {
namespace {

using testing::Face;

// Renders `colour` on every LED for many seeds and frames, with the bolt
// anywhere, and expects every read to give it back.
void ExpectReadsColour(LedColor colour, double noise_sigma, std::uint64_t seeds = 25) {
  std::mt19937_64 rng(static_cast<std::uint64_t>(colour) + 1);
  for (int leds : {1, 4}) {
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
      const Face face(leds, seed, noise_sigma);
      for (std::uint64_t frame = 0; frame < 4; ++frame) {
        sim::FaceTruth truth{std::vector<LedColor>(static_cast<std::size_t>(leds), colour),
                             std::uniform_real_distribution<double>(0, 1)(rng)};
        const FaceReading got = face.reader.Read(face.camera.Render(truth, frame));
        ASSERT_EQ(got.leds, truth.leds)
            << ToString(colour) << " leds=" << leds << " seed=" << seed << " frame=" << frame;
      }
    }
  }
}

TEST(FaceReader, ReadsOffUnderDefaultNoise) {
  ExpectReadsColour(LedColor::kOff, 3.0);
}
TEST(FaceReader, ReadsRedUnderDefaultNoise) {
  ExpectReadsColour(LedColor::kRed, 3.0);
}
TEST(FaceReader, ReadsGreenUnderDefaultNoise) {
  ExpectReadsColour(LedColor::kGreen, 3.0);
}
TEST(FaceReader, ReadsAmberUnderDefaultNoise) {
  ExpectReadsColour(LedColor::kAmber, 3.0);
}
TEST(FaceReader, ReadsBlueUnderDefaultNoise) {
  ExpectReadsColour(LedColor::kBlue, 3.0);
}
TEST(FaceReader, ReadsWhiteUnderDefaultNoise) {
  ExpectReadsColour(LedColor::kWhite, 3.0);
}

TEST(FaceReader, ReadsEveryColourUnderHeavyNoise) {
  for (LedColor colour : testing::kAllColours) ExpectReadsColour(colour, 12.0, 8);
}

TEST(FaceReader, ReadsEachOfFourLedsIndependently) {
  // RANDOM and RESET_OK show different colours side by side; a lit LED's
  // glow must not change how its unlit neighbour reads.
  std::mt19937_64 rng(7);
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const Face face(4, seed);
    const sim::FaceTruth truth = testing::RandomTruth(rng, 4);
    ASSERT_EQ(face.reader.Read(face.camera.Render(truth, seed)).leds, truth.leds)
        << "seed=" << seed;
  }
}

TEST(FaceReader, ReadsBoltPositionToATenthOfAPixel) {
  // Away from the last column at either end: there, with less than one whole
  // column of bar or of track in view, the locator is only good to a pixel.
  std::mt19937_64 rng(11);
  const double pixel = 1.0 / DefaultFaceLayout(1).bolt_track.width;
  double worst = 0.0;
  double worst_at_ends = 0.0;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    const Face face(1, seed);
    sim::FaceTruth truth{{LedColor::kOff}, std::uniform_real_distribution<double>(0, 1)(rng)};
    if (seed % 10 == 0) truth.bolt_position = 0.0;
    if (seed % 10 == 1) truth.bolt_position = 1.0;
    const double got = face.reader.Read(face.camera.Render(truth, seed)).bolt_position;
    const double error = std::abs(got - truth.bolt_position);
    const bool in_last_column = truth.bolt_position > 0.0 && truth.bolt_position < 1.0 &&
                                (truth.bolt_position < pixel || truth.bolt_position > 1.0 - pixel);
    (in_last_column ? worst_at_ends : worst) =
        std::max(in_last_column ? worst_at_ends : worst, error);
  }
  EXPECT_LT(worst, 0.1 * pixel);
  EXPECT_LT(worst_at_ends, pixel);
  RecordProperty("worst_bolt_error_px", std::to_string(worst / pixel));
}

TEST(FaceReader, ReadsColoursAndBoltAtOtherResolutions) {
  std::mt19937_64 rng(13);
  for (cv::Size size : {cv::Size(160, 120), cv::Size(640, 480), cv::Size(1280, 720)}) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      const Face face(4, seed, 3.0, size);
      const sim::FaceTruth truth = testing::RandomTruth(rng, 4);
      const FaceReading got = face.reader.Read(face.camera.Render(truth, seed));
      EXPECT_EQ(got.leds, truth.leds) << size;
      EXPECT_NEAR(got.bolt_position, truth.bolt_position,
                  1.0 / face.reader.layout().bolt_track.width)
          << size;
    }
  }
}

TEST(FaceReader, ReadingRegionRendersEqualsReadingTheFullFrame) {
  std::mt19937_64 rng(17);
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    const Face face(4, seed);
    const sim::FaceTruth truth = testing::RandomTruth(rng, 4);
    const FaceReading full = face.reader.Read(face.camera.Render(truth, seed));
    const FaceReading regions = face.ReadRegions(truth, seed);
    EXPECT_EQ(regions.leds, full.leds);
    EXPECT_EQ(regions.bolt_position, full.bolt_position);
  }
}

TEST(FaceReader, AsksOnlyForTheRegionsItReads) {
  const Face face(4, 1);
  std::vector<cv::Rect> asked;
  const sim::FaceTruth truth{{LedColor::kRed, LedColor::kOff, LedColor::kOff, LedColor::kOff}, 0.5};
  face.reader.Read([&](const cv::Rect& r) {
    asked.push_back(r);
    return face.camera.RenderRegion(truth, 0, r);
  });
  EXPECT_EQ(asked, face.reader.RegionsRead());
  // Four LED cores, the bolt band, the reference patch's core.
  ASSERT_EQ(asked.size(), 6u);
  const FaceLayout& layout = face.reader.layout();
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(asked[i] & layout.led_regions[i], asked[i]) << "LED " << i;
  }
  EXPECT_EQ(asked[4] & layout.bolt_track, asked[4]);
  EXPECT_EQ(asked[4].width, layout.bolt_track.width);
  EXPECT_EQ(asked[5] & layout.reference_patch, asked[5]);
}

TEST(FaceReader, ReadsOnlyAFewHundredPixelsPerLedAndAFewRowsOfTheTrack) {
  // What a simulated bench renders per frame: the less, the faster.
  const Face face(4, 1);
  int pixels = 0;
  for (const cv::Rect& r : face.reader.RegionsRead()) pixels += r.area();
  const FaceLayout& layout = face.reader.layout();
  EXPECT_LT(pixels, 4 * 100 + layout.bolt_track.width * 6 + 100);
}

TEST(FaceReader, ReadsColoursThroughStrongExposureAndWhiteBalanceDrift) {
  // The patch normalises: a frame 35 % darker or 30 % brighter, with the
  // channels off balance by 15 %, still reads every colour.
  std::mt19937_64 rng(23);
  for (double gain : {0.65, 1.3}) {
    sim::CameraSettings settings = testing::Camera(3.0);
    settings.exposure_drift = 0.0;
    settings.white_balance_drift = 0.0;
    const Face face(4, 5, settings);
    for (int frame = 0; frame < 200; ++frame) {
      const sim::FaceTruth truth = testing::RandomTruth(rng, 4);
      cv::Mat image = face.camera.Render(truth, static_cast<std::uint64_t>(frame));
      const double balance = 1.0 + 0.15 * ((frame % 3) - 1);
      image.convertTo(image, CV_8UC3, 1.0);
      std::vector<cv::Mat> ch;
      cv::split(image, ch);
      ch[0].convertTo(ch[0], CV_8U, gain * balance);
      ch[1].convertTo(ch[1], CV_8U, gain);
      ch[2].convertTo(ch[2], CV_8U, gain / balance);
      cv::merge(ch, image);
      ASSERT_EQ(face.reader.Read(image).leds, truth.leds) << "gain " << gain << " frame " << frame;
    }
  }
}

TEST(FaceReader, RejectsARegionImageOfTheWrongSize) {
  const Face face(1, 1);
  EXPECT_THROW(face.reader.Read([](const cv::Rect&) { return cv::Mat(3, 3, CV_8UC3); }),
               std::invalid_argument);
}

TEST(FaceReader, RejectsAGreyFrame) {
  const Face face(1, 1);
  EXPECT_THROW(face.reader.Read(cv::Mat(240, 320, CV_8UC1)), std::invalid_argument);
}

TEST(FaceReader, ReadsASmallerFrameWhereItOverlaps) {
  const Face face(1, 1);
  const cv::Mat frame = face.camera.Render({{LedColor::kGreen}, 1.0}, 0);
  const FaceReading got = face.reader.Read(frame(cv::Rect(0, 0, 320, 120)));
  EXPECT_EQ(got.leds, std::vector<LedColor>{LedColor::kGreen});
  EXPECT_EQ(got.bolt_position, 0.0);  // the track is outside: nothing seen
}

}  // namespace
}  // namespace lockrig::vision
