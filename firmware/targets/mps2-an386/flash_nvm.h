// Byte-addressable non-volatile memory (hal::NonVolatileMemory) emulated on
// NOR flash: what a lock MCU without an EEPROM does with a few pages of its
// code flash.
//
// Flash is not EEPROM: a page must be erased (every bit back to 1, bytes
// read 0xFF) before it is programmed, and programming a word can only clear
// bits. So a byte cannot be rewritten in place. The emulation pairs every
// *virtual* page with two physical pages (banks) and rewrites a virtual page
// by copying it, merged with the new bytes, into its other bank:
//
//   physical page = header (magic, sequence, CRC) | data (kDataBytes)
//
//  F1 Commit last: a bank is erased, its data programmed, then its sequence,
//     CRC and, last of all, its magic word. A bank counts only if its magic
//     is set and its CRC (over sequence and data) checks, so a cut at any
//     point of an erase or a program leaves the other bank current.
//  F2 Newest wins: of two valid banks the one with the newer sequence number
//     (serial arithmetic, so it may wrap) is current; a virtual page with no
//     valid bank has never been written and reads 0xFF, like blank EEPROM.
//  F3 Prefix on a cut: a Write() spanning virtual pages commits them in
//     address order, so a cut leaves a prefix of the bytes written (whole
//     pages of it) and the rest as before, which the HAL contract allows.
//  F4 Durable on return: every programmed word is read back before the next
//     one; Write() returns kOk only once the last page's magic is in.
//  F5 Wear: a Write() erases one page per virtual page it changes (none if
//     the bytes are already there), alternating between the two banks.
// Start-up checks: the geometry is checked by static_assert; a memory the
// store finds too small is the store's own check (it asks Size()).
//
// The flash itself is behind `Flash`, so that the same emulation runs on the
// MPS2's code SSRAM (board.cpp) and on a test double that cuts power after
// any erase or program (tests/firmware/arm/flash_nvm_test.cpp).
#pragma once

#include <stdint.h>

#include "firmware/hal/lock_board.h"

namespace lockfw::mps2 {

// A NOR flash region as its controller sees it: word reads, page erase, word
// program (new = old AND value). Offsets are bytes from the region start.
class Flash {
 public:
  static constexpr uint32_t kPageBytes = 1024;

  virtual uint32_t PageCount() = 0;
  virtual uint32_t ReadWord(uint32_t offset) = 0;
  // False if the operation failed (or power was cut while it ran).
  [[nodiscard]] virtual bool ErasePage(uint32_t page) = 0;
  [[nodiscard]] virtual bool ProgramWord(uint32_t offset, uint32_t value) = 0;

 protected:
  ~Flash() = default;
};

class FlashNvm final : public hal::NonVolatileMemory {
 public:
  static constexpr uint32_t kHeaderBytes = 12;  // magic, sequence, CRC
  static constexpr uint32_t kDataBytes = Flash::kPageBytes - kHeaderBytes;
  static constexpr uint32_t kMaxVirtualPages = 4;

  explicit FlashNvm(Flash& flash) : flash_(flash) {}

  uint32_t Size() override;
  [[nodiscard]] hal::NvmStatus Read(uint32_t address, uint8_t* data, uint32_t length) override;
  [[nodiscard]] hal::NvmStatus Write(uint32_t address, const uint8_t* data,
                                     uint32_t length) override;

 private:
  static constexpr uint8_t kNoBank = 0xFF;

  uint32_t VirtualPages();
  // Finds the current bank of a virtual page (F1, F2); kNoBank if blank.
  void Mount();
  bool BankValid(uint32_t page, uint32_t* sequence);
  uint8_t DataByte(uint32_t vpage, uint32_t offset);
  hal::NvmStatus WritePage(uint32_t vpage, uint32_t offset, const uint8_t* data, uint32_t length);

  Flash& flash_;
  bool mounted_ = false;
  // Per virtual page: current bank (0, 1 or kNoBank) and its sequence.
  uint8_t bank_[kMaxVirtualPages] = {};
  uint32_t sequence_[kMaxVirtualPages] = {};
};

}  // namespace lockfw::mps2
