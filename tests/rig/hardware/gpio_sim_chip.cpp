#include "tests/rig/hardware/gpio_sim_chip.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include <gpiod.hpp>

namespace lockrig::hardware::testing {

namespace {

namespace fs = std::filesystem;

const char* kConfigRoot = "/sys/kernel/config/gpio-sim";
const char* kTracing = "/sys/kernel/tracing";

[[noreturn]] void Fail(const std::string& path, const std::string& what) {
  throw std::runtime_error("gpio-sim: " + path + ": " + what + ": " + std::strerror(errno));
}

// configfs and sysfs take one write(2) per value; an ofstream's buffering
// would hide the error the kernel returns.
void WriteFile(const std::string& path, const std::string& text) {
  const int fd = open(path.c_str(), O_WRONLY | O_TRUNC);
  if (fd < 0) Fail(path, "cannot open for writing");
  const ssize_t n = write(fd, text.data(), text.size());
  const int saved = errno;
  close(fd);
  errno = saved;
  if (n != static_cast<ssize_t>(text.size())) Fail(path, "cannot write '" + text + "'");
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) Fail(path, "cannot read");
  std::stringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

void MakeDir(const std::string& path) {
  if (mkdir(path.c_str(), 0755) != 0) Fail(path, "cannot create");
}

}  // namespace

bool GpioSimChip::Available() {
  return fs::is_directory(kConfigRoot);
}

bool GpioSimChip::Expected() {
  return std::getenv("LOCKRIG_EXPECT_GPIO_SIM") != nullptr;
}

GpioSimChip::GpioSimChip(const std::string& label, const std::vector<std::string>& line_names)
    : config_dir_(std::string(kConfigRoot) + "/" + label), names_(line_names) {
  MakeDir(config_dir_);
  try {
    const std::string bank = config_dir_ + "/bank0";
    MakeDir(bank);
    WriteFile(bank + "/label", label);
    WriteFile(bank + "/num_lines", std::to_string(names_.size()));
    for (std::size_t i = 0; i < names_.size(); ++i) {
      const std::string line = bank + "/line" + std::to_string(i);
      MakeDir(line);
      WriteFile(line + "/name", names_[i]);
    }
    WriteFile(config_dir_ + "/live", "1");
    chip_name_ = ReadFile(bank + "/chip_name");
    sysfs_dir_ = "/sys/devices/platform/" + ReadFile(config_dir_ + "/dev_name") + "/" + chip_name_;
    bool found = false;
    for (const auto& entry : fs::directory_iterator("/sys/class/gpio")) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("gpiochip", 0) != 0) continue;
      if (ReadFile(entry.path().string() + "/label") != label) continue;
      base_ = static_cast<unsigned>(std::stoul(ReadFile(entry.path().string() + "/base")));
      found = true;
    }
    if (!found) {
      errno = ENOENT;
      Fail("/sys/class/gpio", "no gpiochip labelled '" + label + "'");
    }
  } catch (...) {
    Remove();
    throw;
  }
}

GpioSimChip::~GpioSimChip() {
  Remove();
}

void GpioSimChip::Remove() noexcept {
  // Each step may fail if construction stopped half-way; carry on, so the
  // next test can make its chip.
  std::error_code ignored;
  if (fs::exists(config_dir_ + "/live", ignored)) {
    try {
      WriteFile(config_dir_ + "/live", "0");
    } catch (const std::exception&) {
    }
  }
  for (std::size_t i = 0; i < names_.size(); ++i) {
    rmdir((config_dir_ + "/bank0/line" + std::to_string(i)).c_str());
  }
  rmdir((config_dir_ + "/bank0").c_str());
  rmdir(config_dir_.c_str());
}

unsigned GpioSimChip::Offset(const std::string& line_name) const {
  const auto it = std::find(names_.begin(), names_.end(), line_name);
  if (it == names_.end()) throw std::invalid_argument("gpio-sim: no line named " + line_name);
  return static_cast<unsigned>(it - names_.begin());
}

std::string GpioSimChip::LinePath(unsigned offset, const char* attribute) const {
  return sysfs_dir_ + "/sim_gpio" + std::to_string(offset) + "/" + attribute;
}

bool GpioSimChip::Level(unsigned offset) const {
  return ReadFile(LinePath(offset, "value")) == "1";
}

void GpioSimChip::Pull(unsigned offset, bool up) {
  WriteFile(LinePath(offset, "pull"), up ? "pull-up" : "pull-down");
}

bool GpioSimChip::Used(unsigned offset) const {
  // A fresh chip each time: libgpiod 1.6 reads the line's info when the
  // line object is made.
  return gpiod::chip(chip_name_).get_line(offset).is_used();
}

std::string GpioSimChip::Consumer(unsigned offset) const {
  return gpiod::chip(chip_name_).get_line(offset).consumer();
}

bool GpioValueTrace::Available() {
  return fs::exists(std::string(kTracing) + "/events/gpio/gpio_value/enable");
}

GpioValueTrace::GpioValueTrace() {
  WriteFile(std::string(kTracing) + "/events/gpio/gpio_value/enable", "0");
  WriteFile(std::string(kTracing) + "/trace", "");
  WriteFile(std::string(kTracing) + "/events/gpio/gpio_value/enable", "1");
}

GpioValueTrace::~GpioValueTrace() {
  try {
    WriteFile(std::string(kTracing) + "/events/gpio/gpio_value/enable", "0");
  } catch (const std::exception&) {
  }
}

std::vector<DrivenLevel> GpioValueTrace::Driven() const {
  // "  lockrig-123  [001] .....  12.345678: gpio_value: 512 set 1"
  static const std::regex kEvent(R"(gpio_value: (\d+) +set (-?\d+))");
  std::ifstream in(std::string(kTracing) + "/trace");
  if (!in) {
    errno = EIO;
    Fail(std::string(kTracing) + "/trace", "cannot read");
  }
  std::vector<DrivenLevel> driven;
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_search(line, m, kEvent)) {
      driven.push_back({static_cast<unsigned>(std::stoul(m[1])), m[2] != "0"});
    }
  }
  return driven;
}

}  // namespace lockrig::hardware::testing
