#include "vision/face_reader.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace lockrig::vision {
namespace {

void Check(const cv::Mat& image, const cv::Rect& region) {
  if (image.type() != CV_8UC3 || image.size() != region.size()) {
    throw std::invalid_argument("FaceReader: region image of a wrong size or type");
  }
}

// Below this (8-bit) the patch is too dark to normalise against: a covered
// lens or a lost light. Colours are then read as they come.
constexpr double kMinPatchLevel = 40.0;

}  // namespace

FaceReader::FaceReader(FaceLayout layout) : FaceReader(std::move(layout), FaceReaderTuning{}) {}

FaceReader::FaceReader(FaceLayout layout, FaceReaderTuning tuning)
    : layout_(std::move(layout)), tuning_(tuning) {
  const cv::Rect bounds({0, 0}, layout_.image_size);
  for (const cv::Rect& led : layout_.led_regions) {
    regions_.push_back(led.empty() ? cv::Rect() : LedCoreBox(led, tuning_.led) & bounds);
  }
  // The bolt band: the central rows of the track, whose bar covers them
  // whatever the calibration's slack.
  const cv::Rect& track = layout_.bolt_track;
  band_rows_ = std::max(2, static_cast<int>(std::lround(track.height * tuning_.bolt.central_rows)));
  band_rows_ = std::min(band_rows_, std::max(1, track.height));
  cv::Rect band;
  if (!track.empty()) {
    if (layout_.bolt_track_angle_deg == 0.0) {
      band = cv::Rect(track.x, track.y + (track.height - band_rows_) / 2, track.width, band_rows_);
    } else {
      // The bounding box of the tilted band, one pixel wider all round for
      // the bilinear samples.
      const double a = layout_.bolt_track_angle_deg * 3.14159265358979323846 / 180.0;
      const double half_w = track.width / 2.0;
      const double half_h = band_rows_ / 2.0;
      const double ex = std::abs(std::cos(a)) * half_w + std::abs(std::sin(a)) * half_h;
      const double ey = std::abs(std::sin(a)) * half_w + std::abs(std::cos(a)) * half_h;
      const double cx = track.x + track.width / 2.0;
      const double cy = track.y + track.height / 2.0;
      band = cv::Rect(cv::Point(static_cast<int>(std::floor(cx - ex)) - 1,
                                static_cast<int>(std::floor(cy - ey)) - 1),
                      cv::Point(static_cast<int>(std::ceil(cx + ex)) + 2,
                                static_cast<int>(std::ceil(cy + ey)) + 2));
    }
  }
  regions_.push_back(band & bounds);
  if (!layout_.reference_patch.empty()) {
    // The patch's core: half its size, centred, clear of its printed edge.
    const cv::Rect& p = layout_.reference_patch;
    const int w = std::max(1, p.width / 2);
    const int h = std::max(1, p.height / 2);
    regions_.push_back(cv::Rect(p.x + (p.width - w) / 2, p.y + (p.height - h) / 2, w, h) & bounds);
  }
}

FaceReading FaceReader::Read(const cv::Mat& bgr_frame) const {
  if (bgr_frame.type() != CV_8UC3) {
    throw std::invalid_argument("FaceReader::Read: expected an 8-bit BGR frame");
  }
  const cv::Rect bounds({0, 0}, bgr_frame.size());
  std::vector<cv::Mat> images;
  images.reserve(regions_.size());
  for (const cv::Rect& region : regions_) {
    // A frame smaller than the layout expects is read where it overlaps;
    // an image of the requested size is still handed over.
    const cv::Rect inside = region & bounds;
    if (inside == region) {
      images.push_back(region.empty() ? cv::Mat() : bgr_frame(region));
      continue;
    }
    cv::Mat padded(region.size(), CV_8UC3, cv::Scalar::all(0));
    if (!inside.empty()) bgr_frame(inside).copyTo(padded(inside - region.tl()));
    images.push_back(padded);
  }
  return ReadRegions(images);
}

FaceReading FaceReader::Read(const RegionSource& source) const {
  std::vector<cv::Mat> images;
  images.reserve(regions_.size());
  for (const cv::Rect& region : regions_) {
    images.push_back(region.empty() ? cv::Mat() : source(region));
  }
  return ReadRegions(images);
}

FaceReading FaceReader::ReadRegions(const std::vector<cv::Mat>& images) const {
  if (images.size() != regions_.size()) {
    throw std::invalid_argument("FaceReader::ReadRegions: one image per region read");
  }
  for (std::size_t i = 0; i < images.size(); ++i) {
    if (!regions_[i].empty()) Check(images[i], regions_[i]);
  }
  const std::size_t leds = layout_.led_regions.size();

  // Exposure and white balance now, from the patch: how far each channel is
  // off the patch's nominal white.
  cv::Vec3d white_gain(1.0, 1.0, 1.0);
  if (images.size() > leds + 1 && !regions_.back().empty()) {
    const cv::Vec3d patch = MeanColor(images.back());
    if (std::min({patch[0], patch[1], patch[2]}) >= kMinPatchLevel) {
      for (int c = 0; c < 3; ++c) white_gain[c] = kReferenceWhite / patch[c];
    }
  }

  FaceReading reading;
  reading.leds.reserve(leds);
  for (std::size_t i = 0; i < leds; ++i) {
    reading.leds.push_back(regions_[i].empty()
                               ? LedColor::kOff
                               : ClassifyNormalised(MeanColor(images[i]), white_gain, tuning_.led));
  }
  const cv::Rect& band = regions_[leds];
  if (band.empty()) {
    reading.bolt_position = 0.0;
  } else if (layout_.bolt_track_angle_deg == 0.0 && band.width == layout_.bolt_track.width) {
    BoltLocatorTuning all_rows = tuning_.bolt;
    all_rows.central_rows = 1.0;  // the band is the central rows already
    reading.bolt_position = LocateBoltEnd(images[leds], all_rows);
  } else {
    reading.bolt_position =
        LocateBoltEndInProfile(TiltedTrackProfile(images[leds], band.tl(), layout_.bolt_track,
                                                  layout_.bolt_track_angle_deg, band_rows_),
                               tuning_.bolt);
  }
  return reading;
}

}  // namespace lockrig::vision
