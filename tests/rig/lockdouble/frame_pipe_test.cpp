// The frame pipe camera: frames from a FIFO or a growing file, stamped
// with the writer's capture instants, through the same bounded queue and
// lost-camera watchdog as the V4L2 camera.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "rig/hardware/bench_clock.h"
#include "rig/hardware/frame_pipe.h"
#include "rig/hardware/frame_source.h"
#include "rig/lockdouble/frame_writer.h"

namespace lockrig::lockdouble {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using hardware::CaptureSettings;
using hardware::CaptureThreadCamera;
using hardware::MonotonicBenchClock;

struct TempDir {
  fs::path path = fs::temp_directory_path() /
                  ("lockrig-pipe-" + std::to_string(getpid()) + "-" +
                   std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

cv::Mat Shade(int value, int width = 32, int height = 24) {
  return cv::Mat(height, width, CV_8UC3, cv::Scalar(value, value + 1, value + 2));
}

std::unique_ptr<CaptureThreadCamera> PipeCamera(const std::string& path, int lost_after = 30) {
  return std::make_unique<CaptureThreadCamera>(hardware::MakePipeGrabber({path, 32, 24}),
                                               CaptureSettings{30.0, lost_after, 64});
}

// Takes frames until `count` have come or a second has passed.
std::vector<Frame> TakeFrames(CaptureThreadCamera& camera, const hardware::BenchClock& clock,
                              std::size_t count) {
  std::vector<Frame> frames;
  const auto give_up = std::chrono::steady_clock::now() + 1s;
  while (frames.size() < count && std::chrono::steady_clock::now() < give_up) {
    for (Frame& f : camera.TakeUntil(clock.Now())) frames.push_back(std::move(f));
    std::this_thread::sleep_for(2ms);
  }
  return frames;
}

TEST(FramePipe, FramesCarryTheWritersCaptureInstants) {
  TempDir dir;
  const std::string fifo = (dir.path / "face").string();
  FrameWriter writer(fifo, FrameWriter::Kind::kFifo, 8);  // all five may wait at once
  struct stat st {};
  ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));

  MonotonicBenchClock clock;
  auto camera = PipeCamera(fifo);
  camera->Start(clock);
  const Timestamp t0 = clock.Now();
  for (int i = 0; i < 5; ++i) {
    writer.Put(Shade(10 * i), clock.ToMonotonicNs(t0 + i * 1ms), static_cast<std::uint64_t>(i));
  }
  const std::vector<Frame> frames = TakeFrames(*camera, clock, 5);
  ASSERT_EQ(frames.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(frames[i].captured, t0 + i * 1ms) << "stamped at capture, not at arrival";
    EXPECT_EQ(frames[i].image.at<cv::Vec3b>(3, 4), cv::Vec3b(10 * i, 10 * i + 1, 10 * i + 2));
  }
  EXPECT_EQ(writer.Stats().written, 5u);
  EXPECT_EQ(writer.Stats().readers, 1u);
  camera->Stop();
}

TEST(FramePipe, AFrameOfAnotherSizeIsALostCameraNamingBothSizes) {
  TempDir dir;
  const std::string fifo = (dir.path / "face").string();
  FrameWriter writer(fifo, FrameWriter::Kind::kFifo);
  MonotonicBenchClock clock;
  auto camera = PipeCamera(fifo);
  camera->Start(clock);
  writer.Put(Shade(50, 64, 48), clock.ToMonotonicNs(clock.Now()), 0);
  std::string error;
  const auto give_up = std::chrono::steady_clock::now() + 1s;
  while (error.empty() && std::chrono::steady_clock::now() < give_up) {
    try {
      camera->TakeUntil(clock.Now());
      std::this_thread::sleep_for(5ms);
    } catch (const std::runtime_error& e) {
      error = e.what();
    }
  }
  EXPECT_NE(error.find("camera lost: reading camera pipe " + fifo +
                       " failed: frame 0 is 64x48, "
                       "the rig file's camera is 32x24"),
            std::string::npos)
      << error;
}

TEST(FramePipe, NoWriterIsALostCameraAndStopDoesNotWaitForOne) {
  TempDir dir;
  const std::string fifo = (dir.path / "face").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  MonotonicBenchClock clock;
  auto camera = PipeCamera(fifo, 3);  // 100 ms
  camera->Start(clock);
  std::this_thread::sleep_for(150ms);
  EXPECT_THROW(camera->TakeUntil(clock.Now()), std::runtime_error);
  const auto start = std::chrono::steady_clock::now();
  camera->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms);
}

TEST(FramePipe, MissingPipeFailsAtStartNamingIt) {
  MonotonicBenchClock clock;
  auto camera = PipeCamera("/nonexistent/face");
  try {
    camera->Start(clock);
    FAIL() << "a missing pipe must not start";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot open camera pipe /nonexistent/face"),
              std::string::npos)
        << e.what();
  }
}

TEST(FramePipe, AGrowingFileIsJoinedAtItsLastWholeFrame) {
  TempDir dir;
  const std::string file = (dir.path / "face.frames").string();
  MonotonicBenchClock clock;
  {
    FrameWriter writer(file, FrameWriter::Kind::kFile);
    for (int i = 0; i < 3; ++i) writer.Put(Shade(i), clock.ToMonotonicNs(clock.Now()), i);
    const auto give_up = std::chrono::steady_clock::now() + 1s;
    while (writer.Stats().written < 3 && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(1ms);
  }
  auto camera = PipeCamera(file);
  camera->Start(clock);
  std::vector<Frame> frames = TakeFrames(*camera, clock, 1);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].index, 0u);  // the camera's own count
  EXPECT_EQ(frames[0].image.at<cv::Vec3b>(0, 0), cv::Vec3b(2, 3, 4)) << "not the last frame";
  camera->Stop();
}

TEST(FramePipe, ReaderResynchronisesOnTheMagicAfterJunk) {
  TempDir dir;
  const std::string file = (dir.path / "face.frames").string();
  MonotonicBenchClock clock;
  const Timestamp at = clock.Now();
  {
    std::ofstream out(file, std::ios::binary);
    out << "half a frame from before";
    hardware::FrameHeader header{32, 24, clock.ToMonotonicNs(at), 7};
    unsigned char bytes[hardware::kFrameHeaderBytes];
    hardware::EncodeFrameHeader(header, bytes);
    out.write(reinterpret_cast<const char*>(bytes), sizeof bytes);
    const cv::Mat image = Shade(90);
    out.write(reinterpret_cast<const char*>(image.data),
              static_cast<std::streamsize>(header.PixelBytes()));
  }
  auto camera = PipeCamera(file);
  camera->Start(clock);
  std::vector<Frame> frames = TakeFrames(*camera, clock, 1);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].captured, at);
  EXPECT_EQ(frames[0].image.at<cv::Vec3b>(5, 5), cv::Vec3b(90, 91, 92));
  camera->Stop();
}

}  // namespace
}  // namespace lockrig::lockdouble
