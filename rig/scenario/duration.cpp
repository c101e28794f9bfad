#include "rig/scenario/duration.h"

#include <cstdint>
#include <string_view>

namespace lockrig::scenario {
namespace {

// Limits keep every accepted duration exactly representable in int64
// microseconds: 9 integer digits of hours is 3.6e18 us < 9.2e18.
constexpr std::size_t kMaxIntegerDigits = 9;
constexpr std::size_t kMaxFractionDigits = 9;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

std::optional<std::int64_t> MicrosecondsPerUnit(std::string_view unit) {
  if (unit == "ms") return 1'000;
  if (unit == "s") return 1'000'000;
  if (unit == "min") return 60'000'000;
  if (unit == "h") return 3'600'000'000;
  return std::nullopt;
}

// Splits "1.5s" into number "1.5" and unit "s"; the number is digits with an
// optional fraction, nothing else (no sign, exponent or spaces).
bool SplitNumberAndUnit(std::string_view text, std::string_view& number, std::string_view& unit) {
  std::size_t i = 0;
  while (i < text.size() && IsDigit(text[i])) ++i;
  if (i == 0) return false;
  if (i < text.size() && text[i] == '.') {
    std::size_t fraction_start = ++i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    if (i == fraction_start) return false;
  }
  number = text.substr(0, i);
  unit = text.substr(i);
  return true;
}

std::optional<std::int64_t> ScaleExactly(std::string_view number, std::int64_t per_unit) {
  std::string_view integer = number.substr(0, number.find('.'));
  std::string_view fraction;
  if (integer.size() < number.size()) fraction = number.substr(integer.size() + 1);
  if (integer.size() > kMaxIntegerDigits || fraction.size() > kMaxFractionDigits)
    return std::nullopt;
  std::int64_t whole = 0;
  for (char c : integer) whole = whole * 10 + (c - '0');
  std::int64_t numerator = 0;
  std::int64_t denominator = 1;
  for (char c : fraction) {
    numerator = numerator * 10 + (c - '0');
    denominator *= 10;
  }
  // A duration finer than the microseconds the rig schedules in is refused
  // rather than rounded, so that what runs is exactly what was written.
  if ((numerator * per_unit) % denominator != 0) return std::nullopt;
  return whole * per_unit + numerator * per_unit / denominator;
}

std::string WithFraction(std::int64_t value, std::int64_t per_unit, const char* unit) {
  std::string text = std::to_string(value / per_unit);
  std::int64_t rest = value % per_unit;
  if (rest != 0) {
    std::string digits = std::to_string(rest);
    std::string fraction =
        std::string(std::to_string(per_unit).size() - 1 - digits.size(), '0') + digits;
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    text += "." + fraction;
  }
  return text + unit;
}

}  // namespace

std::optional<Duration> ParseDuration(const std::string& text) {
  std::string_view number, unit;
  if (!SplitNumberAndUnit(text, number, unit)) return std::nullopt;
  auto per_unit = MicrosecondsPerUnit(unit);
  if (!per_unit) return std::nullopt;
  auto us = ScaleExactly(number, *per_unit);
  if (!us) return std::nullopt;
  return Duration(*us);
}

std::string FormatDuration(Duration d) {
  std::int64_t us = d.count();
  if (us < 0) return "-" + FormatDuration(Duration(-us));
  if (us == 0) return "0s";
  if (us < 1'000'000) return WithFraction(us, 1'000, "ms");
  return WithFraction(us, 1'000'000, "s");
}

std::optional<DurationRange> ParseDurationRange(const std::string& text) {
  std::size_t dots = text.find("..");
  if (dots == std::string::npos) {
    auto single = ParseDuration(text);
    if (!single) return std::nullopt;
    return DurationRange{*single, *single};
  }
  std::string left = text.substr(0, dots);
  std::string right = text.substr(dots + 2);
  auto high = ParseDuration(right);
  if (!high) return std::nullopt;
  std::string_view number, unit;
  if (SplitNumberAndUnit(left, number, unit) && unit.empty()) {
    std::string_view right_number, right_unit;
    SplitNumberAndUnit(right, right_number, right_unit);
    left += right_unit;
  }
  auto low = ParseDuration(left);
  if (!low || *low > *high) return std::nullopt;
  return DurationRange{*low, *high};
}

}  // namespace lockrig::scenario
