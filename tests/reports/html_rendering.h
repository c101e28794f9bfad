// report.html as a browser shows it: headless Chromium's DOM after
// rendering, and a screenshot summarised (how many colours, whether the
// verdict red and green appear), so tests check what a person would see.
#pragma once

#include <optional>
#include <string>

namespace lockrig::reports::testing {

std::optional<std::string> FindChromium();

struct RenderedPage {
  bool ok = false;
  std::string error;  // what Chromium said when it failed
  std::string text;   // the serialised DOM
};
RenderedPage RenderedDom(const std::string& chromium, const std::string& html_path);

struct PageShot {
  bool ok = false;
  std::string error;
  int distinct_colours = 0;  // coarse (4 bits a channel) colours in the image
  bool has_verdict_red = false;
  bool has_verdict_green = false;
};
PageShot Screenshot(const std::string& chromium, const std::string& html_path,
                    const std::string& png_path);

}  // namespace lockrig::reports::testing
