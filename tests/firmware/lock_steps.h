// Steps a test engineer takes with any profile's lock, on the fake board:
// hand it, program it the way its master mode wants, reset it the way its
// reset method wants, count what it shows. Lets one test body run across
// the profiles a requirement names (TEST_P over profile names).
#pragma once

#include <string>

#include "tests/firmware/fake_board.h"

namespace lockfw::testing {

inline constexpr Millis kNever = 0xFFFFFFFFu;
inline const char* const kAllProfiles[] = {
    "smartcode", "halo", "powerbolt250", "contemporary275", "legacy2code", "fourled", "generic"};

// Codes that are distinct and prefix-free as digits and as paired buttons.
inline const std::string kUser = "1357";
inline const std::string kUser2 = "3579";
inline const std::string kMaster = "97531";
inline const std::string kMaster2 = "86420";
inline const std::string kWrong = "9999";

// Runs `keys` and returns the beeps from its start until `settle` ms after.
inline int Beeps(Rig& rig, const std::string& keys, Millis settle = 1500) {
  const Millis t = rig.clock.now;
  rig.Enter(keys);
  rig.Advance(settle);
  return rig.BeepsBetween(t, rig.clock.now);
}

// Locks the bolt (Lock) and reports whether `code` then retracts it.
inline bool Unlocks(Rig& rig, const std::string& code) {
  rig.Enter("L");
  rig.Advance(1500);
  if (!rig.BoltExtended()) return false;
  rig.Enter(code);
  rig.Advance(1500);
  return rig.BoltRetracted();
}

// The digits that enter `code` on this keypad.
inline std::string DigitsOf(const Profile& profile, const Code& code) {
  std::string s;
  for (uint8_t i = 0; i < code.length; ++i) {
    const uint8_t b = code.buttons[i];
    const uint8_t digit =
        profile.keypad == KeypadKind::kTen ? b : static_cast<uint8_t>(b == 4 ? 9 : 2 * b + 1);
    s += static_cast<char>('0' + digit);
  }
  return s;
}

inline bool HasMaster(Rig& rig) {
  return rig.profile().master_mode != MasterMode::kNone &&
         !rig.controller().persistent_state().master.empty();
}

// The keys that open a session for one operation: `P`, or `P M L P`.
inline std::string Session(Rig& rig) {
  if (!HasMaster(rig)) return "P";
  return "P" + DigitsOf(rig.profile(), rig.controller().persistent_state().master) + "LP";
}

// Power-up from a blank store, then handing learned: the automatic cycle,
// or fourled's Program hold (LB-HANDING-6).
inline void Hand(Rig& rig) {
  rig.PowerOn();
  if (rig.profile().handing == HandingMode::kAutomaticAndCommand) {
    rig.Advance(6000);
  } else {
    rig.Advance(2000);
    rig.Press(Contact::kProgram, 3200);
    rig.Advance(6000);
  }
}

// Power-up from a blank store leaving handing not learned: the automatic
// cycle jams (LB-HANDING-7); fourled never hands itself.
inline void Unhanded(Rig& rig) {
  rig.bolt.jam = rig.profile().handing == HandingMode::kAutomaticAndCommand;
  rig.PowerOn();
  rig.Advance(9000);
  rig.bolt.jam = false;
}

// On a mandatory-master profile with no master, sets kMaster first.
inline void EnsureMasterIfNeeded(Rig& rig) {
  if (rig.profile().master_mode == MasterMode::kMandatory && !HasMaster(rig)) {
    Beeps(rig, "P" + kMaster + "L");
  }
}

// Adds a user code the profile's way; returns the beeps of the operation.
// On legacy2code the first code goes to the primary slot, a second one to
// the secondary (`P P C L`).
inline int AddUser(Rig& rig, const std::string& code) {
  EnsureMasterIfNeeded(rig);
  const bool secondary =
      rig.profile().two_slots && !rig.controller().persistent_state().users[0].empty();
  return Beeps(rig, Session(rig) + (secondary ? "P" : "") + code + "L", 2000);
}

// Handed, with kUser stored: the everyday lock.
inline void Ready(Rig& rig) {
  Hand(rig);
  AddUser(rig, kUser);
}

inline void PowerCycle(Rig& rig, Millis off = 500) {
  rig.PowerOff();
  rig.Advance(off);
  rig.PowerOn();
  rig.Advance(1000);  // keys count from 1.0 s after power-on (LB-POWER-2)
}

// Performs the profile's factory reset procedure with the reset keys held
// `hold` ms (default: just past `reset_hold`). Returns the instant of the
// (later) release edge.
inline Millis ResetProcedure(Rig& rig, Millis hold = 0) {
  const Profile& p = rig.profile();
  if (hold == 0) hold = p.reset_hold_ms + 300;
  switch (p.reset_method) {
    case ResetMethod::kProgramHeldAtPowerOn:
      rig.PowerOff();
      rig.Close(Contact::kProgram);
      rig.PowerOn();
      rig.Advance(hold);
      rig.Open(Contact::kProgram);
      return rig.clock.now;
    case ResetMethod::kProgramAndLockHeldAtPowerOn:
      rig.PowerOff();
      rig.Close(Contact::kProgram);
      rig.Close(Contact::kLock);
      rig.PowerOn();
      rig.Advance(hold);
      rig.Open(Contact::kProgram);
      rig.Open(Contact::kLock);
      return rig.clock.now;
    case ResetMethod::kProgramHeldWhilePowered:
      rig.Close(Contact::kProgram);
      rig.Advance(hold);
      rig.Open(Contact::kProgram);
      return rig.clock.now;
  }
  return rig.clock.now;
}

// The first buzzer on-phase of >= 1 s (a long beep) from `from`, or kNever.
inline Millis LongBeepAfter(const Rig& rig, Millis from) {
  Millis on = kNever;
  for (const auto& e : rig.buzzer.log) {
    if (!hal::TimeReached(e.at, from)) continue;
    if (e.on) {
      on = e.at;
    } else if (on != kNever && e.at - on >= 1000) {
      return on;
    }
  }
  if (on != kNever && rig.buzzer.sounding && rig.clock.now - on >= 1000) return on;
  return kNever;
}

// Instant the motor last switched off, at or after `from`; kNever if none.
inline Millis LastMotorOff(const Rig& rig, Millis from) {
  Millis off = kNever;
  for (const auto& e : rig.bolt.log) {
    if (e.drive == hal::MotorDrive::kOff && hal::TimeReached(e.at, from)) off = e.at;
  }
  return off;
}

// True if the lock is locked out now: Program opens no session and shows
// nothing (LB-PROG-8). Leaves no session open either way.
inline bool InLockout(Rig& rig) {
  const Millis t = rig.clock.now;
  rig.Enter("P");
  rig.Advance(600);
  const bool quiet = rig.Quiet(t, rig.clock.now);
  rig.Advance(11000);  // a session opened by the probe times out silently
  return quiet;
}

}  // namespace lockfw::testing
