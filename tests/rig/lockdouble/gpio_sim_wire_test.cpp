// The gpio-sim wire on a sysfs tree laid out as gpio-sim lays it out
// (gpiochipN/sim_gpioK/{value,pull}), made in a temporary folder: relay
// levels read with the rig file's polarity, sense lines set by their pull,
// undriven relay lines pulled to "released". (Finding the lines through
// libgpiod needs the kernel's chips: the VM test covers it.)
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "rig/lockdouble/lock_wire.h"
#include "tests/rig/hardware/hardware_fixture.h"

namespace lockrig::lockdouble {
namespace {

namespace fs = std::filesystem;

class SysfsTree {
 public:
  SysfsTree() {
    for (unsigned i = 0; i < 10; ++i) {
      fs::create_directories(Line(i));
      Set(i, "value", "0\n");
      Set(i, "pull", "pull-down\n");
    }
  }
  ~SysfsTree() { fs::remove_all(root_); }
  std::string root() const { return root_.string(); }
  fs::path Line(unsigned i) const { return root_ / "gpiochip7" / ("sim_gpio" + std::to_string(i)); }
  void Set(unsigned i, const std::string& attribute, const std::string& text) const {
    std::ofstream(Line(i) / attribute) << text;
  }
  std::string Get(unsigned i, const std::string& attribute) const {
    std::ifstream in(Line(i) / attribute);
    std::string text;
    std::getline(in, text);
    return text;
  }
  // sysfs takes the whole write; a regular file keeps a longer old tail.
  bool PullIs(unsigned i, const std::string& pull) const {
    return Get(i, "pull").rfind(pull, 0) == 0;
  }

 private:
  fs::path root_ = fs::temp_directory_path() /
                   ("lockrig-sysfs-" + std::to_string(getpid()) + "-" +
                    std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
};

// Every line of the rig on "gpiochip7" at its offset; held if listed.
class TestLocator final : public LineLocator {
 public:
  explicit TestLocator(std::set<unsigned>* held) : held_(held) {}
  SimLineLocation Locate(const hardware::LineAddress& address) override {
    return {"gpiochip7", address.offset.value_or(99)};
  }
  bool InUse(const SimLineLocation& line) override { return held_->count(line.offset) > 0; }

 private:
  std::set<unsigned>* held_;
};

// Relays on 0..7 (active-low but battery on 7), buzzer on 8, bolt switch on
// 9 (active-low).
hardware::RigConfig Rig() {
  return hardware::ParseRigText(
      hardware::testing::RigYaml("  device: test\n  width: 320\n  height: 240\n",
                                 "  leds: 1\n  markers: true\n"),
      "rig.yaml");
}

TEST(GpioSimWire, UndrivenRelayLinesArePulledToReleased) {
  SysfsTree tree;
  std::set<unsigned> held;
  auto wire = MakeGpioSimWire(Rig(), std::make_unique<TestLocator>(&held), tree.root());
  for (unsigned i = 0; i < 7; ++i) EXPECT_TRUE(tree.PullIs(i, "pull-up")) << i;  // active-low
  EXPECT_TRUE(tree.PullIs(7, "pull-down"));  // battery, active-high
  EXPECT_EQ(wire->Relays().front(), "key_1_2");
  EXPECT_EQ(wire->Relays().back(), "battery");
}

TEST(GpioSimWire, RelayLevelsFollowTheRigFilesPolarity) {
  SysfsTree tree;
  std::set<unsigned> held;
  auto wire = MakeGpioSimWire(Rig(), std::make_unique<TestLocator>(&held), tree.root());
  for (unsigned i = 0; i < 8; ++i) tree.Set(i, "value", i == 7 ? "0\n" : "1\n");
  for (bool energised : wire->Energised()) EXPECT_FALSE(energised);
  tree.Set(5, "value", "0\n");  // key_lock, active-low: energised
  tree.Set(7, "value", "1\n");  // battery, active-high: energised (power cut)
  const std::vector<bool> energised = wire->Energised();
  for (std::size_t i = 0; i < energised.size(); ++i) {
    EXPECT_EQ(energised[i], i == 5 || i == 7) << wire->Relays()[i];
  }
}

TEST(GpioSimWire, SenseLinesAreSetByTheirPull) {
  SysfsTree tree;
  std::set<unsigned> held;
  auto wire = MakeGpioSimWire(Rig(), std::make_unique<TestLocator>(&held), tree.root());
  wire->SetSense(SenseLine::kBuzzer, true);
  EXPECT_TRUE(tree.PullIs(8, "pull-up"));
  wire->SetSense(SenseLine::kBuzzer, false);
  EXPECT_TRUE(tree.PullIs(8, "pull-down"));
  wire->SetSense(SenseLine::kBoltSwitch, true);  // active-low: closed pulls the line low
  EXPECT_TRUE(tree.PullIs(9, "pull-down"));
  wire->SetSense(SenseLine::kBoltSwitch, false);
  EXPECT_TRUE(tree.PullIs(9, "pull-up"));
  // A rig requesting the line with a bias may move it; `again` puts it back.
  tree.Set(9, "pull", "pull-down\n");
  wire->SetSense(SenseLine::kBoltSwitch, false);
  EXPECT_TRUE(tree.PullIs(9, "pull-down")) << "unchanged level: not written";
  wire->SetSense(SenseLine::kBoltSwitch, false, true);
  EXPECT_TRUE(tree.PullIs(9, "pull-up"));
}

TEST(GpioSimWire, ClaimedOnlyWhenEveryRelayLineIsHeld) {
  SysfsTree tree;
  std::set<unsigned> held;
  auto wire = MakeGpioSimWire(Rig(), std::make_unique<TestLocator>(&held), tree.root());
  EXPECT_FALSE(wire->Claimed());
  for (unsigned i = 0; i < 7; ++i) held.insert(i);
  EXPECT_FALSE(wire->Claimed());
  held.insert(7);
  EXPECT_TRUE(wire->Claimed());
}

TEST(GpioSimWire, ALineThatIsNotOnAGpioSimChipIsNamed) {
  SysfsTree tree;
  fs::remove_all(tree.Line(3));
  std::set<unsigned> held;
  try {
    MakeGpioSimWire(Rig(), std::make_unique<TestLocator>(&held), tree.root());
    FAIL() << "a missing sim_gpio3 must be refused";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("gpiochip7/sim_gpio3/"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("gpio-sim"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace lockrig::lockdouble
