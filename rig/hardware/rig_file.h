// The rig file: everything about one physical rig that is data, not code
// (style.md point 9): which GPIO line drives which relay and with what
// polarity, how long a press closes a key, the keypad layout, the sense
// lines, the camera and its settings, where the lock face is in the image,
// and how the lock's MCU is flashed. It is loaded and validated completely,
// with a file:line:col for every error, before any line is requested:
// a mistyped rig file must not actuate anything. See example-rig.yaml.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "rig/bench/bench.h"
#include "rig/bench/keypad_layout.h"
#include "rig/hardware/gpio_lines.h"
#include "vision/face_layout.h"

namespace lockrig::hardware {

// "file:line:col: message"; what() is exactly that.
class RigFileError : public std::runtime_error {
 public:
  RigFileError(std::string file, int line, int column, const std::string& message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }

 private:
  std::string file_;
  int line_;
  int column_;
};

struct RelayWiring {
  std::string relay;  // key_1_2, key_lock, program, battery, ...
  LineAddress line;
  bool active_low = false;
};

struct SenseWiring {
  SenseLine which = SenseLine::kBuzzer;
  LineAddress line;
  bool active_low = false;
  Bias bias = Bias::kAsIs;
};

struct CameraConfig {
  // Exactly one of the three is set.
  std::string device;  // V4L2 device (or index)
  std::string replay;  // a recording to replay instead (absolute path)
  std::string pipe;    // a FIFO or growing file of frames (frame_pipe.h; absolute path)
  int width = 640;
  int height = 480;
  double fps = 30.0;
  std::optional<double> exposure;
  std::optional<int> white_balance;
  int lost_after = 10;     // frame periods without a frame: camera lost
  std::size_t queue = 64;  // frames held between capture and the engine
};

struct CalibrationConfig {
  bool markers = false;     // find the face from the ArUco markers at start
  int leds = 1;             // LEDs on the face
  vision::FaceLayout face;  // the regions, when not found from markers
};

// How the lock's MCU is programmed: the GDB server rig/hardware/flasher.h
// drives (`lockrig flash`, `lockrig run --flash`).
struct FlashConfig {
  std::string probe;   // openocd | pyocd | blackmagic | qemu
  std::string server;  // host:port of the GDB server, or a serial device (blackmagic)
  std::string gdb = "gdb-multiarch";
};

struct RigConfig {
  std::string file;  // where it was loaded from
  std::string name;
  KeypadKind keypad = KeypadKind::kPaired5;
  PressTiming timing;
  Duration operate_delay = std::chrono::milliseconds(5);
  std::vector<RelayWiring> relays;  // file order
  SenseWiring buzzer;
  std::optional<SenseWiring> bolt_switch;
  CameraConfig camera;
  CalibrationConfig calibration;
  std::optional<FlashConfig> flash;
};

// The relays a rig must wire for `keypad`: the keypad's keys, key_lock,
// program and battery.
std::vector<std::string> RequiredRelays(KeypadKind keypad);

// Throws RigFileError.
RigConfig LoadRigFile(const std::string& path);
// The same from text; `file` names it in errors and anchors relative paths.
RigConfig ParseRigText(const std::string& text, const std::string& file);

}  // namespace lockrig::hardware
