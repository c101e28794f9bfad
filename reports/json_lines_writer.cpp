#include "reports/json_lines_writer.h"

#include <stdexcept>

namespace lockrig::reports {

namespace {
nlohmann::json Micros(std::chrono::microseconds d) {
  return d.count();
}
}  // namespace

nlohmann::json ToJson(const Measurement& m) {
  nlohmann::json j{{"name", m.name},
                   {"where", m.where},
                   {"value_us", Micros(m.value)},
                   {"passed", m.passed},
                   {"marginal", m.marginal}};
  if (m.min) j["min_us"] = Micros(*m.min);
  if (m.max) j["max_us"] = Micros(*m.max);
  if (m.marginal_min) j["marginal_min_us"] = Micros(*m.marginal_min);
  if (m.marginal_max) j["marginal_max_us"] = Micros(*m.marginal_max);
  if (!m.note.empty()) j["note"] = m.note;
  return j;
}

JsonLinesWriter::JsonLinesWriter(const std::string& path) : out_(path) {
  if (!out_) throw std::runtime_error("cannot create " + path);
}

void JsonLinesWriter::Write(const nlohmann::json& line) {
  out_ << line.dump() << '\n';
}

void JsonLinesWriter::ScenarioStarted(const ScenarioStart& s) {
  Write({{"type", "scenario_start"},
         {"file", s.file},
         {"scenario", s.name},
         {"profile", s.profile},
         {"seed", s.seed},
         {"bench", s.bench},
         {"firmware", s.firmware}});
}

void JsonLinesWriter::EventOccurred(const Event& e) {
  nlohmann::json line{{"t_us", Micros(e.at)}, {"type", e.type}};
  for (auto& [key, value] : e.fields.items()) line[key] = value;
  Write(line);
}

void JsonLinesWriter::ScenarioFinished(const ScenarioResult& r) {
  nlohmann::json measurements = nlohmann::json::array();
  for (const auto& m : r.measurements) measurements.push_back(ToJson(m));
  nlohmann::json endurance = nlohmann::json::array();
  for (const auto& e : r.endurance) {
    nlohmann::json stats = nlohmann::json::array();
    for (const auto& m : e.measurements) {
      stats.push_back({{"name", m.name},
                       {"count", m.count},
                       {"min_us", Micros(m.min)},
                       {"p50_us", Micros(m.p50)},
                       {"p95_us", Micros(m.p95)},
                       {"p99_us", Micros(m.p99)},
                       {"max_us", Micros(m.max)},
                       {"out_of_limits", m.out_of_limits},
                       {"marginal", m.marginal}});
    }
    nlohmann::json j{{"where", e.where},
                     {"cycles_planned", e.cycles_planned},
                     {"cycles_run", e.cycles_run},
                     {"cycles_failed", e.cycles_failed},
                     {"measurements", stats}};
    if (e.first_failure_cycle) {
      j["first_failure_cycle"] = *e.first_failure_cycle;
      j["first_failure_message"] = e.first_failure_message;
    }
    endurance.push_back(std::move(j));
  }
  Write({{"type", "scenario_end"},
         {"file", r.file},
         {"scenario", r.name},
         {"verdict", ToString(r.verdict)},
         {"message", r.message},
         {"seed", r.seed},
         {"virtual_time_us", Micros(r.virtual_time)},
         {"measurements", measurements},
         {"endurance", endurance}});
  out_.flush();
}

void JsonLinesWriter::RunFinished() {
  out_.flush();
}

}  // namespace lockrig::reports
