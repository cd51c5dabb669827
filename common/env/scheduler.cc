#include "common/env/scheduler.h"

#include "common/env/clock.h"

namespace cairn {

ThreadScheduler::ThreadScheduler(Clock* clock, int threads) : clock_(clock) {
  for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { run_worker(); });
}

ThreadScheduler::~ThreadScheduler() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
}

void ThreadScheduler::post(Task task) { post_after(std::chrono::nanoseconds(0), std::move(task)); }

void ThreadScheduler::post_after(std::chrono::nanoseconds delay, Task task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    queue_.emplace(clock_->monotonic_nanos() + delay.count(), std::move(task));
  }
  cv_.notify_one();
}

void ThreadScheduler::run_worker() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (queue_.empty()) {
      cv_.wait(lock);
      continue;
    }
    int64_t due = queue_.begin()->first;
    int64_t now = clock_->monotonic_nanos();
    if (due > now) {
      cv_.wait_for(lock, std::chrono::nanoseconds(due - now));
      continue;
    }
    Task task = std::move(queue_.begin()->second);
    queue_.erase(queue_.begin());
    lock.unlock();
    task();
    lock.lock();
  }
}

void ManualScheduler::post(Task task) { post_after(std::chrono::nanoseconds(0), std::move(task)); }

void ManualScheduler::post_after(std::chrono::nanoseconds delay, Task task) {
  std::lock_guard<std::mutex> lock(mu_);
  queue_.emplace(clock_->monotonic_nanos() + delay.count(), std::move(task));
}

int ManualScheduler::run_until_idle() {
  int ran = 0;
  for (;;) {
    Task task;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (queue_.empty() || queue_.begin()->first > clock_->monotonic_nanos()) return ran;
      task = std::move(queue_.begin()->second);
      queue_.erase(queue_.begin());
    }
    task();
    ++ran;
  }
}

int ManualScheduler::run_for(std::chrono::nanoseconds duration) {
  const int64_t end = clock_->monotonic_nanos() + duration.count();
  int ran = run_until_idle();
  for (;;) {
    int64_t next;
    {
      std::lock_guard<std::mutex> lock(mu_);
      next = queue_.empty() ? end : std::min(end, queue_.begin()->first);
    }
    int64_t now = clock_->monotonic_nanos();
    if (next > now) clock_->sleep_for(std::chrono::nanoseconds(next - now));
    ran += run_until_idle();
    if (clock_->monotonic_nanos() >= end) return ran;
  }
}

size_t ManualScheduler::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

}  // namespace cairn
