// The simulated bench's camera: renders the lock face as the rig camera sees
// it (LEDs, the bolt's visible end, the face plate's markers and white
// patch), from the board's true state at the frame's instant, with what a
// real camera adds: sensor noise, motion blur on the moving bolt, LED bloom,
// slow exposure and white-balance drift, optional JPEG artefacts, a small
// pose offset, frame drops and timestamp jitter. Every effect is set in
// CameraSettings and seeded; the same seed, frame index and truth give the
// same image.
//
// Everything is a pure function of (seed, frame index, pixel): the static
// scene (door, plate, markers, patch, each LED's lens and glow per colour) is
// drawn once, at construction, into per-pixel tables; a frame then only
// composes those tables with the bolt's coverage, scales by the frame's gain
// (exposure x white balance, functions of the frame index) and adds
// counter-based noise: a hash of (seed, frame index, x, y) turned into three
// Gaussian samples, never drawn from a stateful generator. So any region can
// be rendered on its own (RenderRegion), byte-identical to the same crop of
// the full frame, and a bench can render only the few pixels vision reads.
//
// JPEG is the one whole-frame effect (a block's chroma depends on its
// neighbours when decoding): with jpeg_quality set, RenderRegion renders,
// compresses and decodes the full frame and crops it. Identity still holds;
// the speed of region renders does not.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "vision/face_layout.h"
#include "vision/led_color.h"

namespace lockrig::sim {

// What is really in front of the camera at a frame's instant (the oracle).
struct FaceTruth {
  std::vector<vision::LedColor> leds;  // one per LED
  double bolt_position = 0.0;          // 0 retracted .. 1 extended
  // Bolt speed in travels per second (positive extending), for motion blur.
  double bolt_velocity = 0.0;
};

// Where the camera sits relative to where calibration would expect it: the
// image is the nominal one rotated by `rotation_deg` about its centre
// (positive turns clockwise on screen) and then shifted by (dx, dy) pixels.
struct CameraPose {
  double dx_px = 0.0;
  double dy_px = 0.0;
  double rotation_deg = 0.0;
};

struct CameraSettings {
  cv::Size size{320, 240};
  double frames_per_second = 30.0;
  double noise_sigma = 3.0;  // sensor noise, grey levels (8-bit)

  // Exposure time, microseconds, centred on the frame's instant: the bolt
  // moves bolt_velocity x exposure during it and is drawn blurred over that.
  double exposure_us = 10'000.0;
  // LED bloom: how strongly a lit LED glows onto the plate around its lens
  // (1 = the reference glow, 0 = none).
  double bloom = 1.0;
  // Exposure drift: the frame's gain wanders smoothly by up to +-this
  // fraction, over about drift_period_s seconds.
  double exposure_drift = 0.04;
  // White-balance drift: each channel's gain wanders by up to +-this fraction.
  double white_balance_drift = 0.02;
  double drift_period_s = 20.0;
  // JPEG quality 1..100 for compression artefacts; 0 = none.
  int jpeg_quality = 0;
  // Each frame index is dropped (never delivered) with this probability.
  double drop_probability = 0.0;
  // Capture timestamps wander by a Gaussian of this sigma, microseconds
  // (clamped to 3 sigma).
  double jitter_sigma_us = 200.0;
  CameraPose pose{};
};

class VirtualCamera {
 public:
  // Throws std::invalid_argument if `layout.image_size` differs from
  // `settings.size` (the layout is in that image's pixels) or a setting is
  // out of range (negative sigma, exposure, bloom or drift; jpeg quality
  // outside 0..100; drop probability outside [0, 1)).
  VirtualCamera(CameraSettings settings, vision::FaceLayout layout, std::uint64_t seed);

  const CameraSettings& settings() const { return settings_; }
  // The face as drawn, in the nominal camera's pixels (before the pose).
  const vision::FaceLayout& layout() const { return layout_; }
  std::uint64_t seed() const { return seed_; }

  // The full frame for `truth` as frame number `frame_index`: 8-bit BGR.
  // LEDs beyond truth.leds are drawn off; extra truth LEDs are ignored.
  cv::Mat Render(const FaceTruth& truth, std::uint64_t frame_index) const;

  // Only the pixels of `roi` (full-frame coordinates), byte-identical to
  // Render(truth, frame_index)(roi) and much cheaper for small regions
  // (except with JPEG on: see above). Throws std::out_of_range if `roi` is
  // empty or not inside the frame.
  cv::Mat RenderRegion(const FaceTruth& truth, std::uint64_t frame_index, cv::Rect roi) const;

  // Whether frame `frame_index` is lost (the bench then delivers nothing for
  // it). A pure function of (seed, frame index).
  bool Dropped(std::uint64_t frame_index) const;
  // How far frame `frame_index`'s capture timestamp is off its nominal
  // instant, microseconds. A pure function of (seed, frame index).
  std::int64_t JitterUs(std::uint64_t frame_index) const;
  // The frame's gain per channel (B, G, R): exposure x white balance drift.
  // Exposed so tests and the accuracy tool can see the drift applied.
  cv::Vec3f Gain(std::uint64_t frame_index) const;

 private:
  struct Scene;
  static std::shared_ptr<const Scene> SceneFor(const CameraSettings& settings,
                                               const vision::FaceLayout& layout);
  static std::shared_ptr<const Scene> DrawScene(const CameraSettings& settings,
                                                const vision::FaceLayout& layout);
  void RenderInto(const FaceTruth& truth, std::uint64_t frame_index, const cv::Rect& roi,
                  cv::Mat& out) const;

  CameraSettings settings_;
  vision::FaceLayout layout_;
  std::uint64_t seed_;
  std::shared_ptr<const Scene> scene_;  // immutable, shared by copies
  std::array<double, 8> drift_phases_{};
};

}  // namespace lockrig::sim
