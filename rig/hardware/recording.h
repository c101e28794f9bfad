// `lockrig record`: writes a recording (video + timestamp sidecar,
// vision/frame_recording.h) that the replay camera reads back, from the
// rig's camera or from any Bench's frames (the simulated bench's rendered
// ones, so that the round trip is tested without a camera).
#pragma once

#include <string>

#include "rig/bench/bench.h"
#include "rig/hardware/frame_source.h"

namespace lockrig::hardware {

struct RecordingSummary {
  std::size_t frames = 0;
  std::uint64_t dropped = 0;  // by the capture queue
  std::string codec;
};

// Starts `source` on a monotonic clock and records `length` of its frames,
// timestamped in microseconds since the start. Throws std::runtime_error
// (camera lost, file not writable).
RecordingSummary RecordFromSource(FrameSource& source, const std::string& video_path,
                                  Duration length, double frames_per_second);

// Advances `bench` by `length` and records the whole frames it delivers
// (the bench must deliver whole frames: no RequestRegions).
RecordingSummary RecordFromBench(Bench& bench, const std::string& video_path, Duration length,
                                 double frames_per_second);

}  // namespace lockrig::hardware
