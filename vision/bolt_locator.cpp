#include "vision/bolt_locator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace lockrig::vision {
namespace {

// Mean grey level of each column over the track's central rows.
std::vector<double> ColumnProfile(const cv::Mat& track, double central_rows) {
  const int rows = std::max(1, static_cast<int>(std::lround(track.rows * central_rows)));
  const int first = std::clamp((track.rows - rows) / 2, 0, track.rows - 1);
  const int last = std::min(track.rows, first + rows);
  std::vector<double> profile(static_cast<std::size_t>(track.cols), 0.0);
  for (int y = first; y < last; ++y) {
    const auto* row = track.ptr<cv::Vec3b>(y);
    for (int x = 0; x < track.cols; ++x) {
      profile[static_cast<std::size_t>(x)] += row[x][0] + row[x][1] + row[x][2];
    }
  }
  const double scale = 1.0 / (3.0 * (last - first));
  for (double& v : profile) v *= scale;
  return profile;
}

// The median of up to 15 columns spread evenly over [begin, end): as robust
// as the median of them all against the few partly covered columns a blurred
// edge leaves outside the window, at a fraction of the cost.
double Median(const std::vector<double>& values, int begin, int end) {
  constexpr int kSamples = 15;
  std::array<double, kSamples> part{};
  const int span = end - begin;
  const int n = std::min(span, kSamples);
  for (int i = 0; i < n; ++i) {
    part[static_cast<std::size_t>(i)] =
        values[static_cast<std::size_t>(begin + (2 * i + 1) * span / (2 * n))];
  }
  const auto middle = part.begin() + n / 2;
  std::nth_element(part.begin(), middle, part.begin() + n);
  return *middle;
}

}  // namespace

double LocateBoltEnd(const cv::Mat& track_bgr, const BoltLocatorTuning& tuning) {
  if (track_bgr.empty()) return 0.0;
  if (track_bgr.type() != CV_8UC3) {
    throw std::invalid_argument("LocateBoltEnd: expected an 8-bit BGR image");
  }
  return LocateBoltEndInProfile(ColumnProfile(track_bgr, tuning.central_rows), tuning);
}

std::vector<double> TiltedTrackProfile(const cv::Mat& image, cv::Point origin,
                                       const cv::Rect& track, double angle_deg, int rows) {
  if (image.type() != CV_8UC3) {
    throw std::invalid_argument("TiltedTrackProfile: expected an 8-bit BGR image");
  }
  const double angle = angle_deg * 3.14159265358979323846 / 180.0;
  const double c = std::cos(angle);
  const double s = std::sin(angle);
  const double cx = track.x + track.width / 2.0;
  const double cy = track.y + track.height / 2.0;
  rows = std::max(1, rows);
  auto level = [&](int x, int y) -> double {
    if (x < 0 || y < 0 || x >= image.cols || y >= image.rows) return 0.0;
    const cv::Vec3b p = image.at<cv::Vec3b>(y, x);
    return (p[0] + p[1] + p[2]) / 3.0;
  };
  std::vector<double> profile(static_cast<std::size_t>(track.width), 0.0);
  for (int i = 0; i < track.width; ++i) {
    double sum = 0.0;
    for (int j = 0; j < rows; ++j) {
      // Point along the track's own axes, relative to its centre...
      const double u = i + 0.5 - track.width / 2.0;
      const double v = j - (rows - 1) / 2.0;
      // ...turned into the image, then to pixel-centre coordinates of `image`.
      const double x = cx + c * u - s * v - origin.x - 0.5;
      const double y = cy + s * u + c * v - origin.y - 0.5;
      const int x0 = static_cast<int>(std::floor(x));
      const int y0 = static_cast<int>(std::floor(y));
      const double fx = x - x0;
      const double fy = y - y0;
      sum += (1 - fy) * ((1 - fx) * level(x0, y0) + fx * level(x0 + 1, y0)) +
             fy * ((1 - fx) * level(x0, y0 + 1) + fx * level(x0 + 1, y0 + 1));
    }
    profile[static_cast<std::size_t>(i)] = sum / rows;
  }
  return profile;
}

double LocateBoltEndInProfile(const std::vector<double>& profile, const BoltLocatorTuning& tuning) {
  if (profile.empty()) return 0.0;
  const int width = static_cast<int>(profile.size());
  const auto [min_it, max_it] = std::minmax_element(profile.begin(), profile.end());
  const double lo = *min_it;
  const double hi = *max_it;
  if (hi - lo < tuning.min_contrast) {
    const double mean = std::accumulate(profile.begin(), profile.end(), 0.0) / width;
    return mean >= tuning.bar_min_level ? 1.0 : 0.0;
  }

  // The step: the last column counted from the left that is brighter than
  // halfway (the bar is one piece starting at the left edge).
  const double mid = (lo + hi) / 2.0;
  int step = 0;
  for (int x = 0; x < width; ++x) {
    if (profile[static_cast<std::size_t>(x)] >= mid) step = x;
  }
  const int begin = std::max(0, step - tuning.edge_window);
  const int end = std::min(width, step + tuning.edge_window + 1);

  // Levels of bar and track from the columns wholly on either side of the
  // window, so the normalisation follows exposure and no partly covered
  // column biases it. With the end within a few columns of a track edge
  // there are none on that side: the extreme of the profile stands in, which
  // can be off by up to a column's width only when less than one whole
  // column of bar (or of track) is visible.
  constexpr int kMinColumns = 3;
  const double bar = begin >= kMinColumns ? Median(profile, 0, begin) : hi;
  const double track = width - end >= kMinColumns ? Median(profile, end, width) : lo;

  // Columns before `begin` are fully bar; inside the window each column adds
  // its fraction covered. Unclipped, so noise averages out instead of biasing.
  double length = begin;
  for (int x = begin; x < end; ++x) {
    length += (profile[static_cast<std::size_t>(x)] - track) / (bar - track);
  }
  return std::clamp(length / width, 0.0, 1.0);
}

}  // namespace lockrig::vision
