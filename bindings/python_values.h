// Python values in the scenario format's terms, for the `lockrig` module:
// durations given as "2s" strings or datetime.timedelta, keyword arguments
// turned into the YAML nodes the scenario parser reads (so a Python
// `expect(led={"color": "green", "blinks": 2})` is checked by exactly the
// code that checks `expect: {led: {color: green, blinks: 2}}`), and the
// Python line that called into the module, which results name as the
// step's place the way a scenario names its file and line.
#pragma once

#include <optional>
#include <string>

#include <pybind11/pybind11.h>
#include <yaml-cpp/yaml.h>

#include "rig/scenario/scenario.h"

namespace lockrig::python {

namespace py = pybind11;

// "150ms", "2s", "1.5s", "5min" or a datetime.timedelta. A bare number is
// refused, as in a scenario (is 2 seconds or milliseconds?): TypeError for
// a value of another type, ValueError for malformed text or a negative
// time. `what` names the argument in the message.
scenario::Duration ToDuration(py::handle value, const char* what);
// As ToDuration; None gives nullopt.
std::optional<scenario::Duration> ToOptionalDuration(py::handle value, const char* what);

// A Python value as a YAML node: str, int, float, bool (true/false),
// timedelta (as a duration), list/tuple (sequence), dict (map). TypeError
// for anything else, naming `what`.
YAML::Node ToYaml(py::handle value, const std::string& what);

// `name(a=1, b='x')` for a step's text in results and failure messages.
std::string CallText(const std::string& name, const std::string& first_arg, const py::dict& kwargs);

// "tests/python/test_x.py:42": the Python line that called the module
// (relative to the working directory when inside it); "<python>" when
// there is no Python frame.
std::string CallerWhere();

// The file part of CallerWhere().
std::string CallerFile();

}  // namespace lockrig::python
