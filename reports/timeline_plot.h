// A scenario's signals as an inline SVG timeline, for report.html: relays as
// bars, each LED as segments in the colour it showed, the bolt position as a
// line, buzzer pulses, and a verdict marker at each judged step (pass green,
// fail red, the step text and its file:line as a tooltip). Every lane keeps
// a bounded number of points however long the scenario runs, so an
// endurance run of 10,000 cycles costs the same memory and SVG size as a
// run of a hundred.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "vision/led_color.h"

namespace lockrig::reports {

// One signal over time, thinned to about `max_points` points. Values are
// recorded only when they change; when a lane holds twice its budget,
// changes closer together than a bucket (a fraction of the time span) are
// merged: a discrete lane keeps the first and last change in each bucket,
// so a stretch of fast toggling shows as one block, and an analog lane
// keeps the lowest and highest value, so the line keeps its envelope.
class PlotLane {
 public:
  struct Point {
    std::int64_t t_us = 0;
    double value = 0.0;
  };

  PlotLane(bool analog, std::size_t max_points);
  void Add(std::int64_t t_us, double value);
  const std::vector<Point>& points() const { return points_; }
  // How many changes were recorded before thinning.
  std::size_t changes() const { return changes_; }

 private:
  void Thin();

  bool analog_;
  std::size_t max_points_;
  std::size_t changes_ = 0;
  std::vector<Point> points_;
};

class TimelinePlot {
 public:
  explicit TimelinePlot(std::size_t max_points_per_lane = 2000);

  void Relay(const std::string& relay, std::int64_t t_us, bool energised);
  void Buzzer(std::int64_t t_us, bool active);
  void Led(std::size_t led, std::int64_t t_us, vision::LedColor color);
  void BoltPosition(std::int64_t t_us, double position);
  void Verdict(std::int64_t t_us, bool passed, const std::string& step, const std::string& where);
  // Makes the time axis reach at least `t_us` (the scenario's end).
  void Extend(std::int64_t t_us);

  bool empty() const;
  // The plot as an <svg> element, `width_px` wide (it scales to its box).
  std::string Svg(int width_px = 1100) const;

  // Verdict markers kept: passes are thinned to this many, failures beyond
  // it are counted but not drawn.
  static constexpr std::size_t kMaxMarkers = 500;

 private:
  struct Marker {
    std::int64_t t_us = 0;
    bool passed = true;
    std::string step, where;
  };
  void Seen(std::int64_t t_us);

  std::size_t max_points_;
  std::vector<std::pair<std::string, PlotLane>> relays_;  // in first-use order
  std::vector<PlotLane> leds_;
  PlotLane buzzer_;
  PlotLane bolt_;
  bool has_buzzer_ = false, has_bolt_ = false;
  std::vector<Marker> passes_, failures_;
  std::size_t pass_stride_ = 1, passes_seen_ = 0, failures_seen_ = 0;
  std::int64_t first_us_ = 0, last_us_ = 0;
  bool any_ = false;
};

}  // namespace lockrig::reports
