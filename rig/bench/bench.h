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

// A camera frame, timestamped at capture.
struct Frame {
  Timestamp captured{0};
  std::uint64_t index = 0;
  cv::Mat image;  // BGR, 8 bits per channel
};

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

  // A bench-specific setting or fault (`sim: {...}` steps); only benches with
  // capability "sim" accept them. Throws std::invalid_argument naming the
  // key for a setting it does not know or a value out of range.
  virtual void ApplySimSetting(std::string_view key, std::string_view value) = 0;

  // De-energises every relay. Must not throw; called on every exit path.
  virtual void EnterSafeState() noexcept = 0;
};

}  // namespace lockrig
