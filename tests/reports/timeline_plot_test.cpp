// The timeline plot in report.html: a lane per relay and LED, the bolt as a
// line, verdict markers with the step as a tooltip, and bounded size however
// long the scenario ran.
#include "reports/timeline_plot.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace lockrig::reports {
namespace {

using vision::LedColor;

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(PlotLane, KeepsOnlyChanges) {
  PlotLane lane(false, 100);
  lane.Add(0, 0);
  lane.Add(10, 0);
  lane.Add(20, 1);
  lane.Add(30, 1);
  lane.Add(40, 0);
  ASSERT_EQ(lane.points().size(), 3u);
  EXPECT_EQ(lane.points()[1].t_us, 20);
}

TEST(PlotLane, LongRunIsThinnedToItsBudgetKeepingTheEnds) {
  PlotLane lane(false, 2000);
  // 10,000 cycles of a relay pressed for 100 ms every 2 s.
  for (std::int64_t cycle = 0; cycle < 10'000; ++cycle) {
    lane.Add(cycle * 2'000'000, 1);
    lane.Add(cycle * 2'000'000 + 100'000, 0);
  }
  EXPECT_EQ(lane.changes(), 20'000u);
  EXPECT_LE(lane.points().size(), 2 * 2000u);
  EXPECT_EQ(lane.points().front().t_us, 0);
  EXPECT_EQ(lane.points().back().t_us, std::int64_t{9'999} * 2'000'000 + 100'000);
  EXPECT_EQ(lane.points().back().value, 0);
  // Still a step function: no two equal values in a row.
  for (std::size_t i = 1; i < lane.points().size(); ++i) {
    EXPECT_NE(lane.points()[i].value, lane.points()[i - 1].value);
  }
}

TEST(PlotLane, AnalogLaneKeepsItsEnvelopeWhenThinned) {
  PlotLane lane(true, 100);
  for (std::int64_t i = 0; i < 100'000; ++i) lane.Add(i * 1000, (i % 50) / 49.0);
  EXPECT_LE(lane.points().size(), 200u);
  const auto [lo, hi] =
      std::minmax_element(lane.points().begin(), lane.points().end(),
                          [](const auto& a, const auto& b) { return a.value < b.value; });
  EXPECT_EQ(lo->value, 0.0);
  EXPECT_EQ(hi->value, 1.0);
}

TEST(TimelinePlot, DrawsALanePerRelayAndLedThenBuzzerAndBolt) {
  TimelinePlot plot;
  plot.Relay("key_1_2", 1'000'000, true);
  plot.Relay("key_1_2", 1'100'000, false);
  plot.Relay("program", 2'000'000, true);
  plot.Led(0, 0, LedColor::kOff);
  plot.Led(0, 1'200'000, LedColor::kGreen);
  plot.Led(1, 1'200'000, LedColor::kRed);
  plot.Buzzer(1'300'000, true);
  plot.Buzzer(1'350'000, false);
  plot.BoltPosition(0, 1.0);
  plot.BoltPosition(1'500'000, 0.0);
  plot.Extend(3'000'000);
  const std::string svg = plot.Svg();
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find(">relay key_1_2</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">relay program</text>"), std::string::npos);
  EXPECT_NE(svg.find(">LED 1</text>"), std::string::npos);
  EXPECT_NE(svg.find(">LED 2</text>"), std::string::npos);
  EXPECT_NE(svg.find(">buzzer</text>"), std::string::npos);
  EXPECT_NE(svg.find(">bolt position</text>"), std::string::npos);
  EXPECT_NE(svg.find("fill=\"#43a047\""), std::string::npos);  // the green segment
  EXPECT_NE(svg.find("fill=\"#e53935\""), std::string::npos);  // the red one
  EXPECT_NE(svg.find("<polyline class=\"bolt\""), std::string::npos);
  EXPECT_NE(svg.find(">3.0 s</text>"), std::string::npos) << "time axis reaches the end";
}

TEST(TimelinePlot, VerdictMarkersCarryTheStepAsATooltip) {
  TimelinePlot plot;
  plot.Verdict(1'000'000, true, "expect: {led: green}", "a.yaml:7");
  plot.Verdict(2'000'000, false, "expect: {bolt: <retracted>}", "a.yaml:9");
  const std::string svg = plot.Svg();
  EXPECT_NE(svg.find("<circle class=\"pass\""), std::string::npos);
  EXPECT_NE(svg.find("<title>passed at 1.000 s: expect: {led: green} (a.yaml:7)</title>"),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find("<title>FAILED at 2.000 s: expect: {bolt: &lt;retracted&gt;} (a.yaml:9)"),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find("class=\"failline\""), std::string::npos);
}

TEST(TimelinePlot, EnduranceRunStaysSmall) {
  TimelinePlot plot(2000);
  for (std::int64_t cycle = 0; cycle < 10'000; ++cycle) {
    const std::int64_t t = cycle * 3'000'000;
    plot.Relay("key_lock", t, true);
    plot.Relay("key_lock", t + 100'000, false);
    plot.Led(0, t + 200'000, LedColor::kGreen);
    plot.Led(0, t + 700'000, LedColor::kOff);
    plot.BoltPosition(t + 300'000, 0.5);
    plot.BoltPosition(t + 600'000, cycle % 2 ? 1.0 : 0.0);
    plot.Verdict(t + 900'000, true, "expect: {bolt: extended}", "endurance.yaml:12");
  }
  const std::string svg = plot.Svg();
  EXPECT_LT(svg.size(), 1'000'000u);
  EXPECT_LE(Count(svg, "<circle class=\"pass\""), TimelinePlot::kMaxMarkers);
  EXPECT_GE(Count(svg, "<circle class=\"pass\""), TimelinePlot::kMaxMarkers / 2);
}

TEST(TimelinePlot, RelaysNeverEnergisedGetNoLane) {
  TimelinePlot plot;
  plot.Relay("program", 1'000, true);
  plot.Relay("program", 2'000, false);
  plot.Relay("battery", 3'000, false);  // as in the safe-state record
  const std::string svg = plot.Svg();
  EXPECT_NE(svg.find(">relay program</text>"), std::string::npos);
  EXPECT_EQ(svg.find(">relay battery</text>"), std::string::npos);
}

TEST(TimelinePlot, EmptyUntilSomethingHappens) {
  TimelinePlot plot;
  EXPECT_TRUE(plot.empty());
  plot.Relay("program", 0, true);
  EXPECT_FALSE(plot.empty());
}

}  // namespace
}  // namespace lockrig::reports
