#include "rig/lockdouble/lock_wire.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <system_error>

#include <gpiod.hpp>

#include "rig/hardware/gpio_lines.h"
#include "rig/hardware/gpiod_lines.h"

namespace lockrig::lockdouble {

namespace hw = hardware;

namespace {

std::vector<std::string> RelayNames(const hw::RigConfig& rig) {
  std::vector<std::string> names;
  for (const hw::RelayWiring& r : rig.relays) names.push_back(r.relay);
  return names;
}

const hw::SenseWiring* SenseFor(const hw::RigConfig& rig, SenseLine line) {
  if (line == SenseLine::kBuzzer) return &rig.buzzer;
  return rig.bolt_switch ? &*rig.bolt_switch : nullptr;
}

class FakeGpioWire final : public LockWire {
 public:
  FakeGpioWire(const hw::RigConfig& rig, hw::FakeGpio& gpio)
      : rig_(rig), gpio_(gpio), relays_(RelayNames(rig)) {}

  const std::vector<std::string>& Relays() const override { return relays_; }

  std::vector<bool> Energised() override {
    std::vector<bool> energised;
    for (const hw::RelayWiring& r : rig_.relays) {
      const std::string line = r.line.Describe();
      energised.push_back(gpio_.IsRequested(line) && gpio_.OutputHigh(line) != r.active_low);
    }
    return energised;
  }

  bool Claimed() override {
    for (const hw::RelayWiring& r : rig_.relays) {
      if (!gpio_.IsRequested(r.line.Describe())) return false;
    }
    return true;
  }

  void SetSense(SenseLine line, bool active, bool /*again*/) override {
    const hw::SenseWiring* sense = SenseFor(rig_, line);
    if (!sense) return;
    // Stamped when it is driven, as the kernel stamps an edge when its
    // interrupt comes.
    gpio_.DriveInput(sense->line.Describe(), active != sense->active_low);
  }

  std::string Describe() const override { return "fake GPIO lines"; }

 private:
  hw::RigConfig rig_;
  hw::FakeGpio& gpio_;
  std::vector<std::string> relays_;
};

// An open sysfs attribute, read or written at offset 0 each time.
class Attribute {
 public:
  Attribute(std::string path, int flags) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), flags | O_CLOEXEC);
    if (fd_ < 0) {
      throw std::runtime_error("gpio-sim: cannot open " + path_ + ": " + std::strerror(errno) +
                               " (is this line on a gpio-sim chip?)");
    }
  }
  ~Attribute() { ::close(fd_); }
  Attribute(const Attribute&) = delete;
  Attribute& operator=(const Attribute&) = delete;

  std::string Read() const {
    char buf[32];
    const ssize_t n = ::pread(fd_, buf, sizeof buf, 0);
    if (n < 0) throw std::runtime_error("gpio-sim: reading " + path_ + ": " + std::strerror(errno));
    return std::string(buf, static_cast<std::size_t>(n));
  }
  void Write(const std::string& text) const {
    if (::pwrite(fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
      throw std::runtime_error("gpio-sim: writing \"" + text + "\" to " + path_ + ": " +
                               std::strerror(errno));
    }
  }

 private:
  std::string path_;
  int fd_ = -1;
};

std::string PullFor(bool high) {
  return high ? "pull-up" : "pull-down";
}

class GpioSimWire final : public LockWire {
 public:
  GpioSimWire(const hw::RigConfig& rig, std::unique_ptr<LineLocator> locator,
              const std::string& sysfs_devices)
      : locator_(std::move(locator)), relays_(RelayNames(rig)) {
    for (const hw::RelayWiring& r : rig.relays) {
      Relay relay;
      relay.location = locator_->Locate(r.line);
      relay.active_low = r.active_low;
      const std::string dir = LineDir(sysfs_devices, relay.location);
      relay.value = std::make_unique<Attribute>(dir + "/value", O_RDONLY);
      // A line nobody drives follows its pull: make that the released relay.
      Attribute(dir + "/pull", O_WRONLY).Write(PullFor(hw::RelayDrive::SafeLevel(r.active_low)));
      relays_at_.push_back(std::move(relay));
    }
    auto add_sense = [&](SenseLine which, const hw::SenseWiring& wiring) {
      Sense sense;
      sense.which = which;
      sense.active_low = wiring.active_low;
      sense.pull = std::make_unique<Attribute>(
          LineDir(sysfs_devices, locator_->Locate(wiring.line)) + "/pull", O_WRONLY);
      senses_.push_back(std::move(sense));
    };
    add_sense(SenseLine::kBuzzer, rig.buzzer);
    if (rig.bolt_switch) add_sense(SenseLine::kBoltSwitch, *rig.bolt_switch);
    description_ =
        "gpio-sim lines on " + relays_at_.front().location.chip + " (" + sysfs_devices + ")";
  }

  const std::vector<std::string>& Relays() const override { return relays_; }

  std::vector<bool> Energised() override {
    std::vector<bool> energised;
    for (const Relay& r : relays_at_) {
      const std::string text = r.value->Read();
      const bool high = !text.empty() && text[0] == '1';
      energised.push_back(high != r.active_low);
    }
    return energised;
  }

  bool Claimed() override {
    for (const Relay& r : relays_at_) {
      if (!locator_->InUse(r.location)) return false;
    }
    return true;
  }

  void SetSense(SenseLine line, bool active, bool again) override {
    for (Sense& s : senses_) {
      if (s.which != line) continue;
      const bool high = active != s.active_low;
      if (!again && s.high == high) return;
      s.pull->Write(PullFor(high));
      s.high = high;
    }
  }

  std::string Describe() const override { return description_; }

 private:
  struct Relay {
    SimLineLocation location;
    bool active_low = false;
    std::unique_ptr<Attribute> value;
  };
  struct Sense {
    SenseLine which = SenseLine::kBuzzer;
    bool active_low = false;
    std::optional<bool> high;
    std::unique_ptr<Attribute> pull;
  };

  static std::string LineDir(const std::string& sysfs_devices, const SimLineLocation& at) {
    return ChipDir(sysfs_devices, at.chip) + "/sim_gpio" + std::to_string(at.offset);
  }

  // The chip's device folder: on the gpio bus, else under a gpio-sim
  // platform device (where the bus links to).
  static std::string ChipDir(const std::string& sysfs_devices, const std::string& chip) {
    namespace fs = std::filesystem;
    const fs::path on_bus = fs::path(sysfs_devices) / chip;
    std::error_code error;
    if (fs::exists(on_bus, error)) return on_bus.string();
    for (const auto& device : fs::directory_iterator("/sys/devices/platform", error)) {
      const std::string name = device.path().filename().string();
      if (name.rfind("gpio-sim.", 0) == 0 && fs::exists(device.path() / chip, error)) {
        return (device.path() / chip).string();
      }
    }
    return on_bus.string();  // missing: opening its attributes names it
  }

  std::unique_ptr<LineLocator> locator_;
  std::vector<std::string> relays_;
  std::vector<Relay> relays_at_;
  std::vector<Sense> senses_;
  std::string description_;
};

// Finds lines as the bench's libgpiod adapter does (FindGpiodLine), and
// keeps them to ask whether they are held.
class LibgpiodLocator final : public LineLocator {
 public:
  SimLineLocation Locate(const hw::LineAddress& address) override {
    const gpiod::line line = hw::FindGpiodLine(address);
    SimLineLocation at{line.get_chip().name(), line.offset()};
    lines_.emplace(Key(at), line);
    return at;
  }

  bool InUse(const SimLineLocation& at) override {
    const auto it = lines_.find(Key(at));
    if (it == lines_.end()) return false;
    try {
      it->second.update();
      return it->second.is_used();
    } catch (const std::system_error& e) {
      throw std::runtime_error(at.chip + " line " + std::to_string(at.offset) + ": " + e.what());
    }
  }

 private:
  static std::string Key(const SimLineLocation& at) {
    return at.chip + ":" + std::to_string(at.offset);
  }
  std::map<std::string, gpiod::line> lines_;
};

}  // namespace

std::unique_ptr<LockWire> MakeFakeGpioWire(const hw::RigConfig& rig, hw::FakeGpio& gpio) {
  return std::make_unique<FakeGpioWire>(rig, gpio);
}

std::unique_ptr<LineLocator> MakeLibgpiodLocator() {
  return std::make_unique<LibgpiodLocator>();
}

std::unique_ptr<LockWire> MakeGpioSimWire(const hw::RigConfig& rig,
                                          std::unique_ptr<LineLocator> locator,
                                          const std::string& sysfs_devices) {
  return std::make_unique<GpioSimWire>(rig, std::move(locator), sysfs_devices);
}

}  // namespace lockrig::lockdouble
