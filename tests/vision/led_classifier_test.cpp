#include "vision/led_classifier.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

namespace lockrig::vision {
namespace {

TEST(LedClassifier, DimGreyLensIsOff) {
  EXPECT_EQ(ClassifyMeanColor({74, 75, 78}), LedColor::kOff);
  EXPECT_EQ(ClassifyMeanColor({0, 0, 0}), LedColor::kOff);
}

TEST(LedClassifier, TellsColoursApartByHue) {
  EXPECT_EQ(ClassifyMeanColor({40, 40, 235}), LedColor::kRed);
  EXPECT_EQ(ClassifyMeanColor({110, 60, 230}), LedColor::kRed);  // a pinkish red
  EXPECT_EQ(ClassifyMeanColor({20, 170, 255}), LedColor::kAmber);
  EXPECT_EQ(ClassifyMeanColor({60, 225, 50}), LedColor::kGreen);
  EXPECT_EQ(ClassifyMeanColor({250, 130, 40}), LedColor::kBlue);
}

TEST(LedClassifier, BrightUnsaturatedIsWhite) {
  EXPECT_EQ(ClassifyMeanColor({236, 240, 238}), LedColor::kWhite);
  EXPECT_EQ(ClassifyMeanColor({200, 215, 230}), LedColor::kWhite);
}

TEST(LedClassifier, EmptyRegionIsOff) {
  EXPECT_EQ(ClassifyLed(cv::Mat()), LedColor::kOff);
}

TEST(LedClassifier, ReadsTheCoreNotTheRegionEdge) {
  // A lit red core inside a region whose border is bright green (as if a
  // neighbour's glow reached it): the core decides.
  cv::Mat region(28, 28, CV_8UC3, cv::Scalar(60, 225, 50));
  cv::circle(region, {14, 14}, 8, cv::Scalar(40, 40, 235), cv::FILLED);
  EXPECT_EQ(ClassifyLed(region), LedColor::kRed);
}

}  // namespace
}  // namespace lockrig::vision
