// trace.vcd and report.html from real scenarios on the simulated bench: the
// waveforms agree with the events the engine reported, sigrok-cli reads them,
// and headless Chromium shows the report's verdicts, failure and frames.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "reports/html_report_writer.h"
#include "reports/vcd_writer.h"
#include "rig/cli/bench_factory.h"
#include "rig/cli/scenario_files.h"
#include "rig/engine/scenario_runner.h"
#include "rig/scenario/scenario.h"
#include "tests/reports/external_tool.h"
#include "tests/reports/html_rendering.h"
#include "tests/reports/vcd_reader.h"

namespace lockrig::reports {
namespace {

namespace fs = std::filesystem;

const std::string kRoot = LOCKRIG_SOURCE_DIR;

// What the engine reported, by scenario (1-based, as in the trace).
class Recorder : public ResultSink {
 public:
  struct Scenario {
    std::vector<Event> events;
    ScenarioResult result;
  };
  void ScenarioStarted(const ScenarioStart&) override { scenarios.emplace_back(); }
  void EventOccurred(const Event& e) override { scenarios.back().events.push_back(e); }
  void ScenarioFinished(const ScenarioResult& r) override { scenarios.back().result = r; }
  std::vector<Scenario> scenarios;
};

class ResultsFolder : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(testing::FreshTempDir("lockrig-results-folder"));
    recorder_ = new Recorder;
    Fanout sinks;
    sinks.Add(std::make_unique<VcdWriter>(*dir_ + "/trace.vcd"));
    sinks.Add(std::make_unique<HtmlReportWriter>(*dir_ + "/report.html"));
    struct Forward : ResultSink {
      Recorder& r;
      explicit Forward(Recorder& rec) : r(rec) {}
      void ScenarioStarted(const ScenarioStart& s) override { r.ScenarioStarted(s); }
      void EventOccurred(const Event& e) override { r.EventOccurred(e); }
      void ScenarioFinished(const ScenarioResult& x) override { r.ScenarioFinished(x); }
    };
    sinks.Add(std::make_unique<Forward>(*recorder_));
    for (const char* file : {"scenarios/add_code_and_unlock.yaml",
                             "scenarios/faults/brown_out_makes_the_lock_inert.yaml",
                             "tests/scenarios/wrong_code_expected_to_unlock.yaml"}) {
      const std::string path = kRoot + "/" + file;
      const auto scenario =
          scenario::LoadScenario(path, cli::MacroDirFor(path, kRoot + "/scenarios/lib"));
      auto bench = cli::MakeSimBench(scenario.profile, 3);
      ScenarioRunner(*bench, sinks).Run(scenario);
    }
    sinks.RunFinished();
  }
  static void TearDownTestSuite() {
    if (!std::getenv("LOCKRIG_KEEP_TEST_OUTPUT")) fs::remove_all(*dir_);
    delete dir_;
    delete recorder_;
  }

  static std::string Vcd() { return *dir_ + "/trace.vcd"; }
  static std::string Html() { return *dir_ + "/report.html"; }
  // Where scenario n's bench time 0 lies in the trace.
  static std::int64_t Base(const testing::VcdTrace& t, int n) {
    const auto times = t.TimesOf("scenario", std::to_string(n));
    return times.empty() ? -1 : times.front();
  }
  // Every relay action: the relay is at its new state from its contact edge.
  static void ExpectRelaysFollowTheActions(const testing::VcdTrace& t) {
    int checked = 0;
    for (std::size_t i = 0; i < recorder_->scenarios.size(); ++i) {
      const std::int64_t base = Base(t, static_cast<int>(i + 1));
      ASSERT_GE(base, 0) << "scenario " << i + 1 << " not in the trace";
      for (const auto& e : recorder_->scenarios[i].events) {
        if (e.type != "action") continue;
        const std::string relay = e.fields["relay"];
        const std::int64_t edge = e.fields["edge_us"];
        EXPECT_EQ(t.ValueAt(relay, base + edge), e.fields["energised"].get<bool>() ? "1" : "0")
            << relay << " at bench " << edge << " us of scenario " << i + 1;
        ++checked;
      }
    }
    EXPECT_GT(checked, 50);
  }

  static std::string* dir_;
  static Recorder* recorder_;
};

std::string* ResultsFolder::dir_ = nullptr;
Recorder* ResultsFolder::recorder_ = nullptr;

TEST_F(ResultsFolder, RanTwoPassesAndTheDeliberateFailure) {
  ASSERT_EQ(recorder_->scenarios.size(), 3u);
  EXPECT_EQ(recorder_->scenarios[0].result.verdict, Verdict::kPassed);
  EXPECT_EQ(recorder_->scenarios[1].result.verdict, Verdict::kPassed);
  EXPECT_EQ(recorder_->scenarios[2].result.verdict, Verdict::kFailed);
  EXPECT_FALSE(recorder_->scenarios[2].result.failure_frames.empty());
}

TEST_F(ResultsFolder, TraceRelaysFollowEveryActionAtItsContactEdge) {
  const auto t = testing::ReadVcd(Vcd());
  EXPECT_EQ(t.backwards_times, 0);
  ExpectRelaysFollowTheActions(t);
}

TEST_F(ResultsFolder, TraceLedsAndBuzzerMatchWhatVisionObserved) {
  const auto t = testing::ReadVcd(Vcd());
  int leds = 0, beeps = 0;
  for (std::size_t i = 0; i < recorder_->scenarios.size(); ++i) {
    const std::int64_t base = Base(t, static_cast<int>(i + 1));
    for (const auto& e : recorder_->scenarios[i].events) {
      if (e.type != "observation") continue;
      const std::int64_t at = base + e.at.count();
      if (e.fields["what"] == "led") {
        const auto color = vision::ParseLedColor(e.fields["color"].get<std::string>());
        const std::string led = "led" + std::to_string(e.fields["led"].get<int>());
        EXPECT_EQ(t.RealAt(led, at), static_cast<double>(*color)) << led << " at " << at;
        ++leds;
      } else if (e.fields["what"] == "buzzer") {
        EXPECT_EQ(t.ValueAt("buzzer", at), e.fields["active"].get<bool>() ? "1" : "0");
        ++beeps;
      }
    }
  }
  EXPECT_GT(leds, 10);
  EXPECT_GT(beeps, 10);
}

TEST_F(ResultsFolder, TraceShowsTheBrownOutScenariosBatteryVolts) {
  const auto t = testing::ReadVcd(Vcd());
  const std::int64_t base = Base(t, 2);
  EXPECT_EQ(t.RealAt("battery_volts", base), 6.4);
  int seen = 0;
  for (const auto& e : recorder_->scenarios[1].events) {
    if (e.type != "sim" || e.fields["key"] != "battery_volts") continue;
    EXPECT_EQ(t.RealAt("battery_volts", base + e.at.count()),
              std::stod(e.fields["value"].get<std::string>()));
    ++seen;
  }
  EXPECT_EQ(seen, 3);  // 3.5 V, 3.8 V, 6.0 V
}

TEST_F(ResultsFolder, TraceBoltPositionGoesBetweenTheEnds) {
  const auto t = testing::ReadVcd(Vcd());
  const auto* bolt = t.Find("bolt_position");
  ASSERT_NE(bolt, nullptr);
  double lo = 1, hi = 0;
  for (const auto& [time, value] : t.changes.at(bolt->id)) {
    lo = std::min(lo, std::stod(value));
    hi = std::max(hi, std::stod(value));
  }
  EXPECT_LT(lo, 0.05);
  EXPECT_GT(hi, 0.95);
}

TEST_F(ResultsFolder, SigrokReadsTheTraceWithEveryRelayChange) {
  const auto sigrok = testing::FindTool({"sigrok-cli"});
  if (!sigrok) GTEST_SKIP() << "sigrok-cli is not installed (Debian package sigrok-cli)";
  const std::string out = *dir_ + "/sigrok.vcd";
  const auto run = testing::RunTool({*sigrok, "-I", "vcd", "-i", Vcd(), "-O", "vcd", "-o", out});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::string text = testing::Slurp(out);
  text.erase(0, text.find('$'));  // sigrok-cli 0.7 writes a META line first
  const auto t = testing::ParseVcd(text);
  for (const char* channel : {"battery", "key_lock", "program", "buzzer", "step_failed"}) {
    EXPECT_NE(t.Find(channel), nullptr) << channel;
  }
  // sigrok does not know run.scenario (a real); take the offsets from ours.
  const auto ours = testing::ReadVcd(Vcd());
  testing::VcdTrace merged = t;
  const auto* scenario = ours.Find("scenario");
  ASSERT_NE(scenario, nullptr);
  merged.vars.push_back(*scenario);
  merged.changes[scenario->id] = ours.changes.at(scenario->id);
  ExpectRelaysFollowTheActions(merged);
}

// GTKWave's own VCD loader (vcd2fst) reads every change: converted to FST
// and back (fst2vcd), the trace holds the same values at the same times.
TEST_F(ResultsFolder, GtkwaveLoaderReadsEveryChange) {
  const auto vcd2fst = testing::FindTool({"vcd2fst"});
  const auto fst2vcd = testing::FindTool({"fst2vcd"});
  if (!vcd2fst || !fst2vcd)
    GTEST_SKIP() << "vcd2fst/fst2vcd not installed (Debian package gtkwave)";
  const std::string fst = *dir_ + "/trace.fst";
  const auto to_fst = testing::RunTool({*vcd2fst, Vcd(), fst});
  ASSERT_EQ(to_fst.exit_code, 0) << to_fst.err;
  const auto back = testing::RunTool({*fst2vcd, fst});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  const auto theirs = testing::ParseVcd(back.out);
  const auto ours = testing::ReadVcd(Vcd());
  ASSERT_EQ(theirs.vars.size(), ours.vars.size());
  for (const auto& var : ours.vars) {
    const auto* other = theirs.Find(var.name);
    ASSERT_NE(other, nullptr) << var.name;
    EXPECT_EQ(other->type, var.type) << var.name;
    EXPECT_EQ(other->scope, var.scope) << var.name;
    const auto& a = ours.changes.at(var.id);
    const auto& b = theirs.changes.at(other->id);
    ASSERT_EQ(a.size(), b.size()) << var.name;
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].first, b[i].first) << var.name;
      if (var.type == "real") {
        EXPECT_DOUBLE_EQ(std::stod(a[i].second), std::stod(b[i].second)) << var.name;
      } else {
        EXPECT_EQ(a[i].second, b[i].second) << var.name;
      }
    }
  }
}

TEST_F(ResultsFolder, ChromiumShowsVerdictCountsScenarioNamesAndTheFailure) {
  const auto chromium = testing::FindChromium();
  if (!chromium) GTEST_SKIP() << "chromium is not installed (Debian package chromium)";
  const auto dom = testing::RenderedDom(*chromium, Html());
  ASSERT_TRUE(dom.ok) << dom.error;
  EXPECT_NE(dom.text.find(">2 passed<"), std::string::npos) << dom.text;
  EXPECT_NE(dom.text.find(">1 failed<"), std::string::npos);
  for (const auto& s : recorder_->scenarios) {
    EXPECT_NE(dom.text.find(s.result.name), std::string::npos) << s.result.name;
  }
  EXPECT_NE(dom.text.find("wrong_code_expected_to_unlock.yaml:14"), std::string::npos);
  EXPECT_NE(dom.text.find("<dd class=\"expected\">bolt retracted within 2s</dd>"),
            std::string::npos);
  EXPECT_NE(dom.text.find("bolt stayed extended"), std::string::npos);
  std::size_t images = 0;
  for (auto at = dom.text.find("<img src=\"data:image/png;base64,"); at != std::string::npos;
       at = dom.text.find("<img src=\"data:image/png;base64,", at + 1)) {
    ++images;
  }
  EXPECT_EQ(images, recorder_->scenarios[2].result.failure_frames.size());
  EXPECT_NE(dom.text.find("<svg "), std::string::npos);

  const auto shot = testing::Screenshot(*chromium, Html(), *dir_ + "/report.png");
  ASSERT_TRUE(shot.ok) << shot.error;
  EXPECT_GT(shot.distinct_colours, 20);
  EXPECT_TRUE(shot.has_verdict_green);
  EXPECT_TRUE(shot.has_verdict_red);
}

}  // namespace
}  // namespace lockrig::reports
