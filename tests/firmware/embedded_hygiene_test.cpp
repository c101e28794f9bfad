// Embedded hygiene of the portable firmware, checked on its sources: the
// core and the store use no heap, exceptions, RTTI, floating point, OS or
// host-library facilities (architecture.md "Firmware is embedded code";
// issue 4 item 6). The compiler flags (-fno-exceptions -fno-rtti, and the
// Cortex-M link with no malloc) catch most of it; this catches the rest
// (a float in a hot path, a std::vector that happens to link on the host)
// with a message naming the file and line.
//
// Host-only: it reads the sources from the paths CMake passes in.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> Split(const std::string& joined, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(joined);
  while (std::getline(in, part, sep)) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

// The source with comments and string/char literals blanked (newlines
// kept, so line numbers stay right).
std::string CodeOnly(const std::string& src) {
  std::string out = src;
  enum { kCode, kLine, kBlock, kString, kChar } state = kCode;
  for (size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    const char next = i + 1 < out.size() ? out[i + 1] : '\0';
    switch (state) {
      case kCode:
        if (c == '/' && next == '/')
          state = kLine;
        else if (c == '/' && next == '*')
          state = kBlock;
        else if (c == '"')
          state = kString;
        else if (c == '\'')
          state = kChar;
        else
          continue;
        if (state == kLine || state == kBlock) out[i] = ' ';
        continue;
      case kLine:
        if (c == '\n')
          state = kCode;
        else
          out[i] = ' ';
        continue;
      case kBlock:
        if (c == '*' && next == '/') {
          out[i] = out[i + 1] = ' ';
          ++i;
          state = kCode;
        } else if (c != '\n') {
          out[i] = ' ';
        }
        continue;
      case kString:
      case kChar:
        if (c == '\\') {
          out[i] = ' ';
          if (i + 1 < out.size()) out[++i] = ' ';
        } else if ((state == kString && c == '"') || (state == kChar && c == '\'')) {
          state = kCode;
        } else if (c != '\n') {
          out[i] = ' ';
        }
        continue;
    }
  }
  return out;
}

struct Rule {
  const char* what;
  const char* pattern;
};

const Rule kRules[] = {
    {"heap allocation", R"(\bnew\b|\bmalloc\b|\bcalloc\b|\brealloc\b|\bfree\s*\()"},
    {"exceptions", R"(\bthrow\b|\btry\b|\bcatch\b)"},
    {"RTTI", R"(\bdynamic_cast\b|\btypeid\b)"},
    {"floating point", R"(\bfloat\b|\bdouble\b|[0-9]\.[0-9]+f?\b)"},
    {"host library container or callable",
     R"(std::(vector|string|map|unordered_map|set|list|deque|function|shared_ptr|unique_ptr|optional)\b)"},
    {"host or OS header",
     R"(#\s*include\s*<(chrono|iostream|fstream|sstream|thread|mutex|vector|string|map|set|functional|memory|cstdio|stdio\.h|cstdlib|stdlib\.h|unistd\.h|time\.h|ctime)>)"},
    {"OS or stdio call",
     R"(\b(printf|puts|fopen|sleep|usleep|clock_gettime|gettimeofday|abort|exit)\s*\()"},
};

TEST(EmbeddedHygiene, CoreAndStoreUseNoHeapExceptionsRttiFloatsOrOsCalls) {
  const std::vector<std::string> sources = Split(LOCKFW_PORTABLE_SOURCES, '|');
  ASSERT_GE(sources.size(), 10u) << "firmware core/store sources not passed in";
  for (const std::string& path : sources) {
    std::ifstream in(path);
    ASSERT_TRUE(in) << "cannot read " << path;
    std::ostringstream text;
    text << in.rdbuf();
    const std::string code = CodeOnly(text.str());
    for (const Rule& rule : kRules) {
      const std::regex re(rule.pattern);
      for (auto it = std::sregex_iterator(code.begin(), code.end(), re);
           it != std::sregex_iterator(); ++it) {
        const auto line = 1 + std::count(code.begin(), code.begin() + it->position(), '\n');
        ADD_FAILURE() << path << ":" << line << ": " << rule.what << " (`" << it->str() << "`)";
      }
    }
  }
}

TEST(EmbeddedHygiene, CheckerSeesThroughCommentsAndStrings) {
  const std::string code =
      CodeOnly("int a; // new float\n/* throw */ const char* s = \"double\";\n");
  EXPECT_EQ(code.find("new"), std::string::npos);
  EXPECT_EQ(code.find("throw"), std::string::npos);
  EXPECT_EQ(code.find("double"), std::string::npos);
  EXPECT_NE(code.find("int a;"), std::string::npos);
  EXPECT_EQ(std::count(code.begin(), code.end(), '\n'), 2);
}

}  // namespace
