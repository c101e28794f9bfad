// A rig's GPIO lines, in the rig's terms: relays by name (energised or not)
// and sense lines (active or not), with the polarity from the rig file. It
// owns the requested lines: constructing it requests every relay output at
// its safe level and the sense inputs; destroying it drives the relays safe
// and releases everything. Both the hardware bench and `lockrig selftest`
// work through it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rig/hardware/bench_clock.h"
#include "rig/hardware/gpio_lines.h"
#include "rig/hardware/rig_file.h"

namespace lockrig::hardware {

class RigLines {
 public:
  // Throws std::runtime_error naming a line that cannot be requested (and
  // then holds nothing).
  RigLines(const RigConfig& rig, GpioBackend& gpio, const std::string& consumer = "lockrig");
  ~RigLines();
  RigLines(const RigLines&) = delete;
  RigLines& operator=(const RigLines&) = delete;

  // Throws std::invalid_argument for a relay the rig does not wire.
  void Set(std::string_view relay, bool energised);
  // Every relay de-energised, each on its own so one failure cannot leave
  // the others energised.
  void AllSafe() noexcept;
  // Every relay as last commanded, in rig-file order.
  std::vector<std::pair<std::string, bool>> States() const;

  // Changes on the sense lines since the last call, in bench time, oldest
  // first. An edge that does not change the line's level (a bounce the
  // kernel reported twice) is dropped.
  std::vector<SenseEdge> TakeEdges(const BenchClock& clock);
  bool Active(SenseLine line);
  bool HasBoltSwitch() const { return senses_.size() > 1; }

 private:
  std::unique_ptr<GpioLines> lines_;
  std::vector<std::pair<std::string, RelayDrive>> relays_;
  std::vector<std::pair<SenseLine, SenseInput>> senses_;
  std::vector<bool> sense_active_;
};

}  // namespace lockrig::hardware
