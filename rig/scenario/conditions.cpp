#include "rig/scenario/conditions.h"

#include <charconv>

#include "rig/scenario/names.h"
#include "rig/scenario/vision_names.h"

namespace lockrig::scenario {
namespace {

constexpr std::string_view kCountExpected = "a count like 3, \">=1\" or \"<=2\"";

vision::LedColor ReadColor(const Value& v, const ParseContext& ctx) {
  std::string expected = "a colour (" + std::string(kLedColorNames) + ")";
  if (!v.node.IsScalar())
    FailAt(v, "'" + v.what + "' needs " + expected + ", got " + Describe(v.node));
  std::string text = ReadText(v, ctx);
  auto color = ParseLedColorName(text);
  if (!color) FailExpected(v, text, expected);
  return *color;
}

LedCondition ReadLed(const Value& v, const ParseContext& ctx) {
  if (!v.node.IsMap()) return {ReadColor(v, ctx), std::nullopt};
  Fields fields(v.node, ctx.file, "led", {"color", "blinks"});
  LedCondition led;
  led.color = ReadColor(ValueOf(fields.Need("color"), ctx), ctx);
  if (const Entry* blinks = fields.Find("blinks"))
    led.blinks = ReadCount(ValueOf(*blinks, ctx), ctx);
  return led;
}

LedsCondition ReadLeds(const Value& v, const ParseContext& ctx) {
  LedsCondition leds;
  if (v.node.IsScalar()) {
    std::string text = ReadText(v, ctx);
    if (text != "random") FailExpected(v, text, "a list of colours, one per LED, or random");
    leds.random = true;
    return leds;
  }
  if (!v.node.IsSequence()) {
    FailAt(v, "'leds' needs a list of colours, one per LED, or random, got " + Describe(v.node));
  }
  for (const Value& item : ReadList(v, "leds", ctx)) leds.colors.push_back(ReadColor(item, ctx));
  // A list that does not match the lock face could never be seen.
  int count = LedCountOf(ctx.profile);
  if (static_cast<int>(leds.colors.size()) != count) {
    FailAt(v, "'leds' lists " + std::to_string(leds.colors.size()) + " LEDs, but profile " +
                  ctx.profile + " has " + std::to_string(count));
  }
  return leds;
}

}  // namespace

Count ReadCount(const Value& v, const ParseContext& ctx) {
  if (!v.node.IsScalar()) {
    FailAt(v,
           "'" + v.what + "' needs " + std::string(kCountExpected) + ", got " + Describe(v.node));
  }
  std::string text = ReadText(v, ctx);
  Count count;
  std::string_view number = text;
  if (number.starts_with(">=")) {
    count.op = Count::Op::kAtLeast;
    number.remove_prefix(2);
  } else if (number.starts_with("<=")) {
    count.op = Count::Op::kAtMost;
    number.remove_prefix(2);
  }
  while (!number.empty() && number.front() == ' ') number.remove_prefix(1);
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), count.value);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size() ||
      count.value < 0) {
    FailExpected(v, text, kCountExpected);
  }
  return count;
}

Condition ReadCondition(const Fields& fields, const YAML::Node& step_value, std::string_view what,
                        const ParseContext& ctx) {
  Condition condition;
  bool any = false;
  if (const Entry* e = fields.Find("bolt")) {
    Value v = ValueOf(*e, ctx);
    std::string expected = "a bolt state (" + std::string(kBoltStateNames) + ")";
    if (!v.node.IsScalar()) FailAt(v, "'bolt' needs " + expected + ", got " + Describe(v.node));
    std::string text = ReadText(v, ctx);
    condition.bolt = ParseBoltStateName(text);
    if (!condition.bolt) FailExpected(v, text, expected);
    any = true;
  }
  if (const Entry* e = fields.Find("led")) {
    condition.led = ReadLed(ValueOf(*e, ctx), ctx);
    any = true;
  }
  if (const Entry* e = fields.Find("leds")) {
    condition.leds = ReadLeds(ValueOf(*e, ctx), ctx);
    any = true;
  }
  if (const Entry* e = fields.Find("beeps")) {
    condition.beeps = ReadCount(ValueOf(*e, ctx), ctx);
    any = true;
  }
  if (const Entry* e = fields.Find("beep")) {
    Value v = ValueOf(*e, ctx);
    std::string text = ReadText(v, ctx);
    if (text != "long") FailExpected(v, text, "long (one beep of at least 1s)");
    condition.beep_long = true;
    any = true;
  }
  if (const Entry* e = fields.Find("quiet")) {
    Value v = ValueOf(*e, ctx);
    // `quiet: false` would read as a condition but constrain nothing.
    if (!ReadBool(v, ctx)) FailAt(v, "'quiet' can only be true (leave it out otherwise)");
    condition.quiet = true;
    any = true;
  }
  if (!any) {
    Fail(step_value, ctx.file,
         "'" + std::string(what) + "' needs a condition (" + JoinNames(kConditionKeys) + ")");
  }
  return condition;
}

}  // namespace lockrig::scenario
