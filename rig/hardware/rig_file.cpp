#include "rig/hardware/rig_file.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "rig/scenario/yaml_source.h"

namespace lockrig::hardware {

namespace fs = std::filesystem;
namespace sc = scenario;

RigFileError::RigFileError(std::string file, int line, int column, const std::string& message)
    : std::runtime_error(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                         message),
      file_(std::move(file)),
      line_(line),
      column_(column) {}

std::vector<std::string> RequiredRelays(KeypadKind keypad) {
  std::vector<std::string> relays;
  if (keypad == KeypadKind::kPaired5) {
    relays = {"key_1_2", "key_3_4", "key_5_6", "key_7_8", "key_9_0"};
  } else {
    for (int d = 0; d <= 9; ++d) relays.push_back("key_" + std::to_string(d));
  }
  relays.insert(relays.end(), {"key_lock", "program", std::string(kBatteryRelay)});
  return relays;
}

namespace {

// Reads values of one file, failing with its position.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}
  const std::string& file() const { return file_; }

  [[noreturn]] void Fail(const YAML::Node& at, const std::string& message) const {
    sc::Fail(at, file_, message);
  }
  [[noreturn]] void FailAt(const sc::Entry& e, const std::string& message) const {
    throw sc::ScenarioError(e.ValueWhere(file_), message);
  }

  std::string Text(const sc::Entry& e) const {
    if (!e.value.IsScalar() || e.value.Scalar().empty())
      FailAt(e, "'" + e.name + "' needs a text value, got " + sc::Describe(e.value));
    return e.value.Scalar();
  }
  bool Bool(const sc::Entry& e) const {
    if (e.value.IsScalar()) {
      const std::string& s = e.value.Scalar();
      if (s == "true") return true;
      if (s == "false") return false;
    }
    FailAt(e, "'" + e.name + "' needs true or false, got " + sc::Describe(e.value));
  }
  long Int(const sc::Entry& e, long low, long high) const {
    if (e.value.IsScalar()) {
      const std::string& s = e.value.Scalar();
      std::size_t used = 0;
      try {
        const long v = std::stol(s, &used);
        if (used == s.size() && v >= low && v <= high) return v;
      } catch (const std::exception&) {
      }
    }
    FailAt(e, "'" + e.name + "' needs a whole number in " + std::to_string(low) + ".." +
                  std::to_string(high) + ", got " + sc::Describe(e.value));
  }
  double Number(const sc::Entry& e, double low_exclusive, double high) const {
    if (e.value.IsScalar()) {
      const std::string& s = e.value.Scalar();
      std::size_t used = 0;
      try {
        const double v = std::stod(s, &used);
        if (used == s.size() && v > low_exclusive && v <= high) return v;
      } catch (const std::exception&) {
      }
    }
    std::ostringstream range;
    range << "a number above " << low_exclusive << " up to " << high;
    FailAt(e, "'" + e.name + "' needs " + range.str() + ", got " + sc::Describe(e.value));
  }
  Duration Time(const sc::Entry& e, bool allow_zero) const {
    if (e.value.IsScalar()) {
      if (auto d = sc::ParseDuration(e.value.Scalar()); d && (allow_zero || d->count() > 0))
        return *d;
    }
    FailAt(e, "'" + e.name + "' needs a duration such as 150ms" +
                  std::string(allow_zero ? "" : " (above zero)") + ", got " +
                  sc::Describe(e.value));
  }
  cv::Rect Rect(const sc::Entry& e, const YAML::Node& node, cv::Size image) const {
    if (node.IsSequence() && node.size() == 4) {
      int v[4];
      bool ok = true;
      for (int i = 0; i < 4; ++i) {
        try {
          v[i] = node[i].as<int>();
        } catch (const YAML::Exception&) {
          ok = false;
        }
      }
      if (ok) {
        const cv::Rect r(v[0], v[1], v[2], v[3]);
        if (r.empty() || (r & cv::Rect({0, 0}, image)) != r) {
          Fail(node, "region [" + std::to_string(v[0]) + ", " + std::to_string(v[1]) + ", " +
                         std::to_string(v[2]) + ", " + std::to_string(v[3]) + "] of '" + e.name +
                         "' is empty or outside the " + std::to_string(image.width) + "x" +
                         std::to_string(image.height) + " camera image");
        }
        return r;
      }
    }
    Fail(node, "'" + e.name + "' needs a region [x, y, width, height], got " + sc::Describe(node));
  }

 private:
  std::string file_;
};

struct LineSpec {
  LineAddress address;
  std::optional<bool> active_low;
  Bias bias = Bias::kAsIs;
  YAML::Node where;
};

// A line: `{line: NAME}`, `{offset: 17}` or `{chip: gpiochip1, offset: 17}`
// with `active_low` (and `bias` for inputs); or the short forms `17` (an
// offset on the default chip) and `NAME`.
LineSpec ReadLine(const Reader& r, const sc::Entry& e, const std::string& what,
                  const std::string& default_chip, bool input) {
  LineSpec spec;
  spec.where = e.value;
  if (e.value.IsScalar()) {
    const std::string& s = e.value.Scalar();
    if (!s.empty() && s.find_first_not_of("0123456789") == std::string::npos) {
      spec.address.chip = default_chip;
      spec.address.offset = static_cast<unsigned>(std::stoul(s));
    } else if (!s.empty()) {
      spec.address.name = s;
    }
    if (!s.empty()) return spec;
  }
  std::vector<std::string_view> allowed = {"line", "chip", "offset", "active_low"};
  if (input) allowed.push_back("bias");
  const sc::Fields f(e.value, r.file(), what, allowed);
  const sc::Entry* line = f.Find("line");
  const sc::Entry* offset = f.Find("offset");
  if (line && offset) r.FailAt(*offset, "'" + what + "' gives both 'line' and 'offset'; one only");
  if (!line && !offset) r.Fail(e.value, "'" + what + "' needs 'line' (a name) or 'offset'");
  if (line) spec.address.name = r.Text(*line);
  if (offset) spec.address.offset = static_cast<unsigned>(r.Int(*offset, 0, 1023));
  if (const sc::Entry* chip = f.Find("chip")) {
    spec.address.chip = r.Text(*chip);
  } else if (offset) {
    spec.address.chip = default_chip;
  }
  if (const sc::Entry* al = f.Find("active_low")) spec.active_low = r.Bool(*al);
  if (const sc::Entry* b = f.Find("bias")) {
    static const std::map<std::string, Bias> kBias = {{"as-is", Bias::kAsIs},
                                                      {"disable", Bias::kDisable},
                                                      {"pull-up", Bias::kPullUp},
                                                      {"pull-down", Bias::kPullDown}};
    const std::string v = r.Text(*b);
    const auto it = kBias.find(v);
    if (it == kBias.end())
      r.FailAt(*b, "'bias' needs as-is, disable, pull-up or pull-down, got \"" + v + "\"");
    spec.bias = it->second;
  }
  return spec;
}

std::string Resolve(const std::string& path, const std::string& rig_file) {
  fs::path p(path);
  if (p.is_relative()) p = fs::absolute(fs::path(rig_file).parent_path() / p);
  return p.lexically_normal().string();
}

RigConfig Parse(const YAML::Node& root, const std::string& file) {
  const Reader r(file);
  RigConfig rig;
  rig.file = file;
  const sc::Fields top(root, file, "rig file",
                       {"rig", "keypad", "wiring", "sense", "camera", "calibration", "flash"});
  rig.name = r.Text(top.Need("rig"));

  const sc::Entry& keypad = top.Need("keypad");
  const std::string kind = r.Text(keypad);
  if (kind == "paired5") {
    rig.keypad = KeypadKind::kPaired5;
  } else if (kind == "ten") {
    rig.keypad = KeypadKind::kTen;
  } else {
    r.FailAt(keypad, "'keypad' needs paired5 or ten, got \"" + kind + "\"");
  }

  // Every line used, to refuse one wired twice.
  std::map<std::string, std::string> used;
  auto claim = [&](const LineSpec& spec, const std::string& user) {
    const std::string key = spec.address.Describe();
    if (auto it = used.find(key); it != used.end())
      r.Fail(spec.where, user + ": " + key + " is already wired to " + it->second);
    used[key] = user;
  };

  // wiring
  const sc::Entry& wiring_entry = top.Need("wiring");
  const sc::Fields wiring(wiring_entry.value, file, "wiring",
                          {"chip", "active_low", "press", "gap", "operate_delay", "relays"});
  std::string default_chip = "gpiochip0";
  if (const auto* e = wiring.Find("chip")) default_chip = r.Text(*e);
  bool default_active_low = false;
  if (const auto* e = wiring.Find("active_low")) default_active_low = r.Bool(*e);
  if (const auto* e = wiring.Find("press")) rig.timing.press = r.Time(*e, false);
  if (const auto* e = wiring.Find("gap")) rig.timing.gap = r.Time(*e, true);
  if (const auto* e = wiring.Find("operate_delay")) rig.operate_delay = r.Time(*e, true);

  const std::vector<std::string> required = RequiredRelays(rig.keypad);
  std::vector<std::string_view> relay_names(required.begin(), required.end());
  const sc::Entry& relays_entry = wiring.Need("relays");
  const sc::Fields relays(relays_entry.value, file,
                          std::string("wiring.relays (keypad ") + kind + ")", relay_names);
  std::string missing;
  for (const std::string& name : required) {
    if (!relays.Find(name)) missing += (missing.empty() ? "" : ", ") + name;
  }
  if (!missing.empty()) r.Fail(relays_entry.value, "wiring.relays is missing " + missing);
  for (const sc::Entry& e : relays.entries()) {
    const LineSpec spec = ReadLine(r, e, "relay " + e.name, default_chip, false);
    claim(spec, "relay " + e.name);
    rig.relays.push_back({e.name, spec.address, spec.active_low.value_or(default_active_low)});
  }

  // sense
  const sc::Fields sense(top.Need("sense").value, file, "sense", {"buzzer", "bolt_switch"});
  {
    const sc::Entry& e = sense.Need("buzzer");
    const LineSpec spec = ReadLine(r, e, "sense buzzer", default_chip, true);
    claim(spec, "sense buzzer");
    rig.buzzer = {SenseLine::kBuzzer, spec.address, spec.active_low.value_or(false), spec.bias};
  }
  if (const auto* e = sense.Find("bolt_switch")) {
    const LineSpec spec = ReadLine(r, *e, "sense bolt_switch", default_chip, true);
    claim(spec, "sense bolt_switch");
    rig.bolt_switch = SenseWiring{SenseLine::kBoltSwitch, spec.address,
                                  spec.active_low.value_or(false), spec.bias};
  }

  // camera
  const sc::Entry& camera_entry = top.Need("camera");
  const sc::Fields camera(camera_entry.value, file, "camera",
                          {"device", "replay", "pipe", "width", "height", "fps", "exposure",
                           "white_balance", "lost_after", "queue"});
  const auto* device = camera.Find("device");
  const auto* replay = camera.Find("replay");
  const auto* pipe = camera.Find("pipe");
  {
    // The second of the sources given, in file order, is the one to blame.
    std::vector<const sc::Entry*> sources;
    for (const sc::Entry& e : camera.entries()) {
      if (e.name == "device" || e.name == "replay" || e.name == "pipe") sources.push_back(&e);
    }
    if (sources.size() > 1) {
      r.FailAt(*sources[1], "camera gives both '" + sources[0]->name + "' and '" +
                                sources[1]->name + "'; one only");
    }
    if (sources.empty()) r.Fail(camera_entry.value, "camera needs 'device', 'replay' or 'pipe'");
  }
  if (device) rig.camera.device = r.Text(*device);
  if (replay) rig.camera.replay = Resolve(r.Text(*replay), file);
  if (pipe) rig.camera.pipe = Resolve(r.Text(*pipe), file);
  if (const auto* e = camera.Find("width"))
    rig.camera.width = static_cast<int>(r.Int(*e, 16, 8192));
  if (const auto* e = camera.Find("height"))
    rig.camera.height = static_cast<int>(r.Int(*e, 16, 8192));
  if (const auto* e = camera.Find("fps")) rig.camera.fps = r.Number(*e, 0.0, 1000.0);
  if (const auto* e = camera.Find("exposure")) rig.camera.exposure = r.Number(*e, 0.0, 1e7);
  if (const auto* e = camera.Find("white_balance"))
    rig.camera.white_balance = static_cast<int>(r.Int(*e, 1000, 15000));
  if (const auto* e = camera.Find("lost_after"))
    rig.camera.lost_after = static_cast<int>(r.Int(*e, 2, 1000));
  if (const auto* e = camera.Find("queue"))
    rig.camera.queue = static_cast<std::size_t>(r.Int(*e, 1, 10000));
  const cv::Size image(rig.camera.width, rig.camera.height);

  // calibration
  const sc::Entry& cal_entry = top.Need("calibration");
  const sc::Fields cal(cal_entry.value, file, "calibration", {"leds", "markers", "regions"});
  rig.calibration.leds = static_cast<int>(r.Int(cal.Need("leds"), 1, 6));
  if (const auto* e = cal.Find("markers")) rig.calibration.markers = r.Bool(*e);
  const auto* regions_entry = cal.Find("regions");
  if (rig.calibration.markers && regions_entry)
    r.FailAt(*regions_entry, "calibration gives both 'markers: true' and 'regions'; one only");
  if (!rig.calibration.markers && !regions_entry)
    r.Fail(cal_entry.value, "calibration needs 'markers: true' or 'regions'");
  if (regions_entry) {
    const sc::Fields regions(regions_entry->value, file, "calibration.regions",
                             {"leds", "bolt_track", "bolt_track_angle", "reference_patch"});
    vision::FaceLayout& face = rig.calibration.face;
    face.image_size = image;
    const sc::Entry& leds = regions.Need("leds");
    if (!leds.value.IsSequence())
      r.FailAt(leds, "'leds' needs a list of regions [x, y, width, height], got " +
                         sc::Describe(leds.value));
    for (const auto& node : leds.value) face.led_regions.push_back(r.Rect(leds, node, image));
    if (static_cast<int>(face.led_regions.size()) != rig.calibration.leds) {
      r.FailAt(leds, "'leds' lists " + std::to_string(face.led_regions.size()) +
                         " regions for calibration.leds: " + std::to_string(rig.calibration.leds));
    }
    const sc::Entry& track = regions.Need("bolt_track");
    face.bolt_track = r.Rect(track, track.value, image);
    if (const auto* e = regions.Find("bolt_track_angle"))
      face.bolt_track_angle_deg = r.Number(*e, -90.0001, 90.0);
    if (const auto* e = regions.Find("reference_patch"))
      face.reference_patch = r.Rect(*e, e->value, image);
  }

  // flash (flasher.h)
  if (const auto* flash_entry = top.Find("flash")) {
    const sc::Fields flash(flash_entry->value, file, "flash", {"probe", "server", "gdb"});
    FlashConfig f;
    const sc::Entry& probe = flash.Need("probe");
    f.probe = r.Text(probe);
    if (f.probe != "openocd" && f.probe != "pyocd" && f.probe != "blackmagic" && f.probe != "qemu")
      r.FailAt(probe, "'probe' needs openocd, pyocd, blackmagic or qemu, got \"" + f.probe + "\"");
    const sc::Entry& server = flash.Need("server");
    f.server = r.Text(server);
    if (f.probe != "blackmagic" && f.server.rfind(':') == std::string::npos)
      r.FailAt(server, "'server' needs host:port for " + f.probe + ", got \"" + f.server + "\"");
    if (const auto* e = flash.Find("gdb")) f.gdb = r.Text(*e);
    rig.flash = f;
  }
  return rig;
}

}  // namespace

RigConfig ParseRigText(const std::string& text, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw RigFileError(file, e.mark.line + 1, e.mark.column + 1, "YAML syntax error: " + e.msg);
  }
  try {
    return Parse(root, file);
  } catch (const sc::ScenarioError& e) {
    throw RigFileError(e.where().file, e.where().line, e.where().column, e.message());
  }
}

RigConfig LoadRigFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw RigFileError(path, 1, 1, "cannot open the rig file");
  std::stringstream text;
  text << in.rdbuf();
  return ParseRigText(text.str(), path);
}

}  // namespace lockrig::hardware
