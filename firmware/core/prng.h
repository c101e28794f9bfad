// A small deterministic pseudo-random generator (xorshift32) for the fourled
// RANDOM pattern: irregular-looking, reproducible for a given seed, no state
// beyond one word, no library.
#pragma once

#include <stdint.h>

namespace lockfw {

class Prng {
 public:
  explicit Prng(uint32_t seed = 0x2545F491u) : state_(seed != 0 ? seed : 1u) {}
  uint32_t Next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }
  // Uniform enough in [lo, hi] for a light show.
  uint32_t Between(uint32_t lo, uint32_t hi) { return lo + Next() % (hi - lo + 1u); }

 private:
  uint32_t state_;
};

}  // namespace lockfw
