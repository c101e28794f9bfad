#include "rig/hardware/camera.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include <opencv2/videoio.hpp>

namespace lockrig::hardware {

namespace {

class V4l2Grabber final : public Grabber {
 public:
  explicit V4l2Grabber(V4l2Settings settings) : settings_(std::move(settings)) {}

  void Open() override {
    const std::string& d = settings_.device;
    const bool index = !d.empty() && std::isdigit(static_cast<unsigned char>(d[0])) &&
                       d.find_first_not_of("0123456789") == std::string::npos;
    const bool opened =
        index ? capture_.open(std::stoi(d), cv::CAP_V4L2) : capture_.open(d, cv::CAP_V4L2);
    if (!opened) throw std::runtime_error("cannot open camera " + d + " (V4L2)");
    // MJPG first: most USB cameras reach their full rate at 640x480 only
    // compressed. A camera without it keeps its own format.
    capture_.set(cv::CAP_PROP_FOURCC, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'));
    Require(cv::CAP_PROP_FRAME_WIDTH, settings_.width, "width");
    Require(cv::CAP_PROP_FRAME_HEIGHT, settings_.height, "height");
    capture_.set(cv::CAP_PROP_FPS, settings_.frames_per_second);
    // V4L2's exposure_auto menu: 1 is manual. The exposure is in the
    // driver's unit (exposure_time_absolute: 100 µs).
    if (settings_.exposure) {
      capture_.set(cv::CAP_PROP_AUTO_EXPOSURE, 1);
      Warn(cv::CAP_PROP_EXPOSURE, *settings_.exposure, "exposure");
    }
    if (settings_.white_balance) {
      capture_.set(cv::CAP_PROP_AUTO_WB, 0);
      Warn(cv::CAP_PROP_WB_TEMPERATURE, *settings_.white_balance, "white balance");
    }
    // One buffer queued in the driver: a frame is stamped as it arrives, not
    // after waiting behind older ones.
    capture_.set(cv::CAP_PROP_BUFFERSIZE, 1);
  }

  bool Read(cv::Mat& bgr, std::int64_t& arrived_ns) override {
    // The V4L2 backend waits in select() with a timeout, so a camera that
    // goes silent returns false here rather than blocking forever.
    if (!capture_.grab()) return false;
    arrived_ns = MonotonicNowNs();
    return capture_.retrieve(bgr) && !bgr.empty();
  }

  void Close() noexcept override {
    try {
      capture_.release();
    } catch (...) {
    }
  }

  std::string Describe() const override { return settings_.device; }

 private:
  void Require(int property, int value, const char* what) {
    capture_.set(property, value);
    const int got = static_cast<int>(capture_.get(property));
    if (got != value) {
      throw std::runtime_error("camera " + settings_.device + " refuses " + what + " " +
                               std::to_string(value) + " (gives " + std::to_string(got) + ")");
    }
  }
  void Warn(int property, double value, const char* what) {
    capture_.set(property, value);
    const double got = capture_.get(property);
    if (std::abs(got - value) > 0.5) {
      std::fprintf(stderr, "lockrig: camera %s: %s set to %g, reads back %g\n",
                   settings_.device.c_str(), what, value, got);
    }
  }

  V4l2Settings settings_;
  cv::VideoCapture capture_;
};

}  // namespace

std::unique_ptr<Grabber> MakeV4l2Grabber(V4l2Settings settings) {
  return std::make_unique<V4l2Grabber>(std::move(settings));
}

}  // namespace lockrig::hardware
