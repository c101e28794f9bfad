// Per-frame cost of the simulated camera and of vision: the full-frame
// render, the render of only the regions vision reads, and the read itself.
// Build with optimisation (CMAKE_BUILD_TYPE=Release) for meaningful numbers.
#include <benchmark/benchmark.h>

#include "rig/sim/virtual_camera.h"
#include "vision/face_reader.h"

namespace lockrig::vision {
namespace {

const sim::FaceTruth kTruth{{LedColor::kRed, LedColor::kOff, LedColor::kAmber, LedColor::kGreen},
                            0.6};

sim::VirtualCamera Camera() {
  return sim::VirtualCamera(sim::CameraSettings{}, DefaultFaceLayout(4), 1);
}

void BM_RenderFullFrame(benchmark::State& state) {
  const sim::VirtualCamera camera = Camera();
  std::uint64_t index = 0;
  for (auto _ : state) benchmark::DoNotOptimize(camera.Render(kTruth, index++));
}
BENCHMARK(BM_RenderFullFrame);

void BM_RenderRegionsVisionReads(benchmark::State& state) {
  const sim::VirtualCamera camera = Camera();
  const std::vector<cv::Rect> regions = FaceReader(camera.layout()).RegionsRead();
  std::uint64_t index = 0;
  for (auto _ : state) {
    for (const cv::Rect& r : regions)
      benchmark::DoNotOptimize(camera.RenderRegion(kTruth, index, r));
    ++index;
  }
}
BENCHMARK(BM_RenderRegionsVisionReads);

void BM_ReadFullFrame(benchmark::State& state) {
  const sim::VirtualCamera camera = Camera();
  const FaceReader reader(camera.layout());
  const cv::Mat frame = camera.Render(kTruth, 0);
  for (auto _ : state) benchmark::DoNotOptimize(reader.Read(frame));
}
BENCHMARK(BM_ReadFullFrame);

// What the simulated bench pays per frame if it reads from region renders.
void BM_RenderRegionsAndRead(benchmark::State& state) {
  const sim::VirtualCamera camera = Camera();
  const FaceReader reader(camera.layout());
  std::uint64_t index = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        reader.Read([&](const cv::Rect& r) { return camera.RenderRegion(kTruth, index, r); }));
    ++index;
  }
}
BENCHMARK(BM_RenderRegionsAndRead);

// And if it renders full frames (as for a recorded report) and reads them.
void BM_RenderFullFrameAndRead(benchmark::State& state) {
  const sim::VirtualCamera camera = Camera();
  const FaceReader reader(camera.layout());
  std::uint64_t index = 0;
  for (auto _ : state) benchmark::DoNotOptimize(reader.Read(camera.Render(kTruth, index++)));
}
BENCHMARK(BM_RenderFullFrameAndRead);

}  // namespace
}  // namespace lockrig::vision

BENCHMARK_MAIN();
