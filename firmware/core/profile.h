// Model profiles: the per-model parameters of shared/spec/lock-behavior.md
// section 5, as one table of data. A firmware image is built for one fixed
// profile; nothing here forks the code: the controller reads these fields
// and every model difference is one of them.
#pragma once

#include <stdint.h>

namespace lockfw {

enum class KeypadKind : uint8_t { kPaired5, kTen };

// How the master code behaves (spec 4.5).
enum class MasterMode : uint8_t {
  kOptional,   // no master by default; programming needs none until one is set
  kMandatory,  // no master by default; the first code programmed is the master
  kPreset,     // the master is `default_master` from reset
  kNone,       // no master at all (two-slot model)
};

// Which factory reset procedure the model has (spec 4.9).
enum class ResetMethod : uint8_t {
  kProgramHeldAtPowerOn,         // LB-RESET-1..3
  kProgramAndLockHeldAtPowerOn,  // LB-RESET-8 (RANDOM confirmation)
  kProgramHeldWhilePowered,      // LB-RESET-10
};

// How handing is learned (spec 4.10).
enum class HandingMode : uint8_t {
  kAutomaticAndCommand,  // automatic cycle after reset/blank store, and `P 9 L`
  kProgramHoldOnly,      // Program held `handing_hold` while idle (LB-HANDING-6)
};

inline constexpr uint8_t kMaxCodeDigits = 8;  // the largest `code_max` of any profile
inline constexpr uint8_t kMaxUserCodes = 30;  // the largest `user_capacity` of any profile

struct Profile {
  const char* name;  // the scenario `profile:` value, e.g. "smartcode"
  KeypadKind keypad;
  uint8_t led_count;  // 1, or 4 on fourled
  bool has_blue;      // RGB status LED (halo): BOOT adds blue, UNPAIRED exists

  uint8_t code_min;
  uint8_t code_max;       // <= kMaxCodeDigits
  uint8_t user_capacity;  // <= kMaxUserCodes
  MasterMode master_mode;
  const char* default_master;     // digits, or nullptr (none)
  const char* factory_user_code;  // digits, or nullptr (none)
  bool two_slots;                 // primary + secondary slot commands (LB-USER-9, -10)
  bool keypad_deletion;           // exterior `M L C L` (LB-USER-11)
  bool keypad_reset;              // `P M L P 0 L M L` (LB-RESET-11)

  uint8_t lockout_failures;
  uint32_t lockout_ms;
  uint32_t lockout_escalated_ms;  // 0: no escalation (LB-LOCKOUT-8)

  ResetMethod reset_method;
  uint32_t reset_hold_ms;
  uint32_t reset_random_ms;  // RANDOM after release before the reset (fourled); 0 = none

  HandingMode handing;
  uint32_t handing_hold_ms;  // kProgramHoldOnly only

  bool autolock;
  bool autolock_default;
  uint32_t autolock_delay_ms;

  bool pairing;  // hub / Wi-Fi pairing flag with UNPAIRED (halo)

  uint16_t v_warn_mv;
  uint16_t v_crit_mv;
  uint16_t v_reset_min_mv;

  // Parameters common to all profiles (section 5), kept in the table so
  // that a test can shorten them and nothing reads a literal.
  uint32_t entry_timeout_ms;
  uint32_t session_timeout_ms;
  uint32_t motor_timeout_ms;
  uint32_t stall_ms;
  uint32_t jam_rest_ms;
  uint32_t handing_dwell_ms;
  uint32_t handing_start_ms;  // wait before an automatic handing cycle
  uint32_t ready_ms;          // keys ignored before this, from power-on
};

// The profile with that name, or nullptr.
const Profile* FindProfile(const char* name);

// All profiles, for listing; `count` receives how many.
const Profile* AllProfiles(uint8_t* count);

}  // namespace lockfw
