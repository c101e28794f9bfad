// SIGINT and SIGTERM as a request to stop. While a StopSignals lives,
// either signal only sets one flag, which long work polls: the runner
// between slices of bench time (then the bench goes to its safe state and
// the results so far are closed), the flasher while GDB runs (then GDB is
// ended too). The previous handlers come back when it goes.
#pragma once

#include <signal.h>

#include <atomic>

namespace lockrig::cli {

class StopSignals {
 public:
  // Clears the flag and takes over SIGINT and SIGTERM.
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Set once a stop was asked for.
  static std::atomic<bool>& requested();

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

}  // namespace lockrig::cli
