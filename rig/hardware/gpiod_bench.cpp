#include "rig/hardware/gpiod_bench.h"

#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "rig/hardware/camera.h"
#include "rig/hardware/frame_pipe.h"
#include "rig/hardware/gpiod_lines.h"
#include "vision/calibration.h"

namespace lockrig::hardware {

GpiodBench::GpiodBench(RigConfig rig, std::shared_ptr<GpioBackend> gpio,
                       std::unique_ptr<FrameSource> camera, GpiodBenchOptions options)
    : rig_(std::move(rig)),
      gpio_(std::move(gpio)),
      camera_(std::move(camera)),
      options_(std::move(options)),
      keypad_(rig_.keypad) {
  if (!gpio_ || !camera_)
    throw std::invalid_argument("hardware bench needs GPIO lines and a camera");
  if (!rig_.calibration.markers) face_ = rig_.calibration.face;
}

GpiodBench::~GpiodBench() {
  Deactivate();
}

void GpiodBench::Activate() {
  if (active()) return;
  try {
    if (camera_->SetsThePace()) {
      clock_ = std::make_unique<ReplayBenchClock>();
    } else {
      clock_ = std::make_unique<MonotonicBenchClock>();
    }
    last_delivered_ = Timestamp(0);
    if (clock_->PassesByItself()) {
      saved_timer_slack_ = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
      prctl(PR_SET_TIMERSLACK, 1, 0, 0, 0);
      if (options_.realtime_priority > 0) {
        int policy = 0;
        sched_param old{};
        pthread_getschedparam(pthread_self(), &policy, &old);
        sched_param rt{};
        rt.sched_priority = options_.realtime_priority;
        if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &rt) == 0) {
          saved_policy_ = std::make_pair(policy, old.sched_priority);
        } else {
          std::fprintf(stderr,
                       "lockrig: hardware bench: no real-time priority (needs CAP_SYS_NICE or an "
                       "rtprio limit); relay timing may suffer under load\n");
        }
      }
    }
    lines_ = std::make_unique<RigLines>(rig_, *gpio_, options_.consumer);
    camera_->Start(*clock_);
    camera_running_ = true;
    if (rig_.calibration.markers) {
      // The first frame that arrives; TakeUntil throws if none comes within
      // the camera's lost limit, so this cannot wait forever.
      const Duration period(static_cast<std::int64_t>(1e6 / rig_.camera.fps));
      while (pending_frames_.empty()) {
        clock_->SleepUntil(clock_->Now() + period);
        for (Frame& f : camera_->TakeUntil(clock_->Now())) pending_frames_.push_back(std::move(f));
      }
      auto face = vision::Calibrate(pending_frames_.front().image, rig_.calibration.leds);
      if (!face) {
        throw std::runtime_error(
            "calibration: fewer than two of the face plate's ArUco markers were found in the "
            "first frame from " +
            camera_->Describe() + " (check the camera's aim and focus)");
      }
      face_ = *face;
    }
  } catch (...) {
    Deactivate();
    throw;
  }
}

void GpiodBench::Deactivate() noexcept {
  EnterSafeState();
  if (camera_running_) {
    camera_->Stop();
    camera_running_ = false;
    const FrameSourceStats s = camera_->Stats();
    stats_.frames_dropped = s.dropped;
    if (s.dropped > 0 || stats_.frames_late > 0 || stats_.edges_late > 0) {
      std::fprintf(stderr,
                   "lockrig: hardware bench: %llu frames dropped by the capture queue, %llu "
                   "frames and %llu sense edges delivered late\n",
                   static_cast<unsigned long long>(s.dropped),
                   static_cast<unsigned long long>(stats_.frames_late),
                   static_cast<unsigned long long>(stats_.edges_late));
    }
  }
  lines_.reset();  // safe levels written again, then released
  if (saved_policy_) {
    sched_param old{};
    old.sched_priority = saved_policy_->second;
    pthread_setschedparam(pthread_self(), saved_policy_->first, &old);
    saved_policy_.reset();
  }
  if (saved_timer_slack_ > 0) {
    prctl(PR_SET_TIMERSLACK, saved_timer_slack_, 0, 0, 0);
    saved_timer_slack_ = -1;
  }
  if (rig_.calibration.markers) face_.reset();
  pending_frames_.clear();
  pending_edges_.clear();
}

void GpiodBench::RequireActive(const char* what) const {
  if (!active()) {
    throw std::logic_error(std::string("hardware bench is not active (") + what +
                           " before Activate or after Deactivate)");
  }
}

bool GpiodBench::Has(std::string_view capability) const {
  return capability == "hardware" || capability == "camera" ||
         (capability == "bolt_switch" && rig_.bolt_switch.has_value());
}

const vision::FaceLayout& GpiodBench::Face() const {
  if (!face_) RequireActive("Face with calibration by markers");
  return *face_;
}

Timestamp GpiodBench::Now() const {
  RequireActive("Now");
  return clock_->Now();
}

const BenchClock& GpiodBench::clock() const {
  RequireActive("clock");
  return *clock_;
}

Timestamp GpiodBench::SetRelay(std::string_view relay, bool energised) {
  bool known = false;
  for (const RelayWiring& r : rig_.relays) known = known || r.relay == relay;
  if (!known) {
    std::string names;
    for (const RelayWiring& r : rig_.relays) names += (names.empty() ? "" : ", ") + r.relay;
    throw std::invalid_argument("the hardware bench has no relay '" + std::string(relay) +
                                "' (it has: " + names + ")");
  }
  RequireActive("SetRelay");
  lines_->Set(relay, energised);
  // The line changed when the ioctl returned; the contact follows after
  // the relay's operate (or release) delay.
  return clock_->Now() + rig_.operate_delay;
}

void GpiodBench::AdvanceTo(Timestamp until, ObservationSink& sink) {
  RequireActive("AdvanceTo");
  for (;;) {
    if (options_.stop && options_.stop->load()) return;
    const Timestamp now = clock_->Now();
    Timestamp slice_end = until;
    if (clock_->PassesByItself()) {
      slice_end = until - now > options_.guard
                      ? std::min(until - options_.guard, now + options_.slice)
                      : until;
    }
    // Absolute: the last slice wakes at `until` itself, which is when the
    // engine's next relay action is due.
    clock_->SleepUntil(slice_end);
    Collect(std::max(slice_end, now), sink);
    if (slice_end >= until) return;
  }
}

void GpiodBench::Collect(Timestamp horizon, ObservationSink& sink) {
  for (Frame& f : camera_->TakeUntil(horizon)) pending_frames_.push_back(std::move(f));
  for (const SenseEdge& e : lines_->TakeEdges(*clock_)) pending_edges_.push_back(e);
  // Both queues are in time order; merge up to the horizon, edges first at
  // equal times.
  for (;;) {
    const bool frame_due = !pending_frames_.empty() && pending_frames_.front().captured <= horizon;
    const bool edge_due = !pending_edges_.empty() && pending_edges_.front().at <= horizon;
    if (!frame_due && !edge_due) break;
    const bool edge_first =
        edge_due && (!frame_due || pending_edges_.front().at <= pending_frames_.front().captured);
    if (edge_first) {
      SenseEdge edge = pending_edges_.front();
      pending_edges_.pop_front();
      if (edge.at < last_delivered_) {
        edge.at = last_delivered_;
        ++stats_.edges_late;
      }
      last_delivered_ = edge.at;
      ++stats_.edges_delivered;
      sink.OnSenseEdge(edge);
    } else {
      Frame frame = std::move(pending_frames_.front());
      pending_frames_.pop_front();
      if (frame.captured < last_delivered_) {
        frame.captured = last_delivered_;
        ++stats_.frames_late;
      }
      last_delivered_ = frame.captured;
      ++stats_.frames_delivered;
      sink.OnFrame(frame);
      recent_.push_back(std::move(frame));
      while (recent_.size() > std::max<std::size_t>(1, options_.kept_frames)) recent_.pop_front();
    }
  }
}

cv::Mat GpiodBench::LatestFullFrame() {
  if (recent_.empty()) return {};
  return recent_.back().image;
}

std::vector<Frame> GpiodBench::RecentFullFrames(std::size_t count) {
  const std::size_t n = std::min(count, recent_.size());
  return std::vector<Frame>(recent_.end() - static_cast<std::ptrdiff_t>(n), recent_.end());
}

std::vector<std::pair<std::string, bool>> GpiodBench::RelayStates() const {
  if (lines_) return lines_->States();
  std::vector<std::pair<std::string, bool>> states;
  for (const RelayWiring& r : rig_.relays) states.emplace_back(r.relay, false);
  return states;
}

void GpiodBench::ApplySimSettings(const SimSettings& settings) {
  throw std::invalid_argument("the hardware bench has no capability 'sim'; cannot apply '" +
                              (settings.empty() ? std::string("(none)") : settings.front().first) +
                              "'");
}

void GpiodBench::EnterSafeState() noexcept {
  if (lines_) lines_->AllSafe();
}

GpiodBenchStats GpiodBench::stats() const {
  GpiodBenchStats s = stats_;
  if (camera_running_) s.frames_dropped = camera_->Stats().dropped;
  return s;
}

std::unique_ptr<FrameSource> MakeFrameSource(const RigConfig& rig) {
  if (!rig.camera.replay.empty()) {
    return std::make_unique<ReplayCamera>(rig.camera.replay, rig.camera.fps, rig.camera.lost_after);
  }
  const CaptureSettings capture{rig.camera.fps, rig.camera.lost_after, rig.camera.queue};
  if (!rig.camera.pipe.empty()) {
    return std::make_unique<CaptureThreadCamera>(
        MakePipeGrabber({rig.camera.pipe, rig.camera.width, rig.camera.height}), capture);
  }
  V4l2Settings v4l2;
  v4l2.device = rig.camera.device;
  v4l2.width = rig.camera.width;
  v4l2.height = rig.camera.height;
  v4l2.frames_per_second = rig.camera.fps;
  v4l2.exposure = rig.camera.exposure;
  v4l2.white_balance = rig.camera.white_balance;
  return std::make_unique<CaptureThreadCamera>(MakeV4l2Grabber(v4l2), capture);
}

std::unique_ptr<GpiodBench> MakeHardwareBench(const RigConfig& rig,
                                              std::shared_ptr<GpioBackend> gpio,
                                              GpiodBenchOptions options) {
  auto bench =
      std::make_unique<GpiodBench>(rig, std::move(gpio), MakeFrameSource(rig), std::move(options));
  bench->Activate();
  return bench;
}

std::unique_ptr<GpiodBench> MakeHardwareBench(const std::string& rig_file,
                                              GpiodBenchOptions options) {
  return MakeHardwareBench(LoadRigFile(rig_file), std::make_shared<GpiodBackend>(),
                           std::move(options));
}

}  // namespace lockrig::hardware
