// TestEnv: an Env for unit tests, all in memory and on virtual time.
//
// The file system is a fault-injecting MemFileSystem, the clock a ManualClock, the
// scheduler a ManualScheduler (nothing runs until the test says so) and randomness is
// seeded. CAIRN_TEST_SEED overrides the seed; a failing test prints its seed.
#pragma once

#include <cstdint>
#include <string>

#include "common/env/env.h"
#include "common/env/mem_file_system.h"

namespace cairn::testing {

class TestEnv {
 public:
  explicit TestEnv(uint64_t seed = 0);

  const Env& env() const { return env_; }
  MemFileSystem& fs() { return fs_; }
  ManualClock& clock() { return clock_; }
  ManualScheduler& scheduler() { return scheduler_; }
  FailPoints& failpoints() { return failpoints_; }
  RandomSource& random() { return random_; }
  uint64_t seed() const { return seed_; }

 private:
  uint64_t seed_;
  MemFileSystem fs_;
  ManualClock clock_;
  RandomSource random_;
  ManualScheduler scheduler_;
  FailPoints failpoints_;
  Env env_;
};

// A fresh directory under the system temp dir, removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace cairn::testing
