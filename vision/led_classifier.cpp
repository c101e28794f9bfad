#include "vision/led_classifier.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "vision/face_layout.h"

namespace lockrig::vision {
namespace {

double HueDegrees(double b, double g, double r) {
  const double max = std::max({b, g, r});
  const double chroma = max - std::min({b, g, r});
  if (chroma <= 0.0) return 0.0;
  double hue = 0.0;
  if (max == r) {
    hue = 60.0 * (g - b) / chroma;
  } else if (max == g) {
    hue = 60.0 * (b - r) / chroma + 120.0;
  } else {
    hue = 60.0 * (r - g) / chroma + 240.0;
  }
  return hue < 0.0 ? hue + 360.0 : hue;
}

}  // namespace

LedColor ClassifyMeanColor(const cv::Vec3d& mean_bgr, const LedClassifierTuning& tuning) {
  const double b = mean_bgr[0];
  const double g = mean_bgr[1];
  const double r = mean_bgr[2];
  const double value = std::max({b, g, r});
  if (value < tuning.lit_min_value) return LedColor::kOff;
  const double saturation = (value - std::min({b, g, r})) / value;
  if (saturation < tuning.white_max_saturation) return LedColor::kWhite;
  const double hue = HueDegrees(b, g, r);
  if (hue < tuning.red_to_amber_hue || hue >= tuning.blue_to_red_hue) return LedColor::kRed;
  if (hue < tuning.amber_to_green_hue) return LedColor::kAmber;
  if (hue < tuning.green_to_blue_hue) return LedColor::kGreen;
  return LedColor::kBlue;
}

cv::Vec3d LedCoreColor(const cv::Mat& region_bgr, const LedClassifierTuning& tuning) {
  if (region_bgr.empty()) return {0, 0, 0};
  if (region_bgr.type() != CV_8UC3) {
    throw std::invalid_argument("LedCoreColor: expected an 8-bit BGR image");
  }
  const cv::Rect local(0, 0, region_bgr.cols, region_bgr.rows);
  const cv::Point2d centre = LedCentre(local);
  const double radius = std::max(1.0, tuning.core_fraction * LedLensRadius(local));
  const double radius2 = radius * radius;

  struct Sample {
    int brightness;
    cv::Vec3b bgr;
  };
  std::vector<Sample> core;
  core.reserve(static_cast<std::size_t>(4 * radius2) + 4);
  for (int y = 0; y < region_bgr.rows; ++y) {
    const double dy = y + 0.5 - centre.y;
    const auto* row = region_bgr.ptr<cv::Vec3b>(y);
    for (int x = 0; x < region_bgr.cols; ++x) {
      const double dx = x + 0.5 - centre.x;
      if (dx * dx + dy * dy > radius2) continue;
      const cv::Vec3b p = row[x];
      core.push_back({p[0] + p[1] + p[2], p});
    }
  }
  if (core.empty()) return {0, 0, 0};
  const auto half = core.begin() + static_cast<std::ptrdiff_t>(core.size() / 2);
  std::nth_element(core.begin(), half, core.end(),
                   [](const Sample& a, const Sample& b) { return a.brightness > b.brightness; });
  const auto end = core.size() == 1 ? core.end() : half;
  cv::Vec3d sum(0, 0, 0);
  for (auto it = core.begin(); it != end; ++it) {
    sum += cv::Vec3d(it->bgr[0], it->bgr[1], it->bgr[2]);
  }
  return sum / static_cast<double>(end - core.begin());
}

cv::Rect LedCoreBox(const cv::Rect& led_region, const LedClassifierTuning& tuning) {
  const cv::Point2d centre = LedCentre(led_region);
  const int side = std::max(
      2, static_cast<int>(std::lround(2.0 * tuning.core_box_fraction * LedLensRadius(led_region))));
  return {static_cast<int>(std::lround(centre.x - side / 2.0)),
          static_cast<int>(std::lround(centre.y - side / 2.0)), side, side};
}

cv::Vec3d MeanColor(const cv::Mat& image) {
  if (image.empty()) return {0, 0, 0};
  if (image.type() != CV_8UC3) throw std::invalid_argument("MeanColor: expected 8-bit BGR");
  // Integer sums: exact, and several times faster than summing doubles.
  std::uint32_t b = 0, g = 0, r = 0;
  for (int y = 0; y < image.rows; ++y) {
    const uchar* p = image.ptr<uchar>(y);
    for (int x = 0; x < image.cols; ++x, p += 3) {
      b += p[0];
      g += p[1];
      r += p[2];
    }
  }
  const double n = static_cast<double>(image.total());
  return {b / n, g / n, r / n};
}

LedColor ClassifyNormalised(const cv::Vec3d& mean_bgr, const cv::Vec3d& white_gain,
                            const LedClassifierTuning& tuning) {
  return ClassifyMeanColor(mean_bgr.mul(white_gain), tuning);
}

LedColor ClassifyLed(const cv::Mat& region_bgr, const LedClassifierTuning& tuning) {
  return ClassifyMeanColor(LedCoreColor(region_bgr, tuning), tuning);
}

}  // namespace lockrig::vision
