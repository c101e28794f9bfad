#include "vision/face_layout.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace lockrig::vision {
namespace {

// The reference face is drawn for 320x240; other sizes scale it. LEDs sit in
// a row near the top of the lock face, the bolt track below them.
constexpr double kRefWidth = 320.0;
constexpr double kRefHeight = 240.0;
constexpr double kLedSide = 28.0;   // square region around each LED
constexpr double kLedPitch = 44.0;  // centre to centre, four-LED model
constexpr double kLedCentreY = 70.0;
constexpr double kTrackX = 60.0;
constexpr double kTrackY = 160.0;
constexpr double kTrackWidth = 200.0;
constexpr double kTrackHeight = 24.0;
constexpr int kMaxLeds = 6;
// The plate, its corner markers (each on a white square one cell wider all
// round, so it stands out from the dark plate) and the reference patch.
constexpr double kPlateX = 16.0;
constexpr double kPlateY = 12.0;
constexpr double kPlateWidth = 288.0;
constexpr double kPlateHeight = 216.0;
constexpr double kMarkerSide = 24.0;  // 6 cells of 4 px: 4x4 bits and a border
constexpr double kMarkerInset = 7.0;  // marker from the plate's edge
constexpr double kPatchWidth = 24.0;
constexpr double kPatchHeight = 10.0;
constexpr double kPatchCentreY = 122.0;

int Round(double v) {
  return static_cast<int>(std::lround(v));
}

}  // namespace

FaceLayout DefaultFaceLayout(int led_count, cv::Size image_size) {
  if (led_count < 1 || led_count > kMaxLeds) {
    throw std::invalid_argument("DefaultFaceLayout: led_count must be 1.." +
                                std::to_string(kMaxLeds) + ", got " + std::to_string(led_count));
  }
  if (image_size.width < 32 || image_size.height < 24) {
    throw std::invalid_argument("DefaultFaceLayout: image too small");
  }
  const double sx = image_size.width / kRefWidth;
  const double sy = image_size.height / kRefHeight;
  // LED regions stay square whatever the aspect ratio, so the lens is round.
  const int side = std::max(6, Round(kLedSide * std::min(sx, sy)));

  FaceLayout layout;
  layout.image_size = image_size;
  for (int i = 0; i < led_count; ++i) {
    const double cx = (kRefWidth / 2 + (i - (led_count - 1) / 2.0) * kLedPitch) * sx;
    const double cy = kLedCentreY * sy;
    layout.led_regions.emplace_back(Round(cx - side / 2.0), Round(cy - side / 2.0), side, side);
  }
  layout.bolt_track =
      cv::Rect(Round(kTrackX * sx), Round(kTrackY * sy), std::max(8, Round(kTrackWidth * sx)),
               std::max(6, Round(kTrackHeight * sy)));

  layout.face_plate = cv::Rect(Round(kPlateX * sx), Round(kPlateY * sy), Round(kPlateWidth * sx),
                               Round(kPlateHeight * sy));
  // Markers stay square; ids 0..3 clockwise from the top-left.
  const int marker = std::max(6, Round(kMarkerSide * std::min(sx, sy)));
  const int inset = Round(kMarkerInset * std::min(sx, sy));
  const cv::Rect& plate = layout.face_plate;
  const int left = plate.x + inset;
  const int right = plate.br().x - inset - marker;
  const int top = plate.y + inset;
  const int bottom = plate.br().y - inset - marker;
  layout.markers = {cv::Rect(left, top, marker, marker), cv::Rect(right, top, marker, marker),
                    cv::Rect(right, bottom, marker, marker),
                    cv::Rect(left, bottom, marker, marker)};
  const int patch_w = std::max(4, Round(kPatchWidth * sx));
  const int patch_h = std::max(4, Round(kPatchHeight * sy));
  layout.reference_patch = cv::Rect(Round(kRefWidth / 2 * sx) - patch_w / 2,
                                    Round(kPatchCentreY * sy) - patch_h / 2, patch_w, patch_h);
  return layout;
}

cv::Point2d LedCentre(const cv::Rect& led_region) {
  return {led_region.x + led_region.width / 2.0, led_region.y + led_region.height / 2.0};
}

double LedLensRadius(const cv::Rect& led_region) {
  // Leaves a margin of face around the lens inside the region, so a slightly
  // off calibration still has the whole lens in view.
  return 0.3 * std::min(led_region.width, led_region.height);
}

}  // namespace lockrig::vision
