// The lock's non-volatile memory as the firmware sees it (an EEPROM of a few
// KiB, erased = 0xFF). It belongs to the board, not to the MCU, so its
// contents survive every power cut and brown-out, as the firmware's store
// must assume. Writes are durable when Write() returns; torn writes under a
// power cut are a later addition (hal::NonVolatileMemory documents them).
#pragma once

#include <cstdint>
#include <vector>

#include "firmware/hal/lock_board.h"

namespace lockrig::sim {

class Eeprom final : public lockfw::hal::NonVolatileMemory {
 public:
  static constexpr std::uint8_t kErased = 0xFF;

  explicit Eeprom(std::uint32_t size = 4096) : bytes_(size, kErased) {}

  std::uint32_t Size() override { return static_cast<std::uint32_t>(bytes_.size()); }
  [[nodiscard]] lockfw::hal::NvmStatus Read(std::uint32_t address, std::uint8_t* data,
                                            std::uint32_t length) override;
  [[nodiscard]] lockfw::hal::NvmStatus Write(std::uint32_t address, const std::uint8_t* data,
                                             std::uint32_t length) override;

  // Bench side: what is stored, and how much the firmware has written (for
  // endurance figures).
  const std::vector<std::uint8_t>& contents() const { return bytes_; }
  std::uint64_t write_count() const { return write_count_; }
  std::uint64_t bytes_written() const { return bytes_written_; }
  // A new part: every byte erased.
  void EraseAll();

 private:
  bool InRange(std::uint32_t address, std::uint32_t length) const {
    // In 64 bits so that address + length cannot wrap.
    return static_cast<std::uint64_t>(address) + length <= bytes_.size();
  }

  std::vector<std::uint8_t> bytes_;
  std::uint64_t write_count_ = 0;
  std::uint64_t bytes_written_ = 0;
};

}  // namespace lockrig::sim
