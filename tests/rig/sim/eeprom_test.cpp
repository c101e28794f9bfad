#include "rig/sim/eeprom.h"

#include <array>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

namespace lockrig::sim {
namespace {

using lockfw::hal::NvmStatus;

TEST(Eeprom, NewPartReadsErased) {
  Eeprom eeprom(4096);
  EXPECT_EQ(eeprom.Size(), 4096u);
  std::array<std::uint8_t, 16> data{};
  ASSERT_EQ(eeprom.Read(4080, data.data(), data.size()), NvmStatus::kOk);
  for (std::uint8_t byte : data) EXPECT_EQ(byte, 0xFF);
}

TEST(Eeprom, WrittenBytesReadBack) {
  Eeprom eeprom;
  const std::array<std::uint8_t, 4> written{1, 2, 3, 4};
  ASSERT_EQ(eeprom.Write(100, written.data(), written.size()), NvmStatus::kOk);
  std::array<std::uint8_t, 6> read{};
  ASSERT_EQ(eeprom.Read(99, read.data(), read.size()), NvmStatus::kOk);
  EXPECT_EQ(read, (std::array<std::uint8_t, 6>{0xFF, 1, 2, 3, 4, 0xFF}));
  EXPECT_EQ(eeprom.write_count(), 1u);
  EXPECT_EQ(eeprom.bytes_written(), 4u);
}

TEST(Eeprom, AccessPastTheEndIsRefusedWithoutWrapping) {
  Eeprom eeprom(256);
  std::array<std::uint8_t, 2> data{};
  EXPECT_EQ(eeprom.Read(255, data.data(), 2), NvmStatus::kOutOfRange);
  EXPECT_EQ(eeprom.Write(0xFFFFFFFFu, data.data(), 2), NvmStatus::kOutOfRange);
  EXPECT_EQ(eeprom.Read(254, data.data(), 2), NvmStatus::kOk);
  EXPECT_EQ(eeprom.write_count(), 0u);
}

// A write of `length` bytes 0, 1, 2, ... at address 0, started at `at`.
std::vector<std::uint8_t> Counting(std::size_t length) {
  std::vector<std::uint8_t> bytes(length);
  std::iota(bytes.begin(), bytes.end(), std::uint8_t{0});
  return bytes;
}

TEST(Eeprom, WriteTakesSetupPlusPerByteTimeAndQueuesBehindTheLast) {
  Scheduler clock;
  Eeprom eeprom(4096, NvmTiming{50, 10}, &clock);
  const auto data = Counting(300);
  EXPECT_EQ(eeprom.WriteDuration(300), 3050);
  ASSERT_EQ(eeprom.Write(0, data.data(), 300), NvmStatus::kOk);
  EXPECT_EQ(eeprom.BusyUntil(), 3050);
  // A second write in the same instant starts when the first ends.
  ASSERT_EQ(eeprom.Write(1000, data.data(), 10), NvmStatus::kOk);
  EXPECT_EQ(eeprom.BusyUntil(), 3050 + 150);
}

TEST(Eeprom, WriteIsReadableAtOnceSoTheFirmwareCanVerifyIt) {
  Scheduler clock;
  Eeprom eeprom(4096, NvmTiming{}, &clock);
  const auto data = Counting(64);
  ASSERT_EQ(eeprom.Write(0, data.data(), 64), NvmStatus::kOk);
  std::vector<std::uint8_t> back(64);
  ASSERT_EQ(eeprom.Read(0, back.data(), 64), NvmStatus::kOk);
  EXPECT_EQ(back, data);
}

TEST(Eeprom, PowerCutMidWriteKeepsThePrefixTearsOneByteAndRestoresTheRest) {
  Scheduler clock;
  Eeprom eeprom(4096, NvmTiming{50, 10}, &clock, SeededRandom(3));
  const auto data = Counting(100);
  ASSERT_EQ(eeprom.Write(0, data.data(), 100), NvmStatus::kOk);
  // 50 us setup + 42 bytes of 10 us, 5 us into byte 42.
  eeprom.PowerLost(50 + 42 * 10 + 5);
  const auto& bytes = eeprom.contents();
  for (int i = 0; i < 42; ++i) EXPECT_EQ(bytes[i], data[i]) << "byte " << i;
  for (int i = 43; i < 100; ++i) EXPECT_EQ(bytes[i], Eeprom::kErased) << "byte " << i;
  EXPECT_EQ(eeprom.torn_writes(), 1u);
  EXPECT_EQ(eeprom.BusyUntil(), 50 + 42 * 10 + 5);
}

TEST(Eeprom, TornByteIsSeeded) {
  auto torn_byte = [](std::uint64_t seed) {
    Scheduler clock;
    Eeprom eeprom(4096, NvmTiming{0, 10}, &clock, SeededRandom(seed));
    const std::vector<std::uint8_t> zeros(10, 0);
    EXPECT_EQ(eeprom.Write(0, zeros.data(), 10), NvmStatus::kOk);
    eeprom.PowerLost(55);
    return eeprom.contents()[5];
  };
  EXPECT_EQ(torn_byte(7), torn_byte(7));
  int differing = 0;
  for (std::uint64_t seed = 1; seed <= 8; ++seed)
    differing += torn_byte(seed) != torn_byte(seed + 100);
  EXPECT_GT(differing, 0);
}

TEST(Eeprom, PowerCutBeforeProgrammingStartsLeavesTheOldBytes) {
  Scheduler clock;
  Eeprom eeprom(4096, NvmTiming{50, 10}, &clock);
  const auto first = Counting(20);
  ASSERT_EQ(eeprom.Write(0, first.data(), 20), NvmStatus::kOk);
  clock.RunUntil(1000);  // the first write is long done
  const std::vector<std::uint8_t> second(20, 0xAA);
  ASSERT_EQ(eeprom.Write(0, second.data(), 20), NvmStatus::kOk);
  eeprom.PowerLost(1000 + 49);  // still in the setup time
  EXPECT_EQ(std::vector<std::uint8_t>(eeprom.contents().begin(), eeprom.contents().begin() + 20),
            first);
}

TEST(Eeprom, PowerCutAfterTheWriteEndedChangesNothing) {
  Scheduler clock;
  Eeprom eeprom(4096, NvmTiming{50, 10}, &clock);
  const auto data = Counting(20);
  ASSERT_EQ(eeprom.Write(0, data.data(), 20), NvmStatus::kOk);
  eeprom.PowerLost(250);  // the write ended at 250
  EXPECT_EQ(std::vector<std::uint8_t>(eeprom.contents().begin(), eeprom.contents().begin() + 20),
            data);
  EXPECT_EQ(eeprom.torn_writes(), 0u);
}

TEST(Eeprom, CutDuringTheFirstOfTwoQueuedWritesUndoesTheSecondEntirely) {
  Scheduler clock;
  Eeprom eeprom(4096, NvmTiming{0, 10}, &clock);
  const std::vector<std::uint8_t> a(10, 0x11), b(10, 0x22);
  ASSERT_EQ(eeprom.Write(0, a.data(), 10), NvmStatus::kOk);
  ASSERT_EQ(eeprom.Write(5, b.data(), 10), NvmStatus::kOk);  // overlaps a's tail
  eeprom.PowerLost(30);                                      // 3 bytes of a programmed, byte 3 torn
  const auto& bytes = eeprom.contents();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(bytes[i], 0x11);
  for (int i = 4; i < 15; ++i) EXPECT_EQ(bytes[i], Eeprom::kErased) << "byte " << i;
}

TEST(Eeprom, WriteStartIsReported) {
  Scheduler clock;
  Eeprom eeprom(4096, NvmTiming{50, 10}, &clock);
  VirtualMicros start = -1, end = -1;
  eeprom.OnWriteStart([&](VirtualMicros s, VirtualMicros e) {
    start = s;
    end = e;
  });
  clock.RunUntil(700);
  const auto data = Counting(5);
  ASSERT_EQ(eeprom.Write(0, data.data(), 5), NvmStatus::kOk);
  EXPECT_EQ(start, 700);
  EXPECT_EQ(end, 800);
}

}  // namespace
}  // namespace lockrig::sim
