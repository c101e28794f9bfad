#include "rig/hardware/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace lockrig::hardware {

namespace {

using Clock = std::chrono::steady_clock;

class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  ~UniqueFd() { Reset(); }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  int get() const { return fd_; }
  void Reset() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

struct Pipe {
  UniqueFd read, write;
};

Pipe MakePipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + strerror(errno));
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// The started child until it is reaped: on every path out of RunChild,
// including exceptions, the process group is killed and the child waited
// for, so no helper outlives the call.
class ChildGuard {
 public:
  explicit ChildGuard(pid_t pid) : pid_(pid) {}
  ~ChildGuard() {
    if (pid_ > 0) {
      kill(-pid_, SIGKILL);
      int status = 0;
      while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }
  ChildGuard(const ChildGuard&) = delete;
  ChildGuard& operator=(const ChildGuard&) = delete;

  // Waits for the child; `grace` after SIGTERM, then SIGKILL.
  int Reap(bool terminate, std::chrono::milliseconds grace) {
    int status = 0;
    if (terminate) {
      kill(-pid_, SIGTERM);
      const auto until = Clock::now() + grace;
      while (Clock::now() < until) {
        const pid_t r = waitpid(pid_, &status, WNOHANG);
        if (r == pid_) {
          pid_ = -1;
          return status;
        }
        usleep(10000);
      }
      kill(-pid_, SIGKILL);
    }
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_;
};

}  // namespace

ChildRun RunChild(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                  const std::atomic<bool>* stop) {
  if (argv.empty()) throw std::invalid_argument("RunChild: no program");
  // Built before fork: the child only calls async-signal-safe functions.
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  Pipe output = MakePipe();
  Pipe exec_status = MakePipe();  // the child's errno if exec fails; EOF when it succeeds
  const auto started = Clock::now();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + strerror(errno));
  if (pid == 0) {
    setpgid(0, 0);
    const int null_in = open("/dev/null", O_RDONLY);
    if (null_in >= 0) dup2(null_in, STDIN_FILENO);
    dup2(output.write.get(), STDOUT_FILENO);
    dup2(output.write.get(), STDERR_FILENO);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    execvp(args[0], args.data());
    const int error = errno;
    (void)!write(exec_status.write.get(), &error, sizeof error);
    _exit(127);
  }
  ChildGuard child(pid);
  setpgid(pid, pid);  // also here, so the group exists before any kill(-pid)
  output.write.Reset();
  exec_status.write.Reset();

  int exec_errno = 0;
  ssize_t n = 0;
  while ((n = read(exec_status.read.get(), &exec_errno, sizeof exec_errno)) < 0 && errno == EINTR) {
  }
  if (n == static_cast<ssize_t>(sizeof exec_errno)) {
    child.Reap(false, {});
    throw std::runtime_error("cannot run " + argv[0] + ": " + strerror(exec_errno));
  }

  ChildRun run;
  const auto deadline = started + timeout;
  bool open = true;
  while (open) {
    if (stop && stop->load()) {
      run.end = ChildRun::End::kStopped;
      break;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      run.end = ChildRun::End::kTimedOut;
      break;
    }
    pollfd p{output.read.get(), POLLIN, 0};
    // Short polls so that the stop flag is seen promptly.
    const int ready = poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 100)));
    if (ready < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("poll: ") + strerror(errno));
    }
    if (ready == 0) continue;
    char buffer[4096];
    const ssize_t got = read(output.read.get(), buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("read: ") + strerror(errno));
    }
    if (got == 0) {
      open = false;
    } else {
      run.output.append(buffer, static_cast<std::size_t>(got));
    }
  }
  const bool ended_early = open;
  const int status = child.Reap(ended_early, std::chrono::milliseconds(500));
  // What it wrote before it was ended is still in the pipe.
  while (ended_early) {
    pollfd p{output.read.get(), POLLIN, 0};
    if (poll(&p, 1, 0) != 1) break;
    char buffer[4096];
    const ssize_t got = read(output.read.get(), buffer, sizeof buffer);
    if (got <= 0) break;
    run.output.append(buffer, static_cast<std::size_t>(got));
  }
  run.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  if (!ended_early) {
    if (WIFEXITED(status)) {
      run.end = ChildRun::End::kExited;
      run.exit_code = WEXITSTATUS(status);
    } else {
      run.end = ChildRun::End::kSignalled;
      run.exit_code = WIFSIGNALED(status) ? WTERMSIG(status) : -1;
    }
  }
  return run;
}

}  // namespace lockrig::hardware
