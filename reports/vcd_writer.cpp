#include "reports/vcd_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <stdexcept>

namespace lockrig::reports {

namespace {

constexpr std::int64_t kSecondUs = 1'000'000;

// The order scopes appear in, top to bottom in a viewer.
constexpr const char* kScopes[] = {"run", "relays", "sense", "leds", "bolt", "power"};

// VCD identifiers: printable ASCII '!'..'~', shortest first.
std::string IdFor(std::size_t n) {
  std::string id;
  do {
    id += static_cast<char>('!' + n % 94);
    n /= 94;
  } while (n-- > 0);
  return id;
}

// Reference names may not hold whitespace; keep them plain for every viewer.
std::string VcdName(const std::string& name) {
  std::string out;
  for (char c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    out += plain ? c : '_';
  }
  return out.empty() ? "_" : out;
}

// Text inside $comment ... $end must not hold "$end".
std::string CommentText(const std::string& text) {
  std::string out;
  for (char c : text) out += (c == '$' || c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

std::string Real(double value, const char* format) {
  char buf[48];
  std::snprintf(buf, sizeof buf, format, value);
  return std::string("r") + buf;
}

int BoltStateCode(std::string_view state) {
  if (state == "extended") return 1;
  if (state == "moving") return 2;
  if (state == "stalled") return 3;
  return 0;
}

std::int64_t RoundUpToSecond(std::int64_t us) {
  return (us + kSecondUs - 1) / kSecondUs * kSecondUs;
}

}  // namespace

VcdWriter::VcdWriter(std::string path)
    : path_(std::move(path)), part_path_(path_ + ".part"), body_(part_path_) {
  if (!body_) throw std::runtime_error("cannot create " + part_path_);
}

VcdWriter::~VcdWriter() {
  // A run that ended by an exception still leaves a readable trace.
  try {
    Finish();
  } catch (...) {
  }
}

std::size_t VcdWriter::SignalFor(const std::string& scope, const std::string& name, Kind kind) {
  const std::string key = scope + '.' + name;
  if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
  // sigrok ignores scopes, so names must be unique on their own: a relay
  // called "buzzer" becomes "buzzer_relays".
  std::string vcd_name = VcdName(name);
  for (const auto& s : signals_) {
    if (s.name == vcd_name) vcd_name += "_" + scope;
  }
  Signal s;
  s.scope = scope;
  s.name = vcd_name;
  s.kind = kind;
  s.id = IdFor(signals_.size());
  s.initial = s.value = kind == Kind::kWire ? "0" : "r0";
  signals_.push_back(std::move(s));
  by_key_[key] = signals_.size() - 1;
  return signals_.size() - 1;
}

void VcdWriter::SetWire(const std::string& scope, const std::string& name, bool on,
                        std::int64_t bench_us) {
  Queue(SignalFor(scope, name, Kind::kWire), on ? "1" : "0", base_us_ + bench_us);
}

void VcdWriter::SetReal(const std::string& scope, const std::string& name, double value,
                        std::int64_t bench_us, const char* format) {
  Queue(SignalFor(scope, name, Kind::kReal), Real(value, format), base_us_ + bench_us);
}

void VcdWriter::Queue(std::size_t signal, std::string value, std::int64_t abs_us) {
  pending_.emplace(abs_us, std::make_pair(signal, std::move(value)));
  if (abs_us > latest_us_) latest_us_ = abs_us;
  Drain(latest_us_ - kReorderWindowUs);
}

void VcdWriter::Drain(std::int64_t up_to_us) {
  while (!pending_.empty() && pending_.begin()->first <= up_to_us) {
    auto node = pending_.extract(pending_.begin());
    Write(node.key(), node.mapped().first, node.mapped().second);
  }
}

void VcdWriter::Write(std::int64_t abs_us, std::size_t signal, const std::string& value) {
  Signal& s = signals_[signal];
  if (!s.written && abs_us <= 0) {
    // First value at time 0: it is the signal's value in $dumpvars.
    s.initial = s.value = value;
    s.written = true;
    return;
  }
  s.written = true;
  if (value == s.value) return;  // only changes are written
  s.value = value;
  // Later than the reorder window allowed: VCD time cannot go back.
  if (abs_us > now_us_) {
    body_ << '#' << abs_us << '\n';
    now_us_ = abs_us;
  }
  body_ << value << (s.kind == Kind::kReal ? " " : "") << s.id << '\n';
}

void VcdWriter::Pulse(const std::string& name, std::int64_t bench_us) {
  // Verdicts within one pulse of each other merge into one pulse.
  const std::size_t signal = SignalFor("run", name, Kind::kWire);
  Queue(signal, "1", base_us_ + bench_us);
  Queue(signal, "0", base_us_ + bench_us + kVerdictPulseUs);
}

void VcdWriter::ShowLed(std::size_t led, vision::LedColor color, std::int64_t bench_us) {
  const std::string name = "led" + std::to_string(led + 1);
  vision::LedColor old = vision::LedColor::kOff;
  if (led < led_colors_.size()) {
    old = led_colors_[led];
    if (old == color) return;  // the common case: one frame like the last
  } else {
    led_colors_.resize(led + 1, vision::LedColor::kOff);
  }
  SetReal("leds", name, static_cast<int>(color), bench_us, "%.0f");
  if (old != vision::LedColor::kOff) {
    SetWire("leds", name + "_" + std::string(vision::ToString(old)), false, bench_us);
  }
  if (color != vision::LedColor::kOff) {
    SetWire("leds", name + "_" + std::string(vision::ToString(color)), true, bench_us);
  }
  led_colors_[led] = color;
}

void VcdWriter::ShowBolt(std::string_view state, std::int64_t bench_us) {
  if (state == bolt_state_) return;
  SetReal("bolt", "bolt_state", BoltStateCode(state), bench_us, "%.0f");
  if (!bolt_state_.empty()) SetWire("bolt", "bolt_" + bolt_state_, false, bench_us);
  SetWire("bolt", "bolt_" + std::string(state), true, bench_us);
  bolt_state_ = std::string(state);
}

void VcdWriter::ScenarioStarted(const ScenarioStart& start) {
  if (in_scenario_) EndScenario(latest_us_ - base_us_);
  ++scenario_index_;
  in_scenario_ = true;
  base_us_ = next_base_us_;
  spans_.push_back({scenario_index_, base_us_, start.file, start.name, ""});
  SetReal("run", "scenario", scenario_index_, 0, "%.0f");
  // Every scenario starts on a fresh bench: relays released, buzzer quiet.
  for (std::size_t i = 0; i < signals_.size(); ++i) {
    if (signals_[i].scope == "relays") Queue(i, "0", base_us_);
  }
  if (by_key_.count("sense.buzzer")) SetWire("sense", "buzzer", false, 0);
  if (start.bench == "sim") SetReal("power", "battery_volts", kSimBatteryVoltsAtStart, 0, "%.4g");
}

void VcdWriter::EventOccurred(const Event& e) {
  const std::int64_t at = e.at.count();
  const nlohmann::json& f = e.fields;
  try {
    if (e.type == "action" && f.contains("relay")) {
      // The contact edge is when the lock saw the change.
      SetWire("relays", f["relay"].get<std::string>(), f.value("energised", false),
              f.value("edge_us", at));
    } else if (e.type == "safe_state" && f.contains("relays") && f["relays"].is_object()) {
      for (const auto& [relay, state] : f["relays"].items()) {
        SetWire("relays", relay, state == "energised", at);
      }
    } else if (e.type == "observation") {
      const std::string what = f.value("what", "");
      if (what == "buzzer" || what == "bolt_switch") {
        SetWire("sense", what, f.value("active", false), at);
      } else if (what == "led" && f.contains("led") && f.contains("color")) {
        const auto color = vision::ParseLedColor(f["color"].get<std::string>());
        const int led = f["led"].get<int>();
        if (color && led >= 1) ShowLed(static_cast<std::size_t>(led - 1), *color, at);
      } else if (what == "bolt" && f.contains("state")) {
        ShowBolt(f["state"].get<std::string>(), at);
      }
    } else if (e.type == "verdict") {
      Pulse(f.value("result", "") == "passed" ? "step_passed" : "step_failed", at);
    } else if (e.type == "sim" && f.value("key", "") == "battery_volts" && f.contains("value")) {
      const auto& v = f["value"];
      double volts = std::numeric_limits<double>::quiet_NaN();
      if (v.is_number()) {
        volts = v.get<double>();
      } else if (v.is_string()) {
        const std::string text = v.get<std::string>();
        char* end = nullptr;
        volts = std::strtod(text.c_str(), &end);
        if (end == text.c_str()) volts = std::numeric_limits<double>::quiet_NaN();
      }
      if (std::isfinite(volts)) SetReal("power", "battery_volts", volts, at, "%.4g");
    }
  } catch (const nlohmann::json::exception&) {
    // An event of an unexpected shape is left out of the trace; a report
    // must never stop the run it reports on.
  }
}

void VcdWriter::FrameSampled(const FrameSample& sample) {
  const std::int64_t at = sample.at.count();
  for (std::size_t i = 0; i < sample.leds.size(); ++i) ShowLed(i, sample.leds[i], at);
  // Vision reads a still bolt to about 0.001; finer digits are noise.
  const double position = std::round(sample.bolt_position * 1000.0) / 1000.0;
  if (position != bolt_position_) {
    SetReal("bolt", "bolt_position", position, at, "%.3f");
    bolt_position_ = position;
  }
  ShowBolt(vision::ToString(sample.bolt), at);
}

void VcdWriter::EndScenario(std::int64_t bench_end_us) {
  const std::int64_t end = std::max(latest_us_, base_us_ + bench_end_us);
  SetReal("run", "scenario", 0, end - base_us_, "%.0f");
  next_base_us_ = RoundUpToSecond(end + kSecondUs);
  in_scenario_ = false;
}

void VcdWriter::ScenarioFinished(const ScenarioResult& result) {
  if (!in_scenario_) {
    // Never started (could not be loaded): named in the comment only.
    spans_.push_back({0, 0, result.file, result.name, std::string(ToString(result.verdict))});
    return;
  }
  spans_.back().verdict = std::string(ToString(result.verdict));
  EndScenario(result.virtual_time.count());
}

void VcdWriter::RunFinished() {
  Finish();
}

void VcdWriter::Finish() {
  if (finished_) return;
  finished_ = true;
  if (in_scenario_) EndScenario(latest_us_ - base_us_);
  Drain(std::numeric_limits<std::int64_t>::max());
  body_.close();

  std::ofstream out(path_);
  if (!out) throw std::runtime_error("cannot create " + path_);
  out << "$version lockrig trace.vcd $end\n"
      << "$comment\n"
      << "  Scenarios one after another on one time axis, in bench (virtual) time.\n"
      << "  Scenario N's bench time 0 is at the offset listed below; run.scenario = N\n"
      << "  while it runs, 0 between scenarios.\n"
      << "  relays.*: 1 = energised (at the contact edge). sense.*: 1 = active.\n"
      << "  leds.ledN (real) colour code: 0 off, 1 red, 2 green, 3 amber, 4 blue, 5 white;\n"
      << "  leds.ledN_<colour>: 1 while LED N shows that colour.\n"
      << "  bolt.bolt_position (real): 0 retracted .. 1 extended, as vision read it.\n"
      << "  bolt.bolt_state (real): 0 retracted, 1 extended, 2 moving, 3 stalled;\n"
      << "  bolt.bolt_<state>: 1 while vision reports that state.\n"
      << "  power.battery_volts (real): rest voltage of the pack, where known.\n"
      << "  run.step_passed / run.step_failed: a 1 ms pulse at each verdict.\n"
      << "  Multi-valued signals are reals, not vectors: sigrok's VCD input reads\n"
      << "  only 1-bit signals and stops at the first multi-bit vector value.\n"
      << "  Scenarios:\n";
  for (const auto& s : spans_) {
    out << "    " << (s.index ? std::to_string(s.index) : "-") << "  at "
        << (s.index ? std::to_string(s.start_us) + " us" : "(not run)") << "  "
        << CommentText(s.file) << "  \"" << CommentText(s.name) << "\"  " << s.verdict << '\n';
  }
  out << "$end\n$timescale 1 us $end\n$scope module lockrig $end\n";
  for (const char* scope : kScopes) {
    bool opened = false;
    for (const auto& s : signals_) {
      if (s.scope != scope) continue;
      if (!opened) out << "$scope module " << scope << " $end\n";
      opened = true;
      out << "$var " << (s.kind == Kind::kWire ? "wire 1 " : "real 64 ") << s.id << ' ' << s.name
          << " $end\n";
    }
    if (opened) out << "$upscope $end\n";
  }
  out << "$upscope $end\n$enddefinitions $end\n#0\n$dumpvars\n";
  for (const auto& s : signals_) {
    out << s.initial << (s.kind == Kind::kReal ? " " : "") << s.id << '\n';
  }
  out << "$end\n";
  {
    std::ifstream body(part_path_);
    if (body.peek() != std::ifstream::traits_type::eof()) out << body.rdbuf();
  }
  // A last timestamp, so that viewers draw the final values up to the end.
  if (latest_us_ > now_us_) out << '#' << latest_us_ << '\n';
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path_);
  std::error_code ignored;
  std::filesystem::remove(part_path_, ignored);
}

}  // namespace lockrig::reports
