#include "firmware/core/signal_player.h"

namespace lockfw {
namespace {

using hal::Color;
using hal::Millis;

// State of a pulse train (count pulses of `on` ms every `period` ms) at
// offset `e`: whether it is on, and the offset of its next edge (or
// `none` when it has no more edges).
struct TrainState {
  bool on;
  uint32_t next;
};
constexpr uint32_t kNoEdge = 0xFFFFFFFFu;

TrainState Train(uint32_t e, uint8_t count, uint32_t on, uint32_t period) {
  if (count == 0 || on == 0) return {false, kNoEdge};
  if (period == 0) period = on;  // a single pulse
  const uint32_t i = e / period;
  if (i >= count) return {false, kNoEdge};
  const uint32_t phase = e - i * period;
  if (phase < on) return {true, i * period + on};
  return {false, i + 1 < count ? (i + 1) * period : kNoEdge};
}

constexpr uint32_t kPromptOnMs = 250;
constexpr uint32_t kPromptPeriodMs = 500;
constexpr uint32_t kUnpairedOnMs = 200;
constexpr uint32_t kUnpairedPeriodMs = 5000;
// The first UNPAIRED blink comes this long after the background begins, so
// that it follows a HANDING_OK well within LB-PAIR-2's 5.5 s.
constexpr uint32_t kUnpairedFirstMs = 1000;
constexpr uint32_t kRandomMinMs = 80;
constexpr uint32_t kRandomMaxMs = 300;

}  // namespace

SignalPlayer::SignalPlayer(const Profile& profile, hal::StatusLeds& leds, hal::Buzzer& buzzer)
    : profile_(profile), leds_(leds), buzzer_(buzzer) {}

void SignalPlayer::Reset(Millis now) {
  playing_ = false;
  queue_count_ = 0;
  queue_head_ = 0;
  background_ = Background::kNone;
  background_since_ = now;
  last_end_ = now - kQueueGapMs;
  next_change_.Clear();
  for (auto& d : random_change_) d.Clear();
  // Force every output to a known level: the board may come up in any state.
  const uint8_t n = leds_.Count();
  for (uint8_t i = 0; i < n && i < 4; ++i) {
    leds_.Show(i, Color::kOff);
    shown_[i] = Color::kOff;
  }
  buzzer_.Sound(false);
  sounding_ = false;
}

void SignalPlayer::Trigger(Signal signal, Millis now) {
  TriggerNotBefore(signal, now, now);
}

void SignalPlayer::TriggerNotBefore(Signal signal, Millis now, Millis not_before) {
  if (!Busy() && hal::TimeReached(now, not_before)) {
    Start(signal, now);
    return;
  }
  if (queue_count_ >= kQueueDepth) return;  // cannot happen with the controller's signals
  const uint8_t tail = static_cast<uint8_t>((queue_head_ + queue_count_) % kQueueDepth);
  queue_[tail] = Queued{signal, not_before};
  ++queue_count_;
  Service(now);
}

Millis SignalPlayer::QueueEndsAt(Millis now) const {
  Millis end = playing_ ? started_ + shape_.length_ms : (Busy() ? last_end_ : now);
  for (uint8_t k = 0; k < queue_count_; ++k) {
    const Queued& q = queue_[(queue_head_ + k) % kQueueDepth];
    Millis start = end + kQueueGapMs;
    if (!hal::TimeReached(start, q.not_before)) start = q.not_before;
    end = start + ShapeOf(q.signal, profile_).length_ms;
  }
  return end;
}

void SignalPlayer::SetBackground(Background background, Millis now) {
  if (background == background_) return;
  background_ = background;
  background_since_ = now;
  for (uint8_t i = 0; i < 4; ++i) {
    random_colors_[i] = Color::kOff;
    if (background == Background::kRandom) {
      random_change_[i].Set(now);
    } else {
      random_change_[i].Clear();
    }
  }
  Render(now);
}

void SignalPlayer::Start(Signal signal, Millis now) {
  playing_ = true;
  current_ = signal;
  shape_ = ShapeOf(signal, profile_);
  started_ = now;
  Render(now);
}

void SignalPlayer::Service(Millis now) {
  if (playing_ && hal::TimeReached(now, started_ + shape_.length_ms)) {
    playing_ = false;
    last_end_ = started_ + shape_.length_ms;
    // UNPAIRED restarts its rhythm after each signal, so a blink is never
    // begun under a signal and shown in part when it ends (LB-SIG-5).
    if (background_ == Background::kUnpaired) background_since_ = last_end_;
  }
  if (!playing_ && queue_count_ > 0) {
    const Queued& q = queue_[queue_head_];
    Millis start = last_end_ + kQueueGapMs;
    if (!hal::TimeReached(start, q.not_before)) start = q.not_before;
    if (hal::TimeReached(now, start)) {
      const Signal signal = q.signal;
      queue_head_ = static_cast<uint8_t>((queue_head_ + 1) % kQueueDepth);
      --queue_count_;
      Start(signal, now);
      return;
    }
  }
  Render(now);
}

void SignalPlayer::Render(Millis now) {
  if (playing_) {
    RenderSignal(now);
  } else {
    Sound(false);
    RenderBackground(now);
    if (queue_count_ > 0) {
      const Queued& q = queue_[queue_head_];
      Millis start = last_end_ + kQueueGapMs;
      if (!hal::TimeReached(start, q.not_before)) start = q.not_before;
      Wakeup w(now);
      w.Add(next_change_);
      w.Add(start);
      Millis at = 0;
      w.Get(&at);
      next_change_.Set(at);
    }
  }
}

void SignalPlayer::RenderSignal(Millis now) {
  const uint32_t e = now - started_;
  const TrainState beep = Train(e, shape_.beeps, shape_.beep_ms, shape_.beep_period_ms);
  const TrainState blink = Train(e, shape_.blinks, shape_.blink_on_ms, shape_.blink_period_ms);
  Sound(beep.on);
  if (!blink.on) {
    ShowAll(Color::kOff);
  } else if (shape_.per_led) {
    for (uint8_t i = 0; i < profile_.led_count && i < 4; ++i) Show(i, shape_.colors[i]);
  } else {
    const uint32_t index = shape_.blink_period_ms == 0 ? 0 : e / shape_.blink_period_ms;
    ShowAll(shape_.colors[index % shape_.color_count]);
  }
  uint32_t next = shape_.length_ms;
  if (beep.next < next) next = beep.next;
  if (blink.next < next) next = blink.next;
  next_change_.Set(started_ + next);
}

void SignalPlayer::RenderBackground(Millis now) {
  const uint32_t since = now - background_since_;
  next_change_.Clear();
  switch (background_) {
    case Background::kNone:
      ShowAll(Color::kOff);
      break;
    case Background::kSession:
      ShowAll(Color::kAmber);
      break;
    case Background::kResetArmed:
      ShowAll(Color::kRed);
      break;
    case Background::kPrompt: {
      const uint32_t phase = since % kPromptPeriodMs;
      ShowAll(phase < kPromptOnMs ? Color::kAmber : Color::kOff);
      next_change_.Set(now + (phase < kPromptOnMs ? kPromptOnMs - phase : kPromptPeriodMs - phase));
      break;
    }
    case Background::kUnpaired: {
      // A queued signal is about to play: a blue blink begun now would be
      // cut short by it (LB-SIG-5), so UNPAIRED waits as it does for one
      // that plays (LB-PAIR-1).
      if (queue_count_ > 0) {
        ShowAll(Color::kOff);
        break;
      }
      if (since < kUnpairedFirstMs) {
        ShowAll(Color::kOff);
        next_change_.Set(background_since_ + kUnpairedFirstMs);
        break;
      }
      // Keep the anchor within a period of now, so that the phase stays
      // exact when `now - background_since_` would wrap (after ~49 days).
      background_since_ += (since - kUnpairedFirstMs) / kUnpairedPeriodMs * kUnpairedPeriodMs;
      const uint32_t phase = (now - background_since_ - kUnpairedFirstMs) % kUnpairedPeriodMs;
      ShowAll(phase < kUnpairedOnMs ? Color::kBlue : Color::kOff);
      next_change_.Set(now +
                       (phase < kUnpairedOnMs ? kUnpairedOnMs - phase : kUnpairedPeriodMs - phase));
      break;
    }
    case Background::kRandom: {
      // Each LED keeps its own irregular interval, so they share no period.
      static constexpr Color kChoices[4] = {Color::kRed, Color::kGreen, Color::kAmber, Color::kOff};
      for (uint8_t i = 0; i < profile_.led_count && i < 4; ++i) {
        if (random_change_[i].Due(now)) {
          Color next = random_colors_[i];
          while (next == random_colors_[i]) next = kChoices[prng_.Next() % 4u];
          random_colors_[i] = next;
          random_change_[i].Set(now + prng_.Between(kRandomMinMs, kRandomMaxMs));
        }
        Show(i, random_colors_[i]);
      }
      Wakeup w(now);
      for (const Deadline& d : random_change_) w.Add(d);
      Millis at = 0;
      if (w.Get(&at)) next_change_.Set(at);
      break;
    }
  }
}

void SignalPlayer::ShowAll(Color color) {
  // LB-SIG-4: on fourled every signal colour shows on all four LEDs.
  for (uint8_t i = 0; i < profile_.led_count && i < 4; ++i) Show(i, color);
}

void SignalPlayer::Show(uint8_t led, Color color) {
  if (shown_[led] == color) return;
  shown_[led] = color;
  leds_.Show(led, color);
}

void SignalPlayer::Sound(bool on) {
  if (sounding_ == on) return;
  sounding_ = on;
  buzzer_.Sound(on);
}

void SignalPlayer::AddWakeups(Wakeup& wakeup) const {
  wakeup.Add(next_change_);
}

}  // namespace lockfw
