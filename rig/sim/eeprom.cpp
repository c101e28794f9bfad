#include "rig/sim/eeprom.h"

#include <algorithm>

namespace lockrig::sim {

using lockfw::hal::NvmStatus;

Eeprom::Eeprom(std::uint32_t size, NvmTiming timing, const Scheduler* clock, SeededRandom random)
    : bytes_(size, kErased), timing_(timing), clock_(clock), random_(random) {}

NvmStatus Eeprom::Read(std::uint32_t address, std::uint8_t* data, std::uint32_t length) {
  if (!InRange(address, length)) return NvmStatus::kOutOfRange;
  std::copy_n(bytes_.begin() + address, length, data);
  return NvmStatus::kOk;
}

NvmStatus Eeprom::Write(std::uint32_t address, const std::uint8_t* data, std::uint32_t length) {
  if (!InRange(address, length)) return NvmStatus::kOutOfRange;
  const VirtualMicros now = Now();
  Retire(now);
  // A write the firmware issues while an earlier one of the same call is
  // still programming starts when that one ends.
  const VirtualMicros start = std::max(now, busy_until_);
  const VirtualMicros end = start + WriteDuration(length);
  InFlight write;
  write.address = address;
  write.start = start;
  write.before.assign(bytes_.begin() + address, bytes_.begin() + address + length);
  in_flight_.push_back(std::move(write));
  std::copy_n(data, length, bytes_.begin() + address);
  busy_until_ = end;
  ++write_count_;
  bytes_written_ += length;
  if (on_write_start_) on_write_start_(start, end);
  return NvmStatus::kOk;
}

void Eeprom::Retire(VirtualMicros at) {
  // Writes end in the order they started, so the ended ones are a prefix.
  std::size_t ended = 0;
  while (ended < in_flight_.size()) {
    const InFlight& write = in_flight_[ended];
    const auto length = static_cast<std::uint32_t>(write.before.size());
    if (write.start + WriteDuration(length) > at) break;
    ++ended;
  }
  in_flight_.erase(in_flight_.begin(), in_flight_.begin() + static_cast<std::ptrdiff_t>(ended));
}

void Eeprom::PowerLost(VirtualMicros at) {
  Retire(at);
  // Newest first, so that where writes overlap each one puts back what the
  // one before it left.
  for (auto it = in_flight_.rbegin(); it != in_flight_.rend(); ++it) {
    const InFlight& write = *it;
    const auto length = static_cast<VirtualMicros>(write.before.size());
    const VirtualMicros programming = at - write.start - timing_.setup_us;
    // Bytes [0, done) were programmed before the cut; byte `done` was in
    // flight unless the cut came before programming began.
    VirtualMicros done = 0;
    bool torn_byte = false;
    if (programming >= 0 && timing_.per_byte_us > 0) {
      done = std::min(length, programming / timing_.per_byte_us);
      torn_byte = done < length;
    }
    for (VirtualMicros i = done; i < length; ++i) {
      bytes_[write.address + static_cast<std::uint32_t>(i)] =
          write.before[static_cast<std::size_t>(i)];
    }
    if (torn_byte) {
      bytes_[write.address + static_cast<std::uint32_t>(done)] =
          static_cast<std::uint8_t>(random_.Next());
    }
    ++torn_writes_;
  }
  in_flight_.clear();
  busy_until_ = std::min(busy_until_, at);
}

void Eeprom::EraseAll() {
  in_flight_.clear();
  std::fill(bytes_.begin(), bytes_.end(), kErased);
}

}  // namespace lockrig::sim
