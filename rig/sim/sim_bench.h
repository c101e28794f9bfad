// The simulated bench: the Bench the scenario engine drives when no hardware
// is attached. It is a new virtual lock board running the real firmware
// (compiled for the host) for one model profile, seen through a virtual
// camera, all in virtual time: AdvanceTo runs as fast as the CPU allows and
// the same seed gives the same frames and edges, byte for byte.
//
// State at construction, per the scenario format's "Bench state at start":
// blank store, fresh 6.4 V battery connected, every relay released, bolt
// retracted, and the lock powered at virtual time 0, so that it boots and (on
// profiles that have one) runs its automatic handing cycle by itself as time
// is advanced.
//
// Capabilities: "sim". Settings (`sim:` steps): battery_volts, battery_ohms,
// jam, clutch, friction, door, pairing; see ApplySimSetting.
//
// Ground truth is not part of the Bench; tests that need it (to judge vision,
// or the board itself) use SimOracle (rig/sim/sim_oracle.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "firmware/core/profile.h"
#include "rig/bench/bench.h"
#include "rig/bench/keypad_layout.h"
#include "rig/sim/host_firmware_mcu.h"
#include "rig/sim/scheduler.h"
#include "rig/sim/virtual_board.h"
#include "rig/sim/virtual_camera.h"

namespace lockrig::sim {

struct SimBenchOptions {
  std::string profile = "smartcode";  // a lockfw profile name (scenario `profile:`)
  std::uint64_t seed = 1;             // every random source of the bench derives from it
  CameraSettings camera;              // resolution, frame rate, noise
  BoardOptions board;                 // physics: battery, mechanism, relays, supervisor
};

class SimBench final : public Bench {
 public:
  // Throws std::invalid_argument for an unknown profile or a frame rate that
  // is not positive.
  explicit SimBench(SimBenchOptions options = {});
  ~SimBench() override;

  std::string Kind() const override { return "sim"; }
  bool Has(std::string_view capability) const override { return capability == "sim"; }
  const KeypadLayout& Keypad() const override { return keypad_; }
  PressTiming Timing() const override { return PressTiming{}; }
  const vision::FaceLayout& Face() const override { return camera_.layout(); }
  std::uint64_t Seed() const override { return options_.seed; }
  std::string FirmwareBuild() const override;

  Timestamp Now() const override { return Timestamp(scheduler_.Now()); }

  // Relays: the keypad's key relays (KeypadLayout::RelayFor), `key_lock`,
  // `program` and `battery`. Returns the instant the contact first changes.
  Timestamp SetRelay(std::string_view relay, bool energised) override;

  // Runs the board to `until`. Frame n is captured at n / fps seconds (30 fps
  // by default) and shows the board's truth at that instant; a buzzer sense
  // edge is reported for every buzzer change. Both reach `sink` in time order
  // (at equal times, edges before the frame). An `until` in the past runs
  // only what is due now.
  void AdvanceTo(Timestamp until, ObservationSink& sink) override;

  // Keys and values:
  //   battery_volts  rest voltage of the pack, 0..12 ("4.3")
  //   battery_ohms   internal resistance of the pack, 0..100 ("3.0": dying)
  //   jam            "true" | "false"   strike misaligned: the bolt stops part-way out
  //   clutch         "engaged" | "disengaged"   motor turns, bolt does not
  //   friction       multiplier on the mechanism's friction, > 0 .. 20 ("2.0")
  //   door           "right" | "left"   which motor polarity extends the bolt
  //   pairing        "complete"   the radio reports a completed pairing (halo)
  // Each takes effect at Now(). Anything else throws std::invalid_argument.
  void ApplySimSettings(const SimSettings& settings) override;
  using Bench::ApplySimSetting;

  cv::Mat LatestFullFrame() override;
  std::vector<std::pair<std::string, bool>> RelayStates() const override;

  void EnterSafeState() noexcept override;

  const lockfw::Profile& profile() const { return *profile_; }

 private:
  friend class SimOracle;

  void ApplyOne(std::string_view key, std::string_view value);

  FaceTruth last_truth_;  // of the latest frame, for LatestFullFrame()

  VirtualMicros FrameTime(std::uint64_t index) const;
  void Flush(ObservationSink& sink);
  void EmitFrame(VirtualMicros at, ObservationSink& sink);

  SimBenchOptions options_;
  const lockfw::Profile* profile_;
  KeypadLayout keypad_;
  Scheduler scheduler_;
  VirtualBoard board_;
  HostFirmwareMcu mcu_;
  VirtualCamera camera_;
  std::uint64_t next_frame_ = 0;
};

}  // namespace lockrig::sim
