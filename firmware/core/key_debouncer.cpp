#include "firmware/core/key_debouncer.h"

namespace lockfw {

void KeyDebouncer::Reset(hal::Contacts& contacts, hal::Millis now) {
  for (uint8_t i = 0; i < hal::kContactCount; ++i) {
    Line& line = lines_[i];
    line = Line{};
    line.closed = contacts.IsClosed(static_cast<hal::Contact>(i));
    if (line.closed) {
      line.state = State::kDown;
      line.press_edge = now;
    }
  }
}

void KeyDebouncer::OnEdge(hal::Contact contact, bool closed, hal::Millis now) {
  const auto index = static_cast<uint8_t>(contact);
  if (index >= hal::kContactCount) return;
  Line& line = lines_[index];
  if (line.closed == closed) return;  // a repeated report of the same level
  line.closed = closed;
  switch (line.state) {
    case State::kUp:
      if (closed) {
        line.state = State::kClosing;
        line.press_edge = now;
        line.settle.Set(now + kPressDelayMs);
      }
      break;
    case State::kClosing:
      if (closed) {
        // Every break restarts the stable-closed stretch, but registration
        // never comes before press edge + kPressDelayMs.
        const hal::Millis earliest = line.press_edge + kPressDelayMs;
        const hal::Millis stable = now + kStableClosedMs;
        line.settle.Set(hal::TimeReached(earliest, stable) ? earliest : stable);
      } else {
        // While open, wait for the contact to settle open, then forget the closing.
        line.settle.Set(now + kStableOpenMs);
      }
      break;
    case State::kDown:
      if (closed) {
        // A bounce or a short opening: still held. Once closed for a stable
        // stretch again, the opening is forgotten (see Service()).
        line.settle.Set(now + kStableClosedMs);
      } else {
        // The release edge is the first opening of the final open stretch,
        // not the last bounce of it.
        if (!line.opening) line.open_edge = now;
        line.opening = true;
        line.settle.Set(now + kStableOpenMs);
      }
      break;
  }
}

uint8_t KeyDebouncer::Service(hal::Millis now, hal::Contacts& contacts, KeyEvent* out,
                              uint8_t max) {
  uint8_t count = 0;
  for (uint8_t i = 0; i < hal::kContactCount && count < max; ++i) {
    Line& line = lines_[i];
    if (!line.settle.Due(now)) continue;
    line.settle.Clear();
    const auto contact = static_cast<hal::Contact>(i);
    // Trust the level read now over an edge that might have been missed.
    const bool closed = contacts.IsClosed(contact);
    if (closed != line.closed) {
      OnEdge(contact, closed, now);
      continue;
    }
    if (line.state == State::kClosing) {
      if (closed) {
        line.state = State::kDown;
        out[count++] = KeyEvent{contact, true, line.press_edge};
      } else {
        line.state = State::kUp;  // shorter than a press: never registered
      }
    } else if (line.state == State::kDown && !closed) {
      line.state = State::kUp;
      line.opening = false;
      out[count++] = KeyEvent{contact, false, line.open_edge};
    } else if (line.state == State::kDown) {
      line.opening = false;  // closed again for a stable stretch: still held
    }
  }
  return count;
}

bool KeyDebouncer::ReleasePending(hal::Contact contact) const {
  const auto index = static_cast<uint8_t>(contact);
  return index < hal::kContactCount && lines_[index].state == State::kDown && !lines_[index].closed;
}

bool KeyDebouncer::HeldAt(hal::Contact contact, hal::Millis edge) const {
  const auto index = static_cast<uint8_t>(contact);
  if (index >= hal::kContactCount) return false;
  const Line& line = lines_[index];
  if (line.state != State::kDown || !hal::TimeReached(edge, line.press_edge)) return false;
  return !line.opening || !hal::TimeReached(edge, line.open_edge);
}

bool KeyDebouncer::IsDown(hal::Contact contact) const {
  const auto index = static_cast<uint8_t>(contact);
  return index < hal::kContactCount && lines_[index].state == State::kDown;
}

void KeyDebouncer::AddWakeups(Wakeup& wakeup) const {
  for (const Line& line : lines_) wakeup.Add(line.settle);
}

}  // namespace lockfw
