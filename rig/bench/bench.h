// The bench: what the scenario engine acts on and observes through. Two
// implementations exist, the simulated bench (rig/sim) and the hardware bench
// (rig/hardware), and the engine cannot tell them apart: it energises named
// relays, lets time pass, and receives what a camera and sense lines show.
// It never sees firmware state.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "rig/bench/keypad_layout.h"
#include "vision/face_layout.h"

namespace lockrig {

// All bench times are microseconds since the bench's epoch (power-on of the
// simulated board; start of the run on hardware).
using Duration = std::chrono::microseconds;
using Timestamp = std::chrono::microseconds;

// A camera frame, timestamped at capture. A bench asked for regions only
// (Bench::RequestRegions) may deliver just those crops instead of the whole
// image; they are the same pixels the whole image would hold there.
struct Frame {
  Timestamp captured{0};
  std::uint64_t index = 0;
  cv::Mat image;  // BGR, 8 bits per channel; empty when only regions are delivered
  std::vector<std::pair<cv::Rect, cv::Mat>> regions;

  // The pixels of `region`: a crop of the image, or the delivered region.
  // An empty Mat if this frame holds neither.
  cv::Mat Region(const cv::Rect& region) const {
    if (!image.empty()) return image(region);
    for (const auto& [rect, pixels] : regions) {
      if (rect == region) return pixels;
    }
    return {};
  }
};

// One `sim:` step's settings, flattened: nested maps become dotted keys
// ("key_contact.key" = "5", "key_contact.fail_rate" = "0.3").
using SimSettings = std::vector<std::pair<std::string, std::string>>;

enum class SenseLine { kBuzzer, kBoltSwitch };

// An edge on a sense input: the buzzer sounding, or the optional bolt switch.
struct SenseEdge {
  Timestamp at{0};
  SenseLine line = SenseLine::kBuzzer;
  bool active = false;
};

// Receives what the bench observed while time passed, in time order.
class ObservationSink {
 public:
  virtual ~ObservationSink() = default;
  virtual void OnFrame(const Frame& frame) = 0;
  virtual void OnSenseEdge(const SenseEdge& edge) = 0;
};

// How long a momentary press closes a key relay, and the gap after it.
struct PressTiming {
  Duration press = std::chrono::milliseconds(150);
  Duration gap = std::chrono::milliseconds(250);
  // A `power: off` step keeps the battery disconnected at least this long
  // before the next step runs. The spec's own sequences go straight from
  // `power: off` through `hold:` to `power: on` (LB-RESET-1, LB-RESET-8), and
  // only an interruption of >= 200 ms is sure to end in a complete boot
  // (LB-POWER-6); without the dwell such a cut would last a relay's operate
  // time and the lock's supply capacitor would ride through it.
  Duration power_off = std::chrono::milliseconds(250);
};

class Bench {
 public:
  virtual ~Bench() = default;

  // "sim" or "hardware"; shown in results.
  virtual std::string Kind() const = 0;
  // Capabilities a scenario may require (`requires: [sim]`).
  virtual bool Has(std::string_view capability) const = 0;
  virtual const KeypadLayout& Keypad() const = 0;
  virtual PressTiming Timing() const = 0;
  // Where the LEDs and the bolt are in the camera image (calibration).
  virtual const vision::FaceLayout& Face() const = 0;
  // Seed of the simulated bench's random sources (0 on hardware).
  virtual std::uint64_t Seed() const = 0;
  // Which firmware build the bench runs, for every result.
  virtual std::string FirmwareBuild() const = 0;

  virtual Timestamp Now() const = 0;

  // Energises or de-energises a relay by name (`key_1_2`, `key_lock`,
  // `program`, `battery`, see KeypadLayout). De-energised is every relay's
  // safe state: keys open, battery connected (its relay is normally closed,
  // so energising `battery` cuts the power). Returns the bench's estimate of
  // the instant the contact changes (command time plus operate delay), the
  // trigger edge expectations count from. Throws std::invalid_argument for a
  // relay the bench does not have.
  virtual Timestamp SetRelay(std::string_view relay, bool energised) = 0;

  // Lets time pass until `until`, handing every frame and sense edge seen on
  // the way to `sink` in time order. On the simulated bench this is virtual
  // time and runs as fast as the CPU allows.
  virtual void AdvanceTo(Timestamp until, ObservationSink& sink) = 0;

  // The camera frames' consumer reads only these regions (vision's
  // FaceReader::RegionsRead). A bench may then deliver frames holding only
  // them, which is what lets the simulated bench run far faster than real
  // time; a hardware bench delivers whole frames regardless. Empty: whole
  // frames.
  virtual void RequestRegions(std::vector<cv::Rect> regions) { (void)regions; }

  // The whole image of the most recent frame (for snapshots and reports),
  // even when frames are delivered as regions. Empty before the first frame.
  virtual cv::Mat LatestFullFrame() = 0;

  // Up to `count` of the most recent frames as whole images, oldest first,
  // kept with a failure so a person can see what the camera saw. By default
  // only the latest.
  virtual std::vector<Frame> RecentFullFrames(std::size_t count) {
    std::vector<Frame> frames;
    if (count == 0) return frames;
    Frame f;
    f.captured = Now();
    f.image = LatestFullFrame();
    if (!f.image.empty()) frames.push_back(std::move(f));
    return frames;
  }

  // The state of every relay as the bench last commanded it (true =
  // energised), for the record that a run ended in the safe state.
  virtual std::vector<std::pair<std::string, bool>> RelayStates() const = 0;

  // A bench-specific setting or fault (one `sim: {...}` step, applied as one
  // group so that map-valued faults arrive whole); only benches with
  // capability "sim" accept them. Throws std::invalid_argument naming the
  // key for a setting it does not know or a value out of range, before
  // applying any of the group.
  virtual void ApplySimSettings(const SimSettings& settings) = 0;

  // Convenience for a single setting.
  void ApplySimSetting(std::string_view key, std::string_view value) {
    ApplySimSettings({{std::string(key), std::string(value)}});
  }

  // De-energises every relay. Must not throw; called on every exit path.
  virtual void EnterSafeState() noexcept = 0;
};

}  // namespace lockrig
