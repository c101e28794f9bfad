#include "firmware/core/lock_controller.h"

namespace lockfw {

using hal::Contact;
using hal::Millis;

namespace {

constexpr uint16_t Bit(Contact contact) {
  return static_cast<uint16_t>(1U << static_cast<uint8_t>(contact));
}
constexpr bool IsDigit(Contact contact) {
  return static_cast<uint8_t>(contact) < 10;
}

// LB-AUTOLOCK-4: an auto-lock held back by a session runs this soon after it closes.
constexpr Millis kAutoLockAfterSessionMs = 100;
constexpr uint8_t kMaxKeyEvents = hal::kContactCount;
// LB-RESET-2: RESET_OK within 300 ms of the release; LB-SIG-5: phases >= 200 ms.
constexpr Millis kResetOkGapMs = 200;

}  // namespace

LockController::LockController(const Profile& profile, hal::LockBoard& board)
    : profile_(profile),
      board_(board),
      player_(profile, board.leds, board.buzzer),
      drive_(profile, board.motor, board.bolt),
      handing_(profile, drive_),
      store_(board.nvm) {}

// ---------------------------------------------------------------- power-on

void LockController::PowerOn() {
  const Millis now = Now();
  ready_.Set(now + profile_.ready_ms);
  was_busy_ = true;
  player_.Reset(now);
  drive_.Reset();
  handing_.Reset();
  keys_.Reset(board_.contacts, now);
  // LB-POWER-2: keys held at power-on are ignored until released (the
  // reset keys are watched through the reset procedure instead).
  ignored_ = 0;
  for (uint8_t i = 0; i < hal::kContactCount; ++i) {
    const auto contact = static_cast<Contact>(i);
    if (keys_.IsDown(contact)) ignored_ = static_cast<uint16_t>(ignored_ | Bit(contact));
  }

  bool store_fault = false;
  switch (store_.Load(&state_)) {
    case store::LoadResult::kLoaded:
      break;
    case store::LoadResult::kBlank:  // LB-STORE-6
      state_ = FactoryState();
      break;
    case store::LoadResult::kFault:  // LB-STORE-5
      state_ = FactoryState();
      store_fault = true;
      break;
  }

  // LB-POWER-1, -4: BOOT, then STORE_FAULT, then the battery signal.
  Emit(Signal::kBoot, now);
  if (store_fault) Emit(Signal::kStoreFault, now);
  const uint16_t volts = Volts();
  if (volts < profile_.v_crit_mv) {
    Emit(Signal::kCriticalBattery, now);
  } else if (volts < profile_.v_warn_mv) {
    Emit(Signal::kLowBattery, now);
  }
  boot_signals_end_ = player_.QueueEndsAt(now);

  // Reset procedures that start at power-on (LB-RESET-1, -8, -10).
  const bool program = keys_.IsDown(Contact::kProgram);
  const bool lock = keys_.IsDown(Contact::kLock);
  switch (profile_.reset_method) {
    case ResetMethod::kProgramHeldAtPowerOn:
    case ResetMethod::kProgramHeldWhilePowered:
      if (program) {
        reset_ = ResetPhase::kHolding;
        reset_arm_.Set(now + profile_.reset_hold_ms);
      }
      break;
    case ResetMethod::kProgramAndLockHeldAtPowerOn:
      if (program && lock) {
        reset_ = ResetPhase::kHolding;
        reset_arm_.Set(now + profile_.reset_hold_ms);
      }
      break;
  }

  // LB-HANDING-2: the automatic cycle follows the boot signals, unless a
  // reset procedure runs; then it waits for that to end.
  if (!state_.handing_learned && profile_.handing == HandingMode::kAutomaticAndCommand) {
    if (reset_ == ResetPhase::kNone) {
      ScheduleAutomaticHanding(boot_signals_end_);
    } else {
      handing_pending_ = true;
    }
  }
  UpdateBackground(now);
}

store::PersistentState LockController::FactoryState() const {
  store::PersistentState s;
  s.master = CodeFromDigits(profile_.keypad, profile_.default_master);
  if (profile_.factory_user_code != nullptr) {
    s.users[0] = CodeFromDigits(profile_.keypad, profile_.factory_user_code);  // LB-USER-8
  }
  s.autolock_on = profile_.autolock && profile_.autolock_default;
  return s;
}

void LockController::ScheduleAutomaticHanding(Millis after) {
  handing_pending_ = false;
  handing_start_.Set(after + profile_.handing_start_ms);
}

// ---------------------------------------------------------------- plumbing

void LockController::OnContactEdge(Contact contact) {
  const Millis now = Now();
  RunDue(now);
  keys_.OnEdge(contact, board_.contacts.IsClosed(contact), now);
  UpdateBackground(now);
}

void LockController::OnBoltSensorsChanged() {
  const Millis now = Now();
  RunDue(now);
  drive_.OnSensorsChanged(now);
  PumpDrive(now);
  UpdateBackground(now);
}

void LockController::Service() {
  const Millis now = Now();
  RunDue(now);
}

bool LockController::NextWakeup(Millis* at) const {
  Wakeup w(Now());
  keys_.AddWakeups(w);
  player_.AddWakeups(w);
  drive_.AddWakeups(w);
  handing_.AddWakeups(w);
  w.Add(entry_timeout_);
  w.Add(session_timeout_);
  w.Add(lockout_end_);
  w.Add(autolock_);
  w.Add(handing_start_);
  w.Add(reset_arm_);
  w.Add(reset_random_end_);
  w.Add(program_hold_);
  w.Add(ready_);
  w.Add(busy_ended_.wakeup());
  w.Add(lockout_ended_.wakeup());
  return w.Get(at);
}

void LockController::RunDue(Millis now) {
  // Two passes: an action of the first (a move that ends at once, a closed
  // session releasing an auto-lock) may make something else due now.
  busy_ended_.Service(now);
  lockout_ended_.Service(now);
  if (ready_.Due(now)) ready_.Clear();  // booted: now busy_ended_ remembers it
  for (int pass = 0; pass < 2; ++pass) {
    KeyEvent events[kMaxKeyEvents];
    const uint8_t n = keys_.Service(now, board_.contacts, events, kMaxKeyEvents);
    for (uint8_t i = 0; i < n; ++i) OnKey(events[i], now);

    drive_.Service(now);
    PumpDrive(now);
    handing_.Service(now);
    PumpDrive(now);

    if (lockout_end_.Due(now)) {
      // LB-LOCKOUT-3, -8: the count restarts; a further N failures escalate.
      lockout_ended_.Set(lockout_end_.at());
      lockout_end_.Clear();
      failures_ = 0;
      escalate_ = profile_.lockout_escalated_ms != 0;
    }
    if (reset_arm_.Due(now)) {
      // A release still settling has its edge before now: wait for it, so
      // that a release before `reset_hold` abandons (LB-RESET-3) however
      // close to the instant it falls.
      if (ResetKeyReleasePending()) {
        reset_arm_.Set(now + 1);
      } else {
        ResetArmDue(now);
      }
    }
    if (reset_random_end_.Due(now)) {
      reset_random_end_.Clear();
      PerformReset(now);
    }
    if (program_hold_.Due(now) && keys_.ReleasePending(Contact::kProgram)) {
      program_hold_.Set(now + 1);  // as above: a release before the hold wins
    }
    if (program_hold_.Due(now)) {
      program_hold_.Clear();
      if (keys_.IsDown(Contact::kProgram)) {
        if (profile_.reset_method == ResetMethod::kProgramHeldWhilePowered) {
          // LB-RESET-10: the hold arms the reset; the session is abandoned.
          session_open_ = false;
          session_timeout_.Clear();
          reset_ = ResetPhase::kHolding;
          ResetArmDue(now);
        } else if (profile_.handing == HandingMode::kProgramHoldOnly) {
          // LB-HANDING-6: the session opened by the press is abandoned.
          session_open_ = false;
          session_timeout_.Clear();
          StartHandingCycle(now, false);
        }
      }
    }
    if (entry_timeout_.Due(now)) EntryTimedOut(now);
    if (session_timeout_.Due(now)) {
      // LB-PROG-5: closes silently, partial entry discarded.
      session_timeout_.Clear();
      CloseSession(now);
    }
    if (handing_start_.Due(now)) {
      handing_start_.Clear();
      StartHandingCycle(now, false);
    }
    if (autolock_.Due(now)) AutoLockDue(now);
    player_.Service(now);
  }
  UpdateBackground(now);
}

void LockController::PumpDrive(Millis now) {
  for (DriveOutcome outcome = drive_.TakeOutcome(); outcome != DriveOutcome::kNone;
       outcome = drive_.TakeOutcome()) {
    if (handing_.Active()) {
      handing_.OnDriveOutcome(outcome, now);
      const HandingResult result = handing_.TakeResult();
      if (result != HandingResult::kNone) OnHandingResult(result, now);
    } else {
      OnMotionDone(outcome, now);
    }
  }
}

bool LockController::Busy(Millis now) const {
  return (ready_.armed() && !ready_.Due(now)) || reset_ != ResetPhase::kNone || drive_.Active() ||
         handing_.Active() || handing_start_.armed() || handing_pending_;
}

void LockController::TrackBusy(Millis now) {
  // Every handler ends here, at the instant of the event it handled, so a
  // busy period's end is recorded at the instant it ended.
  const bool busy = Busy(now);
  if (was_busy_ && !busy) busy_ended_.Set(now);
  was_busy_ = busy;
}

bool LockController::ResetKeyReleasePending() const {
  return keys_.ReleasePending(Contact::kProgram) ||
         (profile_.reset_method == ResetMethod::kProgramAndLockHeldAtPowerOn &&
          keys_.ReleasePending(Contact::kLock));
}

void LockController::Emit(Signal signal, Millis now) {
  // LB-LOCKOUT-4, -7, LB-AUTOLOCK-5: a lockout is quiet, whatever happens.
  if (LockedOut()) return;
  player_.Trigger(signal, now);
}

void LockController::EmitAfterMotion(Signal signal, Millis now) {
  if (LockedOut()) return;
  player_.TriggerNotBefore(signal, now, now + kEndSettleMs);
}

void LockController::UpdateBackground(Millis now) {
  TrackBusy(now);
  Background b = Background::kNone;
  if (LockedOut()) {
    b = Background::kNone;
  } else if (reset_ == ResetPhase::kArmed || reset_ == ResetPhase::kRandom) {
    b = profile_.reset_random_ms != 0 ? Background::kRandom : Background::kResetArmed;
  } else if (session_open_) {
    b = step_ == Step::kResetConfirm ? Background::kPrompt : Background::kSession;
  } else if (profile_.pairing && !state_.paired && !Busy(now)) {
    b = Background::kUnpaired;  // LB-PAIR-1
  }
  player_.SetBackground(b, now);
}

// ---------------------------------------------------------------- keys

void LockController::OnKey(const KeyEvent& event, Millis now) {
  const Contact c = event.contact;
  if (!event.pressed) {
    ignored_ = static_cast<uint16_t>(ignored_ & ~Bit(c));
    OnRelease(c, event.edge, now);
    return;
  }
  bool ignore = false;
  // Contacts 5..9 do not exist on the paired keypad.
  if (IsDigit(c) && static_cast<uint8_t>(c) >= ButtonCount(profile_.keypad)) ignore = true;
  // LB-KEYPAD-3: while one key is held, other keys are ignored; held at
  // this key's press edge, not merely still settling its release now.
  for (uint8_t i = 0; i < hal::kContactCount && !ignore; ++i) {
    const auto other = static_cast<Contact>(i);
    if (other != c && keys_.HeldAt(other, event.edge)) ignore = true;
  }
  // The state at the press edge decides, not the state when the key
  // registers (up to KeyDebouncer::kPressDelayMs later): a key whose edge
  // fell while booting, busy or locked out stays ignored even if that state
  // has ended since.
  // LB-POWER-2: only press edges from 1.0 s after power-on count.
  if (ready_.armed() && !hal::TimeReached(event.edge, ready_.at())) ignore = true;
  // LB-LOCKOUT-4, -5: judged by the press edge against the lockout's end.
  if (LockedOut() || lockout_ended_.After(event.edge)) ignore = true;
  // LB-KEYPAD-9, LB-PROG-8: busy keys are ignored entirely. (A key whose
  // edge came just before a busy period that has begun since is ignored
  // too: the lock cannot act on it while the motor runs.)
  if (Busy(now) || busy_ended_.After(event.edge)) ignore = true;
  if (ignore) {
    ignored_ = static_cast<uint16_t>(ignored_ | Bit(c));
    return;
  }

  if (session_open_) {
    session_timeout_.Set(event.edge + profile_.session_timeout_ms);
    if (c == Contact::kProgram) {
      SessionProgram(event.edge, now);
    } else if (c == Contact::kLock) {
      SessionEntryEnded(event.edge, now);
    } else {
      SessionDigit(static_cast<uint8_t>(c), event.edge, now);
    }
  } else if (c == Contact::kProgram) {
    IdleProgram(event.edge, now);
  } else if (c == Contact::kLock) {
    IdleLock(event.edge, now);
  } else {
    IdleDigit(static_cast<uint8_t>(c), event.edge, now);
  }
}

void LockController::OnRelease(Contact contact, Millis edge, Millis now) {
  if (contact == Contact::kProgram) program_hold_.Clear();  // a release before the hold
  const bool reset_key = contact == Contact::kProgram ||
                         (contact == Contact::kLock &&
                          profile_.reset_method == ResetMethod::kProgramAndLockHeldAtPowerOn);
  if (!reset_key) return;
  switch (reset_) {
    case ResetPhase::kHolding:
      ResetAbandoned(edge, now);  // LB-RESET-3
      break;
    case ResetPhase::kRefused:
      if (!keys_.IsDown(Contact::kProgram) && !keys_.IsDown(Contact::kLock)) {
        ResetAbandoned(edge, now);
      }
      break;
    case ResetPhase::kArmed:
      if (profile_.reset_random_ms != 0) {
        // LB-RESET-8: RANDOM runs on from the later release edge.
        if (!keys_.IsDown(Contact::kProgram) && !keys_.IsDown(Contact::kLock)) {
          reset_ = ResetPhase::kRandom;
          reset_random_end_.Set(edge + profile_.reset_random_ms);
        }
      } else {
        PerformReset(now);  // LB-RESET-2, -10
      }
      break;
    case ResetPhase::kNone:
    case ResetPhase::kRandom:
      break;
  }
}

void LockController::IdleDigit(uint8_t button, Millis edge, Millis now) {
  entry_.Append(button);
  entry_timeout_.Set(edge + profile_.entry_timeout_ms);  // LB-KEYPAD-8
  // LB-KEYPAD-5: compared after every digit; the master never matches.
  for (uint8_t i = 0; i < profile_.user_capacity; ++i) {
    if (!state_.users[i].empty() && state_.users[i] == entry_) {
      entry_.Clear();
      entry_timeout_.Clear();
      Match(now);
      return;
    }
  }
  if (entry_.length >= profile_.code_max) Failure(edge, now);  // LB-KEYPAD-6 (a)
}

void LockController::IdleLock(Millis edge, Millis now) {
  const Code entry = entry_;
  entry_.Clear();
  entry_timeout_.Clear();
  if (entry.length >= profile_.code_min) {
    if (profile_.keypad_deletion && MasterSet() && entry == state_.master) {
      // LB-USER-11: exterior `M L` opens keypad deletion.
      failures_ = 0;
      escalate_ = false;
      Emit(Signal::kAccept, now);
      OpenSession(Step::kKeypadDelete, edge, now);
      return;
    }
    Failure(edge, now);  // LB-KEYPAD-6 (b): the bolt does not move
    return;
  }
  // LB-KEYPAD-7: a short entry is discarded; Lock acts.
  if (profile_.two_slots && !AnyUserCode()) {
    Emit(Signal::kReject, now);  // LB-LOCK-5: not a failure
    return;
  }
  LockBolt(now);
}

void LockController::IdleProgram(Millis edge, Millis now) {
  entry_.Clear();  // LB-PROG-1: a partial entry is discarded
  entry_timeout_.Clear();
  OpenSession(MasterSet() && profile_.master_mode != MasterMode::kNone ? Step::kAuthenticate
                                                                       : Step::kOperation,
              edge, now);
  program_presses_ = 1;
  if (profile_.reset_method == ResetMethod::kProgramHeldWhilePowered) {
    program_hold_.Set(edge + profile_.reset_hold_ms);  // LB-RESET-10
  } else if (profile_.handing == HandingMode::kProgramHoldOnly) {
    program_hold_.Set(edge + profile_.handing_hold_ms);  // LB-HANDING-6
  }
}

void LockController::EntryTimedOut(Millis now) {
  const Millis t_f = entry_timeout_.at();
  entry_timeout_.Clear();
  if (entry_.length >= profile_.code_min) {
    Failure(t_f, now);  // LB-KEYPAD-6 (c)
  } else {
    entry_.Clear();  // LB-KEYPAD-7: silent
  }
}

void LockController::Failure(Millis t_f, Millis now) {
  entry_.Clear();
  entry_timeout_.Clear();
  Emit(Signal::kReject, now);
  // LB-LOCK-5: with no code stored, a completed entry is no failure.
  if (profile_.two_slots && !AnyUserCode()) return;
  CountFailure(t_f);
}

void LockController::CountFailure(Millis t_f) {
  ++failures_;
  if (failures_ < profile_.lockout_failures) return;
  // LB-LOCKOUT-1, -8: from the failure's instant; the REJECT above still plays.
  const uint32_t length = escalate_ ? profile_.lockout_escalated_ms : profile_.lockout_ms;
  lockout_end_.Set(t_f + length);
  session_open_ = false;
  session_timeout_.Clear();
  program_hold_.Clear();
}

bool LockController::AnyUserCode() const {
  for (uint8_t i = 0; i < profile_.user_capacity; ++i) {
    if (!state_.users[i].empty()) return true;
  }
  return false;
}

// ---------------------------------------------------------------- bolt

void LockController::Match(Millis now) {
  failures_ = 0;  // LB-LOCKOUT-3
  escalate_ = false;
  // LB-UNLOCK-4: a match that cannot be carried out.
  if (!state_.handing_learned) {
    Emit(Signal::kHandingRequired, now);
    return;
  }
  StartMotion(Motion::kUnlock, BoltEnd::kRetracted, now);
}

void LockController::LockBolt(Millis now) {
  autolock_.Clear();  // LB-LOCK-4, LB-AUTOLOCK-3
  autolock_waits_for_session_ = false;
  if (!state_.handing_learned) {  // LB-LOCK-3
    Emit(Signal::kHandingRequired, now);
    return;
  }
  StartMotion(Motion::kLock, BoltEnd::kExtended, now);
}

void LockController::AutoLockDue(Millis now) {
  autolock_.Clear();
  if (session_open_) {  // LB-AUTOLOCK-4: waits for the session to close
    autolock_waits_for_session_ = true;
    return;
  }
  if (drive_.Active() || handing_.Active()) return;
  if (drive_.AtEnd(BoltEnd::kExtended)) return;
  if (!state_.handing_learned) {
    Emit(Signal::kHandingRequired, now);
    return;
  }
  StartMotion(Motion::kAutoLock, BoltEnd::kExtended, now);
}

void LockController::StartMotion(Motion motion, BoltEnd target, Millis now) {
  // LB-BATTERY-1, -3: measured before every motor run.
  const uint16_t volts = Volts();
  if (volts < profile_.v_crit_mv) {
    Emit(Signal::kCriticalBattery, now);
    return;
  }
  if (motion != Motion::kAutoLock) Emit(Signal::kAccept, now);  // LB-AUTOLOCK-5: silent
  low_battery_after_motion_ = volts < profile_.v_warn_mv;       // LB-BATTERY-2
  motion_ = motion;
  const hal::MotorDrive extend = state_.extend_polarity;
  drive_.Move(target, target == BoltEnd::kExtended ? extend : Reverse(extend), false, now);
  PumpDrive(now);
}

void LockController::OnMotionDone(DriveOutcome outcome, Millis now) {
  const Motion motion = motion_;
  motion_ = Motion::kNone;
  if (outcome == DriveOutcome::kJammed) {
    EmitAfterMotion(Signal::kJam, now);  // LB-JAM-2; no retry (LB-JAM-3)
    return;
  }
  if (motion == Motion::kUnlock && profile_.autolock && state_.autolock_on) {
    autolock_.Set(now + profile_.autolock_delay_ms);  // LB-AUTOLOCK-2
  }
  if (low_battery_after_motion_) {
    // LB-BATTERY-2: 300 ms after both ACCEPT and the motion have ended; the
    // player's queue gap covers an ACCEPT still playing.
    low_battery_after_motion_ = false;
    if (!LockedOut()) {
      player_.TriggerNotBefore(Signal::kLowBattery, now, now + SignalPlayer::kQueueGapMs);
    }
  }
}

void LockController::StartHandingCycle(Millis now, bool from_session) {
  autolock_.Clear();
  if (Volts() < profile_.v_crit_mv) {  // LB-BATTERY-3
    Emit(Signal::kCriticalBattery, now);
    if (from_session) CloseSession(now);
    return;
  }
  if (state_.handing_learned) {
    // LB-HANDING-8: forget the old handing before moving, so a cut during
    // the cycle leaves handing not learned.
    store::PersistentState next = state_;
    next.handing_learned = false;
    if (store_.Save(next) == store::SaveStatus::kOk) state_ = next;
  }
  if (from_session) {
    step_ = Step::kHanding;
    session_timeout_.Clear();
  }
  handing_.Start(now);
  PumpDrive(now);
}

void LockController::OnHandingResult(HandingResult result, Millis now) {
  const bool in_session = session_open_ && step_ == Step::kHanding;
  if (result == HandingResult::kLearned) {
    store::PersistentState next = state_;
    next.handing_learned = true;
    next.extend_polarity = handing_.extend_polarity();
    // LB-STORE-2: durable before HANDING_OK starts.
    if (store_.Save(next) == store::SaveStatus::kOk) {
      state_ = next;
      EmitAfterMotion(Signal::kHandingOk, now);
    } else {
      EmitAfterMotion(Signal::kJam, now);
    }
  } else {
    EmitAfterMotion(Signal::kJam, now);  // LB-HANDING-7: handing stays not learned
  }
  if (in_session) CloseSession(now);
}

// ---------------------------------------------------------------- sessions

void LockController::OpenSession(Step step, Millis edge, Millis now) {
  session_open_ = true;
  step_ = step;
  session_entry_.Clear();
  program_presses_ = 0;
  secondary_slot_ = false;
  session_timeout_.Set(edge + profile_.session_timeout_ms);
  UpdateBackground(now);
}

void LockController::CloseSession(Millis now) {
  session_open_ = false;
  session_entry_.Clear();
  session_timeout_.Clear();
  if (autolock_waits_for_session_) {
    autolock_waits_for_session_ = false;
    autolock_.Set(now + kAutoLockAfterSessionMs);
  }
  UpdateBackground(now);
}

void LockController::RejectAndClose(Millis now) {
  Emit(Signal::kReject, now);
  CloseSession(now);
}

void LockController::SessionDigit(uint8_t button, Millis /*edge*/, Millis now) {
  if (step_ == Step::kAwaitProgram) {  // the operation must begin with P
    RejectAndClose(now);
    return;
  }
  if (session_entry_.length >= profile_.code_max) {
    RejectAndClose(now);  // LB-USER-2: the (code_max + 1)-th digit
    return;
  }
  session_entry_.Append(button);
}

void LockController::SessionProgram(Millis edge, Millis now) {
  if (profile_.reset_method == ResetMethod::kProgramHeldWhilePowered) {
    program_hold_.Set(edge + profile_.reset_hold_ms);
  }
  if (step_ == Step::kAwaitProgram) {
    step_ = Step::kOperation;
    session_entry_.Clear();
    program_presses_ = 1;
    return;
  }
  if (!session_entry_.empty()) {  // LB-PROG-6: P after digits of a step
    RejectAndClose(now);
    return;
  }
  if (profile_.two_slots && step_ == Step::kOperation) {
    ++program_presses_;
    if (program_presses_ == 2) {
      secondary_slot_ = true;  // `P P ...` selects the secondary slot
    } else {
      RejectAndClose(now);
    }
  }
  // Otherwise an extra P before the first digit is ignored.
}

void LockController::SessionEntryEnded(Millis edge, Millis now) {
  const Code entry = session_entry_;
  session_entry_.Clear();
  const uint8_t len = entry.length;
  const bool code_length = len >= profile_.code_min && len <= profile_.code_max;
  switch (step_) {
    case Step::kAuthenticate:
      if (code_length && entry == state_.master) {
        failures_ = 0;  // LB-LOCKOUT-3
        escalate_ = false;
        Emit(Signal::kAccept, now);  // LB-MASTER-2: the session stays open
        step_ = Step::kAwaitProgram;
      } else if (code_length) {
        RejectAndClose(now);  // LB-MASTER-3: a wrong master is a failure
        CountFailure(edge);
      } else {
        RejectAndClose(now);  // LB-PROG-3
      }
      return;
    case Step::kAwaitProgram:
      RejectAndClose(now);
      return;
    case Step::kOperation:
      if (len == 1) {
        Command(CommandDigit(profile_.keypad, entry.buttons[0]), now);
      } else if (code_length) {
        CodeOperation(entry, now);
      } else if (len == 0 && profile_.two_slots && secondary_slot_) {
        // LB-USER-10: `P P L` clears the secondary code.
        if (state_.users[1].empty()) {
          RejectAndClose(now);
          return;
        }
        store::PersistentState next = state_;
        next.users[1].Clear();
        Commit(next, now);
      } else {
        RejectAndClose(now);  // LB-PROG-3
      }
      return;
    case Step::kNewMaster: {
      // LB-MASTER-5, -6, -7.
      if (!code_length || !NewCodeAcceptable(entry, -1)) {
        RejectAndClose(now);
        return;
      }
      store::PersistentState next = state_;
      next.master = entry;
      Commit(next, now);
      return;
    }
    case Step::kDelete:
    case Step::kKeypadDelete: {
      // LB-USER-6, -11.
      for (uint8_t i = 0; i < profile_.user_capacity; ++i) {
        if (code_length && !state_.users[i].empty() && state_.users[i] == entry) {
          store::PersistentState next = state_;
          next.users[i].Clear();
          Commit(next, now);
          return;
        }
      }
      RejectAndClose(now);
      return;
    }
    case Step::kResetConfirm:
      if (code_length && entry == state_.master) {
        CloseSession(now);
        PerformReset(now);  // LB-RESET-11
      } else {
        RejectAndClose(now);  // a failure (LB-LOCKOUT-2)
        CountFailure(edge);
      }
      return;
    case Step::kHanding:
      return;
  }
}

void LockController::Command(uint8_t digit, Millis now) {
  const bool master_set = MasterSet();
  const MasterMode mode = profile_.master_mode;
  const bool mandatory_without_master = mode == MasterMode::kMandatory && !master_set;
  // LB-PROG-7: commands the profile (or the master state) does not offer.
  if (secondary_slot_) {
    RejectAndClose(now);
    return;
  }
  switch (digit) {
    case 1:  // set / change master
      if (mode == MasterMode::kNone || mandatory_without_master) break;
      step_ = Step::kNewMaster;  // no signal; the session stays open
      return;
    case 7:  // remove a user code
      if (profile_.two_slots || mandatory_without_master) break;
      step_ = Step::kDelete;
      return;
    case 3:
    case 5: {  // auto-lock on / off
      if (!profile_.autolock || mandatory_without_master) break;
      store::PersistentState next = state_;
      next.autolock_on = digit == 3;
      Commit(next, now);
      if (!state_.autolock_on) {
        // LB-AUTOLOCK-3: disabling cancels a pending one (once it is stored:
        // a disable refused for the battery leaves auto-lock on).
        autolock_.Clear();
        autolock_waits_for_session_ = false;
      }
      return;
    }
    case 9:  // door handing
      if (profile_.handing != HandingMode::kAutomaticAndCommand) break;
      StartHandingCycle(now, true);  // LB-HANDING-5
      return;
    case 0:  // generic keypad reset: PROMPT, no beep
      if (!profile_.keypad_reset || !master_set) break;
      step_ = Step::kResetConfirm;
      UpdateBackground(now);
      return;
    default:
      break;
  }
  RejectAndClose(now);
}

bool LockController::NewCodeAcceptable(const Code& code, int ignore_slot) const {
  // LB-USER-3, -4, LB-MASTER-7, LB-USER-9: no equal or prefix-related code.
  for (uint8_t i = 0; i < profile_.user_capacity; ++i) {
    if (static_cast<int>(i) == ignore_slot || state_.users[i].empty()) continue;
    if (state_.users[i].PrefixRelated(code)) return false;
  }
  return true;
}

void LockController::CodeOperation(const Code& code, Millis now) {
  store::PersistentState next = state_;
  if (profile_.two_slots) {
    // LB-USER-9: the slot is replaced; the other slot must not clash.
    // LB-USER-3 (all profiles): a code equal to a stored one, the slot's
    // own included, is refused; only prefix relations with the code being
    // replaced are harmless, since it goes.
    const uint8_t slot = secondary_slot_ ? 1 : 0;
    if (!NewCodeAcceptable(code, slot) || state_.users[slot] == code) {
      RejectAndClose(now);
      return;
    }
    next.users[slot] = code;
    Commit(next, now);
    return;
  }
  if (profile_.master_mode == MasterMode::kMandatory && !MasterSet()) {
    if (!NewCodeAcceptable(code, -1)) {  // LB-MASTER-4, -7
      RejectAndClose(now);
      return;
    }
    next.master = code;
    Commit(next, now);
    return;
  }
  // LB-USER-1..5: add a user code.
  if (!NewCodeAcceptable(code, -1) || (MasterSet() && state_.master.PrefixRelated(code))) {
    RejectAndClose(now);
    return;
  }
  for (uint8_t i = 0; i < profile_.user_capacity; ++i) {
    if (next.users[i].empty()) {
      next.users[i] = code;
      Commit(next, now);
      return;
    }
  }
  RejectAndClose(now);  // LB-USER-5: full
}

void LockController::Commit(const store::PersistentState& next, Millis now) {
  // LB-BATTERY-4: no store write below v_crit.
  if (Volts() < profile_.v_crit_mv) {
    Emit(Signal::kCriticalBattery, now);
  } else if (store_.Save(next) == store::SaveStatus::kOk) {
    state_ = next;
    Emit(Signal::kAccept, now);  // LB-STORE-2: after the write is durable
  } else {
    Emit(Signal::kReject, now);
  }
  CloseSession(now);
}

// ---------------------------------------------------------------- reset

void LockController::ResetArmDue(Millis now) {
  reset_arm_.Clear();
  if (reset_ != ResetPhase::kHolding) return;
  // LB-RESET-7: not armed below v_reset_min; the rest of the hold is ignored.
  if (Volts() < profile_.v_reset_min_mv) {
    Emit(Signal::kLowBattery, now);
    reset_ = ResetPhase::kRefused;
    return;
  }
  reset_ = ResetPhase::kArmed;  // RESET_ARMED (fourled: RANDOM) until release
  UpdateBackground(now);
}

void LockController::ResetAbandoned(Millis edge, Millis now) {
  reset_ = ResetPhase::kNone;
  reset_arm_.Clear();
  UpdateBackground(now);
  if (handing_pending_) {
    // A pending automatic cycle starts 1.0 s after the abandoning release.
    const Millis after = hal::TimeReached(edge, boot_signals_end_) ? edge : boot_signals_end_;
    ScheduleAutomaticHanding(after);
  }
}

void LockController::PerformReset(Millis now) {
  reset_ = ResetPhase::kNone;
  reset_arm_.Clear();
  reset_random_end_.Clear();
  // LB-RESET-7: checked again when the reset would be performed.
  if (Volts() < profile_.v_reset_min_mv) {
    Emit(Signal::kLowBattery, now);
    ResetAbandoned(now, now);
    return;
  }
  // LB-RESET-5: one store write makes it atomic (LB-STORE-3).
  const store::PersistentState factory = FactoryState();
  if (store_.Save(factory) != store::SaveStatus::kOk) {
    Emit(Signal::kStoreFault, now);
    ResetAbandoned(now, now);
    return;
  }
  state_ = factory;
  // All volatile state.
  entry_.Clear();
  entry_timeout_.Clear();
  session_open_ = false;
  session_timeout_.Clear();
  failures_ = 0;
  escalate_ = false;
  lockout_end_.Clear();
  autolock_.Clear();
  autolock_waits_for_session_ = false;
  program_hold_.Clear();
  // LB-STORE-2, -4: the reset is durable now; RESET_OK follows a short dark
  // gap so that its first red blink is not lost in RESET_ARMED's red.
  // (fourled: RESET_OK replaces RANDOM at once, LB-RESET-8.)
  const Millis gap = profile_.reset_random_ms != 0 ? 0 : kResetOkGapMs;
  if (!LockedOut()) player_.TriggerNotBefore(Signal::kResetOk, now, now + gap);
  // LB-RESET-6: the automatic cycle follows RESET_OK (not on fourled).
  handing_pending_ = false;
  handing_start_.Clear();
  if (profile_.handing == HandingMode::kAutomaticAndCommand) {
    ScheduleAutomaticHanding(player_.QueueEndsAt(now));
  }
  UpdateBackground(now);
}

// ---------------------------------------------------------------- pairing

void LockController::OnPairingCompleted() {
  const Millis now = Now();
  RunDue(now);
  if (!profile_.pairing || state_.paired) return;
  store::PersistentState next = state_;
  next.paired = true;
  if (store_.Save(next) == store::SaveStatus::kOk) state_ = next;
  UpdateBackground(now);
}

}  // namespace lockfw
