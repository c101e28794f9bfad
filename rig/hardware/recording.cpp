#include "rig/hardware/recording.h"

#include <memory>
#include <stdexcept>

#include "vision/frame_recording.h"

namespace lockrig::hardware {

namespace {

class RecordingSink final : public ObservationSink {
 public:
  RecordingSink(std::string path, double fps) : path_(std::move(path)), fps_(fps) {}
  void OnFrame(const Frame& frame) override {
    if (frame.image.empty()) throw std::logic_error("recording needs whole frames");
    if (!recorder_) {
      recorder_ = std::make_unique<vision::FrameRecorder>(path_, frame.image.size(), fps_);
    }
    recorder_->Write(frame.index, frame.captured.count(), frame.image);
  }
  void OnSenseEdge(const SenseEdge&) override {}
  RecordingSummary Finish() {
    RecordingSummary summary;
    if (!recorder_) throw std::runtime_error("no frame to record arrived");
    recorder_->Close();
    summary.frames = recorder_->frames_written();
    summary.codec = recorder_->codec();
    return summary;
  }

 private:
  std::string path_;
  double fps_;
  std::unique_ptr<vision::FrameRecorder> recorder_;
};

}  // namespace

RecordingSummary RecordFromSource(FrameSource& source, const std::string& video_path,
                                  Duration length, double frames_per_second) {
  MonotonicBenchClock live;
  ReplayBenchClock replay;
  BenchClock& clock = source.SetsThePace() ? static_cast<BenchClock&>(replay) : live;
  RecordingSink sink(video_path, frames_per_second);
  source.Start(clock);
  struct StopOnExit {
    FrameSource& s;
    ~StopOnExit() { s.Stop(); }
  } stop{source};
  const Timestamp end = clock.Now() + length;
  while (clock.Now() < end) {
    clock.SleepUntil(std::min(end, clock.Now() + Duration(std::chrono::milliseconds(50))));
    for (const Frame& f : source.TakeUntil(clock.Now())) sink.OnFrame(f);
  }
  RecordingSummary summary = sink.Finish();
  summary.dropped = source.Stats().dropped;
  return summary;
}

RecordingSummary RecordFromBench(Bench& bench, const std::string& video_path, Duration length,
                                 double frames_per_second) {
  RecordingSink sink(video_path, frames_per_second);
  bench.AdvanceTo(bench.Now() + length, sink);
  return sink.Finish();
}

}  // namespace lockrig::hardware
