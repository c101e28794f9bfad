// `sim: {...}`: settings and faults of the simulated bench, checked here and
// flattened to dotted keys for SimSetting ("key_contact.fail_rate" = "0.3").
// Known settings: battery_volts, jam, clutch, friction, key_contact,
// power_cut, handing_done, door. Values keep the text written (after
// substitution), booleans become "true"/"false"; power_cut.after is a range
// for ParseDurationRange (duration.h).
#pragma once

#include "rig/scenario/parse_context.h"
#include "rig/scenario/values.h"

namespace lockrig::scenario {

SimSetting ReadSimSetting(const Value& v, const ParseContext& ctx);

}  // namespace lockrig::scenario
