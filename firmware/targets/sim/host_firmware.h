// The firmware compiled for the host, bound to the simulated lock board.
// The board (rig/sim) implements the HAL parts and owns the non-volatile
// memory; this adapter turns the board's microsecond virtual time into the
// MCU's millisecond clock, and power cycles into fresh controllers (all
// volatile state is lost at power-off, as on the real MCU).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "firmware/core/lock_controller.h"
#include "firmware/core/profile.h"
#include "firmware/hal/lock_board.h"

namespace lockfw::sim {

// The board's side: every HAL part except the clock, which this adapter
// derives from virtual time.
struct HostBoardParts {
  hal::Contacts& contacts;
  hal::StatusLeds& leds;
  hal::Buzzer& buzzer;
  hal::Motor& motor;
  hal::BoltSensors& bolt;
  hal::BatteryMonitor& battery;
  hal::NonVolatileMemory& nvm;
};

class HostFirmware {
 public:
  HostFirmware(const Profile& profile, HostBoardParts parts);
  ~HostFirmware();

  // Supply came up (above brown-out) at virtual time `now_us`: the MCU
  // leaves reset and boots with fresh volatile state.
  void PowerOn(std::int64_t now_us);
  // Supply lost: the MCU stops; it runs nothing until the next PowerOn.
  void PowerOff();
  bool powered() const;

  // Forwarded to the controller when powered; ignored otherwise.
  void OnContactEdge(std::int64_t now_us, hal::Contact contact);
  void OnBoltSensorsChanged(std::int64_t now_us);
  void Service(std::int64_t now_us);

  // Virtual time of the next Service() the controller wants, if any.
  std::optional<std::int64_t> NextWakeupUs() const;

  // The radio module reports a completed pairing (halo); ignored when off.
  void OnPairingCompleted(std::int64_t now_us);

  // Identifies the firmware build ("lockfw <version> <git hash>"; the hash
  // is taken at configure time, "unknown" without a commit). Static, so it
  // cannot name the profile: a HostFirmware's profile is profile().name.
  static std::string_view BuildId();

  const Profile& profile() const { return profile_; }

  HostFirmware(const HostFirmware&) = delete;
  HostFirmware& operator=(const HostFirmware&) = delete;

 private:
  // The MCU's millisecond clock, set from virtual time before every call.
  struct HostClock final : hal::Clock {
    hal::Millis NowMs() override { return now_ms; }
    hal::Millis now_ms = 0;
  };

  void SetNow(std::int64_t now_us);

  const Profile& profile_;
  HostBoardParts parts_;
  HostClock clock_;
  hal::LockBoard board_;
  std::int64_t power_on_us_ = 0;
  std::int64_t last_now_us_ = 0;
  std::optional<LockController> controller_;
};

}  // namespace lockfw::sim
