// Binds the virtual board to the real lock firmware compiled for the host
// (lockfw::sim::HostFirmware, target lockfw_sim): the firmware is given the
// board's HAL parts and EEPROM, and the board drives it through Mcu.
#pragma once

#include <optional>

#include "firmware/core/profile.h"
#include "firmware/targets/sim/host_firmware.h"
#include "rig/sim/mcu.h"
#include "rig/sim/virtual_board.h"

namespace lockrig::sim {

class HostFirmwareMcu final : public Mcu {
 public:
  HostFirmwareMcu(const lockfw::Profile& profile, VirtualBoard& board);

  void PowerOn(VirtualMicros now) override { firmware_.PowerOn(now); }
  void PowerOff() override { firmware_.PowerOff(); }
  void OnContactEdge(VirtualMicros now, lockfw::hal::Contact contact) override {
    firmware_.OnContactEdge(now, contact);
  }
  void OnBoltSensorsChanged(VirtualMicros now) override { firmware_.OnBoltSensorsChanged(now); }
  void Service(VirtualMicros now) override { firmware_.Service(now); }
  void OnPairingCompleted(VirtualMicros now) override { firmware_.OnPairingCompleted(now); }
  std::optional<VirtualMicros> NextWakeupUs() const override { return firmware_.NextWakeupUs(); }

 private:
  lockfw::sim::HostFirmware firmware_;
};

}  // namespace lockrig::sim
