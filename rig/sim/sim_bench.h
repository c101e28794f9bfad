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
// Capabilities: "sim". Settings and faults (`sim:` steps): battery_volts,
// battery_ohms, jam, clutch, friction, door, pairing, key_contact, power_cut,
// handing_done; see ApplySimSettings.
//
// Frames: whole images by default; once the engine has asked for only the
// regions vision reads (RequestRegions), each frame holds just those,
// rendered on their own by the camera (byte-identical to the same crops of a
// whole frame), which is most of what lets a run go far faster than real
// time. LatestFullFrame still gives the whole image for snapshots and
// reports. The camera may drop frames (never delivered) and jitter their
// capture instants; both are seeded.
//
// Ground truth is not part of the Bench; tests that need it (to judge vision,
// or the board itself) use SimOracle (rig/sim/sim_oracle.h).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

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
  // by default) plus the camera's jitter for it, and shows the board's truth
  // at that instant; frames the camera drops are not delivered. A sense edge
  // is reported for every buzzer change (and bolt switch change, with
  // BoardOptions::bolt_switch). Both reach `sink` in time order (at equal
  // times, edges before the frame). An `until` in the past runs only what is
  // due now.
  void AdvanceTo(Timestamp until, ObservationSink& sink) override;

  // From now on frames hold only these regions (Frame::regions, image
  // empty); an empty list goes back to whole frames. Throws
  // std::invalid_argument for a region that is empty or not inside the
  // camera image.
  void RequestRegions(std::vector<cv::Rect> regions) override;

  // One `sim:` step. Keys and values (numbers as plain decimals):
  //   battery_volts   rest voltage of the pack, 0..12 ("4.3")
  //   battery_ohms    internal resistance of the pack, 0..100 ("3.0": a
  //                   dying pack that sags under the motor)
  //   jam             "true" | "false"   strike misaligned: the bolt stops part-way out
  //   clutch          "engaged" | "disengaged"   motor turns, bolt does not
  //   friction        multiplier on the mechanism's friction, > 0 .. 20 ("2.0")
  //   door            "right" | "left"   which motor polarity extends the bolt
  //   pairing         "complete"   the radio reports a completed pairing (halo)
  //   key_contact.key, key_contact.fail_rate   (together) a loose contact on
  //                   the button carrying KEY ("0".."9", "lock", "program"):
  //                   each later press of it fails with that probability,
  //                   0..1 (0 repairs it); see VirtualBoard::SetKeyContactFault
  //   power_cut.during "store_write", power_cut.after a duration or range
  //                   ("1ms", "0..2ms", "500us..1.5ms"; default 0..2ms):
  //                   the next store write the firmware starts is cut by a
  //                   supply loss at a seeded instant in that range after
  //                   its start; the supply returns 500 ms later and the
  //                   lock reboots
  //   handing_done    "false"   the store is rewritten with its handing flag
  //                   clear, codes kept ("handing never done"); the firmware
  //                   sees it at its next power-up. A new board's blank store
  //                   already means handing not done. ("true" is refused: no
  //                   fault to inject.)
  // The whole group is checked before any of it is applied; a setting it
  // does not know, a malformed value or an incomplete group throws
  // std::invalid_argument naming the key and the form expected. Everything
  // takes effect at Now().
  void ApplySimSettings(const SimSettings& settings) override;
  using Bench::ApplySimSetting;

  cv::Mat LatestFullFrame() override;
  std::vector<std::pair<std::string, bool>> RelayStates() const override;

  void EnterSafeState() noexcept override;

  const lockfw::Profile& profile() const { return *profile_; }

  // Where the bench's wall time went, for the speed benchmark: rendering
  // frames, and the sink's handling of them (vision, on the engine's path).
  // Everything else AdvanceTo spends is the board and firmware. Read from
  // the wall clock; it never influences the simulation.
  struct WallTime {
    std::chrono::nanoseconds render{0};
    std::chrono::nanoseconds sink{0};
    std::uint64_t frames = 0;
  };
  const WallTime& wall_time() const { return wall_time_; }

 private:
  friend class SimOracle;

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
  VirtualMicros max_jitter_us_ = 0;  // keeps jittered frames in order
  std::uint64_t next_frame_ = 0;

  // Reused from frame to frame, so that a frame costs no allocation beyond
  // the camera's.
  std::vector<cv::Rect> regions_;  // empty: whole frames
  Frame frame_;
  FaceTruth truth_;
  std::vector<LineEdge> edges_;
  // The latest frame delivered, for LatestFullFrame().
  bool have_frame_ = false;
  FaceTruth last_truth_;
  std::uint64_t last_index_ = 0;
  WallTime wall_time_;
};

}  // namespace lockrig::sim
