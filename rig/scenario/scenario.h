// A scenario as the engine runs it: shared/design/scenario-format.md turned
// into typed steps, with every variable substituted and every macro call
// expanded, each step remembering the file, line and column it came from.
//
// The bodies of `repeat`, `sweep` and `threshold` depend on a variable bound
// while running (`${cycle}`, the sweep or threshold variable), so they are
// kept as a StepBody the engine resolves once per cycle, value or trial.
// Loading resolves every such body for every value it can take (sweep
// values, threshold bounds, cycle 0) so that a malformed file is rejected
// before anything is actuated.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "vision/bolt_motion.h"
#include "vision/led_color.h"

namespace lockrig::scenario {

using Duration = std::chrono::microseconds;

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based
  int column = 0;  // 1-based
};

// "file:line:col: message". what() returns exactly that.
class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(SourceLocation where, const std::string& message);
  const SourceLocation& where() const { return where_; }
  const std::string& message() const { return message_; }

 private:
  SourceLocation where_;
  std::string message_;
};

// A count in `beeps` or `blinks`: 3, ">=1", "<=2".
struct Count {
  enum class Op { kEqual, kAtLeast, kAtMost };
  Op op = Op::kEqual;
  int value = 0;
  bool Matches(int n) const;
};

struct LedCondition {
  vision::LedColor color = vision::LedColor::kOff;
  std::optional<Count> blinks;  // counted from the window start
};

// `leds:` for multi-LED models: one colour per LED, or `random`.
struct LedsCondition {
  bool random = false;
  std::vector<vision::LedColor> colors;
};

// All present keys must hold at once.
struct Condition {
  std::optional<vision::BoltState> bolt;
  std::optional<LedCondition> led;
  std::optional<LedsCondition> leds;
  std::optional<Count> beeps;
  bool beep_long = false;
  bool quiet = false;
};

// Actions. Keys are "0".."9", "lock", "program".
struct Press {
  std::vector<std::string> keys;
  std::optional<Duration> hold_for;  // `press: {key, for}`; else the bench's press time
};
struct Enter {
  std::string code;
};
struct Hold {
  std::string key;
};
struct Release {
  std::string key;
};
struct Power {
  bool on = true;
};
struct Wait {
  Duration duration{0};
};
struct Log {
  std::string text;
};
struct Snapshot {
  std::string name;
};
// One `sim:` setting, flattened: key "battery_volts" value "4.3";
// nested maps become dotted keys ("key_contact.key" = "5").
struct SimSetting {
  std::vector<std::pair<std::string, std::string>> settings;
};

// Expectations.
struct Expect {
  Condition condition;
  Duration within = std::chrono::seconds(2);
};
struct ExpectNot {
  Condition condition;
  Duration for_duration{0};
};
struct Measure {
  std::string name;
  Condition until;
  Duration within = std::chrono::seconds(2);
  std::optional<Duration> min, max, marginal_min, marginal_max;
};

struct Step;
using Bindings = std::map<std::string, std::string>;

// Steps that are resolved only when their variable is bound.
class StepBody {
 public:
  virtual ~StepBody() = default;
  // Throws ScenarioError for a value that makes a step malformed.
  virtual std::vector<Step> Resolve(const Bindings& bindings) const = 0;
};

struct Repeat {
  int times = 1;
  bool stop_on_failure = true;
  std::shared_ptr<const StepBody> body;  // binds "cycle"
};
struct Sweep {
  std::string var;
  std::vector<std::string> values;
  std::shared_ptr<const StepBody> body;  // binds var
};
struct Threshold {
  std::string var;
  Duration low{0}, high{0}, resolution{0};
  std::optional<Duration> min, max;
  std::shared_ptr<const StepBody> body;  // binds var to a duration like "29.95s"
};
// An expanded `call:`; kept as a group so results can say which macro ran.
struct Group {
  std::string macro;
  std::vector<Step> steps;
};

using StepKind = std::variant<Press, Enter, Hold, Release, Power, Wait, Log, Snapshot, SimSetting,
                              Expect, ExpectNot, Measure, Repeat, Sweep, Threshold, Group>;

struct Step {
  SourceLocation where;
  std::string text;  // the step as written, one line, for messages ("expect: {bolt: retracted}")
  StepKind kind;
};

struct Scenario {
  std::string file;
  std::string name;
  std::vector<std::string> requirements;
  std::string profile = "smartcode";
  std::vector<std::string> tags;
  std::vector<std::string> requires_capabilities;  // `requires:`
  std::vector<Step> setup;
  std::vector<Step> steps;
};

// Loads and fully validates a scenario file. `macro_dir` is scenarios/lib
// (macros found by name). `profile_override` replaces the file's `profile:`
// (the CLI's --profile). Throws ScenarioError on any problem; opens nothing
// else and actuates nothing.
Scenario LoadScenario(const std::string& path, const std::string& macro_dir,
                      const std::optional<std::string>& profile_override = std::nullopt);

// Renders a duration the way the format writes it ("150ms", "2s", "1.5s").
std::string FormatDuration(Duration d);

// Parses "150ms", "2s", "1.5s", "5min", "1h"; nullopt if malformed.
std::optional<Duration> ParseDuration(const std::string& text);

}  // namespace lockrig::scenario
