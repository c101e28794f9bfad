#include "rig/cli/stop_signals.h"

namespace lockrig::cli {

namespace {
std::atomic<bool> g_requested{false};

extern "C" void OnStopSignal(int) {
  g_requested.store(true);
}
}  // namespace

StopSignals::StopSignals() {
  g_requested.store(false);
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &old_int_);
  sigaction(SIGTERM, &action, &old_term_);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
}

std::atomic<bool>& StopSignals::requested() {
  return g_requested;
}

}  // namespace lockrig::cli
