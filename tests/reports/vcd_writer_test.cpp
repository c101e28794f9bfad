// trace.vcd as GTKWave and PulseView read it: every relay, LED, the bolt,
// the buzzer and the battery as signals over bench time, scenarios one after
// another, values only on change, and nothing sigrok cannot read.
#include "reports/vcd_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/reports/external_tool.h"
#include "tests/reports/vcd_reader.h"

namespace lockrig::reports {
namespace {

using std::chrono::microseconds;
using testing::ReadVcd;
using testing::VcdTrace;
using vision::BoltState;
using vision::LedColor;

ScenarioStart Start(std::string name, std::string bench = "sim") {
  return {"scenarios/" + name + ".yaml", name, "smartcode", 7, std::move(bench), "lockfw test"};
}

Event Action(std::int64_t at, const std::string& relay, bool energised, std::int64_t edge) {
  return {
      microseconds(at), "action", {{"relay", relay}, {"energised", energised}, {"edge_us", edge}}};
}

Event Observation(std::int64_t at, nlohmann::json fields) {
  return {microseconds(at), "observation", std::move(fields)};
}

FrameSample Frame(std::int64_t at, std::vector<LedColor> leds, double bolt, BoltState state) {
  return {microseconds(at), static_cast<std::uint64_t>(at / 33'000), std::move(leds), bolt, state};
}

ScenarioResult Finished(std::string name, std::int64_t virtual_us, Verdict v = Verdict::kPassed) {
  ScenarioResult r;
  r.file = "scenarios/" + name + ".yaml";
  r.name = std::move(name);
  r.verdict = v;
  r.virtual_time = microseconds(virtual_us);
  return r;
}

class VcdWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::FreshTempDir("lockrig-vcd-test");
    path_ = dir_ + "/trace.vcd";
  }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  // One passing scenario on the simulated bench: a key press, a green LED,
  // the bolt retracting, a beep, a battery change and a verdict.
  void WriteUnlockScenario(VcdWriter& vcd) {
    vcd.ScenarioStarted(Start("unlock"));
    vcd.FrameSampled(Frame(0, {LedColor::kOff, LedColor::kOff}, 1.0, BoltState::kExtended));
    vcd.EventOccurred(Action(1'000'000, "key_1_2", true, 1'004'000));
    vcd.EventOccurred(Action(1'150'000, "key_1_2", false, 1'152'000));
    vcd.FrameSampled(
        Frame(1'200'000, {LedColor::kGreen, LedColor::kOff}, 1.0, BoltState::kExtended));
    vcd.EventOccurred(Observation(1'210'000, {{"what", "buzzer"}, {"active", true}}));
    vcd.EventOccurred(Observation(1'260'000, {{"what", "buzzer"}, {"active", false}}));
    vcd.FrameSampled(Frame(1'300'000, {LedColor::kGreen, LedColor::kOff}, 0.5, BoltState::kMoving));
    vcd.FrameSampled(
        Frame(1'400'000, {LedColor::kRed, LedColor::kOff}, 0.0, BoltState::kRetracted));
    vcd.EventOccurred(
        {microseconds(2'000'000), "sim", {{"key", "battery_volts"}, {"value", "3.5"}}});
    vcd.EventOccurred({microseconds(2'500'000),
                       "verdict",
                       {{"result", "passed"}, {"step", "expect: {bolt: retracted}"}}});
    vcd.ScenarioFinished(Finished("unlock", 3'000'000));
  }

  std::string dir_, path_;
};

TEST_F(VcdWriterTest, DeclaresMicrosecondTimescaleAndScopesPerSignalKind) {
  {
    VcdWriter vcd(path_);
    WriteUnlockScenario(vcd);
    vcd.RunFinished();
  }
  const VcdTrace t = ReadVcd(path_);
  EXPECT_EQ(t.timescale, "1 us");
  ASSERT_NE(t.Find("key_1_2"), nullptr);
  EXPECT_EQ(t.Find("key_1_2")->scope, "lockrig.relays");
  EXPECT_EQ(t.Find("key_1_2")->type, "wire");
  EXPECT_EQ(t.Find("buzzer")->scope, "lockrig.sense");
  EXPECT_EQ(t.Find("led1")->scope, "lockrig.leds");
  EXPECT_EQ(t.Find("bolt_position")->type, "real");
  EXPECT_EQ(t.Find("battery_volts")->scope, "lockrig.power");
  EXPECT_EQ(t.backwards_times, 0);
  EXPECT_FALSE(std::filesystem::exists(path_ + ".part"));
}

TEST_F(VcdWriterTest, RelayIsEnergisedFromItsContactEdgeToItsReleaseEdge) {
  {
    VcdWriter vcd(path_);
    WriteUnlockScenario(vcd);
  }  // the destructor finishes a run that never called RunFinished
  const VcdTrace t = ReadVcd(path_);
  EXPECT_EQ(t.ValueAt("key_1_2", 0), "0");
  EXPECT_EQ(t.ValueAt("key_1_2", 1'003'999), "0");
  EXPECT_EQ(t.ValueAt("key_1_2", 1'004'000), "1");
  EXPECT_EQ(t.ValueAt("key_1_2", 1'151'999), "1");
  EXPECT_EQ(t.ValueAt("key_1_2", 1'152'000), "0");
}

TEST_F(VcdWriterTest, LedIsAColourCodeAndAWirePerColourShown) {
  {
    VcdWriter vcd(path_);
    WriteUnlockScenario(vcd);
  }
  const VcdTrace t = ReadVcd(path_);
  EXPECT_EQ(t.RealAt("led1", 0), 0.0);          // off
  EXPECT_EQ(t.RealAt("led1", 1'250'000), 2.0);  // green
  EXPECT_EQ(t.RealAt("led1", 1'400'000), 1.0);  // red
  EXPECT_EQ(t.ValueAt("led1_green", 1'250'000), "1");
  EXPECT_EQ(t.ValueAt("led1_green", 1'400'000), "0");
  EXPECT_EQ(t.ValueAt("led1_red", 1'400'000), "1");
  // LED 2 stayed off: a code, but no colour wires.
  EXPECT_NE(t.Find("led2"), nullptr);
  EXPECT_EQ(t.Find("led2_red"), nullptr);
  bool documented = false;
  for (const auto& c : t.comments) {
    documented |= c.find("0 off, 1 red, 2 green, 3 amber, 4 blue, 5 white") != std::string::npos;
  }
  EXPECT_TRUE(documented);
}

TEST_F(VcdWriterTest, BoltPositionAndStateFollowTheFrames) {
  {
    VcdWriter vcd(path_);
    WriteUnlockScenario(vcd);
  }
  const VcdTrace t = ReadVcd(path_);
  EXPECT_EQ(t.RealAt("bolt_position", 1'200'000), 1.0);
  EXPECT_EQ(t.RealAt("bolt_position", 1'300'000), 0.5);
  EXPECT_EQ(t.RealAt("bolt_position", 1'400'000), 0.0);
  EXPECT_EQ(t.RealAt("bolt_state", 0), 1.0);  // extended
  EXPECT_EQ(t.RealAt("bolt_state", 1'300'000), 2.0);
  EXPECT_EQ(t.ValueAt("bolt_moving", 1'300'000), "1");
  EXPECT_EQ(t.ValueAt("bolt_moving", 1'400'000), "0");
  EXPECT_EQ(t.ValueAt("bolt_retracted", 1'400'000), "1");
}

TEST_F(VcdWriterTest, BuzzerIsHighWhileItSounds) {
  {
    VcdWriter vcd(path_);
    WriteUnlockScenario(vcd);
  }
  const VcdTrace t = ReadVcd(path_);
  EXPECT_EQ(t.ValueAt("buzzer", 1'209'999), "0");
  EXPECT_EQ(t.ValueAt("buzzer", 1'210'000), "1");
  EXPECT_EQ(t.ValueAt("buzzer", 1'260'000), "0");
}

TEST_F(VcdWriterTest, BatteryStartsAtTheSimulatedPackVoltageAndFollowsSimSettings) {
  {
    VcdWriter vcd(path_);
    WriteUnlockScenario(vcd);
  }
  const VcdTrace t = ReadVcd(path_);
  EXPECT_EQ(t.RealAt("battery_volts", 0), 6.4);
  EXPECT_EQ(t.RealAt("battery_volts", 1'999'999), 6.4);
  EXPECT_EQ(t.RealAt("battery_volts", 2'000'000), 3.5);
}

TEST_F(VcdWriterTest, BatteryIsLeftOutWhenTheBenchDoesNotKnowIt) {
  {
    VcdWriter vcd(path_);
    vcd.ScenarioStarted(Start("hw", "hardware"));
    vcd.EventOccurred(Action(1'000, "program", true, 1'000));
    vcd.ScenarioFinished(Finished("hw", 10'000));
  }
  EXPECT_EQ(ReadVcd(path_).Find("battery_volts"), nullptr);
}

TEST_F(VcdWriterTest, VerdictsArePulsesOnPassedAndFailedLines) {
  {
    VcdWriter vcd(path_);
    WriteUnlockScenario(vcd);
  }
  const VcdTrace t = ReadVcd(path_);
  EXPECT_EQ(t.ValueAt("step_passed", 2'499'999), "0");
  EXPECT_EQ(t.ValueAt("step_passed", 2'500'000), "1");
  EXPECT_EQ(t.ValueAt("step_passed", 2'500'000 + VcdWriter::kVerdictPulseUs), "0");
}

TEST_F(VcdWriterTest, ScenariosFollowOneAnotherOnWholeSecondsAndAreListed) {
  {
    VcdWriter vcd(path_);
    WriteUnlockScenario(vcd);  // ends at 3.0 s
    vcd.ScenarioStarted(Start("second"));
    vcd.EventOccurred(Action(500'000, "key_1_2", true, 500'000));
    vcd.ScenarioFinished(Finished("second", 1'000'000, Verdict::kFailed));
    vcd.ScenarioFinished(Finished("unloadable", 0, Verdict::kError));  // never started
  }
  const VcdTrace t = ReadVcd(path_);
  // The first ends at 3.0 s (its verdict pulse at 2.5 s is over by then):
  // the second starts a second later.
  EXPECT_EQ(t.RealAt("scenario", 0), 1.0);
  EXPECT_EQ(t.RealAt("scenario", 3'000'000), 0.0);
  EXPECT_EQ(t.RealAt("scenario", 4'000'000), 2.0);
  EXPECT_EQ(t.ValueAt("key_1_2", 4'499'999), "0");
  EXPECT_EQ(t.ValueAt("key_1_2", 4'500'000), "1");
  // The next scenario starts on a fresh bench with the relays released.
  EXPECT_EQ(t.RealAt("battery_volts", 4'000'000), 6.4);
  std::string comments;
  for (const auto& c : t.comments) comments += c;
  EXPECT_NE(comments.find("1 at 0 us scenarios/unlock.yaml \"unlock\" passed"), std::string::npos)
      << comments;
  EXPECT_NE(comments.find("2 at 4000000 us scenarios/second.yaml \"second\" failed"),
            std::string::npos)
      << comments;
  EXPECT_NE(comments.find("(not run) scenarios/unloadable.yaml"), std::string::npos) << comments;
}

TEST_F(VcdWriterTest, WritesOnlyChanges) {
  {
    VcdWriter vcd(path_);
    vcd.ScenarioStarted(Start("still"));
    for (int i = 0; i < 1000; ++i) {
      vcd.FrameSampled(Frame(i * 33'000, {LedColor::kOff}, 1.0, BoltState::kExtended));
    }
    vcd.ScenarioFinished(Finished("still", 33'000'000));
  }
  // Nothing changed after time 0: only the end of the scenario is written.
  const std::string text = testing::Slurp(path_);
  const auto body = text.substr(text.find("$dumpvars"));
  EXPECT_LT(std::count(body.begin(), body.end(), '\n'), 30) << body;
}

TEST_F(VcdWriterTest, ChangesArrivingLateAreWrittenInTimeOrder) {
  {
    VcdWriter vcd(path_);
    vcd.ScenarioStarted(Start("late"));
    // The relay's edge lies 5 ms after the action is reported, and a frame
    // captured in between arrives after it.
    vcd.EventOccurred(Action(1'000'000, "program", true, 1'005'000));
    vcd.FrameSampled(Frame(1'002'000, {LedColor::kAmber}, 0.0, BoltState::kRetracted));
    vcd.ScenarioFinished(Finished("late", 2'000'000));
  }
  const VcdTrace t = ReadVcd(path_);
  EXPECT_EQ(t.backwards_times, 0);
  EXPECT_EQ(t.ValueAt("led1_amber", 1'002'000), "1");
  EXPECT_EQ(t.ValueAt("program", 1'004'999), "0");
  EXPECT_EQ(t.ValueAt("program", 1'005'000), "1");
}

TEST_F(VcdWriterTest, HasNoMultiBitVectorsThatStopSigrokReading) {
  {
    VcdWriter vcd(path_);
    WriteUnlockScenario(vcd);
  }
  std::ifstream in(path_);
  std::string line;
  while (std::getline(in, line)) {
    EXPECT_FALSE(!line.empty() && (line[0] == 'b' || line[0] == 'B')) << line;
  }
}

TEST_F(VcdWriterTest, SafeStateRecordReleasesTheRelays) {
  {
    VcdWriter vcd(path_);
    vcd.ScenarioStarted(Start("stuck"));
    vcd.EventOccurred(Action(1'000, "program", true, 1'000));
    vcd.EventOccurred({microseconds(500'000),
                       "safe_state",
                       {{"relays", {{"program", "released"}}}, {"all_released", true}}});
    vcd.ScenarioFinished(Finished("stuck", 500'000, Verdict::kError));
  }
  const VcdTrace t = ReadVcd(path_);
  EXPECT_EQ(t.ValueAt("program", 499'999), "1");
  EXPECT_EQ(t.ValueAt("program", 500'000), "0");
}

TEST_F(VcdWriterTest, EventOfUnexpectedShapeIsLeftOutWithoutStoppingTheRun) {
  VcdWriter vcd(path_);
  vcd.ScenarioStarted(Start("odd"));
  EXPECT_NO_THROW(vcd.EventOccurred({microseconds(1), "action", {{"relay", 7}}}));
  EXPECT_NO_THROW(vcd.EventOccurred(
      {microseconds(2), "observation", {{"what", "led"}, {"led", "x"}, {"color", 1}}}));
  vcd.ScenarioFinished(Finished("odd", 10));
  EXPECT_NO_THROW(vcd.RunFinished());
}

// PulseView's loader: what `sigrok-cli -I vcd` reads from the trace.
TEST_F(VcdWriterTest, SigrokReadsRelaysBuzzerAndLedColourWires) {
  const auto sigrok = testing::FindTool({"sigrok-cli"});
  if (!sigrok) GTEST_SKIP() << "sigrok-cli is not installed (Debian package sigrok-cli)";
  {
    VcdWriter vcd(path_);
    WriteUnlockScenario(vcd);
  }
  const std::string out = dir_ + "/sigrok.vcd";
  const auto run = testing::RunTool({*sigrok, "-I", "vcd", "-i", path_, "-O", "vcd", "-o", out});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // sigrok-cli 0.7 puts a "META samplerate" line before the header.
  std::string text = testing::Slurp(out);
  text.erase(0, text.find('$'));
  const VcdTrace t = testing::ParseVcd(text);
  for (const char* channel : {"key_1_2", "buzzer", "led1_green", "led1_red", "bolt_moving"}) {
    EXPECT_NE(t.Find(channel), nullptr) << channel << " missing in\n" << text;
  }
  // sigrok read every change, to the microsecond (it would stop at the
  // first multi-bit vector).
  EXPECT_EQ(t.ValueAt("key_1_2", 1'003'999), "0");
  EXPECT_EQ(t.ValueAt("key_1_2", 1'004'000), "1");
  EXPECT_EQ(t.ValueAt("key_1_2", 1'152'000), "0");
  EXPECT_EQ(t.ValueAt("led1_red", 1'400'000), "1");
  EXPECT_EQ(t.ValueAt("step_passed", 2'500'000), "1");
}

}  // namespace
}  // namespace lockrig::reports
