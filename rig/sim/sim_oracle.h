// The simulated bench's back door: the board's true state, for tests that
// measure how accurately vision reads the camera and for tests of the board
// itself. The scenario engine never uses it (it judges only what the camera
// and sense lines show, as on a real bench); nothing in rig/ outside rig/sim
// may include this header.
#pragma once

#include <string_view>
#include <vector>

#include "rig/sim/sim_bench.h"
#include "rig/sim/virtual_board.h"
#include "vision/led_color.h"

namespace lockrig::sim {

class SimOracle {
 public:
  explicit SimOracle(const SimBench& bench) : bench_(bench) {}

  // All at the bench's Now().
  double BoltPosition() const;                 // 0 retracted .. 1 extended
  std::vector<vision::LedColor> Leds() const;  // LED1 first
  bool BuzzerOn() const;
  bool LockPowered() const;  // MCU out of reset
  bool RelayEnergised(std::string_view relay) const;
  bool RelayContactClosed(std::string_view relay) const;
  double BatteryRestVolts() const;
  double RailVolts() const;  // what the brown-out supervisor sees
  lockfw::hal::MotorDrive MotorDrive() const;

  // Everything else (mechanism, EEPROM, the board's event log).
  const VirtualBoard& Board() const { return bench_.board_; }

 private:
  const SimBench& bench_;
};

}  // namespace lockrig::sim
