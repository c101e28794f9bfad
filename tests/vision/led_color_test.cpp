#include "vision/led_color.h"

#include <gtest/gtest.h>

namespace lockrig::vision {
namespace {

TEST(LedColor, NamesRoundTrip) {
  for (LedColor c : {LedColor::kOff, LedColor::kRed, LedColor::kGreen, LedColor::kAmber,
                     LedColor::kBlue, LedColor::kWhite}) {
    EXPECT_EQ(ParseLedColor(ToString(c)), c) << ToString(c);
  }
}

TEST(LedColor, UsesScenarioNames) {
  EXPECT_EQ(ToString(LedColor::kOff), "off");
  EXPECT_EQ(ToString(LedColor::kRed), "red");
  EXPECT_EQ(ToString(LedColor::kGreen), "green");
  EXPECT_EQ(ToString(LedColor::kAmber), "amber");
  EXPECT_EQ(ToString(LedColor::kBlue), "blue");
  EXPECT_EQ(ToString(LedColor::kWhite), "white");
}

TEST(LedColor, ParsesIgnoringCase) {
  EXPECT_EQ(ParseLedColor("Amber"), LedColor::kAmber);
}

TEST(LedColor, RejectsUnknownNames) {
  EXPECT_EQ(ParseLedColor("orange"), std::nullopt);
  EXPECT_EQ(ParseLedColor(""), std::nullopt);
  EXPECT_EQ(ParseLedColor("red "), std::nullopt);
}

}  // namespace
}  // namespace lockrig::vision
