#include "rig/cli/hardware_commands.h"

#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>

#include "rig/cli/commands.h"
#include "rig/cli/stop_signals.h"
#include "rig/hardware/fake_gpio.h"
#include "rig/hardware/firmware_image.h"
#include "rig/hardware/gpiod_bench.h"
#include "rig/hardware/gpiod_lines.h"
#include "rig/hardware/recording.h"
#include "rig/hardware/rig_file.h"
#include "rig/hardware/selftest.h"
#include "rig/sim/sim_bench.h"

namespace lockrig::cli {

namespace hw = lockrig::hardware;

namespace {}  // namespace

int SelftestCommand(const SelftestArgs& args, std::istream& in, std::ostream& out,
                    std::ostream& err) {
  try {
    // Validated completely before any line is requested.
    const hw::RigConfig rig = hw::LoadRigFile(args.rig_file);
    std::unique_ptr<hw::GpioBackend> gpio;
    if (args.fake_gpio) {
      gpio = std::make_unique<hw::FakeGpio>();
    } else {
      gpio = std::make_unique<hw::GpiodBackend>();
    }
    auto camera = hw::MakeFrameSource(rig);
    hw::SelftestOptions options;
    options.assume_yes = args.yes;
    options.frame_out = args.frame_out;
    options.listen = Duration(static_cast<std::int64_t>(args.listen_seconds * 1e6));
    return hw::RunSelftest(rig, *gpio, *camera, in, out, options) == 0 ? kExitPassed : kExitFailed;
  } catch (const std::exception& e) {
    err << "lockrig selftest: " << e.what() << "\n";
    return kExitError;
  }
}

int RecordCommand(const RecordArgs& args, std::ostream& out, std::ostream& err) {
  try {
    if (args.sim == !args.rig_file.empty()) {
      err << "lockrig record: give --rig FILE or --sim, one of them\n";
      return kExitUsage;
    }
    const Duration length(static_cast<std::int64_t>(args.seconds * 1e6));
    hw::RecordingSummary summary;
    if (args.sim) {
      sim::SimBenchOptions options;
      options.profile = args.profile;
      options.seed = args.seed;
      sim::SimBench bench(options);
      summary = hw::RecordFromBench(bench, args.out, length, options.camera.frames_per_second);
    } else {
      const hw::RigConfig rig = hw::LoadRigFile(args.rig_file);
      auto camera = hw::MakeFrameSource(rig);
      summary = hw::RecordFromSource(*camera, args.out, length, rig.camera.fps);
    }
    out << "recorded " << summary.frames << " frames (" << summary.codec << ") to " << args.out
        << ", timestamps in " << vision::TimestampsPath(args.out);
    if (summary.dropped) out << "; " << summary.dropped << " frames dropped by the capture queue";
    out << "\n";
    return kExitPassed;
  } catch (const std::exception& e) {
    err << "lockrig record: " << e.what() << "\n";
    return kExitError;
  }
}

std::string DefaultFirmwareImage() {
  return LOCKRIG_FIRMWARE_IMAGE;
}

std::string ImageToFlash(const std::string& image) {
  if (!image.empty()) return image;
  if (DefaultFirmwareImage().empty()) {
    throw hw::FlashError(hw::FlashFailure::kImage,
                         "this build made no firmware image (configured without the ARM "
                         "toolchain, or with -DLOCKRIG_ARM=OFF): give --image ELF");
  }
  return DefaultFirmwareImage();
}

hw::FlashReport FlashLock(const hw::RigConfig& rig, const std::string& image,
                          std::chrono::milliseconds timeout, const std::atomic<bool>* stop,
                          std::ostream& out) {
  if (!rig.flash) {
    throw hw::FlashError(hw::FlashFailure::kNotConfigured,
                         rig.file +
                             ": no flash: section, so lockrig cannot program the lock's "
                             "MCU (see rig/hardware/example-rig.yaml)");
  }
  hw::FlashOptions options;
  options.timeout = timeout;
  options.stop = stop;
  const auto report = hw::FlashFirmware(*rig.flash, ImageToFlash(image), options);
  out << "flashed " << report.image.build_id << " (" << report.image.path << ") through "
      << report.target << ": loaded, verified, reset in " << std::fixed << std::setprecision(1)
      << static_cast<double>(report.took.count()) / 1000.0 << " s\n";
  out.flush();
  return report;
}

std::string UnflashedFirmwareBuild(const std::string& image) {
  if (!image.empty()) {
    try {
      return "unknown (not flashed by this run; lockrig run --flash would load " +
             hw::ReadFirmwareImage(image).build_id + ")";
    } catch (const hw::FirmwareImageError&) {
      // No image to name: say only what is known.
    }
  }
  return "unknown (not flashed by this run)";
}

int FlashCommand(const FlashArgs& args, std::ostream& out, std::ostream& err) {
  try {
    const hw::RigConfig rig = hw::LoadRigFile(args.rig_file);
    const auto timeout =
        std::chrono::milliseconds(static_cast<std::int64_t>(args.timeout_seconds * 1000.0));
    if (args.dry_run) {
      if (!rig.flash) {
        throw hw::FlashError(hw::FlashFailure::kNotConfigured, rig.file + ": no flash: section");
      }
      const auto image = hw::ReadFirmwareImage(ImageToFlash(args.image));
      out << "would flash " << image.build_id << " (" << image.path << ") with:\n ";
      for (const auto& word : hw::FlashCommand(*rig.flash, "SCRIPT", image)) out << " " << word;
      out << "\nSCRIPT:\n";
      for (const auto& line : hw::FlashScript(*rig.flash, image)) out << "  " << line << "\n";
      return kExitPassed;
    }
    // Ctrl-C and SIGTERM end GDB (in a process group of its own, so the
    // terminal's Ctrl-C does not reach it) and then lockrig, instead of
    // killing lockrig and leaving GDB flashing on its own.
    const StopSignals signals;
    const auto report = FlashLock(rig, args.image, timeout, &StopSignals::requested(), out);
    if (args.verbose) out << report.gdb_output;
    return kExitPassed;
  } catch (const hw::FlashError& e) {
    err << "lockrig flash: " << e.what() << "\n";
    if (args.verbose && !e.gdb_output().empty()) err << "GDB's output:\n" << e.gdb_output();
    return e.failure() == hw::FlashFailure::kImage && args.image.empty() &&
                   DefaultFirmwareImage().empty()
               ? kExitUsage
               : kExitError;
  } catch (const std::exception& e) {
    err << "lockrig flash: " << e.what() << "\n";
    return kExitError;
  }
}

void AddHardwareCommands(CLI::App& app, int& exit_code) {
  auto selftest_args = std::make_shared<SelftestArgs>();
  auto* selftest = app.add_subcommand(
      "selftest",
      "Bring up a hardware rig: requests its lines (every relay safe), clicks each relay and asks\n"
      "what happened, shows which sense lines moved, captures a frame and checks the calibration\n"
      "finds the LEDs and bolt, prints a wiring table. Exit 0 if every check passed.\n"
      "Example: lockrig selftest --rig rig/hardware/example-rig.yaml");
  selftest->add_option("--rig", selftest_args->rig_file, "The rig file (YAML)")->required();
  selftest->add_flag("--yes", selftest_args->yes,
                     "Ask nothing: click the key relays and judge by the sense lines only; leave "
                     "program, key_lock and battery alone");
  selftest->add_option("--frame-out", selftest_args->frame_out, "Write the captured frame (PNG)");
  selftest
      ->add_option("--listen", selftest_args->listen_seconds,
                   "Seconds to watch the sense lines after each click")
      ->capture_default_str();
  selftest->add_flag("--fake-gpio", selftest_args->fake_gpio,
                     "Simulated GPIO lines instead of libgpiod: a dry run off the bench");
  selftest->callback([selftest_args, &exit_code] {
    exit_code = SelftestCommand(*selftest_args, std::cin, std::cout, std::cerr);
  });

  auto record_args = std::make_shared<RecordArgs>();
  auto* record = app.add_subcommand(
      "record",
      "Record the rig's camera (or the simulated bench's frames) to a video with a timestamp\n"
      "sidecar, for the replay camera (camera: {replay: FILE} in a rig file).\n"
      "Example: lockrig record --rig rig.yaml --out face.avi --seconds 20");
  record->add_option("--rig", record_args->rig_file, "The rig file whose camera to record");
  record->add_flag("--sim", record_args->sim, "Record the simulated bench's rendered frames");
  record->add_option("--profile", record_args->profile, "With --sim: the lock profile")
      ->capture_default_str();
  record->add_option("--seed", record_args->seed, "With --sim: the bench's seed")
      ->capture_default_str();
  record->add_option("--out", record_args->out, "The video to write (.avi, .mkv)")->required();
  record->add_option("--seconds", record_args->seconds, "How long to record")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  record->callback(
      [record_args, &exit_code] { exit_code = RecordCommand(*record_args, std::cout, std::cerr); });

  auto flash_args = std::make_shared<FlashArgs>();
  const std::string default_image =
      DefaultFirmwareImage().empty() ? "none in this build" : DefaultFirmwareImage();
  auto* flash = app.add_subcommand(
      "flash",
      "Program the lock's MCU with a firmware image through the GDB server the rig file's\n"
      "flash: section names (OpenOCD, pyOCD, a Black Magic Probe, or QEMU's gdbstub): loads the\n"
      "ELF with gdb-multiarch, verifies the target's memory against it, resets the MCU into it\n"
      "and prints the build id it flashed. Exit 0 flashed and verified, 2 failed.\n"
      "Example: lockrig flash --rig rig/hardware/example-rig.yaml");
  flash->add_option("--rig", flash_args->rig_file, "The rig file (YAML) with a flash: section")
      ->required();
  flash->add_option(
      "--image", flash_args->image,
      "The firmware ELF to flash (default: the image this build made, " + default_image + ")");
  flash
      ->add_option("--timeout", flash_args->timeout_seconds,
                   "Seconds the whole GDB run may take before it is killed")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  flash->add_flag("-v,--verbose", flash_args->verbose, "Print GDB's output");
  flash->add_flag("--dry-run", flash_args->dry_run,
                  "Print the GDB command and script that would flash, and run nothing");
  flash->callback(
      [flash_args, &exit_code] { exit_code = FlashCommand(*flash_args, std::cout, std::cerr); });
}

}  // namespace lockrig::cli
