// lockrig-vision-accuracy: vision's accuracy against the virtual camera's
// truth over a sweep of camera settings, as a table. The work is in
// vision/accuracy.{h,cpp}; this only parses the command line.
//
//   lockrig-vision-accuracy [--quick] [--seed N] [--only SUBSTRING]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "vision/accuracy.h"

int main(int argc, char** argv) {
  bool quick = false;
  std::uint64_t seed = 1;
  std::string only;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else if (std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
      only = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--quick] [--seed N] [--only SUBSTRING]\n", argv[0]);
      return 2;
    }
  }
  const lockrig::vision::AccuracyBars bars;
  std::printf("vision accuracy, seed %llu, %s\n", static_cast<unsigned long long>(seed),
              quick ? "quick (2x3000 sequence frames, 400 blink trials)"
                    : "full (2x20000 sequence frames, 2000 blink trials)");
  std::printf(
      "bars at default settings: LED >= %.1f %%, blinks >= %.1f %%, bolt p99 <= %.0f %%"
      " of travel, latency p99 <= %.0f frames\n",
      100 * bars.led_state, 100 * bars.blink_exact, 100 * bars.bolt_error_p99,
      bars.latency_p99_frames);
  std::printf("%s\n", lockrig::vision::AccuracyTableHeader().c_str());
  bool default_ok = true;
  for (const auto& setting : lockrig::vision::DefaultSweep()) {
    if (!only.empty() && setting.name.find(only) == std::string::npos) continue;
    lockrig::vision::AccuracyConfig config;
    config.camera = setting.camera;
    config.seed = seed;
    config.sequence_frames = quick ? 3000 : 20000;
    config.blink_trials = quick ? 400 : 2000;
    const auto result = lockrig::vision::MeasureAccuracy(config);
    std::printf("%s\n", lockrig::vision::AccuracyTableRow(setting.name, result, bars).c_str());
    std::fflush(stdout);
    if (setting.name == "default" && !result.Shortfalls(bars).empty()) default_ok = false;
  }
  return default_ok ? 0 : 1;
}
