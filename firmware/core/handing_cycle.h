// The door-handing cycle (LB-HANDING-3): bring the bolt to extended (unless
// already there), dwell, bring it to retracted, and learn which motor
// polarity extends the bolt on this door. While the polarity is unknown the
// first leg is a probe (BoltDrive): polarity A is tried, and if it pushes
// into the end stop the bolt rests against (or reaches the wrong end) the
// cycle reverses to polarity B. The controller stores what was learned.
#pragma once

#include <stdint.h>

#include "firmware/core/bolt_drive.h"
#include "firmware/core/deadline.h"
#include "firmware/core/profile.h"
#include "firmware/hal/lock_board.h"

namespace lockfw {

enum class HandingResult : uint8_t { kNone, kLearned, kJammed };

class HandingCycle {
 public:
  HandingCycle(const Profile& profile, BoltDrive& drive);

  void Reset();
  void Start(hal::Millis now);
  bool Active() const { return phase_ != Phase::kIdle; }

  // The bolt drive finished a leg of this cycle.
  void OnDriveOutcome(DriveOutcome outcome, hal::Millis now);
  void Service(hal::Millis now);
  void AddWakeups(Wakeup& wakeup) const;

  // The result once the cycle ends, then kNone.
  HandingResult TakeResult();
  // The polarity that extends the bolt, valid after kLearned.
  hal::MotorDrive extend_polarity() const { return extend_polarity_; }

 private:
  enum class Phase : uint8_t { kIdle, kToExtended, kDwell, kToRetracted };

  void Dwell(hal::Millis now);
  void End(HandingResult result);

  const Profile& profile_;
  BoltDrive& drive_;
  Phase phase_ = Phase::kIdle;
  bool polarity_known_ = false;
  hal::MotorDrive leg_polarity_ = hal::MotorDrive::kPolarityA;
  hal::MotorDrive extend_polarity_ = hal::MotorDrive::kPolarityA;
  Deadline dwell_end_;
  HandingResult result_ = HandingResult::kNone;
};

}  // namespace lockfw
