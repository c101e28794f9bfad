#include "firmware/core/handing_cycle.h"

namespace lockfw {

using hal::MotorDrive;

HandingCycle::HandingCycle(const Profile& profile, BoltDrive& drive)
    : profile_(profile), drive_(drive) {}

void HandingCycle::Reset() {
  phase_ = Phase::kIdle;
  dwell_end_.Clear();
  result_ = HandingResult::kNone;
}

void HandingCycle::Start(hal::Millis now) {
  // A cycle always relearns: a learned polarity is not trusted (LB-HANDING-5).
  polarity_known_ = false;
  result_ = HandingResult::kNone;
  if (drive_.AtEnd(BoltEnd::kExtended)) {
    Dwell(now);  // already extended: the dwell starts at once
    return;
  }
  phase_ = Phase::kToExtended;
  leg_polarity_ = MotorDrive::kPolarityA;
  drive_.Move(BoltEnd::kExtended, leg_polarity_, /*probe=*/true, now);
}

void HandingCycle::Dwell(hal::Millis now) {
  phase_ = Phase::kDwell;
  dwell_end_.Set(now + profile_.handing_dwell_ms);
}

void HandingCycle::End(HandingResult result) {
  phase_ = Phase::kIdle;
  dwell_end_.Clear();
  result_ = result;
}

void HandingCycle::OnDriveOutcome(DriveOutcome outcome, hal::Millis now) {
  if (outcome == DriveOutcome::kNone) return;
  if (outcome == DriveOutcome::kJammed) {
    End(HandingResult::kJammed);
    return;
  }
  switch (phase_) {
    case Phase::kToExtended:
      if (outcome == DriveOutcome::kWrongWay) {
        leg_polarity_ = Reverse(leg_polarity_);
        drive_.Move(BoltEnd::kExtended, leg_polarity_, /*probe=*/false, now);
        return;
      }
      extend_polarity_ = leg_polarity_;
      polarity_known_ = true;
      Dwell(now);
      return;
    case Phase::kToRetracted:
      if (outcome == DriveOutcome::kWrongWay) {
        leg_polarity_ = Reverse(leg_polarity_);
        drive_.Move(BoltEnd::kRetracted, leg_polarity_, /*probe=*/false, now);
        return;
      }
      extend_polarity_ = Reverse(leg_polarity_);
      End(HandingResult::kLearned);
      return;
    case Phase::kIdle:
    case Phase::kDwell:
      return;
  }
}

void HandingCycle::Service(hal::Millis now) {
  if (phase_ != Phase::kDwell || !dwell_end_.Due(now)) return;
  dwell_end_.Clear();
  phase_ = Phase::kToRetracted;
  if (polarity_known_) {
    leg_polarity_ = Reverse(extend_polarity_);
    drive_.Move(BoltEnd::kRetracted, leg_polarity_, /*probe=*/false, now);
  } else {
    leg_polarity_ = MotorDrive::kPolarityA;
    drive_.Move(BoltEnd::kRetracted, leg_polarity_, /*probe=*/true, now);
  }
}

void HandingCycle::AddWakeups(Wakeup& wakeup) const {
  wakeup.Add(dwell_end_);
}

HandingResult HandingCycle::TakeResult() {
  const HandingResult result = result_;
  result_ = HandingResult::kNone;
  return result;
}

}  // namespace lockfw
