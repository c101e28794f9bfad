#include "firmware/targets/sim/host_firmware.h"

#ifndef LOCKFW_VERSION
#define LOCKFW_VERSION "0.0.0"
#endif
#ifndef LOCKFW_GIT_HASH
#define LOCKFW_GIT_HASH "unknown"
#endif

namespace lockfw::sim {

HostFirmware::HostFirmware(const Profile& profile, HostBoardParts parts)
    : profile_(profile), parts_(parts), board_{clock_,         parts_.contacts, parts_.leds,
                                               parts_.buzzer,  parts_.motor,    parts_.bolt,
                                               parts_.battery, parts_.nvm} {}

HostFirmware::~HostFirmware() = default;

void HostFirmware::SetNow(std::int64_t now_us) {
  last_now_us_ = now_us;
  // The MCU's clock counts milliseconds from its reset; it wraps like the
  // real 32-bit counter.
  clock_.now_ms =
      static_cast<hal::Millis>(static_cast<std::uint64_t>(now_us - power_on_us_) / 1000U);
}

void HostFirmware::PowerOn(std::int64_t now_us) {
  controller_.reset();  // a reset MCU keeps nothing volatile
  power_on_us_ = now_us;
  SetNow(now_us);
  controller_.emplace(profile_, board_);
  controller_->PowerOn();
}

void HostFirmware::PowerOff() {
  controller_.reset();
}

bool HostFirmware::powered() const {
  return controller_.has_value();
}

void HostFirmware::OnContactEdge(std::int64_t now_us, hal::Contact contact) {
  if (!controller_) return;
  SetNow(now_us);
  controller_->OnContactEdge(contact);
}

void HostFirmware::OnBoltSensorsChanged(std::int64_t now_us) {
  if (!controller_) return;
  SetNow(now_us);
  controller_->OnBoltSensorsChanged();
}

void HostFirmware::Service(std::int64_t now_us) {
  if (!controller_) return;
  SetNow(now_us);
  controller_->Service();
}

std::optional<std::int64_t> HostFirmware::NextWakeupUs() const {
  if (!controller_) return std::nullopt;
  hal::Millis at = 0;
  if (!controller_->NextWakeup(&at)) return std::nullopt;
  // Unwrap the 32-bit deadline against the clock's last reading.
  const auto delta = static_cast<std::int32_t>(at - clock_.now_ms);
  const std::int64_t elapsed_ms = (last_now_us_ - power_on_us_) / 1000;
  return power_on_us_ + (elapsed_ms + delta) * 1000;
}

void HostFirmware::OnPairingCompleted(std::int64_t now_us) {
  if (!controller_) return;
  SetNow(now_us);
  controller_->OnPairingCompleted();
}

std::string_view HostFirmware::BuildId() {
  return "lockfw " LOCKFW_VERSION " " LOCKFW_GIT_HASH;
}

}  // namespace lockfw::sim
