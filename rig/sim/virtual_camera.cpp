#include "rig/sim/virtual_camera.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <utility>

#include <opencv2/core.hpp>

namespace lockrig::sim {
namespace {

using vision::LedColor;

// ---- What the scene looks like (BGR, 8-bit levels, before noise) ----------

struct Bgr {
  float b, g, r;
};

constexpr Bgr kDoor{58, 74, 92};        // painted door around the lock
constexpr Bgr kFace{46, 47, 50};        // the lock's dark-grey face
constexpr Bgr kLensOff{74, 75, 78};     // an unlit LED: dim grey lens
constexpr Bgr kTrack{22, 22, 24};       // the dark gap the bolt slides in
constexpr float kGlowStrength = 0.55f;  // glow just outside a lit lens, of its colour
constexpr float kGlowWidth = 0.4f;      // glow's Gaussian width, in lens radii
constexpr float kGlowReach = 4.0f;      // glow drawn this many widths out
constexpr float kHotSpot = 0.35f;       // a lit lens whitens towards its centre
constexpr float kHotSpotWidth = 0.45f;  // in lens radii
constexpr float kBarTop = 0.22f;        // bar's edges, as fractions of the track height
constexpr float kBarBottom = 0.78f;

Bgr LitColour(LedColor color) {
  switch (color) {
    case LedColor::kRed:
      return {40, 38, 232};
    case LedColor::kGreen:
      return {70, 226, 40};
    case LedColor::kAmber:
      return {24, 168, 252};
    case LedColor::kBlue:
      return {250, 128, 36};
    case LedColor::kWhite:
      return {236, 240, 238};
    case LedColor::kOff:
      break;
  }
  return kLensOff;
}

// The lock face: the regions vision reads, with a margin of face around them.
cv::Rect FaceRect(const vision::FaceLayout& layout) {
  cv::Rect face = layout.bolt_track;
  for (const cv::Rect& led : layout.led_regions) face |= led;
  const int margin = static_cast<int>(
      std::lround(0.06 * std::min(layout.image_size.width, layout.image_size.height)));
  face.x -= margin;
  face.y -= margin;
  face.width += 2 * margin;
  face.height += 2 * margin;
  return face & cv::Rect({0, 0}, layout.image_size);
}

// Length of [a0, a1) ∩ [b0, b1): how much of a pixel an edge covers.
float Overlap(float a0, float a1, float b0, float b1) {
  return std::max(0.0f, std::min(a1, b1) - std::max(a0, b0));
}

// A plain loop: cv::Mat::setTo on 3-channel float images is several times
// slower, and this runs on every frame.
void Fill(cv::Mat& buf, const cv::Rect& area, const Bgr& colour) {
  const cv::Vec3f value(colour.b, colour.g, colour.r);
  for (int y = area.y; y < area.y + area.height; ++y) {
    auto* row = buf.ptr<cv::Vec3f>(y);
    std::fill(row + area.x, row + area.x + area.width, value);
  }
}

// Every drawing step below computes a pixel from its full-frame position
// only, in the same order whatever the region, so a region's pixels equal
// the full frame's.
void DrawLed(cv::Mat& buf, const cv::Rect& roi, const cv::Rect& region, LedColor color) {
  const cv::Point2d c = vision::LedCentre(region);
  const float cx = static_cast<float>(c.x);
  const float cy = static_cast<float>(c.y);
  const float radius = static_cast<float>(vision::LedLensRadius(region));
  const bool lit = color != LedColor::kOff;
  const float glow_sigma = kGlowWidth * radius;
  const float reach = lit ? radius + kGlowReach * glow_sigma : radius + 1.0f;
  const cv::Rect box(
      cv::Point(static_cast<int>(std::floor(cx - reach)), static_cast<int>(std::floor(cy - reach))),
      cv::Point(static_cast<int>(std::ceil(cx + reach)) + 1,
                static_cast<int>(std::ceil(cy + reach)) + 1));
  const cv::Rect area = box & roi;
  const Bgr lens = LitColour(color);
  const float glow_k = -1.0f / (2.0f * glow_sigma * glow_sigma);
  const float hot_sigma = kHotSpotWidth * radius;
  const float hot_k = -1.0f / (2.0f * hot_sigma * hot_sigma);

  for (int y = area.y; y < area.y + area.height; ++y) {
    auto* row = buf.ptr<cv::Vec3f>(y - roi.y);
    const float dy = static_cast<float>(y) + 0.5f - cy;
    for (int x = area.x; x < area.x + area.width; ++x) {
      const float dx = static_cast<float>(x) + 0.5f - cx;
      const float d2 = dx * dx + dy * dy;
      const float d = std::sqrt(d2);
      const float cover = std::clamp(radius + 0.5f - d, 0.0f, 1.0f);
      cv::Vec3f& p = row[x - roi.x];
      cv::Vec3f under = p;
      cv::Vec3f top(lens.b, lens.g, lens.r);
      if (lit) {
        const float out = std::max(d - radius, 0.0f);
        const float glow = kGlowStrength * std::exp(out * out * glow_k);
        under += glow * top;
        const float hot = kHotSpot * std::exp(d2 * hot_k);
        top = top * (1.0f - hot) + cv::Vec3f::all(255.0f * hot);
      }
      p = under * (1.0f - cover) + top * cover;
    }
  }
}

void DrawBolt(cv::Mat& buf, const cv::Rect& roi, const cv::Rect& track, double position) {
  const cv::Rect area = track & roi;
  const float x0 = static_cast<float>(track.x);
  const float end = static_cast<float>(track.x + std::clamp(position, 0.0, 1.0) * track.width);
  const float top = static_cast<float>(track.y + kBarTop * track.height);
  const float bottom = static_cast<float>(track.y + kBarBottom * track.height);
  for (int y = area.y; y < area.y + area.height; ++y) {
    auto* row = buf.ptr<cv::Vec3f>(y - roi.y);
    const float fy = static_cast<float>(y);
    const float cover_y = Overlap(fy, fy + 1.0f, top, bottom);
    // A round bar: brightest along its middle, like a lit cylinder.
    const float v = std::clamp((fy + 0.5f - top) / (bottom - top), 0.0f, 1.0f);
    const float k = 130.0f + 90.0f * std::sin(std::numbers::pi_v<float> * v);
    const cv::Vec3f metal(k * 1.03f, k, k * 0.95f);
    for (int x = area.x; x < area.x + area.width; ++x) {
      const float fx = static_cast<float>(x);
      const float cover = cover_y * Overlap(fx, fx + 1.0f, x0, end);
      row[x - roi.x] = cv::Vec3f(kTrack.b, kTrack.g, kTrack.r) * (1.0f - cover) + metal * cover;
    }
  }
}

// ---- Counter-based Gaussian noise -----------------------------------------

// SplitMix64's finaliser: a bijection on 64 bits with full avalanche.
constexpr std::uint64_t Mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Inverse of the standard normal CDF, tabulated at 4096 steps of u and
// interpolated linearly: a uniform in [0, 1) becomes a Gaussian sample
// (tails cut near ±3.8 sigma), with no branches or transcendental calls per
// sample. Scaled so its variance is exactly 1.
class GaussianTable {
 public:
  static constexpr int kIndexBits = 12;
  static constexpr int kFractionBits = 9;
  static constexpr int kBits = kIndexBits + kFractionBits;  // per sample

  GaussianTable() {
    constexpr int n = 1 << kIndexBits;
    for (int i = 0; i <= n; ++i) {
      const double u = std::clamp(static_cast<double>(i) / n, 0.25 / n, 1.0 - 0.25 / n);
      node_[static_cast<std::size_t>(i)] = InverseNormal(u);
    }
    // Each step is a uniform segment from a to b: E[x^2] = (a^2 + ab + b^2) / 3.
    double second_moment = 0.0;
    for (int i = 0; i < n; ++i) {
      const double a = node_[static_cast<std::size_t>(i)];
      const double b = node_[static_cast<std::size_t>(i) + 1];
      second_moment += (a * a + a * b + b * b) / 3.0;
    }
    const double scale = 1.0 / std::sqrt(second_moment / n);
    for (int i = 0; i <= n; ++i) {
      const auto k = static_cast<std::size_t>(i);
      table_[k] = static_cast<float>(node_[k] * scale);
    }
    for (int i = 0; i < n; ++i) {
      const auto k = static_cast<std::size_t>(i);
      slope_[k] = (table_[k + 1] - table_[k]) / (1 << kFractionBits);
    }
  }

  // `bits`: kBits uniform random bits.
  float operator()(std::uint32_t bits) const {
    const std::uint32_t index = bits >> kFractionBits;
    const std::uint32_t fraction = bits & ((1u << kFractionBits) - 1);
    return table_[index] + slope_[index] * static_cast<float>(fraction);
  }

 private:
  static double InverseNormal(double u) {
    double lo = -10.0;
    double hi = 10.0;
    for (int i = 0; i < 100; ++i) {
      const double mid = (lo + hi) / 2.0;
      (0.5 * std::erfc(-mid / std::numbers::sqrt2) < u ? lo : hi) = mid;
    }
    return (lo + hi) / 2.0;
  }

  std::array<double, (1 << kIndexBits) + 1> node_{};
  std::array<float, (1 << kIndexBits) + 1> table_{};
  std::array<float, 1 << kIndexBits> slope_{};
};

const GaussianTable& Gaussian() {
  static const GaussianTable table;
  return table;
}

// Rounds to the nearest level (ties to even) and saturates: the same as
// cv::saturate_cast<uchar>, without its branches.
inline uchar Quantise(float v) {
  // Written so the compiler emits maxss/minss rather than compare-and-jump.
  v = v > 0.0f ? v : 0.0f;
  v = v < 255.0f ? v : 255.0f;
  return static_cast<uchar>(cvRound(v));
}

// Adds the noise and quantises to 8 bits. Pixel (x, y)'s three samples come
// from one hash of (frame key, x, y), 21 bits per channel, so the noise is a
// pure function of (seed, frame index, x, y, channel).
cv::Mat Expose(const cv::Mat& buf, const cv::Rect& roi, std::uint64_t seed, std::uint64_t frame,
               float sigma) {
  cv::Mat out(roi.size(), CV_8UC3);
  const GaussianTable& gauss = Gaussian();
  const std::uint64_t frame_key = Mix(seed ^ Mix(frame + 0x9e3779b97f4a7c15ULL));
  constexpr std::uint64_t kMask = (1u << GaussianTable::kBits) - 1;
  for (int y = roi.y; y < roi.y + roi.height; ++y) {
    const auto* in = buf.ptr<cv::Vec3f>(y - roi.y);
    auto* px = out.ptr<cv::Vec3b>(y - roi.y);
    const std::uint64_t row_key = frame_key ^ (static_cast<std::uint64_t>(y) << 32);
    for (int x = roi.x; x < roi.x + roi.width; ++x) {
      const cv::Vec3f& v = in[x - roi.x];
      auto& o = px[x - roi.x];
      if (sigma > 0.0f) {
        const std::uint64_t h = Mix(row_key ^ static_cast<std::uint32_t>(x));
        o[0] = Quantise(v[0] + sigma * gauss(h & kMask));
        o[1] = Quantise(v[1] + sigma * gauss((h >> 21) & kMask));
        o[2] = Quantise(v[2] + sigma * gauss((h >> 42) & kMask));
      } else {
        o = cv::Vec3b(Quantise(v[0]), Quantise(v[1]), Quantise(v[2]));
      }
    }
  }
  return out;
}

}  // namespace

VirtualCamera::VirtualCamera(CameraSettings settings, vision::FaceLayout layout, std::uint64_t seed)
    : settings_(settings), layout_(std::move(layout)), seed_(seed) {
  if (layout_.image_size != settings_.size) {
    throw std::invalid_argument("VirtualCamera: layout is for another image size");
  }
  if (!(settings_.noise_sigma >= 0.0)) {
    throw std::invalid_argument("VirtualCamera: noise_sigma must be >= 0");
  }
}

cv::Mat VirtualCamera::Render(const FaceTruth& truth, std::uint64_t frame_index) const {
  return RenderRegion(truth, frame_index, cv::Rect({0, 0}, settings_.size));
}

cv::Mat VirtualCamera::RenderRegion(const FaceTruth& truth, std::uint64_t frame_index,
                                    cv::Rect roi) const {
  const cv::Rect frame({0, 0}, settings_.size);
  if (roi.empty() || (roi & frame) != roi) {
    throw std::out_of_range("VirtualCamera::RenderRegion: region not inside the frame");
  }
  cv::Mat buf(roi.size(), CV_32FC3);
  Fill(buf, cv::Rect({0, 0}, roi.size()), kDoor);
  Fill(buf, (FaceRect(layout_) & roi) - roi.tl(), kFace);
  for (std::size_t i = 0; i < layout_.led_regions.size(); ++i) {
    const LedColor color = i < truth.leds.size() ? truth.leds[i] : LedColor::kOff;
    DrawLed(buf, roi, layout_.led_regions[i], color);
  }
  DrawBolt(buf, roi, layout_.bolt_track, truth.bolt_position);
  return Expose(buf, roi, seed_, frame_index, static_cast<float>(settings_.noise_sigma));
}

}  // namespace lockrig::sim
