// The `lockrig` Python module (compiled part, imported as lockrig._lockrig):
// the benches of the CLI driven from Python, with the scenario format's
// actions, expectations and window-start rule (PythonBench over the
// engine's BenchSession), and the scenario runner (run_scenario). Python
// values are checked by the scenario parser itself (python_values.h), so a
// condition means in Python exactly what it means in YAML.
//
// The GIL is released whenever bench time passes (actions, waits,
// expectations, whole scenarios), so other Python threads go on.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings/python_bench.h"
#include "bindings/python_values.h"
#include "firmware/core/profile.h"
#include "reports/html_report_writer.h"
#include "reports/json_lines_writer.h"
#include "reports/junit_writer.h"
#include "reports/vcd_writer.h"
#include "rig/cli/bench_factory.h"
#include "rig/cli/scenario_files.h"
#include "rig/engine/scenario_runner.h"
#include "rig/hardware/gpiod_bench.h"
#include "rig/hardware/rig_file.h"
#include "rig/scenario/conditions.h"
#include "rig/scenario/macros.h"
#include "rig/scenario/scenario.h"
#include "rig/scenario/sim_settings.h"
#include "rig/scenario/steps.h"
#include "rig/scenario/yaml_source.h"

namespace py = pybind11;
namespace fs = std::filesystem;
namespace sc = lockrig::scenario;

using lockrig::python::CallerWhere;
using lockrig::python::CallText;
using lockrig::python::Failure;
using lockrig::python::PythonBench;
using lockrig::python::ToDuration;
using lockrig::python::ToOptionalDuration;
using lockrig::python::ToYaml;

namespace {

// The module's exception types, created once at import and kept for the
// life of the process.
PyObject* g_expectation_failed = nullptr;
PyObject* g_bench_unavailable = nullptr;

// A SimBench is a PythonBench on a simulated board; the class exists so
// that Python sees SimBench and HardwareBench as kinds of Bench.
class SimBenchHandle : public PythonBench {
 public:
  using PythonBench::PythonBench;
};

// The hardware bench of a rig file (rig/hardware): the same Bench API.
class HardwareBenchHandle : public PythonBench {
 public:
  using PythonBench::PythonBench;
};

[[noreturn]] void RaiseFailure(const Failure& f, std::uint64_t seed) {
  py::handle type(g_expectation_failed);
  py::object exc = type(f.message);
  exc.attr("result") = py::cast(f.result);
  exc.attr("measurement") = f.measurement ? py::cast(*f.measurement) : py::none();
  exc.attr("seed") = seed;
  PyErr_SetObject(type.ptr(), exc.ptr());
  throw py::error_already_set();
}

// A ScenarioError from reading Python values: its text without the
// meaningless "<python>:1:1:" place, as a ValueError.
[[noreturn]] void RaiseValueError(const sc::ScenarioError& e) {
  throw py::value_error(e.where().file.rfind("<", 0) == 0 ? e.message() : e.what());
}

sc::ParseContext ContextFor(const PythonBench& bench) {
  sc::ParseContext ctx;
  ctx.file = "<python>";
  ctx.profile = bench.profile();
  ctx.macros = bench.macros();
  return ctx;
}

sc::Condition ConditionFrom(const py::dict& kwargs, const char* what, const PythonBench& bench) {
  YAML::Node map(YAML::NodeType::Map);
  for (auto [k, v] : kwargs) {
    const auto key = py::str(k).cast<std::string>();
    map[key] = ToYaml(v, key);
  }
  const sc::ParseContext ctx = ContextFor(bench);
  try {
    sc::Fields fields(map, ctx.file, what, sc::kConditionKeys);
    return sc::ReadCondition(fields, map, what, ctx);
  } catch (const sc::ScenarioError& e) {
    RaiseValueError(e);
  }
}

std::string KeyText(py::handle key) {
  if (py::isinstance<py::str>(key)) return key.cast<std::string>();
  if (py::isinstance<py::int_>(key) && !py::isinstance<py::bool_>(key)) {
    return py::str(key).cast<std::string>();  // press(5) is press("5")
  }
  throw py::type_error("a key is \"0\"..\"9\", \"lock\" or \"program\", got " +
                       py::repr(key).cast<std::string>());
}

std::vector<std::string> KeysFrom(py::handle keys) {
  if (py::isinstance<py::list>(keys) || py::isinstance<py::tuple>(keys)) {
    std::vector<std::string> out;
    for (py::handle k : keys) out.push_back(KeyText(k));
    return out;
  }
  return {KeyText(keys)};
}

bool PowerFrom(py::handle on) {
  if (py::isinstance<py::bool_>(on)) return on.cast<bool>();
  if (py::isinstance<py::str>(on)) {
    const auto text = on.cast<std::string>();
    if (text == "on") return true;
    if (text == "off") return false;
  }
  throw py::value_error("power() needs True/False or \"on\"/\"off\", got " +
                        py::repr(on).cast<std::string>());
}

std::string Repr(py::handle h) {
  return py::repr(h).cast<std::string>();
}

// A str or os.PathLike (pathlib.Path) argument; None gives nullopt.
std::optional<std::string> PathArg(py::handle path) {
  if (path.is_none()) return std::nullopt;
  return py::str(py::module_::import("os").attr("fspath")(path)).cast<std::string>();
}

// A dict of the keyword arguments for a step's text, in call order.
py::dict With(py::dict kwargs, std::initializer_list<std::pair<const char*, py::object>> more) {
  py::dict all;
  for (auto [k, v] : kwargs) all[k] = v;
  for (const auto& [k, v] : more) all[k] = v;
  return all;
}

py::object ResultValue(const lockrig::reports::ScenarioResult& result,
                       const std::optional<std::string>& run_dir) {
  py::object r = py::cast(result);
  r.attr("run_dir") = run_dir ? py::cast(*run_dir) : py::none();
  return r;
}

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

std::optional<double> Secs(const std::optional<std::chrono::microseconds>& d) {
  if (!d) return std::nullopt;
  return static_cast<double>(d->count()) / 1e6;
}

double Secs(std::chrono::microseconds d) {
  return static_cast<double>(d.count()) / 1e6;
}

void BindResults(py::module_& m) {
  using lockrig::python::ExpectationResult;
  using lockrig::reports::EnduranceStats;
  using lockrig::reports::Measurement;
  using lockrig::reports::MeasurementStats;
  using lockrig::reports::ScenarioResult;

  py::class_<ExpectationResult>(
      m, "ExpectationResult",
      "What one expect(), expect_not() or measure() saw. True when it passed.\n"
      "Times are seconds of bench time (virtual time on the simulated bench).")
      .def_readonly("passed", &ExpectationResult::passed, "Whether the expectation held.")
      .def_readonly("step", &ExpectationResult::step, "The call as written, for messages.")
      .def_readonly("where", &ExpectationResult::where, "The Python line (file:line).")
      .def_readonly("expected", &ExpectationResult::expected,
                    "What was expected: \"bolt retracted within 2s\".")
      .def_readonly("seen", &ExpectationResult::seen,
                    "What the bench showed from the window start: \"bolt stayed extended; ...\".")
      .def_readonly("seen_at", &ExpectationResult::seen_at,
                    "When the condition was first seen (seconds), or None.")
      .def_readonly("window_start", &ExpectationResult::window_start,
                    "Where the window started (seconds): the trigger edge of the action just "
                    "before, else the moment the expectation began.")
      .def_readonly("failure", &ExpectationResult::failure,
                    "The failure in the CLI's words (\"file:line: step: expected ...; seen: "
                    "...\"), empty when passed.")
      .def_property_readonly(
          "latency",
          [](const ExpectationResult& r) -> std::optional<double> {
            if (!r.seen_at) return std::nullopt;
            return *r.seen_at - r.window_start;
          },
          "seen_at - window_start in seconds, or None.")
      .def("__bool__", [](const ExpectationResult& r) { return r.passed; })
      .def("__repr__", [](const ExpectationResult& r) {
        return "<ExpectationResult " + r.step + ": " + (r.passed ? "passed" : "failed") + ">";
      });

  py::class_<Measurement>(m, "Measurement", "A measured time (seconds) and its limits.")
      .def_readonly("name", &Measurement::name)
      .def_readonly("where", &Measurement::where, "file:line of the step.")
      .def_property_readonly(
          "seconds", [](const Measurement& x) { return Secs(x.value); }, "The measured time.")
      .def_property_readonly("min", [](const Measurement& x) { return Secs(x.min); })
      .def_property_readonly("max", [](const Measurement& x) { return Secs(x.max); })
      .def_property_readonly("marginal_min",
                             [](const Measurement& x) { return Secs(x.marginal_min); })
      .def_property_readonly("marginal_max",
                             [](const Measurement& x) { return Secs(x.marginal_max); })
      .def_readonly("passed", &Measurement::passed, "Seen, and inside min/max.")
      .def_readonly("marginal", &Measurement::marginal, "Passing, but outside the marginal band.")
      .def_readonly("note", &Measurement::note)
      .def("__repr__", [](const Measurement& x) {
        char text[160];
        std::snprintf(text, sizeof text, "<Measurement %s=%.6fs%s%s>", x.name.c_str(),
                      Secs(x.value), x.passed ? "" : " failed", x.marginal ? " marginal" : "");
        return std::string(text);
      });

  py::class_<MeasurementStats>(m, "MeasurementStats",
                               "The spread of one measurement over a repeat's cycles (seconds).")
      .def_readonly("name", &MeasurementStats::name)
      .def_readonly("count", &MeasurementStats::count)
      .def_property_readonly("p50", [](const MeasurementStats& s) { return Secs(s.p50); })
      .def_property_readonly("p95", [](const MeasurementStats& s) { return Secs(s.p95); })
      .def_property_readonly("p99", [](const MeasurementStats& s) { return Secs(s.p99); })
      .def_property_readonly("min", [](const MeasurementStats& s) { return Secs(s.min); })
      .def_property_readonly("max", [](const MeasurementStats& s) { return Secs(s.max); })
      .def_readonly("out_of_limits", &MeasurementStats::out_of_limits)
      .def_readonly("marginal", &MeasurementStats::marginal);

  py::class_<EnduranceStats>(m, "EnduranceStats", "One `repeat` block of a scenario.")
      .def_readonly("where", &EnduranceStats::where)
      .def_readonly("cycles_planned", &EnduranceStats::cycles_planned)
      .def_readonly("cycles_run", &EnduranceStats::cycles_run)
      .def_readonly("cycles_failed", &EnduranceStats::cycles_failed)
      .def_readonly("first_failure_cycle", &EnduranceStats::first_failure_cycle)
      .def_readonly("first_failure_message", &EnduranceStats::first_failure_message)
      .def_readonly("measurements", &EnduranceStats::measurements)
      .def_property_readonly("pass_rate", &EnduranceStats::pass_rate);

  py::class_<ScenarioResult>(
      m, "ScenarioResult",
      "The outcome of one scenario (or one Python bench session): verdict, message, seed,\n"
      "measurements, and run_dir, the folder its result files were written to (or None).",
      py::dynamic_attr())
      .def_readonly("file", &ScenarioResult::file)
      .def_readonly("name", &ScenarioResult::name)
      .def_readonly("profile", &ScenarioResult::profile)
      .def_readonly("seed", &ScenarioResult::seed)
      .def_readonly("bench", &ScenarioResult::bench)
      .def_readonly("firmware", &ScenarioResult::firmware)
      .def_readonly("requirements", &ScenarioResult::requirements)
      .def_readonly("tags", &ScenarioResult::tags)
      .def_readonly("message", &ScenarioResult::message)
      .def_readonly("failed_step_where", &ScenarioResult::failed_step_where)
      .def_readonly("measurements", &ScenarioResult::measurements)
      .def_readonly("endurance", &ScenarioResult::endurance)
      .def_readonly("wall_seconds", &ScenarioResult::wall_seconds)
      .def_property_readonly("verdict",
                             [](const ScenarioResult& r) {
                               return std::string(lockrig::reports::ToString(r.verdict));
                             })
      .def_property_readonly(
          "passed",
          [](const ScenarioResult& r) { return r.verdict == lockrig::reports::Verdict::kPassed; })
      .def_property_readonly("virtual_seconds",
                             [](const ScenarioResult& r) { return Secs(r.virtual_time); })
      .def_property_readonly(
          "failure",
          [](const ScenarioResult& r) {
            if (r.verdict == lockrig::reports::Verdict::kPassed) return std::string();
            char tail[200];
            std::snprintf(tail, sizeof tail, "\n  [seed %llu, profile %s, %s bench]",
                          static_cast<unsigned long long>(r.seed), r.profile.c_str(),
                          r.bench.empty() ? "sim" : r.bench.c_str());
            const std::string where = r.failed_step_where.empty() ? "" : r.failed_step_where + ": ";
            return where + r.message + tail;
          },
          "The CLI's failure text (\"file:line: message\") with seed and profile; empty when "
          "passed.")
      .def("__repr__", [](const ScenarioResult& r) {
        return "<ScenarioResult " + r.file + ": " +
               std::string(lockrig::reports::ToString(r.verdict)) + ", seed " +
               std::to_string(r.seed) + ">";
      });
}

constexpr const char* kBenchDoc =
    R"(A bench driven from Python: the scenario format's actions and expectations as calls.

Actions return their trigger edge (seconds). An expectation counts from the window
start: the trigger edge of the action just before it, else the moment it begins
(shared/design/scenario-format.md). Durations are "150ms"/"2s" strings or
datetime.timedelta; a bare number is refused, as in a scenario.

A bench is a context manager: leaving the `with` block (or close(), or garbage
collection) puts every relay in its safe state and writes the result files.
The GIL is released while bench time passes.)";

void BindBench(py::module_& m) {
  py::class_<PythonBench>(m, "Bench", kBenchDoc)
      .def(
          "press",
          [](PythonBench& b, py::object keys, py::object for_) {
            const auto list = KeysFrom(keys);
            const auto closed = ToOptionalDuration(for_, "for_");
            const lockrig::StepInfo step{CallText("press", Repr(keys), With({}, {{"for_", for_}})),
                                         CallerWhere()};
            py::gil_scoped_release nogil;
            return b.Press(list, closed, step);
          },
          py::arg("keys"), py::arg("for_") = py::none(),
          "Momentary press of a key (\"0\"..\"9\", \"lock\", \"program\") or of each key of a "
          "list in turn:\nrelay closed for the bench's press time (150 ms) or `for_`, then the "
          "inter-key gap.\nReturns the press edge of the last key (seconds).")
      .def(
          "enter",
          [](PythonBench& b, const std::string& code) {
            const lockrig::StepInfo step{"enter(" + Repr(py::str(code)) + ")", CallerWhere()};
            py::gil_scoped_release nogil;
            return b.Enter(code, step);
          },
          py::arg("code"), "Presses each digit of `code` (a string) in turn.")
      .def(
          "hold",
          [](PythonBench& b, py::object key) {
            const auto k = KeyText(key);
            const lockrig::StepInfo step{"hold(" + Repr(key) + ")", CallerWhere()};
            py::gil_scoped_release nogil;
            return b.Hold(k, step);
          },
          py::arg("key"), "Closes that key's relay and leaves it closed. Returns the edge.")
      .def(
          "release",
          [](PythonBench& b, py::object key) {
            const auto k = KeyText(key);
            const lockrig::StepInfo step{"release(" + Repr(key) + ")", CallerWhere()};
            py::gil_scoped_release nogil;
            return b.Release(k, step);
          },
          py::arg("key"), "Opens that key's relay. Returns the edge.")
      .def(
          "power",
          [](PythonBench& b, py::object on) {
            const bool value = PowerFrom(on);
            const lockrig::StepInfo step{"power(" + Repr(on) + ")", CallerWhere()};
            py::gil_scoped_release nogil;
            return b.Power(value, step);
          },
          py::arg("on"),
          "Battery relay: power(False)/power(\"off\") disconnects the battery, power(True)/"
          "power(\"on\")\nreconnects it. Returns the edge.")
      .def(
          "wait",
          [](PythonBench& b, py::object duration) {
            const auto d = ToDuration(duration, "wait");
            py::gil_scoped_release nogil;
            b.Wait(d);
          },
          py::arg("duration"), "Lets bench time pass (virtual time on the simulated bench).")
      .def(
          "sim",
          [](PythonBench& b, py::kwargs settings) {
            const std::string where = CallerWhere();
            sc::SimSetting parsed;
            try {
              YAML::Node node = ToYaml(settings, "sim");
              parsed =
                  sc::ReadSimSetting(sc::Value{node, {"<python>", 1, 1}, "sim"}, ContextFor(b));
            } catch (const sc::ScenarioError& e) {
              RaiseValueError(e);
            }
            const lockrig::StepInfo step{CallText("sim", "", settings), where};
            py::gil_scoped_release nogil;
            b.Sim(parsed.settings, step);
          },
          "A setting or fault of the simulated bench, as `sim: {...}` in a scenario:\n"
          "sim(battery_volts=4.3), sim(jam=True), sim(clutch=\"disengaged\"),\n"
          "sim(key_contact={\"key\": \"5\", \"fail_rate\": 0.3}),\n"
          "sim(power_cut={\"during\": \"store_write\", \"after\": \"0..2ms\"}).\n"
          "Maps are flattened to the dotted keys the bench takes. ValueError for a setting\n"
          "the bench refuses or a bench without capability \"sim\".")
      .def(
          "log",
          [](PythonBench& b, const std::string& text) {
            const lockrig::StepInfo step{"log(...)", CallerWhere()};
            py::gil_scoped_release nogil;
            b.Log(text, step);
          },
          py::arg("text"), "A line in the results (events.jsonl, report.html).")
      .def(
          "snapshot",
          [](PythonBench& b, const std::string& name, py::object dir_arg) {
            auto dir = PathArg(dir_arg);
            if (!dir) {
              if (!b.out_dir()) {
                throw py::value_error("snapshot() needs dir=, or a bench made with out_dir=");
              }
              dir = *b.out_dir() + "/snapshots";
            }
            const lockrig::StepInfo step{"snapshot(" + Repr(py::str(name)) + ")", CallerWhere()};
            py::gil_scoped_release nogil;
            return b.Snapshot(name, *dir, step);
          },
          py::arg("name"), py::arg("dir") = py::none(),
          "Writes the current camera frame as <dir>/<name>.png (dir defaults to\n"
          "<out_dir>/snapshots) and returns the path (\"\" before the first frame).")
      .def(
          "expect",
          [](PythonBench& b, py::object within, bool check, py::kwargs condition) {
            const auto cond = ConditionFrom(condition, "expect", b);
            const auto d = ToDuration(within, "within");
            const lockrig::StepInfo step{
                CallText("expect", "", With(condition, {{"within", within}})), CallerWhere()};
            std::pair<lockrig::python::ExpectationResult, std::optional<Failure>> out;
            {
              py::gil_scoped_release nogil;
              out = b.Expect(cond, d, step, check);
            }
            if (out.second) RaiseFailure(*out.second, b.bench().Seed());
            return out.first;
          },
          py::kw_only(), py::arg("within") = "2s", py::arg("check") = true,
          "Waits until the condition is seen, from the window start, for at most `within`.\n"
          "Conditions (all must hold at once): bolt=\"extended\"|\"retracted\"|\"moving\"|"
          "\"stalled\",\nled=\"red\" (off, red, green, amber, blue, white) or "
          "led={\"color\": \"green\", \"blinks\": 2},\nleds=[\"green\", \"green\", \"amber\", "
          "\"amber\"] or \"random\", beeps=3 or \">=1\" or \"<=2\",\nbeep=\"long\", quiet=True.\n"
          "Returns an ExpectationResult; raises ExpectationFailed if not seen (unless\n"
          "check=False, which returns the failed result instead).")
      .def(
          "expect_not",
          [](PythonBench& b, py::object for_, bool check, py::kwargs condition) {
            const auto cond = ConditionFrom(condition, "expect_not", b);
            const auto d = ToDuration(for_, "for_");
            const lockrig::StepInfo step{
                CallText("expect_not", "", With(condition, {{"for_", for_}})), CallerWhere()};
            std::pair<lockrig::python::ExpectationResult, std::optional<Failure>> out;
            {
              py::gil_scoped_release nogil;
              out = b.ExpectNot(cond, d, step, check);
            }
            if (out.second) RaiseFailure(*out.second, b.bench().Seed());
            return out.first;
          },
          py::kw_only(), py::arg("for_") = "2s", py::arg("check") = true,
          "The condition must not be seen at any moment for `for_` from the window start.\n"
          "Same conditions as expect(). Raises ExpectationFailed when it is seen (unless "
          "check=False).")
      .def(
          "measure",
          [](PythonBench& b, const std::string& name, py::object until, py::object within,
             py::object min, py::object max, py::object marginal_min, py::object marginal_max,
             bool check, py::kwargs condition) {
            if (!until.is_none() && py::len(condition) > 0) {
              throw py::type_error(
                  "measure() takes the condition as until={...} or as keywords, "
                  "not both");
            }
            if (!until.is_none() && !py::isinstance<py::dict>(until)) {
              throw py::type_error("until= needs a dict like {\"bolt\": \"extended\"}");
            }
            const py::dict cond_kwargs = until.is_none() ? condition : until.cast<py::dict>();
            lockrig::MeasureSpec spec;
            spec.name = name;
            spec.until = ConditionFrom(cond_kwargs, "measure", b);
            spec.within = ToDuration(within, "within");
            spec.min = ToOptionalDuration(min, "min");
            spec.max = ToOptionalDuration(max, "max");
            spec.marginal_min = ToOptionalDuration(marginal_min, "marginal_min");
            spec.marginal_max = ToOptionalDuration(marginal_max, "marginal_max");
            const lockrig::StepInfo step{
                CallText("measure", Repr(py::str(name)),
                         With(py::dict(), {{"until", py::object(cond_kwargs)},
                                           {"within", within},
                                           {"min", min},
                                           {"max", max},
                                           {"marginal_min", marginal_min},
                                           {"marginal_max", marginal_max}})),
                CallerWhere()};
            std::pair<lockrig::reports::Measurement, std::optional<Failure>> out;
            {
              py::gil_scoped_release nogil;
              out = b.Measure(spec, step, check);
            }
            if (out.second) RaiseFailure(*out.second, b.bench().Seed());
            return out.first;
          },
          py::arg("name"), py::arg("until") = py::none(), py::kw_only(), py::arg("within") = "2s",
          py::arg("min") = py::none(), py::arg("max") = py::none(),
          py::arg("marginal_min") = py::none(), py::arg("marginal_max") = py::none(),
          py::arg("check") = true,
          "Time from the window start until the condition (until={...} or keywords) is seen.\n"
          "Returns a Measurement (seconds, passed, marginal); raises ExpectationFailed when it\n"
          "is not seen within `within` or lies outside min/max (unless check=False).\n"
          "`marginal` flags a passing value outside marginal_min/marginal_max.")
      .def(
          "call",
          [](PythonBench& b, const std::string& macro, py::kwargs args) {
            const std::string caller =
                CallerWhere() + ": " + CallText("call", Repr(py::str(macro)), args);
            YAML::Node node(YAML::NodeType::Map);
            node["call"] = macro;
            if (py::len(args) > 0) node["with"] = ToYaml(args, "with");
            sc::Step step;
            try {
              step = sc::ReadStep(node, ContextFor(b));
            } catch (const sc::ScenarioError& e) {
              RaiseValueError(e);
            }
            std::optional<Failure> failure;
            {
              py::gil_scoped_release nogil;
              failure = b.RunSteps({step}, caller);
            }
            if (failure) RaiseFailure(*failure, b.bench().Seed());
          },
          py::arg("macro"),
          "Runs a macro of scenarios/lib on this bench, with keyword arguments as its\n"
          "parameters: call(\"unlock\", code=\"1234\"). Its expectations raise ExpectationFailed\n"
          "naming the macro file's line. The window rule sees through it, as in a scenario:\n"
          "an expect() right after call(\"unlock\", ...) counts from its last key press.")
      .def(
          "run_steps",
          [](PythonBench& b, const std::string& yaml, py::kwargs vars) {
            const std::string caller = CallerWhere() + ": run_steps(...)";
            std::vector<sc::Step> steps;
            try {
              YAML::Node list;
              try {
                list = YAML::Load(yaml);
              } catch (const YAML::Exception& e) {
                throw py::value_error("run_steps(): YAML syntax error: " + std::string(e.what()));
              }
              sc::ParseContext ctx = ContextFor(b);
              ctx.file = "<steps>";
              for (auto [k, v] : vars) {
                ctx.bindings[py::str(k).cast<std::string>()] = py::str(v).cast<std::string>();
              }
              steps = sc::ReadSteps(sc::Value{list, {"<steps>", 1, 1}, "steps"}, ctx);
            } catch (const sc::ScenarioError& e) {
              throw py::value_error(e.what());
            }
            std::optional<Failure> failure;
            {
              py::gil_scoped_release nogil;
              failure = b.RunSteps(steps, caller);
            }
            if (failure) RaiseFailure(*failure, b.bench().Seed());
          },
          py::arg("yaml"),
          "Runs a YAML list of scenario steps on this bench, with keyword arguments bound as\n"
          "${variables}: run_steps('- enter: ${code}\\n- expect: {bolt: retracted}', "
          "code=\"1234\").\nrepeat, sweep and threshold are refused: loop in Python.")
      .def(
          "safe_state",
          [](PythonBench& b) {
            py::gil_scoped_release nogil;
            b.SafeState();
          },
          "De-energises every relay now (keys open, battery connected); the bench stays usable.")
      .def(
          "close",
          [](PythonBench& b, std::optional<std::string> verdict,
             std::optional<std::string> message) {
            lockrig::reports::ScenarioResult r;
            {
              py::gil_scoped_release nogil;
              r = b.Close(verdict.value_or(""), message.value_or(""));
            }
            return ResultValue(r, b.out_dir());
          },
          py::arg("verdict") = py::none(), py::arg("message") = py::none(),
          "Puts every relay in its safe state and writes the result files (out_dir).\n"
          "verdict: \"passed\", \"failed\", \"error\" or \"skipped\"; by default failed if an\n"
          "expectation raised, else passed. Returns the ScenarioResult. Later calls do nothing.")
      .def("__enter__", [](py::object self) { return self; })
      .def(
          "__exit__",
          [](PythonBench& b, py::object type, py::object value, py::object) {
            std::string verdict, message;
            if (!type.is_none()) {
              const bool assertion = PyObject_IsSubclass(type.ptr(), PyExc_AssertionError) == 1;
              verdict = assertion ? "failed" : "error";
              message = py::str(value).cast<std::string>();
            }
            py::gil_scoped_release nogil;
            b.Close(verdict, message);
            return false;
          },
          "Closes the bench (safe state, result files); an exception leaving the block makes\n"
          "the verdict failed (AssertionError) or error.")
      .def_property_readonly("now", &PythonBench::Now, "Bench time in seconds.")
      .def_property_readonly(
          "seed", [](const PythonBench& b) { return b.bench().Seed(); },
          "The seed of the simulated bench's random sources (0 on hardware).")
      .def_property_readonly("profile", &PythonBench::profile, "The firmware model profile.")
      .def_property_readonly(
          "firmware", [](const PythonBench& b) { return b.bench().FirmwareBuild(); },
          "The firmware build the bench runs.")
      .def_property_readonly(
          "kind", [](const PythonBench& b) { return b.bench().Kind(); }, "\"sim\" or \"hardware\".")
      .def(
          "has", [](const PythonBench& b, const std::string& c) { return b.bench().Has(c); },
          py::arg("capability"), "Whether the bench has a capability (\"sim\").")
      .def_property_readonly("name", &PythonBench::name, "The session's name in the results.")
      .def_property_readonly("out_dir", &PythonBench::out_dir,
                             "Where the result files go, or None.")
      .def_property_readonly("closed", &PythonBench::closed)
      .def_property_readonly(
          "relays",
          [](const PythonBench& b) {
            py::dict d;
            for (const auto& [relay, energised] : b.RelayStates()) d[py::str(relay)] = energised;
            return d;
          },
          "Every relay as last commanded: {name: energised}. All False is the safe state.")
      .def_property_readonly("measurements", &PythonBench::measurements,
                             "Every Measurement taken so far.")
      .def("__repr__", [](const PythonBench& b) {
        return "<" + b.bench().Kind() + " bench " + b.profile() + ", seed " +
               std::to_string(b.bench().Seed()) + (b.closed() ? ", closed>" : ">");
      });

  py::class_<SimBenchHandle, PythonBench>(
      m, "SimBench",
      "A new simulated board (scenario format, \"Bench state at start\"): blank store, fresh\n"
      "6.4 V battery, relays released, bolt retracted, powered at bench time 0 and booting.")
      .def(py::init([](const std::string& profile, std::uint64_t seed, py::object out_dir,
                       std::optional<std::string> name, py::object macro_dir) {
             lockrig::python::BenchSetup setup;
             setup.profile = profile;
             setup.out_dir = PathArg(out_dir);
             setup.file = lockrig::python::CallerFile();
             setup.name = name.value_or("python bench session");
             setup.macro_dir = PathArg(macro_dir).value_or(LOCKRIG_DEFAULT_MACRO_DIR);
             auto bench = lockrig::cli::MakeSimBench(profile, seed);
             return std::make_unique<SimBenchHandle>(std::move(bench), std::move(setup));
           }),
           py::arg("profile") = "smartcode", py::arg("seed") = 1, py::arg("out_dir") = py::none(),
           py::kw_only(), py::arg("name") = py::none(), py::arg("macro_dir") = py::none(),
           "profile: a firmware model (see lockrig.PROFILES); seed: every random source of the\n"
           "bench derives from it; out_dir: junit.xml, events.jsonl, trace.vcd and report.html\n"
           "are written there on close; name: the session's name in them; macro_dir: where\n"
           "call() finds macros (default: the repository's scenarios/lib).");

  py::class_<HardwareBenchHandle, PythonBench>(
      m, "HardwareBench",
      "The hardware bench described by a rig file (see rig/hardware/example-rig.yaml): the\n"
      "lock's real relays, sense lines and camera. A malformed rig file raises ValueError\n"
      "with file:line:col; a bench whose GPIO chip or camera cannot be opened raises\n"
      "BenchUnavailable. Starts from whatever the real lock holds: begin with\n"
      "call('factory_reset').")
      .def(py::init([](const std::string& rig, const std::string& profile, py::object out_dir) {
             lockrig::python::BenchSetup setup;
             setup.profile = profile;
             setup.out_dir = PathArg(out_dir);
             setup.file = lockrig::python::CallerFile();
             setup.name = "python hardware bench session";
             setup.macro_dir = LOCKRIG_DEFAULT_MACRO_DIR;
             std::unique_ptr<lockrig::Bench> bench;
             std::string bad_file, unavailable;
             {
               // Opening lines and the camera may take a while: let Python run.
               py::gil_scoped_release release;
               try {
                 bench = lockrig::hardware::MakeHardwareBench(rig);
               } catch (const lockrig::hardware::RigFileError& e) {
                 bad_file = e.what();
               } catch (const std::exception& e) {
                 unavailable = e.what();
               }
             }
             if (!bad_file.empty()) throw py::value_error(bad_file);
             if (!bench) {
               PyErr_SetString(
                   g_bench_unavailable,
                   ("the hardware bench of " + rig + " cannot start: " + unavailable).c_str());
               throw py::error_already_set();
             }
             return std::make_unique<HardwareBenchHandle>(std::move(bench), std::move(setup));
           }),
           py::arg("rig"), py::arg("profile") = "smartcode", py::arg("out_dir") = py::none(),
           "rig: the rig file; profile: the lock's firmware model (for macros and the number of\n"
           "LEDs); out_dir: junit.xml, events.jsonl, trace.vcd and report.html on close.");
}

}  // namespace

PYBIND11_MODULE(_lockrig, m) {
  m.doc() = "lockrig: benches, actions, expectations and the scenario runner, from Python.";

  g_expectation_failed = PyErr_NewExceptionWithDoc(
      "lockrig.ExpectationFailed",
      "An expectation did not hold. An AssertionError, so pytest reports it as a failure.\n"
      "str() reads like the CLI's failure text and names the seed. Attributes: result\n"
      "(ExpectationResult), measurement (Measurement or None), seed.",
      PyExc_AssertionError, nullptr);
  g_bench_unavailable = PyErr_NewExceptionWithDoc(
      "lockrig.BenchUnavailable", "The bench asked for does not exist (yet) on this machine.",
      PyExc_NotImplementedError, nullptr);
  m.attr("ExpectationFailed") = py::handle(g_expectation_failed);
  m.attr("BenchUnavailable") = py::handle(g_bench_unavailable);

  BindResults(m);
  BindBench(m);

  py::list profiles;
  std::uint8_t count = 0;
  const lockfw::Profile* all = lockfw::AllProfiles(&count);
  for (std::uint8_t i = 0; i < count; ++i) profiles.append(all[i].name);
  m.attr("PROFILES") = py::tuple(profiles);

  m.def(
      "run_scenario",
      [](py::object path_arg, std::uint64_t seed, const std::optional<std::string>& profile,
         py::object out_dir_arg) {
        if (path_arg.is_none()) throw py::type_error("run_scenario() needs the scenario's path");
        const std::string path = *PathArg(path_arg);
        const auto out_dir = PathArg(out_dir_arg);
        lockrig::reports::ScenarioResult r;
        {
          py::gil_scoped_release nogil;
          r = RunScenarioFile(path, seed, profile, out_dir);
        }
        return ResultValue(r, out_dir);
      },
      py::arg("path"), py::arg("seed") = 1, py::arg("profile") = py::none(),
      py::arg("out_dir") = py::none(),
      "Runs one scenario file on a new simulated bench and returns its ScenarioResult:\n"
      "verdict (passed, failed, error, skipped), message, measurements, endurance, and\n"
      "run_dir. A malformed file gives verdict 'error' with a file:line:col message. With\n"
      "out_dir, junit.xml, events.jsonl, trace.vcd, report.html and snapshots go there.");
}
