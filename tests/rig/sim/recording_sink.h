// An ObservationSink that keeps what a bench reported: every frame's time,
// index and a fingerprint of its bytes (the image itself only if asked), and
// every sense edge. Checks time order as it goes.
#pragma once

#include <cstdint>
#include <vector>

#include "rig/bench/bench.h"

namespace lockrig::sim::testing {

class RecordingSink final : public ObservationSink {
 public:
  struct FrameRecord {
    Timestamp captured{0};
    std::uint64_t index = 0;
    std::uint64_t fingerprint = 0;  // FNV-1a of the pixels
  };

  explicit RecordingSink(bool keep_images = false) : keep_images_(keep_images) {}

  void OnFrame(const Frame& frame) override {
    if (frame.captured < last_) out_of_order = true;
    last_ = frame.captured;
    // The whole image, or each delivered region in turn.
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    auto add = [&hash](const cv::Mat& pixels) {
      const cv::Mat image = pixels.isContinuous() ? pixels : pixels.clone();
      const auto* bytes = image.ptr<std::uint8_t>();
      for (std::size_t i = 0; i < image.total() * image.elemSize(); ++i) {
        hash = (hash ^ bytes[i]) * 0x100000001b3ULL;
      }
    };
    if (!frame.image.empty()) add(frame.image);
    for (const auto& [rect, pixels] : frame.regions) add(pixels);
    frames.push_back({frame.captured, frame.index, hash});
    if (keep_images_) images.push_back(frame.image.clone());
  }

  void OnSenseEdge(const SenseEdge& edge) override {
    if (edge.at < last_) out_of_order = true;
    last_ = edge.at;
    edges.push_back(edge);
  }

  // Buzzer on-edges in [from, to).
  int BeepsBetween(Timestamp from, Timestamp to) const {
    int count = 0;
    for (const SenseEdge& edge : edges) {
      if (edge.line == SenseLine::kBuzzer && edge.active && edge.at >= from && edge.at < to)
        ++count;
    }
    return count;
  }

  std::vector<FrameRecord> frames;
  std::vector<cv::Mat> images;
  std::vector<SenseEdge> edges;
  bool out_of_order = false;

 private:
  bool keep_images_;
  Timestamp last_{0};
};

}  // namespace lockrig::sim::testing
