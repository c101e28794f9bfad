#include "rig/hardware/firmware_image.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

namespace lockrig::hardware {

namespace {

// ELF constants (elf.h names), kept here so the reader does not depend on
// the host's <elf.h> and reads any class and byte order the same way.
constexpr unsigned char kElfClass32 = 1;
constexpr unsigned char kElfClass64 = 2;
constexpr unsigned char kElfData2Lsb = 1;
constexpr unsigned char kElfData2Msb = 2;
constexpr std::uint32_t kShtNobits = 8;
constexpr std::uint16_t kShnXindex = 0xffff;

class ElfReader {
 public:
  ElfReader(std::string path, std::vector<unsigned char> bytes)
      : path_(std::move(path)), bytes_(std::move(bytes)) {
    if (bytes_.size() < 16 || std::memcmp(bytes_.data(),
                                          "\x7f"
                                          "ELF",
                                          4) != 0)
      Fail("not an ELF file");
    const unsigned char elf_class = bytes_[4];
    const unsigned char data = bytes_[5];
    if (elf_class != kElfClass32 && elf_class != kElfClass64) Fail("unknown ELF class");
    if (data != kElfData2Lsb && data != kElfData2Msb) Fail("unknown ELF byte order");
    wide_ = elf_class == kElfClass64;
    big_endian_ = data == kElfData2Msb;
  }

  [[noreturn]] void Fail(const std::string& what) const {
    throw FirmwareImageError(path_ + ": " + what);
  }

  std::uint64_t Read(std::uint64_t at, int size) const {
    if (at > bytes_.size() || bytes_.size() - at < static_cast<std::uint64_t>(size))
      Fail("truncated ELF file (needs byte " +
           std::to_string(at + static_cast<std::uint64_t>(size)) + ", has " +
           std::to_string(bytes_.size()) + ")");
    std::uint64_t value = 0;
    for (int i = 0; i < size; ++i) {
      const std::uint64_t byte =
          bytes_[at + static_cast<std::uint64_t>(big_endian_ ? i : size - 1 - i)];
      value = value << 8 | byte;
    }
    return value;
  }
  // An address- or offset-sized field.
  std::uint64_t Word(std::uint64_t at) const { return Read(at, wide_ ? 8 : 4); }

  struct Section {
    std::string name;
    std::uint32_t type = 0;
    std::uint64_t address = 0, offset = 0, size = 0;
    std::uint64_t name_offset = 0;  // in the section name table
  };

  std::vector<Section> Sections() const {
    const std::uint64_t shoff = Word(wide_ ? 0x28 : 0x20);
    const std::uint64_t shentsize = Read(wide_ ? 0x3a : 0x2e, 2);
    std::uint64_t shnum = Read(wide_ ? 0x3c : 0x30, 2);
    std::uint64_t shstrndx = Read(wide_ ? 0x3e : 0x32, 2);
    if (shoff == 0) Fail("no section headers (a stripped or raw image?)");
    if (shentsize < (wide_ ? 0x40u : 0x28u)) Fail("section header entries too small");
    // More than 0xff00 sections: the counts live in section 0.
    if (shnum == 0) shnum = Word(shoff + (wide_ ? 0x20 : 0x14));
    if (shstrndx == kShnXindex) shstrndx = Read(shoff + (wide_ ? 0x28 : 0x18), 4);
    if (shstrndx >= shnum) Fail("section name table index out of range");

    std::vector<Section> sections;
    for (std::uint64_t i = 0; i < shnum; ++i) sections.push_back(Header(shoff + i * shentsize));
    const Section names = sections[shstrndx];
    for (auto& s : sections) s.name = Name(names, s.name_offset);
    return sections;
  }

  std::string Bytes(const Section& s) const {
    if (s.offset > bytes_.size() || bytes_.size() - s.offset < s.size)
      Fail("truncated ELF file (section " + s.name + " runs past the end)");
    return std::string(reinterpret_cast<const char*>(bytes_.data() + s.offset), s.size);
  }

 private:
  Section Header(std::uint64_t at) const {
    Section s;
    s.name_offset = Read(at, 4);
    s.type = static_cast<std::uint32_t>(Read(at + 4, 4));
    s.address = Word(at + (wide_ ? 0x10 : 0x0c));
    s.offset = Word(at + (wide_ ? 0x18 : 0x10));
    s.size = Word(at + (wide_ ? 0x20 : 0x14));
    return s;
  }

  std::string Name(const Section& names, std::uint64_t offset) const {
    if (offset >= names.size) Fail("section name outside the name table");
    std::string name;
    for (std::uint64_t at = names.offset + offset; at < names.offset + names.size; ++at) {
      const char c = static_cast<char>(Read(at, 1));
      if (c == '\0') break;
      name += c;
    }
    return name;
  }

  std::string path_;
  std::vector<unsigned char> bytes_;
  bool wide_ = false;
  bool big_endian_ = false;
};

}  // namespace

FirmwareImage ReadFirmwareImage(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FirmwareImageError(path + ": cannot open the image: " + std::strerror(errno));
  std::vector<unsigned char> bytes{std::istreambuf_iterator<char>(in),
                                   std::istreambuf_iterator<char>()};
  const ElfReader elf(path, std::move(bytes));
  for (const auto& s : elf.Sections()) {
    if (s.name != kBuildIdSection) continue;
    if (s.type == kShtNobits) elf.Fail(std::string(kBuildIdSection) + " holds no bytes (NOBITS)");
    const std::string raw = elf.Bytes(s);
    const std::string id = raw.substr(0, raw.find('\0'));
    if (id.empty()) elf.Fail(std::string(kBuildIdSection) + " is empty");
    for (const char c : id) {
      if (c < 0x20 || c > 0x7e)
        elf.Fail(std::string(kBuildIdSection) + " holds no printable build id");
    }
    return FirmwareImage{path, id, s.address};
  }
  elf.Fail(std::string("no ") + kBuildIdSection +
           " section: not a lock firmware image of this repository (firmware/targets/mps2-an386)");
}

}  // namespace lockrig::hardware
