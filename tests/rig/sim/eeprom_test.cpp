#include "rig/sim/eeprom.h"

#include <array>

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

}  // namespace
}  // namespace lockrig::sim
