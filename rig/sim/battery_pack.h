// The lock's 4xAA battery pack as the board sees it: a rest (open-circuit)
// voltage behind an internal resistance, so the terminal voltage sags under
// motor current, and a rest voltage that falls with the charge the motor
// draws. The pack is what makes low-battery, critical-battery and brown-out
// behaviour reachable on the simulated bench.
#pragma once

namespace lockrig::sim {

struct BatteryParams {
  double rest_volts = 6.4;  // a fresh 4xAA pack (lock-behavior.md section 2)
  // A fresh alkaline pack: ~0.075 ohm per cell. The sag at the reference
  // running current is then about 0.1 V, so the reference mechanism's travel
  // time stays within 1.2 s down to v_crit (4.4 V) as the spec requires.
  double internal_ohms = 0.3;
  // Rest-voltage drop per coulomb drawn: 4xAA fall about 2 V over ~9000 C
  // (2.5 Ah), so one motor run (~0.3 C) costs a fraction of a millivolt.
  double drain_volts_per_coulomb = 0.0002;
};

class BatteryPack {
 public:
  explicit BatteryPack(BatteryParams params) : params_(params) {}

  double RestVolts() const { return params_.rest_volts; }
  void SetRestVolts(double volts) { params_.rest_volts = volts < 0.0 ? 0.0 : volts; }

  double InternalOhms() const { return params_.internal_ohms; }
  void SetInternalOhms(double ohms) { params_.internal_ohms = ohms < 0.0 ? 0.0 : ohms; }

  // Voltage at the pack's terminals while `load_amps` flows.
  double TerminalVolts(double load_amps) const {
    const double volts = params_.rest_volts - load_amps * params_.internal_ohms;
    return volts < 0.0 ? 0.0 : volts;
  }

  // Charge drawn by the load lowers the rest voltage.
  void Drain(double coulombs) {
    SetRestVolts(params_.rest_volts - coulombs * params_.drain_volts_per_coulomb);
  }

 private:
  BatteryParams params_;
};

}  // namespace lockrig::sim
