// Reading which build a firmware image is from the ELF file, without running
// it: the Cortex-M image this build made, this test program (which carries a
// build id section of its own), hand-made ELF files of both classes and
// byte orders, and the files that are not images.
#include "rig/hardware/firmware_image.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

// What the firmware does (firmware/targets/mps2-an386/main.cpp), in this
// host program, so that the reader is tested on a 64-bit ELF the linker made.
extern "C" __attribute__((section(".lockfw_build_id"), used)) const char lockrig_test_build_id[] =
    "lockfw 9.9.9 testhash";

namespace lockrig::hardware {
namespace {

namespace fs = std::filesystem;

fs::path TempFile(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("lockrig-image-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  return dir / name;
}

void Write(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// A minimal relocatable ELF: the null section, a name table and one section
// `name` holding `content` at `address`.
std::string MakeElf(bool wide, bool big_endian, const std::string& name, const std::string& content,
                    std::uint64_t address, std::uint32_t type = 1 /* PROGBITS */) {
  std::string out;
  const auto put = [&](std::uint64_t value, int size) {
    for (int i = 0; i < size; ++i) {
      const int shift = 8 * (big_endian ? size - 1 - i : i);
      out += static_cast<char>(value >> shift & 0xff);
    }
  };
  const int word = wide ? 8 : 4;
  const std::uint64_t header = wide ? 64 : 52;
  const std::uint64_t shentsize = wide ? 64 : 40;
  const std::string names = std::string("\0.shstrtab\0", 11) + name + '\0';
  const std::uint64_t names_at = header;
  const std::uint64_t content_at = names_at + names.size();
  const std::uint64_t shoff = content_at + content.size();

  out +=
      "\x7f"
      "ELF";
  out += static_cast<char>(wide ? 2 : 1);
  out += static_cast<char>(big_endian ? 2 : 1);
  out += '\x01';
  out += std::string(9, '\0');
  put(1, 2);     // e_type: relocatable
  put(40, 2);    // e_machine: ARM
  put(1, 4);     // e_version
  put(0, word);  // e_entry
  put(0, word);  // e_phoff
  put(shoff, word);
  put(0, 4);  // e_flags
  put(header, 2);
  put(0, 2);  // e_phentsize
  put(0, 2);  // e_phnum
  put(shentsize, 2);
  put(3, 2);  // e_shnum
  put(1, 2);  // e_shstrndx
  out += names + content;

  const auto section = [&](std::uint64_t name_at, std::uint32_t sh_type, std::uint64_t addr,
                           std::uint64_t offset, std::uint64_t size) {
    put(name_at, 4);
    put(sh_type, 4);
    put(0, word);  // flags
    put(addr, word);
    put(offset, word);
    put(size, word);
    put(0, 4);     // link
    put(0, 4);     // info
    put(1, word);  // addralign
    put(0, word);  // entsize
  };
  section(0, 0, 0, 0, 0);
  section(1, 3 /* STRTAB */, 0, names_at, names.size());
  section(11, type, address, content_at, content.size());
  return out;
}

#ifdef LOCKFW_ARM_ELF
TEST(FirmwareImage, TheCortexMImageOfThisBuildNamesItsBuild) {
  const FirmwareImage image = ReadFirmwareImage(LOCKFW_ARM_ELF);
  EXPECT_EQ(image.build_id, LOCKFW_ARM_BUILD_ID);
  // In the flash region (mps2_an386.ld: 0x0 .. 28 KiB), where the target
  // reads it back after loading.
  EXPECT_LT(image.build_id_address, 28u * 1024u);
}
#endif

TEST(FirmwareImage, ReadsTheBuildIdSectionOfAHostProgram) {
  EXPECT_EQ(ReadFirmwareImage("/proc/self/exe").build_id, "lockfw 9.9.9 testhash");
}

struct Layout {
  bool wide, big_endian;
};
void PrintTo(const Layout& layout, std::ostream* os) {
  *os << (layout.wide ? "ELF64 " : "ELF32 ") << (layout.big_endian ? "MSB" : "LSB");
}
class FirmwareImageLayouts : public ::testing::TestWithParam<Layout> {};

TEST_P(FirmwareImageLayouts, ReadsIdAndAddressInEveryClassAndByteOrder) {
  const fs::path path = TempFile("layout.elf");
  Write(path, MakeElf(GetParam().wide, GetParam().big_endian, ".lockfw_build_id",
                      std::string("lockfw 1.2.3 cafe123\0\0\0", 23), 0x1c0));
  const FirmwareImage image = ReadFirmwareImage(path.string());
  EXPECT_EQ(image.build_id, "lockfw 1.2.3 cafe123");
  EXPECT_EQ(image.build_id_address, 0x1c0u);
  EXPECT_EQ(image.path, path.string());
}

INSTANTIATE_TEST_SUITE_P(All, FirmwareImageLayouts,
                         ::testing::Values(Layout{false, false}, Layout{false, true},
                                           Layout{true, false}, Layout{true, true}),
                         [](const ::testing::TestParamInfo<Layout>& info) {
                           return std::string(info.param.wide ? "Elf64" : "Elf32") +
                                  (info.param.big_endian ? "BigEndian" : "LittleEndian");
                         });

std::string ErrorOf(const std::string& path) {
  try {
    ReadFirmwareImage(path);
  } catch (const FirmwareImageError& e) {
    return e.what();
  }
  return "no error";
}

TEST(FirmwareImage, MissingFileIsAnErrorNamingIt) {
  const std::string path = TempFile("no-such.elf").string();
  EXPECT_EQ(ErrorOf(path), path + ": cannot open the image: No such file or directory");
}

TEST(FirmwareImage, TextFileIsNotAnElfFile) {
  const fs::path path = TempFile("lockfw.hex");
  Write(path, ":020000040000FA\n");
  EXPECT_EQ(ErrorOf(path.string()), path.string() + ": not an ELF file");
}

TEST(FirmwareImage, TruncatedFileSaysSo) {
  const std::string whole = MakeElf(false, false, ".lockfw_build_id", "lockfw 1 x", 0);
  const fs::path path = TempFile("truncated.elf");
  Write(path, whole.substr(0, whole.size() - 30));
  EXPECT_NE(ErrorOf(path.string()).find(": truncated ELF file"), std::string::npos)
      << ErrorOf(path.string());
}

TEST(FirmwareImage, ElfWithoutTheSectionIsNotALockImage) {
  const fs::path path = TempFile("other.elf");
  Write(path, MakeElf(false, false, ".text", "\x70\x47", 0));
  EXPECT_EQ(ErrorOf(path.string()),
            path.string() +
                ": no .lockfw_build_id section: not a lock firmware image of this repository "
                "(firmware/targets/mps2-an386)");
}

TEST(FirmwareImage, SectionWithoutBytesOrPrintableIdIsAnError) {
  const fs::path empty = TempFile("empty-id.elf");
  Write(empty, MakeElf(true, false, ".lockfw_build_id", std::string("\0", 1), 0));
  EXPECT_EQ(ErrorOf(empty.string()), empty.string() + ": .lockfw_build_id is empty");
  const fs::path binary = TempFile("binary-id.elf");
  Write(binary, MakeElf(true, false, ".lockfw_build_id", "\x01\x02lockfw", 0));
  EXPECT_EQ(ErrorOf(binary.string()),
            binary.string() + ": .lockfw_build_id holds no printable build id");
  const fs::path nobits = TempFile("nobits-id.elf");
  Write(nobits, MakeElf(false, true, ".lockfw_build_id", "", 0, 8 /* NOBITS */));
  EXPECT_EQ(ErrorOf(nobits.string()),
            nobits.string() + ": .lockfw_build_id holds no bytes (NOBITS)");
}

}  // namespace
}  // namespace lockrig::hardware
