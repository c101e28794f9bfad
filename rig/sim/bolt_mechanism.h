// The motor, gearbox, clutch and bolt of the lock, with its limit switches
// and the motor-current comparator. It is a model of the reference mechanism
// of lock-behavior.md section 2: free travel 0.8 s at 6.0 V at the motor,
// slower in proportion to lower voltage, and slower still with friction.
//
// The model is piecewise linear in time, so it advances by events rather than
// by small steps: between changes of its inputs (drive, supply, faults) the
// bolt moves at a constant speed, and NextTransition() predicts when it next
// crosses something the firmware can sense (a limit switch, an end stop, the
// jam point). The board schedules an event there. Hours of idle time cost
// nothing.
//
// Faults from the troubleshooting guides: a misaligned strike (jam) stops the
// extending bolt part-way; a disengaged clutch lets the motor spin without
// moving the bolt (normal current, so only the motor timeout catches it);
// friction slows the bolt and raises the running current, and enough of it
// stalls the motor.
#pragma once

#include <optional>

#include "firmware/hal/lock_board.h"
#include "rig/sim/scheduler.h"

namespace lockrig::sim {

struct MechanismParams {
  double free_travel_seconds = 0.8;  // full stroke at reference_volts, friction 1
  double reference_volts = 6.0;      // at the motor terminals
  // Each limit switch is active within this fraction of the stroke from its
  // end (24 ms of travel at reference speed), so the firmware can stop the
  // motor before the end stop; the drive train's momentum then carries the
  // bolt home (it coasts at the speed it had into the end stop). The zone
  // matches how near an end a camera calls the bolt extended or retracted
  // (vision's end tolerance), so a bolt the camera sees at an end is one
  // whose motor has stopped: a key pressed then is not ignored as pressed
  // while the lock was busy (LB-KEYPAD-9).
  double limit_zone = 0.03;
  // Where a misaligned strike stops the extending bolt: late enough in the
  // stroke (~0.6 s after a Lock press edge) that the stall starts after a
  // default `press` step has ended, so `press: lock`, then `expect`s of
  // `bolt: moving`, `stalled`, `retracted` see each phase (LB-JAM-2's Obs).
  double jam_position = 0.7;
  double running_amps = 0.35;          // free-running motor current at friction 1
  double motor_ohms = 3.0;             // winding: stall current = V / (motor + source ohms)
  double overcurrent_trip_amps = 1.0;  // the comparator the firmware reads as MotorOverCurrent
};

enum class MotorLoad {
  kOff,      // not driven, or no supply
  kRunning,  // turning: moving the bolt, or spinning behind a disengaged clutch
  kStalled,  // driven but blocked (end stop, jam, too much friction)
};

class BoltMechanism {
 public:
  explicit BoltMechanism(MechanismParams params) : params_(params) {}

  const MechanismParams& params() const { return params_; }

  // Every setter first brings the model to `now`; `now` must not go back.
  void SetDrive(VirtualMicros now, lockfw::hal::MotorDrive drive);
  // The source feeding the motor driver: the pack's rest voltage and internal
  // resistance (0 V when the pack is disconnected).
  void SetSource(VirtualMicros now, double rest_volts, double source_ohms);
  // Door handing: which drive polarity moves the bolt out.
  void SetExtendPolarity(VirtualMicros now, lockfw::hal::MotorDrive polarity);
  void SetJam(VirtualMicros now, bool jammed);
  void SetClutchEngaged(VirtualMicros now, bool engaged);
  void SetFriction(VirtualMicros now, double multiplier);
  // Places the bolt (test set-up; the motor keeps whatever drive it has).
  void SetPosition(VirtualMicros now, double position);

  // Brings the model to `now` (call at NextTransition() and before reading).
  void AdvanceTo(VirtualMicros now);

  // When the bolt next crosses a limit switch edge, an end stop or the jam
  // point, if it is moving.
  std::optional<VirtualMicros> NextTransition() const { return next_at_; }

  // Position (0 retracted .. 1 extended) at `at`, which may lie after the
  // last AdvanceTo() but not past NextTransition(): camera frames between
  // events read it without disturbing the model.
  double PositionAt(VirtualMicros at) const;
  double Position() const { return position_; }
  // The bolt's speed at `at` (same range as PositionAt), strokes per second,
  // positive extending; 0 once it has reached the stop it was heading for.
  // The camera blurs the bolt by it.
  double VelocityAt(VirtualMicros at) const {
    if (velocity_ == 0.0) return 0.0;
    return PositionAt(at) == stop_ ? 0.0 : velocity_;
  }

  lockfw::hal::MotorDrive drive() const { return drive_; }
  lockfw::hal::MotorDrive extend_polarity() const { return extend_polarity_; }
  bool jammed() const { return jam_; }
  bool clutch_engaged() const { return clutch_engaged_; }
  double friction() const { return friction_; }

  MotorLoad Load() const { return load_; }
  double CurrentAmps() const;                             // drawn from the source now
  double VelocityPerSecond() const { return velocity_; }  // strokes per second, + extending

  bool AtExtendedLimit() const { return position_ >= 1.0 - params_.limit_zone; }
  bool AtRetractedLimit() const { return position_ <= params_.limit_zone; }
  bool OverCurrent() const { return CurrentAmps() >= params_.overcurrent_trip_amps; }

 private:
  double RunningAmps() const { return params_.running_amps * friction_; }
  double StallAmps() const { return source_volts_ / (params_.motor_ohms + source_ohms_); }
  void Replan(VirtualMicros now);
  // With the motor off: a bolt that was moving into an end's limit zone
  // coasts on into that end stop.
  void PlanCoast(VirtualMicros now);
  void PlanUntilNextThreshold(VirtualMicros now, double speed);

  MechanismParams params_;
  lockfw::hal::MotorDrive drive_ = lockfw::hal::MotorDrive::kOff;
  lockfw::hal::MotorDrive extend_polarity_ = lockfw::hal::MotorDrive::kPolarityA;
  bool jam_ = false;
  bool clutch_engaged_ = true;
  double friction_ = 1.0;
  double source_volts_ = 0.0;
  double source_ohms_ = 0.0;

  // Plan since the last change: position_ at planned_from_, moving at
  // velocity_ towards stop_; the next threshold is next_threshold_ at next_at_.
  double position_ = 0.0;
  VirtualMicros planned_from_ = 0;
  // The velocity of the last powered motion (0 once the bolt came to rest),
  // which a coast into the end stop keeps.
  double driven_velocity_ = 0.0;
  double velocity_ = 0.0;
  double stop_ = 0.0;
  double next_threshold_ = 0.0;
  std::optional<VirtualMicros> next_at_;
  MotorLoad load_ = MotorLoad::kOff;
};

}  // namespace lockrig::sim
