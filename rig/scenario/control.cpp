#include "rig/scenario/control.h"

#include "rig/scenario/names.h"
#include "rig/scenario/steps.h"

namespace lockrig::scenario {
namespace {

// A control block's `steps`, parsed again for each binding with the context
// it was validated in (file, outer variables, profile, macros).
class YamlStepBody : public StepBody {
 public:
  YamlStepBody(Value steps, ParseContext ctx) : steps_(std::move(steps)), ctx_(std::move(ctx)) {}

  std::vector<Step> Resolve(const Bindings& bindings) const override {
    ParseContext ctx = ctx_;
    for (const auto& [name, value] : bindings) ctx.bindings[name] = value;
    return ReadSteps(steps_, ctx);
  }

 private:
  Value steps_;
  ParseContext ctx_;
};

std::shared_ptr<const StepBody> ReadBody(const Fields& fields, const ParseContext& ctx) {
  const Entry& steps = fields.Need("steps");
  Value list = ValueOf(steps, ctx);
  if (!list.node.IsSequence())
    FailAt(list, "'steps' needs a list of steps, got " + Describe(list.node));
  if (list.node.size() == 0) FailAt(list, "'steps' needs at least one step");
  return std::make_shared<YamlStepBody>(list, ctx);
}

std::string ReadVarName(const Fields& fields, const ParseContext& ctx) {
  Value v = ValueOf(fields.Need("var"), ctx);
  std::string name = ReadText(v, ctx);
  if (!IsIdentifier(name)) FailExpected(v, name, "a variable name (letters, digits and '_')");
  return name;
}

}  // namespace

Repeat ReadRepeat(const Value& v, const ParseContext& ctx) {
  Fields fields(v.node, ctx.file, "repeat", {"times", "stop_on_failure", "steps"});
  Repeat repeat;
  repeat.times = ReadInt(ValueOf(fields.Need("times"), ctx), ctx, 1);
  if (const Entry* stop = fields.Find("stop_on_failure")) {
    repeat.stop_on_failure = ReadBool(ValueOf(*stop, ctx), ctx);
  }
  repeat.body = ReadBody(fields, ctx);
  repeat.body->Resolve({{"cycle", "0"}});
  return repeat;
}

Sweep ReadSweep(const Value& v, const ParseContext& ctx) {
  Fields fields(v.node, ctx.file, "sweep", {"var", "values", "steps"});
  Sweep sweep;
  sweep.var = ReadVarName(fields, ctx);
  Value values = ValueOf(fields.Need("values"), ctx);
  sweep.values = ReadTextList(values, ctx);
  if (sweep.values.empty()) FailAt(values, "'values' needs at least one value");
  sweep.body = ReadBody(fields, ctx);
  for (const std::string& value : sweep.values) sweep.body->Resolve({{sweep.var, value}});
  return sweep;
}

Threshold ReadThreshold(const Value& v, const ParseContext& ctx) {
  Fields fields(v.node, ctx.file, "threshold",
                {"var", "low", "high", "resolution", "min", "max", "steps"});
  Threshold threshold;
  threshold.var = ReadVarName(fields, ctx);
  threshold.low = ReadDuration(ValueOf(fields.Need("low"), ctx), ctx);
  threshold.high = ReadDuration(ValueOf(fields.Need("high"), ctx), ctx);
  if (threshold.low >= threshold.high) {
    Fail(fields.Need("high").value, ctx.file,
         "'high' (" + FormatDuration(threshold.high) + ") must be above 'low' (" +
             FormatDuration(threshold.low) + "): steps fail at low and pass at high");
  }
  Value resolution = ValueOf(fields.Need("resolution"), ctx);
  threshold.resolution = ReadDuration(resolution, ctx);
  if (threshold.resolution <= Duration(0)) FailAt(resolution, "'resolution' must be above 0s");
  if (const Entry* min = fields.Find("min")) threshold.min = ReadDuration(ValueOf(*min, ctx), ctx);
  if (const Entry* max = fields.Find("max")) threshold.max = ReadDuration(ValueOf(*max, ctx), ctx);
  if (threshold.min && threshold.max && *threshold.min > *threshold.max) {
    Fail(fields.Find("max")->value, ctx.file,
         "'max' (" + FormatDuration(*threshold.max) + ") must not be below 'min' (" +
             FormatDuration(*threshold.min) + ")");
  }
  threshold.body = ReadBody(fields, ctx);
  threshold.body->Resolve({{threshold.var, FormatDuration(threshold.low)}});
  threshold.body->Resolve({{threshold.var, FormatDuration(threshold.high)}});
  return threshold;
}

}  // namespace lockrig::scenario
