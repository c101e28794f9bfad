#include "rig/hardware/gpiod_lines.h"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <system_error>

#include <gpiod.hpp>

namespace lockrig::hardware {

gpiod::line FindGpiodLine(const LineAddress& address) {
  gpiod::line line;
  try {
    if (address.offset) {
      gpiod::chip chip(address.chip.empty() ? "gpiochip0" : address.chip);
      if (*address.offset >= chip.num_lines()) {
        throw std::runtime_error(address.Describe() + ": " + chip.name() + " has only " +
                                 std::to_string(chip.num_lines()) + " lines");
      }
      line = chip.get_line(*address.offset);
    } else if (!address.chip.empty()) {
      line = gpiod::chip(address.chip).find_line(address.name);
    } else {
      line = gpiod::find_line(address.name);
    }
  } catch (const std::system_error& e) {
    throw std::runtime_error(address.Describe() + ": " + e.what());
  }
  if (!line) throw std::runtime_error(address.Describe() + ": no such GPIO line");
  return line;
}

namespace {

std::int64_t ClockNs(clockid_t id) {
  timespec ts{};
  clock_gettime(id, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

gpiod::line Find(const LineAddress& address) {
  gpiod::line line = FindGpiodLine(address);
  if (line.is_used()) {
    throw std::runtime_error(address.Describe() + ": in use by '" + line.consumer() + "'");
  }
  return line;
}

std::bitset<32> BiasFlags(Bias bias) {
  switch (bias) {
    case Bias::kDisable:
      return gpiod::line_request::FLAG_BIAS_DISABLE;
    case Bias::kPullUp:
      return gpiod::line_request::FLAG_BIAS_PULL_UP;
    case Bias::kPullDown:
      return gpiod::line_request::FLAG_BIAS_PULL_DOWN;
    case Bias::kAsIs:
      break;
  }
  return {};
}

class GpiodLines final : public GpioLines {
 public:
  // Safe levels first, then release: a relay must not be left energised by
  // this process ending normally or by exception. (If the process dies, the
  // kernel releases the lines as they are; see the README.)
  ~GpiodLines() override {
    for (std::size_t i = 0; i < outputs_.size(); ++i) {
      try {
        outputs_[i].set_value(safe_[i] ? 1 : 0);
      } catch (...) {
      }
    }
    for (auto& line : outputs_) {
      try {
        line.release();
      } catch (...) {
      }
    }
    for (auto& line : inputs_) {
      try {
        line.release();
      } catch (...) {
      }
    }
  }

  void AddOutput(const std::string& consumer, const OutputLineRequest& request) {
    gpiod::line line = Find(request.address);
    try {
      line.request({consumer, gpiod::line_request::DIRECTION_OUTPUT, 0}, request.safe_high ? 1 : 0);
    } catch (const std::system_error& e) {
      throw std::runtime_error(request.address.Describe() +
                               ": cannot request as output: " + e.what());
    }
    outputs_.push_back(line);
    safe_.push_back(request.safe_high);
  }

  void AddInput(const std::string& consumer, const InputLineRequest& request) {
    gpiod::line line = Find(request.address);
    try {
      line.request({consumer, gpiod::line_request::EVENT_BOTH_EDGES, BiasFlags(request.bias)});
    } catch (const std::system_error& e) {
      throw std::runtime_error(request.address.Describe() +
                               ": cannot request for edge events: " + e.what());
    }
    inputs_.push_back(line);
  }

  void SetOutput(std::size_t output, bool high) override {
    try {
      outputs_.at(output).set_value(high ? 1 : 0);
    } catch (const std::system_error& e) {
      throw std::runtime_error(std::string("cannot set GPIO output: ") + e.what());
    }
  }

  bool ReadInput(std::size_t input) override { return inputs_.at(input).get_value() != 0; }

  std::vector<RawEdge> TakeEdges() override {
    std::vector<RawEdge> edges;
    // The kernel stamps events with CLOCK_MONOTONIC since Linux 5.7 and with
    // CLOCK_REALTIME before; whichever clock the stamp is nearer to now is
    // the one it was taken on (the two differ by decades).
    const std::int64_t mono_now = ClockNs(CLOCK_MONOTONIC);
    const std::int64_t real_now = ClockNs(CLOCK_REALTIME);
    for (std::size_t i = 0; i < inputs_.size(); ++i) {
      // Drain without waiting; the kernel keeps 16 events per line (v1 uAPI),
      // plenty for a buzzer envelope read every few milliseconds.
      while (inputs_[i].event_wait(std::chrono::nanoseconds(0))) {
        const gpiod::line_event event = inputs_[i].event_read();
        std::int64_t ns = event.timestamp.count();
        if (std::llabs(ns - real_now) < std::llabs(ns - mono_now)) ns -= real_now - mono_now;
        edges.push_back({i, ns, event.event_type == gpiod::line_event::RISING_EDGE});
      }
    }
    std::stable_sort(edges.begin(), edges.end(), [](const RawEdge& a, const RawEdge& b) {
      return a.monotonic_ns < b.monotonic_ns;
    });
    return edges;
  }

 private:
  std::vector<gpiod::line> outputs_;
  std::vector<bool> safe_;
  std::vector<gpiod::line> inputs_;
};

}  // namespace

std::unique_ptr<GpioLines> GpiodBackend::Request(const std::string& consumer,
                                                 const std::vector<OutputLineRequest>& outputs,
                                                 const std::vector<InputLineRequest>& inputs) {
  // Built up in place: if a later line fails, the destructor makes the
  // earlier ones safe and releases them.
  auto lines = std::make_unique<GpiodLines>();
  for (const auto& output : outputs) lines->AddOutput(consumer, output);
  for (const auto& input : inputs) lines->AddInput(consumer, input);
  return lines;
}

}  // namespace lockrig::hardware
