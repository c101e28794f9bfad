#include "rig/sim/scheduler.h"

namespace lockrig::sim {

EventHandle Scheduler::At(VirtualMicros when, Action action) {
  // Clamped, not rejected: a model asking for "as soon as possible" with a
  // stale time must still never move time backwards.
  if (when < now_) when = now_;
  const EventHandle handle{when, next_sequence_++};
  queue_.emplace(Key{handle.at, handle.sequence}, std::move(action));
  return handle;
}

bool Scheduler::Cancel(EventHandle& handle) {
  if (!handle) return false;
  const bool removed = queue_.erase(Key{handle.at, handle.sequence}) > 0;
  handle = EventHandle{};
  return removed;
}

std::optional<VirtualMicros> Scheduler::NextEventTime() const {
  if (queue_.empty()) return std::nullopt;
  return queue_.begin()->first.first;
}

bool Scheduler::RunNext(VirtualMicros until) {
  if (queue_.empty()) return false;
  auto first = queue_.begin();
  if (first->first.first > until) return false;
  now_ = first->first.first;
  // Take the action out before running it: it may schedule or cancel events.
  Action action = std::move(first->second);
  queue_.erase(first);
  action();
  return true;
}

void Scheduler::RunUntil(VirtualMicros until) {
  // Asked for an instant already past, run what is due now.
  if (until < now_) until = now_;
  while (RunNext(until)) {
  }
  if (until > now_) now_ = until;
}

}  // namespace lockrig::sim
