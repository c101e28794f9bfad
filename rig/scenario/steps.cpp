#include "rig/scenario/steps.h"

#include <algorithm>

#include "rig/scenario/conditions.h"
#include "rig/scenario/control.h"
#include "rig/scenario/macros.h"
#include "rig/scenario/sim_settings.h"
#include "rig/scenario/step_text.h"

namespace lockrig::scenario {
namespace {

const std::vector<std::string_view> kStepKeys = {
    "press", "enter",  "hold",       "release", "power",  "wait",  "call",      "log", "snapshot",
    "sim",   "expect", "expect_not", "measure", "repeat", "sweep", "threshold", "with"};

std::vector<std::string_view> WithConditionKeys(std::vector<std::string_view> extra) {
  std::vector<std::string_view> keys = kConditionKeys;
  keys.insert(keys.end(), extra.begin(), extra.end());
  return keys;
}

Press ReadPress(const Value& v, const ParseContext& ctx) {
  Press press;
  if (v.node.IsSequence()) {
    for (const Value& item : ReadList(v, "press", ctx)) press.keys.push_back(ReadKey(item, ctx));
    if (press.keys.empty()) FailAt(v, "'press' needs at least one key");
  } else if (v.node.IsMap()) {
    Fields fields(v.node, ctx.file, "press", {"key", "for"});
    press.keys.push_back(ReadKey(ValueOf(fields.Need("key"), ctx), ctx));
    if (const Entry* hold_for = fields.Find("for"))
      press.hold_for = ReadDuration(ValueOf(*hold_for, ctx), ctx);
  } else {
    press.keys.push_back(ReadKey(v, ctx));
  }
  return press;
}

Power ReadPower(const Value& v, const ParseContext& ctx) {
  std::string text = ReadText(v, ctx);
  if (text != "on" && text != "off") FailExpected(v, text, "on or off");
  return Power{text == "on"};
}

std::string ReadName(const Value& v, const ParseContext& ctx) {
  std::string text = ReadText(v, ctx);
  if (text.empty()) FailAt(v, "'" + v.what + "' needs a name");
  return text;
}

Expect ReadExpect(const Value& v, const ParseContext& ctx) {
  Fields fields(v.node, ctx.file, "expect", WithConditionKeys({"within"}));
  Expect expect;
  expect.condition = ReadCondition(fields, v.node, "expect", ctx);
  if (const Entry* within = fields.Find("within"))
    expect.within = ReadDuration(ValueOf(*within, ctx), ctx);
  return expect;
}

ExpectNot ReadExpectNot(const Value& v, const ParseContext& ctx) {
  Fields fields(v.node, ctx.file, "expect_not", WithConditionKeys({"for"}));
  ExpectNot expect;
  expect.condition = ReadCondition(fields, v.node, "expect_not", ctx);
  expect.for_duration = ReadDuration(ValueOf(fields.Need("for"), ctx), ctx);
  return expect;
}

// `a` must not exceed `b` when both are given.
void CheckOrder(const Fields& fields, const std::optional<Duration>& a, std::string_view a_name,
                const std::optional<Duration>& b, std::string_view b_name,
                const ParseContext& ctx) {
  if (!a || !b || *a <= *b) return;
  Fail(fields.Find(a_name)->value, ctx.file,
       "'" + std::string(a_name) + "' (" + FormatDuration(*a) + ") must not exceed '" +
           std::string(b_name) + "' (" + FormatDuration(*b) + ")");
}

Measure ReadMeasure(const Value& v, const ParseContext& ctx) {
  Fields fields(v.node, ctx.file, "measure",
                {"name", "until", "within", "min", "max", "marginal_min", "marginal_max"});
  Measure measure;
  measure.name = ReadName(ValueOf(fields.Need("name"), ctx), ctx);
  const Entry& until = fields.Need("until");
  Fields until_fields(until.value, ctx.file, "until", kConditionKeys);
  measure.until = ReadCondition(until_fields, until.value, "until", ctx);
  auto optional_duration = [&](std::string_view name) -> std::optional<Duration> {
    if (const Entry* e = fields.Find(name)) return ReadDuration(ValueOf(*e, ctx), ctx);
    return std::nullopt;
  };
  std::optional<Duration> within = optional_duration("within");
  measure.min = optional_duration("min");
  measure.max = optional_duration("max");
  measure.marginal_min = optional_duration("marginal_min");
  measure.marginal_max = optional_duration("marginal_max");
  CheckOrder(fields, measure.min, "min", measure.max, "max", ctx);
  CheckOrder(fields, measure.min, "min", measure.marginal_min, "marginal_min", ctx);
  CheckOrder(fields, measure.marginal_min, "marginal_min", measure.marginal_max, "marginal_max",
             ctx);
  CheckOrder(fields, measure.marginal_max, "marginal_max", measure.max, "max", ctx);
  // Without `within`, wait at least as long as `max` allows, so that a slow
  // result is recorded with its time rather than as a timeout.
  if (within) {
    CheckOrder(fields, measure.max, "max", within, "within", ctx);
    measure.within = *within;
  } else if (measure.max && *measure.max > measure.within) {
    measure.within = *measure.max;
  }
  return measure;
}

// The one action key of a step, with `with` allowed only beside `call`.
const Entry& ActionOf(const Fields& fields, const YAML::Node& step, const ParseContext& ctx) {
  const Entry* action = nullptr;
  const Entry* with = nullptr;
  for (const Entry& entry : fields.entries()) {
    if (entry.name == "with") {
      with = &entry;
      continue;
    }
    if (action) {
      Fail(entry.key, ctx.file,
           "a step has one action, found '" + action->name + "' and '" + entry.name +
               "' (start a new '- ' item)");
    }
    action = &entry;
  }
  if (!action) Fail(step, ctx.file, "a step needs an action (" + JoinNames(kStepKeys) + ")");
  if (with && action->name != "call") Fail(with->key, ctx.file, "'with' belongs to a 'call' step");
  return *action;
}

StepKind ReadKind(const Fields& fields, const Entry& action, const ParseContext& ctx) {
  Value v = ValueOf(action, ctx);
  const std::string& name = action.name;
  if (name == "press") return ReadPress(v, ctx);
  if (name == "enter") return Enter{ReadCode(v, ctx)};
  if (name == "hold") return Hold{ReadKey(v, ctx)};
  if (name == "release") return Release{ReadKey(v, ctx)};
  if (name == "power") return ReadPower(v, ctx);
  if (name == "wait") return Wait{ReadDuration(v, ctx)};
  if (name == "log") return Log{ReadText(v, ctx)};
  if (name == "snapshot") return Snapshot{ReadName(v, ctx)};
  if (name == "sim") return ReadSimSetting(v, ctx);
  if (name == "expect") return ReadExpect(v, ctx);
  if (name == "expect_not") return ReadExpectNot(v, ctx);
  if (name == "measure") return ReadMeasure(v, ctx);
  if (name == "repeat") return ReadRepeat(v, ctx);
  if (name == "sweep") return ReadSweep(v, ctx);
  if (name == "threshold") return ReadThreshold(v, ctx);
  return ExpandCall(fields, ctx);  // "call"
}

}  // namespace

std::vector<Step> ReadSteps(const Value& list, const ParseContext& ctx) {
  std::vector<Step> steps;
  for (const Value& item : ReadList(list, "step", ctx)) steps.push_back(ReadStep(item.node, ctx));
  return steps;
}

Step ReadStep(const YAML::Node& step, const ParseContext& ctx) {
  if (!step.IsMap()) {
    Fail(step, ctx.file, "a step needs a map like 'wait: 1s', got " + Describe(step));
  }
  Fields fields(step, ctx.file, "step", kStepKeys);
  const Entry& action = ActionOf(fields, step, ctx);
  return Step{Where(step, ctx.file), RenderStep(step), ReadKind(fields, action, ctx)};
}

}  // namespace lockrig::scenario
