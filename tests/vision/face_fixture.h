// Shared by vision's tests: a virtual camera and a reader on the same
// default face, and helpers to render a truth and read it back.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "rig/sim/virtual_camera.h"
#include "vision/face_reader.h"

namespace lockrig::vision::testing {

inline constexpr LedColor kAllColours[] = {LedColor::kOff,   LedColor::kRed,  LedColor::kGreen,
                                           LedColor::kAmber, LedColor::kBlue, LedColor::kWhite};

struct Face {
  Face(int leds, std::uint64_t seed, double noise_sigma = 3.0, cv::Size size = {320, 240})
      : camera(sim::CameraSettings{size, 30.0, noise_sigma}, DefaultFaceLayout(leds, size), seed),
        reader(camera.layout()) {}

  // Reads frame `index` of `truth` from just the regions the reader asks for.
  FaceReading ReadRegions(const sim::FaceTruth& truth, std::uint64_t index) const {
    return reader.Read([&](const cv::Rect& r) { return camera.RenderRegion(truth, index, r); });
  }

  sim::VirtualCamera camera;
  FaceReader reader;
};

inline LedColor RandomColour(std::mt19937_64& rng) {
  return kAllColours[std::uniform_int_distribution<int>(0, 5)(rng)];
}

inline sim::FaceTruth RandomTruth(std::mt19937_64& rng, int leds) {
  sim::FaceTruth truth;
  for (int i = 0; i < leds; ++i) truth.leds.push_back(RandomColour(rng));
  truth.bolt_position = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  return truth;
}

}  // namespace lockrig::vision::testing
