#include "rig/hardware/frame_pipe.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace lockrig::hardware {

void EncodeFrameHeader(const FrameHeader& header, unsigned char (&out)[kFrameHeaderBytes]) {
  std::memcpy(out, kFrameMagic, 8);
  std::memcpy(out + 8, &header.width, 4);
  std::memcpy(out + 12, &header.height, 4);
  std::memcpy(out + 16, &header.captured_ns, 8);
  std::memcpy(out + 24, &header.index, 8);
}

FrameHeader DecodeFrameHeader(const unsigned char (&bytes)[kFrameHeaderBytes]) {
  FrameHeader header;
  std::memcpy(&header.width, bytes + 8, 4);
  std::memcpy(&header.height, bytes + 12, 4);
  std::memcpy(&header.captured_ns, bytes + 16, 8);
  std::memcpy(&header.index, bytes + 24, 8);
  return header;
}

namespace {

// A file descriptor owned by one object.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { Reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void Reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

class PipeGrabber final : public Grabber {
 public:
  explicit PipeGrabber(PipeCameraSettings settings)
      : settings_(std::move(settings)), wake_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (wake_.get() < 0) throw std::runtime_error("frame pipe: eventfd: " + Errno());
  }

  void Open() override {
    struct stat st {};
    if (::stat(settings_.path.c_str(), &st) != 0) {
      throw std::runtime_error("cannot open camera pipe " + settings_.path + ": " + Errno() +
                               " (the frame writer, e.g. lockrig-lock-double, makes it)");
    }
    // Non-blocking: opening a FIFO for reading must not wait for a writer,
    // and reads wait in poll() where Interrupt can wake them.
    fd_.Reset(::open(settings_.path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    if (fd_.get() < 0)
      throw std::runtime_error("cannot open camera pipe " + settings_.path + ": " + Errno());
    interrupted_ = false;
    if (S_ISREG(st.st_mode)) SkipToLastWholeFrame(st.st_size);
  }

  bool Read(cv::Mat& bgr, std::int64_t& arrived_ns) override {
    error_.clear();
    unsigned char header_bytes[kFrameHeaderBytes];
    if (!ReadHeader(header_bytes)) return false;
    const FrameHeader header = DecodeFrameHeader(header_bytes);
    if (header.width != static_cast<std::uint32_t>(settings_.width) ||
        header.height != static_cast<std::uint32_t>(settings_.height)) {
      error_ = "frame " + std::to_string(header.index) + " is " + std::to_string(header.width) +
               "x" + std::to_string(header.height) + ", the rig file's camera is " +
               std::to_string(settings_.width) + "x" + std::to_string(settings_.height);
      return false;
    }
    cv::Mat image(settings_.height, settings_.width, CV_8UC3);
    if (!ReadFully(image.data, header.PixelBytes())) return false;
    bgr = std::move(image);
    arrived_ns = header.captured_ns;
    return true;
  }

  void Close() noexcept override { fd_.Reset(); }

  void Interrupt() noexcept override {
    const std::uint64_t one = 1;
    (void)!::write(wake_.get(), &one, sizeof one);
  }

  std::string Describe() const override { return "camera pipe " + settings_.path; }
  std::string LastError() const override { return error_; }

 private:
  static std::string Errno() { return std::strerror(errno); }

  // The header's 32 bytes, found by its magic: on a stream joined
  // mid-frame, everything before the next magic is skipped.
  bool ReadHeader(unsigned char (&out)[kFrameHeaderBytes]) {
    std::size_t matched = 0;
    while (matched < sizeof kFrameMagic) {
      unsigned char c = 0;
      if (!ReadFully(&c, 1)) return false;
      if (c == static_cast<unsigned char>(kFrameMagic[matched])) {
        ++matched;
      } else {
        matched = c == static_cast<unsigned char>(kFrameMagic[0]) ? 1 : 0;
      }
    }
    std::memcpy(out, kFrameMagic, sizeof kFrameMagic);
    return ReadFully(out + sizeof kFrameMagic, kFrameHeaderBytes - sizeof kFrameMagic);
  }

  // Exactly `n` bytes. Waits for a writer that has none to give yet (an
  // empty FIFO, the end of a growing file, a FIFO with no writer) until
  // they come or Interrupt is called. False on interrupt or a read error.
  bool ReadFully(unsigned char* data, std::size_t n) {
    while (n > 0) {
      if (interrupted_) return false;
      const ssize_t got = ::read(fd_.get(), data, n);
      if (got > 0) {
        data += got;
        n -= static_cast<std::size_t>(got);
        continue;
      }
      if (got < 0 && errno == EINTR) continue;
      if (got < 0 && errno != EAGAIN) {
        error_ = "read: " + Errno();
        return false;
      }
      // got == 0 is the end of the file, or a FIFO whose writer is not
      // (or no longer) there: poll() would report that at once, so look
      // again a little later. EAGAIN: a writer is there, with nothing yet.
      pollfd fds[2] = {{fd_.get(), POLLIN, 0}, {wake_.get(), POLLIN, 0}};
      const int timeout_ms = got == 0 ? 2 : 100;
      if (::poll(got == 0 ? fds + 1 : fds, got == 0 ? 1 : 2, timeout_ms) < 0 && errno != EINTR) {
        error_ = "poll: " + Errno();
        return false;
      }
      std::uint64_t count = 0;
      if (::read(wake_.get(), &count, sizeof count) == static_cast<ssize_t>(sizeof count)) {
        interrupted_ = true;
      }
    }
    return true;
  }

  void SkipToLastWholeFrame(off_t size) {
    unsigned char bytes[kFrameHeaderBytes];
    if (size < static_cast<off_t>(kFrameHeaderBytes) ||
        ::pread(fd_.get(), bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes) ||
        std::memcmp(bytes, kFrameMagic, sizeof kFrameMagic) != 0) {
      return;  // empty, or not frames: read from the start (and resync)
    }
    const off_t frame =
        static_cast<off_t>(kFrameHeaderBytes + DecodeFrameHeader(bytes).PixelBytes());
    const off_t whole = size / frame;
    if (whole > 1) ::lseek(fd_.get(), (whole - 1) * frame, SEEK_SET);
  }

  PipeCameraSettings settings_;
  Fd fd_;
  Fd wake_;  // Interrupt's eventfd; lives as long as the grabber
  bool interrupted_ = false;
  std::string error_;
};

}  // namespace

std::unique_ptr<Grabber> MakePipeGrabber(PipeCameraSettings settings) {
  return std::make_unique<PipeGrabber>(std::move(settings));
}

}  // namespace lockrig::hardware
