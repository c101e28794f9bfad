#include "vision/bolt_locator.h"

#include <algorithm>
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

double Median(const std::vector<double>& values, int begin, int end) {
  std::vector<double> part(values.begin() + begin, values.begin() + end);
  const auto middle = part.begin() + static_cast<std::ptrdiff_t>(part.size() / 2);
  std::nth_element(part.begin(), middle, part.end());
  return *middle;
}

}  // namespace

double LocateBoltEnd(const cv::Mat& track_bgr, const BoltLocatorTuning& tuning) {
  if (track_bgr.empty()) return 0.0;
  if (track_bgr.type() != CV_8UC3) {
    throw std::invalid_argument("LocateBoltEnd: expected an 8-bit BGR image");
  }
  const std::vector<double> profile = ColumnProfile(track_bgr, tuning.central_rows);
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
