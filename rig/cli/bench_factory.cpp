#include "rig/cli/bench_factory.h"

#include "rig/sim/sim_bench.h"

namespace lockrig::cli {

std::unique_ptr<Bench> MakeSimBench(const std::string& profile, std::uint64_t seed) {
  sim::SimBenchOptions options;
  options.profile = profile;
  options.seed = seed;
  return std::make_unique<sim::SimBench>(options);
}

}  // namespace lockrig::cli
