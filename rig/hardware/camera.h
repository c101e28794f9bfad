// The V4L2 camera through OpenCV's VideoCapture (CAP_V4L2), set up the way a
// measurement needs it: fixed resolution and rate from the rig file, and
// auto exposure and auto white balance off (fixed values), so that an LED's
// colour does not drift as the camera adapts to it lighting up.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "rig/hardware/frame_source.h"

namespace lockrig::hardware {

struct V4l2Settings {
  std::string device = "/dev/video0";  // a path or an index ("0")
  int width = 640;
  int height = 480;
  double frames_per_second = 30.0;
  std::optional<double> exposure;    // V4L2 exposure_time_absolute (100 µs units); none: leave
  std::optional<int> white_balance;  // kelvin; none: leave the camera's
};

std::unique_ptr<Grabber> MakeV4l2Grabber(V4l2Settings settings);

}  // namespace lockrig::hardware
