// Tests of the MPS2 target's EEPROM emulation on flash (flash_nvm.h): the
// NOR rules (erase to 0xFF, program only clears bits), its guarantees F1-F5,
// and the code store on top of it, with a power cut injected at every flash
// operation. Built into the ARM test ELF, so they run on the Cortex-M4.
#include <gtest/gtest.h>

#include <vector>

#include "firmware/store/code_store.h"
#include "firmware/targets/mps2-an386/flash_nvm.h"

namespace lockfw::mps2 {
namespace {

constexpr uint32_t kPages = 4;
constexpr uint32_t kWordsPerPage = Flash::kPageBytes / 4;

// A NOR flash in memory that counts erases per page, flags any program that
// would need a 0 bit to become 1 (a word programmed without an erase), and
// can lose power before the n-th operation: that erase leaves half its page
// erased, that program half its bits, and every later operation fails.
class ArrayFlash final : public Flash {
 public:
  // QEMU starts the code SSRAM zeroed, not erased: the emulation must cope.
  ArrayFlash() : words(kPages * kWordsPerPage, 0u), erases(kPages, 0) {}

  uint32_t PageCount() override { return kPages; }
  uint32_t ReadWord(uint32_t offset) override { return words[offset / 4]; }
  bool ErasePage(uint32_t page) override {
    if (page >= kPages) return false;
    const uint32_t first = page * kWordsPerPage;
    if (PowerFails()) {
      for (uint32_t w = 0; w < kWordsPerPage / 2; ++w) words[first + w] = 0xFFFFFFFFu;
      return false;
    }
    for (uint32_t w = 0; w < kWordsPerPage; ++w) words[first + w] = 0xFFFFFFFFu;
    ++erases[page];
    return true;
  }
  bool ProgramWord(uint32_t offset, uint32_t value) override {
    uint32_t& word = words[offset / 4];
    if ((word & value) != value) ++programs_without_erase;
    if (PowerFails()) {
      word &= value | 0xFFFF0000u;  // torn: only the low half programmed
      return false;
    }
    word &= value;
    return true;
  }

  long operations = 0;
  long cut_before = -1;  // the operation (0-based) that power fails in
  bool dead = false;
  std::vector<uint32_t> words;
  std::vector<int> erases;
  int programs_without_erase = 0;

 private:
  bool PowerFails() {
    const long n = operations++;
    if (dead || (cut_before >= 0 && n >= cut_before)) dead = true;
    return dead;
  }
};

std::vector<uint8_t> Pattern(uint32_t length, uint8_t seed) {
  std::vector<uint8_t> bytes(length);
  for (uint32_t i = 0; i < length; ++i) bytes[i] = static_cast<uint8_t>(seed + i * 7u);
  return bytes;
}

std::vector<uint8_t> ReadAll(hal::NonVolatileMemory& nvm) {
  std::vector<uint8_t> bytes(nvm.Size());
  EXPECT_EQ(nvm.Read(0, bytes.data(), nvm.Size()), hal::NvmStatus::kOk);
  return bytes;
}

TEST(FlashNvm, ZeroedFlashReadsBlank) {
  ArrayFlash flash;
  FlashNvm nvm(flash);
  EXPECT_EQ(nvm.Size(), 2 * FlashNvm::kDataBytes);
  for (uint8_t b : ReadAll(nvm)) ASSERT_EQ(b, 0xFF);
}

TEST(FlashNvm, WriteAcrossPagesSurvivesRemount) {
  ArrayFlash flash;
  const uint32_t at = FlashNvm::kDataBytes - 20;  // spans both virtual pages
  const auto data = Pattern(64, 3);
  {
    FlashNvm nvm(flash);
    ASSERT_EQ(nvm.Write(at, data.data(), 64), hal::NvmStatus::kOk);
  }
  FlashNvm again(flash);  // a reboot: nothing but the flash survives
  const auto bytes = ReadAll(again);
  for (uint32_t i = 0; i < bytes.size(); ++i) {
    ASSERT_EQ(bytes[i], i >= at && i < at + 64 ? data[i - at] : 0xFF) << "byte " << i;
  }
}

TEST(FlashNvm, OutOfRangeIsRefused) {
  ArrayFlash flash;
  FlashNvm nvm(flash);
  uint8_t byte = 0;
  EXPECT_EQ(nvm.Read(nvm.Size(), &byte, 1), hal::NvmStatus::kOutOfRange);
  EXPECT_EQ(nvm.Write(nvm.Size() - 1, &byte, 2), hal::NvmStatus::kOutOfRange);
  EXPECT_EQ(nvm.Read(nvm.Size(), &byte, 0), hal::NvmStatus::kOk);
}

TEST(FlashNvm, ProgramsOnlyErasedWords) {
  ArrayFlash flash;
  FlashNvm nvm(flash);
  for (uint8_t round = 0; round < 20; ++round) {
    const auto data = Pattern(100, round);
    ASSERT_EQ(nvm.Write(round * 90u, data.data(), 100), hal::NvmStatus::kOk);
  }
  EXPECT_EQ(flash.programs_without_erase, 0);
}

TEST(FlashNvm, UnchangedBytesCostNoErase) {
  ArrayFlash flash;
  FlashNvm nvm(flash);
  const auto data = Pattern(32, 9);
  ASSERT_EQ(nvm.Write(10, data.data(), 32), hal::NvmStatus::kOk);
  const long before = flash.operations;
  ASSERT_EQ(nvm.Write(10, data.data(), 32), hal::NvmStatus::kOk);
  const uint8_t erased[4] = {0xFF, 0xFF, 0xFF, 0xFF};
  ASSERT_EQ(nvm.Write(FlashNvm::kDataBytes + 5, erased, 4), hal::NvmStatus::kOk);
  EXPECT_EQ(flash.operations, before);
}

TEST(FlashNvm, BanksAlternateSoWearIsShared) {
  ArrayFlash flash;
  FlashNvm nvm(flash);
  for (int i = 0; i < 100; ++i) {
    const uint8_t value = static_cast<uint8_t>(i);
    ASSERT_EQ(nvm.Write(0, &value, 1), hal::NvmStatus::kOk);
  }
  EXPECT_EQ(flash.erases[0], 50);
  EXPECT_EQ(flash.erases[1], 50);
  EXPECT_EQ(flash.erases[2] + flash.erases[3], 0);  // the other page was never touched
}

// F1-F3: whatever operation the power fails in, each virtual page reads
// wholly old or wholly new, the new pages form a prefix of the write, and the
// memory takes the next write.
TEST(FlashNvm, CutAtEveryOperationLeavesOldOrNewPrefix) {
  const uint32_t at = FlashNvm::kDataBytes - 100;
  const auto old_data = Pattern(300, 1);
  const auto new_data = Pattern(300, 2);
  ArrayFlash prepared;
  {
    FlashNvm nvm(prepared);
    ASSERT_EQ(nvm.Write(at, old_data.data(), 300), hal::NvmStatus::kOk);
  }
  long operations = 0;
  {
    ArrayFlash flash = prepared;
    FlashNvm nvm(flash);
    const long before = flash.operations;
    ASSERT_EQ(nvm.Write(at, new_data.data(), 300), hal::NvmStatus::kOk);
    operations = flash.operations - before;
  }
  ASSERT_GE(operations, 2 + 300 / 4);  // two erases, a program per word written
  for (long cut = 0; cut < operations; ++cut) {
    SCOPED_TRACE(::testing::Message() << "power cut before flash operation " << cut);
    ArrayFlash flash = prepared;
    {
      FlashNvm nvm(flash);
      flash.cut_before = flash.operations + cut;
      ASSERT_NE(nvm.Write(at, new_data.data(), 300), hal::NvmStatus::kOk);
    }
    flash.cut_before = -1;
    flash.dead = false;
    FlashNvm nvm(flash);
    const auto bytes = ReadAll(nvm);
    bool page_new[2] = {true, true};
    bool page_old[2] = {true, true};
    for (uint32_t i = 0; i < 300; ++i) {
      const uint32_t page = (at + i) / FlashNvm::kDataBytes;
      page_new[page] = page_new[page] && bytes[at + i] == new_data[i];
      page_old[page] = page_old[page] && bytes[at + i] == old_data[i];
    }
    ASSERT_TRUE(page_old[0] || page_new[0]);
    ASSERT_TRUE(page_old[1] || page_new[1]);
    ASSERT_FALSE(page_new[1] && !page_new[0]) << "not a prefix of the write";
    ASSERT_EQ(nvm.Write(at, new_data.data(), 300), hal::NvmStatus::kOk);
    FlashNvm after(flash);
    const auto again = ReadAll(after);
    ASSERT_TRUE(std::equal(new_data.begin(), new_data.end(), again.begin() + at));
  }
}

// The code store on the flash emulation, as the image runs it: a cut at any
// flash operation of a save leaves the store loading the old or the new
// state, never a fault.
TEST(FlashNvm, CodeStoreSurvivesCutAtEveryOperation) {
  store::PersistentState first;
  first.users[0].Append(1);
  first.users[0].Append(2);
  first.users[0].Append(3);
  first.users[0].Append(4);
  store::PersistentState second = first;
  second.users[1].Append(4);
  second.users[1].Append(3);
  second.users[1].Append(2);
  second.users[1].Append(1);

  ArrayFlash prepared;
  {
    FlashNvm nvm(prepared);
    store::CodeStore store(nvm);
    store::PersistentState loaded;
    ASSERT_EQ(store.Load(&loaded), store::LoadResult::kBlank);
    ASSERT_EQ(store.Save(first), store::SaveStatus::kOk);
  }
  int old_seen = 0, new_seen = 0;
  for (long cut = 0;; ++cut) {
    SCOPED_TRACE(::testing::Message() << "power cut before flash operation " << cut);
    ArrayFlash flash = prepared;
    bool completed = false;
    {
      FlashNvm nvm(flash);
      store::CodeStore store(nvm);
      store::PersistentState loaded;
      ASSERT_EQ(store.Load(&loaded), store::LoadResult::kLoaded);
      flash.cut_before = flash.operations + cut;
      completed = store.Save(second) == store::SaveStatus::kOk;
    }
    flash.cut_before = -1;
    flash.dead = false;
    FlashNvm nvm(flash);
    store::CodeStore store(nvm);
    store::PersistentState loaded;
    ASSERT_EQ(store.Load(&loaded), store::LoadResult::kLoaded);
    if (loaded.users[1] == second.users[1]) {
      ++new_seen;
    } else {
      ASSERT_TRUE(loaded.users[1].empty());
      ++old_seen;
    }
    ASSERT_EQ(loaded.users[0], first.users[0]);
    if (completed) break;  // no operation left to cut
  }
  EXPECT_GT(old_seen, 0);
  EXPECT_GT(new_seen, 0);
}

}  // namespace
}  // namespace lockfw::mps2
