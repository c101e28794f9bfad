// The camera seam of the hardware bench. A FrameSource hands the bench the
// frames captured up to an instant, each timestamped at capture on the
// bench's clock. Three kinds:
//   - CaptureThreadCamera: frames read on their own thread from a Grabber
//     (the V4L2 camera, camera.h, or a test's), into a bounded queue; when
//     the queue is full the oldest frame is dropped and counted, because the
//     capture must never wait for the consumer (the camera's own buffers
//     would overflow instead, and silently). The V4L2 camera (camera.h)
//     and the frame pipe (frame_pipe.h) are its grabbers.
//   - ReplayCamera: a recording (vision/frame_recording.h) read back in its
//     own time; the bench's clock follows the recording.
// A lost camera (a read fails, or no frame for `lost_after` frame periods)
// makes TakeUntil throw std::runtime_error: the engine turns that into an
// `error` verdict and the bench into its safe state. It never hangs.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "rig/bench/bench.h"
#include "rig/hardware/bench_clock.h"
#include "vision/frame_recording.h"

namespace lockrig::hardware {

struct FrameSourceStats {
  std::uint64_t captured = 0;  // frames read from the camera
  std::uint64_t dropped = 0;   // dropped because the queue was full
};

class FrameSource {
 public:
  virtual ~FrameSource() = default;
  // Opens the device or recording and starts capturing, stamping frames on
  // `clock` (which must outlive the source's Stop). Throws
  // std::runtime_error if it cannot be opened.
  virtual void Start(const BenchClock& clock) = 0;
  // Stops capturing and closes the device; also done by the destructor.
  virtual void Stop() noexcept = 0;
  // Every frame captured at or before `until` not taken yet, oldest first.
  // Throws std::runtime_error once the camera is lost.
  virtual std::vector<Frame> TakeUntil(Timestamp until) = 0;
  // True if the bench's time must follow this source (replay).
  virtual bool SetsThePace() const { return false; }
  virtual FrameSourceStats Stats() const = 0;
  virtual std::string Describe() const = 0;
};

// Reads one frame; blocks at most about a frame period or a driver timeout.
class Grabber {
 public:
  virtual ~Grabber() = default;
  // Opens the device (on the capture thread's behalf). Throws
  // std::runtime_error if it cannot.
  virtual void Open() = 0;
  // Waits for the next frame. Returns false if the read failed (camera
  // unplugged, driver error). `arrived_ns` (CLOCK_MONOTONIC) is set when the
  // frame came in, before decoding, the closest to capture this side of the
  // driver. Writes a new Mat each time: frames are shared, not copied.
  virtual bool Read(cv::Mat& bgr, std::int64_t& arrived_ns) = 0;
  virtual void Close() noexcept = 0;
  virtual std::string Describe() const = 0;
  // Why the last Read failed, when the grabber knows better than "reading
  // failed" (a frame of the wrong size); empty otherwise.
  virtual std::string LastError() const { return {}; }
  // Called from another thread by Stop: makes a Read that may wait long
  // (a pipe with no writer) return false soon. Grabbers whose reads end by
  // themselves within a driver timeout need not do anything.
  virtual void Interrupt() noexcept {}
};

struct CaptureSettings {
  double frames_per_second = 30.0;  // the nominal rate (watchdog period)
  int lost_after_periods = 10;      // no frame for this many periods: lost
  std::size_t queue_frames = 64;    // bounded queue
};

class CaptureThreadCamera final : public FrameSource {
 public:
  CaptureThreadCamera(std::unique_ptr<Grabber> grabber, CaptureSettings settings);
  ~CaptureThreadCamera() override;
  CaptureThreadCamera(const CaptureThreadCamera&) = delete;
  CaptureThreadCamera& operator=(const CaptureThreadCamera&) = delete;

  void Start(const BenchClock& clock) override;
  void Stop() noexcept override;
  std::vector<Frame> TakeUntil(Timestamp until) override;
  FrameSourceStats Stats() const override;
  std::string Describe() const override;

 private:
  // Shared with the capture thread, so that a thread stuck in a driver read
  // can be left behind (detached) without touching a destroyed camera.
  struct Shared {
    std::unique_ptr<Grabber> grabber;
    CaptureSettings settings;
    const BenchClock* clock = nullptr;
    std::mutex mutex;
    std::condition_variable done_cv;
    std::deque<Frame> queue;
    FrameSourceStats stats;
    std::optional<Timestamp> last_capture;
    Timestamp started{0};
    std::string error;  // set once the camera is lost
    bool stop = false;
    bool done = false;
  };
  static void Run(std::shared_ptr<Shared> shared);

  std::shared_ptr<Shared> shared_;
  std::string description_;
  std::thread thread_;
};

class ReplayCamera final : public FrameSource {
 public:
  // Nothing is opened until Start. `lost_after_periods` as for a live
  // camera: the recording's end is a lost camera that many periods later.
  // Bench time 0 is the recording's first frame.
  ReplayCamera(std::string video_path, double frames_per_second, int lost_after_periods = 10);
  void Start(const BenchClock& clock) override;
  void Stop() noexcept override { frames_.reset(); }
  std::vector<Frame> TakeUntil(Timestamp until) override;
  bool SetsThePace() const override { return true; }
  FrameSourceStats Stats() const override { return stats_; }
  std::string Describe() const override { return "replay of " + path_; }

 private:
  std::string path_;
  double fps_;
  int lost_after_periods_;
  std::unique_ptr<vision::RecordedFrames> frames_;
  std::optional<vision::RecordedFrame> next_;
  std::optional<Timestamp> last_capture_;
  std::int64_t first_us_ = 0;
  FrameSourceStats stats_;
};

}  // namespace lockrig::hardware
