#include "rig/sim/eeprom.h"

#include <algorithm>

namespace lockrig::sim {

using lockfw::hal::NvmStatus;

NvmStatus Eeprom::Read(std::uint32_t address, std::uint8_t* data, std::uint32_t length) {
  if (!InRange(address, length)) return NvmStatus::kOutOfRange;
  std::copy_n(bytes_.begin() + address, length, data);
  return NvmStatus::kOk;
}

NvmStatus Eeprom::Write(std::uint32_t address, const std::uint8_t* data, std::uint32_t length) {
  if (!InRange(address, length)) return NvmStatus::kOutOfRange;
  std::copy_n(data, length, bytes_.begin() + address);
  ++write_count_;
  bytes_written_ += length;
  return NvmStatus::kOk;
}

void Eeprom::EraseAll() {
  std::fill(bytes_.begin(), bytes_.end(), kErased);
}

}  // namespace lockrig::sim
