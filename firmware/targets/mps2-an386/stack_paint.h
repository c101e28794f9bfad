// The pattern Reset_Handler paints the free stack with, so that the deepest
// stack use of a run can be read back (StackHighWaterBytes in board.h).
#pragma once

#include <stdint.h>

namespace lockfw::mps2 {

inline constexpr uint32_t kStackPaint = 0x5AC6A5E1u;

}  // namespace lockfw::mps2
