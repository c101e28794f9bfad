// EEPROM emulation on NOR flash pages: see flash_nvm.h for the layout and
// the guarantees F1..F5 that the code below enforces.
#include "firmware/targets/mps2-an386/flash_nvm.h"

#include "firmware/store/crc32.h"

namespace lockfw::mps2 {
namespace {

constexpr uint32_t kMagic = 0x3145564Eu;  // "NVE1" little-endian
constexpr uint32_t kErasedWord = 0xFFFFFFFFu;
constexpr uint32_t kMagicOffset = 0;
constexpr uint32_t kSequenceOffset = 4;
constexpr uint32_t kCrcOffset = 8;

static_assert(FlashNvm::kHeaderBytes == 12, "header: magic, sequence, CRC");
static_assert(FlashNvm::kDataBytes % 4 == 0, "data must be whole words");
static_assert(Flash::kPageBytes % 4 == 0 && Flash::kPageBytes > FlashNvm::kHeaderBytes,
              "page geometry");

uint32_t CrcWord(uint32_t word, uint32_t crc) {
  const uint8_t bytes[4] = {static_cast<uint8_t>(word), static_cast<uint8_t>(word >> 8),
                            static_cast<uint8_t>(word >> 16), static_cast<uint8_t>(word >> 24)};
  return store::Crc32(bytes, 4, crc);
}

// Serial-number comparison, so that the sequence may wrap (F2).
bool Newer(uint32_t a, uint32_t b) {
  return static_cast<int32_t>(a - b) > 0;
}

}  // namespace

uint32_t FlashNvm::VirtualPages() {
  const uint32_t pairs = flash_.PageCount() / 2;
  return pairs < kMaxVirtualPages ? pairs : kMaxVirtualPages;
}

uint32_t FlashNvm::Size() {
  return VirtualPages() * kDataBytes;
}

bool FlashNvm::BankValid(uint32_t page, uint32_t* sequence) {
  const uint32_t base = page * Flash::kPageBytes;
  // F1: the magic is programmed last, so without it the bank was never
  // committed; the CRC catches a bank whose erase was cut after the magic.
  if (flash_.ReadWord(base + kMagicOffset) != kMagic) return false;
  const uint32_t seq = flash_.ReadWord(base + kSequenceOffset);
  uint32_t crc = CrcWord(seq, 0);
  for (uint32_t w = 0; w < kDataBytes; w += 4) {
    crc = CrcWord(flash_.ReadWord(base + kHeaderBytes + w), crc);
  }
  if (crc != flash_.ReadWord(base + kCrcOffset)) return false;
  *sequence = seq;
  return true;
}

void FlashNvm::Mount() {
  if (mounted_) return;
  for (uint32_t v = 0; v < VirtualPages(); ++v) {
    uint32_t seq0 = 0, seq1 = 0;
    const bool valid0 = BankValid(2 * v, &seq0);
    const bool valid1 = BankValid(2 * v + 1, &seq1);
    // F2: the newer valid bank is current; none means never written.
    if (valid0 && (!valid1 || Newer(seq0, seq1))) {
      bank_[v] = 0;
      sequence_[v] = seq0;
    } else if (valid1) {
      bank_[v] = 1;
      sequence_[v] = seq1;
    } else {
      bank_[v] = kNoBank;
      sequence_[v] = 0;
    }
  }
  mounted_ = true;
}

uint8_t FlashNvm::DataByte(uint32_t vpage, uint32_t offset) {
  if (bank_[vpage] == kNoBank) return 0xFF;  // F2: blank reads as erased EEPROM
  const uint32_t base = (2 * vpage + bank_[vpage]) * Flash::kPageBytes + kHeaderBytes;
  const uint32_t word = flash_.ReadWord(base + (offset & ~3u));
  return static_cast<uint8_t>(word >> (8 * (offset & 3u)));
}

hal::NvmStatus FlashNvm::Read(uint32_t address, uint8_t* data, uint32_t length) {
  Mount();
  if (address > Size() || length > Size() - address) return hal::NvmStatus::kOutOfRange;
  for (uint32_t i = 0; i < length; ++i) {
    const uint32_t a = address + i;
    data[i] = DataByte(a / kDataBytes, a % kDataBytes);
  }
  return hal::NvmStatus::kOk;
}

hal::NvmStatus FlashNvm::Write(uint32_t address, const uint8_t* data, uint32_t length) {
  Mount();
  if (address > Size() || length > Size() - address) return hal::NvmStatus::kOutOfRange;
  // F3: virtual pages in address order, each committed before the next.
  while (length > 0) {
    const uint32_t vpage = address / kDataBytes;
    const uint32_t offset = address % kDataBytes;
    const uint32_t room = kDataBytes - offset;
    const uint32_t chunk = length < room ? length : room;
    const hal::NvmStatus status = WritePage(vpage, offset, data, chunk);
    if (status != hal::NvmStatus::kOk) return status;
    address += chunk;
    data += chunk;
    length -= chunk;
  }
  return hal::NvmStatus::kOk;
}

hal::NvmStatus FlashNvm::WritePage(uint32_t vpage, uint32_t offset, const uint8_t* data,
                                   uint32_t length) {
  // F5: bytes already there cost no erase.
  bool changed = false;
  for (uint32_t i = 0; i < length && !changed; ++i)
    changed = DataByte(vpage, offset + i) != data[i];
  if (!changed) return hal::NvmStatus::kOk;

  const uint8_t target = bank_[vpage] == 0 ? 1 : 0;
  const uint32_t page = 2 * vpage + target;
  const uint32_t base = page * Flash::kPageBytes;
  // F4: each word is read back, so a failed program is never acknowledged.
  auto program = [this](uint32_t at, uint32_t value) {
    return flash_.ProgramWord(at, value) && flash_.ReadWord(at) == value;
  };

  // F1: the target bank is the one that is *not* current, so erasing it
  // leaves the current copy untouched.
  if (!flash_.ErasePage(page)) return hal::NvmStatus::kHardwareError;
  const uint32_t sequence = bank_[vpage] == kNoBank ? 1u : sequence_[vpage] + 1u;
  uint32_t crc = CrcWord(sequence, 0);
  for (uint32_t w = 0; w < kDataBytes; w += 4) {
    uint32_t word = 0;
    for (uint32_t j = 0; j < 4; ++j) {
      const uint32_t at = w + j;
      const uint8_t byte =
          at >= offset && at - offset < length ? data[at - offset] : DataByte(vpage, at);
      word |= static_cast<uint32_t>(byte) << (8 * j);
    }
    crc = CrcWord(word, crc);
    // An erased word already reads all ones: programming it would only wear.
    if (word != kErasedWord && !program(base + kHeaderBytes + w, word)) {
      return hal::NvmStatus::kHardwareError;
    }
  }
  if (!program(base + kSequenceOffset, sequence) || !program(base + kCrcOffset, crc) ||
      !program(base + kMagicOffset, kMagic)) {  // F1: the magic commits the bank
    return hal::NvmStatus::kHardwareError;
  }
  bank_[vpage] = target;
  sequence_[vpage] = sequence;
  return hal::NvmStatus::kOk;
}

}  // namespace lockfw::mps2
