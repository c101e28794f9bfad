// The `lockrig` command line: run, validate and list, as a library so tests
// and the executable share it (main.cpp only calls RealMain).
#pragma once

namespace lockrig::cli {

inline constexpr int kExitPassed = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitError = 2;
inline constexpr int kExitUsage = 64;

int RealMain(int argc, char** argv);

}  // namespace lockrig::cli
