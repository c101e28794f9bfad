#include "tests/reports/external_tool.h"

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace lockrig::reports::testing {

namespace fs = std::filesystem;

std::optional<std::string> FindTool(const std::vector<std::string>& names) {
  const char* path = std::getenv("PATH");
  if (!path) return std::nullopt;
  for (const auto& name : names) {
    std::istringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      const fs::path candidate = fs::path(dir.empty() ? "." : dir) / name;
      std::error_code ec;
      if (fs::is_regular_file(candidate, ec) &&
          (fs::status(candidate, ec).permissions() & fs::perms::owner_exec) != fs::perms::none) {
        return candidate.string();
      }
    }
  }
  return std::nullopt;
}

namespace {
// Single quotes keep every byte literal to /bin/sh.
std::string ShellQuote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
}  // namespace

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string FreshTempDir(const std::string& prefix) {
  std::string pattern = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
  return pattern;
}

ToolRun RunTool(const std::vector<std::string>& argv, int seconds) {
  const std::string dir = FreshTempDir("lockrig-tool");
  const std::string out = dir + "/stdout", err = dir + "/stderr";
  std::string command = "timeout -k 5 " + std::to_string(seconds);
  for (const auto& a : argv) command += " " + ShellQuote(a);
  command += " >" + ShellQuote(out) + " 2>" + ShellQuote(err) + " </dev/null";
  const int status = std::system(command.c_str());
  ToolRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = Slurp(out);
  run.err = Slurp(err);
  std::error_code ignored;
  fs::remove_all(dir, ignored);
  return run;
}

}  // namespace lockrig::reports::testing
