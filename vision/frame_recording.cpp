#include "vision/frame_recording.h"

#include <sstream>
#include <stdexcept>

namespace lockrig::vision {

std::string TimestampsPath(const std::string& video_path) {
  return video_path + ".timestamps";
}

FrameRecorder::FrameRecorder(const std::string& video_path, cv::Size frame_size,
                             double frames_per_second)
    : size_(frame_size) {
  // FFV1 first: lossless, so a replay gives vision the very pixels recorded.
  for (const char* codec : {"FFV1", "MJPG"}) {
    const int fourcc = cv::VideoWriter::fourcc(codec[0], codec[1], codec[2], codec[3]);
    if (writer_.open(video_path, cv::CAP_FFMPEG, fourcc, frames_per_second, frame_size, true)) {
      codec_ = codec;
      break;
    }
  }
  if (codec_.empty()) {
    throw std::runtime_error("FrameRecorder: cannot open a video writer for " + video_path);
  }
  sidecar_.open(TimestampsPath(video_path), std::ios::trunc);
  if (!sidecar_) {
    throw std::runtime_error("FrameRecorder: cannot write " + TimestampsPath(video_path));
  }
  sidecar_ << "# lockrig frame timestamps: index capture_us (codec " << codec_ << ")\n";
  open_ = true;
}

FrameRecorder::~FrameRecorder() {
  Close();
}

void FrameRecorder::Write(std::uint64_t index, std::int64_t captured_us, const cv::Mat& bgr) {
  if (!open_) throw std::logic_error("FrameRecorder::Write after Close");
  if (bgr.type() != CV_8UC3 || bgr.size() != size_) {
    throw std::invalid_argument("FrameRecorder::Write: frame of another size or type");
  }
  writer_.write(bgr);
  sidecar_ << index << ' ' << captured_us << '\n';
  ++written_;
}

void FrameRecorder::Close() {
  if (!open_) return;
  open_ = false;
  writer_.release();
  sidecar_.close();
}

RecordedFrames::RecordedFrames(const std::string& video_path) {
  std::ifstream sidecar(TimestampsPath(video_path));
  if (!sidecar)
    throw std::runtime_error("RecordedFrames: cannot read " + TimestampsPath(video_path));
  std::string line;
  int number = 0;
  while (std::getline(sidecar, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::uint64_t index = 0;
    std::int64_t captured_us = 0;
    std::string rest;
    if (!(fields >> index >> captured_us) || (fields >> rest)) {
      throw std::runtime_error("RecordedFrames: " + TimestampsPath(video_path) + ":" +
                               std::to_string(number) + ": expected \"index capture_us\"");
    }
    stamps_.emplace_back(index, captured_us);
  }
  if (!capture_.open(video_path, cv::CAP_FFMPEG)) {
    throw std::runtime_error("RecordedFrames: cannot open " + video_path);
  }
}

std::optional<RecordedFrame> RecordedFrames::Next() {
  if (next_ >= stamps_.size()) return std::nullopt;
  RecordedFrame frame;
  if (!capture_.read(frame.image) || frame.image.empty()) return std::nullopt;
  frame.index = stamps_[next_].first;
  frame.captured_us = stamps_[next_].second;
  ++next_;
  return frame;
}

}  // namespace lockrig::vision
