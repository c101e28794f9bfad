#include "tests/reports/html_rendering.h"

#include <filesystem>
#include <set>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "tests/reports/external_tool.h"

namespace lockrig::reports::testing {

namespace fs = std::filesystem;

namespace {

// A fresh profile and nothing that reaches the network: the report must
// render from the file alone.
std::vector<std::string> ChromiumArgs(const std::string& chromium, const std::string& profile) {
  return {chromium,
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--hide-scrollbars",
          "--user-data-dir=" + profile};
}

std::string FileUrl(const std::string& path) {
  return "file://" + fs::absolute(path).string();
}

// Within a few steps of the report's verdict colours (CSS #c62828, #2e7d32).
bool Near(const cv::Vec3b& bgr, int r, int g, int b) {
  return std::abs(bgr[2] - r) < 24 && std::abs(bgr[1] - g) < 24 && std::abs(bgr[0] - b) < 24;
}

}  // namespace

std::optional<std::string> FindChromium() {
  return FindTool({"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"});
}

RenderedPage RenderedDom(const std::string& chromium, const std::string& html_path) {
  const std::string profile = FreshTempDir("lockrig-chromium");
  auto args = ChromiumArgs(chromium, profile);
  args.push_back("--dump-dom");
  args.push_back(FileUrl(html_path));
  const ToolRun run = RunTool(args, 120);
  std::error_code ignored;
  fs::remove_all(profile, ignored);
  RenderedPage page;
  page.ok = run.exit_code == 0 && run.out.find("</html>") != std::string::npos;
  page.error = "exit " + std::to_string(run.exit_code) + ": " + run.err;
  page.text = run.out;
  return page;
}

PageShot Screenshot(const std::string& chromium, const std::string& html_path,
                    const std::string& png_path) {
  const std::string profile = FreshTempDir("lockrig-chromium");
  auto args = ChromiumArgs(chromium, profile);
  args.push_back("--window-size=1200,2000");
  args.push_back("--screenshot=" + png_path);
  args.push_back(FileUrl(html_path));
  const ToolRun run = RunTool(args, 120);
  std::error_code ignored;
  fs::remove_all(profile, ignored);
  PageShot shot;
  const cv::Mat image = cv::imread(png_path, cv::IMREAD_COLOR);
  if (run.exit_code != 0 || image.empty()) {
    shot.error =
        "exit " + std::to_string(run.exit_code) + ", no readable " + png_path + ": " + run.err;
    return shot;
  }
  shot.ok = true;
  std::set<int> colours;
  int red = 0, green = 0;
  for (int y = 0; y < image.rows; ++y) {
    for (int x = 0; x < image.cols; ++x) {
      const cv::Vec3b p = image.at<cv::Vec3b>(y, x);
      colours.insert((p[0] >> 4) << 8 | (p[1] >> 4) << 4 | (p[2] >> 4));
      red += Near(p, 0xc6, 0x28, 0x28);
      green += Near(p, 0x2e, 0x7d, 0x32);
    }
  }
  shot.distinct_colours = static_cast<int>(colours.size());
  // A badge is some hundreds of pixels; a few stray anti-aliased ones are not.
  shot.has_verdict_red = red > 50;
  shot.has_verdict_green = green > 50;
  return shot;
}

}  // namespace lockrig::reports::testing
