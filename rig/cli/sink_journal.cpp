#include "rig/cli/sink_journal.h"

#include <stdexcept>

namespace lockrig::cli {

using nlohmann::json;
using std::chrono::microseconds;

namespace {

json Us(microseconds d) {
  return d.count();
}
microseconds Us(const json& j) {
  return microseconds(j.get<std::int64_t>());
}

json OptUs(const std::optional<microseconds>& d) {
  return d ? json(d->count()) : json(nullptr);
}
std::optional<microseconds> OptUs(const json& j) {
  if (j.is_null()) return std::nullopt;
  return Us(j);
}

json ToJson(const reports::Measurement& m) {
  return {{"name", m.name},
          {"where", m.where},
          {"value", Us(m.value)},
          {"min", OptUs(m.min)},
          {"max", OptUs(m.max)},
          {"marginal_min", OptUs(m.marginal_min)},
          {"marginal_max", OptUs(m.marginal_max)},
          {"passed", m.passed},
          {"marginal", m.marginal},
          {"note", m.note}};
}

reports::Measurement MeasurementFrom(const json& j) {
  reports::Measurement m;
  m.name = j["name"];
  m.where = j["where"];
  m.value = Us(j["value"]);
  m.min = OptUs(j["min"]);
  m.max = OptUs(j["max"]);
  m.marginal_min = OptUs(j["marginal_min"]);
  m.marginal_max = OptUs(j["marginal_max"]);
  m.passed = j["passed"];
  m.marginal = j["marginal"];
  m.note = j["note"];
  return m;
}

json ToJson(const reports::EnduranceStats& e) {
  json stats = json::array();
  for (const auto& m : e.measurements) {
    stats.push_back({{"name", m.name},
                     {"count", m.count},
                     {"p50", Us(m.p50)},
                     {"p95", Us(m.p95)},
                     {"p99", Us(m.p99)},
                     {"max", Us(m.max)},
                     {"min", Us(m.min)},
                     {"out_of_limits", m.out_of_limits},
                     {"marginal", m.marginal}});
  }
  return {
      {"where", e.where},
      {"cycles_planned", e.cycles_planned},
      {"cycles_run", e.cycles_run},
      {"cycles_failed", e.cycles_failed},
      {"first_failure_cycle", e.first_failure_cycle ? json(*e.first_failure_cycle) : json(nullptr)},
      {"first_failure_message", e.first_failure_message},
      {"measurements", stats},
      {"wall_seconds", e.wall_seconds}};
}

reports::EnduranceStats EnduranceFrom(const json& j) {
  reports::EnduranceStats e;
  e.where = j["where"];
  e.cycles_planned = j["cycles_planned"];
  e.cycles_run = j["cycles_run"];
  e.cycles_failed = j["cycles_failed"];
  if (!j["first_failure_cycle"].is_null()) e.first_failure_cycle = j["first_failure_cycle"];
  e.first_failure_message = j["first_failure_message"];
  e.wall_seconds = j["wall_seconds"];
  for (const auto& m : j["measurements"]) {
    reports::MeasurementStats s;
    s.name = m["name"];
    s.count = m["count"];
    s.p50 = Us(m["p50"]);
    s.p95 = Us(m["p95"]);
    s.p99 = Us(m["p99"]);
    s.max = Us(m["max"]);
    s.min = Us(m["min"]);
    s.out_of_limits = m["out_of_limits"];
    s.marginal = m["marginal"];
    e.measurements.push_back(s);
  }
  return e;
}

json ToJson(const reports::ScenarioResult& r) {
  json measurements = json::array(), endurance = json::array(), frames = json::array();
  for (const auto& m : r.measurements) measurements.push_back(ToJson(m));
  for (const auto& e : r.endurance) endurance.push_back(ToJson(e));
  for (const auto& f : r.failure_frames) {
    frames.push_back(
        {{"at", Us(f.at)},
         {"index", f.index},
         {"label", f.label},
         {"png", json::binary(std::vector<std::uint8_t>(f.png.begin(), f.png.end()))}});
  }
  return {{"file", r.file},
          {"name", r.name},
          {"profile", r.profile},
          {"requirements", r.requirements},
          {"tags", r.tags},
          {"seed", r.seed},
          {"bench", r.bench},
          {"firmware", r.firmware},
          {"verdict", static_cast<int>(r.verdict)},
          {"message", r.message},
          {"failed_step_where", r.failed_step_where},
          {"measurements", measurements},
          {"endurance", endurance},
          {"failure_frames", frames},
          {"virtual_time", Us(r.virtual_time)},
          {"wall_seconds", r.wall_seconds}};
}

reports::ScenarioResult ResultFrom(const json& j) {
  reports::ScenarioResult r;
  r.file = j["file"];
  r.name = j["name"];
  r.profile = j["profile"];
  r.requirements = j["requirements"].get<std::vector<std::string>>();
  r.tags = j["tags"].get<std::vector<std::string>>();
  r.seed = j["seed"];
  r.bench = j["bench"];
  r.firmware = j["firmware"];
  r.verdict = static_cast<reports::Verdict>(j["verdict"].get<int>());
  r.message = j["message"];
  r.failed_step_where = j["failed_step_where"];
  for (const auto& m : j["measurements"]) r.measurements.push_back(MeasurementFrom(m));
  for (const auto& e : j["endurance"]) r.endurance.push_back(EnduranceFrom(e));
  for (const auto& f : j["failure_frames"]) {
    reports::KeptFrame k;
    k.at = Us(f["at"]);
    k.index = f["index"];
    k.label = f["label"];
    const auto& bytes = f["png"].get_binary();
    k.png.assign(bytes.begin(), bytes.end());
    r.failure_frames.push_back(std::move(k));
  }
  r.virtual_time = Us(j["virtual_time"]);
  r.wall_seconds = j["wall_seconds"];
  return r;
}

}  // namespace

JournalWriter::JournalWriter(const std::string& path) : out_(path) {
  if (!out_) throw std::runtime_error("cannot create " + path);
}

void JournalWriter::ScenarioStarted(const reports::ScenarioStart& s) {
  out_ << json{{"cb", "start"},         {"file", s.file}, {"name", s.name},
               {"profile", s.profile},  {"seed", s.seed}, {"bench", s.bench},
               {"firmware", s.firmware}}
              .dump()
       << '\n';
}

void JournalWriter::EventOccurred(const reports::Event& e) {
  out_ << json{{"cb", "event"}, {"at", Us(e.at)}, {"type", e.type}, {"fields", e.fields}}.dump()
       << '\n';
}

void JournalWriter::FrameSampled(const reports::FrameSample& s) {
  json leds = json::array();
  for (auto c : s.leds) leds.push_back(static_cast<int>(c));
  out_ << json{{"cb", "frame"}, {"at", Us(s.at)},         {"index", s.index},
               {"leds", leds},  {"pos", s.bolt_position}, {"bolt", static_cast<int>(s.bolt)}}
              .dump()
       << '\n';
}

void JournalWriter::ScenarioFinished(const reports::ScenarioResult& r) {
  // dump() writes the kept frames' PNG bytes as {"bytes": [...]}: plain
  // text, turned back into binary by ReplayJournal.
  out_ << json{{"cb", "finish"}, {"result", ToJson(r)}}.dump() << '\n';
  out_.flush();
}

void JournalWriter::RunFinished() {
  out_.flush();
}

int ReplayJournal(const std::string& path, reports::ResultSink& sink) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the journal " + path);
  int finished = 0;
  std::string line;
  while (std::getline(in, line)) {
    json j;
    try {
      j = json::parse(line);
    } catch (const json::exception& e) {
      // A child killed mid-write leaves a partial last line: stop there.
      break;
    }
    const std::string cb = j["cb"];
    if (cb == "start") {
      sink.ScenarioStarted(
          {j["file"], j["name"], j["profile"], j["seed"], j["bench"], j["firmware"]});
    } else if (cb == "event") {
      sink.EventOccurred({Us(j["at"]), j["type"], j["fields"]});
    } else if (cb == "frame") {
      reports::FrameSample s;
      s.at = Us(j["at"]);
      s.index = j["index"];
      for (int c : j["leds"]) s.leds.push_back(static_cast<vision::LedColor>(c));
      s.bolt_position = j["pos"];
      s.bolt = static_cast<vision::BoltState>(j["bolt"].get<int>());
      sink.FrameSampled(s);
    } else if (cb == "finish") {
      auto result = j["result"];
      // dump() wrote the PNG bytes as {"bytes": [...], "subtype": null}.
      for (auto& f : result["failure_frames"]) {
        if (f["png"].is_object()) {
          f["png"] = json::binary(f["png"]["bytes"].get<std::vector<std::uint8_t>>());
        }
      }
      sink.ScenarioFinished(ResultFrom(result));
      ++finished;
    } else {
      throw std::runtime_error(path + ": unknown journal entry '" + cb + "'");
    }
  }
  return finished;
}

}  // namespace lockrig::cli
