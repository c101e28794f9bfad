#include "rig/lockdouble/lock_double.h"

#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <ostream>
#include <stdexcept>

#include "firmware/core/profile.h"
#include "rig/hardware/bench_clock.h"
#include "rig/sim/face_truth.h"
#include "rig/sim/host_firmware_mcu.h"
#include "rig/sim/scheduler.h"
#include "rig/sim/seeded_random.h"
#include "rig/sim/virtual_board.h"
#include "rig/sim/virtual_camera.h"
#include "vision/face_layout.h"

namespace lockrig::lockdouble {

namespace {

using sim::VirtualMicros;

const lockfw::Profile& ProfileNamed(const std::string& name) {
  if (const lockfw::Profile* p = lockfw::FindProfile(name.c_str())) return *p;
  std::string known;
  std::uint8_t count = 0;
  const lockfw::Profile* all = lockfw::AllProfiles(&count);
  for (std::uint8_t i = 0; i < count; ++i) known += (i ? ", " : "") + std::string(all[i].name);
  throw std::invalid_argument("unknown lock profile '" + name + "' (known: " + known + ")");
}

KeypadKind KeypadOf(const lockfw::Profile& profile) {
  return profile.keypad == lockfw::KeypadKind::kPaired5 ? KeypadKind::kPaired5 : KeypadKind::kTen;
}

// The lock of `profile` must be the one the rig file is wired for.
const lockfw::Profile& Checked(const lockfw::Profile& profile, const hardware::RigConfig& rig) {
  if (KeypadOf(profile) != rig.keypad) {
    throw std::invalid_argument("lock profile '" + std::string(profile.name) + "' has a " +
                                (KeypadOf(profile) == KeypadKind::kPaired5 ? "paired5" : "ten") +
                                " keypad; " + rig.file + " is wired for " +
                                (rig.keypad == KeypadKind::kPaired5 ? "paired5" : "ten"));
  }
  if (profile.led_count != rig.calibration.leds) {
    throw std::invalid_argument("lock profile '" + std::string(profile.name) + "' has " +
                                std::to_string(profile.led_count) + " LED(s); " + rig.file +
                                " says calibration.leds: " + std::to_string(rig.calibration.leds));
  }
  if (!(rig.camera.fps > 0)) throw std::invalid_argument("the rig's camera fps must be > 0");
  return profile;
}

sim::CameraSettings CameraFor(const hardware::RigConfig& rig) {
  sim::CameraSettings camera;
  camera.size = cv::Size(rig.camera.width, rig.camera.height);
  camera.frames_per_second = rig.camera.fps;
  return camera;
}

void SleepUntilNs(std::int64_t ns) {
  const timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
  }
}

// SCHED_FIFO for the calling thread while it lives, and the timer slack
// at 1 ns, as the hardware bench's own thread (gpiod_bench.cpp).
class RealTime {
 public:
  explicit RealTime(int priority) {
    saved_slack_ = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
    prctl(PR_SET_TIMERSLACK, 1, 0, 0, 0);
    sched_param old{};
    pthread_getschedparam(pthread_self(), &saved_policy_, &old);
    saved_priority_ = old.sched_priority;
    sched_param rt{};
    rt.sched_priority = priority;
    granted_ = pthread_setschedparam(pthread_self(), SCHED_FIFO, &rt) == 0;
  }
  ~RealTime() {
    if (granted_) {
      sched_param old{};
      old.sched_priority = saved_priority_;
      pthread_setschedparam(pthread_self(), saved_policy_, &old);
    }
    if (saved_slack_ > 0) prctl(PR_SET_TIMERSLACK, saved_slack_, 0, 0, 0);
  }
  RealTime(const RealTime&) = delete;
  RealTime& operator=(const RealTime&) = delete;
  bool granted() const { return granted_; }

 private:
  int saved_slack_ = -1;
  int saved_policy_ = SCHED_OTHER;
  int saved_priority_ = 0;
  bool granted_ = false;
};

}  // namespace

struct LockDouble::Impl {
  Impl(const hardware::RigConfig& rig_config, LockWire& wire_in, FrameWriter& frames_in,
       LockDoubleOptions opts)
      : rig(rig_config),
        wire(wire_in),
        frames(frames_in),
        options(std::move(opts)),
        profile(Checked(ProfileNamed(options.profile), rig)),
        board(scheduler, KeypadOf(profile), profile.led_count, options.seed, BoardOptionsFor(rig)),
        mcu(profile, board),
        camera(CameraFor(rig), vision::DefaultFaceLayout(profile.led_count, CameraFor(rig).size),
               sim::SeededRandom::ForPart(options.seed, "camera").Next()) {
    board.Attach(mcu);
    frame_period_us = std::llround(1e6 / rig.camera.fps);
    max_jitter_us = frame_period_us / 3;
    if (wire.Relays().size() != board.RelayNames().size()) {
      throw std::invalid_argument("the rig file wires " + std::to_string(wire.Relays().size()) +
                                  " relays; the lock board has " +
                                  std::to_string(board.RelayNames().size()));
    }
  }

  static sim::BoardOptions BoardOptionsFor(const hardware::RigConfig& rig) {
    sim::BoardOptions o;
    o.bolt_switch = rig.bolt_switch.has_value();
    return o;
  }

  // As SimBench: nominal instant plus the camera's jitter, never reordered.
  VirtualMicros FrameTime(std::uint64_t index) const {
    const VirtualMicros nominal =
        std::llround(static_cast<double>(index) * 1e6 / camera.settings().frames_per_second);
    const VirtualMicros jitter =
        std::clamp<VirtualMicros>(camera.JitterUs(index), -max_jitter_us, max_jitter_us);
    return std::max<VirtualMicros>(0, nominal + jitter);
  }

  std::int64_t MonotonicNs(VirtualMicros at) const { return epoch_ns + at * 1000; }
  VirtualMicros VirtualNow() const { return (hardware::MonotonicNowNs() - epoch_ns) / 1000; }

  void Log(const std::string& line) {
    if (options.log) *options.log << line << std::endl;
  }

  // Board events up to `until`, each sense change written as it happens.
  void RunBoardUntil(VirtualMicros until) {
    while (scheduler.RunNext(until)) WriteSenseEdges();
    scheduler.RunUntil(until);
    WriteSenseEdges();
  }

  void WriteSenseEdges() {
    board.TakeLineEdges(edges);
    for (const sim::LineEdge& e : edges) {
      const SenseLine line =
          e.line == sim::BoardLine::kBuzzer ? SenseLine::kBuzzer : SenseLine::kBoltSwitch;
      wire.SetSense(line, e.on);
      if (line == SenseLine::kBuzzer)
        buzzer = e.on;
      else
        bolt_switch = e.on;
      std::lock_guard lock(stats_mutex);
      ++stats.sense_edges;
      if (options.log) {
        Log(std::to_string(e.at / 1000) + " ms: " +
            (line == SenseLine::kBuzzer ? "buzzer " : "bolt switch ") + (e.on ? "on" : "off"));
      }
    }
  }

  void RenderFrame(VirtualMicros at) {
    const auto start = std::chrono::steady_clock::now();
    sim::FillTruth(board, at, truth);
    frames.Put(camera.Render(truth, next_frame), MonotonicNs(at), next_frame);
    const auto spent = std::chrono::steady_clock::now() - start;
    std::lock_guard lock(stats_mutex);
    ++stats.frames_rendered;
    stats.render_time += std::chrono::duration_cast<Duration>(spent);
  }

  void ReadRelays(VirtualMicros now) {
    const std::vector<bool> energised = wire.Energised();
    const std::vector<std::string>& names = wire.Relays();
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (energised[i] == relays[i]) continue;
      relays[i] = energised[i];
      board.SetRelay(names[i], energised[i]);
      std::lock_guard lock(stats_mutex);
      ++stats.relay_changes;
      if (options.log) {
        Log(std::to_string(now / 1000) + " ms: relay " + names[i] +
            (energised[i] ? " energised" : " released"));
      }
    }
  }

  void Run(const std::atomic<bool>& stop, std::optional<Duration> length) {
    std::optional<RealTime> realtime;
    if (options.realtime_priority > 0) {
      realtime.emplace(options.realtime_priority);
      if (!realtime->granted() && options.log) {
        Log("no real-time priority (needs CAP_SYS_NICE or an rtprio limit); the lock's timing "
            "may suffer under load");
      }
    }
    epoch_ns = hardware::MonotonicNowNs();
    relays.assign(wire.Relays().size(), false);
    wire.SetSense(SenseLine::kBuzzer, false, true);
    wire.SetSense(SenseLine::kBoltSwitch, false, true);
    bool claimed = false;
    bool powered = false;
    auto power_up = [&](VirtualMicros now) {
      board.Start();
      powered = true;
      std::lock_guard lock(stats_mutex);
      stats.powered = true;
      if (options.log) Log(std::to_string(now / 1000) + " ms: battery connected, lock powers up");
    };
    if (!options.power_when_claimed) power_up(0);

    std::optional<VirtualMicros> power_at;
    VirtualMicros due = 0;  // what the loop last slept for
    VirtualMicros last_reassert = 0;
    constexpr VirtualMicros kReassertUs = 100'000;
    while (!stop.load()) {
      const VirtualMicros now = VirtualNow();
      {
        std::lock_guard lock(stats_mutex);
        stats.worst_lateness = std::max(stats.worst_lateness, Duration(now - due));
        stats.elapsed_s = static_cast<double>(now) / 1e6;
      }
      if (length && now >= length->count()) break;
      // Frames first, each showing the board at its own instant.
      for (VirtualMicros at = FrameTime(next_frame); at <= now; at = FrameTime(next_frame)) {
        RunBoardUntil(at);
        if (now - at > 2 * frame_period_us) {
          std::lock_guard lock(stats_mutex);
          ++stats.frames_skipped;
        } else if (!camera.Dropped(next_frame)) {
          RenderFrame(at);
        }
        ++next_frame;
      }
      RunBoardUntil(now);

      const bool claimed_now = wire.Claimed();
      if (claimed_now && !claimed) {
        if (options.log) Log(std::to_string(now / 1000) + " ms: the rig claimed its lines");
        if (!powered && !power_at) power_at = now + options.power_delay.count();
      }
      if (!powered && power_at && now >= *power_at) power_up(now);
      // A rig requests its sense lines with a bias, which on gpio-sim moves
      // them (the last pull wins), perhaps just after it claimed the relay
      // lines: put them back where the lock has them, now and then. Writing
      // the level a line already has makes no edge.
      if (claimed_now && (!claimed || now - last_reassert >= kReassertUs)) {
        wire.SetSense(SenseLine::kBuzzer, buzzer, true);
        wire.SetSense(SenseLine::kBoltSwitch, bolt_switch, true);
        last_reassert = now;
      }
      claimed = claimed_now;
      if (powered) {
        ReadRelays(now);
        RunBoardUntil(now);  // what the relay commands settle at this instant
      }

      due = std::min(now + options.poll.count(), FrameTime(next_frame));
      if (!powered && power_at) due = std::min(due, *power_at);
      if (const auto next_event = scheduler.NextEventTime()) due = std::min(due, *next_event);
      due = std::max(due, now);
      SleepUntilNs(MonotonicNs(due));
    }
  }

  hardware::RigConfig rig;
  LockWire& wire;
  FrameWriter& frames;
  LockDoubleOptions options;
  const lockfw::Profile& profile;
  sim::Scheduler scheduler;
  sim::VirtualBoard board;
  sim::HostFirmwareMcu mcu;
  sim::VirtualCamera camera;
  VirtualMicros frame_period_us = 0;
  VirtualMicros max_jitter_us = 0;
  std::int64_t epoch_ns = 0;
  std::uint64_t next_frame = 0;
  std::vector<bool> relays;
  bool buzzer = false;
  bool bolt_switch = false;
  std::vector<sim::LineEdge> edges;
  sim::FaceTruth truth;
  mutable std::mutex stats_mutex;
  LockDoubleStats stats;
  bool ran = false;
};

LockDouble::LockDouble(const hardware::RigConfig& rig, LockWire& wire, FrameWriter& frames,
                       LockDoubleOptions options)
    : impl_(std::make_unique<Impl>(rig, wire, frames, std::move(options))) {}

LockDouble::~LockDouble() = default;

void LockDouble::Run(const std::atomic<bool>& stop, std::optional<Duration> length) {
  if (impl_->ran) throw std::logic_error("LockDouble::Run called twice");
  impl_->ran = true;
  impl_->Run(stop, length);
}

LockDoubleStats LockDouble::Stats() const {
  std::lock_guard lock(impl_->stats_mutex);
  return impl_->stats;
}

}  // namespace lockrig::lockdouble
