// Vision's accuracy measured against the truth: the virtual camera renders
// synthetic but realistic lock behaviour whose truth is known (the spec's §3
// signals: 250/250 ms blinks, ACCEPT and REJECT, BOOT, steady colours,
// four-LED RANDOM; the bolt travelling 0.8 s between ends with stops and
// stalls), vision reads every delivered frame, and the two are compared.
// Calibration runs first, on a reference frame, as on a real rig.
//
// What is measured, and the bars at the default camera settings:
//   LED state        frames where every LED reads its true colour   >= 99.9 %
//   blink counts     trials (1-5 blinks, or one 1 s ACCEPT/REJECT)
//                    counted exactly, colour included               >= 99.9 %
//   bolt position    |read - true| as a fraction of travel, p99     <= 3 %
//   latency          frames from a true LED change (the first frame
//                    after it) to the frame that shows it, p99      <= 2
// A short run is a test; lockrig-vision-accuracy sweeps camera settings.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rig/sim/virtual_camera.h"

namespace lockrig::vision {

struct AccuracyConfig {
  sim::CameraSettings camera;
  // Frames of the long signal-and-bolt sequence, per face (one-LED and
  // four-LED faces are both run).
  int sequence_frames = 10'000;
  // Blink-count trials, split between the two faces.
  int blink_trials = 1'000;
  std::uint64_t seed = 1;
};

struct AccuracyBars {
  double led_state = 0.999;
  double blink_exact = 0.999;
  double bolt_error_p99 = 0.03;
  double latency_p99_frames = 2.0;
};

struct AccuracyResult {
  bool calibrated = false;  // calibration found the face (both faces)
  long frames = 0;          // frames delivered and read
  long frames_right = 0;    // ...with every LED right
  int blink_trials = 0;
  int blink_trials_exact = 0;
  double bolt_error_p50 = 0.0;  // fraction of travel
  double bolt_error_p99 = 0.0;
  double latency_p50 = 0.0;  // frames
  double latency_p99 = 0.0;
  long led_changes = 0;             // true LED changes whose latency was measured
  long led_changes_missed = 0;      // never shown before the next change
  bool random_detected = false;     // RANDOM stretches recognised as such
  bool random_false_alarm = false;  // another signal taken for RANDOM

  double LedAccuracy() const { return frames ? static_cast<double>(frames_right) / frames : 0; }
  double BlinkExactness() const {
    return blink_trials ? static_cast<double>(blink_trials_exact) / blink_trials : 0;
  }
  // What falls short of `bars`, in a few words; empty when all are met.
  std::vector<std::string> Shortfalls(const AccuracyBars& bars = {}) const;
};

AccuracyResult MeasureAccuracy(const AccuracyConfig& config);

// One row of the sweep: a name and the camera it runs.
struct SweepSetting {
  std::string name;
  sim::CameraSettings camera;
};

// Default settings first, then noise, blur (exposure time), exposure and
// white-balance drift, JPEG quality, frame drops, pose, and a combination.
std::vector<SweepSetting> DefaultSweep();

// The table's header and one row.
std::string AccuracyTableHeader();
std::string AccuracyTableRow(const std::string& name, const AccuracyResult& result,
                             const AccuracyBars& bars = {});

}  // namespace lockrig::vision
