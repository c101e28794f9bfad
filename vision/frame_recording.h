// Recording camera frames, and reading them back: the simulated bench writes
// what its camera rendered, and the hardware bench's replay camera stands a
// recording in for the real camera, so vision can be debugged off the bench.
//
// A recording is two files: the video (FFV1 in the file's container when
// FFmpeg offers it, which is lossless, else MJPG) and a text sidecar beside
// it, TimestampsPath(video), with one line per frame: the camera's frame index
// and its capture time in microseconds. Frame indices may skip (dropped
// frames); capture times carry any jitter. Lines starting with '#' are
// comments.
#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/core/mat.hpp>
#include <opencv2/videoio.hpp>

namespace lockrig::vision {

struct RecordedFrame {
  std::uint64_t index = 0;       // the camera's frame index
  std::int64_t captured_us = 0;  // capture time, microseconds
  cv::Mat image;                 // 8-bit BGR
};

// The sidecar of `video_path`: the same path with ".timestamps" appended.
std::string TimestampsPath(const std::string& video_path);

class FrameRecorder {
 public:
  // Creates `video_path` (and its sidecar) for frames of `frame_size` at a
  // nominal `frames_per_second`. Throws std::runtime_error if neither codec
  // can be opened or the sidecar cannot be written.
  FrameRecorder(const std::string& video_path, cv::Size frame_size, double frames_per_second);
  ~FrameRecorder();
  FrameRecorder(const FrameRecorder&) = delete;
  FrameRecorder& operator=(const FrameRecorder&) = delete;

  // Appends one frame (8-bit BGR of the recorder's size). Throws
  // std::invalid_argument for another size or type, std::logic_error after
  // Close().
  void Write(std::uint64_t index, std::int64_t captured_us, const cv::Mat& bgr);
  // Finishes both files; the destructor does it too.
  void Close();

  // "FFV1" or "MJPG".
  const std::string& codec() const { return codec_; }
  std::size_t frames_written() const { return written_; }

 private:
  cv::VideoWriter writer_;
  std::ofstream sidecar_;
  cv::Size size_;
  std::string codec_;
  std::size_t written_ = 0;
  bool open_ = false;
};

class RecordedFrames {
 public:
  // Opens a recording. Throws std::runtime_error if the video or its sidecar
  // cannot be read or the sidecar is malformed.
  explicit RecordedFrames(const std::string& video_path);

  // The next frame, or none at the end (of the video or of the sidecar,
  // whichever comes first).
  std::optional<RecordedFrame> Next();
  // Frames the sidecar lists.
  std::size_t size() const { return stamps_.size(); }

 private:
  cv::VideoCapture capture_;
  std::vector<std::pair<std::uint64_t, std::int64_t>> stamps_;
  std::size_t next_ = 0;
};

}  // namespace lockrig::vision
