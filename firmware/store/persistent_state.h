// The lock's persistent state (spec section 2, left column): what survives
// power cuts and is erased only by a factory reset or a store fallback. A
// plain value; the code store makes its updates atomic.
#pragma once

#include <stdint.h>

#include "firmware/core/code.h"
#include "firmware/core/profile.h"
#include "firmware/hal/lock_board.h"

namespace lockfw::store {

struct PersistentState {
  // User code slots; an empty code is an unused slot. On a two-slot profile
  // slot 0 is the primary and slot 1 the secondary code.
  Code users[kMaxUserCodes];
  Code master;  // empty: no master set
  bool handing_learned = false;
  hal::MotorDrive extend_polarity = hal::MotorDrive::kPolarityA;
  bool autolock_on = false;
  bool paired = false;  // halo hub / Wi-Fi pairing flag
};

}  // namespace lockfw::store
