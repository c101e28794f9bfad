#include "rig/engine/condition_judge.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace lockrig {

using scenario::Condition;
using scenario::Count;
using vision::BoltState;
using vision::LedColor;

namespace {

// Duration of a pulse as known at `t` (a pulse still sounding counts up to t).
Timestamp LengthAt(const BuzzerPulse& p, Timestamp t) {
  if (p.off && *p.off <= t) return *p.off - p.on;
  return t - p.on;
}

std::string CountText(const Count& c) {
  switch (c.op) {
    case Count::Op::kAtLeast:
      return ">=" + std::to_string(c.value);
    case Count::Op::kAtMost:
      return "<=" + std::to_string(c.value);
    case Count::Op::kEqual:
      break;
  }
  return std::to_string(c.value);
}

std::string Plural(int n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

bool ConditionJudge::LedShows(const FaceSample& s, LedColor color) const {
  if (s.leds.empty()) return false;
  return std::all_of(s.leds.begin(), s.leds.end(), [color](LedColor c) { return c == color; });
}

int ConditionJudge::ShortBeeps(Timestamp ws, Timestamp t) const {
  int n = 0;
  for (const auto& p : timeline_.pulses()) {
    if (p.on < ws || p.on > t) continue;
    if (LengthAt(p, t) < kLongBeep) ++n;
  }
  return n;
}

int ConditionJudge::LongBeeps(Timestamp ws, Timestamp t) const {
  int n = 0;
  for (const auto& p : timeline_.pulses()) {
    if (p.on < ws || p.on > t) continue;
    if (LengthAt(p, t) >= kLongBeep) ++n;
  }
  return n;
}

int ConditionJudge::Blinks(LedColor color, Timestamp ws, Timestamp t) const {
  const auto& samples = timeline_.samples();
  std::size_t i = timeline_.FirstSampleFrom(ws);
  bool was_on = i > 0 && LedShows(samples[i - 1], color);
  int n = 0;
  for (; i < samples.size() && samples[i].at <= t; ++i) {
    const bool on = LedShows(samples[i], color);
    if (on && !was_on) ++n;
    was_on = on;
  }
  return n;
}

bool ConditionJudge::LooksRandom(Timestamp ws, Timestamp t) const {
  // RANDOM: LEDs switching independently at irregular 80-300 ms intervals.
  // Over the last second, several LEDs must change colour repeatedly and not
  // all in step.
  const auto& samples = timeline_.samples();
  const Timestamp from = std::max(ws, t - std::chrono::seconds(1));
  std::size_t i = timeline_.FirstSampleFrom(from);
  if (i >= samples.size() || samples[i].leds.size() < 2) return false;
  std::vector<int> changes(samples[i].leds.size(), 0);
  bool differing = false;
  for (std::size_t k = i + 1; k < samples.size() && samples[k].at <= t; ++k) {
    const auto& a = samples[k - 1].leds;
    const auto& b = samples[k].leds;
    if (a.size() != b.size()) return false;
    for (std::size_t led = 0; led < b.size(); ++led) changes[led] += a[led] != b[led];
    if (std::set<LedColor>(b.begin(), b.end()).size() > 1) differing = true;
  }
  const int busy =
      static_cast<int>(std::count_if(changes.begin(), changes.end(), [](int c) { return c >= 2; }));
  return differing && busy >= 2;
}

bool ConditionJudge::Holds(const Condition& c, Timestamp ws, Timestamp t) const {
  const FaceSample* sample = timeline_.SampleAt(t);
  if (c.bolt && (!sample || sample->bolt != *c.bolt)) return false;
  if (c.led) {
    if (c.led->blinks) {
      if (!c.led->blinks->Matches(Blinks(c.led->color, ws, t))) return false;
    } else if (!sample || !LedShows(*sample, c.led->color)) {
      return false;
    }
  }
  if (c.leds) {
    if (c.leds->random) {
      if (!LooksRandom(ws, t)) return false;
    } else if (!sample || sample->leds != c.leds->colors) {
      return false;
    }
  }
  if (c.beeps && !c.beeps->Matches(ShortBeeps(ws, t))) return false;
  if (c.beep_long && LongBeeps(ws, t) == 0) return false;
  if (c.quiet) {
    if (!sample || timeline_.BuzzerOnAt(t)) return false;
    if (!std::all_of(sample->leds.begin(), sample->leds.end(),
                     [](LedColor l) { return l == LedColor::kOff; })) {
      return false;
    }
  }
  return true;
}

std::optional<Timestamp> ConditionJudge::FirstHolding(const Condition& c, Timestamp ws,
                                                      Timestamp from, Timestamp to) const {
  // The timeline only changes at frames and buzzer edges, and a tone turns
  // from short to long when it has lasted kLongBeep: check exactly there.
  std::vector<Timestamp> instants{from};
  const auto& samples = timeline_.samples();
  for (std::size_t i = timeline_.FirstSampleFrom(from); i < samples.size() && samples[i].at <= to;
       ++i) {
    instants.push_back(samples[i].at);
  }
  for (const auto& p : timeline_.pulses()) {
    for (Timestamp at : {p.on, p.off.value_or(Timestamp::max()), p.on + kLongBeep}) {
      if (at >= from && at <= to) instants.push_back(at);
    }
  }
  std::sort(instants.begin(), instants.end());
  instants.erase(std::unique(instants.begin(), instants.end()), instants.end());
  for (Timestamp at : instants) {
    if (Holds(c, ws, at)) return at;
  }
  return std::nullopt;
}

std::string ConditionJudge::DescribeSeen(Timestamp ws, Timestamp t) const {
  std::string out;
  const auto& samples = timeline_.samples();
  const FaceSample* last = timeline_.SampleAt(t);
  if (!last) return "no camera frame seen";

  // Bolt: the sequence of states over the window.
  std::vector<BoltState> states;
  if (const FaceSample* first = timeline_.SampleAt(ws)) states.push_back(first->bolt);
  for (std::size_t i = timeline_.FirstSampleFrom(ws); i < samples.size() && samples[i].at <= t;
       ++i) {
    if (states.empty() || states.back() != samples[i].bolt) states.push_back(samples[i].bolt);
  }
  if (states.size() <= 1) {
    out = "bolt stayed " + std::string(vision::ToString(last->bolt));
  } else {
    out = "bolt went";
    const std::size_t shown = std::min<std::size_t>(states.size(), 6);
    for (std::size_t i = 0; i < shown; ++i) {
      out += (i ? " -> " : " ") + std::string(vision::ToString(states[i]));
    }
    if (shown < states.size()) out += " -> ... -> " + std::string(vision::ToString(states.back()));
  }

  // LED(s): the colour at the end, and the blinks of each colour seen.
  if (last->leds.size() == 1) {
    out += "; LED " + std::string(vision::ToString(last->leds[0]));
  } else {
    out += "; LEDs [";
    for (std::size_t i = 0; i < last->leds.size(); ++i) {
      out += (i ? ", " : "") + std::string(vision::ToString(last->leds[i]));
    }
    out += "]";
  }
  for (LedColor color :
       {LedColor::kRed, LedColor::kGreen, LedColor::kAmber, LedColor::kBlue, LedColor::kWhite}) {
    if (int n = Blinks(color, ws, t)) {
      out += ", " + Plural(n, std::string(vision::ToString(color)) + " blink");
    }
  }

  // Buzzer. A tone still sounding at `t` and not yet long could become
  // either, so it is named apart rather than counted as a short beep.
  const auto sounding = timeline_.ToneSounding(t);
  const bool open_short = sounding && *sounding >= ws && t - *sounding < kLongBeep;
  const int shorts = ShortBeeps(ws, t) - (open_short ? 1 : 0);
  const int longs = LongBeeps(ws, t);
  std::vector<std::string> tones;
  if (shorts) tones.push_back(Plural(shorts, "short beep"));
  if (longs) tones.push_back(Plural(longs, "long beep"));
  if (open_short) {
    char held[48];
    std::snprintf(held, sizeof held, "a beep still sounding after %.2f s",
                  std::chrono::duration<double>(t - *sounding).count());
    tones.emplace_back(held);
  }
  if (tones.empty()) tones.emplace_back("no beep");
  out += "; ";
  for (std::size_t i = 0; i < tones.size(); ++i) out += (i ? ", " : "") + tones[i];
  return out;
}

std::string Describe(const Condition& c) {
  std::vector<std::string> parts;
  if (c.bolt) parts.push_back("bolt " + std::string(vision::ToString(*c.bolt)));
  if (c.led) {
    if (c.led->blinks) {
      parts.push_back(CountText(*c.led->blinks) + " " +
                      std::string(vision::ToString(c.led->color)) + " blinks");
    } else {
      parts.push_back("LED " + std::string(vision::ToString(c.led->color)));
    }
  }
  if (c.leds) {
    if (c.leds->random) {
      parts.push_back("LEDs flashing at random");
    } else {
      std::string s = "LEDs [";
      for (std::size_t i = 0; i < c.leds->colors.size(); ++i) {
        s += (i ? ", " : "") + std::string(vision::ToString(c.leds->colors[i]));
      }
      parts.push_back(s + "]");
    }
  }
  if (c.beeps) parts.push_back(CountText(*c.beeps) + " short beeps");
  if (c.beep_long) parts.push_back("a long beep");
  if (c.quiet) parts.push_back("quiet (no LED, no beep)");
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out.empty() ? "nothing" : out;
}

}  // namespace lockrig
