// Logging with levels, to stderr and optionally a file. A Logger is an object passed
// to whoever logs (no global logger), formatted with fmt.
//
// Thread safety: log() may be called concurrently; lines are never interleaved.
#pragma once

#include <fmt/format.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace cairn {

enum class LogLevel { kDebug = 0, kInfo, kWarn, kError };

std::string_view log_level_name(LogLevel level);

class Logger {
 public:
  explicit Logger(LogLevel min_level = LogLevel::kInfo, std::FILE* sink = stderr)
      : min_level_(min_level), sink_(sink) {}

  // May be called while other threads log (setlogginglevel at runtime).
  void set_level(LogLevel level) { min_level_.store(level, std::memory_order_relaxed); }
  LogLevel level() const { return min_level_.load(std::memory_order_relaxed); }
  // Also writes every line to `file` (e.g. the node's log file), which must outlive
  // the logger. Lines then start with a UTC timestamp, as a daemon's log should.
  void add_file_sink(std::FILE* file) {
    std::lock_guard<std::mutex> lock(mu_);
    file_sink_ = file;
    timestamps_ = true;
  }
  bool enabled(LogLevel level) const { return level >= this->level(); }

  template <typename... Args>
  void log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) {
    if (!enabled(level)) return;
    write(level, fmt::format(format, std::forward<Args>(args)...));
  }
  template <typename... Args>
  void info(fmt::format_string<Args...> format, Args&&... args) {
    log(LogLevel::kInfo, format, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void warn(fmt::format_string<Args...> format, Args&&... args) {
    log(LogLevel::kWarn, format, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void error(fmt::format_string<Args...> format, Args&&... args) {
    log(LogLevel::kError, format, std::forward<Args>(args)...);
  }

  // Lines written so far at kWarn or above; lets tests see that a problem was reported.
  int warnings() const { return warnings_; }

 private:
  void write(LogLevel level, const std::string& line);

  std::atomic<LogLevel> min_level_;
  std::FILE* sink_;
  std::FILE* file_sink_ = nullptr;
  bool timestamps_ = false;
  std::mutex mu_;
  int warnings_ = 0;
};

}  // namespace cairn
