// Clock: wall time for write timestamps and TTLs, monotonic time for intervals.
//
// SystemClock reads the operating system's clocks. ManualClock is set and advanced by
// tests; its sleep_for advances it instead of blocking, so code that sleeps runs on
// virtual time. Both are safe to use from several threads.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace cairn {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the Unix epoch: the unit of Cassandra write timestamps.
  virtual int64_t now_micros() = 0;
  // Nanoseconds since an arbitrary fixed point; never goes backwards.
  virtual int64_t monotonic_nanos() = 0;
  virtual void sleep_for(std::chrono::nanoseconds duration) = 0;

  // Seconds since the Unix epoch: the unit of TTLs and local deletion times.
  int32_t now_seconds() { return static_cast<int32_t>(now_micros() / 1'000'000); }
};

class SystemClock final : public Clock {
 public:
  int64_t now_micros() override;
  int64_t monotonic_nanos() override;
  void sleep_for(std::chrono::nanoseconds duration) override;
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_micros = 1'700'000'000'000'000) : micros_(start_micros) {}
  int64_t now_micros() override { return micros_.load(); }
  int64_t monotonic_nanos() override { return micros_.load() * 1000; }
  void sleep_for(std::chrono::nanoseconds duration) override { advance(duration); }

  void advance(std::chrono::nanoseconds duration) {
    micros_.fetch_add(std::chrono::duration_cast<std::chrono::microseconds>(duration).count());
  }
  void set_micros(int64_t micros) { micros_.store(micros); }

 private:
  std::atomic<int64_t> micros_;
};

}  // namespace cairn
