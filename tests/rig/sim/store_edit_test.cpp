// Bench-side store faults: what the lock finds in its EEPROM at its next
// power-up after the bench edited it.
#include "rig/sim/store_edit.h"

#include <gtest/gtest.h>

#include "firmware/store/code_store.h"

namespace lockrig::sim {
namespace {

lockfw::store::LoadResult LoadFrom(Eeprom& eeprom) {
  lockfw::store::CodeStore store(eeprom);
  lockfw::store::PersistentState state;
  return store.Load(&state);
}

void SaveSomething(Eeprom& eeprom) {
  lockfw::store::CodeStore store(eeprom);
  lockfw::store::PersistentState state;
  // As the firmware does at boot: the store learns its memory by loading.
  ASSERT_EQ(store.Load(&state), lockfw::store::LoadResult::kBlank);
  state.handing_learned = true;
  ASSERT_EQ(store.Save(state), lockfw::store::SaveStatus::kOk);
  ASSERT_EQ(store.Save(state), lockfw::store::SaveStatus::kOk);  // both copies written
}

TEST(StoreEdit, CorruptingAWrittenStoreLeavesNoValidCopy) {
  Eeprom eeprom;
  SaveSomething(eeprom);
  ASSERT_EQ(LoadFrom(eeprom), lockfw::store::LoadResult::kLoaded);
  EXPECT_EQ(CorruptStore(eeprom), StoreEditResult::kChanged);
  EXPECT_EQ(LoadFrom(eeprom), lockfw::store::LoadResult::kFault);
}

TEST(StoreEdit, ABlankStoreStaysBlank) {
  Eeprom eeprom;
  EXPECT_EQ(CorruptStore(eeprom), StoreEditResult::kBlank);
  EXPECT_EQ(LoadFrom(eeprom), lockfw::store::LoadResult::kBlank);
}

TEST(StoreEdit, ClearingHandingKeepsAValidStore) {
  Eeprom eeprom;
  SaveSomething(eeprom);
  EXPECT_EQ(ClearHandingFlag(eeprom), StoreEditResult::kChanged);
  lockfw::store::CodeStore store(eeprom);
  lockfw::store::PersistentState state;
  ASSERT_EQ(store.Load(&state), lockfw::store::LoadResult::kLoaded);
  EXPECT_FALSE(state.handing_learned);
}

}  // namespace
}  // namespace lockrig::sim
