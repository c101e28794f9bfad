#include "vision/face_reader.h"

#include <stdexcept>
#include <utility>

namespace lockrig::vision {
namespace {

cv::Mat Fetch(const FaceReader::RegionSource& source, const cv::Rect& region) {
  if (region.empty()) return {};
  cv::Mat image = source(region);
  if (image.type() != CV_8UC3 || image.size() != region.size()) {
    throw std::invalid_argument("FaceReader: region source returned a wrong size or type");
  }
  return image;
}

}  // namespace

FaceReader::FaceReader(FaceLayout layout) : FaceReader(std::move(layout), FaceReaderTuning{}) {}

FaceReader::FaceReader(FaceLayout layout, FaceReaderTuning tuning)
    : layout_(std::move(layout)), tuning_(tuning) {}

std::vector<cv::Rect> FaceReader::RegionsRead() const {
  const cv::Rect bounds({0, 0}, layout_.image_size);
  std::vector<cv::Rect> regions;
  regions.reserve(layout_.led_regions.size() + 1);
  for (const cv::Rect& led : layout_.led_regions) regions.push_back(led & bounds);
  regions.push_back(layout_.bolt_track & bounds);
  return regions;
}

FaceReading FaceReader::Read(const cv::Mat& bgr_frame) const {
  if (bgr_frame.type() != CV_8UC3) {
    throw std::invalid_argument("FaceReader::Read: expected an 8-bit BGR frame");
  }
  const cv::Rect bounds({0, 0}, bgr_frame.size());
  return Read([&](const cv::Rect& region) -> cv::Mat {
    // A frame smaller than the layout expects is read where it overlaps;
    // an image of the requested size is still handed back.
    const cv::Rect inside = region & bounds;
    if (inside == region) return bgr_frame(region);
    cv::Mat padded(region.size(), CV_8UC3, cv::Scalar::all(0));
    if (!inside.empty()) bgr_frame(inside).copyTo(padded(inside - region.tl()));
    return padded;
  });
}

FaceReading FaceReader::Read(const RegionSource& source) const {
  const std::vector<cv::Rect> regions = RegionsRead();
  FaceReading reading;
  reading.leds.reserve(layout_.led_regions.size());
  for (std::size_t i = 0; i < layout_.led_regions.size(); ++i) {
    const cv::Mat image = Fetch(source, regions[i]);
    reading.leds.push_back(image.empty() ? LedColor::kOff : ClassifyLed(image, tuning_.led));
  }
  const cv::Mat track = Fetch(source, regions.back());
  reading.bolt_position = track.empty() ? 0.0 : LocateBoltEnd(track, tuning_.bolt);
  return reading;
}

}  // namespace lockrig::vision
