// A chip of the kernel's GPIO simulator (gpio-sim), made through configfs
// for one test and removed after it: real lines behind a real
// /dev/gpiochipN, requested through libgpiod exactly as on a Raspberry Pi,
// with the far side of the wire in sysfs: the level an output drives
// (`value`) and the pull an input sees (`pull`, which makes edges). The
// kernel's gpio_value trace event adds what sysfs cannot show: every level
// a process drove on a line, up to its release (after the release gpio-sim
// reports the pull, not the last driven level).
//
// Debian's kernels do not ship gpio-sim: these run in the VM of tests/vm
// (`ctest -L vm`). On a machine without gpio-sim, GpioSimChip::Available()
// is false and the tests skip, unless LOCKRIG_EXPECT_GPIO_SIM is set (the
// VM sets it) and a missing chip is a failure.
#pragma once

#include <string>
#include <vector>

namespace lockrig::hardware::testing {

class GpioSimChip {
 public:
  // gpio-sim is loaded and configfs mounted.
  static bool Available();
  // The VM sets LOCKRIG_EXPECT_GPIO_SIM: there, a missing gpio-sim fails.
  static bool Expected();

  // A live chip with one line per name, labelled `label` (unique on the
  // machine). Throws std::runtime_error naming the configfs or sysfs path
  // that failed.
  GpioSimChip(const std::string& label, const std::vector<std::string>& line_names);
  ~GpioSimChip();
  GpioSimChip(const GpioSimChip&) = delete;
  GpioSimChip& operator=(const GpioSimChip&) = delete;

  const std::string& chip_name() const { return chip_name_; }  // "gpiochip1"
  unsigned Offset(const std::string& line_name) const;

  // The level on the pin: what an output drives, or an input's pull.
  bool Level(unsigned offset) const;
  // Pulls the line up or down; on an input requested for edges, a change
  // is an edge with a kernel timestamp.
  void Pull(unsigned offset, bool up);
  // Requested by some process, and by which consumer.
  bool Used(unsigned offset) const;
  std::string Consumer(unsigned offset) const;
  // The line's number in the kernel's global numbering (trace events').
  unsigned GlobalNumber(unsigned offset) const { return base_ + offset; }

 private:
  std::string LinePath(unsigned offset, const char* attribute) const;
  void Remove() noexcept;

  std::string config_dir_;
  std::vector<std::string> names_;
  std::string chip_name_;
  std::string sysfs_dir_;  // /sys/devices/platform/<dev>/<chip>
  unsigned base_ = 0;
};

// A level a process drove on a line, from the kernel's gpio_value event.
struct DrivenLevel {
  unsigned gpio = 0;  // global number
  bool high = false;
};

// The kernel's record of levels driven on GPIO lines (tracefs event
// gpio/gpio_value, "set" only), while it lives.
class GpioValueTrace {
 public:
  static bool Available();
  // Clears the trace buffer and enables the event; throws if it cannot.
  GpioValueTrace();
  ~GpioValueTrace();  // disables the event
  GpioValueTrace(const GpioValueTrace&) = delete;
  GpioValueTrace& operator=(const GpioValueTrace&) = delete;

  // Every level driven since construction, oldest first.
  std::vector<DrivenLevel> Driven() const;
};

}  // namespace lockrig::hardware::testing
