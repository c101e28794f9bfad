#include "reports/timeline_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "reports/junit_writer.h"  // XmlEscape

namespace lockrig::reports {

namespace {

// A bolt moving less than this is drawn as still (half a pixel of the lane).
constexpr double kBoltDeadband = 0.005;

const char* LedFill(vision::LedColor color) {
  switch (color) {
    case vision::LedColor::kRed:
      return "#e53935";
    case vision::LedColor::kGreen:
      return "#43a047";
    case vision::LedColor::kAmber:
      return "#ffb300";
    case vision::LedColor::kBlue:
      return "#1e88e5";
    case vision::LedColor::kWhite:
      return "#ffffff";
    case vision::LedColor::kOff:
      break;
  }
  return "none";
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string Seconds(std::int64_t us, int decimals = 3) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f s", decimals, us / 1e6);
  return buf;
}

}  // namespace

PlotLane::PlotLane(bool analog, std::size_t max_points)
    : analog_(analog), max_points_(std::max<std::size_t>(max_points, 4)) {}

void PlotLane::Add(std::int64_t t_us, double value) {
  if (!points_.empty()) {
    const double last = points_.back().value;
    if (analog_ ? std::abs(value - last) < kBoltDeadband : value == last) return;
  }
  ++changes_;
  points_.push_back({t_us, value});
  if (points_.size() > 2 * max_points_) Thin();
}

void PlotLane::Thin() {
  const std::int64_t t0 = points_.front().t_us;
  const std::int64_t span = points_.back().t_us - t0;
  // Two points per bucket: at most max_points_ (+2 for the ends) survive.
  const std::int64_t bucket = std::max<std::int64_t>(1, 2 * span / max_points_ + 1);
  const Point last = points_.back();
  std::vector<Point> kept;
  kept.reserve(max_points_ + 2);
  std::size_t i = 0;
  while (i < points_.size()) {
    const std::int64_t b = (points_[i].t_us - t0) / bucket;
    std::size_t j = i;
    while (j + 1 < points_.size() && (points_[j + 1].t_us - t0) / bucket == b) ++j;
    if (analog_) {
      std::size_t lo = i, hi = i;
      for (std::size_t k = i; k <= j; ++k) {
        if (points_[k].value < points_[lo].value) lo = k;
        if (points_[k].value > points_[hi].value) hi = k;
      }
      kept.push_back(points_[std::min(lo, hi)]);
      if (lo != hi) kept.push_back(points_[std::max(lo, hi)]);
    } else {
      kept.push_back(points_[i]);
      if (j != i) kept.push_back(points_[j]);
    }
    i = j + 1;
  }
  if (kept.back().t_us != last.t_us) kept.push_back(last);
  // Merging may leave two equal values in a row; one is enough.
  points_.clear();
  for (const auto& p : kept) {
    if (!analog_ && !points_.empty() && points_.back().value == p.value) continue;
    points_.push_back(p);
  }
}

TimelinePlot::TimelinePlot(std::size_t max_points_per_lane)
    : max_points_(max_points_per_lane),
      buzzer_(false, max_points_per_lane),
      bolt_(true, max_points_per_lane) {}

void TimelinePlot::Seen(std::int64_t t_us) {
  if (!any_) {
    first_us_ = last_us_ = t_us;
    any_ = true;
  }
  first_us_ = std::min(first_us_, t_us);
  last_us_ = std::max(last_us_, t_us);
}

void TimelinePlot::Relay(const std::string& relay, std::int64_t t_us, bool energised) {
  Seen(t_us);
  auto it = std::find_if(relays_.begin(), relays_.end(),
                         [&](const auto& lane) { return lane.first == relay; });
  if (it == relays_.end()) {
    // A relay never energised gets no lane (the safe-state record lists
    // every relay of the bench); one is released until its first action.
    if (!energised) return;
    relays_.emplace_back(relay, PlotLane(false, max_points_));
    it = relays_.end() - 1;
    it->second.Add(first_us_, 0);
  }
  it->second.Add(t_us, energised ? 1 : 0);
}

void TimelinePlot::Buzzer(std::int64_t t_us, bool active) {
  Seen(t_us);
  has_buzzer_ = true;
  buzzer_.Add(t_us, active ? 1 : 0);
}

void TimelinePlot::Led(std::size_t led, std::int64_t t_us, vision::LedColor color) {
  Seen(t_us);
  while (leds_.size() <= led) leds_.emplace_back(false, max_points_);
  leds_[led].Add(t_us, static_cast<double>(color));
}

void TimelinePlot::BoltPosition(std::int64_t t_us, double position) {
  Seen(t_us);
  has_bolt_ = true;
  bolt_.Add(t_us, position);
}

void TimelinePlot::Verdict(std::int64_t t_us, bool passed, const std::string& step,
                           const std::string& where) {
  Seen(t_us);
  if (!passed) {
    // The first failures matter most; later ones are counted.
    if (failures_.size() < kMaxMarkers) failures_.push_back({t_us, false, step, where});
    ++failures_seen_;
    return;
  }
  // Passes: every pass_stride_-th is kept; past the budget, drop every
  // other one kept so far and double the stride.
  if (passes_seen_++ % pass_stride_ != 0) return;
  passes_.push_back({t_us, true, step, where});
  if (passes_.size() > kMaxMarkers) {
    std::vector<Marker> half;
    for (std::size_t i = 0; i < passes_.size(); i += 2) half.push_back(std::move(passes_[i]));
    passes_ = std::move(half);
    pass_stride_ *= 2;
  }
}

void TimelinePlot::Extend(std::int64_t t_us) {
  Seen(t_us);
}

bool TimelinePlot::empty() const {
  return relays_.empty() && leds_.empty() && !has_buzzer_ && !has_bolt_ && passes_.empty() &&
         failures_.empty();
}

std::string TimelinePlot::Svg(int width_px) const {
  constexpr double kLabelW = 130, kRightPad = 12, kTop = 6;
  constexpr double kRow = 14, kGap = 5, kBoltH = 48, kVerdictH = 18, kAxisH = 22;
  const double plot_w = width_px - kLabelW - kRightPad;
  // Bench time starts at 0 with the scenario; show from there.
  const std::int64_t t0 = std::min<std::int64_t>(0, first_us_);
  const std::int64_t t1 = std::max<std::int64_t>(last_us_, t0 + 1000);
  auto x = [&](std::int64_t t) { return kLabelW + plot_w * double(t - t0) / double(t1 - t0); };

  std::ostringstream frames, body;  // lane backgrounds and labels; what is drawn on them
  double y = kTop;
  auto lane_frame = [&](const std::string& label, double h, const char* title) {
    frames << "<rect class=\"lane\" x=\"" << Num(kLabelW) << "\" y=\"" << Num(y) << "\" width=\""
           << Num(plot_w) << "\" height=\"" << Num(h) << "\"/>"
           << "<text class=\"label\" x=\"" << Num(kLabelW - 6) << "\" y=\"" << Num(y + h / 2 + 4)
           << "\"><title>" << title << "</title>" << XmlEscape(label) << "</text>\n";
  };
  // A discrete lane: a rect for every stretch with a non-zero value.
  auto bars = [&](const PlotLane& lane, double h, auto&& fill) {
    const auto& pts = lane.points();
    for (std::size_t i = 0; i < pts.size(); ++i) {
      const std::string colour = fill(pts[i].value);
      if (colour.empty()) continue;
      const std::int64_t end = i + 1 < pts.size() ? pts[i + 1].t_us : t1;
      const double x0 = x(pts[i].t_us);
      const double w = std::max(x(end) - x0, 1.0);
      body << "<rect x=\"" << Num(x0) << "\" y=\"" << Num(y + 1) << "\" width=\"" << Num(w)
           << "\" height=\"" << Num(h - 2) << "\" fill=\"" << colour << "\"/>";
    }
    body << '\n';
  };

  const double verdict_y = y;
  lane_frame("verdicts", kVerdictH, "each judged step: green passed, red failed");
  y += kVerdictH + kGap;
  const double signals_top = y;
  for (const auto& [name, lane] : relays_) {
    lane_frame("relay " + name, kRow, "bar: relay energised");
    bars(lane, kRow, [](double v) { return v != 0 ? std::string("#5c6bc0") : std::string(); });
    y += kRow + kGap;
  }
  for (std::size_t i = 0; i < leds_.size(); ++i) {
    lane_frame("LED " + std::to_string(i + 1), kRow, "the colour the camera saw");
    bars(leds_[i], kRow, [](double v) {
      const char* fill = LedFill(static_cast<vision::LedColor>(static_cast<int>(v)));
      return std::string(fill) == "none" ? std::string() : std::string(fill);
    });
    y += kRow + kGap;
  }
  if (has_buzzer_) {
    lane_frame("buzzer", kRow, "bar: buzzer sounding");
    bars(buzzer_, kRow, [](double v) { return v != 0 ? std::string("#8e24aa") : std::string(); });
    y += kRow + kGap;
  }
  if (has_bolt_) {
    lane_frame("bolt position", kBoltH, "0 retracted (bottom) .. 1 extended (top)");
    const auto& pts = bolt_.points();
    auto by = [&](double v) { return y + 2 + (kBoltH - 4) * (1.0 - std::clamp(v, 0.0, 1.0)); };
    body << "<polyline class=\"bolt\" points=\"";
    for (const auto& p : pts) body << Num(x(p.t_us)) << ',' << Num(by(p.value)) << ' ';
    if (!pts.empty()) body << Num(x(t1)) << ',' << Num(by(pts.back().value));
    body << "\"/>\n";
    y += kBoltH + kGap;
  }
  const double signals_bottom = y - kGap;

  // Verdict markers: failures also get a line down through every lane.
  for (const auto& m : passes_) {
    body << "<circle class=\"pass\" cx=\"" << Num(x(m.t_us)) << "\" cy=\""
         << Num(verdict_y + kVerdictH / 2) << "\" r=\"4\"><title>passed at " << Seconds(m.t_us)
         << ": " << XmlEscape(m.step) << " (" << XmlEscape(m.where) << ")</title></circle>";
  }
  for (const auto& m : failures_) {
    const double mx = x(m.t_us);
    body << "<line class=\"failline\" x1=\"" << Num(mx) << "\" x2=\"" << Num(mx) << "\" y1=\""
         << Num(signals_top) << "\" y2=\"" << Num(signals_bottom) << "\"/>"
         << "<circle class=\"fail\" cx=\"" << Num(mx) << "\" cy=\""
         << Num(verdict_y + kVerdictH / 2) << "\" r=\"5\"><title>FAILED at " << Seconds(m.t_us)
         << ": " << XmlEscape(m.step) << " (" << XmlEscape(m.where) << ")</title></circle>";
  }
  body << '\n';

  // Time axis: about ten ticks at 1, 2 or 5 times a power of ten.
  const double span = double(t1 - t0);
  double step = std::pow(10.0, std::floor(std::log10(span / 10.0)));
  if (span / step > 25)
    step *= 5;
  else if (span / step > 12)
    step *= 2;
  const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step / 1e6) + 1e-9)));
  const double axis_y = y;
  std::ostringstream grid;  // drawn first, under the lanes' contents
  grid << "<line class=\"axis\" x1=\"" << Num(kLabelW) << "\" x2=\"" << Num(kLabelW + plot_w)
       << "\" y1=\"" << Num(axis_y) << "\" y2=\"" << Num(axis_y) << "\"/>";
  for (double t = std::ceil(t0 / step) * step; t <= t1 + 1e-6; t += step) {
    const double tx = x(static_cast<std::int64_t>(std::llround(t)));
    grid << "<line class=\"tick\" x1=\"" << Num(tx) << "\" x2=\"" << Num(tx) << "\" y1=\""
         << Num(kTop) << "\" y2=\"" << Num(axis_y + 4) << "\"/><text class=\"time\" x=\"" << Num(tx)
         << "\" y=\"" << Num(axis_y + 16) << "\">"
         << Seconds(static_cast<std::int64_t>(std::llround(t)), decimals) << "</text>";
  }
  grid << '\n';
  const double height = axis_y + kAxisH;

  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" viewBox=\"0 0 " << width_px
      << ' ' << Num(height) << "\" width=\"" << width_px << "\" height=\"" << Num(height)
      << "\" role=\"img\" aria-label=\"timeline of relays, LEDs, buzzer, bolt and verdicts\">\n"
      << "<style>.lane{fill:#f3f4f6}.label{font:11px sans-serif;text-anchor:end;fill:#333}"
         ".time{font:10px sans-serif;text-anchor:middle;fill:#555}.tick{stroke:#e0e0e0}"
         ".axis{stroke:#888}.bolt{fill:none;stroke:#00897b;stroke-width:1.5}"
         ".pass{fill:#2e7d32}.fail{fill:#c62828}.failline{stroke:#c62828;stroke-dasharray:3 2}"
         "rect[fill=\"#ffffff\"]{stroke:#999;stroke-width:.5}</style>\n"
      << frames.str() << grid.str() << body.str();
  if (failures_seen_ > failures_.size()) {
    svg << "<text class=\"label\" x=\"" << Num(kLabelW + plot_w) << "\" y=\"" << Num(height - 2)
        << "\">" << failures_seen_ - failures_.size() << " more failures not drawn</text>";
  }
  svg << "</svg>";
  return svg.str();
}

}  // namespace lockrig::reports
