// Per-frame cost of the simulated camera and of vision, for the one-LED and
// the four-LED face (the benchmark argument): the full-frame render, the
// render of only the regions vision reads, the read itself, and the two
// together as a simulated bench pays them per frame. Default camera
// settings (noise, drift, bloom, blur on; no JPEG). Build with optimisation
// (RelWithDebInfo or Release) for meaningful numbers; report medians of
// several repetitions (--benchmark_repetitions=5).
#include <benchmark/benchmark.h>

#include "rig/sim/virtual_camera.h"
#include "vision/face_reader.h"

namespace lockrig::vision {
namespace {

sim::FaceTruth Truth(int leds) {
  sim::FaceTruth truth{
      {LedColor::kRed, LedColor::kOff, LedColor::kAmber, LedColor::kGreen}, 0.6, 1.25};
  truth.leds.resize(static_cast<std::size_t>(leds));
  return truth;
}

sim::VirtualCamera Camera(int leds) {
  return sim::VirtualCamera(sim::CameraSettings{}, DefaultFaceLayout(leds), 1);
}

void BM_RenderFullFrame(benchmark::State& state) {
  const int leds = static_cast<int>(state.range(0));
  const sim::VirtualCamera camera = Camera(leds);
  const sim::FaceTruth truth = Truth(leds);
  std::uint64_t index = 0;
  for (auto _ : state) benchmark::DoNotOptimize(camera.Render(truth, index++));
}
BENCHMARK(BM_RenderFullFrame)->Arg(1)->Arg(4);

void BM_RenderRegionsVisionReads(benchmark::State& state) {
  const int leds = static_cast<int>(state.range(0));
  const sim::VirtualCamera camera = Camera(leds);
  const sim::FaceTruth truth = Truth(leds);
  const std::vector<cv::Rect> regions = FaceReader(camera.layout()).RegionsRead();
  std::uint64_t index = 0;
  for (auto _ : state) {
    for (const cv::Rect& r : regions)
      benchmark::DoNotOptimize(camera.RenderRegion(truth, index, r));
    ++index;
  }
}
BENCHMARK(BM_RenderRegionsVisionReads)->Arg(1)->Arg(4);

void BM_ReadRegions(benchmark::State& state) {
  const int leds = static_cast<int>(state.range(0));
  const sim::VirtualCamera camera = Camera(leds);
  const FaceReader reader(camera.layout());
  std::vector<cv::Mat> images;
  for (const cv::Rect& r : reader.RegionsRead())
    images.push_back(camera.RenderRegion(Truth(leds), 0, r));
  for (auto _ : state) benchmark::DoNotOptimize(reader.ReadRegions(images));
}
BENCHMARK(BM_ReadRegions)->Arg(1)->Arg(4);

void BM_ReadFullFrame(benchmark::State& state) {
  const int leds = static_cast<int>(state.range(0));
  const sim::VirtualCamera camera = Camera(leds);
  const FaceReader reader(camera.layout());
  const cv::Mat frame = camera.Render(Truth(leds), 0);
  for (auto _ : state) benchmark::DoNotOptimize(reader.Read(frame));
}
BENCHMARK(BM_ReadFullFrame)->Arg(1)->Arg(4);

// What the simulated bench pays per frame if it reads from region renders.
void BM_RenderRegionsAndRead(benchmark::State& state) {
  const int leds = static_cast<int>(state.range(0));
  const sim::VirtualCamera camera = Camera(leds);
  const FaceReader reader(camera.layout());
  const sim::FaceTruth truth = Truth(leds);
  std::uint64_t index = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        reader.Read([&](const cv::Rect& r) { return camera.RenderRegion(truth, index, r); }));
    ++index;
  }
}
BENCHMARK(BM_RenderRegionsAndRead)->Arg(1)->Arg(4);

// And if it renders full frames (as for a recording or a report) and reads them.
void BM_RenderFullFrameAndRead(benchmark::State& state) {
  const int leds = static_cast<int>(state.range(0));
  const sim::VirtualCamera camera = Camera(leds);
  const FaceReader reader(camera.layout());
  const sim::FaceTruth truth = Truth(leds);
  std::uint64_t index = 0;
  for (auto _ : state) benchmark::DoNotOptimize(reader.Read(camera.Render(truth, index++)));
}
BENCHMARK(BM_RenderFullFrameAndRead)->Arg(1)->Arg(4);

// Constructing a camera: the scene drawn once (cached across seeds).
void BM_ConstructCamera(benchmark::State& state) {
  std::uint64_t seed = 0;
  for (auto _ : state) benchmark::DoNotOptimize(Camera(4).seed() + seed++);
}
BENCHMARK(BM_ConstructCamera);

}  // namespace
}  // namespace lockrig::vision

BENCHMARK_MAIN();
