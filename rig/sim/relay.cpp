#include "rig/sim/relay.h"

#include <utility>

namespace lockrig::sim {

Relay::Relay(std::string name, Scheduler& scheduler, SeededRandom random, RelayTiming timing,
             bool normally_closed, std::function<void(bool closed)> on_contact)
    : name_(std::move(name)),
      scheduler_(scheduler),
      random_(random),
      timing_(timing),
      normally_closed_(normally_closed),
      on_contact_(std::move(on_contact)),
      operate_us_(random_.UniformInt(timing.operate_min_us, timing.operate_max_us)),
      release_us_(random_.UniformInt(timing.release_min_us, timing.release_max_us)),
      contact_closed_(normally_closed) {}

Relay::~Relay() {
  for (EventHandle& handle : pending_) scheduler_.Cancel(handle);
}

VirtualMicros Relay::Command(bool energised) {
  energised_ = energised;
  for (EventHandle& handle : pending_) scheduler_.Cancel(handle);
  pending_.clear();

  const VirtualMicros nominal = energised ? operate_us_ : release_us_;
  const VirtualMicros edge =
      scheduler_.Now() + nominal + random_.UniformInt(-timing_.jitter_us, timing_.jitter_us);
  const bool target = energised != normally_closed_;
  // With the pending events cancelled the contact stays where it is until the
  // edge; if that is already the target there is no edge and no bounce.
  if (target == contact_closed_) return edge;

  pending_.push_back(scheduler_.At(edge, [this, target] { SetContact(target); }));
  if (timing_.bounce) {
    const int bounces = static_cast<int>(random_.UniformInt(0, timing_.max_bounces));
    // Spread the reversals over the window in order, each one brief; each
    // gets an equal slot so that the last one ends inside the window.
    constexpr VirtualMicros kMaxWidth = 300;
    const VirtualMicros slot =
        timing_.max_bounces > 0 ? timing_.bounce_window_us / timing_.max_bounces - kMaxWidth : 0;
    VirtualMicros at = edge;
    for (int i = 0; i < bounces; ++i) {
      at += random_.UniformInt(50, slot);
      const VirtualMicros width = random_.UniformInt(30, kMaxWidth);
      pending_.push_back(scheduler_.At(at, [this, target] { SetContact(!target); }));
      pending_.push_back(scheduler_.At(at + width, [this, target] { SetContact(target); }));
      at += width;
    }
  }
  return edge;
}

void Relay::SetContact(bool closed) {
  if (closed == contact_closed_) return;
  contact_closed_ = closed;
  on_contact_(closed);
}

}  // namespace lockrig::sim
