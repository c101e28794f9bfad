#include "rig/hardware/fake_gpio.h"

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace lockrig::hardware {

namespace {

std::int64_t MonotonicNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

const char* KindName(FakeGpioEvent::Kind kind) {
  switch (kind) {
    case FakeGpioEvent::Kind::kRequestOutput:
      return "request-output";
    case FakeGpioEvent::Kind::kRequestInput:
      return "request-input";
    case FakeGpioEvent::Kind::kSet:
      return "set";
    case FakeGpioEvent::Kind::kRelease:
      return "release";
  }
  return "?";
}

}  // namespace

class FakeGpioLines final : public GpioLines {
 public:
  FakeGpioLines(FakeGpio& gpio, std::vector<OutputLineRequest> outputs,
                std::vector<InputLineRequest> inputs)
      : gpio_(gpio), outputs_(std::move(outputs)), inputs_(std::move(inputs)) {}

  // As the real adapter: safe levels, then release.
  ~FakeGpioLines() override {
    for (const auto& output : outputs_) Write(output.address.Describe(), output.safe_high);
    std::lock_guard lock(gpio_.mutex_);
    for (const auto& output : outputs_) Release(output.address.Describe());
    for (const auto& input : inputs_) Release(input.address.Describe());
  }

  void SetOutput(std::size_t output, bool high) override {
    Write(outputs_.at(output).address.Describe(), high);
  }

  bool ReadInput(std::size_t input) override {
    std::lock_guard lock(gpio_.mutex_);
    return gpio_.inputs_[inputs_.at(input).address.Describe()];
  }

  std::vector<RawEdge> TakeEdges() override {
    std::vector<RawEdge> edges;
    std::lock_guard lock(gpio_.mutex_);
    for (std::size_t i = 0; i < inputs_.size(); ++i) {
      auto& queue = gpio_.queued_[inputs_[i].address.Describe()];
      for (const auto& [ns, high] : queue) edges.push_back({i, ns, high});
      queue.clear();
    }
    std::stable_sort(edges.begin(), edges.end(), [](const RawEdge& a, const RawEdge& b) {
      return a.monotonic_ns < b.monotonic_ns;
    });
    return edges;
  }

 private:
  void Write(const std::string& line, bool high) {
    std::function<void(const std::string&, bool)> callback;
    {
      std::lock_guard lock(gpio_.mutex_);
      gpio_.outputs_[line] = high;
      gpio_.Append(FakeGpioEvent::Kind::kSet, line, high);
      callback = gpio_.on_output_set_;
    }
    if (callback) callback(line, high);
  }

  void Release(const std::string& line) {
    gpio_.requested_.erase(line);
    gpio_.queued_.erase(line);
    gpio_.Append(FakeGpioEvent::Kind::kRelease, line, gpio_.outputs_[line]);
  }

  FakeGpio& gpio_;
  std::vector<OutputLineRequest> outputs_;
  std::vector<InputLineRequest> inputs_;
};

FakeGpio::FakeGpio(std::function<std::int64_t()> now_ns)
    : now_ns_(now_ns ? std::move(now_ns) : std::function<std::int64_t()>(MonotonicNs)) {}

void FakeGpio::Append(FakeGpioEvent::Kind kind, const std::string& line, bool high) {
  log_.push_back({now_ns_(), kind, line, high});
  if (mirror_fd_ >= 0) {
    const std::string text = std::to_string(log_.back().monotonic_ns) + " " + KindName(kind) + " " +
                             line + " " + (high ? "1" : "0") + "\n";
    // One write(2) per entry: what reached the pipe survives a kill.
    (void)!::write(mirror_fd_, text.data(), text.size());
  }
}

std::unique_ptr<GpioLines> FakeGpio::Request(const std::string& /*consumer*/,
                                             const std::vector<OutputLineRequest>& outputs,
                                             const std::vector<InputLineRequest>& inputs) {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  for (const auto& o : outputs) names.push_back(o.address.Describe());
  for (const auto& i : inputs) names.push_back(i.address.Describe());
  for (const auto& name : names) {
    if (existing_ && !existing_->count(name))
      throw std::runtime_error(name + ": no such GPIO line");
    if (requested_.count(name)) throw std::runtime_error(name + ": in use by 'lockrig'");
  }
  for (const auto& o : outputs) {
    const std::string name = o.address.Describe();
    requested_.insert(name);
    outputs_[name] = o.safe_high;
    Append(FakeGpioEvent::Kind::kRequestOutput, name, o.safe_high);
  }
  for (const auto& i : inputs) {
    const std::string name = i.address.Describe();
    requested_.insert(name);
    // An undriven input with a bias rests at the pull's level.
    if (!inputs_.count(name)) inputs_[name] = i.bias == Bias::kPullUp;
    queued_[name].clear();
    Append(FakeGpioEvent::Kind::kRequestInput, name, inputs_[name]);
  }
  return std::make_unique<FakeGpioLines>(*this, outputs, inputs);
}

std::vector<FakeGpioEvent> FakeGpio::Log() const {
  std::lock_guard lock(mutex_);
  return log_;
}

bool FakeGpio::OutputHigh(const std::string& line) const {
  std::lock_guard lock(mutex_);
  const auto it = outputs_.find(line);
  if (it == outputs_.end()) throw std::invalid_argument("fake GPIO: no output " + line);
  return it->second;
}

bool FakeGpio::IsRequested(const std::string& line) const {
  std::lock_guard lock(mutex_);
  return requested_.count(line) > 0;
}

void FakeGpio::DriveInput(const std::string& line, bool high, std::int64_t at_ns) {
  std::lock_guard lock(mutex_);
  const bool before = inputs_.count(line) ? inputs_[line] : false;
  inputs_[line] = high;
  if (before != high && requested_.count(line)) {
    queued_[line].emplace_back(at_ns < 0 ? now_ns_() : at_ns, high);
  }
}

void FakeGpio::OnOutputSet(std::function<void(const std::string&, bool)> callback) {
  std::lock_guard lock(mutex_);
  on_output_set_ = std::move(callback);
}

void FakeGpio::SetExistingLines(std::set<std::string> lines) {
  std::lock_guard lock(mutex_);
  existing_ = std::move(lines);
}

}  // namespace lockrig::hardware
