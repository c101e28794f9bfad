// Decides which colour one status LED shows from the camera's view of its
// region. A lit LED is a bright, saturated disc; an unlit one is a dim grey
// lens. The decision uses the lens's central core only (glow from a
// neighbouring LED does not reach it) and averages many pixels, so sensor
// noise does not flip it; hue then tells red, amber, green and blue apart,
// and low saturation means white.
#pragma once

#include <opencv2/core/mat.hpp>
#include <opencv2/core/matx.hpp>

#include "vision/led_color.h"

namespace lockrig::vision {

// Thresholds on the core's mean colour. Values are 8-bit levels and hue
// degrees (0 red, 60 yellow, 120 green, 240 blue), as in HSV.
struct LedClassifierTuning {
  // Brightest channel of the core mean at or above which the LED is lit. The
  // unlit lens sits near 75, a lit one above 200.
  double lit_min_value = 135.0;
  // Below this saturation ((max - min) / max) a lit LED is white.
  double white_max_saturation = 0.28;
  // Hue boundaries, going round the circle from red.
  double red_to_amber_hue = 18.0;
  double amber_to_green_hue = 80.0;
  double green_to_blue_hue = 175.0;
  double blue_to_red_hue = 295.0;
  // Radius of the core read, as a fraction of the lens radius.
  double core_fraction = 0.8;
  // FaceReader reads only a square box at the lens centre, this fraction of
  // the lens radius either side: well inside the lens wherever calibration
  // put it to a pixel, and few pixels to render and average.
  double core_box_fraction = 0.45;
};

// Classifies a mean BGR colour (what the core averaged to).
LedColor ClassifyMeanColor(const cv::Vec3d& mean_bgr, const LedClassifierTuning& tuning = {});

// Classifies the LED whose region (as in FaceLayout::led_regions) is
// `region_bgr`: an 8-bit, 3-channel image of exactly that region.
LedColor ClassifyLed(const cv::Mat& region_bgr, const LedClassifierTuning& tuning = {});

// The mean BGR colour of the brightest half of the region's core pixels; the
// brightest half keeps a lens that sits a little off the region's centre
// from being diluted by the face around it.
cv::Vec3d LedCoreColor(const cv::Mat& region_bgr, const LedClassifierTuning& tuning = {});

// The square box at the centre of an LED region that FaceReader reads (see
// core_box_fraction), in the same coordinates as `led_region`.
cv::Rect LedCoreBox(const cv::Rect& led_region, const LedClassifierTuning& tuning = {});

// The mean BGR colour of every pixel of `image` (8-bit, 3-channel).
cv::Vec3d MeanColor(const cv::Mat& image);

// Classifies an LED from the mean colour of its core box, first scaled per
// channel by `white_gain` (kReferenceWhite over what the white reference
// patch reads now), so that exposure and white-balance drift cancel: the
// thresholds then see colours as at nominal exposure.
LedColor ClassifyNormalised(const cv::Vec3d& mean_bgr, const cv::Vec3d& white_gain,
                            const LedClassifierTuning& tuning = {});

}  // namespace lockrig::vision
