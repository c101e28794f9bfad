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

// The default camera with another noise level and size.
inline sim::CameraSettings Camera(double noise_sigma = 3.0, cv::Size size = {320, 240}) {
  sim::CameraSettings settings;
  settings.size = size;
  settings.noise_sigma = noise_sigma;
  return settings;
}

// A camera with no effect but the noise: exact levels for tests that
// compare pixels with the scene.
inline sim::CameraSettings PlainCamera(double noise_sigma = 0.0, cv::Size size = {320, 240}) {
  sim::CameraSettings settings = Camera(noise_sigma, size);
  settings.exposure_drift = 0.0;
  settings.white_balance_drift = 0.0;
  settings.jitter_sigma_us = 0.0;
  return settings;
}

// Every effect on, and strong: for identity and determinism tests.
inline sim::CameraSettings EveryEffect() {
  sim::CameraSettings settings;
  settings.noise_sigma = 5.0;
  settings.exposure_us = 30'000.0;
  settings.bloom = 2.0;
  settings.exposure_drift = 0.2;
  settings.white_balance_drift = 0.1;
  settings.drift_period_s = 2.0;
  settings.drop_probability = 0.1;
  settings.jitter_sigma_us = 1'000.0;
  settings.pose = {3.0, -2.0, 2.5};
  return settings;
}

struct Face {
  Face(int leds, std::uint64_t seed, double noise_sigma = 3.0, cv::Size size = {320, 240})
      : Face(leds, seed, Camera(noise_sigma, size)) {}
  Face(int leds, std::uint64_t seed, const sim::CameraSettings& settings)
      : camera(settings, DefaultFaceLayout(leds, settings.size), seed), reader(camera.layout()) {}

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
