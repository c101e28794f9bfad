// The lock double's side of the wire: the GPIO lines of a rig file seen
// from the lock's end. The rig drives the relay lines and the double reads
// them as relay coils (energised or not, the rig file's active_low
// applied); the double drives the sense lines (buzzer, bolt switch) as the
// lock's buzzer envelope and the bolt's limit switch would, which the rig
// reads with kernel-timestamped edges.
//
// Two wires:
//   - GpioSimWire: the kernel's gpio-sim driver. The rig's lines are
//     requested through /dev/gpiochipN as on a Pi; the double reads each
//     relay line's level from sysfs (`sim_gpioK/value`) and sets each sense
//     line's level by its simulated pull (`sim_gpioK/pull`), which makes the
//     kernel raise a real edge interrupt. Lines are found by the rig file's
//     addresses (name or chip + offset) through libgpiod, exactly as the
//     bench finds them, so the two cannot disagree.
//   - FakeGpioWire: the test back door of FakeGpio (fake_gpio.h), for the
//     host tests that run a bench and the double in one process.
//
// "Claimed" tells whether a rig holds the relay lines (a bench is active):
// the double can keep the lock unpowered until then, so that a scenario
// that expects a new board at time 0 gets one.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "rig/bench/bench.h"
#include "rig/hardware/fake_gpio.h"
#include "rig/hardware/rig_file.h"

namespace lockrig::lockdouble {

class LockWire {
 public:
  virtual ~LockWire() = default;
  // The relays of the rig file, in its order (RigConfig::relays).
  virtual const std::vector<std::string>& Relays() const = 0;
  // Whether each relay's coil is energised now, in Relays() order. A line
  // nobody drives leaves its relay de-energised (as a relay board's input
  // does when the Pi's pin floats).
  virtual std::vector<bool> Energised() = 0;
  // Whether a rig holds every relay line now.
  virtual bool Claimed() = 0;
  // Sets a sense line active or not (polarity from the rig file). Does
  // nothing for a bolt switch the rig does not wire. `again` writes the
  // level even if it has not changed (a rig requesting the line with a
  // bias can have moved it).
  virtual void SetSense(SenseLine line, bool active, bool again = false) = 0;
  virtual std::string Describe() const = 0;
};

// Over FakeGpio's back door; `gpio` must outlive the wire.
std::unique_ptr<LockWire> MakeFakeGpioWire(const hardware::RigConfig& rig,
                                           hardware::FakeGpio& gpio);

// Where gpio-sim keeps one line's attributes: the chip's device folder in
// sysfs and the line's offset on it.
struct SimLineLocation {
  std::string chip;  // "gpiochip3"
  unsigned offset = 0;
};

// How GpioSimWire finds lines and tells whether they are held. The default
// asks the kernel through libgpiod; tests can replace it.
class LineLocator {
 public:
  virtual ~LineLocator() = default;
  // Throws std::runtime_error naming the address if there is no such line.
  virtual SimLineLocation Locate(const hardware::LineAddress& address) = 0;
  virtual bool InUse(const SimLineLocation& line) = 0;
};
std::unique_ptr<LineLocator> MakeLibgpiodLocator();

// `sysfs_devices`: where the chips' device folders are found by name
// (/sys/bus/gpio/devices: gpiochipN there links to
// /sys/devices/platform/gpio-sim.M/gpiochipN). Throws std::runtime_error if
// a line cannot be found or its gpio-sim attributes are missing (the chip
// is not a gpio-sim chip). At construction every relay line's pull is set
// to its de-energised level, so that a line nobody drives reads as a
// released relay.
std::unique_ptr<LockWire> MakeGpioSimWire(
    const hardware::RigConfig& rig, std::unique_ptr<LineLocator> locator,
    const std::string& sysfs_devices = "/sys/bus/gpio/devices");

}  // namespace lockrig::lockdouble
