#include "tests/firmware/fake_board.h"

#include <cstring>

namespace lockfw::testing {

int FakeBolt::Direction() const {
  if (drive == hal::MotorDrive::kOff) return 0;
  return drive == extend_polarity ? +1 : -1;
}

bool FakeBolt::Step() {
  const bool ext = AtExtendedLimit(), ret = AtRetractedLimit(), oc = MotorOverCurrent();
  const int dir = Direction();
  bool blocked = dir == 0;
  if (dir > 0 && position >= kTravel) blocked = true;  // pushing into the end stop
  if (dir < 0 && position <= 0) blocked = true;
  if (dir != 0 && clutch_disengaged) {
    blocked = false;  // the motor spins free: no stall, no motion
  } else if (dir != 0 && jam && !blocked) {
    // A misaligned strike stops the bolt going out, not coming back.
    if (dir > 0 && position + dir > jam_at) blocked = true;
  }
  if (dir == 0) {
    stalled_ms = 0;
  } else if (blocked) {
    ++stalled_ms;
  } else {
    stalled_ms = 0;
    if (!clutch_disengaged && ++step_phase >= slowdown) {
      step_phase = 0;
      position += dir;
    }
  }
  return ext != AtExtendedLimit() || ret != AtRetractedLimit() || oc != MotorOverCurrent();
}

hal::NvmStatus RamNvm::Read(uint32_t address, uint8_t* data, uint32_t length) {
  if (address + length > bytes.size()) return hal::NvmStatus::kOutOfRange;
  std::memcpy(data, bytes.data() + address, length);
  return hal::NvmStatus::kOk;
}

hal::NvmStatus RamNvm::Write(uint32_t address, const uint8_t* data, uint32_t length) {
  if (address + length > bytes.size()) return hal::NvmStatus::kOutOfRange;
  ++writes;
  if (cut_after_bytes >= 0) {
    const auto n = static_cast<uint32_t>(cut_after_bytes);
    for (uint32_t i = 0; i < length && i < n; ++i) bytes[address + i] = data[i];
    if (n < length) bytes[address + n] = static_cast<uint8_t>(data[n] ^ 0x5A);  // torn byte
    cut_after_bytes = -1;
    cut_happened = true;
    return hal::NvmStatus::kHardwareError;  // the MCU is dying; nothing after counts
  }
  std::memcpy(bytes.data() + address, data, length);
  return hal::NvmStatus::kOk;
}

Rig::Rig(const char* profile_name, uint32_t nvm_size) : Rig(*FindProfile(profile_name), nvm_size) {}

Rig::Rig(const Profile& profile, uint32_t nvm_size)
    : leds(clock.now, profile.led_count),
      buzzer(clock.now),
      bolt(clock.now),
      nvm(nvm_size),
      profile_(profile),
      board_{clock, contacts, leds, buzzer, bolt, bolt, battery, nvm} {}

void Rig::PowerOn() {
  controller_.reset();
  controller_.emplace(profile_, board_);
  controller_->PowerOn();
  RunDue();
}

void Rig::PowerOff() {
  controller_.reset();
  bolt.Drive(hal::MotorDrive::kOff);
  leds.Show(0, Color::kOff);
  for (uint8_t i = 0; i < leds.count; ++i) leds.Show(i, Color::kOff);
  buzzer.Sound(false);
}

void Rig::BootAndHand() {
  PowerOn();
  Advance(6000);
}

void Rig::RunDue() {
  if (!controller_) return;
  for (int guard = 0; guard < 100; ++guard) {
    Millis at = 0;
    if (!controller_->NextWakeup(&at) || !hal::TimeReached(clock.now, at)) return;
    controller_->Service();
  }
}

void Rig::Advance(Millis ms) {
  const Millis end = clock.now + ms;
  RunDue();
  while (clock.now != end) {
    Millis step = end - clock.now;
    if (bolt.drive != hal::MotorDrive::kOff) {
      step = 1;
    } else if (controller_) {
      Millis at = 0;
      if (controller_->NextWakeup(&at)) {
        const auto delta = static_cast<int32_t>(at - clock.now);
        if (delta <= 0) {
          step = 1;
        } else if (static_cast<Millis>(delta) < step) {
          step = static_cast<Millis>(delta);
        }
      }
    }
    clock.now += step;
    if (bolt.drive != hal::MotorDrive::kOff && bolt.Step() && controller_) {
      controller_->OnBoltSensorsChanged();
    }
    RunDue();
  }
}

void Rig::Edge(Contact c, bool closed) {
  contacts.closed[static_cast<uint8_t>(c)] = closed;
  if (controller_) controller_->OnContactEdge(c);
  // Bounce: the contact chatters, ending at the requested level.
  for (int i = 0; i < bounce_toggles; ++i) {
    Advance(1);
    contacts.closed[static_cast<uint8_t>(c)] = !contacts.closed[static_cast<uint8_t>(c)];
    if (controller_) controller_->OnContactEdge(c);
  }
  if (bounce_toggles % 2 == 1) {
    Advance(1);
    contacts.closed[static_cast<uint8_t>(c)] = closed;
    if (controller_) controller_->OnContactEdge(c);
  }
}

void Rig::Close(Contact c) {
  Edge(c, true);
}
void Rig::Open(Contact c) {
  Edge(c, false);
}

void Rig::Press(Contact c, Millis hold, Millis gap) {
  const Millis start = clock.now;
  Close(c);
  AdvanceTo(start + hold);
  Open(c);
  AdvanceTo(start + hold + gap);
}

Contact Rig::DigitContact(char digit) const {
  return hal::DigitContact(ButtonForDigit(profile_.keypad, static_cast<uint8_t>(digit - '0')));
}

void Rig::PressDigit(char digit, Millis hold, Millis gap) {
  Press(DigitContact(digit), hold, gap);
}

void Rig::Enter(const std::string& keys, Millis hold, Millis gap) {
  for (char k : keys) {
    if (k == ' ') continue;
    if (k == 'P') {
      Press(Contact::kProgram, hold, gap);
    } else if (k == 'L') {
      Press(Contact::kLock, hold, gap);
    } else {
      PressDigit(k, hold, gap);
    }
  }
}

int Rig::BeepsBetween(Millis from, Millis to) const {
  int n = 0;
  for (const auto& e : buzzer.log) {
    if (e.on && hal::TimeReached(e.at, from) && !hal::TimeReached(e.at, to)) ++n;
  }
  return n;
}

Millis Rig::FirstBeepAfter(Millis from) const {
  for (const auto& e : buzzer.log) {
    if (e.on && hal::TimeReached(e.at, from)) return e.at;
  }
  return 0xFFFFFFFFu;
}

Color Rig::LedAt(Millis at, uint8_t led) const {
  Color c = Color::kOff;
  for (const auto& e : leds.log) {
    if (e.led != led) continue;
    if (!hal::TimeReached(at, e.at)) break;
    c = e.color;
  }
  return c;
}

Millis Rig::FirstLedAfter(Millis from, Color color, uint8_t led) const {
  for (const auto& e : leds.log) {
    if (e.led == led && e.color == color && hal::TimeReached(e.at, from)) return e.at;
  }
  return 0xFFFFFFFFu;
}

int Rig::BlinksBetween(Millis from, Millis to, Color color, uint8_t led) const {
  int n = 0;
  for (const auto& e : leds.log) {
    if (e.led == led && e.color == color && hal::TimeReached(e.at, from) &&
        !hal::TimeReached(e.at, to)) {
      ++n;
    }
  }
  return n;
}

bool Rig::MotorRanBetween(Millis from, Millis to) const {
  for (const auto& e : bolt.log) {
    if (e.drive != hal::MotorDrive::kOff && hal::TimeReached(e.at, from) &&
        !hal::TimeReached(e.at, to)) {
      return true;
    }
  }
  return false;
}

Millis Rig::FirstMotorAfter(Millis from) const {
  for (const auto& e : bolt.log) {
    if (e.drive != hal::MotorDrive::kOff && hal::TimeReached(e.at, from)) return e.at;
  }
  return 0xFFFFFFFFu;
}

bool Rig::Quiet(Millis from, Millis to) const {
  if (BeepsBetween(from, to) != 0) return false;
  for (uint8_t led = 0; led < leds.count; ++led) {
    if (LedAt(from, led) != Color::kOff) return false;
    for (const auto& e : leds.log) {
      if (e.led == led && e.color != Color::kOff && hal::TimeReached(e.at, from) &&
          !hal::TimeReached(e.at, to)) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace lockfw::testing
