#include "tests/reports/vcd_reader.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace lockrig::reports::testing {

const VcdVar* VcdTrace::Find(const std::string& name) const {
  for (const auto& v : vars) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

std::optional<std::string> VcdTrace::ValueAt(const std::string& name, std::int64_t t) const {
  const VcdVar* var = Find(name);
  if (!var) return std::nullopt;
  auto it = changes.find(var->id);
  if (it == changes.end()) return std::nullopt;
  std::optional<std::string> value;
  for (const auto& [time, v] : it->second) {
    if (time > t) break;
    value = v;
  }
  return value;
}

std::optional<double> VcdTrace::RealAt(const std::string& name, std::int64_t t) const {
  auto v = ValueAt(name, t);
  if (!v) return std::nullopt;
  return std::stod(*v);
}

std::vector<std::int64_t> VcdTrace::TimesOf(const std::string& name,
                                            const std::string& value) const {
  std::vector<std::int64_t> times;
  const VcdVar* var = Find(name);
  if (!var || !changes.count(var->id)) return times;
  for (const auto& [time, v] : changes.at(var->id)) {
    if (v == value) times.push_back(time);
  }
  return times;
}

VcdTrace ParseVcd(const std::string& text) {
  VcdTrace trace;
  std::istringstream in(text);
  std::string token;
  std::vector<std::string> scopes;
  std::int64_t now = 0;
  bool seen_time = false;
  auto until_end = [&]() {
    std::string all, word;
    while (in >> word && word != "$end") all += (all.empty() ? "" : " ") + word;
    return all;
  };
  while (in >> token) {
    if (token == "$comment") {
      trace.comments.push_back(until_end());
    } else if (token == "$timescale") {
      trace.timescale = until_end();
    } else if (token == "$scope") {
      std::string kind, name;
      in >> kind >> name;
      until_end();
      scopes.push_back(name);
    } else if (token == "$upscope") {
      until_end();
      if (!scopes.empty()) scopes.pop_back();
    } else if (token == "$var") {
      VcdVar v;
      in >> v.type >> v.size >> v.id >> v.name;
      until_end();  // an optional bit range, then $end
      for (const auto& s : scopes) v.scope += (v.scope.empty() ? "" : ".") + s;
      trace.vars.push_back(v);
    } else if (token == "$dumpvars" || token == "$dumpall" || token == "$dumpon" ||
               token == "$dumpoff" || token == "$end" || token == "$enddefinitions") {
      if (token == "$enddefinitions") until_end();
    } else if (token[0] == '$') {
      until_end();  // $date, $version, ...
    } else if (token[0] == '#') {
      const std::int64_t t = std::stoll(token.substr(1));
      if (seen_time && t < now) ++trace.backwards_times;
      now = t;
      seen_time = true;
      trace.last_time = std::max(trace.last_time, now);
    } else if (token[0] == 'b' || token[0] == 'B' || token[0] == 'r' || token[0] == 'R') {
      std::string id;
      if (!(in >> id)) throw std::runtime_error("vector value without identifier");
      trace.changes[id].emplace_back(now, token.substr(1));
    } else if (std::string("01xXzZ").find(token[0]) != std::string::npos) {
      trace.changes[token.substr(1)].emplace_back(now, token.substr(0, 1));
    } else {
      throw std::runtime_error("unexpected VCD token '" + token + "'");
    }
  }
  return trace;
}

VcdTrace ReadVcd(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::stringstream s;
  s << in.rdbuf();
  return ParseVcd(s.str());
}

}  // namespace lockrig::reports::testing
