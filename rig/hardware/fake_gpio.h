// A GPIO backend for tests, and its back door: the test's side of the wire.
// It keeps a timestamped log of everything the bench did to the lines
// (request with the level, set, release), lets a test drive the inputs as a
// lock's buzzer would, and can copy the log line by line to a file
// descriptor so that a test in another process (the SIGTERM test) reads what
// happened even after the process died.
//
// Lines are known by LineAddress::Describe(). Every address is accepted
// unless a test lists the lines that exist (SetExistingLines).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rig/hardware/gpio_lines.h"

namespace lockrig::hardware {

struct FakeGpioEvent {
  enum class Kind { kRequestOutput, kRequestInput, kSet, kRelease };
  std::int64_t monotonic_ns = 0;
  Kind kind = Kind::kSet;
  std::string line;   // LineAddress::Describe()
  bool high = false;  // requested or set level (outputs)
};

class FakeGpio final : public GpioBackend {
 public:
  // `now_ns` stamps the log and driven inputs; CLOCK_MONOTONIC by default.
  explicit FakeGpio(std::function<std::int64_t()> now_ns = {});

  std::unique_ptr<GpioLines> Request(const std::string& consumer,
                                     const std::vector<OutputLineRequest>& outputs,
                                     const std::vector<InputLineRequest>& inputs) override;

  // --- the back door ---

  std::vector<FakeGpioEvent> Log() const;
  // The output's physical level now (or when it was released).
  bool OutputHigh(const std::string& line) const;
  bool IsRequested(const std::string& line) const;
  // Drives an input to `high` at `at_ns` (now if negative); queues an edge
  // if the level changes and the line is requested.
  void DriveInput(const std::string& line, bool high, std::int64_t at_ns = -1);
  // Called (outside the fake's lock) after every output write: a test's
  // stand-in for the lock reacting to a key press.
  void OnOutputSet(std::function<void(const std::string& line, bool high)> callback);
  // Only these lines exist; requesting another throws like libgpiod does.
  void SetExistingLines(std::set<std::string> lines);
  // Copies every log entry to `fd` as one text line ("<ns> set <line> 1").
  void MirrorLogTo(int fd) { mirror_fd_ = fd; }
  std::int64_t NowNs() const { return now_ns_(); }

 private:
  friend class FakeGpioLines;
  void Append(FakeGpioEvent::Kind kind, const std::string& line, bool high);

  std::function<std::int64_t()> now_ns_;
  mutable std::mutex mutex_;
  std::vector<FakeGpioEvent> log_;
  std::map<std::string, bool> outputs_;  // physical level
  std::map<std::string, bool> inputs_;   // physical level
  std::set<std::string> requested_;
  std::optional<std::set<std::string>> existing_;
  // Edges queued per requested input line, as the kernel would.
  std::map<std::string, std::vector<std::pair<std::int64_t, bool>>> queued_;
  std::function<void(const std::string&, bool)> on_output_set_;
  int mirror_fd_ = -1;
};

}  // namespace lockrig::hardware
