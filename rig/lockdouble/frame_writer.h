// The lock double's camera output: rendered frames written in the frame
// pipe format (rig/hardware/frame_pipe.h) to a FIFO, or appended to a
// file, on a thread of their own. The double's real-time loop only hands a
// frame over; if the reader is slow or absent the oldest waiting frames
// are dropped and counted, as a camera that nobody reads loses frames,
// and the lock's time never waits for the camera's reader.
//
// FIFO: made if the path does not exist. With no reader, frames are
// dropped (counted as unread); a reader that comes (the bench starting)
// gets the stream from the next whole frame; a reader that leaves is
// waited for again. File: truncated at the start, then appended to.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include <opencv2/core/mat.hpp>

namespace lockrig::lockdouble {

struct FrameWriterStats {
  std::uint64_t written = 0;
  std::uint64_t unread = 0;   // no reader on the FIFO when the frame was due
  std::uint64_t dropped = 0;  // the reader was too slow: the queue overflowed
  std::uint64_t readers = 0;  // how many times a reader connected
};

class FrameWriter {
 public:
  enum class Kind { kFifo, kFile };
  // Throws std::runtime_error if the FIFO cannot be made, `path` exists
  // and is not a FIFO (kFifo), or the file cannot be created (kFile).
  FrameWriter(std::string path, Kind kind, std::size_t queue_frames = 4);
  ~FrameWriter();
  FrameWriter(const FrameWriter&) = delete;
  FrameWriter& operator=(const FrameWriter&) = delete;

  // Queues one 8-bit BGR frame captured at `captured_ns` (CLOCK_MONOTONIC).
  void Put(cv::Mat bgr, std::int64_t captured_ns, std::uint64_t index);
  FrameWriterStats Stats() const;
  const std::string& path() const { return path_; }

 private:
  struct Pending {
    cv::Mat image;
    std::int64_t captured_ns = 0;
    std::uint64_t index = 0;
  };
  void Run();
  bool Connect();
  bool WriteAll(const unsigned char* data, std::size_t n);
  void Disconnect();

  std::string path_;
  Kind kind_;
  std::size_t queue_frames_;
  int fd_ = -1;
  int wake_fd_ = -1;  // eventfd: wakes a write blocked on a full pipe at shutdown
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  FrameWriterStats stats_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace lockrig::lockdouble
