// The code store: the persistent state kept on non-volatile memory so that
// it is atomic across a power cut at any instant.
//
// Design note. The memory holds two record slots. A record is
//   header (magic, format, payload length, sequence number) | payload | CRC-32
// with the CRC over header and payload. Guarantees, and what provides them:
//  G1 Atomic update: Save() writes the *other* slot than the one holding the
//     newest valid record, with the next sequence number, and never touches
//     the newest one. A cut at any instant leaves the next record torn (its
//     CRC fails) and the previous one intact, or the next one complete.
//  G2 Durable on return: Save() returns kOk only after the memory's Write()
//     (durable on return, by the HAL contract) and a read-back compare, so
//     the caller may acknowledge the change (LB-STORE-2) right after.
//  G3 Never partly restored: Load() accepts a slot only if magic, format,
//     length and CRC all check; of two valid slots the newer sequence number
//     wins. Nothing is taken from an invalid slot (LB-STORE-5).
//  G4 Blank is factory: a region that is all 0xFF is a never-written store:
//     kBlank, not a fault (LB-STORE-6). So is one blank slot beside a torn
//     one: the very first write was cut before it was acknowledged, and the
//     state before it was the factory state (LB-STORE-3).
//  G5 Reads never write: only Save() writes, so a cut while no Save() runs
//     cannot change the store (LB-STORE-7).
//  G6 Endurance: each change writes one slot, alternating, so each slot sees
//     half of the changes (100 000 changes = 50 000 writes per byte).
// Start-up checks (Load()): the memory is large enough for both slots, and
// the record layout fits its slot (static_assert).
#pragma once

#include <stdint.h>

#include "firmware/hal/lock_board.h"
#include "firmware/store/persistent_state.h"

namespace lockfw::store {

enum class LoadResult : uint8_t {
  kLoaded,  // a valid record was read into the state
  kBlank,   // never written: the caller loads the factory state, no fault
  kFault,   // no valid copy (or memory too small / unreadable): factory state + STORE_FAULT
};

enum class SaveStatus : uint8_t { kOk, kHardwareError };

class CodeStore {
 public:
  // Layout of one record (bytes).
  static constexpr uint32_t kHeaderBytes = 12;
  static constexpr uint32_t kCodeBytes = 1 + kMaxCodeDigits;
  static constexpr uint32_t kPayloadBytes = 1 + kCodeBytes * (1 + kMaxUserCodes);
  static constexpr uint32_t kRecordBytes = kHeaderBytes + kPayloadBytes + 4;
  static constexpr uint32_t kRequiredBytes = 2 * kRecordBytes;

  explicit CodeStore(hal::NonVolatileMemory& nvm) : nvm_(nvm) {}

  // Reads the newest valid record. On kBlank and kFault `state` is untouched.
  [[nodiscard]] LoadResult Load(PersistentState* state);

  // Writes `state` as the next record (G1, G2).
  [[nodiscard]] SaveStatus Save(const PersistentState& state);

 private:
  enum class SlotCheck : uint8_t { kValid, kBlank, kInvalid };

  SlotCheck ReadSlot(uint8_t slot, uint8_t* record, uint32_t* sequence);

  hal::NonVolatileMemory& nvm_;
  bool usable_ = false;      // Load() found the memory large enough
  uint8_t newest_slot_ = 1;  // so that the first Save() writes slot 0
  uint32_t sequence_ = 0;
};

// Fixed-layout (de)serialisation of the state; exposed for tests.
void Serialize(const PersistentState& state, uint8_t* payload);
bool Deserialize(const uint8_t* payload, PersistentState* state);

}  // namespace lockfw::store
