// Where the status LEDs and the bolt are in the camera image: the result of
// calibration on a real rig, and the geometry the simulated bench's virtual
// camera draws the lock face with. Vision reads only these regions.
#pragma once

#include <vector>

#include <opencv2/core/types.hpp>

namespace lockrig::vision {

struct FaceLayout {
  cv::Size image_size{320, 240};
  // One region per status LED, LED1 first (left to right as seen from outside).
  std::vector<cv::Rect> led_regions;
  // The strip the bolt's visible end moves along, horizontally: the bolt's
  // end is at the strip's left edge when retracted and its right edge when
  // extended.
  cv::Rect bolt_track;
};

// The default lock face for `led_count` LEDs (1 or 4; up to 6 accepted) at
// `image_size`: LEDs in a row near the top, the bolt track below them, scaled
// from a 320x240 reference. Throws std::invalid_argument for other counts.
FaceLayout DefaultFaceLayout(int led_count, cv::Size image_size = {320, 240});

// An LED region is drawn around one round lens centred in it. Both the
// virtual camera and the LED classifier use these, so what is drawn and what
// is read agree on geometry.
cv::Point2d LedCentre(const cv::Rect& led_region);
double LedLensRadius(const cv::Rect& led_region);  // 0.3 x the region's shorter side

}  // namespace lockrig::vision
