// A fresh directory for one test, removed with everything in it when the
// test ends (also when an assertion returns early).
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace lockrig::hardware::testing {

class TempDir {
 public:
  // /tmp/<prefix>-<name>-<pid>, emptied if a crashed run left it behind.
  TempDir(const std::string& prefix, const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              (prefix + "-" + name + "-" + std::to_string(getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace lockrig::hardware::testing
