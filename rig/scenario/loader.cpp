// LoadScenario: the top level of a scenario file. Reads `vars` first (each
// may use the ones before it), then every other key with those variables
// bound, so that any scalar may use ${name}.
#include <algorithm>
#include <regex>

#include "rig/scenario/macros.h"
#include "rig/scenario/names.h"
#include "rig/scenario/steps.h"
#include "rig/scenario/substitution.h"

namespace lockrig::scenario {
namespace {

const std::vector<std::string_view> kTopKeys = {"scenario", "requirements", "profile", "tags",
                                                "requires", "vars",         "setup",   "steps"};

Bindings ReadVars(const Fields& fields, const ParseContext& ctx) {
  ParseContext growing = ctx;
  const Entry* vars = fields.Find("vars");
  if (!vars) return {};
  Value v = ValueOf(*vars, ctx);
  if (!v.node.IsMap()) FailAt(v, "'vars' needs a map of name: value, got " + Describe(v.node));
  for (auto it = v.node.begin(); it != v.node.end(); ++it) {
    Entry entry{it->first.as<std::string>(""), it->first, it->second};
    if (!IsIdentifier(entry.name)) {
      Fail(entry.key, ctx.file,
           "'" + entry.name + "' is not a variable name (letters, digits and '_')");
    }
    if (growing.bindings.count(entry.name))
      Fail(entry.key, ctx.file, "'" + entry.name + "' appears twice in vars");
    growing.bindings[entry.name] = ReadText(ValueOf(entry, ctx), growing);
  }
  return growing.bindings;
}

std::string ReadProfile(const Fields& fields, const ParseContext& ctx) {
  const Entry* profile = fields.Find("profile");
  if (!profile) return "smartcode";
  Value v = ValueOf(*profile, ctx);
  std::string name = ReadText(v, ctx);
  if (!IsProfile(name)) FailExpected(v, name, "one of " + std::string(kProfileNames));
  return name;
}

std::vector<std::string> ReadRequirements(const Fields& fields, const ParseContext& ctx) {
  const Entry* requirements = fields.Find("requirements");
  if (!requirements) return {};
  static const std::regex kId("LB-[A-Z]+-[0-9]+");
  std::vector<std::string> ids;
  for (const Value& item : ReadList(ValueOf(*requirements, ctx), "requirements", ctx)) {
    std::string id = ReadText(item, ctx);
    if (!std::regex_match(id, kId)) FailExpected(item, id, "a requirement id like LB-RESET-1");
    ids.push_back(id);
  }
  return ids;
}

std::vector<std::string> ReadNames(const Fields& fields, std::string_view key,
                                   const ParseContext& ctx) {
  const Entry* entry = fields.Find(key);
  if (!entry) return {};
  std::vector<std::string> names;
  for (const Value& item : ReadList(ValueOf(*entry, ctx), key, ctx)) {
    std::string name = ReadText(item, ctx);
    if (name.empty()) FailAt(item, "'" + std::string(key) + "' needs names, got an empty one");
    names.push_back(name);
  }
  return names;
}

}  // namespace

Scenario LoadScenario(const std::string& path, const std::string& macro_dir,
                      const std::optional<std::string>& profile_override) {
  YAML::Node root = LoadYamlFile(path);
  if (!root.IsMap()) {
    Fail(root, path,
         "a scenario file needs a map starting with 'scenario: NAME', got " + Describe(root));
  }
  ParseContext ctx;
  ctx.file = path;
  ctx.macros = std::make_shared<MacroLibrary>(macro_dir);
  ctx.uses_sim = std::make_shared<bool>(false);
  Fields fields(root, path, "scenario file", kTopKeys);
  if (!fields.Find("scenario"))
    Fail(root, path, "missing 'scenario': every scenario file needs a one-line name");
  if (!fields.Find("steps")) Fail(root, path, "missing 'steps': a scenario needs a list of steps");
  ctx.bindings = ReadVars(fields, ctx);

  Scenario scenario;
  scenario.file = path;
  Value name = ValueOf(fields.Need("scenario"), ctx);
  scenario.name = ReadText(name, ctx);
  if (scenario.name.empty()) FailAt(name, "'scenario' needs a one-line name");
  scenario.requirements = ReadRequirements(fields, ctx);
  scenario.profile = ReadProfile(fields, ctx);
  if (profile_override) {
    if (!IsProfile(*profile_override)) {
      throw ScenarioError({path, 0, 0}, "profile override \"" + *profile_override +
                                            "\" is not one of " + std::string(kProfileNames));
    }
    scenario.profile = *profile_override;
  }
  ctx.profile = scenario.profile;
  scenario.tags = ReadNames(fields, "tags", ctx);
  scenario.requires_capabilities = ReadNames(fields, "requires", ctx);
  if (const Entry* setup = fields.Find("setup"))
    scenario.setup = ReadSteps(ValueOf(*setup, ctx), ctx);
  Value steps = ValueOf(fields.Need("steps"), ctx);
  scenario.steps = ReadSteps(steps, ctx);
  if (scenario.steps.empty()) FailAt(steps, "'steps' needs at least one step");
  // A scenario that uses `sim:` anywhere (macros and control blocks
  // included) needs the sim capability whether or not it says so; this way
  // a hardware bench skips it with the reason instead of failing midway.
  auto& needs = scenario.requires_capabilities;
  if (*ctx.uses_sim && std::find(needs.begin(), needs.end(), "sim") == needs.end()) {
    needs.push_back("sim");
  }
  return scenario;
}

}  // namespace lockrig::scenario
