#include "rig/hardware/rig_lines.h"

#include <stdexcept>

namespace lockrig::hardware {

RigLines::RigLines(const RigConfig& rig, GpioBackend& gpio, const std::string& consumer) {
  std::vector<OutputLineRequest> outputs;
  for (const RelayWiring& relay : rig.relays) {
    // Requested already at the de-energised level: the relay never clicks
    // between the request and the first write.
    outputs.push_back({relay.line, RelayDrive::SafeLevel(relay.active_low)});
  }
  std::vector<InputLineRequest> inputs = {{rig.buzzer.line, rig.buzzer.bias}};
  if (rig.bolt_switch) inputs.push_back({rig.bolt_switch->line, rig.bolt_switch->bias});
  lines_ = gpio.Request(consumer, outputs, inputs);

  for (std::size_t i = 0; i < rig.relays.size(); ++i) {
    relays_.emplace_back(rig.relays[i].relay, RelayDrive(*lines_, i, rig.relays[i].active_low));
  }
  senses_.emplace_back(SenseLine::kBuzzer, SenseInput(*lines_, 0, rig.buzzer.active_low));
  if (rig.bolt_switch) {
    senses_.emplace_back(SenseLine::kBoltSwitch,
                         SenseInput(*lines_, 1, rig.bolt_switch->active_low));
  }
  for (auto& [which, input] : senses_) sense_active_.push_back(input.Active());
}

RigLines::~RigLines() {
  AllSafe();
  // lines_ is destroyed next: it writes the safe levels once more and
  // releases the lines.
}

void RigLines::Set(std::string_view relay, bool energised) {
  for (auto& [name, drive] : relays_) {
    if (name == relay) {
      drive.Set(energised);
      return;
    }
  }
  std::string known;
  for (const auto& [name, drive] : relays_) known += (known.empty() ? "" : ", ") + name;
  throw std::invalid_argument("the hardware bench has no relay '" + std::string(relay) +
                              "' (it has: " + known + ")");
}

void RigLines::AllSafe() noexcept {
  for (auto& [name, drive] : relays_) {
    try {
      drive.Set(false);
    } catch (...) {
    }
  }
}

std::vector<std::pair<std::string, bool>> RigLines::States() const {
  std::vector<std::pair<std::string, bool>> states;
  for (const auto& [name, drive] : relays_) states.emplace_back(name, drive.energised());
  return states;
}

std::vector<SenseEdge> RigLines::TakeEdges(const BenchClock& clock) {
  std::vector<SenseEdge> edges;
  for (const RawEdge& raw : lines_->TakeEdges()) {
    if (raw.input >= senses_.size()) continue;
    const bool active = senses_[raw.input].second.ActiveAt(raw.high);
    if (active == sense_active_[raw.input]) continue;
    sense_active_[raw.input] = active;
    edges.push_back({clock.FromMonotonicNs(raw.monotonic_ns), senses_[raw.input].first, active});
  }
  return edges;
}

bool RigLines::Active(SenseLine line) {
  for (auto& [which, input] : senses_) {
    if (which == line) return input.Active();
  }
  return false;
}

}  // namespace lockrig::hardware
