#include "vision/frame_recording.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

#include "tests/vision/face_fixture.h"

namespace lockrig::vision {
namespace {

std::string TempVideo(const char* name) {
  return (std::filesystem::temp_directory_path() /
          (std::string("lockrig_") + name + "_" + std::to_string(::getpid()) + ".avi"))
      .string();
}

TEST(FrameRecording, RoundTripsFramesIndicesAndCaptureTimes) {
  const std::string path = TempVideo("roundtrip");
  const testing::Face face(4, 1);
  std::vector<RecordedFrame> written;
  {
    FrameRecorder recorder(path, face.camera.settings().size, 30.0);
    for (std::uint64_t i = 0; i < 30; ++i) {
      if (i % 7 == 3) continue;  // dropped frames leave gaps in the indices
      const sim::FaceTruth truth{
          {LedColor::kRed, LedColor::kOff, LedColor::kGreen, LedColor::kAmber}, i / 30.0, 1.25};
      RecordedFrame frame{i, static_cast<std::int64_t>(i * 33'333) + face.camera.JitterUs(i),
                          face.camera.Render(truth, i)};
      recorder.Write(frame.index, frame.captured_us, frame.image);
      written.push_back(frame);
    }
    EXPECT_EQ(recorder.frames_written(), written.size());
  }
  RecordedFrames replay(path);
  ASSERT_EQ(replay.size(), written.size());
  for (const RecordedFrame& want : written) {
    const std::optional<RecordedFrame> got = replay.Next();
    ASSERT_TRUE(got);
    EXPECT_EQ(got->index, want.index);
    EXPECT_EQ(got->captured_us, want.captured_us);
    ASSERT_EQ(got->image.size(), want.image.size());
    // Vision reads the replay as it read the live frame.
    const FaceReading live = face.reader.Read(want.image);
    const FaceReading replayed = face.reader.Read(got->image);
    EXPECT_EQ(replayed.leds, live.leds) << "frame " << want.index;
    EXPECT_NEAR(replayed.bolt_position, live.bolt_position, 0.005);
    // Lossless with FFV1; MJPG stays close.
    EXPECT_LT(cv::norm(got->image, want.image, cv::NORM_L1) / want.image.total(), 6.0);
  }
  EXPECT_FALSE(replay.Next());
  std::remove(path.c_str());
  std::remove(TimestampsPath(path).c_str());
}

TEST(FrameRecording, RejectsAFrameOfAnotherSize) {
  const std::string path = TempVideo("size");
  FrameRecorder recorder(path, {320, 240}, 30.0);
  EXPECT_THROW(recorder.Write(0, 0, cv::Mat(120, 160, CV_8UC3)), std::invalid_argument);
  recorder.Close();
  std::remove(path.c_str());
  std::remove(TimestampsPath(path).c_str());
}

TEST(FrameRecording, RefusesAMalformedSidecar) {
  const std::string path = TempVideo("malformed");
  { std::ofstream(TimestampsPath(path)) << "0 0\nnot a line\n"; }
  EXPECT_THROW(RecordedFrames{path}, std::runtime_error);
  std::remove(TimestampsPath(path).c_str());
}

}  // namespace
}  // namespace lockrig::vision
