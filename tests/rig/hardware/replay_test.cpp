// The replay camera: a recording of the simulated bench's camera read back
// frame for frame, its time the bench's time; its end a lost camera. And
// `lockrig record --sim` writing such a recording.
#include <gtest/gtest.h>

#include <sstream>

#include "rig/hardware/frame_source.h"
#include "rig/hardware/recording.h"
#include "tests/rig/hardware/hardware_fixture.h"
#include "tests/rig/sim/recording_sink.h"
#include "vision/frame_recording.h"
#ifdef LOCKRIG_HAVE_CLI
#include "rig/cli/hardware_commands.h"
#endif

namespace lockrig::hardware {
namespace {

using lockrig::sim::testing::RecordingSink;
namespace fs = std::filesystem;

TEST(ReplayCamera, RoundTripFrameForFrame) {
  // What the simulated bench delivered, kept with its pixels.
  sim::SimBench sim;
  RecordingSink truth(true);
  sim.AdvanceTo(Timestamp(4'000'000), truth);

  ReplayCamera replay(testing::SimRecording(), 30.0);
  ReplayBenchClock clock;
  replay.Start(clock);
  std::vector<Frame> frames = replay.TakeUntil(Timestamp(4'000'000));
  ASSERT_EQ(frames.size(), truth.frames.size());
  const std::int64_t first = truth.frames.front().captured.count();
  for (std::size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(frames[i].index, truth.frames[i].index);
    EXPECT_EQ(frames[i].captured.count(), truth.frames[i].captured.count() - first);
  }
  // Lossless (FFV1) recordings give the same pixels; MJPG only close ones.
  const double diff = cv::norm(frames[10].image, truth.images[10], cv::NORM_INF);
  EXPECT_LE(diff, 60.0);
}

TEST(ReplayCamera, TimeFollowsTheRecordingAndItsEndIsALostCamera) {
  ReplayCamera replay(testing::SimRecording(), 30.0, 5);
  ReplayBenchClock clock;
  replay.Start(clock);
  EXPECT_EQ(replay.TakeUntil(Timestamp(1'000'000)).size(), 31u);  // 0, 33ms, ... 1000ms
  EXPECT_TRUE(replay.TakeUntil(Timestamp(1'000'000)).empty());
  (void)replay.TakeUntil(Timestamp(4'100'000));
  try {
    replay.TakeUntil(Timestamp(10'000'000));
    FAIL() << "a replay past its end must be a lost camera";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("camera lost: replay recording"), std::string::npos);
  }
}

TEST(ReplayCamera, MissingRecordingThrowsAtStart) {
  ReplayCamera replay("/nonexistent/face.avi", 30.0);
  ReplayBenchClock clock;
  EXPECT_THROW(replay.Start(clock), std::runtime_error);
}

TEST(CaptureThreadCamera, BoundedQueueCountsDrops) {
  CaptureThreadCamera camera(
      std::make_unique<testing::TestGrabber>(cv::Mat(24, 32, CV_8UC3, cv::Scalar::all(9)), 200.0),
      CaptureSettings{200.0, 50, 4});
  MonotonicBenchClock clock;
  camera.Start(clock);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto frames = camera.TakeUntil(clock.Now());
  EXPECT_LE(frames.size(), 4u);
  EXPECT_GT(camera.Stats().dropped, 5u);
  for (std::size_t i = 1; i < frames.size(); ++i)
    EXPECT_GT(frames[i].captured, frames[i - 1].captured);
  camera.Stop();
}

#ifdef LOCKRIG_HAVE_CLI
TEST(RecordCommand, SimRecordingReplays) {
  const std::string out =
      (fs::temp_directory_path() / ("lockrig-rec-" + std::to_string(getpid()) + ".avi")).string();
  cli::RecordArgs args;
  args.sim = true;
  args.out = out;
  args.seconds = 1.0;
  std::ostringstream o, e;
  ASSERT_EQ(cli::RecordCommand(args, o, e), 0) << e.str();
  EXPECT_NE(o.str().find("recorded 3"), std::string::npos) << o.str();  // 30 or 31 frames
  vision::RecordedFrames frames(out);
  EXPECT_GE(frames.size(), 30u);
  args.rig_file = "also.yaml";
  EXPECT_NE(cli::RecordCommand(args, o, e), 0);  // --rig and --sim together
  fs::remove(out);
  fs::remove(vision::TimestampsPath(out));
}
#endif

}  // namespace
}  // namespace lockrig::hardware
