#include "rig/engine/bench_observer.h"

#include <string>

namespace lockrig {

BenchObserver::BenchObserver(const vision::FaceLayout& layout, Timeline& timeline,
                             reports::ResultSink& sink)
    : reader_(layout), timeline_(timeline), sink_(sink) {}

void BenchObserver::Report(Timestamp at, nlohmann::json fields) {
  sink_.EventOccurred({at, "observation", std::move(fields)});
}

void BenchObserver::OnFrame(const Frame& frame) {
  const vision::FaceReading reading =
      frame.image.empty()
          ? reader_.Read([&frame](const cv::Rect& region) { return frame.Region(region); })
          : reader_.Read(frame.image);
  FaceSample sample{frame.captured, reading.leds, reading.bolt_position,
                    motion_.Update(frame.captured.count(), reading.bolt_position)};
  for (std::size_t i = 0; i < sample.leds.size(); ++i) {
    if (!previous_ || previous_->leds.size() != sample.leds.size() ||
        previous_->leds[i] != sample.leds[i]) {
      Report(sample.at, {{"what", "led"},
                         {"led", i + 1},
                         {"color", std::string(vision::ToString(sample.leds[i]))},
                         {"frame", frame.index}});
    }
  }
  if (!previous_ || previous_->bolt != sample.bolt) {
    Report(sample.at, {{"what", "bolt"},
                       {"state", std::string(vision::ToString(sample.bolt))},
                       {"position", static_cast<int>(sample.bolt_position * 1000) / 1000.0},
                       {"frame", frame.index}});
  }
  sink_.FrameSampled({sample.at, frame.index, sample.leds, sample.bolt_position, sample.bolt});
  previous_ = sample;
  timeline_.AddSample(std::move(sample));
  ++frames_seen_;
}

void BenchObserver::OnSenseEdge(const SenseEdge& edge) {
  const char* line = edge.line == SenseLine::kBuzzer ? "buzzer" : "bolt_switch";
  Report(edge.at, {{"what", line}, {"active", edge.active}});
  if (edge.line == SenseLine::kBuzzer) timeline_.AddBuzzerEdge(edge.at, edge.active);
}

}  // namespace lockrig
