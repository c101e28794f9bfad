// Which bench a run drives. Today: the simulated bench, a new board per
// scenario (scenario-format.md, "Bench state at start").
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "rig/bench/bench.h"

namespace lockrig::cli {

// Throws std::invalid_argument for an unknown profile.
std::unique_ptr<Bench> MakeSimBench(const std::string& profile, std::uint64_t seed);

}  // namespace lockrig::cli
