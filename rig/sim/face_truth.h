// What is really in front of the camera: the board's LEDs and bolt at one
// instant, in the camera's terms (vision::LedColor). The simulated bench
// renders frames from it and the oracle reports it, so both agree by
// construction.
#pragma once

#include "firmware/hal/lock_board.h"
#include "rig/sim/scheduler.h"
#include "rig/sim/virtual_board.h"
#include "rig/sim/virtual_camera.h"
#include "vision/led_color.h"

namespace lockrig::sim {

vision::LedColor SeenAs(lockfw::hal::Color color);

FaceTruth TruthAt(const VirtualBoard& board, VirtualMicros at);

// The same, into `truth`, reusing its storage: the bench fills one truth per
// frame and should not allocate to do it.
void FillTruth(const VirtualBoard& board, VirtualMicros at, FaceTruth& truth);

}  // namespace lockrig::sim
