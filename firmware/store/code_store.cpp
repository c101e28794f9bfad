#include "firmware/store/code_store.h"

#include "firmware/store/crc32.h"

namespace lockfw::store {
namespace {

constexpr uint8_t kMagic[4] = {'L', 'K', 'S', 'T'};
constexpr uint8_t kFormat = 1;

static_assert(CodeStore::kPayloadBytes <= 0xFFFF, "payload length must fit its header field");
static_assert(CodeStore::kHeaderBytes == 4 + 4 + 2 + 1 + 1, "header layout");

void PutU32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint32_t GetU32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

void PutCode(uint8_t* p, const Code& code) {
  p[0] = code.length;
  for (uint8_t i = 0; i < kMaxCodeDigits; ++i) p[1 + i] = i < code.length ? code.buttons[i] : 0;
}
bool GetCode(const uint8_t* p, Code* code) {
  if (p[0] > kMaxCodeDigits) return false;
  code->length = p[0];
  for (uint8_t i = 0; i < kMaxCodeDigits; ++i) code->buttons[i] = p[1 + i];
  return true;
}

// Newer in serial-number arithmetic, so the sequence may wrap.
bool Newer(uint32_t a, uint32_t b) {
  return static_cast<int32_t>(a - b) > 0;
}

}  // namespace

void Serialize(const PersistentState& state, uint8_t* payload) {
  payload[0] =
      static_cast<uint8_t>((state.handing_learned ? 1u : 0u) |
                           (state.extend_polarity == hal::MotorDrive::kPolarityB ? 2u : 0u) |
                           (state.autolock_on ? 4u : 0u) | (state.paired ? 8u : 0u));
  PutCode(payload + 1, state.master);
  for (uint8_t i = 0; i < kMaxUserCodes; ++i) {
    PutCode(payload + 1 + CodeStore::kCodeBytes * (1U + i), state.users[i]);
  }
}

bool Deserialize(const uint8_t* payload, PersistentState* state) {
  PersistentState s;
  const uint8_t flags = payload[0];
  if ((flags & 0xF0u) != 0) return false;
  s.handing_learned = (flags & 1u) != 0;
  s.extend_polarity = (flags & 2u) != 0 ? hal::MotorDrive::kPolarityB : hal::MotorDrive::kPolarityA;
  s.autolock_on = (flags & 4u) != 0;
  s.paired = (flags & 8u) != 0;
  if (!GetCode(payload + 1, &s.master)) return false;
  for (uint8_t i = 0; i < kMaxUserCodes; ++i) {
    if (!GetCode(payload + 1 + CodeStore::kCodeBytes * (1U + i), &s.users[i])) return false;
  }
  *state = s;
  return true;
}

CodeStore::SlotCheck CodeStore::ReadSlot(uint8_t slot, uint8_t* record, uint32_t* sequence) {
  if (nvm_.Read(slot * kRecordBytes, record, kRecordBytes) != hal::NvmStatus::kOk) {
    return SlotCheck::kInvalid;
  }
  bool blank = true;
  for (uint32_t i = 0; i < kRecordBytes; ++i) blank = blank && record[i] == 0xFF;
  if (blank) return SlotCheck::kBlank;
  // G3: every field must check before anything is taken from the slot.
  for (int i = 0; i < 4; ++i) {
    if (record[i] != kMagic[i]) return SlotCheck::kInvalid;
  }
  const uint32_t payload_length = static_cast<uint32_t>(record[8]) | record[9] << 8;
  if (payload_length != kPayloadBytes || record[10] != kFormat) return SlotCheck::kInvalid;
  const uint32_t crc = Crc32(record, kHeaderBytes + kPayloadBytes);
  if (crc != GetU32(record + kHeaderBytes + kPayloadBytes)) return SlotCheck::kInvalid;
  *sequence = GetU32(record + 4);
  return SlotCheck::kValid;
}

LoadResult CodeStore::Load(PersistentState* state) {
  // Start-up check: both slots must fit, or nothing can be stored safely.
  usable_ = nvm_.Size() >= kRequiredBytes;
  if (!usable_) return LoadResult::kFault;

  uint8_t record[2][kRecordBytes];
  uint32_t sequence[2] = {0, 0};
  const SlotCheck check[2] = {ReadSlot(0, record[0], &sequence[0]),
                              ReadSlot(1, record[1], &sequence[1])};
  int best = -1;
  for (int i = 0; i < 2; ++i) {
    if (check[i] != SlotCheck::kValid) continue;
    if (best < 0 || Newer(sequence[i], sequence[best])) best = i;
  }
  PersistentState loaded;
  if (best >= 0 && Deserialize(record[best] + kHeaderBytes, &loaded)) {
    *state = loaded;
    newest_slot_ = static_cast<uint8_t>(best);
    sequence_ = sequence[best];
    return LoadResult::kLoaded;
  }
  // G4: all blank, or one blank slot beside a torn first write.
  if (check[0] == SlotCheck::kBlank || check[1] == SlotCheck::kBlank) {
    // The next Save() goes to the torn slot, so that a cut during it again
    // leaves blank + torn (factory state), never two torn slots (a fault).
    newest_slot_ = check[0] == SlotCheck::kBlank ? 0 : 1;
    sequence_ = 0;
    return LoadResult::kBlank;
  }
  newest_slot_ = 1;
  sequence_ = 0;
  return LoadResult::kFault;
}

SaveStatus CodeStore::Save(const PersistentState& state) {
  if (!usable_) return SaveStatus::kHardwareError;
  uint8_t record[kRecordBytes];
  for (int i = 0; i < 4; ++i) record[i] = kMagic[i];
  const uint32_t sequence = sequence_ + 1;
  PutU32(record + 4, sequence);
  record[8] = static_cast<uint8_t>(kPayloadBytes & 0xFFu);
  record[9] = static_cast<uint8_t>(kPayloadBytes >> 8);
  record[10] = kFormat;
  record[11] = 0;
  Serialize(state, record + kHeaderBytes);
  PutU32(record + kHeaderBytes + kPayloadBytes, Crc32(record, kHeaderBytes + kPayloadBytes));

  // G1: never the slot holding the newest valid record.
  const uint8_t slot = newest_slot_ == 0 ? 1 : 0;
  if (nvm_.Write(slot * kRecordBytes, record, kRecordBytes) != hal::NvmStatus::kOk) {
    return SaveStatus::kHardwareError;
  }
  // G2: durable and readable before the caller acknowledges.
  uint8_t check[kRecordBytes];
  if (nvm_.Read(slot * kRecordBytes, check, kRecordBytes) != hal::NvmStatus::kOk) {
    return SaveStatus::kHardwareError;
  }
  for (uint32_t i = 0; i < kRecordBytes; ++i) {
    if (check[i] != record[i]) return SaveStatus::kHardwareError;
  }
  newest_slot_ = slot;
  sequence_ = sequence;
  return SaveStatus::kOk;
}

}  // namespace lockfw::store
