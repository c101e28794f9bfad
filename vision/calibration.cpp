#include "vision/calibration.h"

#include <cmath>
#include <complex>
#include <vector>

#include <opencv2/aruco.hpp>
#include <opencv2/imgproc.hpp>

namespace lockrig::vision {
namespace {

using Point = std::complex<double>;

// OpenCV puts pixel centres at integer coordinates; FaceLayout (like the
// virtual camera) puts pixel i on [i, i + 1). Points move between the two.
Point ToCv(double x, double y) {
  return {x - 0.5, y - 0.5};
}

// dst = a * src + b, the least-squares similarity (a: rotation and scale).
struct Similarity {
  Point a{1.0, 0.0};
  Point b{0.0, 0.0};
  cv::Point2d operator()(cv::Point2d layout_point) const {
    const Point p = a * ToCv(layout_point.x, layout_point.y) + b;
    return {p.real() + 0.5, p.imag() + 0.5};
  }
  double scale() const { return std::abs(a); }
  double degrees() const { return std::arg(a) * 180.0 / 3.14159265358979323846; }
};

Similarity Fit(const std::vector<Point>& src, const std::vector<Point>& dst) {
  Point src_mean, dst_mean;
  for (std::size_t i = 0; i < src.size(); ++i) {
    src_mean += src[i];
    dst_mean += dst[i];
  }
  src_mean /= static_cast<double>(src.size());
  dst_mean /= static_cast<double>(src.size());
  Point num;
  double den = 0.0;
  for (std::size_t i = 0; i < src.size(); ++i) {
    num += (dst[i] - dst_mean) * std::conj(src[i] - src_mean);
    den += std::norm(src[i] - src_mean);
  }
  Similarity t;
  t.a = num / den;
  t.b = dst_mean - t.a * src_mean;
  return t;
}

int Round(double v) {
  return static_cast<int>(std::lround(v));
}

// A rectangle of `size` (scaled) centred where `t` takes `r`'s centre.
cv::Rect Carry(const Similarity& t, const cv::Rect& r) {
  if (r.empty()) return r;
  const cv::Point2d c = t({r.x + r.width / 2.0, r.y + r.height / 2.0});
  const int w = std::max(1, Round(r.width * t.scale()));
  const int h = std::max(1, Round(r.height * t.scale()));
  return {Round(c.x - w / 2.0), Round(c.y - h / 2.0), w, h};
}

}  // namespace

std::optional<FaceLayout> Calibrate(const cv::Mat& reference_frame, int led_count) {
  if (reference_frame.empty()) return std::nullopt;
  const FaceLayout nominal = DefaultFaceLayout(led_count, reference_frame.size());

  cv::Mat grey;
  if (reference_frame.channels() == 3) {
    cv::cvtColor(reference_frame, grey, cv::COLOR_BGR2GRAY);
  } else {
    grey = reference_frame;
  }
  const cv::Ptr<cv::aruco::Dictionary> dictionary =
      cv::aruco::getPredefinedDictionary(kMarkerDictionary);
  const cv::Ptr<cv::aruco::DetectorParameters> params = cv::aruco::DetectorParameters::create();
  // Sub-pixel corners: the transform is only as good as they are.
  params->cornerRefinementMethod = cv::aruco::CORNER_REFINE_SUBPIX;
  std::vector<std::vector<cv::Point2f>> corners;
  std::vector<int> ids;
  cv::aruco::detectMarkers(grey, dictionary, corners, ids, params);

  std::vector<Point> src, dst;
  std::vector<bool> seen(nominal.markers.size(), false);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const int id = ids[i];
    if (id < 0 || id >= static_cast<int>(nominal.markers.size()) ||
        seen[static_cast<std::size_t>(id)]) {
      continue;
    }
    seen[static_cast<std::size_t>(id)] = true;
    // ArUco's corner order: the marker's top-left, top-right, bottom-right,
    // bottom-left as printed.
    const cv::Rect& m = nominal.markers[static_cast<std::size_t>(id)];
    const Point printed[4] = {ToCv(m.x, m.y), ToCv(m.br().x, m.y), ToCv(m.br().x, m.br().y),
                              ToCv(m.x, m.br().y)};
    for (int k = 0; k < 4; ++k) {
      src.push_back(printed[k]);
      dst.push_back(
          {corners[i][static_cast<std::size_t>(k)].x, corners[i][static_cast<std::size_t>(k)].y});
    }
  }
  if (src.size() < 8) return std::nullopt;
  Similarity t = Fit(src, dst);
  if (!(t.scale() > 0.5 && t.scale() < 2.0)) return std::nullopt;
  // A rig camera is on a fixed mount: it shifts and turns, it does not zoom.
  // Marker corners found to a tenth of a pixel still give a scale a few
  // tenths of a percent off 1, which would make a 200 px track 201 px
  // wide; and a tilt of a fraction of a degree moves the track's ends by
  // under a pixel, less than the band read has to spare, while an untilted
  // track is read much faster. So both snap to nominal within those bounds,
  // the transform then refitted for shift alone.
  constexpr double kScaleSnap = 0.02;
  constexpr double kAngleSnapDeg = 0.5;
  const double scale = std::abs(t.scale() - 1.0) < kScaleSnap ? 1.0 : t.scale();
  const double angle = std::abs(t.degrees()) < kAngleSnapDeg ? 0.0 : std::arg(t.a);
  t.a = std::polar(scale, angle);
  Point shift;
  for (std::size_t i = 0; i < src.size(); ++i) shift += dst[i] - t.a * src[i];
  t.b = shift / static_cast<double>(src.size());

  FaceLayout layout;
  layout.image_size = reference_frame.size();
  for (const cv::Rect& led : nominal.led_regions) layout.led_regions.push_back(Carry(t, led));
  layout.bolt_track = Carry(t, nominal.bolt_track);
  layout.bolt_track_angle_deg = t.degrees();
  layout.reference_patch = Carry(t, nominal.reference_patch);
  layout.face_plate = Carry(t, nominal.face_plate);
  for (const cv::Rect& m : nominal.markers) layout.markers.push_back(Carry(t, m));
  return layout;
}

}  // namespace lockrig::vision
