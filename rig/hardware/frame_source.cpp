#include "rig/hardware/frame_source.h"

#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace lockrig::hardware {

namespace {

Duration Period(double fps) {
  return Duration(static_cast<std::int64_t>(1e6 / fps));
}

std::string Ms(Duration d) {
  return std::to_string(d.count() / 1000) + " ms";
}

}  // namespace

CaptureThreadCamera::CaptureThreadCamera(std::unique_ptr<Grabber> grabber, CaptureSettings settings)
    : shared_(std::make_shared<Shared>()) {
  if (!(settings.frames_per_second > 0)) throw std::invalid_argument("camera fps must be > 0");
  if (settings.queue_frames == 0) throw std::invalid_argument("camera queue must hold a frame");
  description_ = grabber->Describe();
  shared_->grabber = std::move(grabber);
  shared_->settings = settings;
}

CaptureThreadCamera::~CaptureThreadCamera() {
  Stop();
}

std::string CaptureThreadCamera::Describe() const {
  return description_;
}

void CaptureThreadCamera::Start(const BenchClock& clock) {
  if (thread_.joinable()) throw std::logic_error("camera already started");
  shared_->grabber->Open();
  {
    std::lock_guard lock(shared_->mutex);
    shared_->clock = &clock;
    shared_->started = clock.Now();
    shared_->stop = false;
    shared_->done = false;
  }
  thread_ = std::thread(Run, shared_);
}

void CaptureThreadCamera::Run(std::shared_ptr<Shared> shared) {
  std::uint64_t index = 0;
  for (;;) {
    cv::Mat image;
    std::int64_t arrived_ns = 0;
    const bool ok = shared->grabber->Read(image, arrived_ns);
    std::lock_guard lock(shared->mutex);
    if (shared->stop) break;
    if (!ok || image.empty()) {
      const std::string why = shared->grabber->LastError();
      shared->error = "camera lost: reading " + shared->grabber->Describe() + " failed" +
                      (why.empty() ? "" : ": " + why);
      break;
    }
    Frame frame;
    frame.captured = shared->clock->FromMonotonicNs(arrived_ns);
    frame.index = index++;
    frame.image = std::move(image);
    shared->last_capture = frame.captured;
    shared->queue.push_back(std::move(frame));
    ++shared->stats.captured;
    if (shared->queue.size() > shared->settings.queue_frames) {
      shared->queue.pop_front();
      ++shared->stats.dropped;
    }
  }
  shared->grabber->Close();
  std::lock_guard lock(shared->mutex);
  shared->done = true;
  shared->done_cv.notify_all();
}

void CaptureThreadCamera::Stop() noexcept {
  if (!thread_.joinable()) return;
  std::unique_lock lock(shared_->mutex);
  shared_->stop = true;
  shared_->grabber->Interrupt();
  // A read normally returns within a frame period or the driver's timeout;
  // one that does not is left behind rather than hanging the run (it holds
  // only the shared state, never this object or the clock).
  const bool finished =
      shared_->done_cv.wait_for(lock, std::chrono::seconds(3), [&] { return shared_->done; });
  lock.unlock();
  if (finished) {
    thread_.join();
  } else {
    std::fprintf(stderr, "lockrig: camera %s did not stop within 3 s; left behind\n",
                 description_.c_str());
    thread_.detach();
  }
}

std::vector<Frame> CaptureThreadCamera::TakeUntil(Timestamp until) {
  std::lock_guard lock(shared_->mutex);
  if (!shared_->clock) throw std::logic_error("camera not started");
  if (!shared_->error.empty()) throw std::runtime_error(shared_->error);
  std::vector<Frame> frames;
  while (!shared_->queue.empty() && shared_->queue.front().captured <= until) {
    frames.push_back(std::move(shared_->queue.front()));
    shared_->queue.pop_front();
  }
  const Duration limit =
      Period(shared_->settings.frames_per_second) * shared_->settings.lost_after_periods;
  const Timestamp last = shared_->last_capture.value_or(shared_->started);
  const Timestamp now = shared_->clock->Now();
  if (now - last > limit) {
    shared_->error = "camera lost: no frame from " + description_ + " for " + Ms(now - last) +
                     " (limit " + Ms(limit) + ")";
    throw std::runtime_error(shared_->error);
  }
  return frames;
}

FrameSourceStats CaptureThreadCamera::Stats() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->stats;
}

ReplayCamera::ReplayCamera(std::string video_path, double frames_per_second, int lost_after_periods)
    : path_(std::move(video_path)),
      fps_(frames_per_second),
      lost_after_periods_(lost_after_periods) {
  if (!(fps_ > 0)) throw std::invalid_argument("replay fps must be > 0");
}

void ReplayCamera::Start(const BenchClock& /*clock*/) {
  frames_ = std::make_unique<vision::RecordedFrames>(path_);
  next_ = frames_->Next();
  if (!next_) throw std::runtime_error("replay recording " + path_ + " holds no frames");
  first_us_ = next_->captured_us;
  last_capture_.reset();
}

std::vector<Frame> ReplayCamera::TakeUntil(Timestamp until) {
  if (!frames_) throw std::logic_error("replay camera not started");
  std::vector<Frame> frames;
  while (next_ && Timestamp(next_->captured_us - first_us_) <= until) {
    Frame frame;
    frame.captured = Timestamp(next_->captured_us - first_us_);
    frame.index = next_->index;
    frame.image = std::move(next_->image);
    last_capture_ = frame.captured;
    ++stats_.captured;
    frames.push_back(std::move(frame));
    next_ = frames_->Next();
  }
  const Duration limit = Period(fps_) * lost_after_periods_;
  if (!next_ && last_capture_ && until - *last_capture_ > limit) {
    throw std::runtime_error("camera lost: replay recording " + path_ + " ended at " +
                             Ms(*last_capture_) + " of bench time");
  }
  return frames;
}

}  // namespace lockrig::hardware
