#include "rig/sim/bolt_mechanism.h"

#include <algorithm>
#include <cmath>

namespace lockrig::sim {

using lockfw::hal::MotorDrive;

namespace {
constexpr double kMicrosPerSecond = 1e6;
}  // namespace

void BoltMechanism::SetDrive(VirtualMicros now, MotorDrive drive) {
  AdvanceTo(now);
  drive_ = drive;
  Replan(now);
}

void BoltMechanism::SetSource(VirtualMicros now, double rest_volts, double source_ohms) {
  AdvanceTo(now);
  source_volts_ = std::max(0.0, rest_volts);
  source_ohms_ = std::max(0.0, source_ohms);
  Replan(now);
}

void BoltMechanism::SetExtendPolarity(VirtualMicros now, MotorDrive polarity) {
  AdvanceTo(now);
  extend_polarity_ = polarity;
  Replan(now);
}

void BoltMechanism::SetJam(VirtualMicros now, bool jammed) {
  AdvanceTo(now);
  jam_ = jammed;
  Replan(now);
}

void BoltMechanism::SetClutchEngaged(VirtualMicros now, bool engaged) {
  AdvanceTo(now);
  clutch_engaged_ = engaged;
  Replan(now);
}

void BoltMechanism::SetFriction(VirtualMicros now, double multiplier) {
  AdvanceTo(now);
  friction_ = multiplier;
  Replan(now);
}

void BoltMechanism::SetPosition(VirtualMicros now, double position) {
  AdvanceTo(now);
  position_ = std::clamp(position, 0.0, 1.0);
  Replan(now);
}

double BoltMechanism::PositionAt(VirtualMicros at) const {
  if (velocity_ == 0.0 || at <= planned_from_) return position_;
  double p = position_ + velocity_ * static_cast<double>(at - planned_from_) / kMicrosPerSecond;
  // The threshold time is rounded up to a whole microsecond; at and after it
  // the bolt has reached the threshold even if rounding says otherwise.
  if (next_at_ && at >= *next_at_) {
    p = velocity_ > 0 ? std::max(p, next_threshold_) : std::min(p, next_threshold_);
  }
  // Never through the stop the bolt is heading for.
  return velocity_ > 0 ? std::min(p, stop_) : std::max(p, stop_);
}

void BoltMechanism::AdvanceTo(VirtualMicros now) {
  if (now <= planned_from_) return;
  const bool threshold_reached = next_at_ && now >= *next_at_;
  position_ = PositionAt(now);
  planned_from_ = now;
  // Past a threshold the old plan's next threshold is stale: plan afresh (at
  // an end stop or the jam point this is where the motor stalls).
  if (threshold_reached) Replan(now);
}

double BoltMechanism::CurrentAmps() const {
  switch (load_) {
    case MotorLoad::kOff:
      return 0.0;
    case MotorLoad::kRunning:
      return RunningAmps();
    case MotorLoad::kStalled:
      return StallAmps();
  }
  return 0.0;
}

void BoltMechanism::Replan(VirtualMicros now) {
  planned_from_ = now;
  velocity_ = 0.0;
  next_at_.reset();
  load_ = MotorLoad::kOff;
  if (drive_ == MotorDrive::kOff || source_volts_ <= 0.0) {
    PlanCoast(now);
    return;
  }
  driven_velocity_ = 0.0;

  // Behind a disengaged clutch the motor spins freely: running current, no
  // motion, never a stall.
  if (!clutch_engaged_) {
    load_ = MotorLoad::kRunning;
    return;
  }

  const double direction = drive_ == extend_polarity_ ? 1.0 : -1.0;
  const bool at_end_stop = direction > 0 ? position_ >= 1.0 : position_ <= 0.0;
  // A misaligned strike blocks the bolt where it meets it on the way out; a
  // bolt already past that point (thrown before the fault) is not held.
  const bool at_jam = direction > 0 && jam_ && position_ == params_.jam_position;
  // Friction can demand more torque than the motor has at this voltage.
  const bool too_stiff = RunningAmps() >= StallAmps();
  if (at_end_stop || at_jam || too_stiff) {
    load_ = MotorLoad::kStalled;
    return;
  }

  load_ = MotorLoad::kRunning;
  const double motor_volts = source_volts_ - RunningAmps() * source_ohms_;
  const double speed =
      motor_volts / params_.reference_volts / (params_.free_travel_seconds * friction_);
  velocity_ = direction * speed;
  driven_velocity_ = velocity_;

  if (direction > 0) {
    stop_ = jam_ && position_ < params_.jam_position ? params_.jam_position : 1.0;
  } else {
    stop_ = 0.0;
  }
  PlanUntilNextThreshold(now, speed);
}

void BoltMechanism::PlanCoast(VirtualMicros now) {
  const double v = driven_velocity_;
  const double end = v > 0 ? 1.0 : 0.0;
  const bool in_end_zone = v > 0 ? position_ >= 1.0 - params_.limit_zone && position_ < 1.0
                                 : position_ <= params_.limit_zone && position_ > 0.0;
  if (v == 0.0 || !in_end_zone) {
    driven_velocity_ = 0.0;
    return;
  }
  velocity_ = v;
  stop_ = end;
  PlanUntilNextThreshold(now, std::abs(v));
}

void BoltMechanism::PlanUntilNextThreshold(VirtualMicros now, double speed) {
  const double direction = velocity_ > 0 ? 1.0 : -1.0;
  // The nearest point ahead where something the firmware senses changes. A
  // switch is active on the closed interval at its end, so leaving it means
  // getting just past its edge.
  constexpr double kPast = 1e-9;
  const double leave_retracted = params_.limit_zone + kPast;
  const double leave_extended = 1.0 - params_.limit_zone - kPast;
  const double candidates[] = {direction > 0 ? leave_retracted : params_.limit_zone,
                               direction > 0 ? 1.0 - params_.limit_zone : leave_extended, stop_};
  double next = stop_;
  for (double c : candidates) {
    if (direction > 0 && c > position_ && c < next) next = c;
    if (direction < 0 && c < position_ && c > next) next = c;
  }
  next_threshold_ = next;
  const double seconds = std::abs(next - position_) / speed;
  next_at_ = now + static_cast<VirtualMicros>(std::ceil(seconds * kMicrosPerSecond));
}

}  // namespace lockrig::sim
