// FailPoints: named places in production code where a test can make Cairn fail, or
// kill the process, to prove the recovery path (STYLE.md point 13).
//
// Code calls `CAIRN_RETURN_IF_ERROR(env.failpoints->check("commitlog.before_sync"))`.
// Nothing is armed in production, and check() then costs one relaxed atomic load.
// Tests (and crash tests via the CAIRN_FAILPOINTS environment variable, read by the
// tools) arm a point to return an error or to kill the process with SIGKILL.
//
// Thread safety: all methods may be called concurrently.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>

#include "common/status.h"

namespace cairn {

class FailPoints {
 public:
  enum class Action { kError, kKill };

  // Arms `name`: it triggers on its `skip`+1-th hit and then `count` times in all
  // (count < 0: every hit after the skipped ones).
  void arm(const std::string& name, Action action, int skip = 0, int count = 1);
  void disarm_all();
  // Arms points from a spec like "commitlog.before_sync=kill@3,sstable.write=error".
  // (`@N` skips N hits first.) Returns InvalidArgument naming a malformed entry.
  Status arm_from_spec(const std::string& spec);

  Status check(const char* name) {
    if (!any_armed_.load(std::memory_order_relaxed)) return Status::ok();
    return check_slow(name);
  }

 private:
  struct Point {
    Action action;
    int skip;
    int count;
  };
  Status check_slow(const char* name);

  std::atomic<bool> any_armed_{false};
  std::mutex mu_;
  std::map<std::string, Point> points_;
};

}  // namespace cairn
