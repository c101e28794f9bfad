// `${name}` substitution in scalars. Every scalar a scenario or macro holds
// goes through here before it is given a type, so a variable can stand for
// a code, a duration, a key or any other value. `$${` writes a literal `${`.
#pragma once

#include <string>
#include <string_view>

#include "rig/scenario/scenario.h"

namespace lockrig::scenario {

struct Substitution {
  std::string text;   // the result, when error is empty
  std::string error;  // what is wrong: "unknown variable 'usr' (defined: master, user)"
};

Substitution Substitute(std::string_view text, const Bindings& bindings);

}  // namespace lockrig::scenario
