#include "rig/sim/sim_bench.h"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "firmware/targets/sim/host_firmware.h"
#include "rig/sim/face_truth.h"
#include "rig/sim/seeded_random.h"
#include "vision/face_layout.h"

namespace lockrig::sim {
namespace {

const lockfw::Profile& ProfileNamed(const std::string& name) {
  const lockfw::Profile* profile = lockfw::FindProfile(name.c_str());
  if (profile == nullptr) {
    std::string known;
    std::uint8_t count = 0;
    const lockfw::Profile* all = lockfw::AllProfiles(&count);
    for (std::uint8_t i = 0; i < count; ++i) known += (i ? ", " : "") + std::string(all[i].name);
    throw std::invalid_argument("unknown lock profile '" + name + "' (known: " + known + ")");
  }
  return *profile;
}

KeypadKind KeypadOf(const lockfw::Profile& profile) {
  return profile.keypad == lockfw::KeypadKind::kPaired5 ? KeypadKind::kPaired5 : KeypadKind::kTen;
}

CameraSettings Checked(CameraSettings camera) {
  if (!(camera.frames_per_second > 0.0)) {
    throw std::invalid_argument("simulated camera needs a positive frame rate");
  }
  return camera;
}

[[noreturn]] void BadValue(std::string_view key, std::string_view expected,
                           std::string_view value) {
  throw std::invalid_argument("sim setting '" + std::string(key) + "' needs " +
                              std::string(expected) + ", got \"" + std::string(value) + "\"");
}

double NumberIn(std::string_view key, std::string_view value, double low, double high,
                bool low_inclusive, std::string_view expected) {
  double number = 0.0;
  const char* end = value.data() + value.size();
  const auto [stop, error] = std::from_chars(value.data(), end, number);
  const bool above_low = low_inclusive ? number >= low : number > low;
  if (value.empty() || error != std::errc{} || stop != end || !std::isfinite(number) ||
      !above_low || number > high) {
    BadValue(key, expected, value);
  }
  return number;
}

bool Choice(std::string_view key, std::string_view value, std::string_view yes,
            std::string_view no) {
  if (value == yes) return true;
  if (value == no) return false;
  // Built by appending: GCC 12 at -O3 misreports "literal" + std::string
  // as an overlapping copy (-Wrestrict).
  std::string expected;
  expected.append("\"").append(yes).append("\" or \"").append(no).append("\"");
  BadValue(key, expected, value);
}

}  // namespace

SimBench::SimBench(SimBenchOptions options)
    : options_(std::move(options)),
      profile_(&ProfileNamed(options_.profile)),
      keypad_(KeypadOf(*profile_)),
      board_(scheduler_, KeypadOf(*profile_), profile_->led_count, options_.seed, options_.board),
      mcu_(*profile_, board_),
      camera_(Checked(options_.camera),
              vision::DefaultFaceLayout(profile_->led_count, options_.camera.size),
              SeededRandom::ForPart(options_.seed, "camera").Next()) {
  board_.Attach(mcu_);
  // The battery meets the board at virtual time 0: the lock boots by itself.
  board_.Start();
}

SimBench::~SimBench() = default;

std::string SimBench::FirmwareBuild() const {
  return std::string(lockfw::sim::HostFirmware::BuildId());
}

Timestamp SimBench::SetRelay(std::string_view relay, bool energised) {
  return Timestamp(board_.SetRelay(relay, energised));
}

VirtualMicros SimBench::FrameTime(std::uint64_t index) const {
  return std::llround(static_cast<double>(index) * 1e6 / camera_.settings().frames_per_second);
}

void SimBench::AdvanceTo(Timestamp until, ObservationSink& sink) {
  const VirtualMicros end = until.count();
  // Frame by frame: everything up to a frame's instant happens, its edges are
  // reported, then the frame shows the board as it is at that instant.
  for (VirtualMicros at = FrameTime(next_frame_); at <= end; at = FrameTime(next_frame_)) {
    scheduler_.RunUntil(at);
    Flush(sink);
    EmitFrame(at, sink);
    ++next_frame_;
  }
  scheduler_.RunUntil(end);
  Flush(sink);
}

void SimBench::Flush(ObservationSink& sink) {
  for (const BuzzerEdge& edge : board_.TakeBuzzerEdges()) {
    sink.OnSenseEdge(SenseEdge{Timestamp(edge.at), SenseLine::kBuzzer, edge.on});
  }
}

void SimBench::EmitFrame(VirtualMicros at, ObservationSink& sink) {
  const FaceTruth truth = TruthAt(board_, at);
  last_truth_ = truth;
  Frame frame;
  frame.captured = Timestamp(at);
  frame.index = next_frame_;
  frame.image = camera_.Render(truth, next_frame_);
  sink.OnFrame(frame);
}

void SimBench::ApplySimSettings(const SimSettings& settings) {
  for (const auto& [key, value] : settings) ApplyOne(key, value);
}

cv::Mat SimBench::LatestFullFrame() {
  if (next_frame_ == 0) return {};
  // The camera's noise is a pure function of (seed, frame, pixel), so this
  // re-render is the very frame that was delivered.
  return camera_.Render(last_truth_, next_frame_ - 1);
}

std::vector<std::pair<std::string, bool>> SimBench::RelayStates() const {
  std::vector<std::pair<std::string, bool>> states;
  for (const std::string& name : board_.RelayNames()) {
    states.emplace_back(name, board_.RelayEnergised(name));
  }
  return states;
}

void SimBench::ApplyOne(std::string_view key, std::string_view value) {
  if (key == "battery_volts") {
    board_.SetBatteryRestVolts(
        NumberIn(key, value, 0.0, 12.0, true, "a pack voltage from 0 to 12, like \"4.3\""));
  } else if (key == "battery_ohms") {
    board_.SetBatteryInternalOhms(
        NumberIn(key, value, 0.0, 100.0, true, "a resistance from 0 to 100 ohm, like \"3.0\""));
  } else if (key == "jam") {
    board_.SetJam(Choice(key, value, "true", "false"));
  } else if (key == "clutch") {
    board_.SetClutchEngaged(Choice(key, value, "engaged", "disengaged"));
  } else if (key == "friction") {
    board_.SetFriction(NumberIn(key, value, 0.0, 20.0, false,
                                "a friction multiplier above 0 and up to 20, like \"2.0\""));
  } else if (key == "door") {
    board_.SetDoor(Choice(key, value, "right", "left") ? DoorHanding::kRight : DoorHanding::kLeft);
  } else if (key == "pairing") {
    if (value != "complete") BadValue(key, "\"complete\"", value);
    board_.CompletePairing();
  } else if (key == "key_contact" || key == "power_cut") {
    throw std::invalid_argument("sim setting '" + std::string(key) +
                                "' is not supported by this simulated bench yet");
  } else {
    throw std::invalid_argument(
        "unknown sim setting '" + std::string(key) +
        "' (known: battery_volts, battery_ohms, jam, clutch, friction, door, pairing)");
  }
}

void SimBench::EnterSafeState() noexcept {
  // Every relay de-energised: keys open, battery connected. Each one on its
  // own, so that one failure cannot leave the others energised.
  std::vector<std::string> names;
  try {
    names = board_.RelayNames();
  } catch (...) {
    return;
  }
  for (const std::string& name : names) {
    try {
      board_.SetRelay(name, false);
    } catch (...) {
    }
  }
}

}  // namespace lockrig::sim
