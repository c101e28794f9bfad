// A small seeded random source for the simulated bench: relay timing spread,
// contact bounce and any other modelled randomness. It is defined here (a
// splitmix64 generator and our own range mapping) rather than taken from
// <random> because the standard distributions are implementation-defined:
// the same seed must give the same bench on every compiler and library.
#pragma once

#include <cstdint>
#include <string_view>

namespace lockrig::sim {

class SeededRandom {
 public:
  explicit SeededRandom(std::uint64_t seed) : state_(seed) {}

  // An independent stream for one named part of the board. Deriving streams
  // by name (not by drawing from a shared generator) keeps each part's
  // sequence unchanged when another part is added or used more often.
  static SeededRandom ForPart(std::uint64_t seed, std::string_view part) {
    std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a over the part name
    for (char c : part) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001b3ULL;
    }
    return SeededRandom(Mix(seed ^ Mix(h)));
  }

  std::uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return Mix(state_);
  }

  // Uniform in [lo, hi] (inclusive); lo when hi <= lo.
  std::int64_t UniformInt(std::int64_t lo, std::int64_t hi) {
    if (hi <= lo) return lo;
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<std::int64_t>(Next() % span);  // bias is negligible for our spans
  }

  // Uniform in [0, 1).
  double UniformUnit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

 private:
  static std::uint64_t Mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  std::uint64_t state_;
};

}  // namespace lockrig::sim
