#include "rig/lockdouble/frame_writer.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "rig/hardware/frame_pipe.h"

namespace lockrig::lockdouble {

namespace {

std::string Errno() {
  return std::strerror(errno);
}

}  // namespace

FrameWriter::FrameWriter(std::string path, Kind kind, std::size_t queue_frames)
    : path_(std::move(path)), kind_(kind), queue_frames_(queue_frames == 0 ? 1 : queue_frames) {
  if (kind_ == Kind::kFifo) {
    struct stat st {};
    if (::stat(path_.c_str(), &st) == 0) {
      if (!S_ISFIFO(st.st_mode)) {
        throw std::runtime_error("frames: " + path_ + " exists and is not a FIFO");
      }
    } else if (::mkfifo(path_.c_str(), 0600) != 0) {
      throw std::runtime_error("frames: cannot make the FIFO " + path_ + ": " + Errno());
    }
  } else {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error("frames: cannot create " + path_ + ": " + Errno());
  }
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) {
    if (fd_ >= 0) ::close(fd_);
    throw std::runtime_error("frames: eventfd: " + Errno());
  }
  thread_ = std::thread([this] { Run(); });
}

FrameWriter::~FrameWriter() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  const std::uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
  thread_.join();
  if (fd_ >= 0) ::close(fd_);
  ::close(wake_fd_);
}

void FrameWriter::Put(cv::Mat bgr, std::int64_t captured_ns, std::uint64_t index) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({std::move(bgr), captured_ns, index});
    while (queue_.size() > queue_frames_) {
      queue_.pop_front();
      ++stats_.dropped;
    }
  }
  cv_.notify_one();
}

FrameWriterStats FrameWriter::Stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void FrameWriter::Run() {
  // A reader that goes away must not kill the process: on this thread a
  // write to a FIFO without a reader fails with EPIPE instead of SIGPIPE.
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);

  for (;;) {
    Pending frame;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      frame = std::move(queue_.front());
      queue_.pop_front();
    }
    if (!Connect()) {
      std::lock_guard lock(mutex_);
      ++stats_.unread;
      continue;
    }
    hardware::FrameHeader header;
    header.width = static_cast<std::uint32_t>(frame.image.cols);
    header.height = static_cast<std::uint32_t>(frame.image.rows);
    header.captured_ns = frame.captured_ns;
    header.index = frame.index;
    unsigned char bytes[hardware::kFrameHeaderBytes];
    hardware::EncodeFrameHeader(header, bytes);
    const cv::Mat pixels = frame.image.isContinuous() ? frame.image : frame.image.clone();
    const bool ok = WriteAll(bytes, sizeof bytes) && WriteAll(pixels.data, header.PixelBytes());
    std::lock_guard lock(mutex_);
    if (ok) {
      ++stats_.written;
    } else {
      ++stats_.unread;
    }
    if (stop_) return;
  }
}

bool FrameWriter::Connect() {
  if (fd_ >= 0) return true;
  if (kind_ == Kind::kFile) return false;
  // Non-blocking: fails with ENXIO at once while nobody reads.
  fd_ = ::open(path_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) return false;
  // A whole frame in the pipe if the system allows (1 MiB is the default
  // limit for an unprivileged process); the default 64 KiB works too.
  (void)::fcntl(fd_, F_SETPIPE_SZ, 1 << 20);
  std::lock_guard lock(mutex_);
  ++stats_.readers;
  return true;
}

bool FrameWriter::WriteAll(const unsigned char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t put = ::write(fd_, data, n);
    if (put > 0) {
      data += put;
      n -= static_cast<std::size_t>(put);
      continue;
    }
    if (put < 0 && errno == EINTR) continue;
    if (put < 0 && errno == EAGAIN) {
      pollfd fds[2] = {{fd_, POLLOUT, 0}, {wake_fd_, POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0 && errno != EINTR) break;
      if (fds[1].revents & POLLIN) return false;  // shutting down
      continue;
    }
    break;  // EPIPE (the reader left) or another error
  }
  if (n == 0) return true;
  if (errno == EPIPE) {
    // Take the SIGPIPE this thread blocked, so it is not left pending.
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    const timespec zero{0, 0};
    sigtimedwait(&pipe_signal, nullptr, &zero);
  }
  Disconnect();
  return false;
}

void FrameWriter::Disconnect() {
  // A file stays open: a failed write there is counted, not retried.
  if (fd_ >= 0 && kind_ == Kind::kFifo) {
    ::close(fd_);
    fd_ = -1;
  }
}

}  // namespace lockrig::lockdouble
