// Where the status LEDs and the bolt are in the camera image: the result of
// calibration on a real rig, and the geometry the simulated bench's virtual
// camera draws the lock face with. Vision reads only these regions.
//
// Besides what vision judges (LEDs, bolt track) the face plate carries what
// calibration and colour normalisation need: four ArUco markers
// (DICT_4X4_50, ids 0..3 at the plate's top-left, top-right, bottom-right and
// bottom-left corners) and a white reference patch whose colour tells vision
// the camera's current exposure and white balance.
#pragma once

#include <vector>

#include <opencv2/core/types.hpp>

namespace lockrig::vision {

// The level (8-bit, every channel) the white reference patch and the markers'
// white read at nominal exposure and white balance. LED thresholds are tuned
// for colours normalised to this white.
inline constexpr double kReferenceWhite = 200.0;

// ArUco markers per face plate, and their dictionary (cv::aruco::DICT_4X4_50).
inline constexpr int kMarkerCount = 4;
inline constexpr int kMarkerDictionary = 0;  // cv::aruco::DICT_4X4_50

struct FaceLayout {
  cv::Size image_size{320, 240};
  // One region per status LED, LED1 first (left to right as seen from outside).
  std::vector<cv::Rect> led_regions;
  // The strip the bolt's visible end moves along: the bolt's end is at the
  // strip's left edge when retracted and its right edge when extended.
  cv::Rect bolt_track;
  // The track's tilt in the image, degrees, about the rectangle's centre
  // (positive turns the strip's right end downwards, as the image's y axis
  // points down). A calibrated layout of a rotated camera sets it.
  double bolt_track_angle_deg = 0.0;

  // The face plate (empty: the camera draws a margin around the regions).
  cv::Rect face_plate{};
  // The ArUco markers' squares (black border included), marker id = index.
  // Empty on a layout that has none.
  std::vector<cv::Rect> markers{};
  // A white patch, read to normalise LED colours against exposure and white
  // balance drift. Empty: no normalisation.
  cv::Rect reference_patch{};
};

// The default lock face for `led_count` LEDs (1 or 4; up to 6 accepted) at
// `image_size`: LEDs in a row near the top, the reference patch below them,
// the bolt track below that and a marker in each corner of the plate, scaled
// from a 320x240 reference. Throws std::invalid_argument for other counts.
FaceLayout DefaultFaceLayout(int led_count, cv::Size image_size = {320, 240});

// An LED region is drawn around one round lens centred in it. Both the
// virtual camera and the LED classifier use these, so what is drawn and what
// is read agree on geometry.
cv::Point2d LedCentre(const cv::Rect& led_region);
double LedLensRadius(const cv::Rect& led_region);  // 0.3 x the region's shorter side

}  // namespace lockrig::vision
