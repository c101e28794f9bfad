// Judges expectation conditions (`bolt`, `led`, `leds`, `beeps`, `beep`,
// `quiet`) on the timeline, the way scenario-format.md defines them: counts
// start at the window start, and a condition holds at an instant when every
// key it names holds at that same instant. Also says, in a test engineer's
// words, what was seen instead when an expectation fails.
#pragma once

#include <optional>
#include <string>

#include "rig/engine/timeline.h"
#include "rig/scenario/scenario.h"

namespace lockrig {

// A tone shorter than this is a short beep; one that lasts it is `beep: long`.
inline constexpr Timestamp kLongBeep = std::chrono::seconds(1);

class ConditionJudge {
 public:
  explicit ConditionJudge(const Timeline& timeline) : timeline_(timeline) {}

  // Whether `condition` holds at `t`, with counts from `window_start`.
  bool Holds(const scenario::Condition& condition, Timestamp window_start, Timestamp t) const;

  // The earliest instant in [from, to] at which it holds, checking every
  // instant the timeline can change at (frames, buzzer edges).
  std::optional<Timestamp> FirstHolding(const scenario::Condition& condition,
                                        Timestamp window_start, Timestamp from, Timestamp to) const;

  // What the timeline showed over [window_start, t]: "bolt stayed extended;
  // LED red, 3 red blinks; 3 short beeps".
  std::string DescribeSeen(Timestamp window_start, Timestamp t) const;

  // Counts used by the conditions, exposed for messages and tests.
  int ShortBeeps(Timestamp window_start, Timestamp t) const;
  int LongBeeps(Timestamp window_start, Timestamp t) const;
  // On-phases of `color` on the status LED (all LEDs at once on multi-LED
  // models) starting at or after `window_start`.
  int Blinks(vision::LedColor color, Timestamp window_start, Timestamp t) const;

 private:
  bool LedShows(const FaceSample& sample, vision::LedColor color) const;
  bool LooksRandom(Timestamp window_start, Timestamp t) const;

  const Timeline& timeline_;
};

// The condition in the scenario's words: "bolt retracted, LED green".
std::string Describe(const scenario::Condition& condition);

}  // namespace lockrig
