// report.html as a test engineer reads it: a summary of verdicts, seed,
// profile, firmware and bench; a table of scenarios with measurements and
// endurance statistics; per scenario a timeline and, for a failure, what
// failed and the camera frames around it; all in one self-contained file.
// The Chromium test at the end renders it as a browser shows it.
#include "reports/html_report_writer.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "tests/reports/external_tool.h"
#include "tests/reports/html_rendering.h"

namespace lockrig::reports {
namespace {

using std::chrono::microseconds;
using vision::BoltState;
using vision::LedColor;

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// A small camera frame with a lit LED, PNG-encoded as the runner keeps it.
std::vector<unsigned char> FramePng(cv::Scalar led_bgr) {
  cv::Mat image(120, 160, CV_8UC3, cv::Scalar(40, 40, 40));
  cv::circle(image, {40, 40}, 12, led_bgr, cv::FILLED);
  cv::rectangle(image, {20, 90}, {140, 100}, cv::Scalar(180, 180, 180), cv::FILLED);
  std::vector<unsigned char> png;
  cv::imencode(".png", image, png);
  return png;
}

ScenarioStart Start(const ScenarioResult& r) {
  return {r.file, r.name, r.profile, r.seed, r.bench, r.firmware};
}

ScenarioResult Base(std::string file, std::string name, Verdict v) {
  ScenarioResult r;
  r.file = std::move(file);
  r.name = std::move(name);
  r.verdict = v;
  r.profile = "smartcode";
  r.seed = 42;
  r.bench = "sim";
  r.firmware = "lockfw 0.1.0 abc123";
  r.requirements = {"LB-KEYPAD-1"};
  r.virtual_time = microseconds(9'500'000);
  r.wall_seconds = 0.25;
  return r;
}

// A run of four scenarios: a pass with measurements, a failure with frames,
// an endurance run and a skip.
void WriteRun(HtmlReportWriter& html) {
  auto pass = Base("scenarios/unlock.yaml", "a user code unlocks", Verdict::kPassed);
  Measurement m;
  m.name = "unlock_time";
  m.where = "scenarios/unlock.yaml:12";
  m.value = microseconds(850'000);
  m.max = microseconds(1'500'000);
  m.marginal_max = microseconds(800'000);
  m.marginal = true;
  pass.measurements.push_back(m);
  html.ScenarioStarted(Start(pass));
  html.FrameSampled({microseconds(0), 0, {LedColor::kOff}, 1.0, BoltState::kExtended});
  html.EventOccurred({microseconds(1'000'000),
                      "action",
                      {{"relay", "key_1_2"}, {"energised", true}, {"edge_us", 1'004'000}}});
  html.EventOccurred({microseconds(1'100'000),
                      "action",
                      {{"relay", "key_1_2"}, {"energised", false}, {"edge_us", 1'104'000}}});
  html.FrameSampled({microseconds(1'200'000), 36, {LedColor::kGreen}, 0.4, BoltState::kMoving});
  html.EventOccurred(
      {microseconds(1'250'000), "observation", {{"what", "buzzer"}, {"active", true}}});
  html.EventOccurred(
      {microseconds(1'300'000), "observation", {{"what", "buzzer"}, {"active", false}}});
  html.FrameSampled({microseconds(1'500'000), 45, {LedColor::kOff}, 0.0, BoltState::kRetracted});
  html.EventOccurred({microseconds(2'000'000),
                      "verdict",
                      {{"result", "passed"},
                       {"step", "expect: {bolt: retracted, within: 2s}"},
                       {"where", "scenarios/unlock.yaml:12"}}});
  html.ScenarioFinished(pass);

  auto fail = Base("tests/scenarios/wrong.yaml", "a wrong code <unlocks>", Verdict::kFailed);
  fail.message =
      "expect: {bolt: retracted, within: 2s}: expected bolt retracted within 2s; seen: bolt "
      "stayed extended; LED off, 1 red blink; 3 short beeps";
  fail.failed_step_where = "tests/scenarios/wrong.yaml:14";
  fail.failure_frames = {{microseconds(7'400'000), 222, "at failure", FramePng({0, 0, 255})},
                         {microseconds(7'433'000), 223, "at failure", FramePng({0, 255, 0})},
                         {microseconds(7'466'000), 224, "at failure", FramePng({255, 0, 0})}};
  html.ScenarioStarted(Start(fail));
  html.EventOccurred({microseconds(5'000'000),
                      "action",
                      {{"relay", "key_lock"}, {"energised", true}, {"edge_us", 5'000'000}}});
  html.FrameSampled({microseconds(5'200'000), 157, {LedColor::kRed}, 1.0, BoltState::kExtended});
  html.EventOccurred({microseconds(7'500'000),
                      "verdict",
                      {{"result", "failed"},
                       {"step", "expect: {bolt: retracted, within: 2s}"},
                       {"where", "tests/scenarios/wrong.yaml:14"}}});
  html.ScenarioFinished(fail);

  auto endurance = Base("scenarios/endurance.yaml", "10,000 lock cycles", Verdict::kFailed);
  endurance.message = "cycle 17: expect: {bolt: extended}: expected bolt extended; seen: stalled";
  EnduranceStats e;
  e.where = "scenarios/endurance.yaml:9";
  e.cycles_planned = 10'000;
  e.cycles_run = 10'000;
  e.cycles_failed = 3;
  e.first_failure_cycle = 17;
  e.first_failure_message = "expect: {bolt: extended}: seen: stalled";
  MeasurementStats s;
  s.name = "lock_time";
  s.count = 9'997;
  s.min = microseconds(610'000);
  s.p50 = microseconds(640'000);
  s.p95 = microseconds(702'000);
  s.p99 = microseconds(731'000);
  s.max = microseconds(1'250'000);
  s.out_of_limits = 2;
  e.measurements.push_back(s);
  endurance.endurance.push_back(e);
  html.ScenarioStarted(Start(endurance));
  html.ScenarioFinished(endurance);

  auto skipped = Base("scenarios/hw_only.yaml", "needs the real motor", Verdict::kSkipped);
  skipped.message = "needs capability 'motor_current', which the sim bench does not have";
  html.ScenarioStarted(Start(skipped));
  html.ScenarioFinished(skipped);
}

class HtmlReportWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::FreshTempDir("lockrig-html-test");
    path_ = dir_ + "/report.html";
  }
  void TearDown() override {
    if (!HasFailure() && !std::getenv("LOCKRIG_KEEP_TEST_OUTPUT"))
      std::filesystem::remove_all(dir_);
  }
  std::string Report() {
    {
      HtmlReportWriter html(path_);
      WriteRun(html);
      html.RunFinished();
    }
    return testing::Slurp(path_);
  }
  std::string dir_, path_;
};

TEST_F(HtmlReportWriterTest, SummaryCountsEachVerdictAndNamesSeedProfileFirmwareAndBench) {
  const std::string html = Report();
  EXPECT_NE(html.find("id=\"count-passed\">1 passed<"), std::string::npos) << html;
  EXPECT_NE(html.find("id=\"count-failed\">2 failed<"), std::string::npos);
  EXPECT_NE(html.find("id=\"count-error\">0 error<"), std::string::npos);
  EXPECT_NE(html.find("id=\"count-skipped\">1 skipped<"), std::string::npos);
  EXPECT_NE(html.find("<td id=\"seed\">42</td>"), std::string::npos);
  EXPECT_NE(html.find("<td id=\"profile\">smartcode</td>"), std::string::npos);
  EXPECT_NE(html.find("<td id=\"firmware\">lockfw 0.1.0 abc123</td>"), std::string::npos);
  EXPECT_NE(html.find("<td id=\"bench\">sim</td>"), std::string::npos);
  EXPECT_NE(html.find("Overall: <span class=\"verdict failed\">"), std::string::npos);
}

TEST_F(HtmlReportWriterTest, FailureNamesStepLocationExpectedAndSeen) {
  const std::string html = Report();
  EXPECT_NE(html.find("<dd class=\"step\">expect: {bolt: retracted, within: 2s}</dd>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<dd class=\"where\">tests/scenarios/wrong.yaml:14</dd>"), std::string::npos);
  EXPECT_NE(html.find("<dd class=\"expected\">bolt retracted within 2s</dd>"), std::string::npos);
  EXPECT_NE(html.find("<dd class=\"seen\">bolt stayed extended; LED off, 1 red blink; 3 short "
                      "beeps</dd>"),
            std::string::npos);
  EXPECT_NE(html.find("<dt>At</dt><dd>7.500 s bench time</dd>"), std::string::npos);
}

TEST_F(HtmlReportWriterTest, EachKeptFrameIsAnInlinePngImage) {
  const std::string html = Report();
  EXPECT_EQ(Count(html, "<img src=\"data:image/png;base64,"), 3u);
  const auto png = FramePng({0, 0, 255});
  EXPECT_NE(html.find("data:image/png;base64," + Base64(png) + "\""), std::string::npos);
  EXPECT_NE(html.find("at failure - frame 222 at 7.400 s"), std::string::npos);
}

TEST_F(HtmlReportWriterTest, EveryScenarioThatRanHasATimelineSvg) {
  const std::string html = Report();
  // Only the first two scenarios reported signals.
  EXPECT_EQ(Count(html, "<svg "), 2u);
  EXPECT_NE(html.find(">relay key_1_2</text>"), std::string::npos);
  EXPECT_NE(html.find("<title>FAILED at 7.500 s: expect: {bolt: retracted, within: 2s} "
                      "(tests/scenarios/wrong.yaml:14)</title>"),
            std::string::npos);
}

TEST_F(HtmlReportWriterTest, MeasurementsShowValueLimitsAndMarginalFlag) {
  const std::string html = Report();
  EXPECT_NE(html.find("<span class=\"mname\">unlock_time</span> = <b>850.0 ms</b> "
                      "<span class=\"limits\">[&le; 1.500 s; marginal above 800.0 ms]</span> <span "
                      "class=\"flag marginal\">marginal</span>"),
            std::string::npos)
      << html;
}

TEST_F(HtmlReportWriterTest, EnduranceShowsPassRatePercentilesAndFirstFailure) {
  const std::string html = Report();
  EXPECT_NE(html.find("9997/10000 cycles passed (<b>99.97%</b>)"), std::string::npos) << html;
  EXPECT_NE(html.find("first failure: cycle 17: expect: {bolt: extended}: seen: stalled"),
            std::string::npos);
  EXPECT_NE(html.find("<tr><td>lock_time</td><td>9997</td><td>610.0 ms</td><td>640.0 ms</td>"
                      "<td>702.0 ms</td><td>731.0 ms</td><td>1.250 s</td><td>2</td><td>0</td>"),
            std::string::npos);
}

TEST_F(HtmlReportWriterTest, IsSelfContainedAndEscapesMarkup) {
  const std::string html = Report();
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_NE(html.find("a wrong code &lt;unlocks&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<unlocks>"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(path_ + ".part"));
}

TEST_F(HtmlReportWriterTest, SkippedScenarioGivesItsReason) {
  const std::string html = Report();
  EXPECT_NE(html.find("Skipped: needs capability &apos;motor_current&apos;"), std::string::npos);
}

TEST_F(HtmlReportWriterTest, LongEnduranceRunKeepsTheReportSmall) {
  {
    HtmlReportWriter html(path_);
    auto r = Base("scenarios/endurance.yaml", "long", Verdict::kPassed);
    html.ScenarioStarted(Start(r));
    // 10,000 cycles of 3 s at 30 frames a second: 1,000,000 frames.
    for (std::int64_t frame = 0; frame < 1'000'000; ++frame) {
      const std::int64_t t = frame * 30'000;
      const std::int64_t phase = t % 3'000'000;
      html.FrameSampled({microseconds(t),
                         static_cast<std::uint64_t>(frame),
                         {phase < 500'000 ? LedColor::kGreen : LedColor::kOff},
                         phase < 1'000'000 ? phase / 1e6 : 1.0,
                         BoltState::kMoving});
      if (phase == 0) {
        html.EventOccurred({microseconds(t),
                            "action",
                            {{"relay", "key_lock"}, {"energised", true}, {"edge_us", t}}});
        html.EventOccurred(
            {microseconds(t + 100'000),
             "action",
             {{"relay", "key_lock"}, {"energised", false}, {"edge_us", t + 100'000}}});
        html.EventOccurred({microseconds(t + 1'000'000),
                            "verdict",
                            {{"result", "passed"}, {"step", "expect: {bolt: extended}"}}});
      }
    }
    r.virtual_time = microseconds(30'000'000'000);
    html.ScenarioFinished(r);
  }
  EXPECT_LT(std::filesystem::file_size(path_), 2'000'000u);
}

TEST_F(HtmlReportWriterTest, EventOfUnexpectedShapeIsLeftOutWithoutStoppingTheRun) {
  HtmlReportWriter html(path_);
  auto r = Base("odd.yaml", "odd", Verdict::kPassed);
  html.ScenarioStarted(Start(r));
  EXPECT_NO_THROW(html.EventOccurred({microseconds(1), "action", {{"relay", 7}}}));
  EXPECT_NO_THROW(html.EventOccurred({microseconds(2), "verdict", {{"step", 3}}}));
  html.ScenarioFinished(r);
  EXPECT_NO_THROW(html.RunFinished());
}

TEST(Base64, EncodesRfc4648TestVectors) {
  auto b64 = [](std::string s) { return Base64({s.begin(), s.end()}); };
  EXPECT_EQ(b64(""), "");
  EXPECT_EQ(b64("f"), "Zg==");
  EXPECT_EQ(b64("fo"), "Zm8=");
  EXPECT_EQ(b64("foo"), "Zm9v");
  EXPECT_EQ(b64("foob"), "Zm9vYg==");
  EXPECT_EQ(b64("foobar"), "Zm9vYmFy");
}

TEST(HumanDuration, PicksTheUnitAPersonWouldRead) {
  EXPECT_EQ(HumanDuration(microseconds(850)), "850 us");
  EXPECT_EQ(HumanDuration(microseconds(12'500)), "12.5 ms");
  EXPECT_EQ(HumanDuration(microseconds(1'250'000)), "1.250 s");
}

// What a browser shows: headless Chromium's DOM after rendering, and a
// screenshot that is not blank.
TEST_F(HtmlReportWriterTest, ChromiumShowsSummaryFailureFramesAndTimeline) {
  const auto chromium = testing::FindChromium();
  if (!chromium) GTEST_SKIP() << "chromium is not installed (Debian package chromium)";
  Report();
  const auto dom = testing::RenderedDom(*chromium, path_);
  ASSERT_TRUE(dom.ok) << dom.error;
  EXPECT_NE(dom.text.find("1 passed"), std::string::npos) << dom.text;
  EXPECT_NE(dom.text.find("2 failed"), std::string::npos);
  EXPECT_NE(dom.text.find("1 skipped"), std::string::npos);
  EXPECT_NE(dom.text.find("a user code unlocks"), std::string::npos);
  EXPECT_NE(dom.text.find("a wrong code &lt;unlocks&gt;"), std::string::npos);
  EXPECT_NE(dom.text.find("tests/scenarios/wrong.yaml:14"), std::string::npos);
  EXPECT_NE(dom.text.find("bolt stayed extended"), std::string::npos);
  EXPECT_EQ(Count(dom.text, "<img src=\"data:image/png;base64,"), 3u);
  EXPECT_EQ(Count(dom.text, "<svg "), 2u);

  const auto shot = testing::Screenshot(*chromium, path_, dir_ + "/shot.png");
  ASSERT_TRUE(shot.ok) << shot.error;
  EXPECT_GT(shot.distinct_colours, 20) << "the page rendered as (nearly) one colour";
  EXPECT_TRUE(shot.has_verdict_red) << "no failed badge or marker visible";
  EXPECT_TRUE(shot.has_verdict_green) << "no passed badge or marker visible";
}

}  // namespace
}  // namespace lockrig::reports
