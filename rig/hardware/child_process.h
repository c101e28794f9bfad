// Running a helper program (the GDB that flashes the lock's MCU) from the
// rig: no shell, its stdout and stderr captured together in the order it
// wrote them, a deadline after which it and everything it started are
// killed, and a stop flag (Ctrl-C, SIGTERM of `lockrig run`) that ends it
// early. The child runs in a process group of its own, so a terminal's
// Ctrl-C reaches lockrig, which decides, and not the helper directly.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

namespace lockrig::hardware {

struct ChildRun {
  enum class End { kExited, kSignalled, kTimedOut, kStopped };
  End end = End::kExited;
  int exit_code = -1;  // kExited: the exit status; kSignalled: the signal
  std::string output;  // stdout and stderr, interleaved as written
  std::chrono::milliseconds took{0};
};

// Runs argv[0] (searched on PATH) with `argv`, stdin from /dev/null.
// Throws std::runtime_error, naming the program, when it cannot be started
// (not installed, not executable).
ChildRun RunChild(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                  const std::atomic<bool>* stop = nullptr);

}  // namespace lockrig::hardware
