#include "rig/scenario/sim_settings.h"

#include "rig/scenario/duration.h"

namespace lockrig::scenario {
namespace {

using Settings = std::vector<std::pair<std::string, std::string>>;

std::string ReadWord(const Value& v, const ParseContext& ctx,
                     const std::vector<std::string_view>& words) {
  std::string text = ReadText(v, ctx);
  for (std::string_view w : words) {
    if (w == text) return text;
  }
  FailExpected(v, text, "one of " + JoinNames(words));
}

// A number within [min, max]; `range` says so in the message ("from 0 to 1").
std::string ReadNumberText(const Value& v, const ParseContext& ctx, double min, double max,
                           std::string_view range) {
  double number = ReadNumber(v, ctx);
  std::string text = ReadText(v, ctx);
  if (number < min || number > max) FailExpected(v, text, "a number " + std::string(range));
  return text;
}

void ReadKeyContact(const Value& v, const ParseContext& ctx, Settings& out) {
  Fields fields(v.node, ctx.file, "key_contact", {"key", "fail_rate"});
  out.emplace_back("key_contact.key", ReadKey(ValueOf(fields.Need("key"), ctx), ctx));
  out.emplace_back("key_contact.fail_rate", ReadNumberText(ValueOf(fields.Need("fail_rate"), ctx),
                                                           ctx, 0.0, 1.0, "from 0 to 1"));
}

void ReadPowerCut(const Value& v, const ParseContext& ctx, Settings& out) {
  Fields fields(v.node, ctx.file, "power_cut", {"during", "after"});
  out.emplace_back("power_cut.during",
                   ReadWord(ValueOf(fields.Need("during"), ctx), ctx, {"store_write"}));
  if (const Entry* after = fields.Find("after")) {
    Value value = ValueOf(*after, ctx);
    std::string text = ReadText(value, ctx);
    if (!ParseDurationRange(text)) FailExpected(value, text, "a duration or a range like 0..2ms");
    out.emplace_back("power_cut.after", text);
  }
}

}  // namespace

SimSetting ReadSimSetting(const Value& v, const ParseContext& ctx) {
  Fields fields(v.node, ctx.file, "sim",
                {"battery_volts", "battery_ohms", "jam", "clutch", "friction", "key_contact",
                 "power_cut", "handing_done", "door", "pairing", "store"});
  if (fields.entries().empty()) FailAt(v, "'sim' needs at least one setting");
  SimSetting sim;
  for (const Entry& entry : fields.entries()) {
    Value value = ValueOf(entry, ctx);
    const std::string& name = entry.name;
    if (name == "battery_volts") {
      sim.settings.emplace_back(name,
                                ReadNumberText(value, ctx, 0.0, 12.0, "of volts from 0 to 12"));
    } else if (name == "battery_ohms") {
      // A dying pack: its internal resistance sags the supply under motor load.
      sim.settings.emplace_back(name,
                                ReadNumberText(value, ctx, 0.0, 100.0, "of ohms from 0 to 100"));
    } else if (name == "store") {
      // Every copy of the store damaged, as if its EEPROM failed (LB-STORE-5).
      sim.settings.emplace_back(name, ReadWord(value, ctx, {"corrupt"}));
    } else if (name == "pairing") {
      // The halo radio reporting a completed hub pairing (LB-PAIR-3).
      sim.settings.emplace_back(name, ReadWord(value, ctx, {"complete"}));
    } else if (name == "friction") {
      sim.settings.emplace_back(name, ReadNumberText(value, ctx, 0.0, 100.0, "from 0 to 100"));
    } else if (name == "jam" || name == "handing_done") {
      sim.settings.emplace_back(name, ReadBool(value, ctx) ? "true" : "false");
    } else if (name == "clutch") {
      sim.settings.emplace_back(name, ReadWord(value, ctx, {"engaged", "disengaged"}));
    } else if (name == "door") {
      sim.settings.emplace_back(name, ReadWord(value, ctx, {"left", "right"}));
    } else if (name == "key_contact") {
      ReadKeyContact(value, ctx, sim.settings);
    } else if (name == "power_cut") {
      ReadPowerCut(value, ctx, sim.settings);
    }
  }
  if (ctx.uses_sim) *ctx.uses_sim = true;
  return sim;
}

}  // namespace lockrig::scenario
