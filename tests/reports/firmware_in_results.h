// Which firmware build a results folder says it judged, read the way its
// readers see it: the `firmware` properties of junit.xml (CI), the
// `firmware` of every scenario_start line of events.jsonl (tools) and the
// "firmware build" cell of report.html (people). Tests of both benches
// check that all three name the same build.
#pragma once

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace lockrig::reports::testing {

struct FirmwareInResults {
  std::vector<std::string> junit;   // one per test case
  std::vector<std::string> events;  // one per scenario_start
  std::string html;                 // the summary cell
};

inline std::string XmlUnescape(std::string text) {
  const std::pair<const char*, const char*> entities[] = {{"&lt;", "<"},    {"&gt;", ">"},
                                                          {"&quot;", "\""}, {"&apos;", "'"},
                                                          {"&#39;", "'"},   {"&amp;", "&"}};
  for (const auto& [entity, plain] : entities) {
    for (std::size_t at = text.find(entity); at != std::string::npos;
         at = text.find(entity, at + 1)) {
      text.replace(at, std::string(entity).size(), plain);
    }
  }
  return text;
}

inline std::string ReadWhole(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline FirmwareInResults ReadFirmwareInResults(const std::filesystem::path& dir) {
  FirmwareInResults found;
  const std::string junit = ReadWhole(dir / "junit.xml");
  const std::regex property("<property name=\"firmware\" value=\"([^\"]*)\"/>");
  for (auto it = std::sregex_iterator(junit.begin(), junit.end(), property);
       it != std::sregex_iterator(); ++it) {
    found.junit.push_back(XmlUnescape((*it)[1]));
  }
  std::ifstream events(dir / "events.jsonl");
  for (std::string line; std::getline(events, line);) {
    const auto j = nlohmann::json::parse(line);
    if (j.value("type", "") == "scenario_start") found.events.push_back(j.value("firmware", ""));
  }
  const std::string html = ReadWhole(dir / "report.html");
  std::smatch cell;
  if (std::regex_search(html, cell, std::regex("<td id=\"firmware\">([^<]*)</td>"))) {
    found.html = XmlUnescape(cell[1]);
  }
  return found;
}

}  // namespace lockrig::reports::testing
