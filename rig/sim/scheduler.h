// The simulated bench's clock and event queue: discrete events in integer
// virtual time (microseconds since the board's power-on). Everything that
// happens on the simulated board (relay contact edges, firmware timers,
// predicted bolt arrivals, power-supply changes) is an event here, so hours
// of virtual time cost only as much as the events in them. Nothing ever
// waits on the wall clock.
//
// Order is fully deterministic: events run by time, and events at the same
// time run in the order they were scheduled. An event may schedule further
// events, including at the current instant; those run after every event
// already queued for that instant.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <utility>

namespace lockrig::sim {

using VirtualMicros = std::int64_t;

// Names one scheduled event so that it can be cancelled. Default-constructed
// handles name nothing.
struct EventHandle {
  VirtualMicros at = 0;
  std::uint64_t sequence = 0;  // 0: no event
  explicit operator bool() const { return sequence != 0; }
};

class Scheduler {
 public:
  using Action = std::function<void()>;

  VirtualMicros Now() const { return now_; }

  // Schedules `action` at `when`. An instant in the past is a programming
  // error of the caller; it is run at Now() instead, never before events
  // already queued for Now(), so time never goes backwards.
  EventHandle At(VirtualMicros when, Action action);
  EventHandle After(VirtualMicros delay, Action action) {
    return At(now_ + delay, std::move(action));
  }

  // Removes a pending event. Returns false if it already ran or was
  // cancelled (cancelling twice is harmless, so owners need not track that).
  bool Cancel(EventHandle& handle);

  // Time of the earliest pending event.
  std::optional<VirtualMicros> NextEventTime() const;

  // Runs the earliest pending event if it is due at or before `until`,
  // advancing Now() to its time. Returns false when there is none.
  bool RunNext(VirtualMicros until);

  // Runs every event due at or before `until`, then sets Now() to `until`.
  // An `until` before Now() runs the events due at Now(); time never goes
  // backwards.
  void RunUntil(VirtualMicros until);

  std::size_t PendingCount() const { return queue_.size(); }

 private:
  using Key = std::pair<VirtualMicros, std::uint64_t>;  // (time, insertion sequence)
  std::map<Key, Action> queue_;
  VirtualMicros now_ = 0;
  std::uint64_t next_sequence_ = 1;
};

}  // namespace lockrig::sim
