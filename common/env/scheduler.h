// Scheduler: runs tasks now or after a delay, off the caller's thread.
//
// ThreadScheduler runs them on its own worker threads, in order of due time.
// ManualScheduler runs nothing by itself: a test calls run_until_idle() or advances
// virtual time with run_for(), so background work (flushes, periodic syncs) happens
// at points the test chooses. Both are safe to use from several threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace cairn {

class Clock;

class Scheduler {
 public:
  using Task = std::function<void()>;
  virtual ~Scheduler() = default;
  virtual void post(Task task) = 0;
  virtual void post_after(std::chrono::nanoseconds delay, Task task) = 0;
};

class ThreadScheduler final : public Scheduler {
 public:
  // Starts `threads` workers. Tasks still queued at destruction are dropped; a task
  // that is running is waited for.
  ThreadScheduler(Clock* clock, int threads);
  ~ThreadScheduler() override;
  ThreadScheduler(const ThreadScheduler&) = delete;
  ThreadScheduler& operator=(const ThreadScheduler&) = delete;

  void post(Task task) override;
  void post_after(std::chrono::nanoseconds delay, Task task) override;

 private:
  void run_worker();

  Clock* clock_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::multimap<int64_t, Task> queue_;  // due monotonic time -> task
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

class ManualScheduler final : public Scheduler {
 public:
  explicit ManualScheduler(Clock* clock) : clock_(clock) {}

  void post(Task task) override;
  void post_after(std::chrono::nanoseconds delay, Task task) override;

  // Runs every task that is due now, including ones those tasks post; returns how many ran.
  int run_until_idle();
  // Advances the clock by `duration` (it must be a ManualClock or share virtual time
  // with one) in steps, running tasks as they fall due.
  int run_for(std::chrono::nanoseconds duration);
  size_t pending() const;

 private:
  Clock* clock_;
  mutable std::mutex mu_;
  std::multimap<int64_t, Task> queue_;
};

}  // namespace cairn
