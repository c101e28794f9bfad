// Plays the feedback signals on the status LED(s) and the buzzer, one at a
// time, and shows the steady background between them (LB-SIG-1..5):
//  - a signal triggered while none plays starts at once;
//  - one triggered while another plays (or waits) is queued and starts
//    kQueueGapMs after the previous one ends, never cutting it short;
//  - between signals the LEDs show the background the controller sets
//    (SESSION, PROMPT, RESET_ARMED, RANDOM, UNPAIRED or off), and the
//    buzzer is silent.
// The player never blocks and never delays anything else: it only owns the
// LED and buzzer outputs.
#pragma once

#include <stdint.h>

#include "firmware/core/deadline.h"
#include "firmware/core/prng.h"
#include "firmware/core/profile.h"
#include "firmware/core/signal.h"
#include "firmware/hal/lock_board.h"

namespace lockfw {

enum class Background : uint8_t {
  kNone,        // LEDs off
  kSession,     // amber steady
  kPrompt,      // amber blinking
  kResetArmed,  // red steady
  kRandom,      // fourled: each LED switches irregularly among red/green/amber/off
  kUnpaired,    // halo: blue 200 ms every 5.0 s
};

class SignalPlayer {
 public:
  static constexpr hal::Millis kQueueGapMs = 300;
  static constexpr uint8_t kQueueDepth = 6;

  SignalPlayer(const Profile& profile, hal::StatusLeds& leds, hal::Buzzer& buzzer);

  // Everything off, nothing queued (power-on).
  void Reset(hal::Millis now);

  void Trigger(Signal signal, hal::Millis now);
  // As Trigger, but the signal starts no earlier than `not_before`.
  void TriggerNotBefore(Signal signal, hal::Millis now, hal::Millis not_before);

  void SetBackground(Background background, hal::Millis now);
  Background background() const { return background_; }

  void Service(hal::Millis now);
  void AddWakeups(Wakeup& wakeup) const;

  // True while a signal plays or waits in the queue.
  bool Busy() const { return playing_ || queue_count_ > 0; }
  // The instant the last signal played or queued ends (as if played in turn).
  hal::Millis QueueEndsAt(hal::Millis now) const;

 private:
  struct Queued {
    Signal signal;
    hal::Millis not_before;
  };

  void Start(Signal signal, hal::Millis now);
  void Render(hal::Millis now);
  void RenderSignal(hal::Millis now);
  void RenderBackground(hal::Millis now);
  void ShowAll(hal::Color color);
  void Show(uint8_t led, hal::Color color);
  void Sound(bool on);

  const Profile& profile_;
  hal::StatusLeds& leds_;
  hal::Buzzer& buzzer_;

  bool playing_ = false;
  Signal current_ = Signal::kBoot;
  SignalShape shape_{};
  hal::Millis started_ = 0;
  hal::Millis last_end_ = 0;
  Queued queue_[kQueueDepth] = {};
  uint8_t queue_head_ = 0;
  uint8_t queue_count_ = 0;

  Background background_ = Background::kNone;
  hal::Millis background_since_ = 0;
  Prng prng_;
  hal::Color random_colors_[4] = {};
  Deadline random_change_[4];

  Deadline next_change_;  // the next edge of the signal or background being shown
  hal::Color shown_[4] = {};
  bool sounding_ = false;
};

}  // namespace lockfw
