// Finds where the lock face is in a camera's image from one reference frame,
// so that a camera that moved or turned a little since the rig was set up
// (a few pixels, a few degrees) still reads the right pixels. The face plate
// carries four ArUco markers (DICT_4X4_50, ids 0..3; see face_layout.h); the
// markers found give a similarity transform (shift, rotation, scale) from
// the nominal face to the image, and every region of the nominal layout is
// carried through it.
#pragma once

#include <optional>

#include <opencv2/core/mat.hpp>

#include "vision/face_layout.h"

namespace lockrig::vision {

// The layout of `reference_frame` (8-bit BGR or grey) for a face with
// `led_count` LEDs, in image coordinates; bolt_track_angle_deg carries the
// rotation. None if fewer than two of the four markers are found or the
// markers do not agree on a plausible pose (scale outside 0.5..2).
std::optional<FaceLayout> Calibrate(const cv::Mat& reference_frame, int led_count);

}  // namespace lockrig::vision
