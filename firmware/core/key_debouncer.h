// Contact debouncing from edge events and timers (LB-KEYPAD-2): the target
// reports every contact edge; the debouncer turns the bouncing level of each
// contact into clean press and release events that carry the *edge* instants
// the spec measures latencies from.
//
// The spec's bounds: a closure shorter than 20 ms never registers; one of
// >= 40 ms registers exactly once, within 30 ms of its press edge, however
// it bounces within 10 ms of either edge. A rule of the form "closed without
// a break for X ms" cannot meet both on a 1 ms clock (a clean 19.9 ms
// closure is stable for ~20 ms, a bounced 40 ms one only from 10 ms to 30 ms
// after its edge), so the press rule has two parts, each with margin:
//  - press: registered at the first instant that is >= kPressDelayMs after
//    the press edge (the first closing edge after a stable open) and at
//    which the contact has been closed without a break for
//    kStableClosedMs. A >= 40 ms closure is closed from <= 10 ms after its
//    edge, so at edge + 25 ms it has been closed for >= 15 ms (>= 14 ms on
//    the 1 ms clock): it registers at edge + 25 ms <= 30 ms. A < 20 ms
//    closure has opened by edge + 20 ms; what follows is release bounce,
//    whose closed stretches last < 10 ms (< 11 ms measured), so it never
//    registers. The 25 ms / 12 ms pair leaves >= 3 ms and >= 1 ms of margin
//    on each side after clock quantisation.
//  - release: registered once the contact has been open without a break for
//    kStableOpenMs (25 ms: an opening < 20 ms, e.g. bounce or a held key's
//    chatter, never registers, LB-KEYPAD-3, LB-RESET-3; one >= 50 ms always
//    does). The reported release edge is the first opening edge after the
//    last stable closed stretch (release bounce does not move it).
#pragma once

#include <stdint.h>

#include "firmware/core/deadline.h"
#include "firmware/hal/lock_board.h"

namespace lockfw {

struct KeyEvent {
  hal::Contact contact;
  bool pressed;      // true: press registered; false: release registered
  hal::Millis edge;  // the press or release edge
};

class KeyDebouncer {
 public:
  static constexpr hal::Millis kPressDelayMs = 25;
  static constexpr hal::Millis kStableClosedMs = 12;
  static constexpr hal::Millis kStableOpenMs = 25;
  static_assert(kPressDelayMs <= 30 - 1, "LB-KEYPAD-2: register within 30 ms of the press edge");
  static_assert(kPressDelayMs >= 20 + 1 + 2, "LB-KEYPAD-2: margin over a 20 ms closure");
  static_assert(kStableClosedMs >= 10 + 1 + 1 && kStableClosedMs <= kPressDelayMs - 10 - 1,
                "LB-KEYPAD-2: bounce stretches (< 10 ms) never count, a bounced 40 ms press does");
  static_assert(kStableOpenMs >= 20 + 1 + 2 && kStableOpenMs < 50,
                "LB-RESET-3: a < 20 ms opening is bounce, a >= 50 ms one a release");

  // Start with the contact levels at power-on: contacts already closed count
  // as pressed, with their press edge at `now` (held at power-on).
  void Reset(hal::Contacts& contacts, hal::Millis now);

  // A contact changed level; `closed` is its level now.
  void OnEdge(hal::Contact contact, bool closed, hal::Millis now);

  // Registers what is due at `now`; writes up to `max` events to `out` in
  // time order of their deadlines, returns how many.
  uint8_t Service(hal::Millis now, hal::Contacts& contacts, KeyEvent* out, uint8_t max);

  // True while the contact is registered as pressed (until its release).
  bool IsDown(hal::Contact contact) const;

  // True while a registered press is open but its release is not yet
  // registered (it may still be bounce). A hold timer that falls due now
  // must wait: the release, if it comes, has its edge before this instant.
  bool ReleasePending(hal::Contact contact) const;

  // True if the contact was held at instant `edge` (a recent instant): its
  // registered press began at or before it and its release, if one is
  // settling, began after it. Judges "another key is held" at a press
  // edge rather than when that press registers (LB-KEYPAD-3).
  bool HeldAt(hal::Contact contact, hal::Millis edge) const;

  void AddWakeups(Wakeup& wakeup) const;

 private:
  enum class State : uint8_t { kUp, kClosing, kDown };
  struct Line {
    State state = State::kUp;
    bool closed = false;
    hal::Millis press_edge = 0;
    bool opening = false;       // down, but opened since the last stable closed stretch
    hal::Millis open_edge = 0;  // first opening edge of that stretch
    Deadline settle;            // when the current level has been stable long enough
  };
  Line lines_[hal::kContactCount];
};

}  // namespace lockfw
