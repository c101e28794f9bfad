// The hardware bench's subcommands of `lockrig`: `selftest` (bring-up of a
// rig, walking a person through its wiring), `record` (a camera recording
// the replay camera can stand in with) and `flash` (programming the lock's
// MCU through the rig's GDB server with the image this build made).
// Registered on the command line by AddHardwareCommands; the functions below
// are what the subcommands run, for tests, and what `lockrig run --flash`
// shares with `flash`.
#pragma once

#include <atomic>
#include <iosfwd>
#include <string>

#include <CLI/CLI.hpp>

#include "rig/hardware/flasher.h"
#include "rig/hardware/rig_file.h"

namespace lockrig::cli {

// Adds `selftest`, `record` and `flash` to `app`. Their callbacks run during
// app.parse() and set `exit_code` (kExitPassed, kExitFailed: a check
// failed, kExitError: the rig file, lines or camera could not be used);
// they never throw.
void AddHardwareCommands(CLI::App& app, int& exit_code);

struct SelftestArgs {
  std::string rig_file;
  bool yes = false;        // no questions; only the parts that need no person
  std::string frame_out;   // write the captured frame here (PNG)
  bool fake_gpio = false;  // simulated lines: a dry run off the bench
  double listen_seconds = 1.0;
};
int SelftestCommand(const SelftestArgs& args, std::istream& in, std::ostream& out,
                    std::ostream& err);

struct RecordArgs {
  std::string rig_file;  // record the rig's camera, or
  bool sim = false;      // the simulated bench's rendered frames
  std::string profile = "smartcode";
  std::uint64_t seed = 1;
  std::string out;  // video path; the sidecar goes beside it
  double seconds = 10.0;
};
int RecordCommand(const RecordArgs& args, std::ostream& out, std::ostream& err);

// The lock firmware image this build made (firmware/targets/mps2-an386), or
// "" when it was configured without the ARM toolchain.
std::string DefaultFirmwareImage();

// `image`, or the default image; throws hardware::FlashError (kImage) when
// there is neither.
std::string ImageToFlash(const std::string& image);

// Flashes `image` through the rig's `flash:` section and prints one line
// saying what was flashed where. Throws hardware::FlashError, also for a rig
// file without a `flash:` section.
hardware::FlashReport FlashLock(const hardware::RigConfig& rig, const std::string& image,
                                std::chrono::milliseconds timeout, const std::atomic<bool>* stop,
                                std::ostream& out);

// What a hardware run that did not flash knows about the lock's firmware:
// not which build runs on it. Names the build `image` holds, if it can be
// read, as what --flash would load, not as what was judged.
std::string UnflashedFirmwareBuild(const std::string& image);

struct FlashArgs {
  std::string rig_file;
  std::string image;  // empty: DefaultFirmwareImage()
  double timeout_seconds = 120;
  bool verbose = false;  // print GDB's output
  bool dry_run = false;  // print the GDB command and script, run nothing
};
int FlashCommand(const FlashArgs& args, std::ostream& out, std::ostream& err);

}  // namespace lockrig::cli
