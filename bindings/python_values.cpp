#include "bindings/python_values.h"

#include <filesystem>

#include <frameobject.h>

namespace lockrig::python {

namespace sc = scenario;

namespace {

bool IsTimedelta(py::handle value) {
  static PyObject* timedelta_type = [] {
    // Kept for the life of the process: the module outlives every call.
    return py::object(py::module_::import("datetime").attr("timedelta")).release().ptr();
  }();
  return PyObject_IsInstance(value.ptr(), timedelta_type) == 1;
}

sc::Duration FromTimedelta(py::handle value) {
  const auto days = value.attr("days").cast<std::int64_t>();
  const auto seconds = value.attr("seconds").cast<std::int64_t>();
  const auto micros = value.attr("microseconds").cast<std::int64_t>();
  return sc::Duration((days * 86'400 + seconds) * 1'000'000 + micros);
}

}  // namespace

sc::Duration ToDuration(py::handle value, const char* what) {
  if (IsTimedelta(value)) {
    const sc::Duration d = FromTimedelta(value);
    if (d.count() < 0) {
      throw py::value_error(std::string("'") + what + "' needs a time that is not negative, got " +
                            py::repr(value).cast<std::string>());
    }
    return d;
  }
  if (py::isinstance<py::str>(value)) {
    const auto text = value.cast<std::string>();
    if (auto d = sc::ParseDuration(text)) return *d;
    throw py::value_error(std::string("'") + what +
                          "' needs a duration like \"2s\" or \"150ms\" (or a "
                          "datetime.timedelta), got \"" +
                          text + "\"");
  }
  // A bare number is ambiguous (seconds? milliseconds?), as in a scenario.
  throw py::type_error(std::string("'") + what +
                       "' needs a duration like \"2s\" or \"150ms\", or a datetime.timedelta, "
                       "got " +
                       py::repr(value).cast<std::string>());
}

std::optional<sc::Duration> ToOptionalDuration(py::handle value, const char* what) {
  if (value.is_none()) return std::nullopt;
  return ToDuration(value, what);
}

YAML::Node ToYaml(py::handle value, const std::string& what) {
  // bool before int: True is an int in Python.
  if (py::isinstance<py::bool_>(value)) return YAML::Node(value.cast<bool>() ? "true" : "false");
  if (py::isinstance<py::int_>(value)) return YAML::Node(py::str(value).cast<std::string>());
  if (py::isinstance<py::float_>(value)) return YAML::Node(py::repr(value).cast<std::string>());
  if (py::isinstance<py::str>(value)) return YAML::Node(value.cast<std::string>());
  if (IsTimedelta(value)) return YAML::Node(sc::FormatDuration(ToDuration(value, what.c_str())));
  if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
    YAML::Node seq(YAML::NodeType::Sequence);
    for (py::handle item : value) seq.push_back(ToYaml(item, what));
    return seq;
  }
  if (py::isinstance<py::dict>(value)) {
    YAML::Node map(YAML::NodeType::Map);
    for (auto [k, v] : value.cast<py::dict>()) {
      const auto key = py::str(k).cast<std::string>();
      map[key] = ToYaml(v, what + "." + key);
    }
    return map;
  }
  throw py::type_error("'" + what + "' cannot be " + py::repr(value).cast<std::string>() +
                       " (give text, a number, true/false, a list or a dict)");
}

std::string CallText(const std::string& name, const std::string& first_arg,
                     const py::dict& kwargs) {
  std::string text = name + "(" + first_arg;
  bool first = first_arg.empty();
  for (auto [k, v] : kwargs) {
    if (v.is_none()) continue;
    text += (first ? "" : ", ") + py::str(k).cast<std::string>() + "=";
    text += IsTimedelta(v) ? "'" + sc::FormatDuration(FromTimedelta(v)) + "'"
                           : py::repr(v).cast<std::string>();
    first = false;
  }
  return text + ")";
}

namespace {

std::pair<std::string, int> CallerFrame() {
  PyFrameObject* frame = PyEval_GetFrame();  // borrowed; the caller of the bound method
  if (frame == nullptr) return {"<python>", 0};
  const int line = PyFrame_GetLineNumber(frame);
  auto code =
      py::reinterpret_steal<py::object>(reinterpret_cast<PyObject*>(PyFrame_GetCode(frame)));
  std::string file = py::str(code.attr("co_filename")).cast<std::string>();
  // Relative to the working directory, as pytest shows test files.
  std::error_code ec;
  const auto cwd = std::filesystem::current_path(ec);
  if (!ec) {
    const std::string prefix = cwd.string() + "/";
    if (file.rfind(prefix, 0) == 0) file = file.substr(prefix.size());
  }
  return {file, line};
}

}  // namespace

std::string CallerWhere() {
  auto [file, line] = CallerFrame();
  return line > 0 ? file + ":" + std::to_string(line) : file;
}

std::string CallerFile() {
  return CallerFrame().first;
}

}  // namespace lockrig::python
