#include "rig/cli/commands.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "reports/console_writer.h"
#include "reports/html_report_writer.h"
#include "reports/json_lines_writer.h"
#include "reports/junit_writer.h"
#include "reports/vcd_writer.h"
#include "rig/cli/bench_factory.h"
#include "rig/cli/hardware_commands.h"
#include "rig/cli/requirement_coverage.h"
#include "rig/cli/scenario_files.h"
#include "rig/cli/sink_journal.h"
#include "rig/cli/stop_signals.h"
#include "rig/engine/scenario_runner.h"
#include "rig/hardware/fake_gpio.h"
#include "rig/hardware/gpiod_bench.h"
#include "rig/hardware/gpiod_lines.h"
#include "rig/scenario/scenario.h"

namespace fs = std::filesystem;

namespace lockrig::cli {

namespace {

// Set by SIGINT/SIGTERM while Run holds a StopSignals.
std::atomic<bool>& g_stop = StopSignals::requested();

// Long repeats report progress: in place on a terminal, and at most every
// 10 s into a log.
void ShowProgress(const std::string& line, bool final) {
  static const bool tty = isatty(fileno(stderr));
  static auto last = std::chrono::steady_clock::time_point{};
  if (tty) {
    std::fprintf(stderr, "\r  %s\033[K%s", line.c_str(), final ? "\n" : "");
  } else {
    const auto now = std::chrono::steady_clock::now();
    if (!final && now - last < std::chrono::seconds(10)) return;
    last = now;
    std::fprintf(stderr, "  %s\n", line.c_str());
  }
  std::fflush(stderr);
}

std::string DefaultOutDir() {
  const std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
  return std::string("lockrig-results/run-") + stamp;
}

struct Selection {
  std::vector<std::string> paths{"scenarios"};
  std::string profile;
  std::string name_filter;
  std::vector<std::string> tags;
  std::string macro_dir = LOCKRIG_DEFAULT_MACRO_DIR;
};

void AddSelectionOptions(CLI::App& cmd, Selection& s, bool paths_required) {
  auto* paths = cmd.add_option("paths", s.paths, "Scenario files or folders (searched for *.yaml)");
  if (paths_required) paths->required();
  cmd.add_option("--profile", s.profile,
                 "Run every scenario with this model profile instead of its own "
                 "(smartcode, halo, powerbolt250, contemporary275, legacy2code, fourled, generic)");
  cmd.add_option("-k", s.name_filter, "Only scenarios whose name or file contains this text");
  cmd.add_option("--tags", s.tags, "Only scenarios carrying one of these tags")->delimiter(',');
  cmd.add_option("--lib", s.macro_dir,
                 "Macro folder used when a scenario has no lib/ folder beside it")
      ->capture_default_str();
}

bool Selected(const scenario::Scenario& s, const Selection& sel) {
  if (!sel.name_filter.empty() && s.name.find(sel.name_filter) == std::string::npos &&
      s.file.find(sel.name_filter) == std::string::npos) {
    return false;
  }
  if (sel.tags.empty()) return true;
  for (const auto& t : sel.tags) {
    for (const auto& have : s.tags) {
      if (t == have) return true;
    }
  }
  return false;
}

std::optional<std::string> ProfileOverride(const Selection& sel) {
  if (sel.profile.empty()) return std::nullopt;
  return sel.profile;
}

int Validate(const Selection& sel) {
  int bad = 0, good = 0;
  for (const auto& file : FindScenarioFiles(sel.paths)) {
    try {
      scenario::LoadScenario(file, MacroDirFor(file, sel.macro_dir), ProfileOverride(sel));
      ++good;
      std::printf("ok    %s\n", file.c_str());
    } catch (const scenario::ScenarioError& e) {
      ++bad;
      std::printf("%s\n", e.what());
    }
  }
  std::printf("%d valid, %d invalid\n", good, bad);
  return bad ? kExitError : kExitPassed;
}

int List(const Selection& sel) {
  int bad = 0;
  for (const auto& file : FindScenarioFiles(sel.paths)) {
    try {
      auto s = scenario::LoadScenario(file, MacroDirFor(file, sel.macro_dir), ProfileOverride(sel));
      if (!Selected(s, sel)) continue;
      std::string reqs;
      for (const auto& r : s.requirements) reqs += (reqs.empty() ? "" : ",") + r;
      std::printf("%-48s %-16s %-s  [%s]\n", file.c_str(), s.profile.c_str(), s.name.c_str(),
                  reqs.c_str());
    } catch (const scenario::ScenarioError& e) {
      ++bad;
      std::printf("%s\n", e.what());
    }
  }
  return bad ? kExitError : kExitPassed;
}

int CoverageReport(const Selection& sel, const std::string& spec_path) {
  std::map<std::string, std::vector<std::string>> requirements;
  int bad = 0;
  for (const auto& file : FindScenarioFiles(sel.paths)) {
    try {
      auto s = scenario::LoadScenario(file, MacroDirFor(file, sel.macro_dir), ProfileOverride(sel));
      requirements[file] = s.requirements;
    } catch (const scenario::ScenarioError& e) {
      ++bad;
      std::printf("%s\n", e.what());
    }
  }
  const Coverage c = ComputeCoverage(RequirementIdsInSpec(spec_path), requirements);
  for (const auto& id : c.ids) {
    auto it = c.scenarios_by_id.find(id);
    std::printf("%-16s %s\n", id.c_str(),
                it == c.scenarios_by_id.end()
                    ? "-- no scenario"
                    : (std::to_string(it->second.size()) + " scenario(s)").c_str());
  }
  for (const auto& id : c.unknown) {
    std::printf("warning: %s is named by a scenario but not stated in the spec\n", id.c_str());
  }
  std::printf("coverage: %zu of %zu requirement ids have a scenario\n",
              c.ids.size() - c.uncovered.size(), c.ids.size());
  if (!c.uncovered.empty()) {
    std::string missing;
    for (const auto& id : c.uncovered) missing += (missing.empty() ? "" : " ") + id;
    std::printf("no scenario: %s\n", missing.c_str());
  }
  if (bad) return kExitError;
  return c.uncovered.empty() ? kExitPassed : kExitFailed;
}

struct RunSettings {
  std::uint64_t seed = 1;
  std::string out_dir;
  int jobs = 1;
  std::string rig_file;    // the hardware bench's rig file; empty: simulated bench
  bool flash = false;      // program the lock's MCU before the first scenario
  std::string image;       // what to flash; empty: the image this build made
  bool fake_gpio = false;  // the hardware bench on simulated lines (a dry run)
};

// Flashing failed before the bench was made, so no line was requested and
// nothing actuated: every selected scenario is an error that says why.
void ReportNotRun(const std::vector<scenario::Scenario>& scenarios, const std::string& why,
                  reports::ResultSink& sinks) {
  for (const auto& s : scenarios) {
    auto r = LoadErrorResult(s.file, "not run: " + why);
    r.name = s.name;
    r.profile = s.profile;
    r.bench = "hardware";
    r.firmware = "none: flashing failed";
    sinks.ScenarioFinished(r);
  }
}

// One scenario on a new simulated bench (scenario-format.md: every scenario
// starts on a new board).
void RunOne(const scenario::Scenario& s, const RunSettings& settings, const std::string& out,
            reports::ResultSink& sink, bool show_progress) {
  RunOptions options;
  options.snapshot_dir = out + "/snapshots/" + fs::path(s.file).stem().string();
  options.stop_requested = &g_stop;
  if (show_progress) options.progress = ShowProgress;
  try {
    auto bench = MakeSimBench(s.profile, settings.seed);
    ScenarioRunner(*bench, sink, options).Run(s);
  } catch (const std::exception& e) {
    auto r = LoadErrorResult(s.file, std::string("cannot start the bench: ") + e.what());
    r.name = s.name;
    r.profile = s.profile;
    r.seed = settings.seed;
    sink.ScenarioFinished(r);
  }
}

// -j N: each scenario in a forked child that journals its results; the
// journals are replayed into `sinks` in scenario order as they complete, so
// the output is the serial run's. SIGINT/SIGTERM reach the children, which
// stop at their next step and journal what they have.
void RunInParallel(const std::vector<scenario::Scenario>& scenarios, const RunSettings& settings,
                   const std::string& out, reports::ResultSink& sinks) {
  const std::string parts = out + "/parts";
  fs::create_directories(parts);
  auto journal = [&](std::size_t i) { return parts + "/" + std::to_string(i) + ".journal"; };
  const std::size_t n = scenarios.size();
  std::vector<pid_t> pid(n, 0);
  std::vector<bool> done(n, false);
  std::size_t started = 0, replayed = 0;
  int running = 0;
  bool forwarded = false;
  while (replayed < n) {
    while (running < settings.jobs && started < n && !g_stop.load()) {
      std::fflush(stdout);
      std::fflush(stderr);
      const pid_t child = fork();
      if (child < 0) throw std::runtime_error("fork failed");
      if (child == 0) {
        int code = 0;
        try {
          JournalWriter writer(journal(started));
          RunOne(scenarios[started], settings, out, writer, false);
          writer.RunFinished();
        } catch (...) {
          code = 1;
        }
        std::_Exit(code);  // not exit(): the parent's open files are not ours to flush
      }
      pid[started++] = child;
      ++running;
    }
    int status = 0;
    const pid_t reaped = waitpid(-1, &status, WNOHANG);
    if (reaped > 0) {
      for (std::size_t i = 0; i < n; ++i) {
        if (pid[i] == reaped) done[i] = true;
      }
      --running;
    } else {
      if (g_stop.load() && !forwarded) {
        for (std::size_t i = 0; i < started; ++i) {
          if (!done[i]) kill(pid[i], SIGTERM);
        }
        forwarded = true;
      }
      usleep(5000);
    }
    while (replayed < started && done[replayed]) {
      const auto& s = scenarios[replayed];
      int finished = 0;
      try {
        finished = ReplayJournal(journal(replayed), sinks);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "lockrig: %s\n", e.what());
      }
      if (finished == 0) {
        auto r = LoadErrorResult(s.file, "the worker process running it died");
        r.name = s.name;
        r.seed = settings.seed;
        sinks.ScenarioFinished(r);
      }
      ++replayed;
    }
    if (g_stop.load() && running == 0 && replayed == started) break;
  }
}

int Run(const Selection& sel, const RunSettings& settings) {
  // From the first instant: a signal while files load must still end in a
  // clean stop (and the results folder's existence tells a test it is safe
  // to signal).
  StopSignals signals;
  const std::vector<std::string> files = FindScenarioFiles(sel.paths);
  // Load everything first: a malformed file is reported before anything is
  // actuated, and does not stop the well-formed ones from running.
  std::vector<scenario::Scenario> scenarios;
  std::vector<reports::ScenarioResult> load_errors;
  for (const auto& file : files) {
    try {
      auto s = scenario::LoadScenario(file, MacroDirFor(file, sel.macro_dir), ProfileOverride(sel));
      if (Selected(s, sel)) scenarios.push_back(std::move(s));
    } catch (const scenario::ScenarioError& e) {
      load_errors.push_back(LoadErrorResult(file, e.what()));
    }
  }

  const std::string out = settings.out_dir.empty() ? DefaultOutDir() : settings.out_dir;
  fs::create_directories(out);
  reports::Fanout sinks;
  auto console = std::make_unique<reports::ConsoleWriter>();
  auto* tally = console.get();
  sinks.Add(std::move(console));
  sinks.Add(std::make_unique<reports::JunitWriter>(out + "/junit.xml"));
  sinks.Add(std::make_unique<reports::JsonLinesWriter>(out + "/events.jsonl"));
  sinks.Add(std::make_unique<reports::VcdWriter>(out + "/trace.vcd"));
  sinks.Add(std::make_unique<reports::HtmlReportWriter>(out + "/report.html"));

  std::printf("lockrig run: %zu scenario(s), seed %llu, results in %s\n",
              scenarios.size() + load_errors.size(), static_cast<unsigned long long>(settings.seed),
              out.c_str());
  std::fflush(stdout);
  for (const auto& r : load_errors) sinks.ScenarioFinished(r);

  if (!settings.rig_file.empty()) {
    // One real lock: one bench for the whole run, scenarios one after
    // another on it (they begin with `call: factory_reset` to start clean).
    const hardware::RigConfig rig = hardware::LoadRigFile(settings.rig_file);
    hardware::GpiodBenchOptions options;
    options.stop = &g_stop;
    if (settings.flash) {
      // Before the bench requests any line: the lock is powered (the battery
      // relay de-energised) and nothing is pressed while it is programmed.
      try {
        options.firmware_build =
            FlashLock(rig, settings.image, std::chrono::seconds(120), &g_stop, std::cout)
                .image.build_id;
      } catch (const hardware::FlashError& e) {
        std::fprintf(stderr, "lockrig run: %s\n", e.what());
        ReportNotRun(scenarios, std::string("flashing the lock failed: ") + e.what(), sinks);
        sinks.RunFinished();
        std::printf("results: %s/{junit.xml, events.jsonl, trace.vcd, report.html}\n", out.c_str());
        return kExitError;
      }
    } else {
      options.firmware_build =
          UnflashedFirmwareBuild(settings.image.empty() ? DefaultFirmwareImage() : settings.image);
    }
    std::shared_ptr<hardware::GpioBackend> gpio;
    if (settings.fake_gpio) {
      gpio = std::make_shared<hardware::FakeGpio>();
    } else {
      gpio = std::make_shared<hardware::GpiodBackend>();
    }
    auto bench = hardware::MakeHardwareBench(rig, gpio, options);
    for (const auto& s : scenarios) {
      if (g_stop.load()) break;
      RunOptions run;
      run.snapshot_dir = out + "/snapshots/" + fs::path(s.file).stem().string();
      run.stop_requested = &g_stop;
      run.progress = ShowProgress;
      ScenarioRunner(*bench, sinks, run).Run(s);
    }
  } else if (settings.jobs > 1 && scenarios.size() > 1) {
    RunInParallel(scenarios, settings, out, sinks);
  } else {
    for (const auto& s : scenarios) {
      if (g_stop.load()) break;
      RunOne(s, settings, out, sinks, true);
    }
  }
  sinks.RunFinished();
  std::printf("results: %s/{junit.xml, events.jsonl, trace.vcd, report.html}\n", out.c_str());
  if (g_stop.load()) {
    std::printf("interrupted: relays left in their safe state, partial results written\n");
    return kExitError;
  }
  const auto& t = tally->tally();
  if (t.errors) return kExitError;
  if (t.failed) return kExitFailed;
  return kExitPassed;
}

}  // namespace

int RealMain(int argc, char** argv) {
  CLI::App app{
      "lockrig: hardware-in-the-loop test rig for a keypad smart deadbolt.\n"
      "Runs YAML scenarios (shared/design/scenario-format.md) against the lock firmware on the\n"
      "simulated bench (the firmware built for the host, a modelled lock board, a rendered\n"
      "camera, in virtual time).\n\n"
      "Examples:\n"
      "  lockrig run scenarios/                 run the default suite\n"
      "  lockrig run scenarios/unlock.yaml --seed 7 --out /tmp/r\n"
      "  lockrig run scenarios/ -j 2 --tags smoke -k unlock\n"
      "  lockrig validate scenarios/ tests/scenarios/\n"
      "  lockrig list scenarios/ --tags reset\n"
      "  lockrig coverage scenarios/             requirement ids with no scenario\n"
      "  lockrig run scenarios/ --rig rig.yaml   on the hardware bench\n"
      "  lockrig flash --rig rig.yaml            program the lock with this build's image\n"
      "  lockrig run scenarios/ --rig rig.yaml --flash   flash first, then run\n"
      "  lockrig selftest --rig rig.yaml         walk through the bench's wiring\n\n"
      "Exit codes: 0 all passed (or skipped), 1 a scenario failed, 2 a scenario or bench error\n"
      "(including malformed files), 64 bad command line.",
      "lockrig"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("lockrig ") + LOCKRIG_VERSION);

  Selection sel;
  RunSettings settings;

  auto* run = app.add_subcommand(
      "run",
      "Run scenarios on the simulated bench; writes junit.xml and events.jsonl to --out.\n"
      "Example: lockrig run scenarios/ --seed 3 --out results/");
  AddSelectionOptions(*run, sel, false);
  run->add_option("--seed", settings.seed,
                  "Seed of the simulated bench's random sources (noise, relay timing); every "
                  "result prints it, and the same seed reproduces the run")
      ->capture_default_str();
  run->add_option("-j,--jobs", settings.jobs,
                  "Run this many scenarios at once, each in its own process (simulated bench); "
                  "results are the same as a serial run's")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  run->add_option("--rig", settings.rig_file,
                  "Run on the hardware bench described by this rig file (see "
                  "rig/hardware/example-rig.yaml) instead of the simulated bench; scenarios run "
                  "one after another on the one lock");
  run->add_flag("--flash", settings.flash,
                "With --rig: program the lock's MCU first (lockrig flash), through the rig file's "
                "flash: section; the results then name the flashed build. If flashing fails "
                "nothing is actuated and the run exits 2");
  run->add_option("--image", settings.image,
                  "With --flash: the firmware ELF (default: the image this build made)");
  run->add_flag("--fake-gpio", settings.fake_gpio,
                "With --rig: simulated GPIO lines instead of libgpiod, a dry run off the bench "
                "(with a replay camera)");
  run->add_option("--out", settings.out_dir,
                  "Results folder (default: lockrig-results/run-<date>-<time>)");

  auto* validate =
      app.add_subcommand("validate",
                         "Check scenario files without running them; prints file:line:col errors.\n"
                         "Example: lockrig validate scenarios/");
  AddSelectionOptions(*validate, sel, true);

  auto* list = app.add_subcommand("list",
                                  "List scenarios with their profile and requirement ids.\n"
                                  "Example: lockrig list scenarios/ -k reset");
  AddSelectionOptions(*list, sel, false);

  std::string spec_path = LOCKRIG_DEFAULT_SPEC;
  auto* coverage = app.add_subcommand(
      "coverage",
      "List the lock behaviour spec's requirement ids and the scenarios that trace to them;\n"
      "exits 1 if any id has no scenario.\nExample: lockrig coverage scenarios/");
  AddSelectionOptions(*coverage, sel, false);
  coverage->add_option("--spec", spec_path, "The lock behaviour spec (Markdown)")
      ->capture_default_str();

  int hardware_exit = kExitPassed;
  AddHardwareCommands(app, hardware_exit);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitPassed : kExitUsage;
  }

  if (run->parsed() && settings.rig_file.empty() &&
      (settings.flash || settings.fake_gpio || !settings.image.empty())) {
    std::fprintf(stderr, "lockrig run: --flash, --image and --fake-gpio need --rig\n");
    return kExitUsage;
  }
  try {
    if (run->parsed()) return Run(sel, settings);
    if (validate->parsed()) return Validate(sel);
    if (list->parsed()) return List(sel);
    if (coverage->parsed()) return CoverageReport(sel, spec_path);
    return hardware_exit;  // selftest or record: their callbacks ran during parse
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lockrig: %s\n", e.what());
    return kExitError;
  }
}

}  // namespace lockrig::cli
