#include "rig/hardware/firmware_image.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
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

// Reads only the parts of the file it needs (header, section headers, names,
// the one section): images with debug information, or a host program, can
// be large.
class ElfReader {
 public:
  ElfReader(std::string path, std::ifstream& in) : path_(std::move(path)), in_(in) {
    in_.seekg(0, std::ios::end);
    size_ = static_cast<std::uint64_t>(in_.tellg());
    const std::string ident = Bytes(0, std::min<std::uint64_t>(size_, 16));
    if (ident.size() < 16 || ident.compare(0, 4,
                                           "\x7f"
                                           "ELF") != 0)
      Fail("not an ELF file");
    const auto elf_class = static_cast<unsigned char>(ident[4]);
    const auto data = static_cast<unsigned char>(ident[5]);
    if (elf_class != kElfClass32 && elf_class != kElfClass64) Fail("unknown ELF class");
    if (data != kElfData2Lsb && data != kElfData2Msb) Fail("unknown ELF byte order");
    wide_ = elf_class == kElfClass64;
    big_endian_ = data == kElfData2Msb;
  }

  [[noreturn]] void Fail(const std::string& what) const {
    throw FirmwareImageError(path_ + ": " + what);
  }

  // `count` bytes at `at`; the file must hold them.
  std::string Bytes(std::uint64_t at, std::uint64_t count) const {
    if (at > size_ || size_ - at < count) {
      Fail("truncated ELF file (needs byte " + std::to_string(at + count) + ", has " +
           std::to_string(size_) + ")");
    }
    std::string bytes(count, '\0');
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(at));
    in_.read(bytes.data(), static_cast<std::streamsize>(count));
    if (!in_) Fail("cannot read " + std::to_string(count) + " bytes at " + std::to_string(at));
    return bytes;
  }

  std::uint64_t Read(std::uint64_t at, int size) const {
    const std::string bytes = Bytes(at, static_cast<std::uint64_t>(size));
    std::uint64_t value = 0;
    for (int i = 0; i < size; ++i) {
      const auto byte = static_cast<unsigned char>(
          bytes[static_cast<std::size_t>(big_endian_ ? i : size - 1 - i)]);
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
    if (shnum > (size_ - std::min(size_, shoff)) / shentsize) {
      Fail("truncated ELF file (section headers run past the end)");
    }

    std::vector<Section> sections;
    for (std::uint64_t i = 0; i < shnum; ++i) sections.push_back(Header(shoff + i * shentsize));
    const std::string names = Bytes(sections[shstrndx].offset, sections[shstrndx].size);
    for (auto& section : sections) {
      if (section.name_offset >= names.size() && section.name_offset != 0) {
        Fail("section name outside the name table");
      }
      section.name = section.name_offset < names.size() ? names.c_str() + section.name_offset : "";
    }
    return sections;
  }

  std::string Contents(const Section& s, std::uint64_t at_most) const {
    if (s.offset > size_ || size_ - s.offset < s.size) {
      Fail("truncated ELF file (section " + s.name + " runs past the end)");
    }
    return Bytes(s.offset, std::min(s.size, at_most));
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

  std::string path_;
  std::ifstream& in_;
  std::uint64_t size_ = 0;
  bool wide_ = false;
  bool big_endian_ = false;
};

}  // namespace

FirmwareImage ReadFirmwareImage(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FirmwareImageError(path + ": cannot open the image: " + std::strerror(errno));
  const ElfReader elf(path, in);
  for (const auto& s : elf.Sections()) {
    if (s.name != kBuildIdSection) continue;
    if (s.type == kShtNobits) elf.Fail(std::string(kBuildIdSection) + " holds no bytes (NOBITS)");
    // A build id is a line of text; more is not one.
    const std::string raw = elf.Contents(s, 256);
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
