// The board's view of the MCU running the lock firmware: what the board calls
// when power comes and goes, when an input changes, and when the firmware's
// next timer is due. The simulated bench binds it to the real firmware
// compiled for the host (HostFirmwareMcu); board tests bind it to a scripted
// stand-in, so the board's physics can be tested without the firmware.
#pragma once

#include <optional>

#include "firmware/hal/lock_board.h"
#include "rig/sim/scheduler.h"

namespace lockrig::sim {

class Mcu {
 public:
  virtual ~Mcu() = default;

  // Reset released with the supply good: boot with fresh volatile state.
  virtual void PowerOn(VirtualMicros now) = 0;
  // Reset asserted (power cut or brown-out): run nothing until PowerOn.
  virtual void PowerOff() = 0;
  virtual void OnContactEdge(VirtualMicros now, lockfw::hal::Contact contact) = 0;
  virtual void OnBoltSensorsChanged(VirtualMicros now) = 0;
  virtual void Service(VirtualMicros now) = 0;
  // The lock's radio module reports a completed hub / Wi-Fi pairing (halo;
  // other models have no radio and ignore it).
  virtual void OnPairingCompleted(VirtualMicros now) = 0;
  // When the firmware next wants Service(); re-read after every call.
  virtual std::optional<VirtualMicros> NextWakeupUs() const = 0;
};

}  // namespace lockrig::sim
