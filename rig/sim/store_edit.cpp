#include "rig/sim/store_edit.h"

#include <algorithm>

#include "firmware/store/code_store.h"

namespace lockrig::sim {
namespace {

// The EEPROM's bytes without its timing: a bench edit is not a firmware
// write and must not make the MCU busy or be torn by a power cut.
class DirectAccess final : public lockfw::hal::NonVolatileMemory {
 public:
  explicit DirectAccess(std::vector<std::uint8_t>& bytes) : bytes_(bytes) {}

  std::uint32_t Size() override { return static_cast<std::uint32_t>(bytes_.size()); }
  lockfw::hal::NvmStatus Read(std::uint32_t address, std::uint8_t* data,
                              std::uint32_t length) override {
    if (static_cast<std::uint64_t>(address) + length > bytes_.size())
      return lockfw::hal::NvmStatus::kOutOfRange;
    std::copy_n(bytes_.begin() + address, length, data);
    return lockfw::hal::NvmStatus::kOk;
  }
  lockfw::hal::NvmStatus Write(std::uint32_t address, const std::uint8_t* data,
                               std::uint32_t length) override {
    if (static_cast<std::uint64_t>(address) + length > bytes_.size())
      return lockfw::hal::NvmStatus::kOutOfRange;
    std::copy_n(data, length, bytes_.begin() + address);
    return lockfw::hal::NvmStatus::kOk;
  }

 private:
  std::vector<std::uint8_t>& bytes_;
};

}  // namespace

StoreEditResult ClearHandingFlag(Eeprom& eeprom) {
  DirectAccess memory(eeprom.raw_contents());
  lockfw::store::CodeStore store(memory);
  lockfw::store::PersistentState state;
  switch (store.Load(&state)) {
    case lockfw::store::LoadResult::kBlank:
      return StoreEditResult::kBlank;
    case lockfw::store::LoadResult::kFault:
      return StoreEditResult::kCorrupt;
    case lockfw::store::LoadResult::kLoaded:
      break;
  }
  if (!state.handing_learned) return StoreEditResult::kUnchanged;
  state.handing_learned = false;
  // Written as the store's next record, as the firmware itself would.
  return store.Save(state) == lockfw::store::SaveStatus::kOk ? StoreEditResult::kChanged
                                                             : StoreEditResult::kCorrupt;
}

StoreEditResult CorruptStore(Eeprom& eeprom) {
  auto& bytes = eeprom.raw_contents();
  const bool blank =
      std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == Eeprom::kErased; });
  if (blank) return StoreEditResult::kBlank;
  // Inverting every byte breaks every record's CRC and sequence number at
  // once, whatever the record layout.
  for (auto& b : bytes) b = static_cast<std::uint8_t>(~b);
  return StoreEditResult::kChanged;
}

}  // namespace lockrig::sim
