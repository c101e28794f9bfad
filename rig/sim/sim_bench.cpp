#include "rig/sim/sim_bench.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <utility>
#include <vector>

#include "firmware/targets/sim/host_firmware.h"
#include "rig/sim/face_truth.h"
#include "rig/sim/seeded_random.h"
#include "rig/sim/store_edit.h"
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

// A duration as scenarios write them ("2ms", "1.5s", "500us"), in
// microseconds; nullopt if malformed or negative.
std::optional<VirtualMicros> ParseMicros(std::string_view text) {
  double number = 0.0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, number);
  if (text.empty() || error != std::errc{} || !std::isfinite(number) || number < 0.0) {
    return std::nullopt;
  }
  const std::string_view unit(stop, static_cast<std::size_t>(end - stop));
  double scale = 0.0;
  if (unit == "us") {
    scale = 1.0;
  } else if (unit == "ms") {
    scale = 1e3;
  } else if (unit == "s") {
    scale = 1e6;
  } else if (unit == "min") {
    scale = 60e6;
  } else {
    return std::nullopt;
  }
  return std::llround(number * scale);
}

// "0..2ms" (a bare number on the left takes the right's unit), "1ms..2ms" or
// one duration "1ms"; both ends included.
std::optional<std::pair<VirtualMicros, VirtualMicros>> ParseMicrosRange(std::string_view text) {
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    const auto single = ParseMicros(text);
    if (!single) return std::nullopt;
    return std::pair{*single, *single};
  }
  const std::string_view right = text.substr(dots + 2);
  std::string left(text.substr(0, dots));
  const auto high = ParseMicros(right);
  if (!high) return std::nullopt;
  if (!left.empty() && left.find_first_not_of("0123456789.") == std::string::npos) {
    left += right.substr(right.find_first_not_of("0123456789."));
  }
  const auto low = ParseMicros(left);
  if (!low || *low > *high) return std::nullopt;
  return std::pair{*low, *high};
}

// One `sim:` group, checked and decoded before anything is applied.
struct DecodedSettings {
  std::optional<double> battery_volts;
  std::optional<double> battery_ohms;
  std::optional<bool> jam;
  std::optional<bool> clutch_engaged;
  std::optional<double> friction;
  std::optional<DoorHanding> door;
  bool complete_pairing = false;
  std::optional<std::string> key_contact_key;
  std::optional<double> key_contact_fail_rate;
  std::optional<std::string> power_cut_during;
  std::optional<std::pair<VirtualMicros, VirtualMicros>> power_cut_after;
  bool clear_handing = false;
  bool corrupt_store = false;
};

constexpr std::string_view kKnownSettings =
    "battery_volts, battery_ohms, jam, clutch, friction, door, pairing, key_contact.key, "
    "key_contact.fail_rate, power_cut.during, power_cut.after, handing_done, store";

DecodedSettings Decode(const SimSettings& settings) {
  DecodedSettings d;
  for (const auto& [key, value] : settings) {
    if (key == "battery_volts") {
      d.battery_volts =
          NumberIn(key, value, 0.0, 12.0, true, "a pack voltage from 0 to 12, like \"4.3\"");
    } else if (key == "battery_ohms") {
      d.battery_ohms =
          NumberIn(key, value, 0.0, 100.0, true, "a resistance from 0 to 100 ohm, like \"3.0\"");
    } else if (key == "jam") {
      d.jam = Choice(key, value, "true", "false");
    } else if (key == "clutch") {
      d.clutch_engaged = Choice(key, value, "engaged", "disengaged");
    } else if (key == "friction") {
      d.friction = NumberIn(key, value, 0.0, 20.0, false,
                            "a friction multiplier above 0 and up to 20, like \"2.0\"");
    } else if (key == "door") {
      d.door = Choice(key, value, "right", "left") ? DoorHanding::kRight : DoorHanding::kLeft;
    } else if (key == "pairing") {
      if (value != "complete") BadValue(key, "\"complete\"", value);
      d.complete_pairing = true;
    } else if (key == "key_contact.key") {
      d.key_contact_key = value;
    } else if (key == "key_contact.fail_rate") {
      d.key_contact_fail_rate =
          NumberIn(key, value, 0.0, 1.0, true, "a probability from 0 to 1, like \"0.3\"");
    } else if (key == "power_cut.during") {
      if (value != "store_write") BadValue(key, "\"store_write\"", value);
      d.power_cut_during = value;
    } else if (key == "power_cut.after") {
      d.power_cut_after = ParseMicrosRange(value);
      if (!d.power_cut_after) {
        BadValue(key, "a duration or a range of durations, like \"1ms\" or \"0..2ms\"", value);
      }
    } else if (key == "handing_done") {
      if (value != "false") {
        BadValue(key, "\"false\" (handing never done; there is no fault to inject with \"true\")",
                 value);
      }
      d.clear_handing = true;
    } else if (key == "store") {
      if (value != "corrupt")
        BadValue(key, "\"corrupt\" (no valid copy at the next power-up)", value);
      d.corrupt_store = true;
    } else if (key == "key_contact" || key == "power_cut") {
      throw std::invalid_argument("sim setting '" + key + "' is a group: give its fields, like " +
                                  (key == "key_contact"
                                       ? "key_contact: {key: \"5\", fail_rate: 0.3}"
                                       : "power_cut: {during: store_write, after: 0..2ms}"));
    } else {
      throw std::invalid_argument("unknown sim setting '" + key +
                                  "' (known: " + std::string(kKnownSettings) + ")");
    }
  }
  // Groups arrive whole or not at all.
  if (d.key_contact_key && !d.key_contact_fail_rate) {
    throw std::invalid_argument(
        "sim setting 'key_contact.fail_rate' is missing: key_contact needs both key and "
        "fail_rate, like {key: \"5\", fail_rate: 0.3}");
  }
  if (d.key_contact_fail_rate && !d.key_contact_key) {
    throw std::invalid_argument(
        "sim setting 'key_contact.key' is missing: key_contact needs both key and fail_rate, "
        "like {key: \"5\", fail_rate: 0.3}");
  }
  if (d.power_cut_after && !d.power_cut_during) {
    throw std::invalid_argument(
        "sim setting 'power_cut.during' is missing: power_cut needs during: store_write");
  }
  return d;
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
  // Jitter never reorders frames: at most a third of the frame period.
  max_jitter_us_ = std::llround(1e6 / camera_.settings().frames_per_second / 3.0);
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
  const VirtualMicros nominal =
      std::llround(static_cast<double>(index) * 1e6 / camera_.settings().frames_per_second);
  const VirtualMicros jitter =
      std::clamp<VirtualMicros>(camera_.JitterUs(index), -max_jitter_us_, max_jitter_us_);
  return std::max<VirtualMicros>(0, nominal + jitter);
}

void SimBench::RequestRegions(std::vector<cv::Rect> regions) {
  const cv::Rect image(cv::Point(0, 0), camera_.settings().size);
  for (const cv::Rect& region : regions) {
    if (region.empty() || (region & image) != region) {
      throw std::invalid_argument("requested region is empty or outside the " +
                                  std::to_string(image.width) + "x" + std::to_string(image.height) +
                                  " camera image");
    }
  }
  regions_ = std::move(regions);
  frame_.regions.clear();
}

void SimBench::AdvanceTo(Timestamp until, ObservationSink& sink) {
  const VirtualMicros end = until.count();
  // Frame by frame: everything up to a frame's instant happens, its edges are
  // reported, then the frame shows the board as it is at that instant.
  for (VirtualMicros at = FrameTime(next_frame_); at <= end; at = FrameTime(next_frame_)) {
    scheduler_.RunUntil(at);
    Flush(sink);
    if (!camera_.Dropped(next_frame_)) EmitFrame(at, sink);
    ++next_frame_;
  }
  scheduler_.RunUntil(end);
  Flush(sink);
}

void SimBench::Flush(ObservationSink& sink) {
  board_.TakeLineEdges(edges_);
  for (const LineEdge& edge : edges_) {
    const SenseLine line =
        edge.line == BoardLine::kBuzzer ? SenseLine::kBuzzer : SenseLine::kBoltSwitch;
    sink.OnSenseEdge(SenseEdge{Timestamp(edge.at), line, edge.on});
  }
}

void SimBench::EmitFrame(VirtualMicros at, ObservationSink& sink) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point render_start = Clock::now();
  FillTruth(board_, at, truth_);
  frame_.captured = Timestamp(at);
  frame_.index = next_frame_;
  if (regions_.empty()) {
    frame_.image = camera_.Render(truth_, next_frame_);
    frame_.regions.clear();
  } else {
    frame_.image.release();
    frame_.regions.resize(regions_.size());
    for (std::size_t i = 0; i < regions_.size(); ++i) {
      frame_.regions[i].first = regions_[i];
      frame_.regions[i].second = camera_.RenderRegion(truth_, next_frame_, regions_[i]);
    }
  }
  const Clock::time_point sink_start = Clock::now();
  sink.OnFrame(frame_);
  wall_time_.render += sink_start - render_start;
  wall_time_.sink += Clock::now() - sink_start;
  ++wall_time_.frames;
  // Kept for LatestFullFrame(); a copy of a few values, not of pixels.
  last_truth_.leds.assign(truth_.leds.begin(), truth_.leds.end());
  last_truth_.bolt_position = truth_.bolt_position;
  last_truth_.bolt_velocity = truth_.bolt_velocity;
  last_index_ = next_frame_;
  have_frame_ = true;
}

cv::Mat SimBench::LatestFullFrame() {
  if (!have_frame_) return {};
  // Every pixel is a pure function of (seed, frame, pixel) and the truth, so
  // this re-render is the very frame that was delivered (or would have been,
  // in whole).
  return camera_.Render(last_truth_, last_index_);
}

std::vector<std::pair<std::string, bool>> SimBench::RelayStates() const {
  std::vector<std::pair<std::string, bool>> states;
  for (const std::string& name : board_.RelayNames()) {
    states.emplace_back(name, board_.RelayEnergised(name));
  }
  return states;
}

void SimBench::ApplySimSettings(const SimSettings& settings) {
  DecodedSettings d = Decode(settings);
  // Checks that need the bench: which relay carries the key.
  std::optional<std::string> contact_relay;
  if (d.key_contact_key) {
    contact_relay = keypad_.RelayFor(*d.key_contact_key);
    if (!contact_relay || *contact_relay == kBatteryRelay) {
      BadValue("key_contact.key", "a key of this keypad: \"0\"..\"9\", \"lock\" or \"program\"",
               *d.key_contact_key);
    }
  }
  // Everything is valid: apply, in an order that does not depend on the
  // order the scenario wrote them in.
  if (d.battery_volts) board_.SetBatteryRestVolts(*d.battery_volts);
  if (d.battery_ohms) board_.SetBatteryInternalOhms(*d.battery_ohms);
  if (d.jam) board_.SetJam(*d.jam);
  if (d.clutch_engaged) board_.SetClutchEngaged(*d.clutch_engaged);
  if (d.friction) board_.SetFriction(*d.friction);
  if (d.door) board_.SetDoor(*d.door);
  if (contact_relay) board_.SetKeyContactFault(*contact_relay, *d.key_contact_fail_rate);
  if (d.power_cut_during) {
    PowerCutPlan plan;
    if (d.power_cut_after) {
      plan.after_min_us = d.power_cut_after->first;
      plan.after_max_us = d.power_cut_after->second;
    }
    board_.ArmPowerCutOnNextStoreWrite(plan);
  }
  if (d.clear_handing) ClearHandingFlag(board_.eeprom());
  if (d.corrupt_store) CorruptStore(board_.eeprom());
  if (d.complete_pairing) board_.CompletePairing();
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
