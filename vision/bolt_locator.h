// Finds where the bolt's visible end is along its track. The bolt is a
// bright metal bar entering the dark track from its left edge; its end is
// the bright-to-dark step in the track's brightness profile. Averaging the
// central rows of each column makes that profile nearly noise free, and the
// area under the normalised profile around the step gives the end to a
// fraction of a pixel.
#pragma once

#include <vector>

#include <opencv2/core/mat.hpp>

namespace lockrig::vision {

struct BoltLocatorTuning {
  // Brightness range (8-bit levels) across the profile below which the
  // track is taken to be uniform: all bar (extended) or all track (retracted).
  double min_contrast = 40.0;
  // For a uniform track: mean level at or above which it is all bar.
  double bar_min_level = 100.0;
  // Rows averaged: this central fraction of the track's height, which the
  // bar covers whatever the calibration's slack.
  double central_rows = 0.2;
  // Columns either side of the step whose area gives the sub-pixel end.
  int edge_window = 3;
};

// The bolt's position, 0 (end at the track's left edge, retracted) to 1
// (end at the right edge, extended), from `track_bgr`: an 8-bit, 3-channel
// image of exactly FaceLayout::bolt_track.
double LocateBoltEnd(const cv::Mat& track_bgr, const BoltLocatorTuning& tuning = {});

// The same from a brightness profile along the track (one mean level per
// track column, left to right), however it was sampled.
double LocateBoltEndInProfile(const std::vector<double>& profile,
                              const BoltLocatorTuning& tuning = {});

// The profile of a track tilted by `angle_deg` about its centre (as
// FaceLayout::bolt_track and bolt_track_angle_deg describe it), sampled with
// bilinear interpolation along `rows` lines about the track's centre line,
// spaced one pixel apart. `image` is an 8-bit BGR image whose top-left pixel
// is at `origin` in the frame; samples outside it read as black.
std::vector<double> TiltedTrackProfile(const cv::Mat& image, cv::Point origin,
                                       const cv::Rect& track, double angle_deg, int rows);

}  // namespace lockrig::vision
