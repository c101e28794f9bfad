// Tests of the code store: atomicity across power cuts, blank and corrupt stores.
#include <gtest/gtest.h>

#include "firmware/store/code_store.h"
#include "tests/firmware/fake_board.h"

namespace lockfw::testing {
namespace {

store::PersistentState StateWith(uint8_t n) {
  store::PersistentState s;
  for (uint8_t i = 0; i < n; ++i) {
    s.users[i].Append(i);
    s.users[i].Append(1);
    s.users[i].Append(2);
    s.users[i].Append(3);
  }
  s.handing_learned = n % 2 == 1;
  return s;
}

TEST(Store, LB_STORE_6_BlankIsFactoryWithoutFault) {
  RamNvm nvm;
  store::CodeStore store(nvm);
  store::PersistentState s;
  EXPECT_EQ(store.Load(&s), store::LoadResult::kBlank);
}

TEST(Store, LB_STORE_1_RoundTripAcrossReload) {
  RamNvm nvm;
  for (uint8_t n = 1; n < 6; ++n) {
    store::CodeStore store(nvm);
    store::PersistentState s;
    (void)store.Load(&s);
    ASSERT_EQ(store.Save(StateWith(n)), store::SaveStatus::kOk);
    store::CodeStore again(nvm);
    store::PersistentState t;
    ASSERT_EQ(again.Load(&t), store::LoadResult::kLoaded);
    EXPECT_EQ(t.users[n - 1], StateWith(n).users[n - 1]);
    EXPECT_TRUE(t.users[n].empty());
  }
}

TEST(Store, LB_STORE_5_NoValidCopyIsFault) {
  RamNvm nvm;
  {
    store::CodeStore store(nvm);
    store::PersistentState s;
    (void)store.Load(&s);
    ASSERT_EQ(store.Save(StateWith(1)), store::SaveStatus::kOk);
    ASSERT_EQ(store.Save(StateWith(2)), store::SaveStatus::kOk);
  }
  for (auto& b : nvm.bytes) b = static_cast<uint8_t>(b ^ 0x11);
  store::CodeStore store(nvm);
  store::PersistentState s;
  EXPECT_EQ(store.Load(&s), store::LoadResult::kFault);
}

TEST(Store, LB_STORE_5_TooSmallMemoryIsFault) {
  RamNvm nvm(store::CodeStore::kRequiredBytes - 1);
  store::CodeStore store(nvm);
  store::PersistentState s;
  EXPECT_EQ(store.Load(&s), store::LoadResult::kFault);
}

// Power loss as a test dimension: every cut point of every write in a
// sequence of changes leaves either the old or the new state, never another.
TEST(Store, LB_STORE_3_CutAtEveryByteLeavesOldOrNew) {
  for (uint8_t step = 1; step <= 4; ++step) {
    for (long cut = 0; cut <= static_cast<long>(store::CodeStore::kRecordBytes); ++cut) {
      RamNvm nvm;
      {
        store::CodeStore store(nvm);
        store::PersistentState s;
        (void)store.Load(&s);
        for (uint8_t n = 1; n < step; ++n)
          ASSERT_EQ(store.Save(StateWith(n)), store::SaveStatus::kOk);
        nvm.cut_after_bytes = cut;
        (void)store.Save(StateWith(step));
      }
      store::CodeStore store(nvm);
      store::PersistentState s;
      const auto r = store.Load(&s);
      SCOPED_TRACE(::testing::Message() << "step " << int{step} << " cut " << cut);
      if (step == 1) {
        ASSERT_NE(r, store::LoadResult::kFault);
        if (r == store::LoadResult::kBlank) continue;
      } else {
        ASSERT_EQ(r, store::LoadResult::kLoaded);
      }
      const bool is_new = s.users[step - 1] == StateWith(step).users[step - 1];
      const bool is_old = s.users[step - 1].empty();
      EXPECT_TRUE(is_new || is_old);
      for (uint8_t n = 0; n + 1 < step; ++n) EXPECT_EQ(s.users[n], StateWith(step).users[n]);
      // After a cut the store keeps working.
      ASSERT_EQ(store.Save(StateWith(step)), store::SaveStatus::kOk);
      store::CodeStore again(nvm);
      store::PersistentState t;
      ASSERT_EQ(again.Load(&t), store::LoadResult::kLoaded);
      EXPECT_EQ(t.users[step - 1], StateWith(step).users[step - 1]);
    }
  }
}

TEST(Store, LB_STORE_8_ManyChangesWithoutLoss) {
  RamNvm nvm;
  store::CodeStore store(nvm);
  store::PersistentState s;
  (void)store.Load(&s);
  for (int i = 0; i < 100000; ++i) {
    ASSERT_EQ(store.Save(StateWith(static_cast<uint8_t>(i % 7))), store::SaveStatus::kOk);
  }
  store::CodeStore again(nvm);
  ASSERT_EQ(again.Load(&s), store::LoadResult::kLoaded);
  EXPECT_EQ(s.users[4], StateWith(99999 % 7).users[4]);
}

}  // namespace
}  // namespace lockfw::testing
