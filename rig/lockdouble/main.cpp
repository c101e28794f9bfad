// lockrig-lock-double: plays the lock of a rig file in real time on its
// GPIO lines (gpio-sim) and writes its camera frames to a pipe, so that
// `lockrig run --rig RIG` can test the hardware bench whole without a lock.
// Everything is in the lockrig_lockdouble library; this is the command line.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>

#include "rig/hardware/rig_file.h"
#include "rig/lockdouble/lock_double.h"

namespace {

std::atomic<bool> g_stop{false};

void OnSignal(int) {
  g_stop.store(true);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace lockrig;
  std::string rig_file;
  std::string wire = "gpio-sim";
  std::string sysfs = "/sys/bus/gpio/devices";
  std::string frames;
  std::string frames_file;
  std::string profile = "smartcode";
  std::uint64_t seed = 1;
  double seconds = 0.0;
  bool power_at_start = false;
  int power_delay_ms = 250;
  int realtime_priority = 30;
  bool verbose = false;

  CLI::App app{
      "lockrig-lock-double: the simulated bench's lock (virtual board + the host-built firmware "
      "+ the virtual camera) played in real time behind a rig's wire.\n"
      "It reads the rig's relay lines and drives its sense lines (buzzer, bolt switch) on "
      "gpio-sim chips, and writes the rendered camera frames to a FIFO in the frame pipe format "
      "(rig/hardware/frame_pipe.h), stamped on CLOCK_MONOTONIC. Wiring, polarity, keypad, LEDs "
      "and the camera's size and rate come from the same rig file the bench uses; give that "
      "file `camera: {pipe: PATH}` with the same PATH as --frames.\n\n"
      "Example (gpio-sim, then the bench in another shell):\n"
      "  lockrig-lock-double --rig rig/lockdouble/gpio-sim-rig.yaml --frames /tmp/lock-face "
      "--seed 1 &\n"
      "  lockrig run scenarios/lock_button_extends_bolt.yaml --rig "
      "rig/lockdouble/gpio-sim-rig.yaml\n\n"
      "It prints \"lock double: ready\" once it runs, and its statistics when it ends "
      "(SIGINT, SIGTERM or --seconds). Exit 0; 2 on an error (bad rig file, lines not "
      "found); 64 on a bad command line.",
      "lockrig-lock-double"};
  app.add_option("--rig", rig_file, "The rig file (as for `lockrig run --rig`)")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("--wire", wire,
                 "The lines: gpio-sim (the kernel's gpio-sim driver; the only wire outside the "
                 "tests, which use the fake lines in-process)")
      ->check(CLI::IsMember({"gpio-sim"}));
  app.add_option("--sysfs", sysfs,
                 "Where the GPIO chips' device folders are, with their gpio-sim sim_gpioN/value "
                 "and pull attributes")
      ->capture_default_str();
  auto* frames_opt = app.add_option(
      "--frames", frames, "The FIFO to write camera frames to (made if it does not exist)");
  auto* file_opt = app.add_option("--frames-file", frames_file,
                                  "Append camera frames to this regular file instead "
                                  "(truncated first; ~7 MB/s at 320x240, 30 fps)");
  frames_opt->excludes(file_opt);
  app.add_option("--profile", profile, "The lock's profile (as a scenario's `profile:`)")
      ->capture_default_str();
  app.add_option("--seed", seed, "Seed of the board and camera (as `lockrig run --seed`)")
      ->capture_default_str();
  app.add_option("--seconds", seconds, "Stop after this long (default: until SIGINT/SIGTERM)")
      ->check(CLI::PositiveNumber);
  app.add_flag("--power-at-start", power_at_start,
               "Power the lock at once (default: when the rig first claims its relay lines, so "
               "bench time 0 meets a new board as on the simulated bench)");
  app.add_option("--power-delay-ms", power_delay_ms,
                 "How long after the claim the lock powers up (the bench takes its first frame "
                 "and calibrates meanwhile)")
      ->capture_default_str()
      ->check(CLI::Range(0, 10000));
  app.add_option("--realtime-priority", realtime_priority,
                 "SCHED_FIFO priority of the lock's loop (0: none); below the bench's 40")
      ->capture_default_str()
      ->check(CLI::Range(0, 99));
  app.add_flag("-v,--verbose", verbose, "Log relay changes, sense edges and power to stderr");
  try {
    app.parse(argc, argv);
    if (frames.empty() && frames_file.empty())
      throw CLI::RequiredError("--frames or --frames-file");
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 64;
  }

  try {
    const hardware::RigConfig rig = hardware::LoadRigFile(rig_file);
    auto line_wire = lockdouble::MakeGpioSimWire(rig, lockdouble::MakeLibgpiodLocator(), sysfs);
    lockdouble::FrameWriter writer(frames.empty() ? frames_file : frames,
                                   frames.empty() ? lockdouble::FrameWriter::Kind::kFile
                                                  : lockdouble::FrameWriter::Kind::kFifo);
    lockdouble::LockDoubleOptions options;
    options.profile = profile;
    options.seed = seed;
    options.power_when_claimed = !power_at_start;
    options.power_delay = std::chrono::milliseconds(power_delay_ms);
    options.realtime_priority = realtime_priority;
    if (verbose) options.log = &std::cerr;
    lockdouble::LockDouble lock(rig, *line_wire, writer, options);

    std::signal(SIGINT, OnSignal);
    std::signal(SIGTERM, OnSignal);
    std::printf("lock double: ready: %s profile, seed %llu, %s, frames %dx%d at %g fps to %s\n",
                profile.c_str(), static_cast<unsigned long long>(seed),
                line_wire->Describe().c_str(), rig.camera.width, rig.camera.height, rig.camera.fps,
                writer.path().c_str());
    std::fflush(stdout);
    std::optional<Duration> length;
    if (seconds > 0) length = Duration(static_cast<std::int64_t>(seconds * 1e6));
    lock.Run(g_stop, length);

    const auto s = lock.Stats();
    const auto w = writer.Stats();
    std::printf(
        "lock double: %.1f s, %s, %llu relay changes, %llu sense edges, %llu frames rendered "
        "(%.1f ms each; %llu written, %llu with no reader, %llu dropped for a slow reader, %llu "
        "skipped late), worst lateness %.2f ms\n",
        s.elapsed_s, s.powered ? "powered" : "never powered",
        static_cast<unsigned long long>(s.relay_changes),
        static_cast<unsigned long long>(s.sense_edges),
        static_cast<unsigned long long>(s.frames_rendered),
        s.frames_rendered ? s.render_time.count() / 1000.0 / s.frames_rendered : 0.0,
        static_cast<unsigned long long>(w.written), static_cast<unsigned long long>(w.unread),
        static_cast<unsigned long long>(w.dropped),
        static_cast<unsigned long long>(s.frames_skipped), s.worst_lateness.count() / 1000.0);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lockrig-lock-double: %s\n", e.what());
    return 2;
  }
}
