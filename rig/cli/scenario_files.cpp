#include "rig/cli/scenario_files.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace lockrig::cli {

namespace {
bool IsYaml(const fs::path& p) {
  return p.extension() == ".yaml" || p.extension() == ".yml";
}

// A macro library is a `lib/` folder holding YAML files (not just any `lib`,
// such as /usr/lib).
bool IsMacroLibrary(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return false;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && IsYaml(entry.path())) return true;
  }
  return false;
}
}  // namespace

std::vector<std::string> FindScenarioFiles(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    const fs::path p(path);
    if (fs::is_regular_file(p)) {
      files.push_back(p.lexically_normal().string());
    } else if (fs::is_directory(p)) {
      for (auto it = fs::recursive_directory_iterator(p); it != fs::recursive_directory_iterator();
           ++it) {
        if (it->is_directory() && it->path().filename() == "lib") {
          it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file() && IsYaml(it->path())) {
          files.push_back(it->path().lexically_normal().string());
        }
      }
    } else {
      throw std::runtime_error(path + ": no such file or folder");
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

std::string MacroDirFor(const std::string& scenario_file, const std::string& fallback) {
  fs::path dir = fs::absolute(scenario_file).parent_path();
  for (; !dir.empty(); dir = dir.parent_path()) {
    if (IsMacroLibrary(dir / "lib")) return (dir / "lib").string();
    if (dir == dir.root_path()) break;
  }
  return fallback;
}

}  // namespace lockrig::cli
