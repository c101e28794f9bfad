#include "firmware/core/bolt_drive.h"

namespace lockfw {

BoltDrive::BoltDrive(const Profile& profile, hal::Motor& motor, hal::BoltSensors& sensors)
    : profile_(profile), motor_(motor), sensors_(sensors) {}

void BoltDrive::Reset() {
  motor_.Drive(hal::MotorDrive::kOff);
  phase_ = Phase::kIdle;
  stall_.Clear();
  timeout_.Clear();
  rest_.Clear();
  outcome_ = DriveOutcome::kNone;
}

bool BoltDrive::AtEnd(BoltEnd end) {
  return end == BoltEnd::kExtended ? sensors_.AtExtendedLimit() : sensors_.AtRetractedLimit();
}

void BoltDrive::Move(BoltEnd target, hal::MotorDrive polarity, bool probe, hal::Millis now) {
  outcome_ = DriveOutcome::kNone;
  probe_ = probe;
  phase_ = Phase::kMoving;
  StartLeg(target, polarity, now);
}

void BoltDrive::StartLeg(BoltEnd target, hal::MotorDrive polarity, hal::Millis now) {
  target_ = target;
  polarity_ = polarity;
  started_at_opposite_ = AtEnd(Opposite(target));
  stall_.Clear();
  rest_.Clear();
  if (AtEnd(target)) {
    // Already there: the motor does not run (LB-UNLOCK-3, LB-LOCK-2).
    Finish(phase_ == Phase::kReturning ? DriveOutcome::kJammed : DriveOutcome::kArrived);
    return;
  }
  motor_.Drive(polarity);
  timeout_.Set(now + profile_.motor_timeout_ms);
  Check(now);
}

void BoltDrive::Stop() {
  motor_.Drive(hal::MotorDrive::kOff);
  stall_.Clear();
  timeout_.Clear();
}

void BoltDrive::Finish(DriveOutcome outcome) {
  Stop();
  rest_.Clear();
  phase_ = Phase::kIdle;
  outcome_ = outcome;
}

void BoltDrive::Jam(hal::Millis now) {
  if (phase_ == Phase::kReturning) {
    // The return jammed too: stop where it is (LB-JAM-2).
    Finish(DriveOutcome::kJammed);
    return;
  }
  Stop();  // within 20 ms of detection: this runs in the detecting call
  phase_ = Phase::kJamRest;
  rest_.Set(now + profile_.jam_rest_ms);
}

void BoltDrive::Check(hal::Millis now) {
  if (phase_ != Phase::kMoving && phase_ != Phase::kReturning) return;
  if (AtEnd(target_)) {
    Finish(phase_ == Phase::kReturning ? DriveOutcome::kJammed : DriveOutcome::kArrived);
    return;
  }
  if (probe_ && phase_ == Phase::kMoving && !started_at_opposite_ && AtEnd(Opposite(target_))) {
    // The bolt started between the ends and this polarity took it the other way.
    Finish(DriveOutcome::kWrongWay);
    return;
  }
  if (sensors_.MotorOverCurrent()) {
    if (!stall_.armed()) stall_.Set(now + profile_.stall_ms);
  } else {
    stall_.Clear();
  }
}

void BoltDrive::OnSensorsChanged(hal::Millis now) {
  Check(now);
}

void BoltDrive::Service(hal::Millis now) {
  switch (phase_) {
    case Phase::kIdle:
      return;
    case Phase::kMoving:
    case Phase::kReturning:
      Check(now);
      if (phase_ == Phase::kIdle) return;
      if (stall_.Due(now)) {
        if (probe_ && phase_ == Phase::kMoving && AtEnd(Opposite(target_))) {
          // Pushing into the end stop it started at: the other polarity is the way.
          Finish(DriveOutcome::kWrongWay);
          return;
        }
        Jam(now);
      } else if (timeout_.Due(now)) {
        Jam(now);
      }
      return;
    case Phase::kJamRest:
      if (rest_.Due(now)) {
        rest_.Clear();
        phase_ = Phase::kReturning;
        probe_ = false;
        // Back towards the end it came from: reverse the motor.
        StartLeg(Opposite(target_), Reverse(polarity_), now);
      }
      return;
  }
}

void BoltDrive::AddWakeups(Wakeup& wakeup) const {
  wakeup.Add(stall_);
  wakeup.Add(timeout_);
  wakeup.Add(rest_);
}

DriveOutcome BoltDrive::TakeOutcome() {
  const DriveOutcome outcome = outcome_;
  outcome_ = DriveOutcome::kNone;
  return outcome;
}

}  // namespace lockfw
