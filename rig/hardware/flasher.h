// Programming the lock's MCU with a firmware image, through the GDB server
// the rig file's `flash:` section names (OpenOCD, pyOCD, a Black Magic
// Probe, or QEMU's gdbstub standing in for the board): GDB (gdb-multiarch)
// runs in batch mode, connects, loads the ELF, verifies the target's memory
// against it (compare-sections, and the build id read back from where the
// image puts it), then resets the MCU into the new image as the probe needs.
//
// The result names the build that was flashed, read from the ELF itself
// (firmware_image.h), so that a run that flashed first can say which build
// its results judged. Every failure is a FlashError that says which step
// failed (the image, starting GDB, reaching the server, loading,
// verifying) and carries GDB's output; a deadline bounds the whole run.
#pragma once

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "rig/hardware/firmware_image.h"
#include "rig/hardware/rig_file.h"

namespace lockrig::hardware {

enum class FlashFailure {
  kNotConfigured,      // the rig file has no flash: section
  kImage,              // missing, unreadable, or no build id in it
  kGdbMissing,         // the GDB program cannot be started
  kServerUnreachable,  // GDB could not connect to the server (or probe)
  kLoad,               // connected, but the load (or the probe's set-up) failed
  kVerify,             // the target's memory differs from the image
  kTimeout,            // the deadline passed
  kInterrupted,        // the stop flag was raised
  kGdb,                // GDB failed at another step
};

class FlashError : public std::runtime_error {
 public:
  FlashError(FlashFailure failure, const std::string& message, std::string gdb_output = {});
  FlashFailure failure() const { return failure_; }
  const std::string& gdb_output() const { return gdb_output_; }

 private:
  FlashFailure failure_;
  std::string gdb_output_;
};

struct FlashOptions {
  std::chrono::milliseconds timeout{std::chrono::seconds(120)};  // the whole GDB run
  std::chrono::seconds connect_timeout{5};  // reaching a TCP server, and each reply
  const std::atomic<bool>* stop = nullptr;  // Ctrl-C of a run: give up, GDB killed
};

struct FlashReport {
  FirmwareImage image;  // what was flashed, with its build id
  std::string target;   // "qemu at localhost:1234"
  std::string gdb_output;
  std::chrono::milliseconds took{0};
};

// The GDB commands that flash `image` through `flash`'s probe, one a line,
// each step announced by an `echo lockrig-step: NAME` line so that a failure
// names its step.
std::vector<std::string> FlashScript(
    const FlashConfig& flash, const FirmwareImage& image,
    std::chrono::seconds connect_timeout = std::chrono::seconds(5));

// The full command line (the script goes to `script_path`).
std::vector<std::string> FlashCommand(const FlashConfig& flash, const std::string& script_path,
                                      const FirmwareImage& image);

// Reads the image's build id, then flashes and verifies it. Throws FlashError.
FlashReport FlashFirmware(const FlashConfig& flash, const std::string& image_path,
                          const FlashOptions& options = {});

}  // namespace lockrig::hardware
