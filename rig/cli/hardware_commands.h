// The hardware bench's subcommands of `lockrig`: `selftest` (bring-up of a
// rig, walking a person through its wiring) and `record` (a camera
// recording the replay camera can stand in with). Registered on the
// command line by AddHardwareCommands; the functions below are what the
// subcommands run, for tests.
#pragma once

#include <iosfwd>
#include <string>

#include <CLI/CLI.hpp>

namespace lockrig::cli {

// Adds `selftest` and `record` to `app`. Their callbacks run during
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

}  // namespace lockrig::cli
