// The lock controller: the whole behaviour of shared/spec/lock-behavior.md
// (keypad entry, programming sessions, master and user codes, lockout,
// factory reset, door handing, auto-lock, battery and jam handling, feedback
// signals), driven by events and timers, for the profile it is built with.
//
// Tickless: a target calls PowerOn() once out of reset, the On*() handlers
// when an input changes, and Service() whenever NowMs() reaches
// NextWakeup(). Every handler may run due timers first. No heap, no
// exceptions, no RTTI, no OS calls.
//
// The parts it delegates to, one reason each: KeyDebouncer (contacts to
// presses), SignalPlayer (LEDs and buzzer), BoltDrive and HandingCycle
// (motor), CodeStore (persistence). What stays here is the spec's state
// machine: which key means what, when.
#pragma once

#include "firmware/core/bolt_drive.h"
#include "firmware/core/code.h"
#include "firmware/core/deadline.h"
#include "firmware/core/handing_cycle.h"
#include "firmware/core/key_debouncer.h"
#include "firmware/core/profile.h"
#include "firmware/core/signal_player.h"
#include "firmware/hal/lock_board.h"
#include "firmware/store/code_store.h"
#include "firmware/store/persistent_state.h"

namespace lockfw {

class LockController {
 public:
  LockController(const Profile& profile, hal::LockBoard& board);

  // The MCU came out of reset with the supply above brown-out: boot.
  void PowerOn();

  // A contact's level changed (read it with board.contacts); the target
  // calls this from the contact's edge interrupt.
  void OnContactEdge(hal::Contact contact);

  // A limit switch or the motor over-current comparator changed.
  void OnBoltSensorsChanged();

  // Runs everything due at the board clock's now.
  void Service();

  // The next instant Service() must run at; false when nothing is pending
  // (then only an input wakes the lock).
  bool NextWakeup(hal::Millis* at) const;

  // The radio module reports a completed hub / Wi-Fi pairing (halo,
  // LB-PAIR-3). Not reachable from any key.
  void OnPairingCompleted();

  // The state as last loaded or stored; for tests and diagnostics only.
  const store::PersistentState& persistent_state() const { return state_; }

 private:
  // A programming session's position in the table of spec 4.7.
  enum class Step : uint8_t {
    kAuthenticate,  // after the opening P with a master set: expect `M L`
    kAwaitProgram,  // authenticated: the operation begins with P
    kOperation,     // a command digit or a code
    kNewMaster,     // after `1 L`: expect `N L`
    kDelete,        // after `7 L`: expect `C L`
    kResetConfirm,  // generic after `0 L` (PROMPT): expect `M L`
    kKeypadDelete,  // powerbolt250 after exterior `M L`: expect `C L`
    kHanding,       // `P 9 L` cycle running; closes on HANDING_OK or JAM
  };
  enum class ResetPhase : uint8_t {
    kNone,
    kHolding,  // reset keys held, not yet armed
    kArmed,    // RESET_ARMED: release performs (fourled: starts RANDOM)
    kRandom,   // fourled: RANDOM after the release, then the reset
    kRefused,  // battery too low at arming: rest of the hold ignored
  };
  enum class Motion : uint8_t { kNone, kUnlock, kLock, kAutoLock };

  hal::Millis Now() const { return board_.clock.NowMs(); }
  void RunDue(hal::Millis now);
  void PumpDrive(hal::Millis now);
  void UpdateBackground(hal::Millis now);
  bool Busy(hal::Millis now) const;
  void TrackBusy(hal::Millis now);
  bool ResetKeyReleasePending() const;
  bool LockedOut() const { return lockout_end_.armed(); }
  void Emit(Signal signal, hal::Millis now);
  // For a signal that reports how a bolt motion ended (JAM, HANDING_OK): it
  // starts kEndSettleMs after the bolt came to rest, inside the 300 ms the
  // spec allows (LB-JAM-2, LB-HANDING-3), so that a camera sees the bolt at
  // rest before the signal begins and "retracted, then 4 beeps" reads in
  // that order on the timeline.
  void EmitAfterMotion(Signal signal, hal::Millis now);
  static constexpr hal::Millis kEndSettleMs = 150;
  uint16_t Volts() { return board_.battery.RestMillivolts(); }

  // Keys.
  void OnKey(const KeyEvent& event, hal::Millis now);
  void OnRelease(hal::Contact contact, hal::Millis edge, hal::Millis now);
  void IdleDigit(uint8_t button, hal::Millis edge, hal::Millis now);
  void IdleLock(hal::Millis edge, hal::Millis now);
  void IdleProgram(hal::Millis edge, hal::Millis now);
  void EntryTimedOut(hal::Millis now);
  void Failure(hal::Millis t_f, hal::Millis now);
  void CountFailure(hal::Millis t_f);

  // Bolt.
  void Match(hal::Millis now);
  void LockBolt(hal::Millis now);
  void AutoLockDue(hal::Millis now);
  void StartMotion(Motion motion, BoltEnd target, hal::Millis now);
  void OnMotionDone(DriveOutcome outcome, hal::Millis now);
  void StartHandingCycle(hal::Millis now, bool from_session);
  void OnHandingResult(HandingResult result, hal::Millis now);

  // Sessions.
  void OpenSession(Step step, hal::Millis edge, hal::Millis now);
  void CloseSession(hal::Millis now);
  void SessionDigit(uint8_t button, hal::Millis edge, hal::Millis now);
  void SessionProgram(hal::Millis edge, hal::Millis now);
  void SessionEntryEnded(hal::Millis edge, hal::Millis now);
  void Command(uint8_t digit, hal::Millis now);
  void CodeOperation(const Code& code, hal::Millis now);
  void RejectAndClose(hal::Millis now);
  bool NewCodeAcceptable(const Code& code, int ignore_slot) const;
  bool MasterSet() const { return !state_.master.empty(); }
  bool AnyUserCode() const;
  // Writes `next` (battery permitting) and acknowledges; closes the session.
  void Commit(const store::PersistentState& next, hal::Millis now);

  // Reset.
  void ResetArmDue(hal::Millis now);
  void PerformReset(hal::Millis now);
  void ResetAbandoned(hal::Millis edge, hal::Millis now);
  store::PersistentState FactoryState() const;
  void ScheduleAutomaticHanding(hal::Millis after);

  const Profile& profile_;
  hal::LockBoard board_;
  KeyDebouncer keys_;
  SignalPlayer player_;
  BoltDrive drive_;
  HandingCycle handing_;
  store::CodeStore store_;
  store::PersistentState state_;

  // Booting (busy) until this instant, 1.0 s after power-on (LB-POWER-2).
  // A deadline rather than a stored power-on instant: it is cleared when
  // reached, so that nothing compares against power-on after the 32-bit
  // clock wraps (LB-POWER-8).
  Deadline ready_;
  // When the last busy period and the last lockout ended: a key whose press
  // edge came before stays ignored even though it registers later (LB-KEYPAD-9).
  RecentInstant busy_ended_;
  RecentInstant lockout_ended_;
  bool was_busy_ = true;  // busy as of the last TrackBusy()
  uint16_t ignored_ = 0;  // contacts ignored until released (bit per contact)

  Code entry_;  // idle entry buffer (LB-KEYPAD-5)
  Deadline entry_timeout_;

  bool session_open_ = false;
  Step step_ = Step::kOperation;
  Code session_entry_;
  uint8_t program_presses_ = 0;  // P presses before the current step's first digit
  bool secondary_slot_ = false;  // two-slot profile: `P P ...`
  Deadline session_timeout_;

  uint8_t failures_ = 0;
  bool escalate_ = false;  // a lockout ended with no match since (LB-LOCKOUT-8)
  Deadline lockout_end_;

  Motion motion_ = Motion::kNone;
  bool low_battery_after_motion_ = false;
  Deadline autolock_;
  bool autolock_waits_for_session_ = false;

  bool handing_pending_ = false;  // automatic cycle owed once a reset procedure ends
  Deadline handing_start_;
  hal::Millis boot_signals_end_ = 0;

  ResetPhase reset_ = ResetPhase::kNone;
  Deadline reset_arm_;
  Deadline reset_random_end_;
  Deadline program_hold_;  // generic reset hold / fourled handing hold from a Program press
};

}  // namespace lockfw
