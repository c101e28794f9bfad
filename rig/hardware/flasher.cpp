#include "rig/hardware/flasher.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "rig/hardware/child_process.h"

namespace lockrig::hardware {

namespace {

constexpr const char* kStepMarker = "lockrig-step: ";
constexpr const char* kBuildIdMarker = "lockrig-build-id: ";

// A flash erase on a real probe can hold a reply for seconds; QEMU answers
// at once.
constexpr int kRemoteTimeoutSeconds = 30;

std::string Hex(std::uint64_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

// The script file GDB reads, removed on every path.
class ScriptFile {
 public:
  explicit ScriptFile(const std::vector<std::string>& lines) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "lockrig-flash-XXXXXX").string();
    const int fd = mkstemp(pattern.data());
    if (fd < 0) throw FlashError(FlashFailure::kGdb, "cannot create the GDB script in /tmp");
    close(fd);
    path_ = pattern;
    std::ofstream out(path_);
    for (const auto& line : lines) out << line << "\n";
    if (!out) throw FlashError(FlashFailure::kGdb, "cannot write the GDB script " + path_);
  }
  ~ScriptFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  ScriptFile(const ScriptFile&) = delete;
  ScriptFile& operator=(const ScriptFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The last step GDB announced before it stopped. Only whole lines count:
// GDB killed at a deadline may have written half of one.
std::string LastStep(const std::string& output) {
  std::string step = "start";
  std::istringstream lines(output.substr(0, output.rfind('\n') + 1));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(kStepMarker, 0) == 0) step = line.substr(std::string(kStepMarker).size());
  }
  return step;
}

// GDB's own lines (not our markers), the last few, for an error message.
std::string Tail(const std::string& output, std::size_t count = 6) {
  std::vector<std::string> kept;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.rfind(kStepMarker, 0) == 0) continue;
    kept.push_back(line);
  }
  std::string tail;
  for (std::size_t i = kept.size() > count ? kept.size() - count : 0; i < kept.size(); ++i)
    tail += "\n  gdb: " + kept[i];
  return tail;
}

std::string Seconds(std::chrono::milliseconds ms) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(ms.count()) / 1000.0);
  return text;
}

std::string Target(const FlashConfig& flash) {
  return flash.probe + " at " + flash.server;
}

}  // namespace

FlashError::FlashError(FlashFailure failure, const std::string& message, std::string gdb_output)
    : std::runtime_error(message), failure_(failure), gdb_output_(std::move(gdb_output)) {}

std::vector<std::string> FlashScript(const FlashConfig& flash, const FirmwareImage& image,
                                     std::chrono::seconds connect_timeout) {
  const auto step = [](const std::string& name) {
    return std::string("echo ") + kStepMarker + name + "\\n";
  };
  std::vector<std::string> s{
      "set pagination off",
      "set confirm off",
      "set height 0",
      "set width 0",
      // A server that is not listening is an error at once, not after retries.
      "set tcp auto-retry off",
      "set tcp connect-timeout " + std::to_string(connect_timeout.count()),
      "set remotetimeout " + std::to_string(kRemoteTimeoutSeconds),
      step("connect"),
      "target extended-remote " + flash.server,
  };
  // Halt the MCU before writing its flash, the way each server does it.
  if (flash.probe == "openocd" || flash.probe == "pyocd") {
    s.push_back(step("halt"));
    s.push_back("monitor reset halt");
  } else if (flash.probe == "blackmagic") {
    s.push_back(step("attach"));
    s.push_back("monitor swdp_scan");
    s.push_back("attach 1");
  }
  // qemu: started with -S, the CPU is already stopped.
  s.push_back(step("load"));
  s.push_back("load");
  s.push_back(step("verify"));
  s.push_back("compare-sections");
  s.push_back(std::string("printf \"") + kBuildIdMarker + "%s\\n\", (const char *) " +
              Hex(image.build_id_address));
  // Out of reset into the new image, and let go of it.
  s.push_back(step("reset"));
  if (flash.probe == "openocd") {
    s.push_back("monitor reset run");
    s.push_back("detach");
  } else if (flash.probe == "pyocd") {
    s.push_back("monitor reset");
    s.push_back("detach");
  } else if (flash.probe == "blackmagic") {
    s.push_back("kill");  // the Black Magic Probe resets the target and lets it run
  } else {
    // QEMU's gdbstub passes `monitor` to its HMP monitor: a system reset
    // loads SP and PC from the vector table just written, as a power-on
    // does; detaching resumes the machine.
    s.push_back("monitor system_reset");
    s.push_back("detach");
  }
  s.push_back(step("done"));
  return s;
}

std::vector<std::string> FlashCommand(const FlashConfig& flash, const std::string& script_path,
                                      const FirmwareImage& image) {
  return {flash.gdb, "-nx", "-q", "-batch", "-x", script_path, image.path};
}

FlashReport FlashFirmware(const FlashConfig& flash, const std::string& image_path,
                          const FlashOptions& options) {
  FlashReport report;
  try {
    report.image = ReadFirmwareImage(std::filesystem::absolute(image_path).string());
  } catch (const FirmwareImageError& e) {
    throw FlashError(FlashFailure::kImage, std::string("cannot flash: ") + e.what());
  }
  report.target = Target(flash);
  const ScriptFile file(FlashScript(flash, report.image, options.connect_timeout));

  ChildRun run;
  try {
    run = RunChild(FlashCommand(flash, file.path(), report.image), options.timeout, options.stop);
  } catch (const std::runtime_error& e) {
    throw FlashError(FlashFailure::kGdbMissing,
                     std::string(e.what()) +
                         " (the rig file's flash: gdb; Debian: apt-get install "
                         "gdb-multiarch)");
  }
  report.gdb_output = run.output;
  report.took = run.took;
  const std::string step = LastStep(run.output);
  const std::string where = "flashing " + report.image.build_id + " through " + report.target;

  if (run.end == ChildRun::End::kTimedOut) {
    throw FlashError(FlashFailure::kTimeout,
                     where + ": timed out after " + Seconds(options.timeout) + " at step '" + step +
                         "'" + Tail(run.output),
                     run.output);
  }
  if (run.end == ChildRun::End::kStopped) {
    throw FlashError(FlashFailure::kInterrupted, where + ": interrupted at step '" + step + "'",
                     run.output);
  }
  // compare-sections only warns, so a mismatch is found in its output even
  // when GDB went on.
  if (run.output.find("MIS-MATCHED") != std::string::npos) {
    throw FlashError(
        FlashFailure::kVerify,
        where + ": the target's memory differs from the image after loading" + Tail(run.output, 12),
        run.output);
  }
  if (run.end != ChildRun::End::kExited || run.exit_code != 0 || step != "done") {
    FlashFailure failure = FlashFailure::kGdb;
    std::string what = "GDB failed at step '" + step + "'";
    if (step == "start") {
      what = "GDB stopped before connecting (is " + flash.gdb + " a GDB for ARM?)";
    } else if (step == "connect") {
      failure = FlashFailure::kServerUnreachable;
      what = "cannot reach the GDB server " + flash.server + " (is " + flash.probe +
             " running there? the rig file's flash: server)";
    } else if (step == "halt" || step == "attach") {
      failure = FlashFailure::kLoad;
      what = "connected, but the probe could not " + step + " the MCU";
    } else if (step == "load") {
      failure = FlashFailure::kLoad;
      what = "connected, but loading the image failed";
    } else if (step == "verify") {
      failure = FlashFailure::kVerify;
      what = "loaded, but verifying the target's memory failed";
    } else if (step == "reset") {
      what = "loaded and verified, but resetting the MCU into the image failed";
    }
    throw FlashError(failure, where + ": " + what + Tail(run.output), run.output);
  }

  // The id the target holds where the image puts it.
  std::string read_back;
  std::istringstream lines(run.output);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(kBuildIdMarker, 0) == 0)
      read_back = line.substr(std::string(kBuildIdMarker).size());
  }
  if (read_back != report.image.build_id) {
    throw FlashError(FlashFailure::kVerify,
                     where + ": the target holds build id \"" + read_back + "\" at " +
                         Hex(report.image.build_id_address) + " after loading",
                     run.output);
  }
  if (run.output.find("matched.") == std::string::npos) {
    throw FlashError(FlashFailure::kVerify,
                     where + ": compare-sections checked no section" + Tail(run.output),
                     run.output);
  }
  return report;
}

}  // namespace lockrig::hardware
