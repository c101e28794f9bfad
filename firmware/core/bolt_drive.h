// Drives the bolt to one end and watches it get there (spec 4.3, 4.4, 4.13):
// the motor runs in a given polarity until the target end's limit switch
// reports it; a stall (over-current held kStall) or no arrival within
// `motor_timeout` is a jam: the motor stops at once, rests `jam_rest`, and
// drives back towards the end it came from (with the same jam detection).
//
// A *probe* move serves the handing cycle while the polarity is unknown:
// it reports kWrongWay instead of a jam when the chosen polarity pushes the
// bolt into (or holds it against) the opposite end, so the caller can
// reverse without any visible motion away from the target.
#pragma once

#include <stdint.h>

#include "firmware/core/deadline.h"
#include "firmware/core/profile.h"
#include "firmware/hal/lock_board.h"

namespace lockfw {

enum class BoltEnd : uint8_t { kExtended, kRetracted };

enum class DriveOutcome : uint8_t {
  kNone,      // still running (or idle with nothing to report)
  kArrived,   // the target limit was reached; motor stopped
  kJammed,    // jam handled (rest, return attempted); motor stopped
  kWrongWay,  // probe only: this polarity drives away from the target
};

inline constexpr BoltEnd Opposite(BoltEnd end) {
  return end == BoltEnd::kExtended ? BoltEnd::kRetracted : BoltEnd::kExtended;
}
inline constexpr hal::MotorDrive Reverse(hal::MotorDrive drive) {
  return drive == hal::MotorDrive::kPolarityA ? hal::MotorDrive::kPolarityB
                                              : hal::MotorDrive::kPolarityA;
}

class BoltDrive {
 public:
  BoltDrive(const Profile& profile, hal::Motor& motor, hal::BoltSensors& sensors);

  // Motor off, nothing running (power-on).
  void Reset();

  bool AtEnd(BoltEnd end);

  // Starts driving towards `target` in `polarity`. If the bolt is already at
  // the target the motor does not run and the move ends kArrived at once
  // (TakeOutcome()).
  void Move(BoltEnd target, hal::MotorDrive polarity, bool probe, hal::Millis now);

  // True from Move() until the outcome is ready (motion, jam rest and return).
  bool Active() const { return phase_ != Phase::kIdle; }

  void OnSensorsChanged(hal::Millis now);
  void Service(hal::Millis now);
  void AddWakeups(Wakeup& wakeup) const;

  // The outcome of the last move once, then kNone.
  DriveOutcome TakeOutcome();

 private:
  enum class Phase : uint8_t { kIdle, kMoving, kJamRest, kReturning };

  void Check(hal::Millis now);
  void Stop();
  void Finish(DriveOutcome outcome);
  void Jam(hal::Millis now);
  void StartLeg(BoltEnd target, hal::MotorDrive polarity, hal::Millis now);

  const Profile& profile_;
  hal::Motor& motor_;
  hal::BoltSensors& sensors_;

  Phase phase_ = Phase::kIdle;
  BoltEnd target_ = BoltEnd::kExtended;
  hal::MotorDrive polarity_ = hal::MotorDrive::kOff;
  bool probe_ = false;
  bool started_at_opposite_ = false;
  Deadline stall_;    // over-current has been held since stall_ - stall_ms
  Deadline timeout_;  // motor_timeout of this leg
  Deadline rest_;     // end of the jam rest
  DriveOutcome outcome_ = DriveOutcome::kNone;
};

}  // namespace lockfw
