// Which firmware build an image file is, read from the file without running
// it: the lock firmware keeps its build id ("lockfw <version> <git hash>",
// what it prints on its UART at boot) in an ELF section of its own,
// `.lockfw_build_id` (firmware/targets/mps2-an386/main.cpp and its linker
// script). The flasher names what it put on the lock with this, and results
// name the build they judged with it. Both ELF classes and byte orders are
// read, so the same code reads the Cortex-M image and host-built files.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace lockrig::hardware {

inline constexpr const char* kBuildIdSection = ".lockfw_build_id";

// "<path>: <what is wrong>"; what() is exactly that.
class FirmwareImageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct FirmwareImage {
  std::string path;
  std::string build_id;                // "lockfw 0.1.0 3aef41e"
  std::uint64_t build_id_address = 0;  // where the image puts it on the target
};

// Throws FirmwareImageError: no such file, not an ELF file, truncated, no
// build id section, or one that holds no printable id.
FirmwareImage ReadFirmwareImage(const std::string& path);

}  // namespace lockrig::hardware
