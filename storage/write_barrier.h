// WriteBarrier: lets a memtable switch wait until every write in flight has finished.
//
// A write holds the barrier from before its commitlog append until its memtable
// apply. A switch blocks new writes, waits for those in flight, then records the
// commitlog position as the old memtable's upper bound: every record before that
// position is then in the old memtable (or an older one), which is what makes it safe
// to delete commitlog segments once the old memtable is flushed.
//
// Switches are preferred over new writes so a steady stream of writers cannot starve
// a flush. Thread safety: all methods may be called concurrently.
#pragma once

#include <condition_variable>
#include <mutex>

namespace cairn {

class WriteBarrier {
 public:
  void enter_write() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return switching_ == 0; });
    ++writers_;
  }
  void exit_write() {
    std::lock_guard<std::mutex> lock(mu_);
    if (--writers_ == 0) cv_.notify_all();
  }
  void enter_switch() {
    std::unique_lock<std::mutex> lock(mu_);
    ++switching_;
    cv_.wait(lock, [&] { return writers_ == 0 && !switch_active_; });
    switch_active_ = true;
  }
  void exit_switch() {
    std::lock_guard<std::mutex> lock(mu_);
    --switching_;
    switch_active_ = false;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int writers_ = 0;
  int switching_ = 0;
  bool switch_active_ = false;
};

// Holds the write side of a barrier for a scope.
class WriteGuard {
 public:
  explicit WriteGuard(WriteBarrier& b) : b_(b) { b_.enter_write(); }
  ~WriteGuard() { b_.exit_write(); }
  WriteGuard(const WriteGuard&) = delete;
  WriteGuard& operator=(const WriteGuard&) = delete;

 private:
  WriteBarrier& b_;
};

// Holds the switch side of a barrier for a scope.
class SwitchGuard {
 public:
  explicit SwitchGuard(WriteBarrier& b) : b_(b) { b_.enter_switch(); }
  ~SwitchGuard() { b_.exit_switch(); }
  SwitchGuard(const SwitchGuard&) = delete;
  SwitchGuard& operator=(const SwitchGuard&) = delete;

 private:
  WriteBarrier& b_;
};

}  // namespace cairn
