#include "rig/scenario/macros.h"

#include <algorithm>
#include <filesystem>

#include "rig/scenario/names.h"
#include "rig/scenario/steps.h"

namespace lockrig::scenario {
namespace {

std::string Join(const std::vector<std::string>& names, std::string_view separator) {
  std::string joined;
  for (const std::string& name : names)
    joined += (joined.empty() ? "" : std::string(separator)) + name;
  return joined;
}

std::string ReadProfileName(const Entry& entry, const ParseContext& ctx) {
  if (!IsProfile(entry.name)) {
    Fail(entry.key, ctx.file,
         "unknown profile '" + entry.name + "'; expected one of: " + std::string(kProfileNames));
  }
  return entry.name;
}

Value ReadStepList(const Value& v) {
  if (!v.node.IsSequence())
    FailAt(v, "'" + v.what + "' needs a list of steps, got " + Describe(v.node));
  return v;
}

std::map<std::string, Value> ReadVariants(const Value& v, const ParseContext& ctx) {
  std::vector<std::string_view> profiles(kProfiles.begin(), kProfiles.end());
  if (!v.node.IsMap())
    FailAt(v, "'profiles' needs a map of profile: [steps], got " + Describe(v.node));
  std::map<std::string, Value> variants;
  Fields fields(v.node, ctx.file, "profiles", profiles);
  for (const Entry& entry : fields.entries()) {
    variants.emplace(ReadProfileName(entry, ctx), ReadStepList(ValueOf(entry, ctx)));
  }
  return variants;
}

// The bindings of a call: every parameter exactly once, values substituted
// in the caller's context.
Bindings BindParams(const Macro& macro, const Fields& fields, const Value& call,
                    const ParseContext& ctx) {
  Bindings bound;
  const Entry* with = fields.Find("with");
  if (with) {
    Value v = ValueOf(*with, ctx);
    if (!v.node.IsMap())
      FailAt(v, "'with' needs a map of parameter: value, got " + Describe(v.node));
    for (auto it = v.node.begin(); it != v.node.end(); ++it) {
      std::string name = it->first.as<std::string>("");
      if (std::find(macro.params.begin(), macro.params.end(), name) == macro.params.end()) {
        std::string known =
            macro.params.empty() ? "it takes none" : "its parameters: " + Join(macro.params, ", ");
        Fail(it->first, ctx.file,
             "macro '" + macro.name + "' has no parameter '" + name + "' (" + known + ")");
      }
      if (bound.count(name)) Fail(it->first, ctx.file, "'" + name + "' appears twice in with");
      Entry entry{name, it->first, it->second};
      bound[name] = ReadText(ValueOf(entry, ctx), ctx);
    }
  }
  for (const std::string& param : macro.params) {
    if (!bound.count(param)) {
      FailAt(with ? ValueOf(*with, ctx) : call, "macro '" + macro.name + "' needs parameter '" +
                                                    param + "' (with: {" + param + ": ...})");
    }
  }
  return bound;
}

}  // namespace

std::shared_ptr<const Macro> ReadMacroFile(const std::string& path, const std::string& name) {
  YAML::Node root = LoadYamlFile(path);
  ParseContext ctx;
  ctx.file = path;
  if (!root.IsMap())
    Fail(root, path,
         "a macro file needs a map with 'macro', 'params' and 'steps', got " + Describe(root));
  Fields fields(root, path, "macro file",
                {"macro", "description", "params", "steps", "profiles", "unsupported"});
  auto macro = std::make_shared<Macro>();
  macro->file = path;
  Value declared = ValueOf(fields.Need("macro"), ctx);
  macro->name = ReadText(declared, ctx);
  if (macro->name != name) {
    FailAt(declared,
           "'macro' is \"" + macro->name + "\" but the file is " + name + ".yaml; they must match");
  }
  if (const Entry* description = fields.Find("description"))
    ReadText(ValueOf(*description, ctx), ctx);
  if (const Entry* params = fields.Find("params")) {
    for (const Value& item : ReadList(ValueOf(*params, ctx), "params", ctx)) {
      std::string param = ReadText(item, ctx);
      if (!IsIdentifier(param))
        FailExpected(item, param, "a parameter name (letters, digits and '_')");
      if (std::find(macro->params.begin(), macro->params.end(), param) != macro->params.end()) {
        FailAt(item, "parameter '" + param + "' is listed twice");
      }
      macro->params.push_back(param);
    }
  }
  if (const Entry* steps = fields.Find("steps")) macro->steps = ReadStepList(ValueOf(*steps, ctx));
  if (const Entry* profiles = fields.Find("profiles"))
    macro->variants = ReadVariants(ValueOf(*profiles, ctx), ctx);
  if (const Entry* unsupported = fields.Find("unsupported")) {
    Value v = ValueOf(*unsupported, ctx);
    std::vector<std::string_view> profiles(kProfiles.begin(), kProfiles.end());
    if (!v.node.IsMap())
      FailAt(v, "'unsupported' needs a map of profile: reason, got " + Describe(v.node));
    Fields entries(v.node, path, "unsupported", profiles);
    for (const Entry& entry : entries.entries()) {
      std::string profile = ReadProfileName(entry, ctx);
      if (macro->variants.count(profile)) {
        Fail(entry.key, path, "profile '" + profile + "' is both in 'profiles' and 'unsupported'");
      }
      macro->unsupported[profile] = ReadText(ValueOf(entry, ctx), ctx);
    }
  }
  if (!macro->steps && macro->variants.empty())
    Fail(root, path, "a macro needs 'steps' or 'profiles'");
  return macro;
}

std::shared_ptr<const Macro> MacroLibrary::Find(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto found = loaded_.find(name);
  if (found != loaded_.end()) return found->second;
  std::string path = PathOf(name);
  if (!std::filesystem::is_regular_file(path)) return nullptr;
  auto macro = ReadMacroFile(path, name);
  loaded_.emplace(name, macro);
  return macro;
}

Group ExpandCall(const Fields& fields, const ParseContext& ctx) {
  Value call = ValueOf(fields.Need("call"), ctx);
  std::string name = ReadText(call, ctx);
  // A name, not a path: macros come only from the library directory.
  if (!IsIdentifier(name)) FailExpected(call, name, "a macro name like add_user");
  if (std::find(ctx.call_chain.begin(), ctx.call_chain.end(), name) != ctx.call_chain.end()) {
    FailAt(call, "macro recursion: " + Join(ctx.call_chain, " -> ") + " -> " + name);
  }
  std::shared_ptr<const Macro> macro = ctx.macros ? ctx.macros->Find(name) : nullptr;
  if (!macro) {
    FailAt(call, "unknown macro '" + name + "' (no file " + name + ".yaml in the macro directory)");
  }
  auto unsupported = macro->unsupported.find(ctx.profile);
  if (unsupported != macro->unsupported.end()) {
    FailAt(call, "macro '" + name + "' is not available on profile " + ctx.profile + ": " +
                     unsupported->second);
  }
  const Value* steps = macro->steps ? &*macro->steps : nullptr;
  auto variant = macro->variants.find(ctx.profile);
  if (variant != macro->variants.end()) steps = &variant->second;
  if (!steps) FailAt(call, "macro '" + name + "' has no steps for profile " + ctx.profile);

  ParseContext inner;
  inner.file = macro->file;
  inner.bindings = BindParams(*macro, fields, call, ctx);
  inner.profile = ctx.profile;
  inner.macros = ctx.macros;
  inner.call_chain = ctx.call_chain;
  inner.call_chain.push_back(name);
  inner.uses_sim = ctx.uses_sim;
  return Group{name, ReadSteps(*steps, inner)};
}

}  // namespace lockrig::scenario
