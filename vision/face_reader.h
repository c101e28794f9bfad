// Reads one camera frame of the lock face: the colour of each status LED and
// where the bolt's visible end is. Looks only at a few small regions of the
// FaceLayout, so it works on any bench whose calibration produced one, and
// it can read from just those regions (RegionsRead) when a bench can supply
// them without a whole frame, as the simulated bench's camera can.
//
// The regions are minimal, so that a simulated bench renders little: a
// small box at each LED lens's centre, a band of a few rows along the bolt
// track's centre line, and the core of the white reference patch. The patch
// tells the current exposure and white balance; LED colours are normalised
// against it before they are classified.
#pragma once

#include <functional>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "vision/bolt_locator.h"
#include "vision/face_layout.h"
#include "vision/led_classifier.h"
#include "vision/led_color.h"

namespace lockrig::vision {

struct FaceReading {
  std::vector<LedColor> leds;  // one per LED region
  double bolt_position = 0.0;  // 0 retracted .. 1 extended
};

struct FaceReaderTuning {
  LedClassifierTuning led;
  BoltLocatorTuning bolt;
};

class FaceReader {
 public:
  // Supplies the pixels of one rectangle of the frame, given in full-frame
  // coordinates: an 8-bit BGR image of exactly that size.
  using RegionSource = std::function<cv::Mat(const cv::Rect& region)>;

  explicit FaceReader(FaceLayout layout);
  FaceReader(FaceLayout layout, FaceReaderTuning tuning);

  // Reads a full frame (8-bit BGR). Regions reaching past the frame's edge
  // are read where they overlap it. Throws std::invalid_argument for another
  // pixel type.
  FaceReading Read(const cv::Mat& bgr_frame) const;

  // Reads from region images only: asks `source` for each rectangle of
  // RegionsRead(), in that order (LED cores, the bolt band, the patch). Gives
  // exactly what Read(frame) gives when `source` returns frame(region).
  // Throws std::invalid_argument if `source` returns a wrong size or type.
  FaceReading Read(const RegionSource& source) const;

  // Reads from images of exactly RegionsRead(), in that order (what a
  // bench that renders regions itself hands over, without a callback).
  FaceReading ReadRegions(const std::vector<cv::Mat>& region_images) const;

  // The rectangles Read looks at, clipped to layout().image_size: each LED's
  // core box in LED order, then the bolt band, then the reference patch's
  // core if the layout has a patch. Empty ones are skipped by Read and read
  // as off / retracted / no normalisation.
  const std::vector<cv::Rect>& RegionsRead() const { return regions_; }

  const FaceLayout& layout() const { return layout_; }
  const FaceReaderTuning& tuning() const { return tuning_; }

 private:
  FaceLayout layout_;
  FaceReaderTuning tuning_;
  std::vector<cv::Rect> regions_;
  int band_rows_ = 1;  // rows sampled along a tilted track
};

}  // namespace lockrig::vision
