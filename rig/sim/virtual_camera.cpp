#include "rig/sim/virtual_camera.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <list>
#include <mutex>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

#include <opencv2/aruco.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

namespace lockrig::sim {
namespace {

using vision::LedColor;

// ---- What the scene looks like (BGR, 8-bit levels, before gain and noise) --

struct Bgr {
  float b, g, r;
};

constexpr Bgr kDoor{58, 74, 92};     // painted door around the lock
constexpr Bgr kFace{46, 47, 50};     // the lock's dark-grey face plate
constexpr Bgr kLensOff{74, 75, 78};  // an unlit LED: dim grey lens
constexpr Bgr kTrack{22, 22, 24};    // the dark gap the bolt slides in
constexpr Bgr kInk{30, 30, 32};      // the markers' black
constexpr float kWhite = static_cast<float>(vision::kReferenceWhite);  // patch, marker paper
constexpr float kGlowStrength = 0.55f;  // glow just outside a lit lens at bloom 1
constexpr float kGlowWidth = 0.4f;      // glow's Gaussian width, in lens radii
constexpr float kGlowReach = 4.0f;      // glow drawn this many widths out
constexpr float kHotSpot = 0.35f;       // a lit lens whitens towards its centre
constexpr float kHotSpotWidth = 0.45f;  // in lens radii
constexpr float kBarTop = 0.22f;        // bar's edges, as fractions of the track height
constexpr float kBarBottom = 0.78f;
constexpr int kColours = 6;      // LedColor values, kOff first
constexpr int kMarkerCells = 6;  // 4x4 bits and a one-cell border

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

// The plate when the layout names none: the regions with a margin around.
cv::Rect PlateOf(const vision::FaceLayout& layout) {
  if (!layout.face_plate.empty()) return layout.face_plate;
  cv::Rect face = layout.bolt_track;
  for (const cv::Rect& led : layout.led_regions) face |= led;
  const int margin = static_cast<int>(
      std::lround(0.06 * std::min(layout.image_size.width, layout.image_size.height)));
  face.x -= margin;
  face.y -= margin;
  face.width += 2 * margin;
  face.height += 2 * margin;
  return face;
}

bool Inside(const cv::Rect& r, double u, double v) {
  return u >= r.x && u < r.x + r.width && v >= r.y && v < r.y + r.height;
}

// Length of [a0, a1) ∩ [b0, b1): how much of a pixel an edge covers.
float Overlap(float a0, float a1, float b0, float b1) {
  return std::max(0.0f, std::min(a1, b1) - std::max(a0, b0));
}

// ---- Counter-based randomness ----------------------------------------------

// SplitMix64's finaliser: a bijection on 64 bits with full avalanche.
constexpr std::uint64_t Mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A uniform in [0, 1) from (seed, frame, stream): each effect has its own
// stream so turning one on never changes another's draws.
double Uniform(std::uint64_t seed, std::uint64_t frame, std::uint64_t stream) {
  const std::uint64_t h = Mix(Mix(seed ^ Mix(stream)) ^ Mix(frame + 0x632be59bd9b4e019ULL));
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

// Streams for Uniform(): one per effect.
constexpr std::uint64_t kDropStream = 1;
constexpr std::uint64_t kJitterStream = 2;
constexpr std::uint64_t kDriftStream = 3;  // and the next 7

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
    std::vector<double> node(n + 1);
    for (int i = 0; i <= n; ++i) {
      const double u = std::clamp(static_cast<double>(i) / n, 0.25 / n, 1.0 - 0.25 / n);
      node[static_cast<std::size_t>(i)] = InverseNormal(u);
    }
    // Each step is a uniform segment from a to b: E[x^2] = (a^2 + ab + b^2) / 3.
    double second_moment = 0.0;
    for (int i = 0; i < n; ++i) {
      const double a = node[static_cast<std::size_t>(i)];
      const double b = node[static_cast<std::size_t>(i) + 1];
      second_moment += (a * a + a * b + b * b) / 3.0;
    }
    const double scale = 1.0 / std::sqrt(second_moment / n);
    for (int i = 0; i <= n; ++i) {
      const auto k = static_cast<std::size_t>(i);
      table_[k] = static_cast<float>(node[k] * scale);
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

  static double InverseNormal(double u) {
    double lo = -10.0;
    double hi = 10.0;
    for (int i = 0; i < 100; ++i) {
      const double mid = (lo + hi) / 2.0;
      (0.5 * std::erfc(-mid / std::numbers::sqrt2) < u ? lo : hi) = mid;
    }
    return (lo + hi) / 2.0;
  }

 private:
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
  v = v > 0.0f ? v : 0.0f;
  v = v < 255.0f ? v : 255.0f;
  return static_cast<uchar>(cvRound(v));
}

// ∫ clamp(t, 0, 1) dt from 0: how much of a unit pixel an edge moving to t
// has covered, summed over the move. Motion blur is its difference quotient.
inline float CoverIntegral(float t) {
  const float a = std::clamp(t, 0.0f, 1.0f);
  return 0.5f * a * a + std::max(t - 1.0f, 0.0f);
}

}  // namespace

// ---- The static scene, drawn once per camera ---------------------------------

// Per-pixel tables in image coordinates (the pose already applied). A frame's
// radiance at a pixel is: background, then each LED's layer in LED order
// (p = p * a + b[colour]), then the bolt (p = p + c * (metal - p) with the
// frame's coverage c). Every frame computes each pixel from these alone, in
// the same order whatever region is asked for.
struct VirtualCamera::Scene {
  struct LedLayer {
    cv::Rect box;                                // image pixels it touches
    std::vector<float> a;                        // per pixel
    std::array<std::vector<float>, kColours> b;  // per pixel, BGR
  };
  struct BoltLayer {
    cv::Rect box;                // image pixels the track covers
    std::vector<float> u;        // pixel's left edge along the track, track pixels
    std::vector<float> cover_y;  // how much of the pixel the bar's height covers
    std::vector<float> metal;    // the bar's colour there, BGR
    float length = 0.0f;         // the track's length, pixels
  };

  int width = 0;
  std::vector<float> background;  // BGR per pixel
  std::vector<LedLayer> leds;
  BoltLayer bolt;
};

namespace {

// Maps image pixel centres to the nominal scene (the inverse of the pose).
struct PoseMap {
  double c, s, cx, cy, dx, dy;
  PoseMap(const CameraPose& pose, cv::Size size)
      : c(std::cos(pose.rotation_deg * std::numbers::pi / 180.0)),
        s(std::sin(pose.rotation_deg * std::numbers::pi / 180.0)),
        cx(size.width / 2.0),
        cy(size.height / 2.0),
        dx(pose.dx_px),
        dy(pose.dy_px) {}
  // Scene point seen at image point (x, y).
  cv::Point2d ToScene(double x, double y) const {
    const double px = x - cx - dx;
    const double py = y - cy - dy;
    return {c * px + s * py + cx, -s * px + c * py + cy};
  }
  // Image point where scene point (u, v) appears.
  cv::Point2d ToImage(double u, double v) const {
    const double px = u - cx;
    const double py = v - cy;
    return {c * px - s * py + cx + dx, s * px + c * py + cy + dy};
  }
  // The image pixels a scene rectangle can touch.
  cv::Rect ImageBox(double x0, double y0, double x1, double y1, cv::Size size) const {
    double lo_x = 1e18, lo_y = 1e18, hi_x = -1e18, hi_y = -1e18;
    for (const cv::Point2d& corner :
         {ToImage(x0, y0), ToImage(x1, y0), ToImage(x1, y1), ToImage(x0, y1)}) {
      lo_x = std::min(lo_x, corner.x);
      lo_y = std::min(lo_y, corner.y);
      hi_x = std::max(hi_x, corner.x);
      hi_y = std::max(hi_y, corner.y);
    }
    const cv::Rect box(
        cv::Point(static_cast<int>(std::floor(lo_x)) - 1, static_cast<int>(std::floor(lo_y)) - 1),
        cv::Point(static_cast<int>(std::ceil(hi_x)) + 2, static_cast<int>(std::ceil(hi_y)) + 2));
    return box & cv::Rect({0, 0}, size);
  }
};

std::vector<cv::Mat> MarkerBits(std::size_t count) {
  const cv::Ptr<cv::aruco::Dictionary> dictionary =
      cv::aruco::getPredefinedDictionary(vision::kMarkerDictionary);
  std::vector<cv::Mat> bits;
  for (std::size_t id = 0; id < count; ++id) {
    cv::Mat image;
    dictionary->drawMarker(static_cast<int>(id), kMarkerCells, image, 1);
    bits.push_back(image);
  }
  return bits;
}

Bgr BackgroundAt(const vision::FaceLayout& layout, const cv::Rect& plate,
                 const std::vector<cv::Mat>& marker_bits, double u, double v) {
  if (!Inside(plate, u, v)) return kDoor;
  for (std::size_t i = 0; i < layout.markers.size(); ++i) {
    const cv::Rect& m = layout.markers[i];
    const double cell = static_cast<double>(m.width) / kMarkerCells;
    // The white square around the marker: one cell of quiet zone.
    const cv::Rect paper(static_cast<int>(std::floor(m.x - cell)),
                         static_cast<int>(std::floor(m.y - cell)),
                         static_cast<int>(std::ceil(m.width + 2 * cell)),
                         static_cast<int>(std::ceil(m.height + 2 * cell)));
    if (!Inside(paper, u, v)) continue;
    if (!Inside(m, u, v)) return {kWhite, kWhite, kWhite};
    const int col = std::clamp(static_cast<int>((u - m.x) / cell), 0, kMarkerCells - 1);
    const int row =
        std::clamp(static_cast<int>((v - m.y) / m.height * kMarkerCells), 0, kMarkerCells - 1);
    return marker_bits[i].at<uchar>(row, col) > 127 ? Bgr{kWhite, kWhite, kWhite} : kInk;
  }
  if (Inside(layout.reference_patch, u, v)) return {kWhite, kWhite, kWhite};
  if (Inside(layout.bolt_track, u, v)) return kTrack;
  return kFace;
}

}  // namespace

VirtualCamera::VirtualCamera(CameraSettings settings, vision::FaceLayout layout, std::uint64_t seed)
    : settings_(settings), layout_(std::move(layout)), seed_(seed) {
  if (layout_.image_size != settings_.size) {
    throw std::invalid_argument("VirtualCamera: layout is for another image size");
  }
  const CameraSettings& s = settings_;
  if (!(s.noise_sigma >= 0.0) || !(s.exposure_us >= 0.0) || !(s.bloom >= 0.0) ||
      !(s.exposure_drift >= 0.0 && s.exposure_drift < 1.0) ||
      !(s.white_balance_drift >= 0.0 && s.white_balance_drift < 1.0) || !(s.drift_period_s > 0.0) ||
      s.jpeg_quality < 0 || s.jpeg_quality > 100 ||
      !(s.drop_probability >= 0.0 && s.drop_probability < 1.0) || !(s.jitter_sigma_us >= 0.0) ||
      !(s.frames_per_second > 0.0)) {
    throw std::invalid_argument("VirtualCamera: a camera setting is out of range");
  }
  if (layout_.markers.size() > 50) {
    throw std::invalid_argument("VirtualCamera: DICT_4X4_50 has 50 markers");
  }
  scene_ = SceneFor(settings_, layout_);
  // The drift's phases: per seed, fixed for the camera's life.
  for (std::size_t k = 0; k < drift_phases_.size(); ++k) {
    drift_phases_[k] = Uniform(seed_, 0, kDriftStream + k);
  }
}

namespace {

// What the static scene depends on (not the seed, noise, drift or timing).
std::string SceneKey(const CameraSettings& s, const vision::FaceLayout& layout) {
  std::string key;
  auto put = [&](const auto& value) {
    key.append(reinterpret_cast<const char*>(&value), sizeof value);
  };
  auto put_rect = [&](const cv::Rect& r) {
    put(r.x);
    put(r.y);
    put(r.width);
    put(r.height);
  };
  put(s.size.width);
  put(s.size.height);
  put(s.bloom);
  put(s.pose.dx_px);
  put(s.pose.dy_px);
  put(s.pose.rotation_deg);
  put(layout.led_regions.size());
  for (const cv::Rect& r : layout.led_regions) put_rect(r);
  put_rect(layout.bolt_track);
  put(layout.bolt_track_angle_deg);
  put_rect(layout.face_plate);
  put(layout.markers.size());
  for (const cv::Rect& r : layout.markers) put_rect(r);
  put_rect(layout.reference_patch);
  return key;
}

}  // namespace

// Drawing a scene costs a few milliseconds (more at high resolutions), and
// benches and tests make many cameras that differ only in seed or noise: the
// last few scenes drawn are kept and shared. Scenes are immutable.
std::shared_ptr<const VirtualCamera::Scene> VirtualCamera::SceneFor(
    const CameraSettings& settings, const vision::FaceLayout& layout) {
  static std::mutex mutex;
  static std::list<std::pair<std::string, std::shared_ptr<const Scene>>> cache;
  constexpr std::size_t kKept = 8;
  std::string key = SceneKey(settings, layout);
  {
    const std::lock_guard<std::mutex> lock(mutex);
    for (auto it = cache.begin(); it != cache.end(); ++it) {
      if (it->first == key) {
        cache.splice(cache.begin(), cache, it);
        return cache.front().second;
      }
    }
  }
  std::shared_ptr<const Scene> scene = DrawScene(settings, layout);
  const std::lock_guard<std::mutex> lock(mutex);
  cache.emplace_front(std::move(key), scene);
  if (cache.size() > kKept) cache.pop_back();
  return scene;
}

std::shared_ptr<const VirtualCamera::Scene> VirtualCamera::DrawScene(
    const CameraSettings& settings, const vision::FaceLayout& layout) {
  auto scene = std::make_shared<VirtualCamera::Scene>();
  const cv::Size size = settings.size;
  const PoseMap pose(settings.pose, size);
  const cv::Rect plate = PlateOf(layout);
  const std::vector<cv::Mat> marker_bits = MarkerBits(layout.markers.size());
  scene->width = size.width;

  scene->background.resize(static_cast<std::size_t>(size.area()) * 3);
  for (int y = 0; y < size.height; ++y) {
    for (int x = 0; x < size.width; ++x) {
      const cv::Point2d p = pose.ToScene(x + 0.5, y + 0.5);
      const Bgr c = BackgroundAt(layout, plate, marker_bits, p.x, p.y);
      float* px = &scene->background[(static_cast<std::size_t>(y) * size.width + x) * 3];
      px[0] = c.b;
      px[1] = c.g;
      px[2] = c.r;
    }
  }

  // Each LED: its lens (lit: its colour whitening to a hot spot; off: dim
  // grey) over the plate, and when lit a glow in its colour around it.
  const float glow_strength = kGlowStrength * static_cast<float>(settings.bloom);
  for (const cv::Rect& region : layout.led_regions) {
    const cv::Point2d centre = vision::LedCentre(region);
    const float cx = static_cast<float>(centre.x);
    const float cy = static_cast<float>(centre.y);
    const float radius = static_cast<float>(vision::LedLensRadius(region));
    const float glow_sigma = kGlowWidth * radius;
    const float reach = radius + kGlowReach * glow_sigma + 1.0f;
    VirtualCamera::Scene::LedLayer led;
    led.box = pose.ImageBox(cx - reach, cy - reach, cx + reach, cy + reach, size);
    const auto n = static_cast<std::size_t>(led.box.area());
    led.a.assign(n, 1.0f);
    for (auto& b : led.b) b.assign(n * 3, 0.0f);
    const float glow_k = -1.0f / (2.0f * glow_sigma * glow_sigma);
    const float hot_sigma = kHotSpotWidth * radius;
    const float hot_k = -1.0f / (2.0f * hot_sigma * hot_sigma);
    for (int y = led.box.y; y < led.box.br().y; ++y) {
      for (int x = led.box.x; x < led.box.br().x; ++x) {
        const cv::Point2d p = pose.ToScene(x + 0.5, y + 0.5);
        const float dx = static_cast<float>(p.x) - cx;
        const float dy = static_cast<float>(p.y) - cy;
        const float d2 = dx * dx + dy * dy;
        const float d = std::sqrt(d2);
        const float cover = std::clamp(radius + 0.5f - d, 0.0f, 1.0f);
        const std::size_t k =
            static_cast<std::size_t>((y - led.box.y) * led.box.width + (x - led.box.x));
        led.a[k] = 1.0f - cover;
        for (int colour = 0; colour < kColours; ++colour) {
          const auto color = static_cast<LedColor>(colour);
          const Bgr lens = LitColour(color);
          cv::Vec3f top(lens.b, lens.g, lens.r);
          cv::Vec3f glow(0, 0, 0);
          if (color != LedColor::kOff) {
            const float out = std::max(d - radius, 0.0f);
            glow = glow_strength * std::exp(out * out * glow_k) * top;
            const float hot = kHotSpot * std::exp(d2 * hot_k);
            top = top * (1.0f - hot) + cv::Vec3f::all(255.0f * hot);
          }
          const cv::Vec3f b = glow * (1.0f - cover) + top * cover;
          for (int ch = 0; ch < 3; ++ch)
            led.b[static_cast<std::size_t>(colour)][k * 3 + ch] = b[ch];
        }
      }
    }
    scene->leds.push_back(std::move(led));
  }

  // The bolt: a round metal bar (brightest along its middle, like a lit
  // cylinder) whose end moves along the track.
  const cv::Rect& track = layout.bolt_track;
  VirtualCamera::Scene::BoltLayer& bolt = scene->bolt;
  bolt.length = static_cast<float>(track.width);
  bolt.box = pose.ImageBox(track.x, track.y, track.br().x, track.br().y, size);
  const auto n = static_cast<std::size_t>(bolt.box.area());
  bolt.u.assign(n, 0.0f);
  bolt.cover_y.assign(n, 0.0f);
  bolt.metal.assign(n * 3, 0.0f);
  const float top = static_cast<float>(track.y + kBarTop * track.height);
  const float bottom = static_cast<float>(track.y + kBarBottom * track.height);
  for (int y = bolt.box.y; y < bolt.box.br().y; ++y) {
    for (int x = bolt.box.x; x < bolt.box.br().x; ++x) {
      const cv::Point2d p = pose.ToScene(x + 0.5, y + 0.5);
      if (!Inside(track, p.x, p.y)) continue;
      const std::size_t k =
          static_cast<std::size_t>((y - bolt.box.y) * bolt.box.width + (x - bolt.box.x));
      const float fy = static_cast<float>(p.y - 0.5);
      bolt.u[k] = static_cast<float>(p.x - 0.5 - track.x);
      bolt.cover_y[k] = Overlap(fy, fy + 1.0f, top, bottom);
      const float v = std::clamp((fy + 0.5f - top) / (bottom - top), 0.0f, 1.0f);
      const float shade = 130.0f + 90.0f * std::sin(std::numbers::pi_v<float> * v);
      bolt.metal[k * 3 + 0] = shade * 1.03f;
      bolt.metal[k * 3 + 1] = shade;
      bolt.metal[k * 3 + 2] = shade * 0.95f;
    }
  }
  return scene;
}

namespace {

// A smooth wander in [-1, 1]: two incommensurate sines with seeded phases.
double Wander(double t, double period, double phase1, double phase2) {
  constexpr double kTwoPi = 2.0 * std::numbers::pi;
  return 0.6 * std::sin(kTwoPi * t / period + kTwoPi * phase1) +
         0.4 * std::sin(kTwoPi * t / (0.37 * period) + kTwoPi * phase2);
}

}  // namespace

cv::Vec3f VirtualCamera::Gain(std::uint64_t frame_index) const {
  const double t = static_cast<double>(frame_index) / settings_.frames_per_second;
  const double period = settings_.drift_period_s;
  auto phase = [&](std::uint64_t k) { return drift_phases_[k]; };
  const double exposure = 1.0 + settings_.exposure_drift * Wander(t, period, phase(0), phase(1));
  cv::Vec3f gain;
  for (int ch = 0; ch < 3; ++ch) {
    // Each channel wanders on its own, a little slower than exposure.
    const auto k = static_cast<std::uint64_t>(2 + 2 * ch);
    const double balance =
        1.0 + settings_.white_balance_drift * Wander(t, 1.7 * period, phase(k), phase(k + 1));
    gain[ch] = static_cast<float>(exposure * balance);
  }
  return gain;
}

bool VirtualCamera::Dropped(std::uint64_t frame_index) const {
  return settings_.drop_probability > 0.0 &&
         Uniform(seed_, frame_index, kDropStream) < settings_.drop_probability;
}

std::int64_t VirtualCamera::JitterUs(std::uint64_t frame_index) const {
  if (settings_.jitter_sigma_us <= 0.0) return 0;
  // The noise's Gaussian table: a bench asks this every frame, so no
  // transcendental calls.
  const auto bits = static_cast<std::uint32_t>(
      static_cast<std::uint64_t>(Uniform(seed_, frame_index, kJitterStream) * 0x1.0p21));
  const double z = std::clamp(static_cast<double>(Gaussian()(bits)), -3.0, 3.0);
  return std::llround(z * settings_.jitter_sigma_us);
}

cv::Mat VirtualCamera::Render(const FaceTruth& truth, std::uint64_t frame_index) const {
  const cv::Rect frame({0, 0}, settings_.size);
  cv::Mat out(settings_.size, CV_8UC3);
  RenderInto(truth, frame_index, frame, out);
  if (settings_.jpeg_quality > 0) {
    std::vector<uchar> bytes;
    cv::imencode(".jpg", out, bytes, {cv::IMWRITE_JPEG_QUALITY, settings_.jpeg_quality});
    out = cv::imdecode(bytes, cv::IMREAD_COLOR);
  }
  return out;
}

cv::Mat VirtualCamera::RenderRegion(const FaceTruth& truth, std::uint64_t frame_index,
                                    cv::Rect roi) const {
  const cv::Rect frame({0, 0}, settings_.size);
  if (roi.empty() || (roi & frame) != roi) {
    throw std::out_of_range("VirtualCamera::RenderRegion: region not inside the frame");
  }
  // JPEG needs the whole frame: see the header.
  if (settings_.jpeg_quality > 0) return Render(truth, frame_index)(roi).clone();
  cv::Mat out(roi.size(), CV_8UC3);
  RenderInto(truth, frame_index, roi, out);
  return out;
}

void VirtualCamera::RenderInto(const FaceTruth& truth, std::uint64_t frame_index,
                               const cv::Rect& roi, cv::Mat& out) const {
  const Scene& scene = *scene_;
  const cv::Vec3f gain = Gain(frame_index);
  const float g0 = gain[0], g1 = gain[1], g2 = gain[2];
  const float sigma = static_cast<float>(settings_.noise_sigma);
  const GaussianTable& gauss = Gaussian();
  const std::uint64_t frame_key = Mix(seed_ ^ Mix(frame_index + 0x9e3779b97f4a7c15ULL));
  constexpr std::uint64_t kMask = (1u << GaussianTable::kBits) - 1;

  // The bolt's end during the exposure, centred on the frame's instant, in
  // track pixels: the bar covers [0, end) at each moment of it.
  const Scene::BoltLayer& bolt = scene.bolt;
  const double position = std::clamp(truth.bolt_position, 0.0, 1.0);
  const double half_move = 0.5 * truth.bolt_velocity * settings_.exposure_us * 1e-6;
  const float end0 =
      static_cast<float>(std::clamp(position - std::abs(half_move), 0.0, 1.0) * bolt.length);
  const float end1 =
      static_cast<float>(std::clamp(position + std::abs(half_move), 0.0, 1.0) * bolt.length);
  const bool blurred = end1 - end0 > 1e-3f;
  const float inv_move = blurred ? 1.0f / (end1 - end0) : 0.0f;
  const float end = static_cast<float>(position * bolt.length);

  std::vector<float> row(static_cast<std::size_t>(roi.width) * 3);
  for (int y = roi.y; y < roi.br().y; ++y) {
    // Background.
    const float* bg = &scene.background[(static_cast<std::size_t>(y) * scene.width + roi.x) * 3];
    std::copy(bg, bg + row.size(), row.begin());

    // LEDs, in LED order.
    for (std::size_t i = 0; i < scene.leds.size(); ++i) {
      const Scene::LedLayer& led = scene.leds[i];
      if (y < led.box.y || y >= led.box.br().y) continue;
      const int x0 = std::max(roi.x, led.box.x);
      const int x1 = std::min(roi.br().x, led.box.br().x);
      if (x0 >= x1) continue;
      const LedColor color = i < truth.leds.size() ? truth.leds[i] : LedColor::kOff;
      const std::size_t base = static_cast<std::size_t>((y - led.box.y) * led.box.width);
      const float* a = &led.a[base + (x0 - led.box.x)];
      const float* b = &led.b[static_cast<std::size_t>(color)][(base + (x0 - led.box.x)) * 3];
      float* p = &row[static_cast<std::size_t>(x0 - roi.x) * 3];
      const int n = x1 - x0;
      for (int k = 0; k < n; ++k) {
        p[3 * k + 0] = p[3 * k + 0] * a[k] + b[3 * k + 0];
        p[3 * k + 1] = p[3 * k + 1] * a[k] + b[3 * k + 1];
        p[3 * k + 2] = p[3 * k + 2] * a[k] + b[3 * k + 2];
      }
    }

    // The bolt: coverage of each pixel averaged over the exposure.
    if (y >= bolt.box.y && y < bolt.box.br().y) {
      const int x0 = std::max(roi.x, bolt.box.x);
      const int x1 = std::min(roi.br().x, bolt.box.br().x);
      const std::size_t base = static_cast<std::size_t>((y - bolt.box.y) * bolt.box.width);
      for (int x = x0; x < x1; ++x) {
        const std::size_t k = base + static_cast<std::size_t>(x - bolt.box.x);
        const float cy = bolt.cover_y[k];
        if (cy == 0.0f) continue;
        const float u = bolt.u[k];
        const float along = blurred ? (CoverIntegral(end1 - u) - CoverIntegral(end0 - u)) * inv_move
                                    : std::clamp(end - u, 0.0f, 1.0f);
        const float c = cy * along;
        float* p = &row[static_cast<std::size_t>(x - roi.x) * 3];
        const float* m = &bolt.metal[k * 3];
        p[0] = p[0] * (1.0f - c) + m[0] * c;
        p[1] = p[1] * (1.0f - c) + m[1] * c;
        p[2] = p[2] * (1.0f - c) + m[2] * c;
      }
    }

    // Gain, noise, quantisation. Pixel (x, y)'s three samples come from one
    // hash of (frame key, x, y), 21 bits per channel.
    uchar* o = out.ptr<uchar>(y - roi.y);
    const std::uint64_t row_key = frame_key ^ (static_cast<std::uint64_t>(y) << 32);
    const float* p = row.data();
    if (sigma > 0.0f) {
      for (int x = roi.x; x < roi.br().x; ++x, p += 3, o += 3) {
        const std::uint64_t h = Mix(row_key ^ static_cast<std::uint32_t>(x));
        o[0] = Quantise(p[0] * g0 + sigma * gauss(h & kMask));
        o[1] = Quantise(p[1] * g1 + sigma * gauss((h >> 21) & kMask));
        o[2] = Quantise(p[2] * g2 + sigma * gauss((h >> 42) & kMask));
      }
    } else {
      for (int x = roi.x; x < roi.br().x; ++x, p += 3, o += 3) {
        o[0] = Quantise(p[0] * g0);
        o[1] = Quantise(p[1] * g1);
        o[2] = Quantise(p[2] * g2);
      }
    }
  }
}

}  // namespace lockrig::sim
