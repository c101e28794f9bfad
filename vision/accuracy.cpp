#include "vision/accuracy.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <random>
#include <utility>

#include "vision/blink_counter.h"
#include "vision/calibration.h"
#include "vision/face_reader.h"
#include "vision/random_pattern.h"

namespace lockrig::vision {
namespace {

using Us = std::int64_t;
using Rng = std::mt19937_64;

// ---- Truth: what the lock shows, as functions of time ------------------------

// One LED's colour over time: change points, the first at time 0.
struct LedTrack {
  std::vector<std::pair<Us, LedColor>> changes{{0, LedColor::kOff}};
  void Set(Us at, LedColor color) {
    if (changes.back().second == color) return;
    if (changes.back().first == at) {
      changes.back().second = color;
    } else {
      changes.emplace_back(at, color);
    }
  }
  LedColor At(Us t) const {
    if (t < changes.front().first) return changes.front().second;  // jitter before 0
    auto it = std::upper_bound(changes.begin(), changes.end(), t,
                               [](Us v, const auto& c) { return v < c.first; });
    return std::prev(it)->second;
  }
};

// The bolt's position over time: piecewise linear between knots.
struct BoltPath {
  std::vector<std::pair<Us, double>> knots{{0, 0.0}};
  void To(Us at, double position) { knots.emplace_back(at, position); }
  std::pair<double, double> At(Us t) const {  // position, velocity (travels/s)
    if (t < knots.front().first) return {knots.front().second, 0.0};
    auto it = std::upper_bound(knots.begin(), knots.end(), t,
                               [](Us v, const auto& k) { return v < k.first; });
    if (it == knots.end()) return {knots.back().second, 0.0};
    const auto& [t0, p0] = *std::prev(it);
    const auto& [t1, p1] = *it;
    const double v = (p1 - p0) / (static_cast<double>(t1 - t0) * 1e-6);
    return {p0 + v * static_cast<double>(t - t0) * 1e-6, v};
  }
};

struct Script {
  std::vector<LedTrack> leds;
  BoltPath bolt;
  std::vector<std::pair<Us, Us>> random_spans;
  Us end = 0;
};

Us Ms(Rng& rng, double lo, double hi) {
  return static_cast<Us>(std::uniform_real_distribution<double>(lo, hi)(rng) * 1000.0);
}

void SetAll(Script& s, Us at, LedColor color) {
  for (LedTrack& led : s.leds) led.Set(at, color);
}

// Appends one §3 signal at `t` and returns when it ends. Element durations
// vary within the spec's ±20 ms.
Us AppendSignal(Script& s, Rng& rng, Us t) {
  const int leds = static_cast<int>(s.leds.size());
  const int kind = std::uniform_int_distribution<int>(0, leds == 4 ? 7 : 5)(rng);
  auto element = [&](double ms) { return Ms(rng, ms - 20, ms + 20); };
  switch (kind) {
    case 0:
    case 1: {  // N blinks 250/250: LOW_BATTERY, JAM, HANDING_*, PROMPT...
      const LedColor colours[] = {LedColor::kRed, LedColor::kGreen, LedColor::kAmber,
                                  LedColor::kBlue};
      const LedColor c = colours[std::uniform_int_distribution<int>(0, leds == 1 ? 3 : 2)(rng)];
      const int n = std::uniform_int_distribution<int>(1, 5)(rng);
      for (int i = 0; i < n; ++i) {
        SetAll(s, t, c);
        t += element(250);
        SetAll(s, t, LedColor::kOff);
        t += element(250);
      }
      return t;
    }
    case 2:  // ACCEPT or REJECT
      SetAll(s, t, std::bernoulli_distribution(0.5)(rng) ? LedColor::kGreen : LedColor::kRed);
      t += element(1000);
      SetAll(s, t, LedColor::kOff);
      return t;
    case 3: {  // BOOT: red, green, amber (halo: then blue), 200 ms each
      for (LedColor c : {LedColor::kRed, LedColor::kGreen, LedColor::kAmber}) {
        SetAll(s, t, c);
        t += element(200);
      }
      if (leds == 1 && std::bernoulli_distribution(0.5)(rng)) {
        SetAll(s, t, LedColor::kBlue);
        t += element(200);
      }
      SetAll(s, t, LedColor::kOff);
      return t;
    }
    case 4:
    case 5: {  // steady: SESSION amber, RESET_ARMED red, a white or blue
      const LedColor colours[] = {LedColor::kAmber, LedColor::kRed, LedColor::kWhite,
                                  LedColor::kBlue};
      SetAll(s, t, colours[std::uniform_int_distribution<int>(0, 3)(rng)]);
      t += Ms(rng, 800, 2000);
      SetAll(s, t, LedColor::kOff);
      return t;
    }
    case 6: {  // fourled RESET_OK: [green, green, amber, amber] for 2 s
      s.leds[0].Set(t, LedColor::kGreen);
      s.leds[1].Set(t, LedColor::kGreen);
      s.leds[2].Set(t, LedColor::kAmber);
      s.leds[3].Set(t, LedColor::kAmber);
      t += element(2000);
      SetAll(s, t, LedColor::kOff);
      return t;
    }
    default: {  // fourled RANDOM: each LED on its own, every 80-300 ms
      const Us end = t + Ms(rng, 1500, 3500);
      const LedColor colours[] = {LedColor::kRed, LedColor::kGreen, LedColor::kAmber,
                                  LedColor::kOff};
      for (LedTrack& led : s.leds) {
        for (Us at = t; at < end; at += Ms(rng, 80, 300)) {
          led.Set(at, colours[std::uniform_int_distribution<int>(0, 3)(rng)]);
        }
      }
      s.random_spans.emplace_back(t, end);
      SetAll(s, end, LedColor::kOff);
      return end;
    }
  }
}

// The bolt: rests, full travels of 0.8 s, and stalls part-way (a jam) after
// which it goes on or returns.
void PlanBolt(Script& s, Rng& rng) {
  constexpr double kTravelsPerSecond = 1.0 / 0.8;
  Us t = 0;
  double at = 0.0;
  auto move = [&](double to) {
    t += static_cast<Us>(std::abs(to - at) / kTravelsPerSecond * 1e6);
    at = to;
    s.bolt.To(t, at);
  };
  while (t < s.end) {
    t += Ms(rng, 300, 2000);
    s.bolt.To(t, at);
    const double target = at < 0.5 ? 1.0 : 0.0;
    if (std::bernoulli_distribution(0.3)(rng)) {
      move(std::uniform_real_distribution<double>(0.15, 0.85)(rng));
      t += Ms(rng, 300, 1000);
      s.bolt.To(t, at);
      move(std::bernoulli_distribution(0.5)(rng) ? target : 1.0 - target);
    } else {
      move(target);
    }
  }
}

Script MakeScript(int leds, Us length, Rng& rng) {
  Script s;
  s.leds.resize(static_cast<std::size_t>(leds));
  s.end = length;
  Us t = 0;
  while (t < length) {
    t += Ms(rng, 300, 800);  // signals are queued 300 ms apart, or idle
    t = AppendSignal(s, rng, t);
  }
  PlanBolt(s, rng);
  return s;
}

sim::FaceTruth TruthAt(const Script& s, Us t) {
  sim::FaceTruth truth;
  for (const LedTrack& led : s.leds) truth.leds.push_back(led.At(t));
  std::tie(truth.bolt_position, truth.bolt_velocity) = s.bolt.At(t);
  return truth;
}

// ---- The camera and vision, frame by frame -----------------------------------

struct Rig {
  sim::VirtualCamera camera;
  std::optional<FaceReader> reader;
  bool calibrated = false;

  Rig(const sim::CameraSettings& settings, int leds, std::uint64_t seed)
      : camera(settings, DefaultFaceLayout(leds, settings.size), seed) {
    // Calibrate on a reference frame (all off, bolt retracted) as a rig
    // would at set-up; without markers found, the nominal layout stands in.
    sim::FaceTruth reference;
    reference.leds.assign(static_cast<std::size_t>(leds), LedColor::kOff);
    const std::optional<FaceLayout> layout =
        Calibrate(camera.Render(reference, std::numeric_limits<std::uint32_t>::max()), leds);
    calibrated = layout.has_value();
    reader.emplace(layout ? *layout : camera.layout());
  }

  Us CaptureUs(std::uint64_t index) const {
    return std::llround(static_cast<double>(index) * 1e6 / camera.settings().frames_per_second) +
           camera.JitterUs(index);
  }

  FaceReading Read(const sim::FaceTruth& truth, std::uint64_t index) const {
    // JPEG needs whole frames anyway: render one, not one per region.
    if (camera.settings().jpeg_quality > 0) return reader->Read(camera.Render(truth, index));
    return reader->Read([&](const cv::Rect& r) { return camera.RenderRegion(truth, index, r); });
  }
};

double Percentile(std::vector<double> values, double q) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
  return values[std::min(values.size() - 1, k == 0 ? 0 : k - 1)];
}

struct Tally {
  std::vector<double> bolt_errors;
  std::vector<double> latencies;
};

// Runs the long sequence on one face.
void RunSequence(const AccuracyConfig& config, int leds, std::uint64_t seed, AccuracyResult& r,
                 Tally& tally) {
  const Rig rig(config.camera, leds, seed);
  r.calibrated = r.calibrated && rig.calibrated;
  Rng rng(seed * 7919 + 17);
  const double fps = config.camera.frames_per_second;
  const auto frames = static_cast<std::uint64_t>(config.sequence_frames);
  const Script script = MakeScript(leds, static_cast<Us>(frames * 1e6 / fps) + 1'000'000, rng);

  std::vector<Us> capture(frames);
  std::vector<bool> delivered(frames);
  std::vector<std::vector<LedColor>> seen(frames);
  RandomPatternDetector random;
  std::vector<bool> random_fired(script.random_spans.size(), false);
  for (std::uint64_t i = 0; i < frames; ++i) {
    capture[i] = rig.CaptureUs(i);
    delivered[i] = !rig.camera.Dropped(i);
    if (!delivered[i]) continue;
    const sim::FaceTruth truth = TruthAt(script, capture[i]);
    const FaceReading reading = rig.Read(truth, i);
    seen[i] = reading.leds;
    ++r.frames;
    if (reading.leds == truth.leds) ++r.frames_right;
    tally.bolt_errors.push_back(std::abs(reading.bolt_position - truth.bolt_position));

    if (leds == 4) {
      random.Add(capture[i], reading.leds);
      if (random.IsRandom()) {
        // Fired: right if the window lies within a RANDOM stretch, a false
        // alarm if it touches none.
        const Us from = capture[i] - RandomPatternTuning{}.window_us;
        bool touches = false;
        for (std::size_t k = 0; k < script.random_spans.size(); ++k) {
          const auto [a, b] = script.random_spans[k];
          if (from < b + 300'000 && capture[i] >= a) touches = true;
          if (from >= a && capture[i] <= b) random_fired[k] = true;
        }
        if (!touches) r.random_false_alarm = true;
      }
    }
  }
  if (leds == 4) {
    // Every RANDOM stretch long enough for the detector's window was seen.
    bool all = true;
    for (std::size_t k = 0; k < script.random_spans.size(); ++k) {
      const auto [a, b] = script.random_spans[k];
      if (b - a >= RandomPatternTuning{}.window_us + 200'000 && b < capture.back()) {
        all = all && random_fired[k];
      }
    }
    r.random_detected = r.random_detected && all;
  }

  // Latency: for each change of each LED, from the first frame captured
  // after it to the first delivered frame that shows it, while it lasts.
  for (std::size_t led = 0; led < script.leds.size(); ++led) {
    const auto& changes = script.leds[led].changes;
    std::size_t f = 0;
    for (std::size_t c = 1; c < changes.size(); ++c) {
      const Us from = changes[c].first;
      const Us until = c + 1 < changes.size() ? changes[c + 1].first : script.end;
      while (f < frames && capture[f] < from) ++f;
      if (f >= frames) break;
      const std::size_t first = f;
      bool any_delivered = false;
      std::optional<std::size_t> shown;
      for (std::size_t i = first; i < frames && capture[i] < until; ++i) {
        if (!delivered[i]) continue;
        any_delivered = true;
        if (seen[i][led] == changes[c].second) {
          shown = i;
          break;
        }
      }
      if (!any_delivered) continue;  // no frame could show it: not vision's miss
      ++r.led_changes;
      if (shown) {
        tally.latencies.push_back(static_cast<double>(*shown - first));
      } else {
        ++r.led_changes_missed;
        tally.latencies.push_back(99.0);
      }
    }
  }
}

// Blink trials: off, then 1-5 blinks of one colour (or one 1 s ACCEPT /
// REJECT), then off; counted from vision's reading by BlinkCounter.
void RunBlinkTrials(const AccuracyConfig& config, int leds, int trials, std::uint64_t seed,
                    AccuracyResult& r) {
  const Rig rig(config.camera, leds, seed);
  Rng rng(seed * 104729 + 3);
  const double fps = config.camera.frames_per_second;
  std::uint64_t index = 1'000'000;  // frame indices apart from the sequence's
  for (int trial = 0; trial < trials; ++trial) {
    Script s;
    s.leds.resize(static_cast<std::size_t>(leds));
    // A random phase against the frame clock.
    Us t = Ms(rng, 300, 800) +
           static_cast<Us>(std::uniform_real_distribution<double>(0, 1e6 / fps)(rng));
    const LedColor colours[] = {LedColor::kRed, LedColor::kGreen, LedColor::kAmber, LedColor::kBlue,
                                LedColor::kWhite};
    LedColor colour = colours[std::uniform_int_distribution<int>(0, 4)(rng)];
    int n = std::uniform_int_distribution<int>(1, 5)(rng);
    const bool long_one = std::bernoulli_distribution(0.2)(rng);
    if (long_one) {
      n = 1;
      colour = std::bernoulli_distribution(0.5)(rng) ? LedColor::kGreen : LedColor::kRed;
    }
    for (int i = 0; i < n; ++i) {
      SetAll(s, t, colour);
      t += Ms(rng, long_one ? 980 : 230, long_one ? 1020 : 270);
      SetAll(s, t, LedColor::kOff);
      t += Ms(rng, 230, 270);
    }
    s.end = t + 600'000;

    std::vector<BlinkCounter> counters(static_cast<std::size_t>(leds));
    const Us start = rig.CaptureUs(index);
    for (;; ++index) {
      const Us at = rig.CaptureUs(index) - start;
      if (at > s.end) break;
      if (rig.camera.Dropped(index)) continue;
      const FaceReading reading = rig.Read(TruthAt(s, at), index);
      for (std::size_t k = 0; k < counters.size(); ++k) counters[k].Add(at, reading.leds[k]);
    }
    bool exact = true;
    for (const BlinkCounter& counter : counters) {
      exact = exact && counter.count() == n && counter.Count(colour) == n;
    }
    ++r.blink_trials;
    if (exact) ++r.blink_trials_exact;
  }
}

}  // namespace

std::vector<std::string> AccuracyResult::Shortfalls(const AccuracyBars& bars) const {
  std::vector<std::string> out;
  if (!calibrated) out.push_back("calibration failed");
  if (LedAccuracy() < bars.led_state) out.push_back("LED state");
  if (BlinkExactness() < bars.blink_exact) out.push_back("blink count");
  if (bolt_error_p99 > bars.bolt_error_p99) out.push_back("bolt position");
  if (latency_p99 > bars.latency_p99_frames) out.push_back("latency");
  if (!random_detected) out.push_back("RANDOM missed");
  if (random_false_alarm) out.push_back("false RANDOM");
  return out;
}

AccuracyResult MeasureAccuracy(const AccuracyConfig& config) {
  AccuracyResult r;
  r.calibrated = true;
  r.random_detected = true;
  Tally tally;
  RunSequence(config, 1, config.seed * 2 + 1, r, tally);
  RunSequence(config, 4, config.seed * 2 + 2, r, tally);
  RunBlinkTrials(config, 1, config.blink_trials / 2, config.seed * 2 + 3, r);
  RunBlinkTrials(config, 4, config.blink_trials - config.blink_trials / 2, config.seed * 2 + 4, r);
  r.bolt_error_p50 = Percentile(tally.bolt_errors, 0.50);
  r.bolt_error_p99 = Percentile(tally.bolt_errors, 0.99);
  r.latency_p50 = Percentile(tally.latencies, 0.50);
  r.latency_p99 = Percentile(tally.latencies, 0.99);
  return r;
}

std::vector<SweepSetting> DefaultSweep() {
  std::vector<SweepSetting> sweep;
  const sim::CameraSettings base;
  auto add = [&](std::string name, auto change) {
    sim::CameraSettings s = base;
    change(s);
    sweep.push_back({std::move(name), s});
  };
  add("default", [](sim::CameraSettings&) {});
  for (double sigma : {0.0, 6.0, 12.0, 20.0, 30.0}) {
    char name[48];
    std::snprintf(name, sizeof name, "noise sigma %.0f", sigma);
    add(name, [=](sim::CameraSettings& s) { s.noise_sigma = sigma; });
  }
  for (double ms : {0.0, 20.0, 33.0}) {
    char name[48];
    std::snprintf(name, sizeof name, "exposure %.0f ms (blur)", ms);
    add(name, [=](sim::CameraSettings& s) { s.exposure_us = ms * 1000.0; });
  }
  for (double drift : {0.0, 0.15, 0.3, 0.5}) {
    char name[48];
    std::snprintf(name, sizeof name, "drift exp %.0f%% wb %.0f%%", drift * 100, drift * 50);
    add(name, [=](sim::CameraSettings& s) {
      s.exposure_drift = drift;
      s.white_balance_drift = drift / 2;
      s.drift_period_s = 5.0;
    });
  }
  for (int q : {90, 70, 50, 30, 15, 5}) {
    add("jpeg q" + std::to_string(q), [=](sim::CameraSettings& s) { s.jpeg_quality = q; });
  }
  for (double p : {0.01, 0.05, 0.2, 0.4}) {
    char name[48];
    std::snprintf(name, sizeof name, "drops %.0f%%", p * 100);
    add(name, [=](sim::CameraSettings& s) { s.drop_probability = p; });
  }
  add("bloom 2.5", [](sim::CameraSettings& s) { s.bloom = 2.5; });
  add("pose +5,-4 px 3 deg", [](sim::CameraSettings& s) { s.pose = {5.0, -4.0, 3.0}; });
  add("15 fps", [](sim::CameraSettings& s) { s.frames_per_second = 15.0; });
  add("noise 8+jpeg 50+drift 15%+drops 5%", [](sim::CameraSettings& s) {
    s.noise_sigma = 8.0;
    s.jpeg_quality = 50;
    s.exposure_drift = 0.15;
    s.white_balance_drift = 0.075;
    s.drop_probability = 0.05;
  });
  return sweep;
}

std::string AccuracyTableHeader() {
  char line[256];
  std::snprintf(line, sizeof line, "%-36s %9s %9s %8s %8s %7s %7s  %s", "setting", "LED ok%",
                "blinks%", "bolt p50", "bolt p99", "lat p50", "lat p99", "verdict");
  return line;
}

std::string AccuracyTableRow(const std::string& name, const AccuracyResult& r,
                             const AccuracyBars& bars) {
  std::string verdict;
  for (const std::string& s : r.Shortfalls(bars)) verdict += (verdict.empty() ? "" : ", ") + s;
  if (verdict.empty())
    verdict = "ok";
  else
    verdict = "BREAKS: " + verdict;
  char line[512];
  std::snprintf(line, sizeof line, "%-36s %9.3f %9.2f %7.2f%% %7.2f%% %7.0f %7.0f  %s",
                name.c_str(), 100.0 * r.LedAccuracy(), 100.0 * r.BlinkExactness(),
                100.0 * r.bolt_error_p50, 100.0 * r.bolt_error_p99, r.latency_p50, r.latency_p99,
                verdict.c_str());
  return line;
}

}  // namespace lockrig::vision
