// The simulated bench's camera: renders the lock face as the rig camera sees
// it (LEDs, the bolt's visible end) with sensor noise, from the board's true
// state at the frame's instant. Deterministic: the same seed, frame index and
// truth give the same image.
//
// The scene is drawn pixel by pixel as a pure function of the pixel's
// position (a dark-grey lock face on the door, each LED a lens that is lit
// with a glow in its colour or dim grey when off, the bolt a bright metal bar
// whose end moves along the track). The noise is counter-based: each
// sample's noise is a hash of (seed, frame index, x, y, channel) turned into
// a Gaussian, never drawn from a stateful generator. So any region can be
// rendered on its own (RenderRegion), byte-identical to the same crop of the
// full frame, and a bench can render only what vision reads.
#pragma once

#include <cstdint>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "vision/face_layout.h"
#include "vision/led_color.h"

namespace lockrig::sim {

// What is really in front of the camera at a frame's instant (the oracle).
struct FaceTruth {
  std::vector<vision::LedColor> leds;  // one per LED
  double bolt_position = 0.0;          // 0 retracted .. 1 extended
};

struct CameraSettings {
  cv::Size size{320, 240};
  double frames_per_second = 30.0;
  double noise_sigma = 3.0;  // sensor noise, grey levels (8-bit)
};

class VirtualCamera {
 public:
  // Throws std::invalid_argument if `layout.image_size` differs from
  // `settings.size` (the layout is in that image's pixels) or the noise
  // sigma is negative.
  VirtualCamera(CameraSettings settings, vision::FaceLayout layout, std::uint64_t seed);

  const CameraSettings& settings() const { return settings_; }
  const vision::FaceLayout& layout() const { return layout_; }
  std::uint64_t seed() const { return seed_; }

  // The full frame for `truth` as frame number `frame_index`: 8-bit BGR.
  // LEDs beyond truth.leds are drawn off; extra truth LEDs are ignored.
  cv::Mat Render(const FaceTruth& truth, std::uint64_t frame_index) const;

  // Only the pixels of `roi` (full-frame coordinates), byte-identical to
  // Render(truth, frame_index)(roi) and much cheaper for small regions.
  // Throws std::out_of_range if `roi` is empty or not inside the frame.
  cv::Mat RenderRegion(const FaceTruth& truth, std::uint64_t frame_index, cv::Rect roi) const;

 private:
  CameraSettings settings_;
  vision::FaceLayout layout_;
  std::uint64_t seed_;
};

}  // namespace lockrig::sim
