// `lockrig flash` and `lockrig run --flash` against QEMU's own gdbstub
// standing in for the lock's MCU and its debug probe: QEMU starts the
// MPS2-AN386 board stopped (-S) with NO image (-kernel is not given), so
// the only way the firmware gets there is the flasher, through GDB. Then the
// board runs and its UART must print the build id the flasher read from the
// ELF. Also the failures a bench sees first: a server that is not there.
//
// The gdbstub listens on a socket this test opens on 127.0.0.1, port 0 (the
// kernel picks a free one), and hands to QEMU (-chardev socket,fd=N): no
// port is guessed, none can be taken by another program between choosing
// and listening, and GDB's connection waits in the backlog until QEMU runs.
// TCP_NODELAY on it (inherited by the accepted connection) keeps GDB's
// small packets from waiting for delayed ACKs: the load takes 0.3 s, not 4.
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "rig/hardware/child_process.h"
#include "rig/hardware/firmware_image.h"
#include "tests/reports/firmware_in_results.h"
#include "tests/rig/hardware/hardware_fixture.h"
#include "tests/rig/hardware/temp_dir.h"

namespace lockrig::hardware {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Each test's own folder.
class TempDir : public hardware::testing::TempDir {
 public:
  explicit TempDir(const std::string& name)
      : hardware::testing::TempDir("lockrig-flash-qemu", name) {}
};

std::string ReadWhole(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool OnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (access((fs::path(dir) / program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

// A TCP socket on 127.0.0.1 with a port the kernel chose; listening or not.
class LocalSocket {
 public:
  explicit LocalSocket(bool listening) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    const int on = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
        (listening && listen(fd_, 1) != 0)) {
      close(fd_);
      throw std::runtime_error("cannot bind a local socket");
    }
    port_ = ntohs(address.sin_port);
  }
  ~LocalSocket() { Close(); }
  LocalSocket(const LocalSocket&) = delete;
  LocalSocket& operator=(const LocalSocket&) = delete;
  int fd() const { return fd_; }
  int port() const { return port_; }
  void Close() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// qemu-system-arm as the lock's board, stopped at reset with no image, its
// gdbstub on a fresh local port and UART0 into a file. Ended (SIGTERM, then
// SIGKILL) and reaped when it goes out of scope.
class QemuBoard {
 public:
  explicit QemuBoard(const fs::path& dir) : uart_(dir / "uart.txt") {
    std::ofstream(uart_).flush();
    LocalSocket gdb_socket(true);
    port_ = gdb_socket.port();
    const std::string gdb_chardev =
        "socket,id=gdb0,fd=" + std::to_string(gdb_socket.fd()) + ",server=on,wait=off";
    const std::string serial = "file:" + uart_.string();
    const std::string log = (dir / "qemu.log").string();
    std::vector<std::string> argv{
        LOCKFW_QEMU, "-M",       "mps2-an386", "-S",   "-display",     "none",    "-monitor",
        "none",      "-chardev", gdb_chardev,  "-gdb", "chardev:gdb0", "-serial", serial};
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      // QEMU inherits the listening socket (and nothing else of ours).
      fcntl(gdb_socket.fd(), F_SETFD, 0);
      const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (out >= 0) {
        dup2(out, STDOUT_FILENO);
        dup2(out, STDERR_FILENO);
      }
      execv(args[0], args.data());
      _exit(127);
    }
  }
  ~QemuBoard() {
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 200; ++i) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  }
  QemuBoard(const QemuBoard&) = delete;
  QemuBoard& operator=(const QemuBoard&) = delete;

  int port() const { return port_; }
  std::string Uart() const { return ReadWhole(uart_); }
  // The UART's text once it holds a full line, or what it holds at `timeout`.
  std::string WaitForUartLine(std::chrono::milliseconds timeout) const {
    const auto until = Clock::now() + timeout;
    std::string text = Uart();
    while (text.find('\n') == std::string::npos && Clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      text = Uart();
    }
    return text;
  }

 private:
  fs::path uart_;
  int port_ = 0;
  pid_t pid_ = -1;
};

std::string RigFile(const fs::path& dir, int port, const std::string& camera) {
  const fs::path rig = dir / "rig.yaml";
  std::ofstream(rig) << testing::RigYaml(camera, testing::RegionsCalibration())
                     << "flash:\n  probe: qemu\n  server: 127.0.0.1:" << port
                     << "\n  gdb: gdb-multiarch\n";
  return rig.string();
}

// A camera that is never opened: `lockrig flash` needs none.
const std::string kUnusedCamera = "  device: /dev/video-unused\n";

class FlashQemu : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!OnPath("gdb-multiarch")) {
      GTEST_SKIP() << "gdb-multiarch is not installed (Debian package gdb-multiarch; "
                      "./setup.sh installs it)";
    }
  }
  const std::string image_ = LOCKFW_ARM_ELF;
};

ChildRun Lockrig(const std::vector<std::string>& args,
                 std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
  std::vector<std::string> argv{LOCKRIG_EXE};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunChild(argv, timeout);
}

TEST_F(FlashQemu, FlashedImageBootsAndPrintsTheBuildIdReadFromTheElf) {
  const TempDir temp("boots");
  const fs::path& dir = temp.path();
  const std::string build_id = ReadFirmwareImage(image_).build_id;
  ASSERT_EQ(build_id, LOCKFW_ARM_BUILD_ID);
  QemuBoard board(dir);
  const std::string rig = RigFile(dir, board.port(), kUnusedCamera);

  // No --image: the image this build made.
  const auto flash = Lockrig({"flash", "--rig", rig});
  ASSERT_EQ(flash.end, ChildRun::End::kExited);
  ASSERT_EQ(flash.exit_code, 0) << flash.output;
  EXPECT_NE(flash.output.find("flashed " + build_id + " (" + image_ +
                              ") through qemu at 127.0.0.1:" + std::to_string(board.port()) +
                              ": loaded, verified, reset"),
            std::string::npos)
      << flash.output;
  std::printf("lockrig flash into QEMU took %lld ms\n", static_cast<long long>(flash.took.count()));

  // Nothing ran before the flasher put the image there: the UART's first
  // line is the flashed image's boot line.
  const std::string uart = board.WaitForUartLine(std::chrono::seconds(10));
  EXPECT_EQ(uart.substr(0, uart.find('\r')), build_id + " profile smartcode") << uart;
}

TEST_F(FlashQemu, RunWithFlashNamesTheFlashedBuildInEveryResultFile) {
  const TempDir temp("run");
  const fs::path& dir = temp.path();
  const std::string build_id = ReadFirmwareImage(image_).build_id;
  QemuBoard board(dir);
  const std::string rig =
      RigFile(dir, board.port(), testing::ReplayCamera(testing::SimRecording()));
  const fs::path scenario = dir / "short_wait.yaml";
  std::ofstream(scenario) << "scenario: a short wait on the flashed lock\nprofile: smartcode\n"
                             "steps:\n  - wait: 300ms\n";
  const fs::path out = dir / "out";

  const auto run = Lockrig({"run", scenario.string(), "--rig", rig, "--fake-gpio", "--flash",
                            "--image", image_, "--out", out.string()});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("flashed " + build_id), std::string::npos) << run.output;
  const auto firmware = reports::testing::ReadFirmwareInResults(out);
  EXPECT_EQ(firmware.junit, std::vector<std::string>{build_id});
  EXPECT_EQ(firmware.events, std::vector<std::string>{build_id});
  EXPECT_EQ(firmware.html, build_id);
  const std::string uart = board.WaitForUartLine(std::chrono::seconds(10));
  EXPECT_EQ(uart.substr(0, uart.find('\r')), build_id + " profile smartcode") << uart;
}

// A port with a socket bound but not listening: nothing can be there, and a
// connection is refused at once.
TEST_F(FlashQemu, ServerThatIsNotThereIsAClearErrorWithinSeconds) {
  const TempDir temp("refused");
  const fs::path& dir = temp.path();
  LocalSocket nobody(false);
  const std::string rig = RigFile(dir, nobody.port(), kUnusedCamera);
  const auto flash = Lockrig({"flash", "--rig", rig, "--image", image_}, std::chrono::seconds(20));
  EXPECT_EQ(flash.exit_code, 2) << flash.output;
  EXPECT_NE(
      flash.output.find("lockrig flash: flashing " + std::string(LOCKFW_ARM_BUILD_ID) +
                        " through qemu at 127.0.0.1:" + std::to_string(nobody.port()) +
                        ": cannot reach the GDB server 127.0.0.1:" + std::to_string(nobody.port())),
      std::string::npos)
      << flash.output;
  EXPECT_NE(flash.output.find("Connection refused"), std::string::npos) << flash.output;
  EXPECT_LT(flash.took, std::chrono::seconds(5));
}

// A server that accepts the connection and never answers (a hung OpenOCD)
// is ended at --timeout.
TEST_F(FlashQemu, SilentServerTimesOutAtTheDeadline) {
  const TempDir temp("silent");
  const fs::path& dir = temp.path();
  LocalSocket silent(true);  // listening, never accepting: the kernel completes the handshake
  const std::string rig = RigFile(dir, silent.port(), kUnusedCamera);
  const auto flash = Lockrig({"flash", "--rig", rig, "--image", image_, "--timeout", "2"},
                             std::chrono::seconds(20));
  EXPECT_EQ(flash.exit_code, 2) << flash.output;
  EXPECT_NE(flash.output.find("timed out after 2.0 s at step 'connect'"), std::string::npos)
      << flash.output;
  EXPECT_LT(flash.took, std::chrono::seconds(5));
}

// Ctrl-C ends GDB as well as lockrig: GDB's end of the connection closes.
TEST_F(FlashQemu, CtrlCEndsGdbAndLockrig) {
  const TempDir temp("ctrl-c");
  const fs::path& dir = temp.path();
  LocalSocket silent(true);
  const std::string rig = RigFile(dir, silent.port(), kUnusedCamera);
  const std::string log = (dir / "lockrig.log").string();
  std::vector<std::string> argv{LOCKRIG_EXE, "flash", "--rig", rig, "--image", image_};
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
    execv(args[0], args.data());
    _exit(127);
  }
  // GDB has connected once the connection waits in the backlog.
  pollfd waiting{silent.fd(), POLLIN, 0};
  ASSERT_EQ(poll(&waiting, 1, 10000), 1) << "GDB never connected";
  kill(pid, SIGINT);
  const auto interrupted = Clock::now();
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0 &&
         Clock::now() - interrupted < std::chrono::seconds(5))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (waitpid(pid, &status, WNOHANG) == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    FAIL() << "lockrig did not end within 5 s of Ctrl-C";
  }
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(ReadWhole(log).find("interrupted at step 'connect'"), std::string::npos)
      << ReadWhole(log);
  // What GDB sent, then end of file: its process is gone.
  const int connection = accept(silent.fd(), nullptr, nullptr);
  ASSERT_GE(connection, 0);
  bool closed = false;
  const auto until = Clock::now() + std::chrono::seconds(3);
  while (!closed && Clock::now() < until) {
    pollfd p{connection, POLLIN, 0};
    if (poll(&p, 1, 100) != 1) continue;
    char buffer[512];
    closed = read(connection, buffer, sizeof buffer) <= 0;
  }
  close(connection);
  EXPECT_TRUE(closed) << "GDB still holds its connection after lockrig ended";
}

// Flashing comes before the bench requests any line: when it fails, the
// run ends with exit 2 and every scenario an error that says why, and the
// GPIO chip (libgpiod, not the fake: none exists on a build machine) was
// never opened.
TEST_F(FlashQemu, RunWhoseFlashingFailsActuatesNothing) {
  const TempDir temp("run-refused");
  const fs::path& dir = temp.path();
  LocalSocket nobody(false);
  const std::string rig = RigFile(dir, nobody.port(), kUnusedCamera);
  const fs::path scenario = dir / "press.yaml";
  std::ofstream(scenario) << "scenario: presses the lock button\nprofile: smartcode\n"
                             "steps:\n  - press: lock\n";
  const fs::path out = dir / "out";
  const auto run = Lockrig({"run", scenario.string(), "--rig", rig, "--flash", "--image", image_,
                            "--out", out.string()});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("lockrig run: flashing"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("gpiochip"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("video-unused"), std::string::npos) << run.output;
  const std::string junit = ReadWhole(out / "junit.xml");
  EXPECT_NE(
      junit.find("not run: flashing the lock failed: flashing " + std::string(LOCKFW_ARM_BUILD_ID)),
      std::string::npos)
      << junit;
  const auto firmware = reports::testing::ReadFirmwareInResults(out);
  EXPECT_TRUE(firmware.events.empty());  // no scenario started
  EXPECT_EQ(firmware.junit, std::vector<std::string>{"none: flashing failed"});
}

}  // namespace
}  // namespace lockrig::hardware
