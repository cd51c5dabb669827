#include "common/logging.h"

namespace cairn {

std::string_view log_level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "DEBUG";
    case LogLevel::kInfo: return "INFO";
    case LogLevel::kWarn: return "WARN";
    case LogLevel::kError: return "ERROR";
  }
  return "?";
}

void Logger::write(LogLevel level, const std::string& line) {
  std::lock_guard<std::mutex> lock(mu_);
  if (level >= LogLevel::kWarn) ++warnings_;
  if (sink_ == nullptr) return;
  fmt::print(sink_, "{} {}\n", log_level_name(level), line);
  std::fflush(sink_);
}

}  // namespace cairn
