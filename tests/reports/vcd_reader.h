// A small VCD reader for the tests: enough of IEEE 1364 to read back what
// VcdWriter writes and what sigrok-cli writes (`-O vcd`), and to ask what a
// signal's value was at a time.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lockrig::reports::testing {

struct VcdVar {
  std::string type;  // wire, reg, integer, real
  int size = 1;
  std::string id;
  std::string scope;  // dotted, e.g. "lockrig.relays"
  std::string name;
};

struct VcdTrace {
  std::string timescale;
  std::vector<std::string> comments;
  std::vector<VcdVar> vars;
  // Value changes per identifier, in time order: (time, value without the
  // leading 'b'/'r').
  std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> changes;
  std::int64_t last_time = 0;
  // Times seen out of order (must stay empty for a valid file).
  int backwards_times = 0;

  const VcdVar* Find(const std::string& name) const;
  // The value of `name` at time t (after the changes at t), or nullopt if
  // there is no such signal or it had no value yet.
  std::optional<std::string> ValueAt(const std::string& name, std::int64_t t) const;
  std::optional<double> RealAt(const std::string& name, std::int64_t t) const;
  // Times at which `name` became `value`.
  std::vector<std::int64_t> TimesOf(const std::string& name, const std::string& value) const;
};

// Throws std::runtime_error on malformed input.
VcdTrace ParseVcd(const std::string& text);
VcdTrace ReadVcd(const std::string& path);

}  // namespace lockrig::reports::testing
