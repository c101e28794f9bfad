// Contact debouncing from edge events and timers (LB-KEYPAD-2): the target
// reports every contact edge; the debouncer turns the bouncing level of each
// contact into clean press and release events that carry the *edge* instants
// the spec measures latencies from.
//
// Rules, for a contact whose bounce lasts at most 10 ms at either edge:
//  - press: registered once the contact has been closed without a break for
//    kStableClosedMs. A closure shorter than 20 ms has no closed stretch that
//    long (its release bounce also ends within 10 ms), so it never registers;
//    a closure of >= 40 ms is closed without a break from <= 10 ms after its
//    press edge, so it registers by 30 ms after it, exactly once.
//    The reported press edge is the first closing edge after a stable open.
//  - release: registered once the contact has been open without a break for
//    kStableOpenMs; the reported release edge is the first opening edge
//    after the last stable closed stretch (release bounce does not move it). Openings shorter than
//    that (bounce, < 20 ms) are ignored, so a held key registers once (LB-KEYPAD-3).
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
  static constexpr hal::Millis kStableClosedMs = 20;
  static constexpr hal::Millis kStableOpenMs = 20;

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
