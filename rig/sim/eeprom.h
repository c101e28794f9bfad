// The lock's non-volatile memory as the firmware sees it (an EEPROM of a few
// KiB, erased = 0xFF), with the two properties the firmware's store has to
// survive: a write takes time, and a power cut during one tears it.
//
// It belongs to the board, not to the MCU, so its contents survive every
// power cut and brown-out. The firmware's Write() is synchronous (it returns
// once the bytes are durable), but on the board a write occupies the memory
// for NvmTiming's duration in virtual time, starting when the firmware asks
// (or when the previous write ends). The bytes are applied at once, so that
// the firmware's read-back sees them, and the write is remembered as "in
// flight" until its end: if the power is lost (PowerLost) before then, the
// bytes programmed before the cut stay written, the byte being programmed at
// the cut gets a seeded random value (torn), and the rest get back what they
// held before. The board makes the firmware's outputs after a write happen
// when the write ends (BusyUntil), so an acknowledgement can never be seen
// before the write it acknowledges is durable.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "firmware/hal/lock_board.h"
#include "rig/sim/scheduler.h"
#include "rig/sim/seeded_random.h"

namespace lockrig::sim {

// How long a write takes: `setup_us` before the first byte is programmed
// (addressing, charge pump), then `per_byte_us` per byte. The defaults are
// those of an MCU's flash-emulated EEPROM (~10 us a byte), so that the
// firmware's store record (~300 bytes) takes about 3 ms, and a power cut
// 0..2 ms after a write starts lands inside it.
struct NvmTiming {
  VirtualMicros setup_us = 50;
  VirtualMicros per_byte_us = 10;
};

class Eeprom final : public lockfw::hal::NonVolatileMemory {
 public:
  static constexpr std::uint8_t kErased = 0xFF;

  // Without a scheduler every write starts at time 0 and tearing has no
  // clock to go by; the board always passes one.
  explicit Eeprom(std::uint32_t size = 4096, NvmTiming timing = {},
                  const Scheduler* clock = nullptr, SeededRandom random = SeededRandom(0));

  std::uint32_t Size() override { return static_cast<std::uint32_t>(bytes_.size()); }
  [[nodiscard]] lockfw::hal::NvmStatus Read(std::uint32_t address, std::uint8_t* data,
                                            std::uint32_t length) override;
  [[nodiscard]] lockfw::hal::NvmStatus Write(std::uint32_t address, const std::uint8_t* data,
                                             std::uint32_t length) override;

  // --- bench side -----------------------------------------------------------
  // When a write of `length` bytes takes.
  VirtualMicros WriteDuration(std::uint32_t length) const {
    return timing_.setup_us + timing_.per_byte_us * static_cast<VirtualMicros>(length);
  }
  // The instant the last write ends (the memory is busy before it).
  VirtualMicros BusyUntil() const { return busy_until_; }
  // Called at each Write() with the instants the write starts and ends
  // (the power_cut fault arms on it). Called from inside the firmware's
  // call: it must only schedule, never call the firmware.
  void OnWriteStart(std::function<void(VirtualMicros start, VirtualMicros end)> callback) {
    on_write_start_ = std::move(callback);
  }
  // The supply failed at `at`: every write still in flight then is torn as
  // described above. Writes that ended by `at` are untouched.
  void PowerLost(VirtualMicros at);

  // What is stored, and how much the firmware has written (for endurance
  // figures) and how many writes a power cut cut short (torn or never
  // begun).
  const std::vector<std::uint8_t>& contents() const { return bytes_; }
  std::uint64_t write_count() const { return write_count_; }
  std::uint64_t bytes_written() const { return bytes_written_; }
  std::uint64_t torn_writes() const { return torn_writes_; }
  // The bench's own edits (a programmer on the board's test pads, e.g. the
  // handing_done fault): immediate, untimed, and not counted as writes.
  std::vector<std::uint8_t>& raw_contents() { return bytes_; }
  // A new part: every byte erased.
  void EraseAll();

 private:
  struct InFlight {
    std::uint32_t address = 0;
    VirtualMicros start = 0;
    std::vector<std::uint8_t> before;  // what the bytes held before the write
  };

  bool InRange(std::uint32_t address, std::uint32_t length) const {
    // In 64 bits so that address + length cannot wrap.
    return static_cast<std::uint64_t>(address) + length <= bytes_.size();
  }
  VirtualMicros Now() const { return clock_ != nullptr ? clock_->Now() : 0; }
  // Forgets writes that have ended by `at`.
  void Retire(VirtualMicros at);

  std::vector<std::uint8_t> bytes_;
  NvmTiming timing_;
  const Scheduler* clock_;
  SeededRandom random_;
  std::vector<InFlight> in_flight_;  // oldest first
  VirtualMicros busy_until_ = 0;
  std::function<void(VirtualMicros, VirtualMicros)> on_write_start_;
  std::uint64_t write_count_ = 0;
  std::uint64_t bytes_written_ = 0;
  std::uint64_t torn_writes_ = 0;
};

}  // namespace lockrig::sim
