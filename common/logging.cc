#include "common/logging.h"

#include <chrono>
#include <ctime>

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
  std::string stamp;
  if (timestamps_) {
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                            now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    stamp = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z ", tm.tm_year + 1900,
                        tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  }
  for (std::FILE* sink : {sink_, file_sink_}) {
    if (sink == nullptr) continue;
    fmt::print(sink, "{}{} {}\n", stamp, log_level_name(level), line);
    std::fflush(sink);
  }
}

}  // namespace cairn
