// The GPIO seam of the hardware bench: lines requested from the kernel and
// held until released. The bench speaks to GpioLines only, so the libgpiod
// 1.6 adapter (gpiod_lines.h) can be swapped for a libgpiod 2 one, and the
// tests can use the fake (fake_gpio.h) that keeps a timestamped log.
//
// GpioLines works in physical levels (high/low on the pin). Polarity is not
// its business: RelayDrive and SenseInput below turn logical levels
// (energised, active) into physical ones using the rig file's active_low,
// so the libgpiod adapter stays thin and the fake sees what the pin sees.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lockrig::hardware {

// Where a line is: by name (searched on every chip, or on `chip` if given),
// or by chip and offset.
struct LineAddress {
  std::string name;                // the line's name (gpio-line-names), or empty
  std::string chip;                // "gpiochip0", "/dev/gpiochip0", a label or a number
  std::optional<unsigned> offset;  // with chip: the line's offset

  // "line 'KEY12'", "gpiochip0 line 17": for messages and the wiring table.
  std::string Describe() const;
  bool operator==(const LineAddress&) const = default;
};

enum class Bias { kAsIs, kDisable, kPullUp, kPullDown };

// An output, requested already driven to `safe_high` (no glitch between the
// request and the first write), and driven back to it before release.
struct OutputLineRequest {
  LineAddress address;
  bool safe_high = false;
};

// An input, requested for edge events on both edges.
struct InputLineRequest {
  LineAddress address;
  Bias bias = Bias::kAsIs;
};

// A level change on an input, with the kernel's timestamp converted to
// CLOCK_MONOTONIC nanoseconds.
struct RawEdge {
  std::size_t input = 0;  // index into the InputLineRequests
  std::int64_t monotonic_ns = 0;
  bool high = false;  // the level after the edge
};

// Lines held by this process. Destruction drives every output back to its
// safe level and only then releases the lines, on every path.
class GpioLines {
 public:
  virtual ~GpioLines() = default;
  // Throws std::runtime_error if the kernel refuses.
  virtual void SetOutput(std::size_t output, bool high) = 0;
  virtual bool ReadInput(std::size_t input) = 0;
  // Edges queued on the inputs since the last call, oldest first, without
  // waiting.
  virtual std::vector<RawEdge> TakeEdges() = 0;
};

// Requests lines: the libgpiod adapter, or the fake.
class GpioBackend {
 public:
  virtual ~GpioBackend() = default;
  // Requests every line at once under `consumer`; outputs at their safe
  // levels. Throws std::runtime_error naming the line that is missing or in
  // use; lines already requested by then are made safe and released.
  virtual std::unique_ptr<GpioLines> Request(const std::string& consumer,
                                             const std::vector<OutputLineRequest>& outputs,
                                             const std::vector<InputLineRequest>& inputs) = 0;
};

// A relay's drive line in the relay's terms. Only outputs can be relays and
// only inputs sense lines: the two types keep a sense line from being driven.
class RelayDrive {
 public:
  RelayDrive(GpioLines& lines, std::size_t output, bool active_low)
      : lines_(&lines), output_(output), active_low_(active_low) {}
  void Set(bool energised) {
    lines_->SetOutput(output_, energised != active_low_);
    energised_ = energised;
  }
  bool energised() const { return energised_; }
  // The physical level that leaves the relay de-energised.
  static bool SafeLevel(bool active_low) { return active_low; }

 private:
  GpioLines* lines_;
  std::size_t output_;
  bool active_low_;
  bool energised_ = false;
};

class SenseInput {
 public:
  SenseInput(GpioLines& lines, std::size_t input, bool active_low)
      : lines_(&lines), input_(input), active_low_(active_low) {}
  bool Active() { return lines_->ReadInput(input_) != active_low_; }
  bool ActiveAt(bool high) const { return high != active_low_; }
  std::size_t input() const { return input_; }

 private:
  GpioLines* lines_;
  std::size_t input_;
  bool active_low_;
};

}  // namespace lockrig::hardware
