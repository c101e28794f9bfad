#include "rig/hardware/selftest.h"

#include <cmath>
#include <iomanip>
#include <istream>
#include <map>
#include <ostream>
#include <sstream>

#include <opencv2/imgcodecs.hpp>

#include "rig/hardware/rig_lines.h"
#include "vision/calibration.h"
#include "vision/face_reader.h"
#include "vision/led_color.h"

namespace lockrig::hardware {

namespace {

const char* SenseName(SenseLine line) {
  return line == SenseLine::kBuzzer ? "buzzer" : "bolt_switch";
}

struct Row {
  std::string relay, line, polarity, sense, answer, verdict;
};

std::string Ask(std::istream& in, std::ostream& out, const std::string& prompt) {
  out << prompt << std::flush;
  std::string answer;
  if (!std::getline(in, answer)) answer = "";
  return answer;
}

cv::Point Centre(const cv::Rect& r) {
  return {r.x + r.width / 2, r.y + r.height / 2};
}

}  // namespace

int RunSelftest(const RigConfig& rig, GpioBackend& gpio, FrameSource& camera, std::istream& in,
                std::ostream& out, const SelftestOptions& options) {
  bool ok = true;
  out << "lockrig selftest: rig '" << rig.name << "' (" << rig.file << "), keypad "
      << (rig.keypad == KeypadKind::kPaired5 ? "paired5" : "ten") << ", " << rig.relays.size()
      << " relays\n";

  std::vector<Row> rows;
  std::map<std::string, int> moved_total;
  {
    std::unique_ptr<RigLines> lines;
    try {
      lines = std::make_unique<RigLines>(rig, gpio, "lockrig-selftest");
    } catch (const std::exception& e) {
      out << "FAIL  requesting the lines: " << e.what() << "\n";
      return 1;
    }
    MonotonicBenchClock clock;
    out << "lines requested, every relay at its safe (de-energised) level\n";
    out << "sense lines now: buzzer "
        << (lines->Active(SenseLine::kBuzzer) ? "active" : "inactive");
    if (lines->HasBoltSwitch())
      out << ", bolt_switch " << (lines->Active(SenseLine::kBoltSwitch) ? "active" : "inactive");
    out << "\n\n";

    for (const RelayWiring& relay : rig.relays) {
      Row row{relay.relay,
              relay.line.Describe(),
              relay.active_low ? "active-low" : "active-high",
              "",
              "",
              ""};
      const bool changes_state =
          relay.relay == "program" || relay.relay == "key_lock" || relay.relay == kBatteryRelay;
      if (options.assume_yes && changes_state) {
        row.sense = "-";
        row.answer = "-";
        row.verdict = "skipped (needs a person: changes the lock's state)";
        rows.push_back(row);
        continue;
      }
      if (!options.assume_yes) {
        const std::string go =
            Ask(in, out,
                "Click relay " + relay.relay + " (" + row.line + ")? Enter to click, s to skip: ");
        if (go == "s") {
          row.sense = "-";
          row.answer = "skipped";
          row.verdict = "skipped";
          rows.push_back(row);
          continue;
        }
      }
      (void)lines->TakeEdges(clock);  // what came before the click is not its answer
      const Timestamp t0 = clock.Now();
      lines->Set(relay.relay, true);
      clock.SleepUntil(t0 + rig.timing.press);
      lines->Set(relay.relay, false);
      clock.SleepUntil(t0 + rig.timing.press + options.listen);
      std::map<std::string, int> moved;
      for (const SenseEdge& e : lines->TakeEdges(clock)) {
        if (e.active) ++moved[SenseName(e.line)];
      }
      for (const auto& [name, n] : moved) {
        row.sense += (row.sense.empty() ? "" : ", ") + name + " x" + std::to_string(n);
        moved_total[name] += n;
      }
      if (row.sense.empty()) row.sense = "none";
      out << "  " << relay.relay << ": clicked for " << rig.timing.press.count() / 1000
          << " ms; sense lines moved: " << row.sense << "\n";
      if (options.assume_yes) {
        row.answer = "-";
        row.verdict = moved.empty() ? "CHECK: no sense line answered" : "ok";
      } else {
        row.answer = Ask(in, out,
                         "  What happened? [k] the lock answered (beep/light), [c] a click only, "
                         "[n] nothing: ");
        if (row.answer == "k") {
          row.verdict = "ok";
        } else if (row.answer == "c") {
          row.verdict = "CHECK: relay clicks, the lock does not answer (contact wiring?)";
        } else {
          row.verdict = "FAIL: nothing happened (line, relay board power, polarity?)";
          ok = false;
        }
      }
      rows.push_back(row);
    }
  }  // lines released here, every relay safe

  out << "\nsense lines that moved during the clicks: ";
  if (moved_total.empty()) out << "none";
  for (const auto& [name, n] : moved_total) out << name << " (" << n << " activations) ";
  out << "\n";

  // Camera and calibration.
  out << "\ncamera: " << camera.Describe() << "\n";
  cv::Mat frame;
  try {
    MonotonicBenchClock live;
    ReplayBenchClock replay;
    BenchClock& clock = camera.SetsThePace() ? static_cast<BenchClock&>(replay) : live;
    camera.Start(clock);
    // Half a second of frames, so that the camera has settled; keep the last.
    const Duration period(static_cast<std::int64_t>(1e6 / rig.camera.fps));
    const Timestamp settle = clock.Now() + std::chrono::milliseconds(500);
    while (frame.empty() || clock.Now() < settle) {
      clock.SleepUntil(clock.Now() + period);
      for (const Frame& f : camera.TakeUntil(clock.Now())) frame = f.image;
    }
    camera.Stop();
  } catch (const std::exception& e) {
    camera.Stop();
    out << "FAIL  camera: " << e.what() << "\n";
    ok = false;
  }
  if (!frame.empty()) {
    out << "captured a " << frame.cols << "x" << frame.rows << " frame";
    if (!options.frame_out.empty() && cv::imwrite(options.frame_out, frame))
      out << " (written to " << options.frame_out << ")";
    out << "\n";
    if (frame.cols != rig.camera.width || frame.rows != rig.camera.height) {
      out << "FAIL  the frame is not the rig file's " << rig.camera.width << "x"
          << rig.camera.height << "\n";
      ok = false;
    }
    const auto found = vision::Calibrate(frame, rig.calibration.leds);
    std::optional<vision::FaceLayout> face;
    if (rig.calibration.markers) {
      if (found) {
        face = found;
        out << "calibration: face found from the markers\n";
      } else {
        out << "FAIL  calibration: the face plate's markers were not found\n";
        ok = false;
      }
    } else {
      face = rig.calibration.face;
      if (found) {
        const cv::Point d = Centre(found->bolt_track) - Centre(face->bolt_track);
        const double off = std::hypot(d.x, d.y);
        out << "calibration: the rig file's bolt track is " << std::fixed << std::setprecision(1)
            << off << " px from where the markers put it\n";
        if (off > 10.0) {
          out << "FAIL  calibration: the regions are off; the markers say bolt_track ["
              << found->bolt_track.x << ", " << found->bolt_track.y << ", "
              << found->bolt_track.width << ", " << found->bolt_track.height << "]\n";
          ok = false;
        }
      } else {
        out << "calibration: regions from the rig file (no markers visible to check them)\n";
      }
    }
    if (face) {
      const vision::FaceReading reading = vision::FaceReader(*face).Read(frame);
      out << "reads: LEDs";
      for (vision::LedColor c : reading.leds) out << " " << vision::ToString(c);
      out << ", bolt at " << std::fixed << std::setprecision(2) << reading.bolt_position
          << " (0 retracted .. 1 extended)\n";
      for (std::size_t i = 0; i < face->led_regions.size(); ++i) {
        const cv::Rect& r = face->led_regions[i];
        out << "  LED" << i + 1 << " region [" << r.x << ", " << r.y << ", " << r.width << ", "
            << r.height << "]\n";
      }
      const cv::Rect& b = face->bolt_track;
      out << "  bolt track [" << b.x << ", " << b.y << ", " << b.width << ", " << b.height << "]\n";
    }
  }

  // The wiring table.
  std::size_t w[4] = {11, 4, 11, 11};  // "bolt_switch", "active-high"
  for (const Row& r : rows) {
    w[0] = std::max(w[0], r.relay.size());
    w[1] = std::max(w[1], r.line.size());
    w[2] = std::max(w[2], r.polarity.size());
    w[3] = std::max(w[3], r.sense.size());
  }
  auto line = [&](const std::string& a, const std::string& b, const std::string& c,
                  const std::string& d, const std::string& e, const std::string& f) {
    out << std::left << std::setw(static_cast<int>(w[0])) << a << "  "
        << std::setw(static_cast<int>(w[1])) << b << "  " << std::setw(static_cast<int>(w[2])) << c
        << "  " << std::setw(static_cast<int>(w[3])) << d << "  " << std::setw(8) << e << "  " << f
        << "\n";
  };
  out << "\nwiring table\n";
  line("relay", "line", "polarity", "sense moved", "answer", "verdict");
  for (const Row& r : rows) line(r.relay, r.line, r.polarity, r.sense, r.answer, r.verdict);
  line("buzzer", rig.buzzer.line.Describe(), rig.buzzer.active_low ? "active-low" : "active-high",
       "(input)", "", "");
  if (rig.bolt_switch) {
    line("bolt_switch", rig.bolt_switch->line.Describe(),
         rig.bolt_switch->active_low ? "active-low" : "active-high", "(input)", "", "");
  }
  out << "\nselftest " << (ok ? "passed" : "FAILED") << "\n";
  return ok ? 0 : 1;
}

}  // namespace lockrig::hardware
