// Action steps: press, enter, hold, release, power, wait, log, snapshot, sim.
#include <gtest/gtest.h>

#include "tests/rig/scenario/test_files.h"

namespace lockrig::scenario {
namespace {

using std::chrono::milliseconds;
using testing::LoadText;
using testing::StepsOf;

TEST(PressStep, TakesOneKey) {
  auto steps = StepsOf("  - press: lock\n  - press: 3\n  - press: \"0\"\n");
  EXPECT_EQ(std::get<Press>(steps[0].kind).keys, std::vector<std::string>{"lock"});
  EXPECT_EQ(std::get<Press>(steps[1].kind).keys, std::vector<std::string>{"3"});
  EXPECT_EQ(std::get<Press>(steps[2].kind).keys, std::vector<std::string>{"0"});
  EXPECT_FALSE(std::get<Press>(steps[0].kind).hold_for);
}

TEST(PressStep, TakesAListOfKeysInOrder) {
  auto steps = StepsOf("  - press: [program, \"9\", lock]\n");
  EXPECT_EQ(std::get<Press>(steps[0].kind).keys,
            (std::vector<std::string>{"program", "9", "lock"}));
}

TEST(PressStep, TakesAKeyWithAPressLength) {
  auto steps = StepsOf("  - press: {key: program, for: 3.2s}\n  - press: {key: \"1\"}\n");
  const auto& held = std::get<Press>(steps[0].kind);
  EXPECT_EQ(held.keys, std::vector<std::string>{"program"});
  EXPECT_EQ(held.hold_for, milliseconds(3200));
  EXPECT_FALSE(std::get<Press>(steps[1].kind).hold_for);
}

TEST(EnterStep, KeepsTheCodeAsWrittenIncludingLeadingZeros) {
  auto steps = StepsOf("  - enter: 0000\n  - enter: \"13579\"\n  - enter: 0123\n");
  EXPECT_EQ(std::get<Enter>(steps[0].kind).code, "0000");
  EXPECT_EQ(std::get<Enter>(steps[1].kind).code, "13579");
  EXPECT_EQ(std::get<Enter>(steps[2].kind).code, "0123");
}

TEST(HoldAndReleaseSteps, NameTheirKey) {
  auto steps = StepsOf("  - hold: program\n  - release: program\n  - hold: \"5\"\n");
  EXPECT_EQ(std::get<Hold>(steps[0].kind).key, "program");
  EXPECT_EQ(std::get<Release>(steps[1].kind).key, "program");
  EXPECT_EQ(std::get<Hold>(steps[2].kind).key, "5");
}

TEST(PowerStep, SwitchesTheBatteryOnOrOff) {
  auto steps = StepsOf("  - power: off\n  - power: on\n");
  EXPECT_FALSE(std::get<Power>(steps[0].kind).on);
  EXPECT_TRUE(std::get<Power>(steps[1].kind).on);
}

TEST(WaitStep, TakesADuration) {
  auto steps = StepsOf("  - wait: 30.5s\n  - wait: 1h\n");
  EXPECT_EQ(std::get<Wait>(steps[0].kind).duration, milliseconds(30500));
  EXPECT_EQ(std::get<Wait>(steps[1].kind).duration, std::chrono::hours(1));
}

TEST(LogAndSnapshotSteps, KeepTheirText) {
  auto steps = StepsOf("  - log: reset armed, releasing\n  - snapshot: after_reset\n");
  EXPECT_EQ(std::get<Log>(steps[0].kind).text, "reset armed, releasing");
  EXPECT_EQ(std::get<Snapshot>(steps[1].kind).name, "after_reset");
}

TEST(SimStep, FlattensNestedSettingsToDottedKeys) {
  auto steps =
      StepsOf(R"(  - sim: {battery_volts: 4.3, jam: true, clutch: disengaged, friction: 2.0}
  - sim: {key_contact: {key: "5", fail_rate: 0.3}}
  - sim: {power_cut: {during: store_write, after: 0..2ms}}
  - sim: {handing_done: false, door: left}
)");
  using Settings = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(std::get<SimSetting>(steps[0].kind).settings, (Settings{{"battery_volts", "4.3"},
                                                                    {"jam", "true"},
                                                                    {"clutch", "disengaged"},
                                                                    {"friction", "2.0"}}));
  EXPECT_EQ(std::get<SimSetting>(steps[1].kind).settings,
            (Settings{{"key_contact.key", "5"}, {"key_contact.fail_rate", "0.3"}}));
  EXPECT_EQ(std::get<SimSetting>(steps[2].kind).settings,
            (Settings{{"power_cut.during", "store_write"}, {"power_cut.after", "0..2ms"}}));
  EXPECT_EQ(std::get<SimSetting>(steps[3].kind).settings,
            (Settings{{"handing_done", "false"}, {"door", "left"}}));
}

TEST(SimStep, MakesTheScenarioRequireTheSimCapability) {
  Scenario s = LoadText("scenario: t\nsteps:\n  - sim: {jam: true}\n");
  EXPECT_EQ(s.requires_capabilities, std::vector<std::string>{"sim"});
  s = LoadText("scenario: t\nrequires: [sim, camera]\nsteps:\n  - sim: {jam: true}\n");
  EXPECT_EQ(s.requires_capabilities, (std::vector<std::string>{"sim", "camera"}));
  s = LoadText("scenario: t\nsteps:\n  - wait: 1s\n");
  EXPECT_TRUE(s.requires_capabilities.empty());
}

TEST(SimStep, InsideAMacroOrARepeatAlsoRequiresSim) {
  Scenario s = LoadText("scenario: t\nsteps:\n  - call: sag\n    with: {volts: \"4.5\"}\n");
  EXPECT_EQ(s.requires_capabilities, std::vector<std::string>{"sim"});
  s = LoadText(
      "scenario: t\nsteps:\n  - repeat: {times: 2, steps: [{sim: {battery_volts: 4.5}}]}\n");
  EXPECT_EQ(s.requires_capabilities, std::vector<std::string>{"sim"});
}

TEST(Steps, RememberTheirFileLineAndColumn) {
  Scenario s = LoadText("scenario: t\nsteps:\n  - wait: 1s\n  -   press: lock\n");
  EXPECT_EQ(s.steps[0].where.file, s.file);
  EXPECT_EQ(s.steps[0].where.line, 3);
  EXPECT_EQ(s.steps[0].where.column, 5);
  EXPECT_EQ(s.steps[1].where.line, 4);
  EXPECT_EQ(s.steps[1].where.column, 7);
}

}  // namespace
}  // namespace lockrig::scenario
