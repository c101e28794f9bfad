// The `lockrig` Python module (compiled part, imported as lockrig._lockrig):
// runs scenario files on the simulated bench and returns their results. The
// GIL is released while a scenario runs, so other Python threads go on.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "reports/html_report_writer.h"
#include "reports/json_lines_writer.h"
#include "reports/junit_writer.h"
#include "reports/vcd_writer.h"
#include "rig/cli/bench_factory.h"
#include "rig/cli/scenario_files.h"
#include "rig/engine/scenario_runner.h"
#include "rig/scenario/scenario.h"

namespace py = pybind11;
namespace fs = std::filesystem;

namespace {

lockrig::reports::ScenarioResult RunScenarioFile(const std::string& path, std::uint64_t seed,
                                                 const std::optional<std::string>& profile,
                                                 const std::optional<std::string>& out_dir) {
  using namespace lockrig;
  scenario::Scenario s;
  try {
    s = scenario::LoadScenario(path, cli::MacroDirFor(path, LOCKRIG_DEFAULT_MACRO_DIR), profile);
  } catch (const scenario::ScenarioError& e) {
    return LoadErrorResult(path, e.what());
  }
  reports::Fanout sinks;
  RunOptions options;
  if (out_dir) {
    fs::create_directories(*out_dir);
    sinks.Add(std::make_unique<reports::JunitWriter>(*out_dir + "/junit.xml"));
    sinks.Add(std::make_unique<reports::JsonLinesWriter>(*out_dir + "/events.jsonl"));
    sinks.Add(std::make_unique<reports::VcdWriter>(*out_dir + "/trace.vcd"));
    sinks.Add(std::make_unique<reports::HtmlReportWriter>(*out_dir + "/report.html"));
    options.snapshot_dir = *out_dir + "/snapshots";
  }
  auto bench = cli::MakeSimBench(s.profile, seed);
  auto result = ScenarioRunner(*bench, sinks, options).Run(s);
  sinks.RunFinished();
  return result;
}

}  // namespace

PYBIND11_MODULE(_lockrig, m) {
  using lockrig::reports::Measurement;
  using lockrig::reports::ScenarioResult;
  m.doc() = "lockrig: run lock scenarios on the simulated bench.";

  py::class_<Measurement>(m, "Measurement", "A measured time and its limits.")
      .def_readonly("name", &Measurement::name)
      .def_readonly("where", &Measurement::where)
      .def_property_readonly(
          "seconds",
          [](const Measurement& x) { return static_cast<double>(x.value.count()) / 1e6; })
      .def_readonly("passed", &Measurement::passed)
      .def_readonly("marginal", &Measurement::marginal)
      .def("__repr__", [](const Measurement& x) {
        return "<Measurement " + x.name + "=" + std::to_string(x.value.count() / 1e6) + "s>";
      });

  py::class_<ScenarioResult>(m, "ScenarioResult",
                             "The outcome of one scenario: verdict, message, seed, measurements.")
      .def_readonly("file", &ScenarioResult::file)
      .def_readonly("name", &ScenarioResult::name)
      .def_readonly("profile", &ScenarioResult::profile)
      .def_readonly("seed", &ScenarioResult::seed)
      .def_readonly("firmware", &ScenarioResult::firmware)
      .def_readonly("message", &ScenarioResult::message)
      .def_readonly("failed_step_where", &ScenarioResult::failed_step_where)
      .def_readonly("measurements", &ScenarioResult::measurements)
      .def_property_readonly("verdict",
                             [](const ScenarioResult& r) {
                               return std::string(lockrig::reports::ToString(r.verdict));
                             })
      .def_property_readonly(
          "passed",
          [](const ScenarioResult& r) { return r.verdict == lockrig::reports::Verdict::kPassed; })
      .def_property_readonly(
          "virtual_seconds",
          [](const ScenarioResult& r) { return static_cast<double>(r.virtual_time.count()) / 1e6; })
      .def("__repr__", [](const ScenarioResult& r) {
        return "<ScenarioResult " + r.file + ": " +
               std::string(lockrig::reports::ToString(r.verdict)) + ", seed " +
               std::to_string(r.seed) + ">";
      });

  m.def("run_scenario", &RunScenarioFile, py::arg("path"), py::arg("seed") = 1,
        py::arg("profile") = std::nullopt, py::arg("out_dir") = std::nullopt,
        py::call_guard<py::gil_scoped_release>(),
        "Run one scenario file on a new simulated bench and return its ScenarioResult.\n"
        "A malformed file gives verdict 'error' with a file:line:col message. With out_dir,\n"
        "junit.xml and events.jsonl are written there.");
}
