#include "rig/sim/sim_oracle.h"

#include "rig/sim/face_truth.h"

namespace lockrig::sim {

double SimOracle::BoltPosition() const {
  return Board().BoltPositionAt(bench_.scheduler_.Now());
}

std::vector<vision::LedColor> SimOracle::Leds() const {
  return TruthAt(Board(), bench_.scheduler_.Now()).leds;
}

bool SimOracle::BuzzerOn() const {
  return Board().buzzer_on();
}
bool SimOracle::LockPowered() const {
  return Board().mcu_running();
}
bool SimOracle::RelayEnergised(std::string_view relay) const {
  return Board().RelayEnergised(relay);
}
bool SimOracle::RelayContactClosed(std::string_view relay) const {
  return Board().RelayContactClosed(relay);
}
double SimOracle::BatteryRestVolts() const {
  return Board().battery().RestVolts();
}
double SimOracle::RailVolts() const {
  return Board().rail_volts();
}
lockfw::hal::MotorDrive SimOracle::MotorDrive() const {
  return Board().mechanism().drive();
}

}  // namespace lockrig::sim
