// The fixed vocabularies of the scenario format that are not about vision:
// key names, profile names and variable/macro identifiers, and how many
// status LEDs each profile has (to check `leds:` lists).
#pragma once

#include <array>
#include <string_view>

namespace lockrig::scenario {

inline constexpr std::array<std::string_view, 7> kProfiles = {
    "smartcode", "halo", "powerbolt250", "contemporary275", "legacy2code", "fourled", "generic"};
inline constexpr std::string_view kProfileNames =
    "smartcode, halo, powerbolt250, contemporary275, legacy2code, fourled, generic";
inline constexpr std::string_view kKeyNames = "\"0\"-\"9\", lock, program";

bool IsProfile(std::string_view name);
// Status LEDs on the lock face of that profile (lock-behavior.md section 5).
int LedCountOf(std::string_view profile);
// "0".."9", "lock", "program".
bool IsKey(std::string_view name);
// A variable or parameter name: a letter or '_', then letters, digits, '_'.
bool IsIdentifier(std::string_view name);

}  // namespace lockrig::scenario
