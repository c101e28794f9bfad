// Turns what the bench delivers into the timeline: each camera frame goes
// through vision (LED colours, bolt position and state), each sense edge is
// recorded as it is. Changes are reported as observation events, so
// events.jsonl shows what the camera and the buzzer line saw without a line
// per frame.
#pragma once

#include <optional>

#include "reports/result_sink.h"
#include "rig/bench/bench.h"
#include "rig/engine/timeline.h"
#include "vision/bolt_motion.h"
#include "vision/face_reader.h"

namespace lockrig {

class BenchObserver : public ObservationSink {
 public:
  BenchObserver(const vision::FaceLayout& layout, Timeline& timeline, reports::ResultSink& sink);

  void OnFrame(const Frame& frame) override;
  void OnSenseEdge(const SenseEdge& edge) override;

  // The only parts of a frame vision reads (for Bench::RequestRegions).
  std::vector<cv::Rect> RegionsRead() const { return reader_.RegionsRead(); }
  std::uint64_t frames_seen() const { return frames_seen_; }

 private:
  void Report(Timestamp at, nlohmann::json fields);

  vision::FaceReader reader_;
  vision::BoltMotion motion_;
  Timeline& timeline_;
  reports::ResultSink& sink_;
  std::optional<FaceSample> previous_;
  std::uint64_t frames_seen_ = 0;
};

}  // namespace lockrig
